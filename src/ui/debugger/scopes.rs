//! A run seen scope by scope: each Parallel branch and Map iteration (scope labels such as
//! "Par/1", "Outer/2/Inner/5") keeps its own statuses and step records, and each container
//! visit its progress. Every event costs a few hash lookups, so a 10,000-item Map stays cheap;
//! lookups for the diagram resolve a state's scope from the picked iterations without
//! scanning. No egui here.

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::sync::Arc;

use super::status::{RetryAttempt, RunStatus};
use crate::engine::{ContainerKind, StepRecord};
use crate::graph::MachinePath;

/// The picked child (iteration or branch) of each container visit, by container key.
pub type Picks = BTreeMap<String, usize>;

/// One scope: the top level, a Parallel branch or a Map iteration.
#[derive(Debug, Default)]
pub struct ScopeRun {
    /// Status of each state visited in this scope (the last visit wins).
    pub statuses: HashMap<String, RunStatus>,
    /// The last finished visit of each state in this scope.
    pub records: HashMap<String, Arc<StepRecord>>,
    /// Retried attempts of each state's last visit in this scope.
    pub retries: HashMap<String, Vec<RetryAttempt>>,
    /// Set once the branch or iteration ended: true when it failed.
    pub failed: Option<bool>,
    /// The last state that failed here, turned into Caught if the scope moves on.
    failed_state: Option<String>,
}

/// Progress of one visit of a Parallel or Map state.
#[derive(Debug, Clone, PartialEq)]
pub struct ContainerRun {
    /// The Parallel or Map state's name.
    pub state: String,
    pub kind: ContainerKind,
    /// Branches or iterations it runs.
    pub children: usize,
    /// Children that have started.
    pub started: usize,
    /// Children that ended without error.
    pub succeeded: usize,
    /// Children that ended in error, by index (ascending, for "next failed").
    pub failed: BTreeSet<usize>,
}

impl ContainerRun {
    /// Children that have ended.
    pub fn finished(&self) -> usize {
        self.succeeded + self.failed.len()
    }

    /// "3 of 10 iterations · 1 failed" (branches for a Parallel).
    pub fn summary(&self) -> String {
        let noun = match self.kind {
            ContainerKind::Map => "iterations",
            ContainerKind::Parallel => "branches",
        };
        let mut text = format!("{} of {} {noun}", self.finished(), self.children);
        if !self.failed.is_empty() {
            text.push_str(&format!(" · {} failed", self.failed.len()));
        }
        text
    }
}

/// Every scope and container visit of a run.
#[derive(Debug, Default)]
pub struct Scopes {
    scopes: HashMap<String, ScopeRun>,
    containers: HashMap<String, ContainerRun>,
    /// The latest visit (container key) of each container state, shown when none is picked.
    latest: HashMap<String, String>,
}

/// The key of a container visit: its state's name inside the scope it runs in. Its children's
/// scopes are the key plus `/index`.
pub fn container_key(scope: &str, state: &str) -> String {
    if scope.is_empty() {
        state.to_owned()
    } else {
        format!("{scope}/{state}")
    }
}

/// The container key and child index of a branch or iteration scope ("Outer/2/Inner/5" ->
/// ("Outer/2/Inner", 5)); `None` at top level. Splitting at the last `/` keeps state names
/// that contain `/` intact.
pub fn split_child(scope: &str) -> Option<(&str, usize)> {
    let (key, index) = scope.rsplit_once('/')?;
    Some((key, index.parse().ok()?))
}

impl Scopes {
    /// The scope with this label, if anything ran in it.
    pub fn scope(&self, label: &str) -> Option<&ScopeRun> {
        self.scopes.get(label)
    }

    /// A container visit by key.
    pub fn container(&self, key: &str) -> Option<&ContainerRun> {
        self.containers.get(key)
    }

    /// The key of the latest visit of the container state `state`.
    pub fn latest_container(&self, state: &str) -> Option<&str> {
        self.latest.get(state).map(String::as_str)
    }

    /// A container state starts its children: a new visit (replacing an earlier visit of the
    /// same key, whose children's scopes are dropped).
    pub fn container_started(
        &mut self,
        state: String,
        scope: &str,
        kind: ContainerKind,
        children: usize,
    ) {
        let key = container_key(scope, &state);
        if self.containers.contains_key(&key) {
            // A loop re-entered the container: its earlier children are stale. Rare, so a
            // scan is fine here.
            let prefix = format!("{key}/");
            self.scopes.retain(|label, _| !label.starts_with(&prefix));
        }
        self.latest.insert(state.clone(), key.clone());
        self.containers.insert(
            key,
            ContainerRun {
                state,
                kind,
                children,
                started: 0,
                succeeded: 0,
                failed: BTreeSet::new(),
            },
        );
    }

