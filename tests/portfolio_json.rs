//! SPEC §10: `data/portfolio.json`, end to end through the `kam` binary on the
//! `custom-factors` fixture (expected file worked by hand in its WORKINGS.md), and the
//! JSON shape through the library.

mod common;

use std::path::{Path, PathBuf};

use assert_cmd::Command;
use common::{account, analyse, config, day};
use kam::amount::Amount;
use kam::content::model::{FiscalYear, Status};
use kam::view::json::to_json;
use serde_json::Value;

const TOLERANCE: f64 = 1e-12;

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(name)
}

/// Builds a fixture site with the real binary into a fresh folder and returns the text
/// of its data/portfolio.json.
fn build(name: &str) -> String {
    let out = tempfile::tempdir().expect("temporary folder");
    let output = out.path().join("public");
    Command::cargo_bin("kam")
        .expect("kam binary")
        .args(["build", "--quiet", "--root"])
        .arg(fixture(name))
        .arg("--output")
        .arg(&output)
        .env_remove("SOURCE_DATE_EPOCH")
        .assert()
        .success();
    std::fs::read_to_string(output.join("data/portfolio.json")).expect("portfolio.json written")
}

/// Compares `actual` with `expected` field by field and collects every difference.
///
/// - objects: the same keys, each compared;
/// - arrays: the same length, element by element;
/// - numbers: an integer must be the same integer (money is written as given); a float
///   must be a float within 1e-12;
/// - an alert's `message` must be a non-empty string containing the expected text;
/// - anything else must be equal.
fn compare(path: &str, expected: &Value, actual: &Value, differences: &mut Vec<String>) {
    match (expected, actual) {
        (Value::Object(expected), Value::Object(actual)) => {
            for key in expected.keys() {
                if !actual.contains_key(key) {
                    differences.push(format!("{path}.{key}: missing"));
                }
            }
            for key in actual.keys() {
                if !expected.contains_key(key) {
                    differences.push(format!("{path}.{key}: not expected"));
                }
            }
            for (key, value) in expected {
                let Some(other) = actual.get(key) else {
                    continue;
                };
                let child = format!("{path}.{key}");
                if key == "message" && path.contains(".alerts[") {
                    match (value.as_str(), other.as_str()) {
                        (Some(part), Some(text)) if !text.is_empty() && text.contains(part) => {}
                        _ => differences.push(format!(
                            "{child}: expected a message containing {value}, got {other}"
                        )),
                    }
                } else {
                    compare(&child, value, other, differences);
                }
            }
        }
        (Value::Array(expected), Value::Array(actual)) => {
            if expected.len() != actual.len() {
                differences.push(format!(
                    "{path}: expected {} elements, got {}: {}",
                    expected.len(),
                    actual.len(),
                    Value::Array(actual.clone())
                ));
                return;
            }
            for (index, (value, other)) in expected.iter().zip(actual).enumerate() {
                compare(&format!("{path}[{index}]"), value, other, differences);
            }
        }
        (Value::Number(expected), Value::Number(actual)) => {
            if expected.is_f64() {
                let ok = actual.is_f64()
                    && actual
                        .as_f64()
                        .zip(expected.as_f64())
                        .is_some_and(|(a, e)| (a - e).abs() <= TOLERANCE);
                if !ok {
                    differences.push(format!("{path}: expected float {expected}, got {actual}"));
                }
            } else if actual.is_f64() || expected != actual {
                differences.push(format!("{path}: expected integer {expected}, got {actual}"));
            }
        }
        _ => {
            if expected != actual {
                differences.push(format!("{path}: expected {expected}, got {actual}"));
            }
        }
    }
}

fn hand_worked(name: &str) {
    let expected_text =
        std::fs::read_to_string(fixture(&format!("{name}/expected-portfolio.json")))
            .expect("expected-portfolio.json");
    let expected: Value = serde_json::from_str(&expected_text).expect("expected is JSON");
    let actual: Value = serde_json::from_str(&build(name)).expect("output is JSON");
    let mut differences = Vec::new();
    compare("$", &expected, &actual, &mut differences);
    assert!(
        differences.is_empty(),
        "portfolio.json differs from the hand-worked file:\n{}",
        differences.join("\n")
    );
}

