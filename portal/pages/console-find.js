// Find, across organisations, from one box: an activation code finds its licence
// (GET /v1/operator/licenses/{code}: any case, dashes optional), an address finds the person
// (GET /v1/operator/users/{email}: membership, account, organisation, licences). `@domain`
// is an organisation search and is sent to the organisations page.

import { api, seg } from "../api.js";
import { h, clear, dataTable, empty, errorBox, field, loading } from "../dom.js";
import { t, tParts } from "../i18n.js";
import { catalogProducts, day, facts, knowOrg, num, orgHref, orgLink, productLabel, roleWord, statusBadge, typeWord, when } from "./console-kit.js";
import { licenceTable } from "./console-org.js";

/** What the box holds: a person's address, a domain, or (anything else) an activation code. */
function kindOf(q) {
  if (q.startsWith("@")) return "domain";
  if (q.includes("@")) return "person";
  return "code";
}

const findHref = (q) => `#/console/find?${new URLSearchParams({ q })}`;

function orgLine(org) {
  return h(
    "p",
    { testid: "found-org" },
    tParts("find-org-line", {}, { org: orgLink(org.id, { name: org.name, testid: "found-org-link" }) }),
    org.suspended ? [" ", h("span", { class: "badge badge-suspended" }, t("con-status-suspended"))] : null,
  );
}

function showLicence(results, found, products) {
  const l = found.license;
  knowOrg(found.org.id, found.org.name);
  const heading = h("h2", { id: "found-heading" }, tParts("find-licence-heading", {}, { code: h("code", { testid: "found-code" }, l.code) }));
  const terms = dataTable({
    caption: t("find-terms-caption", { code: l.code }),
    testid: "found-terms",
    columns: [
      { label: t("find-from"), cell: (term) => day(term.start, "medium"), className: "date" },
      { label: t("find-to"), cell: (term) => day(term.expiry, "medium"), className: "date" },
      {
        label: t("find-months"),
        cell: (term) => (term.months_charged === term.months_requested ? num(term.months_charged) : t("find-months-of", { charged: num(term.months_charged), requested: num(term.months_requested) })),
        className: "num",
      },
      { label: t("org-computers"), cell: (term) => num(term.computers), className: "num" },
      { label: t("org-credits"), cell: (term) => num(term.credits), className: "num" },
    ],
    rows: l.terms,
  });
  results.append(
    h(
      "section",
      { class: "card found", "aria-labelledby": "found-heading", testid: "found-license" },
      heading,
      orgLine(found.org),
      facts([
        [t("org-product"), productLabel(products, l.product), "found-product"],
        [t("org-type"), typeWord(l.type)],
        [t("org-computers"), num(l.computers)],
        [t("org-start"), day(l.start)],
        [t("org-expiry"), day(l.expiry), "found-expiry"],
        [t("org-status"), statusBadge(l.status, "found-status")],
        [t("org-assignee"), l.assignee ? h("a", { href: findHref(l.assignee), testid: "found-assignee" }, l.assignee) : h("span", { class: "muted", testid: "found-assignee" }, t("find-unassigned"))],
        [t("org-credits-used"), num(l.credits_used)],
        [
          t("org-bank"),
          h(
            "span",
            null,
            tParts(
              "find-bank",
              { version: l.bank.version, portable: l.bank.portable ? "yes" : "no", start: day(l.bank.start), expiry: day(l.bank.expiry) },
              { link: h("a", { href: orgHref(found.org.id, "licences", { bank: l.bank.id }), testid: "found-bank-licences" }, t("find-its-licences")) },
            ),
          ),
        ],
        [t("find-created"), when(l.created_at)],
      ]),
      h("h3", null, t("find-terms")),
      terms.element,
      l.assignments.length
        ? [
            h("h3", null, t("find-holders")),
            h(
              "ul",
              { class: "holders", testid: "found-holders" },
              l.assignments.map((a) =>
                h("li", null, tParts(a.until ? "find-held" : "find-holds", { from: day(a.from), until: a.until ? day(a.until) : "" }, { email: h("a", { href: findHref(a.email) }, a.email) })),
              ),
            ),
          ]
        : null,
    ),
  );
}

