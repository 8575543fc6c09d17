// An organisation's pages in French: an admin signs in from a French browser and opens the
// dashboard, the users (and the review of a role change), the product versions and the audit
// trail. Each page is in French (the document's `lang`, its title and headings), asks the
// catalogues for no message they lack, and shows none of the English words of the organisation
// and kit catalogues (every text of portal/locales/en/organisation.ftl and kit.ftl longer than
// 3 characters that no French catalogue also writes). The audit trail's actors and details are
// the API's data and are left out of that check. Photographed at desktop and phone widths.

import { test } from "node:test";
import assert from "node:assert/strict";
import { readdirSync } from "node:fs";
import { chromium } from "playwright-core";
import { escape, texts } from "./catalogue.mjs";

const base = process.env.ELP_PORTAL_URL;
const shots = process.env.ELP_SCREENSHOTS;
const issuer = process.env.ELP_OIDC_ISSUER;
const executablePath = process.env.CHROMIUM || "/usr/bin/chromium";
const ADMIN = "admin@studio-nord.example";

const frenchFiles = readdirSync(new URL("../../portal/locales/fr/", import.meta.url)).filter((f) => f.endsWith(".ftl"));
const french = frenchFiles.flatMap((f) => texts(`fr/${f}`)).join("\n");
const ENGLISH = [...new Set([...texts("en/organisation.ftl"), ...texts("en/kit.ftl")])].filter((s) => s.length > 3 && !french.includes(s));

/** The English texts the page shows as whole words, the API's data (audit actors and details) left out. */
async function englishOn(page) {
  const text = await page.evaluate(() => {
    const data = [...document.querySelectorAll('[data-testid="audit-detail"], [data-testid="audit-actor"]')];
    const before = data.map((el) => el.style.display);
    for (const el of data) el.style.display = "none";
    const seen = document.body.innerText;
    data.forEach((el, i) => (el.style.display = before[i]));
    return seen;
  });
  return ENGLISH.filter((s) => new RegExp(`(?<![\\p{L}])${escape(s)}(?![\\p{L}])`, "u").test(text));
}

const lang = (page) => page.evaluate(() => document.documentElement.lang);
const missing = (page) =>
  page.evaluate(async () => {
    const { missing } = await import("./i18n.js");
    return [...missing];
  });
const heading = async (page, selector) => (await page.locator(selector).first().textContent()).trim();

async function photograph(page, name) {
  for (const [width, suffix] of [[1280, ""], [390, "-phone"]]) {
    await page.setViewportSize({ width, height: 844 });
    await page.screenshot({ path: `${shots}/fr-org-${name}${suffix}.png`, fullPage: true });
  }
  await page.setViewportSize({ width: 1280, height: 900 });
}

