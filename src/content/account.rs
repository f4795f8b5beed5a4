//! One account file (SPEC §3): front matter to a typed [`Account`], every rule checked.
//!
//! Not here: checks that need every account at once (`spelling`), or analysis.

use crate::content::links::{self, PageLink, Section};
use crate::content::shortcodes;
use std::collections::HashMap;
use std::ops::Range;
use std::path::Path;

use rust_decimal::Decimal;

use crate::amount::Amount;
use crate::config::{Config, Factor};
use crate::content::frontmatter::{self, Split};
use crate::content::model::*;
use crate::diagnostics::{Diagnostic, SourceFile, did_you_mean};
use crate::fields::{FieldReader, Table};
use crate::markdown;

const ACCOUNT_KEYS: &[&str] = &[
    "name",
    "manager",
    "stage",
    "industry",
    "country",
    "team",
    "customer_since",
    "tags",
    "crm_id",
    "attractiveness",
    "strength",
    "forecast",
    "buyer",
    "years",
    "contacts",
    "objectives",
    "actions",
    "reviewed",
    "chain",
    "sells_to",
    "extra",
];

/// The words of the error for a score of a factor kam.toml does not define; `content`
/// counts the accounts that have it, to say once at kam.toml what is wrong.
pub const UNKNOWN_FACTOR: &str = "is not one of this site's";

/// Parses and validates an account file; `slug` comes from its file name.
pub fn parse(file: &SourceFile, slug: &str, config: &Config) -> Result<Account, Vec<Diagnostic>> {
    parse_with_links(file, slug, config).map(|(account, _)| account)
}

/// Like [`parse`], with the links of the notes to other accounts and chapters, which can
/// only be checked once the whole site is loaded.
pub fn parse_with_links(
    file: &SourceFile,
    slug: &str,
    config: &Config,
) -> Result<(Account, Vec<PageLink>), Vec<Diagnostic>> {
    let (toml_text, offset, body) = match frontmatter::split(&file.text) {
        Split::Found {
            toml,
            toml_offset,
            body,
        } => (toml, toml_offset, body),
        Split::Missing => {
            return Err(vec![
                Diagnostic::whole_file(file.path(), "account file has no front matter").with_help(
                    "start the file with a line `+++`, the account's TOML, and another `+++`",
                ),
            ]);
        }
        Split::Unclosed => {
            return Err(vec![
                Diagnostic::whole_file(file.path(), "front matter is never closed")
                    .with_help("end the front matter with a line that holds only `+++`"),
            ]);
        }
    };
    let body_offset = file.text.len() - body.len();
    let (notes_html, links, warnings) = match markdown::render(body) {
        Ok(rendered) => {
            let links =
                links::from_page(file, body_offset, Section::Accounts, slug, &rendered.links);
            let warnings: Vec<Diagnostic> = rendered
                .literal_shortcodes
                .iter()
                .map(|range| {
                    shortcodes::literal(
                        file,
                        body_offset + range.start..body_offset + range.end,
                        false,
                    )
                })
                .collect();
            (rendered.html, links, warnings)
        }
        Err(too_deep) => {
            let mut problems = vec![too_deep.diagnostic(file.path())];
            if let Err(mut more) =
                parse_front_matter(file, slug, config, toml_text, offset, String::new())
            {
                problems.append(&mut more);
            }
            return Err(problems);
        }
    };
    parse_front_matter(file, slug, config, toml_text, offset, notes_html).map(|mut account| {
        account.warnings = warnings;
        (account, links)
    })
}

/// Only the front matter, checked, for a version whose notes are never shown (a snapshot
/// from git history, SPEC v2 §12): `toml` is the text between the `+++` lines. Rendering
/// and sanitising the notes would cost most of the time, and copying them would cost
/// memory for nothing. The errors are only counted, never shown, so their lines count
/// from the front matter's first line.
pub fn parse_front_matter_text(
    path: &Path,
    toml: &str,
    slug: &str,
    config: &Config,
) -> Result<Account, Vec<Diagnostic>> {
    let file = SourceFile::new(path, toml.to_string());
    parse_front_matter(&file, slug, config, &file.text, 0, String::new())
}

