//! Charts as the pages show them: the input of each chart in `crate::charts`, fed from the
//! analysis with the site's words and number formats, plus the same numbers as a table (or
//! a pointer to the table on the page that already holds them), so nothing is only in the
//! picture.
//!
//! Not here: drawing. A [`ChartView`] carries its [`Chart`] input; `render` draws it into
//! `svg` just before the page is written.

use std::borrow::Cow;

use rayon::prelude::*;
use serde::Serialize;

use crate::amount::approx;
use crate::analysis::Portfolio;
use crate::analysis::economics::{self, AbcClass};
use crate::analysis::plan::Rag;
use crate::analysis::relationship::ContactStructure;
use crate::analysis::scores::{FactorPart, Quadrant};
use crate::charts::{self, Chart, Meta};
use crate::config::Factor;
use crate::content::model::{Site, account_index};
use crate::view::account::AccountRow;
use crate::view::labels::Labels;
use crate::view::urls;

/// Above this many bubbles the matrix carries no links: thousands of tab stops help no one,
/// and the table beside the chart links every account.
const MAX_LINKED_BUBBLES: usize = 250;

#[derive(Serialize, Default, Clone, Debug)]
pub struct TableView {
    pub caption: String,
    pub head: Vec<String>,
    pub rows: Vec<Vec<String>>,
}

#[derive(Serialize, Default, Clone, Debug)]
pub struct ChartView<'a> {
    pub kind: &'static str,
    /// What to draw; `None` when there is nothing to draw and the page shows no chart.
    #[serde(skip)]
    pub chart: Option<Chart<'a>>,
    /// Empty until `render` draws `chart`.
    pub svg: String,
    pub caption: String,
    pub table: Option<TableView>,
    /// Where the page already shows the chart's numbers, when it does (an element id).
    pub table_link: Option<String>,
    /// The page that shows the chart's numbers, when another one does (an address).
    pub table_href: Option<String>,
}

/// Where a chart's numbers appear beside it.
#[derive(Clone)]
pub enum Numbers<'t> {
    /// In a table of their own under the chart.
    Table,
    /// In a table the page already has (its element id), so they are not repeated.
    In(&'t str),
    /// On another page (its address), where a table of them all would outgrow this one.
    Elsewhere(String),
}

impl<'a> ChartView<'a> {
    fn new(kind: &'static str, chart: Chart<'a>, caption: String) -> ChartView<'a> {
        ChartView {
            kind,
            chart: Some(chart),
            caption,
            ..ChartView::default()
        }
    }

    fn with_table(mut self, table: TableView) -> ChartView<'a> {
        self.table = Some(table);
        self
    }

    fn with_numbers(mut self, numbers: Numbers, table: impl FnOnce() -> TableView) -> Self {
        match numbers {
            Numbers::Table => self.table = Some(table()),
            Numbers::In(id) => self.table_link = Some(id.to_string()),
            Numbers::Elsewhere(href) => self.table_href = Some(href),
        }
        self
    }
}

/// Chart inputs shared by many pages, built once.
pub struct Charts<'a> {
    site: &'a Site,
    portfolio: &'a Portfolio,
    labels: Labels<'a>,
    matrix: std::sync::Arc<MatrixPoints>,
    /// Every account as the Pareto chart draws it, made on first use: the portfolio page,
    /// the handbook chapters and the print page may all show the chart, and at 10,000
    /// accounts each copy, and each page's fingerprint of it, was a few milliseconds.
    pareto: std::sync::OnceLock<Vec<charts::ParetoAccount>>,
}

/// Every scored account as a bubble of the portfolio matrix, made once and kept by `serve`
/// with [`crate::view::shared::Shared`] while only notes change.
pub struct MatrixPoints {
    /// Without links, in slug order.
    points: Vec<charts::MatrixPoint>,
    /// Per account (index-aligned with `site.accounts`), its place in `points`; `None` for
    /// an account that is not scored and so has no place in the matrix.
    point_of: Vec<Option<usize>>,
    /// What every account page's bubble is scaled to, worked out once.
    largest_revenue: f64,
}

