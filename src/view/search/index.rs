//! The posting lists of the search index and its files, made whole or patched.
//!
//! `kam build` makes the index from all documents at once. `serve` keeps it between
//! builds in a [`Cache`]: when the documents are the same ones in the same order and only
//! a few of them changed (a line of notes, an action), their postings are taken out and
//! put back, and only the shard and document files they touch are written again. Anything
//! else (an account added, the ranking changed) makes the index whole again. Either way
//! the files are the same bytes, which the incremental build tests check.

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::hash::{BuildHasher, Hasher, RandomState};
use std::sync::{Arc, Mutex};

use rayon::prelude::*;

use super::{
    AccountEntries, CHUNK, Entry, fold_into, folded_words, json, shard_file, shard_key,
    shard_letters,
};
use crate::view::urls;

/// term → its documents as codes, `2 × document + 1` when in the title, ascending.
type Postings = BTreeMap<String, Vec<usize>>;

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

/// A document's distinct terms in term order, each marked when it is in the title. Its
/// texts are folded into one buffer and its words compared as slices of it, so only a
/// distinct term is copied.
fn document_terms(entry: &Entry) -> Vec<(String, bool)> {
    let mut title = String::with_capacity(entry.doc.title.len());
    fold_into(&entry.doc.title, &mut title);
    let mut body = String::with_capacity(entry.body.iter().map(String::len).sum::<usize>() + 8);
    for text in &entry.body {
        fold_into(text, &mut body);
        // A space is no part of a word, so texts do not run together.
        body.push(' ');
    }
    // Words repeat (a page of notes has about ten times as many words as distinct ones),
    // so they are made distinct by hashing before the few distinct ones are sorted.
    let mut distinct: HashMap<&str, bool> = HashMap::with_capacity(256);
    for word in folded_words(&title) {
        distinct.insert(word, true);
    }
    for word in folded_words(&body) {
        distinct.entry(word).or_insert(false);
    }
    let mut found: Vec<(&str, bool)> = distinct.into_iter().collect();
    found.sort_unstable_by(|a, b| a.0.cmp(b.0));
    found
        .into_iter()
        .map(|(word, in_title)| (word.to_string(), in_title))
        .collect()
}

impl Index {
    fn build(entries: &[Arc<Entry>]) -> Index {
        // Hash maps per block of documents, made in parallel and merged in block order, and
        // one sort of the distinct terms at the end: a sorted map compared strings on every
        // one of the millions of occurrences.
        const BLOCK: usize = 256;
        let blocks: Vec<HashMap<String, Vec<usize>>> = entries
            .par_chunks(BLOCK)
            .enumerate()
            .map(|(block, chunk)| {
                let mut postings: HashMap<String, Vec<usize>> = HashMap::new();
                for (offset, entry) in chunk.iter().enumerate() {
                    let number = block * BLOCK + offset;
                    for (term, in_title) in document_terms(entry) {
                        postings
                            .entry(term)
                            .or_default()
                            .push(2 * number + usize::from(in_title));
                    }
                }
                postings
            })
            .collect();
        let mut postings: HashMap<String, Vec<usize>> = HashMap::new();
        for block in blocks {
            for (term, codes) in block {
                postings.entry(term).or_default().extend(codes);
            }
        }
        let mut postings: Vec<(String, Vec<usize>)> = postings.into_iter().collect();
        postings.sort_unstable_by(|a, b| a.0.cmp(&b.0));
        let letters = shard_letters(entries.len());
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
                    let at = codes.partition_point(|&code| code < 2 * number);
                    if codes.get(at).is_some_and(|&code| code / 2 == number) {
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
        for (term, in_title) in document_terms(entry) {
            let key = shard_key(&term, self.letters);
            let codes = self
                .shards
                .entry(key.clone())
                .or_default()
                .entry(term)
                .or_default();
            let at = codes.partition_point(|&code| code < 2 * number);
            codes.insert(at, 2 * number + usize::from(in_title));
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
        let deltas: BTreeMap<&str, Vec<usize>> = postings
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

/// Every file of the index for these documents, made whole.
pub(super) fn files(entries: &[Arc<Entry>], counts: Counts) -> Files {
    Index::build(entries).files(entries, counts)
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
        for list in [&doc.lines, &entry.body] {
            for text in list {
                add(text);
            }
            add("");
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
            body: vec![body.to_string()],
        }
    }

    const COUNTS: Counts = Counts {
        accounts: 0,
        chapters: 0,
    };

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
            let mut document = plain_entry(0, &title, "");
            document.body = body.clone();
            let mut expected: Vec<(String, bool)> = crate::view::search::terms(&title)
                .map(|term| (term, true))
                .collect();
            for text in &body {
                expected.extend(crate::view::search::terms(text).map(|term| (term, false)));
            }
            expected.sort_by(|a, b| a.0.cmp(&b.0).then(b.1.cmp(&a.1)));
            expected.dedup_by(|later, kept| later.0 == kept.0);
            prop_assert_eq!(document_terms(&document), expected);
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
