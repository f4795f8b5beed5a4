//! The frame every chart is drawn in: plotters draws axes and grid into an SVG string, kam
//! draws the rest into layers of its own, and [`render`] wraps both in one accessible,
//! scalable `<svg>` element.
//!
//! Why layers beside plotters: plotters 0.3.7's SVG backend has no patterns, dashes, links,
//! markers or `<title>`, and writes a fixed `width`/`height`. So plotters draws what it is
//! good at (mapped coordinates, grid, tick labels) and the chart code writes the
//! accessible and print-safe parts directly, using the same pixel coordinates.
//!
//! Not here: any one chart's content.

use std::sync::Arc;

use plotters::coord::Shift;
use plotters::prelude::*;

use super::Meta;
use super::text::{self, FAMILY, escape_into, push_num};

/// A chart could not be drawn (a plotters error). Never shown: the caller gets the
/// "no data" SVG instead of a panic.
#[derive(Debug)]
pub(crate) struct Failed;

impl<E: std::error::Error> From<E> for Failed {
    fn from(_: E) -> Self {
        Failed
    }
}

pub(crate) type Root<'a> = DrawingArea<SVGBackend<'a>, Shift>;

/// SVG written by the chart code itself: a string with helpers that format coordinates
/// the fixed way ([`text::num`]). `attrs` arguments are raw attribute text the caller
/// builds from constants and escaped values.
#[derive(Default)]
pub(crate) struct Layer {
    pub(crate) svg: String,
}

impl Layer {
    pub(crate) fn raw(&mut self, svg: &str) {
        self.svg.push_str(svg);
    }

    fn attr(&mut self, name: &str, value: f64) {
        self.svg.push(' ');
        self.svg.push_str(name);
        self.svg.push_str("=\"");
        push_num(&mut self.svg, value);
        self.svg.push('"');
    }

    fn finish(&mut self, attrs: &str, content: Option<&str>, tag: &str) {
        if !attrs.is_empty() {
            self.svg.push(' ');
            self.svg.push_str(attrs);
        }
        match content {
            None => self.svg.push_str("/>\n"),
            Some(inner) => {
                self.svg.push('>');
                self.svg.push_str(inner);
                self.svg.push_str("</");
                self.svg.push_str(tag);
                self.svg.push_str(">\n");
            }
        }
    }

    pub(crate) fn rect(&mut self, x: f64, y: f64, w: f64, h: f64, attrs: &str) {
        self.rect_with(x, y, w, h, attrs, None);
    }

    /// A rectangle with child elements (a `<title>` tooltip, say).
    pub(crate) fn rect_with(
        &mut self,
        x: f64,
        y: f64,
        w: f64,
        h: f64,
        attrs: &str,
        inner: Option<&str>,
    ) {
        self.svg.push_str("<rect");
        self.attr("x", x);
        self.attr("y", y);
        self.attr("width", w.max(0.0));
        self.attr("height", h.max(0.0));
        self.finish(attrs, inner, "rect");
    }

    pub(crate) fn line(&mut self, x1: f64, y1: f64, x2: f64, y2: f64, attrs: &str) {
        self.svg.push_str("<line");
        self.attr("x1", x1);
        self.attr("y1", y1);
        self.attr("x2", x2);
        self.attr("y2", y2);
        self.finish(attrs, None, "line");
    }

    pub(crate) fn circle(&mut self, cx: f64, cy: f64, r: f64, attrs: &str) {
        self.svg.push_str("<circle");
        self.attr("cx", cx);
        self.attr("cy", cy);
        self.attr("r", r.max(0.0));
        self.finish(attrs, None, "circle");
    }

    pub(crate) fn polyline(&mut self, points: &[(f64, f64)], attrs: &str) {
        self.svg.push_str("<polyline points=\"");
        for (index, (x, y)) in points.iter().enumerate() {
            if index > 0 {
                self.svg.push(' ');
            }
            push_num(&mut self.svg, *x);
            self.svg.push(',');
            push_num(&mut self.svg, *y);
        }
        self.svg.push('"');
        self.finish(attrs, None, "polyline");
    }

