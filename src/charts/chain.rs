//! The value chain (SPEC v2 §11): kam.toml's stages as columns, upstream on the left; the
//! accounts as nodes in their stage's column, area proportional to revenue, filled by
//! quadrant (colour and pattern); one arrow per `sells_to` entry, to another account or to
//! a customer outside the portfolio (a small grey node with its name, one column further
//! down the chain); each stage's number of accounts and revenue under its column.
//!
//! Node order within a column comes from `layers` (barycentre sweeps). Past
//! [`MAX_NODES`] accounts the chart draws one node per stage and quadrant, with counts,
//! and the outside customers of a column as one node. Not here: which accounts sit where
//! or what their links are (`view::charts`).

use std::borrow::Cow;
use std::collections::BTreeMap;

use crate::amount::Amount;
use crate::i18n::Format;

use super::Meta;
use super::canvas::{self, Canvas, Fill, render};
use super::colour;
use super::layers::{self, Layered};
use super::text::{self, escape, finite};

/// Past this many accounts, nodes are aggregated per stage and quadrant.
pub const MAX_NODES: usize = 150;

/// How an account is filled: its quadrant, or not scored yet.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum ChainGroup {
    Strategic,
    Star,
    Status,
    Streamline,
    Unscored,
}

impl ChainGroup {
    pub const ALL: [ChainGroup; 5] = [
        ChainGroup::Strategic,
        ChainGroup::Star,
        ChainGroup::Status,
        ChainGroup::Streamline,
        ChainGroup::Unscored,
    ];

    fn index(self) -> usize {
        self as usize
    }
}

/// A customer of an account: another account of the chart (its index in
/// [`ChainInput::accounts`]) or one outside the portfolio, by the text written.
#[derive(Debug, Clone, PartialEq)]
pub enum ChainCustomer {
    Account(usize),
    Outside(String),
}

/// One account placed in the chain.
#[derive(Debug, Clone, PartialEq)]
pub struct ChainAccount {
    /// Breaks ties in the node order (the slug), so the order never depends on input order.
    pub key: String,
    pub label: String,
    /// Relative URL of the account page; `None` draws the node without a link.
    pub href: Option<String>,
    /// Index into [`ChainInput::stages`]; an account past the last stage is not drawn.
    pub stage: usize,
    /// Area is proportional to it; negative or NaN count as 0.
    pub revenue: f64,
    pub group: ChainGroup,
    pub sells_to: Vec<ChainCustomer>,
}

/// A column's words: its heading and the two lines under it.
#[derive(Debug, Clone, PartialEq)]
pub struct ChainStageText {
    pub label: String,
    /// e.g. "3 key accounts".
    pub accounts: String,
    /// e.g. "21 MSEK".
    pub revenue: String,
}

/// Everything the value chain shows; all words are the caller's, already translated.
#[derive(Debug, Clone)]
pub struct ChainInput<'a> {
    pub meta: Meta,
    pub format: Format<'a>,
    pub stages: Vec<ChainStageText>,
    pub accounts: Cow<'a, [ChainAccount]>,
    /// Legend names in the order of [`ChainGroup::ALL`].
    pub group_labels: [String; 5],
    /// Legend name of the grey nodes and heading of the column after the last stage.
    pub outside_label: String,
    /// What node area stands for, e.g. "Revenue 2025": legend and link names.
    pub size_label: String,
}

const COLUMN_W: f64 = 176.0;
const MARGIN: f64 = 8.0;
const HEAD_H: f64 = 46.0;
const R_MAX: f64 = 22.0;
const R_MIN: f64 = 4.0;
const R_OUTSIDE: f64 = 3.5;
const LABEL_PX: f64 = 11.5;
const HEAD_PX: f64 = 13.0;
const FOOT_PX: f64 = 12.0;

/// A node as drawn: an account, an aggregate of accounts, or an outside customer.
struct Node {
    key: String,
    label: String,
    href: Option<String>,
    /// The link's accessible name and tooltip.
    describe: String,
    column: usize,
    revenue: f64,
    /// `None` for outside customers.
    group: Option<ChainGroup>,
}

