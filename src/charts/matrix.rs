//! The key account portfolio matrix (SPEC §4): strength on x, attractiveness on y, both
//! 0–10, split into four quadrants at the cut-offs; one bubble per account with its area
//! proportional to revenue, an arrow to the forecast position, and a link to the account.
//! The full chart also draws a dotted trail from where each account stood at the history
//! comparison date (SPEC v2 §12), up to [`MAX_TRAILS`] accounts.
//!
//! Two variants: the full portfolio chart (labels for as many of the largest accounts as
//! fit without overlapping, every bubble a link), and a small "where this account stands"
//! chart for an account page (`highlight`): that account strong and labelled, the others
//! faint, and, in a large portfolio, shown as a density of grey cells so that 10,000
//! account pages do not each carry 10,000 circles.
//!
//! Not here: which accounts are drawn or where bubbles link (`view::charts`).

use crate::amount::Amount;
use crate::i18n::Format;
use std::borrow::Cow;

use super::Meta;
use super::axis::{self, Axis, Frame, Insets};
use super::canvas::{self, Canvas, Layer, render};
use super::colour;
use super::leader::Leader;
use super::text::{self, escape, finite};

/// One account in the matrix.
#[derive(Debug, Clone, PartialEq)]
pub struct MatrixPoint {
    /// The account's name: the bubble's label and its link's accessible name.
    pub label: String,
    /// Relative URL of the account page (the caller computes it; it is XML-escaped here).
    /// `None` draws the bubble without a link.
    pub href: Option<String>,
    /// 0–10 (clamped).
    pub attractiveness: f64,
    /// 0–10 (clamped).
    pub strength: f64,
    /// Reference-year revenue; the bubble's area is proportional to it. Negative or NaN
    /// count as 0, which still gets a small visible bubble.
    pub revenue: f64,
    /// The forecast position as (attractiveness, strength), drawn as a dashed arrow.
    pub forecast: Option<(f64, f64)>,
    /// Where the account stood at the comparison date (SPEC v2 §12), as (attractiveness,
    /// strength): a dotted trail from there to the bubble, on the full matrix only.
    pub trail: Option<(f64, f64)>,
}

/// Above this many accounts the full matrix draws no trails: they would only be noise.
pub const MAX_TRAILS: usize = 300;

/// Everything the matrix shows; all words are the caller's, already translated.
#[derive(Debug, Clone)]
pub struct MatrixInput<'a> {
    pub meta: Meta,
    /// Numbers in tooltips and tick labels.
    pub format: Format<'a>,
    /// Title of the x axis (strength).
    pub x_label: String,
    /// Title of the y axis (attractiveness).
    pub y_label: String,
    /// What bubble area stands for, e.g. "Revenue 2025": legend and link tooltips.
    pub size_label: String,
    /// Legend word for the arrows, e.g. "Forecast"; also used in link tooltips.
    pub forecast_label: String,
    /// Quadrant names in this order: strategic (high attractiveness, high strength), star
    /// (high, low), status (low, high), streamline (low, low).
    pub quadrant_labels: [String; 4],
    /// A score at or above its cut-off counts as high.
    pub attractiveness_cutoff: f64,
    pub strength_cutoff: f64,
    pub points: Cow<'a, [MatrixPoint]>,
    /// Index into `points` of the account this chart is about: it is drawn strong and
    /// labelled, the others faint, unlabelled and without links.
    pub highlight: Option<usize>,
    /// The small size for an account page (about 320 px wide instead of 560).
    pub compact: bool,
    /// How a large portfolio's "where this account stands" chart shares its drawing of
    /// all the other accounts.
    pub backdrop: Backdrop,
}

/// Thousands of account pages would each repeat the same drawing of the portfolio behind
/// their own mark, so a large portfolio draws it once, as a file the pages point at.
#[derive(Debug, Clone, Default, PartialEq)]
pub enum Backdrop {
    /// Draw everything inline (a small portfolio, or the full matrix).
    #[default]
    Inline,
    /// This is the shared file: axes, quadrants and the density of every scored account.
    Draw,
    /// Draw only the highlighted account, over the shared file at this relative URL, with
    /// bubbles scaled to the largest revenue of all the points ([`largest_revenue`]), which
    /// the caller works out once rather than once per account page.
    Use { href: String, largest_revenue: f64 },
}

/// The revenue the bubbles of `points` are scaled to.
pub fn largest_revenue(points: &[MatrixPoint]) -> f64 {
    points
        .iter()
        .map(|point| revenue(point.revenue))
        .fold(0.0, f64::max)
}

/// Whether a highlighted matrix of this many points shows the others as density, which is
/// the same picture on every page and so can be shared ([`Backdrop`]).
pub fn shares_backdrop(points: usize) -> bool {
    points.saturating_sub(1) > MAX_FAINT_POINTS
}

/// The scale runs half a unit beyond 0 and 10 so that bubbles at the edge stay whole.
const PAD: f64 = 0.5;
/// Above this many other points, a highlighted chart shows them as density cells.
const MAX_FAINT_POINTS: usize = 150;
/// Above this many points the full matrix draws the largest as bubbles and the rest as
/// density cells: ten thousand circles make a picture no one can read and a page no
/// browser opens quickly.
const MAX_BUBBLES: usize = 300;
/// Only the largest bubbles are considered as obstacles for labels: enough to keep labels
/// off the big ones, cheap enough for 10,000 points.
const MAX_LABEL_OBSTACLES: usize = 300;
/// How far a label may be moved out from its bubble to find a clear place: this many steps
/// of about its own height beyond the places right beside it.
const LABEL_RINGS: usize = 3;

struct Layout {
    width: u32,
    height: u32,
    insets: Insets,
    tick_px: f64,
    title_px: f64,
    label_px: f64,
    max_labels: usize,
    r_max: f64,
    r_min: f64,
    legend: bool,
}

#[derive(Debug, Clone, Copy)]
struct Point {
    index: usize,
    attractiveness: f64,
    strength: f64,
    revenue: f64,
    forecast: Option<(f64, f64)>,
    trail: Option<(f64, f64)>,
}

fn score(value: f64) -> f64 {
    finite(value, 0.0).clamp(0.0, 10.0)
}

fn revenue(value: f64) -> f64 {
    finite(value, 0.0).max(0.0)
}

