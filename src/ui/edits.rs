//! Selection, view and model edits coming from the canvas, the inspector and commands.

use super::app::StatewrightApp;
use super::canvas::svg::to_svg;
use super::canvas::CanvasEvent;
use super::command::Command;
use super::inspector::InspectorEdit;
use crate::graph::{NodeKind, StatePath};

impl StatewrightApp {
    /// Applies an editing or view command.
    pub(super) fn run_edit(&mut self, command: Command) {
        match command {
            Command::Find => self.focus_search = true,
            Command::FitView => self.canvas.fit(),
            Command::GoToState(name) => match self.state_named(&name) {
                Some(path) => self.select_and_focus(path),
                None => self.status = format!("No state named {name}"),
            },
            other => self.status = format!("{} is not available yet", other.label()),
        }
    }

    /// Applies what the canvas, inspector and diagnostics panel recorded this frame.
    pub(super) fn apply_view_events(&mut self) {
        if let Some(pointer) = self.select_pointer.take() {
            let path = self.canvas.cached().and_then(|c| {
                let node = c.graph.node_containing_pointer(&pointer)?;
                c.graph.node(node)?.state.clone()
            });
            if let Some(path) = path {
                self.select_and_focus(path);
            }
        }
        for event in std::mem::take(&mut self.canvas_events) {
            self.canvas_event(event);
        }
        for edit in std::mem::take(&mut self.inspector_edits) {
            self.inspector_edit(edit);
        }
    }

    fn canvas_event(&mut self, event: CanvasEvent) {
        match event {
            CanvasEvent::Select { state, additive } => {
                if !additive {
                    self.selection.clear();
                }
                if !self.selection.remove(&state) || !additive {
                    self.selection.insert(state);
                }
            }
            CanvasEvent::SelectOnly(states) => self.selection = states.into_iter().collect(),
            CanvasEvent::ClearSelection => self.selection.clear(),
            other => self.status = format!("{other:?} is not available yet"),
        }
    }

    fn inspector_edit(&mut self, edit: InspectorEdit) {
        self.status = format!("{edit:?} is not available yet");
    }

    fn select_and_focus(&mut self, path: StatePath) {
        self.selection.clear();
        self.selection.insert(path.clone());
        self.canvas.focus(path);
    }

    /// The state called `name` (the first one, if a broken definition repeats names).
    pub(super) fn state_named(&self, name: &str) -> Option<StatePath> {
        let cached = self.canvas.cached()?;
        cached
            .graph
            .nodes
            .iter()
            .filter(|n| matches!(n.kind, NodeKind::State(_)))
            .find_map(|n| n.state.clone().filter(|s| s.name == name))
    }

    /// The diagram as SVG, if there is one.
    pub(super) fn diagram_svg(&self) -> Option<String> {
        let cached = self.canvas.cached()?;
        Some(to_svg(
            &cached.graph,
            &cached.layout,
            &self.settings.theme.palette(),
        ))
    }
}
