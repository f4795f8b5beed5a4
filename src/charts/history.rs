//! An account's fiscal history (SPEC §3 `[[years]]`, §5): revenue, gross margin and, where
//! the caller has a cost to serve, net contribution, as grouped bars per year. The value
//! axis always includes zero, so negative margins hang below it. The three series differ in
//! pattern as well as colour and are named in a legend.
//!
//! Not here: choosing the years or the words (`view::charts`).

use crate::amount::Amount;
use crate::i18n::Format;
use std::borrow::Cow;

use super::Meta;
use super::axis::{self, Axis, Frame, Insets};
use super::canvas::{self, Canvas, Fill, Layer, render};
use super::colour;
use super::text::{self, finite};

/// One fiscal year.
#[derive(Debug, Clone, PartialEq)]
pub struct HistoryYear {
    pub year: i32,
    pub revenue: f64,
    /// May be negative.
    pub gross_margin: Option<f64>,
    /// Gross margin − cost to serve, when a cost to serve is known; may be negative.
    pub net_contribution: Option<f64>,
}

#[derive(Debug, Clone)]
pub struct HistoryInput<'a> {
    pub meta: Meta,
    pub format: Format<'a>,
    /// In any order; drawn by ascending year.
    pub years: Cow<'a, [HistoryYear]>,
    /// Legend names of the three series.
    pub revenue_label: String,
    pub margin_label: String,
    pub contribution_label: String,
    /// Title of the value axis, e.g. "SEK" or "Belopp (kr)".
    pub y_label: String,
}

const WIDTH: u32 = 480;
const TICK_PX: f64 = 12.5;
const TEXT_PX: f64 = 13.0;

/// Draws the history chart; the "no data" SVG without years.
pub fn account_history(input: &HistoryInput) -> String {
    if input.years.is_empty() {
        return canvas::no_data(&input.meta, "history");
    }
    let mut years: Vec<&HistoryYear> = input.years.iter().collect();
    years.sort_by_key(|year| year.year);
    let with_contribution = years.iter().any(|year| year.net_contribution.is_some());
    let values = years.iter().flat_map(|year| {
        [Some(year.revenue), year.gross_margin, year.net_contribution]
            .into_iter()
            .flatten()
            .map(|v| finite(v, 0.0))
    });
    let (min, max) = values.fold((0.0f64, 0.0f64), |(lo, hi), v| (lo.min(v), hi.max(v)));
    let y_ticks = axis::ticks(min, max, 5);
    let format = input.format;
    let y_label = |value: &f64| format.number(*value, y_ticks.decimals);
    let y_label_width = y_ticks
        .values
        .iter()
        .map(|v| text::width(&y_label(v), TICK_PX))
        .fold(0.0, f64::max);

    let series = series(input, with_contribution);
    let legend = legend_rows(&series, f64::from(WIDTH) - 8.0);
    let insets = Insets {
        top: 30,
        right: 12,
        bottom: 10 + legend.len() as u32 * 20,
        left: 4,
        x_labels: 22,
        // Absurdly long tick labels may be cut at the left edge; the plot keeps its room.
        y_labels: (y_label_width + 12.0).min(f64::from(WIDTH) * 0.4).ceil() as u32,
        y2_labels: 0,
    };
    let height = 230 + insets.top + insets.bottom + insets.x_labels;
    let n = years.len();
    let year_step = year_step(
        &years,
        f64::from(WIDTH - insets.y_labels - insets.left - insets.right),
    );
    let x_ticks: Vec<f64> = (0..n)
        .filter(|i| i % year_step == 0)
        .map(|i| i as f64 + 0.5)
        .collect();
    let year_label = |value: &f64| {
        let index = value.floor().max(0.0) as usize;
        years
            .get(index)
            .map(|year| year.year.to_string())
            .unwrap_or_default()
    };
    render(&input.meta, "history", (WIDTH, height), |canvas| {
        let frame = axis::cartesian(
            canvas,
            insets,
            Axis {
                range: 0.0..n as f64,
                ticks: x_ticks,
                label: &year_label,
            },
            Axis {
                range: y_ticks.lo..y_ticks.hi,
                ticks: y_ticks.values.clone(),
                label: &y_label,
            },
            TICK_PX,
        )?;
        draw(
            input,
            &years,
            &series,
            &legend,
            &frame,
            &y_ticks.values,
            canvas,
        );
        Ok(())
    })
}

