//! Deterministic synthetic portfolios: `kam synth DIR --accounts N --seed S`.
//!
//! A generated site is a complete, valid kam site (SPEC §1–§3) with a realistic spread: every
//! quadrant, skewed (Pareto-like) revenues so the ABC classes mean something, every
//! relationship stage and contact structure, and plans in every RAG state. It is for trying
//! kam at scale, for benchmarks and for tests that need many accounts.
//!
//! It is not the demo: the prose is a few template sentences, and nothing here is meant to be
//! read as KAM advice. The same `(accounts, seed)` always gives byte-identical files, because
//! everything is drawn from one seeded ChaCha stream in a fixed order and `today` is written
//! into the generated kam.toml (the plans are built around [`TODAY`]). Revenue goes through
//! `ln`/`exp`/`cos`, whose last bits may differ between platforms' maths libraries; after
//! rounding to whole thousands that could only show in a rare borderline case.

use std::collections::BTreeSet;
use std::fmt::Write as _;
use std::io;
use std::path::{Path, PathBuf};

use rand::{RngExt, SeedableRng};
use rand_chacha::ChaCha8Rng;
use time::macros::date;
use time::{Date, Duration};

use crate::analysis::plan::Rag;
use crate::analysis::scores::Quadrant;
use crate::content::model::{Role, Stage, Status};
use crate::slug::slugify;

/// The date every generated kam.toml fixes as `today`; due dates are drawn around it.
pub const TODAY: Date = date!(2026 - 11 - 27);

/// The last fiscal year a generated account reports, so the reference year is stable.
const LAST_YEAR: i32 = 2025;

/// SPEC §2's default factors, written out in the generated kam.toml.
const ATTRACTIVENESS: [(&str, f64); 4] = [
    ("volume", 30.0),
    ("growth", 25.0),
    ("margin", 20.0),
    ("strategic_fit", 25.0),
];
const STRENGTH: [(&str, f64); 4] = [
    ("product", 30.0),
    ("service", 25.0),
    ("price", 15.0),
    ("relationship", 30.0),
];
const CUTOFF: f64 = 5.0;
const DUE_SOON_DAYS: i64 = 14;
const RED_OVERDUE_DAYS: i64 = 30;

/// A kind of customer along the forest-industry value chain.
struct Industry {
    /// Shown as the account's `industry`.
    label: &'static str,
    /// Appended to the invented place name: "Björkviks" + " Såg AB".
    suffix: &'static str,
    tag: &'static str,
    /// What we sell them, for the notes.
    supply: &'static str,
    /// Who buys from them, for the notes.
    customers: &'static str,
}

const INDUSTRIES: &[Industry] = &[
    Industry {
        label: "Skogsägareförening",
        suffix: "Skogsägare ek. för.",
        tag: "skogsägare",
        supply: "plantskydd och märkfärg",
        customers: "medlemmarna, och via dem sågverk och massabruk som köper virket",
    },
    Industry {
        label: "Skogsentreprenör",
        suffix: "Skogstjänst AB",
        tag: "skogsvård",
        supply: "plantskydd",
        customers: "skogsbolag och skogsägareföreningar som upphandlar plantering",
    },
    Industry {
        label: "Sågverk",
        suffix: "Såg AB",
        tag: "sågverk",
        supply: "blånadsskydd och ändförsegling",
        customers: "trävaruhandel, byggföretag och exportkunder",
    },
    Industry {
        label: "Sågverk och limträ",
        suffix: "Trä AB",
        tag: "limträ",
        supply: "konstruktionslim och härdare",
        customers: "byggföretag och stommentreprenörer",
    },
    Industry {
        label: "Sulfatmassa",
        suffix: "Massa AB",
        tag: "massa",
        supply: "blekkemikalier och skumdämpare",
        customers: "tissue-, kartong- och specialpappersbruk",
    },
    Industry {
        label: "Papper",
        suffix: "Bruk AB",
        tag: "papper",
        supply: "retentionsmedel och skumdämpare",
        customers: "tryckerier och förlag",
    },
    Industry {
        label: "Kartong",
        suffix: "Kartong AB",
        tag: "kartong",
        supply: "bindemedel, ytlimning och barriärer",
        customers: "förpackningstillverkare och varumärkesägare",
    },
    Industry {
        label: "Kartongförpackningar",
        suffix: "Förpackning AB",
        tag: "förpackning",
        supply: "dispersionslim",
        customers: "livsmedelsproducenter och detaljhandelns egna märken",
    },
    Industry {
        label: "Wellpapp",
        suffix: "Wellpapp AB",
        tag: "wellpapp",
        supply: "stärkelselim",
        customers: "e-handel, industri och grossister",
    },
    Industry {
        label: "Tryckeri",
        suffix: "Tryck AB",
        tag: "tryckeri",
        supply: "lack och bindlim",
        customers: "förlag, föreningar och lokala varumärken",
    },
    Industry {
        label: "Grossist",
        suffix: "Industrihandel AB",
        tag: "grossist",
        supply: "lim, oljor och träskydd för vidareförsäljning",
        customers: "små industri- och hantverksföretag",
    },
    Industry {
        label: "Bygghandel, butikskedja",
        suffix: "Bygghandel AB",
        tag: "detaljhandel",
        supply: "träskydd och trälim under eget märke",
        customers: "privatpersoner och hantverkare",
    },
];

