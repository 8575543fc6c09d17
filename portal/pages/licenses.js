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
} from "../dom.js";
import { formatDate, formatNumber, t, tParts } from "../i18n.js";
import { productNames, productName } from "../products.js";
import { ACTION_MESSAGES, whyNot } from "../licence-view.js";
import { openBulkAssign, openBulkGenerate, openBulkRenew } from "./bulk.js";

const PAGE = 25;

/** The quantity field's label and hint for each licence type. */
const quantityWords = (type) => {
  const known = ["node_lock", "multiseat", "floating"].includes(type) ? type : "node_lock";
  return { label: t(`lic-quantity-${known}`), hint: t(`lic-quantity-${known}-hint`) };
};

// The words the licence pages share, from the catalogue.
/** A day (`YYYY-MM-DD`) in the reader's language; "medium" for tables. */
export const day = (iso, style = "long") => formatDate(iso, style);
/** A number with the language's grouping. */
export const num = (n) => formatNumber(Number(n) || 0);
/** A day as a <time>, so its value stays readable by machines. */
export const dayEl = (iso, style = "medium") => (iso ? h("time", { datetime: String(iso) }, day(iso, style)) : "");
/** "Node lock", "Multiseat", "Floating". */
export const typeWord = (type) => (["node_lock", "multiseat", "floating"].includes(type) ? t(`lic-type-${type}`) : String(type ?? ""));
/** "3 computers", "1 seat". */
export const unitsOf = (type, n) => t("lic-units", { type, count: Number(n) || 0, n: num(n) });
/** "Computers" or "Seats". */
export const unitsLabelOf = (type) => t("lic-units-label", { type });
/** "12 credits". */
export const creditsOf = (n) => t("lic-credits", { count: Number(n) || 0, n: num(n) });
/** "1 December 2026 to 1 March 2027". */
export const rangeOf = (start, expiry, style = "long") => t("lic-range", { start: day(start, style), expiry: day(expiry, style) });
/** An action's word: "Renew", "Return", "Assign". */
export const actionWord = (action) => t(ACTION_MESSAGES[action]);

/** A sentence the API wrote (a reason, a hint, a message), kept as it came. */
export const apiText = (text) => h("span", { "data-api-text": "" }, text);

/** A licence status badge with the catalogue's word for the status. */
export function statusBadge(status, testid) {
  const el = badge(status, testid);
  if (["pending", "active", "expired"].includes(status)) el.textContent = t(`lic-status-${status}`);
  return el;
}

/** A dialog of dom.js with its close button named in the reader's language. */
export function dialogOf(options) {
  const dialog = openDialog(options);
  dialog.dialog.querySelector("[data-testid=dialog-close]")?.setAttribute("aria-label", t("lic-close"));
  return dialog;
}

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

export const bankLabel = (names, b) =>
  t("lic-bank-label", { product: productName(names, b.product), version: b.version ?? "", start: day(b.start, "medium"), expiry: day(b.expiry, "medium") });

/** A whole number from a field, or an error object naming the field. */
function wholeNumber(form, name, label) {
  const raw = String(form.elements.namedItem(name).value).trim();
  if (!/^\d+$/.test(raw)) return { error: { field: name, message: t("lic-whole-number", { label }) } };
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
    row(t("lic-quote-licences"), t("lic-quote-licences-value", { count: q.licenses, n: num(q.licenses), units: unitsOf(type, q.computers) }), "quote-licenses"),
    row(t("lic-quote-start"), dayEl(q.start, "long"), "quote-start"),
    row(t("lic-quote-expiry"), dayEl(q.expiry, "long"), "quote-expiry"),
    row(t("lic-quote-months"), monthsCharged(q), "quote-months"),
    row(t("lic-credits-label"), h("strong", null, num(q.credits)), "quote-credits"),
    row(t("lic-quote-remaining"), t("lic-quote-remaining-value", { before: num(q.remaining_before), after: num(q.remaining_after) }), "quote-remaining-after"),
  );
}

/** Months charged, and how many were asked for when the bank's expiry capped them. */
export const monthsCharged = (m) =>
  m.months_charged === m.months_requested ? num(m.months_charged) : t("lic-months-of", { count: m.months_requested, charged: num(m.months_charged), requested: num(m.months_requested) });

