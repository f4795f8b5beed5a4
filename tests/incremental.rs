//! `serve` rebuilds through `kam::Incremental`, which reuses what earlier builds parsed and
//! rendered. Whatever the edit, a rebuild must give the very bytes a fresh build gives.

use std::fs;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

use kam::{Incremental, Options, output::Files};

fn options(root: &Path, today: &str) -> Options {
    Options {
        root: root.to_path_buf(),
        output: None,
        today: Some(
            time::Date::parse(today, &time::format_description::well_known::Iso8601::DATE)
                .expect("date"),
        ),
        drafts: false,
        strict: false,
        since: None,
    }
}

/// Rebuilds through the cache and checks the result against a fresh build; returns the
/// files and how many pages went through their templates.
fn same_as_fresh(incremental: &Incremental, options: &Options, step: &str) -> (Files, usize) {
    let (files, rendered, _) = same_as_fresh_first(incremental, options, step);
    (files, rendered)
}

/// [`same_as_fresh`], also returning the paths of the pages handed over first, each checked
/// to be the page the finished rebuild holds.
fn same_as_fresh_first(
    incremental: &Incremental,
    options: &Options,
    step: &str,
) -> (Files, usize, Vec<String>) {
    let handed = Mutex::new(Vec::new());
    let first = |pages: Vec<(String, Arc<[u8]>)>| {
        handed.lock().expect("handed").push(pages);
    };
    let (report, rebuilt) = kam::rebuild_in_memory(options, incremental, Some(&first))
        .unwrap_or_else(|failure| panic!("{step}: the rebuild failed: {failure:?}"));
    let handed = handed.into_inner().expect("handed");
    assert!(handed.len() <= 1, "{step}: pages are handed over once");
    let handed: Vec<(String, Arc<[u8]>)> = handed.into_iter().flatten().collect();
    for (path, bytes) in &handed {
        assert!(
            rebuilt.get(path) == Some(bytes),
            "{step}: {path} was handed over early, not as the rebuild made it"
        );
    }
    let handed = handed.into_iter().map(|(path, _)| path).collect();
    let (_, fresh) = kam::build_in_memory(options)
        .unwrap_or_else(|failure| panic!("{step}: the fresh build failed: {failure:?}"));
    let rebuilt_paths: Vec<&String> = rebuilt.keys().collect();
    let fresh_paths: Vec<&String> = fresh.keys().collect();
    assert_eq!(rebuilt_paths, fresh_paths, "{step}: the files differ");
    for (path, bytes) in &fresh {
        assert!(
            rebuilt[path] == *bytes,
            "{step}: {path} differs from a fresh build"
        );
    }
    (rebuilt, report.rendered, handed)
}

fn copy_demo(to: &Path) {
    let demo = Path::new(env!("CARGO_MANIFEST_DIR"));
    fs::create_dir_all(to).expect("site folder");
    fs::copy(demo.join("kam.toml"), to.join("kam.toml")).expect("kam.toml");
    for folder in ["content/accounts", "content/handbook"] {
        fs::create_dir_all(to.join(folder)).expect("content folder");
        for entry in fs::read_dir(demo.join(folder)).expect("demo content") {
            let path = entry.expect("entry").path();
            fs::copy(&path, to.join(folder).join(path.file_name().expect("name"))).expect("copy");
        }
    }
}

fn accounts(root: &Path) -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = fs::read_dir(root.join("content/accounts"))
        .expect("accounts")
        .map(|entry| entry.expect("entry").path())
        .collect();
    files.sort();
    files
}

fn append(path: &Path, text: &str) {
    let mut content = fs::read_to_string(path).expect("read");
    content.push_str(text);
    fs::write(path, content).expect("write");
}

/// The file's first line that starts with `prefix`.
fn line_starting(path: &Path, prefix: &str) -> String {
    fs::read_to_string(path)
        .expect("read")
        .lines()
        .find(|line| line.starts_with(prefix))
        .unwrap_or_else(|| panic!("{} has a line starting {prefix:?}", path.display()))
        .to_string()
}

/// The demo copied into a temporary folder, with build options for `today`.
fn demo_site(today: &str) -> (tempfile::TempDir, PathBuf, Options, Vec<PathBuf>) {
    let temp = tempfile::tempdir().expect("temporary folder");
    let root = temp.path().join("site");
    copy_demo(&root);
    let options = options(&root, today);
    let files = accounts(&root);
    (temp, root, options, files)
}

fn replace(path: &Path, from: &str, to: &str) {
    let content = fs::read_to_string(path).expect("read");
    assert!(content.contains(from), "{} holds {from:?}", path.display());
    fs::write(path, content.replacen(from, to, 1)).expect("write");
}

