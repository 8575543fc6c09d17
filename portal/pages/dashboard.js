// Dashboard: per product the credits left in usable banks, the bank expiry that matters, the
// credits forfeited, and links to the licences; above, the API's warnings about banks that
// expire soon with unused credits (GET /v1/dashboard).

import { api } from "../api.js";
import { h, badge, count, empty } from "../dom.js";
import { formatDate, formatNumber, t, tParts } from "../i18n.js";

/** The API's link to a product's licences (`/v1/licenses?product=<id>`) as the portal's route. */
export function licencesRoute(link) {
  const query = new URL(String(link), "http://api.invalid/").search;
  return `#/licences${query}`;
}

export async function render(view) {
  const data = await api("/dashboard");
  view.append(h("p", { class: "lead" }, t("dash-lead")));
  if (!data.products.length) {
    view.append(empty(t("dash-empty"), "dashboard-empty"));
    return;
  }
  const warnings = data.warnings;
  if (warnings.length) {
    view.append(
      h(
        "section",
        { class: "alert alert-warning", "aria-labelledby": "dash-warnings", testid: "dashboard-warnings" },
        h("h2", { id: "dash-warnings" }, t("dash-warnings")),
        h(
          "ul",
          null,
          warnings.map((w) =>
            h(
              "li",
              { testid: "dashboard-warning", "data-bank": w.bank?.id },
              // The API says the warning in the portal's language (Accept-Language).
              w.message,
              " ",
              h("a", { href: `#/licences?bank=${encodeURIComponent(w.bank?.id ?? "")}` }, t("dash-bank-licences")),
            ),
          ),
        ),
      ),
    );
  }
  const grid = h("div", { class: "cards", testid: "dashboard-products" });
  for (const p of data.products) {
    const headingId = `dash-${p.product}`;
    const usable = p.banks.filter((b) => b.status !== "expired");
    grid.append(
      h(
        "section",
        { class: "card", "aria-labelledby": headingId, testid: `dashboard-product-${p.product}` },
        h("h2", { id: headingId }, p.name),
        h(
          "dl",
          { class: "stats" },
          h("div", null, h("dt", null, t("dash-remaining")), h("dd", { class: "big", testid: `dashboard-remaining-${p.product}` }, formatNumber(p.remaining))),
          h(
            "div",
            null,
            h("dt", null, t("dash-next-expiry")),
            h("dd", { testid: `dashboard-next-expiry-${p.product}` }, p.next_expiry ? formatDate(p.next_expiry) : h("span", { class: "muted" }, t("dash-no-usable-bank"))),
          ),
          p.forecast?.message
            ? h("div", { class: "full" }, h("dt", null, t("dash-forecast")), h("dd", { testid: `dashboard-forecast-${p.product}` }, p.forecast.message))
            : null,
          p.forfeited > 0 ? h("div", null, h("dt", null, t("dash-forfeited")), h("dd", { testid: `dashboard-forfeited-${p.product}` }, t("dash-forfeited-lost", { count: p.forfeited, credits: count(p.forfeited, "credit") }))) : null,
        ),
        h(
          "p",
          null,
          h("a", { href: licencesRoute(p.licenses), class: "button secondary small", testid: `dashboard-licenses-${p.product}` }, t("dash-view-licences", { product: p.name })),
        ),
        h(
          "details",
          { class: "bank-list", open: usable.length > 0 && p.banks.length <= 3 },
          h("summary", null, t("dash-banks", { count: p.banks.length, n: formatNumber(p.banks.length) })),
          h(
            "ul",
            null,
            p.banks.map((b) =>
              h(
                "li",
                { testid: `dashboard-bank-${b.id}` },
                h(
                  "span",
                  null,
                  t("dash-bank", { version: b.version, start: formatDate(b.start), expiry: formatDate(b.expiry) }),
                  " ",
                  b.status === "expired" && b.forfeited !== undefined
                    ? h("strong", null, t("dash-bank-forfeited", { count: b.forfeited, total: b.granted, forfeited: formatNumber(b.forfeited), granted: formatNumber(b.granted) }))
                    : tParts("dash-bank-left", { count: b.remaining, total: b.granted }, { amount: h("strong", null, t("dash-bank-amount", { remaining: formatNumber(b.remaining), granted: formatNumber(b.granted) })) }),
                ),
                " ",
                badge(b.status),
                " ",
                h("a", { href: `#/licences?bank=${encodeURIComponent(b.id)}`, testid: `dashboard-bank-licenses-${b.id}` }, t("dash-bank-licences")),
              ),
            ),
          ),
        ),
      ),
    );
  }
  view.append(grid);
}
