//! Every boundary of SPEC §4–§9, one value on each side, through the public
//! `analysis::analyse` entry point.

mod common;

use common::*;
use kam::amount::{Amount, decimal_of};
use kam::analysis::alerts::Alert;
use kam::analysis::buyer::{BuyerView, Preference};
use kam::analysis::economics::AbcClass;
use kam::analysis::plan::Rag;
use kam::analysis::relationship::ContactStructure;
use kam::analysis::scores::Quadrant;
use kam::content::model::{Account, FiscalYear, Role, Stage, Status};

// ---------------------------------------------------------------------------------------
// §4 Scores
// ---------------------------------------------------------------------------------------

#[test]
fn weighted_score_is_sum_of_weight_times_score_over_sum_of_weights() {
    // Defaults: volume 30, growth 25, margin 20, strategic_fit 25;
    // product 30, service 25, price 15, relationship 30.
    let analysis = one(account("a")
        .scores(&[8.0, 6.0, 5.0, 9.0], &[7.0, 6.0, 4.0, 8.0])
        .build());
    // (240 + 150 + 100 + 225) / 100 = 7.15; (210 + 150 + 60 + 240) / 100 = 6.6
    assert!((analysis.scores.attractiveness.expect("scored") - 7.15).abs() < 1e-12);
    assert!((analysis.scores.strength.expect("scored") - 6.6).abs() < 1e-12);
    assert_eq!(analysis.scores.quadrant, Some(Quadrant::Strategic));
}

#[test]
fn attractiveness_exactly_at_the_cutoff_counts_as_high() {
    // (30·10 + 25·8) / 100 = 5.0 exactly.
    let analysis = one(account("a")
        .scores(&[10.0, 0.0, 0.0, 8.0], &[0.0; 4])
        .build());
    assert_eq!(analysis.scores.attractiveness.expect("scored"), 5.0);
    assert_eq!(analysis.scores.quadrant, Some(Quadrant::Star));
}

#[test]
fn attractiveness_just_below_the_cutoff_counts_as_low() {
    // (300 + 25·7.96) / 100 = 4.99
    let analysis = one(account("a")
        .scores(&[10.0, 0.0, 0.0, 7.96], &[0.0; 4])
        .build());
    assert!(analysis.scores.attractiveness.expect("scored") < 5.0);
    assert!((analysis.scores.attractiveness.expect("scored") - 4.99).abs() < 1e-12);
    assert_eq!(analysis.scores.quadrant, Some(Quadrant::Streamline));
}

#[test]
fn strength_exactly_at_the_cutoff_counts_as_high() {
    // (30·10 + 25·8 + 15·0 + 30·0) / 100 = 5.0 exactly.
    let analysis = one(account("a")
        .scores(&[0.0; 4], &[10.0, 8.0, 0.0, 0.0])
        .build());
    assert_eq!(analysis.scores.strength.expect("scored"), 5.0);
    assert_eq!(analysis.scores.quadrant, Some(Quadrant::Status));
}

#[test]
fn strength_just_below_the_cutoff_counts_as_low() {
    // (150 + 125 + 75 + 30·4.99) / 100 = 4.997
    let analysis = one(account("a")
        .scores(&[6.0; 4], &[5.0, 5.0, 5.0, 4.99])
        .build());
    assert!(analysis.scores.strength.expect("scored") < 5.0);
    assert_eq!(analysis.scores.quadrant, Some(Quadrant::Star));
}

#[test]
fn quadrants_follow_the_table_with_the_sites_own_factors_and_cutoffs() {
    let mut config = config();
    config.segmentation.attractiveness_weights = factors(&[("size", 3.0), ("access", 1.0)]);
    config.segmentation.strength_weights =
        factors(&[("quality", 2.0), ("delivery", 2.0), ("trust", 1.0)]);
    config.segmentation.attractiveness_cutoff = rust_decimal::Decimal::from(6);
    config.segmentation.strength_cutoff = rust_decimal::Decimal::from(4);
    // attractiveness (3·7 + 1·3)/4 = 6.0 exactly; (3·7 + 1·2)/4 = 5.75.
    // strength (2·4 + 2·4 + 1·4)/5 = 4.0 exactly; (2·4 + 2·4 + 1·3)/5 = 3.8.
    let cases = [
        ([7.0, 3.0], [4.0, 4.0, 4.0], Quadrant::Strategic, 6.0, 4.0),
        ([7.0, 3.0], [4.0, 4.0, 3.0], Quadrant::Star, 6.0, 3.8),
        ([7.0, 2.0], [4.0, 4.0, 4.0], Quadrant::Status, 5.75, 4.0),
        ([7.0, 2.0], [4.0, 4.0, 3.0], Quadrant::Streamline, 5.75, 3.8),
    ];
    for (attractiveness, strength, quadrant, a, s) in cases {
        let analysis = one_with(
            account("a").scores(&attractiveness, &strength).build(),
            &config,
        );
        assert_eq!(
            analysis.scores.quadrant,
            Some(quadrant),
            "{attractiveness:?} {strength:?}"
        );
        assert!((analysis.scores.attractiveness.expect("scored") - a).abs() < 1e-12);
        assert!((analysis.scores.strength.expect("scored") - s).abs() < 1e-12);
    }
}

#[test]
fn factor_parts_add_up_to_the_weighted_score() {
    let analysis = one(account("a")
        .scores(&[8.0, 6.0, 5.0, 9.0], &[7.0, 6.0, 4.0, 8.0])
        .build());
    let parts: Vec<f64> = analysis
        .scores
        .attractiveness_parts
        .iter()
        .map(|part| part.contribution)
        .collect();
    assert_eq!(parts.len(), 4);
    assert!((parts[0] - 2.4).abs() < 1e-12);
    assert!(
        (parts.iter().sum::<f64>() - analysis.scores.attractiveness.expect("scored")).abs() < 1e-12
    );
    // The parts come in the order of the axis's factors (product, service, price,
    // relationship), whose names the pages take from kam.toml.
    let scores: Vec<f64> = analysis
        .scores
        .strength_parts
        .iter()
        .map(|part| part.score)
        .collect();
    assert_eq!(scores, [7.0, 6.0, 4.0, 8.0]);
}

#[test]
fn the_forecast_gets_a_quadrant_by_the_same_rule() {
    let at_cutoffs = one(account("a").uniform(1.0, 1.0).forecast(5.0, 5.0).build());
    let forecast = at_cutoffs.forecast.expect("forecast");
    assert_eq!((forecast.attractiveness, forecast.strength), (5.0, 5.0));
    assert_eq!(forecast.quadrant, Quadrant::Strategic);
    assert_eq!(at_cutoffs.scores.quadrant, Some(Quadrant::Streamline));

    let cases = [
        (5.0, 4.99, Quadrant::Star),
        (4.99, 5.0, Quadrant::Status),
        (4.99, 4.99, Quadrant::Streamline),
    ];
    for (a, s, quadrant) in cases {
        let analysis = one(account("a").forecast(a, s).build());
        assert_eq!(
            analysis.forecast.expect("forecast").quadrant,
            quadrant,
            "{a} {s}"
        );
    }
    assert!(one(account("a").build()).forecast.is_none());
}

