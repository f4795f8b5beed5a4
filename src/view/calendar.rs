//! The calendars of SPEC v2 §14: one `.ics` file per person who manages an account or owns
//! a live action, and one for the whole portfolio, each an all-day event per live action
//! (in its owner's and its account manager's calendars) and per objective not achieved (in
//! the manager's).
//!
//! UIDs are name-based (UUID v5) so that a calendar that subscribed keeps each event across
//! builds, edits and reorderings; DTSTAMP is the build's `today`, never the clock. Not
//! here: the text format itself (`ics`), who has which slug (`urls::People`), or writing
//! the files (`render`).

use std::collections::{BTreeMap, HashMap};
use std::sync::Arc;

use rayon::prelude::*;
use serde::Serialize;
use time::Date;
use uuid::Uuid;

use crate::analysis::plan::{ObjectiveState, is_live};
use crate::content::model::{Account, Action, Objective};
use crate::memo;
use crate::view::ics::{self, Lines};
use crate::view::{SiteView, urls};

/// Every UID is derived from this namespace. It is fixed for good: changing it would make
/// every subscribed calendar see all its events as new ones.
const NAMESPACE: Uuid = Uuid::from_u128(0x3f6c_2a1e_9b4d_5c07_8e21_d4a6_0b7f_93c5);

/// One calendar file: where it goes and its text, as the bytes written out. They are made
/// shared as each calendar is finished, so the text is not held twice while the others
/// are made: at 10,000 accounts the calendars are some 35 MB.
pub struct Feed {
    pub path: String,
    pub text: Arc<[u8]>,
}

/// A page's link to a calendar: its path from the site root, and the address to
/// subscribe to when `base_url` is absolute.
#[derive(Serialize, Debug, Clone)]
pub struct CalendarLink {
    pub url: String,
    pub address: Option<String>,
}

/// What names an item within its account, for its UID.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Item<'a> {
    Id(&'a str),
    /// An action without `id`: its title, and its position (from 1) among the account's
    /// actions without `id` of that title when more than one has it.
    Title(&'a str, Option<usize>),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Kind {
    Action,
    Objective,
}

impl Kind {
    fn key(self) -> &'static str {
        match self {
            Kind::Action => "action",
            Kind::Objective => "objective",
        }
    }
}

/// The UID of an item: UUID v5 of the account slug, the kind and the item. The parts are
/// joined by NUL, which none of them can hold (loading drops control characters), and the
/// item says whether it is an id or a title, so no two items share a name.
pub fn uid(account_slug: &str, kind: Kind, item: &Item) -> Uuid {
    let item = match item {
        Item::Id(id) => format!("id\0{id}"),
        Item::Title(title, None) => format!("title\0{title}"),
        Item::Title(title, Some(position)) => format!("title\0{title}\0{position}"),
    };
    let name = format!("{account_slug}\0{}\0{item}", kind.key());
    Uuid::new_v5(&NAMESPACE, name.as_bytes())
}

/// How each action of an account is named for its UID, index-aligned with `actions`.
pub fn action_items(actions: &[Action]) -> Vec<Item<'_>> {
    let mut shared: BTreeMap<&str, usize> = BTreeMap::new();
    for action in actions.iter().filter(|action| action.id.is_none()) {
        *shared.entry(action.title.as_str()).or_default() += 1;
    }
    let mut seen: BTreeMap<&str, usize> = BTreeMap::new();
    actions
        .iter()
        .map(|action| match &action.id {
            Some(id) => Item::Id(id),
            None => {
                let title = action.title.as_str();
                let position = seen.entry(title).or_default();
                *position += 1;
                let numbered = shared.get(title).is_some_and(|&count| count > 1);
                Item::Title(title, numbered.then_some(*position))
            }
        })
        .collect()
}

/// An event as built once and shared by every calendar that shows it: what is its own.
/// The lines that follow from its date, UID and account are written around `text` each
/// time a calendar is (see [`SiteView::event_into`]), and whose calendars show it is
/// read from its account when they are planned: every event of a site is held until the
/// calendars are made, so each holds only what costs more to make again than to keep.
struct Event {
    /// Due date, kind, position in the file: with the account's place, its calendar order.
    order: (Date, Kind, usize),
    uid: Uuid,
    /// Its SUMMARY and DESCRIPTION lines, folded.
    text: Box<str>,
}

/// An event where a calendar shows it, with the account it belongs to.
type Placed<'e> = (&'e Account, &'e Event);

/// Where an event comes in a calendar: due date, account (by place), kind, position.
type Order = (Date, usize, Kind, usize);

