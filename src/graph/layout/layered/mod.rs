//! The layered (Sugiyama) layout of one machine, with nested containers already sized:
//! rank assignment, dummy nodes for long edges, crossing reduction, coordinates, routes.
//!
//! Every edge spans at least two ranks so that its label gets a slot (a "label dummy") of its
//! own in the odd rank between the layers of states: labels then never overlap states.

mod order;
mod position;
mod rank;
mod route;

use std::collections::HashMap;

use super::geometry::{Point, Size};

/// A graph of boxes to lay out: node sizes and directed edges.
#[derive(Debug, Clone, Default)]
pub(crate) struct FlatGraph {
    pub sizes: Vec<Size>,
    pub edges: Vec<FlatEdge>,
    /// The node placed first (the Start marker).
    pub source: Option<usize>,
    /// The node forced onto the last layer (the End marker).
    pub sink: Option<usize>,
}

/// One edge, with the size of its label if it has one.
#[derive(Debug, Clone, Copy)]
pub(crate) struct FlatEdge {
    pub from: usize,
    pub to: usize,
    pub label: Option<Size>,
}

/// Spacing between layers and boxes.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Spacing {
    pub rank_sep: f32,
    pub node_sep: f32,
    pub edge_sep: f32,
    pub self_loop: f32,
}

/// Where everything went, relative to the top-left corner of the machine.
#[derive(Debug, Clone, Default)]
pub(crate) struct FlatLayout {
    pub centers: Vec<Point>,
    pub routes: Vec<Vec<Point>>,
    pub labels: Vec<Option<Point>>,
    pub size: Size,
}

/// A box in the layered graph: a real node, a dummy on a long edge, or an anchor (the
/// dummy beside a node where a back edge leaves or enters it).
#[derive(Debug, Clone)]
pub(super) struct LNode {
    pub rank: usize,
    pub width: f32,
    pub height: f32,
    /// Extra room on the right (for self loops and their labels).
    pub right_extra: f32,
    pub real: bool,
    /// For anchors: the real node they sit beside.
    pub anchor_of: Option<usize>,
}

impl LNode {
    fn left(&self) -> f32 {
        self.width / 2.0
    }

    fn right(&self) -> f32 {
        self.width / 2.0 + self.right_extra
    }
}

/// The chain of layered nodes an edge runs through, top to bottom.
#[derive(Debug, Clone, Default)]
pub(super) struct Chain {
    pub nodes: Vec<usize>,
    pub label: Option<usize>,
    pub reversed: bool,
    pub self_loop: bool,
}

/// The layered graph: real nodes first (same indices as the input), then dummies.
#[derive(Debug, Clone, Default)]
pub(super) struct LayerGraph {
    pub nodes: Vec<LNode>,
    /// Neighbours in the layer above, with the weight that pulls them into line.
    pub up: Vec<Vec<(usize, f32)>>,
    /// Neighbours in the layer below.
    pub down: Vec<Vec<(usize, f32)>>,
    pub layers: Vec<Vec<usize>>,
    pub pos: Vec<usize>,
    pub x: Vec<f32>,
    pub layer_y: Vec<f32>,
    pub chains: Vec<Chain>,
    /// Anchors beside each real node, in the order they were made.
    pub anchors: Vec<Vec<usize>>,
}

/// Straight long edges matter more than short ones: a dummy pulls its neighbours harder.
const DUMMY_WEIGHT: f32 = 4.0;

/// A target needs this many incoming forward edges to get a trunk.
const TRUNK_MIN_EDGES: usize = 3;

/// A shared column of dummies leading into one target, one per rank from `first_rank`.
#[derive(Debug, Clone)]
pub(super) struct Trunk {
    first_rank: usize,
    dummies: Vec<usize>,
}

impl LayerGraph {
    fn add(&mut self, node: LNode) -> usize {
        let id = self.nodes.len();
        self.nodes.push(node);
        self.up.push(Vec::new());
        self.down.push(Vec::new());
        id
    }

    fn dummy(&mut self, rank: usize, label: Option<Size>, anchor_of: Option<usize>) -> usize {
        let (width, height) = label.map_or((0.0, 0.0), |s| (s.w, s.h));
        self.add(LNode {
            rank,
            width,
            height,
            right_extra: 0.0,
            real: false,
            anchor_of,
        })
    }

    fn link(&mut self, a: usize, b: usize) {
        let both_dummies = !self.nodes[a].real && !self.nodes[b].real;
        let w = if both_dummies { DUMMY_WEIGHT } else { 1.0 };
        self.down[a].push((b, w));
        self.up[b].push((a, w));
    }