const PLACE_HEADS: &[&str] = &[
    "Norr", "Sör", "Väster", "Öster", "Björk", "Gran", "Tall", "Ek", "Asp", "Lind", "Sten", "Berg",
    "Sjö", "Myr", "Hed", "Lid", "Fors", "Holm", "Dal", "Bäck", "Kärr", "Ljung", "Rönn", "Al",
    "Hägg", "Sälg", "Tjärn", "Mål", "Ny", "Gammel", "Kvarn", "Hammar", "Lövs", "Ulv", "Björn",
    "Ren", "Stor", "Lill", "Mjö", "Ros",
];
const PLACE_TAILS: &[&str] = &[
    "by", "sjö", "fors", "vik", "näs", "berg", "dal", "ås", "mo", "lund", "hed", "bäcken",
    "strand", "torp", "åker", "haga", "myra", "liden", "holmen", "vallen",
];
const FIRST_NAMES: &[&str] = &[
    "Anna", "Erik", "Maria", "Lars", "Karin", "Johan", "Elin", "Per", "Sara", "Mikael", "Linnea",
    "Anders", "Emma", "Fredrik", "Ida", "Magnus", "Sofia", "Jonas", "Hanna", "Peter", "Malin",
    "Stefan", "Johanna", "Henrik", "Frida", "Mats", "Camilla", "Ola", "Therese", "Björn", "Lena",
    "Tobias", "Kristina", "Niklas", "Åsa", "Göran", "Ebba", "Oskar", "Märta", "Ulf",
];
const LAST_NAMES: &[&str] = &[
    "Andersson",
    "Johansson",
    "Karlsson",
    "Nilsson",
    "Eriksson",
    "Larsson",
    "Olsson",
    "Persson",
    "Svensson",
    "Gustafsson",
    "Lindqvist",
    "Holmberg",
    "Forsberg",
    "Sundström",
    "Lindahl",
    "Öberg",
    "Åström",
    "Hedlund",
    "Wikström",
    "Nyström",
    "Berglund",
    "Sjöberg",
    "Lundgren",
    "Håkansson",
    "Ekström",
    "Granlund",
    "Dahlberg",
    "Bäckström",
    "Norberg",
    "Strand",
    "Vikström",
    "Hägglund",
    "Söderlund",
    "Engström",
    "Falk",
    "Blom",
    "Ståhl",
    "Lejon",
    "Furberg",
    "Ahlgren",
];

/// Titles that fit each buying-centre role, each with the customer's department that holds it.
fn role_profile(role: Role) -> &'static [(&'static str, &'static str)] {
    match role {
        Role::Decider => &[
            ("VD", "ledning"),
            ("Fabrikschef", "ledning"),
            ("Platschef", "ledning"),
            ("Teknisk direktör", "teknik"),
            ("Verksamhetschef", "ledning"),
        ],
        Role::Buyer => &[
            ("Inköpschef", "inköp"),
            ("Inköpare", "inköp"),
            ("Kategoriansvarig inköp", "inköp"),
        ],
        Role::User => &[
            ("Processingenjör", "produktion"),
            ("Produktionsledare", "produktion"),
            ("Skiftledare", "produktion"),
            ("Lagerchef", "logistik"),
        ],
        Role::Influencer => &[
            ("Kvalitetschef", "kvalitet"),
            ("Laboratoriechef", "kvalitet"),
            ("Utvecklingsingenjör", "teknik"),
            ("Hållbarhetschef", "hållbarhet"),
        ],
        Role::Initiator => &[
            ("Driftchef", "produktion"),
            ("Underhållschef", "underhåll"),
            ("Projektledare", "teknik"),
        ],
        Role::Gatekeeper => &[
            ("Assistent", "ledning"),
            ("Inköpsassistent", "inköp"),
            ("Koordinator", "ledning"),
        ],
    }
}

const OBJECTIVES: &[(&str, &str)] = &[
    (
        "Öka vår andel av kundens inköp i kategorin",
        "Andel av kundens inköp från {a} % till {b} %",
    ),
    (
        "Förnya ramavtalet",
        "Treårsavtal signerat med minst {b} % av dagens volym",
    ),
    (
        "Sänka kundens förbrukning per producerad enhet",
        "Förbrukningen {a} % lägre än i fjol",
    ),
    (
        "Färre akutleveranser",
        "Högst {a} akutleveranser per kvartal",
    ),
    (
        "Kvalificera en ny produkt hos kunden",
        "Godkänd i kundens fullskaleprov och minst {b} ton per år",
    ),
    (
        "Bredda kontaktnätet",
        "Egna kontakter i minst {a} funktioner hos kunden",
    ),
    (
        "Förbättra nettobidraget",
        "Nettobidrag minst {b} % av omsättningen",
    ),
];

const ACTIONS: &[&str] = &[
    "Provkörning hos kunden",
    "Offert på helårsvolym",
    "Möte med beslutsfattaren",
    "Labbstudie på kundens råvara",
    "Uppföljningsmöte om leveranserna",
    "Kostnadsanalys tillsammans med kunden",
    "Utbildning av kundens operatörer",
    "Förslag på avropsschema",
    "Studiebesök i vårt applikationslabb",
    "Kvartalsrapport om förbrukning",
    "Introducera teknisk specialist",
    "Genomgång av reklamationer",
];

