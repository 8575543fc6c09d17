// The vendor's console in French: the operator signs in from a French browser and opens the
// organisations, one organisation, the credit requests' queue and the catalogue. Each page is
// in French (the document's `lang`, its title and headings), asks the catalogues for no message
// they lack, and shows none of the English console catalogue's words (every text of
// portal/locales/en/console.ftl longer than 3 characters that French does not write the same).
// Photographed at desktop and phone widths.

import { test } from "node:test";
import assert from "node:assert/strict";
import { chromium } from "playwright-core";
import { escape, texts } from "./catalogue.mjs";

const base = process.env.ELP_PORTAL_URL;
const shots = process.env.ELP_SCREENSHOTS;
const issuer = process.env.ELP_OIDC_ISSUER;
const executablePath = process.env.CHROMIUM || "/usr/bin/chromium";

const french = texts("fr/console.ftl").join("\n");
const ENGLISH = [...new Set(texts("en/console.ftl"))].filter((s) => s.length > 3 && !french.includes(s));

/** The English console texts the page shows, as whole words. */
async function englishOn(page) {
  const text = await page.evaluate(() => document.body.innerText);
  return ENGLISH.filter((s) => new RegExp(`(?<![\\p{L}])${escape(s)}(?![\\p{L}])`, "u").test(text));
}

const lang = (page) => page.evaluate(() => document.documentElement.lang);
const missing = (page) =>
  page.evaluate(async () => {
    const { missing } = await import("./i18n.js");
    return [...missing];
  });

test("the operator reads the console in French", async () => {
  assert.ok(base && issuer && shots, "run through scripts/e2e");
  assert.ok(ENGLISH.length > 100, "the English catalogue's texts were read");
  const browser = await chromium.launch({ executablePath, args: ["--no-sandbox", "--disable-gpu"] });
  try {
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: "fr-FR" });
    const page = await context.newPage();
    const problems = [];
    page.on("pageerror", (e) => problems.push(e.message));
    await page.goto(`${base}/`);
    await page.waitForURL((url) => url.href.startsWith(`${issuer}/`) && url.pathname.startsWith("/interaction/"));
    await page.getByTestId("signin-email").fill("ops@vendor.example");
    await page.getByTestId("signin-operator").check();
    await page.getByTestId("signin-submit").click();
    await page.getByTestId("nav").waitFor({ state: "visible" });
    await page.getByTestId("page-console-orgs").waitFor();
    await page.getByTestId("orgs-table").waitFor();
    assert.equal(await lang(page), "fr");
    assert.equal(await page.getByTestId("user-role").textContent(), "Opérateur");

    // Where each page is, what says it is French, and when it has finished loading.
    const orgHref = await page.getByTestId("org-name-link").first().getAttribute("href");
    const pages = [
      {
        name: "orgs",
        route: "#/console/orgs",
        ready: "orgs-table",
        title: "Organisations",
        french: async () => {
          assert.equal((await page.getByTestId("new-org-open-dialog").textContent()).trim(), "Nouvelle organisation");
          await page.getByText("Les studios qui achètent des crédits").waitFor();
          assert.match(await page.getByTestId("orgs-count").textContent(), /organisations? affichées?/);
        },
      },
      {
        name: "org",
        route: orgHref,
        ready: "org-banks-table",
        french: async () => {
          assert.equal((await page.getByTestId("console-org-section-banks").textContent()).trim(), "Banques");
          assert.equal((await page.getByTestId("console-org-section-people").textContent()).trim(), "Utilisateurs");
          assert.equal((await page.getByTestId("console-org-back").textContent()).trim(), "← Toutes les organisations");
          assert.equal((await page.getByTestId("new-bank-open").textContent()).trim(), "Nouvelle banque");
          assert.equal((await page.locator("#org-section-heading").textContent()).trim(), "Banques");
        },
      },
      {
        name: "requests",
        route: "#/console/requests",
        ready: "requests-filters",
        title: "Demandes de crédits",
        french: async () => {
          assert.equal((await page.getByTestId("requests-apply").textContent()).trim(), "Afficher");
          await page.getByText("Ce que les organisations ont demandé").waitFor();
        },
      },
      {
        name: "catalog",
        route: "#/console/catalog",
        ready: "catalog-products",
        title: "Catalogue",
        french: async () => {
          assert.equal((await page.getByTestId("catalog-review").textContent()).trim(), "Vérifier les modifications");
          assert.equal((await page.getByTestId("catalog-add-product").textContent()).trim(), "Ajouter un produit");
          assert.match(await page.getByTestId("catalog-revision").textContent(), /^(Révision \d+|Le catalogue n'a pas encore été défini)/);
        },
      },
    ];
    for (const p of pages) {
      await page.setViewportSize({ width: 1280, height: 900 });
      await page.goto(`${base}/${p.route}`);
      await page.getByTestId(p.ready).first().waitFor();
      await page.getByTestId("loading").waitFor({ state: "detached" }).catch(() => {});
      assert.equal(await lang(page), "fr", `lang on ${p.name}`);
      if (p.title) assert.equal((await page.getByTestId("page-title").textContent()).trim(), p.title, `title of ${p.name}`);
      assert.match(await page.title(), / · Portail de licences entreprise$/, `document title of ${p.name}`);
      await p.french();
      assert.deepEqual(await englishOn(page), [], `no English console words on ${p.name}`);
      for (const [width, suffix] of [[1280, ""], [390, "-phone"]]) {
        await page.setViewportSize({ width, height: 844 });
        await page.screenshot({ path: `${shots}/fr-console-${p.name}${suffix}.png`, fullPage: true });
      }
    }
    assert.deepEqual(await missing(page), [], "every message asked for is in the catalogues");
    assert.deepEqual(problems, []);
  } finally {
    await browser.close();
  }
});
