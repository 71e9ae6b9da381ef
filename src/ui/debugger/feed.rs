//! What the events table, the timeline and the task prompts take from each engine event, next
//! to the statuses [`super::RunState`] folds.

use super::task_prompt::WaitingTask;
use super::Debugger;
use crate::engine::{DebugEvent, EngineEvent};

impl Debugger {
    /// Records `event` for the events table and the task prompts.
    pub(super) fn observe(&mut self, event: &EngineEvent) {
        match event {
            EngineEvent::History(e) => self.events.push_live(e.clone()),
            EngineEvent::Debug(DebugEvent::TaskWaiting {
                state,
                scope,
                token,
                input,
            }) => self.waiting.push(WaitingTask::new(
                state.clone(),
                scope.clone(),
                token.clone(),
                input.clone(),
            )),
            // A task that timed out (or failed) no longer waits: its prompt closes.
            EngineEvent::Debug(DebugEvent::StateFinished(record)) => self
                .waiting
                .retain(|t| !(t.state == record.state && t.scope == record.scope)),
            EngineEvent::Debug(DebugEvent::RetryScheduled { state, scope, .. }) => self
                .waiting
                .retain(|t| !(&t.state == state && &t.scope == scope)),
            EngineEvent::Debug(_) => {}
            // Nothing waits once the execution has ended.
            EngineEvent::Finished(_) => self.waiting.clear(),
        }
    }

    /// Forgets the previous run's events, timeline, prompts and replay (a new run starts).
    pub(super) fn clear_run_views(&mut self) {
        self.events = Default::default();
        self.events_view.reset_rows();
        self.timeline = Default::default();
        self.waiting.clear();
        self.replay = None;
    }
}

#[cfg(test)]
mod tests {
    use std::sync::Arc;

    use serde_json::json;

    use super::*;
    use crate::engine::{StateError, StepRecord};

    fn waiting(state: &str, scope: &str) -> EngineEvent {
        EngineEvent::Debug(DebugEvent::TaskWaiting {
            state: state.into(),
            scope: scope.into(),
            token: format!("{state}-{scope}"),
            input: Arc::new(json!({})),
        })
    }

    #[test]
    fn a_prompt_closes_when_its_task_ends_without_an_answer() {
        let mut d = Debugger::default();
        for e in [
            waiting("A", "Par/0"),
            waiting("A", "Par/1"),
            waiting("B", ""),
        ] {
            d.observe(&e);
        }
        assert_eq!(d.waiting.len(), 3);
        d.observe(&EngineEvent::Debug(DebugEvent::StateFinished(Box::new(
            StepRecord {
                state: "A".into(),
                scope: "Par/0".into(),
                stages: Vec::new(),
                variables: Default::default(),
                error: Some(StateError::new("States.Timeout", "Task timed out.")),
                history_events: 0,
            },
        ))));
        let left: Vec<(&str, &str)> = d
            .waiting
            .iter()
            .map(|t| (t.state.as_str(), t.scope.as_str()))
            .collect();
        assert_eq!(left, [("A", "Par/1"), ("B", "")]);
    }
}
