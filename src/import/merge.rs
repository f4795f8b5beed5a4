//! Editing one account file in place with `toml_edit` (SPEC §13): the import owns only the
//! keys it maps, so every other byte (notes, comments, key order, objectives, actions,
//! contact fields it does not map) stays as it was.
//!
//! An [`AccountFile`] that no edit changed is written back as its original text, byte for
//! byte. This module edits one file; which row goes to which file is decided in `mod.rs`.

use std::path::{Path, PathBuf};

use toml_edit::{ArrayOfTables, DocumentMut, Item, Table, Value};

use crate::amount::Amount;
use crate::content::frontmatter::{self, Split};
use crate::diagnostics::{Diagnostic, SourceFile};
use crate::names;

/// The comment that opens an account file the import created.
pub const UNSCORED_COMMENT: &str = "# Created by `kam import`: not scored yet. Add [attractiveness] and [strength]\n# with a score 0..10 for each factor of kam.toml, and move the stage on from\n# exploratory when the relationship does.\n";

/// One account file, parsed for editing.
pub struct AccountFile {
    /// Relative to the site root.
    pub path: PathBuf,
    /// The text on disk; `None` for a file this import creates.
    pub original: Option<String>,
    /// Everything before the TOML (the opening `+++` line).
    head: String,
    doc: DocumentMut,
    /// The closing `+++` line and the Markdown body.
    tail: String,
    changed: bool,
}

/// What one contact row carries, already checked.
#[derive(Debug, Clone, Default)]
pub struct ContactFields {
    pub name: String,
    pub title: Option<String>,
    pub email: Option<String>,
    pub phone: Option<String>,
}

/// Whether an edit changed the file.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ContactOutcome {
    Updated,
    Added,
}

impl AccountFile {
    pub fn parse(path: &Path, text: String) -> Result<AccountFile, Diagnostic> {
        let (toml_text, offset) = match frontmatter::split(&text) {
            Split::Found {
                toml, toml_offset, ..
            } => (toml, toml_offset),
            Split::Missing | Split::Unclosed => {
                return Err(Diagnostic::whole_file(
                    path,
                    "account file has no complete `+++` front matter; the import cannot edit it",
                ));
            }
        };
        let doc: DocumentMut = toml_text.parse().map_err(|error: toml_edit::TomlError| {
            let span = error.span().unwrap_or(0..0);
            let file = SourceFile::new(path, text.clone());
            file.error(
                span.start + offset..span.end + offset,
                format!("invalid TOML: {}", error.message().trim_end()),
            )
        })?;
        let end = offset + toml_text.len();
        Ok(AccountFile {
            path: path.to_path_buf(),
            head: text[..offset].to_string(),
            tail: text[end..].to_string(),
            doc,
            original: Some(text),
            changed: false,
        })
    }

    /// A new, unscored account (SPEC §3, §13): name, manager and stage exploratory.
    pub fn create(path: PathBuf, name: &str, manager: &str) -> AccountFile {
        let mut doc = DocumentMut::new();
        doc.insert("name", toml_edit::value(name));
        doc.insert("manager", toml_edit::value(manager));
        doc.insert("stage", toml_edit::value("exploratory"));
        AccountFile {
            path,
            original: None,
            head: format!("+++\n{UNSCORED_COMMENT}"),
            doc,
            tail: "+++\n".to_string(),
            changed: true,
        }
    }

    /// The file's text after the edits.
    pub fn text(&self) -> String {
        match (&self.original, self.changed) {
            (Some(original), false) => original.clone(),
            _ => format!("{}{}{}", self.head, self.doc, self.tail),
        }
    }

    pub fn is_new(&self) -> bool {
        self.original.is_none()
    }

    pub fn string(&self, key: &str) -> Option<&str> {
        self.doc.get(key).and_then(Item::as_str)
    }

    /// Sets a top-level string unless it already holds the same text under `same`.
    pub fn set_string(
        &mut self,
        key: &str,
        value: &str,
        same: fn(&str, &str) -> bool,
    ) -> Result<(), String> {
        let changed = set_string(self.doc.as_table_mut(), key, value, same)?;
        self.changed |= changed;
        Ok(())
    }

