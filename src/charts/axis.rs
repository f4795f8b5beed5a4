//! Axes shared by the charts with a numeric scale: "nice" tick values, the mapping from data
//! to pixels that kam's own layers share with plotters' grid, and the text styles plotters
//! draws tick labels with.
//!
//! Not here: what a chart shows (each chart's own module).

use std::collections::HashMap;
use std::ops::Range;
use std::sync::{Arc, Mutex, MutexGuard, OnceLock, PoisonError};

use plotters::coord::ranged1d::{DefaultFormatting, KeyPointHint, Ranged};
use plotters::coord::types::RangedCoordf64;
use plotters::style::{Color, FontDesc, FontFamily, FontStyle, RGBColor, TextStyle};

use super::text::FAMILY;

/// Tick values for an axis from `lo` to `hi` in steps of `step`.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Ticks {
    pub lo: f64,
    pub hi: f64,
    pub step: f64,
    pub values: Vec<f64>,
    /// Decimals that show every tick exactly (0 for steps of 1 and up).
    pub decimals: usize,
}

/// About `target` ticks covering `min..=max` at a step of 1, 2 or 5 × 10ⁿ, each computed as
/// `lo + i·step` (no accumulated drift). Degenerate or non-finite ranges become 0..1.
pub(crate) fn ticks(min: f64, max: f64, target: usize) -> Ticks {
    let (mut min, mut max) = if min.is_finite() && max.is_finite() {
        (min.min(max), max.max(min))
    } else {
        (0.0, 1.0)
    };
    if max - min <= f64::EPSILON * max.abs().max(1.0) {
        if min == 0.0 {
            max = 1.0;
        } else if min > 0.0 {
            min = 0.0;
        } else {
            max = 0.0;
        }
    }
    let raw = (max - min) / target.max(1) as f64;
    let magnitude = 10f64.powf(raw.log10().floor());
    let step = [1.0, 2.0, 2.5, 5.0, 10.0]
        .iter()
        .map(|factor| factor * magnitude)
        .find(|step| *step >= raw * 0.999)
        .unwrap_or(10.0 * magnitude);
    let first = (min / step).floor();
    let last = (max / step).ceil();
    let count = (last - first).max(1.0) as usize;
    // The fewest decimals that write the step exactly (0.25 needs two, 2.5 one, 25 none).
    let decimals = (0..12)
        .find(|d| {
            let scaled = step * 10f64.powi(*d);
            (scaled - scaled.round()).abs() < 1e-6 * scaled.max(1.0)
        })
        .unwrap_or(12) as usize;
    let round = |value: f64| {
        let scale = 10f64.powi(decimals as i32);
        let value = (value * scale).round() / scale;
        if value == 0.0 { 0.0 } else { value }
    };
    let values: Vec<f64> = (0..=count)
        .map(|i| round((first + i as f64) * step))
        .collect();
    Ticks {
        lo: values[0],
        hi: values[values.len() - 1],
        step,
        values,
        decimals,
    }
}

/// Data-to-pixel mapping of a plotting area, the same linear map plotters uses for its
/// grid, but in floating point.
#[derive(Debug, Clone)]
pub(crate) struct Frame {
    pub left: f64,
    pub right: f64,
    pub top: f64,
    pub bottom: f64,
    x: (f64, f64),
    y: (f64, f64),
}

impl Frame {
    /// `pixels` is plotters' `plotting_area().get_pixel_range()`; plotters maps the range
    /// ends to the first and the last pixel inside it.
    pub(crate) fn new(pixels: (Range<i32>, Range<i32>), x: Range<f64>, y: Range<f64>) -> Frame {
        Frame {
            left: f64::from(pixels.0.start),
            right: f64::from(pixels.0.end - 1),
            top: f64::from(pixels.1.start),
            bottom: f64::from(pixels.1.end - 1),
            x: (x.start, x.end),
            y: (y.start, y.end),
        }
    }

    pub(crate) fn x(&self, value: f64) -> f64 {
        let span = self.x.1 - self.x.0;
        if span == 0.0 {
            self.left
        } else {
            self.left + (value - self.x.0) / span * (self.right - self.left)
        }
    }

