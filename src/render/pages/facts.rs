//! What many pages share, computed once per build: account rows, alerts grouped by
//! account, open actions, manager slugs and the portfolio's counts.

use std::collections::BTreeMap;

use serde::Serialize;
use time::Date;

use crate::analysis::Portfolio;
use crate::content::model::{Site, Stage};
use crate::render::views::{self, AccountAlerts, AccountRow, DueView, Labels};

#[derive(Serialize, Clone)]
pub struct Count {
    pub key: String,
    pub label: String,
    pub count: usize,
    pub url: String,
}

pub struct Facts<'a> {
    /// Index-aligned with `Site::accounts`.
    pub rows: Vec<AccountRow>,
    /// Accounts with alerts, red plans first, then by revenue.
    pub alert_groups: Vec<AccountAlerts>,
    /// Live actions per account, index-aligned with `Site::accounts`.
    open_actions: Vec<Vec<DueView>>,
    /// The last day an action counts as due soon.
    horizon: Date,
    /// One page per manager; two names that slugify alike get distinct slugs.
    pub manager_slugs: BTreeMap<&'a str, String>,
    pub quadrant_counts: Vec<Count>,
    /// Counts per quadrant, ABC class, stage and plan status, for the portfolio page and
    /// the `counts` shortcode.
    pub counts: serde_json::Value,
    /// Actions overdue or due soon across the portfolio, by due date.
    pub urgent: Vec<DueView>,
    pub all_indices: Vec<usize>,
}

fn manager_slugs(site: &Site) -> BTreeMap<&str, String> {
    let mut slugs: BTreeMap<&str, String> = BTreeMap::new();
    for account in &site.accounts {
        if slugs.contains_key(account.manager.as_str()) {
            continue;
        }
        let base = views::manager_slug(&account.manager);
        let mut slug = base.clone();
        let mut counter = 2;
        while slugs.values().any(|taken| *taken == slug) {
            slug = format!("{base}-{counter}");
            counter += 1;
        }
        slugs.insert(&account.manager, slug);
    }
    slugs
}

fn manager_url(slugs: &BTreeMap<&str, String>, name: &str) -> String {
    format!(
        "managers/{}/index.html",
        slugs.get(name).map_or("manager", String::as_str)
    )
}

fn counts(
    pairs: impl Iterator<Item = (&'static str, usize)>,
    label: impl Fn(&str) -> String,
) -> Vec<Count> {
    pairs
        .map(|(key, count)| Count {
            key: key.to_string(),
            label: label(key),
            count,
            url: String::new(),
        })
        .collect()
}

impl<'a> Facts<'a> {
    pub fn new(site: &'a Site, portfolio: &Portfolio, labels: &Labels) -> Facts<'a> {
        let manager_slugs = manager_slugs(site);
        let rows: Vec<AccountRow> = site
            .accounts
            .iter()
            .zip(&portfolio.accounts)
            .map(|(account, analysis)| {
                views::account_row(
                    labels,
                    account,
                    analysis,
                    manager_url(&manager_slugs, &account.manager),
                )
            })
            .collect();
        let mut order: Vec<usize> = portfolio.abc_order.clone();
        order.sort_by_key(|&index| {
            (
                portfolio.accounts[index].plan.rag,
                portfolio.accounts[index].economics.rank,
            )
        });
        let alert_groups = order
            .into_iter()
            .filter(|&index| !portfolio.accounts[index].alerts.is_empty())
            .map(|index| AccountAlerts {
                index,
                account: site.accounts[index].name.clone(),
                account_url: rows[index].url.clone(),
                rag: portfolio.accounts[index].plan.rag.key(),
                alerts: views::alerts(labels, &portfolio.accounts[index]),
            })
            .collect();
        let open_actions = site
            .accounts
            .iter()
            .zip(&portfolio.accounts)
            .map(|(account, analysis)| views::open_actions(labels, account, analysis))
            .collect();
        let quadrant_counts: Vec<Count> = portfolio
            .totals
            .quadrant
            .iter()
            .map(|(quadrant, count)| Count {
                key: quadrant.key().to_string(),
                label: labels.label("quadrant", quadrant.key()),
                count: *count,
                url: views::segment_path(quadrant.key()),
            })
            .collect();
        let stage_counts = counts(
            Stage::ALL.iter().map(|(key, stage)| {
                let count = site
                    .accounts
                    .iter()
                    .filter(|account| account.stage == *stage)
                    .count();
                (*key, count)
            }),
            |key| labels.label("stage", key),
        );
        let counts = serde_json::json!({
            "quadrant": quadrant_counts,
            "abc": counts(portfolio.totals.abc.iter().map(|(class, count)| (class.key(), *count)), str::to_string),
            "stage": stage_counts,
            "rag": counts(portfolio.totals.rag.iter().map(|(rag, count)| (rag.key(), *count)), |key| labels.label("rag", key)),
        });
        let mut facts = Facts {
            rows,
            alert_groups,
            open_actions,
            horizon: portfolio
                .today
                .saturating_add(time::Duration::days(site.config.plan.due_soon_days)),
            manager_slugs,
            quadrant_counts,
            counts,
            urgent: Vec::new(),
            all_indices: (0..site.accounts.len()).collect(),
        };
        facts.urgent = facts.actions(&facts.all_indices, true);
        facts
    }

    pub fn manager_url(&self, name: &str) -> String {
        format!(
            "managers/{}/index.html",
            self.manager_slugs
                .get(name)
                .map_or("manager", String::as_str)
        )
    }

    /// Live actions of some accounts by due date; with `urgent_only`, just those overdue or
    /// due within the window.
    pub fn actions(&self, indices: &[usize], urgent_only: bool) -> Vec<DueView> {
        let mut list: Vec<DueView> = indices
            .iter()
            .flat_map(|&index| self.open_actions[index].iter())
            .filter(|item| !urgent_only || item.due_date <= self.horizon)
            .cloned()
            .collect();
        list.sort_by(|a, b| {
            (a.due_date, &a.account, &a.action.title).cmp(&(
                b.due_date,
                &b.account,
                &b.action.title,
            ))
        });
        list
    }

    /// Rows of some accounts, largest revenue first.
    pub fn by_revenue(&self, indices: &[usize]) -> Vec<AccountRow> {
        let mut selected: Vec<AccountRow> = indices
            .iter()
            .map(|&index| self.rows[index].clone())
            .collect();
        selected.sort_by_key(|row| row.rank);
        selected
    }

    /// The alert groups of some accounts, in the portfolio's order.
    pub fn alerts_of(&self, indices: &[usize]) -> Vec<&AccountAlerts> {
        let mut member = vec![false; self.rows.len()];
        for &index in indices {
            member[index] = true;
        }
        self.alert_groups
            .iter()
            .filter(|group| member[group.index])
            .collect()
    }
}
