//! What one organisation may take of what all organisations share: the vendor's mail sender,
//! its outbox, and its API. Each limit is a rule of time, decided here for a given `now`; the
//! adapters keep the counters in the table, where conditions make them hold under any
//! concurrency.

use chrono::{DateTime, Duration, TimeZone, Utc};

use crate::users::Membership;
use crate::values::OrgId;
use crate::Date;

/// Attempts after which a mail that never went through is dead: kept for the operator to see,
/// no longer tried.
pub const MAX_ATTEMPTS: u32 = 8;

/// When a mail that failed for the `attempts`-th time is tried again: 30 s, then doubling, at
/// most 6 hours later; `None` once it has failed [`MAX_ATTEMPTS`] times (dead).
pub fn retry_at(now: DateTime<Utc>, attempts: u32) -> Option<DateTime<Utc>> {
    if attempts >= MAX_ATTEMPTS {
        return None;
    }
    let seconds = 30_i64
        .saturating_mul(1_i64 << attempts.saturating_sub(1).min(20))
        .min(6 * 3600);
    Some(now + Duration::seconds(seconds))
}

/// The day a mail budget counts in (UTC).
pub fn budget_day(now: DateTime<Utc>) -> Date {
    now.date_naive()
}

/// The first instant of the next budget day: when mail held back for the budget goes out.
pub fn next_budget_day(now: DateTime<Utc>) -> DateTime<Utc> {
    let tomorrow = now.date_naive() + chrono::Days::new(1);
    Utc.from_utc_datetime(&tomorrow.and_hms_opt(0, 0, 0).unwrap_or_default())
}

/// How many mails an organisation may cause a day unless the operator set another number.
pub const DAILY_MAIL_BUDGET: u32 = 500;

/// Whether one more mail fits an organisation's day: `sent` were sent today, `budget` a day.
pub fn within_budget(sent: u32, budget: u32) -> bool {
    sent < budget
}

/// One fixed window of a rate limit: which window `now` falls in, and the seconds until the
/// next one begins (what a refused caller is told to wait).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Window {
    pub id: i64,
    pub retry_after: u64,
    /// When the window's counter can be forgotten.
    pub ends: DateTime<Utc>,
}

/// The window of `seconds` that `now` falls in.
pub fn window(now: DateTime<Utc>, seconds: u32) -> Window {
    let length = i64::from(seconds.max(1));
    let epoch = now.timestamp();
    let id = epoch.div_euclid(length);
    let ends = Utc
        .timestamp_opt((id + 1) * length, 0)
        .single()
        .unwrap_or(now);
    Window {
        id,
        retry_after: u64::try_from((id + 1) * length - epoch).unwrap_or(1).max(1),
        ends,
    }
}

/// The seconds from `now` until `until` (at least 1): a `Retry-After`.
pub fn seconds_until(now: DateTime<Utc>, until: DateTime<Utc>) -> u64 {
    u64::try_from((until - now).num_seconds())
        .unwrap_or(0)
        .max(1)
}

/// Whether an emailed export of `org`'s licences may still go to `recipient` when it is sent:
/// only to someone who is, then, an admin of that organisation who may use the portal. (An
/// admin removed or set inactive while the mail waited gets no activation codes.)
pub fn may_receive_export(recipient: Option<&Membership>, org: &OrgId, today: Date) -> bool {
    recipient.is_some_and(|m| &m.org == org && m.is_admin() && !m.invitation_lapsed(today))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(s: &str) -> DateTime<Utc> {
        s.parse().unwrap()
    }

    #[test]
    fn failed_mail_backs_off_then_dies() {
        let now = at("2026-03-02T09:00:00Z");
        assert_eq!(retry_at(now, 1), Some(at("2026-03-02T09:00:30Z")));
        assert_eq!(retry_at(now, 2), Some(at("2026-03-02T09:01:00Z")));
        assert_eq!(retry_at(now, 5), Some(at("2026-03-02T09:08:00Z")));
        assert_eq!(
            retry_at(now, MAX_ATTEMPTS - 1),
            Some(at("2026-03-02T09:32:00Z"))
        );
        assert_eq!(retry_at(now, MAX_ATTEMPTS), None, "dead");
        for attempts in 1..MAX_ATTEMPTS {
            let later = retry_at(now, attempts).unwrap();
            assert!(later > now && later <= now + Duration::hours(6));
        }
    }

    #[test]
    fn budgets_count_per_utc_day() {
        let now = at("2026-03-02T23:59:59Z");
        assert_eq!(budget_day(now).to_string(), "2026-03-02");
        assert_eq!(next_budget_day(now), at("2026-03-03T00:00:00Z"));
        assert!(within_budget(499, 500));
        assert!(!within_budget(500, 500));
    }

    #[test]
    fn windows_are_fixed_and_say_how_long_to_wait() {
        let w = window(at("2026-03-02T09:00:45Z"), 60);
        assert_eq!(w.retry_after, 15);
        assert_eq!(w.ends, at("2026-03-02T09:01:00Z"));
        assert_eq!(window(at("2026-03-02T09:00:59Z"), 60).id, w.id);
        assert_eq!(window(at("2026-03-02T09:01:00Z"), 60).id, w.id + 1);
        assert_eq!(
            seconds_until(at("2026-03-02T09:00:00Z"), at("2026-03-02T09:10:00Z")),
            600
        );
        assert_eq!(
            seconds_until(at("2026-03-02T09:00:00Z"), at("2026-03-02T08:00:00Z")),
            1
        );
    }
}