struct Edge {
    from: usize,
    to: usize,
    /// How many `sells_to` entries it stands for (more than 1 only when aggregated).
    weight: usize,
}

struct Graph {
    nodes: Vec<Node>,
    edges: Vec<Edge>,
    /// Whether the column after the last stage holds outside customers.
    extra_column: bool,
}

fn revenue(value: f64) -> f64 {
    finite(value, 0.0).max(0.0)
}

/// Draws the value chain; the "no data" SVG without stages or without a placed account.
pub fn value_chain(input: &ChainInput) -> String {
    let stages = input.stages.len();
    let placed = input
        .accounts
        .iter()
        .filter(|account| account.stage < stages)
        .count();
    if stages == 0 || placed == 0 {
        return canvas::no_data(&input.meta, "chain");
    }
    let graph = if placed > MAX_NODES {
        aggregated(input)
    } else {
        detailed(input)
    };
    let columns = stages + usize::from(graph.extra_column);
    let layered = Layered {
        columns: (0..columns)
            .map(|column| {
                // Ties by key from the start, so the input's order never shows.
                let mut nodes: Vec<usize> = (0..graph.nodes.len())
                    .filter(|&node| graph.nodes[node].column == column)
                    .collect();
                nodes.sort_by(|&a, &b| graph.nodes[a].key.cmp(&graph.nodes[b].key).then(a.cmp(&b)));
                nodes
            })
            .collect(),
        edges: graph
            .edges
            .iter()
            .map(|edge| (edge.from, edge.to))
            .collect(),
    };
    let ordered = layers::order(&layered, |node| graph.nodes[node].key.as_str());
    let max_revenue = graph
        .nodes
        .iter()
        .filter(|node| node.group.is_some())
        .map(|node| node.revenue)
        .fold(0.0, f64::max);
    let layout = Layout::new(input, &graph, &ordered.columns, max_revenue);
    render(
        &input.meta,
        "chain",
        (layout.width as u32, layout.height as u32),
        |canvas| {
            draw(input, &graph, &ordered.columns, &layout, canvas);
            Ok(())
        },
    )
}

/// One node per account and per distinct outside customer of a column.
fn detailed(input: &ChainInput) -> Graph {
    let stages = input.stages.len();
    let f = input.format;
    let mut nodes = Vec::new();
    let mut node_of = vec![None; input.accounts.len()];
    for (index, account) in input.accounts.iter().enumerate() {
        if account.stage >= stages {
            continue;
        }
        let group = account.group;
        let revenue = revenue(account.revenue);
        node_of[index] = Some(nodes.len());
        nodes.push(Node {
            key: account.key.clone(),
            label: account.label.clone(),
            href: account.href.clone(),
            describe: format!(
                "{} — {} · {} · {} {}",
                account.label,
                input.stages[account.stage].label,
                input.group_labels[group.index()],
                input.size_label,
                f.money(Amount::Float(revenue))
            ),
            column: account.stage,
            revenue,
            group: Some(group),
        });
    }
    let mut outside: BTreeMap<(usize, &str), usize> = BTreeMap::new();
    let mut edges: Vec<Edge> = Vec::new();
    let mut extra_column = false;
    for (index, account) in input.accounts.iter().enumerate() {
        let Some(from) = node_of[index] else { continue };
        for customer in &account.sells_to {
            let to = match customer {
                ChainCustomer::Account(other) => match node_of.get(*other).copied().flatten() {
                    Some(to) if to != from => to,
                    _ => continue,
                },
                ChainCustomer::Outside(name) => {
                    let column = (account.stage + 1).min(stages);
                    extra_column |= column == stages;
                    *outside.entry((column, name.as_str())).or_insert_with(|| {
                        nodes.push(Node {
                            key: name.clone(),
                            label: name.clone(),
                            href: None,
                            describe: name.clone(),
                            column,
                            revenue: 0.0,
                            group: None,
                        });
                        nodes.len() - 1
                    })
                }
            };
            if !edges.iter().any(|edge| edge.from == from && edge.to == to) {
                edges.push(Edge {
                    from,
                    to,
                    weight: 1,
                });
            }
        }
    }
    Graph {
        nodes,
        edges,
        extra_column,
    }
}

