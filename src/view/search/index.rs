//! The posting lists of the search index and its files, made whole or patched.
//!
//! `kam build` makes the index from all documents at once. `serve` keeps it between
//! builds in a [`Cache`]: when the documents are the same ones in the same order and only
//! a few of them changed (a line of notes, an action), their postings are taken out and
//! put back, and only the shard and document files they touch are written again. Anything
//! else (an account added, the ranking changed) makes the index whole again. Either way
//! the files are the same bytes, which the incremental build tests check.

use std::collections::{BTreeMap, BTreeSet};

// The words of every document go through these maps, and the maps' order never shows:
// terms are sorted before they are used. foldhash (already hashbrown's) hashes a word in a
// fraction of the time of the standard library's SipHash.
use foldhash::{HashMap, HashMapExt};
use std::hash::{BuildHasher, Hasher, RandomState};
use std::sync::{Arc, Mutex};

use rayon::prelude::*;

use super::{
    AccountEntries, CHUNK, Entry, fold_into, folded_words, json, shard_file, shard_key,
    shard_letters,
};
use crate::view::urls;

/// term → its documents as codes, `2 × document + 1` when in the title, ascending.
type Postings = BTreeMap<String, Vec<u32>>;

/// Patching costs a pass over every term per changed document; past this many changed
/// documents making the index whole is cheaper.
const MAX_PATCHED: usize = 32;

/// The search files by path, in path order.
pub type Files = BTreeMap<String, Arc<[u8]>>;

/// How many accounts and chapters the index holds: the index file states both.
#[derive(Clone, Copy, PartialEq, Eq)]
pub(super) struct Counts {
    pub accounts: usize,
    pub chapters: usize,
}

/// Every term's postings, grouped by shard.
struct Index {
    letters: usize,
    shards: BTreeMap<String, Postings>,
}

/// A document's distinct terms in term order, each marked when it is in the title: all the
/// index needs of its texts. A page of notes has about ten times as many words as distinct
/// ones, so entries keep these rather than the text, which at 10,000 accounts was the
/// build's largest allocation.
#[derive(Debug, Default, PartialEq, Eq)]
pub(super) struct Terms {
    /// Each term followed by a space, which no term holds.
    joined: Box<str>,
    /// The places, in term order, of the terms in the title; ascending.
    in_title: Box<[u32]>,
}

impl Terms {
    /// The terms of a title and the texts a document is found by. The texts are folded into
    /// one buffer and its words compared as slices of it, so only a distinct term is copied.
    pub(super) fn of<'t>(title: &str, texts: impl IntoIterator<Item = &'t str>) -> Terms {
        let mut folded_title = String::with_capacity(title.len());
        fold_into(title, &mut folded_title);
        let mut body = String::new();
        for text in texts {
            fold_into(text, &mut body);
            // A space is no part of a word, so texts do not run together.
            body.push(' ');
        }
        // Words repeat, so they are made distinct by hashing before the few distinct ones
        // are sorted.
        let mut distinct: HashMap<&str, bool> = HashMap::with_capacity(256);
        for word in folded_words(&folded_title) {
            distinct.insert(word, true);
        }
        for word in folded_words(&body) {
            distinct.entry(word).or_insert(false);
        }
        let mut found: Vec<(&str, bool)> = distinct.into_iter().collect();
        found.sort_unstable_by(|a, b| a.0.cmp(b.0));
        let mut joined = String::with_capacity(found.iter().map(|(term, _)| term.len() + 1).sum());
        let mut in_title = Vec::new();
        for (place, (term, title)) in found.into_iter().enumerate() {
            joined.push_str(term);
            joined.push(' ');
            if title {
                // A document has fewer terms than its text has bytes, which the size limit
                // on input files keeps far below 2³².
                in_title.push(u32::try_from(place).unwrap_or(u32::MAX));
            }
        }
        Terms {
            joined: joined.into_boxed_str(),
            in_title: in_title.into_boxed_slice(),
        }
    }

    /// The terms in term order, each with whether it is in the title.
    pub(super) fn iter(&self) -> impl Iterator<Item = (&str, bool)> {
        let mut in_title = self.in_title.iter().peekable();
        self.joined
            .split_terminator(' ')
            .enumerate()
            .map(move |(place, term)| {
                let title = in_title
                    .next_if(|&&at| usize::try_from(at).is_ok_and(|at| at == place))
                    .is_some();
                (term, title)
            })
    }
}

