// Licences of the organisation (GET /v1/licenses, filtered and paged), generating and renewing
// with a quote first, returning and assigning, and the CSV export.

import { api, apiUrl, apiWithStatus, keyKeeper, newKey, request, seg } from "../api.js";
import {
  h,
  badge,
  busy,
  clear,
  dataTable,
  empty,
  errorBox,
  field,
  formErrors,
  loading,
  messageOf,
  moreRows,
  notice,
  openDialog,
  todayIso,
  typeLabel,
} from "../dom.js";
import { productNames, productName } from "../products.js";

const PAGE = 25;

const QUANTITY = {
  node_lock: { label: "Number of licences", hint: "Node-lock: each licence activates one computer; one activation code per licence." },
  multiseat: { label: "Computers", hint: "Multiseat: one activation code shared by this many computers." },
  floating: { label: "Seats", hint: "Floating: one activation code; this many people can use it at the same time." },
};

/** Every bank of the organisation (for the filter and the generate form). */
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

/** A whole number from a field, or an error object naming the field. */
function wholeNumber(form, name, label) {
  const raw = String(form.elements.namedItem(name).value).trim();
  if (!/^\d+$/.test(raw)) return { error: { field: name, message: `${label} must be a whole number` } };
  return { value: Number(raw) };
}

function actions(...buttons) {
  return h("div", { class: "actions" }, buttons);
}

/** The quote's figures, for the review step. */
function quoteDetails(q, extra = []) {
  const row = (label, value, testid) => h("div", null, h("dt", null, label), h("dd", { testid }, value));
  return h(
    "dl",
    { class: "quote", testid: "quote-details" },
    extra,
    row("Licences", q.licenses === 1 ? `1 licence, ${q.computers} ${q.computers === 1 ? "computer" : "computers"}` : `${q.licenses} licences, ${q.computers} computer each`, "quote-licenses"),
    row("Start", q.start, "quote-start"),
    row("Expiry", q.expiry, "quote-expiry"),
    row("Months charged", q.months_charged === q.months_requested ? String(q.months_charged) : `${q.months_charged} (of ${q.months_requested} requested)`, "quote-months"),
    row("Credits", h("strong", null, String(q.credits)), "quote-credits"),
    row("Remaining in the bank", `${q.remaining_before} now, ${q.remaining_after} after`, "quote-remaining-after"),
  );
}

function cappedNote(q) {
  if (!q.capped) return null;
  return h(
    "p",
    { class: "note note-warning", testid: "quote-capped" },
    h("strong", null, "Capped at the bank's expiry: "),
    `the term ends on ${q.expiry}; ${q.months_charged} of the ${q.months_requested} months asked for are charged.`,
  );
}

/**
 * The quote-then-confirm flow inside a dialog: `form` asks, `quote(body)` prices, the review
 * shows the quote, Confirm sends the same body plus the quoted credits with an Idempotency-Key
 * that is kept for retries of that confirm.
 */