test("an admin reads the organisation's pages in French", async () => {
  assert.ok(base && issuer && shots, "run through scripts/e2e");
  assert.ok(ENGLISH.length > 100, "the English catalogues' texts were read");
  const browser = await chromium.launch({ executablePath, args: ["--no-sandbox", "--disable-gpu"] });
  try {
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: "fr-FR" });
    const page = await context.newPage();
    const problems = [];
    page.on("pageerror", (e) => problems.push(e.message));
    await page.goto(`${base}/#/dashboard`);
    await page.waitForURL((url) => url.href.startsWith(`${issuer}/`) && url.pathname.startsWith("/interaction/"));
    await page.getByTestId("signin-email").fill(ADMIN);
    await page.getByTestId("signin-submit").click();
    await page.getByTestId("nav").waitFor({ state: "visible" });
    assert.equal(await lang(page), "fr");
    assert.equal((await page.getByTestId("user-role").textContent()).trim(), "Administrateur");

    const pages = [
      {
        name: "dashboard",
        route: "#/dashboard",
        ready: "dashboard-products",
        title: "Tableau de bord",
        french: async () => {
          await page.getByText("Les crédits restants par produit").waitFor();
          assert.equal(await heading(page, "#dash-warnings"), "Crédits sur le point d'être perdus");
          assert.match(await page.getByTestId("dashboard-forfeited-harmony-premium").textContent(), /^\d[\d\s\u202f]* crédits? perdus? dans des banques expirées$/);
        },
      },
      {
        name: "users",
        route: "#/users",
        ready: "users-table",
        title: "Utilisateurs",
        french: async () => {
          assert.equal(await heading(page, "#invite-heading"), "Inviter un utilisateur");
          assert.equal((await page.getByTestId("invite-submit").textContent()).trim(), "Envoyer l'invitation");
          assert.equal(await page.getByTestId("users-table").locator("th").first().textContent(), "Courriel");
        },
      },
      {
        name: "versions",
        route: "#/versions",
        ready: "versions-list",
        title: "Versions de produit",
        french: async () => {
          await page.getByText("Limiter les téléchargements aux versions sélectionnées").first().waitFor();
          assert.equal((await page.getByTestId("versions-save-harmony-premium").textContent()).trim(), "Enregistrer");
          assert.equal(await heading(page, "[data-testid=versions-product-harmony-premium] legend"), "Versions que les utilisateurs peuvent télécharger");
        },
      },
      {
        name: "webhooks",
        route: "#/webhooks",
        ready: "webhook-form",
        title: "Webhooks",
        french: async () => {
          assert.equal(await heading(page, "#webhook-add-heading"), "Ajouter un point de terminaison");
          assert.equal((await page.getByTestId("webhook-submit").textContent()).trim(), "Ajouter le point de terminaison");
          assert.ok((await page.getByTestId("webhook-events").textContent()).includes("Licence générée"));
        },
      },
      {
        name: "audit",
        route: "#/audit",
        ready: "audit-table",
        title: "Journal d'audit",
        french: async () => {
          await page.getByText("Tout ce qui a changé dans l'organisation").waitFor();
          assert.deepEqual(
            await page.getByTestId("audit-table").locator("th").allTextContents(),
            ["Date", "Auteur", "Action", "Objet", "Crédits", "Détail"],
          );
          assert.ok((await page.getByTestId("audit-action").allTextContents()).includes("Connexion"), "the sign-in, in French");
        },
      },
    ];
    for (const p of pages) {
      await page.setViewportSize({ width: 1280, height: 900 });
      await page.goto(`${base}/${p.route}`);
      await page.getByTestId(p.ready).first().waitFor();
      await page.getByTestId("loading").waitFor({ state: "detached" }).catch(() => {});
      assert.equal(await lang(page), "fr", `lang on ${p.name}`);
      assert.equal((await page.getByTestId("page-title").textContent()).trim(), p.title, `title of ${p.name}`);
      assert.match(await page.title(), / · Portail de licences entreprise$/, `document title of ${p.name}`);
      await p.french();
      assert.deepEqual(await englishOn(page), [], `no English organisation or kit words on ${p.name}`);
      assert.deepEqual(await missing(page), [], `every message asked for on ${p.name} is in the catalogues`);
      await photograph(page, p.name);

      if (p.name === "users") {
        // The review of a role change, for someone other than the admin; cancelled.
        const row = page.locator(`[data-testid="user-row"]:not([data-email="${ADMIN}"])`).first();
        await row.getByTestId("user-role-toggle").click();
        const dialog = page.getByTestId("user-change-dialog");
        await dialog.waitFor();
        assert.match(await dialog.locator("h2").textContent(), /^(Nommer administrateur|Rendre utilisateur normal)$/);
        assert.match(await page.getByTestId("user-change-what").textContent(), /^Faire de \S+ un (administrateur|utilisateur normal) de .+ \?$/);
        assert.match(await page.getByTestId("user-change-confirm").textContent(), /^Confirmer : /);
        assert.equal(await page.getByTestId("user-change-cancel").textContent(), "Annuler");
        assert.equal(await page.getByTestId("dialog-close").getAttribute("aria-label"), "Fermer");
        assert.deepEqual(await englishOn(page), [], "no English organisation or kit words in the role change's review");
        assert.deepEqual(await missing(page), [], "every message of the review is in the catalogues");
        await photograph(page, "users-role-dialog");
        await page.getByTestId("user-change-cancel").click();
        await dialog.waitFor({ state: "detached" });
      }
    }
    assert.deepEqual(problems, []);
  } finally {
    await browser.close();
  }
});
