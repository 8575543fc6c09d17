// The portal against the fields issue 18's API contract adds (current_term,
// next_term, why_not, mails on licences; licenses_held and last_sign_in on users; forfeited and
// warnings on the dashboard; actor_label on audit events; field and max_quantity on a refusal
// for want of credits), before the API sends them: the real API's answers, with those fields
// added on the way by the test, and the pages read them instead of deriving.

import { test } from "node:test";
import assert from "node:assert/strict";
import { chromium } from "playwright-core";

const base = process.env.ELP_PORTAL_URL;
const issuer = process.env.ELP_OIDC_ISSUER;
const executablePath = process.env.CHROMIUM || "/usr/bin/chromium";

/** Answers the API's JSON for the request, changed by `edit`. */
const amend = (edit) => async (route) => {
  const response = await route.fetch();
  const body = await response.json();
  await route.fulfill({ response, json: edit(body, route.request()) ?? body });
};

test("the portal reads the contract's new fields when the API sends them", async () => {
  assert.ok(base && issuer, "run through scripts/e2e");
  const browser = await chromium.launch({ executablePath, args: ["--no-sandbox", "--disable-gpu"] });
  try {
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    const page = await context.newPage();
    const problems = [];
    page.on("pageerror", (e) => problems.push(e.message));
    const term = (start, expiry, computers) => ({ start, expiry, months_requested: 2, months_charged: 2, computers, credits: 2 * computers });
    await page.route(/\/v1\/dashboard$/, amend((d) => {
      d.products[0].forfeited = 99;
      d.warnings = [{ bank: { id: d.products[0].banks[0].id, product: d.products[0].product, version: "25.1", expiry: "2027-01-01" }, product_name: d.products[0].name, days_left: 30, unused: 44, message: "Told by the API: 44 credits expire in 30 days." }];
    }));
    await page.route(/\/v1\/licenses\?/, amend((d) => {
      for (const l of d.licenses) {
        l.current_term = term("2026-01-01", "2026-03-01", 3);
        l.next_term = term("2026-03-01", "2026-05-01", 7);
        l.why_not = { renew: { code: "at_bank_limit", message: "Told by the API: the bank ends first.", hint: "Told by the API: generate from a longer bank." }, return: null, assign: null };
        l.actions = { renew: false, return: true, assign: true };
      }
    }));
    await page.route(/\/v1\/users\?/, amend((d) => {
      for (const u of d.users) Object.assign(u, { licenses_held: 7, last_sign_in: "2026-11-30T08:15:00Z" });
    }));
    await page.route(/\/v1\/audit\?/, amend((d) => {
      for (const e of d.events) e.actor_label = "someone (licence provider)";
    }));
    await page.route(/\/v1\/licenses\/quote$/, (route) =>
      route.fulfill({ status: 409, json: { error: { status: 409, code: "insufficient_credits", message: "the bank has 9 credits left and this request needs 24", field: "quantity", details: { remaining: 9, needed: 24, max_quantity: 3 } } } }),
    );

    await page.goto(`${base}/#/dashboard`);
    await page.waitForURL((url) => url.href.startsWith(`${issuer}/`));
    await page.getByTestId("signin-email").fill("admin@studio-nord.example");
    await page.getByTestId("signin-submit").click();
    await page.getByTestId("dashboard-warning").filter({ hasText: "Told by the API: 44 credits expire in 30 days." }).waitFor();
    await page.getByText("99 credits lost in expired banks").waitFor();

    await page.goto(`${base}/#/licences`);
    const first = page.getByTestId("license-row").first();
    await first.waitFor();
    assert.equal((await first.getByTestId("license-start").textContent()).trim(), "2026-01-01");
    assert.match(await first.getByTestId("license-next").textContent(), /^Then 2026-03-01 to 2026-05-01/);
    assert.equal(await first.getByTestId("renew-open").count(), 0);
    assert.equal((await first.getByTestId("why-not").textContent()).trim(), "Renew: already ends on its bank's expiry");
    await first.getByTestId("assign-open").or(first.getByTestId("return-open")).first().waitFor();

    await page.getByTestId("generate-open").click();
    await page.getByTestId("generate-quote").click();
    await page.getByTestId("error-quantity").waitFor();
    assert.match(await page.getByTestId("use-max").textContent(), /^Use 3,/);
    await page.keyboard.press("Escape");

    await page.goto(`${base}/#/users`);
    await page.getByTestId("user-licenses-held").first().filter({ hasText: "7" }).waitFor();
    assert.match(await page.getByTestId("user-last-sign-in").first().textContent(), /2026-11-30 08:15:00 UTC/);

    await page.goto(`${base}/#/audit`);
    await page.getByTestId("audit-actor").first().filter({ hasText: "someone (licence provider)" }).waitFor();
    assert.deepEqual(problems, []);
  } finally {
    await browser.close();
  }
});
