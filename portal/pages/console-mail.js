// Dead mail: mail that failed every attempt and is no longer tried, most recently dead first,
// with why it last failed (GET /v1/operator/mail/dead, paged).

import { api } from "../api.js";
import { h, dataTable, empty, moreRows, timeEl } from "../dom.js";
import { orgLink } from "./console-kit.js";

const PAGE = 50;

const KINDS = {
  license: "Licence assigned",
  invitation: "Invitation",
  returned: "Licence returned",
  bank_expired: "Bank expired",
  bank_expiring: "Bank expiring",
  export: "Licence export",
};

export async function render(view) {
  view.append(
    h(
      "p",
      { class: "lead" },
      "Mail that failed all 8 attempts (from 30 seconds to 6 hours apart) and is no longer tried. Each one also counts in the ELP/DeadMail metric, which alarms.",
    ),
  );
  const first = await api("/operator/mail/dead", { query: { limit: PAGE } });
  if (!first.mails.length) {
    view.append(empty("No dead mail: everything was delivered or is still being tried.", "dead-mail-empty"));
    return;
  }
  const table = dataTable({
    caption: "Dead mail",
    testid: "dead-mail-table",
    rowAttrs: (m) => ({ testid: "dead-mail-row", "data-id": m.id }),
    columns: [
      { label: "Dead since", cell: (m) => timeEl(m.dead_at) },
      { label: "Organisation", cell: (m) => orgLink(m.org), className: "subject" },
      { label: "Mail", cell: (m) => KINDS[m.kind] ?? m.kind },
      { label: "To", cell: (m) => h("span", { class: "break" }, m.to) },
      { label: "Attempts", cell: (m) => String(m.attempts), className: "num" },
      { label: "Last error", cell: (m) => h("span", { class: "detail" }, m.last_error ?? ""), className: "wide detail-col" },
      { label: "Written", cell: (m) => timeEl(m.created_at) },
    ],
    rows: first.mails,
  });
  view.append(table.element, ...moreRows(first.next, (cursor) => api("/operator/mail/dead", { query: { limit: PAGE, cursor } }), table, "mails"));
}
