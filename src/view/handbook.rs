//! The handbook: an index, one page per chapter with the chapter list and its own table of
//! contents, and one print page holding every chapter. Shortcodes in chapters become live
//! portfolio data here, as [`Fragment`]s that `render` writes.
//!
//! Not here: reading chapters and finding their shortcodes (`content`), Markdown
//! (`markdown`).

use rust_decimal::Decimal;
use serde::Serialize;

use crate::amount::approx;

use crate::content::model::Heading;
use crate::content::shortcodes::{self, Shortcode};
use crate::markdown;
use crate::view::attention::DueView;
use crate::view::charts::{ChartView, Numbers};
use crate::view::shared::Counts;
use crate::view::{Base, Embed, Fragment, SiteView, fragment_id, lists, urls};

#[derive(Serialize, Clone, Debug)]
pub struct ChapterLink {
    pub slug: String,
    pub title: String,
    pub url: String,
}

#[derive(Serialize, Debug)]
pub struct HandbookIndexPage {
    #[serde(flatten)]
    pub base: Base,
    pub chapters: Vec<ChapterLink>,
}

#[derive(Serialize, Debug)]
pub struct ChapterView {
    pub slug: String,
    pub title: String,
    pub body_html: String,
    pub toc: Vec<Heading>,
}

#[derive(Serialize, Debug)]
pub struct ChapterPage {
    #[serde(flatten)]
    pub base: Base,
    pub chapter: ChapterView,
    pub chapters: Vec<ChapterLink>,
    pub previous: Option<ChapterLink>,
    pub next: Option<ChapterLink>,
}

#[derive(Serialize, Debug)]
pub struct PrintedChapter {
    pub slug: String,
    pub title: String,
    pub anchor: String,
    pub body_html: String,
}

#[derive(Serialize, Debug)]
pub struct PrintPage {
    #[serde(flatten)]
    pub base: Base,
    pub chapters: Vec<PrintedChapter>,
}

#[derive(Serialize, Debug)]
pub struct FactorRow {
    pub name: String,
    pub weight: String,
    pub share: String,
}

#[derive(Serialize, Debug)]
pub struct FactorTable {
    pub caption: String,
    pub cutoff: String,
    pub factors: Vec<FactorRow>,
}

/// What a shortcode's partial template sees.
#[derive(Serialize)]
#[serde(untagged)]
pub enum FragmentContext<'v> {
    Chart {
        root: String,
        chart: Box<ChartView<'v>>,
    },
    Counts {
        root: String,
        counts: &'v Counts,
    },
    Factors {
        root: String,
        factor_tables: Vec<FactorTable>,
    },
    Due {
        root: String,
        due: Vec<&'v DueView>,
        due_id: String,
        due_caption: String,
        /// Set when the list shows only the first actions of a big portfolio.
        more: Option<DueMore>,
    },
}

/// Where a chapter's list of actions leads when it shows only the first of them.
#[derive(Serialize, Debug)]
pub struct DueMore {
    pub text: String,
    /// The portfolio page, from the site root.
    pub url: &'static str,
    pub link: String,
}

impl<'v> FragmentContext<'v> {
    /// The chart to draw before the fragment is written, if it holds one.
    pub fn chart_mut(&mut self) -> Option<&mut ChartView<'v>> {
        match self {
            FragmentContext::Chart { chart, .. } => Some(chart),
            _ => None,
        }
    }
}