// ---------------------------------------------------------------------------------------
// §5 Economics
// ---------------------------------------------------------------------------------------

fn revenues(pairs: &[(&str, i64)]) -> Vec<kam::content::model::Account> {
    pairs
        .iter()
        .map(|(slug, revenue)| account(slug).year(2025, *revenue, 0).build())
        .collect()
}

#[test]
fn before_exactly_at_the_a_cutoff_is_class_b() {
    // b: before = 80 / 100 = 0.80 = abc_cutoffs[0] → not < 0.80 → B.
    let (accounts, portfolio) = analyse(revenues(&[("a", 80), ("b", 20)]), &config());
    assert_eq!(find(&accounts, &portfolio, "a").economics.abc, AbcClass::A);
    assert_eq!(find(&accounts, &portfolio, "b").economics.abc, AbcClass::B);
}

#[test]
fn before_just_below_the_a_cutoff_is_class_a() {
    // b: before = 79 / 100 = 0.79 < 0.80 → A.
    let (accounts, portfolio) = analyse(revenues(&[("a", 79), ("b", 21)]), &config());
    assert_eq!(find(&accounts, &portfolio, "b").economics.abc, AbcClass::A);
}

#[test]
fn before_exactly_at_the_b_cutoff_is_class_c() {
    // b: before = 95 / 100 = 0.95 → C; with 94 ahead it is B.
    let (accounts, portfolio) = analyse(revenues(&[("a", 95), ("b", 5)]), &config());
    assert_eq!(find(&accounts, &portfolio, "b").economics.abc, AbcClass::C);
    let (accounts, portfolio) = analyse(revenues(&[("a", 94), ("b", 6)]), &config());
    assert_eq!(find(&accounts, &portfolio, "b").economics.abc, AbcClass::B);
}

#[test]
fn before_uses_one_division_of_two_sums() {
    // Running sums of shares would give 0.1 + 0.7 = 0.7999999999999999 < 0.8 → A;
    // (10 + 70) / 100 = 0.8 exactly → B.
    let (accounts, portfolio) = analyse(
        revenues(&[("a", 70), ("b", 10), ("c", 10), ("d", 10)]),
        &config(),
    );
    // ABC order: a (70), b, c, d (10 each, by slug).
    let class = |slug| find(&accounts, &portfolio, slug).economics.abc;
    assert_eq!(
        [class("a"), class("b"), class("c"), class("d")],
        [AbcClass::A, AbcClass::A, AbcClass::B, AbcClass::B]
    );
    let c = &find(&accounts, &portfolio, "c").economics;
    assert_eq!(c.cumulative_share, 0.9);
    assert_eq!(c.revenue_share, 0.1);
}

#[test]
fn revenue_ties_are_ordered_by_slug() {
    let mut config = config();
    config.segmentation.abc_cutoffs = [decimal_of(0.5), decimal_of(0.95)];
    // Order: zed 40 (before 0), alpha 30 (before 0.4 → A), beta 30 (before 0.7 → B).
    let (accounts, portfolio) = analyse(
        revenues(&[("beta", 30), ("zed", 40), ("alpha", 30)]),
        &config,
    );
    let alpha = &find(&accounts, &portfolio, "alpha").economics;
    let beta = &find(&accounts, &portfolio, "beta").economics;
    let zed = &find(&accounts, &portfolio, "zed").economics;
    assert_eq!(
        (zed.abc, alpha.abc, beta.abc),
        (AbcClass::A, AbcClass::A, AbcClass::B)
    );
    assert_eq!((zed.rank, alpha.rank, beta.rank), (0, 1, 2));
    assert_eq!(alpha.cumulative_share, 0.7);
    assert_eq!(beta.cumulative_share, 1.0);
    let order: Vec<&str> = portfolio
        .abc_order
        .iter()
        .map(|&i| accounts[i].slug.as_str())
        .collect();
    assert_eq!(order, ["zed", "alpha", "beta"]);
}

#[test]
fn a_revenue_of_minus_zero_ties_with_zero_and_is_ordered_by_slug() {
    // −0.0 is a valid TOML float that passes the `>= 0` check; numerically it equals 0,
    // so the tie must be broken by slug like any other.
    let float_zero = |slug: &str, revenue: f64| {
        account(slug)
            .year_row(FiscalYear {
                year: 2025,
                revenue: Amount::Float(revenue),
                gross_margin: Some(Amount::Int(0)),
                cost_to_serve: Amount::ZERO,
                wallet: None,
            })
            .build()
    };
    let accounts = vec![
        float_zero("alpha", -0.0),
        account("beta").year(2025, 0, 0).build(),
        account("gamma").year(2025, 100, 0).build(),
    ];
    let (accounts, portfolio) = analyse(accounts, &config());
    let order: Vec<&str> = portfolio
        .abc_order
        .iter()
        .map(|&i| accounts[i].slug.as_str())
        .collect();
    assert_eq!(order, ["gamma", "alpha", "beta"]);
}

#[test]
fn zero_total_revenue_makes_every_account_c_with_zero_shares() {
    let accounts = vec![
        account("a").year(2025, 0, 10).build(),
        account("b").year(2025, 0, 0).build(),
        account("c").build(),
    ];
    let (_, portfolio) = analyse(accounts, &config());
    for analysis in &portfolio.accounts {
        assert_eq!(analysis.economics.abc, AbcClass::C);
        assert_eq!(analysis.economics.revenue_share, 0.0);
        assert_eq!(analysis.economics.cumulative_share, 0.0);
    }
    assert_eq!(
        portfolio.totals.abc,
        vec![(AbcClass::A, 0), (AbcClass::B, 0), (AbcClass::C, 3)]
    );
    assert_eq!(portfolio.totals.revenue, Amount::Int(0));
}

#[test]
fn no_accounts_at_all() {
    let (_, portfolio) = analyse(Vec::new(), &config());
    assert!(portfolio.accounts.is_empty());
    assert_eq!(portfolio.reference_year, None);
    assert_eq!(portfolio.totals.revenue, Amount::Int(0));
}

#[test]
fn an_account_without_a_row_for_the_reference_year() {
    let accounts = vec![
        account("has").year(2024, 50, 5).year(2025, 100, 20).build(),
        account("lacks")
            .year_full(2024, 80, 10, 1, Some(200))
            .build(),
    ];
    let (accounts, portfolio) = analyse(accounts, &config());
    assert_eq!(portfolio.reference_year, Some(2025));
    let lacks = &find(&accounts, &portfolio, "lacks").economics;
    assert_eq!(lacks.revenue, Amount::Int(0));
    // SPEC v2 §5: a row for Y−1 and none for Y is a lost customer, growth −1.
    assert_eq!(lacks.growth, Some(-1.0));
    assert_eq!(lacks.whitespace, None, "no wallet for the reference year");
    assert_eq!(lacks.gross_margin_pct, None);
    assert_eq!(lacks.net_contribution, None);
    assert_eq!(lacks.share_of_wallet, None);
    assert_eq!(lacks.revenue_share, 0.0);
    assert_eq!(lacks.abc, AbcClass::C);
    let has = &find(&accounts, &portfolio, "has").economics;
    assert_eq!(has.revenue_share, 1.0);
    assert_eq!(has.growth, Some(1.0));
}

