//! Importing a history file (read and checked on a background thread) and handing the
//! current history to an export: the UI thread never reads, parses or serializes it.

use std::path::PathBuf;
use std::sync::mpsc::{channel, Receiver};

use super::event_log::{history_json, EventLog, EventSource};
use super::replay::{parallel_branch_counts, replay, Replay};
use super::Debugger;
use super::RunState;
use crate::asl::StateMachine;
use crate::engine::history_import::parse_aws_history;

/// A history replayed off the UI thread: the run state, the events' log, and whether the
/// history ends before the execution did.
type Replayed = (RunState, EventLog, bool);

/// A history file being read and replayed on a background thread.
#[derive(Debug)]
pub(super) struct ImportJob {
    path: PathBuf,
    result: Receiver<Result<Replayed, String>>,
}

impl Debugger {
    /// Starts reading an execution history to replay; the result arrives in a later frame.
    /// `machine` (the open workflow) gives each Parallel's branch count.
    pub fn import_history(&mut self, path: PathBuf, machine: &StateMachine) {
        let branches = parallel_branch_counts(machine);
        let (tx, rx) = channel();
        let file = path.clone();
        let waker = self.repaint.clone();
        std::thread::spawn(move || {
            // Parsing every payload of a long history takes a while: not on the UI thread.
            let result = std::fs::read_to_string(&file)
                .map_err(|e| e.to_string())
                .and_then(|text| parse_aws_history(&text))
                .map(|events| replay(events, branches));
            if tx.send(result).is_ok() {
                if let Some(w) = waker {
                    w();
                }
            }
        });
        self.message = format!("Reading {}…", path.display());
        self.import_job = Some(ImportJob { path, result: rx });
    }

    /// Replays a finished import; true while one is still being read.
    pub(super) fn poll_import(&mut self) -> bool {
        let Some(job) = &self.import_job else {
            return false;
        };
        let Ok(result) = job.result.try_recv() else {
            return true;
        };
        let path = job.path.clone();
        self.import_job = None;
        match result {
            Ok(replayed) => self.show_replay(path, replayed),
            Err(e) => {
                self.message = format!("Cannot import {}: {e}", path.display());
            }
        }
        false
    }

    /// Shows a replayed history on the diagram instead of the last run.
    pub fn show_replay(&mut self, path: PathBuf, (run, log, incomplete): Replayed) {
        self.stop();
        self.session = None;
        self.clear_run_views();
        let count = log.len();
        self.run = run;
        self.events = log;
        self.message = format!(
            "Replaying {} ({count} events){}",
            path.display(),
            if incomplete {
                ": the history ends before the execution did"
            } else {
                ""
            }
        );
        self.replay = Some(Replay { path, incomplete });
    }

    /// The history of the last run or import, for an export; `None` before either.
    pub fn history_for_export(&self) -> Option<EventSource> {
        (!self.events.is_empty()).then(|| self.events.source().clone())
    }
}

/// The text of an exported history, as `get-execution-history --output json` prints it.
pub fn history_text(source: &EventSource) -> String {
    serde_json::to_string_pretty(&history_json(source)).unwrap_or_default()
}
