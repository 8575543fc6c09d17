// The audit trail as a tool in the portal: the seeded admin opens a bank's history from the
// banks page (the trail filtered on that bank, the filter kept in the address), narrows it to
// one action, downloads the filtered trail as CSV (the download then shows in the trail), and
// reads the field's error for days given the wrong way round; the licence provider's staff show
// the vendor's trail's catalogue changes alone. axe-core finds no critical or
// serious violation on the filtered page, photographed at desktop and phone widths.

import { test } from "node:test";
import assert from "node:assert/strict";
import { chromium } from "playwright-core";
import { check } from "./kit.mjs";
import { readFileSync } from "node:fs";

const base = process.env.ELP_PORTAL_URL;
const shots = process.env.ELP_SCREENSHOTS;
const issuer = process.env.ELP_OIDC_ISSUER;
const executablePath = process.env.CHROMIUM || "/usr/bin/chromium";

test("an admin filters the audit trail, downloads it and finds the download in it", async () => {
  assert.ok(base && issuer && shots, "run through scripts/e2e");
  const browser = await chromium.launch({ executablePath, args: ["--no-sandbox", "--disable-gpu"] });
  try {
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: "en-GB", acceptDownloads: true });
    const page = await context.newPage();
    const problems = [];
    page.on("pageerror", (e) => problems.push(e.message));
    await page.goto(`${base}/#/banks`);
    await page.waitForURL((url) => url.href.startsWith(`${issuer}/`) && url.pathname.startsWith("/interaction/"));
    await page.getByTestId("signin-email").fill("admin@studio-nord.example");
    await page.getByTestId("signin-submit").click();
    await page.getByTestId("banks-table").waitFor();

    // A bank's history: the trail filtered on it, the filter in the address and the form.
    // The portable 25.1 bank, created through the API (the seed's older bank is imported
    // history: a ledger, no trail).
    const row = page.getByTestId("bank-row").filter({ hasText: "25.1" }).first();
    const bank = await row.getAttribute("data-bank-id");
    await row.getByTestId("bank-history").click();
    await page.getByTestId("audit-table").waitFor({ timeout: 10000 }).catch(async (e) => {
      throw new Error(`${e.message}\n${problems.join("\n")}\n${await page.locator("main").innerText()}`);
    });
    assert.ok(page.url().includes(`bank=${encodeURIComponent(bank)}`), page.url());
    assert.equal(await page.getByTestId("audit-filter-bank").inputValue(), bank);
    const actions = await page.locator('[data-testid="audit-row"]').evaluateAll((rows) => rows.map((r) => r.dataset.action));
    assert.ok(actions.includes("bank_created"), actions.join(", "));

    // One action, chosen in the form: every row is of it.
    await page.getByTestId("audit-filter-action").selectOption(["bank_created"]);
    await page.getByTestId("audit-filter-apply").click();
    await page.waitForURL((url) => url.hash.includes("action=bank_created"));
    await page.getByTestId("audit-table").waitFor();
    // The filtered page replaces the unfiltered one: wait until the rows are the new page's.
    await page
      .waitForFunction(() => {
        const rows = [...document.querySelectorAll('[data-testid="audit-row"]')];
        return rows.length > 0 && rows.every((r) => r.dataset.action === "bank_created");
      }, null, { timeout: 10000 })
      .catch(() => {});
    const only = await page.locator('[data-testid="audit-row"]').evaluateAll((rows) => rows.map((r) => r.dataset.action));
    assert.ok(only.length >= 1 && only.every((a) => a === "bank_created"), only.join(", "));
    await check(page, "audit-filtered");

    // The filtered trail as CSV: data, with its columns.
    const [download] = await Promise.all([page.waitForEvent("download"), page.getByTestId("audit-csv").click()]);
    assert.match(download.suggestedFilename(), /^audit-\d{4}-\d{2}-\d{2}\.csv$/);
    const csv = readFileSync(await download.path(), "utf8").trim().split("\n");
    assert.equal(csv[0], "at,actor,action,subject,bank,credits,detail");
    assert.equal(csv.length - 1, only.length, "one row per event shown");
    assert.ok(csv.slice(1).every((line) => line.includes(",bank_created,")), csv.join("\n"));

    // The download is in the trail.
    await page.goto(`${base}/#/audit?action=audit_downloaded`);
    await page.getByTestId("audit-table").waitFor();
    assert.ok((await page.getByTestId("audit-row").count()) >= 1);

    // Days the wrong way round: the API's reason beside the field.
    await page.goto(`${base}/#/audit?from=2026-03-05&to=2026-03-01`);
    await page.getByTestId("error-to").waitFor();
    assert.match(await page.getByTestId("error-to").textContent(), /from/);
    assert.deepEqual(problems, []);

    // The licence provider's staff find the catalogue's changes in the vendor's trail.
    const opsContext = await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: "en-GB" });
    const ops = await opsContext.newPage();
    ops.on("pageerror", (e) => problems.push(e.message));
    await ops.goto(`${base}/#/console/audit`);
    await ops.waitForURL((url) => url.href.startsWith(`${issuer}/`) && url.pathname.startsWith("/interaction/"));
    await ops.getByTestId("signin-email").fill("ops@vendor.example");
    await ops.getByTestId("signin-operator").check();
    await ops.getByTestId("signin-submit").click();
    await ops.getByTestId("nav").waitFor({ state: "visible" });
    await ops.goto(`${base}/#/console/audit`);
    await ops.getByTestId("vendor-audit-table").waitFor();
    await ops.getByTestId("vendor-audit-catalog").click();
    await ops.waitForURL((url) => url.hash.includes("action=catalog_changed"));
    await ops.getByTestId("vendor-audit-all").waitFor();
    await ops.locator('[data-testid="vendor-audit-row"]').first().waitFor();
    const changes = await ops.locator('[data-testid="vendor-audit-row"]').evaluateAll((rows) => rows.map((r) => r.dataset.action));
    assert.ok(changes.length >= 1 && changes.every((a) => a === "catalog_changed"), changes.join(", "));
    assert.deepEqual(problems, []);
  } finally {
    await browser.close();
  }
});
