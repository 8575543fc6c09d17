// The vendor's trail: every action of the licence provider's staff across organisations (each
// also in that organisation's own trail) and the vendor's own changes such as the catalogue,
// newest first (GET /v1/operator/audit, paged). Each event links to its organisation. The
// address's trail filters (#/console/audit?action=catalog_changed, and actor, bank, license,
// from, to) go to the API as they are; the page offers the catalogue's changes alone.

import { api } from "../api.js";
import { h, dataTable, empty, moreRows } from "../dom.js";
import { t } from "../i18n.js";
import { FILTERS, actionLabel, credits, subject } from "./audit.js";
import { orgLink, when } from "./console-kit.js";

const PAGE = 50;

export async function render(view, ctx) {
  const params = ctx?.params ?? new URLSearchParams();
  const filters = Object.fromEntries(FILTERS.map((k) => [k, params.get(k) ?? ""]));
  const filtered = FILTERS.some((k) => filters[k]);
  view.append(
    h("p", { class: "lead" }, t("vaudit-lead")),
    h(
      "p",
      { testid: "vendor-audit-views" },
      filtered
        ? h("a", { href: "#/console/audit", testid: "vendor-audit-all" }, t("vaudit-all"))
        : h("a", { href: "#/console/audit?action=catalog_changed", testid: "vendor-audit-catalog" }, t("vaudit-catalog-only")),
    ),
  );
  const first = await api("/operator/audit", { query: { ...filters, limit: PAGE } });
  if (!first.events.length && !first.next) {
    view.append(empty(t(filtered ? "vaudit-empty-filtered" : "vaudit-empty"), "vendor-audit-empty"));
    return;
  }
  const table = dataTable({
    caption: t("title-console-audit"),
    testid: "vendor-audit-table",
    rowAttrs: (e) => ({ testid: "vendor-audit-row", "data-action": e.action }),
    columns: [
      { label: t("org-time"), cell: (e) => when(e.at) },
      { label: t("req-organisation"), cell: (e) => orgLink(e.org, { section: "trail" }), className: "subject" },
      { label: t("org-actor"), cell: (e) => h("span", { class: "break" }, e.actor_label), className: "actor" },
      {
        label: t("vaudit-action-subject"),
        cell: (e) => h("span", null, h("span", { class: "strong", testid: "vendor-audit-action" }, actionLabel(e.action)), h("span", { class: "sub-line" }, subject(e.subject))),
        className: "subject",
      },
      { label: t("org-credits"), cell: (e) => credits(e.credits), className: "num" },
      { label: t("org-detail"), cell: (e) => h("span", { class: "detail" }, e.detail), className: "wide detail-col" },
    ],
    rows: first.events,
  });
  view.append(table.element, ...moreRows(first.next, (cursor) => api("/operator/audit", { query: { ...filters, limit: PAGE, cursor } }), table, "events"));
}