const NOTES: &[&str] = &[
    "Kunden vill se resultat från provkörningen innan volymerna diskuteras.",
    "Inköp har tagit in ett konkurrerande anbud; priset är fortsatt huvudfrågan.",
    "Produktionen är nöjd med leveranssäkerheten under kvartalet.",
    "Ny produktionschef sedan i höstas; vi har ännu inte träffats.",
    "Kunden planerar en ombyggnad och vill ha vårt underlag tidigt.",
    "Leveranserna har fungerat, men kunden beställer sent och ofta.",
];

/// Uniform pick from a non-empty list (every list here is a non-empty constant).
fn pick<'a, T>(rng: &mut ChaCha8Rng, items: &'a [T]) -> &'a T {
    &items[rng.random_range(0..items.len())]
}

/// Pick by integer weights; the lists are constants with a positive total.
fn weighted<T: Copy>(rng: &mut ChaCha8Rng, items: &[(T, u32)]) -> T {
    let total: u32 = items.iter().map(|(_, weight)| weight).sum();
    let mut ticket = rng.random_range(0..total);
    for (item, weight) in items {
        if ticket < *weight {
            return *item;
        }
        ticket -= weight;
    }
    items[items.len() - 1].0
}

fn shuffle<T>(rng: &mut ChaCha8Rng, items: &mut [T]) {
    for i in (1..items.len()).rev() {
        let j = rng.random_range(0..=i);
        items.swap(i, j);
    }
}

fn days(rng: &mut ChaCha8Rng, low: i64, high: i64) -> Date {
    TODAY.saturating_add(Duration::days(rng.random_range(low..=high)))
}

/// A TOML basic string.
fn quoted(text: &str) -> String {
    format!("\"{}\"", text.replace('\\', "\\\\").replace('"', "\\\""))
}

/// An integer with `_` between thousands, as people write money in the account files.
fn money(value: i64) -> String {
    let digits = value.unsigned_abs().to_string();
    let mut grouped = String::with_capacity(digits.len() + digits.len() / 3 + 1);
    if value < 0 {
        grouped.push('-');
    }
    for (index, digit) in digits.chars().enumerate() {
        if index > 0 && (digits.len() - index).is_multiple_of(3) {
            grouped.push('_');
        }
        grouped.push(digit);
    }
    grouped
}

fn round_to(value: f64, step: f64) -> i64 {
    ((value / step).round() * step) as i64
}

fn weighted_score(factors: &[(&str, f64)], scores: &[u8]) -> f64 {
    let total: f64 = factors.iter().map(|(_, weight)| weight).sum();
    factors
        .iter()
        .zip(scores)
        .map(|((_, weight), score)| weight * f64::from(*score))
        .sum::<f64>()
        / total
}

struct Contact {
    name: String,
    title: &'static str,
    function: &'static str,
    role: Role,
    owner: String,
    strength: u8,
}

struct Objective {
    id: String,
    title: &'static str,
    measure: String,
    due: Date,
}

struct Action {
    objective: Option<String>,
    title: &'static str,
    owner: String,
    due: Date,
    status: Status,
}

struct Year {
    year: i32,
    revenue: i64,
    gross_margin: i64,
    cost_to_serve: i64,
    wallet: Option<i64>,
}

struct Generator {
    rng: ChaCha8Rng,
    seed: u64,
    managers: Vec<String>,
    staff: Vec<String>,
    names: BTreeSet<String>,
    slugs: BTreeSet<String>,
}

impl Generator {
    fn new(accounts: usize, seed: u64) -> Generator {
        let mut rng = ChaCha8Rng::seed_from_u64(seed);
        // About 25 accounts per manager, as in a real KAM team, and never fewer than three
        // managers so the per-manager pages have something to compare.
        let manager_count = (accounts / 25).clamp(3, 40);
        let staff_count = manager_count * 2 + 4;
        let mut people = BTreeSet::new();
        let mut draw = |rng: &mut ChaCha8Rng, count: usize| {
            let mut chosen = Vec::with_capacity(count);
            // 40 × 40 names is far more than the at most 124 people drawn here.
            while chosen.len() < count {
                let name = format!("{} {}", pick(rng, FIRST_NAMES), pick(rng, LAST_NAMES));
                if people.insert(name.clone()) {
                    chosen.push(name);
                }
            }
            chosen
        };
        let managers = draw(&mut rng, manager_count);
        let staff = draw(&mut rng, staff_count);
        Generator {
            rng,
            seed,
            managers,
            staff,
            names: BTreeSet::new(),
            slugs: BTreeSet::new(),
        }
    }

    fn person(&mut self) -> String {
        format!(
            "{} {}",
            pick(&mut self.rng, FIRST_NAMES),
            pick(&mut self.rng, LAST_NAMES)
        )
    }