/// The account's front matter, checked, with the notes already rendered.
fn parse_front_matter(
    file: &SourceFile,
    slug: &str,
    config: &Config,
    toml_text: &str,
    offset: usize,
    notes_html: String,
) -> Result<Account, Vec<Diagnostic>> {
    let segmentation = &config.segmentation;
    let mut reader = FieldReader::new(file, offset);
    let Some(document) = reader.parse(toml_text) else {
        return Err(reader.diagnostics);
    };
    let root = document.get_ref();
    reader.check_keys(root, ACCOUNT_KEYS, "the account");

    let context = "the account";
    let name = reader
        .require_top(root, "name", context)
        .and_then(|item| reader.non_empty_string(item, "name"));
    let mut written: Vec<Written> = Vec::new();
    let manager = reader
        .require_top(root, "manager", context)
        .and_then(|item| {
            let name = reader.non_empty_string(item, "manager")?;
            note(&reader, &mut written, Field::Name, item, &name);
            Some(name)
        });
    let stage = reader
        .require_top(root, "stage", context)
        .and_then(|item| reader.choice(item, "stage", &Stage::ALL));
    let industry = root
        .get("industry")
        .and_then(|item| reader.string(item, "industry"));
    let country = root
        .get("country")
        .and_then(|item| reader.string(item, "country"));
    let team = root
        .get("team")
        .map(|item| {
            let team = reader.strings(item, "team");
            if let toml::de::DeValue::Array(array) = item.get_ref() {
                for (element, name) in array.iter().zip(&team) {
                    note(&reader, &mut written, Field::Name, element, name);
                }
            }
            team
        })
        .unwrap_or_default();
    let tags = root
        .get("tags")
        .map(|item| reader.strings(item, "tags"))
        .unwrap_or_default();
    let crm_id = root
        .get("crm_id")
        .and_then(|item| reader.non_empty_string(item, "crm_id"));
    let customer_since = root.get("customer_since").and_then(|item| {
        let year = reader.integer(item, "customer_since")?;
        if !(1000..=9999).contains(&year) {
            reader.error(item.span(), format!("customer_since {year} is not a year"));
            return None;
        }
        Some(year)
    });

    // SPEC v2 §3: a score table is absent (the account is unscored on that axis) or
    // complete; `None` inside means the table was there but had errors.
    let attractiveness = root.get("attractiveness").map(|item| {
        let table = reader.table(item, "attractiveness")?;
        read_scores(
            &mut reader,
            table,
            item.span(),
            "attractiveness",
            &segmentation.attractiveness_weights,
        )
    });
    let strength = root.get("strength").map(|item| {
        let table = reader.table(item, "strength")?;
        read_scores(
            &mut reader,
            table,
            item.span(),
            "strength",
            &segmentation.strength_weights,
        )
    });

    let forecast = root.get("forecast").and_then(|item| {
        let table = reader.table(item, "forecast")?;
        reader.check_keys(table, &["attractiveness", "strength"], "[forecast]");
        let attractiveness = reader
            .require(table, item.span(), "attractiveness", "[forecast]")
            .and_then(|value| {
                reader.number_in(value, "attractiveness", Decimal::ZERO, Decimal::TEN)
            });
        let strength = reader
            .require(table, item.span(), "strength", "[forecast]")
            .and_then(|value| reader.number_in(value, "strength", Decimal::ZERO, Decimal::TEN));
        Some(Forecast {
            attractiveness: attractiveness?,
            strength: strength?,
        })
    });

    let buyer = root.get("buyer").and_then(|item| {
        let table = reader.table(item, "buyer")?;
        reader.check_keys(table, &["profit_impact", "supply_risk"], "[buyer]");
        let profit_impact = reader
            .require(table, item.span(), "profit_impact", "[buyer]")
            .and_then(|value| reader.choice(value, "profit_impact", &Level::ALL));
        let supply_risk = reader
            .require(table, item.span(), "supply_risk", "[buyer]")
            .and_then(|value| reader.choice(value, "supply_risk", &Level::ALL));
        Some(BuyerRating {
            profit_impact: profit_impact?,
            supply_risk: supply_risk?,
        })
    });

    let reviewed = root
        .get("reviewed")
        .and_then(|item| reader.date(item, "reviewed"));
    let chain = root.get("chain").and_then(|item| {
        let id = reader.non_empty_string(item, "chain")?;
        let ids: Vec<&str> = config.chain.iter().map(|stage| stage.id.as_str()).collect();
        if ids.contains(&id.as_str()) {
            return Some(id);
        }
        let help = match did_you_mean(&id, ids.iter().copied()) {
            Some(close) => format!("did you mean `{close}`?"),
            None if ids.is_empty() => {
                "kam.toml has no [[chain.stages]]; add the value chain there first".to_string()
            }
            None => format!("the stages are {}", crate::fields::quoted_list(&ids)),
        };
        reader.error_with_help(
            item.span(),
            format!("`{id}` is not a stage of the value chain"),
            help,
        );
        None
    });
    let sells_to = root
        .get("sells_to")
        .map(|item| read_sells_to(&mut reader, item, slug, &mut written))
        .unwrap_or_default();
    let extra = root
        .get("extra")
        .and_then(|item| reader.table(item, "extra"))
        .map(|table| read_extra(&mut reader, table))
        .unwrap_or_default();
    let years = root
        .get("years")
        .map(|item| read_years(&mut reader, item))
        .unwrap_or_default();
    let contacts = root
        .get("contacts")
        .map(|item| read_contacts(&mut reader, item, &mut written))
        .unwrap_or_default();
    let (objectives, objective_ids) = root
        .get("objectives")
        .map(|item| read_objectives(&mut reader, item))
        .unwrap_or_default();
    let actions = root
        .get("actions")
        .map(|item| read_actions(&mut reader, item, &objective_ids, &mut written))
        .unwrap_or_default();

    if !reader.diagnostics.is_empty() {
        return Err(reader.diagnostics);
    }
    let (Some(name), Some(manager), Some(stage)) = (name, manager, stage) else {
        // Every None above recorded a diagnostic, so this is unreachable in practice; an
        // error is still safer than a panic.
        return Err(vec![Diagnostic::whole_file(
            file.path(),
            "account is incomplete",
        )]);
    };
    let mut years = years;
    years.sort_by_key(|year| year.year);
    Ok(Account {
        slug: slug.to_string(),
        source: file.path().to_path_buf(),
        name,
        manager,
        stage,
        industry,
        country,
        team,
        customer_since,
        tags,
        crm_id,
        attractiveness: attractiveness.flatten(),
        strength: strength.flatten(),
        forecast,
        buyer,
        reviewed,
        chain,
        sells_to,
        extra,
        written,
        warnings: Vec::new(),
        years,
        contacts,
        objectives,
        actions,
        // The notes sit under the page's own "Notes" heading: shift their headings down a
        // level (their ids are kept apart from the page's by `markdown::ID_PREFIX`).
        body_html: Notes::new(&if notes_html.is_empty() {
            notes_html
        } else {
            markdown::shift_headings(&notes_html)
        }),
    })
}