#[test]
fn reference_year_is_the_largest_year_in_any_account() {
    let accounts = vec![
        account("a").year(2023, 10, 1).year(2024, 20, 2).build(),
        account("b").year(2022, 10, 1).year(2026, 40, 4).build(),
    ];
    let (accounts, portfolio) = analyse(accounts, &config());
    assert_eq!(portfolio.reference_year, Some(2026));
    assert_eq!(
        find(&accounts, &portfolio, "a").economics.revenue,
        Amount::Int(0)
    );
    assert_eq!(
        find(&accounts, &portfolio, "b").economics.revenue,
        Amount::Int(40)
    );
}

#[test]
fn reference_year_from_the_config_wins_over_the_largest_year() {
    let mut config = config();
    config.reference_year = Some(2024);
    let accounts = vec![
        account("a")
            .year(2023, 10, 1)
            .year(2024, 20, 5)
            .year(2025, 99, 9)
            .build(),
    ];
    let (_, portfolio) = analyse(accounts, &config);
    assert_eq!(portfolio.reference_year, Some(2024));
    let economics = &portfolio.accounts[0].economics;
    assert_eq!(economics.revenue, Amount::Int(20));
    assert_eq!(economics.growth, Some(1.0));
    assert_eq!(economics.gross_margin_pct, Some(0.25));
    assert_eq!(economics.net_contribution, Some(Amount::Int(5)));

    // A configured year no account reports: every revenue is 0.
    config.reference_year = Some(2030);
    let accounts = vec![account("a").year(2025, 99, 9).build()];
    let (_, portfolio) = analyse(accounts, &config);
    assert_eq!(portfolio.reference_year, Some(2030));
    assert_eq!(portfolio.accounts[0].economics.revenue, Amount::Int(0));
    assert_eq!(portfolio.accounts[0].economics.abc, AbcClass::C);
}

#[test]
fn growth_needs_a_previous_year() {
    let analysis = one(account("a").year(2023, 100, 1).year(2025, 120, 1).build());
    assert_eq!(analysis.economics.growth, None);
}

#[test]
fn growth_is_null_when_the_previous_revenue_is_zero() {
    let analysis = one(account("a").year(2024, 0, 0).year(2025, 120, 1).build());
    assert_eq!(analysis.economics.growth, None);
}

#[test]
fn growth_compares_with_the_year_before() {
    let analysis = one(account("a").year(2024, 200, 1).year(2025, 150, 1).build());
    assert_eq!(analysis.economics.growth, Some(-0.25));
}

#[test]
fn zero_revenue_leaves_gross_margin_pct_null_but_not_growth_or_net() {
    let analysis = one(account("a")
        .year(2024, 100, 1)
        .year_full(2025, 0, -30, 20, Some(500))
        .build());
    assert_eq!(analysis.economics.gross_margin_pct, None);
    assert_eq!(analysis.economics.growth, Some(-1.0));
    assert_eq!(analysis.economics.net_contribution, Some(Amount::Int(-50)));
    assert_eq!(analysis.economics.share_of_wallet, Some(0.0));
}

#[test]
fn gross_margin_pct_net_contribution_and_share_of_wallet() {
    let analysis = one(account("a")
        .year_full(2025, 400, 100, 30, Some(1600))
        .build());
    assert_eq!(analysis.economics.gross_margin_pct, Some(0.25));
    assert_eq!(analysis.economics.net_contribution, Some(Amount::Int(70)));
    assert_eq!(analysis.economics.share_of_wallet, Some(0.25));
}

#[test]
fn share_of_wallet_is_null_without_a_wallet() {
    let analysis = one(account("a").year_full(2025, 400, 100, 30, None).build());
    assert_eq!(analysis.economics.share_of_wallet, None);
}

#[test]
fn net_contribution_without_cost_to_serve_is_the_gross_margin() {
    // The loader fills a missing cost_to_serve with 0 (tested end to end in portfolio_json).
    let analysis = one(account("a").year(2025, 400, 100).build());
    assert_eq!(analysis.economics.net_contribution, Some(Amount::Int(100)));
}

#[test]
fn money_stays_integer_or_float_as_given() {
    let analysis = one(account("a")
        .year_row(FiscalYear {
            year: 2025,
            revenue: Amount::Float(100.5),
            gross_margin: Some(Amount::Int(10)),
            cost_to_serve: Amount::Float(2.5),
            wallet: None,
        })
        .build());
    assert_eq!(analysis.economics.revenue, Amount::Float(100.5));
    // A sum with a decimal is an exact decimal, written to JSON as a float.
    assert_eq!(
        analysis.economics.net_contribution,
        Some(Amount::Decimal(rust_decimal::Decimal::new(75, 1)))
    );
    let analysis = one(account("a").year_full(2025, 100, 10, 3, None).build());
    assert_eq!(analysis.economics.net_contribution, Some(Amount::Int(7)));
}

// ---------------------------------------------------------------------------------------
// §6 Plan status (defaults: due_soon_days 14, red_overdue_days 30)
// ---------------------------------------------------------------------------------------

fn plan_of(actions: &[(i64, Status)]) -> kam::analysis::plan::Plan {
    let mut builder = account("a");
    for (index, (offset, status)) in actions.iter().enumerate() {
        builder = builder.action(&format!("action {index}"), day(*offset), *status);
    }
    one(builder.build()).plan
}

#[test]
fn an_action_due_today_is_due_soon_not_overdue() {
    let plan = plan_of(&[(0, Status::InProgress)]);
    assert_eq!(plan.actions[0].days_overdue, None);
    assert!(plan.actions[0].due_soon);
    assert_eq!((plan.overdue, plan.due_soon), (0, 1));
    assert_eq!(plan.rag, Rag::Green);
}

#[test]
fn an_action_exactly_due_soon_days_ahead_is_due_soon() {
    let plan = plan_of(&[(14, Status::NotStarted)]);
    assert!(plan.actions[0].due_soon);
    assert_eq!(plan.due_soon, 1);
    assert_eq!(plan.rag, Rag::Amber);
}

#[test]
fn an_action_one_day_beyond_due_soon_days_is_not_due_soon() {
    let plan = plan_of(&[(15, Status::NotStarted)]);
    assert!(!plan.actions[0].due_soon);
    assert_eq!(plan.due_soon, 0);
    assert_eq!(plan.rag, Rag::Green);
}

#[test]
fn due_soon_days_comes_from_the_config() {
    let mut config = config();
    config.plan.due_soon_days = 3;
    let analysis = one_with(
        account("a")
            .action("in", day(3), Status::NotStarted)
            .action("out", day(4), Status::NotStarted)
            .build(),
        &config,
    );
    assert!(analysis.plan.actions[0].due_soon);
    assert!(!analysis.plan.actions[1].due_soon);
}