    /// An invented company name, unique in the site; after the 40 × 20 × 12 combinations run
    /// out (thousands of accounts) a number keeps it unique.
    fn company(&mut self, industry: &Industry) -> String {
        for _ in 0..30 {
            let head = *pick(&mut self.rng, PLACE_HEADS);
            let tail = *pick(&mut self.rng, PLACE_TAILS);
            let place = format!("{head}{tail}");
            let genitive = if place.ends_with('s') { "" } else { "s" };
            let name = format!("{place}{genitive} {}", industry.suffix);
            if self.names.insert(name.clone()) {
                return name;
            }
        }
        let mut number = self.names.len();
        loop {
            let head = *pick(&mut self.rng, PLACE_HEADS);
            let name = format!("{head}by {number} {}", industry.suffix);
            if self.names.insert(name.clone()) {
                return name;
            }
            number += 1;
        }
    }

    fn slug(&mut self, name: &str) -> String {
        let base = slugify(name);
        let mut slug = base.clone();
        let mut counter = 2;
        while !self.slugs.insert(slug.clone()) {
            slug = format!("{base}-{counter}");
            counter += 1;
        }
        slug
    }

    /// Integer factor scores whose weighted score lands on the wanted side of the cut-off.
    fn scores(&mut self, factors: &[(&str, f64)], high: bool) -> Vec<u8> {
        let target = if high {
            self.rng.random_range(5.4..9.3)
        } else {
            self.rng.random_range(1.0..4.6)
        };
        for _ in 0..20 {
            let scores: Vec<u8> = factors
                .iter()
                .map(|_| {
                    let score: f64 = target + self.rng.random_range(-2.0..2.0);
                    score.round().clamp(0.0, 10.0) as u8
                })
                .collect();
            if (weighted_score(factors, &scores) >= CUTOFF) == high {
                return scores;
            }
        }
        // Every factor at the target, rounded away from the cut-off, is on the right side.
        let flat = if high { target.ceil() } else { target.floor() };
        vec![flat as u8; factors.len()]
    }

    fn contacts(&mut self, stage: Stage, manager: &str) -> (Vec<String>, Vec<Contact>) {
        // Relationships thicken as they develop (SPEC §7): early stages rest on one person of
        // ours, mature ones usually on several, though some stay single-threaded.
        let extra_owners = match stage {
            Stage::Exploratory | Stage::Basic => weighted(&mut self.rng, &[(0, 6), (1, 4)]),
            Stage::Cooperative => weighted(&mut self.rng, &[(0, 2), (1, 5), (2, 3)]),
            Stage::Interdependent | Stage::Integrated => {
                weighted(&mut self.rng, &[(0, 1), (1, 3), (2, 4), (3, 2)])
            }
            Stage::Disintegrating => weighted(&mut self.rng, &[(0, 6), (1, 3), (2, 1)]),
        };
        let mut owners = vec![manager.to_string()];
        while owners.len() < extra_owners + 1 {
            let candidate = pick(&mut self.rng, &self.staff).clone();
            if !owners.contains(&candidate) {
                owners.push(candidate);
            }
        }
        let count = self
            .rng
            .random_range(owners.len().max(1)..=owners.len() + 4);
        let has_decider = self.rng.random_bool(0.85);
        let mut roles = vec![
            Role::Buyer,
            Role::User,
            Role::Influencer,
            Role::Initiator,
            Role::Gatekeeper,
        ];
        shuffle(&mut self.rng, &mut roles);
        if has_decider {
            roles.insert(0, Role::Decider);
        }
        let mut names = BTreeSet::new();
        let mut contacts = Vec::with_capacity(count);
        for index in 0..count {
            let role = if index < roles.len() {
                roles[index]
            } else {
                *pick(&mut self.rng, &roles)
            };
            let (title, function) = *pick(&mut self.rng, role_profile(role));
            // The first contacts go one to each owner, so every owner really holds one.
            let owner = if index < owners.len() {
                owners[index].clone()
            } else {
                pick(&mut self.rng, &owners).clone()
            };
            let mut name = self.person();
            while !names.insert(name.clone()) {
                name = self.person();
            }
            let base = 1 + stage_rank(stage) / 2;
            contacts.push(Contact {
                name,
                title,
                function,
                role,
                owner,
                strength: (base + self.rng.random_range(0..=2)).min(5),
            });
        }
        let mut team: Vec<String> = owners.into_iter().skip(1).collect();
        if self.rng.random_bool(0.3) {
            let extra = pick(&mut self.rng, &self.staff).clone();
            if !team.contains(&extra) {
                team.push(extra);
            }
        }
        (team, contacts)
    }

