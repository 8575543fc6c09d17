// Webhooks in the portal: the seeded admin opens Webhooks from the navigation, adds an
// endpoint (a receiver on this machine, which the dev gateway allows) for two event types,
// is shown its secret once, replaces the secret (shown once again), disables and enables the
// endpoint, reads its (empty) deliveries and deletes it; the trail names each change. axe-core
// finds no critical or serious violation on the page and its dialogs, photographed at desktop
// and phone widths.

import { test } from "node:test";
import assert from "node:assert/strict";
import { chromium } from "playwright-core";
import { check } from "./kit.mjs";
import { readFileSync } from "node:fs";

const base = process.env.ELP_PORTAL_URL;
const shots = process.env.ELP_SCREENSHOTS;
const issuer = process.env.ELP_OIDC_ISSUER;
const executablePath = process.env.CHROMIUM || "/usr/bin/chromium";

test("an admin adds, rotates, disables, enables and deletes a webhook endpoint", async () => {
  assert.ok(base && issuer && shots, "run through scripts/e2e");
  const browser = await chromium.launch({ executablePath, args: ["--no-sandbox", "--disable-gpu"] });
  try {
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: "en-GB" });
    const page = await context.newPage();
    const problems = [];
    page.on("pageerror", (e) => problems.push(e.message));
    await page.goto(`${base}/#/dashboard`);
    await page.waitForURL((url) => url.href.startsWith(`${issuer}/`) && url.pathname.startsWith("/interaction/"));
    await page.getByTestId("signin-email").fill("admin@studio-nord.example");
    await page.getByTestId("signin-submit").click();
    await page.getByTestId("dashboard-products").waitFor();

    // From the navigation, like every admin page.
    await page.getByRole("link", { name: "Webhooks" }).first().click();
    await page.getByTestId("webhook-form").waitFor();
    await check(page, "webhooks");

    // A URL the portal refuses is named at its field.
    await page.getByTestId("webhook-url").fill("http://hooks.studio-nord.example/elp");
    await page.getByTestId("webhook-event-licence.generated").check();
    await page.getByTestId("webhook-submit").click();
    await page.getByTestId("webhook-error").first().waitFor();
    assert.match(await page.getByTestId("webhook-form").innerText(), /must be an https URL/i);

    const url = `http://127.0.0.1:9/e2e-${Date.now()}`;
    await page.getByTestId("webhook-url").fill(url);
    await page.getByTestId("webhook-description").fill("Render farm");
    await page.getByTestId("webhook-event-bank.expired").check();
    await page.getByTestId("webhook-submit").click();
    const secretDialog = page.getByTestId("webhook-secret-dialog");
    await secretDialog.waitFor();
    const secret = (await page.getByTestId("webhook-secret").textContent()).trim();
    assert.match(secret, /^whsec_/);
    await check(page, "webhooks-secret");
    await page.getByTestId("webhook-secret-done").click();

    const row = page.locator(`[data-testid="webhook-row"]`, { hasText: url });
    await row.waitFor();
    assert.match(await row.getByTestId("webhook-events-cell").textContent(), /Bank expired/);
    assert.equal((await row.getByTestId("webhook-state").textContent()).trim(), "Enabled");
    assert.ok(!(await page.locator("main").innerText()).includes(secret), "the secret is not on the page");

    // A new secret, confirmed first, shown once.
    await row.getByTestId("webhook-rotate").click();
    await page.getByTestId("webhook-confirm-dialog").waitFor();
    await check(page, "webhooks-rotate");
    await page.getByTestId("webhook-confirm").click();
    await page.getByTestId("webhook-secret-dialog").waitFor();
    const rotated = (await page.getByTestId("webhook-secret").textContent()).trim();
    assert.notEqual(rotated, secret);
    await page.getByTestId("webhook-secret-done").click();

    // Disabled, then enabled again.
    await row.getByTestId("webhook-toggle").click();
    await page.getByTestId("webhook-confirm").click();
    await page.locator(`[data-testid="webhook-row"]`, { hasText: url }).getByText("Disabled").waitFor();
    await page.locator(`[data-testid="webhook-row"]`, { hasText: url }).getByTestId("webhook-toggle").click();
    await page.getByTestId("webhook-confirm").click();
    await page.locator(`[data-testid="webhook-row"]`, { hasText: url }).getByText("Enabled").waitFor();

    // Its deliveries (none: no event was published for it).
    await page.locator(`[data-testid="webhook-row"]`, { hasText: url }).getByTestId("webhook-show-deliveries").click();
    await page.getByTestId("webhook-deliveries-empty").waitFor();

    // Deleted.
    await page.locator(`[data-testid="webhook-row"]`, { hasText: url }).getByTestId("webhook-delete").click();
    await page.getByTestId("webhook-confirm").click();
    await page.locator(`[data-testid="webhook-row"]`, { hasText: url }).waitFor({ state: "detached" });
    assert.match(await page.getByTestId("webhooks-notice").textContent(), /deleted/);

    await page.goto(`${base}/#/audit`);
    await page.getByTestId("audit-table").waitFor();
    const actions = await page.getByTestId("audit-action").allTextContents();
    for (const action of ["Webhook endpoint added", "Webhook secret replaced", "Webhook endpoint changed", "Webhook endpoint deleted"]) {
      assert.ok(actions.includes(action), `${action} in ${actions.join(", ")}`);
    }
    assert.deepEqual(problems, []);
  } finally {
    await browser.close();
  }
});
