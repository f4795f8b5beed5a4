//! Big groups of accounts, split so that no page grows with the portfolio. A portfolio,
//! segment, manager or tag page with more than [`PAGE_ROWS`] accounts shows the largest
//! [`TOP_ROWS`] of them (and the first of its actions and alerts), and links to list pages
//! that hold every account of the group in revenue-rank order, [`PAGE_ROWS`] to a page,
//! each with those accounts' open actions and alerts. Plain links: it works without
//! JavaScript and from disk.
//!
//! Not here: the rows, actions and alerts themselves (`shared`, `attention`), nor the
//! group pages' own content (`groups`, `portfolio`).

use serde::Serialize;

use crate::analysis::scores::Quadrant;
use crate::view::groups::GroupPage;
use crate::view::{Base, PageId, SiteView, urls};

/// The most accounts one page lists in full.
pub const PAGE_ROWS: usize = 250;
/// How many of a big group's accounts, actions and alert groups its own page shows.
pub const TOP_ROWS: usize = 100;

/// The group a list page belongs to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ListScope {
    All,
    Segment(Quadrant),
    /// Position among the managers in name order.
    Manager(usize),
    /// Position among the tags in name-key order.
    Tag(usize),
}

/// What a big group's page leaves out, and the list pages that hold it.
#[derive(Serialize, Debug, Clone)]
pub struct MoreView {
    pub accounts_text: String,
    /// Set when the page shows only the first open actions.
    pub due_text: Option<String>,
    /// Set when the page shows only the first accounts with alerts.
    pub alerts_text: Option<String>,
    pub pages: Vec<ListLink>,
}

#[derive(Serialize, Debug, Clone)]
pub struct ListLink {
    pub label: String,
    pub url: String,
    pub current: bool,
}

/// A list page's place: its group and the page's range.
#[derive(Serialize, Debug, Clone)]
pub struct ListPlace {
    pub group: String,
    pub group_url: String,
    pub range: String,
}

impl MoreView {
    /// How many of a list of `len` items a page with this `more` shows: the top of a big
    /// group's lists, or every item of a group that fits one page.
    pub fn shown(more: &Option<MoreView>, len: usize) -> usize {
        if more.is_some() {
            len.min(TOP_ROWS)
        } else {
            len
        }
    }
}