#[test]
fn only_not_started_and_in_progress_actions_can_be_due_soon() {
    let plan = plan_of(&[
        (1, Status::NotStarted),
        (1, Status::InProgress),
        (1, Status::Done),
        (1, Status::Blocked),
        (1, Status::Cancelled),
    ]);
    let due_soon: Vec<bool> = plan.actions.iter().map(|state| state.due_soon).collect();
    assert_eq!(due_soon, [true, true, false, false, false]);
    assert_eq!(plan.due_soon, 2);
}

#[test]
fn overdue_by_exactly_red_overdue_days_is_amber() {
    let plan = plan_of(&[(-30, Status::InProgress)]);
    assert_eq!(plan.actions[0].days_overdue, Some(30));
    assert_eq!(plan.overdue, 1);
    assert_eq!(plan.rag, Rag::Amber);
}

#[test]
fn overdue_by_one_more_than_red_overdue_days_is_red() {
    let plan = plan_of(&[(-31, Status::InProgress)]);
    assert_eq!(plan.actions[0].days_overdue, Some(31));
    assert_eq!(plan.rag, Rag::Red);
}

#[test]
fn red_overdue_days_comes_from_the_config() {
    let mut config = config();
    config.plan.red_overdue_days = 5;
    let amber = one_with(
        account("a")
            .action("x", day(-5), Status::NotStarted)
            .build(),
        &config,
    );
    let red = one_with(
        account("a")
            .action("x", day(-6), Status::NotStarted)
            .build(),
        &config,
    );
    assert_eq!((amber.plan.rag, red.plan.rag), (Rag::Amber, Rag::Red));
}

#[test]
fn overdue_by_one_day_is_amber() {
    let plan = plan_of(&[(-1, Status::NotStarted)]);
    assert_eq!(plan.actions[0].days_overdue, Some(1));
    assert!(!plan.actions[0].due_soon);
    assert_eq!(plan.rag, Rag::Amber);
}

#[test]
fn done_and_cancelled_actions_are_never_overdue() {
    let plan = plan_of(&[(-100, Status::Done), (-100, Status::Cancelled)]);
    assert_eq!(plan.actions[0].days_overdue, None);
    assert_eq!(plan.actions[1].days_overdue, None);
    assert_eq!(plan.overdue, 0);
    assert_eq!(plan.rag, Rag::Green);
    assert_eq!(plan.progress, Some(1.0));
}

#[test]
fn a_blocked_action_is_red_and_overdue_when_late() {
    let plan = plan_of(&[(100, Status::Blocked)]);
    assert_eq!(plan.rag, Rag::Red);
    assert_eq!(plan.blocked, 1);
    assert_eq!(plan.overdue, 0);
    let plan = plan_of(&[(-2, Status::Blocked)]);
    assert_eq!(plan.actions[0].days_overdue, Some(2));
    assert_eq!((plan.blocked, plan.overdue), (1, 1));
}

#[test]
fn not_started_due_soon_is_amber_but_in_progress_due_soon_is_green() {
    assert_eq!(plan_of(&[(7, Status::NotStarted)]).rag, Rag::Amber);
    assert_eq!(plan_of(&[(7, Status::InProgress)]).rag, Rag::Green);
    assert_eq!(plan_of(&[(0, Status::NotStarted)]).rag, Rag::Amber);
}

#[test]
fn only_cancelled_actions_means_no_plan_status() {
    let plan = plan_of(&[(-50, Status::Cancelled), (5, Status::Cancelled)]);
    assert_eq!(plan.rag, Rag::None);
    assert_eq!(plan.progress, None);
    assert_eq!(plan.counted, 0);
    assert_eq!((plan.overdue, plan.due_soon, plan.blocked), (0, 0, 0));
}

#[test]
fn no_actions_means_no_plan_status() {
    let plan = plan_of(&[]);
    assert_eq!(plan.rag, Rag::None);
    assert_eq!(plan.progress, None);
}

#[test]
fn progress_is_done_over_counted() {
    let plan = plan_of(&[
        (10, Status::Done),
        (10, Status::InProgress),
        (10, Status::Cancelled),
        (10, Status::Cancelled),
        (10, Status::Blocked),
        (10, Status::NotStarted),
    ]);
    assert_eq!(plan.counted, 4);
    assert_eq!(plan.done, 1);
    assert_eq!(plan.progress, Some(0.25));
}

#[test]
fn an_objective_without_actions_is_never_achieved_and_overdue_when_past_due() {
    let analysis = one(account("a")
        .objective("late", "Late objective", day(-1))
        .objective("today", "Due today", day(0))
        .action("unrelated", day(30), Status::InProgress)
        .build());
    let plan = &analysis.plan;
    assert!(!plan.objectives[0].achieved);
    assert!(plan.objectives[0].overdue);
    assert!(!plan.objectives[1].achieved);
    assert!(!plan.objectives[1].overdue, "due today is not past due");
    assert_eq!(plan.rag, Rag::Red);
}

#[test]
fn an_objective_due_today_does_not_make_the_plan_red() {
    let analysis = one(account("a")
        .objective("today", "Due today", day(0))
        .action("unrelated", day(30), Status::InProgress)
        .build());
    assert_eq!(analysis.plan.rag, Rag::Green);
}

#[test]
fn an_overdue_objective_makes_a_plan_with_no_counted_actions_red() {
    // SPEC v2 §6 decides red before none.
    let analysis = one(account("a").objective("late", "Late", day(-10)).build());
    assert!(analysis.plan.objectives[0].overdue);
    assert_eq!(analysis.plan.rag, Rag::Red);
    // Without anything overdue, no counted actions is still none.
    let calm = one(account("b").objective("later", "Later", day(10)).build());
    assert_eq!(calm.plan.rag, Rag::None);
}

#[test]
fn an_objective_is_achieved_when_all_its_counted_actions_are_done() {
    let analysis = one(account("a")
        .objective("o", "Objective", day(-5))
        .linked("o", "finished", day(-20), Status::Done)
        .linked("o", "dropped", day(-20), Status::Cancelled)
        .build());
    let state = &analysis.plan.objectives[0];
    assert_eq!((state.counted, state.done), (1, 1));
    assert!(state.achieved);
    assert!(!state.overdue);
    assert_eq!(analysis.plan.rag, Rag::Green);
}

#[test]
fn an_objective_with_an_unfinished_action_is_not_achieved() {
    let analysis = one(account("a")
        .objective("o", "Objective", day(-5))
        .linked("o", "finished", day(-20), Status::Done)
        .linked("o", "running", day(20), Status::InProgress)
        .action("unlinked and done", day(-20), Status::Done)
        .build());
    let state = &analysis.plan.objectives[0];
    assert_eq!((state.counted, state.done), (2, 1));
    assert!(!state.achieved);
    assert!(state.overdue);
    assert_eq!(analysis.plan.rag, Rag::Red);
}

