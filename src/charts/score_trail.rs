//! An account's score history (SPEC v2 §12): attractiveness and strength at each committed
//! version, oldest to newest, on the 0–10 scale, with the two quadrant cut-offs as dashed
//! lines and each change of relationship stage written at the version that made it. The two
//! series differ in dash and marker shape as well as colour and are named in a legend.
//!
//! Not here: choosing the versions or the words (`view::charts`).

use std::borrow::Cow;

use super::Meta;
use super::axis::{self, Axis, Frame, Insets};
use super::canvas::{self, Canvas, render};
use super::colour;
use super::text::{self, finite};
use crate::i18n::Format;

/// One committed version.
#[derive(Debug, Clone, PartialEq)]
pub struct TrailPoint {
    /// The version's date as the page writes it.
    pub label: String,
    pub attractiveness: Option<f64>,
    pub strength: Option<f64>,
    /// The new stage, when it differs from the version before.
    pub stage_change: Option<String>,
}

#[derive(Debug, Clone)]
pub struct ScoreTrailInput<'a> {
    pub meta: Meta,
    pub format: Format<'a>,
    /// Oldest first.
    pub points: Cow<'a, [TrailPoint]>,
    pub attractiveness_label: String,
    pub strength_label: String,
    pub attractiveness_cutoff: f64,
    pub strength_cutoff: f64,
    /// Written beside each cut-off line, e.g. "cut-off".
    pub cutoff_label: String,
}

const WIDTH: u32 = 480;
const PLOT_HEIGHT: u32 = 200;
const TICK_PX: f64 = 12.5;
const TEXT_PX: f64 = 13.0;

/// Draws the chart; the "no data" SVG with fewer than two versions, as one point shows no
/// movement.
pub fn score_trail(input: &ScoreTrailInput) -> String {
    if input.points.len() < 2 {
        return canvas::no_data(&input.meta, "score-trail");
    }
    let n = input.points.len();
    let insets = Insets {
        top: 30,
        right: 16,
        bottom: 32,
        left: 4,
        x_labels: 22,
        y_labels: 28,
        y2_labels: 0,
    };
    let height = PLOT_HEIGHT + insets.top + insets.bottom + insets.x_labels;
    let plot_width = f64::from(WIDTH - insets.y_labels - insets.left - insets.right);
    let widest = input
        .points
        .iter()
        .map(|point| text::width(&point.label, TICK_PX))
        .fold(0.0, f64::max);
    let step = [1, 2, 5, 10, 20, 50, 100, 200, 500]
        .into_iter()
        .find(|step| plot_width / n as f64 * *step as f64 >= widest + 10.0)
        .unwrap_or(1000);
    // The newest version is always labelled; the others as often as they fit.
    let x_ticks: Vec<f64> = (0..n)
        .filter(|i| (n - 1 - i).is_multiple_of(step))
        .map(|i| i as f64 + 0.5)
        .collect();
    let points = &input.points;
    let x_label = |value: &f64| {
        let index = value.floor().max(0.0) as usize;
        points
            .get(index)
            .map(|point| point.label.clone())
            .unwrap_or_default()
    };
    let format = input.format;
    let y_label = |value: &f64| format.number(*value, 0);
    render(&input.meta, "score-trail", (WIDTH, height), |canvas| {
        let frame = axis::cartesian(
            canvas,
            insets,
            Axis {
                range: 0.0..n as f64,
                ticks: x_ticks,
                label: &x_label,
            },
            Axis {
                range: 0.0..10.0,
                ticks: vec![0.0, 2.0, 4.0, 6.0, 8.0, 10.0],
                label: &y_label,
            },
            TICK_PX,
        )?;
        draw(input, &frame, canvas);
        Ok(())
    })
}

struct Series<'a> {
    name: &'a str,
    key: &'static str,
    colour: &'static str,
    dash: &'static str,
    value: fn(&TrailPoint) -> Option<f64>,
}

