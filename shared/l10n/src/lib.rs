//! The words people read, in their language. Every sentence of the mail and of the API's errors
//! is a message of a Project Fluent catalogue (`locales/<language>/*.ftl`), looked up by id with
//! its arguments; plurals and grammatical choices are the catalogue's (Fluent selectors over the
//! language's CLDR plural rules), never the code's. Adding a language is adding its folder and
//! its [`Lang`] variant; a test refuses a catalogue that lacks a message another one has.
//!
//! Pure: the catalogues are compiled in, nothing is read at run time, and nothing here reads
//! the clock.

use std::borrow::Cow;
use std::sync::OnceLock;

use fluent_bundle::concurrent::FluentBundle;
use fluent_bundle::{FluentArgs, FluentResource, FluentValue};
use intl_memoizer::concurrent::IntlLangMemoizer;
use unic_langid::LanguageIdentifier;

/// A language the portal, its mail and its errors are written in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum Lang {
    #[default]
    En,
    Fr,
}

/// Each language's catalogue files, in the order they are added to its bundle.
const CATALOGUES: &[(Lang, &[&str])] = &[
    (
        Lang::En,
        &[
            include_str!("../locales/en/common.ftl"),
            include_str!("../locales/en/errors.ftl"),
            include_str!("../locales/en/mail.ftl"),
            include_str!("../locales/en/licences.ftl"),
            include_str!("../locales/en/audit.ftl"),
        ],
    ),
    (
        Lang::Fr,
        &[
            include_str!("../locales/fr/common.ftl"),
            include_str!("../locales/fr/errors.ftl"),
            include_str!("../locales/fr/mail.ftl"),
            include_str!("../locales/fr/licences.ftl"),
            include_str!("../locales/fr/audit.ftl"),
        ],
    ),
];

impl Lang {
    pub const ALL: [Lang; 2] = [Lang::En, Lang::Fr];

    /// Its BCP 47 tag, as stored on a membership and set on a document's `lang`.
    pub fn tag(self) -> &'static str {
        match self {
            Lang::En => "en",
            Lang::Fr => "fr",
        }
    }

    /// The language of a tag: its primary subtag decides (`fr-CA` is French), case ignored;
    /// `None` for a language the catalogues do not have.
    pub fn parse(tag: &str) -> Option<Lang> {
        let primary = tag.trim().split(['-', '_']).next()?.to_ascii_lowercase();
        Lang::ALL.into_iter().find(|l| l.tag() == primary)
    }

    /// The language of an `Accept-Language` header (RFC 9110: tags with optional `q`
    /// weights, `fr-CH, fr;q=0.9, en;q=0.8`): the most wanted tag whose language the catalogues
    /// have, by weight and then by order; `None` when it names none of them (`*` included).
    pub fn negotiate(accept_language: &str) -> Option<Lang> {
        let mut wanted: Vec<(u16, usize, Lang)> = accept_language
            .split(',')
            .enumerate()
            .filter_map(|(i, item)| {
                let mut parts = item.split(';');
                let lang = Lang::parse(parts.next()?)?;
                let mut weight = 1000;
                for param in parts {
                    if let Some(q) = param.trim().strip_prefix("q=") {
                        // q is 0 to 1 with at most three decimals; a malformed one drops the tag.
                        let q: f32 = q.trim().parse().ok().filter(|q| (0.0..=1.0).contains(q))?;
                        weight = (q * 1000.0).round() as u16;
                    }
                }
                (weight > 0).then_some((weight, i, lang))
            })
            .collect();
        wanted.sort_by_key(|(weight, i, _)| (std::cmp::Reverse(*weight), *i));
        wanted.first().map(|(_, _, lang)| *lang)
    }

    /// How it groups the digits of whole numbers: "12,500", "12 500" (a narrow no-break space).
    fn group_separator(self) -> &'static str {
        match self {
            Lang::En => ",",
            Lang::Fr => "\u{202f}",
        }
    }

    fn bundle(self) -> &'static FluentBundle<FluentResource> {
        static BUNDLES: OnceLock<Vec<(Lang, FluentBundle<FluentResource>)>> = OnceLock::new();
        let bundles = BUNDLES.get_or_init(|| {
            CATALOGUES
                .iter()
                .map(|(lang, files)| (*lang, build(*lang, files)))
                .collect()
        });
        &bundles
            .iter()
            .find(|(l, _)| *l == self)
            .expect("every language has a catalogue")
            .1
    }
}

