//! `kam import` (SPEC §13): bring accounts and contacts in from a CRM or ERP export.
//!
//! The steps, each its own module: `read` turns the file into rows of text cells,
//! `columns` says which cell feeds which field, `money` and `crm_id` read the cells that
//! need reading, `merge` edits one account file with `toml_edit`, `write` replaces the files
//! all at once. This module matches rows to accounts and collects every problem before
//! anything is written: with any error, no file changes. It does not validate the rest of
//! an account (that is `kam check`'s job) and never touches a key it does not map.

pub mod columns;
pub mod crm_id;
pub mod merge;
pub mod money;
pub mod read;
pub mod write;

use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};

use rayon::prelude::*;

pub use columns::Field;
use columns::{Columns, Kind, Mapping};
use merge::{AccountFile, ContactFields, ContactOutcome};
use read::{Row, Sheet};
pub use write::Change;

use crate::amount::Amount;
use crate::config::Config;
use crate::diagnostics::{self, Diagnostic};
use crate::i18n::terminal_count;
use crate::{Failure, names, slug};

const ACCOUNTS_DIR: &str = "content/accounts";

#[derive(Debug, Clone)]
pub struct ImportOptions {
    pub root: PathBuf,
    /// The export, as the user named it (messages show it so).
    pub file: PathBuf,
    pub preset: Option<String>,
    pub year: Option<i32>,
    pub dry_run: bool,
}

/// What an import did, or with `--dry-run` would do.
pub struct Summary {
    pub created: usize,
    pub updated: usize,
    pub unchanged: usize,
    pub contacts_added: usize,
    pub contacts_updated: usize,
    pub rows: usize,
    /// The fiscal year money went to.
    pub year: i64,
    /// Every file that changes, in path order.
    pub changes: Vec<Change>,
}

impl Summary {
    /// The closing line of a run: what was (or would be) created, updated and left alone.
    pub fn counts(&self, dry_run: bool) -> String {
        format!(
            "{} {} for {}: {} created, {} updated, {} unchanged; {} added, {} updated{}",
            if dry_run { "dry run:" } else { "imported" },
            terminal_count(self.rows, "row", "rows"),
            self.year,
            terminal_count(self.created, "account", "accounts"),
            self.updated,
            self.unchanged,
            terminal_count(self.contacts_added, "contact", "contacts"),
            self.contacts_updated,
            if dry_run { "; nothing was written" } else { "" },
        )
    }
}

/// Reports progress: called with the rows done so far and the rows in all.
pub type Progress<'a> = &'a (dyn Fn(u64, u64) + Sync);

pub fn run(options: &ImportOptions, progress: Progress) -> Result<Summary, Failure> {
    let root = options.root.as_path();
    let config = Config::load_site(root)?;
    let shown = options.file.as_path();
    let mapping = match options.preset.as_deref() {
        Some(name) => Mapping::Preset(columns::preset(name).ok_or_else(|| {
            Failure::Io(format!(
                "unknown preset `{name}`; expected one of {}",
                crate::fields::quoted_list(&columns::PRESET_NAMES)
            ))
        })?),
        None if config.import_columns.is_empty() => {
            return Err(Failure::Site(vec![
                Diagnostic::whole_file(
                    crate::config::CONFIG_FILE,
                    "kam.toml has no [import.columns] to map the export's columns",
                )
                .with_help("pass --preset salesforce or --preset hubspot, or map the columns in [import.columns]"),
            ]));
        }
        None => Mapping::Site(&config.import_columns),
    };
    let year = match options.year.or(config.reference_year) {
        Some(year) => i64::from(year),
        None => {
            let environment = crate::today::from_environment().map_err(Failure::Io)?;
            i64::from(crate::today::resolve(None, config.today, environment).year() - 1)
        }
    };
    let sheet = read::read(&options.file, shown)?;
    let columns = columns::resolve(shown, &sheet.header, &mapping, &|index| {
        sheet.column_number(index)
    })?;
    let accounts = load_accounts(root)?;
    let mut import = Import::new(shown, &sheet, &columns, accounts, year);
    let total = sheet.rows.len() as u64;
    for (done, row) in sheet.rows.iter().enumerate() {
        import.row(row);
        if done % 256 == 0 {
            progress(done as u64, total);
        }
    }
    progress(total, total);
    import.finish(root, options.dry_run)
}

