//! The relationship map of one account (SPEC §7): our people (contact owners) on the left,
//! the customer's functions on the right, one line per contact, as thick as the contact is
//! strong (1–5), with each contact's name and buying-centre role written beside its
//! function, and the roles no contact covers listed underneath.
//!
//! Each owner and each function is a bar with one end point per contact, so the picture
//! takes the shape of the structure: in a bow-tie every line passes through one narrow
//! knot between the two sides; in a diamond the lines spread out across the middle and
//! the middle bars stand out, so both sides point outwards like the halves of a diamond.
//! Not here: who owns which contact or what counts as one person (`analysis`, `view`).

use super::Meta;
use super::canvas::{self, Canvas, render};
use super::colour;
use super::text::{self, escape};

/// How the contacts are spread, from SPEC §7's contact structure.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RelationshipShape {
    BowTie,
    Developing,
    Diamond,
}

/// One contact: a line from its owner to its function.
#[derive(Debug, Clone, PartialEq)]
pub struct RelationshipContact {
    pub name: String,
    /// The buying-centre role, already translated; `None` when not given.
    pub role: Option<String>,
    /// Index into [`RelationshipInput::owners`]; `None` when the contact has no owner.
    pub owner: Option<usize>,
    /// Index into [`RelationshipInput::functions`]; `None` when not given.
    pub function: Option<usize>,
    /// 1–5; `None` (or out of range) draws a thin dashed line.
    pub strength: Option<u8>,
}

/// Everything the map shows; all words are the caller's, already translated.
#[derive(Debug, Clone)]
pub struct RelationshipInput {
    pub meta: Meta,
    pub owners: Vec<String>,
    pub functions: Vec<String>,
    pub contacts: Vec<RelationshipContact>,
    pub shape: RelationshipShape,
    /// Column headings, e.g. "Our people" and "The customer's functions".
    pub our_side: String,
    pub their_side: String,
    /// Names of the groups of contacts without an owner or without a function.
    pub no_owner: String,
    pub no_function: String,
    /// Word before a contact's strength in its tooltip, e.g. "Strength".
    pub strength_label: String,
    /// The line under the map listing the missing buying-centre roles, or `None`.
    pub missing: Option<String>,
}

const WIDTH: f64 = 640.0;
const LEFT_BAR: f64 = 176.0;
const RIGHT_BAR: f64 = 392.0;
const SLOT: f64 = 19.0;
const HEAD_H: f64 = 34.0;
const PX: f64 = 12.0;
/// How far the middle bars of a diamond stand out from the outer ones.
const CHEVRON: f64 = 72.0;

/// A bar: an owner or a function with the contacts that end on it, in drawing order.
struct Bar {
    label: String,
    contacts: Vec<usize>,
}

/// Groups contact indices by `key`, in the order of the named groups, then the unnamed.
fn bars(
    names: &[String],
    unnamed: &str,
    contacts: &[RelationshipContact],
    key: impl Fn(&RelationshipContact) -> Option<usize>,
    order: impl Fn(usize) -> (usize, usize),
) -> Vec<Bar> {
    let group = |slot: Option<usize>| -> Vec<usize> {
        let mut members: Vec<usize> = (0..contacts.len())
            .filter(|&index| {
                let own = key(&contacts[index]).filter(|&i| i < names.len());
                own == slot
            })
            .collect();
        members.sort_by_key(|&index| order(index));
        members
    };
    let mut bars: Vec<Bar> = names
        .iter()
        .enumerate()
        .map(|(index, name)| Bar {
            label: name.clone(),
            contacts: group(Some(index)),
        })
        .filter(|bar| !bar.contacts.is_empty())
        .collect();
    let rest = group(None);
    if !rest.is_empty() {
        bars.push(Bar {
            label: unnamed.to_string(),
            contacts: rest,
        });
    }
    bars
}

