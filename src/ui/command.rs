//! Every user action as one enum: menus, toolbar, command palette and shortcuts read from here.

use std::path::PathBuf;

use egui::{Key, KeyboardShortcut, Modifiers};

use crate::asl::StateType;

/// A user action. Recorded while a frame is drawn and applied once after it.
#[derive(Debug, Clone, PartialEq)]
pub enum Command {
    /// Start an empty workflow.
    New,
    /// Pick a file and open it.
    Open,
    /// Open a file by path (recent files, typed paths, drops).
    OpenPath(PathBuf),
    /// Save to the current file (asks for a path if there is none).
    Save,
    /// Save under a new path.
    SaveAs,
    /// Save to a given path (answer of a dialog or the path field).
    SaveTo(PathBuf),
    /// Export the definition as ASL JSON.
    ExportJson,
    /// Export the definition as ASL YAML.
    ExportYaml,
    /// Export the diagram as SVG.
    ExportSvg,
    /// Export the diagram as PNG (a capture of the fitted canvas).
    ExportPng,
    /// Undo the last edit.
    Undo,
    /// Redo the last undone edit.
    Redo,
    /// Run the validator and show the diagnostics panel.
    Validate,
    /// Fit the diagram into the view.
    FitView,
    /// Switch between dark and light theme.
    ToggleTheme,
    /// Show or hide the code view.
    ToggleCodeView,
    /// Open the command palette.
    CommandPalette,
    /// Focus the search field ("go to state").
    Find,
    /// Select a state by name and centre it.
    GoToState(String),
    /// Delete the selected states.
    Delete,
    /// Deselect everything.
    ClearSelection,
    /// Duplicate the selected state.
    Duplicate,
    /// Make the selected state the StartAt state.
    SetStartAt,
    /// Add a state of this type after the selection.
    AddState(StateType),
    /// Quit the app (asks first if there are unsaved edits).
    Quit,
    /// Debugger: start a run, or continue a paused one.
    RunStartOrContinue,
    /// Debugger: pause before the next state.
    RunPause,
    /// Debugger: run one state and pause again (starts paused when idle).
    RunStep,
    /// Debugger: abort the run.
    RunStop,
    /// Debugger: run again with the last run's input and test case.
    RunRestart,
    /// Debugger: start a new run at the selected (top-level) state with the input it had.
    RunFromSelected,
    /// Debugger: pause after any failed attempt, before Retry and Catch apply.
    ToggleBreakOnError,
    /// Debugger: tasks no mock or runner answers prompt for a result instead of failing.
    ToggleAskForUnansweredTasks,
    /// Debugger: the condition of the breakpoint on `state` (empty: none).
    SetBreakpointCondition { state: String, condition: String },
    /// Debugger: show one iteration (or branch) of a Map/Parallel visit; `None` shows the latest.
    PickIteration {
        container: String,
        index: Option<usize>,
    },
    /// Debugger: how fast Waits pass in the next run (1 real time, 0 skips them).
    SetTimeScale(f64),
    /// Debugger: set or clear a breakpoint on the selected state.
    ToggleBreakpoint,
    /// Debugger: write the last run's history as get-execution-history JSON.
    ExportHistory,
    /// Debugger: read a get-execution-history JSON and replay it on the diagram.
    ImportHistory,
}

impl Command {
    /// Commands without arguments, in menu order (the command palette lists these).
    pub const PALETTE: [Command; 32] = [
        Command::New,
        Command::Open,
        Command::Save,
        Command::SaveAs,
        Command::ExportJson,
        Command::ExportYaml,
        Command::ExportSvg,
        Command::ExportPng,
        Command::Undo,
        Command::Redo,
        Command::Validate,
        Command::FitView,
        Command::Find,
        Command::Delete,
        Command::Duplicate,
        Command::SetStartAt,
        Command::ToggleCodeView,
        Command::ToggleTheme,
        Command::AddState(StateType::Pass),
        Command::AddState(StateType::Task),
        Command::Quit,
        Command::RunStartOrContinue,
        Command::RunPause,
        Command::RunStep,
        Command::RunStop,
        Command::RunRestart,
        Command::RunFromSelected,
        Command::ToggleBreakOnError,
        Command::ToggleAskForUnansweredTasks,
        Command::ToggleBreakpoint,
        Command::ExportHistory,
        Command::ImportHistory,
    ];

