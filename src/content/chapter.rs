//! Handbook chapters (SPEC §1): Markdown with optional front matter.
//!
//! Not here: rendering the handbook pages (`view::handbook`).

use crate::content::frontmatter::{self, Split};
use crate::content::links::{self, PageLink, Section};
use crate::content::model::Chapter;
use crate::content::shortcodes;
use crate::diagnostics::{Diagnostic, SourceFile};
use crate::fields::FieldReader;
use crate::markdown;

pub fn parse(file: &SourceFile, slug: &str) -> Result<Chapter, Vec<Diagnostic>> {
    parse_with_links(file, slug).map(|(chapter, _)| chapter)
}

/// Like [`parse`], with the chapter's links to accounts and other chapters, which can only
/// be checked once the whole site is loaded.
pub fn parse_with_links(
    file: &SourceFile,
    slug: &str,
) -> Result<(Chapter, Vec<PageLink>), Vec<Diagnostic>> {
    let mut diagnostics = Vec::new();
    let mut title = None;
    let mut weight = 0;
    let mut draft = false;
    let body = match frontmatter::split(&file.text) {
        Split::Missing => file.text.strip_prefix('\u{feff}').unwrap_or(&file.text),
        Split::Unclosed => {
            return Err(vec![
                Diagnostic::whole_file(file.path(), "front matter is never closed")
                    .with_help("end the front matter with a line that holds only `+++`"),
            ]);
        }
        Split::Found {
            toml,
            toml_offset,
            body,
        } => {
            let mut reader = FieldReader::new(file, toml_offset);
            if let Some(document) = reader.parse(toml) {
                let table = document.get_ref();
                reader.check_keys(
                    table,
                    &["title", "weight", "draft"],
                    "the chapter's front matter",
                );
                title = table
                    .get("title")
                    .and_then(|item| reader.non_empty_string(item, "title"));
                if let Some(value) = table
                    .get("weight")
                    .and_then(|item| reader.integer(item, "weight"))
                {
                    weight = value;
                }
                if let Some(value) = table
                    .get("draft")
                    .and_then(|item| reader.boolean(item, "draft"))
                {
                    draft = value;
                }
            }
            diagnostics.append(&mut reader.diagnostics);
            body
        }
    };
    let body_offset = file.text.len() - body.len();
    let title = title.map(|title| without_hand_number(&title).to_string());
    let too_deep = |too_deep: markdown::TooDeep| vec![too_deep.diagnostic(file.path())];
    let mut rendered = markdown::render_chapter(body, true).map_err(too_deep)?;
    // A `# Heading` that repeats the front matter's title would show the title twice; one
    // that says something else is the author's own first heading and stays.
    if let (Some(title), Some(heading)) = (&title, &rendered.title)
        && !same_title(title, heading)
    {
        rendered = markdown::render_chapter(body, false).map_err(too_deep)?;
    }
    // Shortcode lines come in document order, so each is found after the one before.
    let mut cursor = 0;
    for found in &rendered.shortcodes {
        let at = body[cursor..]
            .find(&found.text)
            .map_or(cursor, |at| cursor + at);
        cursor = at + found.text.len();
        if found.shortcode.is_none() {
            let start = body_offset + at;
            diagnostics.push(shortcodes::unknown(
                file,
                start..start + found.text.len(),
                &found.name,
            ));
        }
    }
    if !diagnostics.is_empty() {
        return Err(diagnostics);
    }
    let first_heading = rendered
        .headings
        .iter()
        .find(|heading| heading.level == 1)
        .map(|heading| heading.text.clone());
    let title = title
        .or(rendered
            .title
            .map(|heading| without_hand_number(&heading).to_string()))
        .or(first_heading)
        .unwrap_or_else(|| slug.to_string());
    let links = links::from_page(file, body_offset, Section::Handbook, slug, &rendered.links);
    let warnings = rendered
        .literal_shortcodes
        .iter()
        .map(|range| {
            shortcodes::literal(
                file,
                body_offset + range.start..body_offset + range.end,
                true,
            )
        })
        .collect();
    let chapter = Chapter {
        slug: slug.to_string(),
        source: file.path().to_path_buf(),
        title,
        weight,
        draft,
        body_html: rendered.html,
        headings: rendered.headings,
        warnings,
    };
    Ok((chapter, links))
}

/// The title without a chapter number written by hand (`4. ABC-analys` → `ABC-analys`):
/// the handbook numbers its chapters itself, in the order of their weights, so a hand
/// number shows twice and falls out of step when chapters move.
fn without_hand_number(title: &str) -> &str {
    let digits = title.bytes().take_while(u8::is_ascii_digit).count();
    match title[digits..].strip_prefix(['.', ')']) {
        Some(rest) if (1..=3).contains(&digits) && rest.starts_with(' ') => {
            let rest = rest.trim_start();
            if rest.is_empty() { title } else { rest }
        }
        _ => title,
    }
}

/// Whether a heading says the same as a title, apart from a hand number, case and spacing.
fn same_title(title: &str, heading: &str) -> bool {
    let words = |text: &str| {
        without_hand_number(text.trim())
            .split_whitespace()
            .map(str::to_lowercase)
            .collect::<Vec<_>>()
    };
    words(title) == words(heading)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn drops_a_hand_number_but_keeps_a_title_that_starts_with_a_number() {
        assert_eq!(
            without_hand_number("4. ABC-analys och Pareto"),
            "ABC-analys och Pareto"
        );
        assert_eq!(without_hand_number("12) Ordlista"), "Ordlista");
        assert_eq!(without_hand_number("2026 års mål"), "2026 års mål");
        assert_eq!(without_hand_number("2026. Året"), "2026. Året");
        assert_eq!(without_hand_number("3.5 procent"), "3.5 procent");
        assert_eq!(without_hand_number("1. "), "1. ");
    }

    #[test]
    fn a_heading_is_the_same_title_apart_from_number_case_and_spacing() {
        assert!(same_title("Varför KAM", "1.  varför kam"));
        assert!(!same_title("Varför KAM", "Bakgrund"));
    }
}
