// Audit trail: who did what, when, and how credits moved; newest first (GET /v1/audit, paged).

import { api } from "../api.js";
import { h, actorLabel, cap, dataTable, empty, moreRows, signed, timeEl } from "../dom.js";
import { productNames } from "../products.js";

/**
 * An event's words without internals, for an API that still writes them: licence types by
 * their names, product ids by the catalogue's names, an empty "restricted to" as what it means.
 */
export function inWords(text, names = new Map(), banks = new Map()) {
  let t = String(text ?? "");
  // A floating licence's quantity is seats.
  if (/^floating\b/.test(t)) t = t.replace(/\bcomputers\b/g, "seats").replace(/\bcomputer\b/g, "seat");
  // Changes that changed nothing ("role member -> member") are left out of the sentence.
  t = t.replace(/\b(\w+) (\w+) -> \2\b(, )?/g, "").replace(/, $/, "");
  t = t.replace(/^returned by /, "returned from ");
  for (const [id, label] of banks) t = t.split(id).join(label);
  t = t.replace(/\bnode_lock\b/g, "node lock").replace(/\bmultiseat\b/g, "multiseat").replace(/\bfloating\b/g, "floating");
  for (const [id, name] of names) if (id.includes("-") || id.includes("_")) t = t.replace(new RegExp(`\\b${id.replace(/[-_]/g, (c) => `\\${c}`)}\\b`, "g"), name);
  t = t.replace(/restricted to\s*$/i, "allows no version").replace(/restricted to\s*([;,.])/gi, "allows no version$1");
  t = t.replace(/(\d+) ((?:[A-Za-z-]+ ){0,3})([A-Za-z-]+)\(s\)/g, (_, n, before, w) => `${n} ${before}${Number(n) === 1 ? w : `${w}s`}`);
  return t;
}

const PAGE = 50;

const ACTIONS = {
  org_created: "Organisation created",
  bank_created: "Bank created",
  credits_granted: "Credits granted",
  license_generated: "Licence generated",
  license_renewed: "Licence renewed",
  license_returned: "Licence returned",
  license_assigned: "Licence assigned",
  user_invited: "User invited",
  user_changed: "User changed",
  user_removed: "User removed",
  version_policy_changed: "Version policy changed",
  bank_expired: "Bank expired",
  licenses_exported: "Licences exported",
  sign_in: "Sign-in",
  invitation_declined: "Invitation declined",
  invitation_released: "Invitation released by the licence provider",
  account_released: "Sign-in account released by the licence provider",
  mail_budget_changed: "Daily mail budget changed",
  account_bound: "Sign-in account bound by the licence provider",
  org_renamed: "Organisation renamed",
  org_suspended: "Organisation suspended",
  org_resumed: "Organisation resumed",
  bank_extended: "Bank extended",
  credits_voided: "Credits voided",
  catalog_changed: "Catalogue changed",
  credits_requested: "Credits requested",
  credit_request_granted: "Credit request granted",
  credit_request_declined: "Credit request declined",
  credit_request_withdrawn: "Credit request withdrawn",
};

export const actionLabel = (a) => ACTIONS[a] ?? cap(String(a).replace(/_/g, " "));

export function credits(n) {
  const v = Number(n) || 0;
  const cls = v > 0 ? "credit-plus" : v < 0 ? "credit-minus" : "muted";
  const words = v > 0 ? `${v} credits added` : v < 0 ? `${Math.abs(v)} credits used` : "no credits moved";
  return h("span", { class: cls, testid: "audit-credits", title: words }, h("span", { "aria-hidden": "true" }, signed(v)), h("span", { class: "visually-hidden" }, words));
}

/** A subject: one thing, or several activation codes ("A, B, C"), each kept on one line. */
export function subject(text) {
  const parts = String(text ?? "").split(", ");
  if (parts.length === 1) return h("span", { class: "break", testid: "audit-subject" }, text);
  return h(
    "span",
    { testid: "audit-subject" },
    parts.map((p, i) => [h("span", { class: "nowrap" }, p), i < parts.length - 1 ? ", " : null]),
  );
}

/** Bank ids as "Harmony Premium 25.1, 2026-01-01 to 2027-01-01" (empty if they cannot be read). */
async function bankLabels(names) {
  const labels = new Map();
  try {
    let cursor = null;
    do {
      const page = await api("/banks", { query: { limit: 100, cursor } });
      for (const b of page.banks) labels.set(b.id, `${names.get(b.product) ?? b.product} ${b.version} (${b.start} to ${b.expiry})`);
      cursor = page.next;
    } while (cursor);
  } catch (error) {
    if (error?.code === "unauthenticated") throw error;
  }
  return labels;
}

export async function render(view) {
  const names = await productNames();
  const banks = await bankLabels(names);
  view.append(h("p", { class: "lead" }, "Everything that changed in the organisation, newest first."));
  const first = await api("/audit", { query: { limit: PAGE } });
  if (!first.events.length) {
    view.append(empty("Nothing has happened yet.", "audit-empty"));
    return;
  }
  const table = dataTable({
    caption: "Audit trail",
    testid: "audit-table",
    rowAttrs: (e) => ({ testid: "audit-row", "data-action": e.action }),
    columns: [
      { label: "Time", cell: (e) => timeEl(e.at) },
      { label: "Actor", cell: (e) => h("span", { class: "break", testid: "audit-actor" }, actorLabel(e)), className: "actor" },
      { label: "Action", cell: (e) => h("span", { testid: "audit-action" }, actionLabel(e.action)) },
      { label: "Subject", cell: (e) => subject(inWords(e.subject, names, banks)), className: "subject" },
      { label: "Credits", cell: (e) => credits(e.credits), className: "num" },
      { label: "Detail", cell: (e) => h("span", { class: "detail", testid: "audit-detail" }, inWords(e.detail, names, banks)), className: "wide detail-col" },
    ],
    rows: first.events,
  });
  view.append(table.element);
  view.append(...moreRows(first.next, (cursor) => api("/audit", { query: { limit: PAGE, cursor } }), table, "events"));
}
