//! What a newcomer meets first: help text, the hints of the commonest mistakes in dates and
//! numbers, errors about missing pieces, counts in the output, chapter titles and links.
//! Each test runs the real binary on a copy of a fixture site changed in one place.

mod common;

use std::path::Path;

use common::{copy_fixture, kam};

/// Replaces the first `from` in a file of the site (the test fails if it is not there).
fn replace(root: &Path, file: &str, from: &str, to: &str) {
    let path = root.join(file);
    let text = std::fs::read_to_string(&path).expect("read fixture file");
    assert!(text.contains(from), "{file} holds {from:?}");
    std::fs::write(&path, text.replacen(from, to, 1)).expect("write fixture file");
}

/// `kam check` of a site that must fail; its stderr.
fn check_fails(root: &Path) -> String {
    let output = kam()
        .args(["check", "--root"])
        .arg(root)
        .output()
        .expect("run kam");
    assert_eq!(output.status.code(), Some(1), "kam check should fail");
    String::from_utf8(output.stderr).expect("UTF-8")
}

const ALFA: &str = "content/accounts/alfa-bruk.md";

#[test]
fn every_flag_of_every_subcommand_has_help_text() {
    for command in [
        &["build"][..],
        &["check"],
        &["init"],
        &["new", "account"],
        &["new", "chapter"],
        &["serve"],
        &["synth"],
        &["import"],
    ] {
        let output = kam().args(command).arg("--help").output().expect("run kam");
        let help = String::from_utf8(output.stdout).expect("UTF-8");
        let options = help
            .split("Options:")
            .nth(1)
            .unwrap_or_else(|| panic!("{command:?} --help lists options"));
        for line in options
            .lines()
            .filter(|line| line.trim_start().starts_with('-'))
        {
            // clap puts the text after the flag and its value name, two spaces apart; a
            // bare `[default: …]` there is no description.
            let described = line
                .trim()
                .split_once("  ")
                .is_some_and(|(_, text)| !text.trim_start().starts_with('['));
            assert!(
                described,
                "`kam {}`: `{}` has no help text",
                command.join(" "),
                line.trim()
            );
        }
    }
}

#[test]
fn a_quoted_day_first_date_gets_the_iso_form_as_its_hint() {
    let site = copy_fixture("happy");
    replace(
        site.path(),
        ALFA,
        "due = 2027-06-30",
        "due = \"01.12.2026\"",
    );
    let stderr = check_fails(site.path());
    assert!(
        stderr.contains("error: `due` must be a date, found a string\n"),
        "{stderr}"
    );
    assert!(
        stderr.contains("= help: write the date as YYYY-MM-DD without quotes: due = 2026-12-01\n"),
        "{stderr}"
    );
}

#[test]
fn an_unquoted_date_with_slashes_gets_the_iso_form_not_a_request_for_quotes() {
    let site = copy_fixture("happy");
    replace(site.path(), ALFA, "due = 2027-06-30", "due = 2026/12/01");
    let stderr = check_fails(site.path());
    assert!(stderr.contains("error: invalid TOML: "), "{stderr}");
    assert!(
        stderr.contains("= help: write the date as YYYY-MM-DD, without quotes: due = 2026-12-01\n"),
        "{stderr}"
    );
}

#[test]
fn a_number_with_spaces_gets_underscores_as_its_hint() {
    let site = copy_fixture("happy");
    replace(
        site.path(),
        ALFA,
        "revenue = 41_500_000",
        "revenue = 21 400 000",
    );
    let stderr = check_fails(site.path());
    assert!(
        stderr.contains(
            "= help: write the number with `_` between digit groups, not spaces: revenue = 21_400_000\n"
        ),
        "{stderr}"
    );
}

#[test]
fn a_quoted_number_gets_the_unquoted_form_as_its_hint() {
    let site = copy_fixture("happy");
    replace(
        site.path(),
        ALFA,
        "revenue = 41_500_000",
        "revenue = \"21 400 000\"",
    );
    let stderr = check_fails(site.path());
    assert!(
        stderr.contains("error: `revenue` must be a number, found string\n"),
        "{stderr}"
    );
    assert!(
        stderr.contains("= help: write the number without quotes: revenue = 21_400_000\n"),
        "{stderr}"
    );
}

