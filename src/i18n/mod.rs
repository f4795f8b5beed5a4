//! Interface strings and number, money, percent and date formats for sv and en.
//!
//! The strings live in `sv.toml` and `en.toml` beside this file, compiled in. Templates see
//! them as `t` (for example `{{ t.quadrant.strategic }}`); Rust code looks them up with
//! [`Strings::get`]. A test keeps the two tables' keys identical.
//!
//! Not here: which sentence a page shows (`view`).

use std::collections::BTreeMap;
use std::sync::LazyLock;

use time::Date;

use crate::amount::Amount;
use crate::config::Language;

const SV: &str = include_str!("sv.toml");
const EN: &str = include_str!("en.toml");

pub struct Strings {
    flat: BTreeMap<String, String>,
    tree: serde_json::Value,
}

fn flatten(prefix: &str, value: &toml::Value, out: &mut BTreeMap<String, String>) {
    match value {
        toml::Value::Table(table) => {
            for (key, value) in table {
                let path = if prefix.is_empty() {
                    key.clone()
                } else {
                    format!("{prefix}.{key}")
                };
                flatten(&path, value, out);
            }
        }
        toml::Value::String(text) => {
            out.insert(prefix.to_string(), text.clone());
        }
        other => {
            out.insert(prefix.to_string(), other.to_string());
        }
    }
}

impl Strings {
    fn parse(source: &str) -> Strings {
        // The tables are part of the binary and covered by tests, so a parse failure is a
        // bug in kam, not bad user input.
        let value: toml::Value =
            toml::from_str(source).unwrap_or_else(|error| panic!("i18n table: {error}"));
        let mut flat = BTreeMap::new();
        flatten("", &value, &mut flat);
        let tree = serde_json::to_value(&value).unwrap_or(serde_json::Value::Null);
        Strings { flat, tree }
    }

    pub fn for_language(language: Language) -> &'static Strings {
        static SV_STRINGS: LazyLock<Strings> = LazyLock::new(|| Strings::parse(SV));
        static EN_STRINGS: LazyLock<Strings> = LazyLock::new(|| Strings::parse(EN));
        match language {
            Language::Sv => &SV_STRINGS,
            Language::En => &EN_STRINGS,
        }
    }

    /// The string for a dotted key; a missing key shows itself rather than failing a build.
    pub fn get<'a>(&'a self, key: &'a str) -> &'a str {
        self.flat.get(key).map_or(key, String::as_str)
    }

    /// The string with `{name}` placeholders filled in, in one pass: a value is never read
    /// for placeholders itself, so a name or note that contains `{n}` stays as written. A
    /// placeholder without a value stays too.
    pub fn fill(&self, key: &str, values: &[(&str, &str)]) -> String {
        let template = self.get(key);
        let mut text = String::with_capacity(
            template.len() + values.iter().map(|(_, value)| value.len()).sum::<usize>(),
        );
        let mut rest = template;
        while let Some(open) = memchr::memchr(b'{', rest.as_bytes()) {
            text.push_str(&rest[..open]);
            rest = &rest[open..];
            let filled = memchr::memchr(b'}', rest.as_bytes()).and_then(|close| {
                let name = &rest[1..close];
                let (_, value) = values.iter().find(|(known, _)| *known == name)?;
                Some((close, value))
            });
            match filled {
                Some((close, value)) => {
                    text.push_str(value);
                    rest = &rest[close + 1..];
                }
                None => {
                    text.push('{');
                    rest = &rest[1..];
                }
            }
        }
        text.push_str(rest);
        text
    }

    /// `n` with its noun in the right number: the string under `key` is `singular|plural`,
    /// each with `{n}` where the number goes. Both languages kam speaks use the singular
    /// for exactly one and the plural otherwise (0 included).
    pub fn count(&self, key: &str, n: u64) -> String {
        let forms = self.get(key);
        let (one, other) = forms.split_once('|').unwrap_or((forms, forms));
        let form = if n == 1 { one } else { other };
        form.replace("{n}", &n.to_string())
    }

    pub fn keys(&self) -> impl Iterator<Item = &str> {
        self.flat.keys().map(String::as_str)
    }

    /// The whole table, nested, for templates.
    pub fn tree(&self) -> &serde_json::Value {
        &self.tree
    }
}

