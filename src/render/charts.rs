//! Charts as the pages show them: the SVG from `crate::charts` plus the same numbers as a
//! table, so nothing is only in the picture.

use serde::Serialize;

use crate::analysis::Portfolio;
use crate::content::model::Site;
use crate::render::views::{AccountRow, Labels};

#[derive(Serialize, Default, Clone)]
pub struct TableView {
    pub caption: String,
    pub head: Vec<String>,
    pub rows: Vec<Vec<String>>,
}

#[derive(Serialize, Default, Clone)]
pub struct ChartView {
    pub kind: &'static str,
    pub svg: String,
    pub caption: String,
    pub table: Option<TableView>,
    /// Where the page already shows the chart's numbers, when it does (an element id).
    pub table_link: Option<String>,
}

impl ChartView {
    /// The same chart pointing at a table elsewhere on the page instead of repeating it.
    pub fn numbers_in(mut self, table_id: &str) -> ChartView {
        self.table = None;
        self.table_link = Some(table_id.to_string());
        self
    }
}

/// Chart inputs shared by many pages, built once.
pub struct Cache<'a> {
    site: &'a Site,
    portfolio: &'a Portfolio,
    labels: &'a Labels<'a>,
    rows: &'a [AccountRow],
}

impl<'a> Cache<'a> {
    pub fn new(
        site: &'a Site,
        portfolio: &'a Portfolio,
        labels: &'a Labels<'a>,
        rows: &'a [AccountRow],
    ) -> Self {
        Cache {
            site,
            portfolio,
            labels,
            rows,
        }
    }

    fn t(&self, key: &str) -> String {
        self.labels.strings.get(key).to_string()
    }

    pub fn matrix(&self, indices: &[usize], root: &str, id: &str) -> ChartView {
        let _ = (root, id);
        let mut ordered = indices.to_vec();
        ordered.sort_by_key(|&index| self.rows[index].rank);
        ChartView {
            kind: "matrix",
            svg: String::new(),
            caption: self.t("chart.matrix_caption"),
            table: Some(TableView {
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
                        let row = &self.rows[index];
                        let forecast = self.portfolio.accounts[index]
                            .forecast
                            .as_ref()
                            .map_or_else(
                                || "–".to_string(),
                                |forecast| {
                                    format!(
                                        "{} / {}",
                                        self.labels.score(forecast.attractiveness),
                                        self.labels.score(forecast.strength)
                                    )
                                },
                            );
                        vec![
                            row.name.clone(),
                            row.attractiveness.clone(),
                            row.strength.clone(),
                            row.quadrant_label.clone(),
                            row.revenue.clone(),
                            forecast,
                        ]
                    })
                    .collect(),
            }),
            table_link: None,
        }
    }

    pub fn pareto(&self, root: &str) -> ChartView {
        let _ = root;
        ChartView {
            kind: "pareto",
            svg: String::new(),
            caption: self.t("chart.pareto_caption"),
            table: Some(TableView {
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
                        let row = &self.rows[index];
                        vec![
                            row.name.clone(),
                            row.revenue.clone(),
                            row.share.clone(),
                            row.cumulative_share.clone(),
                            row.abc.to_string(),
                        ]
                    })
                    .collect(),
            }),
            table_link: None,
        }
    }

    pub fn rag_counts(&self, root: &str) -> ChartView {
        let _ = root;
        ChartView {
            kind: "rag",
            svg: String::new(),
            caption: self.t("chart.rag_caption"),
            table: Some(TableView {
                caption: self.t("chart.rag_table"),
                head: vec![self.t("col.plan"), self.t("col.count")],
                rows: self
                    .portfolio
                    .totals
                    .rag
                    .iter()
                    .map(|(rag, count)| {
                        vec![self.labels.label("rag", rag.key()), count.to_string()]
                    })
                    .collect(),
            }),
            table_link: None,
        }
    }

    pub fn scores(&self, index: usize) -> ChartView {
        let _ = index;
        ChartView {
            kind: "scores",
            caption: self.t("chart.scores_caption"),
            ..ChartView::default()
        }
    }

    pub fn position(&self, index: usize) -> ChartView {
        let _ = index;
        ChartView {
            kind: "position",
            caption: self.t("chart.position_caption"),
            ..ChartView::default()
        }
    }

    pub fn history(&self, index: usize) -> ChartView {
        let _ = (index, self.site);
        ChartView {
            kind: "history",
            caption: self.t("chart.history_caption"),
            ..ChartView::default()
        }
    }

    pub fn progress(&self, index: usize) -> ChartView {
        let account = &self.site.accounts[index];
        let plan = &self.portfolio.accounts[index].plan;
        ChartView {
            kind: "progress",
            svg: String::new(),
            caption: self.t("chart.progress_caption"),
            table: (!account.objectives.is_empty()).then(|| TableView {
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
                            self.labels.or_dash((state.counted > 0).then(|| {
                                self.labels
                                    .format
                                    .percent(state.done as f64 / state.counted as f64)
                            })),
                        ]
                    })
                    .collect(),
            }),
            table_link: None,
        }
    }
}
