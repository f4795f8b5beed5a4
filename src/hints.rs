//! Hints for dates and numbers written the way people write them outside TOML.
//!
//! `01.12.2026`, `2026/12/01` and `21 400 000` are how dates and amounts look in a letter,
//! but not in TOML: unquoted they are syntax errors, quoted they are strings. Every hint
//! here is itself valid TOML (or names the form when the intended value is not certain), so
//! following it never leads to the next error. This module only words hints; the readers in
//! [`crate::fields`] decide when a value is wrong.

use time::{Date, Month};

/// The hint for a date written as a string, e.g. `due = "01.12.2026"`.
pub fn date(key: &str, text: &str) -> String {
    match read_date(text.trim()) {
        DateGuess::Iso(date) => format!("write the date without quotes: {key} = {date}"),
        DateGuess::Converted(date) => {
            format!("write the date as YYYY-MM-DD without quotes: {key} = {date}")
        }
        DateGuess::Ambiguous(first, second) => format!(
            "write the date as YYYY-MM-DD without quotes; `{}` could be {first} or {second}",
            text.trim()
        ),
        DateGuess::Unknown => {
            format!("write the date as YYYY-MM-DD without quotes, e.g. {key} = 2026-12-01")
        }
    }
}

/// The hint for a number written as a string, e.g. `revenue = "21 400 000"`, when the
/// string holds a number.
pub fn number(key: &str, text: &str) -> Option<String> {
    let form = number_form(text.trim())?;
    Some(format!("write the number without quotes: {key} = {form}"))
}

/// The hint for a TOML syntax error at byte `at` of `text`, when its line is `key = value`
/// and the value is a date or a number in a form TOML does not know.
pub fn for_syntax_error(text: &str, at: usize) -> Option<String> {
    let at = at.min(text.len());
    let start = text[..at].rfind('\n').map_or(0, |newline| newline + 1);
    let end = text[at..]
        .find('\n')
        .map_or(text.len(), |newline| at + newline);
    let line = text.get(start..end)?;
    let (key, value) = line.split_once('=')?;
    let in_key = at - start <= key.len();
    let key = key.trim();
    let value = value.split('#').next().unwrap_or("").trim();
    if in_key {
        // TOML's bare keys are ASCII only: `öppenhet = 20` must be `"öppenhet" = 20`.
        let bare = !key.starts_with(['"', '\'', '[']);
        return (bare && !key.is_ascii() && !key.contains(['"', '.']))
            .then(|| format!("a key with letters beyond a-z goes in quotes: \"{key}\" = {value}"));
    }
    if key.is_empty() || value.is_empty() || value.starts_with(['"', '\'', '[', '{']) {
        return None;
    }
    // A number TOML reads already is not what the error is about.
    if let Some(form) = number_form(value).filter(|form| form != value) {
        return Some(format!(
            "write the number with `_` between digit groups, not spaces: {key} = {form}"
        ));
    }
    match read_date(value) {
        DateGuess::Iso(_) | DateGuess::Unknown => None,
        DateGuess::Converted(date) => Some(format!(
            "write the date as YYYY-MM-DD, without quotes: {key} = {date}"
        )),
        DateGuess::Ambiguous(first, second) => Some(format!(
            "write the date as YYYY-MM-DD, without quotes; `{value}` could be {first} or {second}"
        )),
    }
}

enum DateGuess {
    Iso(Date),
    Converted(Date),
    Ambiguous(Date, Date),
    Unknown,
}

/// Reads `2026-12-01`, `01.12.2026` (day first, as in Swedish and German), `2026/12/01`,
/// `2026.12.01`, and `01/12/2026` when the day cannot be mistaken for the month.
fn read_date(text: &str) -> DateGuess {
    let parts: Vec<&str> = text.split(['-', '.', '/']).collect();
    let [a, b, c] = parts.as_slice() else {
        return DateGuess::Unknown;
    };
    let separator = text.chars().find(|c| matches!(c, '-' | '.' | '/'));
    if !text
        .chars()
        .all(|c| c.is_ascii_digit() || Some(c) == separator)
    {
        return DateGuess::Unknown;
    }
    let (Ok(a), Ok(b), Ok(c)) = (a.parse::<u32>(), b.parse::<u32>(), c.parse::<u32>()) else {
        return DateGuess::Unknown;
    };
    let year_first = parts[0].len() == 4;
    let year_last = parts[2].len() == 4;
    let found = if year_first {
        calendar(a, b, c).map(|date| {
            if separator == Some('-') && parts[1].len() == 2 && parts[2].len() == 2 {
                DateGuess::Iso(date)
            } else {
                DateGuess::Converted(date)
            }
        })
    } else if year_last && separator == Some('.') {
        calendar(c, b, a).map(DateGuess::Converted)
    } else if year_last {
        match (calendar(c, b, a), calendar(c, a, b)) {
            (Some(day_first), Some(month_first)) if day_first != month_first => {
                Some(DateGuess::Ambiguous(day_first, month_first))
            }
            (Some(date), _) | (None, Some(date)) => Some(DateGuess::Converted(date)),
            (None, None) => None,
        }
    } else {
        None
    };
    found.unwrap_or(DateGuess::Unknown)
}