    /// Sets revenue, gross_margin or wallet in the `[[years]]` row of `year`, creating the
    /// row in year order when it is missing.
    pub fn set_money(&mut self, year: i64, amounts: &[(&str, Amount)]) -> Result<(), String> {
        if amounts.is_empty() {
            return Ok(());
        }
        let underscores = self.uses_underscores();
        let next_position = self.next_position();
        let Some(item) = self.doc.get_mut("years") else {
            let mut table = new_year(year, amounts, underscores)?;
            table.set_position(Some(next_position));
            let mut years = ArrayOfTables::new();
            years.push(table);
            self.doc.insert("years", Item::ArrayOfTables(years));
            self.changed = true;
            return Ok(());
        };
        let years = item
            .as_array_of_tables_mut()
            .ok_or("`years` is not written as [[years]] tables, so the import cannot edit it")?;
        let found = years.iter().position(|table| year_of(table) == Some(year));
        match found.and_then(|index| years.get_mut(index)) {
            Some(table) => {
                for (key, amount) in amounts {
                    self.changed |= set_amount(table, key, *amount, underscores)?;
                }
            }
            None => {
                let index = years
                    .iter()
                    .take_while(|table| year_of(table).is_some_and(|known| known < year))
                    .count();
                years.insert(index, new_year(year, amounts, underscores)?);
                self.changed = true;
            }
        }
        Ok(())
    }

    /// Updates the contact with this email, else this name key, or appends a new one with
    /// only the given fields. Returns what happened, or `None` when nothing changed.
    pub fn merge_contact(
        &mut self,
        contact: &ContactFields,
    ) -> Result<Option<ContactOutcome>, String> {
        let next_position = self.next_position();
        let Some(item) = self.doc.get_mut("contacts") else {
            let mut table = new_contact(contact);
            table.set_position(Some(next_position));
            let mut contacts = ArrayOfTables::new();
            contacts.push(table);
            self.doc.insert("contacts", Item::ArrayOfTables(contacts));
            self.changed = true;
            return Ok(Some(ContactOutcome::Added));
        };
        let contacts = item.as_array_of_tables_mut().ok_or(
            "`contacts` is not written as [[contacts]] tables, so the import cannot edit it",
        )?;
        let Some(index) = find_contact(contacts, contact) else {
            contacts.push(new_contact(contact));
            self.changed = true;
            return Ok(Some(ContactOutcome::Added));
        };
        let table = contacts
            .get_mut(index)
            .ok_or("the contact disappeared while editing")?;
        let mut changed = set_string(table, "name", &contact.name, same_name)?;
        for (key, value) in [
            ("title", &contact.title),
            ("email", &contact.email),
            ("phone", &contact.phone),
        ] {
            if let Some(value) = value {
                let same = if key == "email" {
                    same_email
                } else {
                    same_text
                };
                changed |= set_string(table, key, value, same)?;
            }
        }
        self.changed |= changed;
        Ok(changed.then_some(ContactOutcome::Updated))
    }

    /// One past the largest table position, so a new array of tables goes to the end.
    fn next_position(&self) -> isize {
        let mut largest = 0;
        for (_, item) in self.doc.iter() {
            match item {
                Item::Table(table) => largest = largest.max(table.position().unwrap_or(0)),
                Item::ArrayOfTables(tables) => {
                    for table in tables.iter() {
                        largest = largest.max(table.position().unwrap_or(0));
                    }
                }
                _ => {}
            }
        }
        largest + 1
    }

    /// Whether the file writes its money like `41_500_000`; new files do.
    fn uses_underscores(&self) -> bool {
        let Some(years) = self.doc.get("years").and_then(Item::as_array_of_tables) else {
            return true;
        };
        let mut written = years.iter().flat_map(|table| {
            ["revenue", "gross_margin", "cost_to_serve", "wallet"]
                .into_iter()
                .filter_map(|key| table.get(key).and_then(Item::as_value))
                .map(|value| value.to_string())
                .collect::<Vec<_>>()
        });
        let first = written.next();
        first.is_none_or(|text| text.contains('_'))
    }
}

/// A `[[years]]` row with only the amounts given; a row needs `revenue` to be valid.
fn new_year(year: i64, amounts: &[(&str, Amount)], underscores: bool) -> Result<Table, String> {
    if !amounts.iter().any(|(key, _)| *key == "revenue") {
        return Err(format!(
            "the account has no [[years]] row for {year}, and a new row needs `revenue`"
        ));
    }
    let mut table = Table::new();
    table.insert("year", toml_edit::value(year));
    for key in ["revenue", "gross_margin", "wallet"] {
        if let Some((_, amount)) = amounts.iter().find(|(name, _)| *name == key) {
            table.insert(key, Item::Value(amount_value(*amount, underscores)));
        }
    }
    Ok(table)
}

