// Audit trail: who did what, when, and how credits moved; newest first (GET /v1/audit, paged),
// filtered by who, what, which bank or licence and which days, the filters kept in the address
// (#/audit?actor=&action=a,b&bank=&license=&from=&to=) so the licence and bank pages link to
// their history; the filtered trail downloads as CSV (GET /v1/audit.csv).

import { api, request } from "../api.js";
import { h, cap, dataTable, empty, field, formErrors, moreRows, signed, timeEl } from "../dom.js";
import { formatDate, formatNumber, has, t } from "../i18n.js";
import { productNames } from "../products.js";

/**
 * Ids in an event's subject or detail (a product, a bank) as the catalogue and the banks name
 * them: the subject is an identifier, and a few details still carry a product's id ("request
 * for 40 credits of harmony-premium withdrawn"). Only whole ids are looked up; the words are
 * the API's.
 */
const named = (text, names, banks) =>
  String(text ?? "")
    .split(/(\s+|, |[():;])/)
    .map((part) => banks.get(part) ?? names.get(part) ?? part)
    .join("");

const PAGE = 50;

/** The query parameters that filter the trail (the API's names). */
export const FILTERS = ["actor", "action", "bank", "license", "from", "to"];

/** Every action the trail records (docs/openapi.yaml's AuditAction). */
const ACTIONS = [
  "org_created", "bank_created", "credits_granted", "license_generated", "license_renewed", "license_returned",
  "license_assigned", "user_invited", "user_changed", "user_removed", "version_policy_changed", "bank_expired",
  "licenses_exported", "licenses_downloaded", "ledger_downloaded", "audit_downloaded", "sign_in", "invitation_declined",
  "invitation_released", "account_released", "mail_budget_changed", "account_bound", "org_renamed", "org_language_changed",
  "org_suspended", "org_resumed", "bank_extended", "credits_voided", "credits_requested", "credit_request_granted",
  "credit_request_declined", "credit_request_withdrawn", "machine_activated", "machine_released", "machines_released",
  "activation_policy_changed",
];

/** Empty pages with a cursor (a filter that matched nothing of what one request read) read on, up to this many. */
const READ_ON = 5;

/** The trail's address with these filters (empty ones left out). */
export function auditHref(filters) {
  const q = new URLSearchParams();
  for (const k of FILTERS) if (filters[k]) q.set(k, filters[k]);
  const text = q.toString();
  return text ? `#/audit?${text}` : "#/audit";
}

function fileNameOf(response) {
  const disposition = response.headers.get("Content-Disposition") || "";
  const m = /filename="?([^";]+)"?/i.exec(disposition);
  return m ? m[1] : "audit.csv";
}

/** The "Download CSV" of the filtered trail: the file, or the API's sentence saying how to narrow it. */
function download(filters) {
  const message = h("span", { role: "status", testid: "audit-csv-status" });
  const button = h("button", { type: "button", class: "button secondary", testid: "audit-csv" }, t("audit-csv"));
  button.addEventListener("click", async () => {
    button.disabled = true;
    message.textContent = "";
    try {
      const response = await request("/audit.csv", { query: filters, accept: "text/csv, application/json" });
      const url = URL.createObjectURL(await response.blob());
      const save = h("a", { href: url, download: fileNameOf(response), hidden: true });
      document.body.append(save);
      save.click();
      save.remove();
      setTimeout(() => URL.revokeObjectURL(url), 10000);
      message.textContent = t("audit-csv-downloaded", { file: fileNameOf(response) });
    } catch (error) {
      if (error?.code !== "unauthenticated") message.textContent = error?.message ?? String(error);
    } finally {
      button.disabled = false;
    }
  });
  return h("div", { class: "toolbar-actions" }, button, message);
}

/** The filters' form: applying it changes the address, which renders the page again. */
function filterForm(filters, banks, ctx) {
  const chosen = new Set(String(filters.action || "").split(",").filter(Boolean));
  const actor = h("input", { type: "text", name: "actor", value: filters.actor, autocomplete: "off", spellcheck: "false", maxlength: "254", testid: "audit-filter-actor" });
  const action = h(
    "select",
    { name: "action", multiple: true, size: 4, testid: "audit-filter-action" },
    [...ACTIONS].sort((a, b) => actionLabel(a).localeCompare(actionLabel(b))).map((a) => h("option", { value: a, selected: chosen.has(a) }, actionLabel(a))),
  );
  const bank = h(
    "select",
    { name: "bank", testid: "audit-filter-bank" },
    h("option", { value: "" }, t("audit-any-bank")),
    [...banks].map(([id, label]) => h("option", { value: id, selected: id === filters.bank }, label)),
    filters.bank && !banks.has(filters.bank) ? h("option", { value: filters.bank, selected: true }, filters.bank) : null,
  );
  const license = h("input", { type: "text", name: "license", value: filters.license, autocomplete: "off", spellcheck: "false", maxlength: "64", testid: "audit-filter-license" });
  const from = h("input", { type: "date", name: "from", value: filters.from, testid: "audit-filter-from" });
  const to = h("input", { type: "date", name: "to", value: filters.to, testid: "audit-filter-to" });
  const any = FILTERS.some((k) => filters[k]);
  const form = h(
    "form",
    { class: "filters", role: "search", "aria-label": t("audit-filters"), novalidate: true, testid: "audit-filters" },
    field({ label: t("audit-filter-actor"), input: actor, hint: t("audit-filter-actor-hint") }),
    field({ label: t("audit-filter-action"), input: action, hint: t("audit-filter-action-hint") }),
    field({ label: t("audit-filter-bank"), input: bank }),
    field({ label: t("audit-filter-license"), input: license }),
    field({ label: t("audit-filter-from"), input: from, hint: t("audit-filter-days-hint") }),
    field({ label: t("audit-filter-to"), input: to }),
    h(
      "div",
      { class: "filter-actions" },
      h("button", { type: "submit", class: "button secondary", testid: "audit-filter-apply" }, t("audit-apply-filters")),
      any ? h("a", { href: "#/audit", testid: "audit-filter-clear" }, t("audit-clear-filters")) : null,
    ),
  );
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    const actions = [...action.selectedOptions].map((o) => o.value);
    ctx.go(auditHref({ actor: actor.value.trim(), action: actions.join(","), bank: bank.value, license: license.value.trim(), from: from.value, to: to.value }));
  });
  const errors = formErrors(form, {
    labels: { actor: t("audit-filter-actor"), action: t("audit-filter-action"), bank: t("audit-filter-bank"), license: t("audit-filter-license"), from: t("audit-filter-from"), to: t("audit-filter-to") },
    testid: "audit-filter-error",
  });
  return { form, errors };
}

