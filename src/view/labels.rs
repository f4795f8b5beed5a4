//! The site's words and number formats, as every view uses them: a label for a machine
//! key (`quadrant.strategic` → "Strategisk"), scores, weights, money and percentages
//! formatted for the site's language, and the dash that stands for "not available".
//!
//! Not here: which values a page shows (the page views) or the strings themselves
//! (`i18n`).

use crate::amount::Amount;
use crate::config::Config;
use crate::i18n::{Format, Strings};

/// Formats and labels for one site, shared by every view builder.
pub struct Labels<'a> {
    pub strings: &'a Strings,
    pub format: Format<'a>,
}

impl<'a> Labels<'a> {
    pub fn new(config: &'a Config) -> Labels<'a> {
        Labels {
            strings: Strings::for_language(config.language),
            format: Format {
                language: config.language,
                currency: &config.currency,
            },
        }
    }

    /// The interface string at `key`.
    pub fn t(&self, key: &str) -> String {
        self.strings.get(key).to_string()
    }

    /// The interface string at `key` with its `{name}` placeholders filled in.
    pub fn fill(&self, key: &str, values: &[(&str, &str)]) -> String {
        self.strings.fill(key, values)
    }

    /// `n` and its noun, e.g. "1 key account", "3 key accounts" (`count.*` strings).
    pub fn count(&self, noun: &str, n: usize) -> String {
        self.strings.count(&format!("count.{noun}"), n as u64)
    }

    pub fn label(&self, group: &str, key: &str) -> String {
        self.strings.get(&format!("{group}.{key}")).to_string()
    }

    /// A value or the dash that stands for "not available".
    pub fn or_dash(&self, value: Option<String>) -> String {
        value.unwrap_or_else(|| "–".to_string())
    }

    pub fn score(&self, value: f64) -> String {
        self.format.number(value, 1)
    }

    /// A factor weight as written: whole numbers without decimals.
    pub fn weight(&self, weight: f64) -> String {
        self.format
            .number(weight, if weight.fract() == 0.0 { 0 } else { 2 })
    }

    pub fn money(&self, amount: Option<Amount>) -> String {
        self.or_dash(amount.map(|amount| self.format.money(amount)))
    }

    pub fn percent(&self, fraction: Option<f64>) -> String {
        self.or_dash(fraction.map(|fraction| self.format.percent(fraction)))
    }

    pub fn change(&self, fraction: Option<f64>) -> String {
        self.or_dash(fraction.map(|fraction| self.format.change(fraction)))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn missing_values_show_a_dash() {
        let config = Config::with_title("T");
        let labels = Labels::new(&config);
        assert_eq!(labels.percent(None), "–");
        assert_eq!(labels.percent(Some(0.236)), "23,6\u{a0}%");
    }
}
