// What the browser tests share: axe-core's serious findings on a page, and a page checked at
// desktop and phone widths (photographed into ELP_SCREENSHOTS, axe run on each).

import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";

const AXE = readFileSync(createRequire(import.meta.url).resolve("axe-core/axe.min.js"), "utf8");

/** axe-core's critical and serious violations on the page, one line each. */
export async function axeSerious(page) {
  if (!(await page.evaluate(() => typeof window.axe === "object"))) await page.evaluate(AXE);
  return page.evaluate(async () =>
    (await window.axe.run(document, { resultTypes: ["violations"] })).violations
      .filter((v) => v.impact === "critical" || v.impact === "serious")
      .map((v) => `${v.impact} ${v.id}: ${v.nodes.map((n) => n.target.join(" ")).slice(0, 4).join(" | ")}`),
  );
}

/** Photographs the page as `name` at 1280 and (unless `resize` is false) 390 pixels wide, with
 * no serious axe finding at either; back to 1280 x 900 after. */
export async function check(page, name, { resize = true } = {}) {
  const shots = process.env.ELP_SCREENSHOTS;
  for (const [width, suffix] of resize ? [[1280, ""], [390, "-phone"]] : [[1280, ""]]) {
    await page.setViewportSize({ width, height: 844 });
    await page.screenshot({ path: `${shots}/${name}${suffix}.png`, fullPage: true });
    assert.deepEqual(await axeSerious(page), [], `axe on ${name}${suffix}`);
  }
  await page.setViewportSize({ width: 1280, height: 900 });
}
