//! Rendering: views of the site and its analysis, charts, and Tera templates, written page
//! by page into the staging folder. Account pages are rendered in parallel from immutable
//! data; the order of writes does not matter because every page has its own file.

mod charts;
mod pages;
mod templates;
mod theme;
pub mod views;

pub use theme::Theme;

use crate::Failure;
use crate::analysis::Portfolio;
use crate::content::model::Site;
use crate::output::Staging;

pub struct Rendered {
    pub pages: usize,
    pub files: usize,
}

pub fn render_site(
    site: &Site,
    portfolio: &Portfolio,
    theme: &Theme,
    staging: &Staging,
) -> Result<Rendered, Failure> {
    let before = staging.files_written();
    let pages = pages::render_all(site, portfolio, theme, staging)?;
    let json = crate::analysis::portfolio::to_json(&site.accounts, portfolio, &site.config);
    staging.write("data/portfolio.json", json.as_bytes())?;
    Ok(Rendered {
        pages,
        files: staging.files_written() - before,
    })
}