#[test]
fn a_key_with_a_swedish_letter_gets_quotes_as_its_hint_not_a_number_form() {
    let site = copy_fixture("happy");
    replace(
        site.path(),
        "kam.toml",
        "title = \"Fixture AB\"\n",
        "title = \"Fixture AB\"\nöppenhet = 20\n",
    );
    let stderr = check_fails(site.path());
    assert!(
        stderr.contains("kam.toml:2:1: error: invalid TOML: "),
        "{stderr}"
    );
    assert!(
        stderr
            .contains("= help: a key with letters beyond a-z goes in quotes: \"öppenhet\" = 20\n"),
        "{stderr}"
    );
}

#[test]
fn every_hint_for_a_date_or_number_is_valid_toml() {
    for (bad, help) in [
        ("due = \"01.12.2026\"", "due = 2026-12-01"),
        ("due = 2026/12/01", "due = 2026-12-01"),
        ("revenue = 21 400 000", "revenue = 21_400_000"),
        ("revenue = \"21 400 000\"", "revenue = 21_400_000"),
    ] {
        let site = copy_fixture("happy");
        let from = if bad.starts_with("due") {
            "due = 2027-06-30"
        } else {
            "revenue = 41_500_000"
        };
        replace(site.path(), ALFA, from, bad);
        let stderr = check_fails(site.path());
        let suggested = stderr
            .lines()
            .find_map(|line| line.split(": ").last().filter(|_| line.contains("= help:")))
            .unwrap_or_else(|| panic!("a hint for {bad}: {stderr}"));
        assert_eq!(suggested, help);
        // Following the hint gives a site that checks.
        replace(site.path(), ALFA, bad, suggested);
        kam()
            .args(["check", "--root"])
            .arg(site.path())
            .assert()
            .success();
    }
}

#[test]
fn an_objective_without_an_id_is_named_as_such_where_an_action_points_to_it() {
    let site = copy_fixture("happy");
    replace(site.path(), ALFA, "id = \"vatskekartong\"\n", "");
    let stderr = check_fails(site.path());
    assert!(
        stderr.contains("error: missing required key `id` in [[objectives]]\n"),
        "{stderr}"
    );
    assert!(
        stderr.contains("error: no objective with id `vatskekartong` in this account\n"),
        "{stderr}"
    );
    assert!(
        stderr.contains(
            "= help: an [[objectives]] entry of this account has no `id`; \
             if this action belongs to it, add `id = \"vatskekartong\"` there\n"
        ),
        "{stderr}"
    );
    assert!(!stderr.contains("has no [[objectives]]"), "{stderr}");
}

#[test]
fn a_folder_without_kam_toml_is_no_site_and_the_error_says_how_to_make_one() {
    let empty = tempfile::tempdir().expect("temporary folder");
    let root = empty.path().canonicalize().expect("absolute path");
    for command in ["build", "check"] {
        let output = kam()
            .args([command, "--root"])
            .arg(&root)
            .output()
            .expect("run kam");
        assert_eq!(output.status.code(), Some(1));
        let stderr = String::from_utf8(output.stderr).expect("UTF-8");
        let shown = root.display();
        assert_eq!(
            stderr,
            format!(
                "error: there is no kam site in {shown}: it has no kam.toml; \
                 create one with `kam init {shown}`, or pass --root with the folder of a site\n"
            )
        );
    }
    assert_eq!(std::fs::read_dir(&root).expect("list folder").count(), 0);
}

/// A copy of the `happy` site cut down to one account and one chapter.
fn one_of_each() -> tempfile::TempDir {
    let site = copy_fixture("happy");
    for file in [
        "content/accounts/beta-tryck.md",
        "content/accounts/gamma-skog.md",
        "content/handbook/matris.md",
        "content/handbook/utkast.md",
    ] {
        std::fs::remove_file(site.path().join(file)).expect("remove fixture file");
    }
    site
}

