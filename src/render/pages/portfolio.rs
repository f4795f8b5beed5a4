//! The portfolio page (`index.html`): counts, what needs doing now, the matrix, every
//! account, the Pareto chart, plan status and alerts.

use std::collections::BTreeMap;

use super::facts::Count;
use super::{Pages, base_context};
use crate::render::charts::Numbers;

impl Pages<'_> {
    pub(super) fn portfolio_page(&self) {
        let (site, portfolio, facts) = (self.site, self.portfolio, self.facts);
        let config = &site.config;
        let strings = self.labels.strings;
        let format = self.labels.format;
        let mut context = base_context("portfolio", "portfolio", strings.get("portfolio.title"));
        let alert_total: usize = portfolio
            .accounts
            .iter()
            .map(|analysis| analysis.alerts.len())
            .sum();
        let year = portfolio
            .reference_year
            .map_or_else(|| "–".to_string(), |year| year.to_string());
        context.insert(
            "summary",
            &strings.fill(
                "portfolio.summary",
                &[
                    ("count", &site.accounts.len().to_string()),
                    ("revenue", &format.money(portfolio.totals.revenue)),
                    ("year", &year),
                    ("alerts", &alert_total.to_string()),
                    ("due", &facts.urgent.len().to_string()),
                ],
            ),
        );
        context.insert(
            "due_intro",
            &strings.fill(
                "portfolio.due_intro",
                &[
                    ("days", &config.plan.due_soon_days.to_string()),
                    ("today", &format.date(portfolio.today)),
                ],
            ),
        );
        context.insert(
            "pareto_intro",
            &strings.fill(
                "portfolio.pareto_intro",
                &[
                    ("a", &format.percent(config.segmentation.abc_cutoffs[0])),
                    ("b", &format.percent(config.segmentation.abc_cutoffs[1])),
                ],
            ),
        );
        context.insert(
            "accounts_caption",
            &strings.fill("portfolio.accounts_caption", &[("year", &year)]),
        );
        context.insert("counts", &facts.counts);
        context.insert("rows", &facts.by_revenue(&facts.all_indices));
        context.insert("due", &facts.urgent);
        context.insert("alert_groups", &facts.alert_groups);
        let managers: Vec<Count> = facts
            .manager_slugs
            .keys()
            .map(|name| Count {
                key: name.to_string(),
                label: name.to_string(),
                count: site
                    .accounts
                    .iter()
                    .filter(|account| account.manager == *name)
                    .count(),
                url: facts.manager_url(name),
            })
            .collect();
        context.insert("managers", &managers);
        // The table of all accounts holds the matrix's and the Pareto chart's numbers.
        let mut charts = BTreeMap::new();
        charts.insert(
            "matrix",
            self.charts.matrix(
                &facts.all_indices,
                "",
                "matrix-chart",
                Numbers::In("accounts-table"),
            ),
        );
        charts.insert(
            "pareto",
            self.charts
                .pareto("pareto-chart", Numbers::In("accounts-table")),
        );
        charts.insert("rag", self.charts.rag_counts("rag-chart"));
        context.insert("charts", &charts);
        self.renderer.page("index.html", "index.html", context);
    }
}
