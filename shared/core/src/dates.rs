//! Calendar rules: month arithmetic clamped to month end, the lifecycle of anything with a start
//! and an (exclusive) expiry, and how many months of a capped term were actually started.

use serde::{Deserialize, Serialize};

use crate::error::Invalid;
use crate::message::Message;
use crate::Date;

/// The first and last years a date in a request may have: far from chrono's limits, and
/// anything outside is a typing mistake.
pub const FIRST_YEAR: i32 = 2000;
pub const LAST_YEAR: i32 = 2999;

/// A calendar date from a request, written exactly `YYYY-MM-DD`: four digits, a hyphen, two
/// digits, a hyphen, two digits (ASCII digits only, nothing before, between or after), naming a
/// day that exists, in the years [`FIRST_YEAR`] to [`LAST_YEAR`].
///
/// Deliberately stricter than chrono's parser, which takes `2027-1-5`, `+2027-01-05` and
/// surrounding whitespace: what the API accepts is what its contract says, so a client's
/// mistake is told apart from a date it meant (decision 55). Every refusal names `field`.
pub fn parse_date(field: &'static str, raw: &str) -> Result<Date, Invalid> {
    let written = || Invalid::new(field, Message::new("invalid-date-format"));
    let bytes = raw.as_bytes();
    let shaped = bytes.len() == 10
        && bytes.iter().enumerate().all(|(i, b)| match i {
            4 | 7 => *b == b'-',
            _ => b.is_ascii_digit(),
        });
    if !shaped {
        return Err(written());
    }
    // Only ASCII digits remain in these places, so each number is exactly what is written.
    let number = |range: std::ops::Range<usize>| -> u32 {
        bytes[range]
            .iter()
            .fold(0, |n, b| n * 10 + u32::from(b - b'0'))
    };
    let (year, month, day) = (number(0..4) as i32, number(5..7), number(8..10));
    if !(FIRST_YEAR..=LAST_YEAR).contains(&year) {
        return Err(Invalid::new(
            field,
            Message::new("invalid-date-years")
                .text("first", FIRST_YEAR.to_string())
                .text("last", LAST_YEAR.to_string()),
        ));
    }
    Date::from_ymd_opt(year, month, day).ok_or_else(|| {
        Invalid::new(
            field,
            Message::new("invalid-date-no-such-day").text("date", raw),
        )
    })
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
            _ => Err(Invalid::new(field, Message::new("invalid-lifecycle"))),
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

    /// Dates as the contract writes them are read as the day they name.
    #[test]
    fn dates_from_requests() {
        for (raw, day) in [
            ("2026-02-28", d("2026-02-28")),
            ("2000-01-01", d("2000-01-01")),
            ("2999-12-31", d("2999-12-31")),
            ("2028-02-29", d("2028-02-29")),
            ("2027-01-05", d("2027-01-05")),
        ] {
            assert_eq!(parse_date("start", raw), Ok(day), "{raw:?}");
        }
    }

    /// Every near miss is refused, naming the field: the exhaustive table of what a hand, a
    /// spreadsheet or a date library might write instead of `YYYY-MM-DD`.
    #[test]
    fn near_misses_are_refused_naming_the_field() {
        let near_misses = [
            // empty, partial, too long
            "",
            "2027",
            "2027-01",
            "2027-01-0",
            "2027-01-051",
            "02027-01-05",
            // one-digit month or day, two-digit year
            "2027-1-05",
            "2027-01-5",
            "2027-1-5",
            "27-01-05",
            // signs
            "+2027-01-05",
            "-2027-01-05",
            "+12026-01-01",
            "2027-+1-05",
            "2027-01-+5",
            "2027--1-05",
            // whitespace anywhere
            " 2027-01-05",
            "2027-01-05 ",
            "\t2027-01-05",
            "2027-01-05\n",
            "2027 -01-05",
            "2027-01- 5",
            "2027-01-05\u{a0}",
            "\u{feff}2027-01-05",
            // other separators, or none
            "2027/01/05",
            "2027.01.05",
            "2027_01_05",
            "2027 01 05",
            "20270105",
            "2027-0105",
            "2027\u{2010}01\u{2010}05",
            "2027\u{2212}01\u{2212}05",
            // other orders
            "05-01-2027",
            "01-05-2027",
            "2027-05-01x",
            // a time, a zone, a week or ordinal date
            "2027-01-05T00:00:00",
            "2027-01-05T00:00:00Z",
            "2027-01-05 00:00",
            "2027-01-05Z",
            "2027-01-05+01:00",
            "2027-W01-2",
            "2027-005",
            // days that do not exist
            "2027-02-29",
            "2027-02-30",
            "2028-02-30",
            "2100-02-29",
            "2027-04-31",
            "2027-00-10",
            "2027-13-01",
            "2027-01-00",
            "2027-01-32",
            "2027-99-99",
            // years outside 2000-2999
            "1999-12-31",
            "3000-01-01",
            "0000-01-01",
            "9999-12-31",
            // not ASCII digits
            "\u{ff12}\u{ff10}\u{ff12}\u{ff17}-01-05",
            "2027-\u{ff10}\u{ff11}-05",
            "\u{0662}\u{0660}\u{0662}\u{0667}-01-05",
            "2027-01-0\u{0665}",
            "2O27-01-05",
            "2027-0l-05",
            "2027-01-05\0",
            "２０２７－０１－０５",
        ];
        for raw in near_misses {
            let refused = parse_date("expiry", raw).expect_err(raw);
            assert_eq!(refused.field, "expiry", "{raw:?}");
        }
    }

    #[test]
    fn refusals_say_why() {
        let reason = |raw: &str| parse_date("start", raw).unwrap_err().reason();
        assert_eq!(reason("2027-1-5"), "must be a date written YYYY-MM-DD");
        assert_eq!(
            reason("3000-01-01"),
            "must be a date between the years 2000 and 2999"
        );
        assert_eq!(
            reason("2027-02-30"),
            "must be a day of the calendar: 2027-02-30 does not exist"
        );
    }

    mod properties {
        use super::super::*;
        use proptest::prelude::*;

        /// Characters a near miss is made of: digits of several scripts, separators, signs,
        /// whitespace, letters that look like digits, the pieces of a time.
        fn piece() -> impl Strategy<Value = char> {
            prop_oneof![
                8 => proptest::char::range('0', '9'),
                4 => Just('-'),
                1 => prop::sample::select(vec![
                    '+', ' ', '\t', '\n', '/', '.', ':', 'T', 'Z', 'W', 'O', 'l', '_', ',',
                    '\u{a0}', '\u{2010}', '\u{2212}', '\u{feff}', '\u{ff10}', '\u{ff11}',
                    '\u{ff12}', '\u{0660}', '\u{0665}', '\u{0967}',
                ]),
            ]
        }

        fn any_day() -> impl Strategy<Value = Date> {
            let first = Date::from_ymd_opt(FIRST_YEAR, 1, 1).unwrap();
            let days = (Date::from_ymd_opt(LAST_YEAR, 12, 31).unwrap() - first).num_days();
            (0..=days).prop_map(move |n| first + chrono::Days::new(n as u64))
        }

        proptest! {
            #![proptest_config(ProptestConfig::with_cases(2_000))]

            /// Every day of the years 2000-2999, written YYYY-MM-DD, is read as that day.
            #[test]
            fn every_day_written_canonically_is_read(day in any_day()) {
                let written = day.format("%Y-%m-%d").to_string();
                prop_assert_eq!(parse_date("start", &written), Ok(day));
            }

            /// Whatever is accepted is exactly the canonical writing of the day it names: no
            /// other spelling of a date (or of anything else) gets through.
            #[test]
            fn only_the_canonical_writing_is_accepted(
                raw in proptest::collection::vec(piece(), 0..14)
                    .prop_map(|c| c.into_iter().collect::<String>())
            ) {
                match parse_date("start", &raw) {
                    Ok(day) => prop_assert_eq!(day.format("%Y-%m-%d").to_string(), raw),
                    Err(e) => prop_assert_eq!(e.field, "start"),
                }
            }

            /// One character changed, added or removed in a valid date: the result is refused
            /// unless it is again the canonical writing of a day.
            #[test]
            fn one_edit_from_a_date_is_refused_unless_it_is_another_date(
                day in any_day(),
                at in 0usize..11,
                with in piece(),
                edit in 0u8..3,
            ) {
                let mut chars: Vec<char> = day.format("%Y-%m-%d").to_string().chars().collect();
                let at = at.min(chars.len() - usize::from(edit != 1));
                match edit {
                    0 => chars[at] = with,
                    1 => chars.insert(at, with),
                    _ => { chars.remove(at); }
                }
                let raw: String = chars.into_iter().collect();
                if let Ok(parsed) = parse_date("start", &raw) {
                    prop_assert_eq!(parsed.format("%Y-%m-%d").to_string(), raw);
                }
            }

            /// The same as chrono on every canonical writing, inside and outside the years:
            /// strictness refuses spellings, never a day chrono reads from its canonical form.
            #[test]
            fn agrees_with_chrono_on_canonical_writings(y in 0i32..10_000, m in 0u32..14, d in 0u32..33) {
                let raw = format!("{y:04}-{m:02}-{d:02}");
                let chrono = raw.parse::<Date>().ok().filter(|_| (FIRST_YEAR..=LAST_YEAR).contains(&y));
                prop_assert_eq!(parse_date("start", &raw).ok(), chrono);
            }
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