fn read_scores(
    reader: &mut FieldReader,
    table: &Table,
    header: Range<usize>,
    key: &str,
    factors: &[Factor],
) -> Option<Vec<Decimal>> {
    let names: Vec<&str> = factors.iter().map(|factor| factor.name.as_str()).collect();
    let context = format!("[{key}]");
    for name in table.keys() {
        let name_text = name.get_ref().as_ref();
        if names.contains(&name_text) {
            continue;
        }
        let message = format!("`{name_text}` {UNKNOWN_FACTOR} {key} factors");
        let help = match did_you_mean(name_text, names.iter().copied()) {
            Some(close) => format!("did you mean `{close}`? the factors are set in kam.toml"),
            None => format!(
                "kam.toml's [segmentation.{key}_weights] names the factors: {}",
                crate::fields::quoted_list(&names)
            ),
        };
        reader.error_with_help(name.span(), message, help);
    }
    let mut scores = Vec::with_capacity(factors.len());
    let mut complete = true;
    for factor in factors {
        match table.get(factor.name.as_str()) {
            Some(item) => match reader.number_in(item, &factor.name, Decimal::ZERO, Decimal::TEN) {
                Some(score) => scores.push(score),
                None => complete = false,
            },
            None => {
                reader.error_with_help(
                    header.clone(),
                    format!("missing score for factor `{}` in {context}", factor.name),
                    format!("add `{} = <0..10>`", factor.name),
                );
                complete = false;
            }
        }
    }
    complete.then_some(scores)
}

