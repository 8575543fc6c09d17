// Dead mail: mail that failed every attempt and is no longer tried, most recently dead first,
// with why it last failed (GET /v1/operator/mail/dead, paged).

import { api } from "../api.js";
import { h, dataTable, empty, moreRows } from "../dom.js";
import { t } from "../i18n.js";
import { num, orgLink, when } from "./console-kit.js";

const PAGE = 50;

const KINDS = ["license", "invitation", "returned", "bank_expired", "bank_expiring", "export"];

export async function render(view) {
  view.append(
    h("p", { class: "lead" }, t("mail-lead")),
  );
  const first = await api("/operator/mail/dead", { query: { limit: PAGE } });
  if (!first.mails.length) {
    view.append(empty(t("mail-empty"), "dead-mail-empty"));
    return;
  }
  const table = dataTable({
    caption: t("title-console-mail"),
    testid: "dead-mail-table",
    rowAttrs: (m) => ({ testid: "dead-mail-row", "data-id": m.id }),
    columns: [
      { label: t("mail-dead-since"), cell: (m) => when(m.dead_at) },
      { label: t("req-organisation"), cell: (m) => orgLink(m.org), className: "subject" },
      { label: t("mail-kind"), cell: (m) => (KINDS.includes(m.kind) ? t(`mail-kind-${m.kind}`) : m.kind) },
      { label: t("mail-to"), cell: (m) => h("span", { class: "break" }, m.to) },
      { label: t("mail-attempts"), cell: (m) => num(m.attempts), className: "num" },
      // The last error is the mail service's own words, kept as data.
      { label: t("mail-last-error"), cell: (m) => h("span", { class: "detail" }, m.last_error ?? ""), className: "wide detail-col" },
      { label: t("mail-written"), cell: (m) => when(m.created_at) },
    ],
    rows: first.mails,
  });
  view.append(table.element, ...moreRows(first.next, (cursor) => api("/operator/mail/dead", { query: { limit: PAGE, cursor } }), table, "mails"));
}
