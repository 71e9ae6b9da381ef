//! The diagram on an `egui::Scene`: cached layout, painting, selection, dragging, connecting.

mod geometry;
mod interaction;
mod minimap;
mod paint;
mod run_overlay;
pub mod svg;

use std::collections::BTreeSet;

use egui::{Pos2, Sense, Stroke};

use self::geometry::{point, rect};
use self::interaction::{badges, edge_at, handle_pos, node_at, screen_from_scene, start_drag};
use self::paint::NodeLook;
pub use self::run_overlay::RunOverlay;
use crate::asl::{Diagnostic, Severity, StateMachine, StateType};
use crate::graph::{self, EdgeId, Graph, Layout, NodeId, NodeKind, StatePath};
use crate::ui::command::Command;
use crate::ui::theme::Palette;

/// Something the user did on the canvas; the app turns it into selection changes or edits.
#[derive(Debug, Clone, PartialEq)]
pub enum CanvasEvent {
    /// A state was clicked (`additive` with Shift or Ctrl held).
    Select { state: StatePath, additive: bool },
    /// A box was dragged around these states.
    SelectOnly(Vec<StatePath>),
    /// The background was clicked.
    ClearSelection,
    /// Boxes (by node key) were dragged by `delta`.
    Moved {
        keys: Vec<String>,
        delta: graph::Point,
    },
    /// A connection was dragged from one state's handle to another state (`catch`: from the
    /// catch handle on the right, which adds a Catcher).
    Connect {
        from: StatePath,
        to: StatePath,
        catch: bool,
    },
    /// A command picked from a state's context menu (the state is selected first).
    Command { state: StatePath, command: Command },
    /// A state type was dropped from the palette.
    Drop {
        ty: StateType,
        at: graph::Point,
        edge: Option<EdgeId>,
        onto: Option<StatePath>,
    },
}

/// The layout of one model revision, kept until the model changes.
pub struct Cached {
    /// The model revision it was computed for.
    pub revision: u64,
    /// The diagram's nodes and edges.
    pub graph: Graph,
    /// Where everything goes.
    pub layout: Layout,
    badges: Vec<Option<Severity>>,
    edge_bounds: Vec<egui::Rect>,
}

#[derive(Debug, Clone)]
enum Drag {
    Move {
        nodes: Vec<NodeId>,
        start: Pos2,
        now: Pos2,
    },
    Connect {
        from: NodeId,
        now: Pos2,
        catch: bool,
    },
    Box {
        start: Pos2,
        now: Pos2,
    },
}

/// The canvas's own state between frames.
pub struct Canvas {
    cached: Option<Cached>,
    scene_rect: egui::Rect,
    fit_requested: bool,
    focus: Option<StatePath>,
    drag: Option<Drag>,
    screen_from_scene: egui::emath::TSTransform,
    screen_area: egui::Rect,
    /// While a PNG export captures tiles: no minimap over the diagram.
    exporting: bool,
}

impl Default for Canvas {
    fn default() -> Self {
        Canvas {
            cached: None,
            scene_rect: egui::Rect::ZERO,
            fit_requested: true,
            focus: None,
            drag: None,
            screen_from_scene: egui::emath::TSTransform::IDENTITY,
            screen_area: egui::Rect::NOTHING,
            exporting: false,
        }
    }
}

/// The zoom below which text and dashes are left out (level of detail).
const DETAIL_ZOOM: f32 = 0.35;

/// Margin around the diagram when fitting it into view.
const FIT_MARGIN: f32 = 40.0;

impl Canvas {
    /// Fits the whole diagram into view on the next frame.
    pub fn fit(&mut self) {
        self.fit_requested = true;
    }

    /// Shows this area of the diagram (diagram units) from the next frame on.
    pub fn show_area(&mut self, area: egui::Rect) {
        self.scene_rect = area;
        self.fit_requested = false;
    }

    /// The area of the diagram (diagram units) in view.
    pub fn view_area(&self) -> egui::Rect {
        self.scene_rect
    }

    /// Hides the minimap while an export captures the canvas.
    pub fn set_exporting(&mut self, exporting: bool) {
        self.exporting = exporting;
    }

    /// Centres the view on a state on the next frame.
    pub fn focus(&mut self, state: StatePath) {
        self.focus = Some(state);
    }

    /// The cached graph and layout (after the first frame).
    pub fn cached(&self) -> Option<&Cached> {
        self.cached.as_ref()
    }