    /// A text element; `content` is plain text and is escaped here.
    pub(crate) fn text(&mut self, x: f64, y: f64, content: &str, attrs: &str) {
        self.svg.push_str("<text");
        self.attr("x", x);
        self.attr("y", y);
        if !attrs.is_empty() {
            self.svg.push(' ');
            self.svg.push_str(attrs);
        }
        self.svg.push('>');
        escape_into(&mut self.svg, content);
        self.svg.push_str("</text>\n");
    }
}

/// How a region is filled: colour plus, for all but `Solid`, a pattern that still tells
/// regions apart when printed in black and white.
#[derive(Clone, Copy)]
pub(crate) enum Fill {
    Solid(&'static str),
    /// Diagonal stripes of `ink` on `paper`.
    Hatch {
        ink: &'static str,
        paper: &'static str,
    },
    /// Crossed diagonal stripes.
    Cross {
        ink: &'static str,
        paper: &'static str,
    },
    Dots {
        ink: &'static str,
        paper: &'static str,
    },
}

/// The chart being built: its size, the id prefix and the layers kam writes itself.
pub(crate) struct Canvas {
    prefix: String,
    pub(crate) width: f64,
    pub(crate) height: f64,
    defs: Layer,
    defined: Vec<String>,
    /// Drawn below plotters' grid and axes (backgrounds, tints).
    pub(crate) under: Layer,
    /// Drawn above them (data, labels).
    pub(crate) over: Layer,
    /// Set when the chart contains links: the root then becomes a `group`, since an
    /// `img` must not contain focusable elements.
    pub(crate) interactive: bool,
    /// Set when the chart is drawn over a shared file that already holds plotters' axes.
    pub(crate) omit_plotted: bool,
    /// What plotters drew (axes, ticks, labels), compacted; often shared by many charts.
    pub(crate) plotted: Option<Arc<str>>,
}

impl Canvas {
    fn new(id: &str, (width, height): (u32, u32)) -> Canvas {
        Canvas {
            prefix: id_prefix(id),
            width: f64::from(width),
            height: f64::from(height),
            defs: Layer::default(),
            defined: Vec::new(),
            under: Layer::default(),
            over: Layer::default(),
            interactive: false,
            omit_plotted: false,
            plotted: None,
        }
    }

    /// The size in whole pixels, as plotters draws it (the canvas is made from it).
    pub(crate) fn size(&self) -> (u32, u32) {
        (self.width as u32, self.height as u32)
    }

    /// A document-unique id: every id in the chart starts with the caller's prefix.
    pub(crate) fn id(&self, name: &str) -> String {
        format!("{}-{}", self.prefix, name)
    }

    /// Adds raw SVG to `<defs>` once per `name`; returns the element's id.
    pub(crate) fn define(&mut self, name: &str, build: impl FnOnce(&str) -> String) -> String {
        let id = self.id(name);
        if !self.defined.iter().any(|known| known == name) {
            self.defined.push(name.to_string());
            let svg = build(&id);
            self.defs.raw(&svg);
        }
        id
    }

    /// The value of a `fill` attribute for `fill`, defining its pattern if needed.
    pub(crate) fn paint(&mut self, name: &str, fill: Fill) -> String {
        let (paper, marks, rotate) = match fill {
            Fill::Solid(colour) => return colour.to_string(),
            Fill::Hatch { ink, paper } => (
                paper,
                format!("<rect width=\"2.5\" height=\"6\" fill=\"{ink}\"/>"),
                true,
            ),
            Fill::Cross { ink, paper } => (
                paper,
                format!(
                    "<rect width=\"2\" height=\"6\" fill=\"{ink}\"/><rect width=\"6\" height=\"2\" fill=\"{ink}\"/>"
                ),
                true,
            ),
            Fill::Dots { ink, paper } => (
                paper,
                format!("<circle cx=\"3\" cy=\"3\" r=\"1.5\" fill=\"{ink}\"/>"),
                false,
            ),
        };
        let transform = if rotate {
            " patternTransform=\"rotate(45)\""
        } else {
            ""
        };
        let id = self.define(name, |id| {
            format!(
                "<pattern id=\"{id}\" width=\"6\" height=\"6\" patternUnits=\"userSpaceOnUse\"{transform}><rect width=\"6\" height=\"6\" fill=\"{paper}\"/>{marks}</pattern>\n"
            )
        });
        format!("url(#{id})")
    }