function quoteFlow({ dialog, form, formErrs, read, quotePath, confirmPath, name, reviewExtra, done }) {
  const showForm = () => {
    dialog.body.replaceChildren(form);
  };
  const ask = async (submitter) => {
    formErrs.clear();
    const input = read();
    if (input.error) {
      formErrs.show(input.error);
      return;
    }
    try {
      const answer = await busy(submitter, () => api(quotePath, { method: "POST", body: input.body }));
      showReview(input.body, answer, null);
    } catch (error) {
      if (error?.code !== "unauthenticated") formErrs.show(error);
    }
  };
  const showReview = (body, answer, warning) => {
    const q = answer.quote;
    const key = newKey();
    const heading = h("h3", { tabindex: "-1" }, "Review and confirm");
    const back = h("button", { type: "button", class: "button secondary", testid: `${name}-back` }, "Change");
    const confirm = h("button", { type: "submit", class: "button", testid: `${name}-confirm` }, `Confirm: use ${q.credits} credits`);
    const review = h(
      "form",
      { class: "review", testid: `${name}-review` },
      heading,
      warning ? errorBox(warning, "quote-warning") : null,
      h("p", { class: "summary", testid: "quote-summary" }, q.summary),
      cappedNote(q),
      quoteDetails(q, reviewExtra?.(answer) ?? []),
      actions(back, confirm),
    );
    const reviewErrs = formErrors(review, { testid: `${name}-confirm-error` });
    back.addEventListener("click", () => {
      showForm();
      form.querySelector("input, select")?.focus();
    });
    review.addEventListener("submit", async (event) => {
      event.preventDefault();
      reviewErrs.clear();
      try {
        const result = await busy([confirm, back], () =>
          api(confirmPath, { method: "POST", body: { ...body, credits: q.credits }, idempotencyKey: key }),
        );
        done(result, q);
      } catch (error) {
        if (error?.code === "unauthenticated") return;
        if (error?.code === "quote_changed") {
          try {
            const fresh = await busy([confirm, back], () => api(quotePath, { method: "POST", body }));
            showReview(body, fresh, error);
          } catch (again) {
            reviewErrs.show(again);
          }
          return;
        }
        if (error?.field && error.field !== "credits" && form.elements.namedItem(error.field)) {
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
    ask(event.submitter ?? form.querySelector("[type=submit]"));
  });
  showForm();
}

function openGenerate({ banks, names, preselect, me, onDone }) {
  const usable = banks.filter((b) => b.status !== "expired" && b.remaining > 0);
  const dialog = openDialog({ title: "Generate licences", testid: "generate-dialog", wide: true });
  if (!usable.length) {
    dialog.body.append(
      h("p", { testid: "generate-no-banks" }, "No bank has credits left to use. Your vendor adds banks when you buy credits."),
      actions(h("button", { type: "button", class: "button", onclick: () => dialog.close() }, "Close")),
    );
    dialog.focusFirst();
    return;
  }
  const bank = h(
    "select",
    { name: "bank", testid: "generate-bank", required: true },
    usable.map((b) => h("option", { value: b.id, selected: b.id === preselect }, `${bankLabel(names, b)} (${b.remaining} credits left)`)),
  );
  const type = h(
    "select",
    { name: "type", testid: "generate-type" },
    h("option", { value: "node_lock" }, "Node-lock"),
    h("option", { value: "multiseat" }, "Multiseat"),
    h("option", { value: "floating" }, "Floating"),
  );
  const months = h("input", { type: "number", name: "months", min: "1", step: "1", inputmode: "numeric", value: "12", testid: "generate-months", required: true });
  const quantity = h("input", { type: "number", name: "quantity", min: "1", step: "1", inputmode: "numeric", value: "1", testid: "generate-quantity", required: true });
  const start = h("input", { type: "date", name: "start", value: todayIso(), testid: "generate-start" });
  const recipient = h("input", { type: "email", name: "recipient", autocomplete: "off", testid: "generate-recipient", required: true, spellcheck: "false" });
  const quantityField = field({ label: QUANTITY.node_lock.label, input: quantity, hint: QUANTITY.node_lock.hint, testid: "generate-quantity-field" });
  const quantityLabel = quantityField.querySelector("label");
  quantityLabel.dataset.testid = "generate-quantity-label";
  const quantityHint = quantityField.querySelector(".hint");
  type.addEventListener("change", () => {
    const words = QUANTITY[type.value] ?? QUANTITY.node_lock;
    quantityLabel.textContent = words.label;
    quantityHint.textContent = words.hint;
  });
  const submit = h("button", { type: "submit", class: "button", testid: "generate-quote" }, "Review quote");
  const cancel = h("button", { type: "button", class: "button secondary", onclick: () => dialog.close() }, "Cancel");
  const form = h(
    "form",
    { novalidate: true, testid: "generate-form", class: "form-grid" },
    field({ label: "Bank", input: bank }),
    field({ label: "Licence type", input: type }),
    field({ label: "Months", input: months, hint: "A term never runs past its bank's expiry." }),
    quantityField,
    field({ label: "Start date", input: start, hint: "Today or later." }),
    field({ label: "Recipient email", input: recipient, hint: `Someone new is invited to ${me.org?.name ?? "the organisation"}.` }),
    actions(cancel, submit),
  );
  const labels = { bank: "Bank", type: "Licence type", months: "Months", quantity: "Quantity", start: "Start date", recipient: "Recipient email" };
  const formErrs = formErrors(form, { labels, testid: "generate-error" });
  quoteFlow({
    dialog,
    form,
    formErrs,
    name: "generate",
    quotePath: "/licenses/quote",
    confirmPath: "/licenses",
    read: () => {
      const m = wholeNumber(form, "months", "Months");
      if (m.error) return m;
      const qn = wholeNumber(form, "quantity", quantityLabel.textContent);
      if (qn.error) return qn;
      const body = { bank: bank.value, type: type.value, months: m.value, quantity: qn.value, recipient: recipient.value.trim() };
      if (start.value) body.start = start.value;
      return { body };
    },
    reviewExtra: (answer) => [
      h("div", null, h("dt", null, "Bank"), h("dd", null, bankLabel(names, usable.find((b) => b.id === answer.bank) ?? { product: "", version: "", start: "", expiry: "" }))),
      h("div", null, h("dt", null, "Type"), h("dd", null, typeLabel(type.value))),
      h(
        "div",
        null,
        h("dt", null, "Recipient"),
        h(
          "dd",
          { testid: "quote-recipient" },
          answer.recipient.email,
          answer.recipient.joins_organisation ? h("span", { class: "muted", testid: "quote-joins" }, ` (new: will be invited to ${me.org?.name ?? "the organisation"})`) : null,
        ),
      ),
    ],
    done: (result, q) => {
      const codes = result.licenses.map((l) => l.code);
      const heading = h("h3", { tabindex: "-1" }, codes.length === 1 ? "Licence generated" : `${codes.length} licences generated`);
      const close = h("button", { type: "button", class: "button", testid: "generate-close", onclick: () => dialog.close() }, "Done");
      dialog.body.replaceChildren(
        h(
          "div",
          { testid: "generate-result" },
          heading,
          h("p", null, `${q.credits} credits used. ${result.recipient.email} receives the activation code${codes.length === 1 ? "" : "s"} by email.`),
          h("ul", { class: "codes" }, codes.map((c) => h("li", null, h("code", { testid: "generated-code" }, c)))),
          actions(close),
        ),
      );
      heading.focus();
      onDone(`Generated ${codes.length === 1 ? "licence" : `${codes.length} licences`} ${codes.join(", ")} for ${result.recipient.email} (${q.credits} credits).`);
    },
  });
  dialog.focusFirst();
}

function openRenew(license, onDone) {
  const dialog = openDialog({ title: `Renew ${license.code}`, testid: "renew-dialog", wide: true });
  const last = license.terms?.[license.terms.length - 1];
  const months = h("input", { type: "number", name: "months", min: "1", step: "1", inputmode: "numeric", value: String(last?.months_requested ?? 12), testid: "renew-months" });
  const multiseat = license.type === "multiseat";
  const computers = multiseat
    ? h("input", { type: "number", name: "computers", min: "1", step: "1", inputmode: "numeric", value: String(license.computers), testid: "renew-computers" })
    : null;
  const submit = h("button", { type: "submit", class: "button", testid: "renew-quote" }, "Review quote");
  const cancel = h("button", { type: "button", class: "button secondary", onclick: () => dialog.close() }, "Cancel");
  const form = h(
    "form",
    { novalidate: true, testid: "renew-form", class: "form-grid" },
    h("p", { class: "full" }, `${typeLabel(license.type)} licence for ${license.assignee ?? "nobody (returned)"}, ${license.computers} ${license.computers === 1 ? "computer" : "computers"}, expires ${license.expiry}. The new term starts on that date.`),
    field({ label: "Months", input: months, hint: "The last term's length unless you change it." }),
    computers ? field({ label: "Computers", input: computers, hint: "Multiseat licences may change their number of computers at renewal." }) : null,
    actions(cancel, submit),
  );
  const formErrs = formErrors(form, { labels: { months: "Months", computers: "Computers" }, testid: "renew-error" });
  const code = seg(license.code);
  quoteFlow({
    dialog,
    form,
    formErrs,
    name: "renew",
    quotePath: `/licenses/${code}/renewals/quote`,
    confirmPath: `/licenses/${code}/renewals`,
    read: () => {
      const m = wholeNumber(form, "months", "Months");
      if (m.error) return m;
      const body = { months: m.value };
      if (computers) {
        const c = wholeNumber(form, "computers", "Computers");
        if (c.error) return c;
        body.computers = c.value;
      }
      return { body };
    },
    done: (result, q) => {
      const heading = h("h3", { tabindex: "-1" }, "Licence renewed");
      dialog.body.replaceChildren(
        h(
          "div",
          { testid: "renew-result" },
          heading,
          h("p", null, `${license.code} now runs until ${result.license.expiry}; ${q.credits} credits used.`),
          actions(h("button", { type: "button", class: "button", testid: "renew-close", onclick: () => dialog.close() }, "Done")),
        ),
      );
      heading.focus();
      onDone(`Renewed ${license.code} until ${result.license.expiry} (${q.credits} credits).`);
    },
  });
  dialog.focusFirst();
}

function openReturn(license, onDone) {
  const dialog = openDialog({ title: "Return licence", testid: "return-dialog" });
  const confirm = h("button", { type: "submit", class: "button danger", testid: "return-confirm" }, "Return licence");
  const cancel = h("button", { type: "button", class: "button secondary", testid: "return-cancel", onclick: () => dialog.close() }, "Cancel");
  const form = h(
    "form",
    null,
    h("p", null, "Return ", h("code", { testid: "return-code" }, license.code), " from ", h("strong", { testid: "return-assignee" }, license.assignee ?? ""), "?"),
    h("p", { class: "muted" }, "They can no longer use it; it keeps its term and can be assigned to someone else. No credits move."),
    actions(cancel, confirm),
  );
  const errs = formErrors(form, { testid: "return-error" });
  const key = newKey();
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    errs.clear();
    try {
      await busy([confirm, cancel], () => api(`/licenses/${seg(license.code)}/return`, { method: "POST", idempotencyKey: key }));
      dialog.close();
      onDone(`Returned ${license.code} from ${license.assignee}.`);
    } catch (error) {
      if (error?.code !== "unauthenticated") errs.show(error);
    }
  });
  dialog.body.append(form);
  cancel.focus();
}

function openAssign(license, onDone) {
  const dialog = openDialog({ title: `Assign ${license.code}`, testid: "assign-dialog" });
  const email = h("input", { type: "email", name: "email", autocomplete: "off", spellcheck: "false", testid: "assign-email", required: true });
  const confirm = h("button", { type: "submit", class: "button", testid: "assign-confirm" }, "Assign");
  const cancel = h("button", { type: "button", class: "button secondary", onclick: () => dialog.close() }, "Cancel");
  const form = h(
    "form",
    { novalidate: true },
    h("p", null, `${typeLabel(license.type)} licence, ${license.start} to ${license.expiry}.`),
    field({ label: "Email of the new holder", input: email, hint: "Someone new is invited to the organisation." }),
    actions(cancel, confirm),
  );
  const errs = formErrors(form, { labels: { email: "Email" }, testid: "assign-error" });
  const keyFor = keyKeeper();
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    errs.clear();
    const body = { email: email.value.trim() };
    try {
      await busy([confirm, cancel], () => api(`/licenses/${seg(license.code)}/assign`, { method: "POST", body, idempotencyKey: keyFor(body) }));
      dialog.close();
      onDone(`Assigned ${license.code} to ${body.email}.`);
    } catch (error) {
      if (error?.code !== "unauthenticated") errs.show(error);
    }
  });
  dialog.body.append(form);
  email.focus();
}