fn build(lang: Lang, files: &[&str]) -> FluentBundle<FluentResource> {
    let id: LanguageIdentifier = lang.tag().parse().expect("a valid language tag");
    let mut bundle = FluentBundle::new_concurrent(vec![id]);
    // Mail text, subjects and JSON messages are plain text: no Unicode isolation marks.
    bundle.set_use_isolating(false);
    // Whole numbers in a message are grouped as the language writes them.
    bundle.set_formatter(Some(match lang {
        Lang::En => grouped_en,
        Lang::Fr => grouped_fr,
    }));
    for source in files {
        // The catalogues are compiled in and checked by the tests: a syntax error is a bug.
        let resource = FluentResource::try_new(source.to_string()).unwrap_or_else(|(_, errors)| {
            panic!("a catalogue of {lang:?} does not parse: {errors:?}")
        });
        bundle
            .add_resource(resource)
            .unwrap_or_else(|errors| panic!("a message of {lang:?} is defined twice: {errors:?}"));
    }
    bundle
}

fn grouped(value: &FluentValue, lang: Lang) -> Option<String> {
    match value {
        FluentValue::Number(n) if n.value.fract() == 0.0 && n.value.abs() < 1e15 => {
            Some(number(lang, n.value as i64))
        }
        _ => None,
    }
}

fn grouped_en(value: &FluentValue, _: &IntlLangMemoizer) -> Option<String> {
    grouped(value, Lang::En)
}

fn grouped_fr(value: &FluentValue, _: &IntlLangMemoizer) -> Option<String> {
    grouped(value, Lang::Fr)
}

/// A message's arguments: strings and numbers by name.
#[derive(Default)]
pub struct Args<'a>(FluentArgs<'a>);

impl<'a> Args<'a> {
    pub fn new() -> Self {
        Self(FluentArgs::new())
    }

    /// A text argument, used as it is (names, addresses, codes, already formatted dates).
    pub fn text(mut self, name: &'a str, value: impl Into<Cow<'a, str>>) -> Self {
        self.0.set(name, FluentValue::String(value.into()));
        self
    }

    /// A number: selectors choose its plural category in the message's language.
    pub fn number(mut self, name: &'a str, value: i64) -> Self {
        self.0.set(name, FluentValue::from(value));
        self
    }
}

/// The message `id` in `lang`, with `args`; in English when `lang`'s catalogue lacks it (the
/// tests refuse that), and its id when no catalogue has it.
pub fn text(lang: Lang, id: &str, args: &Args) -> String {
    format_in(lang, id, args)
        .or_else(|| format_in(Lang::En, id, args))
        .unwrap_or_else(|| id.to_string())
}

fn format_in(lang: Lang, id: &str, args: &Args) -> Option<String> {
    let bundle = lang.bundle();
    let message = bundle.get_message(id)?;
    let pattern = message.value()?;
    let mut errors = Vec::new();
    let out = bundle.format_pattern(pattern, Some(&args.0), &mut errors);
    Some(out.into_owned())
}

/// Whether `lang`'s catalogue has the message `id`.
pub fn has(lang: Lang, id: &str) -> bool {
    lang.bundle().has_message(id)
}

/// The variables the message `id` of `lang` uses (`$name` as `name`), in its value, every
/// variant of its selectors and the messages it refers to (which see the same arguments);
/// `None` when the catalogue lacks it.
pub fn variables(lang: Lang, id: &str) -> Option<Vec<String>> {
    use fluent_syntax::ast::{Expression, InlineExpression, Pattern, PatternElement};
    type Bundle = FluentBundle<FluentResource>;
    fn inline(b: &Bundle, e: &InlineExpression<&str>, out: &mut Vec<String>, depth: u8) {
        match e {
            InlineExpression::VariableReference { id } => out.push(id.name.to_string()),
            InlineExpression::FunctionReference { arguments, .. } => {
                for a in &arguments.positional {
                    inline(b, a, out, depth);
                }
                for a in &arguments.named {
                    inline(b, &a.value, out, depth);
                }
            }
            InlineExpression::MessageReference { id, .. } if depth < 8 => {
                if let Some(value) = b.get_message(id.name).and_then(|m| m.value()) {
                    pattern(b, value, out, depth + 1);
                }
            }
            InlineExpression::Placeable { expression } => expr(b, expression, out, depth),
            _ => {}
        }
    }
    fn expr(b: &Bundle, e: &Expression<&str>, out: &mut Vec<String>, depth: u8) {
        match e {
            Expression::Inline(i) => inline(b, i, out, depth),
            Expression::Select { selector, variants } => {
                inline(b, selector, out, depth);
                for v in variants {
                    pattern(b, &v.value, out, depth);
                }
            }
        }
    }
    fn pattern(b: &Bundle, p: &Pattern<&str>, out: &mut Vec<String>, depth: u8) {
        for element in &p.elements {
            if let PatternElement::Placeable { expression } = element {
                expr(b, expression, out, depth);
            }
        }
    }
    let bundle = lang.bundle();
    let value = bundle.get_message(id)?.value()?;
    let mut out = Vec::new();
    pattern(bundle, value, &mut out, 0);
    out.sort();
    out.dedup();
    Some(out)
}