impl SiteView<'_> {
    fn chapter_links(&self) -> Vec<ChapterLink> {
        self.site
            .chapters
            .iter()
            .map(|chapter| ChapterLink {
                slug: chapter.slug.clone(),
                title: chapter.title.clone(),
                url: urls::chapter(&chapter.slug),
            })
            .collect()
    }

    /// The factors and weights of kam.toml, for the `factors` shortcode.
    fn factor_tables(&self) -> Vec<FactorTable> {
        let segmentation = &self.site.config.segmentation;
        let labels = &self.labels;
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
            let total: Decimal = factors.iter().map(|factor| factor.weight).sum();
            FactorTable {
                caption: labels.t(key),
                cutoff: labels.score(approx(*cutoff)),
                factors: factors
                    .iter()
                    .map(|factor| FactorRow {
                        name: factor.label.clone(),
                        weight: labels.weight(approx(factor.weight)),
                        share: labels
                            .format
                            .percent(factor.weight.checked_div(total).map_or(0.0, approx)),
                    })
                    .collect(),
            }
        })
        .collect()
    }

    /// The live data of one shortcode on the page at `path`; `id` is unique on the page.
    pub fn fragment(&self, shortcode: Shortcode, path: &str, id: String) -> Fragment<'_> {
        let root = urls::root_for(path);
        let shared = &self.shared;
        // A big portfolio's chapters show what its portfolio page shows, and lead there
        // for the rest: a table of every account would make each chapter megabytes.
        let big = shared.all_indices.len() > lists::PAGE_ROWS;
        let numbers = || {
            if big {
                Numbers::Elsewhere(format!("{root}{}#accounts-table", urls::INDEX))
            } else {
                Numbers::Table
            }
        };
        let (template, context) = match shortcode {
            Shortcode::Matrix => (
                "partials/chart.html",
                FragmentContext::Chart {
                    chart: Box::new(self.charts.matrix(
                        &shared.rows,
                        &shared.all_indices,
                        &root,
                        &id,
                        numbers(),
                    )),
                    root,
                },
            ),
            Shortcode::Pareto => (
                "partials/chart.html",
                FragmentContext::Chart {
                    chart: Box::new(self.charts.pareto(&shared.rows, &id, numbers())),
                    root,
                },
            ),
            Shortcode::Chain => (
                "partials/chart.html",
                FragmentContext::Chart {
                    chart: Box::new(self.charts.chain(&shared.rows, &root, &id)),
                    root,
                },
            ),
            Shortcode::Counts => (
                "partials/shortcode_counts.html",
                FragmentContext::Counts {
                    root,
                    counts: &shared.counts,
                },
            ),
            Shortcode::Factors => (
                "partials/shortcode_factors.html",
                FragmentContext::Factors {
                    root,
                    factor_tables: self.factor_tables(),
                },
            ),
            Shortcode::Due => {
                let total = shared.attention_total;
                let shown = if big {
                    total.min(lists::TOP_ROWS)
                } else {
                    total
                };
                let more = (shown < total).then(|| DueMore {
                    text: self.labels.fill(
                        "handbook.due_more",
                        &[("shown", &shown.to_string()), ("total", &total.to_string())],
                    ),
                    url: urls::INDEX,
                    link: self.labels.t("handbook.due_more_link"),
                });
                (
                    "partials/shortcode_due.html",
                    FragmentContext::Due {
                        root,
                        due: shared.attention(shown),
                        due_id: id,
                        due_caption: self.labels.t("plan.due_caption"),
                        more,
                    },
                )
            }
        };
        Fragment { template, context }
    }

    pub(super) fn handbook_index(&self, path: &str) -> HandbookIndexPage {
        HandbookIndexPage {
            base: Base::new(
                path,
                "handbook",
                "handbook",
                self.labels.strings.get("handbook.title"),
            ),
            chapters: self.chapter_links(),
        }
    }

    pub(super) fn chapter_page(&self, path: &str, index: usize, embed: &Embed) -> ChapterPage {
        let chapter = &self.site.chapters[index];
        let links = self.chapter_links();
        let body_html = shortcodes::expand(&chapter.body_html, |shortcode, occurrence| {
            let id = fragment_id(&chapter.slug, shortcode, occurrence);
            embed(self.fragment(shortcode, path, id))
        });
        ChapterPage {
            base: Base::new(path, "chapter", "handbook", &chapter.title),
            chapter: ChapterView {
                slug: chapter.slug.clone(),
                title: chapter.title.clone(),
                body_html,
                toc: chapter
                    .headings
                    .iter()
                    .filter(|heading| (2..=3).contains(&heading.level))
                    .cloned()
                    .collect(),
            },
            previous: index
                .checked_sub(1)
                .and_then(|previous| links.get(previous))
                .cloned(),
            next: links.get(index + 1).cloned(),
            chapters: links,
        }
    }

    /// Every chapter on one page: ids get the chapter's prefix and headings move down a
    /// level under the chapter's title; shortcodes are expanded last so their own ids stay
    /// as made.
    pub(super) fn print_page(&self, path: &str, embed: &Embed) -> PrintPage {
        let chapters = self
            .site
            .chapters
            .iter()
            .map(|chapter| {
                let body = markdown::prefix_ids(&chapter.body_html, &format!("{}--", chapter.slug));
                let body = markdown::shift_headings(&body);
                let prefix = format!("print-{}", chapter.slug);
                let body_html = shortcodes::expand(&body, |shortcode, occurrence| {
                    embed(self.fragment(
                        shortcode,
                        path,
                        fragment_id(&prefix, shortcode, occurrence),
                    ))
                });
                PrintedChapter {
                    slug: chapter.slug.clone(),
                    title: chapter.title.clone(),
                    anchor: format!("chapter-{}", chapter.slug),
                    body_html,
                }
            })
            .collect();
        PrintPage {
            base: Base::new(
                path,
                "handbook-print",
                "handbook",
                self.labels.strings.get("handbook.print"),
            ),
            chapters,
        }
    }
}
