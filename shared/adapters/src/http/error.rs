//! The one place where errors become HTTP answers. Bodies are
//! `{"error": {"status", "code", "message", "field"?, "details"?}}`; internal causes are logged,
//! never sent.

use elp_core::Refusal;
use lambda_http::http::StatusCode;
use serde_json::{json, Value};

use crate::service::Error;

fn refusal_details(r: &Refusal) -> Option<Value> {
    Some(match r {
        Refusal::InsufficientCredits {
            needed,
            remaining,
            fit,
        } => {
            let mut details = json!({ "needed": needed, "remaining": remaining });
            if let Some(fit) = fit {
                details["max_quantity"] = json!(fit.max_quantity);
                if let Some(months) = fit.max_months {
                    details["max_months"] = json!(months);
                }
            }
            details
        }
        Refusal::BankExpired { expiry } => json!({ "bank_expiry": expiry }),
        Refusal::LicenseExpired { expiry } => json!({ "expiry": expiry }),
        Refusal::AtBankLimit { bank_expiry } => json!({ "bank_expiry": bank_expiry }),
        Refusal::QuoteChanged { quoted, now } => json!({ "quoted": quoted, "credits": now }),
        Refusal::HoldsLicenses { count, .. } => json!({ "licenses": count }),
        Refusal::CatalogChanged { revision } => json!({ "revision": revision }),
        Refusal::ProductInUse { product, banks } => json!({ "product": product, "banks": banks }),
        _ => return None,
    })
}

fn denial_details(d: &elp_core::activation::Denial) -> Option<Value> {
    use elp_core::activation::Denial;
    Some(match d {
        Denial::NotYetValid { start } => json!({ "start": start }),
        Denial::Expired { expiry } => json!({ "expiry": expiry }),
        Denial::NoSeat { seats } | Denial::SeatWithdrawn { seats } => json!({ "seats": seats }),
        Denial::TooManyReleases { max, days, next } => {
            json!({ "max": max, "days": days, "next": next })
        }
        Denial::BorrowTooLong { max_days } => json!({ "max_days": max_days }),
        _ => return None,
    })
}

/// Status and JSON body for an error, its message in English.
pub fn render(error: &Error) -> (StatusCode, Value) {
    render_in(error, elp_l10n::Lang::En)
}

/// Status and JSON body for an error, its message in `lang` where the catalogues have it.
pub fn render_in(error: &Error, lang: elp_l10n::Lang) -> (StatusCode, Value) {
    let (status, code) = match error {
        Error::BadRequest(_) => (StatusCode::BAD_REQUEST, "bad_request"),
        Error::Unauthenticated(_) => (StatusCode::UNAUTHORIZED, "unauthenticated"),
        Error::Forbidden(_) => (StatusCode::FORBIDDEN, "forbidden"),
        Error::NotFound(_) => (StatusCode::NOT_FOUND, "not_found"),
        Error::MethodNotAllowed => (StatusCode::METHOD_NOT_ALLOWED, "method_not_allowed"),
        Error::Unsupported(_) => (StatusCode::UNSUPPORTED_MEDIA_TYPE, "unsupported_media_type"),
        Error::TooLarge(_) => (StatusCode::PAYLOAD_TOO_LARGE, "too_large"),
        Error::Invalid(_) => (StatusCode::UNPROCESSABLE_ENTITY, "invalid"),
        Error::IdempotencyKeyReused => (StatusCode::UNPROCESSABLE_ENTITY, "idempotency_key_reused"),
        Error::Refused(r) => (StatusCode::CONFLICT, r.code()),
        Error::Denied(d) => (StatusCode::CONFLICT, d.code()),
        Error::UnknownLicense => (StatusCode::NOT_FOUND, "unknown_license"),
        Error::Unavailable(_) => (StatusCode::SERVICE_UNAVAILABLE, "unavailable"),
        Error::Interrupted { .. } => (StatusCode::SERVICE_UNAVAILABLE, "interrupted"),
        Error::Limited { code, .. } => (StatusCode::TOO_MANY_REQUESTS, *code),
        Error::AlreadyApplied | Error::Internal(_) => {
            (StatusCode::INTERNAL_SERVER_ERROR, "internal")
        }
    };
    let mut body = json!({
        "status": status.as_u16(),
        "code": code,
        "message": super::say::message(lang, error),
    });
    match error {
        Error::Invalid(invalid) => {
            body["field"] = json!(invalid.field);
        }
        Error::Refused(r) => {
            if let Some(details) = refusal_details(r) {
                body["details"] = details;
            }
            if let Refusal::InsufficientCredits { fit: Some(fit), .. } = r {
                body["field"] = json!(fit.field);
            }
        }
        Error::Limited { retry_after, .. } => {
            body["details"] = json!({ "retry_after": retry_after });
        }
        Error::Interrupted { done, total, .. } => {
            body["details"] = json!({ "done": done, "total": total });
        }
        Error::Denied(d) => {
            if let Some(details) = denial_details(d) {
                body["details"] = details;
            }
        }
        _ => {}
    }
    (status, json!({ "error": body }))
}

#[cfg(test)]
mod tests {
    use super::*;
    use elp_core::{Credits, Invalid, Message};

    #[test]
    fn every_kind_has_its_status() {
        let cases: Vec<(Error, u16)> = vec![
            (Error::BadRequest(Message::new("bad-request-path")), 400),
            (
                Error::Unauthenticated(Message::new("unauthenticated-sign-in")),
                401,
            ),
            (Error::Forbidden(Message::new("forbidden-admins-only")), 403),
            (Error::NotFound("bank"), 404),
            (
                Error::Unsupported(Message::new("unsupported-not-json")),
                415,
            ),
            (Error::TooLarge(10), 413),
            (
                Error::Invalid(Invalid::new(
                    "months",
                    Message::new("invalid-at-least-months").number("min", 1),
                )),
                422,
            ),
            (Error::IdempotencyKeyReused, 422),
            (Error::Refused(Refusal::NotAssigned), 409),
            (Error::Unavailable("x".into()), 503),
            (
                Error::Limited {
                    code: "rate_limited",
                    message: Message::new("limited-rate")
                        .text("whose", "caller")
                        .number("seconds", 3),
                    retry_after: 3,
                },
                429,
            ),
            (Error::Internal("secret detail".into()), 500),
        ];
        for (error, status) in cases {
            assert_eq!(render(&error).0.as_u16(), status, "{error:?}");
        }
    }

    #[test]
    fn bodies_name_the_field_and_numbers_but_never_internals() {
        let (_, body) = render(&Error::Invalid(Invalid::new(
            "months",
            Message::new("invalid-at-least-months").number("min", 1),
        )));
        assert_eq!(body["error"]["field"], "months");
        assert_eq!(body["error"]["message"], "must be at least 1 month");
        let (_, body) = render(&Error::Refused(Refusal::InsufficientCredits {
            needed: Credits::new(3),
            remaining: Credits::new(1),
            fit: Some(elp_core::Fit {
                field: "quantity",
                max_quantity: 0,
                max_months: None,
            }),
        }));
        assert_eq!(body["error"]["code"], "insufficient_credits");
        assert_eq!(body["error"]["field"], "quantity");
        assert_eq!(body["error"]["details"]["remaining"], 1);
        assert_eq!(body["error"]["details"]["max_quantity"], 0);
        let (_, body) = render(&Error::Internal("secret detail".into()));
        assert!(!body.to_string().contains("secret"));
    }
}
