//! Rendering: the pages of a [`SiteView`] through Tera templates, their charts drawn, and
//! every file of the site written into the staging folder. Pages are independent files, so
//! they are rendered in parallel from the immutable view and written as they finish.
//!
//! Not here: deciding what a page shows (`view`); nothing in this module reads the
//! analysis, the content or Markdown.

mod pages;
mod templates;
mod theme;

pub use theme::Theme;

use crate::Failure;
use crate::output::Staging;
use crate::view::{SiteView, urls};

pub struct Rendered {
    /// HTML pages written.
    pub pages: usize,
    /// Every file written, pages included.
    pub files: usize,
}

/// Writes the whole site: pages, sitemap, `data/portfolio.json`, `data/history.json`,
/// shared chart drawings, the calendars, the search index and the static files.
pub fn render_site(view: &SiteView, theme: &Theme, staging: &Staging) -> Result<Rendered, Failure> {
    let before = staging.files_written();
    let pages = pages::render_all(view, theme, staging)?;
    staging.write(urls::PORTFOLIO_JSON, view.portfolio_json().as_bytes())?;
    for (path, chart) in view.shared_charts() {
        staging.write(path, chart.draw().as_bytes())?;
    }
    staging.write(urls::HISTORY_JSON, view.history_json().as_bytes())?;
    for feed in view.calendars() {
        staging.write(&feed.path, feed.text.as_bytes())?;
    }
    for file in view.search_files() {
        staging.write(&file.path, file.text.as_bytes())?;
    }
    for (path, bytes) in theme.static_files() {
        staging.write(&urls::static_file(path), bytes)?;
    }
    Ok(Rendered {
        pages,
        files: staging.files_written() - before,
    })
}
