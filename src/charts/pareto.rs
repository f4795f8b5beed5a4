//! The Pareto chart of ABC classes (SPEC §5): revenue per account as bars in ABC order
//! (largest first), the cumulative revenue share as a line on a second axis (0–100 %), the
//! A and B cut-offs as dashed lines, and the class letter over each class's run of bars.
//! Classes differ in pattern as well as colour.
//!
//! With more accounts than there is room for bars of a few pixels, neighbouring accounts of
//! the same class share one bar as wide as their number and as high as their mean
//! revenue, so a bar's area is still its revenue and the chart stays a few kilobytes.
//!
//! Not here: computing ABC classes (`analysis::economics`).

use crate::amount::Amount;
use crate::i18n::Format;
use std::borrow::Cow;

use super::Meta;
use super::axis::{self, Axis, Frame, Insets};
use super::canvas::{self, Canvas, Fill, Layer, render};
use super::colour;
use super::text::{self, finite};

/// An ABC class.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Abc {
    A,
    B,
    C,
}

impl Abc {
    fn index(self) -> usize {
        match self {
            Abc::A => 0,
            Abc::B => 1,
            Abc::C => 2,
        }
    }
}

/// One account, as analysis ranked it.
#[derive(Debug, Clone, PartialEq)]
pub struct ParetoAccount {
    /// The account's name, for the bar's tooltip.
    pub label: String,
    /// Reference-year revenue.
    pub revenue: f64,
    /// Share of total revenue of this account and all ahead of it, 0–1.
    pub cumulative_share: f64,
    pub class: Abc,
}

#[derive(Debug, Clone)]
pub struct ParetoInput<'a> {
    pub meta: Meta,
    pub format: Format<'a>,
    /// In ABC order: largest revenue first.
    pub accounts: Cow<'a, [ParetoAccount]>,
    /// The cumulative-share bounds of classes A and B, 0–1 (kam.toml `abc_cutoffs`).
    pub cutoffs: [f64; 2],
    /// The names of classes A, B and C as shown over the bars (normally "A", "B", "C").
    pub class_labels: [String; 3],
    /// Title of the x axis, e.g. "Accounts by revenue".
    pub x_label: String,
    /// Title of the left axis and name of the bars, e.g. "Revenue 2025 (SEK)".
    pub y_label: String,
    /// Title of the right axis and name of the line, e.g. "Cumulative share (%)".
    pub share_label: String,
}

const WIDTH: u32 = 480;
const HEIGHT: u32 = 340;
const TICK_PX: f64 = 12.5;
const TITLE_PX: f64 = 13.0;
/// Narrowest bar before neighbouring accounts share one.
const MIN_BAR_PX: f64 = 6.0;

/// A bar: accounts `start..end` (ranks from 0) of one class.
struct Bar {
    start: usize,
    end: usize,
    class: Abc,
    mean: f64,
    cumulative: f64,
}

/// Draws the Pareto chart; the "no data" SVG without accounts or without any revenue.
pub fn pareto(input: &ParetoInput) -> String {
    let accounts = &input.accounts[..];
    let revenue = |account: &ParetoAccount| finite(account.revenue, 0.0).max(0.0);
    let max_revenue = accounts.iter().map(revenue).fold(0.0, f64::max);
    if accounts.is_empty() || max_revenue <= 0.0 {
        return canvas::no_data(&input.meta, "pareto");
    }
    let format = input.format;
    let y_ticks = axis::ticks(0.0, max_revenue, 5);
    let y_label = |value: &f64| format.number(*value, y_ticks.decimals);
    let y_label_width = y_ticks
        .values
        .iter()
        .map(|v| text::width(&y_label(v), TICK_PX))
        .fold(0.0, f64::max);
    let y2_label_width = text::width(&format.number(100.0, 0), TICK_PX);
    let insets = Insets {
        top: 46,
        right: 6,
        bottom: 22,
        left: 4,
        x_labels: 22,
        // Absurdly long tick labels may be cut at the left edge; the plot keeps its room.
        y_labels: (y_label_width + 12.0).min(f64::from(WIDTH) * 0.4).ceil() as u32,
        y2_labels: (y2_label_width + 12.0).ceil() as u32,
    };
    let n = accounts.len();
    let x_ticks = rank_ticks(n);
    let x_label = |value: &f64| format.number(value + 0.5, 0);
    let share_label = |value: f64| format.number(value, 0);
    render(&input.meta, "pareto", (WIDTH, HEIGHT), |canvas| {
        let frame = axis::cartesian(
            canvas,
            insets,
            Axis {
                range: 0.0..n as f64,
                ticks: x_ticks,
                label: &x_label,
            },
            Axis {
                range: y_ticks.lo..y_ticks.hi,
                ticks: y_ticks.values.clone(),
                label: &y_label,
            },
            TICK_PX,
        )?;
        let share_ticks: Vec<(f64, String)> = (0..=5)
            .map(|i| (f64::from(i) / 5.0, share_label(f64::from(i) * 20.0)))
            .collect();
        axis::right_axis(&mut canvas.over, &frame, &share_ticks, TICK_PX);
        draw(
            input,
            &frame,
            &y_ticks.values,
            (y_ticks.lo, y_ticks.hi),
            canvas,
        );
        Ok(())
    })
}