/// Show every year's label if they fit, else every second, fifth, …
fn year_step(years: &[&HistoryYear], plot_width: f64) -> usize {
    let widest = years
        .iter()
        .map(|year| text::width(&year.year.to_string(), TICK_PX))
        .fold(0.0, f64::max);
    let slot = plot_width / years.len().max(1) as f64;
    [1, 2, 5, 10, 20, 50, 100]
        .into_iter()
        .find(|step| slot * *step as f64 >= widest + 10.0)
        .unwrap_or(100)
}

struct Series<'a> {
    name: &'a str,
    key: &'static str,
    fill: Fill,
    stroke: &'static str,
    value: fn(&HistoryYear) -> Option<f64>,
}

fn series<'a>(input: &'a HistoryInput<'a>, with_contribution: bool) -> Vec<Series<'a>> {
    let mut list = vec![
        Series {
            name: &input.revenue_label,
            key: "revenue",
            fill: Fill::Solid(colour::BLUE),
            stroke: "#004B75",
            value: |y| Some(y.revenue),
        },
        Series {
            name: &input.margin_label,
            key: "margin",
            fill: Fill::Hatch {
                ink: colour::ORANGE,
                paper: "#FFF4DC",
            },
            stroke: "#8A5F00",
            value: |y| y.gross_margin,
        },
    ];
    if with_contribution {
        list.push(Series {
            name: &input.contribution_label,
            key: "contribution",
            fill: Fill::Cross {
                ink: colour::GREEN,
                paper: "#FFFFFF",
            },
            stroke: "#005C43",
            value: |y| y.net_contribution,
        });
    }
    list
}

const SWATCH: f64 = 14.0;

/// Legend entries (series index, x) laid out in rows that fit `width`.
fn legend_rows(series: &[Series], width: f64) -> Vec<Vec<(usize, f64)>> {
    let mut rows: Vec<Vec<(usize, f64)>> = vec![Vec::new()];
    let mut x = 4.0;
    for (index, entry) in series.iter().enumerate() {
        let w = SWATCH
            + 6.0
            + text::width(
                &text::fit(entry.name, TEXT_PX, width - SWATCH - 10.0),
                TEXT_PX,
            );
        if x + w > width && x > 4.0 {
            rows.push(Vec::new());
            x = 4.0;
        }
        if let Some(row) = rows.last_mut() {
            row.push((index, x));
        }
        x += w + 20.0;
    }
    rows
}