    /// Recomputes the graph and layout when the model changed.
    pub fn update(
        &mut self,
        machine: &StateMachine,
        revision: u64,
        diagnostics: &[Diagnostic],
        layout_of: &dyn Fn(&Graph) -> Layout,
    ) {
        if self.cached.as_ref().is_some_and(|c| c.revision == revision) {
            return;
        }
        let graph = Graph::from_machine(machine);
        let layout = layout_of(&graph);
        let badges = badges(&graph, diagnostics);
        let edge_bounds = layout
            .edges
            .iter()
            .map(|e| {
                let points = e.points.iter().map(|p| egui::pos2(p.x, p.y));
                let r = egui::Rect::from_points(&points.collect::<Vec<_>>());
                e.label.map_or(r, |l| r.union(rect(l)))
            })
            .collect();
        if self.cached.is_none() {
            self.fit_requested = true;
        }
        self.cached = Some(Cached {
            revision,
            graph,
            layout,
            badges,
            edge_bounds,
        });
    }

    /// Forces the layout to be recomputed on the next `update` (positions changed).
    pub fn invalidate(&mut self) {
        if let Some(c) = &mut self.cached {
            c.revision = u64::MAX;
        }
    }

    /// Draws the diagram; returns what the user did.
    pub fn canvas_ui(
        &mut self,
        ui: &mut egui::Ui,
        selection: &BTreeSet<StatePath>,
        palette: &Palette,
        overlay: Option<&RunOverlay<'_>>,
    ) -> Vec<CanvasEvent> {
        let mut events = Vec::new();
        let Some(cached) = self.cached.take() else {
            return events;
        };
        self.view_requests(&cached, ui.available_size());
        let full = ui.max_rect();
        ui.painter().rect_filled(full, 0.0, palette.canvas);
        let scene = egui::Scene::new()
            .zoom_range(0.05..=2.5)
            .drag_pan_buttons(egui::DragPanButtons::SECONDARY | egui::DragPanButtons::MIDDLE);
        let mut scene_rect = self.scene_rect;
        let outer = ui.available_rect_before_wrap();
        let response = scene.show(ui, &mut scene_rect, |ui| {
            self.scene_ui(ui, &cached, selection, palette, overlay, &mut events);
        });
        self.scene_rect = scene_rect;
        self.screen_from_scene = screen_from_scene(outer, scene_rect);
        self.screen_area = outer;
        self.background_input(&response.response, &cached, &mut events);
        let minimap = (!self.exporting)
            .then(|| minimap::minimap_ui(ui, full, &cached.layout, self.scene_rect, palette))
            .flatten();
        if let Some(target) = minimap {
            self.scene_rect = self.scene_rect.translate(target - self.scene_rect.center());
        }
        self.cached = Some(cached);
        events
    }

    fn view_requests(&mut self, cached: &Cached, available: egui::Vec2) {
        if std::mem::take(&mut self.fit_requested) {
            self.scene_rect = rect(cached.layout.bounds).expand(FIT_MARGIN);
        }
        if let Some(state) = self.focus.take() {
            if let Some(r) = cached
                .graph
                .node_of_state(&state)
                .and_then(|n| cached.layout.nodes.get(n.0))
            {
                let size = if self.scene_rect.is_positive() {
                    self.scene_rect.size()
                } else {
                    available
                };
                self.scene_rect = egui::Rect::from_center_size(rect(*r).center(), size);
            }
        }
    }

    /// The screen area the canvas covered last frame.
    pub fn screen_area(&self) -> egui::Rect {
        self.screen_area
    }

    /// Where a state's box was drawn on screen last frame (for tests and tooltips).
    pub fn screen_rect_of(&self, name: &str) -> Option<egui::Rect> {
        let cached = self.cached.as_ref()?;
        let i = cached
            .graph
            .nodes
            .iter()
            .position(|n| n.state.as_ref().is_some_and(|s| s.name == name))?;
        let r = rect(*cached.layout.nodes.get(i)?);
        Some(self.screen_from_scene * r)
    }