#[test]
fn the_terminal_counts_one_thing_in_the_singular() {
    let site = one_of_each();
    let output = kam()
        .args(["check", "--root"])
        .arg(site.path())
        .output()
        .expect("run kam");
    let stdout = String::from_utf8(output.stdout).expect("UTF-8");
    assert!(
        stdout.starts_with("checked 1 account and 1 chapter ("),
        "{stdout}"
    );
    let out = tempfile::tempdir().expect("temporary folder");
    let output = kam()
        .args(["build", "--root"])
        .arg(site.path())
        .arg("--output")
        .arg(out.path().join("public"))
        .output()
        .expect("run kam");
    let stdout = String::from_utf8(output.stdout).expect("UTF-8");
    assert!(stdout.contains(" (1 account, 1 chapter, "), "{stdout}");

    replace(
        site.path(),
        ALFA,
        "due = 2027-06-30",
        "due = \"2027-06-30\"",
    );
    let stderr = check_fails(site.path());
    assert!(
        stderr.ends_with("error: 1 problem in 1 file; nothing was written\n"),
        "{stderr}"
    );
}

#[test]
fn pages_count_one_account_in_the_singular_in_both_languages() {
    for (language, portfolio, manager, plural) in [
        (
            "sv",
            "1 nyckelkund med en sammanlagd",
            "Ansvarar för 1 nyckelkund med",
            "1 nyckelkunder",
        ),
        (
            "en",
            "1 key account with a total revenue",
            "Manages 1 key account with",
            "1 key accounts",
        ),
    ] {
        let site = one_of_each();
        replace(
            site.path(),
            "kam.toml",
            "language = \"sv\"",
            &format!("language = \"{language}\""),
        );
        let out = tempfile::tempdir().expect("temporary folder");
        let public = out.path().join("public");
        common::build(site.path(), &public);
        let pages = common::html_pages(&public);
        assert!(pages["index.html"].contains(portfolio), "{language}");
        let managers: Vec<_> = pages
            .iter()
            .filter(|(path, _)| path.starts_with("managers/") && path.ends_with("/index.html"))
            .collect();
        assert!(!managers.is_empty(), "{language}: a manager page");
        for (path, page) in managers {
            assert!(page.contains(manager), "{language}: {path}");
        }
        for (path, page) in &pages {
            assert!(!page.contains(plural), "{language}: {path} says {plural:?}");
        }
    }
}

#[test]
fn a_chapter_shows_its_title_once_and_without_a_second_number() {
    let site = copy_fixture("happy");
    std::fs::write(
        site.path().join("content/handbook/urval.md"),
        "+++\ntitle = \"3. Att välja kunder\"\nweight = 5\n+++\n# Att välja kunder\n\nText.\n",
    )
    .expect("write chapter");
    std::fs::write(
        site.path().join("content/handbook/egen.md"),
        "+++\ntitle = \"Egen rubrik\"\nweight = 6\n+++\n# Något annat\n\nText.\n",
    )
    .expect("write chapter");
    let out = tempfile::tempdir().expect("temporary folder");
    let public = out.path().join("public");
    common::build(site.path(), &public);
    let pages = common::html_pages(&public);
    let chapter = &pages["handbook/urval/index.html"];
    assert_eq!(chapter.matches("<h1").count(), 1, "{chapter}");
    assert!(chapter.contains("<h1>Att välja kunder</h1>"), "{chapter}");
    for (path, page) in &pages {
        assert!(
            !page.contains("3. Att välja"),
            "{path} keeps the hand number"
        );
    }
    assert!(pages["handbook/index.html"].contains(">Att välja kunder</a>"));
    // A first heading that differs from the title is the author's and stays.
    let own = &pages["handbook/egen/index.html"];
    assert!(own.contains("<h1>Egen rubrik</h1>"), "{own}");
    assert!(own.contains("Något annat</h1>"), "{own}");
}