/// A stage and quadrant, one node when aggregated.
type Cell = (usize, ChainGroup);
/// Where an aggregated edge goes: a cell, or the outside customers of a column.
type Target = Result<Cell, usize>;

/// One node per stage and quadrant with accounts, one per column with outside customers.
fn aggregated(input: &ChainInput) -> Graph {
    let stages = input.stages.len();
    let f = input.format;
    // (stage, group) → (accounts, revenue)
    let mut groups: BTreeMap<(usize, ChainGroup), (usize, f64)> = BTreeMap::new();
    for account in input.accounts.iter().filter(|a| a.stage < stages) {
        let entry = groups.entry((account.stage, account.group)).or_default();
        entry.0 += 1;
        entry.1 += revenue(account.revenue);
    }
    let mut outside: BTreeMap<usize, Vec<&str>> = BTreeMap::new();
    let mut links: BTreeMap<(Cell, Target), usize> = BTreeMap::new();
    for account in input.accounts.iter().filter(|a| a.stage < stages) {
        let from = (account.stage, account.group);
        for customer in &account.sells_to {
            let to = match customer {
                ChainCustomer::Account(other) => match input.accounts.get(*other) {
                    Some(other) if other.stage < stages => Ok((other.stage, other.group)),
                    _ => continue,
                },
                ChainCustomer::Outside(name) => {
                    let column = (account.stage + 1).min(stages);
                    outside.entry(column).or_default().push(name);
                    Err(column)
                }
            };
            if to != Ok(from) {
                *links.entry((from, to)).or_default() += 1;
            }
        }
    }
    let mut nodes = Vec::new();
    let mut group_node = BTreeMap::new();
    for (&(stage, group), &(count, revenue)) in &groups {
        let label = format!("{} ({count})", input.group_labels[group.index()]);
        group_node.insert((stage, group), nodes.len());
        nodes.push(Node {
            key: format!("{:02}", group.index()),
            describe: format!(
                "{label} — {} · {} {}",
                input.stages[stage].label,
                input.size_label,
                f.money(Amount::Float(revenue))
            ),
            label,
            href: None,
            column: stage,
            revenue,
            group: Some(group),
        });
    }
    let mut outside_node = BTreeMap::new();
    for (column, mut names) in outside {
        names.sort_unstable();
        names.dedup();
        let label = format!("{} ({})", input.outside_label, names.len());
        outside_node.insert(column, nodes.len());
        nodes.push(Node {
            key: "99".to_string(),
            describe: label.clone(),
            label,
            href: None,
            column,
            revenue: 0.0,
            group: None,
        });
    }
    let extra_column = outside_node.contains_key(&stages);
    let edges = links
        .into_iter()
        .filter_map(|((from, to), weight)| {
            let from = *group_node.get(&from)?;
            let to = match to {
                Ok(group) => *group_node.get(&group)?,
                Err(column) => *outside_node.get(&column)?,
            };
            Some(Edge { from, to, weight })
        })
        .collect();
    Graph {
        nodes,
        edges,
        extra_column,
    }
}

struct Layout {
    width: f64,
    height: f64,
    /// Centre of each node, and its radius.
    at: Vec<(f64, f64, f64)>,
    /// Where the lines under the columns start.
    foot_y: f64,
    legend_y: f64,
    legend_rows: Vec<Vec<(usize, f64)>>,
}

/// Legend entries: the five groups, then outside customers.
const LEGEND_ITEMS: usize = 6;

fn legend_text<'i>(input: &'i ChainInput, item: usize) -> &'i str {
    input
        .group_labels
        .get(item)
        .map_or(input.outside_label.as_str(), String::as_str)
}