/// The parts of an event that differ between actions and objectives.
struct EventText {
    uid: Uuid,
    summary: String,
    description: Vec<String>,
}

/// Each account's events as the last build made them, kept by `serve` so that an edit
/// of one account writes that account's events only. Events are most of a calendar's cost:
/// at 10,000 accounts, making them all took a good part of a rebuild.
#[derive(Default)]
pub struct Memo {
    accounts: memo::PerAccount<AccountEvents>,
    /// Each calendar of the last build by path, with what it was made from: the name in
    /// its header and its events, by address. The events are those `accounts` keeps, alive
    /// until this build's are kept in their place, so an address met again is the same
    /// event; a person whose events are all unchanged keeps the text of their calendar.
    feeds: std::sync::Mutex<HashMap<String, KeptFeed>>,
}

struct KeptFeed {
    name: String,
    events: Vec<usize>,
    text: Arc<[u8]>,
}

impl Memo {
    fn kept_feeds(&self) -> std::sync::MutexGuard<'_, HashMap<String, KeptFeed>> {
        // The map is replaced whole, so a panic elsewhere cannot leave it half-written.
        self.feeds
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }
}

/// A calendar to be made: where, its name and its events in order.
struct PlannedFeed<'e> {
    path: String,
    name: String,
    events: Vec<Placed<'e>>,
}

/// What a calendar is made from: the name in its header and its events, by address.
fn addresses(events: &[Placed]) -> Vec<usize> {
    events
        .iter()
        .map(|(_, event)| std::ptr::from_ref::<Event>(event) as usize)
        .collect()
}

/// An account's events and everything they were made from besides kam.toml and the
/// date: the account (by identity: a loaded account is never changed) and how its action
/// owners are spelt across the site. The state of its objectives, which the events also
/// read, follows from the account and the date alone.
pub struct AccountEvents {
    account: Arc<Account>,
    owners: Vec<String>,
    events: Arc<[Event]>,
}

