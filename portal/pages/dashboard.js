// Dashboard: per product the credits left in usable banks, the bank expiry that matters, the
// credits forfeited, and links to the licences; above, the API's warnings about banks that
// expire soon with unused credits (GET /v1/dashboard).

import { api } from "../api.js";
import { h, badge, count, empty } from "../dom.js";

/** The API's link to a product's licences (`/v1/licenses?product=<id>`) as the portal's route. */
export function licencesRoute(link) {
  const query = new URL(String(link), "http://api.invalid/").search;
  return `#/licences${query}`;
}

export async function render(view) {
  const data = await api("/dashboard");
  view.append(h("p", { class: "lead" }, "Credits left per product, and which bank expires next: use those credits first."));
  if (!data.products.length) {
    view.append(empty("Your organisation has no credit banks yet. Your vendor adds them when you buy credits.", "dashboard-empty"));
    return;
  }
  const warnings = data.warnings;
  if (warnings.length) {
    view.append(
      h(
        "section",
        { class: "alert alert-warning", "aria-labelledby": "dash-warnings", testid: "dashboard-warnings" },
        h("h2", { id: "dash-warnings" }, "Credits about to be lost"),
        h(
          "ul",
          null,
          warnings.map((w) =>
            h(
              "li",
              { testid: "dashboard-warning", "data-bank": w.bank?.id },
              w.message,
              " ",
              h("a", { href: `#/licences?bank=${encodeURIComponent(w.bank?.id ?? "")}` }, `Licences from this bank`),
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
          h("div", null, h("dt", null, "Credits remaining"), h("dd", { class: "big", testid: `dashboard-remaining-${p.product}` }, String(p.remaining))),
          h(
            "div",
            null,
            h("dt", null, "Next bank expiry"),
            h("dd", { testid: `dashboard-next-expiry-${p.product}` }, p.next_expiry ?? h("span", { class: "muted" }, "No usable bank with credits")),
          ),
          p.forfeited > 0 ? h("div", null, h("dt", null, "Forfeited"), h("dd", { testid: `dashboard-forfeited-${p.product}` }, `${count(p.forfeited, "credit")} lost in expired banks`)) : null,
        ),
        h(
          "p",
          null,
          h("a", { href: licencesRoute(p.licenses), class: "button secondary small", testid: `dashboard-licenses-${p.product}` }, `View ${p.name} licences`),
        ),
        h(
          "details",
          { class: "bank-list", open: usable.length > 0 && p.banks.length <= 3 },
          h("summary", null, `Banks (${p.banks.length})`),
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
                  `Version ${b.version}, ${b.start} to ${b.expiry}: `,
                  b.status === "expired" && b.forfeited !== undefined
                    ? h("strong", null, `${b.forfeited} of ${b.granted} credits forfeited`)
                    : [h("strong", null, `${b.remaining} of ${b.granted}`), " credits left "],
                ),
                " ",
                badge(b.status),
                " ",
                h("a", { href: `#/licences?bank=${encodeURIComponent(b.id)}`, testid: `dashboard-bank-licenses-${b.id}` }, "Licences from this bank"),
              ),
            ),
          ),
        ),
      ),
    );
  }
  view.append(grid);
}
