//! Undo and redo: each step holds what restores the model to the state before it.

use crate::asl::StateMachine;

/// One undoable step.
#[derive(Debug, Clone)]
pub struct Step {
    /// What the step did, for menus ("Undo rename").
    pub label: String,
    /// The model before the step; undo swaps it back in.
    pub before: StateMachine,
    /// Coalescing key: consecutive steps with the same key merge (typing, a drag).
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
    /// Records a step; a step whose `key` matches the last one merges into it.
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

    /// Undoes one step: returns the model to restore, given the current one.
    pub fn undo(&mut self, current: &StateMachine) -> Option<StateMachine> {
        let step = self.undo.pop()?;
        self.redo.push(Step {
            label: step.label,
            before: current.clone(),
            key: None,
        });
        Some(step.before)
    }

    /// Redoes one step: returns the model to restore, given the current one.
    pub fn redo(&mut self, current: &StateMachine) -> Option<StateMachine> {
        let step = self.redo.pop()?;
        self.undo.push(Step {
            label: step.label,
            before: current.clone(),
            key: None,
        });
        Some(step.before)
    }

    /// The label of the step undo would revert.
    pub fn undo_label(&self) -> Option<&str> {
        self.undo.last().map(|s| s.label.as_str())
    }

    /// The label of the step redo would reapply.
    pub fn redo_label(&self) -> Option<&str> {
        self.redo.last().map(|s| s.label.as_str())
    }

    /// Forgets every step (a new file was opened).
    pub fn clear(&mut self) {
        self.undo.clear();
        self.redo.clear();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn machine(start: &str) -> StateMachine {
        StateMachine {
            start_at: Some(start.into()),
            ..Default::default()
        }
    }

    #[test]
    fn undo_then_redo_restores_both_models() {
        let mut h = History::default();
        h.record(Step {
            label: "edit".into(),
            before: machine("A"),
            key: None,
        });
        let restored = h.undo(&machine("B"));
        assert_eq!(restored, Some(machine("A")));
        assert_eq!(h.redo(&machine("A")), Some(machine("B")));
        assert_eq!(h.redo(&machine("B")), None);
    }

    #[test]
    fn steps_with_the_same_key_coalesce_until_sealed() {
        let mut h = History::default();
        for before in ["A", "B", "C"] {
            h.record(Step {
                label: "typing".into(),
                before: machine(before),
                key: Some("code".into()),
            });
        }
        assert_eq!(h.undo(&machine("D")), Some(machine("A")));
        assert_eq!(h.undo(&machine("A")), None);
    }
}