fn draw(input: &ScoreTrailInput, frame: &Frame, canvas: &mut Canvas) {
    let format = input.format;
    let text_attrs = format!(
        "font-size=\"{}\" fill=\"{}\"",
        text::num(TEXT_PX),
        colour::MUTED
    );
    for (cutoff, series_colour) in [
        (input.attractiveness_cutoff, colour::BLUE),
        (input.strength_cutoff, colour::VERMILLION),
    ] {
        let y = frame.y(finite(cutoff, 5.0).clamp(0.0, 10.0)).round();
        canvas.under.line(
            frame.left,
            y,
            frame.right,
            y,
            &format!("stroke=\"{series_colour}\" stroke-width=\"1\" stroke-dasharray=\"2 4\" class=\"kam-cutoff\""),
        );
    }
    // One label per distinct cut-off, at the right end of its line.
    let mut labelled: Vec<f64> = Vec::new();
    for cutoff in [input.attractiveness_cutoff, input.strength_cutoff] {
        let cutoff = finite(cutoff, 5.0).clamp(0.0, 10.0);
        if labelled.contains(&cutoff) {
            continue;
        }
        labelled.push(cutoff);
        let label = format!("{} {}", input.cutoff_label, format.number(cutoff, 1));
        canvas.under.text(
            frame.right - text::width(&label, TEXT_PX) - 2.0,
            frame.y(cutoff) - 4.0,
            &label,
            &text_attrs,
        );
    }

    let series = [
        Series {
            name: &input.attractiveness_label,
            key: "attractiveness",
            colour: colour::BLUE,
            dash: "",
            value: |point| point.attractiveness,
        },
        Series {
            name: &input.strength_label,
            key: "strength",
            colour: colour::VERMILLION,
            dash: " stroke-dasharray=\"6 3\"",
            value: |point| point.strength,
        },
    ];
    let slot = |index: usize| frame.x(index as f64 + 0.5);
    for (series_index, entry) in series.iter().enumerate() {
        let mut run: Vec<(f64, f64)> = Vec::new();
        let mut runs: Vec<Vec<(f64, f64)>> = Vec::new();
        let mut marks = String::new();
        for (index, point) in input.points.iter().enumerate() {
            let Some(value) = (entry.value)(point).map(|v| finite(v, 0.0).clamp(0.0, 10.0)) else {
                // An unscored version breaks the line.
                runs.push(std::mem::take(&mut run));
                continue;
            };
            let (x, y) = (slot(index), frame.y(value));
            run.push((x, y));
            let tooltip = text::escape(&format!(
                "{} {}: {}",
                point.label,
                entry.name,
                format.number(value, 1)
            ));
            marks.push_str(&marker(series_index, x, y, entry.colour, &tooltip));
        }
        runs.push(run);
        canvas
            .over
            .raw(&format!("<g class=\"kam-trail-{}\">\n", entry.key));
        for run in runs.iter().filter(|run| run.len() > 1) {
            canvas.over.polyline(
                run,
                &format!(
                    "fill=\"none\" stroke=\"{}\" stroke-width=\"2\"{}",
                    entry.colour, entry.dash
                ),
            );
        }
        canvas.over.raw(&marks);
        canvas.over.raw("</g>\n");
    }

    // Stage changes: a thin vertical line at the version, its new stage written above.
    let stage_attrs = format!(
        "font-size=\"{}\" fill=\"{}\" text-anchor=\"middle\"",
        text::num(TICK_PX),
        colour::INK
    );
    canvas.over.raw("<g class=\"kam-stage-changes\">\n");
    for (index, point) in input.points.iter().enumerate() {
        let Some(stage) = &point.stage_change else {
            continue;
        };
        let x = slot(index);
        canvas.over.line(
            x,
            frame.top,
            x,
            frame.bottom,
            &format!(
                "stroke=\"{}\" stroke-width=\"1\" stroke-dasharray=\"1 3\"",
                colour::FAINT
            ),
        );
        let room = (frame.width() / input.points.len() as f64 * 2.0).max(40.0);
        let label = text::fit(stage, TICK_PX, room);
        let half = text::width(&label, TICK_PX) / 2.0;
        let centre = x.clamp(half + 2.0, canvas.width - half - 2.0);
        canvas
            .over
            .text(centre, frame.top - 8.0, &label, &stage_attrs);
    }
    canvas.over.raw("</g>\n");

    let legend_y = canvas.height - 10.0;
    let attrs = format!(
        "font-size=\"{}\" fill=\"{}\"",
        text::num(TEXT_PX),
        colour::INK
    );
    let mut x = 8.0;
    for (series_index, entry) in series.iter().enumerate() {
        canvas.over.line(
            x,
            legend_y - 4.0,
            x + 22.0,
            legend_y - 4.0,
            &format!(
                "stroke=\"{}\" stroke-width=\"2\"{}",
                entry.colour, entry.dash
            ),
        );
        canvas.over.raw(&marker(
            series_index,
            x + 11.0,
            legend_y - 4.0,
            entry.colour,
            "",
        ));
        let name = text::fit(entry.name, TEXT_PX, f64::from(WIDTH) / 2.0 - 40.0);
        canvas.over.text(x + 28.0, legend_y, &name, &attrs);
        x += 28.0 + text::width(&name, TEXT_PX) + 24.0;
    }
}

