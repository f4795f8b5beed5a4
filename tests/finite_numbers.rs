//! Numbers that overflow (SPEC v2 §2, §3): money beyond ±10^15, more than 18 significant
//! digits and weights beyond 1,000,000 are load errors at their position, and whatever the
//! loader accepts, nothing NaN or infinite reaches the analysis, the pages or the JSON.

mod common;

use common::*;
use kam::analysis::AccountAnalysis;
use kam::config::parse as parse_config;
use kam::content::account;
use kam::diagnostics::SourceFile;
use predicates::prelude::*;
use proptest::prelude::*;

fn account_text(years: &[(i32, String, String, String)]) -> String {
    let mut text = String::from(
        "+++\nname = \"X\"\nmanager = \"M\"\nstage = \"basic\"\n[attractiveness]\na = 7\nb = 3\n[strength]\nc = 5\n",
    );
    for (year, revenue, margin, wallet) in years {
        text.push_str(&format!(
            "[[years]]\nyear = {year}\nrevenue = {revenue}\ngross_margin = {margin}\nwallet = {wallet}\n"
        ));
    }
    text.push_str("+++\n");
    text
}

fn config_text(a: &str, b: &str, c: &str) -> String {
    format!(
        "title = \"T\"\n[segmentation.attractiveness_weights]\na = {a}\nb = {b}\n[segmentation.strength_weights]\nc = {c}\n"
    )
}

/// Whether text shows `inf`, `NaN` or `∞` as a word of its own ("influencer" is fine).
fn shows_non_finite(text: &str) -> bool {
    ["inf", "NaN", "∞"].iter().any(|word| {
        text.match_indices(word).any(|(start, _)| {
            let before = text[..start].chars().next_back();
            let after = text[start + word.len()..].chars().next();
            !before.is_some_and(char::is_alphabetic) && !after.is_some_and(char::is_alphabetic)
        })
    })
}

fn assert_finite(analysis: &AccountAnalysis) {
    let scores = &analysis.scores;
    let economics = &analysis.economics;
    let mut values: Vec<f64> = scores
        .attractiveness
        .into_iter()
        .chain(scores.strength)
        .collect();
    values.extend([
        economics.revenue.as_f64(),
        economics.revenue_share,
        economics.cumulative_share,
    ]);
    for part in scores
        .attractiveness_parts
        .iter()
        .chain(&scores.strength_parts)
    {
        values.extend([part.score, part.weight, part.contribution]);
    }
    values.extend(economics.growth);
    values.extend(economics.gross_margin_pct);
    values.extend(economics.share_of_wallet);
    values.extend(economics.net_contribution.map(|amount| amount.as_f64()));
    for value in values {
        assert!(value.is_finite(), "{value} in {analysis:#?}");
    }
}

