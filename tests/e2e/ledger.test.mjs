// A bank's forecast and ledger in the portal: the seeded admin signs in, reads the forecast of
// each product on the dashboard and of each bank on the banks page, opens a bank's ledger from
// the banks page (every movement with the balance after it, the last one what the bank still
// holds) and downloads it as CSV. axe-core finds no critical or serious violation on the three
// pages, photographed at desktop and phone widths.

import { test } from "node:test";
import assert from "node:assert/strict";
import { chromium } from "playwright-core";
import { check } from "./kit.mjs";
import { readFileSync } from "node:fs";

const base = process.env.ELP_PORTAL_URL;
const shots = process.env.ELP_SCREENSHOTS;
const issuer = process.env.ELP_OIDC_ISSUER;
const executablePath = process.env.CHROMIUM || "/usr/bin/chromium";

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