#[test]
fn custom_factors_fixture_matches_the_hand_worked_portfolio() {
    hand_worked("custom-factors");
}

#[test]
fn spec_v2_fixture_matches_the_hand_worked_portfolio() {
    // Decimal weights exactly at a cut-off, an ABC bound hit exactly by decimal money,
    // unscored and lost accounts, stale plans, the value chain and every v2 alert.
    hand_worked("spec-v2");
}

#[test]
fn the_comparison_notices_differences() {
    // The comparator itself: integers against floats, tolerance, messages, keys.
    let expected: Value = serde_json::json!({"a": 1, "b": 0.5, "alerts": [{"message": "Title"}]});
    let mut differences = Vec::new();
    compare(
        "$",
        &expected,
        &serde_json::json!({"a": 1, "b": 0.5 + 1e-13, "alerts": [{"message": "x Title y"}]}),
        &mut differences,
    );
    assert!(differences.is_empty(), "{differences:?}");
    for wrong in [
        serde_json::json!({"a": 1.0, "b": 0.5, "alerts": [{"message": "Title"}]}),
        serde_json::json!({"a": 1, "b": 0.5001, "alerts": [{"message": "Title"}]}),
        serde_json::json!({"a": 1, "b": 0.5, "alerts": [{"message": "Other"}]}),
        serde_json::json!({"a": 1, "b": 0.5, "alerts": []}),
        serde_json::json!({"a": 1, "b": 0.5, "c": null, "alerts": [{"message": "Title"}]}),
        serde_json::json!({"a": 1, "alerts": [{"message": "Title"}]}),
    ] {
        let mut differences = Vec::new();
        compare("$", &expected, &wrong, &mut differences);
        assert!(!differences.is_empty(), "{wrong} passed");
    }
}

#[test]
fn two_builds_of_the_fixture_are_byte_identical() {
    assert_eq!(build("custom-factors"), build("custom-factors"));
}

#[test]
fn english_alert_messages_name_the_action_and_objective() {
    let json: Value = serde_json::from_str(&build("custom-factors")).expect("JSON");
    let alerts = |slug: &str| -> Vec<String> {
        json["accounts"]
            .as_array()
            .and_then(|accounts| accounts.iter().find(|a| a["slug"] == slug))
            .and_then(|account| account["alerts"].as_array())
            .map(|alerts| {
                alerts
                    .iter()
                    .map(|alert| alert["message"].as_str().unwrap_or_default().to_string())
                    .collect()
            })
            .unwrap_or_default()
    };
    // The 10 days of alder's overdue action and the 11 of birch's are in the sentence.
    assert!(alerts("alder")[0].contains("10"), "{:?}", alerts("alder"));
    assert!(alerts("birch")[0].contains("11"), "{:?}", alerts("birch"));
}

// ---------------------------------------------------------------------------------------
/// portfolio.json of analysed accounts, parsed.
fn json_of(
    accounts: &[kam::content::model::Account],
    portfolio: &kam::analysis::Portfolio,
) -> Value {
    serde_json::from_str(&to_json(
        &common::shared(accounts),
        portfolio,
        &config(),
        None,
    ))
    .expect("JSON")
}

// The JSON shape through the library
// ---------------------------------------------------------------------------------------

