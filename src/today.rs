//! Which date plan status is judged on (SPEC §2): the `--today` flag, then `today` in
//! kam.toml, then `SOURCE_DATE_EPOCH` (UTC), then the system clock (UTC).

use time::{Date, OffsetDateTime};

/// What the environment offers when neither the flag nor kam.toml sets a date.
pub fn from_environment() -> Date {
    std::env::var("SOURCE_DATE_EPOCH")
        .ok()
        .and_then(|text| text.trim().parse::<i64>().ok())
        .and_then(|seconds| OffsetDateTime::from_unix_timestamp(seconds).ok())
        .unwrap_or_else(OffsetDateTime::now_utc)
        .date()
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
    fn parses_only_real_dates() {
        assert_eq!(parse("2026-02-28"), Ok(date!(2026 - 02 - 28)));
        assert!(parse("2026-02-30").is_err());
        assert!(parse("27/11/2026").is_err());
    }
}
