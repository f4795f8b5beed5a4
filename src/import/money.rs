//! Money as CRMs and spreadsheets write it (SPEC §13): `1234567`, `1 234 567`,
//! `1,234,567.00`, `1 234 567,00`, `1.234.567,00`, with or without a currency sign or code.
//!
//! The result is an [`Amount`] in whole units when the fraction is zero, so that an amount
//! written as an integer in an account file compares equal and stays untouched. This module
//! parses text only; where an amount goes is the merge's business.

use crate::amount::Amount;

/// Why a cell is not an amount, as a hint for the user.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NotMoney(pub &'static str);

const LIMIT: i128 = 1_000_000_000_000_000;

pub fn parse(text: &str) -> Result<Amount, NotMoney> {
    let text = strip_currency(text.trim());
    let (negative, digits) = match text.strip_prefix(['-', '−']) {
        Some(rest) => (true, rest.trim_start()),
        None => (false, text),
    };
    let digits = strip_currency(digits);
    if digits.is_empty() {
        return Err(NotMoney("the cell holds no digits"));
    }
    if !digits.chars().next().is_some_and(|c| c.is_ascii_digit()) {
        return Err(NotMoney("an amount starts with a digit or a minus sign"));
    }
    let (whole, fraction) = split_decimal(digits)?;
    let whole = ungroup(&whole)?;
    if !fraction.chars().all(|c| c.is_ascii_digit()) {
        return Err(NotMoney("only digits may follow the decimal separator"));
    }
    let significant = whole.trim_start_matches('0').len() + fraction.trim_end_matches('0').len();
    if significant > 18 {
        return Err(NotMoney("more than 18 significant digits"));
    }
    let units: i128 = whole.parse().map_err(|_| NotMoney("not a number"))?;
    if units > LIMIT || (units == LIMIT && fraction.chars().any(|c| c != '0')) {
        return Err(NotMoney("an amount must lie within ±10^15"));
    }
    let sign = if negative { -1 } else { 1 };
    if fraction.chars().all(|c| c == '0') {
        return i64::try_from(sign * units)
            .map(Amount::Int)
            .map_err(|_| NotMoney("not a number"));
    }
    let value: f64 = format!("{}{whole}.{fraction}", if negative { "-" } else { "" })
        .parse()
        .map_err(|_| NotMoney("not a number"))?;
    Ok(Amount::Float(value))
}

/// Removes a leading or trailing currency sign or code (`kr`, `SEK`, `$`, `€ `).
fn strip_currency(text: &str) -> &str {
    let is_currency = |c: char| c.is_alphabetic() || matches!(c, '$' | '€' | '£' | '¥' | ':');
    let text = text.trim_start_matches(is_currency).trim_start();
    text.trim_end_matches(is_currency).trim_end()
}

/// Splits at the decimal separator. With both `,` and `.` the last one is decimal; with one
/// kind used once and followed by exactly three digits it groups thousands (`1,234`), else
/// it is decimal (`1,5`).
fn split_decimal(digits: &str) -> Result<(String, String), NotMoney> {
    let commas = digits.matches(',').count();
    let points = digits.matches('.').count();
    let decimal = match (commas, points) {
        (0, 0) => None,
        (_, 0) | (0, _) => {
            let separator = if commas > 0 { ',' } else { '.' };
            let count = commas + points;
            let tail = digits.rsplit(separator).next().unwrap_or("");
            if count == 1 && !(tail.len() == 3 && tail.chars().all(|c| c.is_ascii_digit())) {
                Some(separator)
            } else {
                None
            }
        }
        _ => {
            let last_comma = digits.rfind(',');
            let last_point = digits.rfind('.');
            if last_comma > last_point {
                Some(',')
            } else {
                Some('.')
            }
        }
    };
    match decimal {
        None => Ok((digits.to_string(), String::new())),
        Some(separator) => {
            let (whole, fraction) = digits
                .rsplit_once(separator)
                .ok_or(NotMoney("not a number"))?;
            let other = if separator == ',' { '.' } else { ',' };
            if whole.contains(separator) || fraction.contains(other) {
                return Err(NotMoney("a decimal separator appears twice"));
            }
            Ok((whole.to_string(), fraction.trim_end().to_string()))
        }
    }
}

