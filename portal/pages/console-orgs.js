// The console's organisations: every one by name, or those a search finds (a word of the name,
// a person's address, `@domain`) (GET /v1/operator/orgs, paged), and a new organisation with
// its first admin (POST /v1/operator/orgs) through a review step.

import { api } from "../api.js";
import { h, clear, dataTable, empty, errorBox, field, formErrors, loading, moreRows, notice } from "../dom.js";
import { t } from "../i18n.js";
import { actionDialog, day, knowOrg, num, orgHref, required } from "./console-kit.js";

const PAGE = 25;

/** An organisation's state: suspended (since when) or active. */
export function orgState(org) {
  if (org.suspended) {
    return h(
      "span",
      { class: "org-state" },
      h("span", { class: "badge badge-suspended", testid: "org-suspended" }, t("con-status-suspended")),
      h("span", { class: "sub" }, t("orgs-since", { date: day(org.suspended.since, "medium") })),
    );
  }
  return h("span", { class: "badge badge-active", testid: "org-active" }, t("con-status-active"));
}

/** Active admins, with a warning word when there is none (the first admin has not signed in). */
export function adminsCell(org) {
  if (org.active_admins > 0) return h("span", { testid: "org-admins" }, num(org.active_admins));
  return h("span", { testid: "org-admins" }, num(0), h("span", { class: "sub" }, t("orgs-none-active")));
}

function openNewOrg(onDone) {
  const name = h("input", { type: "text", name: "name", maxlength: "100", autocomplete: "off", required: true, testid: "new-org-name" });
  const email = h("input", { type: "email", name: "admin_email", autocomplete: "off", spellcheck: "false", required: true, testid: "new-org-admin" });
  actionDialog({
    name: "new-org",
    title: t("orgs-new"),
    intro: h("p", null, t("orgs-new-intro")),
    fields: [
      field({ label: t("orgs-name"), input: name, hint: t("orgs-name-hint") }),
      field({ label: t("orgs-admin-email"), input: email, hint: t("orgs-admin-email-hint") }),
    ],
    labels: { name: t("orgs-name"), admin_email: t("orgs-admin-email") },
    read: (form) => {
      const n = required(form, "name", t("orgs-name"));
      if (n.error) return n;
      const e = required(form, "admin_email", t("orgs-admin-email"));
      if (e.error) return e;
      return { body: { name: n.value, admin_email: e.value } };
    },
    review: (body) => ({
      summary: t("orgs-new-summary", { name: body.name, email: body.admin_email }),
      rows: [
        [t("orgs-name"), body.name, "new-org-review-name"],
        [t("orgs-first-admin"), body.admin_email, "new-org-review-admin"],
      ],
      notes: [t("orgs-new-note")],
      confirm: t("orgs-create"),
    }),
    send: (body, key) => api("/operator/orgs", { method: "POST", body, idempotencyKey: key }),
    result: (answer) => {
      knowOrg(answer.org.id, answer.org.name);
      return {
        heading: t("orgs-created"),
        text: answer.admin.invitation_expires
          ? t("orgs-created-text", { name: answer.org.name, email: answer.admin.email, date: day(answer.admin.invitation_expires) })
          : t("orgs-created-text-undated", { name: answer.org.name, email: answer.admin.email }),
        extra: h("p", null, h("a", { href: orgHref(answer.org.id), class: "button secondary", testid: "new-org-open" }, t("orgs-open", { name: answer.org.name }))),
      };
    },
    onDone,
  });
}

export async function render(view, ctx) {
  const q = ctx.params.get("q") ?? "";
  const noticeSlot = h("div", { "aria-live": "polite", testid: "orgs-notice-area" });
  const create = h("button", { type: "button", class: "button", testid: "new-org-open-dialog" }, t("orgs-new"));
  const search = h("input", { type: "text", enterkeyhint: "search", name: "q", value: q, autocomplete: "off", spellcheck: "false", maxlength: "254", testid: "orgs-search" });
  const searchForm = h(
    "form",
    { class: "filters search-bar", role: "search", "aria-label": t("orgs-find"), novalidate: true, testid: "orgs-search-form" },
    field({ label: t("orgs-find"), input: search, hint: t("orgs-find-hint") }),
    h(
      "div",
      { class: "filter-actions" },
      h("button", { type: "submit", class: "button secondary", testid: "orgs-search-submit" }, t("orgs-search")),
      q ? h("a", { href: "#/console/orgs", testid: "orgs-search-clear" }, t("orgs-show-all")) : null,
    ),
  );
  const searchErrs = formErrors(searchForm, { labels: { q: t("orgs-search") }, testid: "orgs-search-error" });
  searchForm.addEventListener("submit", (event) => {
    event.preventDefault();
    const text = search.value.trim();
    ctx.go(text ? `#/console/orgs?${new URLSearchParams({ q: text })}` : "#/console/orgs");
  });
  const results = h("div", { class: "results", testid: "orgs-results" });
  view.append(
    h("div", { class: "toolbar" }, h("p", { class: "lead" }, t("orgs-lead")), h("div", { class: "toolbar-actions" }, create)),
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
      caption: q ? t("orgs-caption-found", { q }) : t("orgs-caption"),
      testid: "orgs-table",
      rowAttrs: (o) => ({ testid: "org-row", "data-org": o.id }),
      columns: [
        {
          label: t("orgs-name"),
          cell: (o) => {
            knowOrg(o.id, o.name);
            return h("span", null, h("a", { href: orgHref(o.id), testid: "org-name-link", class: "strong-link" }, o.name), h("span", { class: "sub mono break" }, o.id));
          },
        },
        { label: t("orgs-created-on"), cell: (o) => day(o.created_on, "medium"), className: "date" },
        { label: t("orgs-active-admins"), cell: adminsCell, className: "num" },
        { label: t("orgs-mail-budget"), cell: (o) => h("span", null, num(o.mail_budget), o.mail_budget_set ? null : h("span", { class: "sub" }, t("orgs-default"))), className: "num" },
        { label: t("orgs-status"), cell: orgState },
      ],
    });

  async function load() {
    clear(results).append(loading(t("orgs-loading")));
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
      results.append(empty(q ? t("orgs-none-match", { q }) : t("orgs-none-yet"), "orgs-empty"));
      return;
    }
    const list = table();
    list.add(first.orgs);
    const count = h("p", { class: "muted", role: "status", testid: "orgs-count" });
    const updateCount = (more) => {
      count.textContent = t(more ? "orgs-count-more" : "orgs-count", { count: list.count(), n: num(list.count()) });
    };
    updateCount(first.next);
    results.append(count, list.element, ...moreRows(first.next, (cursor) => api("/operator/orgs", { query: { ...query, cursor } }), list, "orgs", updateCount));
  }
  await load();
}
