// The portal in French: a person switches the header's language, and the shell (navigation,
// titles, header, the page for an unknown address), the document's `lang`, the API's error
// sentences and their dates follow; the choice is kept in the browser and on the membership
// (GET /v1/me says `fr`), so a new browser of the same person opens in French. A French
// browser that has made no choice opens in French by itself. Photographed at both widths.

import { test } from "node:test";
import assert from "node:assert/strict";
import { chromium } from "playwright-core";

const base = process.env.ELP_PORTAL_URL;
const shots = process.env.ELP_SCREENSHOTS;
const issuer = process.env.ELP_OIDC_ISSUER;
const executablePath = process.env.CHROMIUM || "/usr/bin/chromium";
const MEMBER = "ana@studio-nord.example";

async function signedIn(browser, email, locale) {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, locale });
  const page = await context.newPage();
  const problems = [];
  page.on("pageerror", (e) => problems.push(e.message));
  await page.goto(`${base}/#/my-licences`);
  await page.waitForURL((url) => url.href.startsWith(`${issuer}/`) && url.pathname.startsWith("/interaction/"));
  await page.getByTestId("signin-email").fill(email);
  await page.getByTestId("signin-submit").click();
  await page.getByTestId("nav").waitFor({ state: "visible" });
  return { page, problems, context };
}

const lang = (page) => page.evaluate(() => document.documentElement.lang);

test("a member switches the portal to French, and it stays French for them", async () => {
  assert.ok(base && issuer && shots, "run through scripts/e2e");
  const browser = await chromium.launch({ executablePath, args: ["--no-sandbox", "--disable-gpu"] });
  try {
    const { page, problems } = await signedIn(browser, MEMBER, "en-GB");
    assert.equal(await lang(page), "en");
    assert.equal(await page.getByTestId("nav-group-workspace").locator("h2").textContent(), "Manage workspace");
    await page.getByTestId("language-select").selectOption("fr");
    await page.getByTestId("nav-group-workspace").locator("h2").filter({ hasText: "Gérer l'espace de travail" }).waitFor();
    assert.equal(await lang(page), "fr");
    assert.equal(await page.getByTestId("page-title").textContent(), "Mes licences");
    assert.equal(await page.getByTestId("sign-out").textContent(), "Se déconnecter");
    assert.match(await page.title(), /^Mes licences · Portail de licences entreprise$/);
    // An address that is no page, in French.
    await page.goto(`${base}/#/nowhere`);
    await page.getByTestId("page-not-found").waitFor();
    assert.equal(await page.getByTestId("page-title").textContent(), "Page introuvable");
    for (const [width, suffix] of [[1280, ""], [390, "-phone"]]) {
      await page.setViewportSize({ width, height: 844 });
      await page.goto(`${base}/#/my-licences`);
      await page.getByTestId("page-title").filter({ hasText: "Mes licences" }).waitFor();
      await page.screenshot({ path: `${shots}/fr-my-licences${suffix}.png`, fullPage: true });
    }
    // The API says its errors in French too: an admin's page refused to a member.
    await page.goto(`${base}/#/dashboard`);
    await page.getByTestId("forbidden-message").filter({ hasText: "Seuls les administrateurs" }).waitFor();
    // Kept on the membership: the service says so.
    const me = await page.evaluate(async () => {
      const { api } = await import("./api.js");
      return api("/me");
    });
    assert.equal(me.language, "fr");
    const refused = await page.evaluate(async () => {
      const { api } = await import("./api.js");
      try {
        await api("/me", { method: "PATCH", body: { language: "klingon" } });
        return null;
      } catch (error) {
        return { code: error.code, message: error.message };
      }
    });
    assert.equal(refused?.code, "invalid");
    assert.deepEqual(problems, []);
  } finally {
    await browser.close();
  }
  // Another browser of the same person, in English, opens in French: the membership says so.
  const again = await chromium.launch({ executablePath, args: ["--no-sandbox", "--disable-gpu"] });
  try {
    const { page } = await signedIn(again, MEMBER, "en-GB");
    await page.getByTestId("page-title").filter({ hasText: "Mes licences" }).waitFor();
    assert.equal(await lang(page), "fr");
    // Back to English for the other tests of this run.
    await page.getByTestId("language-select").selectOption("en");
    await page.getByTestId("page-title").filter({ hasText: "My licences" }).waitFor();
    await page.waitForFunction(async () => {
      const { api } = await import("./api.js");
      return (await api("/me")).language === "en";
    });
  } finally {
    await again.close();
  }
});

test("a French browser opens the portal in French before anyone chooses", async () => {
  assert.ok(base && issuer, "run through scripts/e2e");
  const browser = await chromium.launch({ executablePath, args: ["--no-sandbox", "--disable-gpu"] });
  try {
    const { page } = await signedIn(browser, "ben@studio-nord.example", "fr-FR");
    await page.getByTestId("page-title").filter({ hasText: "Mes licences" }).waitFor();
    assert.equal(await lang(page), "fr");
    assert.equal(await page.getByTestId("skip-link").textContent(), "Aller au contenu");
  } finally {
    await browser.close();
  }
});
