//! The charts of a small Swedish fixture portfolio: snapshots of every SVG, and the
//! properties every chart must have (well-formed XML, title and desc first, prefixed ids,
//! å/ä/ö in the text, same bytes every time and from many threads).
//!
//! `KAM_CHART_PREVIEW=/some/dir cargo test --test charts preview` also writes the charts
//! as files and as one HTML page, to look at in a browser.

use kam::charts::*;
use kam::config::Language;
use kam::i18n::Format;
use rayon::prelude::*;

const SV: Format<'static> = Format {
    language: Language::Sv,
    currency: "SEK",
};

fn meta(id: &str, title: &str) -> Meta {
    Meta {
        id: id.to_string(),
        title: title.to_string(),
        desc: format!("{title}: beskrivning för skärmläsare."),
        no_data: "Det finns inga uppgifter att visa.".to_string(),
    }
}

fn point(
    label: &str,
    slug: &str,
    a: f64,
    s: f64,
    revenue: f64,
    forecast: Option<(f64, f64)>,
) -> MatrixPoint {
    MatrixPoint {
        label: label.to_string(),
        href: Some(format!("accounts/{slug}/")),
        attractiveness: a,
        strength: s,
        revenue,
        forecast,
    }
}

fn portfolio() -> Vec<MatrixPoint> {
    vec![
        point(
            "Norrskog Kartong AB",
            "norrskog-kartong",
            7.15,
            6.55,
            41_500_000.0,
            Some((8.0, 7.5)),
        ),
        point(
            "Åhléns & Co",
            "ahlens-co",
            6.2,
            3.1,
            18_000_000.0,
            Some((6.8, 4.9)),
        ),
        point(
            "Malmö Stad – Nord",
            "malmo-stad-nord",
            3.4,
            7.8,
            25_000_000.0,
            None,
        ),
        point(
            "Göteborgs Hamn",
            "goteborgs-hamn",
            2.1,
            2.6,
            6_400_000.0,
            Some((1.8, 2.0)),
        ),
        point(
            "Älvsbyhus <Norr>",
            "alvsbyhus-norr",
            8.6,
            8.9,
            12_300_000.0,
            None,
        ),
        point("Östra Kraft", "ostra-kraft", 5.0, 5.0, 0.0, None),
    ]
}

fn many_points(n: usize) -> Vec<MatrixPoint> {
    (0..n)
        .map(|i| {
            let a = ((i * 37 + 11) % 101) as f64 / 10.0;
            let s = ((i * 53 + 7) % 101) as f64 / 10.0;
            let revenue = 1e9 / (1.0 + i as f64).powf(1.3);
            let forecast = (i % 7 == 0).then(|| ((a + 1.5).min(10.0), (s + 1.0).min(10.0)));
            point(
                &format!("Kund {i} Ökad Försäljning AB"),
                &format!("kund-{i}"),
                a,
                s,
                revenue,
                forecast,
            )
        })
        .collect()
}

fn matrix_input(
    points: &[MatrixPoint],
    highlight: Option<usize>,
    compact: bool,
) -> MatrixInput<'_> {
    MatrixInput {
        meta: meta(
            if compact { "position" } else { "matrix" },
            "Kundportföljen",
        ),
        format: SV,
        x_label: "Styrka".to_string(),
        y_label: "Attraktivitet".to_string(),
        size_label: "Omsättning 2025".to_string(),
        forecast_label: "Prognos om tre år".to_string(),
        quadrant_labels: [
            "Strategiska".into(),
            "Stjärnor".into(),
            "Status".into(),
            "Effektivisera".into(),
        ],
        attractiveness_cutoff: 5.0,
        strength_cutoff: 5.0,
        points,
        highlight,
        compact,
    }
}

fn pareto_accounts(points: &[MatrixPoint]) -> Vec<ParetoAccount> {
    let mut order: Vec<&MatrixPoint> = points.iter().collect();
    order.sort_by(|a, b| b.revenue.total_cmp(&a.revenue).then(a.label.cmp(&b.label)));
    let total: f64 = order.iter().map(|p| p.revenue).sum();
    let mut before = 0.0;
    order
        .iter()
        .map(|p| {
            let share_before = if total > 0.0 { before / total } else { 1.0 };
            before += p.revenue;
            ParetoAccount {
                label: p.label.clone(),
                revenue: p.revenue,
                cumulative_share: if total > 0.0 { before / total } else { 0.0 },
                class: if share_before < 0.8 {
                    Abc::A
                } else if share_before < 0.95 {
                    Abc::B
                } else {
                    Abc::C
                },
            }
        })
        .collect()
}

