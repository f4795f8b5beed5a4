//! What many pages show, computed once per build: the row of every account, the alerts by
//! account, the live actions, and the portfolio's counts per quadrant, ABC class, stage and
//! plan status.
//!
//! Not here: any one page's own context (the page modules).

use std::collections::HashMap;
use std::sync::Arc;

use rayon::prelude::*;
use serde::Serialize;

use crate::analysis::scores::Quadrant;
use crate::analysis::{AccountAnalysis, Portfolio};
use crate::content::model::{Site, Stage};
use crate::view::account::{self, AccountRow};
use crate::view::alerts::{self, AccountAlerts};
use crate::view::attention::{Actions, DueView};
use crate::view::charts::MatrixPoints;
use crate::view::labels::Labels;
use crate::view::urls::{self, Managers, People, Tags};

/// One count of a tile or list: "Strategisk 4", linking where a page shows them.
#[derive(Serialize, Clone, Debug, PartialEq)]
pub struct Count {
    pub key: String,
    pub label: String,
    pub count: usize,
    pub url: String,
}

/// Counts per quadrant, ABC class, stage and plan status, for the portfolio page and the
/// `counts` shortcode.
#[derive(Serialize, Clone, Debug)]
pub struct Counts {
    pub quadrant: Vec<Count>,
    /// Accounts with no quadrant yet, when there are any (they have no segment page).
    pub unscored: Option<Count>,
    pub abc: Vec<Count>,
    pub stage: Vec<Count>,
    pub rag: Vec<Count>,
}

pub struct Shared {
    /// Index-aligned with `Site::accounts`.
    pub rows: Vec<AccountRow>,
    /// Accounts with alerts, red plans first, then by revenue.
    pub alert_groups: Vec<AccountAlerts>,
    pub actions: Actions,
    pub counts: Counts,
    /// How many actions across the portfolio need attention. The lists themselves are
    /// borrowed from `actions` as pages show them ([`Shared::attention`]): a copy of every
    /// one was some 14 MB at 10,000 accounts, held all build long for the top of a list.
    pub attention_total: usize,
    pub all_indices: Vec<usize>,
    /// The accounts of each manager and of each tag, by name key (SPEC v2 §7), in slug
    /// order: made once, where every manager's and tag's page, list and count would
    /// otherwise go through every account.
    pub manager_members: HashMap<String, Vec<usize>>,
    pub tag_members: HashMap<String, Vec<usize>>,
    pub managers: Managers,
    /// Who has a calendar (SPEC v2 §14), and its file.
    pub people: People,
    pub tags: Tags,
    /// Per account, the accounts whose `sells_to` names it (SPEC v2 §11), in slug order.
    pub upstream: Vec<Vec<usize>>,
    pub matrix: std::sync::Arc<MatrixPoints>,
}

/// Cuts `items` to the first `limit` by a key no two items share, in that order. The key
/// being unique, the faster unstable sort gives the one order there is; and a big group's
/// page shows the top hundred of thousands, which are picked before only they are sorted.
pub fn keep_first<T, K: Ord>(items: &mut Vec<T>, limit: usize, mut key: impl FnMut(&T) -> K) {
    if limit == 0 {
        items.clear();
        return;
    }
    if limit < items.len() {
        items.select_nth_unstable_by_key(limit - 1, &mut key);
        items.truncate(limit);
    }
    items.sort_unstable_by_key(key);
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

/// The accounts of each manager and of each tag, by name key, in slug order.
fn members_by_key(site: &Site) -> (HashMap<String, Vec<usize>>, HashMap<String, Vec<usize>>) {
    let mut manager_members: HashMap<String, Vec<usize>> = HashMap::new();
    let mut tag_members: HashMap<String, Vec<usize>> = HashMap::new();
    for (index, account) in site.accounts.iter().enumerate() {
        manager_members
            .entry(crate::names::key(&account.manager))
            .or_default()
            .push(index);
        for tag in &account.tags {
            let members = tag_members.entry(crate::names::key(tag)).or_default();
            // Two spellings of one tag on an account make it a member once.
            if members.last() != Some(&index) {
                members.push(index);
            }
        }
    }
    (manager_members, tag_members)
}

/// Per account, the accounts whose `sells_to` names it, in slug order.
fn upstream_of(site: &Site) -> Vec<Vec<usize>> {
    let mut upstream = vec![Vec::new(); site.accounts.len()];
    for (index, account) in site.accounts.iter().enumerate() {
        for entry in &account.sells_to {
            if let Some(customer) = crate::content::model::account_index(&site.accounts, entry) {
                upstream[customer].push(index);
            }
        }
    }
    upstream
}

/// The last build's analysis and shared view, from which an account's row and live actions
/// are taken over when its analysis is the same allocation in the same place. The analysis
/// memo shares an analysis only with a build of the same account under the same kam.toml
/// and date, and that is everything a row and a due view read besides the account's place
/// and its manager's name and page, which are compared.
#[derive(Clone, Copy)]
pub struct Earlier<'e> {
    pub portfolio: &'e Portfolio,
    pub shared: &'e Shared,
}