#[test]
fn an_objective_whose_actions_are_all_cancelled_is_not_achieved() {
    let analysis = one(account("a")
        .objective("o", "Objective", day(-5))
        .linked("o", "dropped", day(-20), Status::Cancelled)
        .action("other", day(20), Status::InProgress)
        .build());
    let state = &analysis.plan.objectives[0];
    assert_eq!(state.counted, 0);
    assert!(!state.achieved);
    assert!(state.overdue);
}

#[test]
fn actions_of_other_objectives_do_not_count_for_an_objective() {
    let analysis = one(account("a")
        .objective("o", "Objective", day(10))
        .objective("p", "Other", day(10))
        .linked("p", "other's", day(-20), Status::Done)
        .build());
    assert_eq!(analysis.plan.objectives[0].counted, 0);
    assert!(!analysis.plan.objectives[0].achieved);
    assert!(analysis.plan.objectives[1].achieved);
}

// ---------------------------------------------------------------------------------------
// §7 Relationship
// ---------------------------------------------------------------------------------------

/// An account with contacts spread over the given numbers of distinct owners and functions.
fn structure(owners: usize, functions: usize) -> ContactStructure {
    let mut builder = account("a");
    for index in 0..owners.max(functions) {
        builder = builder.contact(
            &format!("function {}", index % functions.max(1)),
            Role::User,
            &format!("owner {}", index % owners.max(1)),
        );
    }
    let analysis = one(builder.build());
    assert_eq!(analysis.relationship.owners, owners);
    assert_eq!(analysis.relationship.functions, functions);
    analysis.relationship.structure
}

#[test]
fn contact_structure_at_every_edge() {
    assert_eq!(structure(0, 0), ContactStructure::BowTie);
    assert_eq!(structure(1, 5), ContactStructure::BowTie);
    assert_eq!(structure(5, 1), ContactStructure::BowTie);
    assert_eq!(structure(2, 2), ContactStructure::Developing);
    assert_eq!(structure(3, 2), ContactStructure::Developing);
    assert_eq!(structure(2, 3), ContactStructure::Developing);
    assert_eq!(structure(3, 3), ContactStructure::Diamond);
    assert_eq!(structure(4, 6), ContactStructure::Diamond);
}

#[test]
fn owners_and_functions_are_counted_distinct() {
    let analysis = one(account("a")
        .contact("finance", Role::User, "Anna")
        .contact("finance", Role::Buyer, "Anna")
        .contact("finance", Role::Decider, "Bo")
        .contact("r&d", Role::Decider, "Bo")
        .build());
    assert_eq!(
        (
            analysis.relationship.owners,
            analysis.relationship.functions
        ),
        (2, 2)
    );
    assert_eq!(
        analysis.relationship.structure,
        ContactStructure::Developing
    );
}

#[test]
fn missing_roles_in_the_order_decider_influencer_buyer_user() {
    let none = one(account("a").build());
    assert_eq!(
        none.relationship.missing_roles,
        [Role::Decider, Role::Influencer, Role::Buyer, Role::User]
    );

    let others = one(account("a")
        .contact("x", Role::Gatekeeper, "o")
        .contact("x", Role::Initiator, "o")
        .build());
    assert_eq!(
        others.relationship.missing_roles,
        [Role::Decider, Role::Influencer, Role::Buyer, Role::User]
    );

    let some = one(account("a")
        .contact("x", Role::User, "o")
        .contact("x", Role::Influencer, "o")
        .build());
    assert_eq!(
        some.relationship.missing_roles,
        [Role::Decider, Role::Buyer]
    );

    let all = one(account("a").full_buying_centre().build());
    assert!(all.relationship.missing_roles.is_empty());
}

// ---------------------------------------------------------------------------------------
// §8 The buyer's view and supplier preferencing
// ---------------------------------------------------------------------------------------

#[test]
fn buyer_view_from_profit_impact_and_supply_risk() {
    let cases = [
        (HIGH, HIGH, BuyerView::Strategic),
        (HIGH, LOW, BuyerView::Leverage),
        (LOW, HIGH, BuyerView::Bottleneck),
        (LOW, LOW, BuyerView::NonCritical),
    ];
    for (impact, risk, view) in cases {
        assert_eq!(
            one(account("a").buyer(impact, risk).build()).buyer_view,
            Some(view)
        );
    }
    assert_eq!(one(account("a").build()).buyer_view, None);
}

#[test]
fn preference_from_attractiveness_and_abc_class() {
    // "big" has 80 of 100 → A; "small" has before 0.8 → B.
    let build = |big: f64, small: f64| {
        analyse(
            vec![
                account("big").uniform(big, 0.0).year(2025, 80, 0).build(),
                account("small")
                    .uniform(small, 0.0)
                    .year(2025, 20, 0)
                    .build(),
            ],
            &config(),
        )
    };
    let (accounts, portfolio) = build(5.0, 5.0);
    assert_eq!(
        find(&accounts, &portfolio, "big").preference,
        Some(Preference::Core)
    );
    assert_eq!(
        find(&accounts, &portfolio, "small").preference,
        Some(Preference::Development)
    );
    let (accounts, portfolio) = build(4.0, 4.0);
    assert_eq!(
        find(&accounts, &portfolio, "big").preference,
        Some(Preference::Exploitable)
    );
    assert_eq!(
        find(&accounts, &portfolio, "small").preference,
        Some(Preference::Nuisance)
    );
}

#[test]
fn preference_treats_class_c_like_class_b() {
    let (accounts, portfolio) = analyse(
        vec![
            account("big").year(2025, 95, 0).build(),
            account("small").uniform(9.0, 0.0).year(2025, 5, 0).build(),
        ],
        &config(),
    );
    let small = find(&accounts, &portfolio, "small");
    assert_eq!(small.economics.abc, AbcClass::C);
    assert_eq!(small.preference, Some(Preference::Development));
}

// ---------------------------------------------------------------------------------------
// §9 Alerts
// ---------------------------------------------------------------------------------------

/// A strategic, cooperative account with a live plan, every key role covered and no
/// history: it raises no alert, so each test adds exactly one trigger.
fn quiet() -> common::AccountBuilder {
    account("a").uniform(5.0, 5.0).full_buying_centre().action(
        "ongoing",
        day(30),
        Status::InProgress,
    )
}

#[test]
fn the_quiet_account_raises_nothing() {
    assert!(one(quiet().build()).alerts.is_empty());
}

#[test]
fn plan_blocked() {
    let analysis = one(quiet()
        .action("stuck", day(5), Status::Blocked)
        .action("stuck too", day(9), Status::Blocked)
        .build());
    assert_eq!(codes(&analysis), ["plan_blocked"]);
    assert_eq!(
        analysis.alerts[0],
        Alert::PlanBlocked {
            actions: vec!["stuck".to_string(), "stuck too".to_string()]
        }
    );
    let analysis = one(quiet().action("fine", day(5), Status::NotStarted).build());
    assert!(!codes(&analysis).contains(&"plan_blocked"));
}

