//! `kam import` end to end (SPEC §13): a fixture site and exports under
//! `tests/fixtures/import/`, run through the real binary.

mod common;

use std::collections::BTreeMap;
use std::path::Path;

use common::*;

const SITE: &str = "import/site";

fn export(name: &str) -> std::path::PathBuf {
    fixture("import/exports").join(name)
}

fn accounts(root: &Path) -> BTreeMap<String, String> {
    read_tree(&root.join("content/accounts"))
        .into_iter()
        .map(|(path, bytes)| (path, String::from_utf8(bytes).expect("UTF-8")))
        .collect()
}

/// Runs `kam import` on a fresh copy of the fixture site and returns the site.
fn import(file: &Path, extra: &[&str]) -> (tempfile::TempDir, std::process::Output) {
    let site = copy_fixture(SITE);
    let output = import_into(site.path(), file, extra);
    (site, output)
}

fn import_into(root: &Path, file: &Path, extra: &[&str]) -> std::process::Output {
    kam()
        .arg("import")
        .arg(file)
        .arg("--root")
        .arg(root)
        .args(extra)
        .output()
        .expect("runs kam")
}

fn stdout(output: &std::process::Output) -> String {
    String::from_utf8_lossy(&output.stdout).into_owned()
}

fn stderr(output: &std::process::Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
}

fn assert_success(output: &std::process::Output) {
    assert!(
        output.status.success(),
        "kam import failed:\n{}{}",
        stdout(output),
        stderr(output)
    );
}

/// The clean export re-written in every encoding and delimiter an export may come in.
fn variants(clean: &str) -> Vec<(&'static str, Vec<u8>)> {
    let rows: Vec<Vec<String>> = csv::ReaderBuilder::new()
        .has_headers(false)
        .from_reader(clean.as_bytes())
        .records()
        .map(|record| {
            record
                .expect("clean CSV")
                .iter()
                .map(str::to_string)
                .collect()
        })
        .collect();
    let write = |delimiter: u8, terminator: csv::Terminator, always_quote: bool| {
        let mut writer = csv::WriterBuilder::new()
            .delimiter(delimiter)
            .terminator(terminator)
            .quote_style(if always_quote {
                csv::QuoteStyle::Always
            } else {
                csv::QuoteStyle::Necessary
            })
            .from_writer(Vec::new());
        for row in &rows {
            writer.write_record(row).expect("write");
        }
        String::from_utf8(writer.into_inner().expect("flush")).expect("UTF-8")
    };
    let semicolons = write(b';', csv::Terminator::CRLF, false);
    let tabs = write(b'\t', csv::Terminator::Any(b'\n'), false);
    let mut bom = b"\xEF\xBB\xBF".to_vec();
    bom.extend_from_slice(clean.as_bytes());
    let mut utf16le = vec![0xFF, 0xFE];
    let mut utf16be = vec![0xFE, 0xFF];
    for unit in tabs.encode_utf16() {
        utf16le.extend_from_slice(&unit.to_le_bytes());
        utf16be.extend_from_slice(&unit.to_be_bytes());
    }
    let (cp1252, _, lossy) = encoding_rs::WINDOWS_1252.encode(&semicolons);
    assert!(!lossy, "the fixture must be representable in Windows-1252");
    vec![
        ("UTF-8 with BOM", bom),
        ("semicolons, unquoted", semicolons.clone().into_bytes()),
        ("tabs, LF", tabs.into_bytes()),
        ("UTF-16LE with BOM, tabs", utf16le),
        ("UTF-16BE with BOM, tabs", utf16be),
        ("Windows-1252, semicolons", cp1252.into_owned()),
        (
            "quoted everywhere, LF",
            write(b',', csv::Terminator::Any(b'\n'), true).into_bytes(),
        ),
    ]
}

