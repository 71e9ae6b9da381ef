//! The inspector: a form for the selected state. It emits edits; it never mutates the model.

mod choice;
mod errors;
mod fields;
mod form;
mod machine;
mod rule_tree;
mod rule_values;
pub mod specs;

use serde_json::{Map, Value};

use self::choice::RuleBuilder;
use self::fields::{target_ui, Buffers};
use crate::asl::{QueryLanguage, State, StateMachine, StateType};
use crate::graph::StatePath;
use crate::ui::theme::Palette;

pub use self::choice::summary as rule_summary;

/// A change the inspector asks for; the app applies it through the graph's edits.
#[derive(Debug, Clone, PartialEq)]
pub enum InspectorEdit {
    /// Replace the state's JSON (any field edit); `field` names what changed. With
    /// `coalesce`, consecutive edits of the same field are one undo step (typing).
    Replace {
        path: StatePath,
        state: Value,
        field: String,
        coalesce: bool,
    },
    /// Rename the state, updating every reference.
    Rename { path: StatePath, to: String },
    /// Make the state the machine's StartAt.
    SetStartAt(StatePath),
    /// Add an empty branch to a Parallel state.
    AddBranch(StatePath),
    /// Remove a Parallel state's branch.
    RemoveBranch(StatePath, usize),
    /// Replace the workflow's own fields (Comment, QueryLanguage, TimeoutSeconds, Version).
    ReplaceMachine {
        machine: Box<StateMachine>,
        field: String,
        coalesce: bool,
    },
}

/// The inspector's state between frames.
#[derive(Default)]
pub struct Inspector {
    shown: Option<StatePath>,
    buffers: Buffers,
    rename: String,
    rules: RuleBuilder,
}

impl Inspector {
    /// Shows the form for `path`; returns the edit the user made this frame.
    pub fn inspector_ui(
        &mut self,
        ui: &mut egui::Ui,
        root: &StateMachine,
        path: &StatePath,
        palette: &Palette,
    ) -> Option<InspectorEdit> {
        let Some((machine, state)) = find_state(root, path) else {
            ui.label("The selected state is not in the definition.");
            return None;
        };
        if self.shown.as_ref() != Some(path) {
            self.shown = Some(path.clone());
            self.buffers.clear();
            self.rename.clone_from(&path.name);
            self.rules = RuleBuilder::default();
        }
        let jsonata = state.query_language.or(root.query_language) == Some(QueryLanguage::Jsonata);
        let targets: Vec<String> = machine
            .states
            .keys()
            .filter(|n| **n != path.name)
            .cloned()
            .collect();
        let mut edit = self.header_ui(ui, machine, path, state);
        let Value::Object(mut obj) = state.write() else {
            return edit;
        };
        // Typing in a field coalesces into one undo step; picks and structure changes
        // are steps of their own.
        let mut changed = form::form_ui(
            ui,
            &mut self.buffers,
            &mut obj,
            state.state_type(),
            jsonata,
            palette.error,
        )
        .map(|field| (field, true));
        if transition_ui(ui, &mut obj, state.state_type(), &targets) {
            changed = Some(("Next".to_owned(), false));
        }
        if let Some(change) =
            self.type_specific_ui(ui, &mut obj, state, &targets, (jsonata, palette.error))
        {
            changed = Some(change);
        }
        if let Some((field, coalesce)) = changed {
            edit = Some(InspectorEdit::Replace {
                path: path.clone(),
                state: Value::Object(obj),
                field,
                coalesce,
            });
        }
        edit
    }

    fn header_ui(
        &mut self,
        ui: &mut egui::Ui,
        machine: &StateMachine,
        path: &StatePath,
        state: &State,
    ) -> Option<InspectorEdit> {
        let mut edit = None;
        let ty = state.state_type().map_or("Unknown", StateType::as_str);
        ui.horizontal(|ui| {
            ui.heading(format!("{} ({ty})", path.name));
        });
        ui.horizontal(|ui| {
            ui.label("Name");
            let response =
                ui.add(egui::TextEdit::singleline(&mut self.rename).desired_width(180.0));
            response.widget_info(|| {
                egui::WidgetInfo::labeled(egui::WidgetType::TextEdit, true, "State name")
            });
            let enter = response.lost_focus() && ui.input(|i| i.key_pressed(egui::Key::Enter));
            let valid = !self.rename.trim().is_empty() && self.rename != path.name;
            let clicked = ui.add_enabled(valid, egui::Button::new("Rename")).clicked();
            if valid && (clicked || enter) {
                edit = Some(InspectorEdit::Rename {
                    path: path.clone(),
                    to: self.rename.trim().to_owned(),
                });
            }
        });
        let is_start = machine.start_at.as_deref() == Some(path.name.as_str());
        if is_start {
            ui.label("▶ This is the start state.");
        } else if ui.button("Set as start state").clicked() {
            edit = Some(InspectorEdit::SetStartAt(path.clone()));
        }
        ui.separator();
        edit
    }