fn sanitize(index: usize, point: &MatrixPoint) -> Point {
    Point {
        index,
        attractiveness: score(point.attractiveness),
        strength: score(point.strength),
        revenue: revenue(point.revenue),
        forecast: point.forecast.map(|(a, s)| (score(a), score(s))),
        trail: point.trail.map(|(a, s)| (score(a), score(s))),
    }
}

/// Largest first, so small bubbles are drawn on top of large ones and labels go to the
/// largest accounts; ties in input order.
fn largest_first(mut points: Vec<Point>) -> Vec<Point> {
    points.sort_by(|a, b| b.revenue.total_cmp(&a.revenue).then(a.index.cmp(&b.index)));
    points
}

/// What the plot shows besides axes and quadrants.
enum Scene {
    /// Every account as a linked bubble, largest first.
    All(Vec<Point>),
    /// The largest accounts as bubbles (largest first) over the density of the rest.
    Crowd {
        largest: Vec<Point>,
        cells: Vec<u32>,
    },
    /// One account over the others as faint bubbles (largest first).
    Faint { chosen: Point, others: Vec<Point> },
    /// One account over the others as counts per density cell.
    Dense { chosen: Point, cells: Vec<u32> },
    /// The shared drawing behind every account's mark: all accounts as density cells.
    Backdrop { cells: Vec<u32> },
    /// One account alone, over the shared drawing at this URL.
    Over { chosen: Point, href: String },
}

impl Scene {
    /// The account a focused chart is about, drawn over the others.
    fn chosen(&self) -> Option<&Point> {
        match self {
            Scene::Faint { chosen, .. }
            | Scene::Dense { chosen, .. }
            | Scene::Over { chosen, .. } => Some(chosen),
            Scene::All(_) | Scene::Crowd { .. } | Scene::Backdrop { .. } => None,
        }
    }
}

/// Draws the portfolio matrix; the "no data" SVG when there are no points.
pub fn portfolio_matrix(input: &MatrixInput) -> String {
    let kind = if input.compact {
        "matrix-compact"
    } else {
        "matrix"
    };
    if input.points.is_empty() {
        return canvas::no_data(&input.meta, kind);
    }
    let highlight = input.highlight.filter(|index| *index < input.points.len());
    let largest = |points: &[Point]| points.iter().map(|p| p.revenue).fold(0.0, f64::max);
    let dense = shares_backdrop(input.points.len());
    let (scene, max_revenue) = match (highlight, &input.backdrop) {
        (None, Backdrop::Draw) if dense => {
            let (cells, max) = density_counts(&input.points, usize::MAX);
            (Scene::Backdrop { cells }, max)
        }
        (
            Some(chosen),
            Backdrop::Use {
                href,
                largest_revenue,
            },
        ) if dense => {
            let chosen = sanitize(chosen, &input.points[chosen]);
            (
                Scene::Over {
                    chosen,
                    href: href.clone(),
                },
                *largest_revenue,
            )
        }
        (None, _) => {
            let points: Vec<Point> = input
                .points
                .iter()
                .enumerate()
                .map(|(i, p)| sanitize(i, p))
                .collect();
            let max = largest(&points);
            let mut points = largest_first(points);
            if points.len() > MAX_BUBBLES {
                let rest = points.split_off(MAX_BUBBLES);
                let mut cells = vec![0u32; CELLS * CELLS];
                for point in &rest {
                    cells[cell(point.attractiveness) * CELLS + cell(point.strength)] += 1;
                }
                (
                    Scene::Crowd {
                        largest: points,
                        cells,
                    },
                    max,
                )
            } else {
                (Scene::All(points), max)
            }
        }
        // A large portfolio on every account page: one pass, no per-point allocation.
        (Some(chosen), _) if dense => {
            let (cells, max) = density_counts(&input.points, chosen);
            let chosen = sanitize(chosen, &input.points[chosen]);
            (Scene::Dense { chosen, cells }, max)
        }
        (Some(chosen), _) => {
            let chosen = sanitize(chosen, &input.points[chosen]);
            let others: Vec<Point> = input
                .points
                .iter()
                .enumerate()
                .filter(|(i, _)| *i != chosen.index)
                .map(|(i, p)| sanitize(i, p))
                .collect();
            let max = largest(&others).max(chosen.revenue);
            (
                Scene::Faint {
                    chosen,
                    others: largest_first(others),
                },
                max,
            )
        }
    };
    let has_forecast = match &scene {
        Scene::All(points)
        | Scene::Crowd {
            largest: points, ..
        } => points.iter().any(|point| point.forecast.is_some()),
        Scene::Faint { chosen, .. } | Scene::Dense { chosen, .. } => chosen.forecast.is_some(),
        // The shared drawing and what goes over it must agree on the size whatever the
        // account, so both keep room for the forecast legend.
        Scene::Backdrop { .. } | Scene::Over { .. } => true,
    };
    let layout = layout(input.compact, input.points.len(), has_forecast);
    render(&input.meta, kind, (layout.width, layout.height), |canvas| {
        let format = input.format;
        let tick_label = |value: &f64| format.number(*value, 0);
        let frame = axis::cartesian(
            canvas,
            layout.insets,
            Axis {
                range: -PAD..10.0 + PAD,
                ticks: ticks(input.compact),
                label: &tick_label,
            },
            Axis {
                range: -PAD..10.0 + PAD,
                ticks: ticks(input.compact),
                label: &tick_label,
            },
            layout.tick_px,
        )?;
        draw(input, &layout, &frame, &scene, max_revenue, canvas);
        Ok(())
    })
}

fn ticks(compact: bool) -> Vec<f64> {
    let step = if compact { 5.0 } else { 2.0 };
    (0..=(10.0 / step) as usize)
        .map(|i| i as f64 * step)
        .collect()
}