#[test]
fn a_link_to_an_account_or_chapter_that_does_not_exist_is_an_error_at_its_line() {
    let site = copy_fixture("happy");
    let notes = "\nSe [Beta](../beta-tryck/) och [Nollan](../no-such-account/).\n\n\
                 Läs [matrisen](../../handbook/matris/) och [x](../../handbook/x/#user-content-a).\n";
    let alfa = site.path().join(ALFA);
    let mut text = std::fs::read_to_string(&alfa).expect("read account");
    let notes_line = text.lines().count() + 2;
    text.push_str(notes);
    std::fs::write(&alfa, text).expect("write account");
    replace(
        site.path(),
        "content/handbook/intro.md",
        "## Bakgrund\n",
        "## Bakgrund\n\nSe [Alfa](../../accounts/alfa-bruk/) och [Alfa](../../accounts/alfa-brukk/).\n",
    );
    let stderr = check_fails(site.path());
    assert!(
        stderr.contains(&format!(
            "{ALFA}:{notes_line}:31: error: link to a page that does not exist: `../no-such-account/`\n"
        )),
        "{stderr}"
    );
    assert!(
        stderr.contains(
            "= help: there is no account `no-such-account` (content/accounts/no-such-account.md)\n"
        ),
        "{stderr}"
    );
    assert!(
        stderr.contains(&format!("{ALFA}:{}:", notes_line + 2))
            && stderr
                .contains("link to a page that does not exist: `../../handbook/x/#user-content-a`"),
        "{stderr}"
    );
    assert!(
        stderr.contains("content/handbook/intro.md:7:42: error: link to a page that does not exist: `../../accounts/alfa-brukk/`\n")
            && stderr
                .contains("= help: there is no account `alfa-brukk`; did you mean `alfa-bruk`?\n"),
        "{stderr}"
    );
    assert!(stderr.contains("error: 3 problems in 2 files;"), "{stderr}");
}

/// The default theme's base.html, as a site would copy it to override it.
fn theme_base() -> String {
    std::fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("themes/default/templates/base.html"),
    )
    .expect("read base.html")
}

#[test]
fn a_typo_in_an_overridden_base_template_is_reported_once_at_its_line() {
    let site = copy_fixture("happy");
    let templates = site.path().join("templates");
    std::fs::create_dir_all(&templates).expect("create templates/");
    let base = theme_base();
    let (line, text) = base
        .lines()
        .enumerate()
        .find(|(_, text)| text.contains("{{ site.title }}"))
        .expect("base.html shows the site title");
    // Tera points at the unknown field; columns count characters (the line holds a `·`).
    let at = text.find("site.title").expect("on that line") + "site.".len();
    let column = text[..at].chars().count() + 1;
    std::fs::write(
        templates.join("base.html"),
        base.replacen("{{ site.title }}", "{{ site.titel }}", 1),
    )
    .expect("write base.html");
    let stderr = check_fails(site.path());
    let place = format!(
        "templates/base.html:{}:{column}: error: template error: ",
        line + 1
    );
    assert_eq!(stderr.matches(&place).count(), 1, "{stderr}");
    assert!(stderr.contains("Field `titel` is not defined"), "{stderr}");
    assert!(!stderr.contains("built into kam"), "{stderr}");
    assert!(
        stderr.ends_with("error: 1 problem in 1 file; nothing was written\n"),
        "{stderr}"
    );
}

#[test]
fn a_template_named_like_no_theme_template_is_a_warning_with_the_close_name() {
    let site = copy_fixture("happy");
    let templates = site.path().join("templates");
    std::fs::create_dir_all(templates.join("partials")).expect("create templates/");
    std::fs::write(templates.join("acount.html"), "{% extends \"base.html\" %}")
        .expect("write template");
    // A partial of the site's own, unlike any theme name, is no typo.
    std::fs::write(templates.join("partials/our_logo.html"), "<p>logo</p>").expect("write partial");
    let output = kam()
        .args(["check", "--root"])
        .arg(site.path())
        .output()
        .expect("run kam");
    assert!(output.status.success());
    let stderr = String::from_utf8(output.stderr).expect("UTF-8");
    assert_eq!(
        stderr,
        "templates/acount.html:1:1: warning: `acount.html` is not a template of the theme, so it changes no page\n  \
         = help: did you mean `account.html`? rename the file to override it\n\n"
    );
    kam()
        .args(["check", "--strict", "--root"])
        .arg(site.path())
        .assert()
        .code(1);
}
