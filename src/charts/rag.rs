//! How many accounts have a red, amber, green or no plan status (SPEC §6) across the
//! portfolio: one labelled horizontal bar per status with its count at the end. Each status
//! has its own fill pattern besides its colour, and its name next to the bar.
//!
//! Not here: deciding a plan's status (`analysis::plan`).

use crate::i18n::Format;

use super::Meta;
use super::canvas::{self, Canvas, Fill, render};
use super::colour;
use super::text;

#[derive(Debug, Clone)]
pub struct RagInput<'a> {
    pub meta: Meta,
    pub format: Format<'a>,
    /// Names of the statuses in this order: red, amber, green, none.
    pub labels: [String; 4],
    /// Number of accounts per status, same order.
    pub counts: [usize; 4],
}

const WIDTH: f64 = 480.0;
const TEXT_PX: f64 = 13.0;
const ROW: f64 = 32.0;
const BAR: f64 = 22.0;

const FILLS: [(Fill, &str); 4] = [
    (
        Fill::Cross {
            ink: colour::VERMILLION,
            paper: "#FBE1D3",
        },
        "#8F3F00",
    ),
    (
        Fill::Hatch {
            ink: colour::ORANGE,
            paper: "#FFF4DC",
        },
        "#8A5F00",
    ),
    (Fill::Solid(colour::GREEN), "#005C43"),
    (Fill::Solid("#FFFFFF"), "#777777"),
];
const KEYS: [&str; 4] = ["red", "amber", "green", "none"];

/// Draws the status counts; the "no data" SVG when every count is 0.
pub fn rag_counts(input: &RagInput) -> String {
    if input.counts.iter().all(|count| *count == 0) {
        return canvas::no_data(&input.meta, "rag");
    }
    let height = (4.0 * ROW + 12.0) as u32;
    render(&input.meta, "rag", (WIDTH as u32, height), |canvas| {
        draw(input, canvas);
        Ok(())
    })
}

fn draw(input: &RagInput, canvas: &mut Canvas) {
    let format = input.format;
    let labels: Vec<String> = input
        .labels
        .iter()
        .map(|label| text::fit(label, TEXT_PX, WIDTH * 0.4))
        .collect();
    let label_width = labels
        .iter()
        .map(|label| text::width(label, TEXT_PX))
        .fold(0.0, f64::max);
    let counts: Vec<String> = input
        .counts
        .iter()
        .map(|count| format.number(*count as f64, 0))
        .collect();
    let count_width = counts
        .iter()
        .map(|count| text::width(count, TEXT_PX))
        .fold(0.0, f64::max);
    let bar_left = 4.0 + label_width + 10.0;
    let bar_max = WIDTH - bar_left - count_width - 14.0;
    let max = input.counts.iter().copied().max().unwrap_or(0).max(1) as f64;
    let text_attrs = format!(
        "font-size=\"{}\" fill=\"{}\"",
        text::num(TEXT_PX),
        colour::INK
    );
    canvas.over.line(
        bar_left,
        4.0,
        bar_left,
        4.0 + 4.0 * ROW,
        &format!("stroke=\"{}\"", colour::MUTED),
    );
    for index in 0..4 {
        let y = 8.0 + index as f64 * ROW;
        let (fill, stroke) = FILLS[index];
        let paint = canvas.paint(&format!("fill-{}", KEYS[index]), fill);
        let middle = y + BAR / 2.0 + TEXT_PX * 0.36;
        canvas.over.text(
            bar_left - 10.0,
            middle,
            &labels[index],
            &format!("{text_attrs} text-anchor=\"end\""),
        );
        let length = bar_max * input.counts[index] as f64 / max;
        if input.counts[index] > 0 {
            let dash = if index == 3 {
                " stroke-dasharray=\"4 2\""
            } else {
                ""
            };
            canvas.over.rect(
                bar_left,
                y,
                length.max(2.0),
                BAR,
                &format!(
                    "class=\"kam-rag-{}\" fill=\"{paint}\" stroke=\"{stroke}\"{dash}",
                    KEYS[index]
                ),
            );
        }
        canvas.over.text(
            bar_left + length.max(2.0) + 6.0,
            middle,
            &counts[index],
            &format!("{text_attrs} font-weight=\"bold\""),
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::Language;

    fn input(counts: [usize; 4]) -> RagInput<'static> {
        RagInput {
            meta: Meta {
                id: "rag".into(),
                title: "Planstatus".into(),
                desc: "d".into(),
                no_data: "Inga kunder".into(),
            },
            format: Format {
                language: Language::Sv,
                currency: "SEK",
            },
            labels: [
                "Röd".into(),
                "Gul".into(),
                "Grön".into(),
                "Ingen plan".into(),
            ],
            counts,
        }
    }

    #[test]
    fn all_zero_is_no_data() {
        assert!(rag_counts(&input([0; 4])).contains("Inga kunder"));
    }

    #[test]
    fn counts_and_labels_show() {
        let svg = rag_counts(&input([1, 0, 12_000, 3]));
        assert!(svg.contains(">12\u{a0}000<") && svg.contains(">Röd<") && svg.contains(">0<"));
        assert!(!svg.contains("kam-rag-amber"));
    }
}