/// A document's posting code: `2 × document + 1` when the term is in its title. Codes are 32
/// bits, half the memory of a machine word: a build holds every document in memory, and two
/// billion of them would not fit in any.
fn code(number: usize, in_title: bool) -> u32 {
    u32::try_from(2 * number + usize::from(in_title)).unwrap_or(u32::MAX)
}

/// The document a posting code stands for.
fn document(code: u32) -> usize {
    usize::try_from(code / 2).unwrap_or(usize::MAX)
}

impl Index {
    fn build(entries: &[Arc<Entry>]) -> Index {
        let (postings, _) = postings_of(entries.len(), |number, add| {
            for (term, in_title) in entries[number].terms.iter() {
                add(term, in_title);
            }
        });
        Index::sharded(postings, entries.len())
    }

    /// The index of `documents` documents from every term's postings, in document order.
    fn sharded(postings: HashMap<String, Vec<u32>>, documents: usize) -> Index {
        let mut postings: Vec<(String, Vec<u32>)> = postings.into_iter().collect();
        postings.sort_unstable_by(|a, b| a.0.cmp(&b.0));
        let letters = shard_letters(documents);
        let mut shards: BTreeMap<String, Postings> = BTreeMap::new();
        for (term, codes) in postings {
            shards
                .entry(shard_key(&term, letters))
                .or_default()
                .insert(term, codes);
        }
        Index { letters, shards }
    }

    /// Takes these documents (ascending) out of every posting list, in one pass over the
    /// terms; records the shards they were in.
    fn remove(&mut self, numbers: &[usize], touched: &mut BTreeSet<String>) {
        for (key, postings) in &mut self.shards {
            let mut emptied = Vec::new();
            for (term, codes) in postings.iter_mut() {
                let before = codes.len();
                for &number in numbers {
                    let at = codes.partition_point(|&code| document(code) < number);
                    if codes.get(at).is_some_and(|&code| document(code) == number) {
                        codes.remove(at);
                    }
                }
                if codes.len() != before {
                    touched.insert(key.clone());
                    if codes.is_empty() {
                        emptied.push(term.clone());
                    }
                }
            }
            for term in emptied {
                postings.remove(&term);
            }
        }
        self.shards.retain(|_, postings| !postings.is_empty());
    }

    /// Puts document `number` into the posting list of each of its terms.
    fn add(&mut self, number: usize, entry: &Entry, touched: &mut BTreeSet<String>) {
        for (term, in_title) in entry.terms.iter() {
            let key = shard_key(term, self.letters);
            let codes = self
                .shards
                .entry(key.clone())
                .or_default()
                .entry(term.to_string())
                .or_default();
            let at = codes.partition_point(|&code| document(code) < number);
            codes.insert(at, code(number, in_title));
            touched.insert(key);
        }
    }

    fn meta_file(&self, counts: Counts) -> (String, Arc<[u8]>) {
        let shard_names: BTreeMap<&str, String> = self
            .shards
            .keys()
            .map(|key| (key.as_str(), shard_file(key)))
            .collect();
        let meta = serde_json::json!({
            "accounts": counts.accounts,
            "chapters": counts.chapters,
            "chunk": CHUNK,
            "letters": self.letters,
            "shards": shard_names,
        });
        (
            urls::SEARCH_INDEX.to_string(),
            bytes(format!("kamSearch.meta({meta});\n")),
        )
    }

    /// A shard's file, each posting list written as differences from the code before,
    /// which keeps the numbers short.
    fn shard(key: &str, postings: &Postings) -> (String, Arc<[u8]>) {
        let deltas: BTreeMap<&str, Vec<u32>> = postings
            .iter()
            .map(|(term, codes)| {
                let mut previous = 0;
                let list = codes
                    .iter()
                    .map(|&code| {
                        let delta = code - previous;
                        previous = code;
                        delta
                    })
                    .collect();
                (term.as_str(), list)
            })
            .collect();
        (
            urls::search_shard(&shard_file(key)),
            bytes(format!(
                "kamSearch.terms({},{});\n",
                json(&key),
                json(&deltas)
            )),
        )
    }