/// Draws the map; the "no data" SVG for an account without contacts.
pub fn relationship_map(input: &RelationshipInput) -> String {
    if input.contacts.is_empty() {
        return canvas::no_data(&input.meta, "relationship");
    }
    let contacts = &input.contacts;
    let slot_of = |index: Option<usize>, len: usize| index.filter(|&i| i < len).unwrap_or(len);
    // Each side's contacts follow the other side's order, which keeps lines apart.
    let owners = bars(
        &input.owners,
        &input.no_owner,
        contacts,
        |contact| contact.owner,
        |index| {
            (
                slot_of(contacts[index].function, input.functions.len()),
                index,
            )
        },
    );
    let functions = bars(
        &input.functions,
        &input.no_function,
        contacts,
        |contact| contact.function,
        |index| (slot_of(contacts[index].owner, input.owners.len()), index),
    );
    // Left: a gap between owners; right: a heading row per function as well.
    let left_h: f64 = owners
        .iter()
        .map(|bar| bar.contacts.len() as f64 * SLOT + SLOT)
        .sum::<f64>()
        - SLOT;
    let right_h: f64 = functions
        .iter()
        .map(|bar| bar.contacts.len() as f64 * SLOT + SLOT * 1.6)
        .sum::<f64>()
        - SLOT * 0.6;
    let body = left_h.max(right_h);
    let missing = input
        .missing
        .as_deref()
        .map(|line| text::wrap(line, PX, WIDTH - 24.0))
        .unwrap_or_default();
    let height = (HEAD_H + body + 24.0 + missing.len() as f64 * PX * 1.4 + 8.0).ceil();
    render(
        &input.meta,
        "relationship",
        (WIDTH as u32, height as u32),
        |canvas| {
            draw(
                input,
                &owners,
                &functions,
                (left_h, right_h, body),
                &missing,
                canvas,
            );
            Ok(())
        },
    )
}

/// How far out a bar at relative height `rel` (−1 top … 1 bottom) sits: in a diamond the
/// middle bars most, so each side comes to a point.
fn draw_out(shape: RelationshipShape, rel: f64) -> f64 {
    match shape {
        RelationshipShape::Diamond => CHEVRON * (1.0 - rel.abs()),
        _ => 0.0,
    }
}