/// A day as `lang` writes it in a sentence: "1 December 2026", "1er décembre 2026".
pub fn date(lang: Lang, day: chrono::NaiveDate) -> String {
    use chrono::Datelike;
    let month = text(lang, &format!("month-{}", day.month()), &Args::new());
    text(
        lang,
        "date",
        &Args::new()
            .number("day", i64::from(day.day()))
            .text("month", month)
            // Text, not a number: a year is not grouped.
            .text("year", day.year().to_string()),
    )
}

/// A day's month as `lang` writes it in a sentence: "March 2027", "mars 2027".
pub fn month(lang: Lang, day: chrono::NaiveDate) -> String {
    use chrono::Datelike;
    let month = text(lang, &format!("month-{}", day.month()), &Args::new());
    text(
        lang,
        "month-of-year",
        &Args::new()
            .text("month", month)
            .text("year", day.year().to_string()),
    )
}

/// A whole number with `lang`'s thousands separator: "12,500", "12 500".
pub fn number(lang: Lang, n: i64) -> String {
    let separator = lang.group_separator();
    let digits = n.unsigned_abs().to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3 * separator.len() + 1);
    if n < 0 {
        out.push('-');
    }
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i) % 3 == 0 {
            out.push_str(separator);
        }
        out.push(c);
    }
    out
}