    fn files(&self, entries: &[Arc<Entry>], counts: Counts) -> Files {
        let mut files = Files::new();
        let (path, text) = self.meta_file(counts);
        files.insert(path, text);
        files.extend(
            self.shards
                .par_iter()
                .map(|(key, postings)| Index::shard(key, postings))
                .collect::<Vec<_>>(),
        );
        for number in 0..entries.len().div_ceil(CHUNK) {
            let (path, text) = chunk_file(entries, number);
            files.insert(path, text);
        }
        files
    }
}

/// Chunk `number` of the document table. Each document is a list, not an object, so its
/// keys are not repeated per row.
fn chunk_file(entries: &[Arc<Entry>], number: usize) -> (String, Arc<[u8]>) {
    let start = number * CHUNK;
    let end = (start + CHUNK).min(entries.len());
    let docs: Vec<(&str, &str, &str, &[String])> = entries[start..end]
        .iter()
        .map(|entry| {
            let doc = &entry.doc;
            (
                doc.title.as_str(),
                doc.url.as_str(),
                doc.summary.as_str(),
                doc.lines.as_slice(),
            )
        })
        .collect();
    (
        urls::search_docs(number),
        bytes(format!("kamSearch.docs({number},{});\n", json(&docs))),
    )
}

fn bytes(text: String) -> Arc<[u8]> {
    Arc::from(text.into_bytes())
}

/// Every file of the index for these documents, made whole: what the cache's patched index
/// and [`files_made`] are held to.
#[cfg(test)]
pub(super) fn files(entries: &[Arc<Entry>], counts: Counts) -> Files {
    Index::build(entries).files(entries, counts)
}

/// [`files`] for `documents` documents that `make` makes by number, for a build that keeps
/// nothing: each document's terms go into the postings as soon as it is made and only its
/// row of the document table is kept, so a large portfolio's terms (about 40 MB at 10,000
/// accounts) are never all held at once. The same files as [`files`] of the same entries.
pub(super) fn files_made(
    documents: usize,
    make: impl Fn(usize) -> Entry + Sync,
    counts: Counts,
) -> Files {
    let (postings, rows) = postings_of(documents, |number, add| {
        let entry = make(number);
        for (term, in_title) in entry.terms.iter() {
            add(term, in_title);
        }
        Arc::new(Entry {
            doc: entry.doc,
            terms: Terms::default(),
        })
    });
    Index::sharded(postings, documents).files(&rows, counts)
}

/// Every term's postings over `documents` documents, and what `visit` returns for each:
/// `visit` gets a document's number and hands each of its terms to the function it is
/// given. Hash maps over runs of documents are made in parallel and merged in document
/// order, so every posting list is ascending; the distinct terms are sorted once, later. A
/// sorted map compared strings on every one of the millions of occurrences. A run is as
/// long as a thread can make it, so few maps are alive at once: a map per fixed block of
/// documents held the same rare term once per block.
fn postings_of<R: Send>(
    documents: usize,
    visit: impl Fn(usize, &mut dyn FnMut(&str, bool)) -> R + Sync,
) -> (HashMap<String, Vec<u32>>, Vec<R>) {
    type Run<R> = (HashMap<String, Vec<u32>>, Vec<R>);
    (0..documents)
        .into_par_iter()
        .fold(
            || (HashMap::new(), Vec::new()),
            |(mut postings, mut visited): Run<R>, number| {
                let result = visit(number, &mut |term, in_title| {
                    let code = code(number, in_title);
                    match postings.get_mut(term) {
                        Some(codes) => codes.push(code),
                        None => {
                            postings.insert(term.to_string(), vec![code]);
                        }
                    }
                });
                visited.push(result);
                (postings, visited)
            },
        )
        .reduce(
            || (HashMap::new(), Vec::new()),
            |(mut postings, mut visited), (later, later_visited)| {
                for (term, codes) in later {
                    postings.entry(term).or_default().extend(codes);
                }
                visited.extend(later_visited);
                (postings, visited)
            },
        )
}

/// The index of the last build, kept by `serve`; safe to share between threads.
pub struct Cache {
    key: RandomState,
    kept: Mutex<Option<Kept>>,
    accounts: Mutex<Option<AccountEntries>>,
}

impl Default for Cache {
    fn default() -> Self {
        Cache {
            key: RandomState::new(),
            kept: Mutex::new(None),
            accounts: Mutex::new(None),
        }
    }
}

