//! kam.toml (SPEC §2): the site's settings, typed, with SPEC defaults.
//!
//! Validation lives here and nowhere else: analysis may assume weights are positive and
//! finite, cut-offs are in range and the factor lists are non-empty.
//!
//! Not here: reading accounts (`content`), or the date a build is judged on (`today`).

use std::ops::Range;
use std::path::Path;

use rust_decimal::Decimal;
use time::Date;

use crate::diagnostics::{Diagnostic, SourceFile};
use crate::fields::{FieldReader, Table};

pub const CONFIG_FILE: &str = "kam.toml";

/// The largest weight a factor may have (SPEC v2 §2), so no sum of weights overflows.
pub const MAX_WEIGHT: i64 = 1_000_000;

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
    /// Exact as written (SPEC v2 §4a).
    pub weight: Decimal,
    /// How pages name the factor: `[segmentation.labels]`, else the key made readable.
    pub label: String,
}

/// A factor key as a reader would write it: `strategic_fit` → "Strategic fit" (SPEC §2).
pub fn readable(key: &str) -> String {
    let spaced = key.replace('_', " ");
    let mut chars = spaced.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => spaced,
    }
}

/// One link of the value chain (SPEC v2 §11), upstream first.
#[derive(Debug, Clone, PartialEq)]
pub struct ChainStage {
    pub id: String,
    pub label: String,
}

/// `[alerts]` (SPEC v2 §2).
#[derive(Debug, Clone, PartialEq)]
pub struct AlertSettings {
    /// Growth at or below this raises revenue_decline; -1 < x < 0.
    pub revenue_decline: Decimal,
}

impl Default for AlertSettings {
    fn default() -> Self {
        AlertSettings {
            revenue_decline: Decimal::new(-10, 2),
        }
    }
}

/// `[history]` (SPEC v2 §12).
#[derive(Debug, Clone, PartialEq)]
pub struct HistorySettings {
    pub git: bool,
    pub compare_days: i64,
}

