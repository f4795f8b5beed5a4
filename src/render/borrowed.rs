//! What many pages borrow from the view, digested and made into template values once per
//! build with a cache (`serve`; a build without one keeps neither, see
//! [`Borrowed::value`]): a row is on its list page, its segment's, its manager's and its tags' pages, and
//! so are an account's actions and alerts; every account page's position chart holds the
//! whole portfolio.
//!
//! Rows, actions and alerts are found by their place in the view's lists, which the view
//! neither moves nor changes while it renders: a slot per item, filled on first use, with
//! no lock and no hashing. At 10,000 accounts `serve` looks up some 300,000 of them per
//! rebuild, and a map keyed by address under a lock was the costliest part of the pages
//! step.
//!
//! Not here: the pages' own fingerprints (`pages`), or what is kept between builds
//! (`cache`).

use std::collections::HashMap;
use std::fmt::Write as _;
use std::sync::{Arc, Mutex, OnceLock};

use serde::Serialize;

use crate::render::cache::{Cache, Fingerprint};
use crate::view::SiteView;
use crate::view::account::AccountRow;
use crate::view::alerts::AccountAlerts;
use crate::view::attention::DueView;
use crate::view::shared::Shared;

/// Which kind of borrowed value a digest is of.
#[derive(Clone, Copy, PartialEq, Eq, Hash)]
pub(super) enum Part {
    Row,
    Due,
    Alerts,
}

/// A kind of item group pages list.
/// Equal items must serialise alike (see [`crate::view::account::Exact`]).
pub(super) trait Listed: Serialize + PartialEq + Sized {
    const PART: Part;

    /// Which of the view's lists of this kind holds the item.
    fn list(&self) -> usize {
        0
    }

    fn slots<'b, 'v>(borrowed: &'b Borrowed<'v>) -> &'b Slots<'v, Self>;

    /// The view's lists of this kind, in the order [`Listed::list`] counts them.
    fn lists(shared: &Shared) -> Vec<&[Self]>;
}

impl Listed for AccountRow {
    const PART: Part = Part::Row;

    fn slots<'b, 'v>(borrowed: &'b Borrowed<'v>) -> &'b Slots<'v, Self> {
        &borrowed.rows
    }

    fn lists(shared: &Shared) -> Vec<&[Self]> {
        vec![&shared.rows]
    }
}

impl Listed for DueView {
    const PART: Part = Part::Due;

    /// Each account's live actions are a list of their own.
    fn list(&self) -> usize {
        self.account_index()
    }

    fn slots<'b, 'v>(borrowed: &'b Borrowed<'v>) -> &'b Slots<'v, Self> {
        &borrowed.due
    }

    fn lists(shared: &Shared) -> Vec<&[Self]> {
        shared.actions.live_lists().collect()
    }
}

impl Listed for AccountAlerts {
    const PART: Part = Part::Alerts;

    fn slots<'b, 'v>(borrowed: &'b Borrowed<'v>) -> &'b Slots<'v, Self> {
        &borrowed.alerts
    }

    fn lists(shared: &Shared) -> Vec<&[Self]> {
        vec![&shared.alert_groups]
    }
}

/// The view's lists of one kind of item, with a slot for each item's digest and template
/// value.
pub(super) struct Slots<'v, T> {
    lists: Vec<&'v [T]>,
    /// Where each list's slots begin.
    starts: Vec<usize>,
    digests: Vec<OnceLock<u128>>,
    values: Vec<OnceLock<tera::Value>>,
    /// The last build's lists of this kind and the digests it made of them.
    before: Option<(Vec<&'v [T]>, &'v Digests)>,
}

/// The digests one build made of one kind of item, slot by slot.
#[derive(Default)]
pub(super) struct Digests {
    starts: Vec<usize>,
    digests: Vec<Option<u128>>,
}