    /// Raises a container visit's child count to at least `children` (a replayed Parallel
    /// whose branch count the definition did not give).
    pub fn at_least_children(&mut self, key: &str, children: usize) {
        if let Some(c) = self.containers.get_mut(key) {
            c.children = c.children.max(children);
        }
    }

    /// A branch or iteration ended.
    pub fn child_finished(&mut self, scope: &str, failed: bool) {
        let Some(scope_run) = self.scope_mut(scope) else {
            return;
        };
        if scope_run.failed.replace(failed).is_some() {
            return;
        }
        let Some((key, index)) = split_child(scope) else {
            return;
        };
        if let Some(c) = self.containers.get_mut(key) {
            if failed {
                c.failed.insert(index);
            } else {
                c.succeeded += 1;
            }
        }
    }

    /// A state was entered in `scope`.
    pub fn state_started(&mut self, scope: &str, state: &str) {
        let Some(s) = self.scope_mut(scope) else {
            return;
        };
        if let Some(failed) = s.failed_state.take() {
            s.statuses.insert(failed, RunStatus::Caught);
        }
        s.retries.remove(state);
        // Revisits (loops, retries of a scope) reuse the key instead of allocating one.
        match s.statuses.get_mut(state) {
            Some(status) => *status = RunStatus::Running,
            None => {
                s.statuses.insert(state.to_owned(), RunStatus::Running);
            }
        }
    }

    /// A state finished (with or without error).
    pub fn state_finished(&mut self, record: Arc<StepRecord>) {
        let Some(s) = self.scope_mut(&record.scope) else {
            return;
        };
        let status = if record.error.is_some() {
            s.failed_state = Some(record.state.clone());
            RunStatus::Failed
        } else {
            RunStatus::Succeeded
        };
        s.statuses.insert(record.state.clone(), status);
        s.records.insert(record.state.clone(), record);
    }

    /// Sets a state's status in a scope (pause and resume).
    pub fn set_status(&mut self, scope: &str, state: &str, status: RunStatus) {
        if let Some(s) = self.scope_mut(scope) {
            s.statuses.insert(state.to_owned(), status);
        }
    }

    /// A failed attempt will be retried.
    pub fn retry(&mut self, scope: &str, state: String, attempt: RetryAttempt) {
        if let Some(s) = self.scope_mut(scope) {
            s.retries.entry(state).or_default().push(attempt);
        }
    }

    /// The run ended: states still running or paused were cut off.
    pub fn finish(&mut self) {
        for s in self.scopes.values_mut() {
            for status in s.statuses.values_mut() {
                if matches!(status, RunStatus::Running | RunStatus::Paused) {
                    *status = RunStatus::Failed;
                }
            }
        }
    }

    /// The scope a state of `machine` runs in, following the picked iteration of every Map on
    /// the way (a Parallel's branch is given by the diagram). `None` when a Map on the way has
    /// no pick or has not started: the caller then shows the latest visit.
    pub fn resolve(&self, machine: &MachinePath, picks: &Picks) -> Option<String> {
        let mut scope = String::new();
        for branch in &machine.0 {
            let key = container_key(&scope, &branch.state);
            let index = match self.containers.get(&key)?.kind {
                ContainerKind::Parallel => branch.index,
                ContainerKind::Map => *picks.get(&key)?,
            };
            scope = format!("{key}/{index}");
        }
        Some(scope)
    }

    /// The container keys of every Map on the way to `machine` (outermost first), as far as
    /// they resolve: each can be picked in turn.
    pub fn maps_on_path(&self, machine: &MachinePath, picks: &Picks) -> Vec<String> {
        let mut keys = Vec::new();
        let mut scope = String::new();
        for branch in &machine.0 {
            let key = container_key(&scope, &branch.state);
            let Some(container) = self.containers.get(&key) else {
                break;
            };
            let index = match container.kind {
                ContainerKind::Parallel => branch.index,
                ContainerKind::Map => {
                    keys.push(key.clone());
                    match picks.get(&key) {
                        Some(i) => *i,
                        None => break,
                    }
                }
            };
            scope = format!("{key}/{index}");
        }
        keys
    }

