// The catalogues' literal texts, for the e2e tests that check a page shows no English: every
// text of a catalogue's messages with the placeables left out and every variant's text in.

import { readFileSync } from "node:fs";
import { FluentResource } from "@fluent/bundle";

/** The texts of `file` (`en/console.ftl`) under `root` (the portal's catalogues by default). */
export function texts(file, root = "portal/locales") {
  const out = [];
  const walk = (elements) => {
    for (const e of elements ?? []) {
      if (typeof e === "string") out.push(...e.split(/\s*\n\s*/));
      else if (e?.type === "select") for (const v of e.variants) walk(Array.isArray(v.value) ? v.value : [v.value]);
    }
  };
  const resource = new FluentResource(readFileSync(new URL(`../../${root}/${file}`, import.meta.url), "utf8"));
  for (const message of resource.body) {
    const value = message.value;
    walk(Array.isArray(value) ? value : typeof value === "string" ? [value] : []);
  }
  return out.map((s) => s.trim().replace(/^[\s,.:;()]+|[\s,.:;()]+$/g, "")).filter(Boolean);
}

/** `s` as a regular expression's literal. */
export const escape = (s) => s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