#[test]
fn action_overdue_one_per_overdue_action() {
    let analysis = one(quiet()
        .action("late", day(-1), Status::InProgress)
        .action("due today", day(0), Status::NotStarted)
        .action("late but done", day(-9), Status::Done)
        .action("very late", day(-45), Status::NotStarted)
        .build());
    assert_eq!(codes(&analysis), ["action_overdue", "action_overdue"]);
    let titles: Vec<(&str, i64)> = analysis
        .alerts
        .iter()
        .map(|alert| match alert {
            Alert::ActionOverdue { title, days, .. } => (title.as_str(), *days),
            other => panic!("unexpected {other:?}"),
        })
        .collect();
    assert_eq!(titles, [("late", 1), ("very late", 45)]);
}

#[test]
fn objective_overdue_one_per_overdue_objective() {
    let analysis = one(quiet()
        .objective("a", "Missed", day(-1))
        .objective("b", "Due today", day(0))
        .objective("c", "Reached", day(-3))
        .linked("c", "done", day(-30), Status::Done)
        .objective("d", "Also missed", day(-100))
        .build());
    assert_eq!(codes(&analysis), ["objective_overdue", "objective_overdue"]);
    let titles: Vec<&str> = analysis
        .alerts
        .iter()
        .map(|alert| match alert {
            Alert::ObjectiveOverdue { title, .. } => title.as_str(),
            other => panic!("unexpected {other:?}"),
        })
        .collect();
    assert_eq!(titles, ["Missed", "Also missed"]);
}

#[test]
fn no_plan_for_strategic_and_star_accounts_without_counted_actions() {
    let cases = [
        (5.0, 5.0, Some(Quadrant::Strategic)),
        (5.0, 4.0, Some(Quadrant::Star)),
        (4.0, 5.0, None),
        (4.0, 4.0, None),
    ];
    for (a, s, expected) in cases {
        let analysis = one(account("a")
            .uniform(a, s)
            .full_buying_centre()
            .action("x", day(-60), Status::Cancelled)
            .build());
        match expected {
            Some(quadrant) => assert_eq!(analysis.alerts, [Alert::NoPlan { quadrant }]),
            None => assert!(analysis.alerts.is_empty(), "{a} {s}: {:?}", analysis.alerts),
        }
    }
    // One done action counts: no alert.
    let analysis = one(account("a")
        .uniform(5.0, 5.0)
        .full_buying_centre()
        .action("x", day(-60), Status::Done)
        .build());
    assert!(analysis.alerts.is_empty());
}

#[test]
fn missing_decider() {
    let analysis = one(account("a")
        .uniform(5.0, 5.0)
        .action("x", day(30), Status::InProgress)
        .contact("p", Role::Influencer, "o")
        .contact("p", Role::Buyer, "o")
        .contact("p", Role::User, "o")
        .build());
    assert_eq!(codes(&analysis), ["missing_decider"]);
    let analysis = one(account("a")
        .uniform(5.0, 5.0)
        .action("x", day(30), Status::InProgress)
        .contact("p", Role::Decider, "o")
        .build());
    assert!(
        analysis.alerts.is_empty(),
        "other missing roles raise nothing: {:?}",
        analysis.alerts
    );
}

#[test]
fn single_threaded_only_for_interdependent_and_integrated_bow_ties() {
    for stage in [Stage::Interdependent, Stage::Integrated] {
        let analysis = one(quiet().stage(stage).build());
        assert_eq!(analysis.alerts, [Alert::SingleThreaded { stage }]);
    }
    for stage in [Stage::Exploratory, Stage::Basic, Stage::Cooperative] {
        assert!(
            one(quiet().stage(stage).build()).alerts.is_empty(),
            "{stage:?}"
        );
    }
    // SPEC v2: a disintegrating relationship is at risk, whatever its contacts.
    assert_eq!(
        one(quiet().stage(Stage::Disintegrating).build()).alerts,
        [Alert::RelationshipAtRisk]
    );
    // Two owners over two functions is developing, not a bow-tie.
    let developing = quiet()
        .stage(Stage::Integrated)
        .contact("finance", Role::User, "Second owner")
        .build();
    let analysis = one(developing);
    assert_eq!(
        analysis.relationship.structure,
        ContactStructure::Developing
    );
    assert!(analysis.alerts.is_empty());
}

#[test]
fn revenue_decline_at_exactly_minus_ten_percent() {
    let analysis = one(quiet()
        .year(2024, 1_000_000, 1)
        .year(2025, 900_000, 1)
        .build());
    assert_eq!(analysis.economics.growth, Some(-0.1));
    assert_eq!(codes(&analysis), ["revenue_decline"]);
    assert_eq!(
        analysis.alerts[0],
        Alert::RevenueDecline {
            growth: -0.1,
            year: 2025
        }
    );

    let analysis = one(quiet().year(2024, 100, 1).year(2025, 91, 1).build());
    assert!(
        analysis
            .economics
            .growth
            .is_some_and(|growth| growth > -0.1)
    );
    assert!(analysis.alerts.is_empty());

    // No growth (no previous year) raises nothing, even at revenue 0.
    let analysis = one(quiet().year(2025, 0, 1).build());
    assert!(analysis.alerts.is_empty());
}

#[test]
fn negative_contribution_below_zero_only() {
    let analysis = one(quiet().year_full(2025, 500, 100, 100, None).build());
    assert_eq!(analysis.economics.net_contribution, Some(Amount::Int(0)));
    assert!(analysis.alerts.is_empty());

    let analysis = one(quiet().year_full(2025, 500, 100, 101, None).build());
    assert_eq!(codes(&analysis), ["negative_contribution"]);
    assert_eq!(
        analysis.alerts[0],
        Alert::NegativeContribution {
            amount: Amount::Int(-1),
            year: 2025
        }
    );

    let analysis = one(quiet().year(2025, 500, -1).build());
    assert_eq!(codes(&analysis), ["negative_contribution"]);
}

#[test]
fn misaligned_only_for_strategic_accounts_seen_as_leverage_or_non_critical() {
    for (impact, risk, view) in [
        (HIGH, LOW, BuyerView::Leverage),
        (LOW, LOW, BuyerView::NonCritical),
    ] {
        let analysis = one(quiet().buyer(impact, risk).build());
        assert_eq!(analysis.alerts, [Alert::Misaligned { view }]);
    }
    for (impact, risk) in [(HIGH, HIGH), (LOW, HIGH)] {
        assert!(one(quiet().buyer(impact, risk).build()).alerts.is_empty());
    }
    // A star (strength just low) seen as leverage is not misaligned.
    let star = one(quiet().uniform(5.0, 4.0).buyer(HIGH, LOW).build());
    assert_eq!(star.scores.quadrant, Some(Quadrant::Star));
    assert!(star.alerts.is_empty());
    let status = one(quiet().uniform(4.0, 5.0).buyer(LOW, LOW).build());
    assert!(status.alerts.is_empty());
}

