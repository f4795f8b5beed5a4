//! One synthetic account at a time, drawn as data: a unique company, its quadrant, scores,
//! stage, people, fiscal history, plan, forecast and the buyer's view of us.
//!
//! The spread is chosen to cover the portfolio (every quadrant, stage, contact structure and
//! RAG status). Whether an account lands where it was aimed is decided with the crate's own
//! scoring and the site's settings; turning the data into an account file is `files`' job.
//!
//! Not here: writing files (`files`).

use std::collections::BTreeSet;

use rand::{RngExt, SeedableRng};
use rand_chacha::ChaCha8Rng;
use time::Date;

use super::draw::{by_weight, day, pick, shuffle};
use super::plan::{self, Action, Objective};
use super::vocabulary::{FIRST_NAMES, INDUSTRIES, Industry, LAST_NAMES, NOTES, PLACE_HEADS};
use super::vocabulary::{PLACE_TAILS, role_profile};
use super::years::{self, Year};
use crate::analysis::plan::Rag;
use rust_decimal::Decimal;

use crate::analysis::scores::{Exact, Quadrant, weighted};
use crate::config::{Config, Factor};
use crate::content::model::{Role, Stage};
use crate::slug::slugify;

pub struct Contact {
    pub name: String,
    pub title: &'static str,
    pub function: &'static str,
    pub role: Role,
    pub owner: String,
    pub strength: u8,
}

/// Everything drawn for one account, in the order its file lists it.
pub struct Account {
    pub slug: String,
    pub name: String,
    pub manager: String,
    pub stage: Stage,
    pub industry: &'static Industry,
    pub team: Vec<String>,
    pub customer_since: i32,
    /// One score per factor of the site's attractiveness and strength weights, in order.
    pub attractiveness: Vec<u8>,
    pub strength: Vec<u8>,
    pub forecast: Option<(f64, f64)>,
    /// (profit impact high, supply risk high).
    pub buyer: Option<(bool, bool)>,
    pub years: Vec<Year>,
    pub contacts: Vec<Contact>,
    pub objectives: Vec<Objective>,
    pub actions: Vec<Action>,
    pub note_date: Date,
    pub note: &'static str,
}

pub struct Generator<'c> {
    rng: ChaCha8Rng,
    config: &'c Config,
    managers: Vec<String>,
    staff: Vec<String>,
    names: BTreeSet<String>,
    slugs: BTreeSet<String>,
}

/// The weighted score of whole-number factor scores, as the analysis computes it.
fn score_of(factors: &[Factor], scores: &[u8]) -> Option<Exact> {
    let scores: Vec<Decimal> = scores.iter().copied().map(Decimal::from).collect();
    weighted(factors, &scores)
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

impl<'c> Generator<'c> {
    /// A generator for a site of `accounts` accounts judged under `config`.
    pub fn new(accounts: usize, seed: u64, config: &'c Config) -> Generator<'c> {
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
            config,
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
    ///
    /// The targets are spread around the default cut-off of 5; the check against the real
    /// one is what decides.
    fn scores(&mut self, factors: &[Factor], cutoff: Decimal, high: bool) -> Vec<u8> {
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
            if score_of(factors, &scores).is_some_and(|score| score.at_least(cutoff)) == high {
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
            Stage::Exploratory | Stage::Basic => by_weight(&mut self.rng, &[(0, 6), (1, 4)]),
            Stage::Cooperative => by_weight(&mut self.rng, &[(0, 2), (1, 5), (2, 3)]),
            Stage::Interdependent | Stage::Integrated => {
                by_weight(&mut self.rng, &[(0, 1), (1, 3), (2, 4), (3, 2)])
            }
            Stage::Disintegrating => by_weight(&mut self.rng, &[(0, 6), (1, 3), (2, 1)]),
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

    /// The next account of the site.
    pub fn account(&mut self) -> Account {
        // The settings outlive the generator, so reading them does not hold `self`.
        let config = self.config;
        let segmentation = &config.segmentation;
        let industry = pick(&mut self.rng, INDUSTRIES);
        let name = self.company(industry);
        let slug = self.slug(&name);
        let quadrant = by_weight(
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
        let attractiveness = self.scores(
            &segmentation.attractiveness_weights,
            segmentation.attractiveness_cutoff,
            attractive,
        );
        let strength = self.scores(
            &segmentation.strength_weights,
            segmentation.strength_cutoff,
            strong,
        );
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
            by_weight(&mut self.rng, choices)
        };
        let manager = pick(&mut self.rng, &self.managers).clone();
        let (team, contacts) = self.contacts(stage, &manager);
        let years = years::years(&mut self.rng, stage);
        let rag = by_weight(
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
        let (objectives, actions) = plan::plan(&mut self.rng, rag, &owners, &config.plan);
        let forecast = self.rng.random_bool(0.65).then(|| {
            let value = |score: Option<Exact>| score.map_or(0.0, Exact::value);
            let a = value(score_of(
                &segmentation.attractiveness_weights,
                &attractiveness,
            )) + self.rng.random_range(-1.5..1.5);
            let s = value(score_of(&segmentation.strength_weights, &strength))
                + self.rng.random_range(-1.5..1.5);
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
            by_weight(&mut self.rng, choices)
        });
        let customer_since = years[0].year - self.rng.random_range(0..=25);
        let note_date = day(&mut self.rng, -120, -1);
        let note = *pick(&mut self.rng, NOTES);
        Account {
            slug,
            name,
            manager,
            stage,
            industry,
            team,
            customer_since,
            attractiveness,
            strength,
            forecast,
            buyer,
            years,
            contacts,
            objectives,
            actions,
            note_date,
            note,
        }
    }
}
