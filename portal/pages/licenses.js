// Licences of the organisation (GET /v1/licenses, filtered and paged), generating and renewing
// with a quote first, returning and assigning, and the CSV export.

import { api, apiUrl, apiWithStatus, keyKeeper, newKey, request, seg } from "../api.js";
import {
  h,
  count,
  units,
  unitsLabel,
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
  roleLabel,
  todayIso,
  typeLabel,
} from "../dom.js";
import { productNames, productName } from "../products.js";
import { ACTION_WORDS, currentTerm, nextTerm, shortWhy, whyNot } from "../licence-view.js";

const PAGE = 25;

const QUANTITY = {
  node_lock: { label: "Number of licences", hint: "Node lock: each licence activates one computer; one activation code per licence." },
  multiseat: { label: "Computers", hint: "Multiseat: one activation code shared by this many computers." },
  floating: { label: "Seats", hint: "Floating: one activation code; this many people can use it at the same time." },
};

/** Every bank of the organisation (for the filter and the generate form). */
export async function allBanks() {
  const banks = [];
  let cursor = null;
  do {
    const page = await api("/banks", { query: { limit: 100, cursor } });
    banks.push(...page.banks);
    cursor = page.next;
  } while (cursor);
  return banks;
}

export const bankLabel = (names, b) => `${productName(names, b.product)} ${b.version}, ${b.start} to ${b.expiry}`;

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
function quoteDetails(q, type, extra = []) {
  const row = (label, value, testid) => h("div", null, h("dt", null, label), h("dd", { testid }, value));
  return h(
    "dl",
    { class: "quote", testid: "quote-details" },
    extra,
    row("Licences", q.licenses === 1 ? `1 licence, ${units(type, q.computers)}` : `${count(q.licenses, "licence")}, ${units(type, q.computers)} each`, "quote-licenses"),
    row("Start", q.start, "quote-start"),
    row("Expiry", q.expiry, "quote-expiry"),
    row("Months charged", q.months_charged === q.months_requested ? String(q.months_charged) : `${q.months_charged} (of ${q.months_requested} asked for)`, "quote-months"),
    row("Credits", h("strong", null, String(q.credits)), "quote-credits"),
    row("Remaining in the bank", `${q.remaining_before} now, ${q.remaining_after} after`, "quote-remaining-after"),
  );
}

/** The quote in words, written here from its numbers (one licence, 2 computers, 3 months). */
export function quoteSummary(q, type) {
  const what = q.licenses > 1 ? `${count(q.licenses, "licence")} of ${units(type, q.computers)} each` : `1 licence for ${units(type, q.computers)}`;
  return `${what}, ${count(q.months_charged, "month")}: ${count(q.credits, "credit")}, from ${q.start} to ${q.expiry}; ${count(q.remaining_after, "credit")} will remain in the bank.`;
}

/**
 * A refusal for want of credits, bound to the field to change (the API's `field`, else
 * `fallback`), with the largest quantity the bank can pay for as a one-click fill: the API's
 * `details.max_quantity`, else computed from `details.remaining` and what this one needed.
 */
function creditsRefusal(error, form, fallback, current) {
  if (error?.code !== "insufficient_credits") return { error, max: null };
  const field = error.field && form.elements.namedItem(error.field) ? error.field : fallback;
  let max = error.details?.max_quantity;
  if (max === undefined || max === null) {
    const { remaining, needed } = error.details ?? {};
    const per = Number(needed) / Number(current(field));
    max = per > 0 && Number.isFinite(per) ? Math.floor(Number(remaining) / per) : null;
  }
  const bound = Object.assign(Object.create(Object.getPrototypeOf(error)), error, { field, message: error.message });
  return { error: bound, max: max === null ? null : Math.max(0, max), field };
}