impl Earlier<'_> {
    /// Whether the account at `index` has the analysis it had there in the last build.
    fn same_at(&self, index: usize, analysis: &Arc<AccountAnalysis>) -> bool {
        self.portfolio
            .accounts
            .get(index)
            .is_some_and(|earlier| Arc::ptr_eq(earlier, analysis))
    }
}

impl Shared {
    pub fn new(
        site: &Site,
        portfolio: &Portfolio,
        labels: &Labels,
        earlier: Option<Earlier>,
    ) -> Shared {
        let managers = Managers::new(site);
        // The rows (each account's figures formatted) with the live actions, and the name
        // tables with the matrix, are independent: made side by side, the rows in parallel.
        let ((rows, actions), (people, tags, matrix, members, upstream)) = rayon::join(
            || {
                rayon::join(
                    || -> Vec<AccountRow> {
                        site.accounts
                            .par_iter()
                            .zip(&portfolio.accounts)
                            .enumerate()
                            .map(|(index, (account, analysis))| {
                                let manager = managers.display(&account.manager);
                                let manager_url = managers.page(&account.manager);
                                let kept = earlier
                                    .filter(|earlier| earlier.same_at(index, analysis))
                                    .and_then(|earlier| earlier.shared.rows.get(index))
                                    .filter(|row| {
                                        row.manager == manager && row.manager_url == manager_url
                                    });
                                match kept {
                                    Some(row) => row.clone(),
                                    None => account::row(
                                        labels,
                                        account,
                                        analysis,
                                        manager,
                                        manager_url,
                                    ),
                                }
                            })
                            .collect()
                    },
                    || {
                        Actions::new(site, portfolio, labels, |index, analysis| {
                            earlier
                                .filter(|earlier| earlier.same_at(index, analysis))
                                .and_then(|earlier| earlier.shared.actions.live_of(index))
                        })
                    },
                )
            },
            || {
                let ((people, tags), (matrix, (members, upstream))) = rayon::join(
                    || rayon::join(|| People::new(site), || Tags::new(site)),
                    || {
                        rayon::join(
                            || std::sync::Arc::new(MatrixPoints::new(site, portfolio)),
                            || rayon::join(|| members_by_key(site), || upstream_of(site)),
                        )
                    },
                );
                (people, tags, matrix, members, upstream)
            },
        );
        let (manager_members, tag_members) = members;
        let names: Vec<&str> = site.accounts.iter().map(|a| a.name.as_str()).collect();
        let row_urls: Vec<&str> = rows.iter().map(|row| row.url.as_str()).collect();
        let alert_groups = alerts::groups(labels, portfolio, &names, &row_urls);
        let quadrant = portfolio
            .totals
            .quadrant
            .iter()
            .map(|(quadrant, count)| Count {
                key: quadrant.key().to_string(),
                label: labels.label("quadrant", quadrant.key()),
                count: *count,
                url: urls::segment(*quadrant),
            })
            .collect();
        let stage = counts(
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
        let counts = Counts {
            quadrant,
            unscored: (portfolio.totals.unscored > 0).then(|| Count {
                key: crate::view::account::UNSCORED.to_string(),
                label: labels.label("quadrant", crate::view::account::UNSCORED),
                count: portfolio.totals.unscored,
                url: String::new(),
            }),
            abc: counts(
                portfolio
                    .totals
                    .abc
                    .iter()
                    .map(|(class, count)| (class.key(), *count)),
                str::to_string,
            ),
            stage,
            rag: counts(
                portfolio
                    .totals
                    .rag
                    .iter()
                    .map(|(rag, count)| (rag.key(), *count)),
                |key| labels.label("rag", key),
            ),
        };
        let all_indices: Vec<usize> = (0..site.accounts.len()).collect();
        let attention_total = actions.needing_attention_top(&all_indices, 0).0;
        Shared {
            people,
            tags,
            upstream,
            matrix,
            managers,
            manager_members,
            tag_members,
            rows,
            alert_groups,
            actions,
            counts,
            attention_total,
            all_indices,
        }
    }

    /// The first `limit` actions across the portfolio that need attention, in list order.
    pub fn attention(&self, limit: usize) -> Vec<&DueView> {
        self.actions
            .needing_attention_top(&self.all_indices, limit)
            .1
    }

    /// Rows of some accounts, largest revenue first.
    pub fn by_revenue(&self, indices: &[usize]) -> Vec<AccountRow> {
        self.by_revenue_top(indices, usize::MAX)
            .into_iter()
            .cloned()
            .collect()
    }

    /// The first `limit` of [`Shared::by_revenue`], borrowed: pages serialise them as they
    /// are, and a group of thousands is not copied for every page that lists it.
    pub fn by_revenue_top(&self, indices: &[usize], limit: usize) -> Vec<&AccountRow> {
        let mut selected: Vec<&AccountRow> =
            indices.iter().map(|&index| &self.rows[index]).collect();
        keep_first(&mut selected, limit, |row| row.rank);
        selected
    }

    /// The alert groups of some accounts, in the portfolio's order.
    pub fn alerts_of(&self, indices: &[usize]) -> Vec<AccountAlerts> {
        self.alerts_top(indices, usize::MAX)
            .1
            .into_iter()
            .cloned()
            .collect()
    }

    /// [`Shared::alerts_of`] cut to its first `limit` groups, borrowed, and how many there
    /// are in all.
    pub fn alerts_top(&self, indices: &[usize], limit: usize) -> (usize, Vec<&AccountAlerts>) {
        let mut member = vec![false; self.rows.len()];
        for &index in indices {
            member[index] = true;
        }
        let mut total = 0;
        let mut shown = Vec::new();
        for group in self.alert_groups.iter().filter(|group| member[group.index]) {
            total += 1;
            if shown.len() < limit {
                shown.push(group);
            }
        }
        (total, shown)
    }

    /// The accounts of one quadrant, in slug order.
    pub fn in_quadrant(&self, portfolio: &Portfolio, quadrant: Quadrant) -> Vec<usize> {
        self.all_indices
            .iter()
            .copied()
            .filter(|&index| portfolio.accounts[index].scores.quadrant == Some(quadrant))
            .collect()
    }

    /// The accounts still to be scored on one axis or both (SPEC v2 §3), in slug order.
    pub fn unscored(&self, portfolio: &Portfolio) -> Vec<AccountRow> {
        self.all_indices
            .iter()
            .filter(|&&index| portfolio.accounts[index].scores.quadrant.is_none())
            .map(|&index| self.rows[index].clone())
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::keep_first;
    use proptest::prelude::*;

    proptest! {
        /// Picking the first few by a unique key is sorting all and cutting the list.
        #[test]
        fn the_first_few_are_the_head_of_the_sorted_list(
            keys in proptest::collection::hash_set(0u32..10_000, 0..300),
            limit in 0usize..400,
        ) {
            let mut picked: Vec<u32> = keys.into_iter().collect();
            let mut sorted = picked.clone();
            sorted.sort();
            sorted.truncate(limit);
            keep_first(&mut picked, limit, |key| *key);
            prop_assert_eq!(picked, sorted);
        }
    }
}