#[test]
fn every_encoding_and_delimiter_gives_the_same_files() {
    let (clean_site, output) = import(&export("sales.csv"), &[]);
    assert_success(&output);
    let expected = accounts(clean_site.path());
    let clean = std::fs::read_to_string(export("sales.csv")).expect("clean export");
    let scratch = tempfile::tempdir().expect("temporary folder");
    for (label, bytes) in variants(&clean) {
        let file = scratch.path().join("variant.csv");
        std::fs::write(&file, &bytes).expect("write variant");
        let (site, output) = import(&file, &[]);
        assert_success(&output);
        assert_eq!(accounts(site.path()), expected, "variant: {label}");
    }
    let (site, output) = import(&export("sales.xlsx"), &[]);
    assert_success(&output);
    assert_eq!(accounts(site.path()), expected, "variant: XLSX");
}

#[test]
fn the_import_sets_what_it_maps() {
    let (site, output) = import(&export("sales.csv"), &[]);
    assert_success(&output);
    assert!(
        stdout(&output).contains("5 rows for 2025: 2 accounts created, 3 updated, 0 unchanged"),
        "{}",
        stdout(&output)
    );
    let files = accounts(site.path());
    let alfa = &files["alfa-bruk.md"];
    // Found by the 18-character form of its 15-character id; the file keeps its spelling.
    assert!(alfa.contains("name = \"Alfa Bruk AB\"\n"), "{alfa}");
    assert!(alfa.contains("crm_id = \"001D0000000KlaB\"\n"), "{alfa}");
    assert!(
        alfa.contains("revenue = 43_200_000      # preliminary\n"),
        "{alfa}"
    );
    assert!(alfa.contains("gross_margin = 10_100_000\n"), "{alfa}");
    // Beta, found by its name key, gains a 2025 row after 2023, written like its others.
    let beta = &files["beta-tryck.md"];
    assert!(beta.contains("name = \"Beta Tryck AB\"\n"), "{beta}");
    assert!(
        beta.contains("gross_margin = 900000\n\n[[years]]\nyear = 2025\nrevenue = 5250000\ngross_margin = 950000\n\n[[contacts]]"),
        "{beta}"
    );
    assert!(beta.contains("industry = \"Tryckeri\"\n"), "{beta}");
    // Gamma, found by its ERP id; its empty industry cell adds nothing.
    let gamma = &files["gamma-skog.md"];
    assert!(!gamma.contains("industry"), "{gamma}");
    assert!(
        gamma.contains(
            "[[years]]\nyear = 2025\nrevenue = 12_000_000\ngross_margin = 2_400_000\n+++"
        ),
        "{gamma}"
    );
    // New accounts: unscored, exploratory, with the comment saying so.
    let delta = &files["delta-forpackning-ab.md"];
    assert!(
        delta.starts_with("+++\n# Created by `kam import`: not scored yet."),
        "{delta}"
    );
    assert!(delta.contains("stage = \"exploratory\"\n"), "{delta}");
    assert!(
        !delta
            .lines()
            .any(|line| line == "[attractiveness]" || line == "[strength]"),
        "{delta}"
    );
    assert!(delta.contains("crm_id = \"K-2001\"\n"), "{delta}");
    assert!(files["epsilon-sagverk-ab.md"].contains("revenue = 820_500\n"));
}

/// The lines of a file that hold a key the import may set.
fn is_mapped_line(line: &str) -> bool {
    let key = line.split('=').next().unwrap_or("").trim();
    [
        "name",
        "manager",
        "industry",
        "country",
        "crm_id",
        "revenue",
        "gross_margin",
        "wallet",
        "title",
        "email",
        "phone",
    ]
    .contains(&key)
        && line.contains('=')
}

/// Lines the import may add around new `[[years]]` and `[[contacts]]` entries.
fn is_new_entry_line(line: &str) -> bool {
    line.is_empty() || line == "[[years]]" || line == "[[contacts]]" || line.starts_with("year = ")
}

