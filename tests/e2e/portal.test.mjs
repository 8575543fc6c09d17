// The portal end to end, in a real headless Chromium (Debian's, driven by playwright-core),
// against the dev gateway and its seeded demo organisation, signing in at the local OpenID
// provider's own page through the authorization code flow with PKCE: an admin signs in,
// restricts the Harmony downloads to 25.1, generates a multiseat licence through the
// review-and-confirm step while the portal refreshes its short-lived ID token (the dialog
// survives it), and sees the credits drop on the dashboard; the admin signs out at the provider
// and the member who received the licence signs in and finds it with only the allowed
// downloads; the licence mail is in the SES emulator's inbox. A sign-in answer whose state does
// not match is refused. An invitee opens the decline link of an invitation mail in a browser
// that is signed in to nothing, declines, and the admin sees them gone. An admin asks for credits
// on a bank through the review step, sees them requested, and withdraws. The licence provider
// signs in and lands on the console, creates an organisation and its bank; the organisation's
// new admin signs in with the invitation's address and asks for credits; the provider grants
// them from the queue and the admin sees them; the provider finds the admin's new licence by
// its code, and suspends and resumes the organisation while its admin sees why changes are
// refused. No page breaks its Content-Security-Policy. Every page is photographed into
// $ELP_SCREENSHOTS, at desktop and phone widths.

import { test } from "node:test";
import assert from "node:assert/strict";
import { chromium } from "playwright-core";
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";

const AXE = readFileSync(createRequire(import.meta.url).resolve("axe-core/axe.min.js"), "utf8");

/** axe-core's critical and serious violations on the page as it is. */
async function axeSerious(page) {
  if (!(await page.evaluate(() => typeof window.axe === "object"))) await page.evaluate(AXE);
  return page.evaluate(async () =>
    (await window.axe.run(document, { resultTypes: ["violations"] })).violations
      .filter((v) => v.impact === "critical" || v.impact === "serious")
      .map((v) => `${v.impact} ${v.id}: ${v.nodes.map((n) => n.target.join(" ")).slice(0, 4).join(" | ")}`),
  );
}

const base = process.env.ELP_PORTAL_URL;
const shots = process.env.ELP_SCREENSHOTS;
const ses = process.env.ELP_SES_ENDPOINT;
const issuer = process.env.ELP_OIDC_ISSUER;
const ttl = Number(process.env.ELP_E2E_ID_TOKEN_TTL || 20);
const executablePath = process.env.CHROMIUM || "/usr/bin/chromium";
const ADMIN = "admin@studio-nord.example";
const MEMBER = "ana@studio-nord.example";

const launch = () =>
  chromium.launch({
    executablePath,
    args: ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
  });

/** A page that records script errors and Content-Security-Policy violations. */
async function watchedPage(browser, problems) {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  // Init scripts run before the page's own, whatever its CSP.
  await context.addInitScript(() => {
    document.addEventListener("securitypolicyviolation", (e) => {
      console.error(`CSP violation: ${e.violatedDirective} blocked ${e.blockedURI} in ${e.sourceFile}:${e.lineNumber}`);
    });
  });
  const page = await context.newPage();
  page.on("pageerror", (e) => problems.push(`script error: ${e.message}`));
  page.on("console", (m) => {
    if (m.type() === "error" && /CSP violation|Content Security Policy/i.test(m.text())) problems.push(m.text());
  });
  return page;
}

const atProvider = (url) => url.href.startsWith(`${issuer}/`);

/** Signs in at the provider's page the portal sent the tab to (`operator`: in the vendor's group). */
async function signInAtProvider(page, email, shot, { operator = false } = {}) {
  await page.waitForURL((url) => atProvider(url) && url.pathname.startsWith("/interaction/"));
  await page.getByTestId("signin-email").waitFor();
  if (shot) await page.screenshot({ path: `${shots}/${shot}.png`, fullPage: true });
  await page.getByTestId("signin-email").fill(email);
  if (operator) await page.getByTestId("signin-operator").check();
  await page.getByTestId("signin-submit").click();
  await page.getByTestId("nav").waitFor({ state: "visible" });
  const url = new URL(page.url());
  assert.equal(url.origin, base, "back at the portal");
  assert.equal(url.search, "", "no code or state left in the address bar");
}