/// A `[[contacts]]` entry with only the mapped fields.
fn new_contact(contact: &ContactFields) -> Table {
    let mut table = Table::new();
    table.insert("name", toml_edit::value(&contact.name));
    for (key, value) in [
        ("title", &contact.title),
        ("email", &contact.email),
        ("phone", &contact.phone),
    ] {
        if let Some(value) = value {
            table.insert(key, toml_edit::value(value));
        }
    }
    table
}

fn year_of(table: &Table) -> Option<i64> {
    table.get("year").and_then(Item::as_integer)
}

fn find_contact(contacts: &ArrayOfTables, contact: &ContactFields) -> Option<usize> {
    let by_email = contact.email.as_deref().and_then(|email| {
        contacts.iter().position(|table| {
            table
                .get("email")
                .and_then(Item::as_str)
                .is_some_and(|known| same_email(known, email))
        })
    });
    by_email.or_else(|| {
        let key = names::key(&contact.name);
        contacts.iter().position(|table| {
            table
                .get("name")
                .and_then(Item::as_str)
                .is_some_and(|known| names::key(known) == key)
        })
    })
}

pub fn same_text(a: &str, b: &str) -> bool {
    a == b
}

/// Names under the key of SPEC §7: a CRM's capitals do not overwrite the file's spelling.
pub fn same_name(a: &str, b: &str) -> bool {
    names::key(a) == names::key(b)
}

fn same_email(a: &str, b: &str) -> bool {
    a.trim().eq_ignore_ascii_case(b.trim())
}

/// Sets `key` in `table`, keeping the comment and spacing around an old value. Returns
/// whether anything changed.
fn set_string(
    table: &mut Table,
    key: &str,
    value: &str,
    same: fn(&str, &str) -> bool,
) -> Result<bool, String> {
    match table.get_mut(key) {
        Some(item) => {
            let old = item.as_value_mut().ok_or_else(|| {
                format!("`{key}` is not a plain value, so the import cannot edit it")
            })?;
            if old.as_str().is_some_and(|known| same(known, value)) {
                return Ok(false);
            }
            replace_keeping_decor(old, Value::from(value));
            Ok(true)
        }
        None => {
            table.insert(key, toml_edit::value(value));
            Ok(true)
        }
    }
}

fn set_amount(
    table: &mut Table,
    key: &str,
    amount: Amount,
    underscores: bool,
) -> Result<bool, String> {
    match table.get_mut(key) {
        Some(item) => {
            let old = item
                .as_value_mut()
                .ok_or_else(|| format!("`{key}` is not a number, so the import cannot edit it"))?;
            let known = match old {
                Value::Integer(integer) => Some(Amount::Int(*integer.value())),
                Value::Float(float) => Some(Amount::Float(*float.value())),
                _ => None,
            };
            if known.is_some_and(|known| known.exact() == amount.exact()) {
                return Ok(false);
            }
            replace_keeping_decor(old, amount_value(amount, underscores));
            Ok(true)
        }
        None => {
            table.insert(key, Item::Value(amount_value(amount, underscores)));
            Ok(true)
        }
    }
}

fn replace_keeping_decor(old: &mut Value, mut new: Value) {
    *new.decor_mut() = old.decor().clone();
    *old = new;
}

fn amount_value(amount: Amount, underscores: bool) -> Value {
    match amount {
        Amount::Int(value) if underscores => grouped(value)
            .parse::<Value>()
            .unwrap_or_else(|_| Value::from(value)),
        Amount::Int(value) => Value::from(value),
        Amount::Float(value) => Value::from(value),
        Amount::Decimal(value) => value
            .to_string()
            .parse::<Value>()
            .unwrap_or_else(|_| Value::from(crate::amount::approx(value))),
    }
}

/// `41500000` as `41_500_000`.
fn grouped(value: i64) -> String {
    let digits = value.unsigned_abs().to_string();
    let mut text = String::with_capacity(digits.len() + digits.len() / 3 + 1);
    if value < 0 {
        text.push('-');
    }
    for (index, digit) in digits.chars().enumerate() {
        if index > 0 && (digits.len() - index).is_multiple_of(3) {
            text.push('_');
        }
        text.push(digit);
    }
    text
}

#[cfg(test)]
mod tests {
    use super::*;

