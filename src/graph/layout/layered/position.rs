//! Coordinates: y from layer heights; x by sweeps that pull each node towards the mean of its
//! neighbours while keeping the layer's order and spacing (solved exactly per layer as an
//! isotonic regression, so nodes never overlap).

use super::super::geometry::Size;
use super::{LayerGraph, Spacing};

#[derive(Clone, Copy, PartialEq)]
enum Pull {
    Up,
    Down,
    Both,
}

/// The schedule of sweeps: alternate directions, then balance on both sides.
const SWEEPS: [Pull; 6] = [
    Pull::Down,
    Pull::Up,
    Pull::Down,
    Pull::Up,
    Pull::Both,
    Pull::Both,
];

/// An anchor wants to hug its node much more than anything else wants anything.
const ANCHOR_WEIGHT: f32 = 16.0;

/// Assigns `lg.x` and `lg.layer_y`, returning the machine's size.
pub(super) fn assign(lg: &mut LayerGraph, spacing: &Spacing) -> Size {
    lg.x = vec![0.0; lg.nodes.len()];
    let mut scratch = Scratch::default();
    for r in 0..lg.layers.len() {
        let offsets = offsets(lg, r, spacing);
        for (i, &v) in lg.layers[r].iter().enumerate() {
            lg.x[v] = offsets[i];
        }
    }
    for pull in SWEEPS {
        let layers: Vec<usize> = match pull {
            Pull::Up => (0..lg.layers.len()).rev().collect(),
            Pull::Down | Pull::Both => (0..lg.layers.len()).collect(),
        };
        for r in layers {
            place_layer(lg, r, pull, spacing, &mut scratch);
        }
    }
    let left = lg
        .nodes
        .iter()
        .zip(&lg.x)
        .map(|(n, x)| x - n.left())
        .fold(f32::INFINITY, f32::min);
    let left = if left.is_finite() { left } else { 0.0 };
    let mut width: f32 = 0.0;
    for (n, x) in lg.nodes.iter().zip(lg.x.iter_mut()) {
        *x -= left;
        width = width.max(*x + n.right());
    }
    let height = assign_y(lg, spacing);
    Size::new(width, height)
}

/// Layer centres: each layer as tall as its tallest box, half a rank gap between layers.
fn assign_y(lg: &mut LayerGraph, spacing: &Spacing) -> f32 {
    let mut heights = vec![0.0f32; lg.layers.len()];
    for n in &lg.nodes {
        if let Some(h) = heights.get_mut(n.rank) {
            *h = h.max(n.height);
        }
    }
    lg.layer_y = Vec::with_capacity(heights.len());
    let mut top = 0.0;
    for (r, h) in heights.iter().enumerate() {
        if r > 0 {
            top += spacing.rank_sep / 2.0;
        }
        lg.layer_y.push(top + h / 2.0);
        top += h;
    }
    top
}

/// The minimum distance between the centres of neighbours `a` and `b` (`a` left of `b`).
fn separation(lg: &LayerGraph, a: usize, b: usize, spacing: &Spacing) -> f32 {
    let (na, nb) = (&lg.nodes[a], &lg.nodes[b]);
    let gap = if na.real || nb.real {
        spacing.node_sep
    } else {
        spacing.edge_sep
    };
    na.right() + nb.left() + gap
}

/// The packed position of each node of layer `r` (cumulative separations from 0).
fn offsets(lg: &LayerGraph, r: usize, spacing: &Spacing) -> Vec<f32> {
    let layer = &lg.layers[r];
    let mut out = Vec::with_capacity(layer.len());
    let mut acc = 0.0;
    for (i, &v) in layer.iter().enumerate() {
        if i > 0 {
            acc += separation(lg, layer[i - 1], v, spacing);
        }
        out.push(acc);
    }
    out
}

#[derive(Default)]
struct Scratch {
    target: Vec<f32>,
    weight: Vec<f32>,
    blocks: Vec<(f32, f32, usize)>,
}

/// Moves layer `r` as close as possible (least squares) to where its neighbours want it,
/// keeping order and separation.
fn place_layer(lg: &mut LayerGraph, r: usize, pull: Pull, spacing: &Spacing, s: &mut Scratch) {
    let offsets = offsets(lg, r, spacing);
    let layer = &lg.layers[r];
    s.target.clear();
    s.weight.clear();
    for (i, &v) in layer.iter().enumerate() {
        let (desired, weight) = desired(lg, v, pull, spacing);
        // Shifting by the offset turns "keep spacing" into "keep sorted".
        s.target.push(desired - offsets[i]);
        s.weight.push(weight);
    }
    pool_adjacent_violators(&s.target, &s.weight, &mut s.blocks);
    let mut i = 0;
    for &(sum_w, sum_wt, count) in &s.blocks {
        let y = if sum_w > 0.0 { sum_wt / sum_w } else { 0.0 };
        for _ in 0..count {
            if let (Some(&v), Some(o)) = (layer.get(i), offsets.get(i)) {
                lg.x[v] = y + o;
            }
            i += 1;
        }
    }
}

/// Where node `v` would like to be, and how strongly.
fn desired(lg: &LayerGraph, v: usize, pull: Pull, spacing: &Spacing) -> (f32, f32) {
    if let Some(owner) = lg.nodes[v].anchor_of {
        return (
            lg.x[owner] + separation(lg, owner, v, spacing),
            ANCHOR_WEIGHT,
        );
    }
    let mean = |list: &mut dyn Iterator<Item = &(usize, f32)>| {
        let (mut sum, mut w) = (0.0, 0.0);
        for &(n, weight) in list {
            sum += lg.x[n] * weight;
            w += weight;
        }
        (w > 0.0).then(|| (sum / w, w))
    };
    let (up, down) = (&lg.up[v], &lg.down[v]);
    let found = match pull {
        Pull::Up => mean(&mut down.iter()).or_else(|| mean(&mut up.iter())),
        Pull::Down => mean(&mut up.iter()).or_else(|| mean(&mut down.iter())),
        Pull::Both => mean(&mut up.iter().chain(down)),
    };
    // A node with no neighbours stays put, but gives way easily.
    found.unwrap_or((lg.x[v], 0.01))
}

/// Weighted isotonic regression: the non-decreasing sequence closest to `target`, as blocks
/// of (total weight, weighted sum, length).
fn pool_adjacent_violators(target: &[f32], weight: &[f32], blocks: &mut Vec<(f32, f32, usize)>) {
    blocks.clear();
    for (&t, &w) in target.iter().zip(weight) {
        let w = w.max(1e-6);
        blocks.push((w, w * t, 1));
        while blocks.len() >= 2 {
            let (w2, s2, c2) = blocks[blocks.len() - 1];
            let (w1, s1, c1) = blocks[blocks.len() - 2];
            if s1 / w1 <= s2 / w2 {
                break;
            }
            blocks.pop();
            if let Some(last) = blocks.last_mut() {
                *last = (w1 + w2, s1 + s2, c1 + c2);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn isotonic_regression_pools_violators() {
        let mut blocks = Vec::new();
        pool_adjacent_violators(&[1.0, 3.0, 2.0, 4.0], &[1.0; 4], &mut blocks);
        let means: Vec<f32> = blocks.iter().map(|b| b.1 / b.0).collect();
        assert_eq!(means, [1.0, 2.5, 4.0]);
        assert_eq!(blocks.iter().map(|b| b.2).sum::<usize>(), 4);
    }
}
