// One licence, `#/licences/<code>`: every term (from, to, computers or seats, credits, bank),
// every assignee with their dates, the mails sent about it, and what can be done next, or why
// not (GET /v1/licenses/{code} for admins). A member sees their own licence from
// GET /v1/me/licenses, which is all the API lets them read.

import { api, seg } from "../api.js";
import { h, badge, count, dataTable, empty, messageOf, timeEl, typeLabel, units, unitsLabel } from "../dom.js";
import { productNames, productName } from "../products.js";
import { ACTION_WORDS, whyNot } from "../licence-view.js";
import { openAssign, openRenew, openReturn } from "./licenses.js";

const MAIL_KINDS = {
  license_generated: "Licence generated",
  license_renewed: "Licence renewed",
  license_assigned: "Licence assigned",
  license_returned: "Licence returned",
};

const row = (label, value, testid) => h("div", null, h("dt", null, label), h("dd", { testid }, value));

const bankText = (names, license, bank) =>
  bank ? `${productName(names, bank.product ?? license.product)} ${bank.version ?? license.version ?? ""}, ${bank.start} to ${bank.expiry}` : "";

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
    h("div", { class: "alert alert-error", role: "alert", testid: "license-not-found" }, h("p", null, `There is no licence ${code} in your organisation.`)),
    h("p", null, h("a", { href: "#/licences" }, "Back to the licences")),
  );
}

export async function render(view, ctx) {
  const code = ctx.id;
  const admin = ctx.me?.role === "admin";
  ctx.setTitle(`Licence ${code}`);
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
  const back = admin ? h("a", { href: "#/licences", testid: "license-back" }, "All licences") : h("a", { href: "#/my-licences", testid: "license-back" }, "My licences");
  view.append(h("p", { class: "breadcrumb" }, back));

  // The licence at a glance.
  view.append(
    h(
      "section",
      { class: "card", "aria-labelledby": "license-summary-heading", testid: "license-summary" },
      h("h2", { id: "license-summary-heading" }, `${name}${version ? ` ${version}` : ""}, ${typeLabel(license.type)}`),
      h(
        "dl",
        { class: "quote" },
        row("Activation code", h("code", { class: "activation-code", testid: "detail-code" }, license.code)),
        row("Status", badge(license.status, "detail-status")),
        row("Held by", license.assignee ?? (admin ? h("span", { class: "muted" }, "Nobody (returned)") : ctx.me?.email), "detail-assignee"),
        row("Current term", `${cur.start} to ${cur.expiry}`, "detail-current-term"),
        row(unitsLabel(license.type), units(license.type, cur.computers), "detail-computers"),
        row("Next term", next ? `${next.start} to ${next.expiry}, ${units(license.type, next.computers)}` : h("span", { class: "muted" }, "Not renewed yet"), "detail-next-term"),
        license.bank ? row("Bank", bankText(names, license, license.bank), "detail-bank") : null,
        license.credits_used !== undefined ? row("Credits used", String(license.credits_used), "detail-credits") : null,
      ),
    ),
  );

  // What can be done next, and why not otherwise.
  if (admin) {
    const done = () => ctx.refresh();
    const open = { renew: () => openRenew(license, done, names), return: () => openReturn(license, done), assign: () => openAssign(license, done) };
    const items = ["renew", "return", "assign"].map((action) => {
      const reason = whyNot(license, action);
      const word = ACTION_WORDS[action];
      if (!reason) {
        return h("li", { testid: `detail-can-${action}` }, h("button", { type: "button", class: "button secondary", testid: `detail-${action}`, onclick: open[action] }, word));
      }
      return h(
        "li",
        { testid: `detail-why-${action}`, "data-code": reason.code },
        h("strong", null, `${word}: not available. `),
        messageOf(reason),
        reason.hint ? h("span", { class: "hint-line", testid: `detail-hint-${action}` }, ` ${reason.hint}`) : null,
      );
    });
    view.append(h("section", { class: "card", "aria-labelledby": "license-next-heading", testid: "license-actions" }, h("h2", { id: "license-next-heading" }, "What you can do"), h("ul", { class: "next-steps" }, items)));
  }

  // Every term (an admin's view; My licences items carry the current and next terms only).
  const terms = license.terms;
  if (terms) {
    view.append(h("h2", null, "Terms"));
    const table = dataTable({
      caption: "Terms",
      testid: "terms-table",
      rowAttrs: (t) => ({ testid: "term-row", "data-start": t.start }),
      columns: [
        { label: "From", cell: (t) => h("span", { testid: "term-start" }, t.start), className: "date" },
        { label: "To", cell: (t) => h("span", { testid: "term-expiry" }, t.expiry), className: "date" },
        { label: unitsLabel(license.type), cell: (t) => h("span", { testid: "term-computers" }, String(t.computers)), className: "num" },
        { label: "Months", cell: (t) => (t.months_charged === t.months_requested ? String(t.months_charged) : `${t.months_charged} (of ${t.months_requested} asked for)`), className: "num" },
        { label: "Credits", cell: (t) => h("span", { testid: "term-credits" }, String(t.credits)), className: "num" },
        { label: "Bank", cell: (t) => bankText(names, license, t.bank) },
        {
          label: "In force",
          cell: (t) =>
            t.start === cur.start && t.expiry === cur.expiry
              ? h("span", { class: "tag", testid: "term-current" }, "Current")
              : next && t.start === next.start
                ? h("span", { class: "tag", testid: "term-next" }, "Next")
                : t.expiry <= cur.start
                  ? h("span", { class: "muted" }, "Past")
                  : h("span", { class: "muted" }, "Later"),
        },
      ],
      rows: terms,
    });
    view.append(table.element);
  }

  if (!admin) return;

  // Every assignee.
  view.append(h("h2", null, "Assignees"));
  const assignments = license.assignments ?? [];
  if (assignments.length) {
    view.append(
      dataTable({
        caption: "Assignees",
        testid: "assignees-table",
        rowAttrs: (a) => ({ testid: "assignee-row", "data-email": a.email }),
        columns: [
          { label: "Email", cell: (a) => h("span", { class: "break", testid: "assignee-email" }, a.email) },
          { label: "From", cell: (a) => a.from, className: "date" },
          { label: "Until", cell: (a) => (a.until ? h("span", { testid: "assignee-until" }, `${a.until} (returned)`) : h("span", { class: "tag", testid: "assignee-current" }, "Holds it now")) },
        ],
        rows: assignments,
      }).element,
    );
  } else view.append(empty("Nobody has held it yet.", "assignees-empty"));

  // The mails.
  view.append(h("h2", null, "Mails sent"));
  const mails = license.mails;
  if (!mails.length) view.append(empty("No mail was sent about it.", "mails-empty"));
  else {
    view.append(
      dataTable({
        caption: "Mails sent",
        testid: "mails-table",
        rowAttrs: (m) => ({ testid: "mail-row", "data-kind": m.kind }),
        columns: [
          { label: "Mail", cell: (m) => h("span", { testid: "mail-kind" }, MAIL_KINDS[m.kind] ?? typeLabel(m.kind)) },
          { label: "To", cell: (m) => h("span", { class: "break", testid: "mail-to" }, m.to) },
          { label: "When", cell: (m) => timeEl(m.at) },
        ],
        rows: mails,
      }).element,
    );
  }
  view.append(h("p", { class: "muted" }, `${count(terms.length, "term")}, ${count(assignments.length, "assignee")}.`));
}
