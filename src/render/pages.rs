//! Every page of the view through its template: charts drawn, shortcode fragments written,
//! the result written to the staging folder, and the sitemap listing the pages written.
//!
//! A template error is reported once per template, not once per account page; a write
//! error stops the build.
//!
//! Not here: what a page shows (`view`).

use std::borrow::Cow;
use std::collections::{BTreeMap, HashSet};
use std::fmt::Write as _;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};

use rayon::prelude::*;
use serde::Serialize;
use tera::{Context, Tera};

use crate::Failure;
use crate::charts::{Chart, MatrixInput, ParetoInput};
use crate::diagnostics::Diagnostic;
use crate::output::Staging;
use crate::render::borrowed::Borrowed;
use crate::render::cache::{Cache, Fingerprint, Inputs};
use crate::render::templates;
use crate::render::theme::Theme;
use crate::view::account::AccountRow;
use crate::view::alerts::AccountAlerts;
use crate::view::attention::DueView;
use crate::view::groups::GroupPage;
use crate::view::{Fragment, Page, PageContext, PageId, SiteInfo, SiteView, urls};

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
struct Renderer<'a, 'v> {
    tera: Arc<Tera>,
    theme: &'a Theme,
    staging: &'a Staging,
    problems: Problems,
    cache: Option<&'a Cache>,
    borrowed: Borrowed<'v>,
    rendered: AtomicUsize,
}

impl Renderer<'_, '_> {
    /// A template's output, or `None` after recording the error.
    fn render(&self, template: &str, context: &impl Serialize, what: &str) -> Option<String> {
        let context = self.context(context, what)?;
        self.render_context(template, &context, what)
    }

    fn context(&self, context: &impl Serialize, what: &str) -> Option<Context> {
        match Context::from_serialize(context) {
            Ok(context) => Some(context),
            Err(error) => {
                self.problems
                    .record(Failure::Io(format!("cannot prepare {what}: {error}")));
                None
            }
        }
    }

    /// A group page, its lists made of the template values of their items
    /// ([`Borrowed::value`]).
    fn render_group(
        &self,
        template: &str,
        group: &mut GroupPage<'_>,
        what: &str,
    ) -> Option<String> {
        let context = apart(group, |rest, lists| {
            let values = self
                .borrowed
                .values(self.cache, &lists.rows)
                .zip(self.borrowed.values(self.cache, &lists.due))
                .zip(self.borrowed.values(self.cache, &lists.alert_groups))?;
            Some((self.context(rest, what)?, values))
        });
        let Some((mut context, ((rows, due), alert_groups))) = context else {
            // An item that cannot be a template value fails the page as it always did.
            return self.render(template, &*group, what);
        };
        context.insert_value("rows", tera::Value::from(rows));
        context.insert_value("due", tera::Value::from(due));
        context.insert_value("alert_groups", tera::Value::from(alert_groups));
        self.render_context(template, &context, what)
    }