    /// The arrowhead marker for forecast arrows; returns its id.
    pub(crate) fn arrowhead(&mut self, colour: &str) -> String {
        self.define("arrow", |id| {
            format!(
                "<marker id=\"{id}\" viewBox=\"0 0 10 10\" refX=\"8\" refY=\"5\" markerWidth=\"7\" markerHeight=\"7\" orient=\"auto\"><path d=\"M0,0 L10,5 L0,10 z\" fill=\"{colour}\"/></marker>\n"
            )
        })
    }

    fn finish(self, meta: &Meta, kind: &str, plotted: &str) -> String {
        let role = if self.interactive { "group" } else { "img" };
        let mut svg = String::with_capacity(
            plotted.len() + self.over.svg.len() + self.under.svg.len() + 1024,
        );
        svg.push_str("<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 ");
        push_num(&mut svg, self.width);
        svg.push(' ');
        push_num(&mut svg, self.height);
        svg.push_str("\" width=\"");
        push_num(&mut svg, self.width);
        svg.push_str("\" height=\"");
        push_num(&mut svg, self.height);
        svg.push_str("\" class=\"kam-chart kam-chart-");
        svg.push_str(kind);
        svg.push_str("\" role=\"");
        svg.push_str(role);
        svg.push_str("\" aria-labelledby=\"");
        svg.push_str(&self.id("title"));
        svg.push_str("\" aria-describedby=\"");
        svg.push_str(&self.id("desc"));
        svg.push_str("\" font-family=\"");
        svg.push_str(FAMILY);
        svg.push_str("\">\n<title id=\"");
        svg.push_str(&self.id("title"));
        svg.push_str("\">");
        escape_into(&mut svg, &meta.title);
        svg.push_str("</title>\n<desc id=\"");
        svg.push_str(&self.id("desc"));
        svg.push_str("\">");
        escape_into(&mut svg, &meta.desc);
        svg.push_str("</desc>\n");
        if !self.defs.svg.is_empty() {
            svg.push_str("<defs>\n");
            svg.push_str(&self.defs.svg);
            svg.push_str("</defs>\n");
        }
        svg.push_str(
            "<rect class=\"kam-chart-bg\" width=\"100%\" height=\"100%\" fill=\"#FFFFFF\"/>\n",
        );
        if !self.under.svg.is_empty() {
            svg.push_str("<g aria-hidden=\"true\">\n");
            svg.push_str(&self.under.svg);
            svg.push_str("</g>\n");
        }
        if !self.omit_plotted && !plotted.trim().is_empty() {
            svg.push_str("<g class=\"kam-chart-axes\" shape-rendering=\"crispEdges\" aria-hidden=\"true\">\n");
            svg.push_str(plotted);
            svg.push_str("</g>\n");
        }
        svg.push_str(&self.over.svg);
        svg.push_str("</svg>\n");
        svg
    }
}

/// The caller's id reduced to characters that are safe in an XML id and a CSS selector.
fn id_prefix(id: &str) -> String {
    let cleaned: String = id
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || c == '-' || c == '_' {
                c
            } else {
                '-'
            }
        })
        .collect();
    if cleaned.starts_with(|c: char| c.is_ascii_alphabetic()) {
        cleaned
    } else {
        format!("kam-{cleaned}")
    }
}

