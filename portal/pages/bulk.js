// Bulk changes from the licences page: generating for a crew (addresses pasted or a CSV file),
// renewing several licences, assigning several returned licences. Each is one review (the
// quote, line by line) and one confirm; the confirm keeps its Idempotency-Key while its body
// stays the same, so a request the service could not finish (503 `interrupted`) is finished by
// sending it again, and the result says what happened to each line.

import { api, keyKeeper } from "../api.js";
import { h, busy, dataTable, errorBox, field, formErrors, messageOf, todayIso } from "../dom.js";
import { t } from "../i18n.js";
import { bankLabel, creditsOf, day, dayEl, dialogOf, num, rangeOf, typeWord, unitsOf } from "./licenses.js";

const MAX_LINES = 200;

const actions = (...buttons) => h("div", { class: "actions" }, buttons);

/**
 * The recipients of a paste or a CSV file: one per line, `email` or `email,quantity` (a
 * header line naming `email` is skipped; `;` and tabs separate as well as commas). Answers
 * {recipients} or {error: {field, message}}.
 */
export function parseRecipients(text) {
  const recipients = [];
  const lines = String(text ?? "").split(/\r?\n/);
  for (const [i, raw] of lines.entries()) {
    const line = raw.trim();
    if (!line) continue;
    const cells = line.split(/[,;\t]/).map((c) => c.trim().replace(/^"(.*)"$/, "$1"));
    if (recipients.length === 0 && /^e-?mail/i.test(cells[0])) continue;
    const [email, quantity] = cells;
    if (!email.includes("@")) return { error: { field: "recipients", message: t("bulk-line-not-address", { line: i + 1 }) } };
    const recipient = { email };
    if (quantity) {
      if (!/^\d+$/.test(quantity)) return { error: { field: "recipients", message: t("bulk-line-bad-quantity", { line: i + 1 }) } };
      recipient.quantity = Number(quantity);
    }
    recipients.push(recipient);
  }
  if (!recipients.length) return { error: { field: "recipients", message: t("bulk-no-recipients") } };
  if (recipients.length > MAX_LINES) return { error: { field: "recipients", message: t("bulk-too-many", { max: num(MAX_LINES) }) } };
  return { recipients };
}

/** A line's field named by the API (`recipients[3].email`) said on the list it belongs to. */
function onList(error, list) {
  const m = /^(\w+)\[(\d+)\]/.exec(error?.field ?? "");
  if (!m) return error;
  return { ...error, field: list, message: t("bulk-line-error", { line: Number(m[2]) + 1, message: messageOf(error) }) };
}

/** A line's refusal, as the API said it. */
const refusalOf = (line) => (line.error ? h("span", { class: "field-error", testid: "bulk-line-error" }, line.error.message) : "");

const statusWord = (status) => t(`bulk-status-${status}`);

/**
 * The confirm step shared by the three flows: `send()` posts the body with its kept key;
 * an interruption offers to finish; the result is shown by `shown(result)`.
 */
function confirmStep({ dialog, review, confirm, back, send, shown, errs }) {
  review.addEventListener("submit", async (event) => {
    event.preventDefault();
    errs.clear();
    try {
      const result = await busy([confirm, back], send);
      shown(result);
    } catch (error) {
      if (error?.code === "unauthenticated") return;
      if (error?.code === "interrupted") {
        confirm.textContent = t("bulk-finish");
        errs.show({ message: t("bulk-interrupted", { done: num(error.details?.done ?? 0), total: num(error.details?.total ?? 0) }) });
        return;
      }
      errs.show(error);
    }
  });
  dialog.body.replaceChildren(review);
  review.querySelector("h3")?.focus();
}

function resultView({ dialog, heading, summary, table, onDone, notice }) {
  const title = h("h3", { tabindex: "-1" }, heading);
  const close = h("button", { type: "button", class: "button", testid: "bulk-close", onclick: () => dialog.close() }, t("bulk-done"));
  dialog.body.replaceChildren(h("div", { testid: "bulk-result" }, title, h("p", { role: "status", testid: "bulk-result-summary" }, summary), table, actions(close)));
  title.focus();
  onDone(notice);
}

