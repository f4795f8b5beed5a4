//! Live portfolio data inside handbook chapters.
//!
//! A line that holds only `{{< name >}}` is replaced by a chart or table computed from the
//! current portfolio, so a chapter about the matrix shows this site's matrix. Chapters are
//! loaded before analysis runs, so loading leaves a placeholder that Markdown and the
//! sanitiser carry through untouched, and rendering swaps in the HTML.

use crate::diagnostics::{Diagnostic, SourceFile, did_you_mean};
use crate::fields::quoted_list;

/// The shortcodes a chapter may use. Each is a named entry, so a name loading did not
/// accept can never reach rendering.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Shortcode {
    /// The key account portfolio matrix.
    Matrix,
    /// The ABC/Pareto chart.
    Pareto,
    /// Accounts per quadrant, ABC class and plan status.
    Counts,
    /// The site's factors and weights.
    Factors,
    /// The actions that need attention (SPEC §6).
    Due,
}

impl Shortcode {
    pub const ALL: [Shortcode; 5] = [
        Shortcode::Matrix,
        Shortcode::Pareto,
        Shortcode::Counts,
        Shortcode::Factors,
        Shortcode::Due,
    ];

    /// The name written between `{{<` and `>}}`.
    pub fn name(self) -> &'static str {
        match self {
            Shortcode::Matrix => "matrix",
            Shortcode::Pareto => "pareto",
            Shortcode::Counts => "counts",
            Shortcode::Factors => "factors",
            Shortcode::Due => "due",
        }
    }

    pub fn from_name(name: &str) -> Option<Shortcode> {
        Self::ALL
            .into_iter()
            .find(|shortcode| shortcode.name() == name)
    }
}

/// A private-use character marks placeholders: no one types it, and neither pulldown-cmark
/// nor ammonia alters it.
const MARK: char = '\u{E000}';

fn token(name: &str) -> String {
    format!("{MARK}kam:{name}{MARK}")
}

/// How a placeholder looks once the chapter has been rendered to HTML.
pub fn rendered_placeholder(name: &str) -> String {
    format!("<p>{}</p>", token(name))
}

/// Replaces shortcode lines outside fenced code blocks with placeholders. `body_offset` is
/// where `body` starts in `file`, for error positions.
pub fn extract(body: &str, body_offset: usize, file: &SourceFile) -> (String, Vec<Diagnostic>) {
    let mut output = String::with_capacity(body.len());
    let mut diagnostics = Vec::new();
    let mut fence: Option<String> = None;
    let mut position = body_offset;
    for line in body.split_inclusive('\n') {
        let trimmed = line.trim();
        if let Some(open) = &fence {
            if trimmed.starts_with(open.as_str()) {
                fence = None;
            }
        } else if trimmed.starts_with("```") || trimmed.starts_with("~~~") {
            fence = Some(trimmed.chars().take(3).collect());
        } else if let Some(inner) = trimmed
            .strip_prefix("{{<")
            .and_then(|rest| rest.strip_suffix(">}}"))
        {
            let name = inner.trim();
            if Shortcode::from_name(name).is_some() {
                output.push('\n');
                output.push_str(&token(name));
                output.push_str("\n\n");
            } else {
                let start = position + line.find("{{<").unwrap_or(0);
                let names: Vec<&str> = Shortcode::ALL.iter().map(|known| known.name()).collect();
                let help = match did_you_mean(name, names.iter().copied()) {
                    Some(close) => format!("did you mean `{{{{< {close} >}}}}`?"),
                    None => format!("known shortcodes: {}", quoted_list(&names)),
                };
                diagnostics.push(
                    file.error(
                        start..start + trimmed.len(),
                        format!("unknown shortcode `{name}`"),
                    )
                    .with_help(help),
                );
            }
            position += line.len();
            continue;
        }
        output.push_str(line);
        position += line.len();
    }
    (output, diagnostics)
}

/// Swaps every placeholder in rendered HTML for what `render` makes of its shortcode and
/// its occurrence number in this document (so two embeds of one chart get distinct ids).
/// A placeholder naming no shortcode is left as it is.
pub fn expand(html: &str, mut render: impl FnMut(Shortcode, usize) -> String) -> String {
    if !html.contains(MARK) {
        return html.to_string();
    }
    let mut output = String::with_capacity(html.len());
    let mut rest = html;
    let mut occurrence = 0;
    while let Some(start) = rest.find("<p>\u{E000}kam:") {
        let after = &rest[start + "<p>\u{E000}kam:".len()..];
        let Some(end) = after.find('\u{E000}') else {
            break;
        };
        let name = &after[..end];
        let tail = &after[end + MARK.len_utf8()..];
        let (Some(tail), Some(shortcode)) = (tail.strip_prefix("</p>"), Shortcode::from_name(name))
        else {
            break;
        };
        output.push_str(&rest[..start]);
        output.push_str(&render(shortcode, occurrence));
        occurrence += 1;
        rest = tail;
    }
    output.push_str(rest);
    output
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn replaces_known_and_reports_unknown() {
        let body = "Intro\n{{< matrix >}}\n```\n{{< matrix >}}\n```\n{{< matrx >}}\n";
        let file = SourceFile::new("c.md", format!("+++\n+++\n{body}"));
        let (text, diagnostics) = extract(body, 8, &file);
        assert_eq!(text.matches(&token("matrix")).count(), 1);
        assert!(text.contains("```\n{{< matrix >}}\n```"));
        assert_eq!(diagnostics.len(), 1);
        assert_eq!((diagnostics[0].line, diagnostics[0].column), (8, 1));
        assert_eq!(
            diagnostics[0].help.as_deref(),
            Some("did you mean `{{< matrix >}}`?")
        );
    }

    #[test]
    fn placeholders_survive_markdown_and_expand() {
        let file = SourceFile::new("c.md", String::new());
        let (text, _) = extract("A\n{{< counts >}}\nB\n", 0, &file);
        let html = crate::markdown::render(&text).expect("shallow").html;
        let expanded = expand(&html, |shortcode, n| {
            format!("<div>{}{n}</div>", shortcode.name())
        });
        assert!(expanded.contains("<div>counts0</div>"), "{expanded}");
        assert!(!expanded.contains(MARK));
    }
}