    pub(crate) fn y(&self, value: f64) -> f64 {
        let span = self.y.1 - self.y.0;
        if span == 0.0 {
            self.bottom
        } else {
            self.bottom - (value - self.y.0) / span * (self.bottom - self.top)
        }
    }

    pub(crate) fn width(&self) -> f64 {
        self.right - self.left
    }

    pub(crate) fn height(&self) -> f64 {
        self.bottom - self.top
    }
}

/// plotters writes `font-size` as its size / 1.24; sizes that are multiples of 0.5 px
/// divide back exactly, keeping the SVG free of long fractions.
pub(crate) fn font(px: f64) -> FontDesc<'static> {
    FontDesc::new(FontFamily::Name(FAMILY), px * 1.24, FontStyle::Normal)
}

/// Tick labels: `px` high, in the muted ink.
pub(crate) fn tick_style(px: f64) -> TextStyle<'static> {
    TextStyle {
        font: font(px),
        color: rgb(super::colour::MUTED).to_backend_color(),
        pos: Default::default(),
    }
}

/// The axis colour plotters draws with.
pub(crate) const AXIS: RGBColor = RGBColor(0x77, 0x77, 0x77);

/// `#RRGGBB` as a plotters colour (black for anything malformed, only ever our constants).
pub(crate) fn rgb(hex: &str) -> RGBColor {
    let channel = |range: Range<usize>| {
        hex.get(range)
            .and_then(|h| u8::from_str_radix(h, 16).ok())
            .unwrap_or(0)
    };
    RGBColor(channel(1..3), channel(3..5), channel(5..7))
}

/// A y axis on the right of the plot: line, tick marks and labels at `ticks`, which are
/// fractions 0–1 of the plot's height from the bottom.
pub(crate) fn right_axis(
    layer: &mut super::canvas::Layer,
    frame: &Frame,
    ticks: &[(f64, String)],
    font_px: f64,
) {
    let x = frame.right + 1.0;
    let colour = format!("#{:02X}{:02X}{:02X}", AXIS.0, AXIS.1, AXIS.2);
    layer.raw(&format!(
        "<g stroke=\"{colour}\" shape-rendering=\"crispEdges\">\n"
    ));
    layer.line(x, frame.top, x, frame.bottom + 1.0, "");
    for (fraction, _) in ticks {
        let y = (frame.bottom - fraction * frame.height()).round();
        layer.line(x, y, x + 4.0, y, "");
    }
    layer.raw("</g>\n");
    layer.raw(&format!(
        "<g font-size=\"{}\" fill=\"{}\">\n",
        super::text::num(font_px),
        super::colour::MUTED
    ));
    for (fraction, label) in ticks {
        let y = (frame.bottom - fraction * frame.height()).round();
        layer.text(x + 8.0, y + font_px * 0.36, label, "");
    }
    layer.raw("</g>\n");
}

/// A linear f64 axis whose ticks are exactly the given values. (plotters' own
/// `with_key_points` wrapper cannot take a label formatter for f64 axes in 0.3.7.)
pub(crate) struct Scale {
    linear: RangedCoordf64,
    range: Range<f64>,
    ticks: Vec<f64>,
}

impl Scale {
    pub(crate) fn new(range: Range<f64>, ticks: Vec<f64>) -> Scale {
        Scale {
            linear: range.clone().into(),
            range,
            ticks,
        }
    }
}

impl Ranged for Scale {
    type FormatOption = DefaultFormatting;
    type ValueType = f64;

    fn map(&self, value: &f64, limit: (i32, i32)) -> i32 {
        self.linear.map(value, limit)
    }

    fn key_points<Hint: KeyPointHint>(&self, hint: Hint) -> Vec<f64> {
        // Only bold points: charts draw their own light grid where they want one.
        if hint.weight().allow_light_points() {
            Vec::new()
        } else {
            self.ticks.clone()
        }
    }

    fn range(&self) -> Range<f64> {
        self.range.clone()
    }
}

/// Space around the plotting area, in px: what plotters' `ChartBuilder` calls margins
/// plus label areas.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub(crate) struct Insets {
    pub top: u32,
    pub right: u32,
    /// Below the x tick labels (kam's axis title and legend go here).
    pub bottom: u32,
    /// Left of the y tick labels.
    pub left: u32,
    /// Height of the x tick labels' area; 0 for none.
    pub x_labels: u32,
    /// Width of the y tick labels' area; 0 for none.
    pub y_labels: u32,
    /// Width of the right-hand (second) y axis' labels; 0 for none.
    pub y2_labels: u32,
}