impl Layout {
    fn new(input: &ChainInput, graph: &Graph, columns: &[Vec<usize>], max_revenue: f64) -> Self {
        let radius = |node: &Node| match node.group {
            None => R_OUTSIDE,
            Some(_) if max_revenue > 0.0 => {
                (R_MAX * (node.revenue / max_revenue).sqrt()).max(R_MIN)
            }
            Some(_) => R_MIN,
        };
        let slot = |node: &Node| 2.0 * radius(node) + LABEL_PX + 16.0;
        let tallest = columns
            .iter()
            .map(|column| column.iter().map(|&n| slot(&graph.nodes[n])).sum::<f64>())
            .fold(0.0, f64::max);
        let width = (columns.len() as f64 * COLUMN_W + 2.0 * MARGIN).max(360.0);
        let mut at = vec![(0.0, 0.0, 0.0); graph.nodes.len()];
        for (index, column) in columns.iter().enumerate() {
            let x = MARGIN + (index as f64 + 0.5) * COLUMN_W;
            let height: f64 = column.iter().map(|&n| slot(&graph.nodes[n])).sum();
            let mut y = HEAD_H + 8.0 + (tallest - height) / 2.0;
            for &node in column {
                let r = radius(&graph.nodes[node]);
                at[node] = (x, y + 6.0 + r, r);
                y += slot(&graph.nodes[node]);
            }
        }
        let foot_y = HEAD_H + 8.0 + tallest + 10.0;
        let legend_y = foot_y + 2.0 * FOOT_PX * 1.35 + 18.0;
        // Legend items flow left to right and wrap at the chart's width.
        let mut legend_rows: Vec<Vec<(usize, f64)>> = vec![Vec::new()];
        let mut x = MARGIN + 4.0;
        for item in 0..LEGEND_ITEMS {
            let w = 22.0 + text::width(legend_text(input, item), FOOT_PX) + 18.0;
            if x + w > width - MARGIN && x > MARGIN + 4.0 {
                legend_rows.push(Vec::new());
                x = MARGIN + 4.0;
            }
            if let Some(row) = legend_rows.last_mut() {
                row.push((item, x));
            }
            x += w;
        }
        let height = legend_y + legend_rows.len() as f64 * 22.0 + 6.0;
        Layout {
            width,
            height: height.ceil(),
            at,
            foot_y,
            legend_y,
            legend_rows,
        }
    }
}

/// The fill of a group: colour and, for print, a pattern (or none, for the solid one).
fn group_fill(group: Option<ChainGroup>) -> (&'static str, Fill) {
    match group {
        Some(ChainGroup::Strategic) => ("strategic", Fill::Solid(colour::BLUE)),
        Some(ChainGroup::Star) => (
            "star",
            Fill::Hatch {
                ink: colour::ORANGE,
                paper: "#FFFFFF",
            },
        ),
        Some(ChainGroup::Status) => (
            "status",
            Fill::Dots {
                ink: colour::GREEN,
                paper: "#FFFFFF",
            },
        ),
        Some(ChainGroup::Streamline) => (
            "streamline",
            Fill::Cross {
                ink: colour::PURPLE,
                paper: "#FFFFFF",
            },
        ),
        Some(ChainGroup::Unscored) => ("unscored", Fill::Solid("#FFFFFF")),
        None => ("outside", Fill::Solid("#BBBBBB")),
    }
}

fn node_stroke(group: Option<ChainGroup>) -> &'static str {
    match group {
        Some(ChainGroup::Unscored) => {
            "stroke=\"#222222\" stroke-width=\"1.25\" stroke-dasharray=\"3 2\""
        }
        Some(_) => "stroke=\"#222222\" stroke-width=\"1.25\"",
        None => "stroke=\"#777777\" stroke-width=\"1\"",
    }
}