/// Every code but `no_plan`, which needs no counted actions while `plan_blocked` and
/// `action_overdue` need a counted one: the two cannot fire on the same account.
fn alarmed_with_a_plan() -> Account {
    account("a")
        .uniform(5.0, 5.0)
        .stage(Stage::Interdependent)
        .buyer(HIGH, LOW)
        .contact("purchasing", Role::User, "Anna Berg")
        .year(2024, 100, 10)
        .year_full(2025, 90, 10, 15, None)
        .objective("first", "First objective", day(-1))
        .objective("second", "Second objective", day(-5))
        .action("First late", day(-3), Status::InProgress)
        .action("Stuck", day(10), Status::Blocked)
        .linked("second", "Second late", day(-40), Status::NotStarted)
        .build()
}

/// Every code a strategic account without a counted action can raise, `no_plan` among them.
fn alarmed_without_a_plan() -> Account {
    account("a")
        .uniform(5.0, 5.0)
        .stage(Stage::Integrated)
        .buyer(LOW, LOW)
        .year(2024, 100, 10)
        .year(2025, 80, -1)
        .objective("o", "Unplanned objective", day(-1))
        .action("dropped", day(-50), Status::Cancelled)
        .build()
}

#[test]
fn alerts_come_in_the_order_of_codes_with_actions_and_objectives_in_file_order() {
    let analysis = one(alarmed_with_a_plan());
    assert_eq!(
        codes(&analysis),
        [
            "plan_blocked",
            "action_overdue",
            "action_overdue",
            "objective_overdue",
            "objective_overdue",
            "missing_decider",
            "single_threaded",
            "revenue_decline",
            "negative_contribution",
            "misaligned",
        ]
    );
    assert!(
        matches!(&analysis.alerts[1], Alert::ActionOverdue { title, days: 3, .. } if title == "First late")
    );
    assert!(
        matches!(&analysis.alerts[2], Alert::ActionOverdue { title, days: 40, action: 2, .. } if title == "Second late")
    );
    assert!(
        matches!(&analysis.alerts[3], Alert::ObjectiveOverdue { title, .. } if title == "First objective")
    );
    assert!(
        matches!(&analysis.alerts[4], Alert::ObjectiveOverdue { title, .. } if title == "Second objective")
    );
    assert_eq!(analysis.plan.rag, Rag::Red);
}

#[test]
fn alerts_order_on_an_account_without_a_plan() {
    let analysis = one(alarmed_without_a_plan());
    assert_eq!(
        codes(&analysis),
        [
            "objective_overdue",
            "no_plan",
            "missing_decider",
            "single_threaded",
            "revenue_decline",
            "negative_contribution",
            "misaligned",
        ]
    );
    // SPEC v2 §6: the overdue objective makes it red even with no counted actions.
    assert_eq!(analysis.plan.rag, Rag::Red);
}

#[test]
fn every_alert_code_is_raised_in_the_spec_order() {
    // Between them the accounts raise every code; each raises its own in SPEC §9's
    // order, and together they raise exactly the codes that order lists.
    let mut raised: Vec<&str> = Vec::new();
    let unscored = account("unscored").unscored(true, false).build();
    // The codes of SPEC v2: stale, disintegrating, a forecast out of the top half, a
    // customer who sees us as strategic while we rank it low, and a declining customer.
    let v2 = vec![
        account("a-v2")
            .uniform(6.0, 6.0)
            .forecast(3.0, 3.0)
            .stage(Stage::Disintegrating)
            .contact("Inköp", Role::Decider, "Anna Berg")
            .action("open", day(30), Status::InProgress)
            .reviewed(day(-200))
            .year(2025, 10, 1)
            .sells_to(&["b-declining", "Outside AB"])
            .build(),
        account("b-declining")
            .year(2024, 1_000, 100)
            .year(2025, 500, 50)
            .build(),
        // Not attractive and not class A: a nuisance to us, strategic to them.
        account("c-undervalued")
            .uniform(3.0, 6.0)
            .buyer(HIGH, HIGH)
            .contact("Inköp", Role::Decider, "Anna Berg")
            .action("open", day(30), Status::InProgress)
            .year(2025, 1, 1)
            .build(),
    ];
    let (v2, v2_portfolio) = analyse(v2, &config());
    let mut lists: Vec<Vec<&str>> = [alarmed_with_a_plan(), alarmed_without_a_plan(), unscored]
        .into_iter()
        .map(|account| codes(&one(account)))
        .collect();
    lists.extend(v2_portfolio.accounts.iter().map(|analysis| codes(analysis)));
    assert_eq!(
        lists[3],
        [
            "stale_plan",
            "relationship_at_risk",
            "forecast_drop",
            "downstream_decline"
        ],
        "{:?}",
        v2_portfolio.accounts[0].alerts
    );
    assert!(matches!(
        v2_portfolio.accounts[2].alerts[..],
        [Alert::Undervalued {
            preference: Preference::Nuisance
        }]
    ));
    assert!(v2[1].sells_to.is_empty());
    for codes in lists {
        let positions: Vec<usize> = codes
            .iter()
            .map(|code| {
                SPEC_ALERT_ORDER
                    .iter()
                    .position(|spec| spec == code)
                    .unwrap_or_else(|| panic!("{code} is not a code of SPEC §9"))
            })
            .collect();
        assert!(positions.is_sorted(), "out of SPEC order: {codes:?}");
        raised.extend(codes);
    }
    raised.sort_by_key(|code| SPEC_ALERT_ORDER.iter().position(|spec| spec == code));
    raised.dedup();
    assert_eq!(raised, SPEC_ALERT_ORDER);
    // The list the code publishes is the one it follows.
    assert_eq!(Alert::CODES, SPEC_ALERT_ORDER);
}

#[test]
fn an_unscored_account_has_no_quadrant_preference_or_place_in_the_quadrant_totals() {
    let config = config();
    let accounts = vec![
        account("a-half").unscored(false, true).build(),
        account("b-none").unscored(true, true).build(),
        account("c-scored").uniform(7.0, 7.0).build(),
    ];
    let portfolio = kam::analysis::analyse(&common::shared(&accounts), &config, today());
    let half = &portfolio.accounts[0];
    assert_eq!(half.scores.attractiveness, Some(5.0));
    assert_eq!(half.scores.strength, None);
    assert_eq!(half.scores.quadrant, None);
    assert!(
        half.preference.is_some(),
        "attractiveness alone decides preference"
    );
    assert!(half.scores.strength_parts.is_empty());
    let none = &portfolio.accounts[1];
    assert_eq!(none.preference, None);
    assert!(matches!(
        none.alerts[0],
        Alert::Unscored {
            attractiveness: true,
            strength: true
        }
    ));
    // No quadrant, so neither no_plan nor misaligned can be raised.
    assert!(!codes(none).contains(&"no_plan"));
    assert_eq!(portfolio.totals.unscored, 2);
    let counted: usize = portfolio.totals.quadrant.iter().map(|(_, n)| n).sum();
    assert_eq!(counted, 1);
}

// ---------------------------------------------------------------------------------------
// Totals
// ---------------------------------------------------------------------------------------

