// The bulk flows of the licences page, in the browser: an admin generates for a crew (addresses
// pasted, then a CSV file), reviews the one quote line by line, confirms once and reads a result
// per recipient; renews several licences with one quote; returns one of the new licences and
// assigns returned licences in bulk. axe-core runs on every form, review and result at desktop
// and phone widths; each is photographed into $ELP_SCREENSHOTS (`bulk-*.png`).

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
const DESKTOP = { width: 1280, height: 900 };
const PHONE = { width: 390, height: 844 };

async function axe(page, name, width) {
  if (!(await page.evaluate(() => typeof window.axe === "object"))) await page.evaluate(AXE);
  const found = await page.evaluate(async () => {
    const result = await window.axe.run(document, { resultTypes: ["violations"] });
    return result.violations
      .filter((v) => v.impact === "critical" || v.impact === "serious")
      .map((v) => `${v.impact} ${v.id}: ${v.nodes.map((n) => n.target.join(" ")).slice(0, 4).join(" | ")}`);
  });
  assert.deepEqual(found, [], `axe on ${name} at ${width}px`);
}

/** Words a person should never read: "(s)" plurals, type ids, catalogue message ids. */
const INTERNALS = /\w\(s\)|\bnode_lock\b|\bbulk-[a-z-]+\b|\blic-[a-z-]+\b/;

async function check(page, name) {
  const words = await page.evaluate(() => document.body.innerText);
  assert.doesNotMatch(words, INTERNALS, `${name} shows no internals`);
  for (const [size, suffix] of [[PHONE, "-phone"], [DESKTOP, ""]]) {
    await page.setViewportSize(size);
    await page.waitForTimeout(60);
    await page.screenshot({ path: `${shots}/bulk-${name}${suffix}.png`, fullPage: true });
    await axe(page, name, size.width);
  }
}

const missing = (page) =>
  page.evaluate(async () => {
    const { missing } = await import("./i18n.js");
    return [...missing];
  });

const listed = (page) => page.waitForFunction(() => document.querySelector('[data-testid="licenses-results"]')?.dataset.loaded === window.location.hash);