/// A circle for the first series, a square for the second, so they part without colour.
fn marker(series: usize, x: f64, y: f64, fill: &str, tooltip: &str) -> String {
    let mut layer = canvas::Layer::default();
    let inner = (!tooltip.is_empty()).then(|| format!("<title>{tooltip}</title>"));
    if series == 0 {
        match inner {
            Some(inner) => {
                layer.raw(&format!(
                    "<circle cx=\"{}\" cy=\"{}\" r=\"4\" fill=\"{fill}\">{inner}</circle>\n",
                    text::num(x),
                    text::num(y)
                ));
            }
            None => layer.circle(x, y, 4.0, &format!("fill=\"{fill}\"")),
        }
    } else {
        layer.rect_with(
            x - 4.0,
            y - 4.0,
            8.0,
            8.0,
            &format!("fill=\"{fill}\""),
            inner.as_deref(),
        );
    }
    layer.svg
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::Language;

    fn point(label: &str, a: Option<f64>, s: Option<f64>, stage: Option<&str>) -> TrailPoint {
        TrailPoint {
            label: label.into(),
            attractiveness: a,
            strength: s,
            stage_change: stage.map(Into::into),
        }
    }

    fn input(points: &[TrailPoint]) -> ScoreTrailInput<'_> {
        ScoreTrailInput {
            meta: Meta {
                id: "trail".into(),
                title: "Poänghistorik".into(),
                desc: "d".into(),
                no_data: "För få versioner".into(),
            },
            format: Format {
                language: Language::Sv,
                currency: "SEK",
            },
            points: points.into(),
            attractiveness_label: "Attraktivitet".into(),
            strength_label: "Styrka".into(),
            attractiveness_cutoff: 5.0,
            strength_cutoff: 6.0,
            cutoff_label: "gräns".into(),
        }
    }

    #[test]
    fn one_version_is_no_data() {
        let svg = score_trail(&input(&[point("1 jan", Some(5.0), Some(5.0), None)]));
        assert!(svg.contains("För få versioner"));
    }

    #[test]
    fn both_series_stage_changes_and_escaped_labels_are_drawn() {
        let points = [
            point("1 jan", Some(8.0), Some(3.0), None),
            point("<2 feb>", Some(7.5), None, Some("kooperativ")),
            point("3 mar", Some(7.0), Some(4.0), None),
        ];
        let svg = score_trail(&input(&points));
        assert!(svg.contains("kam-trail-attractiveness") && svg.contains("kam-trail-strength"));
        assert!(svg.contains(">kooperativ<"), "the new stage is written");
        assert!(svg.contains("&lt;2 feb&gt;") && !svg.contains("<2 feb>"));
        assert_eq!(
            svg.matches("stroke-dasharray=\"2 4\"").count(),
            2,
            "two cut-offs"
        );
        // The strength line is broken by the unscored version: no polyline of it.
        let strength = svg.split("kam-trail-strength").nth(1).unwrap_or_default();
        let strength = strength.split("</g>").next().unwrap_or_default();
        assert!(!strength.contains("<polyline"));
        assert_eq!(svg, score_trail(&input(&points)), "deterministic");
    }
}
