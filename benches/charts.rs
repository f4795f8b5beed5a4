//! How long each chart takes to draw: `cargo bench --bench charts`.
//!
//! Times every chart type over many iterations with `Instant` (median, mean and minimum
//! per chart in µs), a 10,000-point portfolio matrix, and then the charts of 10,000
//! account pages drawn one after another and with rayon, which also shows that drawing
//! from many threads gives the same bytes.

#[path = "../tests/common/chart_inputs.rs"]
mod chart_inputs;

use std::hint::black_box;
use std::time::{Duration, Instant};

use chart_inputs::*;
use kam::charts::*;
use rayon::prelude::*;

fn years(seed: usize) -> Vec<HistoryYear> {
    (0..5)
        .map(|i| {
            let revenue = 10e6 + (seed % 13) as f64 * 1e6 + i as f64 * 2e6;
            HistoryYear {
                year: 2021 + i,
                revenue,
                gross_margin: Some(revenue * 0.2 - 2.5e6),
                net_contribution: (i > 0).then_some(revenue * 0.2 - 3.5e6),
            }
        })
        .collect()
}

fn score_bars(seed: usize) -> Vec<ScoreBar> {
    let part = |label: &str, score: f64, weight: f64| factor(label, score, weight, 100.0);
    let s = (seed % 5) as f64;
    vec![
        ScoreBar {
            label: "Attraktivitet".into(),
            value: (30.0 * 8.0 + 25.0 * 6.0 + 20.0 * 5.0 + 25.0 * s) / 100.0,
            cutoff: 5.0,
            factors: vec![
                part("Volym", 8.0, 30.0),
                part("Tillväxt", 6.0, 25.0),
                part("Marginal", 5.0, 20.0),
                part("Strategisk passform", s, 25.0),
            ],
        },
        ScoreBar {
            label: "Styrka".into(),
            value: (30.0 * 7.0 + 25.0 * 6.0 + 15.0 * 4.0 + 30.0 * 8.0) / 100.0,
            cutoff: 5.0,
            factors: vec![
                part("Produkt", 7.0, 30.0),
                part("Service", 6.0, 25.0),
                part("Pris", 4.0, 15.0),
                part("Relation", 8.0, 30.0),
            ],
        },
    ]
}

fn objectives(seed: usize) -> Vec<ObjectiveProgress> {
    (0..3)
        .map(|i| ObjectiveProgress {
            label: format!("Mål {i} för kund {seed}"),
            done: (seed + i) % 4,
            counted: 4,
            note: (i == 0).then(|| "Försenat".to_string()),
        })
        .collect()
}

struct Row {
    name: String,
    iterations: usize,
    median: Duration,
    mean: Duration,
    min: Duration,
    bytes: usize,
}

fn time(name: &str, iterations: usize, mut draw: impl FnMut() -> String) -> Row {
    for _ in 0..3.min(iterations) {
        black_box(draw());
    }
    let mut samples = Vec::with_capacity(iterations);
    let mut bytes = 0;
    for _ in 0..iterations {
        let started = Instant::now();
        let svg = black_box(draw());
        samples.push(started.elapsed());
        bytes = svg.len();
    }
    samples.sort_unstable();
    let total: Duration = samples.iter().sum();
    Row {
        name: name.to_string(),
        iterations,
        median: samples[samples.len() / 2],
        mean: total / iterations as u32,
        min: samples[0],
        bytes,
    }
}

fn micros(duration: Duration) -> String {
    format!("{:.1}", duration.as_secs_f64() * 1e6)
}

fn main() {
    let small = many_points(12);
    let medium = many_points(200);
    let large = many_points(10_000);
    let small_accounts = pareto_accounts(&small);
    let large_accounts = pareto_accounts(&large);
    let history = years(3);
    let bars = score_bars(3);
    let goals = objectives(3);

    let rows = vec![
        time("matrix, 12 accounts", 2_000, || {
            portfolio_matrix(&matrix_input(&small, None, false))
        }),
        time("matrix, 200 accounts", 300, || {
            portfolio_matrix(&matrix_input(&medium, None, false))
        }),
        time("matrix, 10,000 accounts", 20, || {
            portfolio_matrix(&matrix_input(&large, None, false))
        }),
        time("matrix compact, highlight in 200", 1_000, || {
            portfolio_matrix(&matrix_input(&medium, Some(17), true))
        }),
        time("matrix compact, highlight in 10,000", 200, || {
            portfolio_matrix(&matrix_input(&large, Some(17), true))
        }),
        time("pareto, 12 accounts", 2_000, || {
            pareto(&pareto_input(&small_accounts))
        }),
        time("pareto, 10,000 accounts", 200, || {
            pareto(&pareto_input(&large_accounts))
        }),
        time("account history, 5 years", 2_000, || {
            account_history(&history_input(&history))
        }),
        time("score breakdown, 2×4 factors", 2_000, || {
            score_breakdown(&score_input(&bars))
        }),
        time("plan progress, 3 objectives", 2_000, || {
            plan_progress(&progress_input(&goals))
        }),
        time("rag counts", 2_000, || {
            rag_counts(&rag_input([812, 2_390, 6_120, 678]))
        }),
    ];

    println!();
    println!(
        "{:<38} {:>7} {:>11} {:>11} {:>11} {:>9}",
        "chart", "runs", "median µs", "mean µs", "min µs", "bytes"
    );
    for row in &rows {
        println!(
            "{:<38} {:>7} {:>11} {:>11} {:>11} {:>9}",
            row.name,
            row.iterations,
            micros(row.median),
            micros(row.mean),
            micros(row.min),
            row.bytes
        );
    }

    // The charts of 10,000 account pages: history, score breakdown, plan progress and the
    // compact matrix highlighting the account among all 10,000.
    let page = |index: usize| -> Vec<String> {
        let history = years(index);
        let bars = score_bars(index);
        let goals = objectives(index);
        vec![
            account_history(&history_input(&history)),
            score_breakdown(&score_input(&bars)),
            plan_progress(&progress_input(&goals)),
            portfolio_matrix(&matrix_input(&large, Some(index), true)),
        ]
    };
    let started = Instant::now();
    let sequential: Vec<Vec<String>> = (0..10_000).map(page).collect();
    let sequential_time = started.elapsed();
    let started = Instant::now();
    let parallel: Vec<Vec<String>> = (0..10_000).into_par_iter().map(page).collect();
    let parallel_time = started.elapsed();
    let same = sequential == parallel;
    let bytes: usize = parallel.iter().flatten().map(String::len).sum();
    println!();
    println!(
        "10,000 account pages × 4 charts: sequential {:.2} s, rayon on {} threads {:.2} s ({:.1}×), {:.1} MB of SVG, identical output: {same}",
        sequential_time.as_secs_f64(),
        rayon::current_num_threads(),
        parallel_time.as_secs_f64(),
        sequential_time.as_secs_f64() / parallel_time.as_secs_f64(),
        bytes as f64 / 1e6,
    );
    if !same {
        std::process::exit(1);
    }
}