/** Puts the "use the most the bank allows" button under the field the refusal marked. */
function offerMax(form, field, max, label) {
  const input = form.elements.namedItem(field);
  const slot = input?.closest(".field")?.querySelector(".field-error");
  if (!slot) return;
  if (max <= 0) {
    slot.append(" ", h("span", { testid: "max-none" }, "This bank cannot pay for any with these months: choose fewer months or another bank."));
    return;
  }
  const fill = h("button", { type: "button", class: "button small secondary", testid: "use-max" }, `Use ${max}, the most this bank allows`);
  fill.setAttribute("aria-label", `Use ${max}, the most this bank allows, as ${label}`);
  fill.addEventListener("click", () => {
    input.value = String(max);
    input.removeAttribute("aria-invalid");
    fill.closest(".field-error")?.remove();
    input.focus();
  });
  slot.append(" ", fill);
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
function quoteFlow({ dialog, form, formErrs, read, quotePath, confirmPath, name, reviewExtra, done, type, creditsField, labels = {} }) {
  const showRefusal = (error) => {
    const field = typeof creditsField === "function" ? creditsField() : creditsField;
    const { error: bound, max, field: marked } = creditsRefusal(error, form, field, (f) => form.elements.namedItem(f)?.value);
    const onField = formErrs.show(bound);
    if (onField && max !== null && marked) offerMax(form, marked, max, labels[marked] ?? marked);
  };
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
      if (error?.code !== "unauthenticated") showRefusal(error);
    }
  };
  const showReview = (body, answer, warning) => {
    const q = answer.quote;
    const key = newKey();
    const heading = h("h3", { tabindex: "-1" }, "Review and confirm");
    const back = h("button", { type: "button", class: "button secondary", testid: `${name}-back` }, "Change");
    const confirm = h("button", { type: "submit", class: "button", testid: `${name}-confirm` }, `Confirm: use ${count(q.credits, "credit")}`);
    const review = h(
      "form",
      { class: "review", testid: `${name}-review` },
      heading,
      warning ? errorBox(warning, "quote-warning") : null,
      h("p", { class: "summary", testid: "quote-summary" }, quoteSummary(q, typeof type === "function" ? type() : type)),
      cappedNote(q),
      quoteDetails(q, typeof type === "function" ? type() : type, reviewExtra?.(answer) ?? []),
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
        if (error?.code === "insufficient_credits" || (error?.field && error.field !== "credits" && form.elements.namedItem(error.field))) {
          showForm();
          showRefusal(error);
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
    usable.map((b) => h("option", { value: b.id, selected: b.id === preselect }, `${bankLabel(names, b)} (${count(b.remaining, "credit")} left)`)),
  );
  const type = h(
    "select",
    { name: "type", testid: "generate-type" },
    h("option", { value: "node_lock" }, "Node lock"),
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
    type: () => type.value,
    creditsField: "quantity",
    labels: { quantity: quantityLabel.textContent },
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
          h("p", null, `${count(q.credits, "credit")} used. ${result.recipient.email} receives ${codes.length === 1 ? "the activation code" : "the activation codes"} by email.`),
          h("ul", { class: "codes" }, codes.map((c) => h("li", null, h("code", { testid: "generated-code" }, c)))),
          actions(close),
        ),
      );
      heading.focus();
      onDone(`Generated ${codes.length === 1 ? "licence" : count(codes.length, "licence")} ${codes.join(", ")} for ${result.recipient.email} (${count(q.credits, "credit")}).`);
    },
  });
  dialog.focusFirst();
}

