// Credit banks (GET /v1/banks); the refresh button re-reads each shown bank
// (GET /v1/banks/{id}, strongly consistent). Credit requests: asking the licence provider for
// credits (POST /v1/credit-requests, reviewed before it is sent), the organisation's requests
// (GET /v1/credit-requests) and withdrawing a pending one (POST /v1/credit-requests/{id}/withdraw).

import { api, newKey, seg } from "../api.js";
import { h, badge, busy, clear, dataTable, empty, errorBox, field, formErrors, loading, moreRows, notice, openDialog, todayIso } from "../dom.js";
import { formatDate, formatDateTime, formatNumber, language, t } from "../i18n.js";
import { productNames, productName } from "../products.js";
import { auditHref } from "./audit.js";

const PAGE = 50;
const NOTE_MAX = 1000;

const day = (iso, style = "long") => formatDate(iso, style);
const num = (n) => formatNumber(Number(n) || 0);
const when = (at) => (at ? h("time", { datetime: String(at) }, formatDateTime(at)) : "");

/** A status badge with the catalogue's word for the status. */
function statusBadge(status, testid) {
  const el = badge(status, testid);
  el.textContent = t(`banks-status-${status}`);
  return el;
}

/** A dialog whose close button is named in the reader's language. */
function dialogOf(options) {
  const dialog = openDialog(options);
  dialog.dialog.querySelector("[data-testid=dialog-close]")?.setAttribute("aria-label", t("banks-close"));
  return dialog;
}

function actions(...buttons) {
  return h("div", { class: "actions" }, buttons);
}

/** Every bank of the organisation (for the request form's bank choice). */
async function allBanks() {
  const banks = [];
  let cursor = null;
  do {
    const page = await api("/banks", { query: { limit: 100, cursor } });
    banks.push(...page.banks);
    cursor = page.next;
  } while (cursor);
  return banks;
}

const bankLabel = (names, b) => t("banks-bank-label", { product: productName(names, b.product), version: b.version, start: day(b.start, "medium"), expiry: day(b.expiry, "medium") });

/**
 * The "Request credits" dialog: the form, a review of what will be asked, then Confirm, which
 * sends it with an Idempotency-Key kept for retries of that confirm.
 */
