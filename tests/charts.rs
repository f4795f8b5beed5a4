//! The charts of a small Swedish fixture portfolio: snapshots of every SVG, and the
//! properties every chart must have (well-formed XML, title and desc first, prefixed ids,
//! å/ä/ö in the text, same bytes every time and from many threads).
//!
//! `cargo test --test charts preview -- --ignored` also writes the charts as files and as
//! one HTML page, to look at in a browser (into `KAM_CHART_PREVIEW` when that is set).

#[path = "common/chart_inputs.rs"]
mod chart_inputs;

use chart_inputs::*;
use kam::charts::*;
use rayon::prelude::*;

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

fn years() -> Vec<HistoryYear> {
    vec![
        HistoryYear {
            year: 2021,
            revenue: 30_100_000.0,
            gross_margin: Some(6_900_000.0),
            net_contribution: None,
        },
        HistoryYear {
            year: 2022,
            revenue: 33_000_000.0,
            gross_margin: Some(-1_400_000.0),
            net_contribution: Some(-2_600_000.0),
        },
        HistoryYear {
            year: 2023,
            revenue: 35_900_000.0,
            gross_margin: Some(7_800_000.0),
            net_contribution: Some(6_500_000.0),
        },
        HistoryYear {
            year: 2024,
            revenue: 38_400_000.0,
            gross_margin: Some(8_900_000.0),
            net_contribution: Some(7_800_000.0),
        },
        HistoryYear {
            year: 2025,
            revenue: 41_500_000.0,
            gross_margin: Some(9_800_000.0),
            net_contribution: Some(8_600_000.0),
        },
    ]
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

/// The fixture portfolio with a knot of accounts around its largest, too close together for
/// every name to sit right beside its bubble.
fn crowded() -> Vec<MatrixPoint> {
    let mut points = portfolio();
    let knot = [
        ("Kiruna Gruv AB", 7.4, 6.9, 9_000_000.0),
        ("Luleå Stål", 6.9, 6.2, 7_500_000.0),
        ("Umeå Energi", 7.6, 6.3, 5_200_000.0),
        ("Skellefteå Kraft", 6.8, 6.8, 4_100_000.0),
        ("Piteå Papper", 7.2, 7.2, 3_300_000.0),
        ("Boden Bygg", 7.0, 5.9, 2_000_000.0),
    ];
    for (name, a, s, revenue) in knot {
        points.push(point(
            name,
            &name.to_lowercase().replace(' ', "-"),
            a,
            s,
            revenue,
            None,
        ));
    }
    points
}

fn crowded_matrix() -> String {
    let points = crowded();
    let mut input = matrix_input(&points, None, false);
    input.meta.id = "matrix-crowded".into();
    portfolio_matrix(&input)
}

/// Every chart of the fixture, by name.
fn all_charts() -> Vec<(&'static str, String)> {
    let points = portfolio();
    let accounts = pareto_accounts(&points);
    let years = years();
    let bars = score_bars();
    let objectives = objectives();
    let chain = chain_accounts(12);
    vec![
        (
            "matrix",
            portfolio_matrix(&matrix_input(&points, None, false)),
        ),
        (
            "matrix_highlight",
            portfolio_matrix(&matrix_input(&points, Some(1), true)),
        ),
        ("matrix_crowded", crowded_matrix()),
        ("pareto", pareto(&pareto_input(&accounts))),
        ("history", account_history(&history_input(&years))),
        ("scores", score_breakdown(&score_input(&bars))),
        ("progress", plan_progress(&progress_input(&objectives))),
        ("rag", rag_counts(&rag_input([2, 5, 9, 1]))),
        ("chain", value_chain(&chain_input(&chain))),
        ("relationship", relationship_map(&relationship_input(3, 3))),
        ("no_data", portfolio_matrix(&matrix_input(&[], None, false))),
    ]
}

/// The `<line>`s of the matrix's leader lines, as (x1, y1, x2, y2).
fn leader_lines(svg: &str) -> Vec<[f64; 4]> {
    let Some(group) = svg.split("class=\"kam-leaders\"").nth(1) else {
        return Vec::new();
    };
    let group = group.split("</g>").next().unwrap_or_default();
    group
        .split("<line ")
        .skip(1)
        .map(|line| {
            let value = |name: &str| -> f64 {
                line.split(&format!("{name}=\""))
                    .nth(1)
                    .and_then(|rest| rest.split('"').next())
                    .and_then(|number| number.parse().ok())
                    .unwrap_or_else(|| panic!("{name} in {line}"))
            };
            [value("x1"), value("y1"), value("x2"), value("y2")]
        })
        .collect()
}

#[test]
fn labels_moved_out_of_a_knot_are_tied_to_their_bubbles() {
    let roomy = portfolio_matrix(&matrix_input(&portfolio(), None, false));
    assert!(
        leader_lines(&roomy).is_empty(),
        "every label fits beside its bubble"
    );
    let knot = crowded_matrix();
    let lines = leader_lines(&knot);
    assert!(!lines.is_empty(), "{knot}");
    for [x1, y1, x2, y2] in lines {
        // Only a label more than its own height (12.5 px type) from the bubble's edge gets a
        // line, which stops 1.5 px short at either end.
        assert!(
            (x2 - x1).hypot(y2 - y1) > 13.75 - 3.0,
            "{x1} {y1} {x2} {y2}"
        );
    }
    // Drawn under the labels, so the labels' halo keeps the text clear.
    let leaders_at = knot.find("kam-leaders").unwrap_or(usize::MAX);
    let labels_at = knot.find("kam-labels").unwrap_or(0);
    assert!(leaders_at < labels_at);
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
        // Only attributes kam computes: names and URLs are the caller's text.
        let computed = node
            .attributes()
            .filter(|attribute| !matches!(attribute.name(), "aria-label" | "href"));
        for attribute in computed {
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
    assert!(text("chain").contains("Sågverk och massabruk"));
    assert!(text("chain").contains(">Butik &amp; Co 0</text>"));
    assert!(text("relationship").contains(">Kontakt 0 Åström · beslutsfattare</text>"));
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
        gross_margin: Some(-10.0),
        net_contribution: Some(-20.0),
    }];
    let zero_accounts = pareto_accounts(&zero);
    let big_chain = chain_accounts(400);
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
        ("chain_aggregated", value_chain(&chain_input(&big_chain))),
        ("chain_empty", value_chain(&chain_input(&[]))),
        ("bow_tie", relationship_map(&relationship_input(1, 4))),
        ("no_contacts", relationship_map(&relationship_input(0, 0))),
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

/// Writes the fixture's charts, plus large and degenerate ones, for a person to look at:
/// one SVG file per chart, `index.html` with all of them inline (add `?grey` to the URL's
/// file name … or open `grey.html` to see them as black-and-white print would), and stub
/// account pages so the matrix links lead somewhere.
///
/// It checks nothing a person would not see better, so it only runs when asked for.
#[test]
#[ignore = "writes charts for a person to look at: `cargo test --test charts preview -- --ignored`, \
            into $KAM_CHART_PREVIEW or else target/tmp/chart-preview"]
fn preview() {
    let dir = std::env::var_os("KAM_CHART_PREVIEW").map_or_else(
        || std::path::Path::new(env!("CARGO_TARGET_TMPDIR")).join("chart-preview"),
        std::path::PathBuf::from,
    );
    let write = |path: &std::path::Path, text: &str| {
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent).unwrap_or_else(|error| panic!("{error}"));
        }
        std::fs::write(path, text).unwrap_or_else(|error| panic!("{error}"));
    };
    let many = many_points(200);
    let many_accounts = pareto_accounts(&many);
    let mut charts = all_charts();
    let mut big = matrix_input(&many, None, false);
    big.meta.id = "matrix-200".into();
    charts.push(("matrix_200", portfolio_matrix(&big)));
    let mut big_position = matrix_input(&many, Some(150), true);
    big_position.meta.id = "position-200".into();
    charts.push(("matrix_200_highlight", portfolio_matrix(&big_position)));
    let mut big_pareto = pareto_input(&many_accounts);
    big_pareto.meta.id = "abc-200".into();
    charts.push(("pareto_200", pareto(&big_pareto)));
    let one = [point(
        "Ensam Kund AB",
        "ensam",
        9.5,
        0.4,
        0.0,
        Some((9.9, 2.0)),
    )];
    let mut single = matrix_input(&one, None, false);
    single.meta.id = "matrix-one".into();
    charts.push(("matrix_one", portfolio_matrix(&single)));
    let one_account = pareto_accounts(
        &one[..0]
            .iter()
            .cloned()
            .chain([MatrixPoint {
                revenue: 5e6,
                ..one[0].clone()
            }])
            .collect::<Vec<_>>(),
    );
    let mut single_pareto = pareto_input(&one_account);
    single_pareto.meta.id = "abc-one".into();
    charts.push(("pareto_one", pareto(&single_pareto)));
    let one_year = [HistoryYear {
        year: 2025,
        revenue: 2_000_000.0,
        gross_margin: Some(-300_000.0),
        net_contribution: Some(-450_000.0),
    }];
    let mut single_year = history_input(&one_year);
    single_year.meta.id = "history-one".into();
    charts.push(("history_one", account_history(&single_year)));
    charts.retain(|(name, _)| *name != "no_data");
    let mut no_data = history_input(&[]);
    no_data.meta.id = "empty".into();
    charts.push(("no_data", account_history(&no_data)));

    let page = |grey: bool| {
        let filter = if grey {
            "main{filter:grayscale(1)}"
        } else {
            ""
        };
        let mut page = format!(
            "<!DOCTYPE html><html lang=\"sv\"><head><meta charset=\"utf-8\"><meta name=\"viewport\" content=\"width=device-width\"><title>Diagram</title>\
             <style>body{{font-family:sans-serif;margin:16px;max-width:760px}} svg{{max-width:100%;height:auto;display:block;margin:8px 0 24px}} {filter}</style></head><body><main><h1>Diagram</h1>\n"
        );
        for (name, svg) in &charts {
            page.push_str(&format!("<h2>{name}</h2>\n{svg}\n"));
        }
        page.push_str("</main></body></html>\n");
        page
    };
    for (name, svg) in &charts {
        write(&dir.join(format!("{name}.svg")), svg);
        let document = roxmltree::Document::parse(svg).unwrap_or_else(|error| panic!("{error}"));
        for href in document
            .descendants()
            .filter_map(|node| node.attribute("href"))
        {
            write(
                &dir.join(href).join("index.html"),
                "<!DOCTYPE html><html lang=\"sv\"><head><meta charset=\"utf-8\"><title>Kund</title></head><body><main><h1>Kund</h1><a href=\"../../index.html\">Tillbaka</a></main></body></html>\n",
            );
        }
    }
    write(&dir.join("index.html"), &page(false));
    write(&dir.join("grey.html"), &page(true));
}