fn read_years(reader: &mut FieldReader, item: &crate::fields::Item) -> Vec<FiscalYear> {
    let mut years = Vec::new();
    let mut seen: HashMap<i64, usize> = HashMap::new();
    for (table, header) in reader.tables(item, "years") {
        reader.check_keys(
            table,
            &["year", "revenue", "gross_margin", "cost_to_serve", "wallet"],
            "[[years]]",
        );
        let context = "[[years]]";
        let year = reader
            .require(table, header.clone(), "year", context)
            .and_then(|value| {
                let year = reader.integer(value, "year")?;
                if !(1000..=9999).contains(&year) {
                    reader.error(value.span(), format!("{year} is not a year"));
                    return None;
                }
                if let Some(first) = seen.get(&year) {
                    reader.error_with_help(
                        value.span(),
                        format!("year {year} appears twice"),
                        format!("each year appears once; the first is entry {}", first + 1),
                    );
                    return None;
                }
                seen.insert(year, seen.len());
                i32::try_from(year).ok()
            });
        let revenue = reader
            .require(table, header.clone(), "revenue", context)
            .and_then(|value| non_negative(reader, value, "revenue"));
        // SPEC v2: an ERP export may bring revenue alone.
        let gross_margin = match table.get("gross_margin") {
            Some(value) => reader.money(value, "gross_margin").map(Some),
            None => Some(None),
        };
        let cost_to_serve = match table.get("cost_to_serve") {
            Some(value) => non_negative(reader, value, "cost_to_serve"),
            None => Some(Amount::ZERO),
        };
        let wallet = match table.get("wallet") {
            Some(value) => match reader.money(value, "wallet") {
                Some(wallet) if wallet.as_f64() > 0.0 => Some(Some(wallet)),
                Some(_) => {
                    reader.error(
                        value.span(),
                        "`wallet` must be > 0: the customer's total spend in our category",
                    );
                    None
                }
                None => None,
            },
            None => Some(None),
        };
        if let (Some(year), Some(revenue), Some(gross_margin), Some(cost_to_serve), Some(wallet)) =
            (year, revenue, gross_margin, cost_to_serve, wallet)
        {
            years.push(FiscalYear {
                year,
                revenue,
                gross_margin,
                cost_to_serve,
                wallet,
            });
        }
    }
    years
}

/// `sells_to`: the customer's own customers; naming itself or one entry twice is an error.
fn read_sells_to(
    reader: &mut FieldReader,
    item: &crate::fields::Item,
    slug: &str,
    written: &mut Vec<Written>,
) -> Vec<String> {
    let toml::de::DeValue::Array(array) = item.get_ref() else {
        reader.error(item.span(), "`sells_to` must be a list of strings");
        return Vec::new();
    };
    let mut entries: Vec<String> = Vec::new();
    for element in array.iter() {
        let Some(entry) = reader.non_empty_string(element, "sells_to") else {
            continue;
        };
        if entry == slug {
            reader.error(element.span(), "an account cannot sell to itself");
        } else if entries.contains(&entry) {
            reader.error(
                element.span(),
                format!("`{entry}` is named twice in sells_to"),
            );
        } else {
            note(reader, written, Field::Customer, element, &entry);
            entries.push(entry);
        }
    }
    entries
}

/// Keeps where a value was written, for the checks that need the whole site.
fn note(
    reader: &FieldReader,
    written: &mut Vec<Written>,
    what: Field,
    item: &crate::fields::Item,
    text: &str,
) {
    let (line, column) = reader.position(item);
    written.push(Written {
        what,
        text: text.to_string(),
        line,
        column,
    });
}

