//! Reading a spanned TOML tree into typed values, one field at a time.
//!
//! kam.toml and every account's front matter go through this reader instead of a serde
//! derive, because serde stops at the first problem and a user should see every problem of
//! a file in one run, each at the line and column of the offending key or value. Unknown keys
//! are reported with the closest known key, since they are nearly always typos.
//!
//! Spans from the TOML parser are relative to the text it parsed; `offset` turns them into
//! byte offsets of the whole file (front matter starts after the `+++` line).
//!
//! Not here: which keys a file may hold (`config`, `content::account`).

use std::ops::Range;

use time::{Date, Month};
use toml::Spanned;
use toml::de::{DeTable, DeValue};

use rust_decimal::Decimal;

use crate::amount::Amount;
use crate::diagnostics::{Diagnostic, SourceFile, did_you_mean};

pub type Table<'i> = DeTable<'i>;
pub type Item<'i> = Spanned<DeValue<'i>>;

pub struct FieldReader<'f> {
    file: &'f SourceFile,
    offset: usize,
    pub diagnostics: Vec<Diagnostic>,
}

impl<'f> FieldReader<'f> {
    pub fn new(file: &'f SourceFile, offset: usize) -> Self {
        FieldReader {
            file,
            offset,
            diagnostics: Vec::new(),
        }
    }

    fn absolute(&self, span: Range<usize>) -> Range<usize> {
        span.start + self.offset..span.end + self.offset
    }

    /// The 1-based line and column where a value starts in the file.
    pub fn position(&self, item: &Item<'_>) -> (usize, usize) {
        self.file.locate(self.absolute(item.span()).start)
    }

    /// Records an error at a span of the parsed text.
    pub fn error(&mut self, span: Range<usize>, message: impl Into<String>) {
        let diagnostic = self.file.error(self.absolute(span), message);
        self.diagnostics.push(diagnostic);
    }

    pub fn error_with_help(
        &mut self,
        span: Range<usize>,
        message: impl Into<String>,
        help: impl Into<String>,
    ) {
        let diagnostic = self
            .file
            .error(self.absolute(span), message)
            .with_help(help);
        self.diagnostics.push(diagnostic);
    }

