// The licence pages in French: an admin of Studio Nord signs in from a French browser and opens
// the licences list (filtered), one licence's page, the generate dialog, generating for a crew
// and renewing several, each up to its review (closed without confirming: nothing is
// generated); a member opens My licences. Each is in
// French (the document's `lang`, its headings), asks the catalogues for no message they lack,
// and shows none of the English licence catalogue's words (every text of
// portal/locales/en/licences.ftl longer than 3 characters that French does not write the same).
// Photographed at desktop and phone widths (`fr-licences-*.png`).

import { test } from "node:test";
import assert from "node:assert/strict";
import { chromium } from "playwright-core";
import { escape, texts } from "./catalogue.mjs";

const base = process.env.ELP_PORTAL_URL;
const shots = process.env.ELP_SCREENSHOTS;
const issuer = process.env.ELP_OIDC_ISSUER;
const executablePath = process.env.CHROMIUM || "/usr/bin/chromium";
const ADMIN = "admin@studio-nord.example";
const MEMBER = "ana@studio-nord.example";

const french = texts("fr/licences.ftl").join("\n");
const ENGLISH = [...new Set(texts("en/licences.ftl"))].filter((s) => s.length > 3 && !french.includes(s));

/**
 * The English licence texts the page shows, as whole words (each with the text around it). The
 * API's own sentences (a reason why an action is not offered, marked `data-api-text`) are data
 * and left out.
 */
async function englishOn(page) {
  const text = await page.evaluate(() => {
    let all = document.body.innerText;
    for (const el of document.querySelectorAll("[data-api-text]")) all = all.replace(el.innerText, " ");
    return all;
  });
  return ENGLISH.flatMap((s) => {
    const at = new RegExp(`(?<![\\p{L}])${escape(s)}(?![\\p{L}])`, "u").exec(text);
    return at ? [`${s} in “${text.slice(Math.max(0, at.index - 40), at.index + s.length + 40).replace(/\s+/g, " ")}”`] : [];
  });
}

const lang = (page) => page.evaluate(() => document.documentElement.lang);
const missing = (page) =>
  page.evaluate(async () => {
    const { missing } = await import("./i18n.js");
    return [...missing];
  });
const text = async (locator) => (await locator.textContent()).trim();

async function signedIn(browser, email, route, { chosen = null } = {}) {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: "fr-FR" });
  // A choice made in this browser (the header's switch, kept in localStorage) outranks the
  // membership's language, which another test may have left at English.
  if (chosen) await context.addInitScript((tag) => localStorage.setItem("elp.language", tag), chosen);
  const page = await context.newPage();
  const problems = [];
  page.on("pageerror", (e) => problems.push(e.message));
  await page.goto(`${base}/#/${route}`);
  await page.waitForURL((url) => url.href.startsWith(`${issuer}/`) && url.pathname.startsWith("/interaction/"));
  await page.getByTestId("signin-email").fill(email);
  await page.getByTestId("signin-submit").click();
  await page.getByTestId("nav").waitFor({ state: "visible" });
  return { page, problems };
}

/** French, no catalogue message missing, no English licence words; photographed at both widths. */
async function frenchPage(page, name) {
  await page.getByTestId("loading").waitFor({ state: "detached" }).catch(() => {});
  assert.equal(await lang(page), "fr", `lang on ${name}`);
  assert.match(await page.title(), / · Portail de licences entreprise$/, `document title of ${name}`);
  assert.deepEqual(await missing(page), [], `every message asked for on ${name} is in the catalogues`);
  assert.deepEqual(await englishOn(page), [], `no English licence words on ${name}`);
  for (const [width, suffix] of [[1280, ""], [390, "-phone"]]) {
    await page.setViewportSize({ width, height: 844 });
    await page.waitForTimeout(60);
    await page.screenshot({ path: `${shots}/fr-licences-${name}${suffix}.png`, fullPage: true });
  }
  await page.setViewportSize({ width: 1280, height: 900 });
}

/** Waits until the licence list shows the answer for the address now in the bar. */
const listed = (page) => page.waitForFunction(() => document.querySelector('[data-testid="licenses-results"]')?.dataset.loaded === window.location.hash);