    fn render_context(&self, template: &str, context: &Context, what: &str) -> Option<String> {
        match templates::render(&self.tera, self.theme, template, context, what) {
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

    /// A shortcode's live data as HTML, its chart drawn; with a cache, as made before
    /// from the same inputs.
    fn fragment(&self, mut fragment: Fragment<'_>, page: &str) -> String {
        let fingerprint = self.cache.map(|cache| {
            let mut fingerprint = cache.fingerprint();
            fingerprint.add(fragment.template.as_bytes());
            fingerprint.end_part();
            let _ = serde_json::to_writer(&mut fingerprint, &fragment.context);
            fingerprint.end_part();
            if let Some(chart) = fragment.context.chart_mut() {
                add_chart(&mut fingerprint, cache, &self.borrowed, &chart.chart);
            }
            (cache, fingerprint.finish())
        });
        if let Some((cache, fingerprint)) = fingerprint
            && let Some(text) = cache.fragment(fingerprint)
        {
            return text.to_string();
        }
        if let Some(chart) = fragment.context.chart_mut() {
            chart.svg = chart
                .chart
                .as_ref()
                .map(|chart| chart.draw())
                .unwrap_or_default();
        }
        let Some(text) = self.render(fragment.template, &fragment.context, page) else {
            return String::new();
        };
        if let Some((cache, fingerprint)) = fingerprint {
            cache.keep_fragment(fingerprint, Arc::from(text.as_str()));
        }
        text
    }

    /// Draws the page's charts, renders it and writes it; true when it was written. With a
    /// cache, a page whose inputs are unchanged is written as it was last time.
    fn page(&self, mut page: Page<'_>, inputs: Option<Inputs>) -> bool {
        let fingerprint = self
            .cache
            .map(|cache| fingerprint(cache, &self.borrowed, &mut page));
        let path = std::mem::take(&mut page.path);
        self.write_through_cache(&path, fingerprint, inputs, || {
            for chart in page.context.charts_mut() {
                chart.svg = chart
                    .chart
                    .as_ref()
                    .map(|chart| chart.draw())
                    .unwrap_or_default();
            }
            self.rendered.fetch_add(1, Ordering::Relaxed);
            match &mut page.context {
                PageContext::Group(group) => self.render_group(page.template, group, &path),
                context => self.render(page.template, context, &path),
            }
        })
    }

    /// Writes the file at `path`: as the cache holds it under `fingerprint`, or else as
    /// `make` makes it (`None` after recording why it could not), kept under that
    /// fingerprint and `inputs` for the next build. True when the file was written.
    fn write_through_cache(
        &self,
        path: &str,
        fingerprint: Option<u128>,
        inputs: Option<Inputs>,
        make: impl FnOnce() -> Option<String>,
    ) -> bool {
        let cached = self.cache.zip(fingerprint);
        if let Some((cache, fingerprint)) = cached
            && let Some(bytes) = cache.get(path, fingerprint)
        {
            if let Some(inputs) = inputs {
                // Made anew from other inputs to the same bytes: the next build compares its
                // inputs with these.
                cache.put(path, fingerprint, Arc::clone(&bytes), Some(inputs));
            }
            self.write_shared(path, bytes);
            return true;
        }
        let Some(text) = make() else {
            return false;
        };
        match cached {
            Some((cache, fingerprint)) => {
                let bytes: Arc<[u8]> = Arc::from(text.into_bytes());
                cache.put(path, fingerprint, Arc::clone(&bytes), inputs);
                self.write_shared(path, bytes);
            }
            None => self.write(path, &text),
        }
        true
    }

    fn write_shared(&self, path: &str, bytes: Arc<[u8]>) {
        if let Err(failure) = self.staging.write_shared(path, bytes) {
            self.problems.record(failure);
        }
    }
}

/// A group page's lists, which it borrows from the view.
struct Lists<'v> {
    rows: Vec<&'v AccountRow>,
    due: Vec<&'v DueView>,
    alert_groups: Vec<&'v AccountAlerts>,
}

/// Calls `with` on the group page without its lists (they serialise as empty) and on the
/// lists, then puts them back: the lists' items are digested and made into template values
/// one by one ([`Borrowed`]), not with the rest of the page.
fn apart<'v, R>(
    group: &mut GroupPage<'v>,
    with: impl FnOnce(&GroupPage<'v>, &Lists<'v>) -> R,
) -> R {
    let lists = Lists {
        rows: std::mem::take(&mut group.rows),
        due: std::mem::take(&mut group.due),
        alert_groups: std::mem::take(&mut group.alert_groups),
    };
    let result = with(group, &lists);
    group.rows = lists.rows;
    group.due = lists.due;
    group.alert_groups = lists.alert_groups;
    result
}

/// Everything a page's bytes come from besides the templates: its path, template, context
/// and the inputs of its charts (which the context leaves out, as it holds them undrawn).
fn fingerprint(cache: &Cache, borrowed: &Borrowed, page: &mut Page<'_>) -> u128 {
    let mut fingerprint = cache.fingerprint();
    fingerprint.add(page.path.as_bytes());
    fingerprint.end_part();
    fingerprint.add(page.template.as_bytes());
    fingerprint.end_part();
    match &mut page.context {
        PageContext::Group(group) => {
            // A group's lists are borrowed from the view, and one account's row, actions
            // and alerts are in many groups' lists: each is digested once per build, and
            // the page adds its digests to the rest of its context.
            apart(group, |rest, lists| {
                let _ = serde_json::to_writer(&mut fingerprint, rest);
                fingerprint.end_part();
                borrowed.add_all(&mut fingerprint, cache, &lists.rows);
                borrowed.add_all(&mut fingerprint, cache, &lists.due);
                borrowed.add_all(&mut fingerprint, cache, &lists.alert_groups);
            });
        }
        context => {
            // A context that cannot be serialised fails to render too, and is never cached.
            let _ = serde_json::to_writer(&mut fingerprint, &context);
            fingerprint.end_part();
        }
    }
    for chart in page.context.charts_mut() {
        add_chart(&mut fingerprint, cache, borrowed, &chart.chart);
    }
    fingerprint.finish()
}

