//! Which column of an export feeds which field (SPEC §13): the fields an import may own,
//! the presets for standard CRM exports, and the check of a mapping against a file's header.
//!
//! This module knows headers and field names only; reading cells and editing accounts
//! happen elsewhere.

use std::path::Path;

use crate::diagnostics::{Diagnostic, did_you_mean};
use crate::names;

/// A field of an account file that an import can set.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Field {
    CrmId,
    Name,
    Manager,
    Industry,
    Country,
    Revenue,
    GrossMargin,
    Wallet,
    ContactName,
    ContactFirstName,
    ContactLastName,
    ContactTitle,
    ContactEmail,
    ContactPhone,
}

impl Field {
    pub const ALL: [(&'static str, Field); 14] = [
        ("crm_id", Field::CrmId),
        ("name", Field::Name),
        ("manager", Field::Manager),
        ("industry", Field::Industry),
        ("country", Field::Country),
        ("revenue", Field::Revenue),
        ("gross_margin", Field::GrossMargin),
        ("wallet", Field::Wallet),
        ("contact.name", Field::ContactName),
        ("contact.first_name", Field::ContactFirstName),
        ("contact.last_name", Field::ContactLastName),
        ("contact.title", Field::ContactTitle),
        ("contact.email", Field::ContactEmail),
        ("contact.phone", Field::ContactPhone),
    ];

    pub fn key(self) -> &'static str {
        Self::ALL
            .iter()
            .find(|(_, field)| *field == self)
            .map_or("", |(name, _)| name)
    }

    pub fn is_contact(self) -> bool {
        matches!(
            self,
            Field::ContactName
                | Field::ContactFirstName
                | Field::ContactLastName
                | Field::ContactTitle
                | Field::ContactEmail
                | Field::ContactPhone
        )
    }

    pub fn is_money(self) -> bool {
        matches!(self, Field::Revenue | Field::GrossMargin | Field::Wallet)
    }
}

/// What a preset maps, for one kind of export.
struct PresetMapping {
    columns: &'static [(&'static str, Field)],
}

/// The standard English headers of a CRM's exports; the README lists them.
pub struct Preset {
    pub name: &'static str,
    accounts: PresetMapping,
    contacts: PresetMapping,
}

pub const PRESET_NAMES: [&str; 2] = ["salesforce", "hubspot"];

// "Annual Revenue" is left out on purpose: it is the customer's own turnover, not what it
// buys from us (SPEC §13).
const SALESFORCE: Preset = Preset {
    name: "salesforce",
    accounts: PresetMapping {
        columns: &[
            ("Account ID", Field::CrmId),
            ("Account Name", Field::Name),
            ("Account Owner", Field::Manager),
            ("Industry", Field::Industry),
            ("Billing Country", Field::Country),
        ],
    },
    contacts: PresetMapping {
        columns: &[
            ("Account ID", Field::CrmId),
            ("Account Name", Field::Name),
            ("First Name", Field::ContactFirstName),
            ("Last Name", Field::ContactLastName),
            ("Title", Field::ContactTitle),
            ("Email", Field::ContactEmail),
            ("Phone", Field::ContactPhone),
        ],
    },
};

const HUBSPOT: Preset = Preset {
    name: "hubspot",
    accounts: PresetMapping {
        columns: &[
            ("Record ID", Field::CrmId),
            ("Company name", Field::Name),
            ("Company owner", Field::Manager),
            ("Industry", Field::Industry),
            ("Country/Region", Field::Country),
        ],
    },
    contacts: PresetMapping {
        // A contacts export's "Record ID" is the contact's own id, so the company is found
        // by its associated id and name instead.
        columns: &[
            ("Associated Company IDs (Primary)", Field::CrmId),
            ("Company Name", Field::Name),
            ("First Name", Field::ContactFirstName),
            ("Last Name", Field::ContactLastName),
            ("Job Title", Field::ContactTitle),
            ("Email", Field::ContactEmail),
            ("Phone Number", Field::ContactPhone),
        ],
    },
};

pub fn preset(name: &str) -> Option<&'static Preset> {
    [&SALESFORCE, &HUBSPOT]
        .into_iter()
        .find(|preset| preset.name == name)
}

impl Preset {
    /// Every header this preset understands, accounts first, for documentation and hints.
    pub fn headers(&self) -> Vec<(&'static str, Field, bool)> {
        let accounts = self
            .accounts
            .columns
            .iter()
            .map(|(header, field)| (*header, *field, false));
        let contacts = self
            .contacts
            .columns
            .iter()
            .map(|(header, field)| (*header, *field, true));
        accounts.chain(contacts).collect()
    }
}

