//! Problems found in a site's files, as values.
//!
//! Loading collects every [`Diagnostic`] of every file and hands them back together, so a
//! user fixes a whole site in one pass instead of one error per run. Nothing here prints
//! midway; `main` decides how and when to show them.

use std::fmt;
use std::ops::Range;
use std::path::{Path, PathBuf};

use crate::controls::escape_for_terminal;

/// Whether a problem stops the build (SPEC §1, v2).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Severity {
    /// The build stops and nothing is written.
    Error,
    /// Printed like an error; the build goes on unless `--strict` is given.
    Warning,
}

impl Severity {
    pub fn label(self) -> &'static str {
        match self {
            Severity::Error => "error",
            Severity::Warning => "warning",
        }
    }
}

/// One problem, located at `path:line:column` (1-based; the column counts characters).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostic {
    pub severity: Severity,
    /// Path relative to the site root, as the user would type it.
    pub path: PathBuf,
    pub line: usize,
    pub column: usize,
    pub message: String,
    /// The offending source line and the width of the caret under it, when the file is text.
    pub snippet: Option<Box<Snippet>>,
    pub help: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Snippet {
    pub text: String,
    pub width: usize,
}

impl Diagnostic {
    /// An error about a file as a whole (it is unreadable, or misplaced).
    pub fn whole_file(path: impl Into<PathBuf>, message: impl Into<String>) -> Self {
        Diagnostic {
            severity: Severity::Error,
            path: path.into(),
            line: 1,
            column: 1,
            message: message.into(),
            snippet: None,
            help: None,
        }
    }

    pub fn with_help(mut self, help: impl Into<String>) -> Self {
        self.help = Some(help.into());
        self
    }

    /// The same problem, reported as a warning.
    pub fn warning(mut self) -> Self {
        self.severity = Severity::Warning;
        self
    }

    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }
}

impl fmt::Display for Diagnostic {
    /// Everything from the site is shown with control characters escaped: a key or value
    /// holding an escape sequence must not retitle or clear the reader's terminal.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(
            f,
            "{}:{}:{}: {}: {}",
            escape_for_terminal(&self.path.to_string_lossy()),
            self.line,
            self.column,
            self.severity.label(),
            escape_for_terminal(&self.message)
        )?;
        let gutter = self.line.to_string().len();
        if let Some(snippet) = &self.snippet {
            writeln!(f, "{:gutter$} |", "")?;
            writeln!(f, "{} | {}", self.line, escape_for_terminal(&snippet.text))?;
            let before: String = snippet
                .text
                .chars()
                .take(self.column.saturating_sub(1))
                .collect();
            let indent: String = escape_for_terminal(&before)
                .chars()
                .map(|c| if c == '\t' { '\t' } else { ' ' })
                .collect();
            writeln!(
                f,
                "{:gutter$} | {}{}",
                "",
                indent,
                "^".repeat(snippet.width.max(1))
            )?;
        }
        if let Some(help) = &self.help {
            writeln!(f, "{:gutter$} = help: {}", "", escape_for_terminal(help))?;
        }
        Ok(())
    }
}

/// Sorts by path, then position, the order a reader works through them.
pub fn sort(diagnostics: &mut [Diagnostic]) {
    diagnostics.sort_by(|a, b| {
        (&a.path, a.line, a.column, &a.message).cmp(&(&b.path, b.line, b.column, &b.message))
    });
}

/// A text file held in memory so byte offsets can be turned into lines and columns.
pub struct SourceFile {
    pub path: PathBuf,
    pub text: String,
    line_starts: Vec<usize>,
}

