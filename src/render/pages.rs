//! Every page of the view through its template: charts drawn, shortcode fragments written,
//! the result written to the staging folder, and the sitemap listing the pages written.
//!
//! A template error is reported once per template, not once per account page; a write
//! error stops the build.
//!
//! Not here: what a page shows (`view`).

use std::collections::BTreeMap;
use std::sync::Mutex;

use rayon::prelude::*;
use serde::Serialize;
use tera::{Context, Tera};

use crate::Failure;
use crate::diagnostics::Diagnostic;
use crate::output::Staging;
use crate::render::templates;
use crate::render::theme::Theme;
use crate::view::{Fragment, Page, PageId, SiteInfo, SiteView, urls};

/// Collects what goes wrong while pages render in parallel.
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

/// Renders templates and writes the results, from any thread.
struct Renderer<'a> {
    tera: Tera,
    theme: &'a Theme,
    staging: &'a Staging,
    problems: Problems,
}

impl Renderer<'_> {
    /// A template's output, or `None` after recording the error.
    fn render(&self, template: &str, context: &impl Serialize, what: &str) -> Option<String> {
        let context = match Context::from_serialize(context) {
            Ok(context) => context,
            Err(error) => {
                self.problems
                    .record(Failure::Io(format!("cannot prepare {what}: {error}")));
                return None;
            }
        };
        match templates::render(&self.tera, self.theme, template, &context, what) {
            Ok(text) => Some(text),
            Err(diagnostic) => {
                self.problems.record(Failure::Site(vec![diagnostic]));
                None
            }
        }
    }

    fn write(&self, path: &str, text: &str) {
        if let Err(failure) = self.staging.write(path, text.as_bytes()) {
            self.problems.record(failure);
        }
    }

    /// A shortcode's live data as HTML, its chart drawn.
    fn fragment(&self, mut fragment: Fragment<'_>, page: &str) -> String {
        if let Some(chart) = fragment.context.chart_mut() {
            chart.svg = chart
                .chart
                .as_ref()
                .map(|chart| chart.draw())
                .unwrap_or_default();
        }
        self.render(fragment.template, &fragment.context, page)
            .unwrap_or_default()
    }

    /// Draws the page's charts, renders it and writes it; true when it was written.
    fn page(&self, mut page: Page<'_>) -> bool {
        for chart in page.context.charts_mut() {
            chart.svg = chart
                .chart
                .as_ref()
                .map(|chart| chart.draw())
                .unwrap_or_default();
        }
        match self.render(page.template, &page.context, &page.path) {
            Some(html) => {
                self.write(&page.path, &html);
                true
            }
            None => false,
        }
    }
}

#[derive(Serialize)]
struct Globals<'a> {
    site: SiteInfo<'a>,
    t: &'a serde_json::Value,
    links: urls::Links,
}

#[derive(Serialize)]
struct Sitemap {
    urls: Vec<String>,
}

/// Renders every page and the sitemap; returns how many HTML pages were written.
pub fn render_all(view: &SiteView, theme: &Theme, staging: &Staging) -> Result<usize, Failure> {
    let globals = Context::from_serialize(&Globals {
        site: view.site_info(),
        t: view.strings(),
        links: urls::links(),
    })
    .map_err(|error| Failure::Io(format!("cannot prepare the templates: {error}")))?;
    let renderer = Renderer {
        tera: templates::build(theme, globals)?,
        theme,
        staging,
        problems: Problems::default(),
    };
    let ids = view.pages();
    let written: Vec<PageId> = ids
        .par_iter()
        .filter(|&&id| {
            let path = view.path(id);
            let embed = |fragment: Fragment<'_>| renderer.fragment(fragment, &path);
            renderer.page(view.page(id, &embed))
        })
        .copied()
        .collect();
    let count = written.len();
    if let Some(xml) = renderer.render(
        "sitemap.xml",
        &Sitemap {
            urls: view.sitemap(&written),
        },
        urls::SITEMAP,
    ) {
        renderer.write(urls::SITEMAP, &xml);
    }
    renderer.problems.into_result()?;
    Ok(count)
}