function fileNameOf(response) {
  const disposition = response.headers.get("Content-Disposition") || "";
  const m = /filename="?([^";]+)"?/i.exec(disposition);
  return m ? m[1] : `licenses-${todayIso()}.csv`;
}

function exportControls(message) {
  const link = h("a", { href: apiUrl("/licenses.csv"), class: "button secondary", testid: "csv-download", download: "" }, "Download CSV");
  let running = false;
  link.addEventListener("click", async (event) => {
    event.preventDefault();
    if (running) return;
    running = true;
    link.setAttribute("aria-disabled", "true");
    message.replaceChildren("Preparing the export\u2026");
    try {
      const response = await request("/licenses.csv", { accept: "text/csv, application/json" });
      if (response.status === 202) {
        const body = await response.json();
        message.replaceChildren(h("span", { testid: "export-emailed" }, body.message ?? `The export is being emailed to ${body.emailed_to}.`));
      } else {
        const blob = await response.blob();
        const url = URL.createObjectURL(blob);
        const save = h("a", { href: url, download: fileNameOf(response), hidden: true });
        document.body.append(save);
        save.click();
        save.remove();
        setTimeout(() => URL.revokeObjectURL(url), 10000);
        message.replaceChildren(`Downloaded ${fileNameOf(response)}.`);
      }
    } catch (error) {
      if (error?.code !== "unauthenticated") message.replaceChildren(h("span", { class: "error-text" }, messageOf(error)));
    } finally {
      running = false;
      link.removeAttribute("aria-disabled");
    }
  });
  const email = h("button", { type: "button", class: "button secondary", testid: "csv-email" }, "Email me the export");
  email.addEventListener("click", () =>
    busy(email, async () => {
      message.replaceChildren("Sending\u2026");
      try {
        const { body } = await apiWithStatus("/exports", { method: "POST", idempotencyKey: newKey() });
        message.replaceChildren(h("span", { testid: "export-emailed" }, body?.message ?? "The export is being emailed to you."));
      } catch (error) {
        if (error?.code !== "unauthenticated") message.replaceChildren(h("span", { class: "error-text" }, messageOf(error)));
      }
    }),
  );
  return [link, email];
}