    const FILE: &str = "+++\nname = \"Bjurviks Bruk AB\" # as the mill writes it\nmanager = \"Karin Wästberg\"\nstage = \"basic\"\n\n[attractiveness]\nvolume = 6\n\n[[years]]\nyear = 2023\nrevenue = 73_500_000\ngross_margin = 14_600_000\n\n[[years]]\nyear = 2025\nrevenue = 58_100_000 # preliminary\ngross_margin = 11_400_000\n\n[[contacts]]\nname = \"Annika Rydén\"\nrole = \"buyer\"\n\n[[actions]]\ntitle = \"Call\"\n+++\n\n## Notes\n\nKeep.\n";

    fn file() -> AccountFile {
        AccountFile::parse(
            Path::new("content/accounts/bjurviks-bruk.md"),
            FILE.to_string(),
        )
        .expect("parses")
    }

    #[test]
    fn untouched_and_same_values_keep_every_byte() {
        let mut account = file();
        account
            .set_string("name", "BJURVIKS  BRUK AB", same_name)
            .expect("edit");
        account
            .set_money(2025, &[("revenue", Amount::Int(58_100_000))])
            .expect("edit");
        assert_eq!(account.text(), FILE);
    }

    #[test]
    fn a_changed_value_keeps_its_comment() {
        let mut account = file();
        account
            .set_money(2025, &[("revenue", Amount::Int(60_000_000))])
            .expect("edit");
        let expected = FILE.replace(
            "revenue = 58_100_000 # preliminary",
            "revenue = 60_000_000 # preliminary",
        );
        assert_eq!(account.text(), expected);
    }

    #[test]
    fn a_missing_year_goes_in_year_order() {
        let mut account = file();
        account
            .set_money(
                2024,
                &[
                    ("revenue", Amount::Int(67_400_000)),
                    ("wallet", Amount::Int(95_000_000)),
                ],
            )
            .expect("edit");
        let expected = FILE.replace(
            "\n[[years]]\nyear = 2025",
            "\n[[years]]\nyear = 2024\nrevenue = 67_400_000\nwallet = 95_000_000\n\n[[years]]\nyear = 2025",
        );
        assert_eq!(account.text(), expected);
    }

    #[test]
    fn contacts_are_matched_by_name_key_or_appended_after_the_last() {
        let mut account = file();
        let known = ContactFields {
            name: "annika rydén".to_string(),
            email: Some("annika.ryden@bjurvik.example".to_string()),
            ..ContactFields::default()
        };
        assert_eq!(
            account.merge_contact(&known),
            Ok(Some(ContactOutcome::Updated))
        );
        let new = ContactFields {
            name: "Göran Bäck".to_string(),
            title: Some("Driftingenjör".to_string()),
            ..ContactFields::default()
        };
        assert_eq!(account.merge_contact(&new), Ok(Some(ContactOutcome::Added)));
        let expected = FILE.replace(
            "role = \"buyer\"\n",
            "role = \"buyer\"\nemail = \"annika.ryden@bjurvik.example\"\n\n[[contacts]]\nname = \"Göran Bäck\"\ntitle = \"Driftingenjör\"\n",
        );
        assert_eq!(account.text(), expected);
        // The same contact again, now found by email: nothing changes.
        let again = ContactFields {
            name: "Annika Rydén".to_string(),
            email: Some("ANNIKA.RYDEN@bjurvik.example".to_string()),
            ..ContactFields::default()
        };
        assert_eq!(account.merge_contact(&again), Ok(None));
    }

    #[test]
    fn new_accounts_open_with_the_unscored_comment() {
        let mut account = AccountFile::create(
            PathBuf::from("content/accounts/nya-ab.md"),
            "Nya AB",
            "Anna Berg",
        );
        account
            .set_string("crm_id", "0017R00001KdA2AAAV", same_text)
            .expect("edit");
        account
            .set_money(2025, &[("revenue", Amount::Int(1_200_000))])
            .expect("edit");
        assert_eq!(
            account.text(),
            format!(
                "+++\n{UNSCORED_COMMENT}name = \"Nya AB\"\nmanager = \"Anna Berg\"\nstage = \"exploratory\"\ncrm_id = \"0017R00001KdA2AAAV\"\n\n[[years]]\nyear = 2025\nrevenue = 1_200_000\n+++\n"
            )
        );
    }

    #[test]
    fn money_is_grouped_like_the_file() {
        assert_eq!(grouped(41_500_000), "41_500_000");
        assert_eq!(grouped(-1_000), "-1_000");
        assert_eq!(grouped(999), "999");
    }
}
