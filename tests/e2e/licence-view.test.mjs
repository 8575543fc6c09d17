// The portal's words about one licence (portal/licence-view.js), without a browser: why an
// action is not offered is the API's `why_not`, null meaning the action is offered.

import { test } from "node:test";
import assert from "node:assert/strict";
import { whyNot } from "../../portal/licence-view.js";

test("the API's why_not says why, null meaning allowed", () => {
  const told = { why_not: { renew: { code: "at_bank_limit", message: "m", hint: "h" }, return: null, assign: null } };
  assert.deepEqual(whyNot(told, "renew"), { code: "at_bank_limit", message: "m", hint: "h" });
  assert.equal(whyNot(told, "assign"), null);
  assert.equal(whyNot(told, "return"), null);
});