async function visit(page, route, name) {
  await page.goto(`${base}/#/${route}`);
  await page.getByTestId("page-title").waitFor();
  await page.getByTestId("loading").waitFor({ state: "detached" }).catch(() => {});
  await page.screenshot({ path: `${shots}/${name}.png`, fullPage: true });
  assert.deepEqual(await axeSerious(page), [], `axe on ${name}`);
}

async function remaining(page) {
  await page.goto(`${base}/#/dashboard`);
  const cell = page.getByTestId("dashboard-remaining-harmony-premium");
  await cell.waitFor();
  return Number((await cell.textContent()).trim());
}

test("an admin generates a multiseat licence and the member sees it with the allowed downloads", async () => {
  assert.ok(base && shots && ses && issuer, "run through scripts/e2e");
  const browser = await launch();
  const problems = [];
  try {
    const page = await watchedPage(browser, problems);
    const tokenRequests = [];
    page.on("request", (r) => {
      if (r.url() === `${issuer}/token`) tokenRequests.push(new URLSearchParams(r.postData() || "").get("grant_type"));
    });

    // The portal sends the tab to the provider by itself, and comes back signed in.
    const first = await page.goto(`${base}/`);
    assert.match(first.headers()["content-security-policy"] || "", /script-src 'self'/);
    await signInAtProvider(page, ADMIN, "sign-in");
    assert.deepEqual(tokenRequests, ["authorization_code"]);
    assert.equal(await page.evaluate(() => window.localStorage.length), 0, "nothing in localStorage");
    assert.equal(await page.getByTestId("user-email").textContent(), ADMIN);

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

    // Generate: form, review (the quote in words), then a token refresh while the dialog is
    // open, until the first ID token has expired, then confirm.
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
    assert.match(await summary.textContent(), /^1 licence for 2 computers, 3 months: 6 credits, from /);
    await page.screenshot({ path: `${shots}/generate-review.png`, fullPage: true });
    const firstExpiry = await page.evaluate(() => Number(window.sessionStorage.getItem("elp.expiresAt")));
    const refreshes = tokenRequests.filter((g) => g === "refresh_token").length;
    await page.waitForRequest((r) => r.url() === `${issuer}/token` && /grant_type=refresh_token/.test(r.postData() || ""), { timeout: (ttl + 20) * 1000 });
    await page.waitForFunction((exp) => Number(window.sessionStorage.getItem("elp.expiresAt")) > exp, firstExpiry);
    const wait = firstExpiry + 1500 - Date.now();
    if (wait > 0) await page.waitForTimeout(wait);
    assert.ok(tokenRequests.filter((g) => g === "refresh_token").length > refreshes, "the portal refreshed its token");
    await page.getByTestId("generate-confirm").click();
    const code = (await page.getByTestId("generated-code").first().textContent()).trim();
    assert.match(code, /^[2-9A-HJ-NP-Z]{4}(-[2-9A-HJ-NP-Z]{4}){3}$/);
    await page.screenshot({ path: `${shots}/generate-done.png`, fullPage: true });
    await page.getByTestId("generate-close").click();

    assert.equal(await remaining(page), before - 6, "the dashboard shows the credits drop");
    for (const [route, name] of [["banks", "banks"], ["licences", "licences"], ["versions", "versions"], ["users", "users"], ["audit", "audit"], ["my-licences", "my-licenses-admin"]]) {
      await visit(page, route, name);
    }

    // Signing out ends the provider's session too: the next sign-in asks who it is.
    await page.getByTestId("sign-out").click();
    await page.waitForURL((url) => atProvider(url));
    await page.getByTestId("logout-confirm").click();
    await page.getByTestId("page-sign-in-signed-out").waitFor();
    assert.equal(new URL(page.url()).origin, base);
    assert.equal(await page.evaluate(() => window.sessionStorage.getItem("elp.idToken")), null, "no token kept");
    await page.screenshot({ path: `${shots}/signed-out.png`, fullPage: true });
    await page.getByTestId("sign-in-start").click();

    // The member finds the licence, with only the 25.1 downloads.
    await signInAtProvider(page, MEMBER);
    await page.goto(`${base}/#/my-licences`);
    const row = page.locator(`[data-testid="my-license-row"][data-code="${code}"]`);
    await row.waitFor();
    assert.equal(await page.getByTestId("user-email").textContent(), MEMBER);
    const versions = await row.getByTestId("download-link").evaluateAll((links) => [...new Set(links.map((a) => a.dataset.version))]);
    assert.deepEqual(versions, ["25.1"], "only the allowed version's links");
    assert.equal(await row.getByTestId("download-link").count(), 3, "Windows, macOS and Linux");
    await page.screenshot({ path: `${shots}/my-licences-member.png`, fullPage: true });

    // At phone width too.
    await page.setViewportSize({ width: 375, height: 800 });
    await page.goto(`${base}/#/my-licences`);
    await row.waitFor();
    await page.screenshot({ path: `${shots}/my-licences-phone.png`, fullPage: true });
    assert.deepEqual(problems, [], "no script errors and no CSP violations");
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

test("a sign-in answer whose state does not match is refused, and the page offers to sign in again", async () => {
  assert.ok(base && issuer, "run through scripts/e2e");
  const browser = await launch();
  const problems = [];
  try {
    const page = await watchedPage(browser, problems);
    // A sign-in under way (the portal has sent the tab to the provider)...
    await page.goto(`${base}/#/dashboard`);
    await page.waitForURL((url) => atProvider(url));
    // ...and an answer that is not its own.
    await page.goto(`${base}/?code=forged-code&state=not-the-one-this-tab-sent&iss=${encodeURIComponent(issuer)}`);
    const refused = page.getByTestId("sign-in-refused");
    await refused.waitFor();
    assert.match(await refused.textContent(), /state does not match/);
    assert.equal(new URL(page.url()).search, "", "the forged answer is gone from the address bar");
    assert.equal(await page.evaluate(() => window.sessionStorage.getItem("elp.idToken")), null);
    await page.screenshot({ path: `${shots}/sign-in-refused.png`, fullPage: true });
    // The button starts a real sign-in, which succeeds.
    await page.getByTestId("sign-in-start").click();
    await signInAtProvider(page, ADMIN);
    assert.deepEqual(problems, [], "no script errors and no CSP violations");
  } finally {
    await browser.close();
  }
});

test("an invitee declines the invitation from the mail's link, without signing in", async () => {
  assert.ok(base && shots && ses && issuer, "run through scripts/e2e");
  const INVITEE = `decline-${Date.now()}@studio-nord.example`;
  const browser = await launch();
  const problems = [];
  try {
    // The admin invites someone.
    const admin = await watchedPage(browser, problems);
    await admin.goto(`${base}/#/users`);
    await signInAtProvider(admin, ADMIN);
    await admin.getByTestId("invite-email").waitFor();
    await admin.getByTestId("invite-email").fill(INVITEE);
    await admin.getByTestId("invite-submit").click();
    await admin.getByTestId("invite-message").waitFor();

    // The invitation mail carries the decline link.
    let link;
    for (let i = 0; i < 50 && !link; i++) {
      const store = await (await fetch(`${ses}/store`)).json();
      const mail = store.emails.find((m) => m.destination.to.includes(INVITEE));
      link = mail?.body.text.match(/https?:\/\/\S+#\/decline\?\S+/)?.[0];
      if (!link) await new Promise((r) => setTimeout(r, 200));
    }
    assert.ok(link, "the invitation mail has a decline link");

    // Someone with no account opens it in a fresh browser: no sign-in is asked for.
    const invitee = await watchedPage(browser, problems);
    await invitee.goto(`${base}/${new URL(link).hash}`);
    await invitee.getByTestId("page-decline").waitFor();
    assert.equal(await invitee.getByTestId("decline-email").textContent(), INVITEE);
    assert.ok(!atProvider(new URL(invitee.url())), "not sent to the provider");
    await invitee.screenshot({ path: `${shots}/decline.png`, fullPage: true });
    assert.deepEqual(await axeSerious(invitee), [], "axe on the decline page");
    await invitee.getByTestId("decline-confirm").click();
    await invitee.getByTestId("decline-done").waitFor();
    await invitee.screenshot({ path: `${shots}/decline-done.png`, fullPage: true });

    // The same link again is refused, and says why.
    await invitee.reload();
    await invitee.getByTestId("decline-confirm").click();
    await invitee.getByTestId("decline-error").waitFor();

    // The admin no longer finds the invitee among the people, and the audit says they declined.
    await admin.reload();
    await admin.getByTestId("users-table").waitFor();
    assert.equal(await admin.getByTestId("users-table").getByText(INVITEE).count(), 0, "the invitee is gone from the users");
    await admin.goto(`${base}/#/audit`);
    await admin.getByText("Invitation declined").first().waitFor();
    assert.deepEqual(problems, [], "no script errors and no CSP violations");
  } finally {
    await browser.close();
  }
});

/** Waits for the mail to `to` whose text matches `pattern` in the SES emulator's inbox. */
async function mailTo(to, pattern) {
  for (let i = 0; i < 50; i++) {
    const store = await (await fetch(`${ses}/store`)).json();
    const mail = store.emails.find((m) => m.destination.to.includes(to) && pattern.test(m.body.text));
    if (mail) return mail;
    await new Promise((r) => setTimeout(r, 200));
  }
  return null;
}

/** Photographs the console page at `route` (waiting for `ready`), at desktop and phone widths. */
async function consoleShots(page, route, name, ready) {
  for (const [width, suffix] of [[1280, ""], [375, "-phone"]]) {
    await page.setViewportSize({ width, height: width > 800 ? 900 : 800 });
    await page.goto(`${base}/#/${route}`);
    await page.getByTestId("page-title").waitFor();
    await page.getByTestId(ready).first().waitFor();
    await page.getByTestId("loading").waitFor({ state: "detached" }).catch(() => {});
    await page.screenshot({ path: `${shots}/${name}${suffix}.png`, fullPage: true });
    assert.deepEqual(await axeSerious(page), [], `axe on ${name}${suffix}`);
  }
  await page.setViewportSize({ width: 1280, height: 900 });
}

test("the licence provider creates an organisation and its bank in the console, grants the credits its new admin asks for, and finds a licence by its code", async () => {
  assert.ok(base && shots && ses && issuer, "run through scripts/e2e");
  const stamp = Date.now();
  const NAME = `Atelier Lumen ${stamp}`;
  const LEAD = `lead-${stamp}@lumen.example`;
  const browser = await launch();
  const problems = [];
  try {
    // The operator signs in at the provider's page and lands on the console.
    const ops = await watchedPage(browser, problems);
    await ops.goto(`${base}/`);
    await signInAtProvider(ops, "ops@vendor.example", null, { operator: true });
    await ops.getByTestId("page-console-orgs").waitFor();
    assert.equal(new URL(ops.url()).hash, "#/console/orgs");
    assert.equal(await ops.getByTestId("user-role").textContent(), "Operator");
    assert.equal(await ops.getByTestId("nav-group-organisation").count(), 0, "no organisation pages for the operator");
    await ops.getByTestId("orgs-table").waitFor();

    // A new organisation with its first admin, through the review step.
    await ops.getByTestId("new-org-open-dialog").click();
    await ops.getByTestId("new-org-review").click();
    await ops.getByTestId("error-name").waitFor();
    await ops.getByTestId("new-org-name").fill(NAME);
    await ops.getByTestId("new-org-admin").fill(LEAD);
    await ops.getByTestId("new-org-review").click();
    await ops.getByTestId("new-org-review-step").waitFor();
    assert.equal(await ops.getByTestId("new-org-review-admin").textContent(), LEAD);
    await ops.screenshot({ path: `${shots}/console-new-org-review.png`, fullPage: true });
    await ops.getByTestId("new-org-confirm").click();
    await ops.getByTestId("new-org-result").waitFor();
    await ops.getByTestId("new-org-open").click();
    await ops.getByTestId("console-org-summary").waitFor();
    assert.equal(await ops.getByTestId("page-title").textContent(), NAME);
    const orgId = (await ops.getByTestId("console-org-id").textContent()).trim();

    // Its bank: Harmony 25.1 from the catalogue, portable, 100 credits.
    await ops.getByTestId("new-bank-open").click();
    const product = ops.getByTestId("bank-product");
    await product.selectOption("harmony-premium");
    await ops.getByTestId("bank-version").selectOption("25.1");
    await ops.getByTestId("bank-purchased").fill("100");
    await ops.getByTestId("bank-portable").check();
    await ops.getByTestId("new-bank-review").click();
    await ops.getByTestId("new-bank-review-step").waitFor();
    assert.equal(await ops.getByTestId("new-bank-review-granted").textContent(), "100");
    await ops.screenshot({ path: `${shots}/console-new-bank-review.png`, fullPage: true });
    await ops.getByTestId("new-bank-confirm").click();
    await ops.getByTestId("new-bank-result").waitFor();
    const bankId = (await ops.getByTestId("new-bank-id").textContent()).trim();
    await ops.getByTestId("new-bank-close").click();
    const opsBank = ops.locator(`[data-testid="org-bank-row"][data-bank-id="${bankId}"]`);
    await opsBank.getByTestId("org-bank-remaining").filter({ hasText: /^100$/ }).waitFor();

    // The new admin, invited by mail, signs in separately and asks for 40 more credits.
    assert.ok(await mailTo(LEAD, new RegExp(NAME)), "the invitation mail names the organisation");
    const admin = await watchedPage(browser, problems);
    await admin.goto(`${base}/#/banks`);
    await signInAtProvider(admin, LEAD);
    assert.equal(await admin.getByTestId("org-name").textContent(), NAME);
    await admin.getByTestId("banks-table").waitFor();
    await admin.getByTestId("request-open").click();
    await admin.getByTestId("request-dialog").waitFor();
    const products = admin.getByTestId("request-product");
    await products.selectOption(await products.locator("option").evaluateAll((options) => options.find((o) => /harmony/i.test(o.textContent))?.value));
    await admin.getByTestId("request-bank").selectOption(bankId);
    await admin.getByTestId("request-credits").fill("40");
    await admin.getByTestId("request-note").fill("Four more artists from January");
    await admin.getByTestId("request-review").click();
    await admin.getByTestId("request-confirm").click();
    await admin.getByTestId("request-result").waitFor();
    await admin.getByTestId("request-close").click();
    const adminBank = admin.locator(`[data-testid="bank-row"][data-bank-id="${bankId}"]`);
    await adminBank.getByTestId("bank-requested").filter({ hasText: /^40$/ }).waitFor();

    // The operator grants it from the queue, into the bank it names.
    await ops.goto(`${base}/#/console/requests`);
    const queued = ops.locator(`[data-testid="queue-request-row"][data-org="${orgId}"]`);
    await queued.waitFor();
    assert.equal(await queued.getByTestId("queue-request-credits").textContent(), "40");
    await ops.screenshot({ path: `${shots}/console-requests.png`, fullPage: true });
    await queued.getByTestId("queue-grant-open").click();
    await ops.getByTestId("grant-request-form").waitFor();
    assert.equal(await ops.getByTestId("grant-request-bank").inputValue(), bankId, "the bank the admin named");
    await ops.getByTestId("grant-request-review").click();
    await ops.getByTestId("grant-request-review-step").waitFor();
    assert.equal(await ops.getByTestId("grant-request-review-remaining").textContent(), "100 \u2192 140");
    await ops.screenshot({ path: `${shots}/console-grant-review.png`, fullPage: true });
    await ops.getByTestId("grant-request-confirm").click();
    await ops.getByTestId("grant-request-result").waitFor();
    assert.match(await ops.getByTestId("grant-request-result-text").textContent(), /140 remaining/);
    await ops.getByTestId("grant-request-close").click();
    await queued.waitFor({ state: "detached" });

    // The admin sees the credits on the Banks page, and generates a licence from them.
    await admin.getByTestId("banks-refresh").click();
    await adminBank.getByTestId("bank-remaining").filter({ hasText: /^140$/ }).waitFor();
    await adminBank.getByTestId("bank-requested").filter({ hasText: /^0$/ }).waitFor();
    await admin.screenshot({ path: `${shots}/banks-granted.png`, fullPage: true });
    await admin.goto(`${base}/#/licences`);
    await admin.getByTestId("generate-open").click();
    await admin.getByTestId("generate-bank").selectOption(bankId);
    await admin.getByTestId("generate-months").fill("2");
    await admin.getByTestId("generate-recipient").fill(LEAD);
    await admin.getByTestId("generate-quote").click();
    await admin.getByTestId("generate-confirm").click();
    const code = (await admin.getByTestId("generated-code").first().textContent()).trim();
    await admin.getByTestId("generate-close").click();

    // The operator finds it by its code, typed in lower case without dashes.
    await ops.goto(`${base}/#/console/find`);
    await ops.getByTestId("find-input").fill(code.replace(/-/g, "").toLowerCase());
    await ops.getByTestId("find-submit").click();
    await ops.getByTestId("found-license").waitFor();
    assert.equal(await ops.getByTestId("found-code").textContent(), code);
    assert.equal(await ops.getByTestId("found-assignee").textContent(), LEAD);
    assert.equal(await ops.getByTestId("found-org-link").textContent(), NAME);
    await ops.screenshot({ path: `${shots}/console-find-licence.png`, fullPage: true });
    await ops.getByTestId("found-org-link").click();
    await ops.getByTestId("console-org-summary").waitFor();
    assert.equal(await ops.getByTestId("page-title").textContent(), NAME);

    // Suspended: the admin's pages say so and changes are refused with the reason; resumed.
    await ops.getByTestId("suspend-open").click();
    await ops.getByTestId("suspend-reason").fill("Invoice 2026-118 unpaid");
    await ops.getByTestId("suspend-review").click();
    await ops.getByTestId("suspend-confirm").click();
    await ops.getByTestId("suspend-result").waitFor();
    await ops.getByTestId("suspend-close").click();
    await ops.getByTestId("console-org-suspended").waitFor();
    await admin.goto(`${base}/#/users`);
    await admin.reload();
    await admin.getByTestId("org-suspended-banner").filter({ hasText: "Invoice 2026-118 unpaid" }).waitFor();
    await admin.getByTestId("invite-email").fill(`artist-${stamp}@lumen.example`);
    await admin.getByTestId("invite-submit").click();
    await admin.getByTestId("invite-error").filter({ hasText: /suspended by the licence provider \(Invoice 2026-118 unpaid\)/ }).waitFor();
    await admin.screenshot({ path: `${shots}/users-suspended.png`, fullPage: true });
    await ops.getByTestId("resume-open").click();
    await ops.getByTestId("resume-confirm").click();
    await ops.getByTestId("resume-result").waitFor();
    await ops.getByTestId("resume-close").click();
    await ops.getByTestId("suspend-open").waitFor();

    // Every console page, at desktop and phone widths.
    const org = `console/orgs/${encodeURIComponent(orgId)}`;
    for (const [route, name, ready] of [
      ["console/orgs", "console-orgs", "orgs-table"],
      [`console/orgs?q=${encodeURIComponent("@lumen.example")}`, "console-orgs-search", "org-row"],
      [org, "console-org-banks", "org-banks-table"],
      [`${org}?section=licences`, "console-org-licences", "org-licences-table"],
      [`${org}?section=people`, "console-org-people", "org-people-table"],
      [`${org}?section=trail`, "console-org-trail", "org-trail-table"],
      [`console/find?q=${encodeURIComponent(LEAD)}`, "console-find-person", "found-person"],
      ["console/requests?status=granted", "console-requests-granted", "queue-table"],
      ["console/catalog", "console-catalog", "console-catalog"],
      ["console/audit", "console-vendor-trail", "vendor-audit-table"],
      ["console/mail", "console-dead-mail", "page-console-mail"],
    ]) {
      await consoleShots(ops, route, name, ready);
    }
    // The vendor's trail has the organisation's suspension and resumption, linked to it.
    await ops.goto(`${base}/#/console/audit`);
    const resumed = ops.locator('[data-testid="vendor-audit-row"][data-action="org_resumed"]').first();
    await resumed.locator(`[data-testid="org-link"][data-org="${orgId}"]`).waitFor();
    assert.deepEqual(problems, [], "no script errors and no CSP violations");
  } finally {
    await browser.close();
  }
});

test("an admin asks for credits on a bank, reviews and confirms, sees them requested, and withdraws the request", async () => {
  assert.ok(base && shots && ses && issuer, "run through scripts/e2e");
  const browser = await launch();
  const problems = [];
  try {
    const page = await watchedPage(browser, problems);
    await page.goto(`${base}/#/banks`);
    await signInAtProvider(page, ADMIN);
    await page.getByTestId("banks-table").waitFor();
    await page.getByTestId("requests-area").waitFor();
    await page.getByTestId("loading").waitFor({ state: "detached" }).catch(() => {});

    // The form: Harmony, a bank of it to top up, 40 credits, a note; then the review.
    await page.getByTestId("request-open").click();
    const dialog = page.getByTestId("request-dialog");
    await dialog.waitFor();
    const product = page.getByTestId("request-product");
    const harmony = await product.locator("option").evaluateAll((options) => options.find((o) => /harmony/i.test(o.textContent))?.value);
    await product.selectOption(harmony);
    const bank = page.getByTestId("request-bank");
    const target = await bank.locator("option").evaluateAll((options) => options.find((o) => o.value)?.value);
    assert.ok(target, "a Harmony bank to top up");
    await bank.selectOption(target);
    await page.getByTestId("request-credits").fill("0");
    await page.getByTestId("request-review").click();
    await page.getByTestId("error-credits").waitFor();
    await page.getByTestId("request-credits").fill("40");
    await page.getByTestId("request-note").fill("Six more artists for the spring show");
    await page.screenshot({ path: `${shots}/request-form.png`, fullPage: true });
    await page.getByTestId("request-review").click();
    await page.getByTestId("request-review-step").waitFor();
    assert.equal((await page.getByTestId("request-review-credits").textContent()).trim(), "40");
    assert.match(await page.getByTestId("request-review-bank").textContent(), /^Top up:/);
    await page.screenshot({ path: `${shots}/request-review.png`, fullPage: true });
    assert.deepEqual(await axeSerious(page), [], "axe on the credit request's review");
    await page.getByTestId("request-confirm").click();
    await page.getByTestId("request-result").waitFor();
    await page.getByTestId("request-close").click();
    await dialog.waitFor({ state: "detached" });

    // The bank shows the credits as requested, the list shows the request pending.
    const bankRow = page.locator(`[data-testid="bank-row"][data-bank-id="${target}"]`);
    await bankRow.getByTestId("bank-requested").filter({ hasText: /^40$/ }).waitFor();
    const row = page.getByTestId("request-row").first();
    await row.getByTestId("request-status").filter({ hasText: "Pending" }).waitFor();
    await page.getByTestId("banks-notice").waitFor();
    await page.screenshot({ path: `${shots}/banks-requested.png`, fullPage: true });

    // At phone width the page still reads.
    await page.setViewportSize({ width: 375, height: 800 });
    await page.screenshot({ path: `${shots}/banks-phone.png`, fullPage: true });
    await page.setViewportSize({ width: 1280, height: 900 });

    // The licence provider was mailed.
    let mail;
    for (let i = 0; i < 50 && !mail; i++) {
      const store = await (await fetch(`${ses}/store`)).json();
      mail = store.emails.find((m) => m.destination.to.includes("ops@vendor.example") && m.body.text.includes("Six more artists for the spring show"));
      if (!mail) await new Promise((r) => setTimeout(r, 200));
    }
    assert.ok(mail, "the licence provider's inbox has the request");

    // Withdraw: confirm in a dialog; the request is withdrawn and the bank's requested credits go.
    await row.getByTestId("withdraw-open").click();
    await page.getByTestId("withdraw-dialog").waitFor();
    await page.getByTestId("withdraw-confirm").click();
    await page.getByTestId("request-row").first().getByTestId("request-status").filter({ hasText: "Withdrawn" }).waitFor();
    await page.getByTestId("banks-refresh").click();
    await bankRow.getByTestId("bank-requested").filter({ hasText: /^0$/ }).waitFor();
    assert.deepEqual(problems, [], "no script errors and no CSP violations");
  } finally {
    await browser.close();
  }
});
