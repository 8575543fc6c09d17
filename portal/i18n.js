// The portal's words in the reader's language. Every visible string is a message of a Project
// Fluent catalogue (`locales/<language>/<file>.ftl`, through @fluent/bundle, served as
// vendor/fluent/); plurals and grammatical choices are the catalogue's (Fluent selectors use the
// language's Intl.PluralRules); dates and numbers are formatted by Intl in the chosen language.
// The language is the person's choice (the header's switch, remembered in this browser and on
// their membership so mail follows it), else the browser's, else English (docs/decisions.md).
// Adding a language is adding its folder and a line to LANGUAGES.
//
// Pseudo-localisation, for finding words that escaped the catalogues: with `elp.pseudo` set to
// "1" in this browser's storage, every message and every date, number and list written here is
// shown between ⟦ and ⟧, so any text on a page without them was written by no catalogue (or is
// the API's data). The end-to-end suite walks every page so (tests/e2e/catalogued.test.mjs).

import { FluentBundle, FluentResource } from "./vendor/fluent/index.js";

/** The languages the catalogues have, each named in its own language. */
export const LANGUAGES = [
  // `intl`: the locale Intl formats dates and numbers in ("1 December 2026", not US order).
  { tag: "en", name: "English", intl: "en-GB" },
  { tag: "fr", name: "Français", intl: "fr-FR" },
];

/** The locale Intl writes the current language's dates and numbers in. */
const intl = () => LANGUAGES.find((l) => l.tag === current)?.intl ?? current;

/** The catalogue files of every language, loaded together. */
const FILES = ["common", "console", "banks", "kit", "organisation", "licences"];

const STORED = "elp.language";
const FALLBACK = "en";

let current = FALLBACK;
/** Whether pseudo-localisation marks every localised text (see above). */
let pseudo = false;
try {
  pseudo = localStorage.getItem("elp.pseudo") === "1";
} catch {
  // Storage off: no pseudo-localisation.
}
/** A localised text as it is shown: marked when pseudo-localising. */
const shown = (text) => (pseudo ? `\u27E6${text}\u27E7` : text);
let bundle = null;
let english = null;
/** Message ids asked for and found in no catalogue (the e2e checks this stays empty). */
export const missing = new Set();

/** The language shown now (a tag of LANGUAGES). */
export function language() {
  return current;
}

/** The tag of LANGUAGES a BCP 47 tag belongs to (`fr-CA` is French), or null. */
export function known(tag) {
  const primary = String(tag ?? "").trim().toLowerCase().split(/[-_]/)[0];
  return LANGUAGES.some((l) => l.tag === primary) ? primary : null;
}

/**
 * The language to show: the one chosen in this browser, else the membership's, else the first
 * of the browser's languages the catalogues have, else English.
 */
export function preferred({ membership = null, browser = globalThis.navigator?.languages ?? [] } = {}) {
  let stored = null;
  try {
    stored = localStorage.getItem(STORED);
  } catch {
    // Storage may be off; the choice then lasts for the page.
  }
  for (const tag of [stored, membership, ...browser]) {
    const lang = known(tag);
    if (lang) return lang;
  }
  return FALLBACK;
}

/** Remembers a person's choice in this browser. */
export function remember(tag) {
  try {
    localStorage.setItem(STORED, tag);
  } catch {
    // Nothing to do: the choice lasts for the page.
  }
}

async function load(tag) {
  const b = new FluentBundle(tag, { useIsolating: false });
  const sources = await Promise.all(
    FILES.map(async (file) => {
      const answer = await fetch(`locales/${tag}/${file}.ftl`, { cache: "no-cache" });
      if (!answer.ok) throw new Error(`the ${tag} catalogue ${file}.ftl did not load (${answer.status})`);
      return answer.text();
    }),
  );
  for (const source of sources) {
    const errors = b.addResource(new FluentResource(source));
    if (errors.length) console.error(`the ${tag} catalogue has errors`, errors);
  }
  return b;
}

/** Loads `tag`'s catalogues and shows the document in that language. */
export async function setLanguage(tag) {
  const lang = known(tag) ?? FALLBACK;
  // English is loaded once, beside the chosen language: it is every language's fallback, and
  // English itself when that is the choice.
  const base = english ?? load(FALLBACK);
  [english, bundle] = await Promise.all([base, lang === FALLBACK ? base : load(lang)]);
  current = lang;
  document.documentElement.lang = lang;
  return lang;
}

function format(b, id, args) {
  const message = b?.getMessage(id);
  if (!message?.value) return null;
  const errors = [];
  const text = b.formatPattern(message.value, args, errors);
  if (errors.length) console.error(`message ${id}:`, errors);
  return text;
}

/**
 * The message `id` with `args` in the current language; in English if that catalogue lacks it
 * (a test refuses catalogues that differ), else its id, noted in `missing`.
 */
export function t(id, args = {}) {
  const text = format(bundle, id, args) ?? format(english, id, args);
  if (text !== null) return shown(text);
  missing.add(id);
  return id;
}

/** Whether a catalogue has the message `id` (asking does not note it in `missing`). */
export function has(id) {
  return Boolean(bundle?.getMessage(id)?.value ?? english?.getMessage(id)?.value);
}

/** A day (`YYYY-MM-DD`) as the language writes it: "1 December 2026", "1 décembre 2026". */
export function formatDate(iso, style = "long") {
  if (!iso) return "";
  const [y, m, d] = String(iso).slice(0, 10).split("-").map(Number);
  if (!y || !m || !d) return String(iso);
  return shown(new Intl.DateTimeFormat(intl(), { dateStyle: style, timeZone: "UTC" }).format(new Date(Date.UTC(y, m - 1, d))));
}

/** A moment (RFC 3339) in the reader's time zone, as the language writes it. */
export function formatDateTime(iso) {
  if (!iso) return "";
  const at = new Date(iso);
  if (Number.isNaN(at.getTime())) return String(iso);
  return shown(new Intl.DateTimeFormat(intl(), { dateStyle: "medium", timeStyle: "short" }).format(at));
}

/** A number with the language's grouping: "12,500", "12 500". */
export function formatNumber(n) {
  return shown(new Intl.NumberFormat(intl()).format(n));
}

/** Items as the language lists them: "22, 24 and 25.1", "22, 24 et 25.1". */
export function formatList(items) {
  return shown(new Intl.ListFormat(intl(), { type: "conjunction" }).format([...items].map(String)));
}

/**
 * The message `id` as a list of strings and nodes: each of `nodes` (a DOM node per variable)
 * takes the place of its variable, so a sentence can hold a link or a bold address where its
 * language puts it.
 */
export function tParts(id, args = {}, nodes = {}) {
  const all = { ...args };
  for (const name of Object.keys(nodes)) all[name] = `\u{E000}${name}\u{E001}`;
  return t(id, all)
    .split(/\u{E000}([^\u{E001}]*)\u{E001}/u)
    .map((part, i) => (i % 2 ? nodes[part] ?? "" : part))
    .filter((part) => part !== "");
}