    /// The Choice rules, or Retry and Catch; returns the changed field and whether the
    /// change coalesces with the next one in that field.
    fn type_specific_ui(
        &mut self,
        ui: &mut egui::Ui,
        obj: &mut Map<String, Value>,
        state: &State,
        targets: &[String],
        (jsonata, error): (bool, egui::Color32),
    ) -> Option<(String, bool)> {
        let mut changed = None;
        let ty = state.state_type();
        if ty == Some(StateType::Choice) {
            ui.separator();
            let rules = self
                .rules
                .choice_ui(ui, &mut self.buffers, obj, targets, (jsonata, error));
            changed = rules.map(|c| (c.field, c.typing));
        }
        if matches!(
            ty,
            Some(StateType::Task | StateType::Parallel | StateType::Map)
        ) {
            ui.separator();
            ui.strong("Retry");
            if let Some(c) = errors::retry_ui(ui, &mut self.buffers, obj, (jsonata, error)) {
                changed = Some(("Retry".to_owned(), c == errors::ListChange::Typing));
            }
            ui.strong("Catch");
            if let Some(c) = errors::catch_ui(ui, &mut self.buffers, obj, targets, (jsonata, error))
            {
                changed = Some(("Catch".to_owned(), c == errors::ListChange::Typing));
            }
        }
        changed
    }

    /// The workflow's own fields, shown when no state is selected.
    pub fn machine_ui(
        &mut self,
        ui: &mut egui::Ui,
        root: &StateMachine,
        palette: &Palette,
    ) -> Option<InspectorEdit> {
        if self.shown.is_some() {
            self.shown = None;
            self.buffers.clear();
        }
        machine::machine_ui(ui, &mut self.buffers, root, palette.error)
    }

    /// Parallel branches: count, add and remove (shown by the app below the form).
    pub fn branches_ui(
        &self,
        ui: &mut egui::Ui,
        root: &StateMachine,
        path: &StatePath,
    ) -> Option<InspectorEdit> {
        let (_, state) = find_state(root, path)?;
        let crate::asl::StateKind::Parallel(p) = &state.kind else {
            return None;
        };
        let mut edit = None;
        ui.separator();
        ui.strong(format!("Branches ({})", p.branches.len()));
        for (i, b) in p.branches.iter().enumerate() {
            ui.horizontal(|ui| {
                ui.label(format!(
                    "Branch {}: starts at {}",
                    i + 1,
                    b.start_at.as_deref().unwrap_or("?")
                ));
                if p.branches.len() > 1
                    && ui
                        .small_button("✖")
                        .on_hover_text("Remove this branch")
                        .clicked()
                {
                    edit = Some(InspectorEdit::RemoveBranch(path.clone(), i));
                }
            });
        }
        if ui.button("+ Branch").clicked() {
            edit = Some(InspectorEdit::AddBranch(path.clone()));
        }
        edit
    }
}

/// Next / End for every type that transitions.
fn transition_ui(
    ui: &mut egui::Ui,
    obj: &mut Map<String, Value>,
    ty: Option<StateType>,
    targets: &[String],
) -> bool {
    if matches!(
        ty,
        Some(StateType::Choice | StateType::Succeed | StateType::Fail) | None
    ) {
        return false;
    }
    let mut changed = false;
    ui.horizontal(|ui| {
        ui.label("Next");
        let current = obj.get("Next").and_then(Value::as_str).map(str::to_owned);
        if let Some(picked) = target_ui(ui, "state_next", current.as_deref(), targets, true) {
            match picked {
                Some(t) => {
                    obj.remove("End");
                    obj.insert("Next".into(), Value::String(t));
                }
                None => {
                    obj.remove("Next");
                    obj.insert("End".into(), Value::Bool(true));
                }
            }
            changed = true;
        }
    });
    changed
}

/// The state at `path` and the machine holding it.
pub fn find_state<'m>(
    root: &'m StateMachine,
    path: &StatePath,
) -> Option<(&'m StateMachine, &'m State)> {
    let mut machine = root;
    for step in &path.machine.0 {
        let holder = machine.states.get(&step.state)?;
        machine = holder.kind.children("").into_iter().nth(step.index)?.1;
    }
    Some((machine, machine.states.get(&path.name)?))
}
