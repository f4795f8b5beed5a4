//! The words a synthetic site is made of: industries along the forest-industry value chain,
//! place and person names, buying-centre titles, objectives, actions and meeting notes.
//!
//! Only constant lists live here; drawing from them is `draw`'s job, and nothing here is
//! meant to be read as KAM advice.

use crate::content::model::Role;

/// A kind of customer along the forest-industry value chain.
pub struct Industry {
    /// Shown as the account's `industry`.
    pub label: &'static str,
    /// Appended to the invented place name: "Björkviks" + " Såg AB".
    pub suffix: &'static str,
    pub tag: &'static str,
    /// What we sell them, for the notes.
    pub supply: &'static str,
    /// Who buys from them, for the notes.
    pub customers: &'static str,
}

pub const INDUSTRIES: &[Industry] = &[
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

pub const PLACE_HEADS: &[&str] = &[
    "Norr", "Sör", "Väster", "Öster", "Björk", "Gran", "Tall", "Ek", "Asp", "Lind", "Sten", "Berg",
    "Sjö", "Myr", "Hed", "Lid", "Fors", "Holm", "Dal", "Bäck", "Kärr", "Ljung", "Rönn", "Al",
    "Hägg", "Sälg", "Tjärn", "Mål", "Ny", "Gammel", "Kvarn", "Hammar", "Lövs", "Ulv", "Björn",
    "Ren", "Stor", "Lill", "Mjö", "Ros",
];
pub const PLACE_TAILS: &[&str] = &[
    "by", "sjö", "fors", "vik", "näs", "berg", "dal", "ås", "mo", "lund", "hed", "bäcken",
    "strand", "torp", "åker", "haga", "myra", "liden", "holmen", "vallen",
];
pub const FIRST_NAMES: &[&str] = &[
    "Anna", "Erik", "Maria", "Lars", "Karin", "Johan", "Elin", "Per", "Sara", "Mikael", "Linnea",
    "Anders", "Emma", "Fredrik", "Ida", "Magnus", "Sofia", "Jonas", "Hanna", "Peter", "Malin",
    "Stefan", "Johanna", "Henrik", "Frida", "Mats", "Camilla", "Ola", "Therese", "Björn", "Lena",
    "Tobias", "Kristina", "Niklas", "Åsa", "Göran", "Ebba", "Oskar", "Märta", "Ulf",
];
pub const LAST_NAMES: &[&str] = &[
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
pub fn role_profile(role: Role) -> &'static [(&'static str, &'static str)] {
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

pub const OBJECTIVES: &[(&str, &str)] = &[
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

pub const ACTIONS: &[&str] = &[
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

pub const NOTES: &[&str] = &[
    "Kunden vill se resultat från provkörningen innan volymerna diskuteras.",
    "Inköp har tagit in ett konkurrerande anbud; priset är fortsatt huvudfrågan.",
    "Produktionen är nöjd med leveranssäkerheten under kvartalet.",
    "Ny produktionschef sedan i höstas; vi har ännu inte träffats.",
    "Kunden planerar en ombyggnad och vill ha vårt underlag tidigt.",
    "Leveranserna har fungerat, men kunden beställer sent och ofta.",
];
