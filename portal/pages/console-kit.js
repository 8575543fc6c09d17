// What the console's pages share: the review-and-confirm dialog every operator action goes
// through, links to an organisation's page (with its name, read once), the catalogue's products
// for the forms that name one, and small readers of form fields.

import { api, keyKeeper, seg } from "../api.js";
import { h, badge, busy, formErrors, openDialog } from "../dom.js";
import { formatDate, formatDateTime, formatNumber, t } from "../i18n.js";

/** The console's address of an organisation's page, optionally at one of its sections. */
export function orgHref(id, section, query) {
  const q = new URLSearchParams(query ?? {});
  if (section && section !== "banks") q.set("section", section);
  const text = q.toString();
  return `#/console/orgs/${encodeURIComponent(id)}${text ? `?${text}` : ""}`;
}

const names = new Map();
/** Remembers an organisation's name (from a list or a page that read it). */
export function knowOrg(id, name) {
  if (id && name) names.set(id, Promise.resolve(name));
}

/** The organisation's name: what the console already read, else GET /v1/operator/orgs/{org}. */
export function orgName(id) {
  if (!names.has(id)) {
    const read = api(`/operator/orgs/${seg(id)}`).then(
      (d) => d.org.name,
      (error) => {
        names.delete(id);
        if (error?.code === "unauthenticated") throw error;
        return null;
      },
    );
    names.set(id, read);
  }
  return names.get(id);
}

/**
 * A link to the organisation's page, written with its id at once and with its name as soon as
 * it is known (`name` when the caller has it).
 */
export function orgLink(id, { name, section, testid = "org-link" } = {}) {
  if (!id) return h("span", { class: "muted", testid: "org-none" }, t("kit-no-org"));
  if (name) knowOrg(id, name);
  const text = h("span", { class: "break" }, name ?? id);
  const link = h("a", { href: orgHref(id, section), testid, "data-org": id }, text);
  if (!name) {
    orgName(id)
      .then((known) => {
        if (known) text.textContent = known;
      })
      .catch(() => {});
  }
  return link;
}

/**
 * The catalogue's products, `[{id, name, versions: [..]}]` (GET /v1/operator/catalog), read
 * afresh by each page that asks (the catalogue may have changed); `null` when it cannot be read
 * (the forms then take a product id and version as text).
 */
export async function catalogProducts() {
  try {
    const doc = await api("/operator/catalog");
    return (doc?.products ?? []).map((p) => ({ id: p.id, name: p.name, versions: (p.releases ?? []).map((r) => r.version) }));
  } catch (error) {
    if (error?.code === "unauthenticated") throw error;
    return null;
  }
}

export function productLabel(products, id) {
  return products?.find((p) => p.id === id)?.name ?? id;
}

/** YYYY-MM-DD a year after `iso` (the month's last day when that day does not exist). */
export function yearAfter(iso) {
  const [y, m, d] = iso.split("-").map(Number);
  const date = new Date(Date.UTC(y + 1, m - 1, d));
  if (date.getUTCDate() !== d) date.setUTCDate(0);
  return date.toISOString().slice(0, 10);
}

/** A day (`YYYY-MM-DD`) in the reader's language; "medium" for tables. */
export const day = (iso, style = "long") => formatDate(iso, style);

/** A number with the language's grouping. */
export const num = (n) => formatNumber(Number(n) || 0);

/** A moment of the API, in the reader's language and time zone, as a <time>. */
export const when = (at) => (at ? h("time", { datetime: String(at) }, formatDateTime(at)) : "");

/**
 * A status badge (the dom.js one, with the catalogue's word for the status); `words` is
 * `con-person` for a person's (French agrees the word with who or what it describes).
 */
export function statusBadge(status, testid, words = "con-status") {
  const el = badge(status, testid);
  el.textContent = t(`${words}-${status}`);
  return el;
}

/** A licence type in words: "Node lock", "Multiseat", "Floating". */
export const typeWord = (type) => t(`con-type-${type}`);

/** "Admin" or "Member". */
export const roleWord = (role) => t(`con-role-${role}`);

/** "Yes" or "No". */
export const yesNoWord = (b) => t(b ? "con-yes" : "con-no");

/** A dialog of dom.js with its close button named in the reader's language. */
export function dialogOf(options) {
  const dialog = openDialog(options);
  dialog.dialog.querySelector("[data-testid=dialog-close]")?.setAttribute("aria-label", t("kit-close"));
  return dialog;
}

/** The text of a form's field, trimmed. */
export const text = (form, name) => String(form.elements.namedItem(name)?.value ?? "").trim();

/** A whole number from a field, or an error naming the field. */
export function wholeNumber(form, name, label, { min = 1, max = 10_000_000 } = {}) {
  const raw = text(form, name);
  if (!/^\d+$/.test(raw)) return { error: { field: name, message: t("kit-whole-number", { label }) } };
  const value = Number(raw);
  if (value < min) return { error: { field: name, message: t("kit-at-least", { label, min: formatNumber(min) }) } };
  if (value > max) return { error: { field: name, message: t("kit-at-most", { label, max: formatNumber(max) }) } };
  return { value };
}