/** An action in words: the catalogue's `audit-action-<action>`, else the action itself. */
export const actionLabel = (a) => (has(`audit-action-${a}`) ? t(`audit-action-${a}`) : cap(String(a).replace(/_/g, " ")));

export function credits(n) {
  const v = Number(n) || 0;
  const cls = v > 0 ? "credit-plus" : v < 0 ? "credit-minus" : "muted";
  const words = t(v > 0 ? "audit-credits-added" : v < 0 ? "audit-credits-used" : "audit-credits-none", { count: Math.abs(v), n: formatNumber(Math.abs(v)) });
  return h("span", { class: cls, testid: "audit-credits", title: words }, h("span", { "aria-hidden": "true" }, signed(v)), h("span", { class: "visually-hidden" }, words));
}

/** A subject: one thing, or several activation codes ("A, B, C"), each kept on one line. */
export function subject(text) {
  const parts = String(text ?? "").split(", ");
  if (parts.length === 1) return h("span", { class: "break", testid: "audit-subject" }, text);
  return h(
    "span",
    { testid: "audit-subject" },
    parts.map((p, i) => [h("span", { class: "nowrap" }, p), i < parts.length - 1 ? ", " : null]),
  );
}

/** Bank ids as "Harmony Premium 25.1, 2026-01-01 to 2027-01-01" (empty if they cannot be read). */
async function bankLabels(names) {
  const labels = new Map();
  try {
    let cursor = null;
    do {
      const page = await api("/banks", { query: { limit: 100, cursor } });
      for (const b of page.banks) labels.set(b.id, t("audit-bank", { product: names.get(b.product) ?? b.product, version: b.version, start: formatDate(b.start), expiry: formatDate(b.expiry) }));
      cursor = page.next;
    } while (cursor);
  } catch (error) {
    if (error?.code === "unauthenticated") throw error;
  }
  return labels;
}

/** A page of the filtered trail; empty pages that still have a cursor read on (a few at most). */
async function readPage(filters, cursor) {
  let page = await api("/audit", { query: { ...filters, limit: PAGE, cursor } });
  for (let i = 1; i < READ_ON && !page.events.length && page.next; i++) {
    page = await api("/audit", { query: { ...filters, limit: PAGE, cursor: page.next } });
  }
  return page;
}

export async function render(view, ctx) {
  const params = ctx?.params ?? new URLSearchParams();
  const filters = Object.fromEntries(FILTERS.map((k) => [k, params.get(k) ?? ""]));
  const names = await productNames();
  const banks = await bankLabels(names);
  const { form, errors } = filterForm(filters, banks, ctx);
  view.append(h("div", { class: "toolbar" }, h("p", { class: "lead" }, t("audit-lead")), download(filters)), form);
  let first;
  try {
    first = await readPage(filters, null);
  } catch (error) {
    // A filter the API cannot read: said beside its field, the form kept as written.
    if (error?.status === 422 && errors.show(error)) return;
    throw error;
  }
  const filtered = FILTERS.some((k) => filters[k]);
  if (!first.events.length && !first.next) {
    view.append(empty(t(filtered ? "audit-empty-filtered" : "audit-empty"), "audit-empty"));
    return;
  }
  // Nothing matched in the most recent events read, but older ones remain: "Show more" reads on.
  if (!first.events.length) view.append(empty(t("audit-empty-so-far"), "audit-empty"));
  const table = dataTable({
    caption: t("audit-caption"),
    testid: "audit-table",
    rowAttrs: (e) => ({ testid: "audit-row", "data-action": e.action }),
    columns: [
      { label: t("audit-col-time"), cell: (e) => timeEl(e.at) },
      { label: t("audit-col-actor"), cell: (e) => h("span", { class: "break", testid: "audit-actor" }, e.actor_label), className: "actor" },
      { label: t("audit-col-action"), cell: (e) => h("span", { testid: "audit-action" }, actionLabel(e.action)) },
      { label: t("audit-col-subject"), cell: (e) => subject(named(e.subject, names, banks)), className: "subject" },
      { label: t("audit-col-credits"), cell: (e) => credits(e.credits), className: "num" },
      { label: t("audit-col-detail"), cell: (e) => h("span", { class: "detail", testid: "audit-detail" }, named(e.detail, names, banks)), className: "wide detail-col" },
    ],
    rows: first.events,
  });
  view.append(table.element);
  view.append(...moreRows(first.next, (cursor) => readPage(filters, cursor), table, "events"));
}