fn draw(
    input: &RelationshipInput,
    owners: &[Bar],
    functions: &[Bar],
    (left_h, right_h, body): (f64, f64, f64),
    missing: &[String],
    canvas: &mut Canvas,
) {
    let top = HEAD_H + 6.0;
    let centre = top + body / 2.0;
    let relative = |y: f64| {
        if body > 0.0 {
            ((y - centre) / (body / 2.0)).clamp(-1.0, 1.0)
        } else {
            0.0
        }
    };
    let heading = format!(
        "font-size=\"{}\" font-weight=\"bold\" fill=\"{}\"",
        text::num(PX + 1.0),
        colour::INK
    );
    canvas.over.text(
        LEFT_BAR - 8.0,
        18.0,
        &input.our_side,
        &format!("{heading} text-anchor=\"end\""),
    );
    canvas
        .over
        .text(RIGHT_BAR + 8.0, 18.0, &input.their_side, &heading);

    // Where each contact's line starts and ends.
    let mut start = vec![(0.0, 0.0); input.contacts.len()];
    let mut end = vec![(0.0, 0.0); input.contacts.len()];
    let mut names = Vec::new();
    let mut bars_svg = String::new();
    // Each bar as (x, top, bottom), for the outline behind the lines.
    let mut left_bars = Vec::new();
    let mut right_bars = Vec::new();

    let mut y = top + (body - left_h) / 2.0;
    for bar in owners {
        let h = bar.contacts.len() as f64 * SLOT;
        let x = LEFT_BAR - draw_out(input.shape, relative(y + h / 2.0));
        bars_svg.push_str(&bar_rect(x - 3.0, y + 2.0, h - 4.0));
        left_bars.push((x, y + 2.0, y + h - 2.0));
        for (slot, &contact) in bar.contacts.iter().enumerate() {
            start[contact] = (x + 3.0, y + (slot as f64 + 0.5) * SLOT);
        }
        let label = text::fit(&bar.label, PX, x - 14.0);
        names.push((x - 8.0, y + h / 2.0 + PX * 0.35, label, true, false));
        y += h + SLOT;
    }
    let mut y = top + (body - right_h) / 2.0;
    for bar in functions {
        let h = bar.contacts.len() as f64 * SLOT;
        let heading_y = y + SLOT * 0.7;
        let rows = y + SLOT;
        let x = RIGHT_BAR + draw_out(input.shape, relative(rows + h / 2.0));
        names.push((
            x + 8.0,
            heading_y,
            text::fit(&bar.label, PX, WIDTH - x - 16.0),
            false,
            true,
        ));
        bars_svg.push_str(&bar_rect(x - 3.0, rows + 2.0, h - 4.0));
        right_bars.push((x, rows + 2.0, rows + h - 2.0));
        for (slot, &contact) in bar.contacts.iter().enumerate() {
            let row = rows + (slot as f64 + 0.5) * SLOT;
            end[contact] = (x - 3.0, row);
            let person = &input.contacts[contact];
            let line = match &person.role {
                Some(role) => format!("{} · {role}", person.name),
                None => person.name.clone(),
            };
            names.push((
                x + 14.0,
                row + PX * 0.35,
                text::fit(&line, PX, WIDTH - x - 20.0),
                false,
                false,
            ));
        }
        y = rows + h + SLOT * 0.6;
    }

    // Lines under the bars. The middle of each line is pulled towards the centre in a
    // bow-tie (the knot), less in a developing structure, and not at all in a diamond.
    let pull = match input.shape {
        RelationshipShape::BowTie => 0.12,
        RelationshipShape::Developing => 0.55,
        RelationshipShape::Diamond => 1.0,
    };
    let knot_x = (LEFT_BAR + RIGHT_BAR) / 2.0;
    let mids: Vec<f64> = start
        .iter()
        .zip(&end)
        .map(|((_, y0), (_, y1))| centre + pull * ((y0 + y1) / 2.0 - centre))
        .collect();
    outline(&left_bars, &right_bars, &mids, knot_x, canvas);
    canvas.over.raw(&format!(
        "<g class=\"kam-contacts\" fill=\"none\" stroke=\"{}\" stroke-opacity=\"0.75\" stroke-linecap=\"round\">\n",
        colour::BLUE
    ));
    for (index, contact) in input.contacts.iter().enumerate() {
        let ((x0, y0), (x1, y1)) = (start[index], end[index]);
        let mid = mids[index];
        let d = (knot_x - x0) * 0.55;
        let strength = contact.strength.filter(|s| (1..=5).contains(s));
        let style = match strength {
            Some(s) => format!("stroke-width=\"{}\"", text::num(0.8 + f64::from(s) * 0.9)),
            None => "stroke-width=\"1\" stroke-dasharray=\"3 3\"".to_string(),
        };
        let tooltip = escape(&match strength {
            Some(s) => format!("{} · {} {s}/5", contact.name, input.strength_label),
            None => contact.name.clone(),
        });
        let p = |x: f64, y: f64| format!("{},{}", text::num(x), text::num(y));
        canvas.over.raw(&format!(
            "<path d=\"M{} C{} {} {} C{} {} {}\" {style}><title>{tooltip}</title></path>\n",
            p(x0, y0),
            p(x0 + d, y0),
            p(knot_x - d, mid),
            p(knot_x, mid),
            p(knot_x + d, mid),
            p(x1 - d, y1),
            p(x1, y1),
        ));
    }
    canvas.over.raw("</g>\n");
    canvas.over.raw(&format!(
        "<g class=\"kam-bars\" fill=\"{}\" aria-hidden=\"true\">\n{bars_svg}</g>\n",
        colour::INK
    ));
    for (x, y, label, end_anchor, bold) in names {
        let mut attrs = format!("font-size=\"{}\" fill=\"{}\"", text::num(PX), colour::INK);
        if end_anchor {
            attrs.push_str(" text-anchor=\"end\"");
        }
        if bold {
            attrs.push_str(" font-weight=\"bold\"");
        }
        canvas.over.text(x, y, &label, &attrs);
    }
    let mut y = top + body + 24.0;
    for line in missing {
        canvas.over.text(
            12.0,
            y,
            line,
            &format!(
                "font-size=\"{}\" fill=\"{}\" class=\"kam-missing\"",
                text::num(PX),
                colour::VERMILLION
            ),
        );
        y += PX * 1.4;
    }
}

/// A light shape behind the lines through the ends of the bars and the middle of the
/// lines: two triangles meeting in a knot for a bow-tie, a broad diamond for a diamond.
fn outline(
    left: &[(f64, f64, f64)],
    right: &[(f64, f64, f64)],
    mids: &[f64],
    knot_x: f64,
    canvas: &mut Canvas,
) {
    let (Some(high), Some(low)) = (
        mids.iter().copied().reduce(f64::min),
        mids.iter().copied().reduce(f64::max),
    ) else {
        return;
    };
    let mut points: Vec<(f64, f64)> = Vec::new();
    for &(x, top, bottom) in left {
        points.push((x, top));
        points.push((x, bottom));
    }
    points.push((knot_x, low + 4.0));
    for &(x, top, bottom) in right.iter().rev() {
        points.push((x, bottom));
        points.push((x, top));
    }
    points.push((knot_x, high - 4.0));
    let mut svg = String::from("<polygon class=\"kam-outline\" points=\"");
    for (index, (x, y)) in points.iter().enumerate() {
        if index > 0 {
            svg.push(' ');
        }
        svg.push_str(&format!("{},{}", text::num(*x), text::num(*y)));
    }
    svg.push_str("\" fill=\"#E8F1F8\" stroke=\"#C5DAEA\" stroke-linejoin=\"round\"/>\n");
    canvas.under.raw(&svg);
}

