// Dashboard: per product the credits left in usable banks, the bank expiry that matters, and
// links to the licences (GET /v1/dashboard).

import { api } from "../api.js";
import { h, badge, empty } from "../dom.js";

/** The API's licences link (/v1/licenses?bank=...) as the portal's route. */
function licensesRoute(link) {
  try {
    const bank = new URL(String(link), window.location.origin).searchParams.get("bank");
    return bank ? `#/licences?bank=${encodeURIComponent(bank)}` : "#/licences";
  } catch {
    return "#/licences";
  }
}

export async function render(view) {
  const data = await api("/dashboard");
  view.append(h("p", { class: "lead" }, "Credits left per product, and which bank expires next: use those credits first."));
  if (!data.products.length) {
    view.append(empty("Your organisation has no credit banks yet. Your vendor adds them when you buy credits.", "dashboard-empty"));
    return;
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
        ),
        h(
          "p",
          null,
          h("a", { href: licensesRoute(p.licenses), class: "button secondary small", testid: `dashboard-licenses-${p.product}` }, `View ${p.name} licences`),
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
                h("span", null, `Version ${b.version}, ${b.start} to ${b.expiry}: `, h("strong", null, `${b.remaining} of ${b.granted}`), " credits left "),
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