/// One axis for [`cartesian`]: its range, where the ticks go and how they read.
pub(crate) struct Axis<'f> {
    pub range: Range<f64>,
    pub ticks: Vec<f64>,
    pub label: &'f dyn Fn(&f64) -> String,
}

/// Has plotters draw the axis lines with tick marks and tick labels (no grid: charts draw
/// their own where they want one) and returns the plotting area's mapping.
///
/// A second y axis is kam's own ([`right_axis`]): with a right label area plotters writes
/// the primary axis' labels on both sides.
/// Plotters' axes, ticks and tick labels on `canvas`, and the mapping of the plotting area.
/// Many charts share one set of axes (every account's score bars, say): a drawing is kept
/// per set of inputs, so plotters draws each only once.
pub(crate) fn cartesian(
    canvas: &mut super::canvas::Canvas,
    insets: Insets,
    x: Axis<'_>,
    y: Axis<'_>,
    font_px: f64,
) -> Result<Frame, super::canvas::Failed> {
    let key = MeshKey {
        size: canvas.size(),
        insets,
        font_px: font_px.to_bits(),
        x: AxisKey::of(&x),
        y: AxisKey::of(&y),
    };
    let kept = meshes().get(&key).cloned();
    let (plotted, frame) = match kept {
        Some(drawn) => drawn,
        None => {
            let (svg, frame) = draw_mesh(canvas.size(), insets, x, y, font_px)?;
            let drawn: (Arc<str>, Frame) = (svg.into(), frame);
            let mut kept = meshes();
            if kept.len() >= KEPT_MESHES {
                kept.clear();
            }
            kept.insert(key, drawn.clone());
            drawn
        }
    };
    canvas.plotted = Some(plotted);
    Ok(frame)
}

/// Enough for every distinct axis set of a large portfolio's pages to be drawn once, and a
/// bound on what a long `kam serve` keeps.
const KEPT_MESHES: usize = 4096;

/// Everything plotters' drawing of the axes depends on: the formatted labels stand for the
/// formatter.
#[derive(PartialEq, Eq, Hash)]
struct MeshKey {
    size: (u32, u32),
    insets: Insets,
    font_px: u64,
    x: AxisKey,
    y: AxisKey,
}

#[derive(PartialEq, Eq, Hash)]
struct AxisKey {
    range: (u64, u64),
    ticks: Vec<(u64, String)>,
}

impl AxisKey {
    fn of(axis: &Axis<'_>) -> AxisKey {
        AxisKey {
            range: (axis.range.start.to_bits(), axis.range.end.to_bits()),
            ticks: axis
                .ticks
                .iter()
                .map(|tick| (tick.to_bits(), (axis.label)(tick)))
                .collect(),
        }
    }
}

type Meshes = HashMap<MeshKey, (Arc<str>, Frame)>;

fn meshes() -> MutexGuard<'static, Meshes> {
    static MESHES: OnceLock<Mutex<Meshes>> = OnceLock::new();
    MESHES
        .get_or_init(Mutex::default)
        .lock()
        .unwrap_or_else(PoisonError::into_inner)
}

