//! Splitting `+++` TOML front matter from the Markdown body, keeping byte offsets so
//! errors inside the front matter point at the right line of the file.
//!
//! Not here: reading the TOML itself (`fields`).

#[derive(Debug, PartialEq)]
pub enum Split<'a> {
    /// The file does not start with a `+++` line.
    Missing,
    /// A `+++` line opens the front matter but none closes it.
    Unclosed,
    Found {
        toml: &'a str,
        /// Byte offset of `toml` in the file.
        toml_offset: usize,
        body: &'a str,
    },
}

fn is_delimiter(line: &str) -> bool {
    line.trim_end_matches(['\n', '\r']).trim_end() == "+++"
}

pub fn split(text: &str) -> Split<'_> {
    let start = if text.starts_with('\u{feff}') { 3 } else { 0 };
    let mut lines = text[start..].split_inclusive('\n');
    let Some(first) = lines.next() else {
        return Split::Missing;
    };
    if !is_delimiter(first) {
        return Split::Missing;
    }
    let toml_offset = start + first.len();
    let mut position = toml_offset;
    for line in lines {
        if is_delimiter(line) {
            return Split::Found {
                toml: &text[toml_offset..position],
                toml_offset,
                body: &text[position + line.len()..],
            };
        }
        position += line.len();
    }
    Split::Unclosed
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_front_matter_and_body() {
        let text = "+++\nname = \"x\"\n+++\n# Body\n";
        assert_eq!(
            split(text),
            Split::Found {
                toml: "name = \"x\"\n",
                toml_offset: 4,
                body: "# Body\n"
            }
        );
    }

    #[test]
    fn tolerates_bom_and_crlf() {
        let text = "\u{feff}+++\r\na = 1\r\n+++\r\n";
        assert!(matches!(
            split(text),
            Split::Found {
                toml: "a = 1\r\n",
                toml_offset: 8,
                body: ""
            }
        ));
    }

    #[test]
    fn missing_and_unclosed() {
        assert_eq!(split("# Just markdown"), Split::Missing);
        assert_eq!(split(""), Split::Missing);
        assert_eq!(split("+++\na = 1\n"), Split::Unclosed);
    }
}
