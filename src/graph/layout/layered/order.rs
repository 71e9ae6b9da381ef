//! Crossing reduction: an initial order from a depth-first search, then barycenter sweeps
//! down and up, keeping the order with the fewest crossings.

use super::LayerGraph;

/// Sweeps (down then up) at most this many times; most graphs settle in two or three.
const MAX_ROUNDS: usize = 8;
/// Stops after this many rounds without improvement.
const PATIENCE: usize = 2;

pub(super) fn reduce_crossings(lg: &mut LayerGraph, source: Option<usize>) {
    initial_order(lg, source);
    let mut best = lg.layers.clone();
    let mut best_crossings = crossings(lg);
    let mut stale = 0;
    for _ in 0..MAX_ROUNDS {
        if best_crossings == 0 {
            break;
        }
        for r in 1..lg.layers.len() {
            sort_layer(lg, r, true);
        }
        for r in (0..lg.layers.len().saturating_sub(1)).rev() {
            sort_layer(lg, r, false);
        }
        let c = crossings(lg);
        if c < best_crossings {
            best_crossings = c;
            best = lg.layers.clone();
            stale = 0;
        } else {
            stale += 1;
            if stale >= PATIENCE {
                break;
            }
        }
    }
    lg.layers = best;
    refresh_positions(lg);
}

/// Layers in depth-first discovery order from the source, so the first Choice rule's branch
/// starts on the left as in the definition.
fn initial_order(lg: &mut LayerGraph, source: Option<usize>) {
    let n = lg.nodes.len();
    let depth = lg.nodes.iter().map(|v| v.rank).max().map_or(0, |d| d + 1);
    let mut seen = vec![false; n];
    let mut layers: Vec<Vec<usize>> = vec![Vec::new(); depth];
    let mut stack = Vec::new();
    let roots = source.filter(|&s| s < n).into_iter().chain(0..n);
    for root in roots {
        if seen[root] {
            continue;
        }
        stack.push(root);
        while let Some(v) = stack.pop() {
            if seen[v] {
                continue;
            }
            seen[v] = true;
            layers[lg.nodes[v].rank].push(v);
            // Pushed in reverse so the first edge is explored first.
            for &(w, _) in lg.down[v].iter().rev() {
                if !seen[w] {
                    stack.push(w);
                }
            }
        }
    }
    lg.layers = layers;
    lg.pos = vec![0; n];
    for r in 0..lg.layers.len() {
        place_anchors(lg, r);
    }
    refresh_positions(lg);
}

fn refresh_positions(lg: &mut LayerGraph) {
    for layer in &lg.layers {
        for (i, &v) in layer.iter().enumerate() {
            lg.pos[v] = i;
        }
    }
}

/// Reorders layer `r` by the barycenter of each node's neighbours above (`from_above`) or
/// below; nodes without such neighbours keep their place.
fn sort_layer(lg: &mut LayerGraph, r: usize, from_above: bool) {
    let Some(layer) = lg.layers.get(r) else {
        return;
    };
    let mut keyed: Vec<(f32, usize, usize)> = layer
        .iter()
        .map(|&v| {
            let neighbours = if from_above { &lg.up[v] } else { &lg.down[v] };
            let own = lg.pos[v] as f32;
            let key = if neighbours.is_empty() {
                own
            } else {
                let sum: f32 = neighbours.iter().map(|&(w, _)| lg.pos[w] as f32).sum();
                sum / neighbours.len() as f32
            };
            (key, lg.pos[v], v)
        })
        .collect();
    keyed.sort_by(|a, b| a.0.total_cmp(&b.0).then(a.1.cmp(&b.1)));
    lg.layers[r] = keyed.into_iter().map(|(_, _, v)| v).collect();
    place_anchors(lg, r);
    if let Some(layer) = lg.layers.get(r) {
        for (i, &v) in layer.iter().enumerate() {
            lg.pos[v] = i;
        }
    }
}

/// Puts each back edge's anchor right beside its node, so the edge leaves sideways.
fn place_anchors(lg: &mut LayerGraph, r: usize) {
    let Some(layer) = lg.layers.get(r) else {
        return;
    };
    if !layer.iter().any(|&v| lg.nodes[v].anchor_of.is_some()) {
        return;
    }
    let mut out = Vec::with_capacity(layer.len());
    for &v in layer {
        if lg.nodes[v].anchor_of.is_some() {
            continue;
        }
        out.push(v);
        if let Some(anchors) = lg.anchors.get(v) {
            out.extend(anchors.iter().copied());
        }
    }
    lg.layers[r] = out;
}

/// Total crossings between every pair of adjacent layers.
fn crossings(lg: &LayerGraph) -> usize {
    let mut total = 0;
    let mut pairs: Vec<(usize, usize)> = Vec::new();
    let mut tree: Vec<usize> = Vec::new();
    for r in 0..lg.layers.len().saturating_sub(1) {
        pairs.clear();
        for &u in &lg.layers[r] {
            for &(w, _) in &lg.down[u] {
                pairs.push((lg.pos[u], lg.pos[w]));
            }
        }
        pairs.sort_unstable();
        let width = lg.layers[r + 1].len();
        tree.clear();
        tree.resize(width + 1, 0);
        // Counts, for each edge in order, the earlier edges ending further right (a Fenwick
        // tree over positions in the lower layer).
        for (seen, &(_, p)) in pairs.iter().enumerate() {
            if p >= width {
                // Only edges between adjacent layers exist; anything else is not counted.
                continue;
            }
            let mut not_greater = 0;
            let mut i = p + 1;
            while i > 0 {
                not_greater += tree[i];
                i -= i & i.wrapping_neg();
            }
            total += seen - not_greater;
            let mut i = p + 1;
            while i <= width {
                tree[i] += 1;
                i += i & i.wrapping_neg();
            }
        }
    }
    total
}

#[cfg(test)]
mod tests {
    use super::super::{LNode, LayerGraph};
    use super::*;

    fn node(rank: usize) -> LNode {
        LNode {
            rank,
            width: 10.0,
            height: 10.0,
            right_extra: 0.0,
            real: true,
            anchor_of: None,
        }
    }

    #[test]
    fn an_x_is_uncrossed() {
        let mut lg = LayerGraph::default();
        for r in [0, 0, 1, 1] {
            lg.add(node(r));
        }
        lg.link(0, 3);
        lg.link(1, 2);
        lg.layers = vec![vec![0, 1], vec![2, 3]];
        lg.pos = vec![0, 1, 0, 1];
        assert_eq!(crossings(&lg), 1);
        reduce_crossings(&mut lg, Some(0));
        assert_eq!(crossings(&lg), 0);
    }
}
