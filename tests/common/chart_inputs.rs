//! Chart inputs with Swedish labels, shared by the chart tests (`tests/charts.rs`) and the
//! chart benchmark (`benches/charts.rs`), so both draw the same kind of chart. Each user
//! takes what it needs.
#![allow(dead_code)]

use kam::charts::*;
use kam::config::Language;
use kam::i18n::Format;

pub const SV: Format<'static> = Format {
    language: Language::Sv,
    currency: "SEK",
};

pub fn meta(id: &str, title: &str) -> Meta {
    Meta {
        id: id.to_string(),
        title: title.to_string(),
        desc: format!("{title}: beskrivning för skärmläsare."),
        no_data: "Det finns inga uppgifter att visa.".to_string(),
    }
}

pub fn point(
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
        trail: None,
    }
}

pub fn many_points(n: usize) -> Vec<MatrixPoint> {
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

pub fn matrix_input(
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
        points: points.into(),
        highlight,
        compact,
        backdrop: kam::charts::Backdrop::Inline,
    }
}

pub fn pareto_accounts(points: &[MatrixPoint]) -> Vec<ParetoAccount> {
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

pub fn pareto_input(accounts: &[ParetoAccount]) -> ParetoInput<'_> {
    ParetoInput {
        meta: meta("abc", "ABC-analys"),
        format: SV,
        accounts: accounts.into(),
        cutoffs: [0.8, 0.95],
        class_labels: ["A".into(), "B".into(), "C".into()],
        x_label: "Kunder efter omsättning".into(),
        y_label: "Omsättning 2025 (kr)".into(),
        share_label: "Kumulativ andel (%)".into(),
    }
}

pub fn history_input(years: &[HistoryYear]) -> HistoryInput<'_> {
    HistoryInput {
        meta: meta("history", "Omsättning och marginal"),
        format: SV,
        years: years.into(),
        revenue_label: "Omsättning".into(),
        margin_label: "Bruttomarginal".into(),
        contribution_label: "Nettobidrag efter betjäningskostnad".into(),
        y_label: "Belopp (kr)".into(),
    }
}

pub fn factor(label: &str, score: f64, weight: f64, total: f64) -> ScoreFactor {
    ScoreFactor {
        label: label.into(),
        score,
        weight,
        contribution: weight * score / total,
    }
}

pub fn score_input(bars: &[ScoreBar]) -> ScoreInput<'_> {
    ScoreInput {
        meta: meta("scores", "Poängens delar"),
        format: SV,
        bars: bars.into(),
        cutoff_label: "Gräns".into(),
    }
}

pub fn progress_input(objectives: &[ObjectiveProgress]) -> ProgressInput<'_> {
    ProgressInput {
        meta: meta("plan", "Handlingsplanen"),
        format: SV,
        objectives: objectives.into(),
        no_actions: "Inga aktiviteter ännu".into(),
    }
}

pub fn rag_input(counts: [usize; 4]) -> RagInput<'static> {
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

/// A value chain of `count` accounts over four stages; every third sells to an account
/// further down, every fifth to a customer outside the portfolio.
pub fn chain_accounts(count: usize) -> Vec<ChainAccount> {
    (0..count)
        .map(|index| {
            let mut sells_to = Vec::new();
            if index % 3 == 0 && index + 5 < count {
                sells_to.push(ChainCustomer::Account(index + 5));
            }
            if index % 5 == 0 {
                sells_to.push(ChainCustomer::Outside(format!("Butik & Co {}", index % 2)));
            }
            ChainAccount {
                key: format!("kund-{index:04}"),
                label: format!("Kund {index} <Ö>"),
                href: Some(format!("accounts/kund-{index:04}/")),
                stage: index % 4,
                revenue: 1_000_000.0 * ((index % 7) as f64 + 1.0),
                group: ChainGroup::ALL[index % 5],
                sells_to,
            }
        })
        .collect()
}

pub fn chain_input(accounts: &[ChainAccount]) -> ChainInput<'_> {
    let stage = |label: &str| ChainStageText {
        label: label.to_string(),
        accounts: "3 nyckelkunder".to_string(),
        revenue: "12 000 000 kr".to_string(),
    };
    ChainInput {
        meta: meta("chain", "Värdekedjan"),
        format: SV,
        stages: vec![
            stage("Skogsägare"),
            stage("Sågverk och massabruk"),
            stage("Kartong- och pappersbruk"),
            stage("Grossist"),
        ],
        accounts: accounts.into(),
        group_labels: [
            "Strategisk",
            "Stjärna",
            "Status",
            "Effektivisera",
            "Ej bedömd",
        ]
        .map(String::from),
        outside_label: "Utanför portföljen".to_string(),
        size_label: "Omsättning 2025".to_string(),
    }
}

/// Contacts of `owners` × `functions`, one per pair, strengths cycling 1–5.
pub fn relationship_input(owners: usize, functions: usize) -> RelationshipInput {
    let contacts = (0..owners * functions)
        .map(|index| RelationshipContact {
            name: format!("Kontakt {index} Åström"),
            role: (index % 3 != 2).then(|| ["beslutsfattare", "inköpare"][index % 2].to_string()),
            owner: Some(index % owners.max(1)),
            function: Some(index / owners.max(1)),
            strength: Some((index % 5) as u8 + 1),
        })
        .collect();
    let shape = match (owners, functions) {
        (o, f) if o <= 1 || f <= 1 => RelationshipShape::BowTie,
        (o, f) if o >= 3 && f >= 3 => RelationshipShape::Diamond,
        _ => RelationshipShape::Developing,
    };
    RelationshipInput {
        meta: meta("relationship", "Relationskarta"),
        owners: (0..owners).map(|i| format!("Säljare {i}")).collect(),
        functions: (0..functions)
            .map(|i| format!("Funktion {i} & ö"))
            .collect(),
        contacts,
        shape,
        our_side: "Hos oss".to_string(),
        their_side: "Hos kunden".to_string(),
        no_owner: "Ingen ägare".to_string(),
        no_function: "Ingen funktion".to_string(),
        strength_label: "Styrka".to_string(),
        missing: Some("Roller utan kontakt: användare".to_string()),
    }
}