/// What a build's digests were made of, kept for the next build: an item in the same
/// place of the same list that is equal to the one before has the digest it had. In
/// `serve`, an edit of one account changes a few of some 60,000 items at 10,000 accounts,
/// and digesting them all again was a sixth of a rebuild's work.
pub(super) struct Earlier {
    shared: Arc<Shared>,
    rows: Digests,
    due: Digests,
    alerts: Digests,
}

impl<'v, T: Listed> Slots<'v, T> {
    /// Without `keeping` (a build without a cache, which neither digests nor keeps
    /// values) the lists have no slots.
    fn new(lists: Vec<&'v [T]>, earlier: Option<(&'v Shared, &'v Digests)>, keeping: bool) -> Self {
        let mut starts = Vec::with_capacity(lists.len());
        let mut total = 0;
        for list in &lists {
            starts.push(total);
            total += list.len();
        }
        if !keeping {
            total = 0;
        }
        Slots {
            lists,
            starts,
            digests: (0..total).map(|_| OnceLock::new()).collect(),
            values: (0..total).map(|_| OnceLock::new()).collect(),
            before: earlier.map(|(shared, digests)| (T::lists(shared), digests)),
        }
    }

    /// The item's list and place in it, when it is one of the view's items (and not a
    /// copy).
    fn place(&self, item: &T) -> Option<(usize, usize)> {
        let list = item.list();
        let items = *self.lists.get(list)?;
        let size = std::mem::size_of::<T>();
        let offset = (std::ptr::from_ref(item) as usize).checked_sub(items.as_ptr() as usize)?;
        let place = offset.checked_div(size)?;
        let found = items.get(place)?;
        std::ptr::eq(found, item).then_some((list, place))
    }

    /// The item's place and slot, when it is one of the view's items and the lists have
    /// slots.
    fn slot(&self, item: &T) -> Option<((usize, usize), usize)> {
        let place @ (list, index) = self.place(item)?;
        let slot = self.starts[list] + index;
        (slot < self.values.len()).then_some((place, slot))
    }

    /// The digest the last build made of the item in the same place, when that item is the
    /// same as this one.
    fn earlier(&self, item: &T, (list, place): (usize, usize)) -> Option<u128> {
        let (lists, digests) = self.before.as_ref()?;
        let before = lists.get(list)?.get(place)?;
        let digest = (*digests.digests.get(digests.starts.get(list)? + place)?)?;
        // Equal items serialise to the same text, and so have the same digest.
        (std::ptr::eq(item, before) || item == before).then_some(digest)
    }

    fn digests(&self) -> Digests {
        Digests {
            starts: self.starts.clone(),
            digests: self
                .digests
                .iter()
                .map(|digest| digest.get().copied())
                .collect(),
        }
    }
}

pub(super) struct Borrowed<'v> {
    /// Digests of big chart inputs by address and length: the matrix's bubbles, which
    /// every account page shares, and the Pareto chart's accounts, which the portfolio
    /// page and the handbook share. Two slices alive at once have different addresses
    /// unless they are empty, and every empty slice has the same digest.
    points: Mutex<HashMap<(usize, usize), u128>>,
    rows: Slots<'v, AccountRow>,
    due: Slots<'v, DueView>,
    alerts: Slots<'v, AccountAlerts>,
}

fn digest_of(cache: &Cache, value: &impl Serialize) -> u128 {
    let mut own = cache.fingerprint();
    let _ = serde_json::to_writer(&mut own, value);
    own.finish()
}

