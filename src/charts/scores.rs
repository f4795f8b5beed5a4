//! Where an account's scores come from (SPEC §4): one bar per score (attractiveness,
//! strength) on the 0–10 scale, split into each factor's weighted contribution, with the
//! cut-off as a dashed line across it. Segments are numbered and alternate dark solid
//! and light patterned fills, and a numbered legend under each bar names the factors, so
//! the chart reads in black and white.
//!
//! Not here: computing the scores (`analysis::scores`).

use crate::i18n::Format;
use std::borrow::Cow;

use super::Meta;
use super::axis::{self, Axis, Frame, Insets};
use super::canvas::{self, Canvas, Fill, render};
use super::colour;
use super::text::{self, finite};

/// One factor's part of a score, as analysis computed it.
#[derive(Debug, Clone, PartialEq)]
pub struct ScoreFactor {
    /// The factor's name as the site calls it.
    pub label: String,
    /// The account's score on this factor, 0–10.
    pub score: f64,
    /// The factor's weight (any positive number; shown as its share of the weights).
    pub weight: f64,
    /// weight·score / Σ weights: the segment's length.
    pub contribution: f64,
}

/// One score and its factors.
#[derive(Debug, Clone, PartialEq)]
pub struct ScoreBar {
    /// "Attractiveness" or "Strength", in the site's language.
    pub label: String,
    /// The weighted score, 0–10 (the sum of the contributions).
    pub value: f64,
    /// The cut-off for this score.
    pub cutoff: f64,
    pub factors: Vec<ScoreFactor>,
}

#[derive(Debug, Clone)]
pub struct ScoreInput<'a> {
    pub meta: Meta,
    pub format: Format<'a>,
    /// Usually two: attractiveness, then strength.
    pub bars: Cow<'a, [ScoreBar]>,
    /// Name of the cut-off line, e.g. "Cut-off"; the value is appended.
    pub cutoff_label: String,
}

const WIDTH: u32 = 480;
const PLOT_LEFT: u32 = 20;
/// 0–10 over 440 px: tenths land on whole pixels.
const PLOT_WIDTH: u32 = 440;
const TEXT_PX: f64 = 13.0;
const BAR_HEIGHT: f64 = 28.0;
const LEGEND_ROW: f64 = 19.0;
const HEADER: f64 = 24.0;
/// Header, bar, room for the cut-off label and a gap before the legend.
const BLOCK: f64 = HEADER + BAR_HEIGHT + 22.0;
const BLOCK_GAP: f64 = 18.0;

const FILLS: [(Fill, &str); 6] = [
    (Fill::Solid(colour::BLUE), "#004B75"),
    (
        Fill::Hatch {
            ink: colour::ORANGE,
            paper: "#FFF4DC",
        },
        "#8A5F00",
    ),
    (Fill::Solid(colour::GREEN), "#005C43"),
    (
        Fill::Dots {
            ink: colour::PURPLE,
            paper: "#F9E9F1",
        },
        "#8E4A70",
    ),
    (Fill::Solid(colour::VERMILLION), "#8F3F00"),
    (
        Fill::Cross {
            ink: colour::SKY,
            paper: "#FFFFFF",
        },
        "#2A6F96",
    ),
];

/// A bar's legend: rows of (factor index, x, entry text).
type LegendRows = Vec<Vec<(usize, f64, String)>>;

/// Draws the score breakdown; the "no data" SVG without bars.
pub fn score_breakdown(input: &ScoreInput) -> String {
    if input.bars.is_empty() {
        return canvas::no_data(&input.meta, "scores");
    }
    let legends: Vec<LegendRows> = input
        .bars
        .iter()
        .map(|bar| legend_rows(input, bar))
        .collect();
    let blocks: f64 = legends
        .iter()
        .map(|rows| BLOCK + rows.len() as f64 * LEGEND_ROW + BLOCK_GAP)
        .sum();
    let top = 8.0;
    let plot_height = blocks.ceil() as u32;
    let insets = Insets {
        top: top as u32,
        right: WIDTH - PLOT_LEFT - PLOT_WIDTH - 1,
        bottom: 4,
        left: PLOT_LEFT,
        x_labels: 22,
        y_labels: 0,
        y2_labels: 0,
    };
    let height = insets.top + plot_height + 1 + insets.x_labels + insets.bottom;
    let format = input.format;
    let tick_label = |value: &f64| format.number(*value, 0);
    let no_label = |_: &f64| String::new();
    render(&input.meta, "scores", (WIDTH, height), |canvas| {
        let frame = axis::cartesian(
            canvas,
            insets,
            Axis {
                range: 0.0..10.0,
                ticks: (0..=5).map(|i| f64::from(i) * 2.0).collect(),
                label: &tick_label,
            },
            Axis {
                range: 0.0..1.0,
                ticks: Vec::new(),
                label: &no_label,
            },
            12.5,
        )?;
        draw(input, &legends, &frame, canvas);
        Ok(())
    })
}