    /// Parses TOML text; a syntax error is recorded and yields `None`.
    pub fn parse<'i>(&mut self, text: &'i str) -> Option<Spanned<Table<'i>>> {
        match DeTable::parse(text) {
            Ok(table) => Some(table),
            Err(error) => {
                let span = error.span().unwrap_or(0..0);
                let message = format!("invalid TOML: {}", error.message().trim_end());
                match crate::hints::for_syntax_error(text, span.start) {
                    Some(help) => self.error_with_help(span, message, help),
                    None => self.error(span, message),
                }
                None
            }
        }
    }

    /// Reports every key of `table` that is not in `allowed`.
    pub fn check_keys(&mut self, table: &Table<'_>, allowed: &[&str], context: &str) {
        for key in table.keys() {
            let name = key.get_ref().as_ref();
            if allowed.contains(&name) {
                continue;
            }
            let message = format!("unknown key `{name}` in {context}");
            match did_you_mean(name, allowed.iter().copied()) {
                Some(close) => {
                    self.error_with_help(key.span(), message, format!("did you mean `{close}`?"))
                }
                None => self.error_with_help(
                    key.span(),
                    message,
                    format!("expected one of {}", quoted_list(allowed)),
                ),
            }
        }
    }

    /// The value of `key`, or an error at `anchor` (the table's header) when it is missing.
    pub fn require<'t, 'i>(
        &mut self,
        table: &'t Table<'i>,
        anchor: Range<usize>,
        key: &str,
        context: &str,
    ) -> Option<&'t Item<'i>> {
        let item = table.get(key);
        if item.is_none() {
            self.error(anchor, format!("missing required key `{key}` in {context}"));
        }
        item
    }

    /// Like [`require`](Self::require) for the top level of a document: a missing key is
    /// reported at the start of the file, where the front matter opens.
    pub fn require_top<'t, 'i>(
        &mut self,
        table: &'t Table<'i>,
        key: &str,
        context: &str,
    ) -> Option<&'t Item<'i>> {
        let item = table.get(key);
        if item.is_none() {
            let opening = 0..self.offset.min(3);
            let diagnostic = self.file.error(
                opening,
                format!("missing required key `{key}` in {context}"),
            );
            self.diagnostics.push(diagnostic);
        }
        item
    }

    fn type_error(&mut self, item: &Item<'_>, key: &str, expected: &str) {
        let found = item.get_ref().type_str();
        self.error(
            item.span(),
            format!("`{key}` must be {expected}, found {found}"),
        );
    }

    /// A string with control characters other than tab and newline dropped (a TOML escape
    /// such as `\u001b` can write them), so none reaches a page or the JSON.
    pub fn string(&mut self, item: &Item<'_>, key: &str) -> Option<String> {
        match item.get_ref() {
            DeValue::String(text) => Some(crate::controls::strip(text).into_owned()),
            _ => {
                self.type_error(item, key, "a string");
                None
            }
        }
    }

    /// A string that must contain something besides whitespace.
    pub fn non_empty_string(&mut self, item: &Item<'_>, key: &str) -> Option<String> {
        let text = self.string(item, key)?;
        if text.trim().is_empty() {
            self.error(item.span(), format!("`{key}` must not be empty"));
            return None;
        }
        Some(text)
    }

    pub fn boolean(&mut self, item: &Item<'_>, key: &str) -> Option<bool> {
        match item.get_ref() {
            DeValue::Boolean(value) => Some(*value),
            _ => {
                self.type_error(item, key, "true or false");
                None
            }
        }
    }

    pub fn integer(&mut self, item: &Item<'_>, key: &str) -> Option<i64> {
        match item.get_ref() {
            DeValue::Integer(integer) => {
                let parsed = i64::from_str_radix(integer.as_str(), integer.radix()).ok();
                if parsed.is_none() {
                    self.error(item.span(), format!("`{key}` is too large"));
                }
                parsed
            }
            _ => {
                self.type_error(item, key, "an integer");
                None
            }
        }
    }

    /// An integer or a float as the exact decimal written (SPEC v2 §4a); NaN, infinities
    /// and numbers past the decimal range are refused.
    pub fn number(&mut self, item: &Item<'_>, key: &str) -> Option<Decimal> {
        self.amount(item, key).map(Amount::exact)
    }

    /// A number that keeps whether it was written as an integer.
    pub fn amount(&mut self, item: &Item<'_>, key: &str) -> Option<Amount> {
        match item.get_ref() {
            DeValue::Integer(_) => self.integer(item, key).map(Amount::Int),
            DeValue::Float(float) => {
                let text = float.as_str();
                let parsed = if text.contains(['e', 'E']) {
                    Decimal::from_scientific(text).ok()
                } else {
                    text.parse::<Decimal>().ok()
                };
                match parsed {
                    // -0.0 is 0: no "negative zero" reaches the output.
                    Some(value) if value.is_zero() => Some(Amount::Decimal(Decimal::ZERO)),
                    Some(value) => Some(Amount::Decimal(value.normalize())),
                    None if text.parse::<f64>().is_ok_and(|value| value.abs() > 1e15) => {
                        self.error(item.span(), format!("`{key}` is outside ±10^15"));
                        None
                    }
                    None if text.parse::<f64>().is_ok_and(f64::is_finite) => {
                        self.error_with_help(
                            item.span(),
                            format!("`{key}` has more decimal places than kam keeps exactly"),
                            "write at most 28 decimal places; a value this small is 0",
                        );
                        None
                    }
                    None => {
                        self.error(item.span(), format!("`{key}` must be a finite number"));
                        None
                    }
                }
            }
            DeValue::String(text) => {
                let message = format!("`{key}` must be a number, found string");
                match crate::hints::number(key, text) {
                    Some(help) => self.error_with_help(item.span(), message, help),
                    None => self.error(item.span(), message),
                }
                None
            }
            _ => {
                self.type_error(item, key, "a number");
                None
            }
        }
    }

    /// A money value (SPEC v2 §3): within ±10^15 and with at most 18 significant digits, so
    /// every sum and ratio of a portfolio stays finite and exact decimals stay exact.
    pub fn money(&mut self, item: &Item<'_>, key: &str) -> Option<Amount> {
        let digits = match item.get_ref() {
            DeValue::Integer(integer) if integer.radix() == 10 => {
                Some(significant_digits(integer.as_str()))
            }
            DeValue::Float(float) => Some(significant_digits(float.as_str())),
            _ => None,
        };
        let amount = self.amount(item, key)?;
        if digits.is_some_and(|digits| digits > MAX_SIGNIFICANT_DIGITS) {
            self.error_with_help(
                item.span(),
                format!("`{key}` has more than {MAX_SIGNIFICANT_DIGITS} significant digits"),
                "round it: money is kept exact to 18 digits",
            );
            return None;
        }
        if amount.exact().abs() > Decimal::from(MAX_MONEY) {
            self.error_with_help(
                item.span(),
                format!("`{key}` is outside ±10^15"),
                "money values must lie within -1_000_000_000_000_000 and 1_000_000_000_000_000",
            );
            return None;
        }
        Some(amount)
    }

    /// A number within `min..=max`.
    pub fn number_in(
        &mut self,
        item: &Item<'_>,
        key: &str,
        min: Decimal,
        max: Decimal,
    ) -> Option<Decimal> {
        let value = self.number(item, key)?;
        if value < min || value > max {
            self.error_with_help(
                item.span(),
                format!("`{key}` is {value}, outside {min}..={max}"),
                format!("use a number from {min} to {max}"),
            );
            return None;
        }
        Some(value)
    }

    /// A bare TOML date (`2026-12-15`), checked against the calendar.
    pub fn date(&mut self, item: &Item<'_>, key: &str) -> Option<Date> {
        let datetime = match item.get_ref() {
            DeValue::Datetime(datetime) => datetime,
            DeValue::String(text) => {
                self.error_with_help(
                    item.span(),
                    format!("`{key}` must be a date, found a string"),
                    crate::hints::date(key, text),
                );
                return None;
            }
            _ => {
                self.type_error(item, key, "a date (YYYY-MM-DD)");
                return None;
            }
        };
        let date = match (datetime.date, datetime.time, datetime.offset) {
            (Some(date), None, None) => date,
            _ => {
                self.error_with_help(
                    item.span(),
                    format!("`{key}` must be a plain date, without a time"),
                    "write it as YYYY-MM-DD",
                );
                return None;
            }
        };
        let real = Month::try_from(date.month)
            .ok()
            .and_then(|month| Date::from_calendar_date(date.year.into(), month, date.day).ok());
        if real.is_none() {
            self.error(
                item.span(),
                format!("`{key}` = {datetime} is not a date in the calendar"),
            );
        }
        real
    }

    pub fn table<'t, 'i>(&mut self, item: &'t Item<'i>, key: &str) -> Option<&'t Table<'i>> {
        match item.get_ref() {
            DeValue::Table(table) => Some(table),
            _ => {
                self.type_error(item, key, "a table");
                None
            }
        }
    }

    /// An array of tables (`[[key]]`), each with the span of its header.
    pub fn tables<'t, 'i>(
        &mut self,
        item: &'t Item<'i>,
        key: &str,
    ) -> Vec<(&'t Table<'i>, Range<usize>)> {
        let DeValue::Array(array) = item.get_ref() else {
            self.type_error(item, key, &format!("an array of tables ([[{key}]])"));
            return Vec::new();
        };
        let mut tables = Vec::new();
        for element in array.iter() {
            match element.get_ref() {
                DeValue::Table(table) => tables.push((table, element.span())),
                _ => self.type_error(element, key, "a table"),
            }
        }
        tables
    }

    pub fn strings(&mut self, item: &Item<'_>, key: &str) -> Vec<String> {
        let DeValue::Array(array) = item.get_ref() else {
            self.type_error(item, key, "an array of strings");
            return Vec::new();
        };
        array
            .iter()
            .filter_map(|element| self.string(element, key))
            .collect()
    }

    /// One of a fixed set of words, with the closest one suggested on a typo.
    pub fn choice<T: Copy>(
        &mut self,
        item: &Item<'_>,
        key: &str,
        options: &[(&str, T)],
    ) -> Option<T> {
        let text = self.string(item, key)?;
        if let Some((_, value)) = options.iter().find(|(name, _)| *name == text) {
            return Some(*value);
        }
        let names: Vec<&str> = options.iter().map(|(name, _)| *name).collect();
        let message = format!("unknown {key} `{text}`");
        match did_you_mean(&text, names.iter().copied()) {
            Some(close) => self.error_with_help(
                item.span(),
                message,
                format!(
                    "did you mean `{close}`? expected one of {}",
                    quoted_list(&names)
                ),
            ),
            None => self.error_with_help(
                item.span(),
                message,
                format!("expected one of {}", quoted_list(&names)),
            ),
        }
        None
    }
}