/// `n` and a noun for the terminal, which speaks English whatever the site's language:
/// "1 chapter", "0 chapters", "2 chapters".
pub fn terminal_count(n: usize, singular: &str, plural: &str) -> String {
    format!("{n} {}", if n == 1 { singular } else { plural })
}

/// `value` with `decimals` decimals, a tie rounded away from zero (SPEC v2 §4a). The f64
/// is read as the shortest decimal that reads back as it, which is the value written in
/// the files or the exact result whenever that has at most 15 significant digits; so 6.25
/// shows as 6.3 and 0.125 as 0.13, where binary rounding would give 6.2 and 0.12.
fn rounded_half_away(value: f64, decimals: usize) -> String {
    // Away from a tie, half-away rounding and the standard library's (correctly rounded
    // from the exact binary value) agree. Below 10^9 the scaled value is off by less than
    // 10^-7, so a fraction further than 10^-6 from one half is no tie; only near one is
    // the exact decimal needed.
    if decimals <= 6 && value.is_finite() {
        let scaled = value.abs() * 10f64.powi(decimals as i32);
        if scaled < 1e9 && (scaled - scaled.floor() - 0.5).abs() > 1e-6 {
            return format!("{value:.decimals$}");
        }
    }
    exactly_rounded(value, decimals)
}

/// Below 2^53 every whole float is an exact integer that `i64` holds.
const WHOLE_EXACT: f64 = 9_007_199_254_740_992.0;

fn exactly_rounded(value: f64, decimals: usize) -> String {
    let places = u32::try_from(decimals).unwrap_or(u32::MAX);
    match rust_decimal::Decimal::try_from(value) {
        Ok(exact) if decimals <= 20 => {
            let mut rounded = exact.round_dp_with_strategy(
                places,
                rust_decimal::RoundingStrategy::MidpointAwayFromZero,
            );
            rounded.rescale(places);
            rounded.to_string()
        }
        _ => format!("{value:.decimals$}"),
    }
}

/// Formats numbers, money, percentages and dates the way readers of a language expect.
#[derive(Debug, Clone, Copy)]
pub struct Format<'a> {
    pub language: Language,
    pub currency: &'a str,
}

const NBSP: char = '\u{a0}';
const MINUS: char = '\u{2212}';

