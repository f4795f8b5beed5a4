//! SPEC §7: contact structure (bow-tie to diamond) and buying-centre coverage.
//!
//! Not here: when two names are one (`names`), or drawing contacts.

use std::collections::BTreeSet;

use serde::Serialize;

use crate::content::model::{Account, Role};
use crate::names::key;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
pub enum ContactStructure {
    #[serde(rename = "bow-tie")]
    BowTie,
    #[serde(rename = "developing")]
    Developing,
    #[serde(rename = "diamond")]
    Diamond,
}

impl ContactStructure {
    pub const ALL: [ContactStructure; 3] = [
        ContactStructure::BowTie,
        ContactStructure::Developing,
        ContactStructure::Diamond,
    ];

    pub fn key(self) -> &'static str {
        match self {
            ContactStructure::BowTie => "bow-tie",
            ContactStructure::Developing => "developing",
            ContactStructure::Diamond => "diamond",
        }
    }

    pub fn of(owners: usize, functions: usize) -> ContactStructure {
        if owners <= 1 || functions <= 1 {
            ContactStructure::BowTie
        } else if owners >= 3 && functions >= 3 {
            ContactStructure::Diamond
        } else {
            ContactStructure::Developing
        }
    }
}

/// The roles a buying centre needs covered, in the order SPEC §7 lists them.
pub const KEY_ROLES: [Role; 4] = [Role::Decider, Role::Influencer, Role::Buyer, Role::User];

#[derive(Debug, Clone, PartialEq)]
pub struct Relationship {
    pub structure: ContactStructure,
    pub owners: usize,
    pub functions: usize,
    pub missing_roles: Vec<Role>,
}

pub fn analyse(account: &Account) -> Relationship {
    // SPEC v2 §7: "Inköp", "inköp" and "Inköp " are one department.
    // Contacts without the field add none (SPEC v2 §7).
    let owners: BTreeSet<String> = account
        .contacts
        .iter()
        .filter_map(|c| c.owner.as_deref().map(key))
        .collect();
    let functions: BTreeSet<String> = account
        .contacts
        .iter()
        .filter_map(|c| c.function.as_deref().map(key))
        .collect();
    Relationship {
        structure: ContactStructure::of(owners.len(), functions.len()),
        owners: owners.len(),
        functions: functions.len(),
        missing_roles: KEY_ROLES
            .into_iter()
            .filter(|role| {
                !account
                    .contacts
                    .iter()
                    .any(|contact| contact.role == Some(*role))
            })
            .collect(),
    }
}
