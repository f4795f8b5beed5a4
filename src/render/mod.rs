//! Rendering: the pages of a [`SiteView`] through Tera templates, their charts drawn, and
//! every file of the site written into the staging folder. Pages are independent files, so
//! they are rendered in parallel from the immutable view and written as they finish.
//!
//! Not here: deciding what a page shows (`view`); nothing in this module reads the
//! analysis, the content or Markdown.

mod borrowed;
mod cache;
mod pages;
mod templates;
mod theme;

pub use cache::Cache;
pub use theme::Theme;

use crate::Failure;
use crate::output::Staging;
use std::sync::Arc;
use std::time::{Duration, Instant};

use crate::view::{PageId, SiteView, urls};

pub struct Rendered {
    /// HTML pages written.
    pub pages: usize,
    /// Of those, the pages that went through their templates rather than a cache.
    pub rendered: usize,
    /// Every file written, pages included.
    pub files: usize,
    /// Wall-clock time of the pages, the data files and the search index, in that order.
    /// The index is made beside the pages, so its time is part of theirs too.
    pub steps: [(&'static str, Duration); 3],
}

/// The pages and the search index written, with what [`render_data`] needs to know of
/// them.
pub struct PagesWritten {
    pages: usize,
    rendered: usize,
    /// Whether every page was as the cache's last build wrote it.
    reused: bool,
    files_before: usize,
    took: Duration,
    search_took: Duration,
}

/// Writes every page, the sitemap, the search index and the static files. With a cache,
/// pages whose inputs did not change since its last build are not rendered again. `dirty`
/// says more: that since the cache's last build only the notes behind these pages changed
/// (see [`pages::render_all`]), so the data files are as they were too. `first` names pages
/// to render before all others and receives them when they are done.
pub fn render_pages(
    view: &SiteView,
    theme: &Theme,
    staging: &Staging,
    cache: Option<&Cache>,
    dirty: Option<&[PageId]>,
    first: Option<(&[PageId], crate::FirstPages)>,
) -> Result<PagesWritten, Failure> {
    let files_before = staging.files_written();
    let started = Instant::now();
    // The search index reads the view only, and much of making it is serial (merging the
    // postings, writing the shards): made beside the pages, it fills the other core's idle
    // moments. It holds the notes, so it is made on every build. Its files are written as
    // soon as they are made, not held through the rest of the pages and the data files.
    let (written, (search, search_took)) = rayon::join(
        || pages::render_all(view, theme, staging, cache, dirty, first),
        || {
            let search_started = Instant::now();
            let written = view
                .search_files(cache.map(Cache::search))
                .into_iter()
                .try_for_each(|(path, bytes)| staging.write_shared(&path, bytes));
            (written, search_started.elapsed())
        },
    );
    let pages::Written {
        pages,
        rendered,
        reused,
    } = written?;
    search?;
    for (path, bytes) in theme.static_files() {
        staging.write(&urls::static_file(path), bytes)?;
    }
    Ok(PagesWritten {
        pages,
        rendered,
        reused,
        files_before,
        took: started.elapsed(),
        search_took,
    })
}

/// Writes what depends on the whole portfolio but on no page: `data/portfolio.json`,
/// `data/history.json`, the shared chart drawings and the calendars. They read no notes,
/// so a build may free those once [`render_pages`] is done. With a cache whose last build
/// wrote the same pages, they are the files it kept.
pub fn render_data(
    view: &SiteView,
    staging: &Staging,
    cache: Option<&Cache>,
    written: PagesWritten,
) -> Result<Rendered, Failure> {
    let started = Instant::now();
    match cache.and_then(|cache| written.reused.then(|| cache.others()).flatten()) {
        Some(others) => {
            for (path, bytes) in others {
                staging.write_shared(&path, bytes)?;
            }
        }
        None => match cache {
            Some(cache) => {
                let others = data_files(view, cache);
                for (path, bytes) in &others {
                    staging.write_shared(path, Arc::clone(bytes))?;
                }
                cache.keep_others(others);
            }
            None => write_data_files(view, staging)?,
        },
    }
    Ok(Rendered {
        pages: written.pages,
        rendered: written.rendered,
        files: staging.files_written() - written.files_before,
        steps: [
            ("pages", written.took),
            ("data", started.elapsed()),
            ("search", written.search_took),
        ],
    })
}

/// [`data_files`] for a build that keeps nothing: each file is written as soon as it is
/// made and freed, so a large portfolio's JSON and calendars are never all in memory at
/// once.
fn write_data_files(view: &SiteView, staging: &Staging) -> Result<(), Failure> {
    let (data, drawings) = rayon::join(
        || {
            staging.write_streamed(urls::PORTFOLIO_JSON, |out| view.write_portfolio_json(out))?;
            staging.write(urls::HISTORY_JSON, view.history_json().as_bytes())
        },
        || {
            for (path, chart) in view.shared_charts() {
                staging.write(path, chart.draw().as_bytes())?;
            }
            view.write_calendars(|path, make| staging.write_streamed(path, make))
        },
    );
    data.and(drawings)
}

/// portfolio.json, history.json, the shared chart drawings and the calendars: the files that
/// depend on the whole portfolio but not on any account's notes, made to be kept by
/// `serve`'s cache.
fn data_files(view: &SiteView, cache: &Cache) -> Vec<(String, Arc<[u8]>)> {
    // Each is made on its own, and portfolio.json alone is a serial tenth of a second at
    // 10,000 accounts: side by side, the calendars (parallel inside) fill the other core.
    // Each text is made shared bytes as soon as it is done, so it is not held twice.
    let shared = |text: String| -> Arc<[u8]> { Arc::from(text.into_bytes()) };
    let ((portfolio, history), (charts, calendars)) = rayon::join(
        || {
            let portfolio = shared(view.portfolio_json(Some(cache.portfolio_json())));
            (portfolio, shared(view.history_json()))
        },
        || {
            let charts: Vec<(&'static str, String)> = view
                .shared_charts()
                .into_iter()
                .map(|(path, chart)| (path, chart.draw()))
                .collect();
            (charts, view.calendars(Some(cache.calendars())))
        },
    );
    let mut files: Vec<(String, Arc<[u8]>)> = vec![(urls::PORTFOLIO_JSON.to_string(), portfolio)];
    for (path, svg) in charts {
        files.push((path.to_string(), shared(svg)));
    }
    files.push((urls::HISTORY_JSON.to_string(), history));
    for feed in calendars {
        files.push((feed.path, feed.text));
    }
    files
}