fn draw(
    input: &ChainInput,
    graph: &Graph,
    columns: &[Vec<usize>],
    layout: &Layout,
    canvas: &mut Canvas,
) {
    let stages = input.stages.len();
    // Alternate column bands, and the headings above them.
    for index in 0..columns.len() {
        let x0 = MARGIN + index as f64 * COLUMN_W;
        if index % 2 == 0 {
            canvas.under.rect(
                x0,
                4.0,
                COLUMN_W,
                layout.legend_y - 14.0,
                "fill=\"#F4F4F4\"",
            );
        }
        let heading = input
            .stages
            .get(index)
            .map_or(input.outside_label.as_str(), |stage| stage.label.as_str());
        let lines = text::wrap(heading, HEAD_PX, COLUMN_W - 12.0);
        let weight = if index < stages { "bold" } else { "normal" };
        for (line_index, line) in lines.iter().take(2).enumerate() {
            canvas.over.text(
                x0 + COLUMN_W / 2.0,
                20.0 + line_index as f64 * HEAD_PX * 1.25,
                line,
                &format!(
                    "font-size=\"{}\" font-weight=\"{weight}\" text-anchor=\"middle\" fill=\"{}\"",
                    text::num(HEAD_PX),
                    colour::INK
                ),
            );
        }
        if let Some(stage) = input.stages.get(index) {
            for (line_index, line) in [&stage.accounts, &stage.revenue].into_iter().enumerate() {
                canvas.over.text(
                    x0 + COLUMN_W / 2.0,
                    layout.foot_y + FOOT_PX + line_index as f64 * FOOT_PX * 1.35,
                    &text::fit(line, FOOT_PX, COLUMN_W - 8.0),
                    &format!(
                        "font-size=\"{}\" text-anchor=\"middle\" fill=\"{}\"",
                        text::num(FOOT_PX),
                        colour::INK
                    ),
                );
            }
        }
    }

    edges(graph, layout, canvas);

    // Nodes over the edges; the account names under them are hidden from screen readers,
    // whose link names carry them, while outside customers' names are their only text.
    canvas.over.raw("<g class=\"kam-nodes\">\n");
    for &node in columns.iter().flatten() {
        let item = &graph.nodes[node];
        let (name, fill) = group_fill(item.group);
        let paint = canvas.paint(&format!("fill-{name}"), fill);
        let (cx, cy, r) = layout.at[node];
        let attrs = format!("fill=\"{paint}\" {}", node_stroke(item.group));
        match &item.href {
            Some(href) => {
                canvas.interactive = true;
                let label = escape(&item.describe);
                canvas.over.raw(&format!(
                    "<a href=\"{}\" aria-label=\"{label}\"><title>{label}</title>",
                    escape(href)
                ));
                canvas.over.circle(cx, cy, r, &attrs);
                canvas.over.raw("</a>\n");
            }
            None if item.group.is_some() => {
                let label = escape(&item.describe);
                canvas.over.raw(&format!("<g><title>{label}</title>"));
                canvas.over.circle(cx, cy, r, &attrs);
                canvas.over.raw("</g>\n");
            }
            None => canvas.over.circle(cx, cy, r, &attrs),
        }
        let label = text::fit(&item.label, LABEL_PX, COLUMN_W - 10.0);
        let hidden = if item.group.is_some() {
            " aria-hidden=\"true\""
        } else {
            ""
        };
        let fill = if item.group.is_some() {
            colour::INK
        } else {
            colour::MUTED
        };
        canvas.over.text(
            cx,
            cy + r + LABEL_PX + 1.0,
            &label,
            &format!(
                "font-size=\"{}\" text-anchor=\"middle\" fill=\"{fill}\" stroke=\"#FFFFFF\" stroke-width=\"3\" stroke-linejoin=\"round\" paint-order=\"stroke\"{hidden}",
                text::num(LABEL_PX)
            ),
        );
    }
    canvas.over.raw("</g>\n");
    legend(input, layout, canvas);
}

