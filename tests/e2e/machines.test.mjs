// Machines in the portal: the desktop software activates a seeded member's licence (a fetch
// from node to the dev gateway's /v1/activation/activate with the code the member's page
// shows), then the member sees the computer on My licences and on the licence's page ("N of M
// computers in use", hostname, platform, first and last seen, kind) and releases it through a
// dialog that says what releasing means and how many releases remain; the software's next
// validation then fails. And the operator sets the organisation's activation policy in the
// console: a number out of bounds is refused in the form, the review says each change from what
// to what, and the organisation's page then shows the new policy. axe-core finds no critical or
// serious violation on the pages and the dialogs, photographed at desktop and phone widths.

import { test } from "node:test";
import assert from "node:assert/strict";
import { chromium } from "playwright-core";
import { check } from "./kit.mjs";
import { readFileSync } from "node:fs";

const base = process.env.ELP_PORTAL_URL;
const shots = process.env.ELP_SCREENSHOTS;
const issuer = process.env.ELP_OIDC_ISSUER;
const executablePath = process.env.CHROMIUM || "/usr/bin/chromium";
const MEMBER = "ana@studio-nord.example";
const PRODUCTS = ["harmony-premium", "storyboard-pro"];

/** The desktop software: one call of the activation API, from node. */
async function software(call, body) {
  const answer = await fetch(`${base}/v1/activation/${call}`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify(body),
  });
  return { status: answer.status, body: await answer.json().catch(() => null) };
}

test("a member sees the computer the software activated and releases it", async () => {
  assert.ok(base && issuer && shots, "run through scripts/e2e");
  const browser = await chromium.launch({ executablePath, args: ["--no-sandbox", "--disable-gpu"] });
  try {
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: "en-GB" });
    const page = await context.newPage();
    const problems = [];
    page.on("pageerror", (e) => problems.push(e.message));
    await page.goto(`${base}/#/my-licences`);
    await page.waitForURL((url) => url.href.startsWith(`${issuer}/`) && url.pathname.startsWith("/interaction/"));
    await page.getByTestId("signin-email").fill(MEMBER);
    await page.getByTestId("signin-submit").click();
    await page.getByTestId("my-licenses-table").waitFor();

    // The software activates one of the member's codes, as shown on the page.
    const codes = await page.getByTestId("activation-code").allTextContents();
    assert.ok(codes.length > 0, "the member holds licences");
    const stamp = Date.now().toString(36);
    const fingerprint = `e2e-machine-${stamp}-0001`;
    const hostname = `e2e-ws-${stamp}`;
    let activated = null;
    for (const code of codes) {
      for (const product of PRODUCTS) {
        const a = await software("activate", { code: code.trim(), fingerprint, product, hostname, platform: "linux" });
        if (a.status === 201 || a.status === 200) {
          activated = { code: code.trim(), product, seat: a.body.seat, hold: a.body.hold };
          break;
        }
      }
      if (activated) break;
    }
    assert.ok(activated, "one of the member's licences activates");
    const valid = await software("validate", { code: activated.code, fingerprint, product: activated.product, seat: activated.seat });
    assert.equal(valid.status, 200, JSON.stringify(valid.body));

    // My licences: the computer is listed under its licence.
    await page.reload();
    const card = page.locator(`[data-testid=machines][data-code="${activated.code}"]`);
    await card.waitFor({ timeout: 15000 }).catch(async (e) => {
      throw new Error(`${e.message}\n${problems.join("\n")}\n${await page.locator("main").innerText()}`);
    });
    const row = card.locator(`[data-testid=machine-row][data-hostname="${hostname}"]`);
    await row.waitFor();
    assert.equal((await row.getByTestId("machine-platform").textContent()).trim(), "linux");
    assert.ok((await row.getByTestId("machine-first-seen").textContent()).trim().length > 0);
    assert.ok((await row.getByTestId("machine-last-seen").textContent()).trim().length > 0);
    const inUse = card.getByTestId("machines-in-use");
    assert.ok(Number(await inUse.getAttribute("data-used")) >= 1);
    assert.ok(Number(await inUse.getAttribute("data-seats")) >= 1);
    await check(page, "machines-my-licences");

    // The licence's page shows the same computer.
    await page.goto(`${base}/#/licences/${encodeURIComponent(activated.code)}`);
    const detail = page.getByTestId("machines");
    await detail.waitFor();
    await detail.locator(`[data-testid=machine-row][data-hostname="${hostname}"]`).waitFor();
    await check(page, "machines-licence");

    // Release it, reviewed in a dialog first.
    const used = Number(await detail.getByTestId("machines-in-use").getAttribute("data-used"));
    await detail.locator(`[data-testid=machine-row][data-hostname="${hostname}"]`).getByTestId("machine-release").click();
    const dialog = page.getByTestId("release-dialog");
    await dialog.waitFor();
    assert.equal((await dialog.getByTestId("release-hostname").textContent()).trim(), hostname);
    assert.ok((await dialog.getByTestId("release-meaning").textContent()).includes(hostname));
    assert.ok((await dialog.getByTestId("release-left").textContent()).trim().length > 0);
    await check(page, "machines-release-dialog", { resize: false });
    await dialog.getByTestId("release-confirm").click();
    await page.getByTestId("machines-notice").waitFor();
    await dialog.waitFor({ state: "detached" });
    assert.equal(await page.locator(`[data-testid=machine-row][data-hostname="${hostname}"]`).count(), 0);
    assert.equal(Number(await page.getByTestId("machines-in-use").getAttribute("data-used")), used - 1);
    await check(page, "machines-released");

    // The software's next validation fails: the machine holds no seat any more.
    const after = await software("validate", { code: activated.code, fingerprint, product: activated.product, seat: activated.seat });
    assert.equal(after.status, 409, JSON.stringify(after.body));
    assert.equal(after.body?.error?.code, "not_activated");
    assert.deepEqual(problems, []);
  } finally {
    await browser.close();
  }
});