fn layout(compact: bool, count: usize, has_forecast: bool) -> Layout {
    // Plot sizes are multiples of 11 units (the padded 0–10 scale), so grid lines and
    // cut-offs at tenths land on whole pixels.
    if compact {
        let legend = has_forecast;
        let (plot_w, plot_h) = (242, 242);
        let insets = Insets {
            top: 26,
            right: 12,
            bottom: if legend { 44 } else { 24 },
            left: 4,
            x_labels: 20,
            y_labels: 26,
            y2_labels: 0,
        };
        Layout {
            width: insets.left + insets.y_labels + plot_w + 1 + insets.right,
            height: insets.top + plot_h + 1 + insets.x_labels + insets.bottom,
            insets,
            tick_px: 11.5,
            title_px: 12.5,
            label_px: 12.0,
            max_labels: 6,
            r_max: 14.0 * crowding(count),
            r_min: 2.5,
            legend,
        }
    } else {
        let (plot_w, plot_h) = (440, 440);
        let insets = Insets {
            top: 32,
            right: 18,
            bottom: 52,
            left: 6,
            x_labels: 22,
            y_labels: 30,
            y2_labels: 0,
        };
        Layout {
            width: insets.left + insets.y_labels + plot_w + 1 + insets.right,
            height: insets.top + plot_h + 1 + insets.x_labels + insets.bottom,
            insets,
            tick_px: 12.5,
            title_px: 14.0,
            label_px: 12.5,
            // A busy chart gets fewer labels; the page's table names every account.
            max_labels: if count <= 40 { 30 } else { 18 },
            r_max: 32.0 * crowding(count),
            r_min: 3.5,
            legend: true,
        }
    }
}

/// Bubbles shrink as the portfolio grows, so 200 accounts do not cover the chart; area
/// stays proportional to revenue within a chart.
fn crowding(count: usize) -> f64 {
    (20.0 / count.max(1) as f64).sqrt().clamp(0.35, 1.0)
}

fn radius(layout: &Layout, revenue: f64, max_revenue: f64) -> f64 {
    if max_revenue > 0.0 {
        (layout.r_max * (revenue / max_revenue).sqrt()).max(layout.r_min)
    } else {
        layout.r_min
    }
}

fn draw(
    input: &MatrixInput,
    layout: &Layout,
    frame: &Frame,
    scene: &Scene,
    max_revenue: f64,
    canvas: &mut Canvas,
) {
    let cut_x = frame.x(score(input.strength_cutoff)).round();
    let cut_y = frame.y(score(input.attractiveness_cutoff)).round();
    let over_backdrop = matches!(scene, Scene::Over { .. });
    if let Scene::Over { href, .. } = scene {
        // Same size and origin as the shared file, so its axes line up with this mark.
        canvas.omit_plotted = true;
        canvas.under.raw("<image x=\"0\" y=\"0\"");
        canvas.under.raw(&format!(
            " width=\"{}\" height=\"{}\" href=\"",
            text::num(canvas.width),
            text::num(canvas.height)
        ));
        text::escape_into(&mut canvas.under.svg, href);
        canvas.under.raw("\"/>\n");
    } else {
        quadrants(input, layout, frame, cut_x, cut_y, canvas);
    }

    let clip = canvas.define("plot", |id| {
        format!(
            "<clipPath id=\"{id}\"><rect x=\"{}\" y=\"{}\" width=\"{}\" height=\"{}\"/></clipPath>\n",
            text::num(frame.left),
            text::num(frame.top),
            text::num(frame.width()),
            text::num(frame.height())
        )
    });
    canvas
        .over
        .raw(&format!("<g clip-path=\"url(#{clip})\">\n"));
    // The bubbles that get arrows and labels, with their circles in px.
    let mut shown: Vec<(&Point, (f64, f64, f64))> = Vec::new();
    match scene {
        Scene::All(points)
        | Scene::Crowd {
            largest: points, ..
        } => {
            if let Scene::Crowd { cells, .. } = scene {
                density(frame, cells, &mut canvas.over);
            } else if points.len() <= MAX_TRAILS {
                trails(points, frame, canvas);
            }
            canvas.over.raw(&format!(
                "<g class=\"kam-bubbles\" fill=\"{}\" fill-opacity=\"0.55\" stroke=\"#004B75\" stroke-width=\"1\">\n",
                colour::BLUE
            ));
            for point in points {
                let (cx, cy) = (frame.x(point.strength), frame.y(point.attractiveness));
                let r = radius(layout, point.revenue, max_revenue);
                bubble(input, point, cx, cy, r, canvas);
                shown.push((point, (cx, cy, r)));
            }
            canvas.over.raw("</g>\n");
        }
        Scene::Faint { others, .. } => {
            canvas.over.raw(&format!(
                "<g class=\"kam-bubbles-faint\" fill=\"{}\" fill-opacity=\"0.3\" stroke=\"{}\" stroke-opacity=\"0.5\" stroke-width=\"0.75\" aria-hidden=\"true\">\n",
                colour::FAINT,
                colour::FAINT
            ));
            for point in others {
                let r = radius(layout, point.revenue, max_revenue);
                canvas.over.circle(
                    frame.x(point.strength),
                    frame.y(point.attractiveness),
                    r,
                    "",
                );
            }
            canvas.over.raw("</g>\n");
        }
        Scene::Backdrop { cells } | Scene::Dense { cells, .. } => {
            density(frame, cells, &mut canvas.over)
        }
        Scene::Over { .. } => {}
    }
    if let Some(chosen) = scene.chosen() {
        shown.push(highlighted(
            input,
            layout,
            frame,
            chosen,
            max_revenue,
            canvas,
        ));
    }
    canvas.over.raw("</g>\n");
    let focused = !matches!(scene, Scene::All(_) | Scene::Crowd { .. });

    // Arrows above the bubbles, so a big bubble does not hide where a small one is heading.
    let mut arrows = Layer::default();
    // Points along every arrow, so labels can keep off them.
    let mut along: Vec<(f64, f64, f64)> = Vec::new();
    for (point, circle) in &shown {
        if let Some((a, s)) = point.forecast
            && let Some(((x0, y0), (x1, y1))) =
                arrow(*circle, (frame.x(s), frame.y(a)), &mut arrows)
        {
            let steps = ((x1 - x0).hypot(y1 - y0) / 6.0).ceil().max(1.0) as usize;
            along.extend((0..=steps).map(|i| {
                let t = i as f64 / steps as f64;
                (x0 + (x1 - x0) * t, y0 + (y1 - y0) * t, 3.0)
            }));
        }
    }
    if !arrows.svg.is_empty() {
        let marker = canvas.arrowhead(colour::INK);
        canvas.over.raw(&format!(
            "<g class=\"kam-forecast\" fill=\"none\" stroke=\"{}\" stroke-width=\"1.5\" stroke-dasharray=\"5 3\" marker-end=\"url(#{marker})\" aria-hidden=\"true\">\n",
            colour::INK
        ));
        canvas.over.raw(&arrows.svg);
        canvas.over.raw("</g>\n");
    }

    // Labels last, with a white halo, placed greedily from the largest account down.
    let mut soft: Vec<(f64, f64, f64)> = if focused {
        Vec::new()
    } else {
        shown
            .iter()
            .map(|(_, circle)| *circle)
            .take(MAX_LABEL_OBSTACLES)
            .collect()
    };
    soft.extend(along);
    let bounds = Box2 {
        x0: frame.left,
        y0: frame.top,
        x1: frame.right,
        y1: frame.bottom,
    };
    let mut obstacles = quadrant_label_boxes(input, layout, frame);
    let mut leaders: Vec<Leader> = Vec::new();
    let mut labels = Layer::default();
    let mut placed = 0;
    for (point, circle) in &shown {
        if placed >= layout.max_labels {
            break;
        }
        let name = &input.points[point.index].label;
        let room = Room {
            bounds: &bounds,
            taken: &obstacles,
            leaders: &leaders,
            bubbles: &soft,
        };
        if let Some(label) = place(name, *circle, layout.label_px, &room, focused) {
            labels.text(
                label.at.x0,
                label.at.y1 - layout.label_px * 0.28,
                &label.text,
                "",
            );
            obstacles.push(label.at);
            leaders.extend(label.leader);
            placed += 1;
        }
    }
    // Under the labels, so a label's white halo trims the line's end.
    if !leaders.is_empty() {
        canvas.over.raw(&format!(
            "<g class=\"kam-leaders\" stroke=\"{}\" stroke-width=\"0.75\" fill=\"none\" aria-hidden=\"true\">\n",
            colour::INK
        ));
        for line in &leaders {
            canvas
                .over
                .line(line.from.0, line.from.1, line.to.0, line.to.1, "");
        }
        canvas.over.raw("</g>\n");
    }
    if !labels.svg.is_empty() {
        canvas.over.raw(&format!(
            "<g class=\"kam-labels\" font-size=\"{}\" fill=\"{}\" stroke=\"#FFFFFF\" stroke-width=\"3\" stroke-linejoin=\"round\" paint-order=\"stroke\" aria-hidden=\"true\">\n",
            text::num(layout.label_px),
            colour::INK
        ));
        canvas.over.raw(&labels.svg);
        canvas.over.raw("</g>\n");
    }

    if !over_backdrop {
        titles(input, layout, frame, canvas);
    }
    if layout.legend && !matches!(scene, Scene::Backdrop { .. }) {
        legend(input, layout, frame, max_revenue > 0.0, canvas);
    }
}