test("an admin and a member read the licence pages in French", async () => {
  assert.ok(base && issuer && shots, "run through scripts/e2e");
  assert.ok(ENGLISH.length > 100, "the English catalogue's texts were read");
  const browser = await chromium.launch({ executablePath, args: ["--no-sandbox", "--disable-gpu"] });
  try {
    const { page, problems } = await signedIn(browser, ADMIN, "licences?status=active");
    await page.waitForURL((url) => url.hash === "#/licences?status=active");

    // The list, filtered on a status.
    await listed(page);
    await page.getByTestId("licenses-table").waitFor();
    assert.equal(await text(page.getByTestId("page-title")), "Licences");
    assert.equal(await text(page.getByTestId("generate-open")), "Générer des licences");
    assert.equal(await text(page.getByTestId("filter-apply")), "Appliquer les filtres");
    assert.equal(await text(page.getByTestId("filter-clear")), "Effacer les filtres");
    assert.equal(await page.getByTestId("filter-status").locator("option:checked").textContent(), "Active");
    assert.match(await text(page.getByTestId("licenses-count")), /^\d+ licences? affichées?/);
    for (const s of await page.getByTestId("license-status").allTextContents()) assert.equal(s.trim(), "Active");
    assert.match(await text(page.getByTestId("license-computers").first()), /^\d+ (ordinateurs?|places?)$/);
    assert.match(await text(page.getByTestId("license-expiry").first()), /^\d{1,2} \p{L}+\.? \d{4}$/u, "a French date");
    assert.equal(await text(page.locator("thead th").first()), "Code d'activation");
    await frenchPage(page, "list");

    // One licence's page.
    const code = await page.getByTestId("license-row").first().getAttribute("data-code");
    await page.goto(`${base}/#/licences/${encodeURIComponent(code)}`);
    await page.getByTestId("license-summary").waitFor();
    await page.getByTestId("terms-table").waitFor();
    assert.equal(await text(page.getByTestId("page-title")), `Licence ${code}`);
    assert.equal(await text(page.locator("#license-next-heading")), "Ce que vous pouvez faire");
    assert.deepEqual(
      (await page.locator("main h2").allTextContents()).map((h) => h.trim()).slice(-3),
      ["Périodes", "Utilisateurs assignés", "Courriels envoyés"],
    );
    assert.equal(await text(page.getByTestId("license-back")), "Toutes les licences");
    assert.match(await text(page.getByTestId("detail-current-term")), /^du .+ au .+$/);
    await frenchPage(page, "licence");

    // The generate dialog, up to its review; closed without confirming.
    await page.goto(`${base}/#/licences`);
    await listed(page);
    await page.getByTestId("generate-open").click();
    await page.getByTestId("generate-form").waitFor();
    assert.equal(await text(page.locator('[data-testid="generate-dialog"] h2')), "Générer des licences");
    await page.getByTestId("generate-type").selectOption("floating");
    assert.equal(await text(page.getByTestId("generate-quantity-label")), "Places");
    await page.getByTestId("generate-type").selectOption("node_lock");
    assert.equal(await text(page.getByTestId("generate-quantity-label")), "Nombre de licences");
    await page.getByTestId("generate-months").fill("1");
    await page.getByTestId("generate-quantity").fill("1");
    await page.getByTestId("generate-recipient").fill(MEMBER);
    await frenchPage(page, "generate-form");
    await page.getByTestId("generate-quote").click();
    await page.getByTestId("generate-review").waitFor();
    assert.equal(await text(page.locator('[data-testid="generate-review"] h3')), "Vérifier et confirmer");
    assert.match(await text(page.getByTestId("quote-summary")), /^1 licence pour 1 ordinateur, 1 mois : 1 crédit, du .+ au .+ ; il restera .+ dans la banque\.$/);
    assert.equal(await text(page.getByTestId("generate-confirm")), "Confirmer : utiliser 1 crédit");
    assert.equal(await text(page.getByTestId("generate-back")), "Modifier");
    await frenchPage(page, "generate-review");
    await page.keyboard.press("Escape");
    await page.getByTestId("generate-dialog").waitFor({ state: "detached" });

    // Generating for a crew, up to its review (a line refused in words), and renewing several;
    // closed without confirming.
    assert.equal(await text(page.getByTestId("bulk-generate-open")), "Générer pour une équipe");
    await page.getByTestId("bulk-generate-open").click();
    await page.getByTestId("bulk-generate-form").waitFor();
    await page.getByTestId("bulk-months").fill("1");
    await page.getByTestId("bulk-recipients").fill("pas une adresse");
    await page.getByTestId("bulk-quote").click();
    assert.equal(await text(page.getByTestId("error-recipients")), "La ligne 1 n'est pas une adresse électronique.");
    await page.getByTestId("bulk-recipients").fill(`${MEMBER}\nnouvelle.recrue@studio-nord.example, 2`);
    await frenchPage(page, "bulk-generate-form");
    await page.getByTestId("bulk-quote").click();
    await page.getByTestId("bulk-review").waitFor();
    assert.match(await text(page.getByTestId("bulk-summary")), /^2 destinataires, 3 licences : \d+ crédits ; .+ resteront dans la banque\.$/);
    await frenchPage(page, "bulk-generate-review");
    await page.keyboard.press("Escape");
    await page.getByTestId("bulk-generate-dialog").waitFor({ state: "detached" });
    await page.getByTestId("bulk-renew-open").click();
    await page.getByTestId("bulk-renew-form").waitFor();
    await page.getByTestId("bulk-renew-list-pick").first().check();
    await page.getByTestId("bulk-renew-quote").click();
    await page.getByTestId("bulk-review").waitFor();
    await frenchPage(page, "bulk-renew-review");
    await page.keyboard.press("Escape");
    await page.getByTestId("bulk-renew-dialog").waitFor({ state: "detached" });
    assert.deepEqual(problems, []);

    // The member's My licences.
    const member = await signedIn(browser, MEMBER, "my-licences", { chosen: "fr" });
    await member.page.getByTestId("my-licenses-table").waitFor();
    assert.equal(await text(member.page.getByTestId("page-title")), "Mes licences");
    await member.page.getByText("Vos licences, leurs codes d'activation").waitFor();
    assert.equal(await text(member.page.getByTestId("copy-code").first()), "Copier");
    assert.match(await text(member.page.getByTestId("my-license-computers").first()), /^\d+ (ordinateurs?|places?)$/);
    assert.equal(await text(member.page.locator("thead th").nth(1)), "Code d'activation");
    await frenchPage(member.page, "my-licences");
    assert.deepEqual(member.problems, []);
  } finally {
    await browser.close();
  }
});
