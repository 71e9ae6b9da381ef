//! Undo and redo as stacks of the graph's inverse edits.

use crate::graph::edit::Edit;

/// One undoable step.
#[derive(Debug, Clone)]
pub struct Step {
    /// What the step did, for menus ("Undo Rename A to B").
    pub label: String,
    /// Applying this reverts the step.
    pub inverse: Edit,
    /// Coalescing key: consecutive steps with the same key merge (typing in one field).
    pub key: Option<String>,
}

/// The undo and redo stacks.
#[derive(Debug, Default)]
pub struct History {
    undo: Vec<Step>,
    redo: Vec<Step>,
}

/// Steps kept; older ones are dropped.
const MAX_STEPS: usize = 500;

impl History {
    /// Records a step. A step whose `key` matches the last one merges into it: the older
    /// inverse already restores the state before the whole run (coalesced edits replace
    /// whole values, so their inverses are absolute).
    pub fn record(&mut self, step: Step) {
        self.redo.clear();
        if let (Some(key), Some(last)) = (&step.key, self.undo.last()) {
            if last.key.as_ref() == Some(key) {
                return;
            }
        }
        self.undo.push(step);
        if self.undo.len() > MAX_STEPS {
            self.undo.remove(0);
        }
    }

    /// Ends coalescing, so the next step is recorded on its own.
    pub fn seal(&mut self) {
        if let Some(last) = self.undo.last_mut() {
            last.key = None;
        }
    }

    /// Takes the step to undo.
    pub fn pop_undo(&mut self) -> Option<Step> {
        self.undo.pop()
    }

    /// Takes the step to redo.
    pub fn pop_redo(&mut self) -> Option<Step> {
        self.redo.pop()
    }

    /// Records the inverse of an undone step, for redo.
    pub fn push_redo(&mut self, step: Step) {
        self.redo.push(step);
    }

    /// Records the inverse of a redone step, for undo (keeps the redo stack).
    pub fn push_undo(&mut self, step: Step) {
        self.undo.push(step);
    }

    /// The label of the step undo would revert.
    pub fn undo_label(&self) -> Option<&str> {
        self.undo.last().map(|s| s.label.as_str())
    }

    /// The label of the step redo would reapply.
    pub fn redo_label(&self) -> Option<&str> {
        self.redo.last().map(|s| s.label.as_str())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::graph::MachinePath;

    fn step(key: Option<&str>, start: &str) -> Step {
        Step {
            label: "edit".into(),
            inverse: Edit::SetStartAt {
                machine: MachinePath::root(),
                start_at: Some(start.into()),
            },
            key: key.map(str::to_owned),
        }
    }

    #[test]
    fn steps_with_the_same_key_coalesce_until_sealed() {
        let mut h = History::default();
        h.record(step(Some("code"), "A"));
        h.record(step(Some("code"), "B"));
        h.seal();
        h.record(step(Some("code"), "C"));
        assert!(
            matches!(h.pop_undo().map(|s| s.inverse), Some(Edit::SetStartAt { start_at: Some(s), .. }) if s == "C")
        );
        assert!(
            matches!(h.pop_undo().map(|s| s.inverse), Some(Edit::SetStartAt { start_at: Some(s), .. }) if s == "A")
        );
        assert!(h.pop_undo().is_none());
    }

    #[test]
    fn recording_clears_redo() {
        let mut h = History::default();
        h.push_redo(step(None, "A"));
        h.record(step(None, "B"));
        assert!(h.pop_redo().is_none());
    }
}
