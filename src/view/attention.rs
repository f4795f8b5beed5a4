//! Actions across accounts, as the lists of "what needs doing" show them: the actions that
//! need attention (SPEC v2 §6, decided once in `analysis::plan` as
//! [`ActionState::needs_attention`]) and the open (live) actions of a group of accounts.
//! Both lists run by due date, then account slug, then position in the account's file.
//!
//! Not here: which action is overdue, due soon or blocked (`analysis::plan`).

use rayon::prelude::*;
use serde::Serialize;
use time::Date;

use std::sync::Arc;

use crate::analysis::plan::{ActionState, is_live};
use crate::analysis::{AccountAnalysis, Portfolio};
use crate::content::model::{Action, Site};
use crate::view::account::{ActionView, action_view};
use crate::view::labels::Labels;
use crate::view::urls;

/// An action with the account it belongs to.
#[derive(Serialize, Clone, Debug, PartialEq)]
pub struct DueView {
    pub account: String,
    pub account_url: String,
    #[serde(flatten)]
    pub action: ActionView,
    #[serde(skip)]
    order: (Date, usize, usize),
    #[serde(skip)]
    needs_attention: bool,
}

/// The live actions of every account, built once; lists pick from it.
pub struct Actions {
    /// Per account (index-aligned with `Site::accounts`), its live actions in file order.
    /// Shared with the next build's view, which takes an unchanged account's list over.
    live: Vec<Arc<[DueView]>>,
    /// Every live action in list order, as (account index, place in its `live` list): the
    /// top of a big group's list is the first of its actions met walking this.
    in_order: Vec<(usize, usize)>,
}

impl DueView {
    /// The index of the action's account in `Site::accounts`.
    pub fn account_index(&self) -> usize {
        self.order.1
    }
}

impl Actions {
    /// Each account's live actions, index-aligned with `Site::accounts`: the lists that
    /// group pages borrow from.
    pub fn live_lists(&self) -> impl Iterator<Item = &[DueView]> {
        self.live.iter().map(|actions| &actions[..])
    }

    /// One account's live actions, when it is at `index`.
    pub fn live_of(&self, index: usize) -> Option<&Arc<[DueView]>> {
        self.live.get(index)
    }

    /// Every account's live actions, each taken from `earlier` (given the account's place and
    /// analysis) where it has them as they were.
    pub fn new<'e>(
        site: &Site,
        portfolio: &Portfolio,
        labels: &Labels,
        earlier: impl Fn(usize, &Arc<AccountAnalysis>) -> Option<&'e Arc<[DueView]>> + Sync,
    ) -> Actions {
        let live = site
            .accounts
            .par_iter()
            .zip(&portfolio.accounts)
            .enumerate()
            .map(|(index, (account, analysis))| {
                if let Some(kept) = earlier(index, analysis) {
                    return Arc::clone(kept);
                }
                let url = urls::account(&account.slug);
                account
                    .actions
                    .iter()
                    .zip(&analysis.plan.actions)
                    .enumerate()
                    .filter(|(_, (action, _))| is_live(action.status))
                    .map(|(position, (action, state))| {
                        due_view(
                            labels,
                            &account.name,
                            &url,
                            action,
                            state,
                            (index, position),
                        )
                    })
                    .collect()
            })
            .collect::<Vec<Arc<[DueView]>>>();
        let mut in_order: Vec<(usize, usize)> = live
            .iter()
            .enumerate()
            .flat_map(|(index, actions)| (0..actions.len()).map(move |slot| (index, slot)))
            .collect();
        // No two actions share an order, so the unstable sort gives the one order there is.
        in_order.par_sort_unstable_by_key(|&(index, slot)| live[index][slot].order);
        Actions { live, in_order }
    }

    /// The first `limit` actions of some accounts that need attention, borrowed, and how
    /// many there are in all.
    pub fn needing_attention_top(&self, indices: &[usize], limit: usize) -> (usize, Vec<&DueView>) {
        self.select_top(indices, |item| item.needs_attention, limit)
    }

    /// The first `limit` live actions of some accounts, borrowed, and how many there are in
    /// all.
    pub fn open_top(&self, indices: &[usize], limit: usize) -> (usize, Vec<&DueView>) {
        self.select_top(indices, |_| true, limit)
    }

    /// Borrowed and cut to `limit`: a big group's page shows the top of a list of tens of
    /// thousands of actions, and serialises the ones it shows as they are.
    fn select_top(
        &self,
        indices: &[usize],
        keep: impl Fn(&DueView) -> bool,
        limit: usize,
    ) -> (usize, Vec<&DueView>) {
        let total = indices
            .iter()
            .filter_map(|&index| self.live.get(index))
            .map(|actions| actions.iter().filter(|item| keep(item)).count())
            .sum();
        // A group of an eighth of the portfolio or more meets its first `limit` actions
        // within some eight times `limit` steps of the whole list in order, where gathering
        // and picking from its own actions reads each of them (tens of thousands, for the
        // portfolio's pages).
        if limit < total && indices.len().saturating_mul(8) >= self.live.len() {
            let mut member = vec![false; self.live.len()];
            for &index in indices {
                if let Some(slot) = member.get_mut(index) {
                    *slot = true;
                }
            }
            let list = self
                .in_order
                .iter()
                .filter(|&&(index, _)| member[index])
                .map(|&(index, slot)| &self.live[index][slot])
                .filter(|item| keep(item))
                .take(limit)
                .collect();
            return (total, list);
        }
        let mut list: Vec<&DueView> = indices
            .iter()
            .filter_map(|&index| self.live.get(index))
            .flat_map(|actions| actions.iter())
            .filter(|item| keep(item))
            .collect();
        // No two actions share an order: it holds the account (whose index orders accounts
        // by slug) and the action's place in its file.
        crate::view::shared::keep_first(&mut list, limit, |item| item.order);
        (total, list)
    }
}

fn due_view(
    labels: &Labels,
    account: &str,
    url: &str,
    action: &Action,
    state: &ActionState,
    (index, position): (usize, usize),
) -> DueView {
    DueView {
        account: account.to_string(),
        account_url: url.to_string(),
        action: action_view(labels, action, state),
        order: (action.due, index, position),
        needs_attention: state.needs_attention,
    }
}
