//! Text for charts: the embedded font, text measurement, XML escaping and the fixed
//! number formatting used for coordinates.
//!
//! Measurement is what the font is for. Browsers draw the text themselves (with the
//! `font-family` stack named in [`FAMILY`]); kam only needs to know how wide a label will be
//! to place it without overlaps and without running off the edge. The metrics come from
//! DejaVu Sans, compiled into the binary, so a build never looks at installed fonts.

use std::sync::OnceLock;

use ab_glyph::{Font, FontRef, GlyphId, PxScaleFont, ScaleFont};
use plotters::style::{FontStyle, register_font};

/// The family plotters knows the embedded font by, and the `font-family` written into the
/// SVG. Registering the font under the whole CSS stack means the text elements plotters
/// writes carry the same fallbacks as ours: DejaVu Sans where installed (or served by the
/// theme), else Verdana, whose widths are close, else the browser's sans-serif.
pub(crate) const FAMILY: &str = "DejaVu Sans, Verdana, sans-serif";

static FONT: &[u8] = include_bytes!("../../themes/default/fonts/DejaVuSans.ttf");

/// Registers the embedded font with plotters, once per process; false if that failed.
///
/// plotters keeps registered fonts in a global table behind a lock, so after this every
/// thread can measure and draw concurrently.
pub(crate) fn font_ready() -> bool {
    static READY: OnceLock<bool> = OnceLock::new();
    *READY.get_or_init(|| register_font(FAMILY, FontStyle::Normal, FONT).is_ok())
}

/// plotters' ab_glyph backend scales a font so that ascent − descent equals the size it is
/// given; SVG's `font-size` is the em. For DejaVu Sans that height is 1901 − (−483) = 2384
/// font units, the em 2048.
/// Measuring at the font's own units-per-em (as a plotters size) gives advances in font
/// units, so plotters' integer rounding costs nothing.
const MEASURE_SIZE: f64 = 2384.0;
const UNITS_PER_EM: f64 = 2048.0;

/// Characters whose advances are looked up in a table: Latin, Latin-1 and Latin Extended-A
/// and -B, which covers the Nordic and most European names.
const TABLE_END: u32 = 0x250;

struct Metrics {
    /// The embedded font as plotters reads it.
    font: FontRef<'static>,
    /// The glyph and unrounded scaled advance of each character below [`TABLE_END`], so
    /// measuring a cut label looks up only its kerning.
    glyphs: Vec<(GlyphId, f32)>,
}

impl Metrics {
    /// The font at plotters' measuring scale: the same calls plotters makes, so the sums
    /// below are plotters' to the last bit.
    fn scaled(&self) -> PxScaleFont<&FontRef<'static>> {
        self.font.as_scaled(MEASURE_SIZE as f32)
    }

    /// `c`'s glyph and its advance at the measuring scale.
    fn glyph(&self, font: &PxScaleFont<&FontRef<'static>>, c: char) -> (GlyphId, f32) {
        self.glyphs.get(c as usize).copied().unwrap_or_else(|| {
            let glyph = font.glyph_id(c);
            (glyph, font.h_advance(glyph))
        })
    }

    /// The advance of a table character in whole font units, as plotters measures it
    /// alone; control characters take no room. `None` outside the table.
    fn table_advance(&self, c: char) -> Option<f64> {
        let (_, advance) = self.glyphs.get(c as usize)?;
        Some(if c.is_control() {
            0.0
        } else {
            whole_units(*advance)
        })
    }

    /// The running width after each character of `text`, with its glyph: advances and
    /// kerning summed in `f32` in the order plotters adds them.
    fn running<'t>(
        &'t self,
        text: impl Iterator<Item = char> + 't,
    ) -> impl Iterator<Item = (f32, GlyphId)> + 't {
        let font = self.scaled();
        let mut units = 0f32;
        let mut previous: Option<GlyphId> = None;
        text.map(move |c| {
            let (glyph, advance) = self.glyph(&font, c);
            units += advance;
            if let Some(previous) = previous {
                units += font.kern(previous, glyph);
            }
            previous = Some(glyph);
            (units, glyph)
        })
    }

    /// The width of `text` in font units as plotters' `box_size` gives it.
    fn measured(&self, text: &str) -> f64 {
        whole_units(
            self.running(text.chars())
                .last()
                .map_or(0.0, |(units, _)| units),
        )
    }
}