// ----- generating for a crew -----

export function openBulkGenerate({ banks, names, me, onDone }) {
  const usable = banks.filter((b) => b.status !== "expired" && b.remaining > 0);
  const dialog = dialogOf({ title: t("bulk-generate-title"), testid: "bulk-generate-dialog", wide: true });
  if (!usable.length) {
    dialog.body.append(h("p", null, t("lic-generate-no-banks")), actions(h("button", { type: "button", class: "button", onclick: () => dialog.close() }, t("lic-close"))));
    dialog.focusFirst();
    return;
  }
  const bank = h("select", { name: "bank", testid: "bulk-bank" }, usable.map((b) => h("option", { value: b.id }, t("lic-bank-option", { bank: bankLabel(names, b), count: b.remaining, n: num(b.remaining) }))));
  const type = h("select", { name: "type", testid: "bulk-type" }, ["node_lock", "multiseat", "floating"].map((v) => h("option", { value: v }, typeWord(v))));
  const months = h("input", { type: "number", name: "months", min: "1", step: "1", inputmode: "numeric", value: "12", testid: "bulk-months" });
  const quantity = h("input", { type: "number", name: "quantity", min: "1", step: "1", inputmode: "numeric", value: "1", testid: "bulk-quantity" });
  const start = h("input", { type: "date", name: "start", value: todayIso(), testid: "bulk-start" });
  const recipients = h("textarea", { name: "recipients", rows: "8", spellcheck: "false", autocomplete: "off", testid: "bulk-recipients" });
  const file = h("input", { type: "file", name: "file", accept: ".csv,text/csv,text/plain", testid: "bulk-file" });
  file.addEventListener("change", async () => {
    const chosen = file.files?.[0];
    if (chosen) recipients.value = await chosen.text();
  });
  const submit = h("button", { type: "submit", class: "button", testid: "bulk-quote" }, t("lic-review-quote"));
  const cancel = h("button", { type: "button", class: "button secondary", onclick: () => dialog.close() }, t("lic-cancel"));
  const form = h(
    "form",
    { novalidate: true, testid: "bulk-generate-form", class: "form-grid" },
    field({ label: t("lic-bank"), input: bank }),
    field({ label: t("lic-licence-type"), input: type }),
    field({ label: t("lic-months"), input: months, hint: t("lic-months-hint") }),
    field({ label: t("bulk-quantity"), input: quantity, hint: t("bulk-quantity-hint") }),
    field({ label: t("lic-start-date"), input: start, hint: t("lic-start-hint") }),
    field({ label: t("bulk-recipients"), input: recipients, hint: t("bulk-recipients-hint", { max: num(MAX_LINES), org: me.org?.name ?? t("lic-the-organisation") }) }),
    field({ label: t("bulk-file"), input: file, hint: t("bulk-file-hint") }),
    actions(cancel, submit),
  );
  const labels = { bank: t("lic-bank"), type: t("lic-licence-type"), months: t("lic-months"), quantity: t("bulk-quantity"), start: t("lic-start-date"), recipients: t("bulk-recipients") };
  const errs = formErrors(form, { labels, testid: "bulk-error" });
  const keyFor = keyKeeper();
  const showForm = () => dialog.body.replaceChildren(form);
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    errs.clear();
    const parsed = parseRecipients(recipients.value);
    if (parsed.error) return errs.show(parsed.error);
    const body = { bank: bank.value, type: type.value, months: Number(months.value), quantity: Number(quantity.value), recipients: parsed.recipients };
    if (start.value) body.start = start.value;
    try {
      const answer = await busy(submit, () => api("/licenses/bulk/quote", { method: "POST", body }));
      review(body, answer);
    } catch (error) {
      if (error?.code !== "unauthenticated") errs.show(onList(error, "recipients"));
    }
  });
  const review = (body, answer) => {
    const q = answer.quote;
    const back = h("button", { type: "button", class: "button secondary", testid: "bulk-back" }, t("lic-change"));
    back.addEventListener("click", () => {
      showForm();
      recipients.focus();
    });
    const confirm = h("button", { type: "submit", class: "button", testid: "bulk-confirm" }, t("lic-confirm-use", { count: q.credits, n: num(q.credits) }));
    const table = dataTable({
      caption: t("bulk-lines"),
      testid: "bulk-lines",
      rows: answer.lines,
      rowAttrs: (l) => ({ testid: "bulk-line", "data-status": l.status }),
      columns: [
        { label: t("lic-recipient"), cell: (l) => l.email },
        { label: t("bulk-what"), cell: (l) => (l.status === "quoted" ? t("bulk-licences-of", { count: l.licenses, n: num(l.licenses), units: unitsOf(body.type, l.computers) }) : "") },
        { label: t("lic-credits-label"), cell: (l) => (l.status === "quoted" ? num(l.credits) : ""), className: "num" },
        { label: t("bulk-note"), cell: (l) => (l.status === "refused" ? refusalOf(l) : l.joins_organisation ? t("bulk-joins") : "") },
      ],
    });
    const form = h(
      "form",
      { class: "review", testid: "bulk-review" },
      h("h3", { tabindex: "-1" }, t("lic-review-confirm")),
      h(
        "p",
        { class: "summary", testid: "bulk-summary" },
        t("bulk-generate-summary", {
          recipients: q.recipients,
          recipientsN: num(q.recipients),
          licences: q.licenses,
          licencesN: num(q.licenses),
          credits: q.credits,
          creditsN: num(q.credits),
          remaining: q.remaining_after,
          remainingN: num(q.remaining_after),
        }),
      ),
      q.start ? h("p", { testid: "bulk-range" }, rangeOf(q.start, q.expiry)) : null,
      q.refused ? h("p", { class: "note note-warning", testid: "bulk-refused-note" }, t("bulk-refused-note", { count: q.refused, n: num(q.refused) })) : null,
      q.joining ? h("p", { class: "note", testid: "bulk-joining-note" }, t("bulk-joining-note", { count: q.joining, n: num(q.joining), org: me.org?.name ?? t("lic-the-organisation") })) : null,
      table.element,
      actions(back, confirm),
    );
    const errs = formErrors(form, { testid: "bulk-confirm-error" });
    const confirmed = { ...body, credits: q.credits };
    confirmStep({
      dialog,
      review: form,
      confirm,
      back,
      errs,
      send: () => api("/licenses/bulk", { method: "POST", body: confirmed, idempotencyKey: keyFor(confirmed) }),
      shown: (result) =>
        resultView({
          dialog,
          onDone,
          heading: t("bulk-generated", { count: result.generated, n: num(result.generated) }),
          summary: t("bulk-generated-summary", { generated: num(result.generated), refused: result.refused, refusedN: num(result.refused), credits: creditsOf(result.credits) }),
          notice: t("bulk-generated-notice", { count: result.generated, n: num(result.generated), credits: creditsOf(result.credits) }),
          table: dataTable({
            caption: t("bulk-results"),
            testid: "bulk-results",
            rows: result.results,
            rowAttrs: (r) => ({ testid: "bulk-result-row", "data-status": r.status }),
            columns: [
              { label: t("lic-recipient"), cell: (r) => r.email },
              { label: t("lic-status"), cell: (r) => statusWord(r.status) },
              { label: t("bulk-codes"), cell: (r) => (r.codes.length ? h("span", null, r.codes.map((c) => h("code", { class: "activation-code", testid: "bulk-code" }, c, " "))) : "") },
              { label: t("bulk-note"), cell: (r) => (r.error ? refusalOf(r) : r.joins_organisation ? t("bulk-joined") : "") },
            ],
          }).element,
        }),
    });
  };
  showForm();
  dialog.focusFirst();
}