/// Where the mapping comes from.
pub enum Mapping<'a> {
    /// kam.toml's `[import.columns]`: header (exact, trimmed) → field, every one required.
    Site(&'a [(String, Field)]),
    /// A preset: the columns of it that the file has, matched by name key.
    Preset(&'static Preset),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    Accounts,
    Contacts,
}

/// A mapping checked against one file's header: the column index of each mapped field.
#[derive(Debug, Clone)]
pub struct Columns {
    pub kind: Kind,
    slots: Vec<(Field, usize)>,
}

impl Columns {
    pub fn get(&self, field: Field) -> Option<usize> {
        self.slots
            .iter()
            .find(|(mapped, _)| *mapped == field)
            .map(|(_, index)| *index)
    }

    pub fn has(&self, field: Field) -> bool {
        self.get(field).is_some()
    }

    pub fn money(&self) -> impl Iterator<Item = (Field, usize)> + '_ {
        self.slots
            .iter()
            .copied()
            .filter(|(field, _)| field.is_money())
    }
}

/// Checks `mapping` against `header`; problems are reported at the header line (row 1).
/// `column_number` turns a 0-based cell index into the number shown in messages.
pub fn resolve(
    file: &Path,
    header: &[String],
    mapping: &Mapping,
    column_number: &dyn Fn(usize) -> usize,
) -> Result<Columns, Vec<Diagnostic>> {
    let mut problems = Vec::new();
    let at_header = |column: usize, message: String| Diagnostic {
        column,
        ..Diagnostic::whole_file(file, message)
    };
    let trimmed: Vec<&str> = header.iter().map(|cell| cell.trim()).collect();
    let mut slots = Vec::new();
    match mapping {
        Mapping::Site(columns) => {
            for (wanted, field) in columns.iter() {
                let found: Vec<usize> = positions(&trimmed, |cell| cell == wanted.trim());
                match found.as_slice() {
                    [index] => slots.push((*field, *index)),
                    [] => {
                        let help = match did_you_mean(wanted, trimmed.iter().copied()) {
                            Some(close) => format!(
                                "did you mean \"{close}\"? the header has {}",
                                listed(&trimmed)
                            ),
                            None => format!("the header has {}", listed(&trimmed)),
                        };
                        problems.push(
                            at_header(
                                1,
                                format!(
                                    "no column \"{wanted}\" in the header line, which kam.toml's [import.columns] maps to `{}`",
                                    field.key()
                                ),
                            )
                            .with_help(help),
                        );
                    }
                    [_, second, ..] => problems.push(at_header(
                        column_number(*second),
                        format!("the header line has two columns \"{wanted}\""),
                    )),
                }
            }
        }
        Mapping::Preset(preset) => {
            let is_contacts = preset
                .contacts
                .columns
                .iter()
                .filter(|(_, field)| {
                    matches!(
                        field,
                        Field::ContactName
                            | Field::ContactFirstName
                            | Field::ContactLastName
                            | Field::ContactEmail
                    )
                })
                .any(|(name, _)| !positions(&trimmed, |cell| same_header(cell, name)).is_empty());
            let chosen = if is_contacts {
                &preset.contacts
            } else {
                &preset.accounts
            };
            for (name, field) in chosen.columns {
                let found = positions(&trimmed, |cell| same_header(cell, name));
                match found.as_slice() {
                    [] => {}
                    [index] => slots.push((*field, *index)),
                    [_, second, ..] => problems.push(at_header(
                        column_number(*second),
                        format!("the header line has two columns \"{name}\""),
                    )),
                }
            }
            if slots
                .iter()
                .all(|(field, _)| !matches!(field, Field::CrmId | Field::Name))
            {
                let expected: Vec<&str> = chosen.columns.iter().map(|(name, _)| *name).collect();
                let close = trimmed
                    .iter()
                    .find_map(|cell| did_you_mean(cell, expected.iter().copied()));
                let mut help = format!(
                    "the {} preset reads {}; the header has {}",
                    preset.name,
                    listed(&expected),
                    listed(&trimmed)
                );
                if let Some(close) = close {
                    help = format!("did you mean \"{close}\"? {help}");
                }
                problems.push(
                    at_header(
                        1,
                        format!(
                            "the header line has none of the {} preset's columns naming an account",
                            preset.name
                        ),
                    )
                    .with_help(help),
                );
            }
        }
    }
    if !problems.is_empty() {
        return Err(problems);
    }
    let kind = if slots.iter().any(|(field, _)| field.is_contact()) {
        Kind::Contacts
    } else {
        Kind::Accounts
    };
    let columns = Columns { kind, slots };
    check_complete(file, &columns).map(|()| columns)
}

