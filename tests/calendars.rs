//! The calendars of SPEC v2 §14, end to end: the `calendar` fixture built through the
//! binary, every feed checked line by line against RFC 5545's rules and read back with an
//! independent parser (the `icalendar` crate's), and every feed linked from a page.

mod common;

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

use common::{build, copy_fixture, html_pages, kam, read_tree};
use icalendar::parser::{read_calendar, unfold};

/// One VEVENT as a parser reads it: property name → value (TEXT unescaped).
type Event = BTreeMap<String, String>;

const NORRSKOG: &str = "content/accounts/norrskog-kartong.md";

fn built(root: &Path) -> tempfile::TempDir {
    let out = tempfile::tempdir().expect("output folder");
    build(root, out.path());
    out
}

/// Every file under `calendar/`, by file name, as text.
fn feeds(out: &Path) -> BTreeMap<String, String> {
    read_tree(out)
        .into_iter()
        .filter_map(|(path, bytes)| {
            let name = path.strip_prefix("calendar/")?.to_string();
            let text = String::from_utf8(bytes).expect("a feed is UTF-8");
            Some((name, text))
        })
        .collect()
}

/// RFC 5545 §3.1 as bytes: every line ends in CRLF, holds at most 75 octets and is UTF-8
/// on its own (so no character was split by folding), and nothing but CRLF is a control.
fn assert_wellformed(name: &str, text: &str) {
    assert!(text.ends_with("\r\n"), "{name} ends without CRLF");
    let bytes = text.as_bytes();
    // Without its final LF, so that every piece must end in CR.
    let body = &bytes[..bytes.len() - 1];
    for (number, line) in body.split(|&b| b == b'\n').enumerate() {
        let line = line
            .strip_suffix(b"\r")
            .unwrap_or_else(|| panic!("{name}:{}: a line break without CR", number + 1));
        assert!(
            line.len() <= 75,
            "{name}:{}: {} octets",
            number + 1,
            line.len()
        );
        let line = std::str::from_utf8(line)
            .unwrap_or_else(|_| panic!("{name}:{}: folding split a character", number + 1));
        assert!(
            !line.chars().any(char::is_control),
            "{name}:{}: a control character in {line:?}",
            number + 1
        );
        assert!(
            !line.is_empty() && line != " ",
            "{name}:{}: empty line",
            number + 1
        );
    }
}

/// The feed read by the icalendar parser: its own properties and its events.
fn parse(name: &str, text: &str) -> (Event, Vec<Event>) {
    assert_wellformed(name, text);
    let unfolded = unfold(text);
    let calendar = read_calendar(&unfolded).unwrap_or_else(|error| panic!("{name}: {error}"));
    let props = |properties: &[icalendar::parser::Property]| -> Event {
        properties
            .iter()
            .map(|p| {
                let params: String = p
                    .params
                    .iter()
                    .map(|param| {
                        let value = param.val.as_ref().map_or("", |v| v.as_str());
                        format!(";{}={value}", param.key.as_str())
                    })
                    .collect();
                (
                    format!("{}{params}", p.name.as_str()),
                    p.val.as_str().to_string(),
                )
            })
            .collect()
    };
    let events = calendar
        .components
        .iter()
        .map(|component| {
            assert_eq!(component.name.as_str(), "VEVENT", "{name}");
            props(&component.properties)
        })
        .collect();
    (props(&calendar.properties), events)
}

fn summaries(events: &[Event]) -> Vec<&str> {
    events
        .iter()
        .map(|event| event["SUMMARY"].as_str())
        .collect()
}

fn date_of(text: &str) -> time::Date {
    let format = time::macros::format_description!("[year][month][day]");
    time::Date::parse(text, format).unwrap_or_else(|_| panic!("not a DATE: {text}"))
}

