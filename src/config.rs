//! kam.toml (SPEC §2): the site's settings, typed, with SPEC defaults.
//!
//! Validation lives here and nowhere else: analysis may assume weights are positive and
//! finite, cut-offs are in range and the factor lists are non-empty.

use std::ops::Range;
use std::path::Path;

use time::Date;

use crate::diagnostics::{Diagnostic, SourceFile};
use crate::fields::{FieldReader, Table};

pub const CONFIG_FILE: &str = "kam.toml";

#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Language {
    Sv,
    En,
}

impl Language {
    pub fn code(self) -> &'static str {
        match self {
            Language::Sv => "sv",
            Language::En => "en",
        }
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct Factor {
    pub name: String,
    pub weight: f64,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Segmentation {
    pub attractiveness_cutoff: f64,
    pub strength_cutoff: f64,
    /// Upper bounds of the cumulative revenue share ahead of an account for classes A and B.
    pub abc_cutoffs: [f64; 2],
    /// In the order kam.toml lists them, which is also the order every page shows them.
    pub attractiveness_weights: Vec<Factor>,
    pub strength_weights: Vec<Factor>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct PlanSettings {
    pub due_soon_days: i64,
    pub red_overdue_days: i64,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Config {
    pub title: String,
    pub language: Language,
    pub base_url: String,
    pub currency: String,
    pub theme: String,
    pub today: Option<Date>,
    pub reference_year: Option<i32>,
    pub segmentation: Segmentation,
    pub plan: PlanSettings,
    /// `[import.columns]` (SPEC §13): export column header → field, in file order.
    pub import_columns: Vec<(String, crate::import::Field)>,
}

fn default_factors(pairs: &[(&str, f64)]) -> Vec<Factor> {
    pairs
        .iter()
        .map(|(name, weight)| Factor {
            name: name.to_string(),
            weight: *weight,
        })
        .collect()
}

impl Default for Segmentation {
    fn default() -> Self {
        Segmentation {
            attractiveness_cutoff: 5.0,
            strength_cutoff: 5.0,
            abc_cutoffs: [0.80, 0.95],
            attractiveness_weights: default_factors(&[
                ("volume", 30.0),
                ("growth", 25.0),
                ("margin", 20.0),
                ("strategic_fit", 25.0),
            ]),
            strength_weights: default_factors(&[
                ("product", 30.0),
                ("service", 25.0),
                ("price", 15.0),
                ("relationship", 30.0),
            ]),
        }
    }
}

impl Default for PlanSettings {
    fn default() -> Self {
        PlanSettings {
            due_soon_days: 14,
            red_overdue_days: 30,
        }
    }
}

impl Config {
    /// A configuration with every SPEC default and the given title.
    pub fn with_title(title: &str) -> Self {
        Config {
            title: title.to_string(),
            language: Language::Sv,
            base_url: "/".to_string(),
            currency: "SEK".to_string(),
            theme: "default".to_string(),
            today: None,
            reference_year: None,
            segmentation: Segmentation::default(),
            plan: PlanSettings::default(),
            import_columns: Vec::new(),
        }
    }

    /// Reads `<root>/kam.toml`. Every problem in it comes back at once.
    pub fn load(root: &Path) -> Result<Config, Vec<Diagnostic>> {
        let path = root.join(CONFIG_FILE);
        let text = match std::fs::read(&path) {
            Ok(bytes) => match String::from_utf8(bytes) {
                Ok(text) => text,
                Err(_) => {
                    return Err(vec![Diagnostic::whole_file(
                        CONFIG_FILE,
                        "kam.toml is not valid UTF-8 text",
                    )]);
                }
            },
            Err(error) => {
                return Err(vec![
                    Diagnostic::whole_file(
                        CONFIG_FILE,
                        format!("cannot read kam.toml in {}: {error}", root.display()),
                    )
                    .with_help("run kam in a site folder, or pass --root DIR"),
                ]);
            }
        };
        let file = SourceFile::new(CONFIG_FILE, text);
        let themes_dir = root.join("themes");

        parse(&file, &|name| themes_dir.join(name).is_dir())
    }
}

/// Parses kam.toml text; `theme_exists` says whether a non-default theme folder is present.
pub fn parse(
    file: &SourceFile,
    theme_exists: &dyn Fn(&str) -> bool,
) -> Result<Config, Vec<Diagnostic>> {
    let mut reader = FieldReader::new(file, 0);
    let Some(document) = reader.parse(&file.text) else {
        return Err(reader.diagnostics);
    };
    let root = document.get_ref();
    reader.check_keys(
        root,
        &[
            "title",
            "language",
            "base_url",
            "currency",
            "theme",
            "today",
            "reference_year",
            "segmentation",
            "plan",
            "import",
        ],
        "kam.toml",
    );
    let mut config = Config::with_title("");
    config.title = reader
        .require_top(root, "title", "kam.toml")
        .and_then(|item| reader.non_empty_string(item, "title"))
        .unwrap_or_default();
    if let Some(item) = root.get("language")
        && let Some(language) = reader.choice(
            item,
            "language",
            &[("sv", Language::Sv), ("en", Language::En)],
        )
    {
        config.language = language;
    }
    if let Some(text) = root
        .get("base_url")
        .and_then(|item| reader.string(item, "base_url"))
    {
        config.base_url = text;
    }
    if let Some(item) = root.get("currency")
        && let Some(text) = reader.non_empty_string(item, "currency")
    {
        config.currency = text;
    }
    if let Some(item) = root.get("theme")
        && let Some(name) = reader.non_empty_string(item, "theme")
    {
        if name != "default" && !theme_exists(&name) {
            reader.error_with_help(
                item.span(),
                format!("theme `{name}` not found"),
                format!("put it in themes/{name}/ or use theme = \"default\""),
            );
        }
        config.theme = name;
    }
    if let Some(item) = root.get("today") {
        config.today = reader.date(item, "today");
    }
    if let Some(item) = root.get("reference_year")
        && let Some(year) = reader.integer(item, "reference_year")
    {
        match i32::try_from(year) {
            Ok(year) if (1..=9999).contains(&year) => config.reference_year = Some(year),
            _ => reader.error(item.span(), format!("reference_year {year} is not a year")),
        }
    }
    if let Some(item) = root.get("segmentation")
        && let Some(table) = reader.table(item, "segmentation")
    {
        read_segmentation(&mut reader, table, &mut config.segmentation);
    }
    if let Some(item) = root.get("plan")
        && let Some(table) = reader.table(item, "plan")
    {
        read_plan(&mut reader, table, &mut config.plan);
    }
    if let Some(item) = root.get("import")
        && let Some(table) = reader.table(item, "import")
    {
        config.import_columns = read_import(&mut reader, table);
    }
    if reader.diagnostics.is_empty() {
        Ok(config)
    } else {
        Err(reader.diagnostics)
    }
}

fn read_segmentation(reader: &mut FieldReader, table: &Table, segmentation: &mut Segmentation) {
    reader.check_keys(
        table,
        &[
            "attractiveness_cutoff",
            "strength_cutoff",
            "abc_cutoffs",
            "attractiveness_weights",
            "strength_weights",
        ],
        "[segmentation]",
    );
    for (key, slot) in [
        (
            "attractiveness_cutoff",
            &mut segmentation.attractiveness_cutoff,
        ),
        ("strength_cutoff", &mut segmentation.strength_cutoff),
    ] {
        if let Some(value) = table
            .get(key)
            .and_then(|item| reader.number_in(item, key, 0.0, 10.0))
        {
            *slot = value;
        }
    }
    if let Some(item) = table.get("abc_cutoffs")
        && let Some(cutoffs) = read_abc_cutoffs(reader, item)
    {
        segmentation.abc_cutoffs = cutoffs;
    }
    for (key, slot) in [
        (
            "attractiveness_weights",
            &mut segmentation.attractiveness_weights,
        ),
        ("strength_weights", &mut segmentation.strength_weights),
    ] {
        if let Some(item) = table.get(key)
            && let Some(weights) = reader.table(item, key)
            && let Some(factors) = read_weights(reader, weights, item.span(), key)
        {
            *slot = factors;
        }
    }
}

fn read_abc_cutoffs(reader: &mut FieldReader, item: &crate::fields::Item) -> Option<[f64; 2]> {
    let toml::de::DeValue::Array(array) = item.get_ref() else {
        reader.error(
            item.span(),
            "`abc_cutoffs` must be an array of two numbers, like [0.80, 0.95]",
        );
        return None;
    };
    let values: Vec<f64> = array
        .iter()
        .filter_map(|element| reader.number(element, "abc_cutoffs"))
        .collect();
    match values.as_slice() {
        [a, b] if 0.0 < *a && a <= b && *b <= 1.0 => Some([*a, *b]),
        [_, _] => {
            reader.error_with_help(
                item.span(),
                "`abc_cutoffs` must satisfy 0 < A <= B <= 1",
                "shares are fractions: [0.80, 0.95] means 80 % and 95 %",
            );
            None
        }
        _ if values.len() == array.len() => {
            reader.error(
                item.span(),
                "`abc_cutoffs` must hold exactly two numbers, like [0.80, 0.95]",
            );
            None
        }
        _ => None,
    }
}

fn read_weights(
    reader: &mut FieldReader,
    table: &Table,
    span: Range<usize>,
    key: &str,
) -> Option<Vec<Factor>> {
    if table.is_empty() {
        reader.error(
            span,
            format!("[segmentation.{key}] must name at least one factor"),
        );
        return None;
    }
    let mut factors = Vec::new();
    let mut valid = true;
    for (name, item) in table.iter() {
        let name = name.get_ref().to_string();
        match reader.number(item, &name) {
            Some(weight) if weight > 0.0 => factors.push(Factor { name, weight }),
            Some(weight) => {
                reader.error(
                    item.span(),
                    format!("weight of `{name}` is {weight}; a weight must be > 0"),
                );
                valid = false;
            }
            None => valid = false,
        }
    }
    valid.then_some(factors)
}

fn read_plan(reader: &mut FieldReader, table: &Table, plan: &mut PlanSettings) {
    reader.check_keys(table, &["due_soon_days", "red_overdue_days"], "[plan]");
    for (key, slot) in [
        ("due_soon_days", &mut plan.due_soon_days),
        ("red_overdue_days", &mut plan.red_overdue_days),
    ] {
        if let Some(item) = table.get(key) {
            match reader.integer(item, key) {
                Some(days) if (0..=3650).contains(&days) => *slot = days,
                Some(days) => reader.error(
                    item.span(),
                    format!("`{key}` is {days}; use 0 to 3650 days"),
                ),
                None => {}
            }
        }
    }
}

fn read_import(reader: &mut FieldReader, table: &Table) -> Vec<(String, crate::import::Field)> {
    reader.check_keys(table, &["columns"], "[import]");
    let Some(item) = table.get("columns") else {
        return Vec::new();
    };
    let Some(columns) = reader.table(item, "columns") else {
        return Vec::new();
    };
    let mut mapped: Vec<(String, crate::import::Field)> = Vec::new();
    for (header, item) in columns.iter() {
        let header = header.get_ref().trim().to_string();
        let Some(field) = reader.choice(item, "import field", &crate::import::Field::ALL) else {
            continue;
        };
        if header.is_empty() {
            reader.error(item.span(), "a column header must not be empty");
        } else if let Some((first, _)) = mapped.iter().find(|(_, known)| *known == field) {
            reader.error_with_help(
                item.span(),
                format!("`{}` is mapped twice", field.key()),
                format!("column \"{first}\" already maps to it"),
            );
        } else {
            mapped.push((header, field));
        }
    }
    mapped
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse_text(text: &str) -> Result<Config, Vec<Diagnostic>> {
        parse(&SourceFile::new("kam.toml", text.to_string()), &|_| false)
    }

    #[test]
    fn defaults_follow_the_spec() {
        let config = parse_text("title = \"T\"\n").expect("valid");
        assert_eq!(config.language, Language::Sv);
        assert_eq!(config.segmentation.abc_cutoffs, [0.80, 0.95]);
        assert_eq!(config.segmentation.attractiveness_weights.len(), 4);
        assert_eq!(config.plan.due_soon_days, 14);
        assert_eq!(config.plan.red_overdue_days, 30);
    }

    #[test]
    fn unknown_keys_get_a_suggestion() {
        let errors = parse_text("title = \"T\"\nlanguge = \"en\"\n").unwrap_err();
        assert_eq!(errors.len(), 1);
        assert_eq!((errors[0].line, errors[0].column), (2, 1));
        assert_eq!(errors[0].help.as_deref(), Some("did you mean `language`?"));
    }

    #[test]
    fn weights_keep_file_order_and_replace_defaults() {
        let config =
            parse_text("title = \"T\"\n[segmentation.strength_weights]\nzeta = 1\nalpha = 2.5\n")
                .expect("valid");
        let names: Vec<_> = config
            .segmentation
            .strength_weights
            .iter()
            .map(|factor| factor.name.as_str())
            .collect();
        assert_eq!(names, ["zeta", "alpha"]);
    }

    #[test]
    fn import_columns_are_read_in_order_and_checked() {
        let config = parse_text(
            "title = \"T\"\n[import.columns]\n\"Kund\" = \"name\"\n\"Försäljning 2025\" = \"revenue\"\n",
        )
        .expect("valid");
        assert_eq!(
            config.import_columns,
            [
                ("Kund".to_string(), crate::import::Field::Name),
                (
                    "Försäljning 2025".to_string(),
                    crate::import::Field::Revenue
                )
            ]
        );
        let errors = parse_text(
            "title = \"T\"\n[import]\ncolums = 1\n[import.columns]\n\"A\" = \"revenu\"\n",
        )
        .unwrap_err();
        assert_eq!(errors.len(), 2, "{errors:#?}");
        assert_eq!(errors[0].help.as_deref(), Some("did you mean `columns`?"));
        assert!(
            errors[1]
                .help
                .as_deref()
                .is_some_and(|help| help.starts_with("did you mean `revenue`?")),
            "{errors:#?}"
        );
    }

    #[test]
    fn every_problem_is_reported() {
        let errors = parse_text(
            "language = \"fi\"\n[segmentation]\nabc_cutoffs = [0.9, 0.5]\n[segmentation.attractiveness_weights]\nvolume = 0\n",
        )
        .unwrap_err();
        assert_eq!(errors.len(), 4, "{errors:#?}");
    }
}