/// Tick ranks: every rank for a few accounts, else 1 and multiples of a round step. The
/// values are bar centres (rank − 0.5) in plot units.
fn rank_ticks(n: usize) -> Vec<f64> {
    let step = [
        1, 2, 5, 10, 20, 25, 50, 100, 200, 250, 500, 1000, 2000, 2500, 5000, 10_000,
    ]
    .into_iter()
    .find(|step| n / step <= 8)
    .unwrap_or(n.div_ceil(8).max(1));
    let mut ranks = vec![1];
    ranks.extend((1..=n / step).map(|i| i * step).filter(|rank| *rank > 1));
    ranks.into_iter().map(|rank| rank as f64 - 0.5).collect()
}

fn bars(accounts: &[ParetoAccount], per_bar: usize) -> Vec<Bar> {
    let mut bars: Vec<Bar> = Vec::new();
    for (rank, account) in accounts.iter().enumerate() {
        let joins = bars
            .last()
            .is_some_and(|bar| bar.class == account.class && bar.end - bar.start < per_bar);
        if !joins {
            bars.push(Bar {
                start: rank,
                end: rank,
                class: account.class,
                mean: 0.0,
                cumulative: 0.0,
            });
        }
        if let Some(bar) = bars.last_mut() {
            bar.end = rank + 1;
            bar.mean += finite(account.revenue, 0.0).max(0.0);
            bar.cumulative = finite(account.cumulative_share, 0.0).clamp(0.0, 1.0);
        }
    }
    for bar in &mut bars {
        bar.mean /= (bar.end - bar.start) as f64;
    }
    bars
}

fn fills(canvas: &mut Canvas) -> [String; 3] {
    [
        canvas.paint("fill-a", Fill::Solid(colour::BLUE)),
        canvas.paint(
            "fill-b",
            Fill::Hatch {
                ink: colour::BLUE,
                paper: "#D5E8F4",
            },
        ),
        canvas.paint(
            "fill-c",
            Fill::Dots {
                ink: colour::MUTED,
                paper: "#EEEEEE",
            },
        ),
    ]
}

