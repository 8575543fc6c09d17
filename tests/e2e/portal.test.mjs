// The portal end to end, in a real headless Chromium (Debian's, driven by playwright-core),
// against the dev gateway and its seeded demo organisation: an admin signs in, restricts the
// Harmony downloads to 25.1, generates a multiseat licence through the review-and-confirm step
// and sees the credits drop on the dashboard; the member who received it signs in and finds it
// with only the allowed downloads; the licence mail is in the SES emulator's inbox. Every page
// is photographed into $ELP_SCREENSHOTS, at desktop and phone widths.

import { test } from "node:test";
import assert from "node:assert/strict";
import { chromium } from "playwright-core";

const base = process.env.ELP_PORTAL_URL;
const shots = process.env.ELP_SCREENSHOTS;
const ses = process.env.ELP_SES_ENDPOINT;
const executablePath = process.env.CHROMIUM || "/usr/bin/chromium";
const ADMIN = "admin@studio-nord.example";
const MEMBER = "ana@studio-nord.example";

async function signIn(page, email) {
  await page.goto(`${base}/dev/sign-in.html`);
  await page.getByTestId("signin-email").fill(email);
  await page.getByTestId("signin-submit").click();
  await page.getByTestId("nav").waitFor({ state: "visible" });
}

async function visit(page, route, name) {
  await page.goto(`${base}/#/${route}`);
  await page.getByTestId("page-title").waitFor();
  await page.getByTestId("loading").waitFor({ state: "detached" }).catch(() => {});
  await page.screenshot({ path: `${shots}/${name}.png`, fullPage: true });
}

async function remaining(page) {
  await page.goto(`${base}/#/dashboard`);
  const cell = page.getByTestId("dashboard-remaining-harmony-premium");
  await cell.waitFor();
  return Number((await cell.textContent()).trim());
}

test("an admin generates a multiseat licence and the member sees it with the allowed downloads", async () => {
  assert.ok(base && shots && ses, "run through scripts/e2e");
  const browser = await chromium.launch({
    executablePath,
    args: ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
  });
  try {
    const page = await (await browser.newContext({ viewport: { width: 1280, height: 900 } })).newPage();
    const errors = [];
    page.on("pageerror", (e) => errors.push(e.message));
    await page.goto(`${base}/dev/sign-in.html`);
    await page.screenshot({ path: `${shots}/sign-in.png`, fullPage: true });
    await signIn(page, ADMIN);

    // Harmony downloads restricted to 25.1.
    await page.goto(`${base}/#/versions`);
    const restricted = page.getByTestId("versions-restricted-harmony-premium");
    await restricted.waitFor();
    if (!(await restricted.isChecked())) await restricted.check();
    for (const v of ["22", "24"]) {
      const box = page.getByTestId(`version-harmony-premium-${v}`);
      if (await box.isChecked()) await box.uncheck();
    }
    const only = page.getByTestId("version-harmony-premium-25.1");
    if (!(await only.isChecked())) await only.check();
    await page.getByTestId("versions-save-harmony-premium").click();
    await assert.doesNotReject(page.getByTestId("versions-status-harmony-premium").filter({ hasText: /^Saved\./ }).waitFor());

    const before = await remaining(page);
    await page.screenshot({ path: `${shots}/dashboard.png`, fullPage: true });

    // Generate: form, review (the quote in words), confirm.
    await page.goto(`${base}/#/licences`);
    await page.getByTestId("generate-open").click();
    const form = page.getByTestId("generate-form");
    await form.waitFor();
    const bank = page.getByTestId("generate-bank");
    const harmony = await bank.locator("option").evaluateAll((options) => options.find((o) => /harmony/i.test(o.textContent))?.value);
    await bank.selectOption(harmony);
    await page.getByTestId("generate-type").selectOption("multiseat");
    await page.getByTestId("generate-months").fill("3");
    await page.getByTestId("generate-quantity").fill("2");
    await page.getByTestId("generate-recipient").fill(MEMBER);
    await page.getByTestId("generate-quote").click();
    const summary = page.getByTestId("quote-summary");
    await summary.waitFor();
    assert.match(await summary.textContent(), /1 licence\(s\) x 2 computer\(s\) x 3 month\(s\) = 6 credit\(s\)/);
    await page.screenshot({ path: `${shots}/generate-review.png`, fullPage: true });
    await page.getByTestId("generate-confirm").click();
    const code = (await page.getByTestId("generated-code").first().textContent()).trim();
    assert.match(code, /^[2-9A-HJ-NP-Z]{4}(-[2-9A-HJ-NP-Z]{4}){3}$/);
    await page.screenshot({ path: `${shots}/generate-done.png`, fullPage: true });
    await page.getByTestId("generate-close").click();

    assert.equal(await remaining(page), before - 6, "the dashboard shows the credits drop");
    for (const [route, name] of [["banks", "banks"], ["licences", "licences"], ["versions", "versions"], ["users", "users"], ["audit", "audit"], ["my-licences", "my-licenses-admin"]]) {
      await visit(page, route, name);
    }
    await page.getByTestId("sign-out").click();

    // The member finds the licence, with only the 25.1 downloads.
    await signIn(page, MEMBER);
    await page.goto(`${base}/#/my-licences`);
    const row = page.locator(`[data-testid="my-license-row"][data-code="${code}"]`);
    await row.waitFor();
    const versions = await row.getByTestId("download-link").evaluateAll((links) => [...new Set(links.map((a) => a.dataset.version))]);
    assert.deepEqual(versions, ["25.1"], "only the allowed version's links");
    assert.equal(await row.getByTestId("download-link").count(), 3, "Windows, macOS and Linux");
    await page.screenshot({ path: `${shots}/my-licences-member.png`, fullPage: true });

    // At phone width too.
    await page.setViewportSize({ width: 375, height: 800 });
    await page.goto(`${base}/#/my-licences`);
    await row.waitFor();
    await page.screenshot({ path: `${shots}/my-licences-phone.png`, fullPage: true });
    assert.deepEqual(errors, [], "no script errors");
  } finally {
    await browser.close();
  }

  // The licence mail arrived, with the code.
  let mail;
  for (let i = 0; i < 50 && !mail; i++) {
    const store = await (await fetch(`${ses}/store`)).json();
    mail = store.emails.find((m) => m.destination.to.includes(MEMBER) && /licence/i.test(m.subject) && m.body.text.includes("multiseat, for 2 computers"));
    if (!mail) await new Promise((r) => setTimeout(r, 200));
  }
  assert.ok(mail, "the licence mail is in the emulator's inbox");
});