/** The quote in words, written here from its numbers (one licence, 2 computers, 3 months). */
export function quoteSummary(q, type) {
  return t("lic-quote-summary", {
    licences: q.licenses,
    n: num(q.licenses),
    units: unitsOf(type, q.computers),
    months: q.months_charged,
    monthsN: num(q.months_charged),
    credits: q.credits,
    creditsN: num(q.credits),
    start: day(q.start),
    expiry: day(q.expiry),
    remaining: q.remaining_after,
    remainingN: num(q.remaining_after),
  });
}

/**
 * The most a refusal for want of credits says the bank can pay for, in the field it names
 * (`field`): `details.max_months` for months, `details.max_quantity` otherwise; null when the
 * refusal is another one or names no field.
 */
function mostAllowed(error) {
  if (error?.code !== "insufficient_credits" || !error.field) return null;
  const max = error.field === "months" ? error.details?.max_months : error.details?.max_quantity;
  return typeof max === "number" ? max : null;
}

/** Puts the "use the most the bank allows" button under the field the refusal marked. */
function offerMax(form, field, max, label) {
  const input = form.elements.namedItem(field);
  const slot = input?.closest(".field")?.querySelector(".field-error");
  if (!slot) return;
  if (max <= 0) {
    slot.append(" ", h("span", { testid: "max-none" }, t("lic-max-none")));
    return;
  }
  const fill = h("button", { type: "button", class: "button small secondary", testid: "use-max" }, t("lic-use-max", { max: num(max) }));
  fill.setAttribute("aria-label", t("lic-use-max-aria", { max: num(max), label }));
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
    h("strong", null, t("lic-capped-title")),
    " ",
    t("lic-capped-text", { expiry: day(q.expiry), charged: q.months_charged, chargedN: num(q.months_charged), requested: num(q.months_requested) }),
  );
}

/**
 * The quote-then-confirm flow inside a dialog: `form` asks, `quote(body)` prices, the review
 * shows the quote, Confirm sends the same body plus the quoted credits with an Idempotency-Key
 * that is kept for retries of that confirm.
 */