fn pareto_input(accounts: &[ParetoAccount]) -> ParetoInput<'_> {
    ParetoInput {
        meta: meta("abc", "ABC-analys"),
        format: SV,
        accounts,
        cutoffs: [0.8, 0.95],
        class_labels: ["A".into(), "B".into(), "C".into()],
        x_label: "Kunder efter omsättning".into(),
        y_label: "Omsättning 2025 (kr)".into(),
        share_label: "Kumulativ andel (%)".into(),
    }
}

fn years() -> Vec<HistoryYear> {
    vec![
        HistoryYear {
            year: 2021,
            revenue: 30_100_000.0,
            gross_margin: 6_900_000.0,
            net_contribution: None,
        },
        HistoryYear {
            year: 2022,
            revenue: 33_000_000.0,
            gross_margin: -1_400_000.0,
            net_contribution: Some(-2_600_000.0),
        },
        HistoryYear {
            year: 2023,
            revenue: 35_900_000.0,
            gross_margin: 7_800_000.0,
            net_contribution: Some(6_500_000.0),
        },
        HistoryYear {
            year: 2024,
            revenue: 38_400_000.0,
            gross_margin: 8_900_000.0,
            net_contribution: Some(7_800_000.0),
        },
        HistoryYear {
            year: 2025,
            revenue: 41_500_000.0,
            gross_margin: 9_800_000.0,
            net_contribution: Some(8_600_000.0),
        },
    ]
}

fn history_input(years: &[HistoryYear]) -> HistoryInput<'_> {
    HistoryInput {
        meta: meta("history", "Omsättning och marginal"),
        format: SV,
        years,
        revenue_label: "Omsättning".into(),
        margin_label: "Bruttomarginal".into(),
        contribution_label: "Nettobidrag efter betjäningskostnad".into(),
        y_label: "Belopp (kr)".into(),
    }
}

fn factor(label: &str, score: f64, weight: f64, total: f64) -> ScoreFactor {
    ScoreFactor {
        label: label.into(),
        score,
        weight,
        contribution: weight * score / total,
    }
}

fn score_bars() -> Vec<ScoreBar> {
    vec![
        ScoreBar {
            label: "Attraktivitet".into(),
            value: 7.15,
            cutoff: 5.0,
            factors: vec![
                factor("Volym", 8.0, 30.0, 100.0),
                factor("Tillväxt", 6.0, 25.0, 100.0),
                factor("Marginal", 5.0, 20.0, 100.0),
                factor("Strategisk passform", 9.0, 25.0, 100.0),
            ],
        },
        ScoreBar {
            label: "Styrka".into(),
            value: 6.55,
            cutoff: 5.5,
            factors: vec![
                factor("Produkt", 7.0, 30.0, 100.0),
                factor("Service", 6.0, 25.0, 100.0),
                factor("Pris", 4.0, 15.0, 100.0),
                factor("Relation", 8.0, 30.0, 100.0),
            ],
        },
    ]
}

fn score_input(bars: &[ScoreBar]) -> ScoreInput<'_> {
    ScoreInput {
        meta: meta("scores", "Poängens delar"),
        format: SV,
        bars,
        cutoff_label: "Gräns".into(),
    }
}

fn objectives() -> Vec<ObjectiveProgress> {
    vec![
        ObjectiveProgress {
            label: "Förstahandsleverantör av vätskekartong".into(),
            done: 2,
            counted: 5,
            note: Some("Försenat".into()),
        },
        ObjectiveProgress {
            label: "Gemensam provkörning i Gävle".into(),
            done: 3,
            counted: 3,
            note: Some("Uppnått".into()),
        },
        ObjectiveProgress {
            label: "Nytt ramavtal för 2027–2029".into(),
            done: 0,
            counted: 0,
            note: None,
        },
    ]
}

fn progress_input(objectives: &[ObjectiveProgress]) -> ProgressInput<'_> {
    ProgressInput {
        meta: meta("plan", "Handlingsplanen"),
        format: SV,
        objectives,
        no_actions: "Inga aktiviteter ännu".into(),
    }
}

fn rag_input(counts: [usize; 4]) -> RagInput<'static> {
    RagInput {
        meta: meta("rag", "Planstatus i portföljen"),
        format: SV,
        labels: [
            "Röd".into(),
            "Gul".into(),
            "Grön".into(),
            "Ingen plan".into(),
        ],
        counts,
    }
}

/// Every chart of the fixture, by name.
fn all_charts() -> Vec<(&'static str, String)> {
    let points = portfolio();
    let accounts = pareto_accounts(&points);
    let years = years();
    let bars = score_bars();
    let objectives = objectives();
    vec![
        (
            "matrix",
            portfolio_matrix(&matrix_input(&points, None, false)),
        ),
        (
            "matrix_highlight",
            portfolio_matrix(&matrix_input(&points, Some(1), true)),
        ),
        ("pareto", pareto(&pareto_input(&accounts))),
        ("history", account_history(&history_input(&years))),
        ("scores", score_breakdown(&score_input(&bars))),
        ("progress", plan_progress(&progress_input(&objectives))),
        ("rag", rag_counts(&rag_input([2, 5, 9, 1]))),
        ("no_data", portfolio_matrix(&matrix_input(&[], None, false))),
    ]
}