#[test]
fn totals_count_quadrants_classes_and_plan_status_in_spec_order() {
    let accounts = vec![
        account("a")
            .uniform(5.0, 5.0)
            .year(2025, 60, 1)
            .action("x", day(-40), Status::InProgress)
            .build(),
        account("b")
            .uniform(5.0, 1.0)
            .year(2025, 30, 1)
            .action("x", day(3), Status::NotStarted)
            .build(),
        account("c")
            .uniform(1.0, 5.0)
            .year(2025, 10, 1)
            .action("x", day(3), Status::InProgress)
            .build(),
        account("d").uniform(1.0, 1.0).build(),
        account("e").uniform(1.0, 1.0).year(2024, 10, 1).build(),
    ];
    let (_, portfolio) = analyse(accounts, &config());
    assert_eq!(
        portfolio.totals.quadrant,
        [
            (Quadrant::Strategic, 1),
            (Quadrant::Star, 1),
            (Quadrant::Status, 1),
            (Quadrant::Streamline, 2)
        ]
    );
    // a: before 0 → A; b: 0.6 → A; c: 0.9 → B; d, e: 1.0 → C.
    assert_eq!(
        portfolio.totals.abc,
        [(AbcClass::A, 2), (AbcClass::B, 1), (AbcClass::C, 2)]
    );
    assert_eq!(
        portfolio.totals.rag,
        [
            (Rag::Red, 1),
            (Rag::Amber, 1),
            (Rag::Green, 1),
            (Rag::None, 2)
        ]
    );
    assert_eq!(portfolio.totals.revenue, Amount::Int(100));
}

// ---------------------------------------------------------------------------------------
// §4a Exact arithmetic (SPEC v2): decisions on the decimals as written
// ---------------------------------------------------------------------------------------

fn decimal(text: &str) -> rust_decimal::Decimal {
    text.parse().expect("a decimal")
}

#[test]
fn a_score_exactly_at_the_cutoff_is_high_in_any_order_of_the_weights() {
    // 0.1·5 + 0.2·9 + 0.7·6 = 6.5 exactly; in f64 it is 6.499999999999999.
    for order in [[0, 1, 2], [2, 1, 0], [1, 2, 0]] {
        let weights = [("a", 0.1), ("b", 0.2), ("c", 0.7)];
        let scores = [5.0, 9.0, 6.0];
        let mut config = config();
        config.segmentation.attractiveness_weights = factors(&order.map(|index| weights[index]));
        config.segmentation.attractiveness_cutoff = decimal("6.5");
        let analysis = one_with(
            account("a")
                .scores(&order.map(|index| scores[index]), &[5.0; 4])
                .build(),
            &config,
        );
        assert_eq!(analysis.scores.attractive, Some(true), "order {order:?}");
        assert_eq!(analysis.scores.quadrant, Some(Quadrant::Strategic));
        assert_eq!(analysis.scores.attractiveness, Some(6.5));
    }
}

#[test]
fn an_abc_bound_hit_exactly_by_decimal_money() {
    // 11.6 / 14.5 is exactly 0.8; in f64 it is 0.7999999999999999 and would make b an A.
    let mut config = config();
    config.segmentation.abc_cutoffs = [decimal("0.8"), decimal("0.95")];
    let row = |revenue: &str| FiscalYear {
        year: 2025,
        revenue: Amount::Decimal(decimal(revenue)),
        gross_margin: None,
        cost_to_serve: Amount::ZERO,
        wallet: None,
    };
    let (accounts, portfolio) = analyse(
        vec![
            account("a").year_row(row("11.6")).build(),
            account("b").year_row(row("2.9")).build(),
        ],
        &config,
    );
    assert_eq!(find(&accounts, &portfolio, "a").economics.abc, AbcClass::A);
    let b = &find(&accounts, &portfolio, "b").economics;
    assert_eq!(b.abc, AbcClass::B, "before = 0.8 is not below the A bound");
    assert_eq!(b.cumulative_share, 1.0);
}

#[test]
fn a_decline_exactly_at_the_threshold_raises_the_alert() {
    let row = |year: i32, revenue: &str| FiscalYear {
        year,
        revenue: Amount::Decimal(decimal(revenue)),
        gross_margin: None,
        cost_to_serve: Amount::ZERO,
        wallet: None,
    };
    // 3.0 → 2.7 is exactly −10 %; in f64 (2.7 − 3.0) / 3.0 is −0.09999999999999995.
    let declining = || {
        account("a")
            .year_row(row(2024, "3.0"))
            .year_row(row(2025, "2.7"))
            .build()
    };
    assert!(codes(&one(declining())).contains(&"revenue_decline"));
    // A custom threshold: −25 % from 4.0 to 3.0 meets −0.25, −24.9 % does not.
    let mut config = config();
    config.alerts.revenue_decline = decimal("-0.25");
    let at = account("a")
        .year_row(row(2024, "4.0"))
        .year_row(row(2025, "3.0"))
        .build();
    assert!(codes(&one_with(at, &config)).contains(&"revenue_decline"));
    let above = account("a")
        .year_row(row(2024, "4.0"))
        .year_row(row(2025, "3.004"))
        .build();
    assert!(!codes(&one_with(above, &config)).contains(&"revenue_decline"));
    assert!(!codes(&one_with(declining(), &config)).contains(&"revenue_decline"));
}

#[test]
fn a_plan_is_stale_one_day_past_stale_days() {
    let config = config();
    let days = config.plan.stale_days;
    let at = one(account("a").reviewed(day(-days)).build());
    assert_eq!(at.plan.last_reviewed, Some(day(-days)));
    assert!(!at.plan.stale, "exactly stale_days ago is not stale yet");
    assert!(!codes(&at).contains(&"stale_plan"));
    let past = one(account("a").reviewed(day(-days - 1)).build());
    assert!(past.plan.stale);
    assert!(codes(&past).contains(&"stale_plan"));
    let never = one(account("a").build());
    assert_eq!(never.plan.last_reviewed, None);
    assert!(!never.plan.stale, "no review date: not stale, just unknown");
}

#[test]
fn departments_and_owners_are_counted_by_name_key() {
    // SPEC v2 §7: three spellings of one department and of one owner are one each.
    let analysis = one(account("a")
        .contact("Inköp", Role::Decider, "Anna Berg")
        .contact("inköp", Role::Buyer, "anna berg")
        .contact("Inköp ", Role::User, "Anna  Berg ")
        .contact("Produktion", Role::Influencer, "Bo Ek")
        .build());
    assert_eq!(analysis.relationship.functions, 2);
    assert_eq!(analysis.relationship.owners, 2);
    assert_eq!(
        analysis.relationship.structure,
        ContactStructure::Developing
    );
}

#[test]
fn a_contact_without_function_or_owner_adds_neither() {
    let analysis = one(account("a")
        .contact("Inköp", Role::Decider, "Anna Berg")
        .bare_contact("Eva-Lena Kron")
        .build());
    assert_eq!(analysis.relationship.functions, 1);
    assert_eq!(analysis.relationship.owners, 1);
    assert_eq!(analysis.relationship.structure, ContactStructure::BowTie);
    assert!(analysis.relationship.missing_roles.contains(&Role::Buyer));
}
