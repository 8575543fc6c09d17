// Credit banks (GET /v1/banks); the refresh button re-reads each shown bank
// (GET /v1/banks/{id}, strongly consistent). Credit requests: asking the licence provider for
// credits (POST /v1/credit-requests, reviewed before it is sent), the organisation's requests
// (GET /v1/credit-requests) and withdrawing a pending one (POST /v1/credit-requests/{id}/withdraw).

import { api, newKey, seg } from "../api.js";
import { h, badge, busy, clear, dataTable, empty, errorBox, field, formErrors, loading, moreRows, notice, openDialog, timeEl, todayIso, yesNo } from "../dom.js";
import { productNames, productName } from "../products.js";

const PAGE = 50;
const NOTE_MAX = 1000;

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

const bankLabel = (names, b) => `${productName(names, b.product)} ${b.version}, ${b.start} to ${b.expiry}`;

/**
 * The "Request credits" dialog: the form, a review of what will be asked, then Confirm, which
 * sends it with an Idempotency-Key kept for retries of that confirm.
 */
function openRequest({ names, banks, preselect, onDone }) {
  const dialog = openDialog({ title: "Request credits", testid: "request-dialog", wide: true });
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
      h("option", { value: "" }, "A new bank"),
      ...choices.map((b) => h("option", { value: b.id, selected: b.id === preselect }, `Top up: ${bankLabel(names, b)} (${b.remaining} remaining)`)),
    );
  };
  fillBanks();
  product.addEventListener("change", fillBanks);
  const credits = h("input", { type: "number", name: "credits", min: "1", max: "1000000", step: "1", inputmode: "numeric", value: "12", testid: "request-credits", required: true });
  const start = h("input", { type: "date", name: "start", min: todayIso(), testid: "request-start" });
  const note = h("textarea", { name: "note", maxlength: String(NOTE_MAX), rows: "4", testid: "request-note" });
  const count = h("p", { class: "hint", "aria-live": "polite", testid: "request-note-count" }, `0 of ${NOTE_MAX} characters`);
  note.addEventListener("input", () => {
    count.textContent = `${note.value.length} of ${NOTE_MAX} characters`;
  });
  const submit = h("button", { type: "submit", class: "button", testid: "request-review" }, "Review request");
  const cancel = h("button", { type: "button", class: "button secondary", onclick: () => dialog.close() }, "Cancel");
  const noteField = field({ label: "Note for your licence provider (optional)", input: note, hint: "What the credits are for, a purchase order number\u2026" });
  noteField.append(count);
  const form = h(
    "form",
    { novalidate: true, testid: "request-form", class: "form-grid" },
    h("p", { class: "full" }, "Your licence provider is told at once and answers by mail. Requested credits cannot be used until they are granted."),
    field({ label: "Product", input: product }),
    field({ label: "Bank", input: bank, hint: "Top up one of your banks of this product, or ask for a new bank." }),
    field({ label: "Credits", input: credits, hint: "1 credit = one licence-month for one computer. At most 1,000,000." }),
    field({ label: "Wished start (optional)", input: start, hint: "When you would like to use them; today or later." }),
    noteField,
    actions(cancel, submit),
  );
  const labels = { product: "Product", bank: "Bank", credits: "Credits", start: "Wished start", note: "Note" };
  const formErrs = formErrors(form, { labels, testid: "request-error" });

  const showForm = () => dialog.body.replaceChildren(form);
  const read = () => {
    const raw = String(credits.value).trim();
    if (!/^\d+$/.test(raw) || Number(raw) < 1) return { error: { field: "credits", message: "must be a whole number from 1 to 1000000" } };
    const body = { product: product.value, credits: Number(raw) };
    if (bank.value) body.bank = bank.value;
    if (start.value) body.start = start.value;
    if (note.value.trim()) body.note = note.value;
    return { body };
  };
  const showReview = (body) => {
    const key = newKey();
    const heading = h("h3", { tabindex: "-1" }, "Review and confirm");
    const row = (label, value, testid) => h("div", null, h("dt", null, label), h("dd", { testid }, value));
    const target = body.bank ? usable.find((b) => b.id === body.bank) : null;
    const back = h("button", { type: "button", class: "button secondary", testid: "request-back" }, "Change");
    const confirm = h("button", { type: "submit", class: "button", testid: "request-confirm" }, `Confirm: ask for ${body.credits} credits`);
    const review = h(
      "form",
      { class: "review", testid: "request-review-step" },
      heading,
      h("dl", { class: "quote", testid: "request-details" },
        row("Product", productName(names, body.product), "request-review-product"),
        row("Credits", h("strong", null, String(body.credits)), "request-review-credits"),
        row("For", target ? `Top up: ${bankLabel(names, target)}` : "A new bank", "request-review-bank"),
        row("Wished start", body.start ?? "As soon as possible", "request-review-start"),
        row("Note", body.note ? h("span", { class: "request-note" }, body.note.trim()) : "No note", "request-review-note"),
      ),
      h("p", { class: "muted" }, target ? `Until it is answered, the bank shows these credits as requested.` : "Your licence provider creates the bank when it grants the request."),
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
        const done = h("h3", { tabindex: "-1" }, "Request sent");
        dialog.body.replaceChildren(
          h(
            "div",
            { testid: "request-result" },
            done,
            h("p", null, `Your request for ${made.credits} credits of ${productName(names, made.product)} was sent to your licence provider. You will be told by mail when it is answered.`),
            actions(h("button", { type: "button", class: "button", testid: "request-close", onclick: () => dialog.close() }, "Done")),
          ),
        );
        done.focus();
        onDone(`Asked for ${made.credits} credits of ${productName(names, made.product)}.`);
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
  const dialog = openDialog({ title: "Withdraw request", testid: "withdraw-dialog" });
  const confirm = h("button", { type: "submit", class: "button danger", testid: "withdraw-confirm" }, "Withdraw request");
  const cancel = h("button", { type: "button", class: "button secondary", testid: "withdraw-cancel", onclick: () => dialog.close() }, "Keep it");
  const form = h(
    "form",
    null,
    h("p", null, `Withdraw the request for ${request.credits} credits of ${productName(names, request.product)}?`),
    h("p", { class: "muted" }, "Your licence provider will no longer answer it. You can ask again later."),
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
      onDone(`Withdrew the request for ${request.credits} credits.`);
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
    const bank = r.granted_bank ? ` to ${bankName(r.granted_bank)}` : "";
    return h("span", { testid: "request-decision" }, `${r.granted} credits granted${bank}`);
  }
  if (r.status === "declined") return h("span", { testid: "request-decision" }, "Declined: ", h("span", { class: "request-note", testid: "request-reason" }, r.reason ?? ""));
  if (r.status === "withdrawn") return h("span", { class: "muted", testid: "request-decision" }, "Withdrawn");
  return h("span", { class: "muted", testid: "request-decision" }, "Waiting for your licence provider");
}

async function renderRequests(section, names, bankName, announce) {
  clear(section).append(loading("Loading credit requests\u2026"));
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
    section.append(empty("No credit requests yet.", "requests-empty"));
    return;
  }
  const reload = (text) => {
    announce(text);
    renderRequests(section, names, bankName, announce);
  };
  const table = dataTable({
    caption: "Credit requests",
    testid: "requests-table",
    rowAttrs: (r) => ({ testid: "request-row", "data-request-id": r.id }),
    columns: [
      { label: "Asked on", cell: (r) => timeEl(r.requested_at), className: "date" },
      {
        label: "Product",
        cell: (r) => h("span", null, h("span", { testid: "request-product-name" }, productName(names, r.product)), h("span", { class: "sub" }, r.bank ? `Top up ${bankName(r.bank)}` : "New bank")),
      },
      { label: "Credits", cell: (r) => h("span", { testid: "request-credits-asked" }, String(r.credits)), className: "num" },
      { label: "Wished start", cell: (r) => r.start ?? "", className: "date" },
      { label: "Note", cell: (r) => (r.note ? h("span", { class: "request-note" }, r.note) : "") },
      { label: "Status", cell: (r) => badge(r.status, "request-status") },
      { label: "Decision", cell: (r) => decision(r, bankName) },
      {
        label: "Actions",
        cell: (r) =>
          r.status === "pending"
            ? h("button", { type: "button", class: "button small secondary", testid: "withdraw-open", "aria-label": `Withdraw the request for ${r.credits} credits`, onclick: () => openWithdraw(r, names, reload) }, "Withdraw")
            : h("span", { class: "muted" }, r.status === "withdrawn" ? "Withdrawn: nothing left to do" : "Answered: nothing left to do"),
      },
    ],
    rows: first.credit_requests,
  });
  section.append(table.element);
  section.append(...moreRows(first.next, (cursor) => api("/credit-requests", { query: { limit: PAGE, cursor } }), table, "credit_requests"));
}