#[test]
fn snapshots() {
    for (name, svg) in all_charts() {
        insta::assert_snapshot!(name, svg);
    }
}

/// Parses as XML and checks what every chart promises.
fn check(name: &str, svg: &str) {
    let document =
        roxmltree::Document::parse(svg).unwrap_or_else(|error| panic!("{name}: {error}"));
    let root = document.root_element();
    assert_eq!(root.tag_name().name(), "svg", "{name}");
    assert_eq!(
        root.tag_name().namespace(),
        Some("http://www.w3.org/2000/svg"),
        "{name}"
    );
    assert!(root.attribute("viewBox").is_some(), "{name}: viewBox");
    let children: Vec<_> = root.children().filter(|node| node.is_element()).collect();
    assert_eq!(
        children[0].tag_name().name(),
        "title",
        "{name}: title first"
    );
    assert_eq!(children[1].tag_name().name(), "desc", "{name}: desc second");
    assert!(
        !children[0].text().unwrap_or("").is_empty(),
        "{name}: title text"
    );
    let title_id = children[0].attribute("id").unwrap_or("");
    let desc_id = children[1].attribute("id").unwrap_or("");
    assert_eq!(root.attribute("aria-labelledby"), Some(title_id), "{name}");
    assert_eq!(root.attribute("aria-describedby"), Some(desc_id), "{name}");
    let prefix = title_id.trim_end_matches("-title");
    let has_links = document
        .descendants()
        .any(|node| node.tag_name().name() == "a");
    assert_eq!(
        root.attribute("role"),
        Some(if has_links { "group" } else { "img" }),
        "{name}: role"
    );
    for node in document.descendants().filter(|node| node.is_element()) {
        if let Some(id) = node.attribute("id") {
            assert!(
                id.starts_with(&format!("{prefix}-")),
                "{name}: id {id} lacks the prefix {prefix}"
            );
        }
        if node.tag_name().name() == "a" {
            assert!(
                node.attribute("href").is_some_and(|href| !href.is_empty()),
                "{name}: link href"
            );
            assert!(
                node.attribute("aria-label")
                    .is_some_and(|label| !label.is_empty()),
                "{name}: link name"
            );
        }
        for attribute in node.attributes() {
            let value = attribute.value();
            assert!(
                !value.contains("NaN") && !value.contains("inf"),
                "{name}: {}={value}",
                attribute.name()
            );
            // Fixed formatting: no float noise like 13.000000000000002 anywhere.
            let long_fraction =
                value
                    .split(|c: char| !c.is_ascii_digit() && c != '.')
                    .any(|number| {
                        number
                            .split_once('.')
                            .is_some_and(|(_, fraction)| fraction.len() > 2)
                    });
            assert!(!long_fraction, "{name}: {}={value}", attribute.name());
            if let Some(target) = value.strip_prefix("url(#") {
                let target = target.trim_end_matches(')');
                assert!(
                    document
                        .descendants()
                        .any(|n| n.attribute("id") == Some(target)),
                    "{name}: dangling {value}"
                );
            }
        }
    }
    let ids: Vec<&str> = document
        .descendants()
        .filter_map(|node| node.attribute("id"))
        .collect();
    let mut unique = ids.clone();
    unique.sort_unstable();
    unique.dedup();
    assert_eq!(ids.len(), unique.len(), "{name}: duplicate ids");
    assert!(
        !svg.contains("http://") || svg.matches("http://").count() == 1,
        "{name}: only the namespace URL"
    );
    assert!(!svg.contains("&nbsp;"), "{name}");
}

#[test]
fn every_chart_is_well_formed_and_accessible() {
    for (name, svg) in all_charts() {
        check(name, &svg);
    }
}

#[test]
fn swedish_text_survives() {
    let charts = all_charts();
    let text = |name: &str| {
        charts
            .iter()
            .find(|(n, _)| *n == name)
            .map(|(_, svg)| svg.clone())
            .unwrap_or_default()
    };
    assert!(text("matrix").contains("Älvsbyhus &lt;Norr&gt;"));
    assert!(text("matrix").contains("Åhléns &amp; Co"));
    assert!(text("matrix").contains("href=\"accounts/ahlens-co/\""));
    assert!(text("matrix").contains(">Stjärnor<"));
    assert!(text("matrix").contains("font-family=\"DejaVu Sans, Verdana, sans-serif\""));
    assert!(text("pareto").contains("Kumulativ andel (%)"));
    assert!(text("history").contains("Bruttomarginal"));
    assert!(
        text("history").contains("\u{2212}"),
        "negative values written with a minus sign"
    );
    assert!(text("scores").contains("Strategisk passform"));
    assert!(text("progress").contains("Förstahandsleverantör"));
    assert!(text("rag").contains(">Röd<"));
}