fn draw(
    input: &HistoryInput,
    years: &[&HistoryYear],
    series: &[Series],
    legend: &[Vec<(usize, f64)>],
    frame: &Frame,
    y_ticks: &[f64],
    canvas: &mut Canvas,
) {
    for tick in y_ticks {
        let y = frame.y(*tick).round();
        canvas
            .under
            .line(frame.left, y, frame.right, y, "stroke=\"#E3E3E3\"");
    }
    let format = input.format;
    let slot = frame.width() / years.len() as f64;
    let bar = (slot * 0.75 / series.len() as f64).min(40.0);
    let zero = frame.y(0.0).round();
    let fills: Vec<String> = series
        .iter()
        .map(|s| canvas.paint(&format!("fill-{}", s.key), s.fill))
        .collect();
    for (index, entry) in series.iter().enumerate() {
        let mut layer = Layer::default();
        for (slot_index, year) in years.iter().enumerate() {
            let Some(value) = (entry.value)(year).map(|v| finite(v, 0.0)) else {
                continue;
            };
            let centre = frame.x(slot_index as f64 + 0.5);
            let x = centre - bar * series.len() as f64 / 2.0 + bar * index as f64;
            let y = frame.y(value);
            let tooltip = format!(
                "<title>{}</title>",
                text::escape(&format!(
                    "{} {}: {}",
                    year.year,
                    entry.name,
                    format.money(Amount::Float(value))
                ))
            );
            layer.rect_with(
                x + 1.0,
                y.min(zero),
                bar - 2.0,
                (y - zero).abs(),
                "",
                Some(&tooltip),
            );
        }
        canvas.over.raw(&format!(
            "<g class=\"kam-history-{}\" fill=\"{}\" stroke=\"{}\" stroke-width=\"1\">\n",
            entry.key, fills[index], entry.stroke
        ));
        canvas.over.raw(&layer.svg);
        canvas.over.raw("</g>\n");
    }
    // The zero line over the bars: negative values read as below it.
    canvas.over.line(
        frame.left,
        zero,
        frame.right,
        zero,
        &format!("stroke=\"{}\" stroke-width=\"1.25\"", colour::INK),
    );

    let attrs = format!(
        "font-size=\"{}\" fill=\"{}\"",
        text::num(TEXT_PX),
        colour::INK
    );
    canvas.over.text(
        4.0,
        18.0,
        &text::fit(&input.y_label, TEXT_PX, canvas.width - 8.0),
        &attrs,
    );
    let first_row = canvas.height - 8.0 - (legend.len() as f64 - 1.0) * 20.0;
    for (row_index, row) in legend.iter().enumerate() {
        let y = first_row + row_index as f64 * 20.0;
        for (index, x) in row {
            let entry = &series[*index];
            canvas.over.rect(
                *x,
                y - 11.0,
                SWATCH,
                SWATCH,
                &format!("fill=\"{}\" stroke=\"{}\"", fills[*index], entry.stroke),
            );
            canvas.over.text(
                *x + SWATCH + 6.0,
                y,
                &text::fit(entry.name, TEXT_PX, canvas.width - SWATCH - 10.0),
                &attrs,
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::Language;

    fn input(years: &[HistoryYear]) -> HistoryInput<'_> {
        HistoryInput {
            meta: Meta {
                id: "h".into(),
                title: "Historik".into(),
                desc: "d".into(),
                no_data: "Inga år".into(),
            },
            format: Format {
                language: Language::Sv,
                currency: "SEK",
            },
            years: years.into(),
            revenue_label: "Omsättning".into(),
            margin_label: "Bruttomarginal".into(),
            contribution_label: "Nettobidrag".into(),
            y_label: "kr".into(),
        }
    }

    #[test]
    fn no_years_is_no_data() {
        assert!(account_history(&input(&[])).contains("Inga år"));
    }

    #[test]
    fn a_single_year_of_zeros() {
        let years = [HistoryYear {
            year: 2025,
            revenue: 0.0,
            gross_margin: Some(0.0),
            net_contribution: None,
        }];
        let svg = account_history(&input(&years));
        assert!(svg.contains(">2025<") || svg.contains("2025\n"));
        assert!(!svg.contains("Nettobidrag"));
    }

    #[test]
    fn negative_margins_go_below_zero() {
        let years = [
            HistoryYear {
                year: 2024,
                revenue: 1_000_000.0,
                gross_margin: Some(-200_000.0),
                net_contribution: Some(-350_000.0),
            },
            HistoryYear {
                year: 2023,
                revenue: 800_000.0,
                gross_margin: Some(100_000.0),
                net_contribution: None,
            },
        ];
        let svg = account_history(&input(&years));
        assert!(
            svg.contains("\u{2212}200\u{a0}000"),
            "a negative tick label"
        );
        assert!(svg.contains("Nettobidrag"));
        assert!(svg.find("2023").unwrap_or(0) < svg.find("2024").unwrap_or(0));
    }
}
