//! Errors said in the reader's language: the request's `Accept-Language` chooses among the
//! catalogues' languages (English when it names none of them). Only the human `message`
//! changes; the status, the `code`, the `field` and the `details` never do.

use elp_core::{Arg, Message, Refusal};
use elp_l10n::{Args, Lang};
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
    let mut args = Args::new();
    for (name, value) in &message.args {
        args = match value {
            Arg::Text(t) => args.text(name, t.as_str()),
            Arg::Number(n) => args.number(name, *n),
            Arg::Date(d) => args.text(name, elp_l10n::date(lang, *d)),
        };
    }
    elp_l10n::text(lang, message.id, &args)
}

fn refusal(lang: Lang, r: &Refusal) -> Option<String> {
    r.message().map(|m| say(lang, &m))
}

/// The error's `message` in `lang`, or `None` where the sentence is made with its cause (a
/// malformed body, a sign-in refused, a field's reason, a limit's wait) and stays as it is.
pub fn message(lang: Lang, error: &Error) -> Option<String> {
    let m = Message::new;
    Some(match error {
        Error::Refused(r) => return refusal(lang, r),
        Error::NotFound(thing) => say(
            lang,
            &m("error-not-found").text("thing", thing.replace(' ', "-")),
        ),
        Error::MethodNotAllowed => say(lang, &m("error-method-not-allowed")),
        Error::IdempotencyKeyReused => say(lang, &m("error-idempotency-key-reused")),
        Error::TooLarge(bytes) => say(lang, &m("error-too-large").number("bytes", *bytes)),
        Error::Unavailable(_) => say(lang, &m("error-unavailable")),
        Error::AlreadyApplied | Error::Internal(_) => say(lang, &m("error-internal")),
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use elp_core::Credits;

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
            message(Lang::En, &short).unwrap(),
            "the bank has 169 credits left and this request needs 1,200"
        );
        assert_eq!(
            message(Lang::Fr, &short).unwrap(),
            "il reste 169 crédits dans la banque et cette demande en nécessite 1\u{202f}200"
        );
        let expired = Error::Refused(Refusal::BankExpired {
            expiry: chrono::NaiveDate::from_ymd_opt(2027, 2, 1).unwrap(),
        });
        assert!(message(Lang::Fr, &expired)
            .unwrap()
            .contains("le 1er février 2027"));
        assert_eq!(
            message(Lang::Fr, &Error::NotFound("credit request")).unwrap(),
            "demande de crédits introuvable"
        );
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
            let m = r.message().expect("a message");
            for lang in Lang::ALL {
                assert!(elp_l10n::has(lang, m.id), "{lang:?} lacks {}", m.id);
                let said = say(lang, &m);
                assert!(!said.contains('{'), "{lang:?} {}: {said}", m.id);
            }
        }
    }
}
