//! Rendered pages kept from one build to the next, so that `serve` renders again only the
//! pages whose data changed.
//!
//! A page is identified by a fingerprint of everything its bytes come from: its path, its
//! template, its context and the inputs of its charts. The templates and the values every
//! page shares (site strings, links) make the cache's epoch; a new epoch empties it. The
//! fingerprint is 128 bits of SipHash under keys drawn once per cache, so it is only ever
//! compared within one process.
//!
//! Not here: what a page shows (`view`), or drawing (`charts`).

use std::collections::{HashMap, HashSet};
use std::hash::{BuildHasher, Hasher, RandomState};
use std::sync::{Arc, Mutex};

use super::borrowed::{Earlier, Part};
use crate::view::inputs::{AccountInputs, KeptInputs};

/// Shared between builds; safe to use from the renderer's threads.
pub struct Cache {
    keys: [RandomState; 2],
    state: Mutex<State>,
    /// The search index, which holds every document's text and is patched, not fingerprinted.
    search: crate::view::search::Cache,
    /// Each account's calendar events.
    calendars: crate::view::calendar::Memo,
    /// Each account's part of portfolio.json.
    portfolio_json: crate::view::json::Memo,
}

impl Default for Cache {
    fn default() -> Self {
        Cache {
            keys: [RandomState::new(), RandomState::new()],
            state: Mutex::default(),
            search: crate::view::search::Cache::default(),
            calendars: crate::view::calendar::Memo::default(),
            portfolio_json: crate::view::json::Memo::default(),
        }
    }
}

#[derive(Default)]
struct State {
    epoch: Option<u128>,
    pages: HashMap<String, Kept>,
    /// The files besides pages and the search index that the last build wrote in full.
    others: Option<Vec<(String, Arc<[u8]>)>>,
    /// The templates as parsed under this epoch.
    templates: Option<Arc<tera::Tera>>,
    /// Shortcode fragments by fingerprint, each with whether this build used it: a chapter
    /// is viewed on every build, and drawing its charts again was most of that.
    fragments: HashMap<u128, (Arc<str>, bool)>,
    /// The template values of group pages' rows, actions and alerts by digest, each with
    /// whether this build used it.
    values: HashMap<(Part, u128), (tera::Value, bool)>,
    /// The digests of the last build's rows, actions and alerts, which do not depend on
    /// the epoch.
    earlier: Option<Earlier>,
}

/// A page as the last build that made it wrote it.
struct Kept {
    fingerprint: u128,
    bytes: Arc<[u8]>,
    /// What the view made it from, when the view can say (account pages).
    inputs: Option<Inputs>,
}

/// What an account page was made from: the digest of what every account page shares,
/// and its own inputs.
pub(super) struct Inputs {
    pub(super) common: u128,
    pub(super) own: KeptInputs,
}

impl Cache {
    pub(super) fn fingerprint(&self) -> Fingerprint {
        Fingerprint {
            low: self.keys[0].build_hasher(),
            high: self.keys[1].build_hasher(),
            // Most fingerprints are of one row or action, a few hundred bytes; the buffer
            // grows towards `FLUSH_AT` only for the big ones.
            pending: Vec::with_capacity(Fingerprint::START_AT),
        }
    }

    /// Starts a build whose templates and shared values hash to `epoch`; false when that
    /// is a new epoch and nothing was kept.
    pub(super) fn begin(&self, epoch: u128) -> bool {
        let mut state = self.lock();
        if state.epoch == Some(epoch) {
            return true;
        }
        state.pages.clear();
        state.others = None;
        state.templates = None;
        state.fragments.clear();
        state.epoch = Some(epoch);
        false
    }

    /// For each path given, the page's bytes from the last build that made it, whatever
    /// its inputs were then; `None` where no path is given or no page was made.
    pub(super) fn last_of<'p>(
        &self,
        paths: impl Iterator<Item = Option<&'p str>>,
    ) -> Vec<Option<Arc<[u8]>>> {
        let state = self.lock();
        paths
            .map(|path| {
                let kept = state.pages.get(path?)?;
                Some(Arc::clone(&kept.bytes))
            })
            .collect()
    }

    /// The digests the last build made, which this build replaces.
    pub(super) fn take_earlier(&self) -> Option<Earlier> {
        self.lock().earlier.take()
    }

    pub(super) fn keep_earlier(&self, earlier: Earlier) {
        self.lock().earlier = Some(earlier);
    }

    pub(super) fn templates(&self) -> Option<Arc<tera::Tera>> {
        self.lock().templates.clone()
    }

    pub(super) fn keep_templates(&self, templates: Arc<tera::Tera>) {
        self.lock().templates = Some(templates);
    }

    pub(super) fn search(&self) -> &crate::view::search::Cache {
        &self.search
    }

    pub(super) fn calendars(&self) -> &crate::view::calendar::Memo {
        &self.calendars
    }

    pub(super) fn portfolio_json(&self) -> &crate::view::json::Memo {
        &self.portfolio_json
    }

    pub(super) fn others(&self) -> Option<Vec<(String, Arc<[u8]>)>> {
        self.lock().others.clone()
    }

    pub(super) fn keep_others(&self, others: Vec<(String, Arc<[u8]>)>) {
        self.lock().others = Some(others);
    }

    /// The page's bytes from an earlier build, when its fingerprint is unchanged.
    pub(super) fn get(&self, path: &str, fingerprint: u128) -> Option<Arc<[u8]>> {
        let state = self.lock();
        let kept = state.pages.get(path)?;
        (kept.fingerprint == fingerprint).then(|| Arc::clone(&kept.bytes))
    }

    /// The page's bytes from an earlier build, when it was made from the same inputs.
    pub(super) fn get_by_inputs(
        &self,
        path: &str,
        common: u128,
        own: &AccountInputs,
    ) -> Option<Arc<[u8]>> {
        let state = self.lock();
        let kept = state.pages.get(path)?;
        kept.inputs
            .as_ref()
            .is_some_and(|earlier| earlier.common == common && own.same_as(&earlier.own))
            .then(|| Arc::clone(&kept.bytes))
    }

    pub(super) fn put(
        &self,
        path: &str,
        fingerprint: u128,
        bytes: Arc<[u8]>,
        inputs: Option<Inputs>,
    ) {
        self.lock().pages.insert(
            path.to_string(),
            Kept {
                fingerprint,
                bytes,
                inputs,
            },
        );
    }

    /// A fragment made before under `fingerprint`.
    pub(super) fn fragment(&self, fingerprint: u128) -> Option<Arc<str>> {
        let mut state = self.lock();
        let (text, used) = state.fragments.get_mut(&fingerprint)?;
        *used = true;
        Some(Arc::clone(text))
    }

    pub(super) fn keep_fragment(&self, fingerprint: u128, text: Arc<str>) {
        self.lock().fragments.insert(fingerprint, (text, true));
    }

    /// A template value made before from an item of this digest.
    pub(super) fn value(&self, part: Part, digest: u128) -> Option<tera::Value> {
        let mut state = self.lock();
        let (value, used) = state.values.get_mut(&(part, digest))?;
        *used = true;
        Some(value.clone())
    }

    pub(super) fn keep_value(&self, part: Part, digest: u128, value: tera::Value) {
        self.lock().values.insert((part, digest), (value, true));
    }

    /// Forgets pages the latest build did not make, so removed accounts do not linger, and
    /// fragments and values it did not use.
    pub(super) fn retain(&self, made: &HashSet<&str>) {
        let mut state = self.lock();
        state.pages.retain(|path, _| made.contains(path.as_str()));
        state.fragments.retain(|_, (_, used)| std::mem::take(used));
        state.values.retain(|_, (_, used)| std::mem::take(used));
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, State> {
        // Entries are replaced whole, so a panic elsewhere cannot leave one half-written.
        self.state
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }
}