/// The chosen account's bubble: strong colour, heavy outline, never smaller than twice the
/// minimum so it stands out among the faint ones.
fn highlighted<'p>(
    input: &MatrixInput,
    layout: &Layout,
    frame: &Frame,
    point: &'p Point,
    max_revenue: f64,
    canvas: &mut Canvas,
) -> (&'p Point, (f64, f64, f64)) {
    let (cx, cy) = (frame.x(point.strength), frame.y(point.attractiveness));
    let r = radius(layout, point.revenue, max_revenue).max(layout.r_min * 2.0);
    canvas.over.raw(&format!(
        "<g class=\"kam-bubble-highlight\" fill=\"{}\" fill-opacity=\"0.85\" stroke=\"{}\" stroke-width=\"2\">\n",
        colour::VERMILLION,
        colour::INK
    ));
    bubble(input, point, cx, cy, r, canvas);
    canvas.over.raw("</g>\n");
    (point, (cx, cy, r))
}

/// Tinted quadrants, grid and dashed cut-off lines, with the quadrant names in the corners.
fn quadrants(
    input: &MatrixInput,
    layout: &Layout,
    frame: &Frame,
    cut_x: f64,
    cut_y: f64,
    canvas: &mut Canvas,
) {
    let (l, r, t, b) = (frame.left, frame.right, frame.top, frame.bottom);
    // strategic, star, status, streamline: top right, top left, bottom right, bottom left.
    let tints = ["#E3EEF7", "#FCF1DC", "#E2F3EC", "#F1F1F1"];
    let regions = [
        (cut_x, t, r, cut_y),
        (l, t, cut_x, cut_y),
        (cut_x, cut_y, r, b),
        (l, cut_y, cut_x, b),
    ];
    for (tint, (x0, y0, x1, y1)) in tints.iter().zip(regions) {
        canvas
            .under
            .rect(x0, y0, x1 - x0, y1 - y0, &format!("fill=\"{tint}\""));
    }
    let grid = format!("stroke=\"{}\" stroke-width=\"1\"", "#FFFFFF");
    for tick in ticks(input.compact) {
        canvas
            .under
            .line(frame.x(tick).round(), t, frame.x(tick).round(), b, &grid);
        canvas
            .under
            .line(l, frame.y(tick).round(), r, frame.y(tick).round(), &grid);
    }
    let cut = format!(
        "stroke=\"{}\" stroke-width=\"1.5\" stroke-dasharray=\"6 4\"",
        colour::MUTED
    );
    canvas.under.line(cut_x, t, cut_x, b, &cut);
    canvas.under.line(l, cut_y, r, cut_y, &cut);

    let px = layout.title_px;
    let mut names = Layer::default();
    for (index, (x, y, anchor)) in corner_positions(layout, frame).into_iter().enumerate() {
        let name = text::fit(
            &input.quadrant_labels[index],
            px,
            frame.width() / 2.0 - 12.0,
        );
        names.text(x, y, &name, &format!("text-anchor=\"{anchor}\""));
    }
    canvas.under.raw(&format!(
        "<g class=\"kam-quadrants\" font-size=\"{}\" fill=\"{}\" font-weight=\"bold\">\n",
        text::num(px),
        colour::MUTED
    ));
    canvas.under.raw(&names.svg);
    canvas.under.raw("</g>\n");
}