/// A mapping must identify the account of each row, and a contacts export each contact.
fn check_complete(file: &Path, columns: &Columns) -> Result<(), Vec<Diagnostic>> {
    let mut problems = Vec::new();
    if !columns.has(Field::CrmId) && !columns.has(Field::Name) {
        problems.push(
            Diagnostic::whole_file(file, "no mapped column names the account of a row")
                .with_help("map a column to `crm_id` or `name`"),
        );
    }
    if columns.kind == Kind::Contacts {
        let named = columns.has(Field::ContactName)
            || columns.has(Field::ContactFirstName)
            || columns.has(Field::ContactLastName);
        if !named {
            problems.push(
                Diagnostic::whole_file(file, "a contacts export needs the contact's name")
                    .with_help("map a column to `contact.name`, or to `contact.first_name` and `contact.last_name`"),
            );
        }
        if columns.money().next().is_some() {
            problems.push(Diagnostic::whole_file(
                file,
                "a contacts export cannot carry revenue, gross_margin or wallet",
            ));
        }
    }
    if problems.is_empty() {
        Ok(())
    } else {
        Err(problems)
    }
}

fn positions(cells: &[&str], matches: impl Fn(&str) -> bool) -> Vec<usize> {
    cells
        .iter()
        .enumerate()
        .filter(|(_, cell)| matches(cell))
        .map(|(index, _)| index)
        .collect()
}

/// Preset headers are matched by name key: exports differ in capitals ("Company name",
/// "Company Name") between CRM versions.
fn same_header(cell: &str, preset_header: &str) -> bool {
    names::key(cell) == names::key(preset_header)
}

fn listed(cells: &[&str]) -> String {
    cells
        .iter()
        .map(|cell| format!("\"{}\"", crate::import::terminal_safe(cell)))
        .collect::<Vec<_>>()
        .join(", ")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn header(cells: &[&str]) -> Vec<String> {
        cells.iter().map(|cell| cell.to_string()).collect()
    }

    fn number(index: usize) -> usize {
        index + 1
    }

    #[test]
    fn salesforce_account_and_contact_reports_are_told_apart() {
        let preset = Mapping::Preset(preset("salesforce").expect("preset"));
        let accounts = resolve(
            Path::new("a.csv"),
            &header(&["Account ID", "Account Name", "Phone", "Annual Revenue"]),
            &preset,
            &number,
        )
        .expect("accounts");
        assert_eq!(accounts.kind, Kind::Accounts);
        assert_eq!(accounts.get(Field::Name), Some(1));
        assert_eq!(accounts.get(Field::ContactPhone), None);
        let contacts = resolve(
            Path::new("c.csv"),
            &header(&["First Name", "Last Name", "Phone", "Account Name"]),
            &preset,
            &number,
        )
        .expect("contacts");
        assert_eq!(contacts.kind, Kind::Contacts);
        assert_eq!(contacts.get(Field::ContactPhone), Some(2));
    }

    #[test]
    fn hubspot_contacts_name_their_company_by_its_associated_id() {
        let preset = Mapping::Preset(preset("hubspot").expect("preset"));
        let contacts = resolve(
            Path::new("c.csv"),
            &header(&[
                "Record ID",
                "first name",
                "Last Name",
                "Email",
                "Associated Company IDs (Primary)",
                "Company Name",
            ]),
            &preset,
            &number,
        )
        .expect("contacts");
        assert_eq!(contacts.kind, Kind::Contacts);
        // The contact's own Record ID is not the company's.
        assert_eq!(contacts.get(Field::CrmId), Some(4));
        assert_eq!(contacts.get(Field::ContactFirstName), Some(1));
        let companies = resolve(
            Path::new("a.csv"),
            &header(&["Record ID", "Company name", "Annual Revenue"]),
            &preset,
            &number,
        )
        .expect("companies");
        assert_eq!(companies.kind, Kind::Accounts);
        assert_eq!(companies.get(Field::CrmId), Some(0));
        assert_eq!(companies.money().count(), 0, "Annual Revenue is never ours");
    }

    #[test]
    fn a_missing_site_column_is_named_with_a_suggestion() {
        let columns = vec![("Sales 2025 (SEK)".to_string(), Field::Revenue)];
        let errors = resolve(
            Path::new("erp.csv"),
            &header(&["Customer", "Sales 2025 SEK"]),
            &Mapping::Site(&columns),
            &number,
        )
        .unwrap_err();
        assert_eq!((errors[0].line, errors[0].column), (1, 1));
        assert!(errors[0].message.contains("Sales 2025 (SEK)"), "{errors:?}");
        assert!(
            errors[0]
                .help
                .as_deref()
                .is_some_and(|help| help.starts_with("did you mean \"Sales 2025 SEK\"?")),
            "{errors:?}"
        );
    }

    #[test]
    fn field_names_round_trip() {
        for (name, field) in Field::ALL {
            assert_eq!(field.key(), name);
        }
    }
}