/// Moves an account to another stage, which changes every list that shows it.
fn move_stage(path: &Path) {
    let stage = line_starting(path, "stage = ");
    let other = if stage.contains("integrated") {
        "stage = \"basic\""
    } else {
        "stage = \"integrated\""
    };
    replace(path, &stage, other);
}

#[test]
fn the_edited_accounts_pages_are_handed_over_first() {
    let (_temp, root, options, files) = demo_site("2026-11-27");
    let incremental = Incremental::default();
    let page = |file: &Path| {
        let slug = file.file_stem().expect("stem").to_string_lossy();
        format!("accounts/{slug}/index.html")
    };
    let (_, _, handed) = same_as_fresh_first(&incremental, &options, "first build");
    assert!(handed.is_empty(), "a first build has no edit to show first");

    move_stage(&files[2]);
    append(&files[4], "\nNotes from the visit.\n");
    let (_, _, handed) = same_as_fresh_first(&incremental, &options, "two edits");
    assert_eq!(handed, vec![page(&files[2]), page(&files[4])]);

    let (_, _, handed) = same_as_fresh_first(&incremental, &options, "nothing changed");
    assert!(handed.is_empty(), "nothing was edited: {handed:?}");

    // A failed build is no baseline: the edits since the last good one are shown first.
    let good = fs::read_to_string(&files[3]).expect("read");
    fs::write(&files[3], "+++\nname = \n+++\n").expect("break");
    assert!(kam::rebuild_in_memory(&options, &incremental, Some(&|_| {})).is_err());
    fs::write(&files[3], good.replace("\n+++\n", "\n+++\nEdited.\n")).expect("fix");
    let (_, _, handed) = same_as_fresh_first(&incremental, &options, "after a failed build");
    assert_eq!(handed, vec![page(&files[3])]);

    // kam.toml changes every page: no page comes first.
    let kam_toml = fs::read_to_string(root.join("kam.toml")).expect("read");
    fs::write(
        root.join("kam.toml"),
        kam_toml.replacen("title = \"", "title = \"Edited ", 1),
    )
    .expect("write");
    let (_, _, handed) = same_as_fresh_first(&incremental, &options, "kam.toml edit");
    assert!(
        handed.is_empty(),
        "a kam.toml edit is no edit of a few accounts: {handed:?}"
    );
}

