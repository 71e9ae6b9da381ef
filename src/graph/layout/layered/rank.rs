//! Rank assignment: break cycles by reversing back edges found by a depth-first search, then
//! longest-path ranking, with sources pulled down next to their successors.

use std::collections::VecDeque;

use super::FlatGraph;

/// Each node's rank (layer index) and which edges were reversed to break cycles.
#[derive(Debug, Clone)]
pub(super) struct Ranking {
    pub rank: Vec<usize>,
    pub reversed: Vec<bool>,
}

/// Every edge spans at least this many ranks so its label has a layer to itself.
const MIN_LEN: usize = 2;

pub(super) fn assign(g: &FlatGraph) -> Ranking {
    let n = g.sizes.len();
    let reversed = back_edges(g);
    // The acyclic graph: (top, bottom) per edge, self loops left out.
    let mut out: Vec<Vec<usize>> = vec![Vec::new(); n];
    let mut indegree = vec![0usize; n];
    for (e, edge) in g.edges.iter().enumerate() {
        if edge.from == edge.to || edge.from >= n || edge.to >= n {
            continue;
        }
        let (a, b) = if reversed[e] {
            (edge.to, edge.from)
        } else {
            (edge.from, edge.to)
        };
        out[a].push(b);
        indegree[b] += 1;
    }
    let order = topological(&out, &indegree);
    let mut rank = vec![0usize; n];
    for &a in &order {
        for &b in &out[a] {
            rank[b] = rank[b].max(rank[a] + MIN_LEN);
        }
    }
    // Longest path puts every source on the top layer; a source other than the Start marker
    // (an unreachable state) reads better just above what it leads to.
    for &v in order.iter().rev() {
        if indegree[v] == 0 && Some(v) != g.source {
            if let Some(min) = out[v].iter().map(|&b| rank[b]).min() {
                rank[v] = min.saturating_sub(MIN_LEN);
            }
        }
    }
    // The End marker goes on the last layer; only a true sink can, or edges would point up.
    if let Some(sink) = g.sink.filter(|&s| s < n && out[s].is_empty()) {
        let deepest = (0..n).filter(|&v| v != sink).map(|v| rank[v]).max();
        rank[sink] = deepest.map_or(0, |d| d + MIN_LEN);
    }
    let min = rank.iter().copied().min().unwrap_or(0);
    for r in &mut rank {
        *r -= min;
    }
    Ranking { rank, reversed }
}

/// Edges that close a cycle in a depth-first search from the source, then from every other
/// node in order: reversing them leaves the graph acyclic.
fn back_edges(g: &FlatGraph) -> Vec<bool> {
    let n = g.sizes.len();
    let mut out: Vec<Vec<usize>> = vec![Vec::new(); n];
    for (e, edge) in g.edges.iter().enumerate() {
        if edge.from != edge.to && edge.from < n && edge.to < n {
            out[edge.from].push(e);
        }
    }
    let mut reversed = vec![false; g.edges.len()];
    // 0 = unseen, 1 = on the stack, 2 = done.
    let mut state = vec![0u8; n];
    let roots = g.source.filter(|&s| s < n).into_iter().chain(0..n);
    let mut stack: Vec<(usize, usize)> = Vec::new();
    for root in roots {
        if state[root] != 0 {
            continue;
        }
        state[root] = 1;
        stack.push((root, 0));
        while let Some((v, i)) = stack.last_mut() {
            let v = *v;
            if let Some(&e) = out[v].get(*i) {
                *i += 1;
                let w = g.edges[e].to;
                match state[w] {
                    0 => {
                        state[w] = 1;
                        stack.push((w, 0));
                    }
                    1 => reversed[e] = true,
                    _ => {}
                }
            } else {
                state[v] = 2;
                stack.pop();
            }
        }
    }
    reversed
}

/// Kahn's algorithm, taking ready nodes in index order so the result is deterministic.
fn topological(out: &[Vec<usize>], indegree: &[usize]) -> Vec<usize> {
    let mut remaining = indegree.to_vec();
    let mut queue: VecDeque<usize> = (0..out.len()).filter(|&v| remaining[v] == 0).collect();
    let mut order = Vec::with_capacity(out.len());
    while let Some(v) = queue.pop_front() {
        order.push(v);
        for &w in &out[v] {
            remaining[w] -= 1;
            if remaining[w] == 0 {
                queue.push_back(w);
            }
        }
    }
    order
}

#[cfg(test)]
mod tests {
    use super::super::{FlatEdge, FlatGraph};
    use super::*;
    use crate::graph::layout::geometry::Size;

    fn graph(n: usize, edges: &[(usize, usize)]) -> FlatGraph {
        FlatGraph {
            sizes: vec![Size::new(10.0, 10.0); n],
            edges: edges
                .iter()
                .map(|&(from, to)| FlatEdge {
                    from,
                    to,
                    label: None,
                })
                .collect(),
            source: Some(0),
            sink: Some(n - 1),
        }
    }

    #[test]
    fn cycles_are_broken_and_ranks_respect_edges() {
        // 0 -> 1 -> 2 -> 1 (loop), 2 -> 3 (sink)
        let g = graph(4, &[(0, 1), (1, 2), (2, 1), (2, 3)]);
        let r = assign(&g);
        assert_eq!(r.reversed, [false, false, true, false]);
        assert_eq!(r.rank, [0, 2, 4, 6]);
    }

    #[test]
    fn sources_are_pulled_down_and_sink_is_last() {
        // 4 is unreachable and leads to 2; 3 is the sink with no edges.
        let g = graph(5, &[(0, 1), (1, 2), (4, 2)]);
        let g = FlatGraph { sink: Some(3), ..g };
        let r = assign(&g);
        assert_eq!(r.rank[4], 2);
        assert_eq!(r.rank[3], 6);
    }
}
