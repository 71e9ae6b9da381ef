//! Breakpoint conditions, "break on any error", and breakpoints saved in the workflow's
//! sidecar (`NAME.statewright.json`).

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};

use super::Debugger;
use crate::engine::{BreakCondition, ConditionError};
use crate::graph::{Positions, SavedBreakpoint};

/// A condition as the user typed it, and what parsing it gave.
#[derive(Debug, Clone, PartialEq)]
pub struct ConditionEntry {
    pub text: String,
    pub parsed: Result<BreakCondition, ConditionError>,
}

impl ConditionEntry {
    /// Parses `text`; an empty text means "no condition" and is never stored.
    fn new(text: &str) -> Option<ConditionEntry> {
        if text.trim().is_empty() {
            return None;
        }
        Some(ConditionEntry {
            text: text.to_owned(),
            parsed: BreakCondition::parse(text),
        })
    }

    /// The problem to show, if the text is not a condition.
    pub fn error(&self) -> Option<&ConditionError> {
        self.parsed.as_ref().err()
    }
}

impl Debugger {
    /// Sets (or, with an empty text, removes) the condition of the breakpoint on `state`, also
    /// in the running execution. An invalid condition is shown as an error and the breakpoint
    /// then pauses every time, so a typo never skips a pause silently.
    pub fn set_condition(&mut self, state: &str, text: &str) {
        let entry = ConditionEntry::new(text);
        let engine_condition = entry.as_ref().and_then(|e| e.parsed.clone().ok());
        match entry {
            Some(e) => self.conditions.insert(state.to_owned(), e),
            None => self.conditions.remove(state),
        };
        if let (Some(s), true) = (&self.session, self.is_running()) {
            s.handle.set_breakpoint_condition(state, engine_condition);
        }
    }

    /// Switches "break on any error", also in the running execution.
    pub fn toggle_break_on_error(&mut self) {
        self.break_on_error = !self.break_on_error;
        if let (Some(s), true) = (&self.session, self.is_running()) {
            s.handle.set_break_on_error(self.break_on_error);
        }
    }

    /// The valid conditions, for a new execution.
    pub(super) fn engine_conditions(&self) -> Vec<(String, BreakCondition)> {
        self.conditions
            .iter()
            .filter_map(|(state, e)| Some((state.clone(), e.parsed.clone().ok()?)))
            .collect()
    }

    /// The breakpoints as the sidecar stores them, sorted by state.
    pub fn saved_breakpoints(&self) -> Vec<SavedBreakpoint> {
        self.breakpoints
            .iter()
            .map(|state| SavedBreakpoint {
                state: state.clone(),
                condition: self.conditions.get(state).map(|c| c.text.clone()),
            })
            .collect()
    }

    /// Restores breakpoints saved with a workflow (when it is opened).
    pub fn load_breakpoints(&mut self, saved: &[SavedBreakpoint]) {
        for b in saved {
            self.breakpoints.insert(b.state.clone());
            if let Some(entry) = b.condition.as_deref().and_then(ConditionEntry::new) {
                self.conditions.insert(b.state.clone(), entry);
            }
        }
    }

    /// Writes the breakpoints into the sidecar of `definition` on a background thread (the
    /// saved positions are kept), so they persist without saving the definition.
    pub fn persist_breakpoints(&self, definition: Option<&Path>) {
        let Some(definition) = definition.map(Path::to_path_buf) else {
            return;
        };
        self.breakpoint_writer
            .write(definition, self.saved_breakpoints());
    }
}

/// Writes breakpoints to sidecars off the UI thread, one write at a time and newest last: a
/// write that finds a newer one for the same file already done is dropped, so quick edits
/// (typing a condition) never leave an older set on disk.
#[derive(Debug, Default, Clone)]
pub struct BreakpointWriter {
    issued: Arc<AtomicU64>,
    written: Arc<Mutex<HashMap<PathBuf, u64>>>,
}

impl BreakpointWriter {
    fn write(&self, definition: PathBuf, breakpoints: Vec<SavedBreakpoint>) {
        let generation = self.issued.fetch_add(1, Ordering::SeqCst) + 1;
        let written = Arc::clone(&self.written);
        std::thread::spawn(move || {
            let Ok(mut written) = written.lock() else {
                return;
            };
            if written.get(&definition).is_some_and(|&g| g > generation) {
                return;
            }
            if let Err(e) = Positions::save_breakpoints_for(&definition, breakpoints) {
                tracing::warn!("breakpoints not saved: {e}");
            }
            written.insert(definition, generation);
        });
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn conditions_round_trip_through_saved_breakpoints() {
        let mut d = Debugger::default();
        d.toggle_breakpoint("Charge");
        d.toggle_breakpoint("Ship");
        d.set_condition("Charge", "$.amount > 100");
        d.set_condition("Ship", "$.amount >");
        assert!(d.conditions.get("Ship").and_then(|c| c.error()).is_some());
        // Only valid conditions reach the engine: Ship pauses unconditionally.
        let engine: Vec<String> = d.engine_conditions().into_iter().map(|(s, _)| s).collect();
        assert_eq!(engine, ["Charge"]);
        let saved = d.saved_breakpoints();
        let mut restored = Debugger::default();
        restored.load_breakpoints(&saved);
        assert_eq!(restored.breakpoints, d.breakpoints);
        assert_eq!(restored.conditions, d.conditions);
        d.set_condition("Charge", "  ");
        assert!(!d.conditions.contains_key("Charge"));
    }

    #[test]
    fn quick_successive_writes_leave_the_newest_breakpoints_on_disk() {
        let dir = std::env::temp_dir().join(format!("statewright-bpw-{}", std::process::id()));
        std::fs::create_dir_all(&dir).expect("temp dir");
        let definition = dir.join("flow.asl.json");
        let writer = BreakpointWriter::default();
        let last = 40;
        for n in 0..=last {
            let saved = vec![SavedBreakpoint {
                state: format!("S{n}"),
                condition: None,
            }];
            writer.write(definition.clone(), saved);
        }
        // Every write has finished once the newest generation is recorded.
        for _ in 0..500 {
            let done = writer
                .written
                .lock()
                .map(|w| w.get(&definition).copied() == Some(last + 1))
                .unwrap_or(false);
            if done {
                break;
            }
            std::thread::sleep(std::time::Duration::from_millis(10));
        }
        std::thread::sleep(std::time::Duration::from_millis(50));
        let saved = Positions::load_for(&definition)
            .expect("readable")
            .expect("written");
        assert_eq!(saved.breakpoints[0].state, format!("S{last}"));
        std::fs::remove_dir_all(&dir).expect("cleanup");
    }
}