/// Curves from each seller to its customer, ending in an arrowhead at the customer's
/// edge; a customer in the same or an earlier column gets a loop out to the right.
fn edges(graph: &Graph, layout: &Layout, canvas: &mut Canvas) {
    if graph.edges.is_empty() {
        return;
    }
    // Sized in user units, not by stroke width, so thick aggregated edges keep small heads.
    let marker = canvas.define("edge-arrow", |id| {
        format!(
            "<marker id=\"{id}\" viewBox=\"0 0 10 10\" refX=\"9\" refY=\"5\" markerUnits=\"userSpaceOnUse\" markerWidth=\"8\" markerHeight=\"8\" orient=\"auto\"><path d=\"M0,0 L10,5 L0,10 z\" fill=\"{}\"/></marker>\n",
            colour::MUTED
        )
    });
    canvas.over.raw(&format!(
        "<g class=\"kam-edges\" fill=\"none\" marker-end=\"url(#{marker})\" aria-hidden=\"true\">\n"
    ));
    for edge in &graph.edges {
        let (x0, y0, r0) = layout.at[edge.from];
        let (x1, y1, r1) = layout.at[edge.to];
        let start = (x0 + r0, y0);
        let (end, c0, c1) = if x1 > x0 {
            let end = (x1 - r1 - 2.0, y1);
            let middle = (start.0 + end.0) / 2.0;
            (end, (middle, start.1), (middle, end.1))
        } else {
            let end = (x1 + r1 + 2.0, y1);
            let out = start.0.max(end.0) + 36.0;
            (end, (out, start.1), (out, end.1))
        };
        let outside = graph.nodes[edge.to].group.is_none();
        let width = 1.25 + (edge.weight as f64).log2().clamp(0.0, 4.0);
        let style = if outside {
            format!(
                "stroke=\"{}\" stroke-width=\"{}\" stroke-dasharray=\"4 3\"",
                colour::FAINT,
                text::num(width)
            )
        } else {
            format!(
                "stroke=\"{}\" stroke-width=\"{}\" stroke-opacity=\"0.8\"",
                colour::MUTED,
                text::num(width)
            )
        };
        let point = |(x, y): (f64, f64)| format!("{},{}", text::num(x), text::num(y));
        canvas.over.raw(&format!(
            "<path d=\"M{} C{} {} {}\" {style}/>\n",
            point(start),
            point(c0),
            point(c1),
            point(end)
        ));
    }
    canvas.over.raw("</g>\n");
}

