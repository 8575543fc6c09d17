// A licence outlives its bank: the vendor's operator sells Studio Nord a Harmony Premium 22 bank
// that ends in six weeks and next year's bank of the same version; the admin generates a
// licence on the first (its term cut at the bank's end), finds it still offered a renewal, and
// renews it with the bank the quote proposes: the review says next year's bank pays, and the
// licence's page shows the same activation code with one term on each bank. axe on the renewal
// dialog and the licence's page; photographed as `across-*.png`.

import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { chromium } from "playwright-core";

const require = createRequire(import.meta.url);
const AXE = readFileSync(require.resolve("axe-core/axe.min.js"), "utf8");
const base = process.env.ELP_PORTAL_URL;
const shots = process.env.ELP_SCREENSHOTS;
const issuer = process.env.ELP_OIDC_ISSUER;
const executablePath = process.env.CHROMIUM || "/usr/bin/chromium";
const ADMIN = "admin@studio-nord.example";
const ANA = "ana@studio-nord.example";

const iso = (days) => new Date(Date.now() + days * 86_400_000).toISOString().slice(0, 10);

async function signIn(page, email, operator = false) {
  await page.goto(`${base}/`);
  await page.waitForURL((url) => url.href.startsWith(`${issuer}/`) && url.pathname.startsWith("/interaction/"));
  await page.getByTestId("signin-email").fill(email);
  if (operator) await page.getByTestId("signin-operator").check();
  await page.getByTestId("signin-submit").click();
  await page.getByTestId("nav").waitFor({ state: "visible" });
}

async function axe(page, name) {
  await page.getByTestId("loading").waitFor({ state: "detached" }).catch(() => {});
  await page.screenshot({ path: `${shots}/across-${name}.png`, fullPage: true });
  if (!(await page.evaluate(() => typeof window.axe === "object"))) await page.evaluate(AXE);
  const found = await page.evaluate(async () => {
    const result = await window.axe.run(document, { resultTypes: ["violations"] });
    return result.violations.filter((v) => v.impact === "critical" || v.impact === "serious").map((v) => `${v.impact} ${v.id}`);
  });
  assert.deepEqual(found, [], `axe on ${name}`);
}

/** The operator creates a Harmony Premium 22 bank for Studio Nord; answers its id. */
async function newBank(ops, { credits, expiry }) {
  await ops.getByTestId("new-bank-open").click();
  await ops.getByTestId("bank-product").selectOption("harmony-premium");
  await ops.getByTestId("bank-version").selectOption("22");
  await ops.getByTestId("bank-purchased").fill(String(credits));
  await ops.getByTestId("bank-start").fill(iso(0));
  await ops.getByTestId("bank-expiry").fill(expiry);
  await ops.getByTestId("new-bank-review").click();
  await ops.getByTestId("new-bank-review-step").waitFor();
  await ops.getByTestId("new-bank-confirm").click();
  await ops.getByTestId("new-bank-result").waitFor();
  const id = (await ops.getByTestId("new-bank-id").textContent()).trim();
  await ops.getByTestId("new-bank-close").click();
  return id;
}

test("a renewal draws on next year's bank and the licence keeps its code", async () => {
  assert.ok(base && shots && issuer, "run through scripts/e2e");
  const browser = await chromium.launch({ executablePath, args: ["--no-sandbox", "--disable-gpu"] });
  const problems = [];
  try {
    const opsContext = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    const ops = await opsContext.newPage();
    ops.on("pageerror", (e) => problems.push(e.message));
    await signIn(ops, "ops@vendor.example", true);
    await ops.getByTestId("orgs-table").waitFor();
    await ops.getByTestId("org-name-link").filter({ hasText: "Studio Nord" }).first().click();
    await ops.getByTestId("org-banks-table").waitFor();
    const ending = await newBank(ops, { credits: 30, expiry: iso(45) });
    const nextYear = await newBank(ops, { credits: 30, expiry: iso(400) });
    await opsContext.close();

    const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    const page = await context.newPage();
    page.on("pageerror", (e) => problems.push(e.message));
    await signIn(page, ADMIN);
    await page.goto(`${base}/#/licences`);
    await page.getByTestId("licenses-table").waitFor();
    // Three months asked on a bank that ends in six weeks: the term is cut at its end.
    await page.getByTestId("generate-open").click();
    await page.getByTestId("generate-bank").selectOption(ending);
    await page.getByTestId("generate-type").selectOption("node_lock");
    await page.getByTestId("generate-months").fill("3");
    await page.getByTestId("generate-quantity").fill("1");
    await page.getByTestId("generate-recipient").fill(ANA);
    await page.getByTestId("generate-quote").click();
    await page.getByTestId("generate-review").waitFor();
    await page.getByTestId("generate-confirm").click();
    await page.getByTestId("generate-result").waitFor();
    const code = (await page.getByTestId("generated-code").first().textContent()).trim();
    await page.getByTestId("generate-close").click();

    // At its bank's end, yet offered a renewal: next year's bank can take it further.
    await page.goto(`${base}/#/licences?q=${encodeURIComponent(code)}`);
    const row = page.locator(`[data-testid="license-row"][data-code="${code}"]`);
    await row.getByTestId("renew-open").click();
    await page.getByTestId("renew-form").waitFor();
    const choices = await page.getByTestId("renew-bank").locator("option").evaluateAll((o) => o.map((x) => x.value));
    assert.ok(choices.includes("") && choices.includes(nextYear) && choices.includes(ending), `the banks to choose from: ${choices}`);
    await page.getByTestId("renew-months").fill("6");
    await axe(page, "renew-form");
    await page.getByTestId("renew-quote").click();
    await page.getByTestId("renew-review").waitFor();
    assert.equal(await page.getByTestId("quote-bank").getAttribute("data-bank"), nextYear, "the quote proposes next year's bank, and says so");
    await axe(page, "renew-review");
    await page.getByTestId("renew-confirm").click();
    await page.getByTestId("renew-result").waitFor();
    await page.getByTestId("renew-close").click();

    // The same code, one term on each bank.
    await page.goto(`${base}/#/licences/${encodeURIComponent(code)}`);
    await page.getByTestId("terms-table").waitFor();
    assert.equal((await page.getByTestId("detail-code").textContent()).trim(), code);
    const banks = await page.getByTestId("term-bank").evaluateAll((cells) => cells.map((c) => c.dataset.bank));
    assert.deepEqual(banks, [ending, nextYear], "each term on its bank");
    await axe(page, "licence");
    assert.deepEqual(problems, [], "no script errors");
  } finally {
    await browser.close();
  }
});