impl SiteView<'_> {
    /// The group's accounts in revenue-rank order, sorted once per view: each of a big
    /// group's list pages takes its part of the one order (at 10,000 accounts, sorting the
    /// whole group again for each of its pages was a tenth of a rebuild's work).
    pub(super) fn scope_indices(&self, scope: ListScope) -> std::sync::Arc<[usize]> {
        let sorted = || {
            let mut indices = self.scope_members(scope);
            // Ranks are unique, so the faster unstable sort gives the same order.
            indices.sort_unstable_by_key(|&index| self.shared.rows[index].rank);
            std::sync::Arc::<[usize]>::from(indices)
        };
        let mut orders = self
            .scope_orders
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner());
        std::sync::Arc::clone(orders.entry(scope).or_insert_with(sorted))
    }

    /// The accounts of a scope, in slug order.
    fn scope_members(&self, scope: ListScope) -> Vec<usize> {
        match scope {
            ListScope::All => self.shared.all_indices.clone(),
            ListScope::Segment(quadrant) => self.shared.in_quadrant(self.portfolio, quadrant),
            ListScope::Manager(index) => self.manager_indices(self.manager_name(index)),
            ListScope::Tag(index) => self.tag_indices(index),
        }
    }

    fn scope_path(&self, scope: ListScope) -> String {
        match scope {
            ListScope::All => self.path(PageId::Portfolio),
            ListScope::Segment(quadrant) => self.path(PageId::Segment(quadrant)),
            ListScope::Manager(index) => self.path(PageId::Manager(index)),
            ListScope::Tag(index) => self.path(PageId::Tag(index)),
        }
    }

    fn scope_name(&self, scope: ListScope) -> String {
        match scope {
            ListScope::All => self.labels.strings.get("portfolio.title").to_string(),
            ListScope::Segment(quadrant) => self.labels.label("quadrant", quadrant.key()),
            ListScope::Manager(index) => self.manager_name(index).to_string(),
            ListScope::Tag(index) => self
                .shared
                .tags
                .get(index)
                .map(|(_, name)| name.to_string())
                .unwrap_or_default(),
        }
    }

    fn scopes(&self) -> Vec<ListScope> {
        let mut scopes = vec![ListScope::All];
        scopes.extend(Quadrant::ALL.into_iter().map(ListScope::Segment));
        scopes.extend((0..self.shared.managers.len()).map(ListScope::Manager));
        scopes.extend((0..self.shared.tags.len()).map(ListScope::Tag));
        scopes
    }

    /// Every list page of the site (none in a portfolio of up to [`PAGE_ROWS`] accounts).
    pub(super) fn list_pages(&self) -> Vec<PageId> {
        self.scopes()
            .into_iter()
            .flat_map(|scope| {
                // Only counted: sorting by rank would be wasted here.
                let count = self.scope_members(scope).len();
                let pages = if count > PAGE_ROWS {
                    count.div_ceil(PAGE_ROWS)
                } else {
                    0
                };
                (1..=pages).map(move |number| PageId::List(scope, number))
            })
            .collect()
    }

    pub(super) fn list_path(&self, scope: ListScope, number: usize) -> String {
        urls::list_page(&self.scope_path(scope), number)
    }

    fn range_text(&self, number: usize, count: usize) -> String {
        let from = (number - 1) * PAGE_ROWS + 1;
        let to = (number * PAGE_ROWS).min(count);
        self.labels.fill(
            "lists.range",
            &[("from", &from.to_string()), ("to", &to.to_string())],
        )
    }

    /// The links to every list page of a group of `count` accounts.
    fn list_links(&self, scope: ListScope, count: usize, current: usize) -> Vec<ListLink> {
        (1..=count.div_ceil(PAGE_ROWS))
            .map(|number| ListLink {
                label: self.range_text(number, count),
                url: self.list_path(scope, number),
                current: number == current,
            })
            .collect()
    }

    /// What a big group's page leaves out when it shows only the top [`TOP_ROWS`] of its
    /// accounts, open actions and alert groups (the caller cuts them); `None` for a group
    /// that fits one page.
    pub(super) fn more(
        &self,
        scope: ListScope,
        count: usize,
        due_total: usize,
        alerts_total: usize,
    ) -> Option<MoreView> {
        if count <= PAGE_ROWS {
            return None;
        }
        let hidden = |total: usize, key: &str| {
            (total > TOP_ROWS).then(|| {
                self.labels.fill(
                    key,
                    &[
                        ("shown", &TOP_ROWS.to_string()),
                        ("total", &total.to_string()),
                    ],
                )
            })
        };
        Some(MoreView {
            accounts_text: self.labels.fill(
                "lists.accounts_shown",
                &[
                    ("shown", &TOP_ROWS.to_string()),
                    ("count", &self.labels.count("key_accounts", count)),
                ],
            ),
            due_text: hidden(due_total, "lists.due_hidden"),
            alerts_text: hidden(alerts_total, "lists.alerts_hidden"),
            pages: self.list_links(scope, count, 0),
        })
    }

    /// One page of a big group's complete list.
    pub(super) fn list_page(&self, path: &str, scope: ListScope, number: usize) -> GroupPage<'_> {
        let indices = self.scope_indices(scope);
        let count = indices.len();
        let start = ((number.max(1) - 1) * PAGE_ROWS).min(count);
        let chunk = &indices[start..(start + PAGE_ROWS).min(count)];
        let group = self.scope_name(scope);
        let range = self.range_text(number, count);
        let title = self.labels.fill(
            "lists.title",
            &[
                ("group", &group),
                ("range", &range),
                ("count", &self.labels.count("key_accounts", count)),
            ],
        );
        let caption = self.labels.fill("lists.caption", &[("range", &range)]);
        let mut page =
            self.group_page(Base::new(path, "list", "portfolio", &title), chunk, caption);
        page.list = Some(ListPlace {
            group,
            group_url: self.scope_path(scope),
            range,
        });
        page.more = Some(MoreView {
            accounts_text: title,
            due_text: None,
            alerts_text: None,
            pages: self.list_links(scope, count, number),
        });
        page
    }
}
