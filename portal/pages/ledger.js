// A bank's ledger: every movement of its credits, oldest first, with the balance after each
// (GET /v1/banks/{id}/ledger, paged; the CSV from GET /v1/banks/{id}/ledger.csv). The licence
// provider's staff read the same page from the console (#/console/ledger?org=&bank=,
// GET /v1/operator/orgs/{org}/banks/{id}/ledger), without the download.

import { api, request, seg } from "../api.js";
import { h, dataTable, empty, moreRows, timeEl } from "../dom.js";
import { formatDate, formatNumber, t } from "../i18n.js";
import { productNames } from "../products.js";
import { actionLabel, credits, subject } from "./audit.js";

const PAGE = 50;

function fileNameOf(response, bank) {
  const disposition = response.headers.get("Content-Disposition") || "";
  const m = /filename="?([^";]+)"?/i.exec(disposition);
  return m ? m[1] : `ledger-${bank}.csv`;
}

function download(bank) {
  const message = h("span", { role: "status", testid: "ledger-csv-status" });
  const button = h("button", { type: "button", class: "button secondary", testid: "ledger-csv" }, t("ledger-csv"));
  button.addEventListener("click", async () => {
    button.disabled = true;
    try {
      const response = await request(`/banks/${seg(bank)}/ledger.csv`, { accept: "text/csv, application/json" });
      const url = URL.createObjectURL(await response.blob());
      const save = h("a", { href: url, download: fileNameOf(response, bank), hidden: true });
      document.body.append(save);
      save.click();
      save.remove();
      setTimeout(() => URL.revokeObjectURL(url), 10000);
      message.textContent = t("ledger-downloaded", { file: fileNameOf(response, bank) });
    } catch (error) {
      if (error?.code !== "unauthenticated") message.textContent = error?.message ?? String(error);
    } finally {
      button.disabled = false;
    }
  });
  return h("div", { class: "toolbar-actions" }, button, message);
}

export async function render(view, ctx) {
  const forOperator = !ctx.id;
  const bankId = forOperator ? ctx.params.get("bank") ?? "" : ctx.id;
  const org = forOperator ? ctx.params.get("org") ?? "" : null;
  const path = forOperator ? `/operator/orgs/${seg(org)}/banks/${seg(bankId)}/ledger` : `/banks/${seg(bankId)}/ledger`;
  const [first, names] = await Promise.all([api(path, { query: { limit: PAGE } }), productNames()]);
  const b = first.bank;
  const label = t("ledger-bank", { product: names.get(b.product) ?? b.product, version: b.version, start: formatDate(b.start), expiry: formatDate(b.expiry) });
  ctx.setTitle(t("ledger-title", { bank: label }));
  const back = forOperator
    ? h("a", { href: `#/console/orgs/${encodeURIComponent(org)}`, testid: "ledger-back" }, t("ledger-back-org"))
    : h("a", { href: "#/banks", testid: "ledger-back" }, t("ledger-back"));
  view.append(
    h("div", { class: "toolbar" }, h("p", { class: "lead" }, t("ledger-lead")), forOperator ? null : download(bankId)),
    h("p", null, back),
    h(
      "dl",
      { class: "stats" },
      h("div", null, h("dt", null, t("ledger-remaining")), h("dd", { class: "big", testid: "ledger-remaining" }, formatNumber(b.remaining))),
      h("div", null, h("dt", null, t("ledger-used")), h("dd", { testid: "ledger-used" }, formatNumber(b.used))),
    ),
  );
  if (!first.entries.length) {
    view.append(empty(t("ledger-empty"), "ledger-empty"));
    return;
  }
  const table = dataTable({
    caption: t("ledger-caption", { bank: label }),
    testid: "ledger-table",
    rowAttrs: (e) => ({ testid: "ledger-row", "data-action": e.action }),
    columns: [
      { label: t("audit-col-time"), cell: (e) => timeEl(e.at) },
      { label: t("ledger-col-movement"), cell: (e) => h("span", { testid: "ledger-action" }, actionLabel(e.action)) },
      { label: t("audit-col-actor"), cell: (e) => h("span", { class: "break" }, e.actor_label), className: "actor" },
      { label: t("audit-col-subject"), cell: (e) => subject(e.subject), className: "subject" },
      { label: t("audit-col-credits"), cell: (e) => credits(e.credits), className: "num" },
      { label: t("ledger-col-balance"), cell: (e) => h("strong", { testid: "ledger-balance" }, formatNumber(e.balance)), className: "num" },
      { label: t("audit-col-detail"), cell: (e) => h("span", { class: "detail" }, e.detail), className: "wide detail-col" },
    ],
    rows: first.entries,
  });
  view.append(table.element);
  view.append(...moreRows(first.next, (cursor) => api(path, { query: { limit: PAGE, cursor } }), table, "entries"));
}
