// No word of the portal escapes its catalogues. The portal is pseudo-localised (`elp.pseudo`:
// every message, date, number and list it writes is shown between ⟦ and ⟧) while the API
// speaks French, and the admin, the member and the operator open every page and the main
// dialogs. Whatever text a page shows outside the marks (its body, its title, and every
// aria-label, placeholder, title and alt) must be the API's data: each of its words one the
// API's answers hold (names, codes, addresses, and the sentences the API says in French). An
// English word written into a page's code, not its catalogue, fails the test, with the line it
// is on. Nothing is changed: dialogs are closed without confirming.

import { test } from "node:test";
import assert from "node:assert/strict";
import { chromium } from "playwright-core";

const base = process.env.ELP_PORTAL_URL;
const issuer = process.env.ELP_OIDC_ISSUER;
const executablePath = process.env.CHROMIUM || "/usr/bin/chromium";
const ADMIN = "admin@studio-nord.example";
const MEMBER = "ana@studio-nord.example";
const OPERATOR = "ops@vendor.example";

/** The words of a text: letters and digits, with the characters addresses and codes hold. */
const words = (text) => String(text).split(/[^\p{L}\p{N}@._+-]+/u).map((w) => w.replace(/^[._+-]+|[._+-]+$/g, "")).filter((w) => /\p{L}/u.test(w));

/** The text a page shows outside the marks, line by line, with where it is. */
async function unmarked(page) {
  return page.evaluate(() => {
    const strip = (s) => {
      let before;
      do {
        before = s;
        s = s.replace(/\u27E6[^\u27E6\u27E7]*\u27E7/gu, " ");
      } while (s !== before);
      return s;
    };
    const found = [];
    const add = (where, text) => {
      for (const line of strip(text ?? "").split("\n")) if (/\p{L}/u.test(line)) found.push({ where, line: line.trim() });
    };
    add("title", document.title);
    // Text marked as another language's (each language's own name in the switch) is that
    // language's, written as it writes itself: left out.
    let body = document.body.innerText;
    for (const el of document.body.querySelectorAll("[lang]")) body = body.replace(el.textContent, " ");
    add("body", body);
    for (const name of ["aria-label", "placeholder", "title", "alt"]) {
      for (const el of document.querySelectorAll(`[${name}]`)) add(`${el.tagName.toLowerCase()}[${name}]`, el.getAttribute(name));
    }
    return found;
  });
}

/** The API answers' bodies being read into the data's words. */
const reading = [];

