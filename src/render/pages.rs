//! Every page of the site: which template, at which path, with which context.

use std::collections::BTreeMap;
use std::sync::Mutex;

use rayon::prelude::*;
use serde::Serialize;
use tera::{Context, Tera};

use crate::Failure;
use crate::analysis::Portfolio;
use crate::analysis::scores::Quadrant;
use crate::content::model::{Site, Stage};
use crate::content::shortcodes;
use crate::diagnostics::Diagnostic;
use crate::output::Staging;
use crate::render::charts::{self, ChartView};
use crate::render::templates;
use crate::render::theme::Theme;
use crate::render::views::{self, AccountAlerts, AccountRow, DueView, Labels};

#[derive(Serialize)]
struct SiteView<'a> {
    title: &'a str,
    language: &'static str,
    currency: &'a str,
    today: String,
    today_iso: String,
    reference_year: Option<i32>,
    generator: String,
    footer: String,
}

#[derive(Serialize, Clone)]
struct Count {
    key: String,
    label: String,
    count: usize,
    url: String,
}

#[derive(Serialize, Clone)]
struct ChapterLink {
    slug: String,
    title: String,
    url: String,
    summary: Option<String>,
}

/// Collects what goes wrong while pages render in parallel: a template error is reported
/// once per template (not once per account page), a write error stops the build.
#[derive(Default)]
struct Problems {
    diagnostics: Mutex<BTreeMap<String, Diagnostic>>,
    io: Mutex<Option<String>>,
}

impl Problems {
    fn record(&self, failure: Failure) {
        match failure {
            Failure::Site(diagnostics) => {
                if let Ok(mut map) = self.diagnostics.lock() {
                    for diagnostic in diagnostics {
                        map.entry(diagnostic.path.display().to_string())
                            .or_insert(diagnostic);
                    }
                }
            }
            Failure::Io(message) => {
                if let Ok(mut slot) = self.io.lock() {
                    slot.get_or_insert(message);
                }
            }
        }
    }

    fn into_result(self) -> Result<(), Failure> {
        if let Some(message) = self.io.into_inner().ok().flatten() {
            return Err(Failure::Io(message));
        }
        let diagnostics: Vec<Diagnostic> = self
            .diagnostics
            .into_inner()
            .map(|map| map.into_values().collect())
            .unwrap_or_default();
        if diagnostics.is_empty() {
            Ok(())
        } else {
            Err(Failure::Site(diagnostics))
        }
    }
}

/// `../` once per folder between the page and the site root.
fn root_for(path: &str) -> String {
    "../".repeat(path.matches('/').count())
}

struct Renderer<'a> {
    tera: Tera,
    theme: &'a Theme,
    staging: &'a Staging,
    problems: Problems,
    pages: std::sync::atomic::AtomicUsize,
}

impl Renderer<'_> {
    fn page(&self, path: &str, template: &str, mut context: Context) {
        context.insert("root", &root_for(path));
        match templates::render(&self.tera, self.theme, template, &context, path) {
            Ok(html) => match self.staging.write(path, html.as_bytes()) {
                Ok(()) => {
                    self.pages
                        .fetch_add(1, std::sync::atomic::Ordering::Relaxed);
                }
                Err(failure) => self.problems.record(failure),
            },
            Err(diagnostic) => self.problems.record(Failure::Site(vec![diagnostic])),
        }
    }
}

fn base_context(kind: &str, section: &str, title: &str) -> Context {
    let mut context = Context::new();
    context.insert("page_kind", kind);
    context.insert("section", section);
    context.insert("page_title", title);
    context
}