    /// The text in menus and the palette.
    pub fn label(&self) -> String {
        match self {
            Command::New => "New".into(),
            Command::Open => "Open…".into(),
            Command::OpenPath(p) => p.display().to_string(),
            Command::Save => "Save".into(),
            Command::SaveAs => "Save As…".into(),
            Command::SaveTo(p) => format!("Save to {}", p.display()),
            Command::ExportJson => "Export ASL JSON…".into(),
            Command::ExportYaml => "Export ASL YAML…".into(),
            Command::ExportSvg => "Export diagram SVG…".into(),
            Command::ExportPng => "Export diagram PNG…".into(),
            Command::Undo => "Undo".into(),
            Command::Redo => "Redo".into(),
            Command::Validate => "Validate".into(),
            Command::FitView => "Fit view".into(),
            Command::ToggleTheme => "Toggle dark/light theme".into(),
            Command::ToggleCodeView => "Toggle code view".into(),
            Command::CommandPalette => "Command palette…".into(),
            Command::Find => "Go to state…".into(),
            Command::GoToState(name) => format!("Go to {name}"),
            Command::Delete => "Delete".into(),
            Command::ClearSelection => "Clear selection".into(),
            Command::Duplicate => "Duplicate".into(),
            Command::SetStartAt => "Set as start state".into(),
            Command::AddState(t) => format!("Add {} state", t.as_str()),
            Command::Quit => "Quit".into(),
            Command::RunStartOrContinue => "Start / Continue".into(),
            Command::RunPause => "Pause".into(),
            Command::RunStep => "Step".into(),
            Command::RunStop => "Stop".into(),
            Command::RunRestart => "Restart".into(),
            Command::RunFromSelected => "Run from here".into(),
            Command::ToggleBreakOnError => "Break on any error".into(),
            Command::ToggleAskForUnansweredTasks => "Ask for tasks without a runner".into(),
            Command::SetBreakpointCondition { state, .. } => {
                format!("Set the breakpoint condition of {state}")
            }
            Command::PickIteration { container, index } => match index {
                Some(i) => format!("Show iteration {i} of {container}"),
                None => format!("Show the latest iteration of {container}"),
            },
            Command::SetTimeScale(scale) => format!("Wait time scale {scale}"),
            Command::ToggleBreakpoint => "Toggle breakpoint".into(),
            Command::ExportHistory => "Export execution history…".into(),
            Command::ImportHistory => "Import execution history…".into(),
        }
    }