impl SiteView<'_> {
    /// Every calendar of the site: `calendar/all.ics` first, then each person's. With a
    /// memo, an account's events are made again only when what they read has changed.
    pub fn calendars(&self, memo: Option<&Memo>) -> Vec<Feed> {
        let kept =
            memo.and_then(|memo| memo.accounts.take(&self.site.config, self.portfolio.today));
        let per_account = self.calendar_events(kept.as_ref());
        // Without the events they were made from, the kept calendars' addresses mean
        // nothing.
        let kept_feeds = match (memo, &kept) {
            (Some(memo), Some(_)) => std::mem::take(&mut *memo.kept_feeds()),
            _ => HashMap::new(),
        };
        let (feeds, keep): (Vec<Feed>, Vec<Option<KeptFeed>>) = self
            .feeds(&per_account, &kept_feeds, memo.is_some())
            .into_iter()
            .unzip();
        if let Some(memo) = memo {
            *memo.kept_feeds() = feeds
                .iter()
                .zip(keep)
                .filter_map(|(feed, kept)| Some((feed.path.clone(), kept?)))
                .collect();
            memo.accounts
                .keep(&self.site.config, self.portfolio.today, per_account);
        }
        feeds
    }

    /// One calendar, taken from `kept` when it was made from the same name and events; and
    /// with `keep`, what to keep of it for the next build.
    fn feed(
        &self,
        path: String,
        name: String,
        events: &[Placed],
        kept: &HashMap<String, KeptFeed>,
        keep: bool,
    ) -> (Feed, Option<KeptFeed>) {
        let addresses = keep.then(|| addresses(events));
        let earlier = kept
            .get(&path)
            .filter(|earlier| earlier.name == name && Some(&earlier.events) == addresses.as_ref());
        let text = match earlier {
            Some(earlier) => Arc::clone(&earlier.text),
            None => Arc::from(self.feed_text(&name, events)),
        };
        let to_keep = addresses.map(|events| KeptFeed {
            name,
            events,
            text: Arc::clone(&text),
        });
        (Feed { path, text }, to_keep)
    }

    fn feeds(
        &self,
        per_account: &[AccountEvents],
        kept: &HashMap<String, KeptFeed>,
        keep: bool,
    ) -> Vec<(Feed, Option<KeptFeed>)> {
        let (all, people) = self.planned_feeds(per_account);
        let mut feeds = vec![self.feed(all.path, all.name, &all.events, kept, keep)];
        feeds.par_extend(
            people
                .into_par_iter()
                .map(|plan| self.feed(plan.path, plan.name, &plan.events, kept, keep)),
        );
        feeds
    }

    /// Every calendar of the site, each handed to `write` with a function that writes it
    /// to the writer `write` gives: at 10,000 accounts the calendars are tens of megabytes,
    /// which a build need not hold. `write` sees them in any order.
    pub fn write_calendars<E: Send>(
        &self,
        write: impl Fn(&str, &dyn Fn(&mut dyn std::io::Write) -> std::io::Result<()>) -> Result<(), E>
        + Sync,
    ) -> Result<(), E> {
        let per_account = self.calendar_events(None);
        let (all, people) = self.planned_feeds(&per_account);
        // The whole portfolio's calendar holds every event, as many as the people's
        // together: written beside them, not before them.
        let (all, people) = rayon::join(
            || {
                write(&all.path, &|out| {
                    self.write_feed(&all.name, &all.events, out)
                })
            },
            || {
                people.into_par_iter().try_for_each(|plan| {
                    write(&plan.path, &|out| {
                        self.write_feed(&plan.name, &plan.events, out)
                    })
                })
            },
        );
        all.and(people)
    }

    /// The whole portfolio's calendar and each person's, with their events in order.
    fn planned_feeds<'e>(
        &self,
        per_account: &'e [AccountEvents],
    ) -> (PlannedFeed<'e>, Vec<PlannedFeed<'e>>) {
        let mut events: Vec<(Order, Placed)> = per_account
            .iter()
            .enumerate()
            .flat_map(|(index, kept)| {
                kept.events.iter().map(move |event| {
                    let (due, kind, position) = event.order;
                    ((due, index, kind, position), (&*kept.account, event))
                })
            })
            .collect();
        // No two events share an order (it holds the account and the place in its file),
        // so the faster unstable sort gives the same list.
        events.par_sort_unstable_by_key(|(order, _)| *order);
        // Whose calendars show an event: an action its owner's and its account manager's,
        // an objective the manager's. The name keys are made per account, in parallel.
        let keys: Vec<(String, Vec<String>)> = per_account
            .par_iter()
            .map(|kept| {
                let account = &kept.account;
                // Only live actions are events; the others keep their places empty.
                let owners = account
                    .actions
                    .iter()
                    .map(|action| match is_live(action.status) {
                        true => crate::names::key(&action.owner),
                        false => String::new(),
                    })
                    .collect();
                (crate::names::key(&account.manager), owners)
            })
            .collect();
        // Looked up by key only; the calendars come in the order of `people`.
        let mut by_person: HashMap<&str, Vec<Placed>, foldhash::fast::RandomState> =
            HashMap::default();
        for &((_, index, kind, position), placed) in &events {
            let (manager, owners) = &keys[index];
            let owner = match kind {
                Kind::Action => owners.get(position).filter(|owner| *owner != manager),
                Kind::Objective => None,
            };
            for person in owner.into_iter().chain([manager]) {
                by_person.entry(person).or_default().push(placed);
            }
        }
        let events: Vec<Placed> = events.into_iter().map(|(_, placed)| placed).collect();
        let title = &self.site.config.title;
        let people = self
            .shared
            .people
            .all()
            .map(|(key, name, path)| PlannedFeed {
                path,
                name: self
                    .labels
                    .fill("calendar.person_name", &[("site", title), ("name", name)]),
                events: by_person.remove(key).unwrap_or_default(),
            })
            .collect();
        let all = PlannedFeed {
            path: urls::CALENDAR_ALL.to_string(),
            name: self.labels.fill("calendar.all_name", &[("site", title)]),
            events,
        };
        (all, people)
    }

    /// The link to a person's calendar, or to the whole portfolio's for `None`.
    pub fn calendar_link(&self, person: Option<&str>) -> Option<CalendarLink> {
        let url = match person {
            Some(name) => self.shared.people.calendar(name)?,
            None => urls::CALENDAR_ALL.to_string(),
        };
        let base_url = &self.site.config.base_url;
        let address = is_absolute(base_url).then(|| urls::absolute(base_url, &url));
        Some(CalendarLink { url, address })
    }

    fn feed_text(&self, name: &str, events: &[Placed]) -> Vec<u8> {
        // The events are most of the text and their size is about known, so it is made
        // with little growing (which doubled a large calendar's memory while it was made).
        let events_size: usize = events
            .iter()
            .map(|(_, event)| event.text.len() + FIXED_LINES)
            .sum();
        let mut text = Vec::with_capacity(events_size + 512);
        // Writing to memory cannot fail.
        let _ = self.write_feed(name, events, &mut text);
        text
    }

    /// A calendar written to `out` as it is made.
    fn write_feed(
        &self,
        name: &str,
        events: &[Placed],
        out: &mut dyn std::io::Write,
    ) -> std::io::Result<()> {
        let (head, foot) = self.feed_frame(name);
        out.write_all(head.as_bytes())?;
        let stamp = ics::midnight_utc(self.portfolio.today);
        let mut lines = Lines::with_capacity(1024);
        for (account, event) in events {
            lines.clear();
            self.event_into(&mut lines, &stamp, account, event);
            out.write_all(lines.as_str().as_bytes())?;
        }
        out.write_all(foot.as_bytes())
    }

    /// An event's lines, BEGIN to END.
    fn event_into(&self, lines: &mut Lines, stamp: &str, account: &Account, event: &Event) {
        let (due, _, _) = event.order;
        lines.property("BEGIN", "VEVENT");
        lines.property(
            "UID",
            event
                .uid
                .hyphenated()
                .encode_lower(&mut Uuid::encode_buffer()),
        );
        lines.property("DTSTAMP", stamp);
        lines.property("DTSTART;VALUE=DATE", &ics::date(due));
        // Without a next day (the last date there is) an all-day event lasts its one day
        // by RFC 5545's own rule, so DTEND is left out.
        if let Some(end) = due.next_day() {
            lines.property("DTEND;VALUE=DATE", &ics::date(end));
        }
        lines.push_folded(&event.text);
        let base_url = &self.site.config.base_url;
        if is_absolute(base_url) {
            let page = urls::absolute(base_url, &urls::account(&account.slug));
            lines.property("URL", &ics::raw(&page));
        }
        // A due date is a reminder, not a meeting: it should not show the day as busy.
        lines.property("TRANSP", "TRANSPARENT");
        lines.property("END", "VEVENT");
    }

    /// A calendar's lines before its events and after them.
    fn feed_frame(&self, name: &str) -> (String, String) {
        let mut head = Lines::with_capacity(512);
        head.property("BEGIN", "VCALENDAR");
        head.property("VERSION", "2.0");
        head.property(
            "PRODID",
            &ics::text(&format!(
                "-//kam//kam {}//{}",
                env!("CARGO_PKG_VERSION"),
                self.site.config.language.code().to_uppercase()
            )),
        );
        head.property("CALSCALE", "GREGORIAN");
        head.property("METHOD", "PUBLISH");
        head.property("X-WR-CALNAME", &ics::text(name));
        let mut foot = Lines::new();
        foot.property("END", "VCALENDAR");
        (head.finish(), foot.finish())
    }

    /// Every live action and open objective of each account as events, accounts in
    /// parallel (each event's lines are most of a calendar's cost), taken from `kept` where
    /// their inputs are unchanged.
    fn calendar_events(&self, kept: Option<&memo::Kept<AccountEvents>>) -> Vec<AccountEvents> {
        self.site
            .accounts
            .par_iter()
            .zip(&self.portfolio.accounts)
            .enumerate()
            .map(|(index, (account, analysis))| {
                let owners: Vec<String> = account
                    .actions
                    .iter()
                    .filter(|action| is_live(action.status))
                    .map(|action| self.shared.people.display(&action.owner).to_string())
                    .collect();
                let earlier = kept
                    .and_then(|kept| kept.get_at(index, &account.slug))
                    .filter(|earlier| {
                        Arc::ptr_eq(&earlier.account, account) && earlier.owners == owners
                    });
                let events = match earlier {
                    Some(earlier) => Arc::clone(&earlier.events),
                    None => Arc::from(self.account_events(account, analysis)),
                };
                AccountEvents {
                    account: Arc::clone(account),
                    owners,
                    events,
                }
            })
            .collect()
    }

    fn account_events(
        &self,
        account: &Account,
        analysis: &crate::analysis::AccountAnalysis,
    ) -> Vec<Event> {
        let mut events = Vec::new();
        let items = action_items(&account.actions);
        for (position, (action, item)) in account.actions.iter().zip(&items).enumerate() {
            if !is_live(action.status) {
                continue;
            }
            events.push(event(
                (action.due, Kind::Action, position),
                self.action_text(account, action, item),
            ));
        }
        for (position, (objective, state)) in account
            .objectives
            .iter()
            .zip(&analysis.plan.objectives)
            .enumerate()
        {
            if state.achieved {
                continue;
            }
            events.push(event(
                (objective.due, Kind::Objective, position),
                self.objective_text(account, objective, state),
            ));
        }
        events
    }

    fn action_text(&self, account: &Account, action: &Action, item: &Item) -> EventText {
        let labels = &self.labels;
        let mut description = Vec::new();
        if let Some(id) = &action.objective {
            let title = account
                .objectives
                .iter()
                .find(|objective| &objective.id == id)
                .map_or(id.as_str(), |objective| objective.title.as_str());
            description.push(labels.fill("calendar.objective", &[("title", title)]));
        }
        let status = labels.label("status", action.status.key());
        description.push(labels.fill("calendar.status", &[("status", &status)]));
        let owner = self.shared.people.display(&action.owner);
        description.push(labels.fill("calendar.owner", &[("name", owner)]));
        EventText {
            uid: uid(&account.slug, Kind::Action, item),
            summary: labels.fill(
                "calendar.action_summary",
                &[("title", &action.title), ("account", &account.name)],
            ),
            description,
        }
    }

    fn objective_text(
        &self,
        account: &Account,
        objective: &Objective,
        state: &ObjectiveState,
    ) -> EventText {
        let labels = &self.labels;
        let mut description = Vec::new();
        if let Some(measure) = &objective.measure {
            description.push(labels.fill("calendar.measure", &[("measure", measure)]));
        }
        let status = if state.counted == 0 {
            labels.t("calendar.objective_no_actions")
        } else {
            labels.fill(
                "calendar.objective_progress",
                &[
                    ("done", &state.done.to_string()),
                    ("counted", &state.counted.to_string()),
                ],
            )
        };
        description.push(labels.fill("calendar.status", &[("status", &status)]));
        EventText {
            uid: uid(&account.slug, Kind::Objective, &Item::Id(&objective.id)),
            summary: labels.fill(
                "calendar.objective_summary",
                &[("title", &objective.title), ("account", &account.name)],
            ),
            description,
        }
    }
}

