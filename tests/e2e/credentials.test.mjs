// API credentials in the portal, and a script with the key against the same port (the dev
// gateway plays the scripts API for keys): the seeded admin creates a read-only credential and
// sees its key once; the key lists licences but cannot generate; the admin revokes it after
// confirming, and the key is refused at once. axe-core finds no critical or serious violation
// on the page, with the key shown, and in the dialog.

import { test } from "node:test";
import assert from "node:assert/strict";
import { chromium } from "playwright-core";
import { check } from "./kit.mjs";
import { readFileSync } from "node:fs";

const base = process.env.ELP_PORTAL_URL;
const shots = process.env.ELP_SCREENSHOTS;
const issuer = process.env.ELP_OIDC_ISSUER;
const executablePath = process.env.CHROMIUM || "/usr/bin/chromium";

/** What a script gets: the status and body of `method path` with the key. */
async function script(key, method, path, body) {
  const answer = await fetch(`${base}${path}`, {
    method,
    headers: { authorization: `Bearer ${key}`, "content-type": "application/json" },
    body: body ? JSON.stringify(body) : undefined,
  });
  return { status: answer.status, body: await answer.json().catch(() => null) };
}

test("an admin creates a read-only key, a script uses it, and it is revoked at once", async () => {
  assert.ok(base && issuer && shots, "run through scripts/e2e");
  const browser = await chromium.launch({ executablePath, args: ["--no-sandbox", "--disable-gpu"] });
  try {
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: "en-GB" });
    const page = await context.newPage();
    const problems = [];
    page.on("pageerror", (e) => problems.push(e.message));
    await page.goto(`${base}/#/credentials`);
    await page.waitForURL((url) => url.href.startsWith(`${issuer}/`) && url.pathname.startsWith("/interaction/"));
    await page.getByTestId("signin-email").fill("admin@studio-nord.example");
    await page.getByTestId("signin-submit").click();
    await page.getByTestId("credential-form").waitFor();
    await page.getByTestId("nav-credentials").waitFor();
    assert.match((await page.getByTestId("page-title").textContent()).trim(), /^API credentials$/);

    const name = `nightly report ${Date.now()}`;
    await page.getByTestId("credential-name").fill(name);
    await page.getByTestId("credential-role").selectOption("read_only");
    await page.getByTestId("credential-create").click();
    const key = (await page.getByTestId("credential-key").textContent()).trim();
    assert.match(key, /^elp_[0-9a-f]{20}_[A-Za-z0-9_-]{43}$/);
    const row = page.getByTestId("credential-row").filter({ hasText: name });
    await row.waitFor();
    assert.equal(await row.getByTestId("credential-role-cell").textContent(), "Read only");
    await check(page, "credentials");

    const listed = await script(key, "GET", "/v1/licenses?limit=5");
    assert.equal(listed.status, 200, JSON.stringify(listed.body));
    assert.ok(Array.isArray(listed.body.licenses));
    const generate = await script(key, "POST", "/v1/licenses/quote", { product: "harmony-premium", type: "node_lock", months: 1, quantity: 1, recipient: "x@studio-nord.example" });
    assert.equal(generate.status, 403, JSON.stringify(generate.body));
    assert.equal((await script(key, "GET", "/v1/me")).status, 404, "the scripts API has no /v1/me");

    // The key is not shown again once the page is left.
    await page.goto(`${base}/#/users`);
    await page.getByTestId("users-table").waitFor();
    await page.goto(`${base}/#/credentials`);
    await page.getByTestId("credentials-table").waitFor();
    assert.equal(await page.getByTestId("credential-key").count(), 0);

    await page.getByTestId("credential-row").filter({ hasText: name }).getByTestId("credential-revoke").click();
    const dialog = page.getByTestId("credential-revoke-dialog");
    await dialog.waitFor();
    assert.match(await dialog.getByTestId("credential-revoke-what").textContent(), new RegExp(name));
    await check(page, "credentials-revoke");
    await dialog.getByTestId("credential-revoke-confirm").click();
    await page.getByTestId("credential-notice").waitFor();
    const revoked = page.locator(`[data-testid="credential-row"][data-revoked="yes"]`).filter({ hasText: name });
    await revoked.waitFor();
    const after = await script(key, "GET", "/v1/licenses");
    assert.equal(after.status, 401, JSON.stringify(after.body));

    await page.goto(`${base}/#/audit`);
    await page.getByText("API credential revoked").first().waitFor();
    assert.deepEqual(problems, []);
  } finally {
    await browser.close();
  }
});
