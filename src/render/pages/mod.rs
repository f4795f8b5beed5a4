//! Every page of the site: which template, at which path, with which context.
//!
//! [`Facts`] holds what many pages share (account rows, alerts, open actions, chart
//! inputs), computed once; each submodule renders one kind of page from it. Pages are
//! independent files, so they render in parallel and are written as they finish.

mod accounts;
mod facts;
mod groups;
mod handbook;
mod portfolio;

use std::collections::BTreeMap;
use std::sync::Mutex;
use std::sync::atomic::{AtomicUsize, Ordering};

use serde::Serialize;
use tera::{Context, Tera};

use crate::Failure;
use crate::analysis::Portfolio;
use crate::analysis::scores::Quadrant;
use crate::content::model::Site;
use crate::diagnostics::Diagnostic;
use crate::output::Staging;
use crate::render::charts::Cache;
use crate::render::templates;
use crate::render::theme::Theme;
use crate::render::views::Labels;
use facts::Facts;

#[derive(Serialize)]
struct SiteView<'a> {
    title: &'a str,
    language: &'static str,
    currency: &'a str,
    today: String,
    today_iso: String,
    reference_year: Option<i32>,
    generator: String,
    footer: String,
}

/// Collects what goes wrong while pages render in parallel: a template error is reported
/// once per template (not once per account page), a write error stops the build.
#[derive(Default)]
struct Problems {
    diagnostics: Mutex<BTreeMap<String, Diagnostic>>,
    io: Mutex<Option<String>>,
}

impl Problems {
    fn record(&self, failure: Failure) {
        match failure {
            Failure::Site(diagnostics) => {
                if let Ok(mut map) = self.diagnostics.lock() {
                    for diagnostic in diagnostics {
                        map.entry(diagnostic.path.display().to_string())
                            .or_insert(diagnostic);
                    }
                }
            }
            Failure::Io(message) => {
                if let Ok(mut slot) = self.io.lock() {
                    slot.get_or_insert(message);
                }
            }
        }
    }

    fn into_result(self) -> Result<(), Failure> {
        if let Some(message) = self.io.into_inner().ok().flatten() {
            return Err(Failure::Io(message));
        }
        let diagnostics: Vec<Diagnostic> = self
            .diagnostics
            .into_inner()
            .map(|map| map.into_values().collect())
            .unwrap_or_default();
        if diagnostics.is_empty() {
            Ok(())
        } else {
            Err(Failure::Site(diagnostics))
        }
    }
}

/// `../` once per folder between the page and the site root.
fn root_for(path: &str) -> String {
    "../".repeat(path.matches('/').count())
}

/// Renders templates and writes the results, from any thread.
struct Renderer<'a> {
    tera: Tera,
    theme: &'a Theme,
    staging: &'a Staging,
    problems: Problems,
    pages: AtomicUsize,
}

impl Renderer<'_> {
    /// A template's output, or an empty string after recording the error.
    fn render(&self, template: &str, context: &Context, what: &str) -> String {
        match templates::render(&self.tera, self.theme, template, context, what) {
            Ok(text) => text,
            Err(diagnostic) => {
                self.problems.record(Failure::Site(vec![diagnostic]));
                String::new()
            }
        }
    }

    fn write(&self, path: &str, text: &str) {
        if let Err(failure) = self.staging.write(path, text.as_bytes()) {
            self.problems.record(failure);
        }
    }

    /// Renders an HTML page at `path`, giving the template its way back to the root.
    fn page(&self, path: &str, template: &str, mut context: Context) {
        context.insert("root", &root_for(path));
        match templates::render(&self.tera, self.theme, template, &context, path) {
            Ok(html) => {
                self.write(path, &html);
                self.pages.fetch_add(1, Ordering::Relaxed);
            }
            Err(diagnostic) => self.problems.record(Failure::Site(vec![diagnostic])),
        }
    }
}

/// What every page's context starts with.
fn base_context(kind: &str, section: &str, title: &str) -> Context {
    let mut context = Context::new();
    context.insert("page_kind", kind);
    context.insert("section", section);
    context.insert("page_title", title);
    context
}

/// Everything a page renderer needs, borrowed.
struct Pages<'a> {
    site: &'a Site,
    portfolio: &'a Portfolio,
    labels: &'a Labels<'a>,
    facts: &'a Facts<'a>,
    charts: &'a Cache<'a>,
    renderer: &'a Renderer<'a>,
}

/// Renders every page; returns how many HTML pages were written.
pub fn render_all(
    site: &Site,
    portfolio: &Portfolio,
    theme: &Theme,
    staging: &Staging,
) -> Result<usize, Failure> {
    let config = &site.config;
    let labels = Labels::new(config);
    let format = labels.format;

    let mut globals = Context::new();
    globals.insert(
        "site",
        &SiteView {
            title: &config.title,
            language: config.language.code(),
            currency: &config.currency,
            today: format.date(portfolio.today),
            today_iso: portfolio.today.to_string(),
            reference_year: portfolio.reference_year,
            generator: format!("kam {}", env!("CARGO_PKG_VERSION")),
            footer: labels
                .strings
                .fill("footer.today", &[("today", &format.date(portfolio.today))]),
        },
    );
    globals.insert("t", labels.strings.tree());
    let renderer = Renderer {
        tera: templates::build(theme, globals)?,
        theme,
        staging,
        problems: Problems::default(),
        pages: AtomicUsize::new(0),
    };
    let facts = Facts::new(site, portfolio, &labels);
    let charts = Cache::new(site, portfolio, &labels, &facts.rows);
    let pages = Pages {
        site,
        portfolio,
        labels: &labels,
        facts: &facts,
        charts: &charts,
        renderer: &renderer,
    };

    // The big pages (portfolio, segments) render beside the many small account pages.
    rayon::join(
        || rayon::join(|| pages.portfolio_page(), || pages.segment_pages()),
        || rayon::join(|| pages.manager_pages(), || pages.account_pages()),
    );
    pages.handbook_pages();
    renderer.page(
        "404.html",
        "404.html",
        base_context("not-found", "", labels.strings.get("not_found.title")),
    );
    pages.sitemap();

    let count = renderer.pages.load(Ordering::Relaxed);
    renderer.problems.into_result()?;
    Ok(count)
}

impl Pages<'_> {
    /// Absolute URLs of every page under `base_url`, for search engines.
    fn sitemap(&self) {
        let base_url = &self.site.config.base_url;
        let base = if base_url.ends_with('/') {
            base_url.clone()
        } else {
            format!("{base_url}/")
        };
        let mut urls = vec![base.clone(), format!("{base}handbook/")];
        urls.extend(
            Quadrant::ALL
                .iter()
                .map(|quadrant| format!("{base}segments/{}/", quadrant.key())),
        );
        urls.extend(
            self.facts
                .manager_slugs
                .values()
                .map(|slug| format!("{base}managers/{slug}/")),
        );
        urls.extend(
            self.site
                .accounts
                .iter()
                .map(|account| format!("{base}accounts/{}/", account.slug)),
        );
        urls.extend(
            self.site
                .chapters
                .iter()
                .map(|chapter| format!("{base}handbook/{}/", chapter.slug)),
        );
        let mut context = Context::new();
        context.insert("urls", &urls);
        let xml = self.renderer.render("sitemap.xml", &context, "sitemap.xml");
        if !xml.is_empty() {
            self.renderer.write("sitemap.xml", &xml);
        }
    }
}