impl SourceFile {
    pub fn new(path: impl Into<PathBuf>, text: String) -> Self {
        // Every file read is one of these, so the line breaks are found with memchr.
        let line_starts = std::iter::once(0)
            .chain(memchr::memchr_iter(b'\n', text.as_bytes()).map(|i| i + 1))
            .collect();
        SourceFile {
            path: path.into(),
            text,
            line_starts,
        }
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    /// 1-based line and character column of a byte offset.
    pub fn locate(&self, offset: usize) -> (usize, usize) {
        let offset = offset.min(self.text.len());
        let line_index = self.line_starts.partition_point(|&start| start <= offset) - 1;
        let start = self.line_starts[line_index];
        let column = self
            .text
            .get(start..offset)
            .map_or(1, |prefix| prefix.chars().count() + 1);
        (line_index + 1, column)
    }

    fn line_text(&self, line: usize) -> &str {
        let start = self.line_starts[line - 1];
        let end = self
            .line_starts
            .get(line)
            .map_or(self.text.len(), |next| *next);
        self.text[start..end].trim_end_matches(['\n', '\r'])
    }

    /// An error pointing at `span` (byte offsets into the whole file).
    pub fn error(&self, span: Range<usize>, message: impl Into<String>) -> Diagnostic {
        let (line, column) = self.locate(span.start);
        let text = self.line_text(line).to_string();
        let caret_end = span.end.max(span.start);
        let (end_line, end_column) = self.locate(caret_end);
        let width = if end_line == line {
            end_column.saturating_sub(column)
        } else {
            text.chars().count().saturating_sub(column - 1)
        };
        Diagnostic {
            severity: Severity::Error,
            path: self.path.clone(),
            line,
            column,
            message: message.into(),
            snippet: Some(Box::new(Snippet { text, width })),
            help: None,
        }
    }
}

/// The known word closest to a misspelt one, if any is close enough to be a likely typo.
pub fn did_you_mean<'a>(
    word: &str,
    candidates: impl IntoIterator<Item = &'a str>,
) -> Option<&'a str> {
    // Jaro-Winkler catches transpositions and dropped letters in long words; the edit
    // distance catches short words ("dun" for "done") that Jaro-Winkler scores low.
    candidates
        .into_iter()
        .filter_map(|candidate| {
            let distance = strsim::damerau_levenshtein(word, candidate);
            let similarity = strsim::jaro_winkler(word, candidate);
            let close =
                similarity >= 0.8 || (distance <= 2 && distance < candidate.len().min(word.len()));
            close.then_some((distance, -similarity, candidate))
        })
        .min_by(|a, b| a.0.cmp(&b.0).then(a.1.total_cmp(&b.1)))
        .map(|(_, _, candidate)| candidate)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn locates_lines_and_character_columns() {
        let file = SourceFile::new("a.md", "ab\nåäö = 1\n".to_string());
        assert_eq!(file.locate(0), (1, 1));
        assert_eq!(file.locate(3), (2, 1));
        // "åäö " is 7 bytes but 4 characters.
        assert_eq!(file.locate(3 + 7), (2, 5));
    }

    #[test]
    fn renders_rustc_style() {
        let file = SourceFile::new("x.md", "volume = 11\n".to_string());
        let diagnostic = file.error(9..11, "too big").with_help("use 0..=10");
        assert_eq!(
            diagnostic.to_string(),
            "x.md:1:10: error: too big\n  |\n1 | volume = 11\n  |          ^^\n  = help: use 0..=10\n"
        );
    }

    #[test]
    fn control_characters_reach_the_terminal_escaped() {
        let file = SourceFile::new("x.md", "\u{1b}[2J = 1\n".to_string());
        let diagnostic = file
            .error(4..5, "unknown key `\u{1b}[2J`")
            .with_help("did you mean `\u{7}`?");
        let shown = diagnostic.to_string();
        assert!(
            !shown.chars().any(|c| c.is_control() && c != '\n'),
            "{shown:?}"
        );
        assert_eq!(
            shown,
            "x.md:1:5: error: unknown key `\\u{1b}[2J`\n  |\n1 | \\u{1b}[2J = 1\n  |          ^\n  = help: did you mean `\\u{7}`?\n"
        );
    }

    #[test]
    fn warnings_are_labelled_as_such() {
        let warning = Diagnostic::whole_file("content/accounts/a.MD", "not read").warning();
        assert!(!warning.is_error());
        assert_eq!(
            warning.to_string(),
            "content/accounts/a.MD:1:1: warning: not read\n"
        );
    }

    #[test]
    fn suggests_close_words_only() {
        assert_eq!(did_you_mean("revenu", ["revenue", "year"]), Some("revenue"));
        assert_eq!(did_you_mean("zzz", ["revenue", "year"]), None);
        assert_eq!(
            did_you_mean("dun", ["not_started", "done", "blocked"]),
            Some("done")
        );
        assert_eq!(did_you_mean("xy", ["ab", "cd"]), None);
    }
}