#[test]
fn every_kind_of_edit_rebuilds_to_the_bytes_of_a_fresh_build() {
    let (_temp, root, options, files) = demo_site("2026-11-27");
    let incremental = Incremental::default();
    let (first, pages) = same_as_fresh(&incremental, &options, "first build");

    append(&files[0], "\nA new paragraph about the last meeting.\n");
    let (notes, rendered) = same_as_fresh(&incremental, &options, "notes edit");
    assert_eq!(rendered, 1, "a notes edit renders its own page only");
    let changed: Vec<&String> = first
        .keys()
        .filter(|path| path.ends_with(".html") && first.get(*path) != notes.get(*path))
        .collect();
    let slug = files[0].file_stem().expect("stem").to_string_lossy();
    assert_eq!(
        changed,
        vec![&format!("accounts/{slug}/index.html")],
        "a notes edit changes its own page only"
    );

    let (_, rendered) = same_as_fresh(&incremental, &options, "nothing changed");
    assert_eq!(rendered, 0, "with nothing changed no page is rendered");

    // Front matter: the stage moves the account in every list that shows it.
    move_stage(&files[1]);
    let (_, rendered) = same_as_fresh(&incremental, &options, "stage edit");
    assert!(
        0 < rendered && rendered < pages,
        "a stage edit renders the pages that show it, not all {pages}: {rendered}"
    );

    // The first account spells its manager anew: pages and search entries of every
    // account with that manager show the new spelling, though only one file changed.
    let manager = line_starting(&files[0], "manager = ");
    replace(
        &files[0],
        &manager,
        &manager.to_uppercase().replace("MANAGER", "manager"),
    );
    same_as_fresh(&incremental, &options, "manager spelt anew");

    // What an account page shows of other accounts: a customer's name, then a stage of the
    // value chain, edited in the customer's file only.
    let accounts = root.join("content/accounts");
    replace(
        &accounts.join("fjardingen-grafiska.md"),
        "name = \"Fjärdingen Grafiska AB\"",
        "name = \"Fjärdingen Grafiska, omdöpt\"",
    );
    let (renamed, _) = same_as_fresh(&incremental, &options, "customer renamed");
    let seller = String::from_utf8_lossy(&renamed["accounts/bjurviks-bruk/index.html"]);
    assert!(
        seller.contains("Fjärdingen Grafiska, omdöpt"),
        "the seller's page names its customer as the customer's file now does"
    );
    replace(
        &accounts.join("kvarnsjo-sagverk.md"),
        "chain = \"sagverk-massa\"",
        "chain = \"foradling\"",
    );
    same_as_fresh(&incremental, &options, "a customer's stage moved");

    // An action due soon renamed: it is in the lists of due actions of its account's groups.
    replace(
        &accounts.join("bjurviks-bruk.md"),
        "title = \"Möte med bruksdirektören",
        "title = \"Omdöpt: Möte med bruksdirektören",
    );
    same_as_fresh(&incremental, &options, "action renamed");

    // A tag added to one account; a contact's title, which its page alone shows.
    replace(
        &accounts.join("bjurviks-bruk.md"),
        "tags = [\"papper\", ",
        "tags = [\"papper\", \"nytt märke\", ",
    );
    same_as_fresh(&incremental, &options, "tag added");
    let title = line_starting(&files[4], "title = ");
    replace(&files[4], &title, "title = \"Ny titel\"");
    let (_, rendered) = same_as_fresh(&incremental, &options, "contact title");
    assert!(
        rendered < pages / 2,
        "a contact's title renders the pages that show it, not all {pages}: {rendered}"
    );

    // A broken file keeps the rebuild failing; fixed, with notes edited meanwhile elsewhere.
    let broken = fs::read_to_string(&files[2]).expect("read");
    fs::write(&files[2], broken.replacen("name = ", "name = = ", 1)).expect("write");
    append(
        &files[3],
        "\nNotes written while another file was broken.\n",
    );
    assert!(kam::rebuild_in_memory(&options, &incremental, None).is_err());
    fs::write(&files[2], &broken).expect("write");
    same_as_fresh(&incremental, &options, "fixed after a broken edit");

    // A new account, then one removed.
    let copy = root.join("content/accounts/nytt-konto-ab.md");
    let text = fs::read_to_string(&files[0]).expect("read");
    let name_line = line_starting(&files[0], "name = ");
    fs::write(
        &copy,
        text.replacen(&name_line, "name = \"Nytt Konto AB\"", 1),
    )
    .expect("write");
    same_as_fresh(&incremental, &options, "account added");
    fs::remove_file(&copy).expect("remove");
    same_as_fresh(&incremental, &options, "account removed");

    // A site template, then kam.toml, then the date.
    fs::create_dir_all(root.join("templates")).expect("templates");
    let theme = Path::new(env!("CARGO_MANIFEST_DIR")).join("themes/default/templates/account.html");
    let template = fs::read_to_string(theme).expect("the theme's account template");
    fs::write(
        root.join("templates/account.html"),
        template.replacen(
            "<article class=\"briefing\">",
            "<article class=\"briefing\"><p>Our own note.</p>",
            1,
        ),
    )
    .expect("write");
    append(&files[5], "\nNotes edited with the template.\n");
    same_as_fresh(&incremental, &options, "template override");
    replace(
        &root.join("kam.toml"),
        "title = \"Nyckelkunder – Kådberga Kemi\"",
        "title = \"Nyckelkunder – en ny titel\"",
    );
    same_as_fresh(&incremental, &options, "kam.toml edit");
    append(&files[5], "\nNotes edited on another day.\n");
    let tomorrow = self::options(&root, "2026-11-28");
    same_as_fresh(&incremental, &tomorrow, "another day");
}

#[test]
fn a_large_portfolio_with_a_shared_backdrop_rebuilds_exactly() {
    let temp = tempfile::tempdir().expect("temporary folder");
    let root = temp.path().join("site");
    // Past 250 accounts, so that the big groups' list pages are made too.
    kam::synth::write_site(&root, 260, 5).expect("synthetic site");
    let options = options(&root, "2026-11-27");
    let incremental = Incremental::default();
    let files = accounts(&root);
    same_as_fresh(&incremental, &options, "first build");
    append(&files[10], "\nEdited notes.\n");
    let (_, rendered) = same_as_fresh(&incremental, &options, "notes edit");
    assert_eq!(rendered, 1);
    // A revenue moves the whole portfolio's matrix and every position chart's scale.
    let revenue = line_starting(&files[20], "revenue = ");
    replace(&files[20], &revenue, "revenue = 987_654_321");
    same_as_fresh(&incremental, &options, "revenue edit");
    // An action renamed: the lists that show it take the new title, the others keep
    // theirs; then an account removed, which moves every later account's place.
    let text = fs::read_to_string(&files[30]).expect("read");
    let actions = text.find("[[actions]]").expect("the account has actions");
    let title = actions
        + text[actions..]
            .find("title = \"")
            .expect("an action's title");
    let mut renamed = text.clone();
    renamed.insert_str(title + "title = \"".len(), "Omdöpt ");
    fs::write(&files[30], renamed).expect("write");
    let (after, _) = same_as_fresh(&incremental, &options, "action renamed");
    assert!(
        after.iter().any(|(path, bytes)| path.contains("list/")
            && String::from_utf8_lossy(bytes).contains("Omdöpt ")),
        "a list page shows the renamed action"
    );
    fs::remove_file(&files[40]).expect("remove");
    same_as_fresh(&incremental, &options, "account removed");
}