/// Adds what a chart is drawn from to a fingerprint.
fn add_chart(
    fingerprint: &mut Fingerprint,
    cache: &Cache,
    borrowed: &Borrowed,
    chart: &Option<Chart<'_>>,
) {
    // The chart inputs derive `Debug`, which prints every field: an exact identity of
    // what is drawn, cheaper than serialising types made only for drawing. A chart
    // input given a hand-written `Debug` must still print every field it draws from,
    // or its pages would be served stale.
    // A big borrowed list is digested once per build, the rest of its input as printed.
    let mut shared_and_rest = |items: u128, rest: &dyn std::fmt::Debug| {
        fingerprint.add(&items.to_le_bytes());
        let _ = write!(fingerprint, "{rest:?}");
    };
    match chart {
        Some(Chart::Matrix(input)) if matches!(input.points, Cow::Borrowed(_)) => {
            let rest = MatrixInput {
                points: Cow::Borrowed(&[]),
                ..input.clone()
            };
            shared_and_rest(borrowed.points(cache, &input.points), &rest);
        }
        Some(Chart::Pareto(input)) if matches!(input.accounts, Cow::Borrowed(_)) => {
            let rest = ParetoInput {
                accounts: Cow::Borrowed(&[]),
                ..input.clone()
            };
            shared_and_rest(borrowed.points(cache, &input.accounts), &rest);
        }
        other => {
            let _ = write!(fingerprint, "{other:?}");
        }
    }
    fingerprint.end_part();
}

/// The digest of what every account page reads of the whole portfolio.
fn common_inputs(cache: &Cache, borrowed: &Borrowed, view: &SiteView) -> u128 {
    let mut fingerprint = cache.fingerprint();
    view.account_pages_common(&mut fingerprint);
    fingerprint.end_part();
    fingerprint.add(&borrowed.points(cache, view.matrix_points()).to_le_bytes());
    fingerprint.finish()
}

