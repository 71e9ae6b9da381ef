//! What the diagram and the step details show for a state: in the picked iteration (or
//! branch) when one is picked for every Map around it, else its latest visit. No egui here.

use super::scopes::{container_key, ContainerRun, Picks, ScopeRun};
use super::status::{RetryAttempt, RunState, RunStatus};
use crate::engine::StepRecord;
use crate::graph::StatePath;

/// A run seen through the picked iterations.
#[derive(Debug, Clone, Copy)]
pub struct IterationView<'a> {
    pub run: &'a RunState,
    pub picks: &'a Picks,
}

/// Where a state's data comes from.
enum Source<'a> {
    /// The picked branch or iteration (`None`: nothing ran there yet).
    Scope(Option<&'a ScopeRun>),
    /// The latest visit anywhere (top-level states, or a Map on the way has no pick).
    Latest,
}

impl<'a> IterationView<'a> {
    fn source(&self, path: &StatePath) -> Source<'a> {
        if path.machine.is_root() {
            return Source::Latest;
        }
        match self.run.scopes.resolve(&path.machine, self.picks) {
            Some(label) => Source::Scope(self.run.scopes.scope(&label)),
            None => Source::Latest,
        }
    }

    /// The state's status; `None` when it has not run (in the picked iteration).
    pub fn status(&self, path: &StatePath) -> Option<RunStatus> {
        match self.source(path) {
            Source::Scope(scope) => scope.and_then(|s| s.statuses.get(&path.name).copied()),
            Source::Latest => self.run.statuses.get(&path.name).copied(),
        }
    }

    /// The state's last finished visit (in the picked iteration).
    pub fn record(&self, path: &StatePath) -> Option<&'a StepRecord> {
        match self.source(path) {
            Source::Scope(scope) => scope
                .and_then(|s| s.records.get(&path.name))
                .map(|r| r.as_ref()),
            Source::Latest => self.run.records.get(&path.name),
        }
    }

    /// Retried attempts of the state's last visit (in the picked iteration).
    pub fn retries(&self, path: &StatePath) -> Option<&'a Vec<RetryAttempt>> {
        match self.source(path) {
            Source::Scope(scope) => scope.and_then(|s| s.retries.get(&path.name)),
            Source::Latest => self.run.retries.get(&path.name),
        }
    }

    /// The output bytes of the state's last finished visit (in the picked iteration).
    pub fn output_bytes(&self, path: &StatePath) -> Option<usize> {
        match self.source(path) {
            Source::Scope(scope) => scope
                .and_then(|s| s.records.get(&path.name))
                .and_then(|r| r.stages.last())
                .map(|s| s.size_bytes),
            Source::Latest => self.run.output_bytes.get(&path.name).copied(),
        }
    }

    /// The container key of a Parallel or Map state's visit shown for `path`: inside the
    /// picked iterations, else its latest visit.
    pub fn container_key(&self, path: &StatePath) -> Option<String> {
        let scopes = &self.run.scopes;
        if let Some(scope) = scopes.resolve(&path.machine, self.picks) {
            let key = container_key(&scope, &path.name);
            if scopes.container(&key).is_some() {
                return Some(key);
            }
        }
        scopes.latest_container(&path.name).map(str::to_owned)
    }

    /// Progress of a Parallel or Map state's visit shown for `path`.
    pub fn progress(&self, path: &StatePath) -> Option<&'a ContainerRun> {
        let key = self.container_key(path)?;
        self.run.scopes.container(&key)
    }
}
