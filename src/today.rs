//! Which date plan status is judged on (SPEC §2): the `--today` flag, then `today` in
//! kam.toml, then `SOURCE_DATE_EPOCH` (UTC), then the system clock (UTC).
//!
//! Not here: judging plans against the date (`analysis::plan`).

use time::{Date, OffsetDateTime};

/// What the environment offers when neither the flag nor kam.toml sets a date: the UTC date
/// of `SOURCE_DATE_EPOCH` when it is set, else the clock's. A set but malformed value is an
/// error rather than a silent fall-back to the clock, which would make a build that was
/// meant to be reproducible depend on when it ran.
pub fn from_environment() -> Result<Date, String> {
    match std::env::var_os("SOURCE_DATE_EPOCH") {
        None => Ok(OffsetDateTime::now_utc().date()),
        Some(value) => from_epoch(&value.to_string_lossy()),
    }
}

/// The UTC date of a `SOURCE_DATE_EPOCH` value: a non-negative integer of seconds.
pub fn from_epoch(text: &str) -> Result<Date, String> {
    let malformed = || {
        // Debug formatting escapes control characters, so nothing reaches the terminal raw.
        format!(
            "SOURCE_DATE_EPOCH is {text:?}; it must be a non-negative whole number of seconds since 1970-01-01 UTC"
        )
    };
    if text.is_empty() || !text.bytes().all(|byte| byte.is_ascii_digit()) {
        return Err(malformed());
    }
    text.parse::<i64>()
        .ok()
        .and_then(|seconds| OffsetDateTime::from_unix_timestamp(seconds).ok())
        .map(OffsetDateTime::date)
        .ok_or_else(malformed)
}

pub fn resolve(flag: Option<Date>, configured: Option<Date>, environment: Date) -> Date {
    flag.or(configured).unwrap_or(environment)
}

/// Parses `YYYY-MM-DD`, the form of the `--today` flag.
pub fn parse(text: &str) -> Result<Date, String> {
    let format = time::macros::format_description!("[year]-[month]-[day]");
    Date::parse(text, &format).map_err(|_| format!("`{text}` is not a date of the form YYYY-MM-DD"))
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::date;

    #[test]
    fn flag_wins_then_config_then_environment() {
        let env = date!(2020 - 01 - 01);
        assert_eq!(
            resolve(
                Some(date!(2026 - 11 - 27)),
                Some(date!(2025 - 01 - 01)),
                env
            ),
            date!(2026 - 11 - 27)
        );
        assert_eq!(
            resolve(None, Some(date!(2025 - 01 - 01)), env),
            date!(2025 - 01 - 01)
        );
        assert_eq!(resolve(None, None, env), env);
    }

    #[test]
    fn source_date_epoch_must_be_a_non_negative_integer() {
        assert_eq!(from_epoch("1700000000"), Ok(date!(2023 - 11 - 14)));
        assert_eq!(from_epoch("0"), Ok(date!(1970 - 01 - 01)));
        for bad in ["", " 1", "-5", "1.5", "17e8", "abc", "99999999999999999999"] {
            assert!(from_epoch(bad).is_err(), "{bad:?}");
        }
    }

    #[test]
    fn parses_only_real_dates() {
        assert_eq!(parse("2026-02-28"), Ok(date!(2026 - 02 - 28)));
        assert!(parse("2026-02-30").is_err());
        assert!(parse("27/11/2026").is_err());
    }
}