export function openRenew(license, onDone, names = new Map()) {
  const dialog = openDialog({ title: `Renew ${license.code}`, testid: "renew-dialog", wide: true });
  const last = license.terms?.[license.terms.length - 1];
  const lastComputers = last?.computers ?? license.computers;
  const months = h("input", { type: "number", name: "months", min: "1", step: "1", inputmode: "numeric", value: String(last?.months_requested ?? 12), testid: "renew-months" });
  const multiseat = license.type === "multiseat";
  const computers = multiseat
    ? h("input", { type: "number", name: "computers", min: "1", step: "1", inputmode: "numeric", value: String(lastComputers), testid: "renew-computers" })
    : null;
  const submit = h("button", { type: "submit", class: "button", testid: "renew-quote" }, "Review quote");
  const cancel = h("button", { type: "button", class: "button secondary", onclick: () => dialog.close() }, "Cancel");
  const holder = license.assignee ?? "nobody (returned)";
  const form = h(
    "form",
    { novalidate: true, testid: "renew-form", class: "form-grid" },
    h(
      "p",
      { class: "full", testid: "renew-context" },
      `${typeLabel(license.type)} licence of ${productName(names, license.product)} for ${holder}, ${units(license.type, lastComputers)} until ${license.expiry}. The new term starts on that date and ends no later than its bank's expiry (${license.bank?.expiry ?? "unknown"}).`,
    ),
    field({ label: "Months", input: months, hint: "The last term's length unless you change it." }),
    computers ? field({ label: "Computers", input: computers, hint: "A multiseat licence may change its number of computers for the new term." }) : null,
    actions(cancel, submit),
  );
  const formErrs = formErrors(form, { labels: { months: "Months", computers: "Computers" }, testid: "renew-error" });
  const code = seg(license.code);
  quoteFlow({
    dialog,
    form,
    formErrs,
    name: "renew",
    type: license.type,
    creditsField: computers ? "computers" : "months",
    labels: { months: "Months", computers: "Computers" },
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
          h("p", null, `${license.code} has a new term from ${q.start} to ${q.expiry}, ${units(license.type, q.computers)}; ${count(q.credits, "credit")} used.`),
          actions(h("button", { type: "button", class: "button", testid: "renew-close", onclick: () => dialog.close() }, "Done")),
        ),
      );
      heading.focus();
      onDone(`Renewed ${license.code}: next term from ${q.start} to ${q.expiry}, ${units(license.type, q.computers)} (${count(q.credits, "credit")}).`);
    },
  });
  dialog.focusFirst();
}

