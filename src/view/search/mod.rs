//! The site's search index (issue 16), built at build time so the search page works offline,
//! from `file://` and under any sub-path.
//!
//! The index is a set of classic scripts that call a global set up by the theme's
//! `search.js` (no `fetch`, no modules, both of which `file://` blocks):
//!
//! - `search/index.js`: how many accounts and chapters there are, the size of a document
//!   chunk, how many letters name a shard, and which term shards exist;
//! - `search/t/<key>.js`: every term whose first letter (small sites) or first two letters
//!   (large ones) are `<key>`, each with its posting list, so a query loads only the shards
//!   its words start with;
//! - `search/d/<n>.js`: chunk `n` of the document table (title, address, summary and the
//!   short lines a snippet is chosen from), loaded only for the results shown.
//!
//! Documents are the accounts, largest revenue first, then the chapters in handbook order,
//! so a lower number always ranks higher. A posting is `2 × document + 1` when the term is
//! in the title and `2 × document` otherwise, written as the difference from the one
//! before (the lists are sorted), which keeps the numbers short.
//!
//! Terms are folded by [`fold`], which `search.js` mirrors letter for letter: the query
//! must fold exactly as the index did. Not here: the page itself (`SiteView::page`), the
//! script that searches (`themes/default/static/search.js`), or writing files (`render`).

mod index;

use std::sync::Arc;

use rayon::prelude::*;
use serde::Serialize;

use index::Terms;
pub use index::{Cache, Files};

use crate::content::model::Account;
use crate::view::shared::Shared;
use crate::view::{SiteView, urls};

/// Documents per chunk of the document table.
pub const CHUNK: usize = 200;

/// Terms shorter than this are not indexed; the page asks for one more letter instead.
pub const MIN_TERM: usize = 2;

/// Longer runs of letters are cut: no one types them, and they would only bloat a shard.
const MAX_TERM: usize = 32;

/// Lower case, accents and other combining marks removed after canonical decomposition,
/// and the few Latin letters that do not decompose spelt out: "Gävle" and "gavle" are one
/// term, as are "Škoda" and "skoda". Only the marks U+0300–U+036F are removed, the block
/// every Latin accent lives in, so the browser's `normalize("NFD")` gives the same result
/// whatever Unicode version either side knows.
pub fn fold(text: &str) -> String {
    use icu_normalizer::DecomposingNormalizerBorrowed;
    let lower = text.to_lowercase();
    let decomposed = DecomposingNormalizerBorrowed::new_nfd().normalize(&lower);
    let mut folded = String::with_capacity(decomposed.len());
    for c in decomposed.chars() {
        match c {
            '\u{300}'..='\u{36f}' => {}
            'ø' => folded.push('o'),
            'æ' => folded.push_str("ae"),
            'œ' => folded.push_str("oe"),
            'ß' => folded.push_str("ss"),
            'ł' => folded.push('l'),
            'đ' | 'ð' => folded.push('d'),
            'þ' => folded.push_str("th"),
            'ı' => folded.push('i'),
            other => folded.push(other),
        }
    }
    folded
}

/// Appends [`fold`] of `text` to `folded`. Text is folded piece by piece between ASCII
/// whitespace, and a piece in plain ASCII only needs lower case: the slow part of `fold`
/// (lower-casing with context, decomposition) runs only on pieces with other letters.
/// Whitespace bounds every rule `fold` applies: decomposition and the reordering of marks
/// never cross a character like it, and neither does the final-sigma rule of lower case,
/// which stops at the first character that is neither cased nor case-ignorable.
///
/// The pieces are found by bytes: a run of plain ASCII pieces is lower-cased in one go, and
/// only the piece around a byte outside ASCII goes through `fold`. ASCII whitespace never
/// occurs inside a UTF-8 sequence, so every cut is at a character boundary.
pub fn fold_into(text: &str, folded: &mut String) {
    let bytes = text.as_bytes();
    let mut done = 0;
    let push_lower = |folded: &mut String, ascii: &str| {
        let start = folded.len();
        folded.push_str(ascii);
        folded[start..].make_ascii_lowercase();
    };
    while let Some(offset) = bytes[done..].iter().position(|byte| !byte.is_ascii()) {
        let at = done + offset;
        let piece_start = bytes[done..at]
            .iter()
            .rposition(u8::is_ascii_whitespace)
            .map_or(done, |space| done + space + 1);
        let piece_end = bytes[at..]
            .iter()
            .position(u8::is_ascii_whitespace)
            .map_or(bytes.len(), |space| at + space + 1);
        push_lower(folded, &text[done..piece_start]);
        folded.push_str(&fold(&text[piece_start..piece_end]));
        done = piece_end;
    }
    push_lower(folded, &text[done..]);
}

