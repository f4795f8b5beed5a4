//! What a newcomer meets first: help text, the hints of the commonest mistakes in dates and
//! numbers, errors about missing pieces, counts in the output, chapter titles and links.
//! Each test runs the real binary on a copy of a fixture site changed in one place.

mod common;

use common::kam;

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