/// Every message id (with its attributes as `id.attribute`) of a catalogue's source, for the
/// tests that compare catalogues (the portal's too).
pub fn ids_of(source: &str) -> Result<Vec<String>, String> {
    use fluent_syntax::ast::Entry;
    let resource =
        FluentResource::try_new(source.to_string()).map_err(|(_, errors)| format!("{errors:?}"))?;
    let mut ids = Vec::new();
    for entry in resource.entries() {
        if let Entry::Message(m) = entry {
            ids.push(m.id.name.to_string());
            for a in &m.attributes {
                ids.push(format!("{}.{}", m.id.name, a.id.name));
            }
        }
    }
    Ok(ids)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::BTreeSet;

    fn catalogue_ids(lang: Lang) -> BTreeSet<String> {
        let (_, files) = CATALOGUES.iter().find(|(l, _)| *l == lang).unwrap();
        files.iter().flat_map(|f| ids_of(f).unwrap()).collect()
    }

    #[test]
    fn every_catalogue_has_every_message_of_the_others() {
        let english = catalogue_ids(Lang::En);
        for lang in Lang::ALL {
            let ids = catalogue_ids(lang);
            let missing: Vec<_> = english.difference(&ids).collect();
            let extra: Vec<_> = ids.difference(&english).collect();
            assert!(missing.is_empty(), "{lang:?} lacks {missing:?}");
            assert!(
                extra.is_empty(),
                "{lang:?} has messages English lacks: {extra:?}"
            );
        }
    }

    #[test]
    fn every_catalogue_parses_with_no_message_twice() {
        for lang in Lang::ALL {
            // Builds the bundle: a syntax error or a duplicate panics here.
            let _ = lang.bundle();
        }
    }

    #[test]
    fn a_language_is_chosen_by_its_primary_subtag_and_by_weights() {
        assert_eq!(Lang::parse("fr-CA"), Some(Lang::Fr));
        assert_eq!(Lang::parse("EN_gb"), Some(Lang::En));
        assert_eq!(Lang::parse("de"), None);
        assert_eq!(Lang::parse(""), None);
        assert_eq!(Lang::negotiate("fr-CH, fr;q=0.9, en;q=0.8"), Some(Lang::Fr));
        assert_eq!(Lang::negotiate("de-DE, en;q=0.5"), Some(Lang::En));
        assert_eq!(Lang::negotiate("en;q=0.2, fr;q=0.9"), Some(Lang::Fr));
        assert_eq!(Lang::negotiate("de, es"), None);
        assert_eq!(Lang::negotiate(""), None);
        assert_eq!(Lang::negotiate("*"), None);
        assert_eq!(Lang::negotiate("fr;q=0, en"), Some(Lang::En));
        assert_eq!(Lang::negotiate("fr;q=abc, en;q=0.1"), Some(Lang::En));
    }

    #[test]
    fn dates_and_numbers_as_each_language_writes_them() {
        let d = |s: &str| chrono::NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap();
        assert_eq!(date(Lang::En, d("2026-12-01")), "1 December 2026");
        assert_eq!(date(Lang::Fr, d("2026-12-01")), "1er décembre 2026");
        assert_eq!(date(Lang::Fr, d("2027-02-14")), "14 février 2027");
        assert_eq!(number(Lang::En, 1_234_567), "1,234,567");
        assert_eq!(number(Lang::Fr, 12_500), "12\u{202f}500");
        assert_eq!(number(Lang::En, 999), "999");
        assert_eq!(number(Lang::En, -1200), "-1,200");
    }

    #[test]
    fn plurals_follow_the_language() {
        let credits = |lang, n| text(lang, "credits", &Args::new().number("count", n));
        assert_eq!(credits(Lang::En, 1), "1 credit");
        assert_eq!(credits(Lang::En, 0), "0 credits");
        // French counts 0 and 1 as singular.
        assert_eq!(credits(Lang::Fr, 0), "0 crédit");
        assert_eq!(credits(Lang::Fr, 2), "2 crédits");
        assert_eq!(credits(Lang::En, 12500), "12,500 credits");
        assert_eq!(credits(Lang::Fr, 12500), "12\u{202f}500 crédits");
    }

    #[test]
    fn a_missing_message_falls_back_to_its_id() {
        assert_eq!(
            text(Lang::Fr, "no-such-message", &Args::new()),
            "no-such-message"
        );
        assert!(has(Lang::Fr, "date"));
    }
}

/// The portal's catalogues (`portal/locales/<language>/*.ftl`) follow the same rule as these:
/// the same files in every language, each with the same messages.
#[cfg(test)]
mod portal {
    use super::{ids_of, Lang};
    use std::collections::BTreeSet;
    use std::path::PathBuf;

    fn folder(lang: Lang) -> PathBuf {
        PathBuf::from(env!("CARGO_MANIFEST_DIR"))
            .join("../../portal/locales")
            .join(lang.tag())
    }

    fn files(lang: Lang) -> BTreeSet<String> {
        std::fs::read_dir(folder(lang))
            .unwrap_or_else(|e| panic!("portal/locales/{}: {e}", lang.tag()))
            .filter_map(Result::ok)
            .map(|e| e.file_name().to_string_lossy().into_owned())
            .filter(|name| name.ends_with(".ftl"))
            .collect()
    }

    fn ids(lang: Lang, file: &str) -> BTreeSet<String> {
        let source = std::fs::read_to_string(folder(lang).join(file)).unwrap();
        ids_of(&source)
            .unwrap_or_else(|e| panic!("portal/locales/{}/{file} does not parse: {e}", lang.tag()))
            .into_iter()
            .collect()
    }

    #[test]
    fn every_portal_catalogue_has_every_message_of_the_others() {
        let english = files(Lang::En);
        assert!(english.contains("common.ftl"));
        for lang in Lang::ALL {
            assert_eq!(files(lang), english, "{lang:?} has other catalogue files");
            for file in &english {
                let (en, other) = (ids(Lang::En, file), ids(lang, file));
                let missing: Vec<_> = en.difference(&other).collect();
                let extra: Vec<_> = other.difference(&en).collect();
                assert!(missing.is_empty(), "{lang:?} {file} lacks {missing:?}");
                assert!(extra.is_empty(), "{lang:?} {file} has more: {extra:?}");
            }
        }
    }
}