struct Kept {
    counts: Counts,
    /// The documents, in document order: their addresses are the identity of the numbering.
    entries: Vec<Arc<Entry>>,
    /// A hash of everything each document is found and shown by.
    fingerprints: Vec<u64>,
    index: Index,
    files: Files,
}

impl Cache {
    pub(super) fn take_accounts(&self) -> Option<AccountEntries> {
        self.accounts
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
            .take()
    }

    pub(super) fn keep_accounts(&self, accounts: AccountEntries) {
        *self
            .accounts
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner()) = Some(accounts);
    }

    /// Only compared with the same document's hash from the build before, in this
    /// process, so 64 bits under a per-cache key leave no practical chance of a miss.
    fn fingerprint(&self, entry: &Entry) -> u64 {
        let mut hasher = self.key.build_hasher();
        let mut add = |text: &str| {
            hasher.write(text.as_bytes());
            // 0xFF is in no UTF-8 text, so moving bytes between fields changes the hash.
            hasher.write_u8(0xff);
        };
        let doc = &entry.doc;
        for text in [&doc.title, &doc.url, &doc.summary] {
            add(text);
        }
        for text in &doc.lines {
            add(text);
        }
        add("");
        add(&entry.terms.joined);
        for place in &entry.terms.in_title {
            hasher.write_u32(*place);
        }
        hasher.finish()
    }

    /// The index files for these documents, patched from the last build's when that
    /// numbered the same documents the same way.
    pub(super) fn files(&self, entries: &[Arc<Entry>], counts: Counts) -> Files {
        let mut kept = self
            .kept
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner());
        // A document the last build numbered the same and that is the very same entry (the
        // view keeps the entries of unchanged accounts) keeps its hash.
        let earlier = kept.as_ref();
        let fingerprints: Vec<u64> = entries
            .par_iter()
            .enumerate()
            .map(|(number, entry)| {
                earlier
                    .and_then(|kept| {
                        let before = kept.entries.get(number)?;
                        Arc::ptr_eq(before, entry).then(|| kept.fingerprints[number])
                    })
                    .unwrap_or_else(|| self.fingerprint(entry))
            })
            .collect();
        let same_documents = kept.as_ref().is_some_and(|kept| {
            kept.counts == counts
                && kept.entries.len() == entries.len()
                && kept
                    .entries
                    .iter()
                    .zip(entries)
                    .all(|(before, entry)| before.doc.url == entry.doc.url)
        });
        let changed: Vec<usize> = match kept.as_ref() {
            Some(kept) if same_documents => (0..entries.len())
                .filter(|&number| kept.fingerprints[number] != fingerprints[number])
                .collect(),
            _ => Vec::new(),
        };
        match kept.as_mut() {
            Some(kept) if same_documents && changed.len() <= MAX_PATCHED => {
                kept.patch(entries, &changed);
                kept.fingerprints = fingerprints;
                kept.entries = entries.to_vec();
                kept.files.clone()
            }
            _ => {
                let index = Index::build(entries);
                let files = index.files(entries, counts);
                *kept = Some(Kept {
                    counts,
                    entries: entries.to_vec(),
                    fingerprints,
                    index,
                    files: files.clone(),
                });
                files
            }
        }
    }
}