/// plotters' layout box is whole font units, truncated toward zero.
fn whole_units(units: f32) -> f64 {
    f64::from((units as i32).unsigned_abs())
}

/// The embedded font, parsed once. plotters measures text through a global lock, which
/// many threads measuring many labels would contend on; kam reads the same font the same
/// way without it.
fn metrics() -> Option<&'static Metrics> {
    static METRICS: OnceLock<Option<Metrics>> = OnceLock::new();
    METRICS
        .get_or_init(|| {
            if !font_ready() {
                return None;
            }
            let font = FontRef::try_from_slice(FONT).ok()?;
            let mut metrics = Metrics {
                font,
                glyphs: Vec::new(),
            };
            let scaled = metrics.scaled();
            let glyphs = (0..TABLE_END)
                .map(|code| {
                    let glyph = scaled.glyph_id(char::from_u32(code).unwrap_or('\0'));
                    (glyph, scaled.h_advance(glyph))
                })
                .collect();
            metrics.glyphs = glyphs;
            Some(metrics)
        })
        .as_ref()
}

/// The advance width in px of `text` at `font_px` (the SVG `font-size`). Table characters
/// add up without kerning, which DejaVu only ever uses to tighten, so the result errs on
/// the wide side; other text is measured whole. Without the font, a generous estimate.
pub(crate) fn width(text: &str, font_px: f64) -> f64 {
    let Some(metrics) = metrics() else {
        return estimated_width(text.chars().count(), font_px);
    };
    let mut units = 0.0f64;
    for c in text.chars() {
        match metrics.table_advance(c) {
            Some(advance) => units += advance,
            None => {
                units = metrics.measured(text);
                break;
            }
        }
    }
    units / UNITS_PER_EM * font_px
}

/// Without the font, a width that is generous for any script.
fn estimated_width(chars: usize, font_px: f64) -> f64 {
    chars as f64 * 0.65 * font_px
}

const ELLIPSIS: char = '…';

/// `text` cut at a character boundary and ended with "…" so that it fits in `max_px`; the
/// whole text if it fits; an empty string if not even "…" fits.
pub(crate) fn fit(text: &str, font_px: f64, max_px: f64) -> String {
    if width(text, font_px) <= max_px {
        return text.to_string();
    }
    let chars: Vec<char> = text.chars().collect();
    // Trailing spaces are dropped before the "…", so a prefix ends where its last word does.
    let trimmed = |kept: usize| {
        chars[..kept]
            .iter()
            .rposition(|c| !c.is_whitespace())
            .map_or(0, |last| last + 1)
    };
    let cut_width = cut_widths(&chars, font_px);
    // Binary search over the number of characters kept: width grows with it.
    let (mut low, mut high) = (0usize, chars.len());
    while low < high {
        let mid = (low + high).div_ceil(2);
        if cut_width(trimmed(mid)) <= max_px {
            low = mid;
        } else {
            high = mid - 1;
        }
    }
    if low == 0 {
        let ellipsis = ELLIPSIS.to_string();
        return if width(&ellipsis, font_px) <= max_px {
            ellipsis
        } else {
            String::new()
        };
    }
    let mut cut: String = chars[..trimmed(low)].iter().collect();
    cut.push(ELLIPSIS);
    cut
}

/// The px width of `chars[..kept]` followed by "…", for any `kept`: what [`width`] gives for
/// that text, from sums made once rather than a measurement per length tried.
fn cut_widths(chars: &[char], font_px: f64) -> impl Fn(usize) -> f64 + '_ {
    let metrics = metrics();
    // The running sum after each character, with its glyph.
    let prefixes: Vec<(f32, GlyphId)> = metrics.map_or_else(Vec::new, |metrics| {
        metrics.running(chars.iter().copied()).collect()
    });
    move |kept: usize| {
        let Some(metrics) = metrics else {
            return estimated_width(kept + 1, font_px);
        };
        let font = metrics.scaled();
        let ellipsis = font.glyph_id(ELLIPSIS);
        // Summed in plotters' order: the prefix, the ellipsis's advance, then its kerning.
        let units = match kept.checked_sub(1).and_then(|last| prefixes.get(last)) {
            Some((before, last)) => before + font.h_advance(ellipsis) + font.kern(*last, ellipsis),
            None => font.h_advance(ellipsis),
        };
        whole_units(units) / UNITS_PER_EM * font_px
    }
}

