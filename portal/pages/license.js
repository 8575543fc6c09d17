// One licence, `#/licences/<code>`: every term (from, to, computers or seats, credits, bank),
// every assignee with their dates, the mails sent about it, and what can be done next, or why
// not (GET /v1/licenses/{code} for admins). A member sees their own licence from
// GET /v1/me/licenses, which is all the API lets them read. Both see the computers using it
// and may release one (portal/machines.js).

import { api, seg } from "../api.js";
import { h, dataTable, empty, errorBox, messageOf } from "../dom.js";
import { formatDateTime, t } from "../i18n.js";
import { productNames, productName } from "../products.js";
import { whyNot } from "../licence-view.js";
import { machinesCard } from "../machines.js";
import { actionWord, apiText, bankLabel, day, dayEl, monthsCharged, num, openAssign, openRenew, openReturn, statusBadge, typeWord, unitsLabelOf, unitsOf } from "./licenses.js";
import { auditHref } from "./audit.js";

const MAIL_KINDS = ["license_generated", "license_renewed", "license_assigned", "license_returned"];

const row = (label, value, testid) => h("div", null, h("dt", null, label), h("dd", { testid }, value));

const bankText = (names, license, bank) =>
  bank ? bankLabel(names, { product: bank.product ?? license.product, version: bank.version ?? license.version ?? "", start: bank.start, expiry: bank.expiry }) : "";

/** A moment of the API, in the reader's language and time zone, as a <time>. */
const when = (at) => (at ? h("time", { datetime: String(at) }, formatDateTime(at)) : "");

/** A member's own licence: the API lets them read it in their list only. */
async function findMine(code) {
  let cursor = null;
  let pages = 0;
  do {
    const page = await api("/me/licenses", { query: { limit: 100, cursor } });
    const found = page.licenses.find((l) => l.code === code);
    if (found) return found;
    cursor = page.next;
  } while (cursor && ++pages < 20);
  return null;
}

function notFound(view, code) {
  view.append(
    h("div", { class: "alert alert-error", role: "alert", testid: "license-not-found" }, h("p", null, t("lic-not-found", { code }))),
    h("p", null, h("a", { href: "#/licences" }, t("lic-back-to-licences"))),
  );
}