    /// One sentence shown on hover.
    pub fn tooltip(&self) -> &'static str {
        match self {
            Command::New => "Start an empty workflow",
            Command::Open | Command::OpenPath(_) => "Open an ASL definition (JSON or YAML)",
            Command::Save | Command::SaveTo(_) => "Save the definition (positions go to a sidecar)",
            Command::SaveAs => "Save the definition under a new name",
            Command::ExportJson => "Write canonical ASL JSON, ready to deploy",
            Command::ExportYaml => "Write canonical ASL YAML, ready to deploy",
            Command::ExportSvg => "Write the diagram as an SVG image",
            Command::ExportPng => "Write the diagram as a PNG image",
            Command::Undo => "Undo the last edit",
            Command::Redo => "Redo the last undone edit",
            Command::Validate => "Check the definition and list every problem",
            Command::FitView => "Fit the whole diagram into the view",
            Command::ToggleTheme => "Switch between the dark and the light theme",
            Command::ToggleCodeView => "Show or hide the definition as text",
            Command::CommandPalette => "Search every command",
            Command::Find | Command::GoToState(_) => "Find a state by name and select it",
            Command::Delete => "Delete the selected states",
            Command::ClearSelection => "Deselect every state",
            Command::Duplicate => "Duplicate the selected state",
            Command::SetStartAt => "Make the selected state the first one to run",
            Command::AddState(_) => "Add a state after the selection",
            Command::Quit => "Close Statewright",
            Command::RunStartOrContinue => "Run the workflow locally, or continue a paused run",
            Command::RunPause => "Pause the run before its next state",
            Command::RunStep => "Run one state, then pause again",
            Command::RunStop => "Abort the run",
            Command::RunRestart => "Stop this run and start again with the same input and mocks",
            Command::RunFromSelected => {
                "Start a new run at the selected state with the input it had in the last run"
            }
            Command::ToggleBreakOnError => {
                "Pause after any failed attempt of any state, before Retry and Catch apply"
            }
            Command::ToggleAskForUnansweredTasks => {
                "A task that no mock or run configuration answers opens a prompt for its result \
                 instead of failing (from the next run)"
            }
            Command::SetBreakpointCondition { .. } => {
                "Pause only when this JSONPath condition holds on the state's input"
            }
            Command::PickIteration { .. } => "Show one iteration's path and step records",
            Command::SetTimeScale(_) => "How fast Wait states and retry backoffs pass",
            Command::ToggleBreakpoint => "Pause runs before entering the selected state",
            Command::ExportHistory => {
                "Write the run's history events as `aws stepfunctions get-execution-history` does"
            }
            Command::ImportHistory => {
                "Replay a history from `aws stepfunctions get-execution-history` on the diagram"
            }
        }
    }

    /// The keyboard shortcut, if any.
    pub fn shortcut(&self) -> Option<KeyboardShortcut> {
        let cmd = Modifiers::COMMAND;
        let shift = Modifiers::COMMAND.plus(Modifiers::SHIFT);
        let (modifiers, key) = match self {
            Command::New => (cmd, Key::N),
            Command::Open => (cmd, Key::O),
            Command::Save => (cmd, Key::S),
            Command::SaveAs => (shift, Key::S),
            Command::ExportJson => (shift, Key::E),
            Command::Undo => (cmd, Key::Z),
            Command::Redo => (shift, Key::Z),
            Command::Validate => (shift, Key::V),
            Command::FitView => (cmd, Key::Num0),
            Command::CommandPalette => (cmd, Key::K),
            Command::Find => (cmd, Key::F),
            Command::Duplicate => (cmd, Key::D),
            Command::Delete => (Modifiers::NONE, Key::Delete),
            Command::ClearSelection => (Modifiers::NONE, Key::Escape),
            Command::ToggleCodeView => (cmd, Key::E),
            Command::Quit => (cmd, Key::Q),
            Command::RunStartOrContinue => (Modifiers::NONE, Key::F5),
            Command::RunStop => (Modifiers::SHIFT, Key::F5),
            Command::RunRestart => (shift, Key::F5),
            Command::RunStep => (Modifiers::NONE, Key::F10),
            Command::ToggleBreakpoint => (Modifiers::NONE, Key::F9),
            _ => return None,
        };
        Some(KeyboardShortcut::new(modifiers, key))
    }

    /// Commands with shortcuts, checked every frame.
    pub fn with_shortcuts() -> impl Iterator<Item = Command> {
        // Longer modifier sets first, so Ctrl+Shift+Z is not taken for Ctrl+Z.
        let mut all: Vec<Command> = Command::PALETTE
            .into_iter()
            .chain([Command::CommandPalette, Command::ClearSelection])
            .filter(|c| c.shortcut().is_some())
            .collect();
        all.sort_by_key(|c| std::cmp::Reverse(c.shortcut().map_or(0, |s| s.modifiers.shift as u8)));
        all.into_iter()
    }

    /// The label with the shortcut appended, for the command palette.
    pub fn label_with_shortcut(&self, ctx: &egui::Context) -> String {
        match self.shortcut() {
            Some(s) => format!("{}    {}", self.label(), ctx.format_shortcut(&s)),
            None => self.label(),
        }
    }
}

/// Commands recorded during a frame.
#[derive(Debug, Default)]
pub struct CommandQueue {
    queued: Vec<Command>,
}

impl CommandQueue {
    /// Records a command to apply after the frame.
    pub fn push(&mut self, command: Command) {
        self.queued.push(command);
    }

    /// Takes every recorded command.
    pub fn drain(&mut self) -> Vec<Command> {
        std::mem::take(&mut self.queued)
    }

    /// A button for `command` that records it when clicked.
    pub fn button_ui(&mut self, ui: &mut egui::Ui, command: Command) {
        let mut button = egui::Button::new(command.label());
        if let Some(s) = command.shortcut() {
            button = button.shortcut_text(ui.ctx().format_shortcut(&s));
        }
        if ui.add(button).on_hover_text(command.tooltip()).clicked() {
            self.push(command);
        }
    }

    /// Records the commands whose shortcut was pressed this frame.
    pub fn shortcuts(&mut self, ctx: &egui::Context) {
        let wants_text = ctx.egui_wants_keyboard_input();
        for command in Command::with_shortcuts() {
            let Some(shortcut) = command.shortcut() else {
                continue;
            };
            // Plain keys (Delete) belong to the focused text field; function keys do not.
            if wants_text && shortcut.modifiers.is_none() && !is_function_key(shortcut.logical_key)
            {
                continue;
            }
            // Undo/redo inside a text field are the text field's.
            if wants_text && matches!(command, Command::Undo | Command::Redo) {
                continue;
            }
            if ctx.input_mut(|i| i.consume_shortcut(&shortcut)) {
                self.push(command);
            }
        }
    }
}

/// F1 to F35: never typed into a text field, so their shortcuts work while editing.
fn is_function_key(key: Key) -> bool {
    key.name().starts_with('F') && key.name().len() > 1 && key.name()[1..].parse::<u8>().is_ok()
}