/// Splits `text` into lines no wider than `max_px`, breaking at spaces; a single word wider
/// than the line is shortened with "…".
pub(crate) fn wrap(text: &str, font_px: f64, max_px: f64) -> Vec<String> {
    let mut lines = Vec::new();
    let mut line = String::new();
    for word in text.split_whitespace() {
        let candidate = if line.is_empty() {
            word.to_string()
        } else {
            format!("{line} {word}")
        };
        if width(&candidate, font_px) <= max_px {
            line = candidate;
        } else {
            if !line.is_empty() {
                lines.push(std::mem::take(&mut line));
            }
            line = fit(word, font_px, max_px);
        }
    }
    if !line.is_empty() {
        lines.push(line);
    }
    lines
}

/// XML-escapes `text` for element content and attribute values alike, and drops the
/// control characters XML 1.0 cannot carry at all (a TOML string can hold them).
pub(crate) fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    escape_into(&mut out, text);
    out
}

pub(crate) fn escape_into(out: &mut String, text: &str) {
    let bytes = text.as_bytes();
    let mut copied = 0;
    let mut at = 0;
    // Runs of ordinary text are copied whole; only the few bytes that start something to
    // replace or drop are looked at one by one.
    while at < bytes.len() {
        let replacement = match bytes[at] {
            b'&' => Some("&amp;"),
            b'<' => Some("&lt;"),
            b'>' => Some("&gt;"),
            b'"' => Some("&quot;"),
            b'\'' => Some("&apos;"),
            b'\t' | b'\n' | b'\r' => Some(" "),
            byte if byte < 0x20 => Some(""),
            // U+FFFE and U+FFFF, which XML cannot carry either.
            0xEF if matches!(bytes.get(at + 1..at + 3), Some([0xBF, 0xBE | 0xBF])) => Some(""),
            _ => None,
        };
        let Some(replacement) = replacement else {
            at += 1;
            continue;
        };
        out.push_str(&text[copied..at]);
        out.push_str(replacement);
        at += if bytes[at] == 0xEF { 3 } else { 1 };
        copied = at;
    }
    out.push_str(&text[copied..]);
}

/// A coordinate with at most one decimal, without a trailing ".0", never "NaN" or "-0":
/// fixed formatting keeps output byte-identical across runs and platforms.
pub(crate) fn num(value: f64) -> String {
    let mut out = String::new();
    push_num(&mut out, value);
    out
}

pub(crate) fn push_num(out: &mut String, value: f64) {
    let tenths = if value.is_finite() {
        (value * 10.0).round()
    } else {
        0.0
    };
    // Coordinates stay far inside i64; the clamp only guards absurd input.
    let tenths = tenths.clamp(-1e15, 1e15) as i64;
    if tenths < 0 {
        out.push('-');
    }
    let abs = tenths.unsigned_abs();
    out.push_str(itoa::Buffer::new().format(abs / 10));
    if !abs.is_multiple_of(10) {
        out.push('.');
        out.push(char::from(b'0' + (abs % 10) as u8));
    }
}