/// Baseline anchor points of the four quadrant names.
fn corner_positions(layout: &Layout, frame: &Frame) -> [(f64, f64, &'static str); 4] {
    let inset = 6.0;
    let top = frame.top + inset + layout.title_px * 0.8;
    let bottom = frame.bottom - inset - layout.title_px * 0.2;
    [
        (frame.right - inset, top, "end"),
        (frame.left + inset, top, "start"),
        (frame.right - inset, bottom, "end"),
        (frame.left + inset, bottom, "start"),
    ]
}

fn quadrant_label_boxes(input: &MatrixInput, layout: &Layout, frame: &Frame) -> Vec<Box2> {
    let px = layout.title_px;
    corner_positions(layout, frame)
        .into_iter()
        .enumerate()
        .map(|(index, (x, y, anchor))| {
            let name = text::fit(
                &input.quadrant_labels[index],
                px,
                frame.width() / 2.0 - 12.0,
            );
            // Bold is about 10 % wider than the regular face we measure with.
            let w = text::width(&name, px) * 1.12;
            let x0 = if anchor == "end" { x - w } else { x };
            Box2 {
                x0,
                y0: y - px * 0.85,
                x1: x0 + w,
                y1: y + px * 0.25,
            }
        })
        .collect()
}

/// One bubble, wrapped in a link when the point has one.
fn bubble(input: &MatrixInput, point: &Point, cx: f64, cy: f64, r: f64, canvas: &mut Canvas) {
    let source = &input.points[point.index];
    match &source.href {
        Some(href) => {
            canvas.interactive = true;
            let name = escape(&describe(input, source, point));
            canvas.over.raw(&format!(
                "<a href=\"{}\" aria-label=\"{name}\"><title>{name}</title>",
                escape(href)
            ));
            canvas.over.circle(cx, cy, r, "");
            canvas.over.raw("</a>\n");
        }
        None => canvas.over.circle(cx, cy, r, ""),
    }
}

/// The link's accessible name and tooltip: the name and every number behind the bubble.
fn describe(input: &MatrixInput, source: &MatrixPoint, point: &Point) -> String {
    let f = input.format;
    let mut text = format!(
        "{} — {} {} · {} {} · {} {}",
        source.label,
        input.y_label,
        f.number(point.attractiveness, 1),
        input.x_label,
        f.number(point.strength, 1),
        input.size_label,
        f.money(Amount::Float(point.revenue))
    );
    if let Some((a, s)) = point.forecast {
        text.push_str(&format!(
            " · {}: {} {} · {} {}",
            input.forecast_label,
            input.y_label,
            f.number(a, 1),
            input.x_label,
            f.number(s, 1)
        ));
    }
    text
}

/// Density cells are half a score unit: 20 × 20 over the matrix.
const CELLS: usize = 20;

/// How many accounts other than `chosen` fall in each density cell, row by row from the
/// bottom (attractiveness 0), and the largest revenue of all: one pass over the portfolio,
/// which on 10,000 account pages is the cost that matters.
fn density_counts(points: &[MatrixPoint], chosen: usize) -> (Vec<u32>, f64) {
    let mut counts = vec![0u32; CELLS * CELLS];
    let mut max_revenue = 0.0f64;
    for (index, point) in points.iter().enumerate() {
        max_revenue = max_revenue.max(revenue(point.revenue));
        if index != chosen {
            counts[cell(point.attractiveness) * CELLS + cell(point.strength)] += 1;
        }
    }
    (counts, max_revenue)
}

/// The density cell of a score (already clamped to 0–10).
fn cell(value: f64) -> usize {
    ((score(value) / 10.0 * CELLS as f64) as usize).min(CELLS - 1)
}

/// The other accounts of a large portfolio as one grey dot per density cell, larger where
/// more accounts fall: it reads like a faint scatter and its size is bounded whatever the
/// portfolio.
fn density(frame: &Frame, counts: &[u32], layer: &mut Layer) {
    layer.raw(&format!(
        "<g class=\"kam-density\" fill=\"{}\" fill-opacity=\"0.45\" aria-hidden=\"true\">\n",
        colour::FAINT
    ));
    let size = 10.0 / CELLS as f64;
    let cell_px = (frame.x(size) - frame.x(0.0)).min(frame.y(0.0) - frame.y(size));
    for (cell, count) in counts.iter().enumerate() {
        if *count == 0 {
            continue;
        }
        let (row, column) = (cell / CELLS, cell % CELLS);
        let (s, a) = ((column as f64 + 0.5) * size, (row as f64 + 0.5) * size);
        // Area grows with the count, up to a dot that nearly fills its cell.
        let r = (cell_px * 0.15 * f64::from((*count).min(16)).sqrt()).min(cell_px * 0.6);
        layer.circle(frame.x(s), frame.y(a), r.max(1.5), "");
    }
    layer.raw("</g>\n");
}

/// Dotted lines from each account's earlier position to its bubble, with a small ring
/// where it stood, under the bubbles; none for an account that has not moved.
fn trails(points: &[Point], frame: &Frame, canvas: &mut Canvas) {
    let mut layer = Layer::default();
    for point in points {
        let Some((a, s)) = point.trail else {
            continue;
        };
        let (x0, y0) = (frame.x(s), frame.y(a));
        let (x1, y1) = (frame.x(point.strength), frame.y(point.attractiveness));
        if (x1 - x0).hypot(y1 - y0) < 1.0 {
            continue;
        }
        layer.line(x0, y0, x1, y1, "");
        layer.circle(x0, y0, 2.5, "");
    }
    if !layer.svg.is_empty() {
        canvas.over.raw(&format!(
            "<g class=\"kam-trails\" fill=\"#FFFFFF\" stroke=\"{}\" stroke-width=\"1.25\" stroke-dasharray=\"1.5 2.5\" aria-hidden=\"true\">\n",
            colour::MUTED
        ));
        canvas.over.raw(&layer.svg);
        canvas.over.raw("</g>\n");
    }
}

/// A dashed arrow from the bubble's edge to the forecast position, returning its ends;
/// nothing when the forecast lies inside the bubble.
fn arrow(
    (cx, cy, r): (f64, f64, f64),
    (fx, fy): (f64, f64),
    layer: &mut Layer,
) -> Option<((f64, f64), (f64, f64))> {
    let (dx, dy) = (fx - cx, fy - cy);
    let distance = dx.hypot(dy);
    if distance < r + 8.0 {
        return None;
    }
    let start = (cx + dx / distance * r, cy + dy / distance * r);
    layer.line(start.0, start.1, fx, fy, "");
    Some((start, (fx, fy)))
}

/// Axis titles: the y title above the y axis, the x title centred under the x axis.
fn titles(input: &MatrixInput, layout: &Layout, frame: &Frame, canvas: &mut Canvas) {
    let px = layout.title_px;
    let attrs = format!("font-size=\"{}\" fill=\"{}\"", text::num(px), colour::INK);
    let y_title = text::fit(&input.y_label, px, canvas.width - 8.0);
    canvas.over.text(4.0, frame.top - 10.0, &y_title, &attrs);
    let x_title = text::fit(&input.x_label, px, frame.width());
    let baseline = frame.bottom + f64::from(layout.insets.x_labels) + px + 2.0;
    canvas.over.text(
        (frame.left + frame.right) / 2.0,
        baseline,
        &x_title,
        &format!("{attrs} text-anchor=\"middle\""),
    );
}

/// A legend line at the bottom: a bubble for what area means, a dashed arrow for forecasts.
fn legend(input: &MatrixInput, layout: &Layout, frame: &Frame, sized: bool, canvas: &mut Canvas) {
    let px = layout.label_px;
    let y = canvas.height - 10.0;
    let mut x = frame.left;
    let attrs = format!("font-size=\"{}\" fill=\"{}\"", text::num(px), colour::INK);
    if !input.compact && sized && !input.size_label.is_empty() {
        canvas.over.circle(
            x + 5.0,
            y - px * 0.35,
            3.0,
            &format!(
                "fill=\"{}\" fill-opacity=\"0.55\" stroke=\"#004B75\"",
                colour::BLUE
            ),
        );
        canvas.over.circle(
            x + 17.0,
            y - px * 0.35,
            6.0,
            &format!(
                "fill=\"{}\" fill-opacity=\"0.55\" stroke=\"#004B75\"",
                colour::BLUE
            ),
        );
        x += 28.0;
        let label = text::fit(&input.size_label, px, canvas.width - x - 8.0);
        canvas.over.text(x, y, &label, &attrs);
        x += text::width(&label, px) + 24.0;
    }
    let has_arrow = match input.highlight.filter(|i| *i < input.points.len()) {
        Some(index) => input.points[index].forecast.is_some(),
        None => input.points.iter().any(|point| point.forecast.is_some()),
    };
    if has_arrow && !input.forecast_label.is_empty() && x + 60.0 < canvas.width {
        let marker = canvas.arrowhead(colour::INK);
        canvas.over.line(
            x,
            y - px * 0.35,
            x + 26.0,
            y - px * 0.35,
            &format!("stroke=\"{}\" stroke-width=\"1.5\" stroke-dasharray=\"5 3\" marker-end=\"url(#{marker})\"", colour::INK),
        );
        x += 34.0;
        let label = text::fit(&input.forecast_label, px, canvas.width - x - 8.0);
        canvas.over.text(x, y, &label, &attrs);
    }
}

/// An axis-aligned box in px.
#[derive(Debug, Clone, Copy, PartialEq)]
struct Box2 {
    x0: f64,
    y0: f64,
    x1: f64,
    y1: f64,
}

impl Box2 {
    fn overlaps(&self, other: &Box2) -> bool {
        self.x0 < other.x1 && other.x0 < self.x1 && self.y0 < other.y1 && other.y0 < self.y1
    }

    fn inside(&self, bounds: &Box2) -> bool {
        self.x0 >= bounds.x0 && self.x1 <= bounds.x1 && self.y0 >= bounds.y0 && self.y1 <= bounds.y1
    }

    fn hits_circle(&self, (cx, cy, r): (f64, f64, f64)) -> bool {
        let nx = cx.clamp(self.x0, self.x1);
        let ny = cy.clamp(self.y0, self.y1);
        (nx - cx).powi(2) + (ny - cy).powi(2) < r * r
    }

    fn corners(&self) -> (f64, f64, f64, f64) {
        (self.x0, self.y0, self.x1, self.y1)
    }
}

/// What a new label must keep clear of: the plot's edges, the labels placed so far (and the
/// quadrant names), their leader lines, and, if it can, the bubbles and arrows.
struct Room<'a> {
    bounds: &'a Box2,
    taken: &'a [Box2],
    leaders: &'a [Leader],
    bubbles: &'a [(f64, f64, f64)],
}

