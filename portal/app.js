// The portal's shell and router: the sign-in (auth.js), who is signed in (GET /v1/me, which
// also activates invited people), the navigation for their role, and one page module per
// `#/route`. The licence provider's staff (operators) are no members: when /v1/me refuses
// them, the portal asks the console's list of organisations for one; if it answers, the
// signed-in person is an operator and the console (`#/console/...`) is their portal
// (docs/decisions.md, 72).

import { api, ApiError } from "./api.js";
import { completeSignIn, scheduleRefresh, signOut, startSignIn } from "./auth.js";
import { session } from "./session.js";
import { h, clear, errorBox, loading, roleLabel, messageOf } from "./dom.js";
import { formatDate, LANGUAGES, language, preferred, remember, setLanguage, t } from "./i18n.js";

/** The pages: `#/<name>`. `admin` pages are in the "Manage organisation" group. */
const ROUTES = {
  "my-licences": { title: "title-my-licences", load: () => import("./pages/my-licenses.js") },
  dashboard: { title: "title-dashboard", admin: true, load: () => import("./pages/dashboard.js") },
  banks: { title: "title-banks", nav: "nav-banks", admin: true, load: () => import("./pages/banks.js") },
  licences: { title: "title-licences", admin: true, load: () => import("./pages/licenses.js") },
  // One licence, `#/licences/<code>`: admins reach it from the list, members from My licences.
  licence: { title: "title-licence", current: () => (isAdmin() ? "licences" : "my-licences"), load: () => import("./pages/license.js") },
  versions: { title: "title-versions", admin: true, load: () => import("./pages/versions.js") },
  users: { title: "title-users", admin: true, load: () => import("./pages/users.js") },
  audit: { title: "title-audit", admin: true, load: () => import("./pages/audit.js") },
  credentials: { title: "title-credentials", nav: "nav-credentials", admin: true, load: () => import("./pages/credentials.js") },
  webhooks: { title: "title-webhooks", admin: true, load: () => import("./pages/webhooks.js") },
  // One bank's ledger, `#/banks/<id>/ledger`: the page names itself once it has read the bank.
  ledger: { title: "title-ledger", admin: true, current: "banks", load: () => import("./pages/ledger.js") },
  "console/orgs": { title: "title-console-orgs", console: true, load: () => import("./pages/console-orgs.js") },
  // One organisation, `#/console/orgs/<id>`: the page names itself once it has read it.
  "console/org": { title: "title-console-org", console: true, current: "console/orgs", load: () => import("./pages/console-org.js") },
  "console/find": { title: "title-console-find", nav: "nav-console-find", console: true, load: () => import("./pages/console-find.js") },
  "console/requests": { title: "title-console-requests", console: true, load: () => import("./pages/console-requests.js") },
  "console/catalog": { title: "title-console-catalog", console: true, load: () => import("./pages/console-catalog.js") },
  "console/audit": { title: "title-console-audit", console: true, load: () => import("./pages/console-audit.js") },
  "console/mail": { title: "title-console-mail", console: true, load: () => import("./pages/console-mail.js") },
  // A bank's ledger from an organisation's page: `#/console/ledger?org=<org>&bank=<id>`.
  "console/ledger": { title: "title-ledger", console: true, current: "console/orgs", load: () => import("./pages/ledger.js") },
};

const NAV = [
  { label: "nav-group-workspace", testid: "nav-group-workspace", routes: ["my-licences"] },
  { label: "nav-group-organisation", testid: "nav-group-organisation", admin: true, routes: ["dashboard", "banks", "licences", "versions", "users", "credentials", "audit", "webhooks"] },
  { label: "nav-group-console", testid: "nav-group-console", console: true, routes: ["console/orgs", "console/find", "console/requests", "console/catalog", "console/audit", "console/mail"] },
];

const main = document.getElementById("main");
const nav = document.getElementById("site-nav");
const navToggle = document.querySelector(".nav-toggle");
let me = null;
/** Whether the signed-in person is one of the licence provider's staff: null until asked. */
let operator = null;
let renderCount = 0;
let firstRender = true;