    /// Creates the scope on its first event (counting a container's started child) and
    /// returns it. The common case, an existing scope, allocates no key.
    fn scope_mut(&mut self, label: &str) -> Option<&mut ScopeRun> {
        if !self.scopes.contains_key(label) {
            self.scopes.insert(label.to_owned(), ScopeRun::default());
            if let Some((key, _)) = split_child(label) {
                if let Some(c) = self.containers.get_mut(key) {
                    c.started += 1;
                }
            }
        }
        self.scopes.get_mut(label)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::graph::Branch;

    fn record(state: &str, scope: &str, failed: bool) -> Arc<StepRecord> {
        Arc::new(StepRecord {
            state: state.into(),
            scope: scope.into(),
            stages: Vec::new(),
            variables: Default::default(),
            error: failed.then(|| crate::engine::StateError::new("Boom", "")),
            history_events: 0,
        })
    }

    fn path(steps: &[(&str, usize)]) -> MachinePath {
        MachinePath(
            steps
                .iter()
                .map(|(s, i)| Branch {
                    state: (*s).into(),
                    index: *i,
                })
                .collect(),
        )
    }

    #[test]
    fn child_scopes_split_at_the_last_separator() {
        assert_eq!(split_child("Fan/3"), Some(("Fan", 3)));
        assert_eq!(split_child("Outer/2/Inner/15"), Some(("Outer/2/Inner", 15)));
        assert_eq!(split_child("A/B/0"), Some(("A/B", 0)));
        assert_eq!(split_child(""), None);
        assert_eq!(split_child("Fan/x"), None);
        assert_eq!(container_key("", "Fan"), "Fan");
        assert_eq!(container_key("Outer/2", "Inner"), "Outer/2/Inner");
    }

    #[test]
    fn nested_maps_count_progress_and_resolve_picked_iterations() {
        let mut s = Scopes::default();
        s.state_started("", "Outer");
        s.container_started("Outer".into(), "", ContainerKind::Map, 2);
        for outer in 0..2 {
            let scope = format!("Outer/{outer}");
            s.state_started(&scope, "Inner");
            s.container_started("Inner".into(), &scope, ContainerKind::Map, 3);
            for inner in 0..3 {
                let leaf = format!("Outer/{outer}/Inner/{inner}");
                s.state_started(&leaf, "Leaf");
                let failed = outer == 1 && inner == 2;
                s.state_finished(record("Leaf", &leaf, failed));
                s.child_finished(&leaf, failed);
            }
            s.child_finished(&scope, outer == 1);
        }
        let outer = s.container("Outer").expect("outer");
        assert_eq!((outer.started, outer.finished()), (2, 2));
        assert_eq!(outer.summary(), "2 of 2 iterations · 1 failed");
        let inner = s.container("Outer/1/Inner").expect("inner of 1");
        assert_eq!(inner.failed.iter().copied().collect::<Vec<_>>(), [2]);
        assert_eq!(s.latest_container("Inner"), Some("Outer/1/Inner"));

        let leaf_machine = path(&[("Outer", 0), ("Inner", 0)]);
        let mut picks = Picks::new();
        assert_eq!(s.resolve(&leaf_machine, &picks), None);
        assert_eq!(s.maps_on_path(&leaf_machine, &picks), ["Outer"]);
        picks.insert("Outer".into(), 1);
        assert_eq!(s.resolve(&leaf_machine, &picks), None);
        assert_eq!(
            s.maps_on_path(&leaf_machine, &picks),
            ["Outer", "Outer/1/Inner"]
        );
        picks.insert("Outer/1/Inner".into(), 2);
        let scope = s.resolve(&leaf_machine, &picks).expect("resolved");
        assert_eq!(scope, "Outer/1/Inner/2");
        let run = s.scope(&scope).expect("ran");
        assert_eq!(run.statuses.get("Leaf"), Some(&RunStatus::Failed));
        assert_eq!(run.failed, Some(true));
        assert!(run.records.contains_key("Leaf"));
    }

    #[test]
    fn parallel_branches_resolve_without_a_pick_and_loops_reset_a_container() {
        let mut s = Scopes::default();
        s.container_started("Par".into(), "", ContainerKind::Parallel, 2);
        s.state_started("Par/1", "B");
        s.state_finished(record("B", "Par/1", true));
        s.state_started("Par/1", "Recover");
        assert_eq!(
            s.scope("Par/1").and_then(|r| r.statuses.get("B")),
            Some(&RunStatus::Caught)
        );
        assert_eq!(
            s.resolve(&path(&[("Par", 1)]), &Picks::new()).as_deref(),
            Some("Par/1")
        );
        assert_eq!(s.container("Par").map(|c| c.started), Some(1));
        s.container_started("Par".into(), "", ContainerKind::Parallel, 2);
        assert!(s.scope("Par/1").is_none());
        assert_eq!(s.container("Par").map(|c| c.started), Some(0));
    }
}