#[test]
fn every_byte_outside_the_mapped_keys_is_unchanged() {
    for (file, extra) in [
        ("sales.csv", &[][..]),
        ("contacts-salesforce.csv", &["--preset", "salesforce"][..]),
    ] {
        let (site, output) = import(&export(file), extra);
        assert_success(&output);
        let before = accounts(&fixture(SITE));
        let after = accounts(site.path());
        for (path, old) in &before {
            let new = &after[path];
            assert!(old != new, "{file}: {path} should have changed");
            let kept: Vec<&str> = old.lines().filter(|line| !is_mapped_line(line)).collect();
            let mut remaining = new.lines().filter(|line| !is_mapped_line(line));
            // `kept` must appear in order in the new file, with only new entries between.
            for line in &kept {
                loop {
                    let next = remaining.next();
                    assert!(
                        next.is_some(),
                        "{file}: {path}: lost the line {line:?}\n{new}"
                    );
                    if next == Some(*line) {
                        break;
                    }
                    let extra_line = next.unwrap_or_default();
                    assert!(
                        is_new_entry_line(extra_line),
                        "{file}: {path}: unexpected line {extra_line:?}\n{new}"
                    );
                }
            }
            for extra_line in remaining {
                assert!(
                    is_new_entry_line(extra_line),
                    "{file}: {path}: {extra_line:?}"
                );
            }
            // The Markdown notes after the front matter are identical to the byte.
            let body = |text: &str| text.splitn(3, "+++\n").nth(2).map(str::to_string);
            assert_eq!(body(old), body(new), "{file}: {path}");
        }
    }
}

#[test]
fn contacts_match_by_email_then_name_key_and_new_ones_get_only_mapped_fields() {
    let (site, output) = import(
        &export("contacts-salesforce.csv"),
        &["--preset", "salesforce"],
    );
    assert_success(&output);
    assert!(
        stdout(&output).contains("1 contact added, 2 updated"),
        "{}",
        stdout(&output)
    );
    let files = accounts(site.path());
    let alfa = &files["alfa-bruk.md"];
    // Found by email, whatever its capitals; the address keeps the file's spelling.
    assert!(
        alfa.contains("email = \"erik.lund@alfa.example\"\nphone = \"+46 60 123 45 67\"\n"),
        "{alfa}"
    );
    let beta = &files["beta-tryck.md"];
    assert!(
        beta.contains("name = \"Lena  Holm\"\nfunction = \"inköp\"\nrole = \"buyer\"\nowner = \"Bo Ek\"\nstrength = 3\ntitle = \"Inköpare\"\nemail = \"lena.holm@beta.example\"\n+++"),
        "{beta}"
    );
    let gamma = &files["gamma-skog.md"];
    assert!(
        gamma.ends_with("\n[[contacts]]\nname = \"Maja Sterner\"\ntitle = \"Skogsinspektor\"\nemail = \"maja.sterner@gamma.example\"\nphone = \"070-123 45 67\"\n+++\n"),
        "{gamma}"
    );
}

#[test]
fn salesforce_15_and_18_character_ids_are_one_record() {
    let site = copy_fixture(SITE);
    let scratch = tempfile::tempdir().expect("temporary folder");
    // A row that names Alfa only by the 18-character id, under another name.
    let file = scratch.path().join("ids.csv");
    std::fs::write(
        &file,
        "Kundnr,Kund,Ansvarig säljare,Bransch,Försäljning,Täckningsbidrag\n001D0000000KlaBIAS,Alfa Paper Mill,Anna Berg,,1,\n",
    )
    .expect("write");
    let output = import_into(site.path(), &file, &[]);
    assert_success(&output);
    let files = accounts(site.path());
    assert_eq!(files.len(), 3, "no new account: {:?}", files.keys());
    assert!(files["alfa-bruk.md"].contains("name = \"Alfa Paper Mill\""));
    // The same id with one letter's case changed is another record: the checksum differs.
    std::fs::write(
        &file,
        "Kundnr,Kund,Ansvarig säljare,Bransch,Försäljning,Täckningsbidrag\n001d0000000KlaBAAS,Other AB,Anna Berg,,1,\n",
    )
    .expect("write");
    let output = import_into(site.path(), &file, &[]);
    assert_success(&output);
    assert!(accounts(site.path()).contains_key("other-ab.md"));
}