    fn years(&mut self, stage: Stage) -> Vec<Year> {
        let count = self.rng.random_range(3..=5);
        // Log-normal revenue (median about 3.3 MSEK, sigma 1.8): skewed enough that about a
        // fifth of the accounts make class A, as in a real key-account list, which is already
        // the top of a customer base. Box-Muller turns two uniform draws into a normal one.
        let u1: f64 = self.rng.random_range(f64::EPSILON..1.0);
        let u2: f64 = self.rng.random_range(0.0..1.0);
        let normal = (-2.0 * u1.ln()).sqrt() * (std::f64::consts::TAU * u2).cos();
        let latest = (15.0 + 1.8 * normal).exp().clamp(50_000.0, 1_500_000_000.0);
        let declining = stage == Stage::Disintegrating || self.rng.random_bool(0.1);
        let costly = self.rng.random_bool(0.07);
        let margin_pct = if costly {
            self.rng.random_range(0.03..0.08)
        } else {
            self.rng.random_range(0.10..0.32)
        };
        let serve_pct = if costly {
            self.rng.random_range(0.09..0.14)
        } else {
            self.rng.random_range(0.01..0.06)
        };
        let wallet_share = self
            .rng
            .random_bool(0.8)
            .then(|| self.rng.random_range(0.08..0.85));
        let mut revenues = vec![latest];
        for step in 1..count {
            let growth = if step == 1 && declining {
                self.rng.random_range(-0.35..-0.11)
            } else {
                self.rng.random_range(-0.08..0.22)
            };
            let later = revenues[step - 1];
            revenues.push(later / (1.0 + growth));
        }
        revenues.reverse();
        let first = LAST_YEAR - count as i32 + 1;
        revenues
            .into_iter()
            .enumerate()
            .map(|(offset, revenue)| {
                let revenue = round_to(revenue, 1_000.0).max(1_000);
                let drift = self.rng.random_range(0.9..1.1);
                let share = wallet_share.map(|share: f64| (share * drift).min(0.95));
                Year {
                    year: first + offset as i32,
                    revenue,
                    gross_margin: round_to(revenue as f64 * margin_pct * drift, 1_000.0),
                    cost_to_serve: round_to(revenue as f64 * serve_pct, 1_000.0),
                    wallet: share
                        .map(|share| round_to(revenue as f64 / share, 100_000.0).max(100_000)),
                }
            })
            .collect()
    }

    fn objective(&mut self, index: usize, due: Date) -> Objective {
        let (title, measure) = *pick(&mut self.rng, OBJECTIVES);
        let a = self.rng.random_range(2..=30);
        let b = a + self.rng.random_range(10..=40);
        Objective {
            id: format!("mal-{}", index + 1),
            title,
            measure: measure
                .replace("{a}", &a.to_string())
                .replace("{b}", &b.to_string()),
            due,
        }
    }

    fn action(
        &mut self,
        objective: Option<&str>,
        owners: &[String],
        due: Date,
        status: Status,
    ) -> Action {
        Action {
            objective: objective.map(str::to_string),
            title: ACTIONS[self.rng.random_range(0..ACTIONS.len())],
            owner: pick(&mut self.rng, owners).clone(),
            due,
            status,
        }
    }

    /// Objectives and actions that give the account the wanted RAG status under SPEC §6 with
    /// `today` = [`TODAY`] and the plan settings written to kam.toml.
    fn plan(&mut self, rag: Rag, owners: &[String]) -> (Vec<Objective>, Vec<Action>) {
        let mut objectives = Vec::new();
        let mut actions = Vec::new();
        if rag == Rag::None {
            return (objectives, actions);
        }
        // A healthy plan: objectives ahead of today, done actions behind it, live actions
        // ahead of it and not started ones beyond the due-soon window.
        let count = self.rng.random_range(1..=3);
        for index in 0..count {
            let due = days(&mut self.rng, 30, 420);
            let objective = self.objective(index, due);
            for _ in 0..self.rng.random_range(1..=3) {
                let status = weighted(
                    &mut self.rng,
                    &[
                        (Status::Done, 3),
                        (Status::InProgress, 4),
                        (Status::NotStarted, 3),
                    ],
                );
                let due = match status {
                    Status::Done => days(&mut self.rng, -200, -5),
                    Status::InProgress => days(&mut self.rng, 1, 200),
                    _ => days(&mut self.rng, DUE_SOON_DAYS + 1, 300),
                };
                let action = self.action(Some(&objective.id), owners, due, status);
                actions.push(action);
            }
            objectives.push(objective);
        }
        if self.rng.random_bool(0.2) {
            // An objective reached on time: past its date, every action done, not overdue.
            let due = days(&mut self.rng, -200, -10);
            let objective = self.objective(objectives.len(), due);
            let done = days(&mut self.rng, -300, -11);
            let action = self.action(Some(&objective.id), owners, done, Status::Done);
            actions.push(action);
            objectives.push(objective);
        }
        if self.rng.random_bool(0.15) {
            let due = days(&mut self.rng, -120, 120);
            let action = self.action(None, owners, due, Status::Cancelled);
            actions.push(action);
        }
        match rag {
            Rag::Amber => {
                let linked = Some(objectives[0].id.clone());
                let action = if self.rng.random_bool(0.5) {
                    let due = days(&mut self.rng, -RED_OVERDUE_DAYS, -1);
                    self.action(linked.as_deref(), owners, due, Status::InProgress)
                } else {
                    let due = days(&mut self.rng, 0, DUE_SOON_DAYS);
                    self.action(linked.as_deref(), owners, due, Status::NotStarted)
                };
                actions.push(action);
            }
            Rag::Red => match self.rng.random_range(0..3) {
                0 => {
                    let due = days(&mut self.rng, -40, 90);
                    let linked = objectives[0].id.clone();
                    let action = self.action(Some(&linked), owners, due, Status::Blocked);
                    actions.push(action);
                }
                1 => {
                    let due = days(&mut self.rng, -150, -(RED_OVERDUE_DAYS + 1));
                    let action = self.action(None, owners, due, Status::InProgress);
                    actions.push(action);
                }
                _ => {
                    // An objective past its date that a live action keeps from being achieved.
                    objectives[0].due = days(&mut self.rng, -90, -1);
                    let linked = objectives[0].id.clone();
                    let due = days(&mut self.rng, 1, 120);
                    let action = self.action(Some(&linked), owners, due, Status::InProgress);
                    actions.push(action);
                }
            },
            _ => {}
        }
        (objectives, actions)
    }