// ----- renewing several licences -----

/** Licences on the first pages of the list that allow an action. */
async function licencesAllowing(action, pages = 4) {
  const found = [];
  let cursor = null;
  let n = 0;
  do {
    const page = await api("/licenses", { query: { limit: 100, cursor } });
    found.push(...page.licenses.filter((l) => l.actions?.[action]));
    cursor = page.next;
  } while (cursor && ++n < pages && found.length < MAX_LINES);
  return found.slice(0, MAX_LINES);
}

/** A list of licences to tick, in a fieldset named by `legend`. */
function pickList(licences, legend, testid, extra = () => null) {
  const boxes = licences.map((l) => {
    const box = h("input", { type: "checkbox", name: "code", value: l.code, testid: `${testid}-pick` });
    const id = `pick-${testid}-${l.code}`;
    box.id = id;
    return h(
      "li",
      { class: "pick" },
      box,
      h("label", { for: id }, h("code", { class: "activation-code" }, l.code), " ", t("bulk-pick-line", { type: typeWord(l.type), assignee: l.assignee ?? t("lic-unassigned"), expiry: day(l.expiry, "medium") })),
      extra(l),
    );
  });
  const all = h("button", { type: "button", class: "button small secondary", testid: `${testid}-all` }, t("bulk-select-all"));
  all.addEventListener("click", () => {
    for (const b of fieldset.querySelectorAll("input[type=checkbox]")) b.checked = true;
  });
  const fieldset = h("fieldset", { class: "picks", testid }, h("legend", null, legend), all, h("ul", { class: "pick-list" }, boxes));
  return { fieldset, picked: () => [...fieldset.querySelectorAll("input[type=checkbox]:checked")].map((b) => b.value) };
}