export async function render(view, ctx) {
  const filters = {
    bank: ctx.params.get("bank") ?? "",
    status: ctx.params.get("status") ?? "",
    assignee: ctx.params.get("assignee") ?? "",
  };
  const [banks, names] = await Promise.all([allBanks(), productNames()]);
  const noticeSlot = h("div", { "aria-live": "polite", testid: "licenses-notice-area" });
  const exportMessage = h("p", { class: "export-message", role: "status", testid: "export-message" });
  const generate = h("button", { type: "button", class: "button", testid: "generate-open" }, "Generate licences");

  // Filters
  const bankSelect = h(
    "select",
    { name: "bank", testid: "filter-bank" },
    h("option", { value: "" }, "All banks"),
    banks.map((b) => h("option", { value: b.id, selected: b.id === filters.bank }, bankLabel(names, b) + (b.status === "expired" ? " (expired)" : ""))),
  );
  const statusSelect = h(
    "select",
    { name: "status", testid: "filter-status" },
    [["", "Any status"], ["pending", "Pending"], ["active", "Active"], ["expired", "Expired"]].map(([v, t]) => h("option", { value: v, selected: v === filters.status }, t)),
  );
  const assigneeInput = h("input", { type: "email", name: "assignee", value: filters.assignee, autocomplete: "off", spellcheck: "false", testid: "filter-assignee" });
  const filterForm = h(
    "form",
    { class: "filters", role: "search", "aria-label": "Filter licences", novalidate: true, testid: "licenses-filters" },
    field({ label: "Bank", input: bankSelect }),
    field({ label: "Status", input: statusSelect }),
    field({ label: "Assignee email", input: assigneeInput }),
    h(
      "div",
      { class: "filter-actions" },
      h("button", { type: "submit", class: "button secondary", testid: "filter-apply" }, "Apply filters"),
      filters.bank || filters.status || filters.assignee ? h("a", { href: "#/licences", testid: "filter-clear" }, "Clear filters") : null,
    ),
  );
  const filterErrs = formErrors(filterForm, { labels: { bank: "Bank", status: "Status", assignee: "Assignee email" }, testid: "filter-error" });
  filterForm.addEventListener("submit", (event) => {
    event.preventDefault();
    const q = new URLSearchParams();
    if (bankSelect.value) q.set("bank", bankSelect.value);
    if (statusSelect.value) q.set("status", statusSelect.value);
    if (assigneeInput.value.trim()) q.set("assignee", assigneeInput.value.trim());
    const text = q.toString();
    ctx.go(text ? `#/licences?${text}` : "#/licences");
  });

  const results = h("div", { class: "results", testid: "licenses-results" });
  view.append(
    h("div", { class: "toolbar" }, h("p", { class: "lead" }, "Every licence of the organisation. Generate new ones from a bank's credits."), h("div", { class: "toolbar-actions" }, generate, ...exportControls(exportMessage))),
    exportMessage,
    noticeSlot,
    filterForm,
    results,
  );

  const afterChange = (text) => {
    noticeSlot.replaceChildren(notice(text, "licenses-notice"));
    loadList();
  };
  generate.addEventListener("click", () =>
    openGenerate({ banks, names, preselect: filters.bank, me: ctx.me, onDone: afterChange }),
  );

  const columns = [
    {
      label: "Activation code",
      cell: (l) => h("span", null, h("code", { class: "activation-code", testid: "license-code" }, l.code), h("span", { class: "sub" }, productName(names, l.product))),
    },
    {
      label: "Start / expiry",
      cell: (l) => h("span", null, h("span", { class: "nowrap", testid: "license-start" }, l.start), " ", h("span", { class: "visually-hidden" }, "to"), h("span", { class: "nowrap sub-line", testid: "license-expiry" }, l.expiry)),
    },
    { label: "Computers", cell: (l) => String(l.computers), className: "num" },
    { label: "Type", cell: (l) => typeLabel(l.type), className: "keep" },
    { label: "Assignee", cell: (l) => h("span", { testid: "license-assignee" }, l.assignee ?? h("span", { class: "muted" }, "Unassigned")) },
    { label: "Credits used", cell: (l) => h("span", { testid: "license-credits" }, String(l.credits_used)), className: "num" },
    {
      label: "Bank start / expiry",
      cell: (l) => h("span", { testid: "license-bank" }, h("span", { class: "nowrap", testid: "license-bank-start" }, l.bank.start), " ", h("span", { class: "visually-hidden" }, "to"), h("span", { class: "nowrap sub-line", testid: "license-bank-expiry" }, l.bank.expiry)),
    },
    { label: "Status", cell: (l) => badge(l.status, "license-status") },
    {
      label: "Actions",
      cell: (l) => {
        const buttons = [];
        if (l.actions?.renew) buttons.push(h("button", { type: "button", class: "button small secondary", testid: "renew-open", "aria-label": `Renew ${l.code}`, onclick: () => openRenew(l, afterChange) }, "Renew"));
        if (l.actions?.return) buttons.push(h("button", { type: "button", class: "button small secondary", testid: "return-open", "aria-label": `Return ${l.code}`, onclick: () => openReturn(l, afterChange) }, "Return"));
        if (l.actions?.assign) buttons.push(h("button", { type: "button", class: "button small secondary", testid: "assign-open", "aria-label": `Assign ${l.code}`, onclick: () => openAssign(l, afterChange) }, "Assign"));
        return buttons.length ? h("span", { class: "row-actions row-actions-stack" }, buttons) : h("span", { class: "muted" }, "None");
      },
    },
  ];

  async function loadList() {
    clear(results).append(loading("Loading licences\u2026"));
    filterErrs.clear();
    const query = { ...filters, limit: PAGE };
    let first;
    try {
      first = await api("/licenses", { query });
    } catch (error) {
      if (error?.code === "unauthenticated") return;
      clear(results);
      if (!filterErrs.show(error)) results.append(errorBox(error));
      return;
    }
    if (!ctx.current()) return;
    clear(results);
    const filtered = filters.bank || filters.status || filters.assignee;
    if (!first.licenses.length) {
      results.append(empty(filtered ? "No licences match these filters." : "No licences yet. Generate the first ones with \u201cGenerate licences\u201d.", "licenses-empty"));
      return;
    }
    const count = h("p", { class: "muted", testid: "licenses-count", role: "status" });
    const table = dataTable({
      caption: "Licences",
      testid: "licenses-table",
      columns,
      rows: first.licenses,
      rowAttrs: (l) => ({ testid: "license-row", "data-code": l.code }),
    });
    const updateCount = (more) => {
      count.textContent = `Showing ${table.count()} licence${table.count() === 1 ? "" : "s"}${more ? "; more available" : ""}.`;
    };
    updateCount(first.next);
    results.append(count, table.element);
    results.append(...moreRows(first.next, (cursor) => api("/licenses", { query: { ...query, cursor } }), table, "licenses", updateCount));
  }
  await loadList();
}