/** A browser page whose every API answer's strings are collected, and whose API speaks French. */
async function open(browser, data, problems) {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: "en-GB" });
  await context.addInitScript(() => localStorage.setItem("elp.pseudo", "1"));
  await context.route(/\/v1\//, (route) => route.continue({ headers: { ...route.request().headers(), "accept-language": "fr" } }));
  const page = await context.newPage();
  page.on("pageerror", (e) => problems.push(`script error: ${e.message}`));
  page.on("response", (answer) => {
    if (!/\/v1\//.test(answer.url()) || !/json/.test(answer.headers()["content-type"] ?? "")) return;
    const collect = (v) => {
      if (typeof v === "string") for (const w of words(v)) data.add(w);
      else if (v && typeof v === "object") Object.values(v).forEach(collect);
    };
    // Read while the page goes on; `inspect` waits for every body read so far.
    reading.push(
      answer.json().then(collect, () => {
        // A body that is gone (the page moved on) holds nothing to collect.
      }),
    );
  });
  return page;
}

async function signIn(page, email, operator = false) {
  await page.goto(`${base}/`);
  await page.waitForURL((url) => url.href.startsWith(`${issuer}/`) && url.pathname.startsWith("/interaction/"));
  await page.getByTestId("signin-email").fill(email);
  if (operator) await page.getByTestId("signin-operator").check();
  await page.getByTestId("signin-submit").click();
  await page.getByTestId("nav").waitFor({ state: "visible" });
}

/** Waits for the page or dialog, then notes every line of text it shows that no catalogue wrote. */
async function inspect(page, name, data, leaks) {
  await page.getByTestId("loading").waitFor({ state: "detached" }).catch(() => {});
  await page.waitForTimeout(100);
  await Promise.all(reading);
  for (const { where, line } of await unmarked(page)) {
    const strange = words(line).filter((w) => !data.has(w));
    if (strange.length) leaks.push(`${name} ${where}: “${line}” (${strange.join(", ")})`);
  }
}

async function visit(page, route, name, data, leaks) {
  await page.goto(`${base}/#/${route}`);
  await page.getByTestId("page-title").waitFor();
  await inspect(page, name, data, leaks);
}

test("every word the portal shows comes from a catalogue or from the API", async () => {
  assert.ok(base && issuer, "run through scripts/e2e");
  const browser = await chromium.launch({ executablePath, args: ["--no-sandbox", "--disable-gpu"] });
  const data = new Set();
  const leaks = [];
  const problems = [];
  let inspected = 0;
  const look = async (...args) => {
    inspected++;
    await inspect(...args);
  };
  const go = async (...args) => {
    inspected++;
    await visit(...args);
  };
  try {
    // The admin: every page of the organisation, a licence's page, and the dialogs of its actions.
    const page = await open(browser, data, problems);
    await signIn(page, ADMIN);
    await page.getByTestId("dashboard-products").waitFor();
    await look(page, "dashboard", data, leaks);
    for (const route of ["banks", "licences", "versions", "users", "credentials", "audit", "webhooks", "my-licences", "no-such-page"]) await go(page, route, route, data, leaks);

    await page.goto(`${base}/#/licences`);
    await page.getByTestId("licenses-table").waitFor();
    await page.getByTestId("generate-open").click();
    await page.getByTestId("generate-form").waitFor();
    await look(page, "generate-form", data, leaks);
    await page.getByTestId("generate-quantity").fill("1");
    await page.getByTestId("generate-months").fill("1");
    await page.getByTestId("generate-recipient").fill(MEMBER);
    await page.getByTestId("generate-quote").click();
    await page.getByTestId("generate-review").waitFor();
    await look(page, "generate-review", data, leaks);
    await page.keyboard.press("Escape");
    await page.getByTestId("generate-dialog").waitFor({ state: "detached" });
    const renewable = page.getByTestId("renew-open").first();
    if (await renewable.count()) {
      await renewable.click();
      await page.getByTestId("renew-form").waitFor();
      await look(page, "renew-form", data, leaks);
      await page.keyboard.press("Escape");
    }
    const returnable = page.getByTestId("return-open").first();
    if (await returnable.count()) {
      await returnable.click();
      await page.getByTestId("return-dialog").waitFor();
      await look(page, "return-dialog", data, leaks);
      await page.keyboard.press("Escape");
    }
    await page.getByTestId("license-details").first().click();
    await page.getByTestId("license-summary").waitFor();
    await look(page, "licence", data, leaks);

    await page.goto(`${base}/#/users`);
    await page.getByTestId("users-table").waitFor();
    const someone = page.locator(`[data-testid="user-row"][data-email="${MEMBER}"]`);
    await someone.getByTestId("user-role-toggle").click();
    await page.getByTestId("user-change-dialog").waitFor();
    await look(page, "user-change-dialog", data, leaks);
    await page.keyboard.press("Escape");
    await someone.getByTestId("user-remove").click();
    await page.getByTestId("remove-dialog").waitFor();
    await look(page, "remove-dialog", data, leaks);
    await page.keyboard.press("Escape");
    await page.context().close();

    // The member: their licences and one licence's page.
    const member = await open(browser, data, problems);
    await signIn(member, MEMBER);
    await member.getByTestId("my-licenses-table").waitFor();
    await look(member, "member-my-licences", data, leaks);
    await member.getByTestId("activation-code").first().click();
    await member.getByTestId("license-summary").waitFor();
    await look(member, "member-licence", data, leaks);
    await member.context().close();

    // The operator: every page of the console and an organisation's page.
    const operator = await open(browser, data, problems);
    await signIn(operator, OPERATOR, true);
    await operator.getByTestId("orgs-table").waitFor();
    for (const route of ["console/orgs", "console/find", "console/requests", "console/catalog", "console/audit", "console/mail"]) await go(operator, route, route, data, leaks);
    await operator.goto(`${base}/#/console/orgs`);
    await operator.getByTestId("org-name-link").first().click();
    await operator.getByTestId("org-banks-table").waitFor();
    await look(operator, "console-org", data, leaks);
    await operator.goto(`${base}/#/console/orgs`);
    await operator.getByTestId("new-org-open-dialog").click();
    await operator.getByRole("dialog").waitFor();
    await look(operator, "new-org-dialog", data, leaks);
    await operator.keyboard.press("Escape");
  } finally {
    await browser.close();
  }
  console.log(`catalogued: ${inspected} pages and dialogs, ${data.size} words of API data, ${leaks.length} lines written by no catalogue`);
  assert.deepEqual(leaks, [], "every text shown is a catalogue's or the API's");
  assert.deepEqual(problems, []);
});
