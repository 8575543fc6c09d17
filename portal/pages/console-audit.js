// The vendor's trail: every action of the licence provider's staff across organisations (each
// also in that organisation's own trail) and the vendor's own changes such as the catalogue,
// newest first (GET /v1/operator/audit, paged). Each event links to its organisation.

import { api } from "../api.js";
import { h, actorLabel, dataTable, empty, moreRows, timeEl } from "../dom.js";
import { actionLabel, credits, inWords, subject } from "./audit.js";
import { orgLink } from "./console-kit.js";

const PAGE = 50;

export async function render(view) {
  view.append(h("p", { class: "lead" }, "What the licence provider's staff did, in every organisation and in the catalogue, newest first."));
  const first = await api("/operator/audit", { query: { limit: PAGE } });
  if (!first.events.length) {
    view.append(empty("Nothing yet.", "vendor-audit-empty"));
    return;
  }
  const table = dataTable({
    caption: "Vendor trail",
    testid: "vendor-audit-table",
    rowAttrs: (e) => ({ testid: "vendor-audit-row", "data-action": e.action }),
    columns: [
      { label: "Time", cell: (e) => timeEl(e.at) },
      { label: "Organisation", cell: (e) => orgLink(e.org, { section: "trail" }), className: "subject" },
      { label: "Actor", cell: (e) => h("span", { class: "break" }, actorLabel(e)), className: "actor" },
      {
        label: "Action and subject",
        cell: (e) => h("span", null, h("span", { class: "strong", testid: "vendor-audit-action" }, actionLabel(e.action)), h("span", { class: "sub-line" }, subject(e.subject))),
        className: "subject",
      },
      { label: "Credits", cell: (e) => credits(e.credits), className: "num" },
      { label: "Detail", cell: (e) => h("span", { class: "detail" }, inWords(e.detail)), className: "wide detail-col" },
    ],
    rows: first.events,
  });
  view.append(table.element, ...moreRows(first.next, (cursor) => api("/operator/audit", { query: { limit: PAGE, cursor } }), table, "events"));
}
