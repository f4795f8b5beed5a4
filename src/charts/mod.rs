//! Every chart kam draws, as a self-contained SVG string to inline in a page.
//!
//! The renderer maps analysis results into the small input structs here; the charts know
//! nothing of accounts or configs. Each chart lives in its own file and has one function:
//!
//! | function | file | what it shows |
//! | --- | --- | --- |
//! | [`portfolio_matrix`] | `matrix.rs` | accounts by strength (x) and attractiveness (y), bubble area ∝ revenue, forecast arrows, links |
//! | [`pareto`] | `pareto.rs` | revenue in ABC order as bars, cumulative share as a line, A/B cut-offs |
//! | [`account_history`] | `history.rs` | revenue, gross margin and net contribution per fiscal year |
//! | [`score_breakdown`] | `scores.rs` | each factor's weighted contribution to attractiveness and strength |
//! | [`plan_progress`] | `progress.rs` | done / counted actions per objective |
//! | [`rag_counts`] | `rag.rs` | how many accounts have a red, amber, green or no plan |
//! | [`score_trail`] | `score_trail.rs` | an account's attractiveness and strength at each committed version |
//! | [`relationship_map`] | `relationship.rs` | one account's contacts: our people ↔ the customer's functions |
//! | [`value_chain`] | `chain.rs` | stages as columns, accounts as nodes sized by revenue, `sells_to` as arrows |
//!
//! What holds for all of them:
//!
//! - **Words come in.** Every visible word (titles, axis names, legends, "no data") is a
//!   field of the input, already translated; numbers are formatted with the caller's
//!   [`Format`](crate::i18n::Format). The charts contain no Swedish or English.
//! - **Accessible.** The root `<svg>` starts with `<title id="{id}-title">` and
//!   `<desc id="{id}-desc">` (from [`Meta`]) and points at them with `aria-labelledby` and
//!   `aria-describedby`. It has `role="img"`, except a matrix or value chain with links, which is
//!   `role="group"` (an `img` must not contain focusable elements); each link there has an
//!   `aria-label`. Colour is never the only signal: patterns, dashes, letters and direct
//!   labels carry the same information in black-and-white print.
//! - **Portable.** Well-formed XML with every text and attribute escaped, no entities but
//!   the five of XML, no external references. The root has a `viewBox` and its natural
//!   `width`/`height`; with the theme's `svg { max-width: 100%; height: auto; }` a chart
//!   shrinks to a phone's width and never grows past its design size. Every `id` starts
//!   with [`Meta::id`], so several charts can share a page.
//! - **Styling hooks.** Colours are presentation attributes, so a chart is complete on its
//!   own; page CSS overrides them. The root has classes `kam-chart kam-chart-{kind}` (kind:
//!   `matrix`, `matrix-compact`, `pareto`, `history`, `scores`, `progress`, `rag`,
//!   `score-trail`, `chain`, `relationship`); groups
//!   inside have `kam-bubbles`, `kam-labels`, `kam-forecast`, `kam-abc-a`… For keyboard
//!   users a theme may add e.g. `.kam-chart a:focus circle { stroke-width: 3 }`.
//! - **Robust and deterministic.** Empty or degenerate input (no points, revenue all 0,
//!   NaN) gives a sensible chart or the "no data" SVG, never a panic; a plotters error
//!   gives the "no data" SVG too. The same input gives the same bytes: no hash-map order,
//!   no plotters `Histogram`, coordinates written with one fixed decimal.
//! - **Thread-safe.** The functions are pure. The embedded DejaVu Sans is registered with
//!   plotters once (a `OnceLock`), after which any number of threads can draw.
//!
//! The font is only used to measure text (label placement, fitting); browsers draw with the
//! `font-family` stack "DejaVu Sans, Verdana, sans-serif".

mod axis;
mod canvas;
mod chain;
mod history;
mod layers;
mod leader;
mod matrix;
mod pareto;
mod progress;
mod rag;
mod relationship;
mod score_trail;
mod scores;
mod text;

pub use chain::{
    ChainAccount, ChainCustomer, ChainGroup, ChainInput, ChainStageText,
    MAX_NODES as MAX_CHAIN_NODES, value_chain,
};
pub use history::{HistoryInput, HistoryYear, account_history};
pub use matrix::{
    Backdrop, MAX_TRAILS, MatrixInput, MatrixPoint, largest_revenue, portfolio_matrix,
    shares_backdrop,
};
pub use pareto::{Abc, ParetoAccount, ParetoInput, pareto};
pub use progress::{ObjectiveProgress, ProgressInput, plan_progress};
pub use rag::{RagInput, rag_counts};
pub use relationship::{
    RelationshipContact, RelationshipInput, RelationshipShape, relationship_map,
};
pub use score_trail::{ScoreTrailInput, TrailPoint, score_trail};
pub use scores::{ScoreBar, ScoreFactor, ScoreInput, score_breakdown};

/// One chart's complete input, for code that decides what to draw apart from drawing it
/// (the view stage builds these; the renderer calls [`Chart::draw`]).
#[derive(Debug, Clone)]
pub enum Chart<'a> {
    Matrix(MatrixInput<'a>),
    Pareto(ParetoInput<'a>),
    History(HistoryInput<'a>),
    Scores(ScoreInput<'a>),
    Progress(ProgressInput<'a>),
    Rag(RagInput<'a>),
    ScoreTrail(ScoreTrailInput<'a>),
    Chain(ChainInput<'a>),
    Relationship(RelationshipInput),
}

impl Chart<'_> {
    pub fn draw(&self) -> String {
        match self {
            Chart::Matrix(input) => portfolio_matrix(input),
            Chart::Pareto(input) => pareto(input),
            Chart::History(input) => account_history(input),
            Chart::Scores(input) => score_breakdown(input),
            Chart::Progress(input) => plan_progress(input),
            Chart::Rag(input) => rag_counts(input),
            Chart::ScoreTrail(input) => score_trail(input),
            Chart::Chain(input) => value_chain(input),
            Chart::Relationship(input) => relationship_map(input),
        }
    }
}

/// What every chart needs besides its data.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Meta {
    /// Prefix of every `id` in the SVG (`{id}-title`, `{id}-desc`, patterns, markers):
    /// unique within the page, e.g. `"matrix"` or `"history"`. Characters other than ASCII
    /// letters, digits, `-` and `_` become `-`; a prefix not starting with a letter gets
    /// `kam-` in front.
    pub id: String,
    /// The accessible name, written into `<title>`; the page shows its own heading, so the
    /// chart does not draw it.
    pub title: String,
    /// A one- or two-sentence summary for screen readers, written into `<desc>`.
    pub desc: String,
    /// Shown instead of the chart when there is nothing to draw.
    pub no_data: String,
}

/// Colours, from Okabe and Ito's palette for colour-blind readers. Every series that uses
/// one also differs in pattern, dash or label.
pub(crate) mod colour {
    pub const INK: &str = "#222222";
    pub const MUTED: &str = "#555555";
    pub const FAINT: &str = "#999999";
    pub const BLUE: &str = "#0072B2";
    pub const SKY: &str = "#56B4E9";
    pub const GREEN: &str = "#009E73";
    pub const ORANGE: &str = "#E69F00";
    pub const VERMILLION: &str = "#D55E00";
    pub const PURPLE: &str = "#CC79A7";
}