    fn account(&mut self) -> (String, String) {
        let industry = pick(&mut self.rng, INDUSTRIES);
        let name = self.company(industry);
        let slug = self.slug(&name);
        let quadrant = weighted(
            &mut self.rng,
            &[
                (Quadrant::Strategic, 20),
                (Quadrant::Star, 20),
                (Quadrant::Status, 25),
                (Quadrant::Streamline, 35),
            ],
        );
        let attractive = matches!(quadrant, Quadrant::Strategic | Quadrant::Star);
        let strong = matches!(quadrant, Quadrant::Strategic | Quadrant::Status);
        let attractiveness = self.scores(&ATTRACTIVENESS, attractive);
        let strength = self.scores(&STRENGTH, strong);
        let stage = if self.rng.random_bool(0.06) {
            Stage::Disintegrating
        } else {
            let choices: &[(Stage, u32)] = match quadrant {
                Quadrant::Strategic => &[
                    (Stage::Basic, 1),
                    (Stage::Cooperative, 4),
                    (Stage::Interdependent, 3),
                    (Stage::Integrated, 2),
                ],
                Quadrant::Star => &[
                    (Stage::Exploratory, 4),
                    (Stage::Basic, 4),
                    (Stage::Cooperative, 2),
                ],
                Quadrant::Status => &[
                    (Stage::Basic, 3),
                    (Stage::Cooperative, 4),
                    (Stage::Interdependent, 2),
                    (Stage::Integrated, 1),
                ],
                Quadrant::Streamline => &[
                    (Stage::Exploratory, 2),
                    (Stage::Basic, 5),
                    (Stage::Cooperative, 3),
                ],
            };
            weighted(&mut self.rng, choices)
        };
        let manager = pick(&mut self.rng, &self.managers).clone();
        let (team, contacts) = self.contacts(stage, &manager);
        let years = self.years(stage);
        let rag = weighted(
            &mut self.rng,
            &[
                (Rag::None, 12),
                (Rag::Red, 18),
                (Rag::Amber, 25),
                (Rag::Green, 45),
            ],
        );
        let mut owners = vec![manager.clone()];
        owners.extend(team.iter().cloned());
        let (objectives, actions) = self.plan(rag, &owners);
        let forecast = self.rng.random_bool(0.65).then(|| {
            let a =
                weighted_score(&ATTRACTIVENESS, &attractiveness) + self.rng.random_range(-1.5..1.5);
            let s = weighted_score(&STRENGTH, &strength) + self.rng.random_range(-1.5..1.5);
            (a.clamp(0.0, 10.0), s.clamp(0.0, 10.0))
        });
        let buyer = self.rng.random_bool(0.7).then(|| {
            // A customer we rate strategic mostly sees us as strategic too; the rest are the
            // misalignments SPEC §9 warns about.
            let choices: &[((bool, bool), u32)] = if quadrant == Quadrant::Strategic {
                &[
                    ((true, true), 5),
                    ((true, false), 3),
                    ((false, true), 1),
                    ((false, false), 1),
                ]
            } else {
                &[
                    ((true, true), 1),
                    ((true, false), 1),
                    ((false, true), 1),
                    ((false, false), 1),
                ]
            };
            weighted(&mut self.rng, choices)
        });
        let since = years[0].year - self.rng.random_range(0..=25);
        let note_date = days(&mut self.rng, -120, -1);
        let note = *pick(&mut self.rng, NOTES);

        let mut text = String::with_capacity(4096);
        let level = |high: bool| if high { "high" } else { "low" };
        // Writing to a String cannot fail, so the results of writeln! are ignored throughout.
        let _ = writeln!(text, "+++");
        let _ = writeln!(text, "name = {}", quoted(&name));
        let _ = writeln!(text, "manager = {}", quoted(&manager));
        let _ = writeln!(text, "stage = {}", quoted(stage.key()));
        let _ = writeln!(text, "industry = {}", quoted(industry.label));
        let _ = writeln!(text, "country = \"SE\"");
        if !team.is_empty() {
            let list: Vec<String> = team.iter().map(|member| quoted(member)).collect();
            let _ = writeln!(text, "team = [{}]", list.join(", "));
        }
        let _ = writeln!(text, "customer_since = {since}");
        let _ = writeln!(text, "tags = [{}, \"syntetisk\"]", quoted(industry.tag));
        for (header, factors, scores) in [
            ("attractiveness", &ATTRACTIVENESS, &attractiveness),
            ("strength", &STRENGTH, &strength),
        ] {
            let _ = writeln!(text, "\n[{header}]");
            for ((factor, _), score) in factors.iter().zip(scores) {
                let _ = writeln!(text, "{factor} = {score}");
            }
        }
        if let Some((a, s)) = forecast {
            let _ = writeln!(
                text,
                "\n[forecast]\nattractiveness = {a:.1}\nstrength = {s:.1}"
            );
        }
        if let Some((impact, risk)) = buyer {
            let _ = writeln!(
                text,
                "\n[buyer]\nprofit_impact = \"{}\"\nsupply_risk = \"{}\"",
                level(impact),
                level(risk)
            );
        }
        for year in &years {
            let _ = writeln!(text, "\n[[years]]\nyear = {}", year.year);
            let _ = writeln!(text, "revenue = {}", money(year.revenue));
            let _ = writeln!(text, "gross_margin = {}", money(year.gross_margin));
            let _ = writeln!(text, "cost_to_serve = {}", money(year.cost_to_serve));
            if let Some(wallet) = year.wallet {
                let _ = writeln!(text, "wallet = {}", money(wallet));
            }
        }
        for contact in &contacts {
            let _ = writeln!(text, "\n[[contacts]]\nname = {}", quoted(&contact.name));
            let _ = writeln!(text, "title = {}", quoted(contact.title));
            let _ = writeln!(text, "function = {}", quoted(contact.function));
            let _ = writeln!(text, "role = {}", quoted(contact.role.key()));
            let _ = writeln!(text, "owner = {}", quoted(&contact.owner));
            let _ = writeln!(text, "strength = {}", contact.strength);
        }
        for objective in &objectives {
            let _ = writeln!(text, "\n[[objectives]]\nid = {}", quoted(&objective.id));
            let _ = writeln!(text, "title = {}", quoted(objective.title));
            let _ = writeln!(text, "measure = {}", quoted(&objective.measure));
            let _ = writeln!(text, "due = {}", objective.due);
        }
        for action in &actions {
            let _ = writeln!(text, "\n[[actions]]");
            if let Some(objective) = &action.objective {
                let _ = writeln!(text, "objective = {}", quoted(objective));
            }
            let _ = writeln!(text, "title = {}", quoted(action.title));
            let _ = writeln!(text, "owner = {}", quoted(&action.owner));
            let _ = writeln!(text, "due = {}", action.due);
            let _ = writeln!(text, "status = {}", quoted(action.status.key()));
        }
        let _ = writeln!(text, "+++\n");
        let _ = writeln!(text, "## Bakgrund\n");
        let _ = writeln!(
            text,
            "{name} är en syntetisk kund (bransch: {}) skriven av `kam synth` med seed {}. \
             Vi levererar {} och kunden har köpt av oss sedan {since}.\n",
            industry.label, self.seed, industry.supply,
        );
        let _ = writeln!(text, "## Kundens kunder\n");
        let _ = writeln!(text, "Kundens egna kunder är {}.\n", industry.customers);
        let _ = writeln!(text, "## Mötesanteckningar\n");
        let _ = writeln!(text, "### {note_date}\n\n- {note}");
        (slug, text)
    }
}

