//! The order of nodes within the columns of a layered drawing (the value chain), chosen to
//! keep edges from crossing: barycentre sweeps after Sugiyama, a few passes down and up,
//! keeping the best order seen.
//!
//! The heuristic is deterministic (ties go to the caller's key, then to the node's number)
//! and never returns an order with more crossings than the one it was given, since that
//! order is the first candidate. Not here: where the columns come from or how they are
//! drawn (`chain`).

use std::cmp::Ordering;

/// Down-and-up passes; layered drawings this small settle within two or three.
const PASSES: usize = 4;
/// Counting crossings is quadratic in the edges between two columns; past this many edges
/// the given order is kept rather than spending seconds on a picture no one can read.
const MAX_EDGES: usize = 3000;

/// Nodes per column, top to bottom, as node numbers; `edges` join node numbers, in either
/// direction. Node numbers not in any column and edges within one column are ignored.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Layered {
    pub(crate) columns: Vec<Vec<usize>>,
    pub(crate) edges: Vec<(usize, usize)>,
}

/// Where each node sits: (column, position), `None` for a number in no column.
fn places(columns: &[Vec<usize>]) -> Vec<Option<(usize, usize)>> {
    let size = columns
        .iter()
        .flatten()
        .max()
        .map_or(0, |&largest| largest + 1);
    let mut places = vec![None; size];
    for (column, nodes) in columns.iter().enumerate() {
        for (position, &node) in nodes.iter().enumerate() {
            places[node] = Some((column, position));
        }
    }
    places
}

/// Edges as ((column, position), (column, position)) with the left end first; edges
/// within a column or to unknown nodes are left out.
fn spans(
    places: &[Option<(usize, usize)>],
    edges: &[(usize, usize)],
) -> Vec<((usize, usize), (usize, usize))> {
    let place = |node: usize| places.get(node).copied().flatten();
    edges
        .iter()
        .filter_map(|&(a, b)| {
            let (a, b) = (place(a)?, place(b)?);
            match a.0.cmp(&b.0) {
                Ordering::Less => Some((a, b)),
                Ordering::Greater => Some((b, a)),
                Ordering::Equal => None,
            }
        })
        .collect()
}

/// Pairs of edges between the same two columns whose ends are in opposite order.
pub(crate) fn crossings(graph: &Layered) -> usize {
    let mut spans = spans(&places(&graph.columns), &graph.edges);
    spans.sort_unstable_by_key(|&((c0, _), (c1, _))| (c0, c1));
    let mut count = 0;
    for (index, &((c0, p0), (c1, q0))) in spans.iter().enumerate() {
        for &((d0, p1), (d1, q1)) in &spans[index + 1..] {
            if (d0, d1) != (c0, c1) {
                break;
            }
            if (p0 < p1 && q0 > q1) || (p0 > p1 && q0 < q1) {
                count += 1;
            }
        }
    }
    count
}

/// The graph with each column reordered to limit crossings; `key` breaks ties.
pub(crate) fn order<K: Ord>(graph: &Layered, key: impl Fn(usize) -> K) -> Layered {
    let mut best = graph.clone();
    if graph.edges.len() > MAX_EDGES || graph.columns.len() < 2 {
        return best;
    }
    let mut best_crossings = crossings(&best);
    let size = places(&graph.columns).len();
    let mut neighbours: Vec<Vec<usize>> = vec![Vec::new(); size];
    for &(a, b) in &graph.edges {
        if a < size && b < size && a != b {
            neighbours[a].push(b);
            neighbours[b].push(a);
        }
    }
    let mut current = graph.clone();
    for _ in 0..PASSES {
        if best_crossings == 0 {
            break;
        }
        for downward in [true, false] {
            let count = current.columns.len();
            let sequence: Vec<usize> = if downward {
                (1..count).collect()
            } else {
                (0..count - 1).rev().collect()
            };
            for column in sequence {
                sweep(&mut current.columns, column, downward, &neighbours, &key);
            }
            let found = crossings(&current);
            if found < best_crossings {
                best_crossings = found;
                best = current.clone();
            }
        }
    }
    best
}

