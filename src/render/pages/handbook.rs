//! The handbook: an index, one page per chapter with the chapter list and its own table of
//! contents, and one print page holding every chapter. Shortcodes in chapters become live
//! portfolio data here.

use serde::Serialize;
use tera::Context;

use crate::content::shortcodes::{self, Shortcode};
use crate::markdown;
use crate::render::charts::Numbers;
use crate::render::views;

use super::{Pages, base_context, root_for};

#[derive(Serialize, Clone)]
struct ChapterLink {
    slug: String,
    title: String,
    url: String,
}

impl Pages<'_> {
    /// The factors and weights of kam.toml, for the `factors` shortcode.
    fn factor_tables(&self) -> Vec<serde_json::Value> {
        let segmentation = &self.site.config.segmentation;
        let format = self.labels.format;
        [
            (
                "account.attractiveness",
                &segmentation.attractiveness_weights,
                segmentation.attractiveness_cutoff,
            ),
            (
                "account.strength",
                &segmentation.strength_weights,
                segmentation.strength_cutoff,
            ),
        ]
        .iter()
        .map(|(key, factors, cutoff)| {
            let total: f64 = factors.iter().map(|factor| factor.weight).sum();
            serde_json::json!({
                "caption": self.labels.strings.get(key),
                "cutoff": self.labels.score(*cutoff),
                "factors": factors.iter().map(|factor| serde_json::json!({
                    "name": views::factor_label(&factor.name),
                    "weight": self.labels.weight(factor.weight),
                    "share": format.percent(if total > 0.0 { factor.weight / total } else { 0.0 }),
                })).collect::<Vec<_>>(),
            })
        })
        .collect()
    }

    /// The HTML of one shortcode on a page at depth `root`; `id` keeps ids unique when
    /// several chapters share the print page.
    fn shortcode(&self, shortcode: Shortcode, occurrence: usize, root: &str, id: &str) -> String {
        let mut context = Context::new();
        context.insert("root", root);
        let id = format!("{id}-{}-{occurrence}", shortcode.name());
        let template = match shortcode {
            Shortcode::Matrix => {
                context.insert(
                    "chart",
                    &self
                        .charts
                        .matrix(&self.facts.all_indices, root, &id, Numbers::Table),
                );
                "partials/chart.html"
            }
            Shortcode::Pareto => {
                context.insert("chart", &self.charts.pareto(&id, Numbers::Table));
                "partials/chart.html"
            }
            Shortcode::Counts => {
                context.insert("counts", &self.facts.counts);
                "partials/shortcode_counts.html"
            }
            Shortcode::Factors => {
                context.insert("factor_tables", &self.factor_tables());
                "partials/shortcode_factors.html"
            }
            Shortcode::Due => {
                context.insert("due", &self.facts.urgent);
                context.insert("due_id", &id);
                context.insert("due_caption", self.labels.strings.get("plan.due_caption"));
                "partials/due_list.html"
            }
        };
        self.renderer
            .render(template, &context, "a handbook chapter")
    }

    pub(super) fn handbook_pages(&self) {
        let strings = self.labels.strings;
        let links: Vec<ChapterLink> = self
            .site
            .chapters
            .iter()
            .map(|chapter| ChapterLink {
                slug: chapter.slug.clone(),
                title: chapter.title.clone(),
                url: format!("handbook/{}/index.html", chapter.slug),
            })
            .collect();

        let mut context = base_context("handbook", "handbook", strings.get("handbook.title"));
        context.insert("chapters", &links);
        self.renderer
            .page("handbook/index.html", "handbook_index.html", context);

        for (index, chapter) in self.site.chapters.iter().enumerate() {
            let path = format!("handbook/{}/index.html", chapter.slug);
            let root = root_for(&path);
            let mut context = base_context("chapter", "handbook", &chapter.title);
            let toc: Vec<_> = chapter
                .headings
                .iter()
                .filter(|heading| (2..=3).contains(&heading.level))
                .collect();
            let body = shortcodes::expand(&chapter.body_html, |shortcode, occurrence| {
                self.shortcode(shortcode, occurrence, &root, &chapter.slug)
            });
            context.insert(
                "chapter",
                &serde_json::json!({
                    "slug": chapter.slug,
                    "title": chapter.title,
                    "body_html": body,
                    "toc": toc,
                }),
            );
            context.insert("chapters", &links);
            context.insert(
                "previous",
                &index
                    .checked_sub(1)
                    .and_then(|previous| links.get(previous)),
            );
            context.insert("next", &links.get(index + 1));
            self.renderer.page(&path, "chapter.html", context);
        }

        // Every chapter on one page: ids get the chapter's prefix and headings move down a
        // level under the chapter's title; shortcodes are expanded last so their own ids
        // stay as made.
        let path = "handbook/print/index.html";
        let root = root_for(path);
        let printed: Vec<serde_json::Value> = self
            .site
            .chapters
            .iter()
            .map(|chapter| {
                let body = markdown::prefix_ids(&chapter.body_html, &format!("{}--", chapter.slug));
                let body = markdown::shift_headings(&body);
                let body = shortcodes::expand(&body, |shortcode, occurrence| {
                    self.shortcode(
                        shortcode,
                        occurrence,
                        &root,
                        &format!("print-{}", chapter.slug),
                    )
                });
                serde_json::json!({
                    "slug": chapter.slug,
                    "title": chapter.title,
                    "anchor": format!("chapter-{}", chapter.slug),
                    "body_html": body,
                })
            })
            .collect();
        let mut context = base_context("handbook-print", "handbook", strings.get("handbook.print"));
        context.insert("chapters", &printed);
        self.renderer.page(path, "handbook_print.html", context);
    }
}
