//! Errors said in the reader's language: the request's `Accept-Language` chooses among the
//! catalogues' languages (English when it names none of them). Only the human `message`
//! changes; the status, the `code`, the `field` and the `details` never do.

use elp_core::Message;
use elp_l10n::Lang;
use lambda_http::http::HeaderMap;

use crate::service::Error;

/// The language a request's `Accept-Language` asks for, English if none of ours.
pub fn language(headers: &HeaderMap) -> Lang {
    headers
        .get("accept-language")
        .and_then(|v| v.to_str().ok())
        .and_then(Lang::negotiate)
        .unwrap_or_default()
}

/// A core message in `lang`: dates as the language writes them, numbers grouped.
pub fn say(lang: Lang, message: &Message) -> String {
    message.say(lang)
}

/// The error's `message` in `lang`: every error a caller can get is a catalogue message.
pub fn message(lang: Lang, error: &Error) -> String {
    let m = Message::new;
    match error {
        Error::Refused(r) => say(lang, &r.message()),
        Error::Denied(d) => say(lang, &d.message()),
        Error::UnknownLicense => say(lang, &m("activation-unknown-license")),
        Error::Invalid(invalid) => say(lang, &invalid.message),
        Error::BadRequest(message)
        | Error::Unauthenticated(message)
        | Error::Forbidden(message)
        | Error::Unsupported(message)
        | Error::Limited { message, .. } => say(lang, message),
        Error::NotFound(thing) => say(
            lang,
            &m("error-not-found").text("thing", thing.replace(' ', "-")),
        ),
        Error::MethodNotAllowed => say(lang, &m("error-method-not-allowed")),
        Error::IdempotencyKeyReused => say(lang, &m("error-idempotency-key-reused")),
        Error::TooLarge(bytes) => say(lang, &m("error-too-large").number("bytes", *bytes)),
        Error::Unavailable(_) => say(lang, &m("error-unavailable")),
        Error::Interrupted { done, total, .. } => say(
            lang,
            &m("error-interrupted")
                .number("done", *done)
                .number("total", *total),
        ),
        Error::AlreadyApplied | Error::Internal(_) => say(lang, &m("error-internal")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use elp_core::{Credits, Refusal};

    #[test]
    fn the_request_chooses_the_language_and_english_is_the_default() {
        let mut headers = HeaderMap::new();
        assert_eq!(language(&headers), Lang::En);
        headers.insert(
            "accept-language",
            "fr-FR,fr;q=0.9,en;q=0.8".parse().unwrap(),
        );
        assert_eq!(language(&headers), Lang::Fr);
        headers.insert("accept-language", "de-DE".parse().unwrap());
        assert_eq!(language(&headers), Lang::En);
    }

    #[test]
    fn refusals_are_said_in_each_language() {
        let short = Error::Refused(Refusal::InsufficientCredits {
            needed: Credits::new(1200),
            remaining: Credits::new(169),
            fit: None,
        });
        assert_eq!(
            message(Lang::En, &short),
            "the bank has 169 credits left and this request needs 1,200"
        );
        assert_eq!(
            message(Lang::Fr, &short),
            "il reste 169 crédits dans la banque et cette demande en nécessite 1\u{202f}200"
        );
        let expired = Error::Refused(Refusal::BankExpired {
            expiry: chrono::NaiveDate::from_ymd_opt(2027, 2, 1).unwrap(),
        });
        assert!(message(Lang::Fr, &expired).contains("le 1er février 2027"));
        assert_eq!(
            message(Lang::Fr, &Error::NotFound("credit request")),
            "demande de crédits introuvable"
        );
    }

    #[test]
    fn limits_count_their_seconds_and_minutes_in_each_language() {
        let limited = |seconds: u64| Error::Limited {
            code: "rate_limited",
            message: Message::new("limited-rate")
                .text("whose", "organisation")
                .number("seconds", seconds),
            retry_after: seconds,
        };
        assert!(message(Lang::En, &limited(1)).ends_with("retry in 1 second"));
        assert!(message(Lang::En, &limited(30)).ends_with("retry in 30 seconds"));
        assert!(message(Lang::Fr, &limited(1)).ends_with("réessayez dans 1 seconde"));
        assert!(message(Lang::Fr, &limited(30)).starts_with("les requêtes de votre organisation"));
        let export = Error::Limited {
            code: "export_cooldown",
            message: Message::new("limited-export").number("minutes", 1),
            retry_after: 60,
        };
        assert!(message(Lang::En, &export).contains("less than 1 minute ago"));
    }

    #[test]
    fn every_refusal_with_a_message_has_it_in_every_language() {
        let d = chrono::NaiveDate::from_ymd_opt(2027, 1, 1).unwrap();
        let all = [
            Refusal::InsufficientCredits {
                needed: Credits::new(2),
                remaining: Credits::new(1),
                fit: None,
            },
            Refusal::BankExpired { expiry: d },
            Refusal::ProductMismatch {
                bank_product: "a".into(),
                requested: "b".into(),
            },
            Refusal::LicenseExpired { expiry: d },
            Refusal::AtBankLimit { bank_expiry: d },
            Refusal::NotAssigned,
            Refusal::AlreadyAssigned("a@b.example".into()),
            Refusal::MemberOfAnotherOrganisation {
                email: "a@b.example".into(),
            },
            Refusal::LastAdmin {
                email: "a@b.example".into(),
            },
            Refusal::HoldsLicenses {
                email: "a@b.example".into(),
                count: 2,
            },
            Refusal::QuoteChanged {
                quoted: Credits::new(1),
                now: Credits::new(2),
            },
            Refusal::Suspended {
                reason: "unpaid".into(),
            },
            Refusal::TooManyPending { max: 10 },
            Refusal::CatalogChanged { revision: 3 },
            Refusal::ProductInUse {
                product: "p".into(),
                banks: 1,
            },
        ];
        for r in all {
            let m = r.message();
            for lang in Lang::ALL {
                assert!(elp_l10n::has(lang, &m.id), "{lang:?} lacks {}", m.id);
                let said = say(lang, &m);
                assert!(!said.contains('{'), "{lang:?} {}: {said}", m.id);
            }
        }
    }
}

/// Every message the code names (errors, and the trail's and views' words) is in every
/// catalogue and says something. The ids are
/// read from the sources themselves (every string literal shaped like an error message's id),
/// so a new id without its catalogue entries fails here, wherever it is written.
#[cfg(test)]
mod every_message {
    use std::collections::BTreeSet;
    use std::path::{Path, PathBuf};

    use elp_l10n::{Args, Lang};

    /// The prefixes of the API's error messages (`shared/l10n/locales/*/errors.ftl`), and of
    /// what else it says: a licence's hints, the dashboard's warnings, the audit trail's
    /// details and actors, quotes in words and the export's answers.
    const PREFIXES: &[&str] = &[
        "hint-",
        "warning-",
        "audit-",
        "actor-",
        "quote-",
        "export-",
        "activation-",
        "invalid-",
        "refusal-",
        "conflict-",
        "not-portable-",
        "error-",
        "bad-request-",
        "unsupported-",
        "unauthenticated-",
        "forbidden-",
        "limited-",
    ];

    fn root() -> PathBuf {
        PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../..")
    }

    fn sources(dir: &Path, out: &mut Vec<PathBuf>) {
        for entry in std::fs::read_dir(dir).unwrap().filter_map(Result::ok) {
            let path = entry.path();
            if path.is_dir() {
                sources(&path, out);
            } else if path.extension().is_some_and(|e| e == "rs") {
                out.push(path);
            }
        }
    }

    /// Every string literal of the sources that is an error message's id.
    fn ids_in_code() -> BTreeSet<String> {
        let mut files = Vec::new();
        for dir in ["shared/core/src", "shared/adapters/src", "functions"] {
            sources(&root().join(dir), &mut files);
        }
        let mut ids = BTreeSet::new();
        for file in files {
            let text = std::fs::read_to_string(&file).unwrap();
            // A quote, a prefix, the id's characters and a closing quote.
            for (at, _) in text.match_indices('"') {
                let rest = &text[at + 1..];
                if !PREFIXES.iter().any(|p| rest.starts_with(p)) {
                    continue;
                }
                let len = rest
                    .find(|c: char| !(c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-'))
                    .unwrap_or(rest.len());
                let id = &rest[..len];
                // A word of the API's paths (`activation-policy`) is no message.
                let route_word = crate::http::respond::ROUTE_WORDS.contains(&id);
                if rest[len..].starts_with('"') && !id.ends_with('-') && !route_word {
                    ids.insert(id.to_string());
                }
            }
        }
        ids
    }

    #[test]
    fn every_id_in_the_code_is_said_in_every_language() {
        let ids = ids_in_code();
        assert!(ids.len() > 100, "the scan found only {ids:?}");
        for id in &ids {
            let english = elp_l10n::variables(Lang::En, id)
                .unwrap_or_else(|| panic!("the English catalogue lacks {id}"));
            for lang in Lang::ALL {
                let variables =
                    elp_l10n::variables(lang, id).unwrap_or_else(|| panic!("{lang:?} lacks {id}"));
                assert_eq!(variables, english, "{lang:?} {id} uses other arguments");
                let mut args = Args::new();
                for name in &variables {
                    args = args.number(name, 2);
                }
                let said = elp_l10n::text(lang, id, &args);
                let leftover = said.contains("{$")
                    || said
                        .split('{')
                        .skip(1)
                        .any(|after| after.starts_with(|c: char| c.is_ascii_lowercase()));
                assert!(!leftover, "{lang:?} {id}: {said}");
                assert_ne!(&said, id, "{lang:?} {id}");
                assert!(!said.trim().is_empty(), "{lang:?} {id}");
            }
        }
    }

    #[test]
    fn every_error_message_of_the_catalogue_is_used() {
        let source =
            std::fs::read_to_string(root().join("shared/l10n/locales/en/errors.ftl")).unwrap();
        let ids = ids_in_code();
        let unused: Vec<_> = elp_l10n::ids_of(&source)
            .unwrap()
            .into_iter()
            .filter(|id| !ids.contains(id))
            .collect();
        assert!(unused.is_empty(), "no code says {unused:?}");
    }
}