/// Sorts one column by the mean relative position of each node's neighbours in the
/// columns before it (`downward`) or after it; a node without such neighbours keeps its
/// own relative position.
fn sweep<K: Ord>(
    columns: &mut [Vec<usize>],
    column: usize,
    downward: bool,
    neighbours: &[Vec<usize>],
    key: &impl Fn(usize) -> K,
) {
    let places = places(columns);
    let relative = |(column, position): (usize, usize)| {
        (position as f64 + 0.5) / columns[column].len().max(1) as f64
    };
    let mut ranked: Vec<(f64, usize)> = columns[column]
        .iter()
        .enumerate()
        .map(|(position, &node)| {
            let sides: Vec<f64> = neighbours
                .get(node)
                .into_iter()
                .flatten()
                .filter_map(|&other| places.get(other).copied().flatten())
                .filter(|&(other_column, _)| {
                    if downward {
                        other_column < column
                    } else {
                        other_column > column
                    }
                })
                .map(relative)
                .collect();
            let centre = if sides.is_empty() {
                relative((column, position))
            } else {
                sides.iter().sum::<f64>() / sides.len() as f64
            };
            (centre, node)
        })
        .collect();
    ranked.sort_by(|(a, first), (b, second)| {
        a.total_cmp(b)
            .then_with(|| key(*first).cmp(&key(*second)))
            .then(first.cmp(second))
    });
    columns[column] = ranked.into_iter().map(|(_, node)| node).collect();
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn graph(columns: &[&[usize]], edges: &[(usize, usize)]) -> Layered {
        Layered {
            columns: columns.iter().map(|column| column.to_vec()).collect(),
            edges: edges.to_vec(),
        }
    }

    #[test]
    fn counts_crossings_between_the_same_columns() {
        // 0→3 and 1→2 cross; 0→2 and 1→3 do not.
        assert_eq!(crossings(&graph(&[&[0, 1], &[2, 3]], &[(0, 3), (1, 2)])), 1);
        assert_eq!(crossings(&graph(&[&[0, 1], &[2, 3]], &[(0, 2), (1, 3)])), 0);
        // Direction does not matter, and an edge within a column is no crossing.
        assert_eq!(crossings(&graph(&[&[0, 1], &[2, 3]], &[(3, 0), (2, 1)])), 1);
        assert_eq!(crossings(&graph(&[&[0, 1]], &[(0, 1)])), 0);
    }

    #[test]
    fn untangles_a_twisted_chain() {
        let twisted = graph(
            &[&[0, 1, 2], &[3, 4, 5], &[6, 7, 8]],
            &[(0, 5), (1, 4), (2, 3), (3, 8), (4, 7), (5, 6)],
        );
        assert!(crossings(&twisted) > 0);
        let ordered = order(&twisted, |node| node);
        assert_eq!(crossings(&ordered), 0);
    }

    #[test]
    fn ties_go_to_the_key() {
        // No edges between the right column's nodes' neighbours: both sit under node 0.
        let tied = graph(&[&[0], &[1, 2]], &[(0, 1), (0, 2)]);
        let by_name = order(&tied, |node| ["", "b", "a"][node]);
        assert_eq!(by_name, tied, "no crossings: the given order is kept");
        let crossed = graph(&[&[0, 1], &[2, 3]], &[(0, 3), (1, 2)]);
        assert_eq!(crossings(&order(&crossed, |node| node)), 0);
    }

    fn random_graph() -> impl Strategy<Value = Layered> {
        (1usize..6, 0usize..40).prop_flat_map(|(columns, nodes)| {
            (
                proptest::collection::vec(0..columns, nodes),
                proptest::collection::vec((0..nodes.max(1) + 2, 0..nodes.max(1) + 2), 0..80),
            )
                .prop_map(move |(column_of, edges)| {
                    let mut layered = Layered {
                        columns: vec![Vec::new(); columns],
                        edges,
                    };
                    for (node, column) in column_of.into_iter().enumerate() {
                        layered.columns[column].push(node);
                    }
                    layered
                })
        })
    }

    proptest! {
        #[test]
        fn ordering_is_deterministic_and_never_worse(graph in random_graph()) {
            let first = order(&graph, |node| node % 3);
            let second = order(&graph, |node| node % 3);
            prop_assert_eq!(&first, &second);
            prop_assert!(crossings(&first) <= crossings(&graph));
            // Every node stays in its column, once.
            prop_assert_eq!(first.columns.len(), graph.columns.len());
            for (before, after) in graph.columns.iter().zip(&first.columns) {
                let (mut before, mut after) = (before.clone(), after.clone());
                before.sort_unstable();
                after.sort_unstable();
                prop_assert_eq!(before, after);
            }
        }
    }
}