export function openReturn(license, onDone) {
  const dialog = openDialog({ title: "Return licence", testid: "return-dialog" });
  const confirm = h("button", { type: "submit", class: "button danger", testid: "return-confirm" }, "Confirm: return licence");
  const cancel = h("button", { type: "button", class: "button secondary", testid: "return-cancel", onclick: () => dialog.close() }, "Cancel");
  const form = h(
    "form",
    null,
    h("p", null, "Check the licence and its holder:"),
    h(
      "dl",
      { class: "quote" },
      h("div", null, h("dt", null, "Activation code"), h("dd", null, h("code", { testid: "return-code" }, license.code))),
      h("div", null, h("dt", null, "Held by"), h("dd", { testid: "return-assignee" }, license.assignee ?? "")),
    ),
    h("p", { class: "muted" }, "They can no longer use it and every computer it is activated on is released; it keeps its term and can be assigned to someone else. No credits move."),
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

/** The organisation's people, for the member picker (at most a few pages). */
async function people() {
  const users = [];
  let cursor = null;
  let pages = 0;
  do {
    const page = await api("/users", { query: { limit: 100, cursor } });
    users.push(...page.users);
    cursor = page.next;
  } while (cursor && ++pages < 5);
  return users;
}

export async function openAssign(license, onDone) {
  const dialog = openDialog({ title: `Assign ${license.code}`, testid: "assign-dialog" });
  let users = [];
  try {
    users = (await people()).filter((u) => u.status !== "inactive");
  } catch (error) {
    if (error?.code === "unauthenticated") return;
  }
  const OTHER = "";
  const member = h(
    "select",
    { name: "member", testid: "assign-member" },
    users.map((u) => h("option", { value: u.email }, `${u.email} (${roleLabel(u.role).toLowerCase()}${u.status === "invited" ? ", invited" : ""})`)),
    h("option", { value: OTHER }, "Someone else: type their address"),
  );
  const email = h("input", { type: "email", name: "email", autocomplete: "off", spellcheck: "false", testid: "assign-email" });
  const emailField = field({ label: "Email of the new holder", input: email, hint: "Someone new is invited to the organisation as a member." });
  const confirm = h("button", { type: "submit", class: "button", testid: "assign-confirm" }, "Confirm: assign");
  const cancel = h("button", { type: "button", class: "button secondary", onclick: () => dialog.close() }, "Cancel");
  const form = h(
    "form",
    { novalidate: true },
    h("p", null, "Check the licence: ", h("code", { testid: "assign-code" }, license.code), `, ${typeLabel(license.type)}, ${license.start} to ${license.expiry}.`),
    field({ label: "New holder", input: member, hint: "A person of your organisation, or someone else's address." }),
    emailField,
    actions(cancel, confirm),
  );
  const aliases = {};
  const sync = () => {
    const other = member.value === OTHER;
    emailField.hidden = !other;
    if (other) delete aliases.email;
    else aliases.email = "member";
  };
  member.addEventListener("change", () => {
    sync();
    if (member.value === OTHER) email.focus();
  });
  if (!users.length) member.value = OTHER;
  sync();
  const errs = formErrors(form, { labels: { email: "Email", member: "New holder" }, aliases, testid: "assign-error" });
  const keyFor = keyKeeper();
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    errs.clear();
    const address = member.value === OTHER ? email.value.trim() : member.value;
    if (!address) {
      errs.show({ field: "email", message: "type the address of the person who gets the licence" });
      return;
    }
    const body = { email: address };
    try {
      await busy([confirm, cancel], () => api(`/licenses/${seg(license.code)}/assign`, { method: "POST", body, idempotencyKey: keyFor(body) }));
      dialog.close();
      onDone(`Assigned ${license.code} to ${body.email}; they are told by email.`);
    } catch (error) {
      if (error?.code !== "unauthenticated") errs.show(error);
    }
  });
  dialog.body.append(form);
  member.focus();
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

const FILTERS = ["q", "product", "bank", "status", "assignee", "sort"];
const SORTS = [
  ["", "Newest first"],
  ["expiry", "Soonest expiry first"],
  ["-expiry", "Latest expiry first"],
];

/** The current term, and the next one when a renewal added it, as a cell. */
export function termCell(l) {
  const cur = currentTerm(l);
  const next = nextTerm(l);
  return h(
    "span",
    null,
    h("span", { class: "nowrap", testid: "license-start" }, cur.start),
    " ",
    h("span", { class: "visually-hidden" }, "to"),
    h("span", { class: "nowrap sub-line", testid: "license-expiry" }, cur.expiry),
    next ? h("span", { class: "sub", testid: "license-next" }, `Then ${next.start} to ${next.expiry}${next.computers !== cur.computers ? `, ${units(l.type, next.computers)}` : ""}`) : null,
  );
}

/** What the list's row offers, and in words what it does not. */
function actionsCell(l, open) {
  const buttons = [];
  const missing = [];
  for (const action of ["renew", "return", "assign"]) {
    const reason = whyNot(l, action);
    if (!reason) {
      const word = ACTION_WORDS[action];
      buttons.push(h("button", { type: "button", class: "button small secondary", testid: `${action}-open`, "aria-label": `${word} ${l.code}`, onclick: () => open[action](l) }, word));
    } else missing.push([action, reason]);
  }
  // Actions refused for the same reason are said once: "Return and assign: not a portable bank".
  const byWhy = new Map();
  for (const [action, reason] of missing) {
    const text = shortWhy(reason);
    byWhy.set(text, [...(byWhy.get(text) ?? []), ACTION_WORDS[action]]);
  }
  const lines = [...byWhy].map(([why, words]) =>
    h("li", { testid: "why-not" }, `${words.length > 1 ? `${words.slice(0, -1).join(", ")} and ${words[words.length - 1].toLowerCase()}` : words[0]}: ${why}`),
  );
  return h(
    "span",
    { class: "row-actions row-actions-stack" },
    buttons,
    lines.length ? h("ul", { class: "why-not-list" }, lines) : null,
    h("a", { href: `#/licences/${encodeURIComponent(l.code)}`, class: "small-link", testid: "license-details", "aria-label": `Details of ${l.code}` }, "Details"),
  );
}

export async function render(view, ctx) {
  const filters = Object.fromEntries(FILTERS.map((k) => [k, ctx.params.get(k) ?? ""]));
  const [banks, names] = await Promise.all([allBanks(), productNames()]);
  const noticeSlot = h("div", { "aria-live": "polite", testid: "licenses-notice-area" });
  const exportMessage = h("p", { class: "export-message", role: "status", testid: "export-message" });
  const generate = h("button", { type: "button", class: "button", testid: "generate-open" }, "Generate licences");
  const refresh = h("button", { type: "button", class: "button secondary", testid: "licenses-refresh" }, "Refresh");

  // Filters: reflected in the address, so a filtered list can be bookmarked and shared.
  const products = [...new Set(banks.map((b) => b.product))];
  if (filters.product && !products.includes(filters.product)) products.push(filters.product);
  const qInput = h("input", { type: "search", name: "q", value: filters.q, autocomplete: "off", spellcheck: "false", maxlength: "254", testid: "filter-q" });
  const productSelect = h(
    "select",
    { name: "product", testid: "filter-product" },
    h("option", { value: "" }, "All products"),
    products.map((p) => h("option", { value: p, selected: p === filters.product }, productName(names, p))),
  );
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
  const sortSelect = h("select", { name: "sort", testid: "filter-sort" }, SORTS.map(([v, t]) => h("option", { value: v, selected: v === filters.sort }, t)));
  const filtered = FILTERS.some((k) => k !== "sort" && filters[k]);
  const filterForm = h(
    "form",
    { class: "filters", role: "search", "aria-label": "Find licences", novalidate: true, testid: "licenses-filters" },
    field({ label: "Activation code or email", input: qInput, hint: "Part of either is enough." }),
    field({ label: "Product", input: productSelect }),
    field({ label: "Bank", input: bankSelect }),
    field({ label: "Status", input: statusSelect }),
    field({ label: "Order", input: sortSelect }),
    h(
      "div",
      { class: "filter-actions" },
      h("button", { type: "submit", class: "button secondary", testid: "filter-apply" }, "Apply filters"),
      filtered || filters.sort ? h("a", { href: "#/licences", testid: "filter-clear" }, "Clear filters") : null,
    ),
  );
  const filterErrs = formErrors(filterForm, { labels: { q: "Activation code or email", product: "Product", bank: "Bank", status: "Status", sort: "Order", assignee: "Activation code or email" }, aliases: { assignee: "q" }, testid: "filter-error" });
  filterForm.addEventListener("submit", (event) => {
    event.preventDefault();
    const q = new URLSearchParams();
    if (qInput.value.trim()) q.set("q", qInput.value.trim());
    if (productSelect.value) q.set("product", productSelect.value);
    if (bankSelect.value) q.set("bank", bankSelect.value);
    if (statusSelect.value) q.set("status", statusSelect.value);
    if (sortSelect.value) q.set("sort", sortSelect.value);
    const text = q.toString();
    ctx.go(text ? `#/licences?${text}` : "#/licences");
  });

  const results = h("div", { class: "results", testid: "licenses-results" });
  view.append(
    h(
      "div",
      { class: "toolbar" },
      h("p", { class: "lead" }, "Every licence of the organisation. Generate new ones from a bank's credits."),
      h("div", { class: "toolbar-actions" }, generate, refresh, ...exportControls(exportMessage)),
    ),
    exportMessage,
    noticeSlot,
    filterForm,
    results,
  );

  /** After a change: the notice, the list read again, and focus back on the licence's row. */
  const afterChange = async (text, code) => {
    noticeSlot.replaceChildren(notice(text, "licenses-notice"));
    await loadList();
    if (!code || !ctx.current()) return;
    const focusRow = () => {
      const row = results.querySelector(`[data-testid="license-row"][data-code="${CSS.escape(code)}"]`);
      row?.querySelector("button, a[href]")?.focus();
    };
    // A dialog still showing its result gives focus back when it closes, after its own handler.
    const dialog = document.querySelector("dialog[open]");
    if (dialog) dialog.addEventListener("close", focusRow, { once: true });
    else focusRow();
  };
  generate.addEventListener("click", () => openGenerate({ banks, names, preselect: filters.bank, me: ctx.me, onDone: afterChange }));
  refresh.addEventListener("click", () => busy(refresh, () => loadList("Refreshed.")));
  const open = {
    renew: (l) => openRenew(l, (text) => afterChange(text, l.code), names),
    return: (l) => openReturn(l, (text) => afterChange(text, l.code)),
    assign: (l) => openAssign(l, (text) => afterChange(text, l.code)),
  };

  const columns = [
    {
      label: "Activation code",
      cell: (l) =>
        h(
          "span",
          null,
          h("a", { href: `#/licences/${encodeURIComponent(l.code)}`, class: "code-link" }, h("code", { class: "activation-code", testid: "license-code" }, l.code)),
          h("span", { class: "sub", testid: "license-product" }, `${productName(names, l.product)}${l.version ?? l.bank?.version ? ` ${l.version ?? l.bank.version}` : ""}`),
        ),
    },
    { label: "Current term", cell: termCell },
    { label: "Computers or seats", cell: (l) => h("span", { testid: "license-computers" }, units(l.type, currentTerm(l).computers ?? l.computers)), className: "keep" },
    { label: "Type", cell: (l) => h("span", { testid: "license-type" }, typeLabel(l.type)), className: "keep" },
    { label: "Assignee", cell: (l) => h("span", { testid: "license-assignee" }, l.assignee ?? h("span", { class: "muted" }, "Unassigned")) },
    { label: "Credits used", cell: (l) => h("span", { testid: "license-credits" }, String(l.credits_used)), className: "num" },
    {
      label: "Bank start / expiry",
      cell: (l) => h("span", { testid: "license-bank" }, h("span", { class: "nowrap", testid: "license-bank-start" }, l.bank.start), " ", h("span", { class: "visually-hidden" }, "to"), h("span", { class: "nowrap sub-line", testid: "license-bank-expiry" }, l.bank.expiry)),
    },
    { label: "Status", cell: (l) => badge(l.status, "license-status") },
    { label: "Actions", cell: (l) => actionsCell(l, open), className: "actions-col" },
  ];

  // Until the API filters by `q` and `product` and sorts (the same query parameters), each page
  // is also filtered and the loaded rows sorted here: when the API does it, this changes nothing.
  const needle = filters.q.toLowerCase().replace(/[\s-]/g, "");
  const matches = (l) => {
    if (filters.product && l.product !== filters.product) return false;
    if (!needle) return true;
    const code = String(l.code).toLowerCase().replace(/-/g, "");
    return code.includes(needle) || String(l.assignee ?? "").toLowerCase().includes(filters.q.toLowerCase());
  };
  const byExpiry = (a, b) => (currentTerm(a).expiry < currentTerm(b).expiry ? -1 : currentTerm(a).expiry > currentTerm(b).expiry ? 1 : 0);
  const order = filters.sort === "expiry" ? byExpiry : filters.sort === "-expiry" ? (a, b) => byExpiry(b, a) : null;

  async function loadList(done) {
    clear(results).append(loading("Loading licences\u2026"));
    // Which address the shown list answers (tests wait for it; nothing reads it otherwise).
    delete results.dataset.loaded;
    filterErrs.clear();
    const query = { ...filters, limit: filters.q || filters.product ? 100 : PAGE };
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
    const rows = first.licenses.filter(matches);
    if (!rows.length && !first.next) {
      results.append(empty(filtered ? "No licences match these filters." : "No licences yet. Generate the first ones with \u201cGenerate licences\u201d.", "licenses-empty"));
      if (done) noticeSlot.replaceChildren(notice(done, "licenses-notice"));
      results.dataset.loaded = window.location.hash;
      return;
    }
    const count = h("p", { class: "muted", testid: "licenses-count", role: "status" });
    const table = dataTable({
      caption: "Licences",
      testid: "licenses-table",
      columns,
      rowAttrs: (l) => ({ testid: "license-row", "data-code": l.code }),
    });
    const shown = [];
    const show = (more) => {
      shown.push(...more.filter(matches));
      if (order) shown.sort(order);
      table.tbody.replaceChildren();
      table.add(shown);
    };
    show(first.licenses);
    const updateCount = (more) => {
      count.textContent = `Showing ${count_(table.count())}${more ? "; more available" : ""}.${done ? ` ${done}` : ""}`;
    };
    updateCount(first.next);
    results.append(count, table.element);
    const pager = { add: show };
    results.append(...moreRows(first.next, (cursor) => api("/licenses", { query: { ...query, cursor } }), pager, "licenses", updateCount));
    results.dataset.loaded = window.location.hash;
  }
  await loadList();
}

const count_ = (n) => count(n, "licence");