    /// Expands edges into chains of dummies, one per layer they cross.
    fn build(g: &FlatGraph, ranking: &rank::Ranking, spacing: &Spacing) -> Self {
        let mut lg = LayerGraph::default();
        for (i, size) in g.sizes.iter().enumerate() {
            lg.add(LNode {
                rank: ranking.rank.get(i).copied().unwrap_or(0),
                width: size.w,
                height: size.h,
                right_extra: 0.0,
                real: true,
                anchor_of: None,
            });
        }
        lg.anchors = vec![Vec::new(); g.sizes.len()];
        let trunks = lg.trunks(g, ranking);
        for (e, edge) in g.edges.iter().enumerate() {
            let chain = if edge.from == edge.to {
                let extra = spacing.self_loop + edge.label.map_or(0.0, |s| s.w);
                if let Some(n) = lg.nodes.get_mut(edge.from) {
                    n.right_extra += extra;
                }
                Chain {
                    self_loop: true,
                    ..Chain::default()
                }
            } else {
                let reversed = ranking.reversed.get(e).copied().unwrap_or(false);
                match trunks.get(&edge.to).filter(|_| !reversed) {
                    Some(trunk) => lg.join_trunk(edge, trunk),
                    None => lg.chain(edge, reversed),
                }
            };
            lg.chains.push(chain);
        }
        lg
    }

    /// Targets with many incoming forward edges (the End marker, a shared error handler)
    /// get one shared column of dummies, a trunk, that those edges join: drawing them merged
    /// is tidier, and the dummy count stays linear in the graph's height instead of growing
    /// with every long edge.
    fn trunks(&mut self, g: &FlatGraph, ranking: &rank::Ranking) -> HashMap<usize, Trunk> {
        let mut first_join: HashMap<usize, (usize, usize)> = HashMap::new();
        for (e, edge) in g.edges.iter().enumerate() {
            if edge.from == edge.to || ranking.reversed.get(e).copied().unwrap_or(false) {
                continue;
            }
            let join = self.join_rank(edge);
            let entry = first_join.entry(edge.to).or_insert((0, usize::MAX));
            entry.0 += 1;
            entry.1 = entry.1.min(join);
        }
        let mut targets: Vec<(usize, usize)> = first_join
            .into_iter()
            .filter(|(_, (count, _))| *count >= TRUNK_MIN_EDGES)
            .map(|(target, (_, join))| (target, join))
            .collect();
        // Sorted so dummy ids, and so the layout, do not depend on hash order.
        targets.sort_unstable();
        let mut out = HashMap::with_capacity(targets.len());
        for (target, join) in targets {
            let target_rank = self.nodes[target].rank;
            if join >= target_rank {
                continue;
            }
            let mut dummies = Vec::with_capacity(target_rank - join);
            for r in join..target_rank {
                let d = self.dummy(r, None, None);
                if let Some(&prev) = dummies.last() {
                    self.link(prev, d);
                }
                dummies.push(d);
            }
            if let Some(&last) = dummies.last() {
                self.link(last, target);
            }
            out.insert(
                target,
                Trunk {
                    first_rank: join,
                    dummies,
                },
            );
        }
        out
    }

    /// The first rank where an edge may join its target's trunk: below its label, if any.
    fn join_rank(&self, edge: &FlatEdge) -> usize {
        let from_rank = self.nodes[edge.from].rank;
        from_rank + if edge.label.is_some() { 2 } else { 1 }
    }

    /// An edge into a trunk's target: source, its label dummy, then down the trunk.
    fn join_trunk(&mut self, edge: &FlatEdge, trunk: &Trunk) -> Chain {
        let from_rank = self.nodes[edge.from].rank;
        let target_rank = self.nodes[edge.to].rank;
        let mut nodes = vec![edge.from];
        let mut prev = edge.from;
        let mut label = None;
        if edge.label.is_some() && from_rank + 1 < target_rank {
            let d = self.dummy(from_rank + 1, edge.label, None);
            self.link(prev, d);
            nodes.push(d);
            prev = d;
            label = Some(d);
        }
        let join = self.join_rank(edge);
        let tail = join
            .checked_sub(trunk.first_rank)
            .and_then(|i| trunk.dummies.get(i..))
            .filter(|t| !t.is_empty());
        match tail {
            Some(tail) => {
                self.link(prev, tail[0]);
                nodes.extend_from_slice(tail);
            }
            None => self.link(prev, edge.to),
        }
        nodes.push(edge.to);
        Chain {
            nodes,
            label,
            reversed: false,
            self_loop: false,
        }
    }

    fn chain(&mut self, edge: &FlatEdge, reversed: bool) -> Chain {
        let (top, bottom) = if reversed {
            (edge.to, edge.from)
        } else {
            (edge.from, edge.to)
        };
        let top_rank = self.nodes[top].rank;
        let bottom_rank = self.nodes[bottom].rank.max(top_rank + 1);
        // The label sits next to the edge's source: below it, or above it for back edges.
        let label_rank = if reversed {
            bottom_rank - 1
        } else {
            top_rank + 1
        };
        let mut nodes = Vec::with_capacity(bottom_rank - top_rank + 1);
        let mut label = None;
        let first = if reversed {
            let a = self.dummy(top_rank, None, Some(top));
            self.anchors[top].push(a);
            a
        } else {
            top
        };
        nodes.push(first);
        let mut prev = first;
        for r in top_rank + 1..bottom_rank {
            let with_label = if r == label_rank { edge.label } else { None };
            let d = self.dummy(r, with_label, None);
            if r == label_rank && edge.label.is_some() {
                label = Some(d);
            }
            self.link(prev, d);
            nodes.push(d);
            prev = d;
        }
        let last = if reversed {
            let a = self.dummy(bottom_rank, None, Some(bottom));
            self.anchors[bottom].push(a);
            a
        } else {
            bottom
        };
        self.link(prev, last);
        nodes.push(last);
        Chain {
            nodes,
            label,
            reversed,
            self_loop: false,
        }
    }
}