fn git(top: &Path, args: &[&str], date: &str) {
    let mut command = std::process::Command::new("git");
    for (key, _) in std::env::vars_os() {
        if key.to_string_lossy().starts_with("GIT_") {
            command.env_remove(key);
        }
    }
    let status = command
        .current_dir(top)
        .env("HOME", top)
        .env("GIT_CONFIG_NOSYSTEM", "1")
        .env("GIT_AUTHOR_DATE", date)
        .env("GIT_COMMITTER_DATE", date)
        .args(["-c", "user.name=Test", "-c", "user.email=test@example.com"])
        .args([
            "-c",
            "commit.gpgsign=false",
            "-c",
            "init.defaultBranch=main",
        ])
        .args(args)
        .stdout(std::process::Stdio::null())
        .status()
        .expect("git runs");
    assert!(status.success(), "git {args:?}");
}

#[test]
fn a_new_commit_is_read_into_the_history_of_the_next_rebuild() {
    let (_temp, root, options, files) = demo_site("2026-11-27");
    let incremental = Incremental::default();
    git(&root, &["init", "-q"], "2026-09-01T10:00:00Z");
    git(&root, &["add", "-A"], "2026-09-01T10:00:00Z");
    git(
        &root,
        &["commit", "-q", "-m", "start"],
        "2026-09-01T10:00:00Z",
    );
    let (before, _) = same_as_fresh(&incremental, &options, "first commit");

    // A stage change committed later moves the account in its history and review.
    let stage = line_starting(&files[0], "stage = ");
    replace(&files[0], &stage, "stage = \"integrated\"");
    same_as_fresh(&incremental, &options, "edited, not committed");
    git(
        &root,
        &["commit", "-q", "-a", "-m", "stage"],
        "2026-10-15T10:00:00Z",
    );
    let (after, _) = same_as_fresh(&incremental, &options, "committed");
    assert!(
        before["data/history.json"] != after["data/history.json"],
        "the commit is in the history"
    );

    // A plan edit, once committed, dates the plan's last review: the account's file is as
    // the last rebuild read it, and its analysis must still be made again.
    replace(
        &files[1],
        "status = \"not_started\"",
        "status = \"in_progress\"",
    );
    same_as_fresh(&incremental, &options, "plan edited, not committed");
    git(
        &root,
        &["commit", "-q", "-a", "-m", "plan"],
        "2026-11-20T10:00:00Z",
    );
    let (reviewed, _) = same_as_fresh(&incremental, &options, "plan committed");
    let slug = files[1].file_stem().expect("stem").to_string_lossy();
    let page = format!("accounts/{slug}/index.html");
    assert!(
        after[&page] != reviewed[&page],
        "the review date is on the page"
    );
}

/// `serve` tells the cache which paths its watcher saw change, and the cache then skips
/// reading the others. A watcher that missed an edit must not keep it out of the site:
/// the file's changed metadata brings it in all the same.
#[test]
fn a_watchers_list_of_changes_cannot_hide_an_edit() {
    let (_temp, root, options, files) = demo_site("2026-11-27");
    let incremental = Incremental::default();
    same_as_fresh(&incremental, &options, "first build");
    let relative = |path: &Path| path.strip_prefix(&root).expect("in the site").to_path_buf();

    append(&files[0], "\nNotes the watcher reported.\n");
    incremental.expect_changes(Some(vec![relative(&files[0])]));
    let (_, rendered) = same_as_fresh(&incremental, &options, "a reported edit");
    assert_eq!(rendered, 1);

    append(&files[1], "\nNotes the watcher missed.\n");
    incremental.expect_changes(Some(Vec::new()));
    let (_, rendered) = same_as_fresh(&incremental, &options, "a missed edit");
    assert_eq!(rendered, 1, "the missed edit is rendered all the same");

    move_stage(&files[2]);
    incremental.expect_changes(None);
    same_as_fresh(&incremental, &options, "events lost");

    incremental.expect_changes(Some(Vec::new()));
    let (_, rendered) = same_as_fresh(&incremental, &options, "nothing changed");
    assert_eq!(rendered, 0);
}