#[test]
fn new_accounts_pass_kam_check() {
    let (site, output) = import(&export("sales.csv"), &[]);
    assert_success(&output);
    kam()
        .args(["check", "--root"])
        .arg(site.path())
        .assert()
        .success();
}

#[test]
fn updated_accounts_with_crm_id_email_and_phone_pass_kam_check() {
    let site = copy_fixture(SITE);
    // Only rows for existing, scored accounts, so the check needs nothing of SPEC v2 §3.
    let scratch = tempfile::tempdir().expect("temporary folder");
    let file = scratch.path().join("known.csv");
    std::fs::write(
        &file,
        "Kundnr,Kund,Ansvarig säljare,Bransch,Försäljning,Täckningsbidrag\n001D0000000KlaBIAS,Alfa Bruk AB,Anna Berg,Papper,\"43 200 000\",\"10 100 000\"\n,Beta Tryck AB,Bo Ek,,5000000,900000\n",
    )
    .expect("write");
    assert_success(&import_into(site.path(), &file, &[]));
    let alfa = site.path().join("content/accounts/alfa-bruk.md");
    let text = std::fs::read_to_string(&alfa).expect("read");
    std::fs::write(
        &alfa,
        text.replace(
            "email = \"erik.lund@alfa.example\"",
            "email = \"erik.lund@alfa.example\"\nphone = \"+46 (0)60-12 34 56\"",
        ),
    )
    .expect("write");
    kam()
        .args(["check", "--root"])
        .arg(site.path())
        .assert()
        .success();
    std::fs::write(
        &alfa,
        text.replace("erik.lund@alfa.example", "erik.lund(at)alfa.example"),
    )
    .expect("write");
    let output = kam()
        .args(["check", "--root"])
        .arg(site.path())
        .output()
        .expect("runs");
    assert_eq!(output.status.code(), Some(1));
    assert!(
        stderr(&output).contains("is not an e-mail address"),
        "{}",
        stderr(&output)
    );
}

#[test]
fn a_second_run_changes_nothing() {
    for (file, extra) in [
        ("sales.csv", &[][..]),
        ("sales.xlsx", &[][..]),
        ("contacts-salesforce.csv", &["--preset", "salesforce"][..]),
    ] {
        let (site, first) = import(&export(file), extra);
        assert_success(&first);
        let after_first = read_tree(site.path());
        let second = import_into(site.path(), &export(file), extra);
        assert_success(&second);
        assert_eq!(read_tree(site.path()), after_first, "{file}");
        assert!(
            stdout(&second).contains("0 accounts created, 0 updated")
                && stdout(&second).contains("0 contacts added, 0 updated"),
            "{file}: {}",
            stdout(&second)
        );
    }
}

#[test]
fn a_dry_run_changes_nothing_and_shows_the_diff() {
    let (site, output) = import(&export("sales.csv"), &["--dry-run"]);
    assert_success(&output);
    assert_eq!(read_tree(site.path()), read_tree(&fixture(SITE)));
    let text = stdout(&output);
    assert!(
        text.contains("--- a/content/accounts/alfa-bruk.md\n+++ b/content/accounts/alfa-bruk.md\n"),
        "{text}"
    );
    assert!(
        text.contains("\n-revenue = 41_500_000      # preliminary\n"),
        "{text}"
    );
    assert!(
        text.contains("\n+revenue = 43_200_000      # preliminary\n"),
        "{text}"
    );
    assert!(
        text.contains("--- /dev/null\n+++ b/content/accounts/delta-forpackning-ab.md\n"),
        "{text}"
    );
    assert!(
        text.trim_end().ends_with("2 accounts created, 3 updated, 0 unchanged; 0 contacts added, 0 updated; nothing was written"),
        "{text}"
    );
}