/// Whether a character belongs to a word: a letter or a digit. `search.js` splits on
/// `[^\p{Alphabetic}\p{N}]`, the same two Unicode properties.
fn in_word(c: char) -> bool {
    c.is_alphabetic() || c.is_numeric()
}

/// The folded words of already folded text, cut to [`MAX_TERM`] letters, as slices of it.
///
/// Read by bytes where they are ASCII (a letter or digit there is a word character, anything
/// else is not) and by characters elsewhere: most text is ASCII, and decoding every character
/// of ten thousand notes shows in a build.
pub(crate) fn folded_words(folded: &str) -> impl Iterator<Item = &str> {
    FoldedWords {
        text: folded,
        at: 0,
    }
}

struct FoldedWords<'t> {
    text: &'t str,
    at: usize,
}

impl FoldedWords<'_> {
    /// The character at `at` when it is outside ASCII, with whether it belongs to a word.
    fn wide_character(&self, at: usize) -> Option<(bool, usize)> {
        let c = self.text.get(at..)?.chars().next()?;
        Some((in_word(c), c.len_utf8()))
    }
}

impl<'t> Iterator for FoldedWords<'t> {
    type Item = &'t str;

    fn next(&mut self) -> Option<&'t str> {
        let bytes = self.text.as_bytes();
        loop {
            // Separators: ASCII ones a byte at a time, others a character at a time.
            loop {
                let byte = *bytes.get(self.at)?;
                if byte.is_ascii() {
                    if byte.is_ascii_alphanumeric() {
                        break;
                    }
                    self.at += 1;
                } else {
                    let (word, width) = self.wide_character(self.at)?;
                    if word {
                        break;
                    }
                    self.at += width;
                }
            }
            let start = self.at;
            let mut characters = 0;
            let mut cut = None;
            loop {
                let run = bytes[self.at..]
                    .iter()
                    .take_while(|byte| byte.is_ascii_alphanumeric())
                    .count();
                if cut.is_none() && characters + run > MAX_TERM {
                    cut = Some(self.at + (MAX_TERM - characters));
                }
                characters += run;
                self.at += run;
                match bytes.get(self.at) {
                    Some(byte) if !byte.is_ascii() => match self.wide_character(self.at) {
                        Some((true, width)) => {
                            if cut.is_none() && characters == MAX_TERM {
                                cut = Some(self.at);
                            }
                            characters += 1;
                            self.at += width;
                        }
                        _ => break,
                    },
                    _ => break,
                }
            }
            if characters >= MIN_TERM {
                return self.text.get(start..cut.unwrap_or(self.at));
            }
        }
    }
}

/// The folded words of `text`, as the index and the query both see them: the reference
/// definition, which the index's faster piecewise folding ([`fold_into`],
/// [`folded_words`]) is tested against.
#[cfg(test)]
pub fn terms(text: &str) -> impl Iterator<Item = String> {
    fold(text)
        .split(|c: char| !in_word(c))
        .filter(|word| word.chars().count() >= MIN_TERM)
        .map(|word| word.chars().take(MAX_TERM).collect::<String>())
        .collect::<Vec<_>>()
        .into_iter()
}

/// Up to this many documents, shards are named by one letter: a small site's whole index
/// is about a megabyte, and a few dozen files write much faster than hundreds.
pub const ONE_LETTER_SHARDS: usize = 500;

/// How many letters name a shard for an index of `documents`.
pub fn shard_letters(documents: usize) -> usize {
    if documents <= ONE_LETTER_SHARDS {
        1
    } else {
        MIN_TERM
    }
}

/// The shard a term lives in: its first `letters` characters.
pub fn shard_key(term: &str, letters: usize) -> String {
    term.chars().take(letters).collect()
}

/// The file name of a shard: the key itself when it is plain ASCII letters and digits,
/// else each character as `u` and its hex code, so no address needs percent-encoding.
pub fn shard_file(key: &str) -> String {
    if key
        .chars()
        .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit())
    {
        key.to_string()
    } else {
        key.chars()
            .map(|c| format!("u{:x}", u32::from(c)))
            .collect()
    }
}