/// The largest magnitude of a money value (SPEC v2 §3).
pub const MAX_MONEY: i64 = 1_000_000_000_000_000;
/// The most significant digits a money value may have (SPEC v2 §3).
pub const MAX_SIGNIFICANT_DIGITS: usize = 18;

/// Digits of a TOML decimal's mantissa from the first non-zero digit to the last:
/// `0.00120` and `1_200` both have 2.
fn significant_digits(text: &str) -> usize {
    let mantissa = text.split(['e', 'E']).next().unwrap_or(text);
    let digits: Vec<u8> = mantissa.bytes().filter(u8::is_ascii_digit).collect();
    let first = digits.iter().position(|digit| *digit != b'0');
    let last = digits.iter().rposition(|digit| *digit != b'0');
    match (first, last) {
        (Some(first), Some(last)) => last - first + 1,
        _ => 0,
    }
}

pub fn quoted_list(words: &[&str]) -> String {
    words
        .iter()
        .map(|word| format!("`{word}`"))
        .collect::<Vec<_>>()
        .join(", ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_significant_digits_of_the_mantissa() {
        assert_eq!(significant_digits("41_500_000"), 3);
        assert_eq!(significant_digits("-0.00120"), 2);
        assert_eq!(significant_digits("1.7e308"), 2);
        assert_eq!(significant_digits("0"), 0);
        assert_eq!(significant_digits("123456789.0123456789"), 19);
    }
}