const HEADER: &str = "Kundnr,Kund,Ansvarig säljare,Bransch,Försäljning,Täckningsbidrag";

#[test]
fn each_broken_export_exits_1_at_its_row_and_column_and_changes_nothing() {
    let cases: &[(&str, String, &str)] = &[
        (
            "money",
            format!(
                "{HEADER}\n,Alfa Bruk AB,Anna Berg,,\"43 200 000\",\n,Beta Tryck AB,Bo Ek,,12.3.4,\n"
            ),
            ":3:5: error: `revenue` \"12.3.4\" is not an amount of money",
        ),
        (
            "CRLF line ends and a blank line",
            format!(
                "{HEADER}\r\n,Alfa Bruk AB,Anna Berg,,1,\r\n\r\n,Beta Tryck AB,Bo Ek,,12.3.4,\r\n"
            ),
            ":4:5: error: `revenue` \"12.3.4\" is not an amount of money",
        ),
        (
            "missing column",
            "Kundnr,Kund,Ansvarig säljare,Bransch,Försäljning 2025,Täckningsbidrag\n".to_string(),
            ":1:1: error: no column \"Försäljning\" in the header line",
        ),
        (
            "new account without manager",
            format!("{HEADER}\n,Alfa Bruk AB,,,1,\n,Zeta AB,,,1,\n"),
            ":3:3: error: \"Zeta AB\" matches no account, and a new account needs a manager",
        ),
        (
            "quoted newline keeps the row count",
            format!("{HEADER}\n,\"Alfa\nBruk\",Anna Berg,,1,\n,Beta Tryck AB,Bo Ek,,x,\n"),
            ":3:5: error: `revenue` \"x\" is not an amount of money",
        ),
        (
            "extra cells",
            format!("{HEADER}\n,Alfa Bruk AB,Anna Berg,,1,,surplus\n"),
            ":2:7: error: the row has 7 cells but the header only 6",
        ),
        (
            "negative revenue after a blank line",
            format!("{HEADER}\n\n,Alfa Bruk AB,Anna Berg,,-5,\n"),
            ":3:5: error: revenue \"-5\" must be >= 0",
        ),
        (
            "one account twice",
            format!("{HEADER}\n001D0000000KlaB,Alfa,Anna Berg,,1,\n,alfa bruk ab,Anna Berg,,2,\n"),
            ":3:1: error: row 2 already brought in this account",
        ),
    ];
    let scratch = tempfile::tempdir().expect("temporary folder");
    for (label, text, expected) in cases {
        let site = copy_fixture(SITE);
        let file = scratch.path().join("broken.csv");
        std::fs::write(&file, text).expect("write");
        let output = import_into(site.path(), &file, &[]);
        assert_eq!(
            output.status.code(),
            Some(1),
            "{label}: {}",
            stderr(&output)
        );
        let expected = format!("{}{expected}", file.display());
        assert!(
            stderr(&output).contains(&expected),
            "{label}: wanted {expected:?} in\n{}",
            stderr(&output)
        );
        assert_eq!(read_tree(site.path()), read_tree(&fixture(SITE)), "{label}");
    }
    // A contact whose account is unknown, through a preset.
    let site = copy_fixture(SITE);
    let file = scratch.path().join("contacts.csv");
    std::fs::write(
        &file,
        "First Name;Last Name;Account Name\nOla;Berg;Okänd AB\n",
    )
    .expect("write");
    let output = import_into(site.path(), &file, &["--preset", "salesforce"]);
    assert_eq!(output.status.code(), Some(1));
    let expected = format!(
        "{}:2:3: error: the contact's account matches no account",
        file.display()
    );
    assert!(stderr(&output).contains(&expected), "{}", stderr(&output));
    assert_eq!(read_tree(site.path()), read_tree(&fixture(SITE)));
}