impl Format<'_> {
    fn separators(&self) -> (char, char) {
        match self.language {
            Language::Sv => (NBSP, ','),
            Language::En => (',', '.'),
        }
    }

    /// `value` with `decimals` decimals and grouped thousands; a typographic minus.
    pub fn number(&self, value: f64, decimals: usize) -> String {
        let mut out = String::with_capacity(24);
        self.push_number(&mut out, value, decimals);
        out
    }

    /// [`Format::number`] written onto `out`: pages at scale format hundreds of thousands
    /// of numbers, and each allocation and formatting pass counts.
    fn push_number(&self, out: &mut String, value: f64, decimals: usize) {
        let (group, point) = self.separators();
        let magnitude = value.abs();
        let mut digits = itoa::Buffer::new();
        let rounded;
        let (whole, fraction, zeros) =
            if magnitude.fract() == 0.0 && magnitude < WHOLE_EXACT && decimals <= 20 {
                // Whole amounts, the most common value by far, need no rounding: converting
                // a float to an exact decimal is most of the cost of a page's numbers.
                (digits.format(magnitude as u64), "", decimals)
            } else {
                rounded = rounded_half_away(magnitude, decimals);
                let (whole, fraction) = rounded.split_once('.').unwrap_or((&rounded, ""));
                (whole, fraction, 0)
            };
        let shows_nonzero = |text: &str| text.bytes().any(|b| b.is_ascii_digit() && b != b'0');
        if value < 0.0 && (shows_nonzero(whole) || shows_nonzero(fraction)) {
            out.push(MINUS);
        }
        for (index, digit) in whole.chars().enumerate() {
            if index > 0 && (whole.len() - index) % 3 == 0 {
                out.push(group);
            }
            out.push(digit);
        }
        if !fraction.is_empty() || zeros > 0 {
            out.push(point);
            out.push_str(fraction);
            out.extend(std::iter::repeat_n('0', zeros));
        }
    }

    /// Whole currency units: `41 500 000 kr` in Swedish, `SEK 41,500,000` in English.
    pub fn money(&self, amount: Amount) -> String {
        let mut out = String::with_capacity(32);
        match self.language {
            Language::Sv => {
                self.push_number(&mut out, amount.as_f64(), 0);
                out.push(NBSP);
                out.push_str(if self.currency == "SEK" {
                    "kr"
                } else {
                    self.currency
                });
            }
            Language::En => {
                out.push_str(self.currency);
                out.push(NBSP);
                self.push_number(&mut out, amount.as_f64(), 0);
            }
        }
        out
    }

    /// A fraction as a percentage with one decimal: `23,6 %` or `23.6%`.
    pub fn percent(&self, fraction: f64) -> String {
        let mut out = String::with_capacity(16);
        self.push_number(&mut out, fraction * 100.0, 1);
        if self.language == Language::Sv {
            out.push(NBSP);
        }
        out.push('%');
        out
    }

    /// A change as a signed percentage: `+8,0 %`, `−12,3 %`.
    pub fn change(&self, fraction: f64) -> String {
        let text = self.percent(fraction);
        if fraction > 0.0 && !text.starts_with(MINUS) {
            format!("+{text}")
        } else {
            text
        }
    }

    pub fn date(&self, date: Date) -> String {
        match self.language {
            Language::Sv => format!("{}", date),
            Language::En => {
                const MONTHS: [&str; 12] = [
                    "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov",
                    "Dec",
                ];
                let month = MONTHS[usize::from(u8::from(date.month())) - 1];
                format!("{} {} {}", date.day(), month, date.year())
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    proptest::proptest! {
        /// The shortcut away from ties writes what exact rounding writes, near ties too.
        #[test]
        fn fractions_round_as_exact_decimals_do(
            value in -1e9f64..1e9f64,
            hundredths in -100_000_000i64..100_000_000i64,
            decimals in 0usize..7,
        ) {
            let near_ties = [
                hundredths as f64 / 100.0,
                hundredths as f64 / 1000.0 + 0.0005,
                (hundredths as f64 + 0.5) / 10.0,
            ];
            for value in [value, value / 1e6, value / 1e9].into_iter().chain(near_ties) {
                proptest::prop_assert_eq!(
                    rounded_half_away(value.abs(), decimals),
                    exactly_rounded(value.abs(), decimals)
                );
            }
        }

        /// The shortcut for whole numbers writes what exact rounding writes.
        #[test]
        fn whole_numbers_round_as_exact_decimals_do(
            whole in -9_007_199_254_740_991i64..9_007_199_254_740_991i64,
            small in -100_000_000i64..100_000_000i64,
            decimals in 0usize..4,
        ) {
            for value in [whole as f64, small as f64, (small as f64).abs()] {
                proptest::prop_assert_eq!(
                    rounded_half_away(value.abs(), decimals),
                    exactly_rounded(value.abs(), decimals)
                );
            }
        }
    }

    /// What [`Format::number`] writes, by definition: the rounded decimal, its whole part
    /// grouped, and a minus when a digit other than zero shows.
    fn number_by_definition(format: &Format, value: f64, decimals: usize) -> String {
        let (group, point) = format.separators();
        let rounded = exactly_rounded(value.abs(), decimals);
        let (whole, fraction) = rounded.split_once('.').unwrap_or((&rounded, ""));
        let mut grouped = String::new();
        for (index, digit) in whole.chars().enumerate() {
            if index > 0 && (whole.len() - index) % 3 == 0 {
                grouped.push(group);
            }
            grouped.push(digit);
        }
        let negative = value < 0.0 && rounded.chars().any(|c| c.is_ascii_digit() && c != '0');
        let sign = if negative {
            MINUS.to_string()
        } else {
            String::new()
        };
        let fraction = if fraction.is_empty() {
            String::new()
        } else {
            format!("{point}{fraction}")
        };
        format!("{sign}{grouped}{fraction}")
    }

    proptest::proptest! {
        #[test]
        fn numbers_are_written_as_defined(
            whole in -9_007_199_254_740_991i64..9_007_199_254_740_991i64,
            thousandths in -1_000_000_000i64..1_000_000_000i64,
            decimals in 0usize..4,
            english: bool,
        ) {
            let format = Format {
                language: if english { Language::En } else { Language::Sv },
                currency: "SEK",
            };
            let values = [whole as f64, thousandths as f64 / 1000.0, -0.0, 0.0, 0.0004];
            for value in values {
                proptest::prop_assert_eq!(
                    format.number(value, decimals),
                    number_by_definition(&format, value, decimals)
                );
            }
        }
    }

    #[test]
    fn placeholders_are_filled_once_and_values_are_not_read_for_more() {
        let strings = Strings::for_language(Language::En);
        let key = strings
            .keys()
            .find(|key| strings.get(key).matches('{').count() >= 2)
            .expect("a string with two placeholders");
        let names: Vec<String> = strings
            .get(key)
            .split('{')
            .skip(1)
            .filter_map(|part| part.split_once('}').map(|(name, _)| name.to_string()))
            .collect();
        let values: Vec<(&str, &str)> = names
            .iter()
            .map(|name| (name.as_str(), "{n} & {x}"))
            .collect();
        let filled = strings.fill(key, &values);
        assert_eq!(
            filled.matches("{n} & {x}").count(),
            strings.get(key).matches('{').count()
        );
        let unknown = strings.fill(key, &[]);
        assert_eq!(unknown, strings.get(key));
    }

    #[test]
    fn both_languages_have_the_same_keys() {
        let sv: Vec<_> = Strings::for_language(Language::Sv).keys().collect();
        let en: Vec<_> = Strings::for_language(Language::En).keys().collect();
        assert_eq!(sv, en);
    }

    #[test]
    fn every_count_has_a_singular_and_a_plural_with_the_number() {
        for language in [Language::Sv, Language::En] {
            let strings = Strings::for_language(language);
            for key in strings.keys().filter(|key| key.starts_with("count.")) {
                let forms: Vec<&str> = strings.get(key).split('|').collect();
                assert_eq!(forms.len(), 2, "{key}");
                assert!(forms.iter().all(|form| form.contains("{n}")), "{key}");
            }
        }
        let en = Strings::for_language(Language::En);
        assert_eq!(en.count("count.days", 0), "0 days");
        assert_eq!(en.count("count.days", 1), "1 day");
        assert_eq!(en.count("count.days", 2), "2 days");
        let sv = Strings::for_language(Language::Sv);
        assert_eq!(sv.count("count.key_accounts", 1), "1 nyckelkund");
        assert_eq!(sv.count("count.key_accounts", 12), "12 nyckelkunder");
    }

    #[test]
    fn swedish_formats() {
        let format = Format {
            language: Language::Sv,
            currency: "SEK",
        };
        assert_eq!(
            format.money(Amount::Int(41_500_000)),
            "41\u{a0}500\u{a0}000\u{a0}kr"
        );
        assert_eq!(format.percent(0.236), "23,6\u{a0}%");
        assert_eq!(format.change(-0.123), "\u{2212}12,3\u{a0}%");
        assert_eq!(
            format.money(Amount::Int(-1_200_000)),
            "\u{2212}1\u{a0}200\u{a0}000\u{a0}kr"
        );
        assert_eq!(format.number(-0.04, 1), "0,0");
        // Ties go away from zero, on the decimal value rather than its binary neighbour.
        assert_eq!(format.number(6.25, 1), "6,3");
        assert_eq!(format.number(0.125, 2), "0,13");
        assert_eq!(format.number(-2.5, 0), "\u{2212}3");
        assert!(
            format.number(1e300, 0).len() > 300,
            "huge values fall back to plain digits"
        );
    }

    #[test]
    fn english_formats() {
        let format = Format {
            language: Language::En,
            currency: "SEK",
        };
        assert_eq!(format.money(Amount::Int(41_500_000)), "SEK\u{a0}41,500,000");
        assert_eq!(format.percent(0.236), "23.6%");
        assert_eq!(format.change(0.08), "+8.0%");
        assert_eq!(format.number(999.5, 0), "1,000");
        assert_eq!(
            format.date(Date::from_calendar_date(2026, time::Month::November, 27).unwrap()),
            "27 Nov 2026"
        );
    }
}
