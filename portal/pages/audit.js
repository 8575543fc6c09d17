// Audit trail: who did what, when, and how credits moved; newest first (GET /v1/audit, paged).

import { api } from "../api.js";
import { h, cap, dataTable, empty, moreRows, signed, timeEl } from "../dom.js";
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

export async function render(view) {
  const names = await productNames();
  const banks = await bankLabels(names);
  view.append(h("p", { class: "lead" }, t("audit-lead")));
  const first = await api("/audit", { query: { limit: PAGE } });
  if (!first.events.length) {
    view.append(empty(t("audit-empty"), "audit-empty"));
    return;
  }
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
  view.append(...moreRows(first.next, (cursor) => api("/audit", { query: { limit: PAGE, cursor } }), table, "events"));
}