/// The readable text of sanitised HTML: tags dropped, the entities the sanitiser writes
/// decoded, and block ends kept as spaces so words do not run together.
pub fn html_text(html: &str) -> String {
    let mut text = String::with_capacity(html.len());
    let mut rest = html;
    while let Some(start) = memchr::memchr2(b'<', b'&', rest.as_bytes()) {
        text.push_str(&rest[..start]);
        rest = &rest[start..];
        if rest.starts_with('<') {
            let end = memchr::memchr(b'>', rest.as_bytes()).map_or(rest.len(), |end| end + 1);
            text.push(' ');
            rest = &rest[end..];
        } else {
            // An entity's name is short: look no further than its longest.
            let end = rest.bytes().take(11).position(|byte| byte == b';');
            let decoded = end.and_then(|end| entity(&rest[1..end]));
            match (end, decoded) {
                (Some(end), Some(c)) => {
                    text.push(c);
                    rest = &rest[end + 1..];
                }
                _ => {
                    text.push('&');
                    rest = &rest[1..];
                }
            }
        }
    }
    text.push_str(rest);
    text
}

fn entity(name: &str) -> Option<char> {
    match name {
        "amp" => Some('&'),
        "lt" => Some('<'),
        "gt" => Some('>'),
        "quot" => Some('"'),
        "apos" => Some('\''),
        "nbsp" => Some(' '),
        _ => {
            let number = name.strip_prefix('#')?;
            let code = match number.strip_prefix(['x', 'X']) {
                Some(hex) => u32::from_str_radix(hex, 16).ok()?,
                None => number.parse().ok()?,
            };
            char::from_u32(code)
        }
    }
}

/// A document of the index; its chunk file lists the fields in this order.
#[derive(Debug, Clone, PartialEq)]
pub struct Doc {
    pub title: String,
    /// From the site root.
    pub url: String,
    /// Shown under the title when no line of `lines` holds a word of the query.
    pub summary: String,
    /// Short texts a snippet is chosen from: contacts, objectives, actions, headings.
    pub lines: Vec<String>,
}

/// A document and the terms it is found by.
struct Entry {
    doc: Doc,
    terms: Terms,
}

/// A chapter's document: found by its title, headings and text.
fn chapter_entry(chapter: &crate::content::model::Chapter) -> Entry {
    let text = html_text(&chapter.body_html);
    let lines: Vec<String> = chapter
        .headings
        .iter()
        .map(|heading| heading.text.clone())
        .collect();
    let body = lines.iter().map(String::as_str).chain([text.as_str()]);
    Entry {
        terms: Terms::of(&chapter.title, body),
        doc: Doc {
            title: chapter.title.clone(),
            url: urls::chapter(&chapter.slug),
            summary: opening(&text, 160),
            lines,
        },
    }
}

/// The summary of a chapter: its opening words, cut at a word.
fn opening(text: &str, chars: usize) -> String {
    let words: Vec<&str> = text.split_whitespace().collect();
    let mut summary = String::new();
    for word in words {
        if summary.chars().count() + word.chars().count() + 1 > chars {
            summary.push('…');
            break;
        }
        if !summary.is_empty() {
            summary.push(' ');
        }
        summary.push_str(word);
    }
    summary
}

/// The accounts' entries of the last build, kept with the index while managers and people
/// are spelt the same: an account that was not parsed again keeps its entry, and so its
/// document's hash, instead of the whole index being gathered again for every edit.
pub(super) struct AccountEntries {
    shared: Arc<Shared>,
    /// Index-aligned with the site's accounts.
    accounts: Vec<(Arc<Account>, Arc<Entry>)>,
}