fn legend(input: &ChainInput, layout: &Layout, canvas: &mut Canvas) {
    canvas
        .over
        .raw("<g class=\"kam-legend\" aria-hidden=\"true\">\n");
    for (row_index, row) in layout.legend_rows.iter().enumerate() {
        let y = layout.legend_y + row_index as f64 * 22.0;
        for &(item, x) in row {
            let group = ChainGroup::ALL.get(item).copied();
            let (name, fill) = group_fill(group);
            let paint = canvas.paint(&format!("fill-{name}"), fill);
            let r = if group.is_some() { 7.0 } else { R_OUTSIDE };
            canvas.over.circle(
                x + 8.0,
                y,
                r,
                &format!("fill=\"{paint}\" {}", node_stroke(group)),
            );
            canvas.over.text(
                x + 22.0,
                y + FOOT_PX * 0.35,
                legend_text(input, item),
                &format!(
                    "font-size=\"{}\" fill=\"{}\"",
                    text::num(FOOT_PX),
                    colour::INK
                ),
            );
        }
    }
    canvas.over.raw("</g>\n");
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::Language;

    fn stage(label: &str) -> ChainStageText {
        ChainStageText {
            label: label.into(),
            accounts: "1".into(),
            revenue: "1 MSEK".into(),
        }
    }

    fn account(key: &str, stage: usize, sells_to: Vec<ChainCustomer>) -> ChainAccount {
        ChainAccount {
            key: key.into(),
            label: format!("{key} <AB>"),
            href: Some(format!("accounts/{key}/")),
            stage,
            revenue: 10.0,
            group: ChainGroup::Strategic,
            sells_to,
        }
    }

    fn input(stages: Vec<ChainStageText>, accounts: Vec<ChainAccount>) -> ChainInput<'static> {
        ChainInput {
            meta: Meta {
                id: "chain".into(),
                title: "Value chain".into(),
                desc: "D".into(),
                no_data: "Nothing".into(),
            },
            format: Format {
                language: Language::En,
                currency: "SEK",
            },
            stages,
            accounts: accounts.into(),
            group_labels: ["Strategic", "Star", "Status", "Streamline", "Unscored"]
                .map(String::from),
            outside_label: "Outside".into(),
            size_label: "Revenue".into(),
        }
    }

    /// Edges are cubic paths; the arrowhead's path has no curve.
    fn edge_count(svg: &str) -> usize {
        svg.lines()
            .filter(|line| line.starts_with("<path d=\"M") && line.contains(" C"))
            .count()
    }

    #[test]
    fn empty_input_gives_no_data() {
        assert!(value_chain(&input(vec![], vec![])).contains("Nothing"));
        let unplaced = input(vec![stage("A")], vec![account("a", 3, vec![])]);
        assert!(value_chain(&unplaced).contains("Nothing"));
    }

    #[test]
    fn draws_stages_accounts_links_and_outside_customers() {
        let svg = value_chain(&input(
            vec![stage("Forest"), stage("Mill & co")],
            vec![
                account("a", 0, vec![ChainCustomer::Account(1)]),
                account("b", 1, vec![ChainCustomer::Outside("Shop <X>".into())]),
            ],
        ));
        assert!(svg.contains("role=\"group\""));
        assert!(svg.contains("Mill &amp; co"));
        assert!(svg.contains("<a href=\"accounts/a/\" aria-label=\"a &lt;AB&gt; — Forest"));
        assert!(svg.contains(">Shop &lt;X&gt;</text>"));
        // Two edges; the outside one is dashed, and an extra column is headed "Outside".
        assert_eq!(edge_count(&svg), 2);
        assert!(svg.contains(">Outside</text>"));
        assert!(!svg.contains("<script"));
    }

    #[test]
    fn area_follows_revenue() {
        let mut big = account("a", 0, vec![]);
        big.revenue = 400.0;
        let mut small = account("b", 0, vec![]);
        small.revenue = 100.0;
        let svg = value_chain(&input(vec![stage("S")], vec![big, small]));
        assert!(svg.contains(&format!("r=\"{}\"", text::num(R_MAX))));
        assert!(svg.contains(&format!("r=\"{}\"", text::num(R_MAX / 2.0))));
    }

    #[test]
    fn many_accounts_aggregate_per_stage_and_quadrant() {
        let accounts: Vec<ChainAccount> = (0..MAX_NODES + 1)
            .map(|i| {
                let mut a = account(&format!("a{i:03}"), i % 2, vec![]);
                if i % 2 == 0 {
                    a.sells_to = vec![ChainCustomer::Account(i + 1)];
                }
                a.group = if i % 4 < 2 {
                    ChainGroup::Star
                } else {
                    ChainGroup::Status
                };
                a
            })
            .collect();
        let svg = value_chain(&input(vec![stage("A"), stage("B")], accounts));
        assert!(!svg.contains("<a href"), "aggregates carry no links");
        assert!(svg.contains("Star (38)"), "{svg}");
        assert!(svg.contains("Status (38)"));
        assert!(svg.contains("Status (37)"));
        assert_eq!(edge_count(&svg), 2);
    }

    #[test]
    fn columns_start_in_key_order_and_output_is_deterministic() {
        let make = |reverse: bool| {
            let mut accounts = vec![account("a", 0, vec![]), account("b", 0, vec![])];
            if reverse {
                accounts.reverse();
            }
            value_chain(&input(vec![stage("A")], accounts))
        };
        assert_eq!(make(false), make(true));
        let svg = make(false);
        let (a, b) = (svg.find("accounts/a/"), svg.find("accounts/b/"));
        assert!(a.is_some() && a < b);
    }
}