/// A placed label: its text (maybe shortened), its box, and the line to its bubble when it
/// had to move away from it.
#[derive(Debug, Clone, PartialEq)]
struct Label {
    text: String,
    at: Box2,
    leader: Option<Leader>,
}

/// Where a bubble's label goes. The eight places right beside the bubble come first, then
/// the same places moved out step by step (`LABEL_RINGS`); the first that stays inside the
/// plot, clear of other labels and their leader lines, and covers no bubble or arrow wins,
/// the whole name before one shortened with "…". Failing that, the clear place covering the
/// fewest, nearest first. A label that ends up more than its own height from its bubble's
/// edge gets a leader line, which must not cross another label. `None` if nothing fits.
fn place(name: &str, circle: (f64, f64, f64), px: f64, room: &Room, must: bool) -> Option<Label> {
    let short = text::fit(name, px, px * 9.0);
    let mut variants = vec![name.to_string()];
    if short != name && !short.is_empty() {
        variants.push(short);
    }
    let h = px * 1.1;
    let step = h * 1.25;
    let mut best: Option<(usize, Label)> = None;
    for variant in &variants {
        let w = text::width(variant, px);
        for ring in 0..=LABEL_RINGS {
            for candidate in positions(circle, w, h, ring as f64 * step) {
                if !candidate.inside(room.bounds)
                    || room.taken.iter().any(|other| other.overlaps(&candidate))
                    || room
                        .leaders
                        .iter()
                        .any(|line| line.crosses(candidate.corners()))
                {
                    continue;
                }
                let leader = Leader::towards(circle, candidate.corners(), h);
                if leader.is_some_and(|line| {
                    room.taken.iter().any(|other| line.crosses(other.corners()))
                }) {
                    continue;
                }
                // Counting stops where this place could no longer beat the best so far.
                let fewest = best.as_ref().map_or(usize::MAX, |(fewest, _)| *fewest);
                let covered = room
                    .bubbles
                    .iter()
                    .filter(|other| **other != circle && candidate.hits_circle(**other))
                    .take(fewest)
                    .count();
                if covered < fewest {
                    let label = Label {
                        text: variant.clone(),
                        at: candidate,
                        leader,
                    };
                    if covered == 0 {
                        return Some(label);
                    }
                    best = Some((covered, label));
                }
            }
        }
    }
    if let Some((_, label)) = best {
        return Some(label);
    }
    if must {
        // The chosen account is always named: clamp the first position into the plot.
        let variant = variants.last()?.clone();
        let w = text::width(&variant, px).min(room.bounds.x1 - room.bounds.x0);
        let first = positions(circle, w, h, 0.0)[0];
        let dx = (room.bounds.x0 - first.x0).max(0.0) + (room.bounds.x1 - first.x1).min(0.0);
        let dy = (room.bounds.y0 - first.y0).max(0.0) + (room.bounds.y1 - first.y1).min(0.0);
        let at = Box2 {
            x0: first.x0 + dx,
            y0: first.y0 + dy,
            x1: first.x1 + dx,
            y1: first.y1 + dy,
        };
        return Some(Label {
            text: variant,
            at,
            leader: Leader::towards(circle, at.corners(), h),
        });
    }
    None
}