mod properties {
    use super::*;
    use proptest::prelude::*;

    /// Any f64 at all, NaN and infinities included, weighted towards ordinary values.
    fn number() -> impl Strategy<Value = f64> {
        prop_oneof![
            4 => -20.0..20.0f64,
            2 => 0.0..1e12f64,
            1 => proptest::num::f64::ANY,
        ]
    }

    /// Names with markup, entities, control characters and non-Latin letters.
    fn name() -> impl Strategy<Value = String> {
        "[a-zåäöÅÄÖ<>&\"' \u{1}\u{9}\u{7f}\u{2212}→漢]{0,40}"
    }

    fn matrix_point() -> impl Strategy<Value = MatrixPoint> {
        (
            name(),
            number(),
            number(),
            number(),
            proptest::option::of((number(), number())),
        )
            .prop_map(|(label, a, s, revenue, forecast)| MatrixPoint {
                href: Some(format!("accounts/{label}/")),
                label,
                attractiveness: a,
                strength: s,
                revenue,
                forecast,
                trail: None,
            })
    }

    proptest! {
        #![proptest_config(ProptestConfig { cases: 48, ..ProptestConfig::default() })]

        #[test]
        fn any_matrix_is_well_formed(
            points in proptest::collection::vec(matrix_point(), 0..40),
            highlight in proptest::option::of(0usize..50),
            compact: bool,
            cutoffs in (number(), number()),
        ) {
            let mut input = matrix_input(&points, highlight, compact);
            input.attractiveness_cutoff = cutoffs.0;
            input.strength_cutoff = cutoffs.1;
            check("matrix", &portfolio_matrix(&input));
        }

        #[test]
        fn any_history_is_well_formed(
            rows in proptest::collection::vec((1900i32..2100, number(), number(), proptest::option::of(number())), 0..12),
            label in name(),
        ) {
            let years: Vec<HistoryYear> = rows
                .into_iter()
                .map(|(year, revenue, gross_margin, net_contribution)| HistoryYear { year, revenue, gross_margin: Some(gross_margin), net_contribution })
                .collect();
            let mut input = history_input(&years);
            input.margin_label = label;
            check("history", &account_history(&input));
        }

        #[test]
        fn any_pareto_scores_and_progress_are_well_formed(
            rows in proptest::collection::vec((name(), number(), number(), 0usize..3), 0..30),
            factors in proptest::collection::vec((name(), number(), number(), number()), 0..8),
            goals in proptest::collection::vec((name(), 0usize..30, 0usize..30, proptest::option::of(name())), 0..6),
            counts in proptest::array::uniform4(0usize..100_000),
        ) {
            let accounts: Vec<ParetoAccount> = rows
                .into_iter()
                .map(|(label, revenue, cumulative_share, class)| ParetoAccount {
                    label,
                    revenue,
                    cumulative_share,
                    class: [Abc::A, Abc::B, Abc::C][class],
                })
                .collect();
            check("pareto", &pareto(&pareto_input(&accounts)));
            let factors: Vec<ScoreFactor> = factors
                .into_iter()
                .map(|(label, score, weight, contribution)| ScoreFactor { label, score, weight, contribution })
                .collect();
            let bars = [ScoreBar { label: "Attraktivitet".into(), value: 5.0, cutoff: 5.0, factors }];
            check("scores", &score_breakdown(&score_input(&bars)));
            let objectives: Vec<ObjectiveProgress> = goals
                .into_iter()
                .map(|(label, done, counted, note)| ObjectiveProgress { label, done, counted, note })
                .collect();
            check("progress", &plan_progress(&progress_input(&objectives)));
            check("rag", &rag_counts(&rag_input(counts)));
        }

        #[test]
        fn any_chain_and_relationship_map_is_well_formed(
            nodes in proptest::collection::vec(
                (name(), 0usize..6, number(), 0usize..5, proptest::collection::vec((0usize..30, proptest::option::of(name())), 0..4)),
                0..30,
            ),
            contacts in proptest::collection::vec(
                (name(), proptest::option::of(name()), proptest::option::of(0usize..5), proptest::option::of(0usize..5), proptest::option::of(0u8..8)),
                0..12,
            ),
            shape in 0usize..3,
        ) {
            let accounts: Vec<ChainAccount> = nodes
                .into_iter()
                .enumerate()
                .map(|(index, (label, stage, revenue, group, customers))| ChainAccount {
                    key: format!("{index:03}"),
                    href: Some(format!("accounts/{label}/")),
                    label,
                    stage,
                    revenue,
                    group: ChainGroup::ALL[group],
                    sells_to: customers
                        .into_iter()
                        .map(|(other, outside)| match outside {
                            Some(name) => ChainCustomer::Outside(name),
                            None => ChainCustomer::Account(other),
                        })
                        .collect(),
                })
                .collect();
            check("chain", &value_chain(&chain_input(&accounts)));
            let mut input = relationship_input(3, 3);
            input.shape = [RelationshipShape::BowTie, RelationshipShape::Developing, RelationshipShape::Diamond][shape];
            input.contacts = contacts
                .into_iter()
                .map(|(name, role, owner, function, strength)| RelationshipContact { name, role, owner, function, strength })
                .collect();
            check("relationship", &relationship_map(&input));
        }
    }
}