#[test]
fn managers_and_owners_of_live_actions_get_their_events_and_nothing_more() {
    let out = built(&common::fixture("calendar"));
    let feeds = feeds(out.path());
    // "All" manages an account, so has a calendar, but not the name of the whole one's.
    // Per Paus owns only a cancelled action.
    assert_eq!(
        feeds.keys().map(String::as_str).collect::<Vec<_>>(),
        [
            "all-2.ics",
            "all.ics",
            "anna-berg.ics",
            "johan-ek.ics",
            "sara-lind.ics"
        ]
    );
    let parsed: BTreeMap<&str, (Event, Vec<Event>)> = feeds
        .iter()
        .map(|(name, text)| (name.as_str(), parse(name, text)))
        .collect();

    let (calendar, all) = &parsed["all.ics"];
    assert_eq!(calendar["VERSION"], "2.0");
    assert!(calendar["PRODID"].starts_with("-//kam//"));
    assert_eq!(
        summaries(all),
        [
            "Ring inköp – Norrskog Kartong AB",
            "Provtryck i Gävle, etapp 1; \"skarp\" körning \\ test – Norrskog Kartong AB",
            "Ring inköp – Norrskog Kartong AB",
            "Larm och tabb – Norrskog Kartong AB",
            "Besök bruket i Östrand – Alfa Bruk AB",
            "Mål: Första ordern på säckpapper – Alfa Bruk AB",
            "Mål: Förstahandsleverantör av vätskekartong – Norrskog Kartong AB",
        ]
    );
    let uids: BTreeSet<&str> = all.iter().map(|event| event["UID"].as_str()).collect();
    assert_eq!(uids.len(), all.len(), "UIDs are unique");
    let mut previous = None;
    for event in all {
        assert_eq!(event["DTSTAMP"], "20261127T000000Z");
        let start = date_of(&event["DTSTART;VALUE=DATE"]);
        let end = date_of(&event["DTEND;VALUE=DATE"]);
        assert_eq!(end, start.next_day().expect("a next day"), "all-day events");
        assert!(previous <= Some(start), "events run by due date");
        previous = Some(start);
        assert!(
            event["URL"].starts_with("https://kam.example.se/nyckelkunder/accounts/"),
            "{}",
            event["URL"]
        );
        let uid = uuid_version(&event["UID"]);
        assert_eq!(uid, '5', "a name-based UUID: {}", event["UID"]);
    }
    assert_eq!(
        all[4]["URL"],
        "https://kam.example.se/nyckelkunder/accounts/alfa-bruk/"
    );

    // Done and cancelled actions and achieved objectives are in no calendar.
    for text in feeds.values() {
        let unfolded = unfold(text);
        for absent in [
            "Offert på tvåårsavtal",
            "Inställd mässa",
            "Tvåårsavtal klart",
        ] {
            assert!(!unfolded.contains(absent), "{absent}");
        }
    }

    let of = |name: &str| -> BTreeSet<String> {
        parsed[name]
            .1
            .iter()
            .map(|event| format!("{} / {}", event["SUMMARY"], event["DESCRIPTION"]))
            .collect()
    };
    let everything: BTreeSet<String> = of("all.ics");
    // Anna manages Norrskog (every live action and the open objective, whoever owns them)
    // and owns one action at Alfa; "anna  berg" is her too.
    let anna = of("anna-berg.ics");
    assert_eq!(anna.len(), 6);
    assert!(anna.iter().all(|event| everything.contains(event)));
    assert!(!anna.iter().any(|event| event.contains("Första ordern")));
    assert!(
        anna.iter()
            .any(|event| event.contains("Ring inköp") && event.contains("Ansvarig: Anna Berg")),
        "{anna:?}"
    );
    assert_eq!(
        summaries(&parsed["johan-ek.ics"].1),
        [
            "Provtryck i Gävle, etapp 1; \"skarp\" körning \\ test – Norrskog Kartong AB",
            "Larm och tabb – Norrskog Kartong AB",
        ]
    );
    assert_eq!(
        summaries(&parsed["sara-lind.ics"].1),
        [
            "Ring inköp – Norrskog Kartong AB",
            "Besök bruket i Östrand – Alfa Bruk AB",
            "Mål: Första ordern på säckpapper – Alfa Bruk AB",
        ]
    );
    assert!(parsed["all-2.ics"].1.is_empty());
    assert_eq!(
        parsed["sara-lind.ics"].0["X-WR-CALNAME"],
        "Kalender; test, AB: Sara Lind"
    );
}

/// The version digit of a hyphenated UUID.
fn uuid_version(uid: &str) -> char {
    assert_eq!(uid.len(), 36, "{uid}");
    uid.chars().nth(14).unwrap_or('?')
}

