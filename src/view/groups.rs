//! Pages for groups of accounts: one per portfolio-matrix quadrant, one per key account
//! manager, one per tag. Each lists its accounts, their open actions and their alerts.
//!
//! Not here: the rows, actions and alerts themselves (`shared`, `attention`).

use std::collections::BTreeMap;

use serde::Serialize;

use crate::amount::Amount;
use crate::analysis::scores::Quadrant;
use crate::view::account::AccountRow;
use crate::view::alerts::AccountAlerts;
use crate::view::attention::DueView;
use crate::view::calendar::CalendarLink;
use crate::view::charts::{ChartView, Numbers};
use crate::view::lists::{ListPlace, ListScope, MoreView};
use crate::view::shared::Count;
use crate::view::{Base, SiteView, urls};

#[derive(Serialize, Debug)]
pub struct QuadrantView {
    pub key: &'static str,
    pub label: String,
    pub help: String,
    pub count: usize,
    /// The count with its noun in the right number: "1 key account", "3 key accounts".
    pub counted: String,
}

#[derive(Serialize, Debug)]
pub struct ManagerView {
    pub name: String,
    pub slug: String,
    pub summary: String,
    /// The manager's calendar of actions and objectives (SPEC v2 §14).
    pub calendar: Option<CalendarLink>,
}

#[derive(Serialize, Debug)]
pub struct TagView {
    pub name: String,
    pub summary: String,
}

/// A segment page (with `quadrant`, `quadrants` and a matrix), a manager page (with
/// `manager`) or a tag page (with `tag`).
#[derive(Serialize)]
pub struct GroupPage<'v> {
    #[serde(flatten)]
    pub base: Base,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub quadrant: Option<QuadrantView>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub quadrants: Option<&'v [Count]>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub manager: Option<ManagerView>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub tag: Option<TagView>,
    pub rows: Vec<&'v AccountRow>,
    /// Every open action of the group's accounts.
    pub due: Vec<&'v DueView>,
    pub alert_groups: Vec<&'v AccountAlerts>,
    pub accounts_caption: String,
    pub charts: BTreeMap<&'static str, ChartView<'v>>,
    /// A big group's page: what it leaves out and its list pages; a list page: the pages.
    pub more: Option<MoreView>,
    /// Set on a list page: the group it belongs to.
    pub list: Option<ListPlace>,
}

impl SiteView<'_> {
    pub(super) fn group_page(
        &self,
        base: Base,
        indices: &[usize],
        accounts_caption: String,
    ) -> GroupPage<'_> {
        self.group_page_top(base, indices, accounts_caption, usize::MAX)
            .0
    }

    /// [`SiteView::group_page`] with each list cut to its first `limit` items; also how
    /// many actions and alert groups there are in all.
    fn group_page_top(
        &self,
        base: Base,
        indices: &[usize],
        accounts_caption: String,
        limit: usize,
    ) -> (GroupPage<'_>, usize, usize) {
        let (due_total, due) = self.shared.actions.open_top(indices, limit);
        let (alerts_total, alert_groups) = self.shared.alerts_top(indices, limit);
        let page = GroupPage {
            base,
            quadrant: None,
            quadrants: None,
            manager: None,
            tag: None,
            rows: self.shared.by_revenue_top(indices, limit),
            due,
            alert_groups,
            accounts_caption,
            charts: BTreeMap::new(),
            more: None,
            list: None,
        };
        (page, due_total, alerts_total)
    }

    /// A group's page of its own: past [`lists::PAGE_ROWS`](crate::view::lists::PAGE_ROWS)
    /// accounts, only the top of each list, and links to the list pages. Only that top is
    /// copied out of the shared rows: a segment of thousands would otherwise copy them all.
    fn whole_group_page(
        &self,
        base: Base,
        scope: ListScope,
        indices: &[usize],
        accounts_caption: String,
    ) -> GroupPage<'_> {
        let limit = if indices.len() > crate::view::lists::PAGE_ROWS {
            crate::view::lists::TOP_ROWS
        } else {
            usize::MAX
        };
        let (mut page, due_total, alerts_total) =
            self.group_page_top(base, indices, accounts_caption, limit);
        page.more = self.more(scope, indices.len(), due_total, alerts_total);
        debug_assert_eq!(page.more.is_some(), limit != usize::MAX);
        page
    }

    pub(super) fn manager_indices(&self, name: &str) -> Vec<usize> {
        self.shared
            .manager_members
            .get(&crate::names::key(name))
            .cloned()
            .unwrap_or_default()
    }

    pub(super) fn tag_indices(&self, index: usize) -> Vec<usize> {
        let (key, _) = self.shared.tags.get(index).unwrap_or_default();
        self.shared
            .tag_members
            .get(key)
            .cloned()
            .unwrap_or_default()
    }

    pub(super) fn segment_page(&self, path: &str, quadrant: Quadrant) -> GroupPage<'_> {
        let key = quadrant.key();
        let indices = self.shared.in_quadrant(self.portfolio, quadrant);
        let label = self.labels.label("quadrant", key);
        let caption = self.labels.fill("segment.caption", &[("quadrant", &label)]);
        let mut page = self.whole_group_page(
            Base::new(path, "segment", "portfolio", &label),
            ListScope::Segment(quadrant),
            &indices,
            caption,
        );
        page.charts.insert(
            "matrix",
            self.charts.matrix(
                &self.shared.rows,
                &indices,
                &urls::root_for(path),
                "matrix-chart",
                Numbers::In("accounts-table"),
            ),
        );
        page.quadrant = Some(QuadrantView {
            key,
            help: self.labels.label("quadrant_help", key),
            count: indices.len(),
            counted: self.labels.count("key_accounts", indices.len()),
            label,
        });
        page.quadrants = Some(&self.shared.counts.quadrant);
        page
    }

    pub(super) fn manager_page(&self, path: &str, index: usize) -> GroupPage<'_> {
        let name = self.manager_name(index);
        let manager = index;
        let indices = self.manager_indices(name);
        let revenue: Amount = indices
            .iter()
            .map(|&index| self.portfolio.accounts[index].economics.revenue)
            .sum();
        let caption = self.labels.fill("manager.caption", &[("name", name)]);
        let mut page = self.whole_group_page(
            Base::new(path, "manager", "portfolio", name),
            ListScope::Manager(manager),
            &indices,
            caption,
        );
        page.manager = Some(ManagerView {
            name: name.to_string(),
            slug: self.shared.managers.slug(name).to_string(),
            summary: self.labels.fill(
                "manager.summary",
                &[
                    ("count", &self.labels.count("key_accounts", indices.len())),
                    ("revenue", &self.labels.format.money(revenue)),
                ],
            ),
            calendar: self.calendar_link(Some(name)),
        });
        page
    }

    pub(super) fn tag_page(&self, path: &str, index: usize) -> GroupPage<'_> {
        let (_, name) = self.shared.tags.get(index).unwrap_or_default();
        let indices = self.tag_indices(index);
        let revenue: Amount = indices
            .iter()
            .map(|&index| self.portfolio.accounts[index].economics.revenue)
            .sum();
        let caption = self.labels.fill("tag.caption", &[("tag", name)]);
        let mut page = self.whole_group_page(
            Base::new(path, "tag", "portfolio", name),
            ListScope::Tag(index),
            &indices,
            caption,
        );
        page.tag = Some(TagView {
            name: name.to_string(),
            summary: self.labels.fill(
                "tag.summary",
                &[
                    ("count", &self.labels.count("key_accounts", indices.len())),
                    ("revenue", &self.labels.format.money(revenue)),
                ],
            ),
        });
        page
    }
}