/// Reads and parses every account file, in slug order.
fn load_accounts(root: &Path) -> Result<Vec<AccountFile>, Vec<Diagnostic>> {
    let folder = root.join(ACCOUNTS_DIR);
    let mut paths = Vec::new();
    if folder.is_dir() {
        let entries = std::fs::read_dir(&folder).map_err(|error| {
            vec![Diagnostic::whole_file(
                ACCOUNTS_DIR,
                format!("cannot read the folder: {error}"),
            )]
        })?;
        let mut problems = Vec::new();
        for entry in entries.flatten() {
            let name = entry.file_name().to_string_lossy().into_owned();
            if !name.ends_with(".md") || name.starts_with('.') {
                continue;
            }
            let path = PathBuf::from(ACCOUNTS_DIR).join(&name);
            match entry.file_type() {
                Ok(kind) if kind.is_file() => paths.push(path),
                // Replacing a link would cut it, and its target may lie outside the site.
                Ok(kind) if kind.is_symlink() => problems.push(
                    Diagnostic::whole_file(path, "the import does not edit symbolic links")
                        .with_help("replace the link with the file itself, then import again"),
                ),
                _ => {}
            }
        }
        if !problems.is_empty() {
            diagnostics::sort(&mut problems);
            return Err(problems);
        }
    }
    paths.sort();
    let results: Vec<Result<AccountFile, Diagnostic>> = paths
        .par_iter()
        .map(|path| {
            let text = std::fs::read_to_string(root.join(path)).map_err(|error| {
                Diagnostic::whole_file(path, format!("cannot read as UTF-8 text: {error}"))
            })?;
            AccountFile::parse(path, text)
        })
        .collect();
    let mut accounts = Vec::with_capacity(results.len());
    let mut problems = Vec::new();
    for result in results {
        match result {
            Ok(account) => accounts.push(account),
            Err(problem) => problems.push(problem),
        }
    }
    if problems.is_empty() {
        Ok(accounts)
    } else {
        Err(problems)
    }
}

/// The state of one import run: accounts, their indexes, and the problems found so far.
struct Import<'a> {
    file: &'a Path,
    sheet: &'a Sheet,
    columns: &'a Columns,
    year: i64,
    accounts: Vec<AccountFile>,
    existing: usize,
    by_crm_id: HashMap<String, Vec<usize>>,
    by_name: HashMap<String, Vec<usize>>,
    slugs: HashSet<String>,
    /// For an accounts export: the row that first named each account.
    claimed: HashMap<usize, usize>,
    contacts_added: usize,
    contacts_updated: usize,
    problems: Vec<Diagnostic>,
}

/// A cell's trimmed text and where it is, for messages.
struct Cell<'r> {
    text: &'r str,
    column: usize,
}

impl<'a> Import<'a> {
    fn new(
        file: &'a Path,
        sheet: &'a Sheet,
        columns: &'a Columns,
        accounts: Vec<AccountFile>,
        year: i64,
    ) -> Self {
        let mut import = Import {
            file,
            sheet,
            columns,
            year,
            existing: accounts.len(),
            accounts: Vec::new(),
            by_crm_id: HashMap::new(),
            by_name: HashMap::new(),
            slugs: HashSet::new(),
            claimed: HashMap::new(),
            contacts_added: 0,
            contacts_updated: 0,
            problems: Vec::new(),
        };
        for account in accounts {
            import.add(account);
        }
        import
    }

    fn add(&mut self, account: AccountFile) -> usize {
        let index = self.accounts.len();
        if let Some(id) = account.string("crm_id") {
            self.by_crm_id
                .entry(crm_id::key(id))
                .or_default()
                .push(index);
        }
        if let Some(name) = account.string("name") {
            self.by_name
                .entry(names::key(name))
                .or_default()
                .push(index);
        }
        if let Some(stem) = account.path.file_stem() {
            self.slugs.insert(stem.to_string_lossy().into_owned());
        }
        self.accounts.push(account);
        index
    }

    fn error(&mut self, row: usize, column: usize, message: impl Into<String>) {
        self.problems.push(Diagnostic {
            line: row,
            column,
            ..Diagnostic::whole_file(self.file, message)
        });
    }

    fn error_with_help(
        &mut self,
        row: usize,
        column: usize,
        message: impl Into<String>,
        help: impl Into<String>,
    ) {
        self.error(row, column, message);
        if let Some(last) = self.problems.last_mut() {
            last.help = Some(help.into());
        }
    }