impl MatrixPoints {
    pub fn new(site: &Site, portfolio: &Portfolio) -> MatrixPoints {
        // Each bubble is made on its own, in parallel; only numbering them is in order.
        let bubbles: Vec<Option<charts::MatrixPoint>> = site
            .accounts
            .par_iter()
            .zip(&portfolio.accounts)
            .enumerate()
            .map(|(index, (account, analysis))| {
                let scores = &analysis.scores;
                let trail = portfolio
                    .history
                    .accounts
                    .get(index)
                    .and_then(|history| history.since.as_ref())
                    .and_then(|since| since.then.attractiveness.zip(since.then.strength));
                let (attractiveness, strength) = scores.attractiveness.zip(scores.strength)?;
                Some(charts::MatrixPoint {
                    label: account.name.clone(),
                    href: None,
                    attractiveness,
                    strength,
                    revenue: analysis.economics.revenue.as_f64(),
                    forecast: analysis
                        .forecast
                        .as_ref()
                        .map(|forecast| (forecast.attractiveness, forecast.strength)),
                    trail,
                })
            })
            .collect();
        let mut points = Vec::with_capacity(bubbles.iter().flatten().count());
        let point_of = bubbles
            .into_iter()
            .map(|bubble| {
                points.push(bubble?);
                Some(points.len() - 1)
            })
            .collect();
        let largest_revenue = charts::largest_revenue(&points);
        MatrixPoints {
            points,
            point_of,
            largest_revenue,
        }
    }

    /// Every bubble, in slug order.
    pub fn points(&self) -> &[charts::MatrixPoint] {
        &self.points
    }

    /// The account's place among [`MatrixPoints::points`], when it is scored.
    pub fn point_of(&self, index: usize) -> Option<usize> {
        self.point_of.get(index).copied().flatten()
    }
}

impl<'a> Charts<'a> {
    pub fn new(
        site: &'a Site,
        portfolio: &'a Portfolio,
        labels: Labels<'a>,
        matrix: std::sync::Arc<MatrixPoints>,
    ) -> Self {
        Charts {
            site,
            portfolio,
            labels,
            matrix,
            pareto: std::sync::OnceLock::new(),
        }
    }

    fn t(&self, key: &str) -> String {
        self.labels.t(key)
    }

    fn fill(&self, key: &str, values: &[(&str, &str)]) -> String {
        self.labels.fill(key, values)
    }

    fn meta(&self, id: &str, title_key: &str, desc: String) -> Meta {
        Meta {
            id: id.to_string(),
            title: self.t(title_key),
            desc,
            no_data: self.t("chart.no_data"),
        }
    }

    fn year_text(&self) -> String {
        self.portfolio
            .reference_year
            .map_or_else(String::new, |year| year.to_string())
    }

    fn quadrant_labels(&self) -> [String; 4] {
        Quadrant::ALL.map(|quadrant| self.labels.label("quadrant", quadrant.key()))
    }

