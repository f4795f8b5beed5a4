//! The portfolio page (`index.html`): counts, what needs attention now, the matrix, every
//! account, the value chain, the Pareto chart, plan status, alerts and the managers.
//!
//! Not here: the rows, counts and alert groups themselves (`shared`), chart inputs
//! (`charts`).

use std::collections::BTreeMap;

use serde::Serialize;

use crate::amount::approx;
use crate::view::account::AccountRow;
use crate::view::alerts::AccountAlerts;
use crate::view::attention::DueView;
use crate::view::calendar::CalendarLink;
use crate::view::charts::{ChartView, Numbers};
use crate::view::lists::{ListScope, MoreView};
use crate::view::shared::{Count, Counts};
use crate::view::{Base, SiteView, urls};

#[derive(Serialize)]
pub struct PortfolioPage<'v> {
    #[serde(flatten)]
    pub base: Base,
    pub summary: String,
    pub due_intro: String,
    pub pareto_intro: String,
    pub accounts_caption: String,
    pub counts: &'v Counts,
    pub rows: Vec<&'v AccountRow>,
    /// Accounts still to be scored, which the matrix leaves out.
    pub unscored: Vec<AccountRow>,
    /// The actions that need attention.
    pub due: Vec<&'v DueView>,
    pub alert_groups: &'v [AccountAlerts],
    pub managers: Vec<Count>,
    /// The calendar of every live action and open objective (SPEC v2 §14).
    pub calendar: Option<CalendarLink>,
    /// Every person's calendar, so that an owner of actions who manages no account (and
    /// so has no page) still finds theirs.
    pub calendars: Vec<PersonCalendar>,
    pub charts: BTreeMap<&'static str, ChartView<'v>>,
    /// Past one page of accounts: what the page leaves out, and the list pages.
    pub more: Option<MoreView>,
    /// Movement since the comparison date and the stale plans (SPEC v2 §12, §6).
    pub history: crate::view::review::HistorySection,
}

/// One person's calendar in the list of all of them.
#[derive(Serialize, Debug, Clone)]
pub struct PersonCalendar {
    pub name: String,
    pub url: String,
}

impl SiteView<'_> {
    pub(super) fn portfolio_page(&self, path: &str) -> PortfolioPage<'_> {
        let (site, portfolio, shared, labels) =
            (self.site, self.portfolio, &self.shared, &self.labels);
        let config = &site.config;
        let format = labels.format;
        let alert_total: usize = portfolio
            .accounts
            .iter()
            .map(|analysis| analysis.alerts.len())
            .sum();
        let year = portfolio
            .reference_year
            .map_or_else(|| "–".to_string(), |year| year.to_string());
        let summary = labels.fill(
            "portfolio.summary",
            &[
                ("count", &labels.count("key_accounts", site.accounts.len())),
                ("revenue", &format.money(portfolio.totals.revenue)),
                ("year", &year),
                ("alerts", &labels.count("alerts", alert_total)),
                ("due", &labels.count("actions", shared.attention_total)),
            ],
        );
        let managers = self
            .shared
            .managers
            .names()
            .map(|name| Count {
                key: name.to_string(),
                label: name.to_string(),
                count: self.manager_indices(name).len(),
                url: self.shared.managers.page(name),
            })
            .collect();
        // The table of all accounts holds the matrix's and the Pareto chart's numbers.
        let mut charts = BTreeMap::new();
        charts.insert(
            "matrix",
            self.charts.matrix(
                &shared.rows,
                &shared.all_indices,
                &urls::root_for(path),
                "matrix-chart",
                Numbers::In("accounts-table"),
            ),
        );
        charts.insert(
            "pareto",
            self.charts
                .pareto(&shared.rows, "pareto-chart", Numbers::In("accounts-table")),
        );
        charts.insert("rag", self.charts.rag_counts("rag-chart"));
        let more = self.more(
            ListScope::All,
            site.accounts.len(),
            shared.attention_total,
            shared.alert_groups.len(),
        );
        let rows = shared.by_revenue_top(
            &shared.all_indices,
            MoreView::shown(&more, shared.all_indices.len()),
        );
        charts.insert(
            "chain",
            self.charts
                .chain(&shared.rows, &urls::root_for(path), "chain-chart"),
        );
        PortfolioPage {
            base: Base::new(
                path,
                "portfolio",
                "portfolio",
                labels.strings.get("portfolio.title"),
            ),
            summary,
            due_intro: labels.fill(
                "portfolio.due_intro",
                &[
                    ("days", &config.plan.due_soon_days.to_string()),
                    ("today", &format.date(portfolio.today)),
                ],
            ),
            pareto_intro: labels.fill(
                "portfolio.pareto_intro",
                &[
                    (
                        "a",
                        &format.percent(approx(config.segmentation.abc_cutoffs[0])),
                    ),
                    (
                        "b",
                        &format.percent(approx(config.segmentation.abc_cutoffs[1])),
                    ),
                ],
            ),
            accounts_caption: labels.fill("portfolio.accounts_caption", &[("year", &year)]),
            counts: &shared.counts,
            rows,
            unscored: shared.unscored(portfolio),
            due: shared.attention(MoreView::shown(&more, shared.attention_total)),
            alert_groups: &shared.alert_groups[..MoreView::shown(&more, shared.alert_groups.len())],
            managers,
            calendar: self.calendar_link(None),
            calendars: self
                .shared
                .people
                .all()
                .map(|(_, name, url)| PersonCalendar {
                    name: name.to_string(),
                    url,
                })
                .collect(),
            charts,
            more,
            history: self.history_section(),
        }
    }
}