function openRequest({ names, banks, preselect, onDone }) {
  const dialog = dialogOf({ title: t("banks-request"), testid: "request-dialog", wide: true });
  const usable = banks.filter((b) => b.status !== "expired");
  const products = [...names.keys()];
  for (const b of usable) if (!products.includes(b.product)) products.push(b.product);
  const first = usable.find((b) => b.id === preselect)?.product ?? products[0] ?? "";
  const product = h(
    "select",
    { name: "product", testid: "request-product", required: true },
    products.map((p) => h("option", { value: p, selected: p === first }, productName(names, p))),
  );
  const bank = h("select", { name: "bank", testid: "request-bank" });
  const fillBanks = () => {
    const choices = usable.filter((b) => b.product === product.value);
    bank.replaceChildren(
      h("option", { value: "" }, t("banks-a-new-bank")),
      ...choices.map((b) => h("option", { value: b.id, selected: b.id === preselect }, t("banks-top-up-option", { bank: bankLabel(names, b), remaining: num(b.remaining) }))),
    );
  };
  fillBanks();
  product.addEventListener("change", fillBanks);
  const credits = h("input", { type: "number", name: "credits", min: "1", max: "1000000", step: "1", inputmode: "numeric", value: "12", testid: "request-credits", required: true });
  const start = h("input", { type: "date", name: "start", min: todayIso(), testid: "request-start" });
  const note = h("textarea", { name: "note", maxlength: String(NOTE_MAX), rows: "4", testid: "request-note" });
  const count = h("p", { class: "hint", "aria-live": "polite", testid: "request-note-count" }, t("banks-note-count", { count: 0, n: num(0), max: num(NOTE_MAX) }));
  note.addEventListener("input", () => {
    count.textContent = t("banks-note-count", { count: note.value.length, n: num(note.value.length), max: num(NOTE_MAX) });
  });
  const submit = h("button", { type: "submit", class: "button", testid: "request-review" }, t("banks-review-request"));
  const cancel = h("button", { type: "button", class: "button secondary", onclick: () => dialog.close() }, t("banks-cancel"));
  const noteField = field({ label: t("banks-note-label"), input: note, hint: t("banks-note-hint") });
  noteField.append(count);
  const form = h(
    "form",
    { novalidate: true, testid: "request-form", class: "form-grid" },
    h("p", { class: "full" }, t("banks-request-intro")),
    field({ label: t("banks-product"), input: product }),
    field({ label: t("banks-bank"), input: bank, hint: t("banks-bank-hint") }),
    field({ label: t("banks-credits"), input: credits, hint: t("banks-credits-hint", { max: num(1_000_000) }) }),
    field({ label: t("banks-start-label"), input: start, hint: t("banks-start-hint") }),
    noteField,
    actions(cancel, submit),
  );
  const labels = { product: t("banks-product"), bank: t("banks-bank"), credits: t("banks-credits"), start: t("banks-wished-start"), note: t("banks-note") };
  const formErrs = formErrors(form, { labels, testid: "request-error" });

  const showForm = () => dialog.body.replaceChildren(form);
  const read = () => {
    const raw = String(credits.value).trim();
    if (!/^\d+$/.test(raw) || Number(raw) < 1) return { error: { field: "credits", message: t("banks-credits-invalid", { max: num(1_000_000) }) } };
    const body = { product: product.value, credits: Number(raw) };
    if (bank.value) body.bank = bank.value;
    if (start.value) body.start = start.value;
    if (note.value.trim()) body.note = note.value;
    return { body };
  };
  const showReview = (body) => {
    const key = newKey();
    const heading = h("h3", { tabindex: "-1" }, t("banks-review-confirm"));
    const row = (label, value, testid) => h("div", null, h("dt", null, label), h("dd", { testid }, value));
    const target = body.bank ? usable.find((b) => b.id === body.bank) : null;
    const back = h("button", { type: "button", class: "button secondary", testid: "request-back" }, t("banks-change"));
    const confirm = h("button", { type: "submit", class: "button", testid: "request-confirm" }, t("banks-confirm-ask", { count: body.credits, n: num(body.credits) }));
    const review = h(
      "form",
      { class: "review", testid: "request-review-step" },
      heading,
      h("dl", { class: "quote", testid: "request-details" },
        row(t("banks-product"), productName(names, body.product), "request-review-product"),
        row(t("banks-credits"), h("strong", null, num(body.credits)), "request-review-credits"),
        row(t("banks-for"), target ? t("banks-top-up", { bank: bankLabel(names, target) }) : t("banks-a-new-bank"), "request-review-bank"),
        row(t("banks-wished-start"), body.start ? day(body.start) : t("banks-asap"), "request-review-start"),
        row(t("banks-note"), body.note ? h("span", { class: "request-note" }, body.note.trim()) : t("banks-no-note"), "request-review-note"),
      ),
      h("p", { class: "muted" }, t(target ? "banks-review-top-up-note" : "banks-review-new-note")),
      actions(back, confirm),
    );
    const reviewErrs = formErrors(review, { testid: "request-confirm-error" });
    back.addEventListener("click", () => {
      showForm();
      product.focus();
    });
    review.addEventListener("submit", async (event) => {
      event.preventDefault();
      reviewErrs.clear();
      try {
        const made = await busy([confirm, back], () => api("/credit-requests", { method: "POST", body, idempotencyKey: key }));
        const done = h("h3", { tabindex: "-1" }, t("banks-request-sent"));
        dialog.body.replaceChildren(
          h(
            "div",
            { testid: "request-result" },
            done,
            h("p", null, t("banks-request-sent-text", { count: made.credits, n: num(made.credits), product: productName(names, made.product) })),
            actions(h("button", { type: "button", class: "button", testid: "request-close", onclick: () => dialog.close() }, t("banks-done"))),
          ),
        );
        done.focus();
        onDone(t("banks-asked", { count: made.credits, n: num(made.credits), product: productName(names, made.product) }));
      } catch (error) {
        if (error?.code === "unauthenticated") return;
        if (error?.field && form.elements.namedItem(error.field)) {
          showForm();
          formErrs.show(error);
          return;
        }
        reviewErrs.show(error);
      }
    });
    dialog.body.replaceChildren(review);
    heading.focus();
  };
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    formErrs.clear();
    const input = read();
    if (input.error) {
      formErrs.show(input.error);
      return;
    }
    showReview(input.body);
  });
  showForm();
  dialog.focusFirst();
}

function openWithdraw(request, names, onDone) {
  const dialog = dialogOf({ title: t("banks-withdraw-title"), testid: "withdraw-dialog" });
  const confirm = h("button", { type: "submit", class: "button danger", testid: "withdraw-confirm" }, t("banks-withdraw-title"));
  const cancel = h("button", { type: "button", class: "button secondary", testid: "withdraw-cancel", onclick: () => dialog.close() }, t("banks-keep-it"));
  const form = h(
    "form",
    null,
    h("p", null, t("banks-withdraw-question", { count: request.credits, n: num(request.credits), product: productName(names, request.product) })),
    h("p", { class: "muted" }, t("banks-withdraw-note")),
    actions(cancel, confirm),
  );
  const errs = formErrors(form, { testid: "withdraw-error" });
  const key = newKey();
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    errs.clear();
    try {
      await busy([confirm, cancel], () => api(`/credit-requests/${seg(request.id)}/withdraw`, { method: "POST", idempotencyKey: key }));
      dialog.close();
      onDone(t("banks-withdrew", { count: request.credits, n: num(request.credits) }));
    } catch (error) {
      if (error?.code !== "unauthenticated") errs.show(error);
    }
  });
  dialog.body.append(form);
  cancel.focus();
}

