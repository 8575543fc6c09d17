//! Calendar rules: month arithmetic clamped to month end, the lifecycle of anything with a start
//! and an (exclusive) expiry, and how many months of a capped term were actually started.

use serde::{Deserialize, Serialize};

use crate::error::Invalid;
use crate::Date;

/// A calendar date from a request (`YYYY-MM-DD`), between the years 2000 and 2999: far from
/// chrono's limits, and anything outside is a typing mistake.
pub fn parse_date(field: &'static str, raw: &str) -> Result<Date, Invalid> {
    let date: Date = raw
        .trim()
        .parse()
        .map_err(|_| Invalid::new(field, "must be a date written YYYY-MM-DD"))?;
    let year = chrono::Datelike::year(&date);
    if !(2000..=2999).contains(&year) {
        return Err(Invalid::new(
            field,
            "must be a date between the years 2000 and 2999",
        ));
    }
    Ok(date)
}

/// `date` plus `months` calendar months, clamped to the end of the target month
/// (Jan 31 + 1 month = Feb 28, or Feb 29 in a leap year).
///
/// Total: a date past chrono's range (year 262 143) saturates to the last representable day,
/// which no validated input comes near.
pub fn add_months(date: Date, months: u32) -> Date {
    date.checked_add_months(chrono::Months::new(months))
        .unwrap_or(Date::MAX)
}

/// Where a bank or licence stands on a given day. Expiry is exclusive: on the expiry date the
/// thing is already expired.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Lifecycle {
    Pending,
    Active,
    Expired,
}

impl Lifecycle {
    pub fn of(start: Date, expiry: Date, today: Date) -> Lifecycle {
        if today >= expiry {
            Lifecycle::Expired
        } else if today < start {
            Lifecycle::Pending
        } else {
            Lifecycle::Active
        }
    }

    /// A status as a filter names it (`field` in the error).
    pub fn parse(field: &'static str, raw: &str) -> Result<Lifecycle, Invalid> {
        match raw {
            "pending" => Ok(Lifecycle::Pending),
            "active" => Ok(Lifecycle::Active),
            "expired" => Ok(Lifecycle::Expired),
            _ => Err(Invalid::new(field, "must be pending, active or expired")),
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Lifecycle::Pending => "pending",
            Lifecycle::Active => "active",
            Lifecycle::Expired => "expired",
        }
    }
}

/// How many of the `requested` months starting at `start` begin before `limit`: the months a
/// term capped at `limit` is charged for. Each month's start is computed from `start` (not by
/// repeated addition), so a term starting on the 31st keeps its anchor.
pub fn months_started_before(start: Date, requested: u32, limit: Date) -> u32 {
    (0..requested)
        .take_while(|&k| add_months(start, k) < limit)
        .count() as u32
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> Date {
        s.parse().unwrap()
    }

    #[test]
    fn dates_from_requests() {
        assert_eq!(parse_date("start", "2026-02-28").unwrap(), d("2026-02-28"));
        for bad in [
            "",
            "2026-02-30",
            "26-01-01",
            "2026/01/01",
            "1999-12-31",
            "3000-01-01",
            "+12026-01-01",
        ] {
            assert_eq!(
                parse_date("start", bad).unwrap_err().field,
                "start",
                "{bad:?}"
            );
        }
    }

    #[test]
    fn month_end_clamps() {
        assert_eq!(add_months(d("2026-01-31"), 1), d("2026-02-28"));
        assert_eq!(add_months(d("2026-03-31"), 1), d("2026-04-30"));
        assert_eq!(add_months(d("2026-08-31"), 6), d("2027-02-28"));
    }

    #[test]
    fn leap_years() {
        assert_eq!(add_months(d("2028-01-31"), 1), d("2028-02-29"));
        assert_eq!(add_months(d("2028-02-29"), 12), d("2029-02-28"));
        assert_eq!(add_months(d("2028-02-29"), 48), d("2032-02-29"));
        // 2100 is not a leap year.
        assert_eq!(add_months(d("2100-01-31"), 1), d("2100-02-28"));
    }

    #[test]
    fn anchor_is_kept_across_months() {
        // Jan 31 + 2 months is Mar 31, not Feb 28 + 1 month.
        assert_eq!(add_months(d("2026-01-31"), 2), d("2026-03-31"));
    }

    #[test]
    fn add_months_saturates_instead_of_panicking() {
        assert_eq!(add_months(Date::MAX, 1), Date::MAX);
    }

    #[test]
    fn expiry_is_exclusive() {
        let (start, expiry) = (d("2026-01-10"), d("2026-02-10"));
        assert_eq!(
            Lifecycle::of(start, expiry, d("2026-01-09")),
            Lifecycle::Pending
        );
        assert_eq!(
            Lifecycle::of(start, expiry, d("2026-01-10")),
            Lifecycle::Active
        );
        assert_eq!(
            Lifecycle::of(start, expiry, d("2026-02-09")),
            Lifecycle::Active
        );
        assert_eq!(
            Lifecycle::of(start, expiry, d("2026-02-10")),
            Lifecycle::Expired
        );
    }

    #[test]
    fn months_started_counts_partial_months() {
        let start = d("2026-01-15");
        // Limit beyond the term: every requested month starts.
        assert_eq!(months_started_before(start, 3, d("2026-12-31")), 3);
        // Limit exactly at the natural end: still three.
        assert_eq!(months_started_before(start, 3, d("2026-04-15")), 3);
        // One day short of the end: the third month still started.
        assert_eq!(months_started_before(start, 3, d("2026-04-14")), 3);
        // Limit exactly on a month boundary: that month does not start.
        assert_eq!(months_started_before(start, 3, d("2026-03-15")), 2);
        // Limit the day after the start: one month started.
        assert_eq!(months_started_before(start, 3, d("2026-01-16")), 1);
        // Limit on the start: nothing started.
        assert_eq!(months_started_before(start, 3, start), 0);
    }
}