const isAdmin = () => me?.role === "admin";
const isOperator = () => operator === true;

/**
 * Asks the service whether the caller is an operator: the console's list answers them and
 * refuses (403) everyone else. Asked once per page load.
 */
let operatorAsked = null;
function askOperator() {
  operatorAsked ??= api("/operator/orgs", { query: { limit: 1 } }).then(
    () => (operator = true),
    (error) => {
      if (error?.status === 403) return (operator = false);
      operatorAsked = null;
      throw error;
    },
  );
  return operatorAsked;
}

/** A route's page: an exact `#/name`, or an organisation's page `#/console/orgs/<id>`. */
function resolve(name) {
  if (ROUTES[name]) return { key: name, page: ROUTES[name], id: null };
  const code = /^licences\/([^/]+)$/.exec(name);
  if (code) {
    let id = code[1];
    try {
      id = decodeURIComponent(id);
    } catch {
      // Left as written: the service answers 404.
    }
    return { key: "licence", page: ROUTES.licence, id };
  }
  const ledger = /^banks\/([^/]+)\/ledger$/.exec(name);
  if (ledger) {
    let id = ledger[1];
    try {
      id = decodeURIComponent(id);
    } catch {
      // Left as written: the service answers 404.
    }
    return { key: "ledger", page: ROUTES.ledger, id };
  }
  const m = /^console\/orgs\/([^/]+)$/.exec(name);
  if (m) {
    let id = m[1];
    try {
      id = decodeURIComponent(id);
    } catch {
      // Left as written: the service answers 404 for what is no organisation.
    }
    return { key: "console/org", page: ROUTES["console/org"], id };
  }
  return { key: name, page: null, id: null };
}

const navTestid = (name) => `nav-${name.replace(/\//g, "-")}`;