/// `[extra]`: the site's own fields, shown as they are written.
fn read_extra(reader: &mut FieldReader, table: &Table) -> Vec<(String, ExtraValue)> {
    let mut fields = Vec::new();
    for (key, item) in table.iter() {
        let key = key.get_ref().to_string();
        let value = match item.get_ref() {
            toml::de::DeValue::String(text) => Some(ExtraValue::Text(text.to_string())),
            toml::de::DeValue::Boolean(flag) => Some(ExtraValue::Flag(*flag)),
            toml::de::DeValue::Integer(_) | toml::de::DeValue::Float(_) => {
                reader.amount(item, &key).map(ExtraValue::Number)
            }
            toml::de::DeValue::Datetime(_) => reader.date(item, &key).map(ExtraValue::Date),
            _ => {
                reader.error(
                    item.span(),
                    format!("`{key}` in [extra] must be a string, number, boolean or date"),
                );
                None
            }
        };
        if let Some(value) = value {
            fields.push((key, value));
        }
    }
    fields
}

fn non_negative(reader: &mut FieldReader, item: &crate::fields::Item, key: &str) -> Option<Amount> {
    let amount = reader.money(item, key)?;
    if amount.as_f64() < 0.0 {
        reader.error(item.span(), format!("`{key}` must be >= 0"));
        return None;
    }
    Some(amount)
}

fn read_contacts(
    reader: &mut FieldReader,
    item: &crate::fields::Item,
    written: &mut Vec<Written>,
) -> Vec<Contact> {
    let mut contacts = Vec::new();
    for (table, header) in reader.tables(item, "contacts") {
        let context = "[[contacts]]";
        reader.check_keys(
            table,
            &[
                "name", "title", "function", "role", "owner", "strength", "email", "phone",
            ],
            context,
        );
        let name = reader
            .require(table, header.clone(), "name", context)
            .and_then(|value| reader.non_empty_string(value, "name"));
        let title = table
            .get("title")
            .and_then(|value| reader.string(value, "title"));
        // SPEC v2 §3: only the name is required; a bad value is an error like any other,
        // and an absent one is None.
        let function = table.get("function").and_then(|value| {
            let function = reader.non_empty_string(value, "function")?;
            note(reader, written, Field::Name, value, &function);
            Some(function)
        });
        let role = table
            .get("role")
            .and_then(|value| reader.choice(value, "role", &Role::ALL));
        let owner = table.get("owner").and_then(|value| {
            let owner = reader.non_empty_string(value, "owner")?;
            note(reader, written, Field::Name, value, &owner);
            Some(owner)
        });
        let strength = table.get("strength").and_then(|value| {
            let strength = reader.integer(value, "strength")?;
            match u8::try_from(strength) {
                Ok(strength @ 1..=5) => Some(strength),
                _ => {
                    reader.error_with_help(
                        value.span(),
                        format!("`strength` is {strength}, outside 1..=5"),
                        "rate the relationship from 1 (weak) to 5 (strong)",
                    );
                    None
                }
            }
        });
        let email = table.get("email").and_then(|value| {
            let email = reader.string(value, "email")?;
            if email.matches('@').count() != 1 {
                reader.error_with_help(
                    value.span(),
                    format!("`email` = \"{email}\" is not an e-mail address"),
                    "an address holds exactly one `@`",
                );
                return None;
            }
            Some(email)
        });
        let phone = table.get("phone").and_then(|value| {
            let phone = reader.string(value, "phone")?;
            if !is_phone_number(&phone) {
                reader.error_with_help(
                    value.span(),
                    format!("`phone` = \"{phone}\" is not a phone number"),
                    "use digits, spaces and `+ - ( ) .` only",
                );
                return None;
            }
            Some(phone)
        });
        if let Some(name) = name {
            contacts.push(Contact {
                name,
                title,
                function,
                role,
                owner,
                strength,
                email,
                phone,
            });
        }
    }
    contacts
}

/// Only digits, spaces and `+ - ( ) .` (SPEC §3).
pub fn is_phone_number(text: &str) -> bool {
    text.chars()
        .all(|c| c.is_ascii_digit() || matches!(c, ' ' | '+' | '-' | '(' | ')' | '.'))
}

/// The ids the `[[objectives]]` of an account are written with, including those of entries
/// that have other errors, so an action's `objective` is judged against what the user wrote
/// and not against what survived reading.
#[derive(Default)]
struct ObjectiveIds {
    written: Vec<String>,
    /// Entries without a usable `id`.
    without_id: usize,
}