/// Lays out one flat graph.
pub(crate) fn layout(g: &FlatGraph, spacing: &Spacing) -> FlatLayout {
    if g.sizes.is_empty() {
        return FlatLayout::default();
    }
    let ranking = rank::assign(g);
    let mut lg = LayerGraph::build(g, &ranking, spacing);
    order::reduce_crossings(&mut lg, g.source);
    let size = position::assign(&mut lg, spacing);
    let (routes, labels) = route::routes(&lg, g, spacing);
    let centers = (0..g.sizes.len()).map(|i| lg.center(i)).collect();
    FlatLayout {
        centers,
        routes,
        labels,
        size,
    }
}

impl LayerGraph {
    /// The centre of layered node `i`.
    fn center(&self, i: usize) -> Point {
        let x = self.x.get(i).copied().unwrap_or(0.0);
        let y = self
            .nodes
            .get(i)
            .and_then(|n| self.layer_y.get(n.rank))
            .copied()
            .unwrap_or(0.0);
        Point::new(x, y)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn spacing() -> Spacing {
        Spacing {
            rank_sep: 40.0,
            node_sep: 20.0,
            edge_sep: 10.0,
            self_loop: 20.0,
        }
    }

    fn rect(l: &FlatLayout, g: &FlatGraph, i: usize) -> super::super::Rect {
        super::super::Rect::from_center(l.centers[i], g.sizes[i])
    }

    #[test]
    fn a_chain_runs_top_down_and_a_loop_goes_round_the_right() {
        let g = FlatGraph {
            sizes: vec![Size::new(60.0, 20.0); 4],
            edges: vec![
                FlatEdge {
                    from: 0,
                    to: 1,
                    label: None,
                },
                FlatEdge {
                    from: 1,
                    to: 2,
                    label: Some(Size::new(50.0, 14.0)),
                },
                FlatEdge {
                    from: 2,
                    to: 1,
                    label: None,
                },
                FlatEdge {
                    from: 2,
                    to: 3,
                    label: None,
                },
                FlatEdge {
                    from: 2,
                    to: 2,
                    label: None,
                },
            ],
            source: Some(0),
            sink: Some(3),
        };
        let l = layout(&g, &spacing());
        for w in l.centers.windows(2) {
            assert!(w[0].y < w[1].y, "{:?}", l.centers);
        }
        // The forward edge leaves the bottom of 1 and ends on the top of 2.
        let r1 = rect(&l, &g, 1);
        let r2 = rect(&l, &g, 2);
        assert_eq!(l.routes[1].first().map(|p| p.y), Some(r1.max.y));
        assert_eq!(l.routes[1].last().map(|p| p.y), Some(r2.min.y));
        assert!(l.labels[1].is_some());
        // The back edge leaves 2's right side and enters 1's right side.
        let back = &l.routes[2];
        assert_eq!(back.first().map(|p| p.x), Some(r2.max.x));
        assert_eq!(back.last().map(|p| p.x), Some(r1.max.x));
        assert!(back.iter().all(|p| p.x >= r1.max.x.min(r2.max.x)));
        // The self loop curls to the right of 2.
        assert!(l.routes[4].iter().all(|p| p.x >= r2.max.x));
    }

    proptest! {
        #[test]
        fn random_graphs_lay_out_without_overlaps(
            n in 2usize..25,
            raw_edges in proptest::collection::vec((0usize..25, 0usize..25, any::<bool>()), 0..60),
            widths in proptest::collection::vec(20.0f32..200.0, 25),
        ) {
            let sizes: Vec<Size> = (0..n).map(|i| Size::new(widths[i], 30.0)).collect();
            let edges: Vec<FlatEdge> = raw_edges
                .iter()
                .map(|&(a, b, label)| FlatEdge {
                    from: a % n,
                    to: b % n,
                    label: label.then_some(Size::new(40.0, 12.0)),
                })
                .collect();
            let g = FlatGraph { sizes, edges, source: Some(0), sink: Some(n - 1) };
            let l = layout(&g, &spacing());
            for i in 0..n {
                for j in i + 1..n {
                    prop_assert!(!rect(&l, &g, i).overlaps(&rect(&l, &g, j)), "{i} and {j} overlap");
                }
            }
            for (e, route) in l.routes.iter().enumerate() {
                prop_assert!(route.len() >= 2, "edge {e} unrouted");
                prop_assert!(route.iter().all(|p| p.x.is_finite() && p.y.is_finite()));
                prop_assert_eq!(l.labels[e].is_some(), g.edges[e].label.is_some());
            }
        }
    }
}