function parseHash() {
  const raw = window.location.hash.replace(/^#\/?/, "");
  const [path, query = ""] = raw.split("?");
  return { name: path.replace(/\/+$/, ""), params: new URLSearchParams(query) };
}

export function go(hash) {
  if (window.location.hash === hash) route();
  else window.location.hash = hash;
}

/**
 * The page shown instead of the portal when nobody is signed in here: after signing out, after a
 * refused sign-in (with why), or when the service did not accept the token and the one automatic
 * sign-in has been tried. Its button starts a sign-in.
 */
function showSignInPage(kind, message) {
  document.querySelector(".who").hidden = true;
  nav.hidden = true;
  navToggle.hidden = true;
  nav.parentElement.classList.remove("with-nav");
  const titles = { "signed-out": "signin-title-signed-out", refused: "signin-title-refused", needed: "signin-title-needed" };
  const { heading, view } = pageShell(t(titles[kind] ?? titles.needed), `page-sign-in-${kind}`);
  if (kind === "refused") {
    view.append(h("div", { class: "alert alert-error", role: "alert", testid: "sign-in-refused" }, h("p", null, message)));
  } else {
    view.append(h("p", { testid: "sign-in-message" }, kind === "signed-out" ? t("signin-signed-out") : message));
  }
  view.append(
    h(
      "p",
      null,
      h(
        "button",
        {
          type: "button",
          class: "button",
          testid: "sign-in-start",
          onclick: (event) => {
            const button = event.currentTarget;
            button.disabled = true;
            startSignIn().catch(() => {
              button.disabled = false;
              view.append(h("p", { class: "alert alert-error", role: "alert" }, t("signin-unreachable")));
            });
          },
        },
        t("signin-start"),
      ),
    ),
  );
  heading.focus();
}

function fillWho() {
  const who = document.querySelector(".who");
  const role = who.querySelector(".who-role");
  if (me) {
    who.querySelector(".who-org").textContent = me.org?.name ?? "";
    who.querySelector(".who-email").textContent = me.email ?? "";
    role.textContent = roleLabel(me.role);
    role.className = `who-role badge badge-role-${me.role === "admin" ? "admin" : "member"}`;
  } else {
    who.querySelector(".who-org").textContent = t("who-licence-provider");
    who.querySelector(".who-email").textContent = session.email() ?? "";
    role.textContent = t("role-operator");
    role.className = "who-role badge badge-role-operator";
  }
  who.hidden = false;
}

function buildNav() {
  clear(nav);
  for (const group of NAV) {
    if (group.admin && !isAdmin()) continue;
    if (group.console && !isOperator()) continue;
    if (!group.admin && !group.console && !me) continue;
    const headingId = `${group.testid}-heading`;
    nav.append(
      h(
        "section",
        { class: "nav-group", testid: group.testid, "aria-labelledby": headingId },
        h("h2", { class: "nav-heading", id: headingId }, t(group.label)),
        h(
          "ul",
          null,
          group.routes.map((name) =>
            h("li", null, h("a", { href: `#/${name}`, testid: navTestid(name), "data-route": name }, t(ROUTES[name].nav ?? ROUTES[name].title))),
          ),
        ),
      ),
    );
  }
  nav.hidden = false;
  nav.parentElement.classList.add("with-nav");
  navToggle.hidden = false;
}

function markCurrent(name) {
  for (const a of nav.querySelectorAll("a[data-route]")) {
    if (a.dataset.route === name) a.setAttribute("aria-current", "page");
    else a.removeAttribute("aria-current");
  }
}

function closeMenu() {
  nav.classList.remove("open");
  navToggle.setAttribute("aria-expanded", "false");
}

function pageShell(title, testid) {
  const heading = h("h1", { tabindex: "-1", testid: "page-title" }, title);
  const view = h("div", { class: "view", testid });
  clear(main).append(heading, view);
  document.title = t("page-title", { page: title });
  return { heading, view };
}

/**
 * The banner an organisation's pages show while the licence provider has suspended it
 * (`me.org.suspended`: {since, by, reason}).
 */
function suspendedBanner(suspension) {
  const since = String(suspension.since ?? "").slice(0, 10);
  return h(
    "div",
    { class: "alert alert-warning", role: "note", testid: "org-suspended-banner" },
    h("p", null, h("strong", null, t("suspended-title", { org: me?.org?.name ?? t("suspended-your-organisation") })), since ? t("suspended-since", { date: formatDate(since) }) : "", suspension.reason ? `: ${suspension.reason}` : "."),
    h("p", null, t("suspended-body")),
  );
}

function showSuspended() {
  if (!me?.org?.suspended || main.querySelector("[data-testid=org-suspended-banner]")) return;
  const view = main.querySelector(".view");
  if (view && !view.dataset.testid?.startsWith("page-console")) view.before(suspendedBanner(me.org.suspended));
}

/** The last `#/route` shown: an in-page anchor (`#main`) puts it back in the address bar. */
let lastRoute = "#/";

/**
 * An address that is no route but an element of the page (`#main`, the skip link's target):
 * focus moves there and the page stays as it is. Answers true when it was one.
 */
function inPageAnchor() {
  const hash = window.location.hash;
  if (!hash || hash.startsWith("#/")) return false;
  let target = null;
  try {
    target = document.getElementById(decodeURIComponent(hash.slice(1)));
  } catch {
    target = null;
  }
  history.replaceState(history.state, "", lastRoute);
  if (!target || renderCount === 0) return false;
  if (!target.hasAttribute("tabindex")) target.setAttribute("tabindex", "-1");
  target.focus();
  return true;
}

async function route() {
  if (inPageAnchor()) return;
  lastRoute = window.location.hash || "#/";
  const id = ++renderCount;
  const { name, params } = parseHash();
  if (!name || name === "console") {
    window.location.replace(!me || name === "console" ? "#/console/orgs" : isAdmin() ? "#/dashboard" : "#/my-licences");
    return;
  }
  closeMenu();
  const { key, page, id: pathId } = resolve(name);
  const currentOf = (p) => (typeof p?.current === "function" ? p.current() : p?.current);
  markCurrent(currentOf(page) ?? key);
  const focus = (heading) => {
    if (!firstRender) heading.focus();
    firstRender = false;
  };
  if (!page) {
    const { heading, view } = pageShell(t("not-found-title"), "page-not-found");
    view.append(h("p", null, t("not-found-text")), h("p", null, h("a", { href: "#/" }, t("go-start"))));
    focus(heading);
    return;
  }
  const { heading, view } = pageShell(t(page.title), `page-${key.replace(/\//g, "-")}`);
  if (page.console && operator === null) {
    // A member who is also on the licence provider's staff: asked when they open the console.
    view.append(loading());
    try {
      await askOperator();
    } catch (error) {
      if (id !== renderCount || error?.code === "unauthenticated") return;
      clear(view).append(errorBox(error));
      return;
    }
    if (id !== renderCount) return;
    clear(view);
    if (isOperator()) {
      buildNav();
      markCurrent(currentOf(page) ?? key);
    }
  }
  if (page.console && !isOperator()) {
    view.append(
      h(
        "div",
        { class: "alert alert-error", role: "alert", testid: "forbidden-message" },
        h("p", null, t("console-only")),
        h("p", null, h("a", { href: "#/" }, t("go-start"))),
      ),
    );
    focus(heading);
    return;
  }
  if (!page.console && !me) {
    view.append(
      h(
        "div",
        { class: "alert alert-error", role: "alert", testid: "forbidden-message" },
        h("p", null, t("members-only")),
        h("p", null, h("a", { href: "#/console/orgs" }, t("go-organisations"))),
      ),
    );
    focus(heading);
    return;
  }
  if (!page.console && me?.org?.suspended) view.before(suspendedBanner(me.org.suspended));
  if (page.admin && !isAdmin()) {
    view.append(
      h(
        "div",
        { class: "alert alert-error", role: "alert", testid: "forbidden-message" },
        h("p", null, t("admins-only")),
        h("p", null, h("a", { href: "#/my-licences" }, t("go-my-licences"))),
      ),
    );
    focus(heading);
    return;
  }
  view.append(loading());
  focus(heading);
  try {
    const module = await page.load();
    if (id !== renderCount) return;
    clear(view);
    await module.render(view, {
      me,
      operator: isOperator(),
      params,
      /** The path's parameter: the organisation of `#/console/orgs/<id>`. */
      id: pathId,
      go,
      heading,
      /** Names the page once it knows what it shows (an organisation's name). */
      setTitle(text) {
        heading.textContent = text;
        document.title = t("page-title", { page: text });
      },
      /** False once the person navigated elsewhere. */
      current: () => id === renderCount,
      refresh: () => route(),
    });
  } catch (error) {
    if (id !== renderCount) return;
    if (error?.code === "unauthenticated") return;
    clear(view).append(errorBox(error));
    if (!(error instanceof ApiError)) console.error(error);
  }
}

function showNoAccess(error) {
  const { heading, view } = pageShell(t("no-access-title"), "page-no-access");
  view.append(
    h("div", { class: "alert alert-error", role: "alert", testid: "access-denied" }, h("p", null, messageOf(error))),
    h("p", null, t("signed-in-as", { email: session.email() ?? t("signed-in-as-unknown") })),
    h("p", null, h("button", { type: "button", class: "button", testid: "access-denied-sign-out", onclick: signOut }, t("sign-in-other"))),
  );
  heading.focus();
}

/** Puts the static page's words (`data-l10n-id`) in the language shown. */
function localizeStatic() {
  for (const el of document.querySelectorAll("[data-l10n-id]")) el.textContent = t(el.dataset.l10nId);
  for (const el of document.querySelectorAll("[data-l10n-label]")) el.setAttribute("aria-label", t(el.dataset.l10nLabel));
  const select = document.querySelector("[data-testid=language-select]");
  if (select) select.value = language();
}

/** Shows the portal in `tag`: the catalogues, the static page, the navigation, the page. */
async function showIn(tag) {
  await setLanguage(tag);
  localizeStatic();
  if (!document.querySelector(".who").hidden) {
    fillWho();
    buildNav();
  }
  if (renderCount > 0) route();
}

/**
 * The language switch of the header: each language named in its own words. A choice is kept in
 * this browser and, for a member, on their membership (mail follows it).
 */
function languageSwitch() {
  const select = document.querySelector("[data-testid=language-select]");
  if (!select) return;
  select.replaceChildren(...LANGUAGES.map((l) => h("option", { value: l.tag, lang: l.tag }, l.name)));
  select.value = language();
  select.addEventListener("change", async () => {
    const tag = select.value;
    remember(tag);
    await showIn(tag);
    if (me) {
      api("/me", { method: "PATCH", body: { language: tag } }).then(
        (updated) => (me = updated),
        (error) => console.warn("the language was not kept on the membership", error),
      );
    }
  });
}

async function boot() {
  // The language first: every word of every page, the sign-in's and the decline page's too.
  try {
    await setLanguage(preferred());
  } catch (error) {
    console.error(error);
    await setLanguage("en");
  }
  localizeStatic();
  languageSwitch();
  // Declining an invitation needs nobody signed in (the invitee may have no account).
  const start = parseHash();
  if (start.name === "decline") {
    const { renderDecline } = await import("./pages/decline.js");
    renderDecline(main, start.params);
    window.addEventListener("hashchange", () => window.location.reload());
    return;
  }
  window.addEventListener("elp:sign-in-needed", (event) => showSignInPage("needed", event.detail.message));
  let back;
  try {
    back = await completeSignIn();
  } catch {
    back = { outcome: "refused", message: t("signin-unreachable-finish") };
  }
  if (back.outcome === "refused") {
    showSignInPage("refused", back.message);
    return;
  }
  const signedOut = session.takeSignedOut();
  if (!session.idToken()) {
    if (signedOut) {
      showSignInPage("signed-out");
    } else if (!session.autoSignInUsed()) {
      await startSignIn({ automatic: true }).catch(() =>
        showSignInPage("needed", t("signin-unreachable-later")),
      );
    } else {
      showSignInPage("needed", t("signin-not-signed-in"));
    }
    return;
  }
  scheduleRefresh();
  // "Skip to content" moves focus to the page's content; the router never sees `#main`.
  document.querySelector("[data-testid=skip-link]")?.addEventListener("click", (event) => {
    event.preventDefault();
    main.focus();
    main.scrollIntoView?.({ block: "start" });
  });
  document.querySelector("[data-testid=sign-out]").addEventListener("click", signOut);
  navToggle.addEventListener("click", () => {
    const open = !nav.classList.contains("open");
    nav.classList.toggle("open", open);
    navToggle.setAttribute("aria-expanded", String(open));
    if (open) nav.querySelector("a")?.focus();
  });
  nav.addEventListener("keydown", (event) => {
    if (event.key === "Escape" && nav.classList.contains("open")) {
      closeMenu();
      navToggle.focus();
    }
  });
  const bootError = (error) => {
    const { view } = pageShell(t("boot-error-title"), "page-boot-error");
    view.append(errorBox(error), h("p", null, h("button", { type: "button", class: "button", onclick: () => window.location.reload() }, t("try-again"))));
  };
  try {
    me = await api("/me");
  } catch (error) {
    if (error?.code === "unauthenticated") return;
    if (error?.status !== 403 && error?.status !== 404) {
      bootError(error);
      return;
    }
    // No member here: the licence provider's staff, or nobody the portal knows.
    try {
      await askOperator();
    } catch (again) {
      if (again?.code !== "unauthenticated") bootError(again);
      return;
    }
    if (!isOperator()) {
      if (error.status === 403) showNoAccess(error);
      else bootError(error);
      return;
    }
  }
  // The language on the membership, when this browser has made no choice of its own.
  const wanted = preferred({ membership: me?.language });
  if (wanted !== language()) {
    await setLanguage(wanted);
    localizeStatic();
  }
  // A change refused because the organisation was suspended meanwhile: read who is signed in
  // again, and show the banner the organisation's pages show.
  window.addEventListener("elp:org-suspended", async () => {
    if (!me || me.org?.suspended) return;
    try {
      me = await api("/me");
    } catch {
      return;
    }
    showSuspended();
  });
  fillWho();
  buildNav();
  window.addEventListener("hashchange", route);
  route();
}

boot();
