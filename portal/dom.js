// Small DOM helpers. Every value reaches the page through textContent or setAttribute, never
// through innerHTML. Their words are the catalogue's (locales/<language>/kit.ftl).

import { formatDateTime, formatNumber, has, t } from "./i18n.js";

/** Creates an element: h("a", {href, class, testid, onclick}, ...children). */
export function h(tag, attrs, ...children) {
  const el = document.createElement(tag);
  for (const [key, value] of Object.entries(attrs ?? {})) {
    if (value === undefined || value === null || value === false) continue;
    if (key === "class") el.className = value;
    else if (key === "text") el.textContent = String(value);
    else if (key === "testid") el.setAttribute("data-testid", String(value));
    else if (key === "dataset") for (const [k, v] of Object.entries(value)) el.dataset[k] = String(v);
    else if (key.startsWith("on") && typeof value === "function") el.addEventListener(key.slice(2), value);
    else if (key === "value" && "value" in el) el.value = String(value);
    else if (key === "checked" && el instanceof HTMLInputElement) el.checked = Boolean(value);
    else if (value === true) el.setAttribute(key, "");
    else el.setAttribute(key, String(value));
  }
  append(el, children);
  return el;
}

export function append(parent, children) {
  for (const child of children.flat(Infinity)) {
    if (child === null || child === undefined || child === false) continue;
    parent.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return parent;
}

export function clear(el) {
  el.replaceChildren();
  return el;
}

let counter = 0;
/** A document-unique id. */
export const uid = (prefix = "id") => `${prefix}-${++counter}`;

/** Makes the first letter upper case. */
export const cap = (s) => (s ? String(s).charAt(0).toUpperCase() + String(s).slice(1) : "");

/** Only http(s) links are put on the page. */
export function safeUrl(url) {
  try {
    const u = new URL(String(url), window.location.href);
    return u.protocol === "https:" || u.protocol === "http:" ? u.href : null;
  } catch {
    return null;
  }
}

// ---- words for the API's values ----

/** The catalogue's word `<prefix>-<value>`, else the value itself in words ("some_thing" as "Some thing"). */
const word = (prefix, value) => {
  const id = `${prefix}-${value}`;
  return has(id) ? t(id) : cap(String(value ?? "").replace(/_/g, " "));
};

/** A licence type in words: "Node lock", "Multiseat", "Floating". */
export const typeLabel = (type) => word("ui-type", type);

/**
 * A number with its noun, as the catalogue writes it ("1 computer", "3 computers"; in French
 * "0 crédit", "2 crédits"): the noun names a message `ui-count-<noun>` (spaces as hyphens),
 * whose plural forms are the language's. A third argument (the English plural, once) is
 * ignored: the catalogue has the plural.
 */
export function count(n, one) {
  const v = Number(n);
  return t(`ui-count-${String(one).replace(/ /g, "-")}`, { count: Number.isFinite(v) ? v : 0, n: Number.isFinite(v) ? formatNumber(v) : String(n) });
}

/** What a licence's quantity counts: floating licences have seats, the others computers. */
export const unitOf = (type) => (type === "floating" ? "seat" : "computer");
/** "3 computers", "1 seat". */
export const units = (type, n) => count(n, unitOf(type));
/** "Computers" or "Seats", as a column or field label. */
export const unitsLabel = (type) => t(type === "floating" ? "ui-units-seat" : "ui-units-computer");

export const osLabel = (os) => (has(`ui-os-${os}`) ? t(`ui-os-${os}`) : String(os ?? ""));

/** "Admin" or "Member". */
export const roleLabel = (r) => word("ui-role", r);

/**
 * A status badge (pending / active / expired / invited / inactive...). `words` names the
 * catalogue's words for it: `ui-status` for a licence's or a bank's, `ui-person` for a
 * person's (French agrees the word with what it describes).
 */
export function badge(status, testid, words = "ui-status") {
  return h("span", { class: `badge badge-${String(status).replace(/[^a-z_]/g, "")}`, testid }, word(words, String(status ?? "")));
}

/** Credits with their sign: "+240", "−2", "0". */
export function signed(n) {
  const v = Number(n) || 0;
  if (v > 0) return `+${formatNumber(v)}`;
  if (v < 0) return `\u2212${formatNumber(Math.abs(v))}`;
  return formatNumber(0);
}

export const yesNo = (b) => t(b ? "ui-yes" : "ui-no");

/** YYYY-MM-DD of the later of the local and the UTC date: never "the past" for the API. */
export function todayIso() {
  const now = new Date();
  const pad = (n) => String(n).padStart(2, "0");
  const local = `${now.getFullYear()}-${pad(now.getMonth() + 1)}-${pad(now.getDate())}`;
  const utc = now.toISOString().slice(0, 10);
  return local > utc ? local : utc;
}

/** A timestamp of the API, in the reader's language and time zone ("1 Dec 2026, 14:05"). */
export function timeEl(at) {
  const text = String(at ?? "");
  return h("time", { datetime: text }, formatDateTime(text));
}

// ---- states ----

export function loading(text = t("loading")) {
  return h("p", { class: "loading", role: "status", testid: "loading" }, h("span", { class: "spinner", "aria-hidden": "true" }), text);
}

export function empty(text, testid) {
  return h("p", { class: "empty", testid }, text);
}

/** An error message in words, as an alert. */
export function errorBox(error, testid = "page-error") {
  const message = messageOf(error);
  return h("div", { class: "alert alert-error", role: "alert", testid }, h("p", null, message));
}

export function messageOf(error) {
  if (!error) return "";
  const raw = String(error.message || t("ui-something-wrong"));
  // "must be ..." reads as a sentence; "ana@example.com still holds ..." keeps its email as is.
  const text = raw.split(/\s/, 1)[0].includes("@") ? raw : cap(raw);
  return /[.!?]$/.test(text) ? text : text + ".";
}

/** A polite notice (success messages). */
export function notice(text, testid = "notice") {
  return h("div", { class: "alert alert-success", role: "status", testid }, h("p", null, text));
}

/** Runs `work` with `button` disabled and marked busy. */
export async function busy(button, work) {
  const buttons = Array.isArray(button) ? button : [button];
  // A disabled button loses keyboard focus to <body>: it gets it back when the work is done.
  const focused = buttons.find((b) => b && b === document.activeElement) ?? null;
  for (const b of buttons) {
    if (!b) continue;
    b.disabled = true;
    b.setAttribute("aria-busy", "true");
  }
  try {
    return await work();
  } finally {
    for (const b of buttons) {
      if (!b) continue;
      b.disabled = false;
      b.removeAttribute("aria-busy");
    }
    const lost = !document.activeElement || document.activeElement === document.body;
    if (focused && lost && focused.isConnected) focused.focus();
  }
}

// ---- forms ----

/** A labelled field: {label, input, hint?} -> wrapper div with label, hint and error slot. */
export function field({ label, input, hint, testid }) {
  const id = input.id || (input.id = uid("f"));
  const describedBy = [];
  let hintEl = null;
  if (hint) {
    hintEl = h("p", { class: "hint", id: `${id}-hint` }, hint);
    describedBy.push(hintEl.id);
  }
  if (describedBy.length) input.setAttribute("aria-describedby", describedBy.join(" "));
  const labelEl = h("label", { for: id }, label);
  return h("div", { class: "field", testid }, labelEl, hintEl, input);
}

/** A checkbox with its label after it. */
export function checkbox({ label, input, hint }) {
  const id = input.id || (input.id = uid("c"));
  let hintEl = null;
  if (hint) {
    hintEl = h("p", { class: "hint", id: `${id}-hint` }, hint);
    input.setAttribute("aria-describedby", hintEl.id);
  }
  return h("div", { class: "field field-check" }, input, h("label", { for: id }, label), hintEl);
}

/**
 * Error display for a form: show(error) puts the message next to the field the API named
 * (`field`), or in the form's alert area; clear() removes them.
 */
export function formErrors(form, { labels = {}, aliases = {}, testid = "form-error" } = {}) {
  let area = form.querySelector(":scope [data-form-error]");
  if (!area) {
    area = h("div", { class: "form-error", "data-form-error": "", testid, role: "alert", hidden: true });
    form.prepend(area);
  }
  const api = {
    area,
    clear() {
      area.hidden = true;
      area.replaceChildren();
      for (const el of form.querySelectorAll(".field-error")) el.remove();
      for (const el of form.querySelectorAll("[aria-invalid]")) {
        el.removeAttribute("aria-invalid");
        const ids = (el.getAttribute("aria-describedby") || "").split(" ").filter((x) => x && !x.endsWith("-error"));
        if (ids.length) el.setAttribute("aria-describedby", ids.join(" "));
        else el.removeAttribute("aria-describedby");
      }
    },
    /** Answers true when the message went next to a field. */
    show(error) {
      api.clear();
      const name = error?.field ? aliases[error.field] ?? error.field : null;
      const target = name ? fieldNamed(form, name) : null;
      if (target) {
        const id = (target.id || (target.id = uid("f"))) + "-error";
        const msg = h("p", { class: "field-error", id, testid: `error-${name}` }, messageOf(error));
        const wrapper = target.closest(".field, fieldset") ?? target.parentElement;
        wrapper.append(msg);
        target.setAttribute("aria-invalid", "true");
        const ids = (target.getAttribute("aria-describedby") || "").split(" ").filter(Boolean);
        target.setAttribute("aria-describedby", [...ids, id].join(" "));
        target.focus();
        // Screen readers hear it through the alert area too.
        area.hidden = false;
        area.replaceChildren(h("p", null, t("ui-field-error", { label: labels[name] ?? cap(name), message: messageOf(error) })));
        area.classList.add("visually-hidden");
        return true;
      }
      area.classList.remove("visually-hidden");
      area.hidden = false;
      if (!form.contains(document.activeElement)) {
        // Keyboard focus stays in the form (never on <body>): on the message itself.
        area.setAttribute("tabindex", "-1");
        queueMicrotask(() => area.focus());
      }
      const named = error?.field && error.field !== "body";
      area.replaceChildren(h("p", null, named ? t("ui-field-error", { label: labels[error.field] ?? cap(error.field), message: messageOf(error) }) : messageOf(error)));
      return false;
    },
  };
  return api;
}

function fieldNamed(form, name) {
  const el = form.elements.namedItem(name);
  if (!el) return null;
  if (el instanceof RadioNodeList) return el[0] ?? null;
  return el;
}

// ---- tables ----

/**
 * A table that becomes stacked cards on narrow screens. columns: [{label, cell(row) -> node or
 * text, className?}]. Answers {element, table, tbody, add(rows), replace(row, newRow)}.
 */
export function dataTable({ caption, columns, rows = [], testid, rowAttrs = () => ({}) }) {
  const thead = h("thead", { role: "rowgroup" }, h("tr", { role: "row" }, columns.map((c) => h("th", { scope: "col", role: "columnheader", class: c.className }, c.label))));
  const tbody = h("tbody", { role: "rowgroup" });
  const table = h("table", { class: "data stack", role: "table", testid }, caption ? h("caption", { class: "visually-hidden" }, caption) : null, thead, tbody);
  const element = h("div", { class: "table-wrap" }, table);
  // When the table is wider than its box, the box scrolls; it then takes keyboard focus so it
  // can be scrolled without a mouse.
  if (typeof ResizeObserver === "function") {
    new ResizeObserver(() => {
      const scrolls = element.scrollWidth > element.clientWidth + 1;
      if (scrolls) {
        element.setAttribute("tabindex", "0");
        element.setAttribute("role", "region");
        element.setAttribute("aria-label", t("ui-table-scrolls", { caption: caption ?? t("ui-table") }));
      } else {
        element.removeAttribute("tabindex");
        element.removeAttribute("role");
        element.removeAttribute("aria-label");
      }
    }).observe(element);
  }
  const rowOf = (row) =>
    h(
      "tr",
      { role: "row", ...rowAttrs(row) },
      columns.map((c) => {
        const content = c.cell(row);
        return h("td", { role: "cell", "data-label": c.label, class: c.className }, content === "" || content === null || content === undefined ? h("span", { class: "muted" }, "\u2014") : content);
      }),
    );
  const add = (more) => {
    for (const r of more) tbody.append(rowOf(r));
  };
  add(rows);
  return {
    element,
    table,
    tbody,
    add,
    rowOf,
    count: () => tbody.rows.length,
  };
}

// ---- dialogs ----

/**
 * A modal <dialog>: {dialog, body, close()}. Escape closes it; focus returns to where it was.
 * The dialog is removed from the page when closed.
 */
export function openDialog({ title, testid, onClose, wide = false }) {
  let opener = document.activeElement;
  const titleId = uid("dlg-title");
  const heading = h("h2", { id: titleId, tabindex: "-1" }, title);
  const body = h("div", { class: "dialog-body" });
  const closeButton = h("button", { type: "button", class: "icon-button", "aria-label": t("ui-close"), testid: "dialog-close" }, "\u00d7");
  const dialog = h("dialog", { class: wide ? "dialog dialog-wide" : "dialog", "aria-labelledby": titleId, testid }, h("div", { class: "dialog-head" }, heading, closeButton), body);
  closeButton.addEventListener("click", () => dialog.close());
  dialog.addEventListener("close", () => {
    dialog.remove();
    if (opener && opener.isConnected && typeof opener.focus === "function") opener.focus();
    else document.querySelector("main h1")?.focus();
    onClose?.();
  });
  document.body.append(dialog);
  dialog.showModal();
  return {
    dialog,
    body,
    heading,
    setTitle(text) {
      heading.textContent = text;
    },
    close: () => dialog.open && dialog.close(),
    /** Where focus goes when the dialog closes, when its opener is replaced meanwhile. */
    returnFocusTo(el) {
      opener = el;
    },
    /** Focuses the first field or button of the body, else the heading. */
    focusFirst() {
      const first = body.querySelector("input:not([type=hidden]):not([disabled]), select:not([disabled]), textarea, button:not([disabled])");
      (first ?? heading).focus();
    },
  };
}

/** A "Load more" button that calls `more()` and hides itself when `more` answers no cursor. */
export function loadMore(more, testid = "load-more") {
  const button = h("button", { type: "button", class: "button secondary", testid }, t("ui-load-more"));
  const status = h("p", { class: "visually-hidden", role: "status" });
  const wrap = h("div", { class: "load-more" }, button, status);
  button.addEventListener("click", async () => {
    const errorSlot = wrap.querySelector(".alert");
    errorSlot?.remove();
    try {
      const result = await busy(button, more);
      status.textContent = result?.added ? t("ui-more-loaded", { count: result.added, n: formatNumber(result.added) }) : "";
      if (!result?.next) wrap.hidden = true;
    } catch (error) {
      wrap.append(errorBox(error, "load-more-error"));
    }
  });
  return wrap;
}

/**
 * The "Load more" of a cursor-paged list, as zero or one element to append: each click fetches
 * `fetchPage(cursor)`, adds the page's `key` rows to `table` and tells `onPage` the next cursor.
 * Nothing when the first page was the last.
 */
export function moreRows(next, fetchPage, table, key, onPage = () => {}) {
  if (!next) return [];
  let cursor = next;
  return [
    loadMore(async () => {
      const page = await fetchPage(cursor);
      table.add(page[key]);
      cursor = page.next;
      onPage(cursor);
      return { added: page[key].length, next: cursor };
    }),
  ];
}
