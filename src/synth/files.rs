//! The text of a synthetic site's files: kam.toml from the settings the accounts were drawn
//! for, the two handbook chapters, and one account file per drawn account, written the way a
//! person would write them (SPEC §2–§3).
//!
//! Nothing is drawn here: the same data always gives the same bytes.
//!
//! Not here: drawing the portfolio (`account`).

use std::fmt::Write as _;

use super::account::Account;
use crate::amount::approx;
use crate::config::{Config, Segmentation};

pub const CHAPTERS: [(&str, &str); 2] = [
    ("content/handbook/portfoljen.md", CHAPTER_PORTFOLIO),
    ("content/handbook/att-gora.md", CHAPTER_WORK),
];

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

/// A TOML basic string.
fn quoted(text: &str) -> String {
    format!("\"{}\"", text.replace('\\', "\\\\").replace('"', "\\\""))
}

/// An integer with `_` between thousands, as people write money in the account files.
pub fn money(value: i64) -> String {
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

/// A TOML number with at least `places` decimals, as people write cut-offs (`0.80`), unless
/// that many would change its value.
pub fn decimal(value: f64, places: usize) -> String {
    let fixed = format!("{value:.places$}");
    if fixed.parse::<f64>() == Ok(value) {
        fixed
    } else {
        format!("{value:?}")
    }
}

/// kam.toml stating `config`, with a header saying where the site came from.
pub fn kam_toml(config: &Config, accounts: usize, seed: u64) -> String {
    let segmentation = &config.segmentation;
    let mut text = String::new();
    // Writing to a String cannot fail, so the results of writeln! are ignored throughout.
    let _ = writeln!(
        text,
        "# A synthetic portfolio written by `kam synth` ({accounts} accounts, seed {seed}).\n\
         # Every company and person is invented. Regenerate rather than edit.\n"
    );
    let _ = writeln!(text, "title = {}", quoted(&config.title));
    let _ = writeln!(text, "language = {}", quoted(config.language.code()));
    let _ = writeln!(text, "base_url = {}", quoted(&config.base_url));
    let _ = writeln!(text, "currency = {}\n", quoted(&config.currency));
    if let Some(today) = config.today {
        let _ = writeln!(
            text,
            "# The plans were generated around this date; judged on any other, their status drifts.\n\
             today = {today}\n"
        );
    }
    let [a, b] = segmentation.abc_cutoffs;
    let _ = writeln!(
        text,
        "[segmentation]\nattractiveness_cutoff = {}\nstrength_cutoff = {}\nabc_cutoffs = [{}, {}]\n",
        decimal(approx(segmentation.attractiveness_cutoff), 1),
        decimal(approx(segmentation.strength_cutoff), 1),
        decimal(approx(a), 2),
        decimal(approx(b), 2),
    );
    for (header, factors) in [
        (
            "attractiveness_weights",
            &segmentation.attractiveness_weights,
        ),
        ("strength_weights", &segmentation.strength_weights),
    ] {
        let _ = writeln!(text, "[segmentation.{header}]");
        for factor in factors {
            let _ = writeln!(text, "{} = {}", factor.name, factor.weight);
        }
        let _ = writeln!(text);
    }
    let _ = writeln!(
        text,
        "[plan]\ndue_soon_days = {}\nred_overdue_days = {}",
        config.plan.due_soon_days, config.plan.red_overdue_days
    );
    text
}

/// The account file of `account`, scored on `segmentation`'s factors; `seed` is named in
/// its notes so a reader can tell where it came from.
pub fn account_file(account: &Account, segmentation: &Segmentation, seed: u64) -> String {
    let Account {
        name,
        manager,
        stage,
        industry,
        team,
        customer_since: since,
        ..
    } = account;
    let mut text = String::with_capacity(4096);
    let level = |high: bool| if high { "high" } else { "low" };
    let _ = writeln!(text, "+++");
    let _ = writeln!(text, "name = {}", quoted(name));
    let _ = writeln!(text, "manager = {}", quoted(manager));
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
        (
            "attractiveness",
            &segmentation.attractiveness_weights,
            &account.attractiveness,
        ),
        (
            "strength",
            &segmentation.strength_weights,
            &account.strength,
        ),
    ] {
        let _ = writeln!(text, "\n[{header}]");
        for (factor, score) in factors.iter().zip(scores) {
            let _ = writeln!(text, "{} = {score}", factor.name);
        }
    }
    if let Some((a, s)) = account.forecast {
        let _ = writeln!(
            text,
            "\n[forecast]\nattractiveness = {a:.1}\nstrength = {s:.1}"
        );
    }
    if let Some((impact, risk)) = account.buyer {
        let _ = writeln!(
            text,
            "\n[buyer]\nprofit_impact = \"{}\"\nsupply_risk = \"{}\"",
            level(impact),
            level(risk)
        );
    }
    for year in &account.years {
        let _ = writeln!(text, "\n[[years]]\nyear = {}", year.year);
        let _ = writeln!(text, "revenue = {}", money(year.revenue));
        let _ = writeln!(text, "gross_margin = {}", money(year.gross_margin));
        let _ = writeln!(text, "cost_to_serve = {}", money(year.cost_to_serve));
        if let Some(wallet) = year.wallet {
            let _ = writeln!(text, "wallet = {}", money(wallet));
        }
    }
    for contact in &account.contacts {
        let _ = writeln!(text, "\n[[contacts]]\nname = {}", quoted(&contact.name));
        let _ = writeln!(text, "title = {}", quoted(contact.title));
        let _ = writeln!(text, "function = {}", quoted(contact.function));
        let _ = writeln!(text, "role = {}", quoted(contact.role.key()));
        let _ = writeln!(text, "owner = {}", quoted(&contact.owner));
        let _ = writeln!(text, "strength = {}", contact.strength);
    }
    for objective in &account.objectives {
        let _ = writeln!(text, "\n[[objectives]]\nid = {}", quoted(&objective.id));
        let _ = writeln!(text, "title = {}", quoted(objective.title));
        let _ = writeln!(text, "measure = {}", quoted(&objective.measure));
        let _ = writeln!(text, "due = {}", objective.due);
    }
    for action in &account.actions {
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
        "{name} är en syntetisk kund (bransch: {}) skriven av `kam synth` med seed {seed}. \
         Vi levererar {} och kunden har köpt av oss sedan {since}.\n",
        industry.label, industry.supply,
    );
    let _ = writeln!(text, "## Kundens kunder\n");
    let _ = writeln!(text, "Kundens egna kunder är {}.\n", industry.customers);
    let _ = writeln!(text, "## Mötesanteckningar\n");
    let _ = writeln!(text, "### {}\n\n- {}", account.note_date, account.note);
    text
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn money_is_grouped_by_thousands() {
        assert_eq!(money(0), "0");
        assert_eq!(money(999), "999");
        assert_eq!(money(41_500_000), "41_500_000");
        assert_eq!(money(-1_200), "-1_200");
    }

    #[test]
    fn decimals_keep_their_places_unless_that_changes_the_value() {
        assert_eq!(decimal(0.8, 2), "0.80");
        assert_eq!(decimal(5.0, 1), "5.0");
        assert_eq!(decimal(0.125, 2), "0.125");
        assert_eq!(decimal(1.0 / 3.0, 2), "0.3333333333333333");
    }
}
