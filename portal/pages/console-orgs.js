// The console's organisations: every one by name, or those a search finds (a word of the name,
// a person's address, `@domain`) (GET /v1/operator/orgs, paged), and a new organisation with
// its first admin (POST /v1/operator/orgs) through a review step.

import { api } from "../api.js";
import { h, clear, dataTable, empty, errorBox, field, formErrors, loading, moreRows, notice } from "../dom.js";
import { actionDialog, knowOrg, orgHref, required } from "./console-kit.js";

const PAGE = 25;

/** An organisation's state: suspended (since when) or active. */
export function orgState(org) {
  if (org.suspended) {
    return h(
      "span",
      { class: "org-state" },
      h("span", { class: "badge badge-suspended", testid: "org-suspended" }, "Suspended"),
      h("span", { class: "sub" }, `since ${String(org.suspended.since ?? "").slice(0, 10)}`),
    );
  }
  return h("span", { class: "badge badge-active", testid: "org-active" }, "Active");
}

/** Active admins, with a warning word when there is none (the first admin has not signed in). */
export function adminsCell(org) {
  if (org.active_admins > 0) return h("span", { testid: "org-admins" }, String(org.active_admins));
  return h("span", { testid: "org-admins" }, "0", h("span", { class: "sub" }, "none active yet"));
}

function openNewOrg(onDone) {
  const name = h("input", { type: "text", name: "name", maxlength: "100", autocomplete: "off", required: true, testid: "new-org-name" });
  const email = h("input", { type: "email", name: "admin_email", autocomplete: "off", spellcheck: "false", required: true, testid: "new-org-admin" });
  actionDialog({
    name: "new-org",
    title: "New organisation",
    intro: h("p", null, "A studio that bought credits. Its first admin is invited by mail and becomes active at their first sign-in; add its banks on its page next."),
    fields: [
      field({ label: "Name", input: name, hint: "As the studio's people know it; 1 to 100 characters on one line." }),
      field({ label: "First admin's email", input: email, hint: "Must not belong to another organisation." }),
    ],
    labels: { name: "Name", admin_email: "First admin's email" },
    read: (form) => {
      const n = required(form, "name", "Name");
      if (n.error) return n;
      const e = required(form, "admin_email", "First admin's email");
      if (e.error) return e;
      return { body: { name: n.value, admin_email: e.value } };
    },
    review: (body) => ({
      summary: `Create the organisation \u201c${body.name}\u201d and invite ${body.admin_email} as its first admin.`,
      rows: [
        ["Name", body.name, "new-org-review-name"],
        ["First admin", body.admin_email, "new-org-review-admin"],
      ],
      notes: ["The invitation mail goes out at once. The organisation has no credits until you create a bank for it."],
      confirm: "Create organisation",
    }),
    send: (body, key) => api("/operator/orgs", { method: "POST", body, idempotencyKey: key }),
    result: (answer) => {
      knowOrg(answer.org.id, answer.org.name);
      return {
        heading: "Organisation created",
        text: `${answer.org.name} exists; ${answer.admin.email} is invited as its admin (the invitation lapses on ${answer.admin.invitation_expires ?? "its expiry date"} unless accepted).`,
        extra: h("p", null, h("a", { href: orgHref(answer.org.id), class: "button secondary", testid: "new-org-open" }, `Open ${answer.org.name}`)),
      };
    },
    onDone,
  });
}

export async function render(view, ctx) {
  const q = ctx.params.get("q") ?? "";
  const noticeSlot = h("div", { "aria-live": "polite", testid: "orgs-notice-area" });
  const create = h("button", { type: "button", class: "button", testid: "new-org-open-dialog" }, "New organisation");
  const search = h("input", { type: "text", enterkeyhint: "search", name: "q", value: q, autocomplete: "off", spellcheck: "false", maxlength: "254", testid: "orgs-search" });
  const searchForm = h(
    "form",
    { class: "filters search-bar", role: "search", "aria-label": "Find organisations", novalidate: true, testid: "orgs-search-form" },
    field({ label: "Find organisations", input: search, hint: "A word of the name (nord), a person's address, or @ and a mail domain (@studio.example)." }),
    h(
      "div",
      { class: "filter-actions" },
      h("button", { type: "submit", class: "button secondary", testid: "orgs-search-submit" }, "Search"),
      q ? h("a", { href: "#/console/orgs", testid: "orgs-search-clear" }, "Show every organisation") : null,
    ),
  );
  const searchErrs = formErrors(searchForm, { labels: { q: "Search" }, testid: "orgs-search-error" });
  searchForm.addEventListener("submit", (event) => {
    event.preventDefault();
    const text = search.value.trim();
    ctx.go(text ? `#/console/orgs?${new URLSearchParams({ q: text })}` : "#/console/orgs");
  });
  const results = h("div", { class: "results", testid: "orgs-results" });
  view.append(
    h("div", { class: "toolbar" }, h("p", { class: "lead" }, "The studios that buy credits, by name. Open one to see its banks, licences, people and trail, and to act on them."), h("div", { class: "toolbar-actions" }, create)),
    noticeSlot,
    searchForm,
    results,
  );
  create.addEventListener("click", () =>
    openNewOrg((answer, text) => {
      noticeSlot.replaceChildren(notice(text, "orgs-notice"));
      load();
    }),
  );

  const table = () =>
    dataTable({
      caption: q ? `Organisations found for ${q}` : "Organisations",
      testid: "orgs-table",
      rowAttrs: (o) => ({ testid: "org-row", "data-org": o.id }),
      columns: [
        {
          label: "Name",
          cell: (o) => {
            knowOrg(o.id, o.name);
            return h("span", null, h("a", { href: orgHref(o.id), testid: "org-name-link", class: "strong-link" }, o.name), h("span", { class: "sub mono break" }, o.id));
          },
        },
        { label: "Created", cell: (o) => o.created_on, className: "date" },
        { label: "Active admins", cell: adminsCell, className: "num" },
        { label: "Daily mail budget", cell: (o) => h("span", null, String(o.mail_budget), o.mail_budget_set ? null : h("span", { class: "sub" }, "default")), className: "num" },
        { label: "Status", cell: orgState },
      ],
    });

  async function load() {
    clear(results).append(loading("Loading organisations\u2026"));
    searchErrs.clear();
    const query = { q, limit: PAGE };
    let first;
    try {
      first = await api("/operator/orgs", { query });
    } catch (error) {
      if (error?.code === "unauthenticated") return;
      clear(results);
      if (!searchErrs.show(error)) results.append(errorBox(error));
      return;
    }
    if (!ctx.current()) return;
    clear(results);
    if (!first.orgs.length) {
      results.append(empty(q ? `No organisation matches \u201c${q}\u201d.` : "No organisations yet. Create the first with \u201cNew organisation\u201d.", "orgs-empty"));
      return;
    }
    const t = table();
    t.add(first.orgs);
    const count = h("p", { class: "muted", role: "status", testid: "orgs-count" });
    const updateCount = (more) => {
      count.textContent = `Showing ${t.count()} organisation${t.count() === 1 ? "" : "s"}${more ? "; more available" : ""}.`;
    };
    updateCount(first.next);
    results.append(count, t.element, ...moreRows(first.next, (cursor) => api("/operator/orgs", { query: { ...query, cursor } }), t, "orgs", updateCount));
  }
  await load();
}