#[test]
fn degenerate_inputs_never_panic() {
    let one = [point("Ensam", "ensam", 5.0, 5.0, 0.0, Some((5.0, 5.0)))];
    let zero: Vec<MatrixPoint> = portfolio()
        .into_iter()
        .map(|p| MatrixPoint { revenue: 0.0, ..p })
        .collect();
    let many = many_points(200);
    let single_year = [HistoryYear {
        year: 2025,
        revenue: 0.0,
        gross_margin: -10.0,
        net_contribution: Some(-20.0),
    }];
    let zero_accounts = pareto_accounts(&zero);
    let charts = [
        ("one", portfolio_matrix(&matrix_input(&one, None, false))),
        (
            "one_compact",
            portfolio_matrix(&matrix_input(&one, Some(0), true)),
        ),
        (
            "zero_revenue",
            portfolio_matrix(&matrix_input(&zero, None, false)),
        ),
        ("many", portfolio_matrix(&matrix_input(&many, None, false))),
        (
            "many_highlight",
            portfolio_matrix(&matrix_input(&many, Some(150), true)),
        ),
        ("pareto_zero", pareto(&pareto_input(&zero_accounts))),
        (
            "pareto_many",
            pareto(&pareto_input(&pareto_accounts(&many))),
        ),
        ("single_year", account_history(&history_input(&single_year))),
        ("no_years", account_history(&history_input(&[]))),
        ("no_scores", score_breakdown(&score_input(&[]))),
        ("no_objectives", plan_progress(&progress_input(&[]))),
        ("rag_zero", rag_counts(&rag_input([0; 4]))),
    ];
    for (name, svg) in &charts {
        check(name, svg);
    }
    assert!(charts[5].1.contains("Det finns inga uppgifter att visa."));
}

#[test]
fn same_bytes_every_time_and_from_many_threads() {
    let once = all_charts();
    let again = all_charts();
    assert_eq!(once, again);
    let parallel: Vec<Vec<(&str, String)>> =
        (0..32).into_par_iter().map(|_| all_charts()).collect();
    for charts in parallel {
        assert_eq!(charts, once);
    }
}

#[test]
fn ids_differ_between_charts_on_one_page() {
    let charts = all_charts();
    let mut ids = Vec::new();
    for (name, svg) in charts.iter().filter(|(name, _)| *name != "no_data") {
        let document =
            roxmltree::Document::parse(svg).unwrap_or_else(|error| panic!("{name}: {error}"));
        ids.extend(
            document
                .descendants()
                .filter_map(|node| node.attribute("id").map(str::to_string)),
        );
    }
    let count = ids.len();
    ids.sort();
    ids.dedup();
    assert_eq!(ids.len(), count);
}

/// Writes the fixture's charts, plus large and degenerate ones, for a person to look at.
#[test]
fn preview() {
    let Some(dir) = std::env::var_os("KAM_CHART_PREVIEW") else {
        return;
    };
    let dir = std::path::PathBuf::from(dir);
    std::fs::create_dir_all(&dir).unwrap_or_else(|error| panic!("{error}"));
    let many = many_points(200);
    let mut charts = all_charts();
    charts.push((
        "matrix_200",
        portfolio_matrix(&matrix_input(&many, None, false)),
    ));
    charts.push((
        "matrix_200_highlight",
        portfolio_matrix(&matrix_input(&many, Some(150), true)),
    ));
    charts.push(("pareto_200", pareto(&pareto_input(&pareto_accounts(&many)))));
    let mut page = String::from(
        "<!DOCTYPE html><html lang=\"sv\"><head><meta charset=\"utf-8\"><meta name=\"viewport\" content=\"width=device-width\"><title>Diagram</title>\
         <style>body{font-family:sans-serif;margin:16px;max-width:760px} svg{max-width:100%;height:auto;display:block;margin:8px 0 24px}</style></head><body>\n",
    );
    for (name, svg) in &charts {
        std::fs::write(dir.join(format!("{name}.svg")), svg)
            .unwrap_or_else(|error| panic!("{error}"));
        page.push_str(&format!("<h2>{name}</h2>\n{svg}\n"));
    }
    page.push_str("</body></html>\n");
    std::fs::write(dir.join("index.html"), page).unwrap_or_else(|error| panic!("{error}"));
}