/// Drops thousands separators (space, no-break spaces, `,`, `.`, `'`), checking that every
/// group after the first has three digits.
fn ungroup(whole: &str) -> Result<String, NotMoney> {
    let is_separator = |c: char| matches!(c, ' ' | '\u{a0}' | '\u{202f}' | ',' | '.' | '\'');
    let groups: Vec<&str> = whole.split(is_separator).collect();
    if groups.iter().any(|group| group.is_empty()) {
        return Err(NotMoney("separators must stand between groups of digits"));
    }
    if groups
        .iter()
        .any(|group| !group.chars().all(|c| c.is_ascii_digit()))
    {
        return Err(NotMoney(
            "an amount holds only digits, separators and a currency",
        ));
    }
    if groups.len() > 1 {
        let separators: Vec<char> = whole.chars().filter(|c| is_separator(*c)).collect();
        if separators.windows(2).any(|pair| pair[0] != pair[1]) {
            return Err(NotMoney(
                "thousands are grouped with two different separators",
            ));
        }
        if groups[0].len() > 3 || groups[1..].iter().any(|group| group.len() != 3) {
            return Err(NotMoney("thousands come in groups of three digits"));
        }
    }
    Ok(groups.concat())
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn the_spellings_of_the_spec() {
        for text in [
            "1234567",
            "1 234 567",
            "1,234,567.00",
            "1 234 567,00",
            "1.234.567,00",
            "1\u{a0}234\u{a0}567",
            "SEK 1 234 567",
            "1 234 567 kr",
            "$1,234,567",
            "€ 1.234.567,00",
        ] {
            assert_eq!(parse(text), Ok(Amount::Int(1_234_567)), "{text}");
        }
    }

    #[test]
    fn fractions_signs_and_single_separators() {
        assert_eq!(parse("1,5"), Ok(Amount::Float(1.5)));
        assert_eq!(parse("1234.75"), Ok(Amount::Float(1234.75)));
        assert_eq!(parse("1,234"), Ok(Amount::Int(1234)));
        assert_eq!(parse("-250 000"), Ok(Amount::Int(-250_000)));
        assert_eq!(parse("- 1 200,50 SEK"), Ok(Amount::Float(-1200.5)));
        assert_eq!(parse("0"), Ok(Amount::Int(0)));
    }

    #[test]
    fn what_is_not_money() {
        for text in [
            "",
            "SEK",
            "12a4",
            "1 23 456",
            "1,234.567.8",
            "1  234",
            "1,234 567",
            "abc 12 def 4",
            "1.2.3,4,5",
            "10000000000000000",
            "1234567890123456789",
        ] {
            assert!(parse(text).is_err(), "{text}");
        }
    }

    proptest! {
        #[test]
        fn no_text_makes_the_parser_panic(text in "\\PC{0,30}") {
            let _ = parse(&text);
        }

        #[test]
        fn grouped_and_plain_agree(units in 0i64..1_000_000_000_000, cents in 0u32..100) {
            let plain = format!("{units}.{cents:02}");
            let grouped_en = group(units, ',') + &format!(".{cents:02}");
            let grouped_sv = group(units, ' ') + &format!(",{cents:02}");
            let expected = parse(&plain).expect("plain");
            prop_assert_eq!(parse(&grouped_en).expect("en"), expected);
            prop_assert_eq!(parse(&grouped_sv).expect("sv"), expected);
            if cents == 0 {
                prop_assert_eq!(expected, Amount::Int(units));
            }
        }
    }

    fn group(units: i64, separator: char) -> String {
        let digits = units.to_string();
        let mut out = String::new();
        for (index, c) in digits.chars().enumerate() {
            if index > 0 && (digits.len() - index).is_multiple_of(3) {
                out.push(separator);
            }
            out.push(c);
        }
        out
    }
}