export async function render(view) {
  const [first, names] = await Promise.all([api("/banks", { query: { limit: PAGE } }), productNames()]);
  const refresh = h("button", { type: "button", class: "button secondary", testid: "banks-refresh" }, "Refresh");
  const ask = h("button", { type: "button", class: "button", testid: "request-open" }, "Request credits");
  const status = h("p", { class: "muted", role: "status", testid: "banks-updated" });
  const noticeSlot = h("div", { "aria-live": "polite", testid: "banks-notice-area" });
  const errors = h("div");
  const banksSlot = h("div", { testid: "banks-area" });
  const requestsHeading = h("h2", { id: "requests-heading" }, "Credit requests");
  const requests = h("section", { "aria-labelledby": "requests-heading", testid: "requests-area" });
  view.append(
    h("div", { class: "toolbar" }, h("p", { class: "lead" }, "Credits bought from your vendor, per product and version."), h("div", { class: "toolbar-actions" }, ask, refresh)),
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
    return b ? `the ${b.version} bank of ${b.start} to ${b.expiry}` : `bank ${id}`;
  };
  let table = null;
  const showBanks = (page) => {
    for (const b of page.banks) known.set(b.id, b);
    clear(banksSlot);
    if (!page.banks.length) {
      refresh.disabled = true;
      table = null;
      banksSlot.append(empty("Your organisation has no credit banks yet. Ask your vendor for credits with \u201cRequest credits\u201d.", "banks-empty"));
      return;
    }
    refresh.disabled = false;
    table = dataTable({
      caption: "Credit banks",
      testid: "banks-table",
      rowAttrs: (b) => ({ testid: "bank-row", "data-bank-id": b.id }),
      columns: [
        {
          label: "Product",
          cell: (b) =>
            h(
              "span",
              null,
              h("span", { testid: "bank-product" }, productName(names, b.product)),
              h("a", { class: "sub", href: `#/licences?bank=${encodeURIComponent(b.id)}`, testid: "bank-licenses" }, "View licences"),
            ),
        },
        { label: "Purchased", cell: (b) => String(b.purchased), className: "num" },
        { label: "Requested", cell: (b) => h("span", { testid: "bank-requested" }, String(b.requested ?? 0)), className: "num" },
        { label: "Granted", cell: (b) => String(b.granted), className: "num" },
        { label: "Used", cell: (b) => h("span", { testid: "bank-used" }, String(b.used)), className: "num" },
        { label: "Remaining", cell: (b) => h("strong", { testid: "bank-remaining" }, String(b.remaining)), className: "num" },
        { label: "Start", cell: (b) => b.start, className: "date" },
        { label: "Expiry", cell: (b) => b.expiry, className: "date" },
        { label: "Version", cell: (b) => b.version },
        { label: "Portable", cell: (b) => yesNo(b.portable) },
        {
          label: "Status",
          cell: (b) => h("span", null, badge(b.status, "bank-status"), b.forfeited ? h("span", { class: "muted small" }, ` ${b.forfeited} forfeited`) : null),
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
      status.textContent = "Refreshing\u2026";
      const rows = [...table.tbody.rows];
      const results = await Promise.allSettled(rows.map((row) => api(`/banks/${seg(row.dataset.bankId)}`)));
      let failed = null;
      results.forEach((result, i) => {
        if (result.status === "fulfilled") rows[i].replaceWith(table.rowOf(result.value));
        else failed = result.reason;
      });
      const time = new Date().toTimeString().slice(0, 8);
      status.textContent = failed ? `Some banks could not be refreshed (${time}).` : `Updated at ${time}.`;
      if (failed) errors.append(errorBox(failed));
      renderRequests(requests, names, bankName, announce);
    }),
  );
  await renderRequests(requests, names, bankName, announce);
}
