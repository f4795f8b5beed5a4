//! Handbook chapters (SPEC §1): Markdown with optional front matter.
//!
//! Not here: rendering the handbook pages (`view::handbook`).

use crate::content::frontmatter::{self, Split};
use crate::content::model::Chapter;
use crate::content::shortcodes;
use crate::diagnostics::{Diagnostic, SourceFile};
use crate::fields::FieldReader;
use crate::markdown;

pub fn parse(file: &SourceFile, slug: &str) -> Result<Chapter, Vec<Diagnostic>> {
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
    let rendered = markdown::render_chapter(body, title.is_none())
        .map_err(|too_deep| vec![too_deep.diagnostic(file.path())])?;
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
        .or(rendered.title)
        .or(first_heading)
        .unwrap_or_else(|| slug.to_string());
    Ok(Chapter {
        slug: slug.to_string(),
        source: file.path().to_path_buf(),
        title,
        weight,
        draft,
        body_html: rendered.html,
        headings: rendered.headings,
    })
}