    fn matrix_input<'p>(
        &self,
        meta: Meta,
        points: Cow<'p, [charts::MatrixPoint]>,
        highlight: Option<usize>,
    ) -> charts::MatrixInput<'p>
    where
        'a: 'p,
    {
        let segmentation = &self.site.config.segmentation;
        charts::MatrixInput {
            meta,
            format: self.labels.format,
            x_label: self.t("account.strength"),
            y_label: self.t("account.attractiveness"),
            size_label: self.fill("chart.size_label", &[("year", &self.year_text())]),
            forecast_label: self.t("chart.forecast_label"),
            quadrant_labels: self.quadrant_labels(),
            attractiveness_cutoff: approx(segmentation.attractiveness_cutoff),
            strength_cutoff: approx(segmentation.strength_cutoff),
            points,
            highlight,
            compact: highlight.is_some(),
            backdrop: charts::Backdrop::Inline,
        }
    }

    /// The drawing of the whole portfolio behind every account's "where it stands" mark,
    /// when the portfolio is large enough for the pages to share it (written once, at
    /// [`urls::POSITION_BACKDROP`]).
    pub fn position_backdrop(&self) -> Option<Chart<'_>> {
        if !charts::shares_backdrop(self.matrix.points.len()) {
            return None;
        }
        let desc = self.fill(
            "chart.matrix_desc_dense",
            &[(
                "count",
                &self.labels.count("key_accounts", self.matrix.points.len()),
            )],
        );
        let mut input = self.matrix_input(
            self.meta("position-backdrop", "portfolio.matrix", desc),
            Cow::Borrowed(&self.matrix.points),
            None,
        );
        input.compact = true;
        input.backdrop = charts::Backdrop::Draw;
        Some(Chart::Matrix(input))
    }

    /// The portfolio matrix of some accounts, linking each bubble relative to `root`.
    pub fn matrix(
        &self,
        rows: &[AccountRow],
        indices: &[usize],
        root: &str,
        id: &str,
        numbers: Numbers,
    ) -> ChartView<'a> {
        // Unscored accounts have no place in the matrix (SPEC v2 §3).
        let mut ordered: Vec<usize> = indices
            .iter()
            .copied()
            .filter(|&index| self.matrix.point_of[index].is_some())
            .collect();
        // Ranks are unique, so the faster unstable sort gives the same order.
        ordered.sort_unstable_by_key(|&index| rows[index].rank);
        let linked = ordered.len() <= MAX_LINKED_BUBBLES;
        let points: Vec<charts::MatrixPoint> = ordered
            .iter()
            .filter_map(|&index| {
                let mut point = self.matrix.points[self.matrix.point_of[index]?].clone();
                if linked {
                    point.href = Some(format!("{root}{}", rows[index].url));
                }
                Some(point)
            })
            .collect();
        let count = |quadrant: Quadrant| {
            ordered
                .iter()
                .filter(|&&index| self.portfolio.accounts[index].scores.quadrant == Some(quadrant))
                .count()
                .to_string()
        };
        let desc = self.fill(
            "chart.matrix_desc",
            &[
                ("count", &self.labels.count("key_accounts", ordered.len())),
                ("strategic", &count(Quadrant::Strategic)),
                ("star", &count(Quadrant::Star)),
                ("status", &count(Quadrant::Status)),
                ("streamline", &count(Quadrant::Streamline)),
            ],
        );
        let input = self.matrix_input(self.meta(id, "portfolio.matrix", desc), points.into(), None);
        ChartView::new(
            "matrix",
            Chart::Matrix(input),
            self.t("chart.matrix_caption"),
        )
        .with_numbers(numbers, || TableView {
            caption: self.t("chart.matrix_table"),
            head: vec![
                self.t("col.account"),
                self.t("account.attractiveness"),
                self.t("account.strength"),
                self.t("col.quadrant"),
                self.t("col.revenue"),
                self.t("account.forecast"),
            ],
            rows: ordered
                .iter()
                .map(|&index| {
                    let row = &rows[index];
                    vec![
                        row.name.clone(),
                        row.attractiveness.clone(),
                        row.strength.clone(),
                        row.quadrant_label.clone(),
                        row.revenue.clone(),
                        row.forecast.clone(),
                    ]
                })
                .collect(),
        })
    }

    fn pareto_accounts(&self) -> Vec<charts::ParetoAccount> {
        self.portfolio
            .abc_order
            .iter()
            .map(|&index| {
                let economics = &self.portfolio.accounts[index].economics;
                charts::ParetoAccount {
                    label: self.site.accounts[index].name.clone(),
                    revenue: economics.revenue.as_f64(),
                    cumulative_share: economics.cumulative_share,
                    class: match economics.abc {
                        AbcClass::A => charts::Abc::A,
                        AbcClass::B => charts::Abc::B,
                        AbcClass::C => charts::Abc::C,
                    },
                }
            })
            .collect()
    }

    pub fn pareto(&self, rows: &[AccountRow], id: &str, numbers: Numbers) -> ChartView<'_> {
        let accounts = self.pareto.get_or_init(|| self.pareto_accounts());
        let counts = |class: AbcClass| {
            self.portfolio
                .totals
                .abc
                .iter()
                .find(|(item, _)| *item == class)
                .map_or(0, |(_, count)| *count)
                .to_string()
        };
        let cutoffs = self.site.config.segmentation.abc_cutoffs.map(approx);
        let desc = self.fill(
            "chart.pareto_desc",
            &[
                ("count", &self.labels.count("accounts", accounts.len())),
                ("a", &counts(AbcClass::A)),
                ("b", &counts(AbcClass::B)),
                ("c", &counts(AbcClass::C)),
                (
                    "total",
                    &self.labels.format.money(self.portfolio.totals.revenue),
                ),
            ],
        );
        let input = charts::ParetoInput {
            meta: self.meta(id, "portfolio.pareto", desc),
            format: self.labels.format,
            accounts: Cow::Borrowed(accounts),
            cutoffs,
            class_labels: [
                self.fill("chart.class", &[("class", "A")]),
                self.fill("chart.class", &[("class", "B")]),
                self.fill("chart.class", &[("class", "C")]),
            ],
            x_label: self.t("chart.pareto_x"),
            y_label: self.fill("chart.size_label", &[("year", &self.year_text())]),
            share_label: self.t("col.cumulative"),
        };
        ChartView::new(
            "pareto",
            Chart::Pareto(input),
            self.t("chart.pareto_caption"),
        )
        .with_numbers(numbers, || TableView {
            caption: self.t("chart.pareto_table"),
            head: vec![
                self.t("col.account"),
                self.t("col.revenue"),
                self.t("col.share"),
                self.t("col.cumulative"),
                self.t("col.abc"),
            ],
            rows: self
                .portfolio
                .abc_order
                .iter()
                .map(|&index| {
                    let row = &rows[index];
                    vec![
                        row.name.clone(),
                        row.revenue.clone(),
                        row.share.clone(),
                        row.cumulative_share.clone(),
                        row.abc.to_string(),
                    ]
                })
                .collect(),
        })
    }

    /// The value chain (SPEC v2 §11): every account placed at its stage, each node linked
    /// relative to `root`, with the accounts and revenue per stage as its table.
    pub fn chain(&self, rows: &[AccountRow], root: &str, id: &str) -> ChartView<'a> {
        let config = &self.site.config;
        if config.chain.is_empty() {
            return ChartView {
                kind: "chain",
                ..ChartView::default()
            };
        }
        let format = self.labels.format;
        let accounts = &self.site.accounts;
        let linked = accounts.len() <= MAX_LINKED_BUBBLES;
        let mut own_links = 0;
        let mut outside_links = 0;
        let nodes: Vec<charts::ChainAccount> = accounts
            .iter()
            .zip(&self.portfolio.accounts)
            .enumerate()
            .map(|(index, (account, analysis))| {
                let sells_to = account
                    .sells_to
                    .iter()
                    .map(|entry| match account_index(accounts, entry) {
                        Some(other) => {
                            own_links += 1;
                            charts::ChainCustomer::Account(other)
                        }
                        None => {
                            outside_links += 1;
                            charts::ChainCustomer::Outside(entry.clone())
                        }
                    })
                    .collect();
                charts::ChainAccount {
                    key: account.slug.clone(),
                    label: account.name.clone(),
                    href: linked.then(|| format!("{root}{}", rows[index].url)),
                    // An account outside the chain sits past its last stage: not drawn.
                    stage: account
                        .chain
                        .as_deref()
                        .and_then(|stage| config.chain.iter().position(|s| s.id == stage))
                        .unwrap_or(usize::MAX),
                    revenue: analysis.economics.revenue.as_f64(),
                    group: match analysis.scores.quadrant {
                        Some(Quadrant::Strategic) => charts::ChainGroup::Strategic,
                        Some(Quadrant::Star) => charts::ChainGroup::Star,
                        Some(Quadrant::Status) => charts::ChainGroup::Status,
                        Some(Quadrant::Streamline) => charts::ChainGroup::Streamline,
                        None => charts::ChainGroup::Unscored,
                    },
                    sells_to,
                }
            })
            .collect();
        let stage_label = |stage: &str| {
            config
                .chain
                .iter()
                .find(|known| known.id == stage)
                .map_or_else(|| stage.to_string(), |known| known.label.clone())
        };
        let totals = &self.portfolio.totals.chain;
        let stages: Vec<charts::ChainStageText> = totals
            .iter()
            .map(|total| charts::ChainStageText {
                label: stage_label(&total.stage),
                accounts: self.labels.count("key_accounts", total.accounts),
                revenue: format.money(total.revenue),
            })
            .collect();
        let placed: usize = totals.iter().map(|total| total.accounts).sum();
        let desc = self.fill(
            "chart.chain_desc",
            &[
                ("stages", &stages.len().to_string()),
                ("first", stages.first().map_or("", |s| s.label.as_str())),
                ("last", stages.last().map_or("", |s| s.label.as_str())),
                ("placed", &self.labels.count("key_accounts", placed)),
                ("count", &accounts.len().to_string()),
                ("own", &own_links.to_string()),
                ("outside", &outside_links.to_string()),
            ],
        );
        let table = TableView {
            caption: self.t("chart.chain_table"),
            head: vec![
                self.t("col.chain_stage"),
                self.t("col.count"),
                self.fill("chart.size_label", &[("year", &self.year_text())]),
            ],
            rows: totals
                .iter()
                .map(|total| {
                    vec![
                        stage_label(&total.stage),
                        total.accounts.to_string(),
                        format.money(total.revenue),
                    ]
                })
                .collect(),
        };
        let input = charts::ChainInput {
            meta: self.meta(id, "chart.chain_title", desc),
            format,
            stages,
            accounts: nodes.into(),
            group_labels: [
                Quadrant::Strategic.key(),
                Quadrant::Star.key(),
                Quadrant::Status.key(),
                Quadrant::Streamline.key(),
                "unscored",
            ]
            .map(|key| self.labels.label("quadrant", key)),
            outside_label: self.t("chart.chain_outside"),
            size_label: self.fill("chart.size_label", &[("year", &self.year_text())]),
        };
        ChartView::new("chain", Chart::Chain(input), self.t("chart.chain_caption"))
            .with_table(table)
    }

    /// The account's contacts between our people and the customer's functions (SPEC §7);
    /// the contact table under it holds the numbers.
    pub fn relationship(&self, index: usize) -> ChartView<'a> {
        let account = &self.site.accounts[index];
        let relationship = &self.portfolio.accounts[index].relationship;
        if account.contacts.is_empty() {
            return ChartView {
                kind: "relationship",
                ..ChartView::default()
            };
        }
        // One entry per name key, spelt as first written (SPEC v2 §7).
        let distinct = |names: Vec<&str>| {
            let mut keys: Vec<String> = Vec::new();
            let mut shown: Vec<String> = Vec::new();
            for name in names {
                let key = crate::names::key(name);
                if !keys.contains(&key) {
                    keys.push(key);
                    shown.push(name.trim().to_string());
                }
            }
            (keys, shown)
        };
        let (owner_keys, owners) = distinct(
            account
                .contacts
                .iter()
                .filter_map(|c| c.owner.as_deref())
                .collect(),
        );
        let (function_keys, functions) = distinct(
            account
                .contacts
                .iter()
                .filter_map(|c| c.function.as_deref())
                .collect(),
        );
        let position = |keys: &[String], name: Option<&str>| {
            let key = crate::names::key(name?);
            keys.iter().position(|known| *known == key)
        };
        let contacts = account
            .contacts
            .iter()
            .map(|contact| charts::RelationshipContact {
                name: contact.name.clone(),
                role: contact
                    .role
                    .map(|role| self.labels.label("role", role.key())),
                owner: position(&owner_keys, contact.owner.as_deref()),
                function: position(&function_keys, contact.function.as_deref()),
                strength: contact.strength,
            })
            .collect();
        let missing: Vec<String> = relationship
            .missing_roles
            .iter()
            .map(|role| self.labels.label("role", role.key()))
            .collect();
        let structure = relationship.structure;
        let desc = self.fill(
            "chart.relationship_desc",
            &[
                ("count", &account.contacts.len().to_string()),
                ("owners", &owners.len().to_string()),
                ("functions", &functions.len().to_string()),
                (
                    "structure",
                    &self.labels.label("structure", structure.key()),
                ),
            ],
        );
        let input = charts::RelationshipInput {
            meta: self.meta("relationship", "chart.relationship_title", desc),
            owners,
            functions,
            contacts,
            shape: match structure {
                ContactStructure::BowTie => charts::RelationshipShape::BowTie,
                ContactStructure::Developing => charts::RelationshipShape::Developing,
                ContactStructure::Diamond => charts::RelationshipShape::Diamond,
            },
            our_side: self.t("chart.relationship_ours"),
            their_side: self.t("chart.relationship_theirs"),
            no_owner: self.t("chart.relationship_no_owner"),
            no_function: self.t("chart.relationship_no_function"),
            strength_label: self.t("col.strength"),
            missing: (!missing.is_empty()).then(|| {
                format!(
                    "{}: {}",
                    self.t("account.missing_roles"),
                    missing.join(", ")
                )
            }),
        };
        ChartView::new(
            "relationship",
            Chart::Relationship(input),
            self.fill(
                "chart.relationship_caption",
                &[(
                    "structure",
                    &self.labels.label("structure", structure.key()),
                )],
            ),
        )
    }

    pub fn rag_counts(&self, id: &str) -> ChartView<'a> {
        let count = |rag: Rag| {
            self.portfolio
                .totals
                .rag
                .iter()
                .find(|(item, _)| *item == rag)
                .map_or(0, |(_, count)| *count)
        };
        let counts = Rag::ALL.map(count);
        let labels = Rag::ALL.map(|rag| self.labels.label("rag", rag.key()));
        let desc = self.fill(
            "chart.rag_desc",
            &[
                ("red", &counts[0].to_string()),
                ("amber", &counts[1].to_string()),
                ("green", &counts[2].to_string()),
                ("none", &counts[3].to_string()),
            ],
        );
        let table = TableView {
            caption: self.t("chart.rag_table"),
            head: vec![self.t("col.plan"), self.t("col.count")],
            rows: labels
                .iter()
                .zip(counts)
                .map(|(label, count)| vec![label.clone(), count.to_string()])
                .collect(),
        };
        let input = charts::RagInput {
            meta: self.meta(id, "portfolio.plans", desc),
            format: self.labels.format,
            labels,
            counts,
        };
        ChartView::new("rag", Chart::Rag(input), self.t("chart.rag_caption")).with_table(table)
    }

    /// Each factor's weighted contribution; the factor tables above the chart hold the numbers.
    pub fn scores(&self, index: usize) -> ChartView<'a> {
        let scores = &self.portfolio.accounts[index].scores;
        let segmentation = &self.site.config.segmentation;
        let bar =
            |label_key: &str, value: f64, cutoff: f64, factors: &[Factor], parts: &[FactorPart]| {
                charts::ScoreBar {
                    label: self.t(label_key),
                    value,
                    cutoff,
                    factors: factors
                        .iter()
                        .zip(parts)
                        .map(|(factor, part)| charts::ScoreFactor {
                            label: factor.label.clone(),
                            score: part.score,
                            weight: part.weight,
                            contribution: part.contribution,
                        })
                        .collect(),
                }
            };
        // An axis not scored yet has no bar; with neither, there is nothing to draw.
        let bars: Vec<charts::ScoreBar> = [
            scores.attractiveness.map(|value| {
                bar(
                    "account.attractiveness",
                    value,
                    approx(segmentation.attractiveness_cutoff),
                    &segmentation.attractiveness_weights,
                    &scores.attractiveness_parts,
                )
            }),
            scores.strength.map(|value| {
                bar(
                    "account.strength",
                    value,
                    approx(segmentation.strength_cutoff),
                    &segmentation.strength_weights,
                    &scores.strength_parts,
                )
            }),
        ]
        .into_iter()
        .flatten()
        .collect();
        if bars.is_empty() {
            return ChartView {
                kind: "scores",
                ..ChartView::default()
            };
        }
        let score = |value: Option<f64>| self.labels.or_dash(value.map(|v| self.labels.score(v)));
        let desc = self.fill(
            "chart.scores_desc",
            &[
                ("attractiveness", &score(scores.attractiveness)),
                ("strength", &score(scores.strength)),
                (
                    "a_cutoff",
                    &self
                        .labels
                        .score(approx(segmentation.attractiveness_cutoff)),
                ),
                (
                    "s_cutoff",
                    &self.labels.score(approx(segmentation.strength_cutoff)),
                ),
            ],
        );
        let input = charts::ScoreInput {
            meta: self.meta("scores", "chart.scores_title", desc),
            format: self.labels.format,
            bars: bars.into(),
            cutoff_label: self.t("col.cutoff"),
        };
        ChartView::new(
            "scores",
            Chart::Scores(input),
            self.t("chart.scores_caption"),
        )
    }

    /// This account among all the others; the position text above holds its numbers.
    /// `root` leads from the page to the site root, where a large portfolio's shared
    /// drawing of the others lies.
    pub fn position(&self, index: usize, root: &str) -> ChartView<'_> {
        let analysis = &self.portfolio.accounts[index];
        let (Some(point), Some(quadrant)) = (self.matrix.point_of[index], analysis.scores.quadrant)
        else {
            return ChartView {
                kind: "position",
                ..ChartView::default()
            };
        };
        let score = |value: Option<f64>| self.labels.or_dash(value.map(|v| self.labels.score(v)));
        let desc = self.fill(
            "chart.position_desc",
            &[
                ("name", &self.site.accounts[index].name),
                ("attractiveness", &score(analysis.scores.attractiveness)),
                ("strength", &score(analysis.scores.strength)),
                ("quadrant", &self.labels.label("quadrant", quadrant.key())),
                (
                    "others",
                    &self.matrix.points.len().saturating_sub(1).to_string(),
                ),
            ],
        );
        let mut input = self.matrix_input(
            self.meta("position", "chart.position_title", desc),
            Cow::Borrowed(&self.matrix.points),
            Some(point),
        );
        if charts::shares_backdrop(self.matrix.points.len()) {
            input.backdrop = charts::Backdrop::Use {
                href: format!("{root}{}", urls::POSITION_BACKDROP),
                largest_revenue: self.matrix.largest_revenue,
            };
        }
        ChartView::new(
            "position",
            Chart::Matrix(input),
            self.t("chart.position_caption"),
        )
    }

    /// Revenue, margin and contribution by year; the table of years below holds the numbers.
    pub fn history(&self, index: usize) -> ChartView<'a> {
        let account = &self.site.accounts[index];
        let any_cost = account.years.iter().any(|row| !row.cost_to_serve.is_zero());
        let years: Vec<charts::HistoryYear> = account
            .years
            .iter()
            .map(|row| charts::HistoryYear {
                year: row.year,
                revenue: row.revenue.as_f64(),
                gross_margin: row.gross_margin.map(|margin| margin.as_f64()),
                net_contribution: any_cost
                    .then(|| economics::year_figures(row, None).net_contribution)
                    .flatten()
                    .map(|amount| amount.as_f64()),
            })
            .collect();
        let span = match (account.years.first(), account.years.last()) {
            (Some(first), Some(last)) => format!("{}–{}", first.year, last.year),
            _ => String::new(),
        };
        let desc = self.fill(
            "chart.history_desc",
            &[("years", &years.len().to_string()), ("span", &span)],
        );
        let input = charts::HistoryInput {
            meta: self.meta("history", "account.history", desc),
            format: self.labels.format,
            years: years.into(),
            revenue_label: self.t("col.revenue"),
            margin_label: self.t("account.gross_margin"),
            contribution_label: self.t("account.net_contribution"),
            y_label: self.fill(
                "chart.money_axis",
                &[("currency", &self.site.config.currency)],
            ),
        };
        ChartView::new(
            "history",
            Chart::History(input),
            self.t("chart.history_caption"),
        )
    }

    /// Attractiveness and strength at each committed version (SPEC v2 §12), with the
    /// numbers as a table below.
    pub fn score_trail(&self, index: usize) -> ChartView<'a> {
        let account = &self.site.accounts[index];
        let points = self
            .portfolio
            .history
            .accounts
            .get(index)
            .map_or(&[][..], |history| history.points.as_slice());
        let format = self.labels.format;
        let score = |value: Option<f64>| {
            value.map_or_else(|| "–".to_string(), |value| format.number(value, 1))
        };
        let trail: Vec<charts::TrailPoint> = points
            .iter()
            .enumerate()
            .map(|(i, point)| charts::TrailPoint {
                label: format.date(point.date),
                attractiveness: point.attractiveness,
                strength: point.strength,
                stage_change: (i > 0 && points[i - 1].stage != point.stage)
                    .then(|| self.labels.label("stage", point.stage.key())),
            })
            .collect();
        let table = TableView {
            caption: self.t("history.scores_title"),
            head: vec![
                self.t("history.date"),
                self.t("col.attractiveness"),
                self.t("col.strength_score"),
                self.t("col.stage"),
            ],
            rows: points
                .iter()
                .map(|point| {
                    vec![
                        format.date(point.date),
                        score(point.attractiveness),
                        score(point.strength),
                        self.labels.label("stage", point.stage.key()),
                    ]
                })
                .collect(),
        };
        let desc = self.fill(
            "history.scores_desc",
            &[
                ("name", &account.name),
                ("count", &self.labels.count("versions", points.len())),
            ],
        );
        let segmentation = &self.site.config.segmentation;
        let input = charts::ScoreTrailInput {
            meta: self.meta("score-history", "history.scores_title", desc),
            format,
            points: trail.into(),
            attractiveness_label: self.t("col.attractiveness"),
            strength_label: self.t("col.strength_score"),
            attractiveness_cutoff: approx(segmentation.attractiveness_cutoff),
            strength_cutoff: approx(segmentation.strength_cutoff),
            cutoff_label: self.t("history.cutoff"),
        };
        ChartView::new(
            "score-trail",
            Chart::ScoreTrail(input),
            self.t("history.scores_caption"),
        )
        .with_table(table)
    }

    pub fn progress(&self, index: usize) -> ChartView<'a> {
        let account = &self.site.accounts[index];
        let plan = &self.portfolio.accounts[index].plan;
        let objectives: Vec<charts::ObjectiveProgress> = account
            .objectives
            .iter()
            .zip(&plan.objectives)
            .map(|(objective, state)| charts::ObjectiveProgress {
                label: objective.title.clone(),
                done: state.done,
                counted: state.counted,
                note: if state.achieved {
                    Some(self.t("plan.achieved"))
                } else if state.overdue {
                    Some(self.t("plan.objective_overdue"))
                } else {
                    None
                },
            })
            .collect();
        if objectives.is_empty() {
            return ChartView {
                kind: "progress",
                ..ChartView::default()
            };
        }
        let desc = self.fill(
            "chart.progress_desc",
            &[
                ("objectives", &objectives.len().to_string()),
                ("done", &plan.done.to_string()),
                ("counted", &plan.counted.to_string()),
            ],
        );
        let input = charts::ProgressInput {
            meta: self.meta("progress", "chart.progress_title", desc),
            format: self.labels.format,
            objectives: objectives.into(),
            no_actions: self.t("plan.no_actions_short"),
        };
        ChartView::new(
            "progress",
            Chart::Progress(input),
            self.t("chart.progress_caption"),
        )
        .with_table(TableView {
            caption: self.t("chart.progress_table"),
            head: vec![
                self.t("col.objective"),
                self.t("col.done"),
                self.t("col.counted"),
                self.t("account.progress"),
            ],
            rows: account
                .objectives
                .iter()
                .zip(&plan.objectives)
                .map(|(objective, state)| {
                    vec![
                        objective.title.clone(),
                        state.done.to_string(),
                        state.counted.to_string(),
                        self.labels.percent(state.progress()),
                    ]
                })
                .collect(),
        })
    }
}
