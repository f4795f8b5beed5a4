//! Plan progress on an account page (SPEC §6): one row per objective, its name over a bar
//! of its counted actions, done ones filled and the rest empty, with "done/counted" beside
//! it. Filled versus empty cells carry the meaning; colour only adds to it.
//!
//! No numeric axis here, so plotters is not involved; the shared canvas still gives the
//! chart its title, description, ids and fallback.

use crate::i18n::Format;
use std::borrow::Cow;

use super::Meta;
use super::canvas::{self, Canvas, render};
use super::colour;
use super::text;

/// One objective of the account's plan.
#[derive(Debug, Clone, PartialEq)]
pub struct ObjectiveProgress {
    /// The objective's title.
    pub label: String,
    /// Actions done.
    pub done: usize,
    /// Actions counted (all but cancelled); `done` is capped at it.
    pub counted: usize,
    /// A short status shown at the right of the name, e.g. "Overdue" or "Achieved".
    pub note: Option<String>,
}

#[derive(Debug, Clone)]
pub struct ProgressInput<'a> {
    pub meta: Meta,
    pub format: Format<'a>,
    pub objectives: Cow<'a, [ObjectiveProgress]>,
    /// Written in the empty bar of an objective without counted actions.
    pub no_actions: String,
}

const WIDTH: f64 = 480.0;
const TEXT_PX: f64 = 13.0;
const ROW: f64 = 50.0;
const BAR: f64 = 18.0;
/// Room right of the bar for "12/20".
const COUNT_WIDTH: f64 = 64.0;
/// Above this many actions an objective gets one continuous bar instead of cells.
const MAX_CELLS: usize = 20;

/// Draws the plan progress chart; the "no data" SVG without objectives.
pub fn plan_progress(input: &ProgressInput) -> String {
    if input.objectives.is_empty() {
        return canvas::no_data(&input.meta, "progress");
    }
    let height = (input.objectives.len() as f64 * ROW + 8.0).ceil() as u32;
    render(&input.meta, "progress", (WIDTH as u32, height), |canvas| {
        draw(input, canvas);
        Ok(())
    })
}

fn draw(input: &ProgressInput, canvas: &mut Canvas) {
    let format = input.format;
    let left = 4.0;
    let bar_right = WIDTH - 4.0 - COUNT_WIDTH;
    let bar_width = bar_right - left;
    let text_attrs = format!(
        "font-size=\"{}\" fill=\"{}\"",
        text::num(TEXT_PX),
        colour::INK
    );
    let done_attrs = format!("fill=\"{}\" stroke=\"#005C43\"", colour::GREEN);
    let open_attrs = "fill=\"#FFFFFF\" stroke=\"#8C8C8C\"";
    for (row, objective) in input.objectives.iter().enumerate() {
        let y = 4.0 + row as f64 * ROW;
        let counted = objective.counted;
        let done = objective.done.min(counted);

        let note = objective
            .note
            .as_deref()
            .map(|note| text::fit(note, TEXT_PX, WIDTH / 3.0))
            .unwrap_or_default();
        let note_width = if note.is_empty() {
            0.0
        } else {
            text::width(&note, TEXT_PX) + 12.0
        };
        let name = text::fit(&objective.label, TEXT_PX, WIDTH - 8.0 - note_width);
        canvas.over.text(left, y + 14.0, &name, &text_attrs);
        if !note.is_empty() {
            canvas.over.text(
                WIDTH - 4.0,
                y + 14.0,
                &note,
                &format!(
                    "font-size=\"{}\" font-style=\"italic\" text-anchor=\"end\" fill=\"{}\"",
                    text::num(TEXT_PX),
                    colour::MUTED
                ),
            );
        }

        let bar_top = y + 22.0;
        if counted == 0 {
            canvas.over.rect(
                left,
                bar_top,
                bar_width,
                BAR,
                "fill=\"#FFFFFF\" stroke=\"#8C8C8C\" stroke-dasharray=\"4 3\"",
            );
            let label = text::fit(&input.no_actions, 12.0, bar_width - 12.0);
            canvas.over.text(
                left + 8.0,
                bar_top + BAR / 2.0 + 4.0,
                &label,
                &format!("font-size=\"12\" fill=\"{}\"", colour::MUTED),
            );
            continue;
        }
        if counted <= MAX_CELLS {
            let gap = 3.0;
            let cell = (bar_width - gap * (counted as f64 - 1.0)) / counted as f64;
            for index in 0..counted {
                let x = left + index as f64 * (cell + gap);
                canvas.over.rect(
                    x,
                    bar_top,
                    cell,
                    BAR,
                    if index < done {
                        &done_attrs
                    } else {
                        open_attrs
                    },
                );
            }
        } else {
            canvas.over.rect(left, bar_top, bar_width, BAR, open_attrs);
            let filled = bar_width * done as f64 / counted as f64;
            canvas.over.rect(left, bar_top, filled, BAR, &done_attrs);
        }
        let count = format!(
            "{}/{}",
            format.number(done as f64, 0),
            format.number(counted as f64, 0)
        );
        canvas.over.text(
            bar_right + 8.0,
            bar_top + BAR / 2.0 + 4.5,
            &count,
            &format!("{text_attrs} font-weight=\"bold\""),
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::Language;

    fn input(objectives: &[ObjectiveProgress]) -> ProgressInput<'_> {
        ProgressInput {
            meta: Meta {
                id: "plan".into(),
                title: "Plan".into(),
                desc: "d".into(),
                no_data: "Inga mål".into(),
            },
            format: Format {
                language: Language::Sv,
                currency: "SEK",
            },
            objectives: objectives.into(),
            no_actions: "Inga aktiviteter".into(),
        }
    }

    #[test]
    fn no_objectives_is_no_data() {
        assert!(plan_progress(&input(&[])).contains("Inga mål"));
    }

    #[test]
    fn cells_bars_and_empty_objectives() {
        let objectives = [
            ObjectiveProgress {
                label: "Förnya avtalet".into(),
                done: 2,
                counted: 5,
                note: Some("Försenat".into()),
            },
            ObjectiveProgress {
                label: "Tomt".into(),
                done: 0,
                counted: 0,
                note: None,
            },
            ObjectiveProgress {
                label: "Stort".into(),
                done: 40,
                counted: 30,
                note: None,
            },
        ];
        let svg = plan_progress(&input(&objectives));
        assert!(svg.contains(">2/5<") && svg.contains(">30/30<"));
        assert!(svg.contains("Inga aktiviteter") && svg.contains("Försenat"));
    }
}