pub fn render_all(
    site: &Site,
    portfolio: &Portfolio,
    theme: &Theme,
    staging: &Staging,
) -> Result<usize, Failure> {
    let config = &site.config;
    let labels = Labels::new(config);
    let strings = labels.strings;
    let format = labels.format;

    let mut globals = Context::new();
    globals.insert(
        "site",
        &SiteView {
            title: &config.title,
            language: config.language.code(),
            currency: &config.currency,
            today: format.date(portfolio.today),
            today_iso: portfolio.today.to_string(),
            reference_year: portfolio.reference_year,
            generator: format!("kam {}", env!("CARGO_PKG_VERSION")),
            footer: strings.fill("footer.today", &[("today", &format.date(portfolio.today))]),
        },
    );
    globals.insert("t", strings.tree());
    let tera = templates::build(theme, globals)?;
    let renderer = Renderer {
        tera,
        theme,
        staging,
        problems: Problems::default(),
        pages: std::sync::atomic::AtomicUsize::new(0),
    };

    // Managers get one page each; two names that slugify alike get distinct slugs.
    let mut manager_slugs: BTreeMap<&str, String> = BTreeMap::new();
    for account in &site.accounts {
        if !manager_slugs.contains_key(account.manager.as_str()) {
            let base = views::manager_slug(&account.manager);
            let mut slug = base.clone();
            let mut counter = 2;
            while manager_slugs.values().any(|taken| *taken == slug) {
                slug = format!("{base}-{counter}");
                counter += 1;
            }
            manager_slugs.insert(&account.manager, slug);
        }
    }
    let manager_url = |name: &str| {
        format!(
            "managers/{}/index.html",
            manager_slugs.get(name).map_or("manager", String::as_str)
        )
    };

    let rows: Vec<AccountRow> = site
        .accounts
        .iter()
        .zip(&portfolio.accounts)
        .map(|(account, analysis)| {
            let mut row = views::account_row(&labels, account, analysis);
            row.manager_url = manager_url(&account.manager);
            row
        })
        .collect();
    let alert_groups: Vec<AccountAlerts> = {
        let mut order: Vec<usize> = portfolio.abc_order.clone();
        order.sort_by_key(|&index| {
            (
                portfolio.accounts[index].plan.rag,
                portfolio.accounts[index].economics.rank,
            )
        });
        order
            .into_iter()
            .filter(|&index| !portfolio.accounts[index].alerts.is_empty())
            .map(|index| AccountAlerts {
                index,
                account: site.accounts[index].name.clone(),
                account_url: rows[index].url.clone(),
                rag: portfolio.accounts[index].plan.rag.key(),
                alerts: views::alerts(&labels, &portfolio.accounts[index]),
            })
            .collect()
    };
    let horizon = portfolio
        .today
        .saturating_add(time::Duration::days(config.plan.due_soon_days));
    let open_actions: Vec<Vec<DueView>> = site
        .accounts
        .iter()
        .zip(&portfolio.accounts)
        .map(|(account, analysis)| views::open_actions(&labels, account, analysis))
        .collect();
    let due_sorted =
        |indices: &mut dyn Iterator<Item = usize>, only_urgent: bool| -> Vec<DueView> {
            let mut list: Vec<DueView> = indices
                .flat_map(|index| open_actions[index].iter().cloned())
                .filter(|item| !only_urgent || item.due_date <= horizon)
                .collect();
            list.sort_by(|a, b| {
                (a.due_date, &a.account, &a.action.title).cmp(&(
                    b.due_date,
                    &b.account,
                    &b.action.title,
                ))
            });
            list
        };
    let by_revenue = |indices: &[usize]| -> Vec<AccountRow> {
        let mut selected: Vec<AccountRow> =
            indices.iter().map(|&index| rows[index].clone()).collect();
        selected.sort_by_key(|row| row.rank);
        selected
    };
    let all_indices: Vec<usize> = (0..site.accounts.len()).collect();
    let chart_cache = charts::Cache::new(site, portfolio, &labels, &rows);

    let quadrant_counts: Vec<Count> = portfolio
        .totals
        .quadrant
        .iter()
        .map(|(quadrant, count)| Count {
            key: quadrant.key().to_string(),
            label: labels.label("quadrant", quadrant.key()),
            count: *count,
            url: views::segment_path(quadrant.key()),
        })
        .collect();

    let urgent = due_sorted(&mut all_indices.iter().copied(), true);
    let stage_counts: Vec<Count> = Stage::ALL
        .iter()
        .map(|(key, stage)| Count {
            key: key.to_string(),
            label: labels.label("stage", key),
            count: site
                .accounts
                .iter()
                .filter(|account| account.stage == *stage)
                .count(),
            url: String::new(),
        })
        .collect();
    let simple = |pairs: Vec<(&'static str, usize)>, group: &str| -> Vec<Count> {
        pairs
            .into_iter()
            .map(|(key, count)| Count {
                key: key.to_string(),
                label: if group.is_empty() {
                    key.to_string()
                } else {
                    labels.label(group, key)
                },
                count,
                url: String::new(),
            })
            .collect()
    };
    let counts = serde_json::json!({
        "quadrant": quadrant_counts,
        "abc": simple(portfolio.totals.abc.iter().map(|(class, count)| (class.key(), *count)).collect(), ""),
        "stage": stage_counts,
        "rag": simple(portfolio.totals.rag.iter().map(|(rag, count)| (rag.key(), *count)).collect(), "rag"),
    });

    // The portfolio page.
    let portfolio_page = || {
        let due = &urgent;
        let mut context = base_context("portfolio", "portfolio", strings.get("portfolio.title"));
        let alert_total: usize = portfolio
            .accounts
            .iter()
            .map(|analysis| analysis.alerts.len())
            .sum();
        let year = portfolio
            .reference_year
            .map_or_else(|| "–".to_string(), |year| year.to_string());
        context.insert(
            "summary",
            &strings.fill(
                "portfolio.summary",
                &[
                    ("count", &site.accounts.len().to_string()),
                    ("revenue", &format.money(portfolio.totals.revenue)),
                    ("year", &year),
                    ("alerts", &alert_total.to_string()),
                    ("due", &due.len().to_string()),
                ],
            ),
        );
        context.insert(
            "due_intro",
            &strings.fill(
                "portfolio.due_intro",
                &[
                    ("days", &config.plan.due_soon_days.to_string()),
                    ("today", &format.date(portfolio.today)),
                ],
            ),
        );
        context.insert(
            "pareto_intro",
            &strings.fill(
                "portfolio.pareto_intro",
                &[
                    ("a", &format.percent(config.segmentation.abc_cutoffs[0])),
                    ("b", &format.percent(config.segmentation.abc_cutoffs[1])),
                ],
            ),
        );
        context.insert(
            "accounts_caption",
            &strings.fill("portfolio.accounts_caption", &[("year", &year)]),
        );
        context.insert("counts", &counts);
        context.insert("rows", &by_revenue(&all_indices));
        context.insert("due", due);
        context.insert("alert_groups", &alert_groups);
        let managers: Vec<Count> = manager_slugs
            .keys()
            .map(|name| Count {
                key: name.to_string(),
                label: name.to_string(),
                count: site
                    .accounts
                    .iter()
                    .filter(|account| account.manager == *name)
                    .count(),
                url: manager_url(name),
            })
            .collect();
        context.insert("managers", &managers);
        let mut charts_map = BTreeMap::new();
        // The table of all accounts holds the matrix's and the Pareto chart's numbers.
        charts_map.insert(
            "matrix",
            chart_cache
                .matrix(&all_indices, "", "matrix-chart")
                .numbers_in("accounts-table"),
        );
        charts_map.insert(
            "pareto",
            chart_cache.pareto("").numbers_in("accounts-table"),
        );
        charts_map.insert("rag", chart_cache.rag_counts("rag-chart"));
        context.insert("charts", &charts_map);
        renderer.page("index.html", "index.html", context);
    };

    // A group of accounts (a quadrant, a manager's): its table, open actions and alerts.
    let insert_group = |context: &mut Context, indices: &[usize]| {
        let mut member = vec![false; site.accounts.len()];
        for &index in indices {
            member[index] = true;
        }
        context.insert("rows", &by_revenue(indices));
        context.insert("due", &due_sorted(&mut indices.iter().copied(), false));
        let group_alerts: Vec<&AccountAlerts> = alert_groups
            .iter()
            .filter(|group| member[group.index])
            .collect();
        context.insert("alert_groups", &group_alerts);
    };

    // One page per quadrant.
    let segment_pages = || {
        Quadrant::ALL.par_iter().for_each(|&quadrant| {
            let key = quadrant.key();
            let indices: Vec<usize> = all_indices
                .iter()
                .copied()
                .filter(|&index| portfolio.accounts[index].scores.quadrant == quadrant)
                .collect();
            let label = labels.label("quadrant", key);
            let mut context = base_context("segment", "portfolio", &label);
            context.insert(
                "quadrant",
                &serde_json::json!({
                    "key": key,
                    "label": label,
                    "help": labels.label("quadrant_help", key),
                    "count": indices.len(),
                }),
            );
            context.insert("quadrants", &quadrant_counts);
            insert_group(&mut context, &indices);
            context.insert(
                "accounts_caption",
                &strings.fill("segment.caption", &[("quadrant", &label)]),
            );
            let mut charts_map = BTreeMap::new();
            charts_map.insert(
                "matrix",
                chart_cache
                    .matrix(&indices, "../../", "matrix-chart")
                    .numbers_in("accounts-table"),
            );
            context.insert("charts", &charts_map);
            renderer.page(&views::segment_path(key), "segment.html", context);
        })
    };

    // One page per key account manager.
    let manager_pages = || {
        manager_slugs.par_iter().for_each(|(name, slug)| {
            let indices: Vec<usize> = all_indices
                .iter()
                .copied()
                .filter(|&index| site.accounts[index].manager == *name)
                .collect();
            let mut context = base_context("manager", "portfolio", name);
            let revenue: crate::amount::Amount = indices
                .iter()
                .map(|&index| portfolio.accounts[index].economics.revenue)
                .sum();
            context.insert(
                "manager",
                &serde_json::json!({
                    "name": name,
                    "slug": slug,
                    "summary": strings.fill("manager.summary", &[
                        ("count", &indices.len().to_string()),
                        ("revenue", &format.money(revenue)),
                    ]),
                }),
            );
            insert_group(&mut context, &indices);
            context.insert(
                "accounts_caption",
                &strings.fill("manager.caption", &[("name", name)]),
            );
            renderer.page(
                &format!("managers/{slug}/index.html"),
                "manager.html",
                context,
            );
        })
    };

    // Account briefings, in parallel.
    let account_pages = || {
        site.accounts
            .par_iter()
            .zip(portfolio.accounts.par_iter())
            .enumerate()
            .for_each(|(index, (account, analysis))| {
                let mut view =
                    views::account_view(&labels, account, analysis, portfolio.reference_year);
                view.row.manager_url = manager_url(&account.manager);
                let mut context = base_context("account", "portfolio", &account.name);
                context.insert("position_text", &account_position_text(&labels, &view));
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
                let mut charts_map: BTreeMap<&str, ChartView> = BTreeMap::new();
                charts_map.insert("scores", chart_cache.scores(index));
                charts_map.insert("position", chart_cache.position(index));
                charts_map.insert("history", chart_cache.history(index));
                charts_map.insert("progress", chart_cache.progress(index));
                context.insert("charts", &charts_map);
                context.insert("account", &view);
                renderer.page(&views::account_path(&account.slug), "account.html", context);
            })
    };

    // Pages are independent; the big ones (portfolio, segments) render beside the accounts.
    rayon::join(
        || rayon::join(portfolio_page, segment_pages),
        || rayon::join(manager_pages, account_pages),
    );

    // The handbook.
    let chapter_links: Vec<ChapterLink> = site
        .chapters
        .iter()
        .map(|chapter| ChapterLink {
            slug: chapter.slug.clone(),
            title: chapter.title.clone(),
            url: format!("handbook/{}/index.html", chapter.slug),
            summary: None,
        })
        .collect();
    let factor_tables: Vec<serde_json::Value> = [
        ("account.attractiveness", &config.segmentation.attractiveness_weights, config.segmentation.attractiveness_cutoff),
        ("account.strength", &config.segmentation.strength_weights, config.segmentation.strength_cutoff),
    ]
    .iter()
    .map(|(key, factors, cutoff)| {
        let total: f64 = factors.iter().map(|factor| factor.weight).sum();
        serde_json::json!({
            "caption": strings.get(key),
            "cutoff": labels.score(*cutoff),
            "factors": factors.iter().map(|factor| serde_json::json!({
                "name": views::factor_label(&factor.name),
                "weight": format.number(factor.weight, if factor.weight.fract() == 0.0 { 0 } else { 2 }),
                "share": format.percent(if total > 0.0 { factor.weight / total } else { 0.0 }),
            })).collect::<Vec<_>>(),
        })
    })
    .collect();
    // Live data inside a chapter: `id` keeps ids unique when several chapters share the
    // print page.
    let shortcode = |name: &str, occurrence: usize, root: &str, id: &str| -> String {
        let mut context = Context::new();
        context.insert("root", root);
        let id = format!("{id}-{name}-{occurrence}");
        let template = match name {
            "matrix" => {
                context.insert("chart", &chart_cache.matrix(&all_indices, root, &id));
                "partials/chart.html"
            }
            "pareto" => {
                context.insert("chart", &chart_cache.pareto(&id));
                "partials/chart.html"
            }
            "counts" => {
                context.insert("counts", &counts);
                "partials/shortcode_counts.html"
            }
            "factors" => {
                context.insert("factor_tables", &factor_tables);
                "partials/shortcode_factors.html"
            }
            _ => {
                context.insert("due", &urgent);
                context.insert("due_id", &id);
                context.insert("due_caption", strings.get("plan.due_caption"));
                "partials/due_list.html"
            }
        };
        match templates::render(
            &renderer.tera,
            theme,
            template,
            &context,
            "a handbook chapter",
        ) {
            Ok(html) => html,
            Err(diagnostic) => {
                renderer.problems.record(Failure::Site(vec![diagnostic]));
                String::new()
            }
        }
    };
    {
        let mut context = base_context("handbook", "handbook", strings.get("handbook.title"));
        context.insert("chapters", &chapter_links);
        renderer.page("handbook/index.html", "handbook_index.html", context);
    }
    for (index, chapter) in site.chapters.iter().enumerate() {
        let path = format!("handbook/{}/index.html", chapter.slug);
        let mut context = base_context("chapter", "handbook", &chapter.title);
        let toc: Vec<_> = chapter
            .headings
            .iter()
            .filter(|heading| (2..=3).contains(&heading.level))
            .collect();
        context.insert(
            "chapter",
            &serde_json::json!({
                "slug": chapter.slug,
                "title": chapter.title,
                "body_html": shortcodes::expand(&chapter.body_html, |name, occurrence| {
                    shortcode(name, occurrence, &root_for(&path), &chapter.slug)
                }),
                "toc": toc,
            }),
        );
        context.insert("chapters", &chapter_links);
        context.insert(
            "previous",
            &index
                .checked_sub(1)
                .and_then(|previous| chapter_links.get(previous)),
        );
        context.insert("next", &chapter_links.get(index + 1));
        renderer.page(&path, "chapter.html", context);
    }
    {
        let path = "handbook/print/index.html";
        let mut context = base_context("handbook-print", "handbook", strings.get("handbook.print"));
        let printed: Vec<serde_json::Value> = site
            .chapters
            .iter()
            .map(|chapter| {
                let anchor = format!("chapter-{}", chapter.slug);
                let body =
                    crate::markdown::prefix_ids(&chapter.body_html, &format!("{}--", chapter.slug));
                let body = crate::markdown::shift_headings(&body);
                let body = shortcodes::expand(&body, |name, occurrence| {
                    shortcode(
                        name,
                        occurrence,
                        &root_for(path),
                        &format!("print-{}", chapter.slug),
                    )
                });
                serde_json::json!({
                    "slug": chapter.slug,
                    "title": chapter.title,
                    "anchor": anchor,
                    "body_html": body,
                })
            })
            .collect();
        context.insert("chapters", &printed);
        renderer.page(path, "handbook_print.html", context);
    }

    renderer.page(
        "404.html",
        "404.html",
        base_context("not-found", "", strings.get("not_found.title")),
    );

    {
        let base = if config.base_url.ends_with('/') {
            config.base_url.clone()
        } else {
            format!("{}/", config.base_url)
        };
        let mut urls = vec![base.clone(), format!("{base}handbook/")];
        urls.extend(
            Quadrant::ALL
                .iter()
                .map(|quadrant| format!("{base}segments/{}/", quadrant.key())),
        );
        urls.extend(
            manager_slugs
                .values()
                .map(|slug| format!("{base}managers/{slug}/")),
        );
        urls.extend(
            site.accounts
                .iter()
                .map(|account| format!("{base}accounts/{}/", account.slug)),
        );
        urls.extend(
            site.chapters
                .iter()
                .map(|chapter| format!("{base}handbook/{}/", chapter.slug)),
        );
        let mut context = Context::new();
        context.insert("urls", &urls);
        match templates::render(
            &renderer.tera,
            theme,
            "sitemap.xml",
            &context,
            "sitemap.xml",
        ) {
            Ok(xml) => {
                if let Err(failure) = staging.write("sitemap.xml", xml.as_bytes()) {
                    renderer.problems.record(failure);
                }
            }
            Err(diagnostic) => renderer.problems.record(Failure::Site(vec![diagnostic])),
        }
    }

    let pages = renderer.pages.load(std::sync::atomic::Ordering::Relaxed);
    renderer.problems.into_result()?;
    Ok(pages)
}

fn account_position_text(labels: &Labels, view: &views::AccountView) -> String {
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
