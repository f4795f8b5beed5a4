//! Leader lines: the thin line that ties a label to its bubble once the label has had to
//! move away from it to stay clear of other labels, bubbles and arrows. Pure geometry in
//! px: where the line runs and whether it would cross a box. Where labels go is decided
//! by the chart that places them, not here.

/// A straight line between two points, in px.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct Leader {
    pub from: (f64, f64),
    pub to: (f64, f64),
}

/// Room left between the line's ends and the circle or the label, so the line reads as
/// pointing at them rather than touching the text.
const CLEARANCE: f64 = 1.5;

impl Leader {
    /// The line from the edge of `circle` (cx, cy, r) to the label box `(x0, y0, x1, y1)`,
    /// when the box lies more than `min_gap` px beyond the circle's edge; `None` for a
    /// label close enough to read as its bubble's own. It ends at the point of the box
    /// nearest the centre, so it never runs across the label itself.
    pub(crate) fn towards(
        (cx, cy, r): (f64, f64, f64),
        (x0, y0, x1, y1): (f64, f64, f64, f64),
        min_gap: f64,
    ) -> Option<Leader> {
        let near = (cx.clamp(x0, x1), cy.clamp(y0, y1));
        let distance = (near.0 - cx).hypot(near.1 - cy);
        if !distance.is_finite() || distance - r <= min_gap.max(3.0 * CLEARANCE) {
            return None;
        }
        let (ux, uy) = ((near.0 - cx) / distance, (near.1 - cy) / distance);
        Some(Leader {
            from: (cx + ux * (r + CLEARANCE), cy + uy * (r + CLEARANCE)),
            to: (near.0 - ux * CLEARANCE, near.1 - uy * CLEARANCE),
        })
    }

    /// Whether the line touches the box `(x0, y0, x1, y1)` anywhere (Liang–Barsky
    /// clipping: the line's part inside the box is not empty).
    pub(crate) fn crosses(&self, (x0, y0, x1, y1): (f64, f64, f64, f64)) -> bool {
        let (dx, dy) = (self.to.0 - self.from.0, self.to.1 - self.from.1);
        let mut enter: f64 = 0.0;
        let mut leave: f64 = 1.0;
        for (p, q) in [
            (-dx, self.from.0 - x0),
            (dx, x1 - self.from.0),
            (-dy, self.from.1 - y0),
            (dy, y1 - self.from.1),
        ] {
            if p == 0.0 {
                // Parallel to this side: inside its slab or never.
                if q < 0.0 {
                    return false;
                }
            } else if p < 0.0 {
                enter = enter.max(q / p);
            } else {
                leave = leave.min(q / p);
            }
            if enter > leave {
                return false;
            }
        }
        true
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn a_label_beside_its_bubble_needs_no_line() {
        let circle = (50.0, 50.0, 10.0);
        // 3 px from the edge, as a label placed right next to its bubble is.
        assert_eq!(
            Leader::towards(circle, (63.0, 45.0, 120.0, 58.0), 13.0),
            None
        );
        let far = Leader::towards(circle, (90.0, 45.0, 150.0, 58.0), 13.0);
        let line = far.expect("a label 30 px away gets a line");
        assert_eq!(line.from, (61.5, 50.0));
        assert_eq!(line.to, (88.5, 50.0));
    }

    #[test]
    fn crossing_is_seen_on_every_side_and_missing_is_not_crossing() {
        let line = Leader {
            from: (0.0, 0.0),
            to: (10.0, 10.0),
        };
        assert!(line.crosses((4.0, 4.0, 6.0, 6.0)));
        assert!(line.crosses((-5.0, 8.0, 20.0, 9.0)));
        assert!(!line.crosses((6.0, 0.0, 10.0, 3.0)));
        assert!(!line.crosses((11.0, 11.0, 12.0, 12.0)));
        let flat = Leader {
            from: (0.0, 5.0),
            to: (10.0, 5.0),
        };
        assert!(flat.crosses((3.0, 0.0, 4.0, 10.0)));
        assert!(!flat.crosses((3.0, 6.0, 4.0, 10.0)));
    }

    proptest! {
        /// Whatever the circle and the box, a leader stops short of its own label.
        #[test]
        fn a_leader_never_runs_into_its_own_label(
            cx in -100.0..600.0f64, cy in -100.0..600.0f64, r in 0.0..60.0f64,
            x0 in 0.0..500.0f64, y0 in 0.0..500.0f64, w in 1.0..200.0f64, h in 1.0..30.0f64,
        ) {
            let label = (x0, y0, x0 + w, y0 + h);
            if let Some(line) = Leader::towards((cx, cy, r), label, h) {
                prop_assert!(!line.crosses(label), "{line:?}");
                let length = (line.to.0 - line.from.0).hypot(line.to.1 - line.from.1);
                prop_assert!(length > 0.0);
            }
        }
    }
}
