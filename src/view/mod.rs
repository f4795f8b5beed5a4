//! The view stage: everything the pages show, built once per build from the loaded
//! [`Site`] and its [`Portfolio`], as typed data.
//!
//! A [`SiteView`] holds what many pages share (account rows, alerts, actions, counts, chart
//! inputs, the URL table) and makes each page on request as a [`Page`]: its path, its
//! template and its context. `render` asks for every page of [`SiteView::pages`], draws its
//! charts, and writes it; nothing here knows Tera or the file system, so every rule a page
//! follows can be tested on the view alone. The site's machine-readable data
//! (`data/portfolio.json`, SPEC §10) and its calendars (SPEC v2 §14) are views too.
//!
//! Not here: computing the analysis (`analysis`), drawing charts (`charts`), templates and
//! writing (`render`, `output`).

pub mod account;
pub mod alerts;
pub mod attention;
pub mod calendar;
pub mod charts;
pub mod groups;
pub mod handbook;
pub mod history;
pub mod ics;
pub mod inputs;
pub mod json;
pub mod labels;
pub mod lists;
pub mod portfolio;
pub mod review;
pub mod search;
pub mod shared;
pub mod urls;

use serde::Serialize;

use crate::analysis::Portfolio;
use crate::analysis::scores::Quadrant;
use crate::content::model::Site;
use crate::content::shortcodes::Shortcode;
use labels::Labels;
use shared::Shared;

/// What every page's context starts with.
#[derive(Serialize, Clone, Debug)]
pub struct Base {
    pub page_kind: &'static str,
    pub section: &'static str,
    pub page_title: String,
    /// `../` as often as the page is deep, for links relative to the site root.
    pub root: String,
}

impl Base {
    fn new(path: &str, page_kind: &'static str, section: &'static str, title: &str) -> Base {
        Base {
            page_kind,
            section,
            page_title: title.to_string(),
            root: urls::root_for(path),
        }
    }
}

/// Every page of the site, named; [`SiteView::page`] makes its content.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PageId {
    Portfolio,
    Segment(Quadrant),
    /// Position among the managers in name order.
    Manager(usize),
    /// Position in `Site::accounts`.
    Account(usize),
    /// Position among the tags in name-key order.
    Tag(usize),
    HandbookIndex,
    /// Position in `Site::chapters`.
    Chapter(usize),
    HandbookPrint,
    /// The search page; its index is written beside it (`search`).
    Search,
    /// What changed since the comparison date, to print for a review (SPEC v2 §12).
    Review,
    NotFound,
    /// One page (from 1) of a big group's complete list of accounts.
    List(lists::ListScope, usize),
}

/// One page as data: where it goes, which template writes it, and what it shows.
pub struct Page<'v> {
    pub path: String,
    pub template: &'static str,
    pub context: PageContext<'v>,
}

#[derive(Serialize)]
#[serde(untagged)]
pub enum PageContext<'v> {
    Portfolio(Box<portfolio::PortfolioPage<'v>>),
    Group(Box<groups::GroupPage<'v>>),
    Account(Box<account::AccountPage<'v>>),
    HandbookIndex(handbook::HandbookIndexPage),
    Chapter(Box<handbook::ChapterPage>),
    HandbookPrint(handbook::PrintPage),
    Search(Base),
    Review(Box<review::ReviewPage>),
    NotFound(Base),
}

impl<'v> PageContext<'v> {
    /// The charts on the page, for `render` to draw.
    pub fn charts_mut(&mut self) -> Vec<&mut charts::ChartView<'v>> {
        match self {
            PageContext::Portfolio(page) => page.charts.values_mut().collect(),
            PageContext::Group(page) => page.charts.values_mut().collect(),
            PageContext::Account(page) => page.charts.values_mut().collect(),
            PageContext::HandbookIndex(_)
            | PageContext::Chapter(_)
            | PageContext::HandbookPrint(_)
            | PageContext::Search(_)
            | PageContext::Review(_)
            | PageContext::NotFound(_) => Vec::new(),
        }
    }
}

/// Live data embedded in a handbook chapter by a shortcode, as a partial template and its
/// context; `render` writes it and the chapter's HTML takes the result.
pub struct Fragment<'v> {
    pub template: &'static str,
    pub context: handbook::FragmentContext<'v>,
}