#[test]
fn fields_come_in_the_order_of_spec_section_10_and_nulls_are_written() {
    let (accounts, portfolio) = analyse(vec![account("only").build()], &config());
    let json: Value = json_of(&accounts, &portfolio);
    let top: Vec<&str> = json
        .as_object()
        .expect("object")
        .keys()
        .map(String::as_str)
        .collect();
    assert_eq!(
        top,
        ["today", "reference_year", "currency", "accounts", "totals"]
    );
    let fields: Vec<&str> = json["accounts"][0]
        .as_object()
        .expect("account")
        .keys()
        .map(String::as_str)
        .collect();
    assert_eq!(
        fields,
        [
            "slug",
            "name",
            "manager",
            "url",
            "stage",
            "attractiveness",
            "strength",
            "quadrant",
            "forecast",
            "revenue",
            "revenue_share",
            "cumulative_share",
            "abc",
            "growth",
            "gross_margin_pct",
            "net_contribution",
            "share_of_wallet",
            "whitespace",
            "plan",
            "contact_structure",
            "missing_roles",
            "buyer_view",
            "preference",
            "chain",
            "sells_to",
            "alerts",
        ]
    );
    let plan: Vec<&str> = json["accounts"][0]["plan"]
        .as_object()
        .expect("plan")
        .keys()
        .map(String::as_str)
        .collect();
    assert_eq!(
        plan,
        [
            "rag",
            "progress",
            "overdue",
            "due_soon",
            "blocked",
            "last_reviewed",
            "stale"
        ]
    );
    for nullable in [
        "forecast",
        "growth",
        "gross_margin_pct",
        "net_contribution",
        "share_of_wallet",
        "whitespace",
        "buyer_view",
        "chain",
    ] {
        assert_eq!(json["accounts"][0][nullable], Value::Null, "{nullable}");
    }
    assert_eq!(json["reference_year"], Value::Null);
    assert_eq!(json["accounts"][0]["plan"]["progress"], Value::Null);
    assert_eq!(json["accounts"][0]["plan"]["last_reviewed"], Value::Null);
    assert_eq!(json["accounts"][0]["sells_to"], serde_json::json!([]));
    let totals = &json["totals"];
    let keys = |value: &Value| -> Vec<String> {
        value.as_object().expect("object").keys().cloned().collect()
    };
    assert_eq!(
        keys(totals),
        [
            "revenue",
            "whitespace",
            "quadrant",
            "abc",
            "rag",
            "revenue_by_quadrant",
            "chain"
        ]
    );
    assert_eq!(
        keys(&totals["revenue_by_quadrant"]),
        ["strategic", "star", "status", "streamline", "unscored"]
    );
    assert_eq!(totals["chain"], serde_json::json!([]));
    assert_eq!(
        keys(&totals["quadrant"]),
        ["strategic", "star", "status", "streamline", "unscored"]
    );
    assert_eq!(keys(&totals["abc"]), ["A", "B", "C"]);
    assert_eq!(keys(&totals["rag"]), ["red", "amber", "green", "none"]);
}

#[test]
fn money_is_written_as_given() {
    let accounts = vec![
        account("float")
            .year_row(FiscalYear {
                year: 2025,
                revenue: Amount::Float(1500.5),
                gross_margin: Some(Amount::Float(300.25)),
                cost_to_serve: Amount::Float(0.25),
                wallet: None,
            })
            .build(),
        account("int")
            .year_full(2025, 41_500_000, 9_800_000, 1_200_000, None)
            .build(),
    ];
    let (accounts, portfolio) = analyse(accounts, &config());
    let json: Value = json_of(&accounts, &portfolio);
    let int = &json["accounts"][1];
    assert_eq!(int["slug"], "int");
    assert!(int["revenue"].is_i64() && int["revenue"] == 41_500_000);
    assert!(int["net_contribution"].is_i64() && int["net_contribution"] == 8_600_000);
    let float = &json["accounts"][0];
    assert!(float["revenue"].is_f64() && float["revenue"] == 1500.5);
    assert!(float["net_contribution"].is_f64() && float["net_contribution"] == 300.0);
}

#[test]
fn dates_and_codes_are_written_as_the_spec_spells_them() {
    let accounts = vec![
        account("a")
            .action("late", day(-1), Status::InProgress)
            .build(),
    ];
    let (accounts, portfolio) = analyse(accounts, &config());
    let json: Value = json_of(&accounts, &portfolio);
    assert_eq!(json["today"], "2026-11-27");
    assert_eq!(json["accounts"][0]["url"], "accounts/a/");
    assert_eq!(json["accounts"][0]["contact_structure"], "bow-tie");
    assert_eq!(
        json["accounts"][0]["missing_roles"],
        serde_json::json!(["decider", "influencer", "buyer", "user"])
    );
    assert_eq!(json["accounts"][0]["alerts"][0]["code"], "action_overdue");
    assert_eq!(json["accounts"][0]["plan"]["rag"], "amber");
    // Swedish (the default language) message with the action's title.
    let message = json["accounts"][0]["alerts"][0]["message"]
        .as_str()
        .unwrap_or_default();
    assert!(message.contains("late"), "{message}");
}