/** What became of a request, in words; `bankName(id)` names a bank. */
function decision(r, bankName) {
  if (r.status === "granted") {
    const counted = { count: r.granted, n: num(r.granted) };
    return h("span", { testid: "request-decision" }, r.granted_bank ? t("banks-granted-to", { ...counted, bank: bankName(r.granted_bank) }) : t("banks-granted", counted));
  }
  if (r.status === "declined") return h("span", { testid: "request-decision" }, t("banks-declined"), " ", h("span", { class: "request-note", testid: "request-reason" }, r.reason ?? ""));
  if (r.status === "withdrawn") return h("span", { class: "muted", testid: "request-decision" }, t("banks-status-withdrawn"));
  return h("span", { class: "muted", testid: "request-decision" }, t("banks-waiting"));
}

async function renderRequests(section, names, bankName, announce) {
  clear(section).append(loading(t("banks-requests-loading")));
  let first;
  try {
    first = await api("/credit-requests", { query: { limit: PAGE } });
  } catch (error) {
    if (error?.code === "unauthenticated") return;
    clear(section).append(errorBox(error, "requests-error"));
    return;
  }
  clear(section);
  if (!first.credit_requests.length) {
    section.append(empty(t("banks-requests-empty"), "requests-empty"));
    return;
  }
  const reload = (text) => {
    announce(text);
    renderRequests(section, names, bankName, announce);
  };
  const table = dataTable({
    caption: t("banks-requests"),
    testid: "requests-table",
    rowAttrs: (r) => ({ testid: "request-row", "data-request-id": r.id }),
    columns: [
      { label: t("banks-asked-on"), cell: (r) => when(r.requested_at), className: "date" },
      {
        label: t("banks-product"),
        cell: (r) => h("span", null, h("span", { testid: "request-product-name" }, productName(names, r.product)), h("span", { class: "sub" }, r.bank ? t("banks-top-up-of", { bank: bankName(r.bank) }) : t("banks-new-bank"))),
      },
      { label: t("banks-credits"), cell: (r) => h("span", { testid: "request-credits-asked" }, num(r.credits)), className: "num" },
      { label: t("banks-wished-start"), cell: (r) => (r.start ? day(r.start, "medium") : ""), className: "date" },
      { label: t("banks-note"), cell: (r) => (r.note ? h("span", { class: "request-note" }, r.note) : "") },
      { label: t("banks-status"), cell: (r) => statusBadge(r.status, "request-status") },
      { label: t("banks-decision"), cell: (r) => decision(r, bankName) },
      {
        label: t("banks-actions"),
        cell: (r) =>
          r.status === "pending"
            ? h("button", { type: "button", class: "button small secondary", testid: "withdraw-open", "aria-label": t("banks-withdraw-aria", { count: r.credits, n: num(r.credits) }), onclick: () => openWithdraw(r, names, reload) }, t("banks-withdraw"))
            : h("span", { class: "muted" }, t(r.status === "withdrawn" ? "banks-withdrawn-done" : "banks-answered-done")),
      },
    ],
    rows: first.credit_requests,
  });
  section.append(table.element);
  section.append(...moreRows(first.next, (cursor) => api("/credit-requests", { query: { limit: PAGE, cursor } }), table, "credit_requests"));
}