/// A 128-bit hash fed through `io::Write` (serde) and `fmt::Write` (`Debug`).
pub(super) struct Fingerprint {
    low: std::hash::DefaultHasher,
    high: std::hash::DefaultHasher,
    /// Serialisers write a few bytes at a time, and each write to a hasher has a fixed
    /// cost: bytes are gathered here and hashed in large blocks, which is the same hash.
    pending: Vec<u8>,
}

impl Fingerprint {
    const FLUSH_AT: usize = 64 * 1024;
    const START_AT: usize = 4 * 1024;

    pub(super) fn add(&mut self, bytes: &[u8]) {
        self.pending.extend_from_slice(bytes);
        if self.pending.len() >= Self::FLUSH_AT {
            self.flush_pending();
        }
    }

    fn flush_pending(&mut self) {
        self.low.write(&self.pending);
        self.high.write(&self.pending);
        self.pending.clear();
    }

    /// Ends one part of the input: 0xFF appears in no UTF-8 text, so two inputs that split
    /// the same bytes differently still differ.
    pub(super) fn end_part(&mut self) {
        self.add(&[0xff]);
    }

    pub(super) fn finish(mut self) -> u128 {
        self.flush_pending();
        (u128::from(self.high.finish()) << 64) | u128::from(self.low.finish())
    }
}

impl std::io::Write for Fingerprint {
    fn write(&mut self, bytes: &[u8]) -> std::io::Result<usize> {
        self.add(bytes);
        Ok(bytes.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

impl std::fmt::Write for Fingerprint {
    fn write_str(&mut self, text: &str) -> std::fmt::Result {
        self.add(text.as_bytes());
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_page_is_reused_only_under_its_fingerprint_and_epoch() {
        let cache = Cache::default();
        assert!(!cache.begin(1));
        cache.put("a/index.html", 7, Arc::from(&b"page"[..]), None);
        assert_eq!(cache.get("a/index.html", 7).as_deref(), Some(&b"page"[..]));
        assert!(cache.get("a/index.html", 8).is_none());
        assert!(cache.begin(1));
        assert!(cache.get("a/index.html", 7).is_some());
        assert!(!cache.begin(2));
        assert!(cache.get("a/index.html", 7).is_none());
        assert!(cache.last_of([Some("a/index.html")].into_iter())[0].is_none());
    }

    #[test]
    fn pages_not_made_again_are_forgotten() {
        let cache = Cache::default();
        cache.begin(1);
        cache.put("a/index.html", 1, Arc::from(&b"a"[..]), None);
        cache.put("b/index.html", 1, Arc::from(&b"b"[..]), None);
        cache.retain(&HashSet::from(["b/index.html"]));
        assert!(cache.get("a/index.html", 1).is_none());
        assert!(cache.get("b/index.html", 1).is_some());
        let last = cache.last_of([Some("b/index.html"), None, Some("a/index.html")].into_iter());
        assert_eq!(last[0].as_deref(), Some(&b"b"[..]));
        assert!(last[1].is_none() && last[2].is_none());
    }

    #[test]
    fn fingerprints_tell_inputs_apart_and_agree_on_equal_ones() {
        let cache = Cache::default();
        let of = |parts: &[&[u8]]| {
            let mut fingerprint = cache.fingerprint();
            for part in parts {
                fingerprint.add(part);
                fingerprint.end_part();
            }
            fingerprint.finish()
        };
        assert_eq!(of(&[b"same"]), of(&[b"same"]));
        assert_ne!(of(&[b"same"]), of(&[b"Same"]));
        assert_ne!(of(&[b"ab", b"c"]), of(&[b"a", b"bc"]));
    }
}