function quoteFlow({ dialog, form, formErrs, read, quotePath, confirmPath, name, reviewExtra, done, type, labels = {} }) {
  const showRefusal = (error) => {
    const onField = formErrs.show(error);
    const max = mostAllowed(error);
    if (onField && max !== null) offerMax(form, error.field, max, labels[error.field] ?? error.field);
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
    const heading = h("h3", { tabindex: "-1" }, t("lic-review-confirm"));
    const back = h("button", { type: "button", class: "button secondary", testid: `${name}-back` }, t("lic-change"));
    const confirm = h("button", { type: "submit", class: "button", testid: `${name}-confirm` }, t("lic-confirm-use", { count: q.credits, n: num(q.credits) }));
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
    const reviewErrs = formErrors(review, { labels: { credits: t("lic-credits-label"), ...labels }, testid: `${name}-confirm-error` });
    back.addEventListener("click", () => {
      showForm();
      form.querySelector("input, select")?.focus();
    });
    review.addEventListener("submit", async (event) => {
      event.preventDefault();
      reviewErrs.clear();
      try {
        // The bank the quote proposed pays, unless the form named one.
        const paying = body.bank || !answer.bank ? {} : { bank: answer.bank };
        const result = await busy([confirm, back], () =>
          api(confirmPath, { method: "POST", body: { ...body, ...paying, credits: q.credits }, idempotencyKey: key }),
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
  const dialog = dialogOf({ title: t("lic-generate"), testid: "generate-dialog", wide: true });
  if (!usable.length) {
    dialog.body.append(
      h("p", { testid: "generate-no-banks" }, t("lic-generate-no-banks")),
      actions(h("button", { type: "button", class: "button", onclick: () => dialog.close() }, t("lic-close"))),
    );
    dialog.focusFirst();
    return;
  }
  // A product's proposed bank first (the quote picks the one closest to losing its credits that
  // pays for the whole term), then each bank by name.
  const products = [...new Set(usable.map((b) => b.product))];
  const bank = h(
    "select",
    { name: "bank", testid: "generate-bank", required: true },
    products.map((p) => h("option", { value: `product:${p}` }, t("lic-bank-proposed", { product: productName(names, p) }))),
    usable.map((b) => h("option", { value: b.id, selected: b.id === preselect }, t("lic-bank-option", { bank: bankLabel(names, b), count: b.remaining, n: num(b.remaining) }))),
  );
  const type = h(
    "select",
    { name: "type", testid: "generate-type" },
    ["node_lock", "multiseat", "floating"].map((v) => h("option", { value: v }, typeWord(v))),
  );
  const months = h("input", { type: "number", name: "months", min: "1", step: "1", inputmode: "numeric", value: "12", testid: "generate-months", required: true });
  const quantity = h("input", { type: "number", name: "quantity", min: "1", step: "1", inputmode: "numeric", value: "1", testid: "generate-quantity", required: true });
  const start = h("input", { type: "date", name: "start", value: todayIso(), testid: "generate-start" });
  const recipient = h("input", { type: "email", name: "recipient", autocomplete: "off", testid: "generate-recipient", required: true, spellcheck: "false" });
  const quantityField = field({ label: quantityWords("node_lock").label, input: quantity, hint: quantityWords("node_lock").hint, testid: "generate-quantity-field" });
  const quantityLabel = quantityField.querySelector("label");
  quantityLabel.dataset.testid = "generate-quantity-label";
  const quantityHint = quantityField.querySelector(".hint");
  type.addEventListener("change", () => {
    const words = quantityWords(type.value);
    quantityLabel.textContent = words.label;
    quantityHint.textContent = words.hint;
  });
  const submit = h("button", { type: "submit", class: "button", testid: "generate-quote" }, t("lic-review-quote"));
  const cancel = h("button", { type: "button", class: "button secondary", onclick: () => dialog.close() }, t("lic-cancel"));
  const form = h(
    "form",
    { novalidate: true, testid: "generate-form", class: "form-grid" },
    field({ label: t("lic-bank"), input: bank }),
    field({ label: t("lic-licence-type"), input: type }),
    field({ label: t("lic-months"), input: months, hint: t("lic-months-hint") }),
    quantityField,
    field({ label: t("lic-start-date"), input: start, hint: t("lic-start-hint") }),
    field({ label: t("lic-recipient-email"), input: recipient, hint: t("lic-recipient-hint", { org: me.org?.name ?? t("lic-the-organisation") }) }),
    actions(cancel, submit),
  );
  const labels = { bank: t("lic-bank"), type: t("lic-licence-type"), months: t("lic-months"), quantity: t("lic-quantity"), start: t("lic-start-date"), recipient: t("lic-recipient-email") };
  const formErrs = formErrors(form, { labels, testid: "generate-error" });
  quoteFlow({
    dialog,
    form,
    formErrs,
    name: "generate",
    type: () => type.value,
    labels: { quantity: quantityLabel.textContent },
    quotePath: "/licenses/quote",
    confirmPath: "/licenses",
    read: () => {
      const m = wholeNumber(form, "months", t("lic-months"));
      if (m.error) return m;
      const qn = wholeNumber(form, "quantity", quantityLabel.textContent);
      if (qn.error) return qn;
      const chosen = bank.value.startsWith("product:") ? { product: bank.value.slice("product:".length) } : { bank: bank.value };
      const body = { ...chosen, type: type.value, months: m.value, quantity: qn.value, recipient: recipient.value.trim() };
      if (start.value) body.start = start.value;
      return { body };
    },
    reviewExtra: (answer) => [
      h("div", null, h("dt", null, t("lic-quote-bank")), h("dd", { testid: "quote-bank", "data-bank": answer.bank }, bankLabel(names, usable.find((b) => b.id === answer.bank) ?? { product: "", version: "", start: "", expiry: "" }))),
      h("div", null, h("dt", null, t("lic-type")), h("dd", null, typeWord(type.value))),
      h(
        "div",
        null,
        h("dt", null, t("lic-recipient")),
        h(
          "dd",
          { testid: "quote-recipient" },
          answer.recipient.email,
          answer.recipient.joins_organisation ? h("span", { class: "muted", testid: "quote-joins" }, ` ${t("lic-joins", { org: me.org?.name ?? t("lic-the-organisation") })}`) : null,
        ),
      ),
    ],
    done: (result, q) => {
      const codes = result.licenses.map((l) => l.code);
      const heading = h("h3", { tabindex: "-1" }, t("lic-generated", { count: codes.length, n: num(codes.length) }));
      const close = h("button", { type: "button", class: "button", testid: "generate-close", onclick: () => dialog.close() }, t("lic-done"));
      dialog.body.replaceChildren(
        h(
          "div",
          { testid: "generate-result" },
          heading,
          h("p", null, t("lic-generated-text", { credits: q.credits, creditsN: num(q.credits), codes: codes.length, email: result.recipient.email })),
          h("ul", { class: "codes" }, codes.map((c) => h("li", null, h("code", { testid: "generated-code" }, c)))),
          actions(close),
        ),
      );
      heading.focus();
      onDone(t("lic-generated-notice", { count: codes.length, n: num(codes.length), codes: codes.join(", "), email: result.recipient.email, credits: creditsOf(q.credits) }));
    },
  });
  dialog.focusFirst();
}

/**
 * The banks that may pay for `license`'s renewal: its own, and any other of its product and
 * version, portable exactly when its own is, that has not expired (the API checks the rest).
 */
function renewalBanks(license, banks) {
  const own = license.bank ?? {};
  return banks.filter(
    (b) => b.id === own.id || (b.product === license.product && b.version === (own.version ?? license.version) && b.portable === own.portable && b.status !== "expired"),
  );
}

export function openRenew(license, onDone, names = new Map(), banks = null) {
  const dialog = dialogOf({ title: t("lic-renew-title", { code: license.code }), testid: "renew-dialog", wide: true });
  // Which bank pays: the one the quote proposes, or one the admin picks.
  const bank = h("select", { name: "bank", testid: "renew-bank" }, h("option", { value: "" }, t("lic-renew-bank-proposed")));
  const offer = (list) =>
    bank.append(...renewalBanks(license, list).map((b) => h("option", { value: b.id }, t("lic-bank-option", { bank: bankLabel(names, b), count: b.remaining, n: num(b.remaining) }))));
  if (banks) offer(banks);
  else api("/banks", { query: { limit: 100 } }).then((answer) => offer(answer.banks ?? []), () => {});
  const last = license.terms?.[license.terms.length - 1];
  const lastComputers = last?.computers ?? license.computers;
  const months = h("input", { type: "number", name: "months", min: "1", step: "1", inputmode: "numeric", value: String(last?.months_requested ?? 12), testid: "renew-months" });
  const multiseat = license.type === "multiseat";
  const computers = multiseat
    ? h("input", { type: "number", name: "computers", min: "1", step: "1", inputmode: "numeric", value: String(lastComputers), testid: "renew-computers" })
    : null;
  const submit = h("button", { type: "submit", class: "button", testid: "renew-quote" }, t("lic-review-quote"));
  const cancel = h("button", { type: "button", class: "button secondary", onclick: () => dialog.close() }, t("lic-cancel"));
  const holder = license.assignee ?? t("lic-holder-nobody");
  const form = h(
    "form",
    { novalidate: true, testid: "renew-form", class: "form-grid" },
    h(
      "p",
      { class: "full", testid: "renew-context" },
      t("lic-renew-context", {
        type: license.type,
        product: productName(names, license.product),
        holder,
        units: unitsOf(license.type, lastComputers),
        expiry: day(license.expiry),
        bankExpiry: license.bank?.expiry ? day(license.bank.expiry) : t("lic-unknown"),
      }),
    ),
    field({ label: t("lic-months"), input: months, hint: t("lic-renew-months-hint") }),
    computers ? field({ label: t("lic-quantity-multiseat"), input: computers, hint: t("lic-renew-computers-hint") }) : null,
    field({ label: t("lic-renew-bank"), input: bank, hint: t("lic-renew-bank-hint") }),
    actions(cancel, submit),
  );
  const renewLabels = { months: t("lic-months"), computers: t("lic-quantity-multiseat"), bank: t("lic-renew-bank") };
  const formErrs = formErrors(form, { labels: renewLabels, testid: "renew-error" });
  const code = seg(license.code);
  quoteFlow({
    dialog,
    form,
    formErrs,
    name: "renew",
    type: license.type,
    labels: renewLabels,
    quotePath: `/licenses/${code}/renewals/quote`,
    confirmPath: `/licenses/${code}/renewals`,
    read: () => {
      const m = wholeNumber(form, "months", renewLabels.months);
      if (m.error) return m;
      const body = { months: m.value };
      if (computers) {
        const c = wholeNumber(form, "computers", renewLabels.computers);
        if (c.error) return c;
        body.computers = c.value;
      }
      if (bank.value) body.bank = bank.value;
      return { body };
    },
    reviewExtra: (answer) => {
      const paying = [...bank.options].find((o) => o.value === answer.bank);
      const label = paying ? paying.textContent : answer.bank;
      return [h("div", null, h("dt", null, t("lic-quote-bank")), h("dd", { testid: "quote-bank", "data-bank": answer.bank }, label))];
    },
    done: (result, q) => {
      const heading = h("h3", { tabindex: "-1" }, t("lic-renewed"));
      dialog.body.replaceChildren(
        h(
          "div",
          { testid: "renew-result" },
          heading,
          h(
            "p",
            null,
            t("lic-renewed-text", { code: license.code, start: day(q.start), expiry: day(q.expiry), units: unitsOf(license.type, q.computers), count: q.credits, n: num(q.credits) }),
          ),
          actions(h("button", { type: "button", class: "button", testid: "renew-close", onclick: () => dialog.close() }, t("lic-done"))),
        ),
      );
      heading.focus();
      onDone(t("lic-renewed-notice", { code: license.code, start: day(q.start), expiry: day(q.expiry), units: unitsOf(license.type, q.computers), credits: creditsOf(q.credits) }));
    },
  });
  dialog.focusFirst();
}

export function openReturn(license, onDone) {
  const dialog = dialogOf({ title: t("lic-return-title"), testid: "return-dialog" });
  const confirm = h("button", { type: "submit", class: "button danger", testid: "return-confirm" }, t("lic-return-confirm"));
  const cancel = h("button", { type: "button", class: "button secondary", testid: "return-cancel", onclick: () => dialog.close() }, t("lic-cancel"));
  const form = h(
    "form",
    null,
    h("p", null, t("lic-return-check")),
    h(
      "dl",
      { class: "quote" },
      h("div", null, h("dt", null, t("lic-activation-code")), h("dd", null, h("code", { testid: "return-code" }, license.code))),
      h("div", null, h("dt", null, t("lic-held-by")), h("dd", { testid: "return-assignee" }, license.assignee ?? "")),
    ),
    h("p", { class: "muted" }, t("lic-return-note")),
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
      onDone(t("lic-returned-notice", { code: license.code, email: license.assignee ?? "" }));
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
  const dialog = dialogOf({ title: t("lic-assign-title", { code: license.code }), testid: "assign-dialog" });
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
    users.map((u) => h("option", { value: u.email }, t(u.status === "invited" ? "lic-assign-person-invited" : "lic-assign-person", { email: u.email, role: u.role }))),
    h("option", { value: OTHER }, t("lic-assign-other")),
  );
  const email = h("input", { type: "email", name: "email", autocomplete: "off", spellcheck: "false", testid: "assign-email" });
  const emailField = field({ label: t("lic-assign-email"), input: email, hint: t("lic-assign-email-hint") });
  const confirm = h("button", { type: "submit", class: "button", testid: "assign-confirm" }, t("lic-assign-confirm"));
  const cancel = h("button", { type: "button", class: "button secondary", onclick: () => dialog.close() }, t("lic-cancel"));
  const form = h(
    "form",
    { novalidate: true },
    h(
      "p",
      null,
      tParts("lic-assign-check", { type: typeWord(license.type), start: day(license.start), expiry: day(license.expiry) }, { code: h("code", { testid: "assign-code" }, license.code) }),
    ),
    field({ label: t("lic-new-holder"), input: member, hint: t("lic-new-holder-hint") }),
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
  const errs = formErrors(form, { labels: { email: t("lic-email"), member: t("lic-new-holder") }, aliases, testid: "assign-error" });
  const keyFor = keyKeeper();
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    errs.clear();
    const address = member.value === OTHER ? email.value.trim() : member.value;
    if (!address) {
      errs.show({ field: "email", message: t("lic-assign-no-address") });
      return;
    }
    const body = { email: address };
    try {
      await busy([confirm, cancel], () => api(`/licenses/${seg(license.code)}/assign`, { method: "POST", body, idempotencyKey: keyFor(body) }));
      dialog.close();
      onDone(t("lic-assigned-notice", { code: license.code, email: body.email }));
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
  const link = h("a", { href: apiUrl("/licenses.csv"), class: "button secondary", testid: "csv-download", download: "" }, t("lic-csv-download"));
  let running = false;
  link.addEventListener("click", async (event) => {
    event.preventDefault();
    if (running) return;
    running = true;
    link.setAttribute("aria-disabled", "true");
    message.replaceChildren(t("lic-export-preparing"));
    try {
      const response = await request("/licenses.csv", { accept: "text/csv, application/json" });
      if (response.status === 202) {
        const body = await response.json();
        message.replaceChildren(h("span", { testid: "export-emailed" }, body.message ?? t("lic-export-emailed-to", { email: body.emailed_to })));
      } else {
        const blob = await response.blob();
        const url = URL.createObjectURL(blob);
        const save = h("a", { href: url, download: fileNameOf(response), hidden: true });
        document.body.append(save);
        save.click();
        save.remove();
        setTimeout(() => URL.revokeObjectURL(url), 10000);
        message.replaceChildren(t("lic-export-downloaded", { file: fileNameOf(response) }));
      }
    } catch (error) {
      if (error?.code !== "unauthenticated") message.replaceChildren(h("span", { class: "error-text" }, messageOf(error)));
    } finally {
      running = false;
      link.removeAttribute("aria-disabled");
    }
  });
  const email = h("button", { type: "button", class: "button secondary", testid: "csv-email" }, t("lic-export-email"));
  email.addEventListener("click", () =>
    busy(email, async () => {
      message.replaceChildren(t("lic-export-sending"));
      try {
        const { body } = await apiWithStatus("/exports", { method: "POST", idempotencyKey: newKey() });
        message.replaceChildren(h("span", { testid: "export-emailed" }, body?.message ?? t("lic-export-emailed")));
      } catch (error) {
        if (error?.code !== "unauthenticated") message.replaceChildren(h("span", { class: "error-text", testid: "export-refused" }, messageOf(error)));
      }
    }),
  );
  return [link, email];
}

const FILTERS = ["q", "product", "bank", "status", "assignee", "sort"];
const SORTS = [
  ["", "lic-sort-newest"],
  ["expiry", "lic-sort-expiry"],
  ["-expiry", "lic-sort-expiry-latest"],
];

/** The current term, and the next one when a renewal added it, as a cell. */
export function termCell(l) {
  const cur = l.current_term;
  const next = l.next_term;
  return h(
    "span",
    null,
    h("span", { class: "nowrap", testid: "license-start" }, dayEl(cur.start)),
    " ",
    h("span", { class: "visually-hidden" }, t("lic-range-hidden")),
    h("span", { class: "nowrap sub-line", testid: "license-expiry" }, dayEl(cur.expiry)),
    next
      ? h(
          "span",
          { class: "sub", testid: "license-next", "data-start": next.start, "data-expiry": next.expiry },
          next.computers !== cur.computers
            ? t("lic-then-units", { start: day(next.start, "medium"), expiry: day(next.expiry, "medium"), units: unitsOf(l.type, next.computers) })
            : t("lic-then", { start: day(next.start, "medium"), expiry: day(next.expiry, "medium") }),
        )
      : null,
  );
}

/** What the list's row offers, and in words what it does not. */
function actionsCell(l, open) {
  const buttons = [];
  const missing = [];
  for (const action of ["renew", "return", "assign"]) {
    const reason = whyNot(l, action);
    if (!reason) {
      buttons.push(
        h("button", { type: "button", class: "button small secondary", testid: `${action}-open`, "aria-label": t(`lic-action-${action}-aria`, { code: l.code }), onclick: () => open[action](l) }, actionWord(action)),
      );
    } else missing.push([action, reason]);
  }
  // Actions refused for the same reason are said once ("Return and assign: <the API's sentence>").
  const byWhy = new Map();
  for (const [action, reason] of missing) {
    const text = messageOf(reason);
    byWhy.set(text, [...(byWhy.get(text) ?? []), action]);
  }
  // The catalogue says each set of actions ("renew-return"): the list is its sentence, not the code's.
  // The reason is the API's sentence, marked as such (`data-api-text`): data, not the catalogue's.
  const lines = [...byWhy].map(([why, names]) => h("li", { testid: "why-not" }, tParts("lic-why-not", { actions: names.join("-") }, { why: apiText(why) })));
  return h(
    "span",
    { class: "row-actions row-actions-stack" },
    buttons,
    lines.length ? h("ul", { class: "why-not-list" }, lines) : null,
    h("a", { href: `#/licences/${encodeURIComponent(l.code)}`, class: "small-link", testid: "license-details", "aria-label": t("lic-details-aria", { code: l.code }) }, t("lic-details")),
  );
}

export async function render(view, ctx) {
  const filters = Object.fromEntries(FILTERS.map((k) => [k, ctx.params.get(k) ?? ""]));
  const [banks, names] = await Promise.all([allBanks(), productNames()]);
  const noticeSlot = h("div", { "aria-live": "polite", testid: "licenses-notice-area" });
  const exportMessage = h("p", { class: "export-message", role: "status", testid: "export-message" });
  const generate = h("button", { type: "button", class: "button", testid: "generate-open" }, t("lic-generate"));
  const refresh = h("button", { type: "button", class: "button secondary", testid: "licenses-refresh" }, t("lic-refresh"));
  const bulkGenerate = h("button", { type: "button", class: "button secondary", testid: "bulk-generate-open" }, t("bulk-generate-open"));
  const bulkRenew = h("button", { type: "button", class: "button secondary", testid: "bulk-renew-open" }, t("bulk-renew-open"));
  const bulkAssign = h("button", { type: "button", class: "button secondary", testid: "bulk-assign-open" }, t("bulk-assign-open"));

  // Filters: reflected in the address, so a filtered list can be bookmarked and shared.
  const products = [...new Set(banks.map((b) => b.product))];
  if (filters.product && !products.includes(filters.product)) products.push(filters.product);
  const qInput = h("input", { type: "search", name: "q", value: filters.q, autocomplete: "off", spellcheck: "false", maxlength: "254", testid: "filter-q" });
  const productSelect = h(
    "select",
    { name: "product", testid: "filter-product" },
    h("option", { value: "" }, t("lic-all-products")),
    products.map((p) => h("option", { value: p, selected: p === filters.product }, productName(names, p))),
  );
  const bankSelect = h(
    "select",
    { name: "bank", testid: "filter-bank" },
    h("option", { value: "" }, t("lic-all-banks")),
    banks.map((b) => h("option", { value: b.id, selected: b.id === filters.bank }, b.status === "expired" ? t("lic-bank-expired", { bank: bankLabel(names, b) }) : bankLabel(names, b))),
  );
  const statusSelect = h(
    "select",
    { name: "status", testid: "filter-status" },
    [["", "lic-any-status"], ["pending", "lic-status-pending"], ["active", "lic-status-active"], ["expired", "lic-status-expired"]].map(([v, id]) => h("option", { value: v, selected: v === filters.status }, t(id))),
  );
  const sortSelect = h("select", { name: "sort", testid: "filter-sort" }, SORTS.map(([v, id]) => h("option", { value: v, selected: v === filters.sort }, t(id))));
  const filtered = FILTERS.some((k) => k !== "sort" && filters[k]);
  const filterForm = h(
    "form",
    { class: "filters", role: "search", "aria-label": t("lic-find"), novalidate: true, testid: "licenses-filters" },
    field({ label: t("lic-filter-q"), input: qInput, hint: t("lic-filter-q-hint") }),
    field({ label: t("lic-product"), input: productSelect }),
    field({ label: t("lic-bank"), input: bankSelect }),
    field({ label: t("lic-status"), input: statusSelect }),
    field({ label: t("lic-order"), input: sortSelect }),
    h(
      "div",
      { class: "filter-actions" },
      h("button", { type: "submit", class: "button secondary", testid: "filter-apply" }, t("lic-apply-filters")),
      filtered || filters.sort ? h("a", { href: "#/licences", testid: "filter-clear" }, t("lic-clear-filters")) : null,
    ),
  );
  const filterErrs = formErrors(filterForm, {
    labels: { q: t("lic-filter-q"), product: t("lic-product"), bank: t("lic-bank"), status: t("lic-status"), sort: t("lic-order"), assignee: t("lic-filter-q") },
    aliases: { assignee: "q" },
    testid: "filter-error",
  });
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
      h("p", { class: "lead" }, t("lic-lead")),
      h("div", { class: "toolbar-actions" }, generate, refresh, ...exportControls(exportMessage)),
    ),
    h("div", { class: "toolbar-actions bulk-actions", role: "group", "aria-label": t("bulk-group"), testid: "bulk-actions" }, bulkGenerate, bulkRenew, bulkAssign),
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
  refresh.addEventListener("click", () => busy(refresh, () => loadList(t("lic-refreshed"))));
  bulkGenerate.addEventListener("click", () => openBulkGenerate({ banks, names, me: ctx.me, onDone: afterChange }));
  bulkRenew.addEventListener("click", () => openBulkRenew({ onDone: afterChange }));
  bulkAssign.addEventListener("click", () => openBulkAssign({ onDone: afterChange }));
  const open = {
    renew: (l) => openRenew(l, (text) => afterChange(text, l.code), names, banks),
    return: (l) => openReturn(l, (text) => afterChange(text, l.code)),
    assign: (l) => openAssign(l, (text) => afterChange(text, l.code)),
  };

  const columns = [
    {
      label: t("lic-activation-code"),
      cell: (l) =>
        h(
          "span",
          null,
          h("a", { href: `#/licences/${encodeURIComponent(l.code)}`, class: "code-link" }, h("code", { class: "activation-code", testid: "license-code" }, l.code)),
          h("span", { class: "sub", testid: "license-product" }, `${productName(names, l.product)} ${l.version}`),
        ),
    },
    { label: t("lic-current-term"), cell: termCell },
    { label: t("lic-computers-or-seats"), cell: (l) => h("span", { testid: "license-computers" }, unitsOf(l.type, l.current_term.computers)), className: "keep" },
    { label: t("lic-type"), cell: (l) => h("span", { testid: "license-type" }, typeWord(l.type)), className: "keep" },
    { label: t("lic-assignee"), cell: (l) => h("span", { testid: "license-assignee" }, l.assignee ?? h("span", { class: "muted" }, t("lic-unassigned"))) },
    { label: t("lic-credits-used"), cell: (l) => h("span", { testid: "license-credits" }, num(l.credits_used)), className: "num" },
    {
      label: t("lic-bank-dates"),
      cell: (l) =>
        h(
          "span",
          { testid: "license-bank" },
          h("span", { class: "nowrap", testid: "license-bank-start" }, dayEl(l.bank.start)),
          " ",
          h("span", { class: "visually-hidden" }, t("lic-range-hidden")),
          h("span", { class: "nowrap sub-line", testid: "license-bank-expiry" }, dayEl(l.bank.expiry)),
        ),
    },
    { label: t("lic-status"), cell: (l) => statusBadge(l.status, "license-status") },
    { label: t("lic-actions"), cell: (l) => actionsCell(l, open), className: "actions-col" },
  ];

  async function loadList(done) {
    clear(results).append(loading(t("lic-loading")));
    // Which address the shown list answers (tests wait for it; nothing reads it otherwise).
    delete results.dataset.loaded;
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
    // A filtered page can be empty while `next` follows: only a last empty page means none.
    if (!first.licenses.length && !first.next) {
      results.append(empty(t(filtered ? "lic-none-match" : "lic-none-yet"), "licenses-empty"));
      if (done) noticeSlot.replaceChildren(notice(done, "licenses-notice"));
      results.dataset.loaded = window.location.hash;
      return;
    }
    const count = h("p", { class: "muted", testid: "licenses-count", role: "status" });
    const table = dataTable({
      caption: t("lic-caption"),
      testid: "licenses-table",
      columns,
      rowAttrs: (l) => ({ testid: "license-row", "data-code": l.code }),
    });
    table.add(first.licenses);
    const updateCount = (more) => {
      const shown = t(more ? "lic-showing-more" : "lic-showing", { count: table.count(), n: num(table.count()) });
      count.textContent = done ? `${shown} ${done}` : shown;
    };
    updateCount(first.next);
    results.append(count, table.element);
    results.append(...moreRows(first.next, (cursor) => api("/licenses", { query: { ...query, cursor } }), table, "licenses", updateCount));
    results.dataset.loaded = window.location.hash;
  }
  await loadList();
}