fn draw_mesh(
    size: (u32, u32),
    insets: Insets,
    x: Axis<'_>,
    y: Axis<'_>,
    font_px: f64,
) -> Result<(String, Frame), super::canvas::Failed> {
    use plotters::prelude::*;
    super::canvas::plot(size, |root| {
        let (x_range, y_range) = (x.range.clone(), y.range.clone());
        let mut chart = ChartBuilder::on(root)
            .margin_top(insets.top)
            .margin_right(insets.right + insets.y2_labels)
            .margin_bottom(insets.bottom)
            .margin_left(insets.left)
            .x_label_area_size(insets.x_labels)
            .y_label_area_size(insets.y_labels)
            .build_cartesian_2d(
                Scale::new(x.range.clone(), x.ticks.clone()),
                Scale::new(y.range, y.ticks),
            )?;
        let mut mesh = chart.configure_mesh();
        mesh.disable_mesh()
            .axis_style(AXIS)
            .set_all_tick_mark_size(4)
            .label_style(tick_style(font_px))
            .x_label_formatter(x.label)
            .y_label_formatter(y.label);
        if insets.x_labels == 0 {
            mesh.disable_x_axis();
        }
        if insets.y_labels == 0 {
            mesh.disable_y_axis();
        }
        mesh.draw()?;
        Ok(Frame::new(
            chart.plotting_area().get_pixel_range(),
            x_range,
            y_range,
        ))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nice_ticks() {
        let t = ticks(0.0, 41_500_000.0, 5);
        assert_eq!(t.step, 10_000_000.0);
        assert_eq!(t.values, vec![0.0, 1e7, 2e7, 3e7, 4e7, 5e7]);
        assert_eq!(t.decimals, 0);

        let t = ticks(-1_200_000.0, 9_800_000.0, 5);
        assert_eq!(t.lo, -2_500_000.0);
        assert_eq!(t.hi, 10_000_000.0);

        let t = ticks(0.0, 0.7, 5);
        assert_eq!(t.step, 0.2);
        assert_eq!(t.decimals, 1);
        assert_eq!(t.values, vec![0.0, 0.2, 0.4, 0.6, 0.8]);
    }

    #[test]
    fn degenerate_ranges_become_usable() {
        assert_eq!(ticks(0.0, 0.0, 5).hi, 1.0);
        assert_eq!(ticks(f64::NAN, 3.0, 5).hi, 1.0);
        let t = ticks(-5.0, -5.0, 5);
        assert_eq!((t.lo, t.hi), (-5.0, 0.0));
        let t = ticks(7.0, 7.0, 5);
        assert_eq!((t.lo, t.hi), (0.0, 8.0));
    }

    #[test]
    fn frame_maps_like_plotters() {
        let frame = Frame::new((40..541, 20..421), 0.0..10.0, 0.0..10.0);
        assert_eq!(frame.x(0.0), 40.0);
        assert_eq!(frame.x(10.0), 540.0);
        assert_eq!(frame.y(0.0), 420.0);
        assert_eq!(frame.y(5.0), 220.0);
    }

    fn chart_with(label: &dyn Fn(&f64) -> String, height: u32) -> (String, Option<Arc<str>>) {
        let mut plotted = None;
        let meta = super::super::Meta {
            id: "t".into(),
            title: "T".into(),
            desc: "D".into(),
            no_data: "None".into(),
        };
        let svg = super::super::canvas::render(&meta, "test", (200, height), |canvas| {
            let insets = Insets {
                top: 5,
                right: 5,
                bottom: 5,
                left: 5,
                x_labels: 20,
                y_labels: 0,
                y2_labels: 0,
            };
            let axis = |label| Axis {
                range: 0.0..10.0,
                ticks: vec![0.0, 5.0, 10.0],
                label,
            };
            cartesian(canvas, insets, axis(label), axis(label), 12.0)?;
            plotted = canvas.plotted.clone();
            Ok(())
        });
        (svg, plotted)
    }

    #[test]
    fn axes_drawn_once_are_shared_and_differ_when_their_labels_do() {
        let plain = |value: &f64| format!("{value}");
        let percent = |value: &f64| format!("{value} %");
        let (first, first_plotted) = chart_with(&plain, 100);
        let (again, again_plotted) = chart_with(&plain, 100);
        assert_eq!(first, again);
        let (first_plotted, again_plotted) = (first_plotted.unwrap(), again_plotted.unwrap());
        assert!(Arc::ptr_eq(&first_plotted, &again_plotted));
        assert!(first.contains(">5</text>"));

        let (other, _) = chart_with(&percent, 100);
        assert!(other.contains(">5 %</text>") && !other.contains(">5</text>"));
        let (taller, taller_plotted) = chart_with(&plain, 120);
        assert_ne!(taller.replace("120", "100"), first);
        assert!(!Arc::ptr_eq(&taller_plotted.unwrap(), &first_plotted));
    }

    #[test]
    fn colours_parse() {
        assert_eq!(rgb("#0072B2"), RGBColor(0, 0x72, 0xB2));
    }
}