#[test]
fn a_broken_workbook_names_its_cells_and_changes_nothing() {
    let (site, output) = import(&export("broken.xlsx"), &[]);
    assert_eq!(output.status.code(), Some(1), "{}", stderr(&output));
    let text = stderr(&output);
    let file = export("broken.xlsx").display().to_string();
    assert!(
        text.contains(&format!(
            "{file}:3:4: error: the `industry` cell holds the spreadsheet error #N/A"
        )),
        "{text}"
    );
    assert!(
        text.contains(&format!(
            "{file}:4:5: error: `revenue` \"tolv miljoner\" is not an amount of money"
        )),
        "{text}"
    );
    // G2's #DIV/0! is in a column nothing maps: no problem.
    assert!(text.contains("2 problems"), "{text}");
    assert_eq!(read_tree(site.path()), read_tree(&fixture(SITE)));
}

#[test]
fn all_problems_of_an_export_are_reported_at_once() {
    let site = copy_fixture(SITE);
    let scratch = tempfile::tempdir().expect("temporary folder");
    let file = scratch.path().join("many.csv");
    std::fs::write(
        &file,
        format!(
            "{HEADER}\n,Alfa Bruk AB,Anna Berg,,lots,\n,Beta Tryck AB,Bo Ek,,1,,x\n,Ny AB,,,1,\n"
        ),
    )
    .expect("write");
    let output = import_into(site.path(), &file, &[]);
    assert_eq!(output.status.code(), Some(1));
    let text = stderr(&output);
    for position in [":2:5:", ":3:7:", ":4:3:"] {
        assert!(text.contains(position), "{position} in\n{text}");
    }
    assert!(text.contains("3 problems"), "{text}");
}

#[test]
fn a_site_without_accounts_gets_its_first_ones() {
    let site = tempfile::tempdir().expect("temporary folder");
    std::fs::create_dir(site.path().join("content")).expect("content");
    std::fs::write(site.path().join("kam.toml"), "title = \"T\"\n").expect("kam.toml");
    let output = import_into(
        site.path(),
        &export("contacts-salesforce.csv"),
        &["--preset", "salesforce"],
    );
    assert_eq!(
        output.status.code(),
        Some(1),
        "contacts need their accounts first"
    );
    let output = import_into(
        site.path(),
        &export("sales.csv"),
        &["--preset", "salesforce"],
    );
    // sales.csv has none of the preset's headers.
    assert_eq!(output.status.code(), Some(1));
    assert!(
        stderr(&output)
            .contains(":1:1: error: the header line has none of the salesforce preset's columns"),
        "{}",
        stderr(&output)
    );
    let file = site.path().join("accounts.csv");
    std::fs::write(&file, "Account Name;Account Owner\nNy AB;Anna Berg\n").expect("write");
    assert_success(&import_into(
        site.path(),
        &file,
        &["--preset", "salesforce"],
    ));
    let created = accounts(site.path());
    assert_eq!(created.keys().collect::<Vec<_>>(), ["ny-ab.md"]);
}

#[cfg(unix)]
#[test]
fn a_linked_account_file_is_not_edited() {
    let site = copy_fixture(SITE);
    let outside = tempfile::tempdir().expect("temporary folder");
    let target = outside.path().join("elsewhere.md");
    std::fs::copy(site.path().join("content/accounts/beta-tryck.md"), &target).expect("copy");
    std::fs::remove_file(site.path().join("content/accounts/beta-tryck.md")).expect("remove");
    std::os::unix::fs::symlink(&target, site.path().join("content/accounts/beta-tryck.md"))
        .expect("link");
    let before = read_tree(site.path());
    let output = import_into(site.path(), &export("sales.csv"), &[]);
    assert_eq!(output.status.code(), Some(1));
    assert!(
        stderr(&output).contains(
            "content/accounts/beta-tryck.md:1:1: error: the import does not edit symbolic links"
        ),
        "{}",
        stderr(&output)
    );
    assert_eq!(read_tree(site.path()), before);
}