fn calendar(year: u32, month: u32, day: u32) -> Option<Date> {
    let month = Month::try_from(u8::try_from(month).ok()?).ok()?;
    Date::from_calendar_date(i32::try_from(year).ok()?, month, u8::try_from(day).ok()?).ok()
}

/// `21 400 000` → `21_400_000`, `1 234,50` → `1_234.50`: digit groups separated by spaces
/// (or no separator at all), an optional sign and an optional decimal part. `None` for
/// anything that is not plainly one number.
fn number_form(text: &str) -> Option<String> {
    let (sign, rest) = match text.strip_prefix(['-', '+']) {
        Some(rest) => (&text[..1], rest),
        None => ("", text),
    };
    let (whole, fraction) = match rest.rsplit_once([',', '.']) {
        // `1,234` may be a thousand and more or one and a bit: no guess.
        Some((_, fraction)) if rest.contains(',') && fraction.len() == 3 => return None,
        Some((whole, fraction)) => (whole, Some(fraction)),
        None => (rest, None),
    };
    let groups: Vec<&str> = whole.split([' ', '\u{a0}', '_']).collect();
    let plain = |part: &str| !part.is_empty() && part.bytes().all(|b| b.is_ascii_digit());
    if !groups.iter().all(|group| plain(group)) || !fraction.is_none_or(plain) {
        return None;
    }
    // Spaced groups after the first are thousands: `21 4000` is no number anyone wrote.
    if groups.len() > 1 && groups[1..].iter().any(|group| group.len() != 3) {
        return None;
    }
    let mut form = format!("{sign}{}", groups.join("_"));
    if let Some(fraction) = fraction {
        form.push('.');
        form.push_str(fraction);
    }
    Some(form)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn converts_day_first_dates_with_dots() {
        assert_eq!(
            date("due", "01.12.2026"),
            "write the date as YYYY-MM-DD without quotes: due = 2026-12-01"
        );
    }

    #[test]
    fn keeps_iso_dates_and_only_drops_the_quotes() {
        assert_eq!(
            date("due", "2026-12-01"),
            "write the date without quotes: due = 2026-12-01"
        );
    }

    #[test]
    fn names_both_readings_of_an_ambiguous_date() {
        assert_eq!(
            date("due", "01/02/2026"),
            "write the date as YYYY-MM-DD without quotes; `01/02/2026` could be 2026-02-01 or 2026-01-02"
        );
        assert_eq!(
            date("due", "12/31/2026"),
            "write the date as YYYY-MM-DD without quotes: due = 2026-12-31"
        );
    }

    #[test]
    fn shows_the_form_for_what_is_no_date() {
        assert_eq!(
            date("due", "next week"),
            "write the date as YYYY-MM-DD without quotes, e.g. due = 2026-12-01"
        );
        assert_eq!(
            date("due", "31.02.2026"),
            "write the date as YYYY-MM-DD without quotes, e.g. due = 2026-12-01"
        );
    }

    #[test]
    fn writes_spaced_numbers_with_underscores() {
        assert_eq!(number_form("21 400 000").as_deref(), Some("21_400_000"));
        assert_eq!(number_form("-1 234,50").as_deref(), Some("-1_234.50"));
        assert_eq!(number_form("21400000").as_deref(), Some("21400000"));
        assert_eq!(number_form("21 4000"), None);
        assert_eq!(number_form("1,234"), None);
        assert_eq!(number_form("lots"), None);
        assert_eq!(number_form(""), None);
    }

    #[test]
    fn finds_the_value_of_the_line_with_the_syntax_error() {
        let text = "year = 2025\nrevenue = 21 400 000 # SEK\n";
        assert_eq!(
            for_syntax_error(text, 24).as_deref(),
            Some(
                "write the number with `_` between digit groups, not spaces: revenue = 21_400_000"
            )
        );
        assert_eq!(
            for_syntax_error("due = 2026/12/01\n", 10).as_deref(),
            Some("write the date as YYYY-MM-DD, without quotes: due = 2026-12-01")
        );
        assert_eq!(for_syntax_error("name = Norrskog\n", 7), None);
        assert_eq!(
            for_syntax_error("öppenhet = 30\n", 0).as_deref(),
            Some("a key with letters beyond a-z goes in quotes: \"öppenhet\" = 30")
        );
        assert_eq!(for_syntax_error("x = 30 30\n", 7), None);
    }
}