/// Draws a chart: `draw` gets the canvas, and puts plotters' axes on it through
/// [`super::axis::cartesian`]. Any plotters error gives the "no data" SVG instead of a panic.
pub(crate) fn render<F>(meta: &Meta, kind: &str, size: (u32, u32), draw: F) -> String
where
    F: FnOnce(&mut Canvas) -> Result<(), Failed>,
{
    if !text::font_ready() {
        return no_data(meta, kind);
    }
    let mut canvas = Canvas::new(&meta.id, size);
    match draw(&mut canvas) {
        Ok(()) => {
            let plotted = canvas.plotted.take();
            canvas.finish(meta, kind, plotted.as_deref().unwrap_or(""))
        }
        Err(Failed) => no_data(meta, kind),
    }
}

/// What `draw` makes plotters draw on an area of `size`: the elements inside plotters' own
/// `<svg>` root, compacted, and what `draw` returned.
pub(crate) fn plot<T, F>(size: (u32, u32), draw: F) -> Result<(String, T), Failed>
where
    F: for<'a> FnOnce(&Root<'a>) -> Result<T, Failed>,
{
    let mut plotted = String::new();
    let drawn = {
        let root = SVGBackend::with_string(&mut plotted, size).into_drawing_area();
        let drawn = draw(&root);
        let presented = root.present().map_err(Failed::from);
        presented.and(drawn)
        // `root` is dropped here, which is when the backend writes its closing tags.
    }?;
    let inner = strip_root(&plotted).ok_or(Failed)?;
    Ok((compact_plotted(inner), drawn))
}

/// Plotters' SVG restates defaults on every element: the root's font family, full
/// opacity, a 1 px stroke, and a text's content on lines of its own. Dropping them changes
/// nothing that is drawn (SVG collapses a text's surrounding whitespace) and takes about a
/// third off every chart, which thousands of account pages repeat.
fn compact_plotted(plotted: &str) -> String {
    const REDUNDANT: [&str; 3] = [" opacity=\"1\"", " stroke-width=\"1\"", " font-family=\""];
    let family = format!(" font-family=\"{FAMILY}\"");
    let mut out = String::with_capacity(plotted.len());
    let mut rest = plotted;
    while let Some(at) = rest.find(' ') {
        out.push_str(&rest[..at]);
        rest = &rest[at..];
        if let Some(default) = REDUNDANT[..2].iter().find(|d| rest.starts_with(**d)) {
            rest = &rest[default.len()..];
        } else if rest.starts_with(REDUNDANT[2]) && rest.starts_with(&family) {
            rest = &rest[family.len()..];
        } else {
            out.push(' ');
            rest = &rest[1..];
        }
    }
    out.push_str(rest);
    join_text_lines(&out)
}

/// `<text …>`, its content and `</text>` on one line instead of three.
fn join_text_lines(svg: &str) -> String {
    let mut out = String::with_capacity(svg.len());
    let mut lines = svg.lines().peekable();
    while let Some(line) = lines.next() {
        out.push_str(line);
        if line.starts_with("<text ") && line.ends_with('>') && !line.ends_with("/>") {
            let mut content = Vec::new();
            while let Some(next) = lines.peek() {
                if *next == "</text>" {
                    break;
                }
                content.push(*next);
                lines.next();
            }
            out.push_str(&content.join(" "));
            if lines.next().is_some() {
                out.push_str("</text>");
            }
        }
        out.push('\n');
    }
    out
}

/// The elements inside plotters' `<svg …>` … `</svg>`, which kam replaces with its own root.
fn strip_root(plotted: &str) -> Option<&str> {
    let start = plotted.strip_prefix("<svg ")?.find(">\n")? + "<svg ".len() + 2;
    let inner = plotted.get(start..)?;
    let end = inner.rfind("</svg>")?;
    inner.get(..end)
}