impl SiteView<'_> {
    fn account_entry(&self, account: &Account) -> Entry {
        let manager = self.shared.managers.display(&account.manager);
        let mut summary = vec![manager];
        summary.extend(account.industry.as_deref());
        summary.extend(account.tags.iter().map(String::as_str));
        let mut lines = Vec::new();
        for contact in &account.contacts {
            lines.push(match &contact.title {
                Some(title) => format!("{}, {title}", contact.name),
                None => contact.name.clone(),
            });
        }
        let contact_lines = lines.len();
        for objective in &account.objectives {
            lines.push(objective.title.clone());
        }
        for action in &account.actions {
            let owner = self.shared.people.display(&action.owner);
            lines.push(format!("{} ({owner})", action.title));
        }
        let notes = html_text(&account.body_html.html());
        let mut body = vec![manager];
        body.extend(account.industry.as_deref());
        body.extend(account.country.as_deref());
        body.extend(account.tags.iter().map(String::as_str));
        body.extend(account.team.iter().map(String::as_str));
        body.extend(lines[..contact_lines].iter().map(String::as_str));
        for objective in &account.objectives {
            body.push(&objective.title);
            body.extend(objective.measure.as_deref());
        }
        for action in &account.actions {
            body.push(&action.title);
            body.push(self.shared.people.display(&action.owner));
        }
        body.push(&notes);
        Entry {
            terms: Terms::of(&account.name, body),
            doc: Doc {
                title: account.name.clone(),
                url: urls::account(&account.slug),
                summary: summary.join(" · "),
                lines,
            },
        }
    }

    fn search_entries(&self, cache: Option<&Cache>) -> Vec<Arc<Entry>> {
        let accounts = &self.site.accounts;
        let earlier = cache
            .and_then(|cache| cache.take_accounts())
            .filter(|earlier| {
                // An entry reads only its account and how managers and people are spelt.
                let same_names = Arc::ptr_eq(&earlier.shared, &self.shared)
                    || (earlier.shared.managers == self.shared.managers
                        && earlier.shared.people == self.shared.people);
                same_names && earlier.accounts.len() == accounts.len()
            });
        // In parallel: their notes' text is the bulk.
        let by_account: Vec<Arc<Entry>> = accounts
            .par_iter()
            .enumerate()
            .map(|(index, account)| match &earlier {
                Some(earlier) if Arc::ptr_eq(&earlier.accounts[index].0, account) => {
                    Arc::clone(&earlier.accounts[index].1)
                }
                _ => Arc::new(self.account_entry(account)),
            })
            .collect();
        let mut entries: Vec<Arc<Entry>> = self
            .document_order()
            .iter()
            .map(|&index| Arc::clone(&by_account[index]))
            .collect();
        if let Some(cache) = cache {
            cache.keep_accounts(AccountEntries {
                shared: Arc::clone(&self.shared),
                accounts: accounts.iter().cloned().zip(by_account).collect(),
            });
        }
        entries.extend(
            self.site
                .chapters
                .iter()
                .map(|chapter| Arc::new(chapter_entry(chapter))),
        );
        entries
    }

    /// The accounts in the index's document order: by revenue rank.
    fn document_order(&self) -> Vec<usize> {
        let mut order: Vec<usize> = (0..self.site.accounts.len()).collect();
        order.sort_by_key(|&index| (self.shared.rows[index].rank, index));
        order
    }

    /// Every file of the search index, by path. With a cache (`serve`), the last build's
    /// index is patched when only a few documents changed.
    pub fn search_files(&self, cache: Option<&Cache>) -> Files {
        let counts = index::Counts {
            accounts: self.site.accounts.len(),
            chapters: self.site.chapters.len(),
        };
        match cache {
            Some(cache) => cache.files(&self.search_entries(Some(cache)), counts),
            None => {
                let order = self.document_order();
                let chapters = &self.site.chapters;
                index::files_made(
                    order.len() + chapters.len(),
                    |number| match order.get(number) {
                        Some(&index) => self.account_entry(&self.site.accounts[index]),
                        None => chapter_entry(&chapters[number - order.len()]),
                    },
                    counts,
                )
            }
        }
    }
}