#[test]
fn text_is_escaped_and_read_back_as_written() {
    let out = built(&common::fixture("calendar"));
    let text = &feeds(out.path())["all.ics"];
    let unfolded = unfold(text);
    assert!(unfolded.contains(
        "SUMMARY:Provtryck i Gävle\\, etapp 1\\; \"skarp\" körning \\\\ test – Norrskog Kartong AB\r\n"
    ));
    assert!(unfolded.contains(
        "DESCRIPTION:Mått: Andel av köpen\\, från 20 % till 35 %\\; mäts \\\\ kvartal\\noch följs upp"
    ));
    let (_, events) = parse("all.ics", text);
    let objective = events
        .iter()
        .find(|event| event["SUMMARY"].starts_with("Mål: Förstahandsleverantör"))
        .expect("the open objective");
    assert_eq!(
        objective["DESCRIPTION"],
        "Mått: Andel av köpen, från 20 % till 35 %; mäts \\ kvartal\noch följs upp på \
         styrgruppsmötet\nStatus: ej uppnått, 0 av 1 åtgärder klara"
    );
    let action = events
        .iter()
        .find(|event| event["SUMMARY"].starts_with("Provtryck"))
        .expect("the Gävle trial");
    assert_eq!(
        action["DESCRIPTION"],
        "Mål: Förstahandsleverantör av vätskekartong\nStatus: Pågår\nAnsvarig: Johan Ek"
    );
}

/// The UID of each event, keyed by what it shows.
fn uids(out: &Path) -> BTreeMap<String, String> {
    let (_, events) = parse("all.ics", &feeds(out)["all.ics"]);
    events
        .iter()
        .map(|event| {
            (
                format!("{} / {}", event["SUMMARY"], event["DESCRIPTION"]),
                event["UID"].clone(),
            )
        })
        .collect()
}

#[test]
fn uids_stay_when_actions_move_or_one_is_inserted() {
    let site = copy_fixture("calendar");
    let before = uids(built(site.path()).path());

    let path = site.path().join(NORRSKOG);
    let text = std::fs::read_to_string(&path).expect("account file");
    let (head, rest) = text.split_once("[[actions]]").expect("actions");
    let (actions, tail) = rest.rsplit_once("+++").expect("end of front matter");
    let mut blocks: Vec<String> = format!("[[actions]]{actions}")
        .split("[[actions]]")
        .filter(|block| !block.trim().is_empty())
        .map(|block| format!("[[actions]]{block}"))
        .collect();
    // The Gävle trial (with an id) moves last; a new action comes first and another lands
    // between the two calls of the same title, which keep their order.
    let gavle = blocks.remove(0);
    blocks.push(gavle);
    blocks.insert(
        0,
        "[[actions]]\ntitle = \"Nytt möte\"\nowner = \"Johan Ek\"\ndue = 2026-12-02\n\
         status = \"not_started\"\n\n"
            .to_string(),
    );
    blocks.insert(
        2,
        "[[actions]]\ntitle = \"Ring logistik\"\nowner = \"Sara Lind\"\ndue = 2026-12-03\n\
         status = \"in_progress\"\n\n"
            .to_string(),
    );
    std::fs::write(&path, format!("{head}{}+++{tail}", blocks.concat())).expect("rewrite");

    let after = uids(built(site.path()).path());
    assert_eq!(after.len(), before.len() + 2, "{after:#?}");
    for (event, uid) in &before {
        assert_eq!(after.get(event), Some(uid), "{event}");
    }
    let old: BTreeSet<&String> = before.values().collect();
    let new: Vec<&String> = after.values().filter(|uid| !old.contains(uid)).collect();
    assert_eq!(new.len(), 2);
}

#[test]
fn two_builds_give_the_same_bytes() {
    let site = copy_fixture("calendar");
    let first = built(site.path());
    let second = tempfile::tempdir().expect("output folder");
    kam()
        .args(["build", "--quiet", "--root"])
        .arg(site.path())
        .arg("--output")
        .arg(second.path())
        .env("RAYON_NUM_THREADS", "1")
        .env("TZ", "Pacific/Kiritimati")
        .env("LC_ALL", "C")
        .assert()
        .success();
    let a = feeds(first.path());
    assert_eq!(a.len(), 5);
    assert_eq!(a, feeds(second.path()));
}

