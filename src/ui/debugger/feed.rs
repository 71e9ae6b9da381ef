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