    /// The trimmed text of a mapped cell; `None` when unmapped or empty. Control characters
    /// are refused here, so none reaches a file or the terminal.
    fn cell<'r>(&mut self, row: &'r Row, field: Field) -> Option<Cell<'r>> {
        let index = self.columns.get(field)?;
        let column = self.sheet.column_number(index);
        if let Some(message) = self.sheet.error_cells.get(&(row.number, index)) {
            let message = format!("the `{}` cell holds {message}", field.key());
            self.error(row.number, column, message);
            return None;
        }
        let text = row.cells.get(index).map_or("", |cell| cell.trim());
        if text.is_empty() {
            return None;
        }
        if text.chars().any(char::is_control) {
            self.error_with_help(
                row.number,
                column,
                format!(
                    "the `{}` cell holds a control character: \"{}\"",
                    field.key(),
                    terminal_safe(text)
                ),
                "a line break or other control character cannot go into this field",
            );
            return None;
        }
        Some(Cell { text, column })
    }

    fn row(&mut self, row: &Row) {
        let width = self.sheet.header.len();
        if let Some(extra) = row.cells[width.min(row.cells.len())..]
            .iter()
            .position(|cell| !cell.trim().is_empty())
        {
            self.error(
                row.number,
                self.sheet.column_number(width + extra),
                format!(
                    "the row has {} cells but the header only {width}",
                    row.cells.len()
                ),
            );
            return;
        }
        match self.columns.kind {
            Kind::Accounts => self.account_row(row),
            Kind::Contacts => self.contact_row(row),
        }
    }

    /// Finds the account a row names: by crm_id, else by name key. `Err(())` means an
    /// error was recorded.
    fn find(&mut self, row: &Row) -> Result<Option<usize>, ()> {
        let id = self.cell(row, Field::CrmId);
        let name = self.cell(row, Field::Name);
        if let Some(id) = &id
            && let Some(found) = self.by_crm_id.get(&crm_id::key(id.text))
        {
            return self.only(row, id.column, found.clone(), "crm_id").map(Some);
        }
        let Some(name) = name else {
            return Ok(None);
        };
        let Some(found) = self.by_name.get(&names::key(name.text)).cloned() else {
            return Ok(None);
        };
        let index = self.only(row, name.column, found, "name")?;
        if let (Some(id), Some(known)) = (&id, self.accounts[index].string("crm_id"))
            && crm_id::key(id.text) != crm_id::key(known)
        {
            let message = format!(
                "the row's CRM id \"{}\" differs from crm_id \"{}\" of {}, which has the same name",
                terminal_safe(id.text),
                terminal_safe(known),
                self.accounts[index].path.display()
            );
            self.error_with_help(
                row.number,
                id.column,
                message,
                "two CRM records with one name: rename one of them, or correct crm_id in the file",
            );
            return Err(());
        }
        Ok(Some(index))
    }

    fn only(
        &mut self,
        row: &Row,
        column: usize,
        found: Vec<usize>,
        what: &str,
    ) -> Result<usize, ()> {
        match found.as_slice() {
            [index] => Ok(*index),
            _ => {
                let files: Vec<String> = found
                    .iter()
                    .map(|index| self.accounts[*index].path.display().to_string())
                    .collect();
                self.error(
                    row.number,
                    column,
                    format!(
                        "this {what} matches {} accounts: {}",
                        files.len(),
                        files.join(", ")
                    ),
                );
                Err(())
            }
        }
    }

    fn account_row(&mut self, row: &Row) {
        let Ok(found) = self.find(row) else {
            return;
        };
        let mut amounts: Vec<(&str, Amount)> = Vec::new();
        for (field, _) in self.columns.money() {
            let Some(cell) = self.cell(row, field) else {
                continue;
            };
            match money::parse(cell.text) {
                Ok(amount)
                    if field == Field::Wallet && !amount.exact().is_sign_positive()
                        || amount.is_zero() =>
                {
                    self.error(
                        row.number,
                        cell.column,
                        format!("wallet \"{}\" must be > 0", terminal_safe(cell.text)),
                    )
                }
                Ok(amount) if field == Field::Revenue && amount.is_negative() => self.error(
                    row.number,
                    cell.column,
                    format!("revenue \"{}\" must be >= 0", terminal_safe(cell.text)),
                ),
                Ok(amount) => amounts.push((field.key(), amount)),
                Err(money::NotMoney(why)) => self.error_with_help(
                    row.number,
                    cell.column,
                    format!(
                        "`{}` \"{}\" is not an amount of money: {why}",
                        field.key(),
                        terminal_safe(cell.text)
                    ),
                    "write it like 1234567, 1 234 567, 1,234,567.00 or 1 234 567,00",
                ),
            }
        }
        let name = self
            .cell(row, Field::Name)
            .map(|cell| cell.text.to_string());
        let manager = self
            .cell(row, Field::Manager)
            .map(|cell| cell.text.to_string());
        let strings: Vec<(&str, String)> = [Field::CrmId, Field::Industry, Field::Country]
            .into_iter()
            .filter_map(|field| {
                self.cell(row, field)
                    .map(|cell| (field.key(), cell.text.to_string()))
            })
            .collect();
        let index = match found {
            Some(index) => index,
            None => match self.create(row, name.as_deref(), manager.as_deref()) {
                Some(index) => index,
                None => return,
            },
        };
        if let Some(first) = self.claimed.insert(index, row.number) {
            let path = self.accounts[index].path.display().to_string();
            self.error_with_help(
                row.number,
                1,
                format!("row {first} already brought in this account ({path})"),
                "an accounts export has one row per account",
            );
            return;
        }
        let year = self.year;
        let account = &mut self.accounts[index];
        let mut failures = Vec::new();
        for (key, value, same) in [
            ("name", name, merge::same_name as fn(&str, &str) -> bool),
            ("manager", manager, merge::same_name),
        ] {
            if let Some(value) = value
                && let Err(message) = account.set_string(key, &value, same)
            {
                failures.push(message);
            }
        }
        for (key, value) in &strings {
            let same = if *key == "crm_id" {
                |a: &str, b: &str| crm_id::key(a) == crm_id::key(b)
            } else {
                merge::same_text
            };
            if let Err(message) = account.set_string(key, value, same) {
                failures.push(message);
            }
        }
        if let Err(message) = account.set_money(year, &amounts) {
            failures.push(message);
        }
        for message in failures {
            let path = self.accounts[index].path.display().to_string();
            self.error(row.number, 1, format!("{path}: {message}"));
        }
    }

    /// A new account file for an unmatched row; `None` when the row cannot make one.
    fn create(&mut self, row: &Row, name: Option<&str>, manager: Option<&str>) -> Option<usize> {
        let name_column = self
            .columns
            .get(Field::Name)
            .map_or(1, |index| self.sheet.column_number(index));
        let Some(name) = name else {
            self.error_with_help(
                row.number,
                name_column,
                "no account has this CRM id, and the row has no name to create one from",
                "map a column to `name`, or add crm_id to the account's file",
            );
            return None;
        };
        let Some(manager) = manager else {
            let column = self
                .columns
                .get(Field::Manager)
                .map_or(name_column, |index| self.sheet.column_number(index));
            self.error_with_help(
                row.number,
                column,
                format!(
                    "\"{}\" matches no account, and a new account needs a manager",
                    terminal_safe(name)
                ),
                "fill in the account owner, map a column to `manager`, or check the name against content/accounts/",
            );
            return None;
        };
        let base = slug::slugify(name);
        if base.is_empty() {
            self.error(
                row.number,
                name_column,
                format!("\"{}\" gives no file name", terminal_safe(name)),
            );
            return None;
        }
        let mut slug = base.clone();
        let mut suffix = 2;
        while self.slugs.contains(&slug) {
            slug = format!("{base}-{suffix}");
            suffix += 1;
        }
        let path = PathBuf::from(ACCOUNTS_DIR).join(format!("{slug}.md"));
        Some(self.add(AccountFile::create(path, name, manager)))
    }

    fn contact_row(&mut self, row: &Row) {
        let found = match self.find(row) {
            Ok(Some(index)) => index,
            Ok(None) => {
                let column = [Field::Name, Field::CrmId]
                    .into_iter()
                    .find_map(|field| self.columns.get(field))
                    .map_or(1, |index| self.sheet.column_number(index));
                self.error_with_help(
                    row.number,
                    column,
                    "the contact's account matches no account of the site",
                    "import the accounts first, or correct the account's name or CRM id",
                );
                return;
            }
            Err(()) => return,
        };
        let full = self
            .cell(row, Field::ContactName)
            .map(|cell| cell.text.to_string());
        let first = self
            .cell(row, Field::ContactFirstName)
            .map(|cell| cell.text.to_string());
        let last = self
            .cell(row, Field::ContactLastName)
            .map(|cell| cell.text.to_string());
        let name = full.or_else(|| match (first, last) {
            (Some(first), Some(last)) => Some(format!("{first} {last}")),
            (one, other) => one.or(other),
        });
        let title = self
            .cell(row, Field::ContactTitle)
            .map(|cell| cell.text.to_string());
        let email = self.cell(row, Field::ContactEmail).and_then(|cell| {
            if cell.text.matches('@').count() == 1 {
                Some(cell.text.to_string())
            } else {
                let message = format!("\"{}\" is not an e-mail address", terminal_safe(cell.text));
                self.error_with_help(
                    row.number,
                    cell.column,
                    message,
                    "an address holds exactly one `@`",
                );
                None
            }
        });
        let phone = self.cell(row, Field::ContactPhone).and_then(|cell| {
            if crate::content::account::is_phone_number(cell.text) {
                Some(cell.text.to_string())
            } else {
                let message = format!("\"{}\" is not a phone number", terminal_safe(cell.text));
                self.error_with_help(
                    row.number,
                    cell.column,
                    message,
                    "use digits, spaces and `+ - ( ) .` only",
                );
                None
            }
        });
        let Some(name) = name else {
            let column = [
                Field::ContactName,
                Field::ContactLastName,
                Field::ContactFirstName,
            ]
            .into_iter()
            .find_map(|field| self.columns.get(field))
            .map_or(1, |index| self.sheet.column_number(index));
            self.error(row.number, column, "the contact has no name");
            return;
        };
        let contact = ContactFields {
            name,
            title,
            email,
            phone,
        };
        match self.accounts[found].merge_contact(&contact) {
            Ok(Some(ContactOutcome::Added)) => self.contacts_added += 1,
            Ok(Some(ContactOutcome::Updated)) => self.contacts_updated += 1,
            Ok(None) => {}
            Err(message) => {
                let path = self.accounts[found].path.display().to_string();
                self.error(row.number, 1, format!("{path}: {message}"));
            }
        }
    }

    fn finish(mut self, root: &Path, dry_run: bool) -> Result<Summary, Failure> {
        if !self.problems.is_empty() {
            diagnostics::sort(&mut self.problems);
            return Err(Failure::Site(self.problems));
        }
        let existing = self.existing;
        let mut changes: Vec<Change> = self
            .accounts
            .par_iter()
            .filter_map(|account| {
                let after = account.text();
                if account.original.as_deref() == Some(after.as_str()) {
                    return None;
                }
                Some(Change {
                    path: account.path.clone(),
                    before: account.original.clone(),
                    after,
                })
            })
            .collect();
        changes.sort_by(|a, b| a.path.cmp(&b.path));
        let created = changes
            .iter()
            .filter(|change| change.before.is_none())
            .count();
        let updated = changes.len() - created;
        if !dry_run {
            write::commit(root, &changes).map_err(Failure::Io)?;
        }
        Ok(Summary {
            created,
            updated,
            unchanged: existing - updated,
            contacts_added: self.contacts_added,
            contacts_updated: self.contacts_updated,
            rows: self.sheet.rows.len(),
            year: self.year,
            changes,
        })
    }
}

/// Text from a file or an export made safe for a terminal: control characters other than
/// tab and newline are shown escaped (`\u{1b}`).
pub fn terminal_safe(text: &str) -> String {
    let mut safe = String::with_capacity(text.len());
    for c in text.chars() {
        if c.is_control() && c != '\n' && c != '\t' {
            safe.push_str(&c.escape_unicode().to_string());
        } else {
            safe.push(c);
        }
    }
    safe
}

/// A readable diff of one change, for `--dry-run`.
pub fn diff(change: &Change) -> String {
    let before = change.before.as_deref().unwrap_or("");
    let path = change.path.display().to_string();
    let old_header = if change.before.is_some() {
        format!("a/{path}")
    } else {
        "/dev/null".to_string()
    };
    let text = similar::TextDiff::from_lines(before, change.after.as_str())
        .unified_diff()
        .context_radius(2)
        .header(&old_header, &format!("b/{path}"))
        .to_string();
    terminal_safe(&text)
}