fn bar_rect(x: f64, y: f64, h: f64) -> String {
    format!(
        "<rect x=\"{}\" y=\"{}\" width=\"6\" height=\"{}\" rx=\"3\"/>\n",
        text::num(x),
        text::num(y),
        text::num(h.max(6.0))
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn contact(name: &str, owner: usize, function: usize) -> RelationshipContact {
        RelationshipContact {
            name: name.into(),
            role: Some("decider".into()),
            owner: Some(owner),
            function: Some(function),
            strength: Some(3),
        }
    }

    fn input(
        owners: usize,
        functions: usize,
        contacts: Vec<RelationshipContact>,
        shape: RelationshipShape,
    ) -> RelationshipInput {
        RelationshipInput {
            meta: Meta {
                id: "rel".into(),
                title: "Map".into(),
                desc: "D".into(),
                no_data: "None".into(),
            },
            owners: (0..owners).map(|i| format!("Owner {i}")).collect(),
            functions: (0..functions).map(|i| format!("Function {i}")).collect(),
            contacts,
            shape,
            our_side: "Us".into(),
            their_side: "Them".into(),
            no_owner: "No owner".into(),
            no_function: "No function".into(),
            strength_label: "Strength".into(),
            missing: Some("Missing: user".into()),
        }
    }

    /// The y of each line's middle point (the third point of its first curve).
    fn middles(svg: &str) -> Vec<f64> {
        svg.lines()
            .filter(|line| line.starts_with("<path d=\"M"))
            .filter_map(|line| {
                let curve = line.split(" C").nth(1)?;
                let point = curve.split(' ').nth(2)?;
                point.split(',').nth(1)?.parse().ok()
            })
            .collect()
    }

    fn spread(values: &[f64]) -> f64 {
        values.iter().copied().fold(f64::MIN, f64::max)
            - values.iter().copied().fold(f64::MAX, f64::min)
    }

    #[test]
    fn no_contacts_gives_no_data() {
        let svg = relationship_map(&input(0, 0, vec![], RelationshipShape::BowTie));
        assert!(svg.contains("None"));
    }

    #[test]
    fn names_roles_and_missing_roles_are_text() {
        let mut first = contact("Anna <A>", 0, 0);
        first.strength = None;
        let svg = relationship_map(&input(
            1,
            2,
            vec![first, contact("Bo", 0, 1)],
            RelationshipShape::BowTie,
        ));
        assert!(svg.contains(">Anna &lt;A&gt; · decider</text>"));
        assert!(svg.contains(">Bo · decider</text>"));
        assert!(svg.contains(">Owner 0</text>") && svg.contains(">Function 1</text>"));
        assert!(svg.contains(">Missing: user</text>"));
        assert!(
            svg.contains("stroke-dasharray=\"3 3\""),
            "unrated is dashed"
        );
        assert!(svg.contains("role=\"img\""));
    }

    #[test]
    fn contacts_without_owner_or_function_are_grouped() {
        let loose = RelationshipContact {
            owner: None,
            function: None,
            ..contact("Cay", 0, 0)
        };
        let svg = relationship_map(&input(1, 1, vec![loose], RelationshipShape::BowTie));
        assert!(svg.contains(">No owner</text>") && svg.contains(">No function</text>"));
    }

    #[test]
    fn a_bow_tie_has_a_knot_and_a_diamond_does_not() {
        // Many contacts of one owner in one function: wide at both ends.
        let bow: Vec<RelationshipContact> =
            (0..6).map(|i| contact(&format!("C{i}"), 0, 0)).collect();
        let bow = relationship_map(&input(1, 1, bow, RelationshipShape::BowTie));
        let knot = spread(&middles(&bow));
        // Six contacts, three owners by three functions.
        let many: Vec<RelationshipContact> = (0..6)
            .map(|i| contact(&format!("C{i}"), i % 3, (i + 1) % 3))
            .collect();
        let diamond = relationship_map(&input(3, 3, many, RelationshipShape::Diamond));
        let middle = spread(&middles(&diamond));
        assert!(knot < SLOT, "the bow-tie's lines meet in a knot: {knot}");
        assert!(middle > 3.0 * SLOT, "the diamond's lines spread: {middle}");
        // A diamond's middle bars stand out, so each side comes to a point.
        let bars: Vec<f64> = diamond
            .lines()
            .filter(|line| line.starts_with("<rect x=") && line.contains("rx=\"3\""))
            .filter_map(|line| line.split('"').nth(1)?.parse().ok())
            .collect();
        assert!(bars.len() == 6 && spread(&bars[..3]) > 10.0, "{bars:?}");
    }
}
