// Dashboard: per product the credits left in usable banks, the bank expiry that matters, and
// links to the licences (GET /v1/dashboard).

import { api } from "../api.js";
import { h, badge, count, empty, todayIso } from "../dom.js";

const DAY = 86400000;
const daysBetween = (from, to) => Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / DAY);

/**
 * Banks that will lose credits soon: the API's `warnings` when it has them; else the usable
 * banks expiring within 60 days that still hold credits.
 */
function warningsOf(data) {
  if (Array.isArray(data.warnings)) return data.warnings;
  const today = todayIso();
  const out = [];
  for (const p of data.products) {
    for (const b of p.banks) {
      if (b.status === "expired" || !(b.remaining > 0)) continue;
      const days = daysBetween(today, b.expiry);
      if (days < 0 || days > 60) continue;
      out.push({
        bank: { id: b.id, product: p.product, version: b.version, expiry: b.expiry },
        product_name: p.name,
        days_left: days,
        unused: b.remaining,
        message: `The ${p.name} ${b.version} bank expires on ${b.expiry}, in ${count(days, "day")}, with ${count(b.remaining, "unused credit")}: they are lost when it expires.`,
      });
    }
  }
  return out.sort((a, b) => a.days_left - b.days_left);
}

/** Credits lost in the product's expired banks: the API's `forfeited`, else the banks' sum. */
const forfeitedOf = (p) => p.forfeited ?? p.banks.reduce((sum, b) => sum + (Number(b.forfeited) || 0), 0);

export async function render(view) {
  const data = await api("/dashboard");
  view.append(h("p", { class: "lead" }, "Credits left per product, and which bank expires next: use those credits first."));
  if (!data.products.length) {
    view.append(empty("Your organisation has no credit banks yet. Your vendor adds them when you buy credits.", "dashboard-empty"));
    return;
  }
  const warnings = warningsOf(data);
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
    const forfeited = forfeitedOf(p);
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
          forfeited > 0 ? h("div", null, h("dt", null, "Forfeited"), h("dd", { testid: `dashboard-forfeited-${p.product}` }, `${count(forfeited, "credit")} lost in expired banks`)) : null,
        ),
        h(
          "p",
          null,
          h("a", { href: `#/licences?product=${encodeURIComponent(p.product)}`, class: "button secondary small", testid: `dashboard-licenses-${p.product}` }, `View ${p.name} licences`),
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