test("bulk generation, renewal and assignment: one review, one confirm, a result per line", async () => {
  const browser = await chromium.launch({ executablePath, args: ["--no-sandbox"] });
  const problems = [];
  try {
    const context = await browser.newContext({ viewport: DESKTOP });
    const page = await context.newPage();
    page.on("pageerror", (e) => problems.push(e.message));
    await page.goto(`${base}/#/licences`);
    await page.waitForURL((url) => url.href.startsWith(`${issuer}/`) && url.pathname.startsWith("/interaction/"));
    await page.getByTestId("signin-email").fill(ADMIN);
    await page.getByTestId("signin-submit").click();
    await page.getByTestId("nav").waitFor({ state: "visible" });
    await listed(page);

    // A crew: three addresses pasted (one a member already), one of them with two licences.
    const stamp = Date.now();
    const crew = [`grip-${stamp}@studio-nord.example`, `gaffer-${stamp}@studio-nord.example`, "ana@studio-nord.example"];
    await page.getByTestId("bulk-generate-open").click();
    await page.getByTestId("bulk-generate-form").waitFor();
    const portable = await page.getByTestId("bulk-bank").evaluate((s) => [...s.options].find((o) => o.text.includes("25.1"))?.value);
    await page.getByTestId("bulk-bank").selectOption(portable);
    await page.getByTestId("bulk-months").fill("1");
    await page.getByTestId("bulk-recipients").fill(`${crew[0]}\n${crew[1]}, 2\nnot an address`);
    await page.getByTestId("bulk-quote").click();
    // A line that is no address is named before anything is asked of the service.
    await page.getByTestId("error-recipients").waitFor();
    assert.match(await page.getByTestId("error-recipients").textContent(), /3/);
    await page.getByTestId("bulk-recipients").fill(crew.map((e, i) => (i === 1 ? `${e}, 2` : e)).join("\n"));
    await check(page, "generate-form");
    await page.getByTestId("bulk-quote").click();
    await page.getByTestId("bulk-review").waitFor();
    assert.equal(await page.getByTestId("bulk-line").count(), 3);
    assert.match(await page.getByTestId("bulk-summary").textContent(), /4/, "four licences in all");
    await page.getByTestId("bulk-joining-note").waitFor();
    await check(page, "generate-review");
    await page.getByTestId("bulk-confirm").click();
    await page.getByTestId("bulk-result").waitFor();
    assert.equal(await page.locator('[data-testid="bulk-result-row"][data-status="generated"]').count(), 3);
    assert.equal(await page.getByTestId("bulk-code").count(), 4);
    await check(page, "generate-result");
    await page.getByTestId("bulk-close").click();
    await page.getByTestId("bulk-generate-dialog").waitFor({ state: "detached" });
    await page.getByTestId("licenses-notice").waitFor();

    // The same from a CSV file, with a header line.
    await page.getByTestId("bulk-generate-open").click();
    await page.getByTestId("bulk-generate-form").waitFor();
    await page.getByTestId("bulk-bank").selectOption(portable);
    await page.getByTestId("bulk-months").fill("1");
    await page.getByTestId("bulk-file").setInputFiles({
      name: "crew.csv",
      mimeType: "text/csv",
      buffer: Buffer.from(`email,quantity\nbest-boy-${stamp}@studio-nord.example,1\n`),
    });
    await page.waitForFunction(() => document.querySelector('[data-testid="bulk-recipients"]').value.includes("best-boy"));
    await page.getByTestId("bulk-quote").click();
    await page.getByTestId("bulk-review").waitFor();
    assert.equal(await page.getByTestId("bulk-line").count(), 1);
    await page.getByTestId("bulk-confirm").click();
    await page.getByTestId("bulk-result").waitFor();
    await page.getByTestId("bulk-close").click();
    await listed(page);

    // Renew several: the first two licences the dialog offers, one quote, one confirm.
    await page.getByTestId("bulk-renew-open").click();
    await page.getByTestId("bulk-renew-form").waitFor();
    const picks = page.getByTestId("bulk-renew-list-pick");
    await picks.nth(0).check();
    await picks.nth(1).check();
    await page.getByTestId("bulk-renew-months").fill("1");
    await check(page, "renew-form");
    await page.getByTestId("bulk-renew-quote").click();
    await page.getByTestId("bulk-review").waitFor();
    assert.equal(await page.getByTestId("bulk-line").count(), 2);
    await check(page, "renew-review");
    await page.getByTestId("bulk-confirm").click();
    await page.getByTestId("bulk-result").waitFor();
    assert.equal(await page.getByTestId("bulk-result-row").count(), 2);
    await check(page, "renew-result");
    await page.getByTestId("bulk-close").click();
    await listed(page);

    // Return one of the crew's licences, then assign returned licences in bulk.
    const row = page.locator('[data-testid="license-row"]', { hasText: crew[0] }).first();
    await row.getByTestId("return-open").click();
    await page.getByTestId("return-dialog").waitFor();
    await page.getByTestId("return-confirm").click();
    await page.getByTestId("return-dialog").waitFor({ state: "detached" });
    await listed(page);
    await page.getByTestId("bulk-assign-open").click();
    await page.getByTestId("bulk-assign-form").waitFor();
    const newcomer = `dolly-${stamp}@studio-nord.example`;
    await page.getByTestId("bulk-assign-email").first().fill(newcomer);
    await check(page, "assign-form");
    await page.getByTestId("bulk-assign-review").click();
    await page.getByTestId("bulk-review").waitFor();
    assert.equal(await page.getByTestId("bulk-line").count(), 1);
    await check(page, "assign-review");
    await page.getByTestId("bulk-confirm").click();
    await page.getByTestId("bulk-result").waitFor();
    assert.equal(await page.locator('[data-testid="bulk-result-row"][data-status="assigned"]').count(), 1);
    await check(page, "assign-result");
    await page.getByTestId("bulk-close").click();
    assert.deepEqual(await missing(page), [], "every message the pages asked for is in the catalogue");
    assert.deepEqual(problems, []);
  } finally {
    await browser.close();
  }
});
