//! Auto-layout of a [`Graph`]: each machine is laid out top-down in layers (Sugiyama style);
//! containers are sized from their branches, innermost first, then everything is placed
//! absolutely. Deterministic: the same graph and options give the same layout.

pub mod geometry;
mod hit;
mod layered;

pub use geometry::{Point, Rect, Size};

use super::model::{Graph, MachineId, NodeKind};
use layered::{FlatEdge, FlatGraph, FlatLayout, Spacing};

/// What a measured text is, so the caller can use the right font.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TextRole {
    /// A state name or marker text inside a box.
    Node,
    /// An edge label (rule summary, error names).
    EdgeLabel,
    /// A container's title (Parallel/Map state name).
    Title,
}

/// A rough width for `text` when no font is at hand (about 7 px per character at 13 px).
pub fn estimate_text_width(text: &str, role: TextRole) -> f32 {
    let per_char = match role {
        TextRole::Node | TextRole::Title => 7.0,
        TextRole::EdgeLabel => 6.0,
    };
    text.chars().count() as f32 * per_char
}

/// Sizes and spacing of the layout, in diagram units (egui points at zoom 1).
#[derive(Debug, Clone, PartialEq)]
pub struct LayoutOptions {
    pub node_height: f32,
    pub node_padding_x: f32,
    pub min_node_width: f32,
    pub max_node_width: f32,
    pub marker_height: f32,
    pub marker_min_width: f32,
    /// Vertical distance between layers of states.
    pub rank_sep: f32,
    /// Horizontal gap between boxes.
    pub node_sep: f32,
    /// Horizontal gap between parallel edges.
    pub edge_sep: f32,
    pub label_height: f32,
    pub label_padding_x: f32,
    pub max_label_width: f32,
    pub container_padding: f32,
    pub container_title_height: f32,
    /// Horizontal gap between the branches of a Parallel state.
    pub branch_gap: f32,
    /// Room to the right of a box for a transition to itself.
    pub self_loop: f32,
}

impl Default for LayoutOptions {
    fn default() -> Self {
        LayoutOptions {
            node_height: 40.0,
            node_padding_x: 16.0,
            min_node_width: 100.0,
            max_node_width: 260.0,
            marker_height: 28.0,
            marker_min_width: 64.0,
            rank_sep: 48.0,
            node_sep: 32.0,
            edge_sep: 12.0,
            label_height: 18.0,
            label_padding_x: 6.0,
            max_label_width: 240.0,
            container_padding: 16.0,
            container_title_height: 28.0,
            branch_gap: 24.0,
            self_loop: 24.0,
        }
    }
}

/// One edge's route.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct EdgeLayout {
    /// The polyline from the source box's border to the target box's border (at least two
    /// points); draw the arrow head at the last point.
    pub points: Vec<Point>,
    /// Where the label box goes, if the edge has a label.
    pub label: Option<Rect>,
}

/// A whole laid-out graph, indexed like the graph (`nodes[NodeId.0]`, ...).
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Layout {
    /// Each node's box; a container's box includes its title band and branches.
    pub nodes: Vec<Rect>,
    pub edges: Vec<EdgeLayout>,
    /// Each machine's area (for a branch: its column inside the container).
    pub machines: Vec<Rect>,
    /// Everything, labels included.
    pub bounds: Rect,
}

/// Lays out `graph` with `measure` giving text widths (see [`estimate_text_width`]).
pub fn layout(
    graph: &Graph,
    options: &LayoutOptions,
    measure: &dyn Fn(&str, TextRole) -> f32,
) -> Layout {
    let mut local: Vec<Local> = vec![Local::default(); graph.machines.len()];
    let mut sizes = Sizes {
        nodes: vec![Size::default(); graph.nodes.len()],
        labels: vec![None; graph.edges.len()],
    };
    // Children always have larger ids than their parents: reverse order is innermost first.
    for m in (0..graph.machines.len()).rev() {
        local[m] = layout_machine(graph, MachineId(m), options, measure, &local, &mut sizes);
    }
    let mut out = Layout {
        nodes: vec![Rect::default(); graph.nodes.len()],
        edges: vec![EdgeLayout::default(); graph.edges.len()],
        machines: vec![Rect::default(); graph.machines.len()],
        bounds: Rect::default(),
    };
    if !graph.machines.is_empty() {
        place(
            graph,
            MachineId(0),
            Point::default(),
            &local,
            &sizes,
            options,
            &mut out,
        );
    }
    out.bounds = bounds_of(&out);
    out
}

/// The rectangle around every node, edge point and label.
pub fn bounds_of(layout: &Layout) -> Rect {
    let corners = layout.nodes.iter().flat_map(|r| [r.min, r.max]);
    let labels = layout
        .edges
        .iter()
        .filter_map(|e| e.label)
        .flat_map(|r| [r.min, r.max]);
    let points = layout.edges.iter().flat_map(|e| e.points.iter().copied());
    Rect::bounding(corners.chain(labels).chain(points)).unwrap_or_default()
}

fn label_size(
    text: &str,
    options: &LayoutOptions,
    measure: &dyn Fn(&str, TextRole) -> f32,
) -> Size {
    let w = measure(text, TextRole::EdgeLabel) + 2.0 * options.label_padding_x;
    Size::new(w.min(options.max_label_width), options.label_height)
}

/// One machine laid out on its own, and which graph edge each route belongs to.
#[derive(Debug, Clone, Default)]
struct Local {
    flat: FlatLayout,
    edges: Vec<super::model::EdgeId>,
}

