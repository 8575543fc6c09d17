// A bank's forecast and ledger in the portal: the seeded admin signs in, reads the forecast of
// each product on the dashboard and of each bank on the banks page, opens a bank's ledger from
// the banks page (every movement with the balance after it, the last one what the bank still
// holds) and downloads it as CSV. axe-core finds no critical or serious violation on the three
// pages, photographed at desktop and phone widths.

import { test } from "node:test";
import assert from "node:assert/strict";
import { chromium } from "playwright-core";
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";

const AXE = readFileSync(createRequire(import.meta.url).resolve("axe-core/axe.min.js"), "utf8");
const base = process.env.ELP_PORTAL_URL;
const shots = process.env.ELP_SCREENSHOTS;
const issuer = process.env.ELP_OIDC_ISSUER;
const executablePath = process.env.CHROMIUM || "/usr/bin/chromium";

async function axeSerious(page) {
  if (!(await page.evaluate(() => typeof window.axe === "object"))) await page.evaluate(AXE);
  return page.evaluate(async () =>
    (await window.axe.run(document, { resultTypes: ["violations"] })).violations
      .filter((v) => v.impact === "critical" || v.impact === "serious")
      .map((v) => `${v.impact} ${v.id}: ${v.nodes.map((n) => n.target.join(" ")).slice(0, 4).join(" | ")}`),
  );
}

async function check(page, name) {
  for (const [width, suffix] of [[1280, ""], [390, "-phone"]]) {
    await page.setViewportSize({ width, height: 844 });
    await page.screenshot({ path: `${shots}/${name}${suffix}.png`, fullPage: true });
    assert.deepEqual(await axeSerious(page), [], `axe on ${name}${suffix}`);
  }
  await page.setViewportSize({ width: 1280, height: 900 });
}

const number = (text) => Number(String(text).replace(/[^\d-]/g, ""));

test("an admin reads the forecast and a bank's ledger", async () => {
  assert.ok(base && issuer && shots, "run through scripts/e2e");
  const browser = await chromium.launch({ executablePath, args: ["--no-sandbox", "--disable-gpu"] });
  try {
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: "en-GB", acceptDownloads: true });
    const page = await context.newPage();
    const problems = [];
    page.on("pageerror", (e) => problems.push(e.message));
    await page.goto(`${base}/#/dashboard`);
    await page.waitForURL((url) => url.href.startsWith(`${issuer}/`) && url.pathname.startsWith("/interaction/"));
    await page.getByTestId("signin-email").fill("admin@studio-nord.example");
    await page.getByTestId("signin-submit").click();
    await page.getByTestId("dashboard-products").waitFor();

    const forecast = page.getByTestId("dashboard-forecast-harmony-premium");
    assert.match(await forecast.textContent(), /^At your current use, /);
    await check(page, "forecast-dashboard");

    await page.goto(`${base}/#/banks`);
    await page.getByTestId("banks-table").waitFor();
    const sentences = await page.getByTestId("bank-forecast").allTextContents();
    assert.ok(sentences.length > 0 && sentences.every((s) => s.startsWith("At your current use, ")), sentences.join(" | "));
    await check(page, "forecast-banks");

    const row = page.getByTestId("bank-row").first();
    const remaining = number(await row.getByTestId("bank-remaining").textContent());
    await row.getByTestId("bank-ledger").click();
    await page.getByTestId("ledger-table").waitFor({ timeout: 10000 }).catch(async (e) => {
      throw new Error(`${e.message}\n${problems.join("\n")}\n${await page.locator("main").innerText()}`);
    });
    assert.match((await page.getByTestId("page-title").textContent()).trim(), /^Ledger of /);
    const actions = await page.getByTestId("ledger-action").allTextContents();
    assert.ok(actions.length >= 2, `movements: ${actions.join(", ")}`);
    const balances = (await page.getByTestId("ledger-balance").allTextContents()).map(number);
    assert.equal(balances.at(-1), remaining, "the last balance is what the bank holds");
    assert.equal(number(await page.getByTestId("ledger-remaining").textContent()), remaining);
    await check(page, "ledger");

    const [download] = await Promise.all([page.waitForEvent("download"), page.getByTestId("ledger-csv").click()]);
    assert.match(download.suggestedFilename(), /^ledger-.+\.csv$/);
    const csv = readFileSync(await download.path(), "utf8").trim().split("\n");
    assert.equal(csv[0], "at,movement,by,subject,credits,balance,detail");
    assert.equal(csv.length - 1, balances.length, "one row per movement");
    assert.ok(csv.at(-1).includes(`,${remaining},`), `the last row ends at ${remaining}: ${csv.at(-1)}`);
    assert.deepEqual(problems, []);
  } finally {
    await browser.close();
  }
});