fn stage_rank(stage: Stage) -> u8 {
    match stage {
        Stage::Exploratory | Stage::Disintegrating => 0,
        Stage::Basic => 1,
        Stage::Cooperative => 2,
        Stage::Interdependent => 3,
        Stage::Integrated => 4,
    }
}

fn kam_toml(accounts: usize, seed: u64) -> String {
    let mut text = String::new();
    let _ = writeln!(
        text,
        "# A synthetic portfolio written by `kam synth` ({accounts} accounts, seed {seed}).\n\
         # Every company and person is invented. Regenerate rather than edit.\n\n\
         title = \"Syntetisk portfölj – {accounts} kunder (seed {seed})\"\n\
         language = \"sv\"\nbase_url = \"/\"\ncurrency = \"SEK\"\n\n\
         # The plans were generated around this date; judged on any other, their status drifts.\n\
         today = {TODAY}\n\n\
         [segmentation]\nattractiveness_cutoff = {CUTOFF:.1}\nstrength_cutoff = {CUTOFF:.1}\n\
         abc_cutoffs = [0.80, 0.95]\n"
    );
    for (header, factors) in [
        ("attractiveness_weights", &ATTRACTIVENESS),
        ("strength_weights", &STRENGTH),
    ] {
        let _ = writeln!(text, "[segmentation.{header}]");
        for (factor, weight) in factors.iter() {
            let _ = writeln!(text, "{factor} = {weight}");
        }
        let _ = writeln!(text);
    }
    let _ = writeln!(
        text,
        "[plan]\ndue_soon_days = {DUE_SOON_DAYS}\nred_overdue_days = {RED_OVERDUE_DAYS}"
    );
    text
}

const CHAPTER_PORTFOLIO: &str = "+++
title = \"Om den syntetiska portföljen\"
weight = 1
+++

Den här webbplatsen är skriven av `kam synth`. Kunderna, personerna och siffrorna är
påhittade och dragna ur en slumpgenerator med fast frö, så samma kommando ger alltid samma
filer. Portföljen är gjord för att prova kam i stor skala, inte för att läsas som en verklig
kundportfölj.

## Portföljen

{{< counts >}}

{{< matrix >}}

## Faktorer och vikter

{{< factors >}}
";

const CHAPTER_WORK: &str = "+++
title = \"Att göra och omsättning\"
weight = 2
+++

## Försenat och snart förfallet

{{< due >}}

## ABC-analys

Omsättningen är Pareto-fördelad, så en liten del av kunderna står för det mesta.

{{< pareto >}}
";