/// Box sizes per node and label sizes per edge, measured once.
struct Sizes {
    nodes: Vec<Size>,
    labels: Vec<Option<Size>>,
}

/// Sizes the nodes of machine `m` (containers from their laid-out branches), then lays it out.
fn layout_machine(
    graph: &Graph,
    m: MachineId,
    options: &LayoutOptions,
    measure: &dyn Fn(&str, TextRole) -> f32,
    local: &[Local],
    sizes: &mut Sizes,
) -> Local {
    let Some(machine) = graph.machine(m) else {
        return Local::default();
    };
    let mut flat = FlatGraph::default();
    let mut index = std::collections::HashMap::with_capacity(machine.nodes.len());
    for (i, &id) in machine.nodes.iter().enumerate() {
        index.insert(id, i);
        let Some(node) = graph.node(id) else { continue };
        let text = measure(&node.label, TextRole::Node) + 2.0 * options.node_padding_x;
        let size = match node.kind {
            NodeKind::Start | NodeKind::End => {
                Size::new(text.max(options.marker_min_width), options.marker_height)
            }
            _ if !node.children.is_empty() => container_size(node, options, measure, local),
            _ => Size::new(
                text.clamp(options.min_node_width, options.max_node_width),
                options.node_height,
            ),
        };
        if let Some(s) = sizes.nodes.get_mut(id.0) {
            *s = size;
        }
        flat.sizes.push(size);
    }
    flat.source = machine.start.and_then(|s| index.get(&s).copied());
    flat.sink = machine.end.and_then(|e| index.get(&e).copied());
    let mut edges = Vec::with_capacity(machine.edges.len());
    for &e in &machine.edges {
        let Some(edge) = graph.edge(e) else { continue };
        let (Some(&from), Some(&to)) = (index.get(&edge.from), index.get(&edge.to)) else {
            continue;
        };
        let label = edge
            .label
            .as_deref()
            .map(|t| label_size(t, options, measure));
        if let Some(slot) = sizes.labels.get_mut(e.0) {
            *slot = label;
        }
        flat.edges.push(FlatEdge { from, to, label });
        edges.push(e);
    }
    let spacing = Spacing {
        rank_sep: options.rank_sep,
        node_sep: options.node_sep,
        edge_sep: options.edge_sep,
        self_loop: options.self_loop,
    };
    Local {
        flat: layered::layout(&flat, &spacing),
        edges,
    }
}

/// A container holds its branches side by side under a title band.
fn container_size(
    node: &super::model::Node,
    options: &LayoutOptions,
    measure: &dyn Fn(&str, TextRole) -> f32,
    local: &[Local],
) -> Size {
    let branches: Vec<Size> = node
        .children
        .iter()
        .filter_map(|c| local.get(c.0))
        .map(|l| l.flat.size)
        .collect();
    let inner_w: f32 = branches.iter().map(|s| s.w).sum::<f32>()
        + options.branch_gap * branches.len().saturating_sub(1) as f32;
    let inner_h = branches.iter().map(|s| s.h).fold(0.0, f32::max);
    let title_w = measure(&node.label, TextRole::Title) + 2.0 * options.node_padding_x;
    Size::new(
        (inner_w + 2.0 * options.container_padding)
            .max(title_w)
            .max(options.min_node_width),
        options.container_title_height + inner_h + 2.0 * options.container_padding,
    )
}

/// Places machine `m` with its top-left corner at `origin`, then its containers' branches.
fn place(
    graph: &Graph,
    m: MachineId,
    origin: Point,
    local: &[Local],
    sizes: &Sizes,
    options: &LayoutOptions,
    out: &mut Layout,
) {
    let (Some(machine), Some(Local { flat, edges })) = (graph.machine(m), local.get(m.0)) else {
        return;
    };
    if let Some(r) = out.machines.get_mut(m.0) {
        *r = Rect::from_min_size(origin, flat.size);
    }
    for (i, &id) in machine.nodes.iter().enumerate() {
        let (Some(c), Some(&size)) = (flat.centers.get(i), sizes.nodes.get(id.0)) else {
            continue;
        };
        let rect = Rect::from_center(c.offset(origin.x, origin.y), size);
        if let Some(r) = out.nodes.get_mut(id.0) {
            *r = rect;
        }
        let Some(node) = graph.node(id) else { continue };
        if node.children.is_empty() {
            continue;
        }
        let widths: Vec<f32> = node
            .children
            .iter()
            .map(|c| local.get(c.0).map_or(0.0, |l| l.flat.size.w))
            .collect();
        let inner_w =
            widths.iter().sum::<f32>() + options.branch_gap * widths.len().saturating_sub(1) as f32;
        // A title wider than the branches leaves room: centre the branches under it.
        let mut x = rect.min.x + (rect.width() - inner_w) / 2.0;
        let y = rect.min.y + options.container_title_height + options.container_padding;
        for (&child, w) in node.children.iter().zip(widths) {
            place(graph, child, Point::new(x, y), local, sizes, options, out);
            x += w + options.branch_gap;
        }
    }
    for (i, &e) in edges.iter().enumerate() {
        let (Some(route), Some(slot)) = (flat.routes.get(i), out.edges.get_mut(e.0)) else {
            continue;
        };
        slot.points = route.iter().map(|p| p.offset(origin.x, origin.y)).collect();
        let center = flat.labels.get(i).copied().flatten();
        let size = sizes.labels.get(e.0).copied().flatten();
        slot.label = match (center, size) {
            (Some(c), Some(size)) => Some(Rect::from_center(c.offset(origin.x, origin.y), size)),
            _ => None,
        };
    }
}