/// Legend entries of one bar as rows of (factor index, x, text) that fit the width.
fn legend_rows(input: &ScoreInput, bar: &ScoreBar) -> LegendRows {
    let left = f64::from(PLOT_LEFT);
    let right = f64::from(PLOT_LEFT + PLOT_WIDTH);
    let mut rows: LegendRows = Vec::new();
    let mut x = left;
    for (index, factor) in bar.factors.iter().enumerate() {
        let entry = format!(
            "{} {} {}",
            index + 1,
            factor.label,
            input.format.number(finite(factor.contribution, 0.0), 1)
        );
        let entry = text::fit(&entry, TEXT_PX, right - left - 20.0);
        let w = 18.0 + text::width(&entry, TEXT_PX);
        if rows.is_empty() || (x + w > right && x > left) {
            rows.push(Vec::new());
            x = left;
        }
        if let Some(row) = rows.last_mut() {
            row.push((index, x, entry));
        }
        x += w + 18.0;
    }
    rows
}

fn draw(input: &ScoreInput, legends: &[LegendRows], frame: &Frame, canvas: &mut Canvas) {
    let format = input.format;
    for tick in 0..=10 {
        let x = frame.x(f64::from(tick)).round();
        canvas
            .under
            .line(x, frame.top, x, frame.bottom, "stroke=\"#EBEBEB\"");
    }
    let fills: Vec<(String, &str)> = FILLS
        .iter()
        .enumerate()
        .map(|(i, (fill, stroke))| (canvas.paint(&format!("fill-{i}"), *fill), *stroke))
        .collect();
    let text_attrs = format!(
        "font-size=\"{}\" fill=\"{}\"",
        text::num(TEXT_PX),
        colour::INK
    );
    let halo =
        "stroke=\"#FFFFFF\" stroke-width=\"3\" stroke-linejoin=\"round\" paint-order=\"stroke\"";
    let mut y = frame.top;
    for (bar, rows) in input.bars.iter().zip(legends) {
        let value = finite(bar.value, 0.0).clamp(0.0, 10.0);
        canvas.over.text(
            frame.left,
            y + 16.0,
            &text::fit(&bar.label, 14.0, frame.width() - 60.0),
            &format!(
                "font-size=\"14\" font-weight=\"bold\" fill=\"{}\"",
                colour::INK
            ),
        );
        canvas.over.text(
            frame.right,
            y + 16.0,
            &format.number(value, 1),
            &format!(
                "font-size=\"14\" font-weight=\"bold\" text-anchor=\"end\" fill=\"{}\"",
                colour::INK
            ),
        );
        let bar_top = y + HEADER;
        // The empty track shows the whole 0–10 scale.
        canvas.over.rect(
            frame.left,
            bar_top,
            frame.width(),
            BAR_HEIGHT,
            "fill=\"#F4F4F4\" stroke=\"#CCCCCC\"",
        );
        let total_weight: f64 = bar
            .factors
            .iter()
            .map(|f| finite(f.weight, 0.0).max(0.0))
            .sum();
        let mut start = 0.0;
        for (index, factor) in bar.factors.iter().enumerate() {
            let contribution = finite(factor.contribution, 0.0).max(0.0);
            let end = (start + contribution).min(10.0);
            let (x0, x1) = (frame.x(start), frame.x(end));
            let (fill, stroke) = &fills[index % fills.len()];
            let share = if total_weight > 0.0 {
                finite(factor.weight, 0.0).max(0.0) / total_weight
            } else {
                0.0
            };
            let tooltip = format!(
                "<title>{}</title>",
                text::escape(&format!(
                    "{}: {} × {} = {}",
                    factor.label,
                    format.number(finite(factor.score, 0.0), 1),
                    format.percent(share),
                    format.number(contribution, 2)
                ))
            );
            canvas.over.rect_with(
                x0,
                bar_top,
                x1 - x0,
                BAR_HEIGHT,
                &format!("fill=\"{fill}\" stroke=\"{stroke}\""),
                Some(&tooltip),
            );
            let number = (index + 1).to_string();
            if x1 - x0 >= text::width(&number, TEXT_PX) + 8.0 {
                canvas.over.text(
                    (x0 + x1) / 2.0,
                    bar_top + BAR_HEIGHT / 2.0 + TEXT_PX * 0.36,
                    &number,
                    &format!("{text_attrs} text-anchor=\"middle\" font-weight=\"bold\" {halo}"),
                );
            }
            start = end;
        }
        // The cut-off: a dashed line through the bar and its value under it.
        let cutoff = finite(bar.cutoff, 0.0).clamp(0.0, 10.0);
        let x = frame.x(cutoff).round();
        canvas.over.line(
            x,
            bar_top - 5.0,
            x,
            bar_top + BAR_HEIGHT + 5.0,
            &format!(
                "stroke=\"{}\" stroke-width=\"2\" stroke-dasharray=\"4 3\"",
                colour::INK
            ),
        );
        let label = format!("{} {}", input.cutoff_label, format.number(cutoff, 1));
        let w = text::width(&label, 12.0);
        let lx = x.clamp(frame.left + w / 2.0, frame.right - w / 2.0);
        canvas.over.text(
            lx,
            bar_top + BAR_HEIGHT + 17.0,
            &label,
            &format!(
                "font-size=\"12\" text-anchor=\"middle\" fill=\"{}\"",
                colour::MUTED
            ),
        );

        let mut row_y = y + BLOCK + 12.0;
        for row in rows {
            for (index, lx, entry) in row {
                let (fill, stroke) = &fills[index % fills.len()];
                canvas.over.rect(
                    *lx,
                    row_y - 10.0,
                    12.0,
                    12.0,
                    &format!("fill=\"{fill}\" stroke=\"{stroke}\""),
                );
                canvas.over.text(*lx + 18.0, row_y, entry, &text_attrs);
            }
            row_y += LEGEND_ROW;
        }
        y += BLOCK + rows.len() as f64 * LEGEND_ROW + BLOCK_GAP;
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::Language;

    fn input(bars: &[ScoreBar]) -> ScoreInput<'_> {
        ScoreInput {
            meta: Meta {
                id: "s".into(),
                title: "Poäng".into(),
                desc: "d".into(),
                no_data: "Inga poäng".into(),
            },
            format: Format {
                language: Language::Sv,
                currency: "SEK",
            },
            bars: bars.into(),
            cutoff_label: "Gräns".into(),
        }
    }

    #[test]
    fn no_bars_is_no_data() {
        assert!(score_breakdown(&input(&[])).contains("Inga poäng"));
    }

    #[test]
    fn a_bar_without_factors_and_nonsense_values() {
        let bars = [ScoreBar {
            label: "Styrka".into(),
            value: f64::NAN,
            cutoff: 99.0,
            factors: vec![],
        }];
        let svg = score_breakdown(&input(&bars));
        assert!(svg.contains("Styrka") && svg.contains("Gräns 10,0"));
        assert!(!svg.contains("NaN"));
    }

    #[test]
    fn many_factors_wrap_and_cycle_fills() {
        let factors: Vec<ScoreFactor> = (0..9)
            .map(|i| ScoreFactor {
                label: format!("Faktor med långt namn {i}"),
                score: 5.0,
                weight: 1.0,
                contribution: 5.0 / 9.0,
            })
            .collect();
        let bars = [ScoreBar {
            label: "Attraktivitet".into(),
            value: 5.0,
            cutoff: 5.0,
            factors,
        }];
        let svg = score_breakdown(&input(&bars));
        assert!(svg.contains("9 Faktor med långt namn 8"));
        assert!(svg.contains("Faktor med långt namn 0: 5,0 × 11,1\u{a0}% = 0,56"));
    }
}