/** A required one-line text, or an error naming the field. */
export function required(form, name, label) {
  const value = text(form, name);
  if (!value) return { error: { field: name, message: t("kit-required", { label }) } };
  return { value };
}

/** The facts of a review or a result: [[label, value, testid?]] as a definition list. */
export function facts(rows, testid) {
  return h(
    "dl",
    { class: "quote", testid },
    rows.filter(Boolean).map(([label, value, id]) => h("div", null, h("dt", null, label), h("dd", { testid: id }, value))),
  );
}

export function actions(...buttons) {
  return h("div", { class: "actions" }, buttons);
}

/**
 * One operator action in a dialog: a form (if the action asks for anything), then the review
 * (what will happen, in words and figures), then Confirm, which sends the request with an
 * Idempotency-Key kept while the body stays the same (a retry of the confirm never acts twice),
 * then the result. testids are `<name>-dialog`, `-form`, `-review` (the form's button),
 * `-review-step`, `-back`, `-confirm`, `-confirm-error`, `-result`, `-close`, `-error`.
 *
 * - `fields`: the form's fields (nodes), or none: the dialog opens at the review.
 * - `read(form)`: `{body}` or `{error: {field, message}}`.
 * - `review(body)`: `{summary, rows, notes, confirm, danger}`; `rows` as for `facts`.
 * - `send(body, key)`: the request (the key is undefined for routes that take none).
 * - `result(answer, body)`: `{heading, text, rows?, extra?}`; `onDone(answer, text)` tells the page.
 */
export function actionDialog({ name, title, intro, fields, labels = {}, read = () => ({ body: {} }), review, send, result, onDone, wide = false, idempotent = true }) {
  const dialog = dialogOf({ title, testid: `${name}-dialog`, wide });
  // A link inside (the new organisation's page, say) leaves the dialog for the page it names.
  dialog.body.addEventListener("click", (event) => {
    if (event.target.closest?.('a[href^="#"]')) dialog.close();
  });
  const keyFor = keyKeeper();
  const cancel = () => h("button", { type: "button", class: "button secondary", testid: `${name}-cancel`, onclick: () => dialog.close() }, t("kit-cancel"));
  let form = null;
  let formErrs = null;
  if (fields) {
    const submit = h("button", { type: "submit", class: "button", testid: `${name}-review` }, t("kit-review"));
    form = h("form", { novalidate: true, class: "form-grid", testid: `${name}-form` }, intro ? h("div", { class: "full" }, intro) : null, fields, actions(cancel(), submit));
    formErrs = formErrors(form, { labels, testid: `${name}-error` });
    form.addEventListener("submit", (event) => {
      event.preventDefault();
      formErrs.clear();
      const input = read(form);
      if (input.error) {
        formErrs.show(input.error);
        return;
      }
      showReview(input.body);
    });
  }
  const showForm = () => {
    dialog.body.replaceChildren(form);
    form.querySelector("input:not([type=hidden]), select, textarea")?.focus();
  };
  const showReview = (body) => {
    const r = review(body);
    const heading = h("h3", { tabindex: "-1" }, t("kit-review-confirm"));
    const confirm = h("button", { type: "submit", class: r.danger ? "button danger" : "button", testid: `${name}-confirm` }, r.confirm ?? t("kit-confirm"));
    const back = form ? h("button", { type: "button", class: "button secondary", testid: `${name}-back`, onclick: showForm }, t("kit-change")) : cancel();
    const step = h(
      "form",
      { class: "review", testid: `${name}-review-step` },
      heading,
      h("p", { class: "summary", testid: `${name}-summary` }, r.summary),
      r.rows?.length ? facts(r.rows, `${name}-facts`) : null,
      (r.notes ?? []).map((n) => h("p", { class: "note note-warning" }, n)),
      actions(back, confirm),
    );
    const errs = formErrors(step, { labels, testid: `${name}-confirm-error` });
    step.addEventListener("submit", async (event) => {
      event.preventDefault();
      errs.clear();
      try {
        const answer = await busy([confirm, back], () => send(body, idempotent ? keyFor(body) : undefined));
        showResult(answer, body);
      } catch (error) {
        if (error?.code === "unauthenticated") return;
        if (form && error?.field && form.elements.namedItem(error.field)) {
          showForm();
          formErrs.show(error);
          return;
        }
        errs.show(error);
      }
    });
    dialog.body.replaceChildren(step);
    heading.focus();
  };
  const showResult = (answer, body) => {
    const r = result(answer, body);
    const heading = h("h3", { tabindex: "-1" }, r.heading);
    const done = h("button", { type: "button", class: "button", testid: `${name}-close`, onclick: () => dialog.close() }, t("kit-done"));
    dialog.body.replaceChildren(
      h("div", { testid: `${name}-result`, role: "status" }, heading, h("p", { testid: `${name}-result-text` }, r.text), r.rows?.length ? facts(r.rows, `${name}-result-facts`) : null, r.extra ?? null, actions(done)),
    );
    heading.focus();
    onDone?.(answer, r.text);
  };
  if (form) {
    dialog.body.append(form);
    dialog.focusFirst();
  } else {
    showReview(read(null).body);
  }
  return dialog;
}