impl Kept {
    fn patch(&mut self, entries: &[Arc<Entry>], changed: &[usize]) {
        if changed.is_empty() {
            return;
        }
        let mut touched = BTreeSet::new();
        self.index.remove(changed, &mut touched);
        for &number in changed {
            self.index.add(number, &entries[number], &mut touched);
        }
        for key in &touched {
            let path = urls::search_shard(&shard_file(key));
            match self.index.shards.get(key) {
                Some(postings) => {
                    self.files.insert(path, Index::shard(key, postings).1);
                }
                None => {
                    self.files.remove(&path);
                }
            }
        }
        let chunks: BTreeSet<usize> = changed.iter().map(|number| number / CHUNK).collect();
        for number in chunks {
            let (path, text) = chunk_file(entries, number);
            self.files.insert(path, text);
        }
        let (path, text) = self.index.meta_file(self.counts);
        self.files.insert(path, text);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::view::search::Doc;
    use proptest::prelude::*;

    fn entry(number: usize, title: &str, body: &str) -> Arc<Entry> {
        Arc::new(plain_entry(number, title, body))
    }

    fn plain_entry(number: usize, title: &str, body: &str) -> Entry {
        Entry {
            doc: Doc {
                title: title.to_string(),
                url: format!("accounts/a{number}/index.html"),
                summary: String::new(),
                lines: vec![format!("line {body}")],
            },
            terms: Terms::of(title, [body]),
        }
    }

    const COUNTS: Counts = Counts {
        accounts: 0,
        chapters: 0,
    };

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(64))]
        /// An index fed document by document is the same files as one made from the
        /// documents whole, in parallel runs of any length.
        #[test]
        fn an_index_made_document_by_document_is_the_index_made_whole(
            texts in proptest::collection::vec(("[a-dö]{2,4}( [a-dö]{2,4}){0,2}", "[a-e]{2,3}( [a-e]{2,3}){0,5}"), 0..900),
        ) {
            let entries: Vec<Arc<Entry>> = texts
                .iter()
                .enumerate()
                .map(|(number, (title, body))| entry(number, title, body))
                .collect();
            let made = files_made(
                texts.len(),
                |number| plain_entry(number, &texts[number].0, &texts[number].1),
                COUNTS,
            );
            prop_assert!(made == files(&entries, COUNTS));
        }
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(64))]
        /// Whatever few documents change, in title or text, a patched index is the same
        /// files as one made whole; so is one that changed too much to patch.
        #[test]
        fn a_patched_index_is_the_index_made_whole(
            texts in proptest::collection::vec(("[a-dö]{2,4}( [a-dö]{2,4}){0,2}", "[a-e]{2,3}( [a-e]{2,3}){0,5}"), 1..700),
            edits in proptest::collection::vec((0usize..700, "[a-f]{2,3}( [a-f]{2,3}){0,3}", proptest::bool::ANY), 0..40),
        ) {
            let mut entries: Vec<Arc<Entry>> = texts
                .iter()
                .enumerate()
                .map(|(number, (title, body))| entry(number, title, body))
                .collect();
            let cache = Cache::default();
            prop_assert_eq!(cache.files(&entries, COUNTS), files(&entries, COUNTS));
            for (number, text, in_title) in &edits {
                let number = number % entries.len();
                let (title, body) = &texts[number];
                entries[number] = if *in_title {
                    entry(number, text, body)
                } else {
                    entry(number, title, text)
                };
            }
            prop_assert_eq!(cache.files(&entries, COUNTS), files(&entries, COUNTS));
            // Back to the start: terms that came with the edits must go again.
            let original: Vec<Arc<Entry>> = texts
                .iter()
                .enumerate()
                .map(|(number, (title, body))| entry(number, title, body))
                .collect();
            prop_assert_eq!(cache.files(&original, COUNTS), files(&original, COUNTS));
        }
    }

    proptest! {
        /// The terms of a document are those of each of its texts, the title's marked.
        #[test]
        fn a_documents_terms_are_its_texts_words(
            title in "\\PC{0,20}",
            body in proptest::collection::vec("\\PC{0,40}", 0..4),
        ) {
            let terms = Terms::of(&title, body.iter().map(String::as_str));
            let mut expected: Vec<(String, bool)> = crate::view::search::terms(&title)
                .map(|term| (term, true))
                .collect();
            for text in &body {
                expected.extend(crate::view::search::terms(text).map(|term| (term, false)));
            }
            expected.sort_by(|a, b| a.0.cmp(&b.0).then(b.1.cmp(&a.1)));
            expected.dedup_by(|later, kept| later.0 == kept.0);
            let found: Vec<(String, bool)> = terms
                .iter()
                .map(|(term, in_title)| (term.to_string(), in_title))
                .collect();
            prop_assert_eq!(found, expected);
        }
    }

    #[test]
    fn other_documents_or_another_order_make_the_index_whole() {
        let cache = Cache::default();
        let first = vec![entry(0, "alfa", "beta"), entry(1, "gamma", "delta")];
        assert_eq!(cache.files(&first, COUNTS), files(&first, COUNTS));
        let reordered = vec![entry(1, "gamma", "delta"), entry(0, "alfa", "beta")];
        assert_eq!(cache.files(&reordered, COUNTS), files(&reordered, COUNTS));
        let fewer = vec![entry(1, "gamma", "delta")];
        assert_eq!(cache.files(&fewer, COUNTS), files(&fewer, COUNTS));
        let more = Counts {
            accounts: 1,
            chapters: 1,
        };
        assert_eq!(cache.files(&fewer, more), files(&fewer, more));
    }
}
