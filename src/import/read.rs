//! Reading an export into rows of text cells: CSV in UTF-8 (with or without BOM), UTF-16
//! with BOM or Windows-1252, with `,`, `;` or tab sniffed from the header line; or the first
//! sheet of an XLSX workbook.
//!
//! Rows and columns keep the numbers a spreadsheet shows (the header is row 1, a quoted
//! newline does not start a row), so every later error can say `FILE:row:column`. Nothing
//! here knows what a column means.

use std::collections::HashMap;
use std::io::Cursor;
use std::path::Path;

use calamine::{Data, Reader, Xlsx};

use crate::diagnostics::Diagnostic;

/// An export as a grid of trimmed-later text cells.
#[derive(Debug, Clone, PartialEq)]
pub struct Sheet {
    pub header: Vec<String>,
    pub rows: Vec<Row>,
    /// The spreadsheet column number of the first cell (1 for CSV).
    pub first_column: usize,
    /// Cells of a workbook that hold a spreadsheet error (`#DIV/0!`), by row number and
    /// cell index: a problem only if a mapped column holds one.
    pub error_cells: HashMap<(usize, usize), String>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Row {
    /// As a spreadsheet numbers it: the header is row 1.
    pub number: usize,
    pub cells: Vec<String>,
}

impl Sheet {
    /// The number shown for the cell at a 0-based index.
    pub fn column_number(&self, index: usize) -> usize {
        self.first_column + index
    }
}

pub fn read(path: &Path, shown: &Path) -> Result<Sheet, Vec<Diagnostic>> {
    let bytes = std::fs::read(path).map_err(|error| {
        vec![Diagnostic::whole_file(
            shown,
            format!("cannot read the export: {error}"),
        )]
    })?;
    if bytes.starts_with(b"PK\x03\x04") {
        return read_xlsx(bytes, shown);
    }
    let text = decode(&bytes, shown)?;
    read_csv(&text, shown)
}

/// Text of a CSV file in whichever encoding it came: a BOM decides, else UTF-8 if it is
/// valid, else Windows-1252 (what Excel on Windows writes).
pub fn decode(bytes: &[u8], shown: &Path) -> Result<String, Vec<Diagnostic>> {
    if let Some((encoding, bom_length)) = encoding_rs::Encoding::for_bom(bytes) {
        let (text, had_errors) = encoding.decode_without_bom_handling(&bytes[bom_length..]);
        if had_errors {
            let message = format!(
                "the export starts with a {} byte-order mark but is not valid {}",
                encoding.name(),
                encoding.name()
            );
            return Err(vec![Diagnostic::whole_file(shown, message).with_help(
                "export again, or save it as CSV UTF-8 from your spreadsheet",
            )]);
        }
        return Ok(text.into_owned());
    }
    if let Ok(text) = std::str::from_utf8(bytes) {
        return Ok(text.to_string());
    }
    if bytes.contains(&0) {
        return Err(vec![
            Diagnostic::whole_file(
                shown,
                "the export looks like UTF-16 without a byte-order mark",
            )
            .with_help("export it as UTF-8, or as UTF-16 with a byte-order mark"),
        ]);
    }
    let (text, _, _) = encoding_rs::WINDOWS_1252.decode(bytes);
    Ok(text.into_owned())
}

/// The delimiter that splits the header line most often, outside quotes; `,` on a tie.
pub fn sniff_delimiter(text: &str) -> u8 {
    let mut counts = [(b',', 0usize), (b';', 0), (b'\t', 0)];
    let mut quoted = false;
    for byte in text.bytes() {
        match byte {
            b'"' => quoted = !quoted,
            b'\n' | b'\r' if !quoted => break,
            _ if !quoted => {
                for (delimiter, count) in counts.iter_mut() {
                    if byte == *delimiter {
                        *count += 1;
                    }
                }
            }
            _ => {}
        }
    }
    counts
        .iter()
        .fold((b',', 0), |best, &(delimiter, count)| {
            if count > best.1 {
                (delimiter, count)
            } else {
                best
            }
        })
        .0
}

fn read_csv(text: &str, shown: &Path) -> Result<Sheet, Vec<Diagnostic>> {
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .delimiter(sniff_delimiter(text))
        .from_reader(text.as_bytes());
    let mut record = csv::StringRecord::new();
    let mut number = 0;
    let mut header = None;
    let mut rows = Vec::new();
    let mut problems = Vec::new();
    loop {
        match reader.read_record(&mut record) {
            Ok(true) => {}
            Ok(false) => break,
            Err(error) => {
                let line = error.position().map_or(number + 1, |p| p.line() as usize);
                problems.push(Diagnostic {
                    line,
                    ..Diagnostic::whole_file(shown, format!("cannot read the CSV: {error}"))
                });
                break;
            }
        }
        // csv skips blank lines, and a record's position may lie before them (or between
        // the CR and LF that ended the previous record). A spreadsheet counts every line
        // break between two records' contents as a row.
        let start = record.position().map_or(0, |p| p.byte()) as usize;
        let content = start
            + text.get(start..).map_or(0, |rest| {
                rest.bytes()
                    .take_while(|byte| matches!(byte, b'\n' | b'\r'))
                    .count()
            });
        let before = text.get(..content).unwrap_or("");
        let gap = &before[before.trim_end_matches(['\r', '\n']).len()..];
        let breaks =
            gap.matches("\r\n").count() + gap.replace("\r\n", "").matches(['\r', '\n']).count();
        number = if header.is_none() {
            1 + breaks
        } else {
            number + breaks.max(1)
        };
        let cells: Vec<String> = record.iter().map(str::to_string).collect();
        if header.is_none() {
            header = Some(cells);
        } else {
            rows.push(Row { number, cells });
        }
    }
    if !problems.is_empty() {
        return Err(problems);
    }
    let Some(header) = header else {
        return Err(vec![Diagnostic::whole_file(
            shown,
            "the export is empty: no header line",
        )]);
    };
    Ok(Sheet {
        header,
        rows,
        first_column: 1,
        error_cells: HashMap::new(),
    })
}

fn read_xlsx(bytes: Vec<u8>, shown: &Path) -> Result<Sheet, Vec<Diagnostic>> {
    let unreadable = |error: String| {
        vec![Diagnostic::whole_file(
            shown,
            format!("cannot read the workbook: {error}"),
        )]
    };
    let mut workbook: Xlsx<_> =
        Xlsx::new(Cursor::new(bytes)).map_err(|error| unreadable(error.to_string()))?;
    let range = workbook
        .worksheet_range_at(0)
        .ok_or_else(|| unreadable("it has no sheets".to_string()))?
        .map_err(|error| unreadable(error.to_string()))?;
    let Some((first_row, first_column)) = range.start() else {
        return Err(vec![Diagnostic::whole_file(
            shown,
            "the first sheet is empty: no header line",
        )]);
    };
    let first_row = first_row as usize + 1;
    let first_column = first_column as usize + 1;
    let mut error_cells = HashMap::new();
    let mut grid = Vec::new();
    for (index, cells) in range.rows().enumerate() {
        let number = first_row + index;
        let mut texts = Vec::with_capacity(cells.len());
        for (column, cell) in cells.iter().enumerate() {
            match cell_text(cell) {
                Ok(text) => texts.push(text),
                Err(message) => {
                    error_cells.insert((number, column), message);
                    texts.push(String::new());
                }
            }
        }
        grid.push(Row {
            number,
            cells: texts,
        });
    }
    let mut rows = grid.into_iter();
    let header = rows.next().map(|row| row.cells).unwrap_or_default();
    Ok(Sheet {
        header,
        rows: rows
            .filter(|row| row.cells.iter().any(|cell| !cell.trim().is_empty()))
            .collect(),
        first_column,
        error_cells,
    })
}

/// A cell as the text a CSV export of it would hold; numbers without a needless `.0`.
fn cell_text(cell: &Data) -> Result<String, String> {
    Ok(match cell {
        Data::Empty => String::new(),
        Data::String(text) => text.clone(),
        Data::Int(value) => value.to_string(),
        Data::Float(value) if value.fract() == 0.0 && value.abs() < 1e17 => {
            format!("{}", *value as i64)
        }
        Data::Float(value) => value.to_string(),
        Data::Bool(value) => value.to_string(),
        Data::DateTimeIso(text) | Data::DurationIso(text) => text.clone(),
        Data::DateTime(value) => value.to_string(),
        Data::Error(error) => return Err(format!("the spreadsheet error {error}")),
        #[allow(unreachable_patterns)]
        _ => String::new(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    proptest! {
        #[test]
        fn no_bytes_make_the_reader_panic(bytes in proptest::collection::vec(any::<u8>(), 0..400)) {
            if let Ok(text) = decode(&bytes, Path::new("x.csv")) {
                let _ = read_csv(&text, Path::new("x.csv"));
            }
        }

        #[test]
        fn row_numbers_only_grow(text in "[a,;\"\r\n]{0,60}") {
            if let Ok(sheet) = read_csv(&text, Path::new("x.csv")) {
                let numbers: Vec<usize> = sheet.rows.iter().map(|row| row.number).collect();
                prop_assert!(numbers.windows(2).all(|pair| pair[0] < pair[1]));
                prop_assert!(numbers.first().is_none_or(|first| *first >= 2));
            }
        }
    }

    #[test]
    fn sniffs_the_header_line_outside_quotes() {
        assert_eq!(sniff_delimiter("a,b,c\n1;2;3;4;5\n"), b',');
        assert_eq!(sniff_delimiter("\"a,b\";c;d\n"), b';');
        assert_eq!(sniff_delimiter("a\tb\tc\r\n"), b'\t');
        assert_eq!(sniff_delimiter("single\n"), b',');
    }

    #[test]
    fn rows_count_like_a_spreadsheet() {
        let text = "name,note\n\"A\",\"two\nlines\"\n\nB,x\n";
        let sheet = read_csv(text, Path::new("x.csv")).expect("reads");
        let numbers: Vec<usize> = sheet.rows.iter().map(|row| row.number).collect();
        // Row 2 spans two lines; the blank line is row 3; B is row 4.
        assert_eq!(numbers, [2, 4]);
        assert_eq!(sheet.rows[0].cells[1], "two\nlines");
        let crlf = text.replace('\n', "\r\n") + "C,y\r\n";
        let sheet = read_csv(&crlf, Path::new("x.csv")).expect("reads");
        let numbers: Vec<usize> = sheet.rows.iter().map(|row| row.number).collect();
        assert_eq!(numbers, [2, 4, 5]);
    }

    #[test]
    fn encodings_decode_to_the_same_text() {
        let text = "Kund;Säljare\nÖsterfjärdens Massa AB;Maria Sundqvist\n";
        let shown = Path::new("x.csv");
        let mut bom = vec![0xEF, 0xBB, 0xBF];
        bom.extend_from_slice(text.as_bytes());
        let (cp1252, _, _) = encoding_rs::WINDOWS_1252.encode(text);
        let mut utf16 = vec![0xFF, 0xFE];
        for unit in text.encode_utf16() {
            utf16.extend_from_slice(&unit.to_le_bytes());
        }
        for bytes in [text.as_bytes().to_vec(), bom, cp1252.into_owned(), utf16] {
            assert_eq!(decode(&bytes, shown).expect("decodes"), text);
        }
    }
}
