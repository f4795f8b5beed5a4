//! Tera set-up: the theme's templates, autoescaping for HTML and XML, and the global
//! context every page shares.
//!
//! kam uses Tera 2 (a rewrite of 1.x): it is the maintained line, and its `fast` feature
//! renders noticeably quicker. Template syntax differs from 1.x in places (components
//! instead of macros), which matters to people overriding templates; the README says so.
//!
//! Not here: which template a page uses (`view`).

use tera::{Context, Tera};

use crate::Failure;
use crate::diagnostics::{Diagnostic, SourceFile};
use crate::render::Theme;

/// An error with its causes, each on its own line, as Tera reports nested problems.
pub fn describe(error: &dyn std::error::Error) -> String {
    let mut text = error.to_string();
    let mut source = error.source();
    while let Some(cause) = source {
        let cause_text = cause.to_string();
        if !text.contains(&cause_text) {
            text.push_str(&format!("\n  caused by: {cause_text}"));
        }
        source = cause.source();
    }
    text
}

pub fn build(theme: &Theme, globals: Context) -> Result<Tera, Failure> {
    let mut tera = Tera::new();
    tera.autoescape_on([".html", ".xml"]);
    // All at once: a template may extend or include one that sorts after it.
    let all = theme
        .templates
        .iter()
        .map(|(name, source)| (name.as_str(), source.text.as_str()));
    if let Err(error) = tera.add_raw_templates(all) {
        let text = describe(&error);
        if let Some(located) = locate(theme, &text, "template error") {
            return Err(Failure::Site(vec![located]));
        }
        // Tera names the template at fault in its message; point at its file.
        let origin = theme
            .templates
            .iter()
            .find(|(name, _)| {
                text.contains(&format!("{name}:")) || text.contains(&format!("'{name}'"))
            })
            .map_or_else(
                || "templates".to_string(),
                |(_, source)| source.origin.clone(),
            );
        return Err(Failure::Site(vec![Diagnostic::whole_file(
            origin,
            format!("template error: {text}"),
        )]));
    }
    *tera.global_context() = globals;
    Ok(tera)
}

/// Renders one page; a template error names the template and the page it was rendering.
pub fn render(
    tera: &Tera,
    theme: &Theme,
    template: &str,
    context: &Context,
    page: &str,
) -> Result<String, Diagnostic> {
    tera.render(template, context).map_err(|error| {
        let text = describe(&error);
        // An error inside a template is the template's, whichever page met it: reported
        // at its line, and worded the same for every page so it is reported once.
        if let Some(located) = locate(theme, &text, "template error") {
            return located;
        }
        let origin = theme
            .templates
            .get(template)
            .map_or_else(|| template.to_string(), |source| source.origin.clone());
        Diagnostic::whole_file(origin, format!("cannot render {page}: {text}"))
    })
}

/// The error at the file, line and column of the template Tera points at
/// (` --> base.html:6:52`), with the source line and caret, when that template is known.
fn locate(theme: &Theme, text: &str, what: &str) -> Option<Diagnostic> {
    let place = text
        .lines()
        .find_map(|line| line.trim_start().strip_prefix("--> "))?;
    let mut parts = place.rsplitn(3, ':');
    let column: usize = parts.next()?.trim().parse().ok()?;
    let line: usize = parts.next()?.trim().parse().ok()?;
    let name = parts.next()?.trim();
    let source = theme.templates.get(name)?;
    let start = byte_offset(&source.text, line, column)?;
    let width = text
        .lines()
        .rev()
        .find(|line| line.contains('^'))
        .map_or(1, |line| line.matches('^').count().max(1));
    let end = source.text[start..]
        .char_indices()
        .nth(width)
        .map_or(source.text.len(), |(at, _)| start + at);
    let message = text
        .lines()
        .next()
        .unwrap_or(text)
        .trim()
        .trim_start_matches("error: ");
    let causes: Vec<&str> = text
        .lines()
        .filter_map(|line| line.trim_start().strip_prefix("caused by: "))
        .collect();
    let message = if causes.is_empty() {
        format!("{what}: {message}")
    } else {
        format!("{what}: {message} ({})", causes.join("; "))
    };
    let file = SourceFile::new(source.origin.clone(), source.text.clone());
    Some(file.error(start..end.min(source.text.len()), message))
}

/// The byte offset of a 1-based line and character column in `text`.
fn byte_offset(text: &str, line: usize, column: usize) -> Option<usize> {
    let line_start = if line <= 1 {
        0
    } else {
        text.match_indices('\n')
            .nth(line - 2)
            .map(|(at, _)| at + 1)?
    };
    let rest = &text[line_start..];
    let within = rest
        .char_indices()
        .nth(column.saturating_sub(1))
        .map_or(rest.len(), |(at, _)| at);
    Some(line_start + within)
}
