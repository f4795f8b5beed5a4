//! Invariants of SPEC §4–§9 over random portfolios and configurations (proptest).

mod common;

use common::{SPEC_ALERT_ORDER, account, config, day, factors, statuses};
use kam::amount::{Amount, approx, decimal_of};
use kam::analysis::Portfolio;
use kam::analysis::scores::Quadrant;
use kam::config::Config;
use kam::content::model::{Account, FiscalYear, Role, Stage, Status};
use proptest::prelude::*;
use rust_decimal::Decimal;

const YEARS: [i32; 3] = [2023, 2024, 2025];

/// Scores 0..=10: mostly whole and half points (ties at the cut-offs are likely), some
/// arbitrary.
fn score() -> impl Strategy<Value = f64> {
    prop_oneof![
        (0u8..=20).prop_map(|half| f64::from(half) / 2.0),
        0.0..=10.0f64,
    ]
}

/// Money: zero often, small integers (ties likely), large integers, some floats.
fn money() -> impl Strategy<Value = Amount> {
    prop_oneof![
        2 => Just(Amount::Int(0)),
        4 => (1i64..=20).prop_map(|n| Amount::Int(n * 10)),
        2 => (1i64..=5_000_000_000).prop_map(Amount::Int),
        1 => (0.0..1e7f64).prop_map(Amount::Float),
    ]
}

fn fiscal_year(year: i32) -> impl Strategy<Value = FiscalYear> {
    (
        money(),
        -1_000i64..=1_000,
        0i64..=500,
        proptest::option::of(1i64..=100_000),
    )
        .prop_map(
            move |(revenue, gross_margin, cost_to_serve, wallet)| FiscalYear {
                year,
                revenue,
                gross_margin: Some(Amount::Int(gross_margin)),
                cost_to_serve: Amount::Int(cost_to_serve),
                wallet: wallet.map(Amount::Int),
            },
        )
}

fn status() -> impl Strategy<Value = Status> {
    (0usize..5).prop_map(|index| statuses()[index])
}

fn role() -> impl Strategy<Value = Role> {
    (0usize..Role::ALL.len()).prop_map(|index| Role::ALL[index].1)
}

fn stage() -> impl Strategy<Value = Stage> {
    (0usize..Stage::ALL.len()).prop_map(|index| Stage::ALL[index].1)
}

fn weights() -> impl Strategy<Value = Vec<f64>> {
    proptest::collection::vec(
        prop_oneof![(1u8..=50).prop_map(f64::from), 0.001..100.0f64],
        1..=5,
    )
}

fn config_strategy() -> impl Strategy<Value = Config> {
    (
        weights(),
        weights(),
        score(),
        score(),
        (0.01..=1.0f64, 0.0..=1.0f64),
        (0i64..=30, 0i64..=60),
        proptest::option::of(2022i32..=2026),
    )
        .prop_map(
            |(attractiveness, strength, a_cut, s_cut, (a, b), (soon, red), reference_year)| {
                let mut config = config();
                let names = |prefix: &str, weights: &[f64]| -> Vec<(String, f64)> {
                    weights
                        .iter()
                        .enumerate()
                        .map(|(index, weight)| (format!("{prefix}{index}"), *weight))
                        .collect()
                };
                let to_factors = |pairs: Vec<(String, f64)>| {
                    let borrowed: Vec<(&str, f64)> =
                        pairs.iter().map(|(name, w)| (name.as_str(), *w)).collect();
                    factors(&borrowed)
                };
                config.segmentation.attractiveness_weights =
                    to_factors(names("a", &attractiveness));
                config.segmentation.strength_weights = to_factors(names("s", &strength));
                config.segmentation.attractiveness_cutoff = decimal_of(a_cut);
                config.segmentation.strength_cutoff = decimal_of(s_cut);
                // 0 < A <= B <= 1, as kam.toml validation guarantees.
                config.segmentation.abc_cutoffs = [
                    decimal_of(a),
                    decimal_of(a + (1.0 - a) * b)
                        .min(Decimal::ONE)
                        .max(decimal_of(a)),
                ];
                config.plan.due_soon_days = soon;
                config.plan.red_overdue_days = red;
                config.reference_year = reference_year;
                config
            },
        )
}