impl<'v> Borrowed<'v> {
    /// The view's items, with the digests `earlier` (the last build's) made of them.
    /// Without `keeping` (no cache), no digest or value is kept: the lists get no slots.
    pub(super) fn new(view: &'v SiteView<'_>, earlier: Option<&'v Earlier>, keeping: bool) -> Self {
        let shared = &*view.shared;
        let before = |digests: fn(&'v Earlier) -> &'v Digests| {
            earlier.map(|earlier| (&*earlier.shared, digests(earlier)))
        };
        Borrowed {
            points: Mutex::default(),
            rows: Slots::new(
                AccountRow::lists(shared),
                before(|earlier| &earlier.rows),
                keeping,
            ),
            due: Slots::new(
                DueView::lists(shared),
                before(|earlier| &earlier.due),
                keeping,
            ),
            alerts: Slots::new(
                AccountAlerts::lists(shared),
                before(|earlier| &earlier.alerts),
                keeping,
            ),
        }
    }

    /// This build's digests, for the next build to take over.
    pub(super) fn earlier(&self, view: &SiteView<'_>) -> Earlier {
        Earlier {
            shared: Arc::clone(&view.shared),
            rows: self.rows.digests(),
            due: self.due.digests(),
            alerts: self.alerts.digests(),
        }
    }

    /// Adds the digest of each item, and how many there are.
    pub(super) fn add_all<T: Listed>(
        &self,
        fingerprint: &mut Fingerprint,
        cache: &Cache,
        items: &[&T],
    ) {
        fingerprint.add(&items.len().to_le_bytes());
        for item in items {
            fingerprint.add(&self.digest(cache, *item).to_le_bytes());
        }
        fingerprint.end_part();
    }

    fn digest<T: Listed>(&self, cache: &Cache, item: &T) -> u128 {
        let slots = T::slots(self);
        match slots.slot(item) {
            Some((place, slot)) => *slots.digests[slot].get_or_init(|| {
                slots
                    .earlier(item, place)
                    .unwrap_or_else(|| digest_of(cache, item))
            }),
            None => digest_of(cache, item),
        }
    }

    /// The template value of each item; `None` when one cannot be made.
    pub(super) fn values<T: Listed>(
        &self,
        cache: Option<&Cache>,
        items: &[&T],
    ) -> Option<Vec<tera::Value>> {
        items.iter().map(|item| self.value(cache, *item)).collect()
    }

    /// An item's template value: made once per build, and with a cache, taken over from
    /// the last build that made one of the same digest (in `serve`, the rows of a list
    /// page are nearly all unchanged when it is rendered again).
    fn value<T: Listed>(&self, cache: Option<&Cache>, item: &T) -> Option<tera::Value> {
        let make = || tera::Value::try_from_serializable(item).ok();
        // Without a cache, nothing is kept for the rest of the build. At 10,000 accounts,
        // keeping the actions' values saved 70 ms and cost 50 MB of peak memory. The rows'
        // (each on four or five list pages, which come last) held 10-20 MiB at the build's
        // peak; making them again costs 1.7% more instructions.
        let Some(cache) = cache else {
            return make();
        };
        let slots = T::slots(self);
        let slot = slots.slot(item).map(|(_, slot)| slot);
        if let Some(value) = slot.and_then(|slot| slots.values[slot].get()) {
            return Some(value.clone());
        }
        let digest = self.digest(cache, item);
        let value = match cache.value(T::PART, digest) {
            Some(value) => value,
            None => {
                let value = make()?;
                cache.keep_value(T::PART, digest, value.clone());
                value
            }
        };
        if let Some(slot) = slot {
            let _ = slots.values[slot].set(value.clone());
        }
        Some(value)
    }

    /// The digest of a chart's items, made on first use. Made outside the lock: the
    /// other thread may digest the same items meanwhile, which costs time but gives the
    /// same digest.
    pub(super) fn points<T: std::fmt::Debug>(&self, cache: &Cache, points: &[T]) -> u128 {
        let key = (points.as_ptr() as usize, points.len());
        let known = lock(&self.points).get(&key).copied();
        known.unwrap_or_else(|| {
            let mut fingerprint = cache.fingerprint();
            let _ = write!(fingerprint, "{points:?}");
            let digest = fingerprint.finish();
            lock(&self.points).insert(key, digest);
            digest
        })
    }
}

/// Entries are inserted whole, so a panic elsewhere cannot leave one half-written.
fn lock<T>(mutex: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    mutex
        .lock()
        .unwrap_or_else(|poisoned| poisoned.into_inner())
}