impl Default for HistorySettings {
    fn default() -> Self {
        HistorySettings {
            git: true,
            compare_days: 90,
        }
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct Segmentation {
    /// Cut-offs and weights are exact decimals, so a score exactly at a cut-off is high
    /// whatever the order of the weights (SPEC v2 §4a).
    pub attractiveness_cutoff: Decimal,
    pub strength_cutoff: Decimal,
    /// Upper bounds of the cumulative revenue share ahead of an account for classes A and B.
    pub abc_cutoffs: [Decimal; 2],
    /// In the order kam.toml lists them, which is also the order every page shows them.
    pub attractiveness_weights: Vec<Factor>,
    pub strength_weights: Vec<Factor>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct PlanSettings {
    pub due_soon_days: i64,
    pub red_overdue_days: i64,
    /// A plan not reviewed for more than this many days is stale (SPEC v2 §6).
    pub stale_days: i64,
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
    /// Where kam.toml sets `reference_year` (line, column), for the warning when no account
    /// reports that year.
    pub reference_year_at: Option<(usize, usize)>,
    pub segmentation: Segmentation,
    pub plan: PlanSettings,
    pub alerts: AlertSettings,
    /// Empty when kam.toml has no `[chain]`.
    pub chain: Vec<ChainStage>,
    pub history: HistorySettings,
    /// `[import.columns]` (SPEC §13): export column header → field, in file order.
    pub import_columns: Vec<(String, crate::import::Field)>,
}

fn default_factors(pairs: &[(&str, i64)]) -> Vec<Factor> {
    pairs
        .iter()
        .map(|(name, weight)| Factor {
            name: name.to_string(),
            weight: Decimal::from(*weight),
            label: readable(name),
        })
        .collect()
}

impl Default for Segmentation {
    fn default() -> Self {
        Segmentation {
            attractiveness_cutoff: Decimal::from(5),
            strength_cutoff: Decimal::from(5),
            abc_cutoffs: [Decimal::new(80, 2), Decimal::new(95, 2)],
            attractiveness_weights: default_factors(&[
                ("volume", 30),
                ("growth", 25),
                ("margin", 20),
                ("strategic_fit", 25),
            ]),
            strength_weights: default_factors(&[
                ("product", 30),
                ("service", 25),
                ("price", 15),
                ("relationship", 30),
            ]),
        }
    }
}

impl Default for PlanSettings {
    fn default() -> Self {
        PlanSettings {
            due_soon_days: 14,
            red_overdue_days: 30,
            stale_days: 120,
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
            reference_year_at: None,
            segmentation: Segmentation::default(),
            plan: PlanSettings::default(),
            alerts: AlertSettings::default(),
            chain: Vec::new(),
            history: HistorySettings::default(),
            import_columns: Vec::new(),
        }
    }

    /// Reads the kam.toml of the site a command was pointed at. A folder without one is no
    /// site at all, so that is said plainly, with no position in a file that is not there.
    pub fn load_site(root: &Path) -> Result<Config, crate::Failure> {
        let path = root.join(CONFIG_FILE);
        if let Err(error) = std::fs::symlink_metadata(&path)
            && error.kind() == std::io::ErrorKind::NotFound
        {
            let shown = root.display();
            return Err(crate::Failure::Io(format!(
                "there is no kam site in {shown}: it has no kam.toml; \
                 create one with `kam init {shown}`, or pass --root with the folder of a site"
            )));
        }
        Ok(Config::load(root)?)
    }

    /// Reads `<root>/kam.toml`. Every problem in it comes back at once.
    pub fn load(root: &Path) -> Result<Config, Vec<Diagnostic>> {
        let path = root.join(CONFIG_FILE);
        let site = crate::confine::Site::new(root);
        site.check(&path).map_err(|problem| vec![problem])?;
        let text = match crate::limits::read_bounded(&path) {
            Ok(None) => {
                return Err(vec![crate::content::too_large(Path::new(CONFIG_FILE))]);
            }
            Ok(Some(bytes)) => match String::from_utf8(bytes) {
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
            "alerts",
            "chain",
            "history",
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
    if let Some(item) = root.get("base_url")
        && let Some(text) = reader.string(item, "base_url")
    {
        if is_base_url(&text) {
            config.base_url = text;
        } else {
            reader.error_with_help(
                item.span(),
                "`base_url` must be an absolute http(s) URL or a path starting with `/`",
                "for example base_url = \"https://kam.example.se/\" or base_url = \"/kam/\"",
            );
        }
    }
    if let Some(item) = root.get("currency")
        && let Some(text) = reader.non_empty_string(item, "currency")
    {
        config.currency = text;
    }
    if let Some(item) = root.get("theme")
        && let Some(name) = reader.non_empty_string(item, "theme")
    {
        if !is_plain_name(&name) {
            reader.error_with_help(
                item.span(),
                format!("theme `{name}` is not a folder name"),
                "name a folder directly under themes/, without `/`, `\\` or `..`",
            );
        } else if name != "default" && !theme_exists(&name) {
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
            Ok(year) if (1..=9999).contains(&year) => {
                config.reference_year = Some(year);
                config.reference_year_at = Some(reader.position(item));
            }
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
    if let Some(item) = root.get("alerts")
        && let Some(table) = reader.table(item, "alerts")
    {
        read_alerts(&mut reader, table, &mut config.alerts);
    }
    if let Some(item) = root.get("chain")
        && let Some(table) = reader.table(item, "chain")
    {
        config.chain = read_chain(&mut reader, table);
    }
    if let Some(item) = root.get("history")
        && let Some(table) = reader.table(item, "history")
    {
        read_history(&mut reader, table, &mut config.history);
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

/// An absolute `http`/`https` URL with a host, or a path from the server root (not `//`,
/// which a browser reads as a host).
fn is_base_url(text: &str) -> bool {
    if text.chars().any(|c| c.is_whitespace() || c.is_control()) {
        return false;
    }
    if text.starts_with('/') {
        return !text.starts_with("//") && !text.contains('\\');
    }
    url::Url::parse(text).is_ok_and(|url| {
        matches!(url.scheme(), "http" | "https") && url.host_str().is_some_and(|h| !h.is_empty())
    })
}

/// A single folder name: no separators, not `.` or `..`, nothing hidden.
fn is_plain_name(name: &str) -> bool {
    !name.starts_with('.') && !name.contains(['/', '\\', ':', '\0'])
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
            "labels",
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
            .and_then(|item| reader.number_in(item, key, Decimal::ZERO, Decimal::TEN))
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
    if let Some(item) = table.get("labels")
        && let Some(labels) = reader.table(item, "labels")
    {
        read_labels(reader, labels, segmentation);
    }
}

/// `[segmentation.labels]`: a label for a key of neither weight table is an error.
fn read_labels(reader: &mut FieldReader, table: &Table, segmentation: &mut Segmentation) {
    let names: Vec<String> = segmentation
        .attractiveness_weights
        .iter()
        .chain(&segmentation.strength_weights)
        .map(|factor| factor.name.clone())
        .collect();
    for (key, item) in table.iter() {
        let key_text = key.get_ref().to_string();
        let Some(label) = reader.non_empty_string(item, &key_text) else {
            continue;
        };
        if !names.contains(&key_text) {
            let help =
                match crate::diagnostics::did_you_mean(&key_text, names.iter().map(String::as_str))
                {
                    Some(close) => format!("did you mean `{close}`?"),
                    None => format!(
                        "the factors are {}",
                        crate::fields::quoted_list(
                            &names.iter().map(String::as_str).collect::<Vec<_>>()
                        )
                    ),
                };
            reader.error_with_help(
                key.span(),
                format!("label for `{key_text}`, which is no factor of this site"),
                help,
            );
            continue;
        }
        for factor in segmentation
            .attractiveness_weights
            .iter_mut()
            .chain(segmentation.strength_weights.iter_mut())
            .filter(|factor| factor.name == key_text)
        {
            factor.label = label.clone();
        }
    }
}

fn read_alerts(reader: &mut FieldReader, table: &Table, alerts: &mut AlertSettings) {
    reader.check_keys(table, &["revenue_decline"], "[alerts]");
    if let Some(item) = table.get("revenue_decline")
        && let Some(value) = reader.number(item, "revenue_decline")
    {
        if -Decimal::ONE < value && value < Decimal::ZERO {
            alerts.revenue_decline = value;
        } else {
            reader.error_with_help(
                item.span(),
                format!("`revenue_decline` is {value}; it must lie between -1 and 0"),
                "a decline of 10 % is revenue_decline = -0.10",
            );
        }
    }
}

fn read_chain(reader: &mut FieldReader, table: &Table) -> Vec<ChainStage> {
    reader.check_keys(table, &["stages"], "[chain]");
    let Some(item) = table.get("stages") else {
        return Vec::new();
    };
    let mut stages: Vec<ChainStage> = Vec::new();
    for (stage, header) in reader.tables(item, "chain.stages") {
        reader.check_keys(stage, &["id", "label"], "[[chain.stages]]");
        let id = reader
            .require(stage, header.clone(), "id", "[[chain.stages]]")
            .and_then(|value| {
                let id = reader.non_empty_string(value, "id")?;
                if !crate::slug::is_valid(&id) {
                    reader.error_with_help(
                        value.span(),
                        format!("chain stage id `{id}` is not a slug"),
                        format!(
                            "use lower-case letters, digits and single hyphens, like `{}`",
                            crate::slug::slugify(&id)
                        ),
                    );
                    return None;
                }
                if stages.iter().any(|known| known.id == id) {
                    reader.error(value.span(), format!("chain stage `{id}` appears twice"));
                    return None;
                }
                Some(id)
            });
        let label = match stage.get("label") {
            Some(value) => reader.non_empty_string(value, "label"),
            None => id.as_deref().map(readable),
        };
        if let (Some(id), Some(label)) = (id, label) {
            stages.push(ChainStage { id, label });
        }
    }
    stages
}

fn read_history(reader: &mut FieldReader, table: &Table, history: &mut HistorySettings) {
    reader.check_keys(table, &["git", "compare_days"], "[history]");
    if let Some(value) = table
        .get("git")
        .and_then(|item| reader.boolean(item, "git"))
    {
        history.git = value;
    }
    if let Some(item) = table.get("compare_days") {
        match reader.integer(item, "compare_days") {
            Some(days) if (1..=3650).contains(&days) => history.compare_days = days,
            Some(days) => reader.error(
                item.span(),
                format!("`compare_days` is {days}; use 1 to 3650 days"),
            ),
            None => {}
        }
    }
}

fn read_abc_cutoffs(reader: &mut FieldReader, item: &crate::fields::Item) -> Option<[Decimal; 2]> {
    let toml::de::DeValue::Array(array) = item.get_ref() else {
        reader.error(
            item.span(),
            "`abc_cutoffs` must be an array of two numbers, like [0.80, 0.95]",
        );
        return None;
    };
    let values: Vec<Decimal> = array
        .iter()
        .filter_map(|element| reader.number(element, "abc_cutoffs"))
        .collect();
    match values.as_slice() {
        [a, b] if Decimal::ZERO < *a && a <= b && *b <= Decimal::ONE => Some([*a, *b]),
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
    for (key, item) in table.iter() {
        let name = key.get_ref().to_string();
        if crate::controls::strip(&name) != name {
            // A factor name is shown on every page; dropping the characters could make two
            // names one, so the name is refused instead.
            reader.error(key.span(), "a factor name must not hold control characters");
            valid = false;
            continue;
        }
        match reader.number(item, &name) {
            Some(weight) if weight > Decimal::ZERO && weight <= Decimal::from(MAX_WEIGHT) => {
                factors.push(Factor {
                    label: readable(&name),
                    name,
                    weight,
                })
            }
            Some(weight) => {
                reader.error_with_help(
                    item.span(),
                    format!(
                        "weight of `{name}` is {weight}; a weight must be > 0 and at most 1,000,000"
                    ),
                    "weights are relative: 30, 25, 20, 25 works as well as 0.30, 0.25, 0.20, 0.25",
                );
                valid = false;
            }
            None => valid = false,
        }
    }
    valid.then_some(factors)
}

fn read_plan(reader: &mut FieldReader, table: &Table, plan: &mut PlanSettings) {
    reader.check_keys(
        table,
        &["due_soon_days", "red_overdue_days", "stale_days"],
        "[plan]",
    );
    for (key, slot) in [
        ("due_soon_days", &mut plan.due_soon_days),
        ("red_overdue_days", &mut plan.red_overdue_days),
        ("stale_days", &mut plan.stale_days),
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
    fn factor_keys_read_as_words_unless_labelled() {
        assert_eq!(readable("strategic_fit"), "Strategic fit");
        assert_eq!(readable("öppenhet"), "Öppenhet");
        let config = parse_text(
            "title = \"T\"\n[segmentation.labels]\nstrategic_fit = \"Strategisk passform\"\n",
        )
        .expect("valid");
        let labels: Vec<&str> = config
            .segmentation
            .attractiveness_weights
            .iter()
            .map(|factor| factor.label.as_str())
            .collect();
        assert_eq!(
            labels,
            ["Volume", "Growth", "Margin", "Strategisk passform"]
        );
        let errors = parse_text("title = \"T\"\n[segmentation.labels]\nstrategic_fitt = \"X\"\n")
            .unwrap_err();
        assert_eq!((errors[0].line, errors[0].column), (3, 1));
        assert_eq!(
            errors[0].help.as_deref(),
            Some("did you mean `strategic_fit`?")
        );
    }

    #[test]
    fn v2_sections_are_read_and_checked() {
        let config = parse_text(
            "title = \"T\"\n[plan]\nstale_days = 60\n[alerts]\nrevenue_decline = -0.25\n[history]\ngit = false\ncompare_days = 30\n[[chain.stages]]\nid = \"forest\"\nlabel = \"Skogsägare\"\n[[chain.stages]]\nid = \"mill\"\n",
        )
        .expect("valid");
        assert_eq!(config.plan.stale_days, 60);
        assert_eq!(config.alerts.revenue_decline, Decimal::new(-25, 2));
        assert!(!config.history.git);
        assert_eq!(config.history.compare_days, 30);
        let ids: Vec<(&str, &str)> = config
            .chain
            .iter()
            .map(|stage| (stage.id.as_str(), stage.label.as_str()))
            .collect();
        assert_eq!(ids, [("forest", "Skogsägare"), ("mill", "Mill")]);
        let errors = parse_text(
            "title = \"T\"\n[alerts]\nrevenue_decline = 0.1\n[[chain.stages]]\nid = \"Forest\"\n[[chain.stages]]\nid = \"a\"\n[[chain.stages]]\nid = \"a\"\n",
        )
        .unwrap_err();
        assert_eq!(errors.len(), 3, "{errors:#?}");
    }

    #[test]
    fn defaults_follow_the_spec() {
        let config = parse_text("title = \"T\"\n").expect("valid");
        assert_eq!(config.language, Language::Sv);
        assert_eq!(
            config.segmentation.abc_cutoffs,
            [Decimal::new(80, 2), Decimal::new(95, 2)]
        );
        assert_eq!(config.segmentation.attractiveness_weights.len(), 4);
        assert_eq!(config.plan.due_soon_days, 14);
        assert_eq!(config.plan.red_overdue_days, 30);
        assert_eq!(config.plan.stale_days, 120);
        assert_eq!(config.alerts.revenue_decline, Decimal::new(-10, 2));
        assert!(config.chain.is_empty());
        assert!(config.history.git);
        assert_eq!(config.history.compare_days, 90);
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
    fn base_url_is_an_absolute_http_url_or_a_rooted_path() {
        for good in [
            "/",
            "/kam/",
            "https://kam.example.se/",
            "http://localhost:8080/x",
        ] {
            let text = format!("title = \"T\"\nbase_url = {good:?}\n");
            assert_eq!(parse_text(&text).expect(good).base_url, good);
        }
        for bad in [
            "",
            "kam/",
            "//evil.example/",
            "javascript:alert(1)",
            "ftp://example.org/",
            "https://",
            "/a b",
        ] {
            let text = format!("title = \"T\"\nbase_url = {bad:?}\n");
            let errors = parse_text(&text).expect_err(bad);
            assert_eq!((errors[0].line, errors[0].column), (2, 12), "{bad}");
        }
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