    fn scene_ui(
        &mut self,
        ui: &mut egui::Ui,
        cached: &Cached,
        selection: &BTreeSet<StatePath>,
        palette: &Palette,
        overlay: Option<&RunOverlay<'_>>,
        events: &mut Vec<CanvasEvent>,
    ) {
        let painter = ui.painter().clone();
        let clip = ui.clip_rect();
        let graph = &cached.graph;
        let layout = &cached.layout;
        // Below this zoom text is unreadable: skip it, and draw Catch edges solid.
        let detail = self.screen_from_scene.scaling >= DETAIL_ZOOM;
        let look = |id: usize, hovered: bool| NodeLook {
            selected: graph
                .nodes
                .get(id)
                .and_then(|n| n.state.as_ref())
                .is_some_and(|s| selection.contains(s)),
            hovered,
            badge: cached.badges.get(id).copied().flatten(),
            detail,
        };
        // Containers first (outermost first, as ids grow inwards), then edges, then boxes.
        for (i, node) in graph
            .nodes
            .iter()
            .enumerate()
            .filter(|(_, n)| n.is_container())
        {
            let Some(r) = layout.nodes.get(i).map(|r| rect(*r)) else {
                continue;
            };
            if clip.intersects(r) {
                paint::container(&painter, graph, layout, node, r, look(i, false), palette);
                if let (Some(o), Some(s)) = (overlay, &node.state) {
                    let band = egui::Rect::from_min_size(r.min, egui::vec2(r.width(), 26.0));
                    run_overlay::paint_state(&painter, s, band, o, palette);
                    run_overlay::paint_progress(&painter, s, band, o, palette);
                }
            }
        }
        for (i, edge) in graph.edges.iter().enumerate() {
            let Some(route) = layout.edges.get(i) else {
                continue;
            };
            if cached
                .edge_bounds
                .get(i)
                .is_some_and(|b| !clip.intersects(*b))
            {
                continue;
            }
            let touches = |id: NodeId| {
                graph
                    .node(id)
                    .and_then(|n| n.state.as_ref())
                    .is_some_and(|s| selection.contains(s))
            };
            paint::edge(
                &painter,
                edge,
                route,
                touches(edge.from) || touches(edge.to),
                detail,
                clip,
                palette,
            );
        }
        for (i, node) in graph.nodes.iter().enumerate() {
            let Some(r) = layout.nodes.get(i).map(|r| rect(*r)) else {
                continue;
            };
            if !clip.intersects(r) {
                continue;
            }
            let response = self.node_response(ui, node, r, selection);
            // An export draws what the diagram is, not where the pointer happens to be.
            let hovered = response.hovered() && !self.exporting;
            if !node.is_container() {
                paint::node(&painter, node, r, look(i, hovered), palette);
                if let (Some(o), Some(s), NodeKind::State(_)) = (overlay, &node.state, &node.kind) {
                    run_overlay::paint_state(&painter, s, r, o, palette);
                }
            }
            if hovered || look(i, false).selected {
                paint::handles(&painter, node, r, palette);
            }
            self.node_input(ui, &response, NodeId(i), cached, selection, events);
        }
        self.drag_overlay(&painter, cached, palette);
    }

    fn node_response(
        &self,
        ui: &mut egui::Ui,
        node: &graph::Node,
        r: egui::Rect,
        selection: &BTreeSet<StatePath>,
    ) -> egui::Response {
        let hit = if node.is_container() {
            egui::Rect::from_min_size(r.min, egui::vec2(r.width(), 26.0))
        } else {
            r
        };
        let id = ui.id().with(("state", &node.key));
        let response = ui.interact(hit, id, Sense::click_and_drag());
        let selected = node.state.as_ref().is_some_and(|s| selection.contains(s));
        let label = node.label.clone();
        response.widget_info(|| {
            egui::WidgetInfo::selected(egui::WidgetType::Button, true, selected, &label)
        });
        response
    }

    fn node_input(
        &mut self,
        ui: &egui::Ui,
        response: &egui::Response,
        id: NodeId,
        cached: &Cached,
        selection: &BTreeSet<StatePath>,
        events: &mut Vec<CanvasEvent>,
    ) {
        let Some(node) = cached.graph.node(id) else {
            return;
        };
        let Some(state) = node
            .state
            .clone()
            .filter(|_| matches!(node.kind, NodeKind::State(_)))
        else {
            return;
        };
        if response.clicked() {
            let additive = ui.input(|i| i.modifiers.shift || i.modifiers.command);
            events.push(CanvasEvent::Select {
                state: state.clone(),
                additive,
            });
        }
        response.context_menu(|ui| {
            for command in [
                Command::Duplicate,
                Command::SetStartAt,
                Command::Delete,
                Command::ToggleBreakpoint,
                Command::RunFromSelected,
            ] {
                if ui
                    .button(command.label())
                    .on_hover_text(command.tooltip())
                    .clicked()
                {
                    events.push(CanvasEvent::Command {
                        state: state.clone(),
                        command,
                    });
                }
            }
        });
        let pointer = response.interact_pointer_pos();
        if response.drag_started() {
            if let Some(p) = pointer {
                self.drag = Some(start_drag(cached, id, p, selection));
            }
        }
        if response.dragged() {
            if let (Some(p), Some(drag)) = (pointer, &mut self.drag) {
                match drag {
                    Drag::Move { now, .. } | Drag::Connect { now, .. } | Drag::Box { now, .. } => {
                        *now = p;
                    }
                }
            }
        }
        if response.drag_stopped() {
            if let Some(event) = self.finish_drag(cached) {
                events.push(event);
            }
        }
        if let Some(ty) = response.dnd_release_payload::<StateType>() {
            events.push(CanvasEvent::Drop {
                ty: *ty,
                at: point(pointer.unwrap_or_default()),
                edge: None,
                onto: Some(state),
            });
        }
    }