export async function render(view, ctx) {
  const code = ctx.id;
  const admin = ctx.me?.role === "admin";
  ctx.setTitle(t("lic-detail-title", { code }));
  const names = await productNames();
  let license;
  if (admin) {
    try {
      license = await api(`/licenses/${seg(code)}`);
    } catch (error) {
      if (error?.status === 404 || error?.status === 422) return notFound(view, code);
      throw error;
    }
  } else {
    license = await findMine(code);
    if (!license) return notFound(view, code);
  }
  if (!ctx.current()) return;
  const cur = license.current_term;
  const next = license.next_term;
  const name = license.product_name ?? productName(names, license.product);
  const version = license.version ?? license.bank?.version;
  const back = admin ? h("a", { href: "#/licences", testid: "license-back" }, t("lic-all-licences")) : h("a", { href: "#/my-licences", testid: "license-back" }, t("lic-my-licences"));
  view.append(h("p", { class: "breadcrumb" }, back));

  // The licence at a glance.
  view.append(
    h(
      "section",
      { class: "card", "aria-labelledby": "license-summary-heading", testid: "license-summary" },
      h("h2", { id: "license-summary-heading" }, t("lic-detail-heading", { product: version ? `${name} ${version}` : name, type: typeWord(license.type) })),
      h(
        "dl",
        { class: "quote" },
        row(t("lic-activation-code"), h("code", { class: "activation-code", testid: "detail-code" }, license.code)),
        row(t("lic-status"), statusBadge(license.status, "detail-status")),
        row(t("lic-held-by"), license.assignee ?? (admin ? h("span", { class: "muted" }, t("lic-nobody-returned")) : ctx.me?.email), "detail-assignee"),
        row(t("lic-current-term"), t("lic-range", { start: day(cur.start), expiry: day(cur.expiry) }), "detail-current-term"),
        row(unitsLabelOf(license.type), unitsOf(license.type, cur.computers), "detail-computers"),
        row(
          t("lic-next-term"),
          next
            ? t("lic-next-term-value", { start: day(next.start), expiry: day(next.expiry), units: unitsOf(license.type, next.computers) })
            : h("span", { class: "muted" }, t("lic-not-renewed")),
          "detail-next-term",
        ),
        license.bank ? row(t("lic-bank"), bankText(names, license, license.bank), "detail-bank") : null,
        license.credits_used !== undefined ? row(t("lic-credits-used"), num(license.credits_used), "detail-credits") : null,
      ),
    ),
  );

  // What can be done next, and why not otherwise.
  if (admin) {
    const done = () => ctx.refresh();
    const open = { renew: () => openRenew(license, done, names), return: () => openReturn(license, done), assign: () => openAssign(license, done) };
    const items = ["renew", "return", "assign"].map((action) => {
      const reason = whyNot(license, action);
      const word = actionWord(action);
      if (!reason) {
        return h("li", { testid: `detail-can-${action}` }, h("button", { type: "button", class: "button secondary", testid: `detail-${action}`, onclick: open[action] }, word));
      }
      return h(
        "li",
        { testid: `detail-why-${action}`, "data-code": reason.code },
        h("strong", null, t("lic-not-available", { action })),
        " ",
        apiText(messageOf(reason)),
        reason.hint ? h("span", { class: "hint-line", testid: `detail-hint-${action}` }, " ", apiText(reason.hint)) : null,
      );
    });
    // Its history: the trail from the day it was generated (a key range: older events are not read).
    const since = String(license.created_at ?? "").slice(0, 10);
    items.push(h("li", { testid: "detail-history" }, h("a", { href: auditHref({ license: license.code, from: since }), testid: "license-history" }, t("lic-history"))));
    view.append(h("section", { class: "card", "aria-labelledby": "license-next-heading", testid: "license-actions" }, h("h2", { id: "license-next-heading" }, t("lic-what-you-can-do")), h("ul", { class: "next-steps" }, items)));
  }

  // The computers using it (the admin's route, or the holder's), filled in when they come:
  // the rest of the page does not wait for them.
  const machinesSlot = h("div", { testid: "machines-slot" });
  view.append(machinesSlot);
  machinesCard(license, { admin })
    .then((card) => {
      if (card && ctx.current()) machinesSlot.replaceChildren(card);
    })
    .catch((error) => {
      if (error?.code !== "unauthenticated" && ctx.current()) machinesSlot.replaceChildren(errorBox(error, "machines-error"));
    });

  // Every term (an admin's view; My licences items carry the current and next terms only).
  const terms = license.terms;
  if (terms) {
    view.append(h("h2", null, t("lic-terms")));
    const table = dataTable({
      caption: t("lic-terms"),
      testid: "terms-table",
      rowAttrs: (term) => ({ testid: "term-row", "data-start": term.start }),
      columns: [
        { label: t("lic-from"), cell: (term) => h("span", { testid: "term-start" }, dayEl(term.start)), className: "date" },
        { label: t("lic-to"), cell: (term) => h("span", { testid: "term-expiry" }, dayEl(term.expiry)), className: "date" },
        { label: unitsLabelOf(license.type), cell: (term) => h("span", { testid: "term-computers" }, num(term.computers)), className: "num" },
        { label: t("lic-months"), cell: (term) => monthsCharged(term), className: "num" },
        { label: t("lic-credits-label"), cell: (term) => h("span", { testid: "term-credits" }, num(term.credits)), className: "num" },
        { label: t("lic-bank"), cell: (term) => h("span", { testid: "term-bank", "data-bank": term.bank?.id ?? "" }, bankText(names, license, term.bank)) },
        {
          label: t("lic-in-force"),
          cell: (term) =>
            term.start === cur.start && term.expiry === cur.expiry
              ? h("span", { class: "tag", testid: "term-current" }, t("lic-term-current"))
              : next && term.start === next.start
                ? h("span", { class: "tag", testid: "term-next" }, t("lic-term-next"))
                : term.expiry <= cur.start
                  ? h("span", { class: "muted" }, t("lic-term-past"))
                  : h("span", { class: "muted" }, t("lic-term-later")),
        },
      ],
      rows: terms,
    });
    view.append(table.element);
  }

  if (!admin) return;

  // Every assignee.
  view.append(h("h2", null, t("lic-assignees")));
  const assignments = license.assignments ?? [];
  if (assignments.length) {
    view.append(
      dataTable({
        caption: t("lic-assignees"),
        testid: "assignees-table",
        rowAttrs: (a) => ({ testid: "assignee-row", "data-email": a.email }),
        columns: [
          { label: t("lic-email"), cell: (a) => h("span", { class: "break", testid: "assignee-email" }, a.email) },
          { label: t("lic-from"), cell: (a) => dayEl(a.from), className: "date" },
          {
            label: t("lic-until"),
            cell: (a) =>
              a.until
                ? h("span", { testid: "assignee-until" }, t("lic-until-returned", { date: day(a.until, "medium") }))
                : h("span", { class: "tag", testid: "assignee-current" }, t("lic-holds-it")),
          },
        ],
        rows: assignments,
      }).element,
    );
  } else view.append(empty(t("lic-nobody-held"), "assignees-empty"));

  // The mails.
  view.append(h("h2", null, t("lic-mails")));
  const mails = license.mails;
  if (!mails.length) view.append(empty(t("lic-no-mail"), "mails-empty"));
  else {
    view.append(
      dataTable({
        caption: t("lic-mails"),
        testid: "mails-table",
        rowAttrs: (m) => ({ testid: "mail-row", "data-kind": m.kind }),
        columns: [
          { label: t("lic-mail"), cell: (m) => h("span", { testid: "mail-kind" }, MAIL_KINDS.includes(m.kind) ? t(`lic-mail-${m.kind}`) : String(m.kind)) },
          { label: t("lic-to"), cell: (m) => h("span", { class: "break", testid: "mail-to" }, m.to) },
          { label: t("lic-when"), cell: (m) => when(m.at) },
        ],
        rows: mails,
      }).element,
    );
  }
  view.append(
    h("p", { class: "muted" }, t("lic-detail-footer", { terms: terms.length, termsN: num(terms.length), assignees: assignments.length, assigneesN: num(assignments.length) })),
  );
}
