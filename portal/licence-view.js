// What the pages say about one licence: the term in force today and the next one, its
// quantity in its own unit (computers, or seats for floating licences), and why an action is
// not offered. The API's `current_term`, `next_term` and `why_not` say it when it has them;
// until then the same is derived from `terms[]`, `actions` and `bank`.

import { todayIso } from "./dom.js";

export function compareVersions(a, b) {
  const pa = String(a).split(".").map(Number);
  const pb = String(b).split(".").map(Number);
  for (let i = 0; i < Math.max(pa.length, pb.length); i++) {
    const d = (pa[i] || 0) - (pb[i] || 0);
    if (d) return d;
  }
  return 0;
}

const sameTerm = (a, b) => a && b && a.start === b.start && a.expiry === b.expiry;

/**
 * The term in force today: the first one before it starts, the last one after it ended.
 * A licence without terms (a My licences item of today's API) is its own one term.
 */
export function currentTerm(license, today = todayIso()) {
  if (license?.current_term) return license.current_term;
  const terms = license?.terms ?? [];
  if (!terms.length) return { start: license.start, expiry: license.expiry, computers: license.computers };
  const inForce = terms.find((t) => t.start <= today && today < t.expiry);
  if (inForce) return inForce;
  if (today < terms[0].start) return terms[0];
  const started = terms.filter((t) => t.start <= today);
  const last = started[started.length - 1];
  // Between two terms (a gap): the next one.
  return terms.find((t) => t.start > today && last && today >= last.expiry) ?? last ?? terms[terms.length - 1];
}

/** The term after the current one, when a renewal already added it; null otherwise. */
export function nextTerm(license, today = todayIso()) {
  if (license && "next_term" in license) return license.next_term ?? null;
  const terms = license?.terms ?? [];
  const current = currentTerm(license, today);
  const i = terms.findIndex((t) => sameTerm(t, current));
  return i >= 0 ? terms[i + 1] ?? null : null;
}

/** Computers (or seats) of the current term. */
export function currentQuantity(license, today = todayIso()) {
  return currentTerm(license, today)?.computers ?? license.computers;
}

/** Whether the licence's bank allows return and assign: version 25.1 or later and portable. */
export function portable(license) {
  const bank = license?.bank;
  if (!bank) return null;
  return Boolean(bank.portable) && compareVersions(bank.version ?? license.version ?? "0", "25.1") >= 0;
}

const SUPPORT_HINT =
  "Return and assign exist only for banks of version 25.1 or later configured with portable licences. If you need to move this licence to someone else, contact your licence provider's support.";
const LIMIT_HINT = "Generate a new licence from a bank that runs longer, or request credits for one.";

/**
 * Why `action` (renew, return, assign) is not offered: null when it is, else {code, message,
 * hint}. The API's `why_not` when present; derived from the licence otherwise.
 */
export function whyNot(license, action, today = todayIso()) {
  const given = license?.why_not;
  if (given && action in given) return given[action];
  if (license?.actions?.[action]) return null;
  const expired = license.status === "expired" || (license.expiry && license.expiry <= today);
  if (action === "renew") {
    if (expired) return { code: "license_expired", message: `The licence expired on ${license.expiry}; it cannot be renewed.`, hint: "Generate a new licence instead." };
    if (license.bank?.expiry && license.expiry >= license.bank.expiry) {
      return { code: "at_bank_limit", message: `It already ends on its bank's expiry (${license.bank.expiry}), the latest a term can end.`, hint: LIMIT_HINT };
    }
    if (license.bank?.expiry && license.bank.expiry <= today) return { code: "bank_expired", message: `Its bank expired on ${license.bank.expiry}.`, hint: LIMIT_HINT };
    return { code: "unavailable", message: "It cannot be renewed now.", hint: null };
  }
  if (portable(license) === false) {
    const version = license.bank?.version ?? license.version;
    return {
      code: "not_portable",
      message: `Its bank (version ${version}${license.bank?.portable ? "" : ", not portable"}) does not allow returning or reassigning its licences.`,
      hint: SUPPORT_HINT,
    };
  }
  if (expired) return { code: "license_expired", message: `The licence expired on ${license.expiry}.`, hint: null };
  if (action === "return") return { code: "not_assigned", message: "Nobody holds it: it was returned and can be assigned.", hint: null };
  if (license.assignee) return { code: "already_assigned", message: `${license.assignee} holds it; return it first to assign it to someone else.`, hint: null };
  return { code: "unavailable", message: "It cannot be assigned now.", hint: null };
}

/** A short reason for a list's row. */
export function shortWhy(reason) {
  switch (reason?.code) {
    case "not_portable":
      return "not a portable bank";
    case "at_bank_limit":
      return "already ends on its bank's expiry";
    case "license_expired":
      return "expired";
    case "bank_expired":
      return "its bank expired";
    case "not_assigned":
      return "nobody holds it";
    case "already_assigned":
      return "after a return";
    default:
      return reason?.message ?? "not available";
  }
}

export const ACTION_WORDS = { renew: "Renew", return: "Return", assign: "Assign" };