/// What every page shares: the templates and the global values they read.
fn epoch(cache: &Cache, theme: &Theme, globals: &Globals<'_>) -> u128 {
    let mut fingerprint = cache.fingerprint();
    let _ = serde_json::to_writer(&mut fingerprint, globals);
    fingerprint.end_part();
    for (name, source) in &theme.templates {
        fingerprint.add(name.as_bytes());
        fingerprint.end_part();
        fingerprint.add(source.text.as_bytes());
        fingerprint.end_part();
    }
    fingerprint.finish()
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

/// What became of one page in a build.
enum Made {
    /// Taken over from the last build without being viewed.
    Kept(Arc<[u8]>),
    /// Viewed, and rendered or found unchanged, and written.
    Written,
    /// Its template failed; the problem is recorded.
    Failed,
}

pub struct Written {
    pub pages: usize,
    /// Pages that went through their templates.
    pub rendered: usize,
    /// Whether the cache's last build was reused as `dirty` allows.
    pub reused: bool,
}

/// Renders every page and the sitemap.
///
/// `dirty`, with a cache, lists the only pages whose inputs may differ from the cache's
/// last build: every other page is taken from there as it is, without being viewed.
/// `first` names pages made before all the others and handed over as soon as they are.
pub fn render_all(
    view: &SiteView,
    theme: &Theme,
    staging: &Staging,
    cache: Option<&Cache>,
    dirty: Option<&[PageId]>,
    first: Option<(&[PageId], crate::FirstPages)>,
) -> Result<Written, Failure> {
    let globals = Globals {
        site: view.site_info(),
        t: view.strings(),
        links: urls::links(),
    };
    let kept = cache.is_some_and(|cache| cache.begin(epoch(cache, theme, &globals)));
    // The templates and globals are the epoch: an unchanged epoch keeps the parsed set.
    let tera = match cache.filter(|_| kept).and_then(Cache::templates) {
        Some(tera) => tera,
        None => {
            let globals = Context::from_serialize(&globals)
                .map_err(|error| Failure::Io(format!("cannot prepare the templates: {error}")))?;
            let tera = Arc::new(templates::build(theme, globals)?);
            if let Some(cache) = cache {
                cache.keep_templates(Arc::clone(&tera));
            }
            tera
        }
    };
    // Declared before the renderer, which borrows it.
    let earlier = cache.and_then(Cache::take_earlier);
    let renderer = Renderer {
        tera,
        theme,
        staging,
        problems: Problems::default(),
        cache,
        borrowed: Borrowed::new(view, earlier.as_ref(), cache.is_some()),
        rendered: AtomicUsize::new(0),
    };
    // What every account page reads of the whole portfolio, digested once, and only when a
    // page is looked up by its inputs.
    let common = std::sync::OnceLock::new();
    let make = |id: PageId, path: &str| -> Made {
        // An account page whose inputs are unchanged is taken over without being viewed.
        let inputs = match (cache, id) {
            (Some(cache), PageId::Account(index)) => {
                let common = *common.get_or_init(|| common_inputs(cache, &renderer.borrowed, view));
                let own = view.account_inputs(index);
                if let Some(bytes) = cache.get_by_inputs(path, common, &own) {
                    return Made::Kept(bytes);
                }
                Some(Inputs {
                    common,
                    own: own.keep(),
                })
            }
            _ => None,
        };
        let embed = |fragment: Fragment<'_>| renderer.fragment(fragment, path);
        if renderer.page(view.page(id, &embed), inputs) {
            Made::Written
        } else {
            Made::Failed
        }
    };
    // Pages that may be unchanged since the last build are not first: they are kept below.
    let first: Vec<(PageId, Made)> = match first {
        Some((ids, publish)) => {
            let mut made = Vec::new();
            let mut pages = Vec::new();
            for &id in ids
                .iter()
                .filter(|id| dirty.is_none_or(|dirty| dirty.contains(id)))
            {
                let path = view.path(id);
                let page = make(id, &path);
                let bytes = match &page {
                    Made::Kept(bytes) => Some(Arc::clone(bytes)),
                    Made::Written => staging.get(&path),
                    Made::Failed => None,
                };
                pages.extend(bytes.map(|bytes| (path, bytes)));
                made.push((id, page));
            }
            publish(pages);
            made
        }
        None => Vec::new(),
    };
    let ids = view.pages();
    // Each path is made once: at 10,000 accounts, formatting them again for every use was a
    // good part of a rebuild that renders one page.
    let paths: Vec<String> = ids.par_iter().map(|&id| view.path(id)).collect();
    let unchanged: Vec<Option<Arc<[u8]>>> = match (cache, dirty.filter(|_| kept)) {
        (Some(cache), Some(dirty)) => cache.last_of(
            ids.iter()
                .zip(&paths)
                .map(|(id, path)| (!dirty.contains(id)).then_some(path.as_str())),
        ),
        _ => vec![None; ids.len()],
    };
    let made: Vec<Made> = ids
        .par_iter()
        .zip(&paths)
        .zip(unchanged)
        .map(|((&id, path), unchanged)| {
            if let Some(bytes) = unchanged {
                return Made::Kept(bytes);
            }
            match first.iter().find(|(first, _)| *first == id) {
                Some((_, Made::Kept(bytes))) => Made::Kept(Arc::clone(bytes)),
                Some((_, Made::Written)) => Made::Written,
                Some((_, Made::Failed)) => Made::Failed,
                None => make(id, path),
            }
        })
        .collect();
    let mut written = Vec::with_capacity(ids.len());
    let mut kept_pages = Vec::new();
    for ((id, path), made) in ids.iter().zip(&paths).zip(made) {
        match made {
            Made::Kept(bytes) => {
                kept_pages.push((path.as_str(), bytes));
                written.push((*id, path.as_str()));
            }
            Made::Written => written.push((*id, path.as_str())),
            Made::Failed => {}
        }
    }
    staging.write_all_shared(kept_pages)?;
    let count = written.len();
    let sitemap = Sitemap {
        urls: view.sitemap(&written),
    };
    let fingerprint = cache.map(|cache| {
        let mut fingerprint = cache.fingerprint();
        let _ = serde_json::to_writer(&mut fingerprint, &sitemap);
        fingerprint.finish()
    });
    renderer.write_through_cache(urls::SITEMAP, fingerprint, None, || {
        renderer.render("sitemap.xml", &sitemap, urls::SITEMAP)
    });
    if let Some(cache) = cache {
        cache.keep_earlier(renderer.borrowed.earlier(view));
        let mut made: HashSet<&str> = written.iter().map(|(_, path)| *path).collect();
        made.insert(urls::SITEMAP);
        cache.retain(&made);
    }
    renderer.problems.into_result()?;
    Ok(Written {
        pages: count,
        rendered: renderer.rendered.into_inner(),
        reused: kept && dirty.is_some(),
    })
}