export async function openBulkRenew({ onDone }) {
  const dialog = dialogOf({ title: t("bulk-renew-title"), testid: "bulk-renew-dialog", wide: true });
  let licences = [];
  try {
    licences = await licencesAllowing("renew");
  } catch (error) {
    if (error?.code !== "unauthenticated") dialog.body.append(errorBox(error));
    return;
  }
  if (!licences.length) {
    dialog.body.append(h("p", { testid: "bulk-renew-none" }, t("bulk-renew-none")), actions(h("button", { type: "button", class: "button", onclick: () => dialog.close() }, t("lic-close"))));
    dialog.focusFirst();
    return;
  }
  const picks = pickList(licences, t("bulk-renew-pick"), "bulk-renew-list");
  const months = h("input", { type: "number", name: "months", min: "1", step: "1", inputmode: "numeric", testid: "bulk-renew-months" });
  const submit = h("button", { type: "submit", class: "button", testid: "bulk-renew-quote" }, t("lic-review-quote"));
  const cancel = h("button", { type: "button", class: "button secondary", onclick: () => dialog.close() }, t("lic-cancel"));
  const form = h("form", { novalidate: true, testid: "bulk-renew-form" }, picks.fieldset, field({ label: t("lic-months"), input: months, hint: t("bulk-renew-months-hint") }), actions(cancel, submit));
  const errs = formErrors(form, { labels: { months: t("lic-months"), licenses: t("bulk-renew-pick") }, testid: "bulk-renew-error" });
  const keyFor = keyKeeper();
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    errs.clear();
    const codes = picks.picked();
    if (!codes.length) return errs.show({ message: t("bulk-renew-nothing") });
    const m = months.value.trim();
    if (m && !/^\d+$/.test(m)) return errs.show({ field: "months", message: t("lic-whole-number", { label: t("lic-months") }) });
    const body = { licenses: codes.map((code) => (m ? { code, months: Number(m) } : { code })) };
    try {
      const answer = await busy(submit, () => api("/licenses/bulk/renewals/quote", { method: "POST", body }));
      review(body, answer);
    } catch (error) {
      if (error?.code !== "unauthenticated") errs.show(onList(error, "licenses"));
    }
  });
  const review = (body, answer) => {
    const q = answer.quote;
    const back = h("button", { type: "button", class: "button secondary", testid: "bulk-back" }, t("lic-change"));
    back.addEventListener("click", () => dialog.body.replaceChildren(form));
    const confirm = h("button", { type: "submit", class: "button", testid: "bulk-confirm" }, t("lic-confirm-use", { count: q.credits, n: num(q.credits) }));
    const table = dataTable({
      caption: t("bulk-lines"),
      testid: "bulk-lines",
      rows: answer.lines,
      rowAttrs: (l) => ({ testid: "bulk-line", "data-status": l.status }),
      columns: [
        { label: t("lic-activation-code"), cell: (l) => h("code", { class: "activation-code" }, l.code) },
        { label: t("bulk-new-term"), cell: (l) => (l.status === "quoted" ? h("span", null, dayEl(l.start), " \u2013 ", dayEl(l.expiry)) : "") },
        { label: t("lic-credits-label"), cell: (l) => (l.status === "quoted" ? num(l.credits) : ""), className: "num" },
        { label: t("bulk-note"), cell: (l) => (l.status === "refused" ? refusalOf(l) : l.capped ? t("bulk-capped") : "") },
      ],
    });
    const form2 = h(
      "form",
      { class: "review", testid: "bulk-review" },
      h("h3", { tabindex: "-1" }, t("lic-review-confirm")),
      h("p", { class: "summary", testid: "bulk-summary" }, t("bulk-renew-summary", { licences: q.licenses, licencesN: num(q.licenses), credits: q.credits, creditsN: num(q.credits) })),
      q.refused ? h("p", { class: "note note-warning", testid: "bulk-refused-note" }, t("bulk-refused-note", { count: q.refused, n: num(q.refused) })) : null,
      table.element,
      actions(back, confirm),
    );
    const confirmed = { ...body, credits: q.credits };
    confirmStep({
      dialog,
      review: form2,
      confirm,
      back,
      errs: formErrors(form2, { testid: "bulk-confirm-error" }),
      send: () => api("/licenses/bulk/renewals", { method: "POST", body: confirmed, idempotencyKey: keyFor(confirmed) }),
      shown: (result) =>
        resultView({
          dialog,
          onDone,
          heading: t("bulk-renewed", { count: result.renewed, n: num(result.renewed) }),
          summary: t("bulk-renewed-summary", { renewed: num(result.renewed), refused: result.refused, refusedN: num(result.refused), credits: creditsOf(result.credits) }),
          notice: t("bulk-renewed-notice", { count: result.renewed, n: num(result.renewed), credits: creditsOf(result.credits) }),
          table: dataTable({
            caption: t("bulk-results"),
            testid: "bulk-results",
            rows: result.results,
            rowAttrs: (r) => ({ testid: "bulk-result-row", "data-status": r.status }),
            columns: [
              { label: t("lic-activation-code"), cell: (r) => h("code", { class: "activation-code" }, r.code) },
              { label: t("lic-status"), cell: (r) => statusWord(r.status) },
              { label: t("bulk-expiry"), cell: (r) => (r.expiry ? dayEl(r.expiry) : "") },
              { label: t("bulk-note"), cell: (r) => refusalOf(r) },
            ],
          }).element,
        }),
    });
  };
  dialog.body.replaceChildren(form);
  dialog.focusFirst();
}