/// How `render` turns a fragment into HTML while a chapter page is being made.
pub type Embed<'e> = dyn Fn(Fragment<'_>) -> String + Sync + 'e;

/// What every page may show of the site as a whole.
#[derive(Serialize, Debug)]
pub struct SiteInfo<'a> {
    pub title: &'a str,
    pub language: &'static str,
    pub currency: &'a str,
    pub today: String,
    pub today_iso: String,
    pub reference_year: Option<i32>,
    pub generator: String,
    pub footer: String,
}

/// Everything the pages show, built once per build.
pub struct SiteView<'a> {
    pub site: &'a Site,
    pub portfolio: &'a Portfolio,
    pub labels: Labels<'a>,
    /// Kept by `serve` from one build to the next while only notes change.
    pub shared: std::sync::Arc<Shared>,
    pub charts: charts::Charts<'a>,
    /// Each big group's accounts in rank order, for its list pages.
    scope_orders:
        std::sync::Mutex<std::collections::HashMap<lists::ListScope, std::sync::Arc<[usize]>>>,
}

impl<'a> SiteView<'a> {
    pub fn new(site: &'a Site, portfolio: &'a Portfolio) -> SiteView<'a> {
        SiteView::with_shared(site, portfolio, None, None)
    }

    /// A view that takes over `shared` from an earlier build of the same site and
    /// analysis, apart from account notes, which `Shared` does not read; or else makes it,
    /// taking over what it can of the `earlier` build's.
    pub fn with_shared(
        site: &'a Site,
        portfolio: &'a Portfolio,
        shared: Option<std::sync::Arc<Shared>>,
        earlier: Option<shared::Earlier>,
    ) -> SiteView<'a> {
        let labels = Labels::new(&site.config);
        let shared = shared
            .unwrap_or_else(|| std::sync::Arc::new(Shared::new(site, portfolio, &labels, earlier)));
        let charts = charts::Charts::new(
            site,
            portfolio,
            Labels::new(&site.config),
            std::sync::Arc::clone(&shared.matrix),
        );
        SiteView {
            site,
            portfolio,
            labels,
            shared,
            charts,
            scope_orders: std::sync::Mutex::default(),
        }
    }

    pub fn site_info(&self) -> SiteInfo<'a> {
        let config = &self.site.config;
        let today = self.labels.format.date(self.portfolio.today);
        SiteInfo {
            title: &config.title,
            language: config.language.code(),
            currency: &config.currency,
            footer: self.labels.fill("footer.today", &[("today", &today)]),
            today,
            today_iso: self.portfolio.today.to_string(),
            reference_year: self.portfolio.reference_year,
            generator: format!("kam {}", env!("CARGO_PKG_VERSION")),
        }
    }

    /// The interface strings, for templates as `t`.
    pub fn strings(&self) -> &serde_json::Value {
        self.labels.strings.tree()
    }

    /// Every page of the site, in the order the sitemap lists them.
    pub fn pages(&self) -> Vec<PageId> {
        let mut pages = vec![PageId::Portfolio, PageId::HandbookIndex];
        pages.extend(Quadrant::ALL.into_iter().map(PageId::Segment));
        pages.extend((0..self.shared.managers.len()).map(PageId::Manager));
        pages.extend((0..self.site.accounts.len()).map(PageId::Account));
        pages.extend((0..self.shared.tags.len()).map(PageId::Tag));
        pages.extend(self.list_pages());
        pages.extend((0..self.site.chapters.len()).map(PageId::Chapter));
        pages.push(PageId::HandbookPrint);
        pages.push(PageId::Search);
        pages.push(PageId::Review);
        pages.push(PageId::NotFound);
        pages
    }

    /// Where a page is written, relative to the site root.
    pub fn path(&self, id: PageId) -> String {
        match id {
            PageId::Portfolio => urls::INDEX.to_string(),
            PageId::Segment(quadrant) => urls::segment(quadrant),
            PageId::Manager(index) => self.shared.managers.page(self.manager_name(index)),
            PageId::Account(index) => urls::account(&self.site.accounts[index].slug),
            PageId::Tag(index) => self
                .shared
                .tags
                .get(index)
                .and_then(|(_, name)| self.shared.tags.page(name))
                .unwrap_or_else(|| urls::tag("tag")),
            PageId::HandbookIndex => urls::HANDBOOK.to_string(),
            PageId::Chapter(index) => urls::chapter(&self.site.chapters[index].slug),
            PageId::HandbookPrint => urls::PRINT.to_string(),
            PageId::Search => urls::SEARCH.to_string(),
            PageId::Review => urls::REVIEW.to_string(),
            PageId::NotFound => urls::NOT_FOUND.to_string(),
            PageId::List(scope, number) => self.list_path(scope, number),
        }
    }

    /// Whether search engines should be told about the page: not the print copy of the
    /// handbook, the search page (empty until a query is typed), nor the error page.
    pub fn in_sitemap(id: PageId) -> bool {
        !matches!(
            id,
            PageId::HandbookPrint | PageId::Search | PageId::NotFound
        )
    }

    fn manager_name(&self, index: usize) -> &str {
        self.shared.managers.names().nth(index).unwrap_or_default()
    }

    /// The page's content; `embed` writes the live data a chapter's shortcodes embed.
    pub fn page(&self, id: PageId, embed: &Embed) -> Page<'_> {
        let path = self.path(id);
        let (template, context) = match id {
            PageId::Portfolio => (
                "index.html",
                PageContext::Portfolio(Box::new(self.portfolio_page(&path))),
            ),
            PageId::Segment(quadrant) => (
                "segment.html",
                PageContext::Group(Box::new(self.segment_page(&path, quadrant))),
            ),
            PageId::Manager(index) => (
                "manager.html",
                PageContext::Group(Box::new(self.manager_page(&path, index))),
            ),
            PageId::Account(index) => (
                "account.html",
                PageContext::Account(Box::new(self.account_page(&path, index))),
            ),
            PageId::Tag(index) => (
                "tag.html",
                PageContext::Group(Box::new(self.tag_page(&path, index))),
            ),
            PageId::HandbookIndex => (
                "handbook_index.html",
                PageContext::HandbookIndex(self.handbook_index(&path)),
            ),
            PageId::Chapter(index) => (
                "chapter.html",
                PageContext::Chapter(Box::new(self.chapter_page(&path, index, embed))),
            ),
            PageId::HandbookPrint => (
                "handbook_print.html",
                PageContext::HandbookPrint(self.print_page(&path, embed)),
            ),
            PageId::Search => (
                "search.html",
                PageContext::Search(Base::new(
                    &path,
                    "search",
                    "search",
                    self.labels.strings.get("search.title"),
                )),
            ),
            PageId::List(scope, number) => (
                "list.html",
                PageContext::Group(Box::new(self.list_page(&path, scope, number))),
            ),
            PageId::Review => (
                "review.html",
                PageContext::Review(Box::new(self.review_page(&path))),
            ),
            PageId::NotFound => (
                "404.html",
                PageContext::NotFound(Base::new(
                    &path,
                    "not-found",
                    "",
                    self.labels.strings.get("not_found.title"),
                )),
            ),
        };
        Page {
            path,
            template,
            context,
        }
    }

    fn account_page(&self, path: &str, index: usize) -> account::AccountPage<'_> {
        let account = &self.site.accounts[index];
        let mut view = account::view(
            &self.labels,
            account,
            &self.portfolio.accounts[index],
            &self.site.config.segmentation,
            self.shared.rows[index].clone(),
            self.portfolio.reference_year,
        );
        view.tag_links = account
            .tags
            .iter()
            .filter_map(|tag| {
                Some(account::TagLink {
                    name: tag.clone(),
                    url: self.shared.tags.page(tag)?,
                })
            })
            .collect();
        view.chain = account::chain_place(
            &self.labels,
            &self.site.config,
            &self.site.accounts,
            index,
            &self.shared.upstream[index],
            &view.alerts,
        );
        let charts = [
            ("scores", self.charts.scores(index)),
            (
                "position",
                self.charts.position(index, &urls::root_for(path)),
            ),
            ("history", self.charts.history(index)),
            ("progress", self.charts.progress(index)),
            ("score_history", self.charts.score_trail(index)),
            ("relationship", self.charts.relationship(index)),
        ]
        .into_iter()
        .collect();
        let mut page = account::AccountPage::new(
            &self.labels,
            Base::new(path, "account", "portfolio", &account.name),
            view,
            charts,
        );
        page.since = self.movement(index);
        page.since_heading = self.since_heading();
        page.since_none = self.since_none();
        page
    }

    /// What every account page reads of the portfolio as a whole, printed into `sink`,
    /// except the matrix's bubbles ([`SiteView::matrix_points`]), which the caller digests.
    /// With the templates and an account's own [`SiteView::account_inputs`], it is all an
    /// account page is made from.
    pub fn account_pages_common(&self, sink: &mut impl std::fmt::Write) {
        let history = &self.portfolio.history;
        let _ = write!(
            sink,
            "{:?}|{}|{:?}|{}|{}|{}",
            self.site.config,
            self.portfolio.today,
            self.portfolio.reference_year,
            history.read,
            history.compare,
            self.shared.matrix.points().len(),
        );
    }

    /// The bubbles every position chart is drawn among.
    pub fn matrix_points(&self) -> &[crate::charts::MatrixPoint] {
        self.shared.matrix.points()
    }

    /// What the page of the account at `index` reads of its own.
    pub fn account_inputs(&self, index: usize) -> inputs::AccountInputs<'_> {
        let account = &self.site.accounts[index];
        let accounts = &self.site.accounts;
        let suppliers = &self.shared.upstream[index];
        let mut read = vec![Some(account)];
        read.extend(account.sells_to.iter().map(|entry| {
            crate::content::model::account_index(accounts, entry).map(|other| &accounts[other])
        }));
        read.extend(suppliers.iter().map(|&other| Some(&accounts[other])));
        inputs::AccountInputs {
            accounts: read,
            analysis: &self.portfolio.accounts[index],
            row: &self.shared.rows[index],
            history: self.portfolio.history.accounts.get(index),
            point: self.shared.matrix.point_of(index),
            tag_pages: account
                .tags
                .iter()
                .map(|tag| self.shared.tags.page(tag))
                .collect(),
            suppliers,
        }
    }

    /// The absolute URLs of the pages for the sitemap, in page order.
    pub fn sitemap(&self, written: &[(PageId, &str)]) -> Vec<String> {
        written
            .iter()
            .filter(|(id, _)| Self::in_sitemap(*id))
            .map(|(_, path)| urls::absolute(&self.site.config.base_url, path))
            .collect()
    }

    /// Drawings that many pages share, as (path, chart): drawn once by `render`.
    pub fn shared_charts(&self) -> Vec<(&'static str, crate::charts::Chart<'_>)> {
        self.charts
            .position_backdrop()
            .map(|chart| (urls::POSITION_BACKDROP, chart))
            .into_iter()
            .collect()
    }

    /// `data/portfolio.json` (SPEC §10).
    pub fn portfolio_json(&self, memo: Option<&json::Memo>) -> String {
        json::to_json(&self.site.accounts, self.portfolio, &self.site.config, memo)
    }

    /// [`SiteView::portfolio_json`] without a memo, written as it is made.
    pub fn write_portfolio_json(&self, out: &mut dyn std::io::Write) -> std::io::Result<()> {
        json::write_json(&self.site.accounts, self.portfolio, &self.site.config, out)
    }

    /// `data/history.json` (SPEC v2 §12).
    pub fn history_json(&self) -> String {
        history::to_json(&self.site.accounts, self.portfolio)
    }
}

/// How a shortcode's fragment is identified on its page (so two embeds get distinct ids).
pub fn fragment_id(prefix: &str, shortcode: Shortcode, occurrence: usize) -> String {
    format!("{prefix}-{}-{occurrence}", shortcode.name())
}

#[cfg(test)]
mod tests;