fn account_strategy(
    slug: String,
    attractiveness: usize,
    strength: usize,
) -> impl Strategy<Value = Account> {
    (
        proptest::collection::vec(score(), attractiveness),
        proptest::collection::vec(score(), strength),
        stage(),
        [
            proptest::option::of(fiscal_year(YEARS[0])),
            proptest::option::of(fiscal_year(YEARS[1])),
            proptest::option::of(fiscal_year(YEARS[2])),
        ],
        proptest::collection::vec(-60i64..=60, 0..3),
        proptest::collection::vec(
            (proptest::option::of(0usize..3), -60i64..=60, status()),
            0..6,
        ),
        proptest::collection::vec((0usize..4, 0usize..4, role()), 0..6),
    )
        .prop_map(move |(a, s, stage, years, objectives, actions, contacts)| {
            let mut builder = account(&slug).scores(&a, &s).stage(stage);
            for row in years.into_iter().flatten() {
                builder = builder.year_row(row);
            }
            for (index, due) in objectives.iter().enumerate() {
                builder = builder.objective(&format!("o{index}"), "Objective", day(*due));
            }
            for (index, (objective, due, status)) in actions.into_iter().enumerate() {
                let title = format!("action {index}");
                builder = match objective.filter(|o| *o < objectives.len()) {
                    Some(o) => builder.linked(&format!("o{o}"), &title, day(due), status),
                    None => builder.action(&title, day(due), status),
                };
            }
            for (function, owner, role) in contacts {
                builder = builder.contact(&format!("f{function}"), role, &format!("p{owner}"));
            }
            builder.build()
        })
}

fn portfolio_strategy() -> impl Strategy<Value = (Config, Vec<Account>)> {
    (config_strategy(), 0usize..10).prop_flat_map(|(config, count)| {
        let a = config.segmentation.attractiveness_weights.len();
        let s = config.segmentation.strength_weights.len();
        let accounts: Vec<_> = (0..count)
            .map(|index| account_strategy(format!("account-{index:02}"), a, s))
            .collect();
        (Just(config), accounts)
    })
}

fn run(config: &Config, accounts: &[Account]) -> Portfolio {
    kam::analysis::analyse(&common::shared(accounts), config, common::today())
}

/// SPEC §4's quadrant table, row by row: (attractiveness high, strength high, quadrant),
/// where a score is high when it is at or above its cut-off.
const QUADRANT_TABLE: [(bool, bool, Quadrant); 4] = [
    (true, true, Quadrant::Strategic),
    (true, false, Quadrant::Star),
    (false, true, Quadrant::Status),
    (false, false, Quadrant::Streamline),
];

