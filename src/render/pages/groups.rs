//! Pages for groups of accounts: one per portfolio-matrix quadrant, one per key account
//! manager. Each lists its accounts, their open actions and their alerts.

use std::collections::BTreeMap;

use rayon::prelude::*;
use tera::Context;

use crate::amount::Amount;
use crate::analysis::scores::Quadrant;
use crate::render::charts::Numbers;
use crate::render::views;

use super::{Pages, base_context};

impl Pages<'_> {
    fn insert_group(&self, context: &mut Context, indices: &[usize]) {
        context.insert("rows", &self.facts.by_revenue(indices));
        context.insert("due", &self.facts.actions(indices, false));
        context.insert("alert_groups", &self.facts.alerts_of(indices));
    }

    pub(super) fn segment_pages(&self) {
        Quadrant::ALL.par_iter().for_each(|&quadrant| {
            let key = quadrant.key();
            let indices: Vec<usize> = self
                .facts
                .all_indices
                .iter()
                .copied()
                .filter(|&index| self.portfolio.accounts[index].scores.quadrant == quadrant)
                .collect();
            let label = self.labels.label("quadrant", key);
            let mut context = base_context("segment", "portfolio", &label);
            context.insert(
                "quadrant",
                &serde_json::json!({
                    "key": key,
                    "label": label,
                    "help": self.labels.label("quadrant_help", key),
                    "count": indices.len(),
                }),
            );
            context.insert("quadrants", &self.facts.quadrant_counts);
            self.insert_group(&mut context, &indices);
            context.insert(
                "accounts_caption",
                &self
                    .labels
                    .strings
                    .fill("segment.caption", &[("quadrant", &label)]),
            );
            let mut charts = BTreeMap::new();
            charts.insert(
                "matrix",
                self.charts.matrix(
                    &indices,
                    "../../",
                    "matrix-chart",
                    Numbers::In("accounts-table"),
                ),
            );
            context.insert("charts", &charts);
            self.renderer
                .page(&views::segment_path(key), "segment.html", context);
        });
    }

    pub(super) fn manager_pages(&self) {
        self.facts
            .manager_slugs
            .par_iter()
            .for_each(|(name, slug)| {
                let indices: Vec<usize> = self
                    .facts
                    .all_indices
                    .iter()
                    .copied()
                    .filter(|&index| self.site.accounts[index].manager == *name)
                    .collect();
                let revenue: Amount = indices
                    .iter()
                    .map(|&index| self.portfolio.accounts[index].economics.revenue)
                    .sum();
                let strings = self.labels.strings;
                let mut context = base_context("manager", "portfolio", name);
                context.insert(
                    "manager",
                    &serde_json::json!({
                        "name": name,
                        "slug": slug,
                        "summary": strings.fill("manager.summary", &[
                            ("count", &indices.len().to_string()),
                            ("revenue", &self.labels.format.money(revenue)),
                        ]),
                    }),
                );
                self.insert_group(&mut context, &indices);
                context.insert(
                    "accounts_caption",
                    &strings.fill("manager.caption", &[("name", name)]),
                );
                self.renderer.page(
                    &format!("managers/{slug}/index.html"),
                    "manager.html",
                    context,
                );
            });
    }
}