// ----- assigning several returned licences -----

export async function openBulkAssign({ onDone }) {
  const dialog = dialogOf({ title: t("bulk-assign-title"), testid: "bulk-assign-dialog", wide: true });
  let licences = [];
  try {
    licences = await licencesAllowing("assign");
  } catch (error) {
    if (error?.code !== "unauthenticated") dialog.body.append(errorBox(error));
    return;
  }
  if (!licences.length) {
    dialog.body.append(h("p", { testid: "bulk-assign-none" }, t("bulk-assign-none")), actions(h("button", { type: "button", class: "button", onclick: () => dialog.close() }, t("lic-close"))));
    dialog.focusFirst();
    return;
  }
  const inputs = new Map();
  const rows = licences.map((l) => {
    const input = h("input", { type: "email", name: `email-${l.code}`, autocomplete: "off", spellcheck: "false", testid: "bulk-assign-email" });
    inputs.set(l.code, input);
    return h("li", { class: "pick" }, field({ label: t("bulk-assign-to", { code: l.code, type: typeWord(l.type) }), input }));
  });
  const submit = h("button", { type: "submit", class: "button", testid: "bulk-assign-review" }, t("bulk-assign-check"));
  const cancel = h("button", { type: "button", class: "button secondary", onclick: () => dialog.close() }, t("lic-cancel"));
  const form = h(
    "form",
    { novalidate: true, testid: "bulk-assign-form" },
    h("fieldset", { class: "picks" }, h("legend", null, t("bulk-assign-legend")), h("p", { class: "hint" }, t("bulk-assign-hint")), h("ul", { class: "pick-list" }, rows)),
    actions(cancel, submit),
  );
  const errs = formErrors(form, { testid: "bulk-assign-error" });
  const keyFor = keyKeeper();
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    errs.clear();
    const assignments = [...inputs].map(([code, input]) => ({ code, email: input.value.trim() })).filter((a) => a.email);
    if (!assignments.length) return errs.show({ message: t("bulk-assign-nothing") });
    const back = h("button", { type: "button", class: "button secondary", testid: "bulk-back" }, t("lic-change"));
    back.addEventListener("click", () => dialog.body.replaceChildren(form));
    const confirm = h("button", { type: "submit", class: "button", testid: "bulk-confirm" }, t("bulk-assign-confirm", { count: assignments.length, n: num(assignments.length) }));
    const review = h(
      "form",
      { class: "review", testid: "bulk-review" },
      h("h3", { tabindex: "-1" }, t("lic-review-confirm")),
      h("p", { class: "summary", testid: "bulk-summary" }, t("bulk-assign-summary", { count: assignments.length, n: num(assignments.length) })),
      dataTable({
        caption: t("bulk-lines"),
        testid: "bulk-lines",
        rows: assignments,
        rowAttrs: () => ({ testid: "bulk-line" }),
        columns: [
          { label: t("lic-activation-code"), cell: (a) => h("code", { class: "activation-code" }, a.code) },
          { label: t("bulk-new-holder"), cell: (a) => a.email },
        ],
      }).element,
      actions(back, confirm),
    );
    const body = { assignments };
    const reviewErrs = formErrors(review, { testid: "bulk-confirm-error" });
    confirmStep({
      dialog,
      review,
      confirm,
      back,
      errs: {
        clear: () => reviewErrs.clear(),
        show: (error) => reviewErrs.show(onList(error, "assignments")),
      },
      send: () => api("/licenses/bulk/assign", { method: "POST", body, idempotencyKey: keyFor(body) }),
      shown: (result) =>
        resultView({
          dialog,
          onDone,
          heading: t("bulk-assigned", { count: result.assigned, n: num(result.assigned) }),
          summary: t("bulk-assigned-summary", { assigned: num(result.assigned), refused: result.refused, refusedN: num(result.refused) }),
          notice: t("bulk-assigned-notice", { count: result.assigned, n: num(result.assigned) }),
          table: dataTable({
            caption: t("bulk-results"),
            testid: "bulk-results",
            rows: result.results,
            rowAttrs: (r) => ({ testid: "bulk-result-row", "data-status": r.status }),
            columns: [
              { label: t("lic-activation-code"), cell: (r) => h("code", { class: "activation-code" }, r.code) },
              { label: t("bulk-new-holder"), cell: (r) => r.email },
              { label: t("lic-status"), cell: (r) => statusWord(r.status) },
              { label: t("bulk-note"), cell: (r) => (r.error ? refusalOf(r) : r.joins_organisation ? t("bulk-joined") : "") },
            ],
          }).element,
        }),
    });
  });
  dialog.body.replaceChildren(form);
  dialog.focusFirst();
}