/// Every file of a synthetic site, relative to its root, in a fixed order: kam.toml, the
/// handbook chapters, then the accounts in generation order.
pub fn generate(accounts: usize, seed: u64) -> Vec<(PathBuf, String)> {
    let mut generator = Generator::new(accounts, seed);
    let mut files = Vec::with_capacity(accounts + 3);
    files.push((PathBuf::from("kam.toml"), kam_toml(accounts, seed)));
    files.push((
        PathBuf::from("content/handbook/portfoljen.md"),
        CHAPTER_PORTFOLIO.to_string(),
    ));
    files.push((
        PathBuf::from("content/handbook/att-gora.md"),
        CHAPTER_WORK.to_string(),
    ));
    for _ in 0..accounts {
        let (slug, text) = generator.account();
        files.push((PathBuf::from(format!("content/accounts/{slug}.md")), text));
    }
    files
}

/// Writes a synthetic site into `dir`, which must not exist or be empty: a synthetic site
/// mixed into real content would be hard to take out again.
pub fn write_site(dir: &Path, accounts: usize, seed: u64) -> io::Result<()> {
    if dir.exists() {
        if !dir.is_dir() {
            return Err(io::Error::new(
                io::ErrorKind::AlreadyExists,
                format!("{} exists and is not a folder", dir.display()),
            ));
        }
        if std::fs::read_dir(dir)?.next().is_some() {
            return Err(io::Error::new(
                io::ErrorKind::AlreadyExists,
                format!(
                    "{} is not empty; kam synth writes only into a new or empty folder",
                    dir.display()
                ),
            ));
        }
    }
    for (relative, text) in generate(accounts, seed) {
        let path = dir.join(relative);
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent)?;
        }
        std::fs::write(&path, text)?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeSet;

    use super::*;
    use crate::analysis::economics::AbcClass;
    use crate::analysis::relationship::ContactStructure;
    use crate::config::Config;

    #[test]
    fn the_same_seed_gives_the_same_files() {
        assert_eq!(generate(60, 7), generate(60, 7));
    }

    #[test]
    fn different_seeds_give_different_files() {
        assert_ne!(generate(60, 7), generate(60, 8));
    }

    #[test]
    fn slugs_stay_unique_beyond_the_name_combinations() {
        let files = generate(12_000, 3);
        let paths: BTreeSet<_> = files.iter().map(|(path, _)| path.clone()).collect();
        assert_eq!(paths.len(), files.len());
        assert!(
            paths
                .iter()
                .filter_map(|path| path.file_stem()?.to_str())
                .all(crate::slug::is_valid)
        );
    }

    #[test]
    fn money_is_grouped_by_thousands() {
        assert_eq!(money(0), "0");
        assert_eq!(money(999), "999");
        assert_eq!(money(41_500_000), "41_500_000");
        assert_eq!(money(-1_200), "-1_200");
    }

    #[test]
    fn refuses_a_folder_that_is_not_empty() {
        let dir = tempfile::tempdir().expect("temporary folder");
        std::fs::write(dir.path().join("notes.txt"), "mine").expect("write");
        let error = write_site(dir.path(), 5, 1).expect_err("must refuse");
        assert_eq!(error.kind(), io::ErrorKind::AlreadyExists);
        assert!(!dir.path().join("kam.toml").exists());
    }

    #[test]
    fn a_large_site_loads_cleanly_and_covers_the_portfolio() {
        let dir = tempfile::tempdir().expect("temporary folder");
        let root = dir.path().join("site");
        write_site(&root, 300, 42).expect("written");
        let config = Config::load(&root).expect("kam.toml is valid");
        let site = match crate::content::load(&root, config, false) {
            Ok(site) => site,
            Err(diagnostics) => {
                let text: Vec<String> = diagnostics.iter().map(ToString::to_string).collect();
                panic!("generated site has diagnostics:\n{}", text.join("\n"));
            }
        };
        assert_eq!(site.accounts.len(), 300);
        assert_eq!(site.config.today, Some(TODAY));
        let portfolio = crate::analysis::analyse(&site.accounts, &site.config, TODAY);
        let accounts = &portfolio.accounts;
        for quadrant in Quadrant::ALL {
            assert!(
                accounts.iter().any(|a| a.scores.quadrant == quadrant),
                "no account in quadrant {}",
                quadrant.key()
            );
        }
        for rag in Rag::ALL {
            assert!(
                accounts.iter().any(|a| a.plan.rag == rag),
                "no plan is {}",
                rag.key()
            );
        }
        for class in AbcClass::ALL {
            assert!(
                accounts.iter().any(|a| a.economics.abc == class),
                "no class {} account",
                class.key()
            );
        }
        for structure in ContactStructure::ALL {
            assert!(
                accounts
                    .iter()
                    .any(|a| a.relationship.structure == structure),
                "no {} contact structure",
                structure.key()
            );
        }
        for (key, stage) in Stage::ALL {
            assert!(
                site.accounts.iter().any(|a| a.stage == stage),
                "no account at stage {key}"
            );
        }
        // Pareto-like: class A is a minority of the accounts.
        let class_a = accounts
            .iter()
            .filter(|a| a.economics.abc == AbcClass::A)
            .count();
        assert!(class_a < 300 / 2, "{class_a} of 300 accounts are class A");
    }
}