/// JSON text of a value made of strings, numbers, lists and maps, which cannot fail.
fn json(value: &impl Serialize) -> String {
    serde_json::to_string(value).unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    proptest! {
        /// Folding piece by piece is folding the whole, including the letters whose
        /// folding depends on their neighbours (final sigma, combining marks).
        #[test]
        fn folding_by_pieces_is_folding_the_whole(
            pieces in proptest::collection::vec(
                proptest::sample::select(vec![
                    "Σ", "ΑΣ", "σ", ".", "'", " ", "\n", "\t", "\u{a0}", "e", "E", "\u{301}",
                    "\u{323}", "é", "Å", "İ", "ß", "Æ", "ǅ", "word", "Word", "1", "-", "\u{345}",
                    "Ω", "\u{2028}", "\r",
                ]),
                0..24,
            ),
            text in "\\PC{0,30}",
        ) {
            for text in [pieces.concat(), text] {
                let mut folded = String::new();
                fold_into(&text, &mut folded);
                prop_assert_eq!(&folded, &fold(&text), "{:?}", text);
                let words: Vec<String> = folded_words(&folded).map(str::to_string).collect();
                prop_assert_eq!(words, terms(&text).collect::<Vec<_>>());
            }
        }
    }

    proptest! {
        /// The byte-wise reading of words is the character-wise one, long words cut alike.
        #[test]
        fn words_read_by_bytes_are_words_read_by_characters(
            text in "([a-z0-9åäöÅ\u{301}Σσ'., \u{a0}-]{0,40}|[a-zé]{20,60}( [a-zé]{1,60}){0,3})",
        ) {
            let by_characters: Vec<&str> = text
                .split(|c: char| !in_word(c))
                .filter(|word| word.chars().count() >= MIN_TERM)
                .map(|word| match word.char_indices().nth(MAX_TERM) {
                    Some((end, _)) => &word[..end],
                    None => word,
                })
                .collect();
            prop_assert_eq!(folded_words(&text).collect::<Vec<_>>(), by_characters);
        }
    }

    #[test]
    fn swedish_and_other_accents_fold_to_base_letters() {
        assert_eq!(fold("Gävle Ångström Öland"), "gavle angstrom oland");
        assert_eq!(
            fold("Crème Brûlée Müller Škoda"),
            "creme brulee muller skoda"
        );
        assert_eq!(fold("Søren Ærø Straße Łódź"), "soren aero strasse lodz");
    }

    #[test]
    fn words_split_on_anything_but_letters_and_digits() {
        let found: Vec<String> = terms("Eva-Lena Kron, inköpschef; 2025 a").collect();
        assert_eq!(found, ["eva", "lena", "kron", "inkopschef", "2025"]);
    }

    #[test]
    fn small_sites_name_shards_by_one_letter_and_large_ones_by_two() {
        assert_eq!(shard_letters(21), 1);
        assert_eq!(shard_letters(ONE_LETTER_SHARDS), 1);
        assert_eq!(shard_letters(ONE_LETTER_SHARDS + 1), 2);
        assert_eq!(shard_key("kartong", 1), "k");
        assert_eq!(shard_key("kartong", 2), "ka");
        assert_eq!(shard_key("ö", 2), "ö");
    }

    #[test]
    fn shard_files_are_plain_ascii_names() {
        assert_eq!(shard_file("ka"), "ka");
        assert_eq!(shard_file("20"), "20");
        assert_eq!(shard_file("дм"), "u434u43c");
    }

    #[test]
    fn html_loses_its_tags_and_keeps_its_words() {
        let text = html_text("<p>Tom &amp; Jerry&#39;s<br>mill</p><ul><li>a&#x2F;b</li></ul>");
        let words: Vec<&str> = text.split_whitespace().collect();
        assert_eq!(words, ["Tom", "&", "Jerry's", "mill", "a/b"]);
        assert_eq!(html_text("a &bogus b & c"), "a &bogus b & c");
    }

    #[test]
    fn chapter_summaries_end_at_a_word() {
        assert_eq!(opening("one two three four", 9), "one two…");
        assert_eq!(opening("short", 9), "short");
    }

    proptest! {
        #[test]
        fn folding_is_idempotent_so_a_folded_query_finds_its_term(text in "\\PC{0,40}") {
            let once = fold(&text);
            prop_assert_eq!(fold(&once), once.clone());
            for term in terms(&text) {
                let again: Vec<String> = terms(&term).collect();
                prop_assert_eq!(again, vec![term.clone()]);
            }
        }

        #[test]
        fn a_prefix_of_a_word_is_a_prefix_of_its_term(word in "[a-zA-ZåäöÅÄÖéüÉÜ]{2,20}", cut in 2usize..20) {
            let term: Vec<String> = terms(&word).collect();
            let prefix: String = word.chars().take(cut).collect();
            let query: Vec<String> = terms(&prefix).collect();
            prop_assert_eq!(term.len(), 1);
            prop_assert_eq!(query.len(), 1);
            prop_assert!(term[0].starts_with(&query[0]));
        }
    }
}
