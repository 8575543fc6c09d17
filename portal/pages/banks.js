// Credit banks (GET /v1/banks); the refresh button re-reads each shown bank
// (GET /v1/banks/{id}, strongly consistent).

import { api, seg } from "../api.js";
import { h, badge, busy, dataTable, empty, errorBox, moreRows, yesNo } from "../dom.js";
import { productNames, productName } from "../products.js";

const PAGE = 50;

export async function render(view) {
  const [first, names] = await Promise.all([api("/banks", { query: { limit: PAGE } }), productNames()]);
  const refresh = h("button", { type: "button", class: "button secondary", testid: "banks-refresh" }, "Refresh");
  const status = h("p", { class: "muted", role: "status", testid: "banks-updated" });
  const errors = h("div");
  view.append(
    h("div", { class: "toolbar" }, h("p", { class: "lead" }, "Credits bought from your vendor, per product and version."), refresh),
    status,
    errors,
  );
  if (!first.banks.length) {
    refresh.disabled = true;
    view.append(empty("Your organisation has no credit banks yet.", "banks-empty"));
    return;
  }
  const table = dataTable({
    caption: "Credit banks",
    testid: "banks-table",
    rowAttrs: (b) => ({ testid: "bank-row", "data-bank-id": b.id }),
    columns: [
      {
        label: "Product",
        cell: (b) =>
          h(
            "span",
            null,
            h("span", { testid: "bank-product" }, productName(names, b.product)),
            h("a", { class: "sub", href: `#/licences?bank=${encodeURIComponent(b.id)}`, testid: "bank-licenses" }, "View licences"),
          ),
      },
      { label: "Purchased", cell: (b) => String(b.purchased), className: "num" },
      { label: "Granted", cell: (b) => String(b.granted), className: "num" },
      { label: "Used", cell: (b) => h("span", { testid: "bank-used" }, String(b.used)), className: "num" },
      { label: "Remaining", cell: (b) => h("strong", { testid: "bank-remaining" }, String(b.remaining)), className: "num" },
      { label: "Start", cell: (b) => b.start, className: "date" },
      { label: "Expiry", cell: (b) => b.expiry, className: "date" },
      { label: "Version", cell: (b) => b.version },
      { label: "Portable", cell: (b) => yesNo(b.portable) },
      {
        label: "Status",
        cell: (b) => h("span", null, badge(b.status, "bank-status"), b.forfeited ? h("span", { class: "muted small" }, ` ${b.forfeited} forfeited`) : null),
      },
    ],
    rows: first.banks,
  });
  view.append(table.element);
  view.append(...moreRows(first.next, (cursor) => api("/banks", { query: { limit: PAGE, cursor } }), table, "banks"));
  refresh.addEventListener("click", () =>
    busy(refresh, async () => {
      errors.replaceChildren();
      status.textContent = "Refreshing\u2026";
      const rows = [...table.tbody.rows];
      const results = await Promise.allSettled(rows.map((row) => api(`/banks/${seg(row.dataset.bankId)}`)));
      let failed = null;
      results.forEach((result, i) => {
        if (result.status === "fulfilled") rows[i].replaceWith(table.rowOf(result.value));
        else failed = result.reason;
      });
      const time = new Date().toTimeString().slice(0, 8);
      status.textContent = failed ? `Some banks could not be refreshed (${time}).` : `Updated at ${time}.`;
      if (failed) errors.append(errorBox(failed));
    }),
  );
}