/// A small SVG that says there is nothing to chart, in the caller's words; also what a
/// failed drawing degrades to.
pub(crate) fn no_data(meta: &Meta, kind: &str) -> String {
    const WIDTH: f64 = 360.0;
    const FONT: f64 = 14.0;
    let lines = if text::font_ready() {
        text::wrap(&meta.no_data, FONT, WIDTH - 32.0)
    } else {
        vec![meta.no_data.clone()]
    };
    let height = (lines.len().max(1) as f64 * FONT * 1.4 + 40.0).round();
    let mut canvas = Canvas::new(&meta.id, (WIDTH as u32, height as u32));
    canvas.over.rect(
        1.0,
        1.0,
        WIDTH - 2.0,
        height - 2.0,
        // The class lets a printed page leave out a chart that has nothing to show.
        "class=\"kam-no-data\" fill=\"none\" stroke=\"#999999\" stroke-dasharray=\"4 3\"",
    );
    let top = height / 2.0 - (lines.len() as f64 - 1.0) * FONT * 0.7;
    for (index, line) in lines.iter().enumerate() {
        canvas.over.text(
            WIDTH / 2.0,
            top + index as f64 * FONT * 1.4 + FONT * 0.35,
            line,
            "font-size=\"14\" text-anchor=\"middle\" fill=\"#444444\"",
        );
    }
    canvas.finish(meta, kind, "")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn meta() -> Meta {
        Meta {
            id: "7 x".into(),
            title: "T & t".into(),
            desc: "D".into(),
            no_data: "Inga data att visa".into(),
        }
    }

    #[test]
    fn ids_are_made_safe() {
        assert_eq!(id_prefix("matrix"), "matrix");
        assert_eq!(id_prefix("7 x"), "kam-7-x");
        assert_eq!(id_prefix(""), "kam-");
    }

    #[test]
    fn no_data_is_a_complete_svg() {
        let svg = no_data(&meta(), "test");
        assert!(svg.starts_with("<svg xmlns=\"http://www.w3.org/2000/svg\""));
        assert!(svg.contains("<title id=\"kam-7-x-title\">T &amp; t</title>"));
        assert!(svg.contains("Inga data att visa"));
        assert!(svg.ends_with("</svg>\n"));
        // A printed page leaves out charts marked this way; a drawn chart never is.
        assert_eq!(svg.matches("class=\"kam-no-data\"").count(), 1);
        let drawn = render(&meta(), "test", (100, 80), |_| Ok(()));
        assert!(!drawn.contains("kam-no-data"));
    }

    #[test]
    fn plotters_root_is_replaced() {
        let svg = render(&meta(), "test", (100, 80), |canvas| {
            let (plotted, ()) = plot(canvas.size(), |root| {
                root.draw(&Rectangle::new([(10, 10), (20, 20)], BLUE.filled()))?;
                Ok(())
            })?;
            canvas.plotted = Some(plotted.into());
            canvas.over.circle(5.0, 5.0, 2.0, "fill=\"red\"");
            Ok(())
        });
        assert!(
            svg.starts_with("<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 100 80\"")
        );
        assert_eq!(svg.matches("<svg").count(), 1);
        assert!(svg.contains("<rect x=\"10\" y=\"10\""));
        assert!(svg.contains("<circle cx=\"5\" cy=\"5\" r=\"2\" fill=\"red\"/>"));
    }

    #[test]
    fn plotters_defaults_are_dropped_and_nothing_else() {
        let plotted = format!(
            "<polyline fill=\"none\" opacity=\"1\" stroke=\"#777777\" stroke-width=\"1\" points=\"1,2 3,4 \"/>\n<text x=\"9\" font-family=\"{FAMILY}\" font-size=\"12.5\" opacity=\"1\" fill=\"#555555\">\n−10 &lt; &quot;opacity=&quot;1&quot;\n</text>\n<line stroke-width=\"1.5\" fill-opacity=\"1\" font-family=\"Other\"/>\n"
        );
        assert_eq!(
            compact_plotted(&plotted),
            "<polyline fill=\"none\" stroke=\"#777777\" points=\"1,2 3,4 \"/>\n<text x=\"9\" font-size=\"12.5\" fill=\"#555555\">−10 &lt; &quot;opacity=&quot;1&quot;</text>\n<line stroke-width=\"1.5\" fill-opacity=\"1\" font-family=\"Other\"/>\n"
        );
    }

    #[test]
    fn a_drawing_error_degrades_to_no_data() {
        let svg = render(&meta(), "test", (100, 80), |_| Err(Failed));
        assert!(svg.contains("Inga data att visa"));
    }
}
