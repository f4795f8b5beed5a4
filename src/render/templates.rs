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
use crate::diagnostics::Diagnostic;
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
        let origin = theme
            .templates
            .get(template)
            .map_or_else(|| template.to_string(), |source| source.origin.clone());
        Diagnostic::whole_file(
            origin,
            format!("cannot render {page}: {}", describe(&error)),
        )
    })
}