/// Label boxes around a bubble: right, left, above, below, then the diagonals, each moved
/// `out` px further away from the bubble (0 for right beside it).
fn positions((cx, cy, r): (f64, f64, f64), w: f64, h: f64, out: f64) -> [Box2; 8] {
    let gap = 3.0;
    let d = r * std::f64::consts::FRAC_1_SQRT_2;
    let o = out * std::f64::consts::FRAC_1_SQRT_2;
    let at = |x0: f64, y0: f64| Box2 {
        x0,
        y0,
        x1: x0 + w,
        y1: y0 + h,
    };
    [
        at(cx + r + gap + out, cy - h / 2.0),
        at(cx - r - gap - w - out, cy - h / 2.0),
        at(cx - w / 2.0, cy - r - gap - h - out),
        at(cx - w / 2.0, cy + r + gap + out),
        at(cx + d + gap + o, cy - d - h - o),
        at(cx - d - gap - w - o, cy - d - h - o),
        at(cx + d + gap + o, cy + d + o),
        at(cx - d - gap - w - o, cy + d + o),
    ]
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::Language;

    fn input<'a>(points: &'a [MatrixPoint]) -> MatrixInput<'a> {
        MatrixInput {
            meta: Meta {
                id: "m".into(),
                title: "Matris".into(),
                desc: "Beskrivning".into(),
                no_data: "Inga kunder".into(),
            },
            format: Format {
                language: Language::Sv,
                currency: "SEK",
            },
            x_label: "Styrka".into(),
            y_label: "Attraktivitet".into(),
            size_label: "Omsättning".into(),
            forecast_label: "Prognos".into(),
            quadrant_labels: [
                "Strategisk".into(),
                "Stjärna".into(),
                "Status".into(),
                "Effektivisera".into(),
            ],
            attractiveness_cutoff: 5.0,
            strength_cutoff: 5.0,
            points: points.into(),
            highlight: None,
            compact: false,
            backdrop: Backdrop::Inline,
        }
    }

    fn point(label: &str, a: f64, s: f64, revenue: f64) -> MatrixPoint {
        MatrixPoint {
            label: label.into(),
            href: Some(format!("accounts/{label}/")),
            attractiveness: a,
            strength: s,
            revenue,
            forecast: None,
            trail: None,
        }
    }

    #[test]
    fn no_points_is_no_data() {
        let svg = portfolio_matrix(&input(&[]));
        assert!(svg.contains("Inga kunder"));
        assert!(svg.contains("role=\"img\""));
    }

    #[test]
    fn one_point_with_zero_revenue_is_visible_and_linked() {
        let points = [point("Åhléns", 7.0, 3.0, 0.0)];
        let svg = portfolio_matrix(&input(&points));
        assert!(svg.contains("role=\"group\""));
        assert!(
            svg.contains("<a href=\"accounts/Åhléns/\" aria-label=\"Åhléns — Attraktivitet 7,0")
        );
        assert!(svg.contains(" r=\"3.5\""));
        assert!(!svg.contains("NaN"));
    }

    #[test]
    fn nonsense_numbers_are_tamed() {
        let mut points = vec![
            point("a", f64::NAN, f64::INFINITY, f64::NAN),
            point("b", -3.0, 42.0, -5.0),
        ];
        points[0].forecast = Some((f64::NAN, 11.0));
        let svg = portfolio_matrix(&input(&points));
        assert!(!svg.contains("NaN") && !svg.contains("inf"));
    }

    #[test]
    fn trails_lead_from_the_earlier_position_on_the_full_matrix_only() {
        let mut points = vec![point("a", 8.0, 8.0, 1.0), point("b", 3.0, 3.0, 1.0)];
        assert!(!portfolio_matrix(&input(&points)).contains("kam-trails"));
        points[0].trail = Some((8.0, 3.0));
        points[1].trail = Some((3.0, 3.0));
        let svg = portfolio_matrix(&input(&points));
        let trails = svg.split("kam-trails").nth(1).unwrap_or_default();
        let trails = trails.split("</g>").next().unwrap_or_default();
        assert_eq!(
            trails.matches("<line").count(),
            1,
            "b did not move: no trail"
        );
        let mut chart = input(&points);
        chart.highlight = Some(0);
        chart.compact = true;
        assert!(!portfolio_matrix(&chart).contains("kam-trails"));
        let many: Vec<MatrixPoint> = (0..=MAX_TRAILS)
            .map(|i| MatrixPoint {
                trail: Some((1.0, 1.0)),
                ..point(&format!("p{i}"), 5.0, 5.0, 1.0)
            })
            .collect();
        assert!(!portfolio_matrix(&input(&many)).contains("kam-trails"));
    }

    #[test]
    fn highlight_out_of_range_is_ignored() {
        let points = [point("a", 5.0, 5.0, 1.0)];
        let mut chart = input(&points);
        chart.highlight = Some(3);
        chart.compact = true;
        assert!(portfolio_matrix(&chart).contains("kam-bubbles"));
    }

    #[test]
    fn many_points_label_only_some_and_never_overlap() {
        let points: Vec<MatrixPoint> = (0..200)
            .map(|i| {
                let a = (i * 37 % 101) as f64 / 10.0;
                let s = (i * 53 % 101) as f64 / 10.0;
                point(
                    &format!("Kund {i}"),
                    a,
                    s,
                    (i * 7919 % 1000) as f64 * 1000.0,
                )
            })
            .collect();
        let svg = portfolio_matrix(&input(&points));
        assert_eq!(svg.matches("<a href=").count(), 200);
        let labels = svg.split("class=\"kam-labels\"").nth(1).unwrap_or("");
        let labels = labels.split("</g>").next().unwrap_or("");
        let count = labels.matches("<text").count();
        assert!(count > 5 && count <= 30, "{count}");
    }

    #[test]
    fn highlighted_large_portfolio_is_bounded() {
        let points: Vec<MatrixPoint> = (0..10_000)
            .map(|i| point("k", (i % 97) as f64 / 9.7, (i % 89) as f64 / 8.9, i as f64))
            .collect();
        let mut chart = input(&points);
        chart.highlight = Some(17);
        chart.compact = true;
        let svg = portfolio_matrix(&chart);
        assert!(svg.contains("kam-density"));
        assert!(svg.len() < 40_000, "{}", svg.len());
        assert_eq!(svg.matches("<a ").count(), 1);
    }

    #[test]
    fn a_crowded_matrix_draws_the_largest_over_the_density_of_the_rest() {
        let points: Vec<MatrixPoint> = (0..5_000)
            .map(|i| point("k", (i % 97) as f64 / 9.7, (i % 89) as f64 / 8.9, i as f64))
            .collect();
        let svg = portfolio_matrix(&input(&points));
        assert!(svg.contains("kam-density"));
        let bubbles = svg
            .split("class=\"kam-bubbles\"")
            .nth(1)
            .and_then(|rest| rest.split("</g>").next())
            .unwrap_or_default();
        assert_eq!(bubbles.matches("<circle").count(), MAX_BUBBLES);
        assert!(svg.len() < 150_000, "{}", svg.len());
        let few = portfolio_matrix(&input(&points[..MAX_BUBBLES]));
        assert!(!few.contains("kam-density"));
    }

    #[test]
    fn a_large_portfolio_shares_one_backdrop_under_each_mark() {
        let points: Vec<MatrixPoint> = (0..1_000)
            .map(|i| point("k", (i % 97) as f64 / 9.7, (i % 89) as f64 / 8.9, i as f64))
            .collect();
        let mut shared = input(&points);
        shared.compact = true;
        shared.backdrop = Backdrop::Draw;
        let backdrop = portfolio_matrix(&shared);
        assert!(backdrop.contains("kam-density") && backdrop.contains("kam-chart-axes"));
        assert!(!backdrop.contains("<a ") && !backdrop.contains("kam-bubble-highlight"));

        let mut mark = input(&points);
        mark.compact = true;
        mark.highlight = Some(17);
        mark.backdrop = Backdrop::Use {
            href: "../../charts/position.svg?a&b".to_string(),
            largest_revenue: largest_revenue(&mark.points),
        };
        let over = portfolio_matrix(&mark);
        assert!(
            over.contains("<image x=\"0\" y=\"0\"")
                && over.contains("href=\"../../charts/position.svg?a&amp;b\""),
            "{over}"
        );
        assert!(!over.contains("kam-density") && !over.contains("kam-chart-axes"));
        assert!(over.contains("kam-bubble-highlight"));
        assert!(over.len() < 3_000, "{}", over.len());
        // Both are drawn at the one size, so the mark lands on the backdrop's axes.
        let size = |svg: &str| {
            svg.split("viewBox=\"")
                .nth(1)
                .map(|rest| rest[..12].to_string())
        };
        assert_eq!(size(&backdrop), size(&over));

        // A small portfolio draws the others inline whatever it is asked.
        let few = &points[..100];
        let mut small = input(few);
        small.compact = true;
        small.highlight = Some(3);
        small.backdrop = Backdrop::Use {
            href: "x.svg".to_string(),
            largest_revenue: largest_revenue(&small.points),
        };
        assert!(!portfolio_matrix(&small).contains("<image"));
    }

    #[test]
    fn a_moved_label_gets_a_leader_line_and_one_beside_its_bubble_does_not() {
        let circle = (200.0, 200.0, 10.0);
        let px = 12.0;
        let bounds = Box2 {
            x0: 0.0,
            y0: 0.0,
            x1: 400.0,
            y1: 400.0,
        };
        let free = Room {
            bounds: &bounds,
            taken: &[],
            leaders: &[],
            bubbles: &[],
        };
        let beside = place("Alfa", circle, px, &free, false).expect("room for a label");
        assert_eq!(beside.leader, None, "{beside:?}");
        assert_eq!(
            beside.at.x0, 213.0,
            "right of the bubble, 3 px from its edge"
        );

        // Small bubbles on every place right beside it push the label out.
        let h = px * 1.1;
        let crowd: Vec<(f64, f64, f64)> = positions(circle, text::width("Alfa", px), h, 0.0)
            .iter()
            .map(|at| ((at.x0 + at.x1) / 2.0, (at.y0 + at.y1) / 2.0, 2.0))
            .collect();
        let crowded = Room {
            bubbles: &crowd,
            ..free
        };
        let moved = place("Alfa", circle, px, &crowded, false).expect("room further out");
        assert_eq!(moved.text, "Alfa");
        assert!(crowd.iter().all(|bubble| !moved.at.hits_circle(*bubble)));
        let line = moved.leader.expect("a moved label is tied to its bubble");
        let from_centre = (line.from.0 - circle.0).hypot(line.from.1 - circle.1);
        assert!((from_centre - (circle.2 + 1.5)).abs() < 1e-9, "{line:?}");
        assert!(
            !line.crosses(moved.at.corners()),
            "the line stops short of the text"
        );

        // A later label may neither sit on that line nor be reached across another label.
        let taken = [moved.at];
        let leaders = [line];
        let after = Room {
            taken: &taken,
            leaders: &leaders,
            ..free
        };
        let (mx, my) = (
            (line.from.0 + line.to.0) / 2.0,
            (line.from.1 + line.to.1) / 2.0,
        );
        let other = place("Beta", (mx, my + 40.0, 4.0), px, &after, false).expect("room");
        assert!(!line.crosses(other.at.corners()));
        assert!(!other.at.overlaps(&moved.at));
        assert!(!other.leader.is_some_and(|l| l.crosses(moved.at.corners())));
    }

    #[test]
    fn labels_avoid_each_other() {
        let a = Box2 {
            x0: 0.0,
            y0: 0.0,
            x1: 10.0,
            y1: 10.0,
        };
        let b = Box2 {
            x0: 10.0,
            y0: 0.0,
            x1: 20.0,
            y1: 10.0,
        };
        assert!(!a.overlaps(&b));
        assert!(a.overlaps(&Box2 {
            x0: 5.0,
            y0: 5.0,
            x1: 6.0,
            y1: 6.0
        }));
        assert!(a.hits_circle((12.0, 5.0, 3.0)));
        assert!(!a.hits_circle((14.0, 5.0, 3.0)));
    }
}
