// The portal's words about one licence (portal/licence-view.js), without a browser: the term in
// force today and the next one, from the API's `current_term` / `next_term` when it sends them
// and from `terms[]` until then; and why an action is not offered, from `why_not` or derived.

import { test } from "node:test";
import assert from "node:assert/strict";
import { currentTerm, nextTerm, portable, whyNot } from "../../portal/licence-view.js";

const t1 = { start: "2026-01-01", expiry: "2026-03-01", computers: 3, credits: 6 };
const t2 = { start: "2026-03-01", expiry: "2026-05-01", computers: 5, credits: 10 };
const multiseat = {
  code: "AAAA-BBBB-CCCC-DDDD",
  type: "multiseat",
  computers: 5,
  start: "2026-01-01",
  expiry: "2026-05-01",
  status: "active",
  assignee: "ana@studio.example",
  bank: { id: "b_1", version: "25.1", portable: true, start: "2025-12-01", expiry: "2026-12-01" },
  actions: { renew: true, return: true, assign: false },
  terms: [t1, t2],
};

test("a renewed multiseat is in its first term, with 3 computers, until the second begins", () => {
  assert.deepEqual(currentTerm(multiseat, "2026-02-10"), t1);
  assert.deepEqual(nextTerm(multiseat, "2026-02-10"), t2);
  assert.deepEqual(currentTerm(multiseat, "2026-03-01"), t2, "a term starts on its start date");
  assert.equal(nextTerm(multiseat, "2026-03-01"), null);
});

test("before the first term the first one is current; after the last, the last", () => {
  assert.deepEqual(currentTerm(multiseat, "2025-12-20"), t1);
  assert.deepEqual(currentTerm(multiseat, "2026-06-01"), t2);
  assert.equal(nextTerm(multiseat, "2026-06-01"), null);
});

test("the API's current_term and next_term win over the derivation", () => {
  const told = { ...multiseat, current_term: t2, next_term: null };
  assert.deepEqual(currentTerm(told, "2026-02-10"), t2);
  assert.equal(nextTerm(told, "2026-02-10"), null);
});

test("a licence without terms (a My licences item) is its own one term", () => {
  const mine = { start: "2026-01-01", expiry: "2026-05-01", computers: 2 };
  assert.deepEqual(currentTerm(mine, "2026-02-01"), { start: "2026-01-01", expiry: "2026-05-01", computers: 2 });
  assert.equal(nextTerm(mine, "2026-02-01"), null);
});

test("assign is refused while someone holds it; return and renew are offered", () => {
  assert.equal(whyNot(multiseat, "renew", "2026-02-10"), null);
  assert.equal(whyNot(multiseat, "return", "2026-02-10"), null);
  assert.equal(whyNot(multiseat, "assign", "2026-02-10").code, "already_assigned");
});

test("a non-portable or pre-25.1 bank: no return or assign, and the support hint", () => {
  const old = { ...multiseat, bank: { ...multiseat.bank, version: "24", portable: false }, actions: { renew: true, return: false, assign: false } };
  for (const action of ["return", "assign"]) {
    const why = whyNot(old, action, "2026-02-10");
    assert.equal(why.code, "not_portable");
    assert.match(why.hint, /contact your licence provider's support/);
  }
  const early = { ...old, bank: { ...old.bank, portable: true } };
  assert.equal(portable(early), false, "portable is not enough below 25.1");
  assert.equal(whyNot(early, "return", "2026-02-10").code, "not_portable");
});

test("renew: at the bank's limit, or expired, says so", () => {
  const atLimit = { ...multiseat, expiry: "2026-12-01", actions: { renew: false, return: true, assign: false } };
  assert.equal(whyNot(atLimit, "renew", "2026-02-10").code, "at_bank_limit");
  const expired = { ...multiseat, status: "expired", actions: { renew: false, return: false, assign: false } };
  assert.equal(whyNot(expired, "renew", "2026-06-01").code, "license_expired");
});

test("the API's why_not wins, null meaning allowed", () => {
  const told = { ...multiseat, why_not: { renew: { code: "at_bank_limit", message: "m", hint: "h" }, return: null, assign: null } };
  assert.equal(whyNot(told, "renew").code, "at_bank_limit");
  assert.equal(whyNot(told, "assign"), null);
});
