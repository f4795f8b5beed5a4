//! The theme: templates and static files. The default theme is compiled into the binary so
//! `kam build` needs nothing but kam.toml and content/. Layers, later ones winning by path:
//! the default theme, the theme named in kam.toml (`themes/<name>/`), and the site's own
//! `templates/` and `static/` folders.
//!
//! Not here: rendering (`pages`) or writing files (`output`).

use std::borrow::Cow;
use std::collections::BTreeMap;
use std::path::Path;

use crate::Failure;
use crate::confine::{Entry, Site};
use crate::diagnostics::Diagnostic;

macro_rules! embed {
    ($kind:ident, $($path:literal),* $(,)?) => {
        &[$(($path, embed!(@$kind $path))),*]
    };
    (@text $path:literal) => { include_str!(concat!("../../themes/default/templates/", $path)) };
    (@bytes $path:literal) => { include_bytes!(concat!("../../themes/default/static/", $path)) };
}

/// Every file of `themes/default/templates/`; a test keeps this list complete.
pub const DEFAULT_TEMPLATES: &[(&str, &str)] = embed!(
    text,
    "404.html",
    "account.html",
    "base.html",
    "chapter.html",
    "handbook_index.html",
    "handbook_print.html",
    "index.html",
    "list.html",
    "manager.html",
    "partials/accounts_table.html",
    "partials/actions_table.html",
    "partials/alerts.html",
    "partials/alerts_by_account.html",
    "partials/calendar_link.html",
    "partials/chart.html",
    "partials/due_list.html",
    "partials/factors_table.html",
    "partials/group_sections.html",
    "partials/handbook_nav.html",
    "partials/more.html",
    "partials/movement.html",
    "partials/shortcode_counts.html",
    "partials/shortcode_due.html",
    "partials/shortcode_factors.html",
    "review.html",
    "search.html",
    "segment.html",
    "sitemap.xml",
    "tag.html",
);

/// Every file of `themes/default/static/`; a test keeps this list complete.
pub const DEFAULT_STATIC: &[(&str, &[u8])] = embed!(bytes, "kam.css", "kam.js", "search.js");

/// Where a template came from, for error messages.
#[derive(Clone)]
pub struct TemplateSource {
    pub text: String,
    pub origin: String,
}

pub struct Theme {
    pub templates: BTreeMap<String, TemplateSource>,
    statics: BTreeMap<String, Cow<'static, [u8]>>,
    /// Templates whose name looks like a misspelt theme template: they override nothing.
    pub warnings: Vec<Diagnostic>,
}

impl Theme {
    pub fn load(root: &Path, name: &str) -> Result<Theme, Failure> {
        let mut templates: BTreeMap<String, TemplateSource> = DEFAULT_TEMPLATES
            .iter()
            .map(|(path, text)| {
                (
                    path.to_string(),
                    TemplateSource {
                        text: text.to_string(),
                        origin: format!("themes/default/templates/{path} (built into kam)"),
                    },
                )
            })
            .collect();
        let mut statics: BTreeMap<String, Cow<'static, [u8]>> = DEFAULT_STATIC
            .iter()
            .map(|(path, bytes)| (path.to_string(), Cow::Borrowed(*bytes)))
            .collect();

        let mut layers = Vec::new();
        if name != "default" {
            let theme_dir = root.join("themes").join(name);
            layers.push((
                theme_dir.join("templates"),
                theme_dir.join("static"),
                format!("themes/{name}/"),
            ));
        }
        layers.push((root.join("templates"), root.join("static"), String::new()));

        let site = Site::new(root);
        let mut diagnostics = Vec::new();
        let mut warnings = Vec::new();
        if name != "default"
            && let Err(problem) = site.check(&root.join("themes").join(name))
        {
            return Err(Failure::Site(vec![problem]));
        }
        for (template_dir, static_dir, prefix) in layers {
            let (template_files, mut problems) = site.walk(&template_dir);
            diagnostics.append(&mut problems);
            for Entry {
                name: relative,
                path,
            } in template_files
            {
                if !(relative.ends_with(".html") || relative.ends_with(".xml")) {
                    continue;
                }
                let origin = format!("{prefix}templates/{relative}");
                if let Some(warning) = misspelt_override(&relative, &origin) {
                    warnings.push(warning);
                }
                match std::fs::read_to_string(&path) {
                    Ok(text) => {
                        templates.insert(relative, TemplateSource { text, origin });
                    }
                    Err(error) => diagnostics.push(Diagnostic::whole_file(
                        origin,
                        format!("cannot read template: {error}"),
                    )),
                }
            }
            let (static_files, mut problems) = site.walk(&static_dir);
            diagnostics.append(&mut problems);
            for Entry {
                name: relative,
                path,
            } in static_files
            {
                match std::fs::read(&path) {
                    Ok(bytes) => {
                        statics.insert(relative, Cow::Owned(bytes));
                    }
                    Err(error) => diagnostics.push(Diagnostic::whole_file(
                        format!("{prefix}static/{relative}"),
                        format!("cannot read: {error}"),
                    )),
                }
            }
        }
        if !diagnostics.is_empty() {
            return Err(Failure::Site(diagnostics));
        }
        Ok(Theme {
            templates,
            statics,
            warnings,
        })
    }

    pub fn static_files(&self) -> impl Iterator<Item = (&str, &[u8])> {
        self.statics
            .iter()
            .map(|(path, bytes)| (path.as_str(), bytes.as_ref()))
    }
}

/// A warning for a site or theme template whose name is not the theme's but close to one
/// (`acount.html`): it overrides nothing, which is nearly always a typo. A name unlike any
/// theme template is a template of the site's own (a partial its overrides include).
fn misspelt_override(relative: &str, origin: &str) -> Option<Diagnostic> {
    if DEFAULT_TEMPLATES.iter().any(|(name, _)| *name == relative) {
        return None;
    }
    let folder = |name: &str| {
        name.rsplit_once('/')
            .map_or("", |(folder, _)| folder)
            .to_string()
    };
    // Stricter than the did-you-mean of keys: a site's own partial often shares most of
    // its letters with a theme's, and only a slip of a letter or two is taken for a typo.
    let close = DEFAULT_TEMPLATES
        .iter()
        .map(|(name, _)| *name)
        .filter(|name| folder(name) == folder(relative))
        .map(|name| (strsim::damerau_levenshtein(relative, name), name))
        .filter(|(distance, _)| *distance <= 2)
        .min()
        .map(|(_, name)| name)?;
    Some(
        Diagnostic::whole_file(
            origin,
            format!("`{relative}` is not a template of the theme, so it changes no page"),
        )
        .with_help(format!(
            "did you mean `{close}`? rename the file to override it"
        ))
        .warning(),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn on_disk(folder: &str) -> Vec<String> {
        let dir = Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("themes/default")
            .join(folder);
        let (files, problems) = Site::new(&dir).walk(&dir);
        assert!(problems.is_empty(), "{problems:?}");
        files.into_iter().map(|file| file.name).collect()
    }

    #[test]
    fn every_default_theme_file_is_compiled_in() {
        let templates: Vec<String> = DEFAULT_TEMPLATES
            .iter()
            .map(|(name, _)| name.to_string())
            .collect();
        assert_eq!(templates, on_disk("templates"));
        let statics: Vec<String> = DEFAULT_STATIC
            .iter()
            .map(|(name, _)| name.to_string())
            .collect();
        assert_eq!(statics, on_disk("static"));
    }
}