/// A finite value, or `fallback` for NaN and infinities.
pub(crate) fn finite(value: f64, fallback: f64) -> f64 {
    if value.is_finite() { value } else { fallback }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_are_fixed() {
        assert_eq!(num(12.0), "12");
        assert_eq!(num(12.04), "12");
        assert_eq!(num(12.06), "12.1");
        assert_eq!(num(-0.01), "0");
        assert_eq!(num(-3.25), "-3.3");
        assert_eq!(num(f64::NAN), "0");
        assert_eq!(num(f64::INFINITY), "0");
    }

    #[test]
    fn escaping_covers_markup_and_controls() {
        assert_eq!(escape("a<b>&\"c'\u{1}d"), "a&lt;b&gt;&amp;&quot;c&apos;d");
        assert_eq!(escape("Åhléns"), "Åhléns");
    }

    #[test]
    fn measures_with_the_embedded_font() {
        assert!(font_ready());
        // DejaVu Sans digits advance 1303/2048 em.
        let w = width("0000000000", 10.0);
        assert!((w - 63.6).abs() < 0.5, "{w}");
        assert!(width("ÅÄÖ", 12.0) > width("A", 12.0) * 2.5);
        // Outside the table: measured whole, on the same scale.
        let arrows = width("→→", 10.0);
        assert!(arrows > 10.0 && arrows < 25.0, "{arrows}");
        assert!((width("0→", 10.0) - width("0", 10.0) - arrows / 2.0).abs() < 0.5);
    }

    #[test]
    fn fitting_and_wrapping() {
        assert!(font_ready());
        assert_eq!(fit("Kort", 12.0, 200.0), "Kort");
        let cut = fit("Ett mycket långt kundnamn AB", 12.0, 80.0);
        assert!(cut.ends_with('…') && width(&cut, 12.0) <= 80.0, "{cut}");
        assert_eq!(fit("Namn", 12.0, 1.0), "");
        let lines = wrap("ett två tre fyra fem sex sju åtta", 12.0, 60.0);
        assert!(lines.len() > 2);
        assert!(lines.iter().all(|line| width(line, 12.0) <= 60.0));
        assert!(wrap("", 12.0, 60.0).is_empty());
    }

    /// What `escape_into` did a character at a time before it copied runs.
    fn escape_by_char(text: &str) -> String {
        let mut out = String::new();
        for c in text.chars() {
            match c {
                '&' => out.push_str("&amp;"),
                '<' => out.push_str("&lt;"),
                '>' => out.push_str("&gt;"),
                '"' => out.push_str("&quot;"),
                '\'' => out.push_str("&apos;"),
                '\t' | '\n' | '\r' => out.push(' '),
                c if (c as u32) < 0x20 || c == '\u{FFFE}' || c == '\u{FFFF}' => {}
                c => out.push(c),
            }
        }
        out
    }

    /// What `fit` did before it summed widths once: every length tried measured whole.
    fn fit_by_measuring(text: &str, font_px: f64, max_px: f64) -> String {
        if width(text, font_px) <= max_px {
            return text.to_string();
        }
        let chars: Vec<char> = text.chars().collect();
        let candidate = |kept: usize| {
            chars[..kept]
                .iter()
                .collect::<String>()
                .trim_end()
                .to_string()
                + "…"
        };
        let (mut low, mut high) = (0usize, chars.len());
        while low < high {
            let mid = (low + high).div_ceil(2);
            if width(&candidate(mid), font_px) <= max_px {
                low = mid;
            } else {
                high = mid - 1;
            }
        }
        if low == 0 {
            return if width("…", font_px) <= max_px {
                "…".to_string()
            } else {
                String::new()
            };
        }
        candidate(low)
    }

    proptest::proptest! {
        #[test]
        fn escaping_runs_matches_escaping_characters(text in "[a-zåé&<>\"' \t\n\r\u{1}\u{7f}\u{fffe}\u{ffff}\u{fffd}→]{0,40}") {
            let mut out = String::from("kept ");
            escape_into(&mut out, &text);
            proptest::prop_assert_eq!(out, format!("kept {}", escape_by_char(&text)));
        }

        #[test]
        fn measuring_matches_plotters(text in "[A-Za-z0-9ÅÄÖåäö .,&→…ŁŒ\u{4e2d}]{0,30}") {
            proptest::prop_assert!(font_ready());
            let plotters = plotters::style::FontDesc::new(
                plotters::style::FontFamily::Name(FAMILY),
                MEASURE_SIZE,
                FontStyle::Normal,
            );
            let expected = plotters.box_size(&text).map(|(w, _)| f64::from(w));
            proptest::prop_assert_eq!(metrics().map(|m| m.measured(&text)), expected.ok());
        }

        #[test]
        fn fitting_matches_measuring_each_cut(
            text in "[A-Za-z0-9ÅÄÖåäö .,&→ŁŒ\u{4e2d}]{0,40}",
            font_px in 8.0f64..16.0,
            max_px in 0.0f64..200.0,
        ) {
            proptest::prop_assert_eq!(fit(&text, font_px, max_px), fit_by_measuring(&text, font_px, max_px));
        }
    }
}