fn read_objectives(
    reader: &mut FieldReader,
    item: &crate::fields::Item,
) -> (Vec<Objective>, ObjectiveIds) {
    let mut objectives: Vec<Objective> = Vec::new();
    let mut ids = ObjectiveIds::default();
    for (table, header) in reader.tables(item, "objectives") {
        let context = "[[objectives]]";
        reader.check_keys(table, &["id", "title", "measure", "due"], context);
        let id = reader
            .require(table, header.clone(), "id", context)
            .and_then(|value| {
                let id = reader.non_empty_string(value, "id")?;
                if objectives.iter().any(|objective| objective.id == id) {
                    reader.error(
                        value.span(),
                        format!("objective id `{id}` is used twice in this account"),
                    );
                    return None;
                }
                Some(id)
            });
        match &id {
            Some(id) => ids.written.push(id.clone()),
            None if !table.contains_key("id") => ids.without_id += 1,
            None => {}
        }
        let title = reader
            .require(table, header.clone(), "title", context)
            .and_then(|value| reader.non_empty_string(value, "title"));
        let measure = table
            .get("measure")
            .and_then(|value| reader.string(value, "measure"));
        let due = reader
            .require(table, header.clone(), "due", context)
            .and_then(|value| reader.date(value, "due"));
        if let (Some(id), Some(title), Some(due)) = (id, title, due) {
            objectives.push(Objective {
                id,
                title,
                measure,
                due,
            });
        }
    }
    (objectives, ids)
}

fn read_actions(
    reader: &mut FieldReader,
    item: &crate::fields::Item,
    objectives: &ObjectiveIds,
    written: &mut Vec<Written>,
) -> Vec<Action> {
    let ids: Vec<&str> = objectives.written.iter().map(String::as_str).collect();
    let mut actions = Vec::new();
    for (table, header) in reader.tables(item, "actions") {
        let context = "[[actions]]";
        reader.check_keys(
            table,
            &["id", "objective", "title", "owner", "due", "status"],
            context,
        );
        let id = match table.get("id") {
            Some(value) => match reader.non_empty_string(value, "id") {
                Some(id)
                    if actions
                        .iter()
                        .any(|action: &Action| action.id.as_deref() == Some(&id)) =>
                {
                    reader.error(
                        value.span(),
                        format!("action id `{id}` is used twice in this account"),
                    );
                    None
                }
                Some(id) => Some(Some(id)),
                None => None,
            },
            None => Some(None),
        };
        let objective = match table.get("objective") {
            Some(value) => match reader.string(value, "objective") {
                Some(id) if ids.contains(&id.as_str()) => Some(Some(id)),
                Some(id) => {
                    let help = match did_you_mean(&id, ids.iter().copied()) {
                        Some(close) => format!("did you mean `{close}`?"),
                        None if objectives.without_id > 0 => format!(
                            "an [[objectives]] entry of this account has no `id`; \
                             if this action belongs to it, add `id = {id:?}` there"
                        ),
                        None if ids.is_empty() => {
                            "this account has no [[objectives]]; add one with this id".to_string()
                        }
                        None => format!("the objectives are {}", crate::fields::quoted_list(&ids)),
                    };
                    reader.error_with_help(
                        value.span(),
                        format!("no objective with id `{id}` in this account"),
                        help,
                    );
                    None
                }
                None => None,
            },
            None => Some(None),
        };
        let title = reader
            .require(table, header.clone(), "title", context)
            .and_then(|value| reader.non_empty_string(value, "title"));
        let owner = reader
            .require(table, header.clone(), "owner", context)
            .and_then(|value| {
                let owner = reader.non_empty_string(value, "owner")?;
                note(reader, written, Field::Name, value, &owner);
                Some(owner)
            });
        let due = reader
            .require(table, header.clone(), "due", context)
            .and_then(|value| reader.date(value, "due"));
        let status = reader
            .require(table, header.clone(), "status", context)
            .and_then(|value| reader.choice(value, "status", &Status::ALL));
        if let (Some(id), Some(objective), Some(title), Some(owner), Some(due), Some(status)) =
            (id, objective, title, owner, due, status)
        {
            actions.push(Action {
                id,
                objective,
                title,
                owner,
                due,
                status,
            });
        }
    }
    actions
}
