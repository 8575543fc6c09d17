// One licence, `#/licences/<code>`: every term (from, to, computers or seats, credits, bank),
// every assignee with their dates, the mails sent about it, and what can be done next, or why
// not (GET /v1/licenses/{code} for admins). A member sees their own licence from
// GET /v1/me/licenses, which is all the API lets them read.

import { api, seg } from "../api.js";
import { h, badge, count, dataTable, empty, timeEl, typeLabel, units, unitsLabel, yesNo } from "../dom.js";
import { productNames, productName } from "../products.js";
import { ACTION_WORDS, currentTerm, nextTerm, portable, whyNot } from "../licence-view.js";
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

/**
 * The mails sent about the licence: the API's `mails` when it has them; else what the history
 * implies (the generation mail to the first holder, one per renewal to the holder of the day,
 * one per later assignment), dated by day.
 */
function mailsOf(license) {
  if (Array.isArray(license.mails)) return { mails: license.mails, derived: false };
  const mails = [];
  const assignments = license.assignments ?? [];
  const holderOn = (day) => [...assignments].reverse().find((a) => a.from <= day && (!a.until || a.until > day))?.email ?? null;
  const first = assignments[0];
  if (first) mails.push({ kind: "license_generated", to: first.email, at: license.created_at ?? first.from });
  for (const t of (license.terms ?? []).slice(1)) {
    const to = holderOn(t.start) ?? holderOn(license.created_at?.slice(0, 10) ?? t.start);
    if (to) mails.push({ kind: "license_renewed", to, at: null, term: t });
  }
  for (const a of assignments.slice(1)) mails.push({ kind: "license_assigned", to: a.email, at: a.from });
  return { mails, derived: true };
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
  const cur = currentTerm(license);
  const next = nextTerm(license);
  // Whether the licence came with its terms: a My licences item may carry only its dates, and
  // then the page says those, not a term history it does not know.
  const termsKnown = Array.isArray(license.terms) || "current_term" in license;
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
        termsKnown ? row("Current term", `${cur.start} to ${cur.expiry}`, "detail-current-term") : row("Start", license.start, "detail-start"),
        termsKnown ? null : row("Expiry", license.expiry, "detail-expiry"),
        row(unitsLabel(license.type), units(license.type, cur.computers ?? license.computers), "detail-computers"),
        termsKnown ? row("Next term", next ? `${next.start} to ${next.expiry}, ${units(license.type, next.computers)}` : h("span", { class: "muted" }, "Not renewed yet"), "detail-next-term") : null,
        license.bank ? row("Bank", bankText(names, license, license.bank), "detail-bank") : null,
        license.bank ? row("Return and assign", portable(license) ? "Possible (portable bank, version 25.1 or later)" : "Not possible on this bank", "detail-portable") : null,
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
        reason.message,
        reason.hint ? h("span", { class: "hint-line", testid: `detail-hint-${action}` }, ` ${reason.hint}`) : null,
      );
    });
    view.append(h("section", { class: "card", "aria-labelledby": "license-next-heading", testid: "license-actions" }, h("h2", { id: "license-next-heading" }, "What you can do"), h("ul", { class: "next-steps" }, items)));
  }

  // Every term.
  const terms = license.terms ?? [];
  if (termsKnown) view.append(h("h2", null, "Terms"));
  if (!termsKnown) {
    // Nothing more is known of it here.
  } else if (terms.length) {
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
        { label: "Bank", cell: (t) => bankText(names, license, t.bank ?? license.bank) },
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
  } else {
    view.append(
      h("p", { testid: "terms-one" }, `Current term: ${cur.start} to ${cur.expiry}, ${units(license.type, cur.computers ?? license.computers)}.`),
      next ? h("p", { testid: "terms-next" }, `Next term: ${next.start} to ${next.expiry}, ${units(license.type, next.computers)}.`) : null,
    );
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
  const { mails, derived } = mailsOf(license);
  if (!mails.length) view.append(empty("No mail was sent about it.", "mails-empty"));
  else {
    if (derived) view.append(h("p", { class: "muted", testid: "mails-derived" }, "As the licence's history records them; the exact times are in the audit trail."));
    view.append(
      dataTable({
        caption: "Mails sent",
        testid: "mails-table",
        rowAttrs: (m) => ({ testid: "mail-row", "data-kind": m.kind }),
        columns: [
          { label: "Mail", cell: (m) => h("span", { testid: "mail-kind" }, MAIL_KINDS[m.kind] ?? typeLabel(m.kind)) },
          { label: "To", cell: (m) => h("span", { class: "break", testid: "mail-to" }, m.to) },
          { label: "When", cell: (m) => (m.at ? (String(m.at).includes("T") ? timeEl(m.at) : m.at) : m.term ? `With the term from ${m.term.start}` : "") },
        ],
        rows: mails,
      }).element,
    );
  }
  view.append(h("p", { class: "muted" }, `${count(terms.length || 1, "term")}, ${count(assignments.length, "assignee")}. Portable bank: ${yesNo(portable(license))}.`));
}