fn draw(
    input: &ParetoInput,
    frame: &Frame,
    y_ticks: &[f64],
    (y_lo, y_hi): (f64, f64),
    canvas: &mut Canvas,
) {
    let n = input.accounts.len();
    let format = input.format;
    for tick in y_ticks {
        let y = frame.y(*tick).round();
        canvas
            .under
            .line(frame.left, y, frame.right, y, "stroke=\"#E3E3E3\"");
    }
    let fills = fills(canvas);
    let slots = (frame.width() / MIN_BAR_PX).floor().max(1.0) as usize;
    let per_bar = n.div_ceil(slots).max(1);
    let bars = bars(&input.accounts, per_bar);
    let share_y = |share: f64| frame.bottom - share * (frame.bottom - frame.top);
    let value_y = |value: f64| frame.y(value.clamp(y_lo, y_hi));

    // Bars, each class in its own group so the pattern and outline are written once.
    for class in [Abc::A, Abc::B, Abc::C] {
        let mut layer = Layer::default();
        for bar in bars.iter().filter(|bar| bar.class == class) {
            let (x0, x1) = (frame.x(bar.start as f64), frame.x(bar.end as f64));
            let gap = ((x1 - x0) * 0.12).min(2.0);
            let top = value_y(bar.mean);
            let tooltip = (bar.end - bar.start == 1).then(|| {
                let account = &input.accounts[bar.start];
                format!(
                    "<title>{}</title>",
                    text::escape(&format!(
                        "{}: {}",
                        account.label,
                        format.money(Amount::Float(bar.mean))
                    ))
                )
            });
            layer.rect_with(
                x0 + gap / 2.0,
                top,
                x1 - x0 - gap,
                frame.bottom - top,
                "",
                tooltip.as_deref(),
            );
        }
        if !layer.svg.is_empty() {
            let stroke = if class == Abc::C {
                colour::MUTED
            } else {
                "#004B75"
            };
            canvas.over.raw(&format!(
                "<g class=\"kam-abc-{}\" fill=\"{}\" stroke=\"{stroke}\" stroke-width=\"0.75\">\n",
                ["a", "b", "c"][class.index()],
                fills[class.index()]
            ));
            canvas.over.raw(&layer.svg);
            canvas.over.raw("</g>\n");
        }
    }

    // Class boundaries and letters.
    let mut letters: Vec<(f64, &str)> = Vec::new();
    let mut run_start = 0;
    for rank in 1..=n {
        let boundary = rank == n || input.accounts[rank].class != input.accounts[rank - 1].class;
        if boundary {
            let class = input.accounts[rank - 1].class;
            let centre = (frame.x(run_start as f64) + frame.x(rank as f64)) / 2.0;
            letters.push((centre, &input.class_labels[class.index()]));
            if rank < n {
                let x = frame.x(rank as f64).round();
                canvas.over.line(
                    x,
                    frame.top - 18.0,
                    x,
                    frame.bottom,
                    &format!("stroke=\"{}\" stroke-dasharray=\"2 3\"", colour::MUTED),
                );
            }
            run_start = rank;
        }
    }
    let mut last_right = f64::NEG_INFINITY;
    for (centre, letter) in letters {
        let w = text::width(letter, 14.0);
        let x = centre
            .max(last_right + w / 2.0 + 4.0)
            .min(frame.right - w / 2.0);
        canvas.over.text(
            x,
            frame.top - 6.0,
            letter,
            &format!(
                "font-size=\"14\" font-weight=\"bold\" text-anchor=\"middle\" fill=\"{}\"",
                colour::INK
            ),
        );
        last_right = x + w / 2.0;
    }

    // Cut-offs on the share axis.
    let halo =
        "stroke=\"#FFFFFF\" stroke-width=\"3\" stroke-linejoin=\"round\" paint-order=\"stroke\"";
    for cutoff in input.cutoffs {
        let share = finite(cutoff, 0.0).clamp(0.0, 1.0);
        let y = share_y(share).round();
        // A white underlay keeps the dashes visible across the dark A bars.
        canvas.over.line(
            frame.left,
            y,
            frame.right,
            y,
            "stroke=\"#FFFFFF\" stroke-width=\"3\" stroke-opacity=\"0.8\"",
        );
        canvas.over.line(
            frame.left,
            y,
            frame.right,
            y,
            &format!(
                "stroke=\"{}\" stroke-width=\"1.25\" stroke-dasharray=\"6 4\"",
                colour::INK
            ),
        );
        // At the right end, under the line: there the bars are low and the cumulative
        // line is already above the B cut-off.
        canvas.over.text(
            frame.right - 4.0,
            y + 13.0,
            &format.percent(share),
            &format!(
                "font-size=\"12\" text-anchor=\"end\" fill=\"{}\" {halo}",
                colour::INK
            ),
        );
    }

    // The cumulative line from 0 at the origin through the end of every bar.
    let mut points = vec![(frame.left, share_y(0.0))];
    points.extend(
        bars.iter()
            .map(|bar| (frame.x(bar.end as f64), share_y(bar.cumulative))),
    );
    canvas.over.polyline(
        &points,
        &format!(
            "fill=\"none\" stroke=\"{}\" stroke-width=\"2\" stroke-linejoin=\"round\"",
            colour::INK
        ),
    );
    if bars.len() <= 40 {
        canvas.over.raw(&format!(
            "<g fill=\"#FFFFFF\" stroke=\"{}\" stroke-width=\"1.5\">\n",
            colour::INK
        ));
        for (x, y) in &points[1..] {
            canvas.over.circle(*x, *y, 2.75, "");
        }
        canvas.over.raw("</g>\n");
    }

    // Axis titles, each with a swatch of its series: they double as the legend.
    let attrs = format!(
        "font-size=\"{}\" fill=\"{}\"",
        text::num(TITLE_PX),
        colour::INK
    );
    let half = canvas.width / 2.0 - 28.0;
    canvas.over.rect(
        4.0,
        6.0,
        10.0,
        12.0,
        &format!(
            "fill=\"{}\" stroke=\"#004B75\" stroke-width=\"0.75\"",
            fills[0]
        ),
    );
    canvas.over.text(
        19.0,
        16.0,
        &text::fit(&input.y_label, TITLE_PX, half),
        &attrs,
    );
    let right = canvas.width - 4.0;
    canvas.over.line(
        right - 22.0,
        12.0,
        right,
        12.0,
        &format!("stroke=\"{}\" stroke-width=\"2\"", colour::INK),
    );
    canvas.over.circle(
        right - 11.0,
        12.0,
        2.75,
        &format!(
            "fill=\"#FFFFFF\" stroke=\"{}\" stroke-width=\"1.5\"",
            colour::INK
        ),
    );
    canvas.over.text(
        right - 27.0,
        16.0,
        &text::fit(&input.share_label, TITLE_PX, half),
        &format!("{attrs} text-anchor=\"end\""),
    );
    canvas.over.text(
        (frame.left + frame.right) / 2.0,
        canvas.height - 6.0,
        &text::fit(&input.x_label, TITLE_PX, frame.width()),
        &format!("{attrs} text-anchor=\"middle\""),
    );
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::Language;

    fn input(accounts: &[ParetoAccount]) -> ParetoInput<'_> {
        ParetoInput {
            meta: Meta {
                id: "p".into(),
                title: "ABC".into(),
                desc: "d".into(),
                no_data: "Ingen omsättning".into(),
            },
            format: Format {
                language: Language::Sv,
                currency: "SEK",
            },
            accounts: accounts.into(),
            cutoffs: [0.8, 0.95],
            class_labels: ["A".into(), "B".into(), "C".into()],
            x_label: "Kunder".into(),
            y_label: "Omsättning".into(),
            share_label: "Kumulativ andel (%)".into(),
        }
    }

    fn accounts(revenues: &[f64]) -> Vec<ParetoAccount> {
        let total: f64 = revenues.iter().sum();
        let mut before = 0.0;
        revenues
            .iter()
            .enumerate()
            .map(|(i, revenue)| {
                let share_before = if total > 0.0 { before / total } else { 0.0 };
                before += revenue;
                let class = if total == 0.0 {
                    Abc::C
                } else if share_before < 0.8 {
                    Abc::A
                } else if share_before < 0.95 {
                    Abc::B
                } else {
                    Abc::C
                };
                ParetoAccount {
                    label: format!("Kund {i}"),
                    revenue: *revenue,
                    cumulative_share: if total > 0.0 { before / total } else { 0.0 },
                    class,
                }
            })
            .collect()
    }

    #[test]
    fn empty_and_zero_revenue_are_no_data() {
        assert!(pareto(&input(&[])).contains("Ingen omsättning"));
        assert!(pareto(&input(&accounts(&[0.0, 0.0]))).contains("Ingen omsättning"));
    }

    #[test]
    fn one_account() {
        let svg = pareto(&input(&accounts(&[5.0])));
        assert!(svg.contains("kam-abc-a"));
        assert!(svg.contains("Kund 0: 5\u{a0}kr"));
    }

    #[test]
    fn many_accounts_share_bars() {
        let revenues: Vec<f64> = (0..10_000).map(|i| 1e9 / (i as f64 + 1.0)).collect();
        let svg = pareto(&input(&accounts(&revenues)));
        assert!(
            svg.matches("<rect").count() < 200,
            "{}",
            svg.matches("<rect").count()
        );
        assert!(svg.len() < 30_000);
    }

    #[test]
    fn ranks_are_round() {
        assert_eq!(rank_ticks(3), vec![0.5, 1.5, 2.5]);
        assert_eq!(
            rank_ticks(40),
            vec![0.5, 4.5, 9.5, 14.5, 19.5, 24.5, 29.5, 34.5, 39.5]
        );
        assert_eq!(rank_ticks(10_000).len(), 6);
    }
}
