// Find, across organisations, from one box: an activation code finds its licence
// (GET /v1/operator/licenses/{code}: any case, dashes optional), an address finds the person
// (GET /v1/operator/users/{email}: membership, account, organisation, licences). `@domain`
// is an organisation search and is sent to the organisations page.

import { api, seg } from "../api.js";
import { h, badge, clear, dataTable, empty, errorBox, field, loading, roleLabel, timeEl, typeLabel } from "../dom.js";
import { catalogProducts, facts, knowOrg, orgHref, orgLink, productLabel } from "./console-kit.js";
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
    "Organisation: ",
    orgLink(org.id, { name: org.name, testid: "found-org-link" }),
    org.suspended ? [" ", h("span", { class: "badge badge-suspended" }, "Suspended")] : null,
  );
}

function showLicence(results, found, products) {
  const l = found.license;
  knowOrg(found.org.id, found.org.name);
  const heading = h("h2", { id: "found-heading" }, "Licence ", h("code", { testid: "found-code" }, l.code));
  const terms = dataTable({
    caption: `Terms of ${l.code}`,
    testid: "found-terms",
    columns: [
      { label: "From", cell: (t) => t.start, className: "date" },
      { label: "To", cell: (t) => t.expiry, className: "date" },
      { label: "Months", cell: (t) => (t.months_charged === t.months_requested ? String(t.months_charged) : `${t.months_charged} of ${t.months_requested}`), className: "num" },
      { label: "Computers", cell: (t) => String(t.computers), className: "num" },
      { label: "Credits", cell: (t) => String(t.credits), className: "num" },
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
        ["Product", productLabel(products, l.product), "found-product"],
        ["Type", typeLabel(l.type)],
        ["Computers", String(l.computers)],
        ["Start", l.start],
        ["Expiry", l.expiry, "found-expiry"],
        ["Status", badge(l.status, "found-status")],
        ["Assignee", l.assignee ? h("a", { href: findHref(l.assignee), testid: "found-assignee" }, l.assignee) : h("span", { class: "muted", testid: "found-assignee" }, "Unassigned (returned)")],
        ["Credits used", String(l.credits_used)],
        [
          "Bank",
          h("span", null, `${l.bank.version}${l.bank.portable ? ", portable" : ""}, ${l.bank.start} to ${l.bank.expiry} `, h("a", { href: orgHref(found.org.id, "licences", { bank: l.bank.id }), testid: "found-bank-licences" }, "its licences")),
        ],
        ["Created", timeEl(l.created_at)],
      ]),
      h("h3", null, "Terms"),
      terms.element,
      l.assignments.length
        ? [
            h("h3", null, "Holders"),
            h(
              "ul",
              { class: "holders", testid: "found-holders" },
              l.assignments.map((a) => h("li", null, h("a", { href: findHref(a.email) }, a.email), ` from ${a.from}`, a.until ? ` until ${a.until}` : " (holds it now)")),
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
      ["Role", roleLabel(u.role), "found-role"],
      ["Status", badge(u.status, "found-person-status")],
      ["Invited on", u.invited_on],
      u.invitation_expires ? ["Invitation lapses", u.invitation_expires] : null,
      ["Sign-in account", u.account ? h("span", { class: "break" }, h("code", null, u.account.subject), ` of ${u.account.issuer}`) : h("span", { class: "muted" }, "None bound yet"), "found-account"],
    ]),
    h("p", null, h("a", { href: orgHref(found.org.id, "people"), testid: "found-people-link" }, `Act on ${u.email} among the people of ${found.org.name}`)),
    h("h3", null, "Licences assigned to them"),
  );
  if (!found.licenses.length) {
    section.append(empty("None.", "found-licenses-empty"));
  } else {
    const table = licenceTable({ products, testid: "found-licenses", caption: `Licences of ${u.email}`, assignee: false });
    table.add(found.licenses);
    section.append(table.element);
    if (found.licenses_next) {
      section.append(h("p", null, h("a", { href: orgHref(found.org.id, "licences", { assignee: u.email }), testid: "found-licenses-more" }, "All their licences, in the organisation's list")));
    }
  }
  results.append(section);
}

export async function render(view, ctx) {
  const q = (ctx.params.get("q") ?? "").trim();
  const input = h("input", { type: "text", enterkeyhint: "search", name: "q", value: q, autocomplete: "off", spellcheck: "false", maxlength: "254", testid: "find-input" });
  const form = h(
    "form",
    { class: "filters search-bar", role: "search", "aria-label": "Find a licence or a person", novalidate: true, testid: "find-form" },
    field({ label: "Activation code or email", input, hint: "A code in any case, with or without dashes (7KQM-3XWD-RP9T-HN4C), or a person's address." }),
    h("div", { class: "filter-actions" }, h("button", { type: "submit", class: "button", testid: "find-submit" }, "Find")),
  );
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    const text = input.value.trim();
    ctx.go(text ? findHref(text) : "#/console/find");
  });
  const results = h("div", { class: "results", testid: "find-results", "aria-live": "polite" });
  view.append(h("p", { class: "lead" }, "Whoever calls: find the licence they read out, or the person, in whichever organisation it is."), form, results);
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
        `${q} is a mail domain: `,
        h("a", { href: `#/console/orgs?${new URLSearchParams({ q })}`, testid: "find-domain-link" }, `the organisations with people at ${q.slice(1)}`),
        ".",
      ),
    );
    return;
  }
  results.append(loading(kind === "person" ? "Looking for the person\u2026" : "Looking for the licence\u2026"));
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
      results.append(empty(kind === "person" ? `Nobody with the address ${q} is in any organisation.` : `No licence has the activation code ${q}.`, "find-none"));
    } else {
      results.append(errorBox(error));
    }
  }
}