test("the operator sets an organisation's activation policy, reviewed before it applies", async () => {
  assert.ok(base && issuer && shots, "run through scripts/e2e");
  const browser = await chromium.launch({ executablePath, args: ["--no-sandbox", "--disable-gpu"] });
  try {
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: "en-GB" });
    const page = await context.newPage();
    const problems = [];
    page.on("pageerror", (e) => problems.push(e.message));
    await page.goto(`${base}/`);
    await page.waitForURL((url) => url.href.startsWith(`${issuer}/`) && url.pathname.startsWith("/interaction/"));
    await page.getByTestId("signin-email").fill("ops@vendor.example");
    await page.getByTestId("signin-operator").check();
    await page.getByTestId("signin-submit").click();
    await page.getByTestId("orgs-table").waitFor();
    await page.getByTestId("org-name-link").filter({ hasText: "Studio Nord" }).first().click();
    await page.getByTestId("org-banks-table").waitFor();
    const shown = page.getByTestId("console-org-activation");
    const before = (await shown.textContent()).trim();

    // The policy's four numbers, one of them out of bounds first: refused in the form.
    await page.getByTestId("activation-policy-open").click();
    const dialog = page.getByTestId("activation-policy-dialog");
    await dialog.waitFor();
    const current = Number(await dialog.getByTestId("policy-max_releases").inputValue());
    await dialog.getByTestId("policy-max_releases").fill("101");
    await dialog.getByTestId("activation-policy-review").click();
    await dialog.getByTestId("activation-policy-error").waitFor();
    assert.equal(await dialog.getByTestId("activation-policy-review-step").count(), 0, "no review of a policy out of bounds");

    // A policy within bounds: the review says what changes, from what to what.
    const wanted = current === 4 ? 5 : 4;
    await dialog.getByTestId("policy-max_releases").fill(String(wanted));
    await dialog.getByTestId("policy-release_days").fill("30");
    await dialog.getByTestId("activation-policy-review").click();
    const review = dialog.getByTestId("activation-policy-review-step");
    await review.waitFor();
    assert.ok((await review.textContent()).includes(`from ${current} to ${wanted}`), await review.textContent());
    await check(page, "console-activation-policy-review", { resize: false });
    await dialog.getByTestId("activation-policy-confirm").click();
    const result = dialog.getByTestId("activation-policy-result");
    await result.waitFor();
    assert.ok((await result.textContent()).includes(`${wanted} releases`), await result.textContent());
    await dialog.getByTestId("activation-policy-close").click();
    await dialog.waitFor({ state: "detached" });

    // The organisation's page says the new policy, and the API applies it.
    await page.waitForFunction(
      ([el, text]) => document.querySelector(el)?.textContent.trim() !== text,
      ['[data-testid="console-org-activation"]', before],
    );
    assert.ok((await shown.textContent()).trim().startsWith(`${wanted} releases per 30 days`), await shown.textContent());
    await check(page, "console-activation-policy-set");
    assert.deepEqual(problems, []);
  } finally {
    await browser.close();
  }
});