/// About what the lines [`SiteView::event_into`] writes around an event's text take, with
/// a URL: for sizing a calendar made in memory.
const FIXED_LINES: usize = 256;

fn event(order: (Date, Kind, usize), text: EventText) -> Event {
    let mut lines = Lines::new();
    lines.property("SUMMARY", &ics::text(&text.summary));
    lines.property("DESCRIPTION", &ics::text(&text.description.join("\n")));
    Event {
        order,
        uid: text.uid,
        text: lines.finish().into_boxed_str(),
    }
}

impl memo::OfAccount for AccountEvents {
    fn account(&self) -> &Arc<Account> {
        &self.account
    }
}

/// Whether `base_url` names a host, so that a calendar may link to the site's pages.
fn is_absolute(base_url: &str) -> bool {
    base_url.starts_with("http://") || base_url.starts_with("https://")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::content::model::Status;
    use time::macros::date;

    fn action(id: Option<&str>, title: &str) -> Action {
        Action {
            id: id.map(str::to_string),
            objective: None,
            title: title.to_string(),
            owner: "Anna Berg".to_string(),
            due: date!(2026 - 12 - 01),
            status: Status::NotStarted,
        }
    }

    #[test]
    fn titles_are_numbered_only_when_shared() {
        let actions = [
            action(None, "Ring inköp"),
            action(Some("ring"), "Ring inköp"),
            action(None, "Besök"),
            action(None, "Ring inköp"),
        ];
        assert_eq!(
            action_items(&actions),
            vec![
                Item::Title("Ring inköp", Some(1)),
                Item::Id("ring"),
                Item::Title("Besök", None),
                Item::Title("Ring inköp", Some(2)),
            ]
        );
    }

    #[test]
    fn uids_depend_on_every_part_and_nothing_else() {
        let base = uid("alfa", Kind::Action, &Item::Id("x"));
        assert_eq!(base, uid("alfa", Kind::Action, &Item::Id("x")));
        assert_eq!(base.get_version_num(), 5);
        for other in [
            uid("beta", Kind::Action, &Item::Id("x")),
            uid("alfa", Kind::Objective, &Item::Id("x")),
            uid("alfa", Kind::Action, &Item::Id("y")),
            uid("alfa", Kind::Action, &Item::Title("x", None)),
            uid("alfa", Kind::Action, &Item::Title("x", Some(1))),
        ] {
            assert_ne!(base, other);
        }
        assert_ne!(
            uid("alfa", Kind::Action, &Item::Title("x", Some(1))),
            uid("alfa", Kind::Action, &Item::Title("x", Some(2)))
        );
    }
}