    fn finish_drag(&mut self, cached: &Cached) -> Option<CanvasEvent> {
        match self.drag.take()? {
            Drag::Move { nodes, start, now } => {
                let delta = now - start;
                if delta.length() < 2.0 {
                    return None;
                }
                let keys = nodes
                    .iter()
                    .filter_map(|n| cached.graph.node(*n))
                    .map(|n| n.key.clone())
                    .collect();
                Some(CanvasEvent::Moved {
                    keys,
                    delta: graph::Point::new(delta.x, delta.y),
                })
            }
            Drag::Connect { from, now, catch } => {
                let to = node_at(cached, now)?;
                let from = cached.graph.node(from)?.state.clone()?;
                let to = cached.graph.node(to)?.state.clone()?;
                Some(CanvasEvent::Connect { from, to, catch })
            }
            Drag::Box { start, now } => {
                let area = graph::Rect::bounding([point(start), point(now)])?;
                let states = cached
                    .layout
                    .nodes_in(&area)
                    .into_iter()
                    .filter_map(|id| cached.graph.node(id))
                    .filter(|n| matches!(n.kind, NodeKind::State(_)))
                    .filter_map(|n| n.state.clone())
                    .collect();
                Some(CanvasEvent::SelectOnly(states))
            }
        }
    }

    fn background_input(
        &mut self,
        response: &egui::Response,
        cached: &Cached,
        events: &mut Vec<CanvasEvent>,
    ) {
        let pointer = response.interact_pointer_pos().or(response.hover_pos());
        if response.clicked() {
            events.push(CanvasEvent::ClearSelection);
        }
        if response.drag_started_by(egui::PointerButton::Primary) {
            if let Some(p) = pointer {
                self.drag = Some(Drag::Box { start: p, now: p });
            }
        }
        if let (Some(Drag::Box { now, .. }), Some(p)) = (&mut self.drag, pointer) {
            if response.dragged() {
                *now = p;
            }
        }
        if response.drag_stopped() && matches!(self.drag, Some(Drag::Box { .. })) {
            if let Some(event) = self.finish_drag(cached) {
                events.push(event);
            }
        }
        if let Some(ty) = response.dnd_release_payload::<StateType>() {
            let at = pointer.unwrap_or_default();
            let edge = edge_at(cached, at);
            events.push(CanvasEvent::Drop {
                ty: *ty,
                at: point(at),
                edge,
                onto: None,
            });
        }
    }

    fn drag_overlay(&self, painter: &egui::Painter, cached: &Cached, palette: &Palette) {
        let stroke = Stroke::new(1.5, palette.selection);
        match &self.drag {
            Some(Drag::Move { nodes, start, now }) => {
                for n in nodes {
                    if let Some(r) = cached.layout.nodes.get(n.0) {
                        paint::dashed_rect(painter, rect(*r).translate(*now - *start), stroke);
                    }
                }
            }
            Some(Drag::Connect { from, now, catch }) => {
                if let Some(r) = cached.layout.nodes.get(from.0) {
                    let origin = handle_pos(rect(*r), *catch);
                    let color = if *catch {
                        palette.catch_edge
                    } else {
                        palette.selection
                    };
                    painter.arrow(origin, *now - origin, Stroke::new(1.5, color));
                }
            }
            Some(Drag::Box { start, now }) => {
                let area = egui::Rect::from_two_pos(*start, *now);
                painter.rect_filled(area, 0.0, palette.selection.gamma_multiply(0.12));
                paint::dashed_rect(painter, area, stroke);
            }
            None => {}
        }
    }
}