fn revenue_in(account: &Account, year: Option<i32>) -> Option<&FiscalYear> {
    year.and_then(|year| account.years.iter().find(|row| row.year == year))
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    #[test]
    fn totals_add_up_to_the_account_count((config, accounts) in portfolio_strategy()) {
        let portfolio = run(&config, &accounts);
        let n = accounts.len();
        prop_assert_eq!(portfolio.accounts.len(), n);
        prop_assert_eq!(portfolio.totals.quadrant.iter().map(|(_, c)| c).sum::<usize>() + portfolio.totals.unscored, n);
        prop_assert_eq!(portfolio.totals.abc.iter().map(|(_, c)| c).sum::<usize>(), n);
        prop_assert_eq!(portfolio.totals.rag.iter().map(|(_, c)| c).sum::<usize>(), n);
        for (quadrant, count) in &portfolio.totals.quadrant {
            let actual = portfolio.accounts.iter().filter(|a| a.scores.quadrant == Some(*quadrant)).count();
            prop_assert_eq!(*count, actual);
        }
        for (class, count) in &portfolio.totals.abc {
            let actual = portfolio.accounts.iter().filter(|a| a.economics.abc == *class).count();
            prop_assert_eq!(*count, actual);
        }
        for (rag, count) in &portfolio.totals.rag {
            let actual = portfolio.accounts.iter().filter(|a| a.plan.rag == *rag).count();
            prop_assert_eq!(*count, actual);
        }
    }

    #[test]
    fn abc_class_never_improves_as_revenue_falls((config, accounts) in portfolio_strategy()) {
        let portfolio = run(&config, &accounts);
        let mut order = portfolio.abc_order.clone();
        order.sort_unstable();
        prop_assert_eq!(order, (0..accounts.len()).collect::<Vec<_>>());
        for pair in portfolio.abc_order.windows(2) {
            let (ahead, behind) = (&portfolio.accounts[pair[0]].economics, &portfolio.accounts[pair[1]].economics);
            let (r_ahead, r_behind) = (ahead.revenue.as_f64(), behind.revenue.as_f64());
            prop_assert!(r_ahead >= r_behind, "revenue rises in ABC order");
            if r_ahead == r_behind {
                prop_assert!(accounts[pair[0]].slug < accounts[pair[1]].slug, "tie not by slug");
            }
            prop_assert!(ahead.abc <= behind.abc, "class improves: {:?} then {:?}", ahead.abc, behind.abc);
            prop_assert!(ahead.rank + 1 == behind.rank);
        }
        for (i, x) in portfolio.accounts.iter().enumerate() {
            for (j, y) in portfolio.accounts.iter().enumerate() {
                if x.economics.revenue.as_f64() > y.economics.revenue.as_f64() {
                    prop_assert!(x.economics.abc <= y.economics.abc, "{} vs {}", i, j);
                }
            }
        }
    }

    #[test]
    fn cumulative_share_rises_to_one((config, accounts) in portfolio_strategy()) {
        let portfolio = run(&config, &accounts);
        let total: f64 = portfolio.accounts.iter().map(|a| a.economics.revenue.as_f64()).sum();
        let shares: Vec<f64> = portfolio
            .abc_order
            .iter()
            .map(|&i| portfolio.accounts[i].economics.cumulative_share)
            .collect();
        for pair in shares.windows(2) {
            prop_assert!(pair[0] <= pair[1], "{:?}", shares);
        }
        if total > 0.0 {
            prop_assert_eq!(shares.last().copied(), Some(1.0));
            let sum: f64 = portfolio.accounts.iter().map(|a| a.economics.revenue_share).sum();
            prop_assert!((sum - 1.0).abs() < 1e-9);
            // The largest account has nothing ahead of it: before = 0 < abc_cutoffs[0].
            let first = &portfolio.accounts[portfolio.abc_order[0]].economics;
            prop_assert_eq!(first.abc, kam::analysis::economics::AbcClass::A);
        } else {
            for analysis in &portfolio.accounts {
                prop_assert_eq!(analysis.economics.abc, kam::analysis::economics::AbcClass::C);
                prop_assert_eq!(analysis.economics.revenue_share, 0.0);
            }
        }
        for analysis in &portfolio.accounts {
            let share = analysis.economics.revenue_share;
            prop_assert!((0.0..=1.0).contains(&share));
        }
    }

    #[test]
    fn progress_is_a_fraction_or_null_exactly_when_nothing_counts((config, accounts) in portfolio_strategy()) {
        let portfolio = run(&config, &accounts);
        for (account, analysis) in accounts.iter().zip(&portfolio.accounts) {
            let counted = account.actions.iter().filter(|a| a.status != Status::Cancelled).count();
            let done = account.actions.iter().filter(|a| a.status == Status::Done).count();
            match analysis.plan.progress {
                None => {
                    prop_assert_eq!(counted, 0);
                    // SPEC v2 §6: red comes before none, so only an overdue objective can
                    // colour a plan without counted actions.
                    let expected = if analysis.plan.objectives.iter().any(|o| o.overdue) {
                        kam::analysis::plan::Rag::Red
                    } else {
                        kam::analysis::plan::Rag::None
                    };
                    prop_assert_eq!(analysis.plan.rag, expected);
                }
                Some(progress) => {
                    prop_assert!(counted > 0);
                    prop_assert!((0.0..=1.0).contains(&progress));
                    prop_assert_eq!(progress, done as f64 / counted as f64);
                    prop_assert_ne!(analysis.plan.rag, kam::analysis::plan::Rag::None);
                }
            }
        }
    }

    #[test]
    fn growth_is_null_exactly_when_the_previous_revenue_is_missing((config, accounts) in portfolio_strategy()) {
        let portfolio = run(&config, &accounts);
        let largest = accounts.iter().flat_map(|a| a.years.iter().map(|row| row.year)).max();
        let year = config.reference_year.or(largest);
        prop_assert_eq!(portfolio.reference_year, year);
        for (account, analysis) in accounts.iter().zip(&portfolio.accounts) {
            let current = revenue_in(account, year);
            let previous = revenue_in(account, year.map(|y| y - 1));
            let defined = previous.is_some_and(|row| !row.revenue.is_zero());
            prop_assert_eq!(analysis.economics.growth.is_some(), defined);
            if current.is_none() && defined {
                // SPEC v2 §5: a lost customer.
                prop_assert_eq!(analysis.economics.growth, Some(-1.0));
            }
            if let (Some(growth), Some(current), Some(previous)) = (analysis.economics.growth, current, previous) {
                // The f64 nearest to the exact ratio (SPEC v2 §4a), not the f64 quotient of f64s.
                let exact = (current.revenue.exact() - previous.revenue.exact()) / previous.revenue.exact();
                prop_assert_eq!(growth, approx(exact));
            }
            prop_assert_eq!(
                analysis.economics.gross_margin_pct.is_some(),
                current.is_some_and(|row| !row.revenue.is_zero())
            );
            prop_assert_eq!(
                analysis.economics.net_contribution.is_some(),
                current.is_some_and(|row| row.gross_margin.is_some())
            );
            prop_assert_eq!(
                analysis.economics.share_of_wallet.is_some(),
                current.is_some_and(|row| row.wallet.is_some())
            );
            let revenue = current.map_or(Amount::Int(0), |row| row.revenue);
            prop_assert_eq!(analysis.economics.revenue, revenue);
        }
    }

    #[test]
    fn the_quadrant_depends_neither_on_the_order_nor_on_the_scale_of_the_weights(
        (config, accounts) in portfolio_strategy(),
        rotate in 0usize..8,
        scale in prop::sample::select(vec![1i64, 3, 7, 10, 1000]),
    ) {
        let before = run(&config, &accounts);
        let mut moved = config.clone();
        let mut moved_accounts = accounts.clone();
        for (weights, pick) in [
            (&mut moved.segmentation.attractiveness_weights, 0),
            (&mut moved.segmentation.strength_weights, 1),
        ] {
            let n = weights.len();
            let shift = rotate % n;
            weights.rotate_left(shift);
            for factor in weights.iter_mut() {
                factor.weight *= Decimal::from(scale);
            }
            for account in &mut moved_accounts {
                let scores = if pick == 0 { &mut account.attractiveness } else { &mut account.strength };
                if let Some(scores) = scores {
                    scores.rotate_left(shift);
                }
            }
        }
        let after = run(&moved, &moved_accounts);
        for (a, b) in before.accounts.iter().zip(&after.accounts) {
            prop_assert_eq!(a.scores.quadrant, b.scores.quadrant);
            prop_assert_eq!(a.scores.attractive, b.scores.attractive);
        }
    }

    #[test]
    fn scores_lie_between_the_smallest_and_largest_factor_score((config, accounts) in portfolio_strategy()) {
        let portfolio = run(&config, &accounts);
        let segmentation = &config.segmentation;
        for (account, analysis) in accounts.iter().zip(&portfolio.accounts) {
            for (value, scores) in [
                (analysis.scores.attractiveness, &account.attractiveness),
                (analysis.scores.strength, &account.strength),
            ] {
                // Unscored exactly when the file has no scores for the axis (SPEC v2 §3).
                prop_assert_eq!(value.is_some(), scores.is_some());
                let (Some(value), Some(scores)) = (value, scores) else { continue };
                let min = scores.iter().copied().map(approx).fold(f64::INFINITY, f64::min);
                let max = scores.iter().copied().map(approx).fold(f64::NEG_INFINITY, f64::max);
                // A weighted mean; rounding may overshoot by an ulp or two.
                let slack = 1e-12 * max.abs().max(1.0);
                prop_assert!(min - slack <= value && value <= max + slack, "{} not in [{}, {}]", value, min, max);
            }
            let (Some(attractiveness), Some(strength)) =
                (account.attractiveness.as_ref(), account.strength.as_ref())
            else {
                prop_assert_eq!(analysis.scores.quadrant, None);
                continue;
            };
            // High means Σ w·s >= cut-off · Σ w, in exact decimals (SPEC v2 §4a).
            let high = |factors: &[kam::config::Factor], scores: &[Decimal], cutoff: Decimal| {
                let sum: Decimal = factors.iter().zip(scores).map(|(f, s)| f.weight * s).sum();
                let weights: Decimal = factors.iter().map(|f| f.weight).sum();
                sum >= cutoff * weights
            };
            let attractive = high(&segmentation.attractiveness_weights, attractiveness, segmentation.attractiveness_cutoff);
            let strong = high(&segmentation.strength_weights, strength, segmentation.strength_cutoff);
            let expected = QUADRANT_TABLE
                .iter()
                .find(|(a, s, _)| (*a, *s) == (attractive, strong))
                .map(|(_, _, quadrant)| *quadrant);
            prop_assert_eq!(analysis.scores.quadrant, expected);
        }
    }

    #[test]
    fn alerts_follow_the_spec_order_of_codes((config, accounts) in portfolio_strategy()) {
        let portfolio = run(&config, &accounts);
        for (account, analysis) in accounts.iter().zip(&portfolio.accounts) {
            let mut positions = Vec::new();
            for alert in &analysis.alerts {
                let position = SPEC_ALERT_ORDER.iter().position(|code| *code == alert.code());
                prop_assert!(position.is_some(), "{} is not in SPEC §9's order", alert.code());
                positions.extend(position);
            }
            for pair in positions.windows(2) {
                prop_assert!(pair[0] <= pair[1], "{:?}", positions);
            }
            let count = |code: &str| analysis.alerts.iter().filter(|alert| alert.code() == code).count();
            prop_assert_eq!(count("action_overdue"), analysis.plan.overdue);
            prop_assert_eq!(
                count("objective_overdue"),
                analysis.plan.objectives.iter().filter(|state| state.overdue).count()
            );
            prop_assert_eq!(count("plan_blocked"), usize::from(analysis.plan.blocked > 0));
            prop_assert!(count("no_plan") == 0 || (count("plan_blocked") == 0 && count("action_overdue") == 0));
            prop_assert_eq!(
                count("missing_decider"),
                usize::from(!account.contacts.iter().any(|c| c.role == Some(Role::Decider)))
            );
        }
    }
}