function showPerson(results, found, products) {
  const u = found.user;
  knowOrg(found.org.id, found.org.name);
  const heading = h("h2", { id: "found-heading", class: "break", testid: "found-email" }, u.email);
  const section = h(
    "section",
    { class: "card found", "aria-labelledby": "found-heading", testid: "found-person" },
    heading,
    orgLine(found.org),
    facts([
      [t("org-role"), roleWord(u.role), "found-role"],
      [t("org-status"), statusBadge(u.status, "found-person-status", "con-person")],
      [t("org-invited-on"), day(u.invited_on)],
      u.invitation_expires ? [t("find-invitation-lapses"), day(u.invitation_expires)] : null,
      [
        t("find-account"),
        u.account ? h("span", { class: "break" }, tParts("find-account-of", { issuer: u.account.issuer }, { subject: h("code", null, u.account.subject) })) : h("span", { class: "muted" }, t("find-account-none")),
        "found-account",
      ],
    ]),
    h("p", null, h("a", { href: orgHref(found.org.id, "people"), testid: "found-people-link" }, t("find-act-on", { email: u.email, org: found.org.name }))),
    h("h3", null, t("find-their-licences")),
  );
  if (!found.licenses.length) {
    section.append(empty(t("req-empty"), "found-licenses-empty"));
  } else {
    const table = licenceTable({ products, testid: "found-licenses", caption: t("find-licences-of", { email: u.email }), assignee: false });
    table.add(found.licenses);
    section.append(table.element);
    if (found.licenses_next) {
      section.append(h("p", null, h("a", { href: orgHref(found.org.id, "licences", { assignee: u.email }), testid: "found-licenses-more" }, t("find-all-their-licences"))));
    }
  }
  results.append(section);
}

export async function render(view, ctx) {
  const q = (ctx.params.get("q") ?? "").trim();
  const input = h("input", { type: "text", enterkeyhint: "search", name: "q", value: q, autocomplete: "off", spellcheck: "false", maxlength: "254", testid: "find-input" });
  const form = h(
    "form",
    { class: "filters search-bar", role: "search", "aria-label": t("title-console-find"), novalidate: true, testid: "find-form" },
    field({ label: t("find-label"), input, hint: t("find-hint") }),
    h("div", { class: "filter-actions" }, h("button", { type: "submit", class: "button", testid: "find-submit" }, t("find-submit"))),
  );
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    const text = input.value.trim();
    ctx.go(text ? findHref(text) : "#/console/find");
  });
  const results = h("div", { class: "results", testid: "find-results", "aria-live": "polite" });
  view.append(h("p", { class: "lead" }, t("find-lead")), form, results);
  if (!q) {
    input.focus();
    return;
  }
  const kind = kindOf(q);
  if (kind === "domain") {
    results.append(
      h(
        "p",
        { testid: "find-domain" },
        tParts("find-domain", { q }, { link: h("a", { href: `#/console/orgs?${new URLSearchParams({ q })}`, testid: "find-domain-link" }, t("find-domain-link", { domain: q.slice(1) })) }),
      ),
    );
    return;
  }
  results.append(loading(t(kind === "person" ? "find-looking-person" : "find-looking-licence")));
  const products = await catalogProducts();
  try {
    if (kind === "person") {
      const found = await api(`/operator/users/${seg(q.toLowerCase())}`);
      if (!ctx.current()) return;
      clear(results);
      showPerson(results, found, products);
    } else {
      const found = await api(`/operator/licenses/${seg(q)}`);
      if (!ctx.current()) return;
      clear(results);
      showLicence(results, found, products);
    }
  } catch (error) {
    if (error?.code === "unauthenticated" || !ctx.current()) return;
    clear(results);
    if (error?.status === 404) {
      results.append(empty(t(kind === "person" ? "find-no-person" : "find-no-licence", { q }), "find-none"));
    } else {
      results.append(errorBox(error));
    }
  }
}