/// A decimal as a user might write it: any mantissa, any exponent f64 can parse.
fn number() -> impl Strategy<Value = String> {
    prop_oneof![
        (1u64..=999_999, -330i32..=330, any::<bool>()).prop_map(
            |(mantissa, exponent, negative)| {
                format!("{}{mantissa}e{exponent}", if negative { "-" } else { "" })
            }
        ),
        Just("1.7e308".to_string()),
        Just("1e-300".to_string()),
        Just("1e300".to_string()),
        Just("1_000_000_000_000_000".to_string()),
        Just("9_223_372_036_854_775_807".to_string()),
        Just("0.1234567890123456789".to_string()),
        (0i64..=2_000_000).prop_map(|n| n.to_string()),
    ]
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    #[test]
    fn whatever_loads_analyses_to_finite_numbers(
        weights in (number(), number(), number()),
        years in proptest::collection::vec((number(), number(), number()), 1..=3),
    ) {
        let config = parse_config(
            &SourceFile::new("kam.toml", config_text(&weights.0, &weights.1, &weights.2)),
            &|_| false,
        );
        let rows: Vec<_> = years
            .into_iter()
            .enumerate()
            .map(|(index, (revenue, margin, wallet))| (2023 + index as i32, revenue, margin, wallet))
            .collect();
        let file = SourceFile::new("content/accounts/x.md", account_text(&rows));
        let Ok(config) = config else { return Ok(()) };
        let Ok(loaded) = account::parse(&file, "x", &config) else {
            return Ok(());
        };
        for factor in config
            .segmentation
            .attractiveness_weights
            .iter()
            .chain(&config.segmentation.strength_weights)
        {
            prop_assert!(
                factor.weight > rust_decimal::Decimal::ZERO
                    && factor.weight <= rust_decimal::Decimal::from(1_000_000)
            );
        }
        for year in &loaded.years {
            for amount in [Some(year.revenue), year.gross_margin].into_iter().flatten().chain(year.wallet) {
                prop_assert!(amount.as_f64().abs() <= 1e15);
            }
        }
        let second = account::parse(&file, "y", &config).expect("same text loads");
        let (accounts, portfolio) = analyse(vec![loaded, second], &config);
        for analysis in &portfolio.accounts {
            assert_finite(analysis);
        }
        let accounts = common::shared(&accounts);
        let json = kam::view::json::to_json(&accounts, &portfolio, &config, None);
        prop_assert!(!shows_non_finite(&json), "{}", json);
        // Written account by account and spliced, as serve does, it is the same text.
        let memo = kam::view::json::Memo::default();
        let spliced = kam::view::json::to_json(&accounts, &portfolio, &config, Some(&memo));
        prop_assert_eq!(spliced, json);
    }
}

#[test]
fn overflowing_money_and_weights_are_errors_at_their_position() {
    let config = parse_config(
        &SourceFile::new("kam.toml", config_text("1e308", "1.7e308", "1_000_001")),
        &|_| false,
    )
    .expect_err("weights beyond 1,000,000");
    let positions: Vec<_> = config.iter().map(|d| (d.line, d.column)).collect();
    assert_eq!(positions, [(3, 5), (4, 5), (6, 5)], "{config:#?}");

    let site_config = parse_config(
        &SourceFile::new("kam.toml", config_text("1", "1", "1")),
        &|_| false,
    )
    .expect("valid");
    let file = SourceFile::new(
        "content/accounts/x.md",
        account_text(&[
            (2024, "1.7e308".into(), "-1.7e308".into(), "1e300".into()),
            (
                2025,
                "1_000_000_000_000_001".into(),
                "0.1234567890123456789".into(),
                "1e15".into(),
            ),
        ]),
    );
    let errors = account::parse(&file, "x", &site_config).expect_err("out of bounds");
    let messages: Vec<_> = errors
        .iter()
        .map(|d| format!("{}:{}: {}", d.line, d.column, d.message))
        .collect();
    assert_eq!(
        messages,
        [
            "12:11: `revenue` is outside ±10^15",
            "13:16: `gross_margin` is outside ±10^15",
            "14:10: `wallet` is outside ±10^15",
            "17:11: `revenue` is outside ±10^15",
            "18:16: `gross_margin` has more than 18 significant digits",
        ]
    );
}

#[test]
fn growth_too_large_for_f64_reaches_no_page() {
    let site = copy_fixture("happy");
    let root = site.path();
    let account =
        std::fs::read_to_string(root.join("content/accounts/gamma-skog.md")).expect("read");
    std::fs::write(
        root.join("content/accounts/gamma-skog.md"),
        account.replacen(
            "+++\nNy kund.",
            "[[years]]\nyear = 2024\nrevenue = 1e-27\ngross_margin = 1e-27\nwallet = 1e-27\n\n[[years]]\nyear = 2025\nrevenue = 1e15\ngross_margin = -1e15\nwallet = 1e-27\n+++\nNy kund.",
            1,
        ),
    )
    .expect("write");
    let output = root.join("public");
    build(root, &output);
    for (path, text) in html_pages(&output) {
        assert!(!shows_non_finite(&text), "{path} shows a non-finite number");
    }
    let json = std::fs::read_to_string(output.join("data/portfolio.json")).expect("json");
    assert!(!shows_non_finite(&json));
    kam()
        .args(["check", "--root"])
        .arg(root)
        .assert()
        .success()
        .stdout(predicate::str::contains("no problems"));
}
