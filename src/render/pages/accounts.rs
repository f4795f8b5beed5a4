//! The briefing page of every account, rendered in parallel.

use std::collections::BTreeMap;

use rayon::prelude::*;

use crate::render::charts::ChartView;
use crate::render::views::{self, AccountView, Labels};

use super::{Pages, base_context};

fn position_text(labels: &Labels, view: &AccountView) -> String {
    labels.strings.fill(
        "account.position_text",
        &[
            ("attractiveness", &view.row.attractiveness),
            ("strength", &view.row.strength),
            ("quadrant", &view.row.quadrant_label),
            (
                "help",
                labels
                    .strings
                    .get(&format!("quadrant_help.{}", view.row.quadrant)),
            ),
        ],
    )
}

impl Pages<'_> {
    pub(super) fn account_pages(&self) {
        let strings = self.labels.strings;
        self.site
            .accounts
            .par_iter()
            .zip(self.portfolio.accounts.par_iter())
            .enumerate()
            .for_each(|(index, (account, analysis))| {
                let view = views::account_view(
                    self.labels,
                    account,
                    analysis,
                    self.facts.rows[index].clone(),
                    self.portfolio.reference_year,
                );
                let mut context = base_context("account", "portfolio", &account.name);
                context.insert("position_text", &position_text(self.labels, &view));
                if let Some(forecast) = &view.forecast {
                    let key = if forecast.moves {
                        "account.forecast_moves"
                    } else {
                        "account.forecast_stays"
                    };
                    context.insert(
                        "forecast_text",
                        &strings.fill(
                            key,
                            &[
                                ("attractiveness", &forecast.attractiveness),
                                ("strength", &forecast.strength),
                                ("quadrant", &forecast.quadrant_label),
                            ],
                        ),
                    );
                }
                context.insert(
                    "relationship_text",
                    &strings.fill(
                        "account.relationship_text",
                        &[
                            ("count", &view.contacts.len().to_string()),
                            ("owners", &view.owners.to_string()),
                            ("functions", &view.functions.to_string()),
                            ("structure", &view.structure_label),
                            ("stage", &view.row.stage_label),
                        ],
                    ),
                );
                context.insert(
                    "plan_text",
                    &strings.fill(
                        "account.plan_text",
                        &[
                            ("objectives", &view.objectives.len().to_string()),
                            ("counted", &view.counted.to_string()),
                            ("done", &view.done.to_string()),
                            ("progress", &view.progress),
                            ("overdue", &view.overdue.to_string()),
                            ("due_soon", &view.due_soon.to_string()),
                            ("blocked", &view.blocked.to_string()),
                        ],
                    ),
                );
                let mut charts: BTreeMap<&str, ChartView> = BTreeMap::new();
                charts.insert("scores", self.charts.scores(index));
                charts.insert("position", self.charts.position(index));
                charts.insert("history", self.charts.history(index));
                charts.insert("progress", self.charts.progress(index));
                context.insert("charts", &charts);
                context.insert("account", &view);
                self.renderer
                    .page(&views::account_path(&account.slug), "account.html", context);
            });
    }
}