export async function render(view) {
  const [first, names] = await Promise.all([api("/banks", { query: { limit: PAGE } }), productNames()]);
  const refresh = h("button", { type: "button", class: "button secondary", testid: "banks-refresh" }, t("banks-refresh"));
  const ask = h("button", { type: "button", class: "button", testid: "request-open" }, t("banks-request"));
  const status = h("p", { class: "muted", role: "status", testid: "banks-updated" });
  const noticeSlot = h("div", { "aria-live": "polite", testid: "banks-notice-area" });
  const errors = h("div");
  const banksSlot = h("div", { testid: "banks-area" });
  const requestsHeading = h("h2", { id: "requests-heading" }, t("banks-requests"));
  const requests = h("section", { "aria-labelledby": "requests-heading", testid: "requests-area" });
  view.append(
    h("div", { class: "toolbar" }, h("p", { class: "lead" }, t("banks-lead")), h("div", { class: "toolbar-actions" }, ask, refresh)),
    status,
    noticeSlot,
    errors,
    banksSlot,
    h("div", { class: "section-head" }, requestsHeading),
    requests,
  );
  const announce = (text) => noticeSlot.replaceChildren(notice(text, "banks-notice"));
  const known = new Map();
  const bankName = (id) => {
    const b = known.get(id);
    return b ? t("banks-bank-name", { version: b.version, start: day(b.start, "medium"), expiry: day(b.expiry, "medium") }) : t("banks-bank-id", { id });
  };
  let table = null;
  const showBanks = (page) => {
    for (const b of page.banks) known.set(b.id, b);
    clear(banksSlot);
    if (!page.banks.length) {
      refresh.disabled = true;
      table = null;
      banksSlot.append(empty(t("banks-empty"), "banks-empty"));
      return;
    }
    refresh.disabled = false;
    table = dataTable({
      caption: t("title-banks"),
      testid: "banks-table",
      rowAttrs: (b) => ({ testid: "bank-row", "data-bank-id": b.id }),
      columns: [
        {
          label: t("banks-product"),
          cell: (b) =>
            h(
              "span",
              null,
              h("span", { testid: "bank-product" }, productName(names, b.product)),
              h("a", { class: "sub", href: `#/licences?bank=${encodeURIComponent(b.id)}`, testid: "bank-licenses" }, t("banks-view-licences")),
              h("a", { class: "sub", href: `#/banks/${encodeURIComponent(b.id)}/ledger`, testid: "bank-ledger" }, t("banks-view-ledger")),
              h("a", { class: "sub", href: auditHref({ bank: b.id }), testid: "bank-history" }, t("banks-view-history")),
            ),
        },
        { label: t("banks-purchased"), cell: (b) => num(b.purchased), className: "num" },
        { label: t("banks-requested"), cell: (b) => h("span", { testid: "bank-requested" }, num(b.requested ?? 0)), className: "num" },
        { label: t("banks-granted-col"), cell: (b) => num(b.granted), className: "num" },
        { label: t("banks-used"), cell: (b) => h("span", { testid: "bank-used" }, num(b.used)), className: "num" },
        { label: t("banks-remaining"), cell: (b) => h("strong", { testid: "bank-remaining" }, num(b.remaining)), className: "num" },
        { label: t("banks-start"), cell: (b) => day(b.start, "medium"), className: "date" },
        { label: t("banks-expiry"), cell: (b) => day(b.expiry, "medium"), className: "date" },
        { label: t("banks-version"), cell: (b) => b.version },
        { label: t("banks-portable"), cell: (b) => t(b.portable ? "banks-yes" : "banks-no") },
        {
          label: t("banks-status"),
          cell: (b) => h("span", null, statusBadge(b.status, "bank-status"), b.forfeited ? h("span", { class: "muted small" }, " ", t("banks-forfeited", { count: b.forfeited, n: num(b.forfeited) })) : null),
        },
        {
          label: t("banks-forecast"),
          // The API says the forecast in the portal's language (Accept-Language).
          cell: (b) => (b.forecast?.message ? h("span", { class: "small", testid: "bank-forecast" }, b.forecast.message) : h("span", { class: "muted" }, t("banks-no-forecast"))),
        },
      ],
      rows: page.banks,
    });
    banksSlot.append(table.element);
    banksSlot.append(...moreRows(page.next, (cursor) => api("/banks", { query: { limit: PAGE, cursor } }), table, "banks"));
  };
  showBanks(first);
  const afterRequest = async (text) => {
    announce(text);
    renderRequests(requests, names, bankName, announce);
    try {
      showBanks(await api("/banks", { query: { limit: PAGE } }));
    } catch (error) {
      if (error?.code !== "unauthenticated") errors.replaceChildren(errorBox(error));
    }
  };
  ask.addEventListener("click", () =>
    busy(ask, async () => {
      try {
        const banks = await allBanks();
        openRequest({ names, banks, onDone: afterRequest });
      } catch (error) {
        if (error?.code !== "unauthenticated") errors.replaceChildren(errorBox(error));
      }
    }),
  );
  refresh.addEventListener("click", () =>
    busy(refresh, async () => {
      if (!table) return;
      errors.replaceChildren();
      status.textContent = t("banks-refreshing");
      const rows = [...table.tbody.rows];
      const results = await Promise.allSettled(rows.map((row) => api(`/banks/${seg(row.dataset.bankId)}`)));
      let failed = null;
      results.forEach((result, i) => {
        if (result.status === "fulfilled") rows[i].replaceWith(table.rowOf(result.value));
        else failed = result.reason;
      });
      const time = new Intl.DateTimeFormat(language(), { timeStyle: "medium" }).format(new Date());
      status.textContent = t(failed ? "banks-refresh-failed" : "banks-updated", { time });
      if (failed) errors.append(errorBox(failed));
      renderRequests(requests, names, bankName, announce);
    }),
  );
  await renderRequests(requests, names, bankName, announce);
}