#[test]
fn long_swedish_lines_fold_between_letters() {
    let site = copy_fixture("calendar");
    let words = "Översyn av årsavtalet för ångpannorna på Härnösands fabrik, med särskild \
                 hänsyn till åtgärder för överförbrukning av ånga – även 😀 i år";
    let titles: Vec<String> = (0..6)
        .map(|n| format!("{}{words}", "x".repeat(n)))
        .collect();
    let actions: String = titles
        .iter()
        .map(|title| {
            format!(
                "[[actions]]\ntitle = \"{title}\"\nowner = \"Åsa Öberg\"\ndue = 2027-02-01\n\
                 status = \"not_started\"\n\n"
            )
        })
        .collect();
    std::fs::write(
        site.path().join("content/accounts/langa.md"),
        format!(
            "+++\nname = \"Långå Ångsåg AB\"\nmanager = \"Åsa Öberg\"\nstage = \"basic\"\n\n\
             {actions}+++\n"
        ),
    )
    .expect("write account");
    let out = built(site.path());
    let feeds = feeds(out.path());
    let text = &feeds["asa-oberg.ics"];
    let (_, events) = parse("asa-oberg.ics", text);
    let mut shown: Vec<&str> = summaries(&events);
    shown.sort_unstable();
    let mut expected: Vec<String> = titles
        .iter()
        .map(|title| format!("{title} – Långå Ångsåg AB"))
        .collect();
    expected.sort_unstable();
    assert_eq!(shown, expected);
    // Some fold fell where a letter of two or more octets would have crossed octet 75, and
    // the letter moved whole to the next line, leaving the line short.
    let lines: Vec<&str> = text.split("\r\n").collect();
    let moved = lines.windows(2).any(|pair| {
        pair[1].starts_with(' ')
            && pair[1][1..]
                .chars()
                .next()
                .is_some_and(|c| c.len_utf8() > 1)
            && pair[0].len() < 75
    });
    assert!(moved, "no fold met a multi-octet letter at the boundary");
}

#[test]
fn pages_link_to_their_calendars() {
    let site = copy_fixture("calendar");
    let out = built(site.path());
    let pages = common::html_pages(out.path());
    assert!(pages["index.html"].contains("href=\"calendar/all.ics\""));
    assert!(pages["index.html"].contains("https://kam.example.se/nyckelkunder/calendar/all.ics"));
    let anna = &pages["managers/anna-berg/index.html"];
    assert!(anna.contains("href=\"../../calendar/anna-berg.ics\""));
    assert!(anna.contains("https://kam.example.se/nyckelkunder/calendar/anna-berg.ics"));
    assert!(pages["managers/all/index.html"].contains("href=\"../../calendar/all-2.ics\""));

    // Under a path alone there is no address to subscribe to, and no event links a page.
    let config = site.path().join("kam.toml");
    let toml = std::fs::read_to_string(&config).expect("kam.toml");
    let toml = toml.replace("https://kam.example.se/nyckelkunder/", "/nyckelkunder/");
    std::fs::write(&config, toml).expect("kam.toml");
    let out = built(site.path());
    let pages = common::html_pages(out.path());
    let anna = &pages["managers/anna-berg/index.html"];
    assert!(anna.contains("href=\"../../calendar/anna-berg.ics\""));
    assert!(!anna.contains("/nyckelkunder/calendar/"));
    assert!(anna.contains("Ladda ner filen"));
    for (name, text) in feeds(out.path()) {
        let (_, events) = parse(&name, &text);
        assert!(
            events.iter().all(|event| !event.contains_key("URL")),
            "{name}"
        );
    }
}

#[test]
fn every_calendar_is_linked_from_the_portfolio_page() {
    let site = copy_fixture("happy");
    let out = tempfile::tempdir().expect("output folder");
    build(site.path(), out.path());
    let index = &html_pages(out.path())["index.html"];
    let feeds: Vec<String> = read_tree(&out.path().join("calendar"))
        .into_keys()
        .collect();
    // Johan Ek owns actions but manages no account, so he has no page of his own.
    assert!(feeds.contains(&"johan-ek.ics".to_string()), "{feeds:?}");
    for feed in feeds {
        assert!(
            index.contains(&format!("href=\"calendar/{feed}\" download")),
            "calendar/{feed} is not linked"
        );
    }
}
