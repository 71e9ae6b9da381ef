//! Map and Parallel progress in a replayed history, fed to the same scope bookkeeping as a
//! live run's `ContainerStarted` / `ChildFinished` debug events. A Map's child count is the
//! `length` of its `MapStateStarted` event and each iteration ends with its
//! `MapIteration{Succeeded,Failed,Aborted}` event. A history records no branch ends, so a
//! Parallel's branch count comes from the definition (else the branches seen) and its
//! branches end with the Parallel itself.

use std::collections::{BTreeSet, HashMap};

use serde_json::Value;

use super::event_log::EventRow;
use super::scopes::{container_key, split_child, Scopes};
use super::status::RunStatus;
use crate::asl::{StateKind, StateMachine};
use crate::engine::history_import::ImportedEvent;
use crate::engine::ContainerKind;

/// The number of branches of every Parallel state, nested ones included, by state name
/// (ASL state names are unique across a whole machine).
pub fn parallel_branch_counts(machine: &StateMachine) -> HashMap<String, usize> {
    let mut counts = HashMap::new();
    collect_branch_counts(machine, &mut counts);
    counts
}

fn collect_branch_counts(machine: &StateMachine, counts: &mut HashMap<String, usize>) {
    for (name, state) in &machine.states {
        if let StateKind::Parallel(p) = &state.kind {
            counts.insert(name.clone(), p.branches.len());
        }
        for (_, child) in state.kind.children("") {
            collect_branch_counts(child, counts);
        }
    }
}

/// The container visits of a replay.
#[derive(Default)]
pub(super) struct ReplayContainers {
    branch_counts: HashMap<String, usize>,
    /// Parallel visits still running: the branches seen so far.
    open_parallels: HashMap<String, BTreeSet<usize>>,
    /// The latest Map visit of each Map state name (an iteration's end names its Map).
    latest_map: HashMap<String, String>,
}

impl ReplayContainers {
    pub(super) fn new(branch_counts: HashMap<String, usize>) -> ReplayContainers {
        ReplayContainers {
            branch_counts,
            ..ReplayContainers::default()
        }
    }

    /// Applies what a live run's `ContainerStarted` / `ChildFinished` events would have for
    /// this history event.
    pub(super) fn event(&mut self, event: &ImportedEvent, row: &EventRow, scopes: &mut Scopes) {
        let state = row.state.as_deref().unwrap_or_default();
        match event.type_name.as_str() {
            "MapStateStarted" => {
                let key = container_key(&row.scope, state);
                self.latest_map.insert(state.to_owned(), key);
                let length = event.details.get("length").and_then(Value::as_u64);
                let length = length.and_then(|n| usize::try_from(n).ok()).unwrap_or(0);
                scopes.container_started(state.to_owned(), &row.scope, ContainerKind::Map, length);
            }
            "ParallelStateStarted" => {
                let key = container_key(&row.scope, state);
                self.open_parallels.insert(key, BTreeSet::new());
                let branches = self.branch_counts.get(state).copied().unwrap_or(0);
                let kind = ContainerKind::Parallel;
                scopes.container_started(state.to_owned(), &row.scope, kind, branches);
            }
            "MapIterationSucceeded" | "MapIterationFailed" | "MapIterationAborted" => {
                let failed = event.type_name != "MapIterationSucceeded";
                if let Some(scope) = self.iteration_scope(event, row) {
                    scopes.child_finished(&scope, failed);
                }
            }
            "ParallelStateSucceeded" | "ParallelStateFailed" | "ParallelStateAborted" => {
                let succeeded = event.type_name == "ParallelStateSucceeded";
                if let Some((key, via)) = self.ending_parallel(&row.scope, state) {
                    self.parallel_ended(key, via, succeeded, scopes);
                }
            }
            ty if ty.ends_with("StateEntered") => self.branch_seen(&row.scope, scopes),
            _ => {}
        }
    }

    /// A state entered in a Parallel's branch: a definition that did not give the branch
    /// count (or none at all) learns it from the branches seen.
    fn branch_seen(&mut self, scope: &str, scopes: &mut Scopes) {
        let Some((key, index)) = split_child(scope) else {
            return;
        };
        if let Some(seen) = self.open_parallels.get_mut(key) {
            seen.insert(index);
            scopes.at_least_children(key, index + 1);
        }
    }

    /// The iteration's scope: the scope its last event ran in when that is the named Map's
    /// child with this index, else the index under the Map's latest visit.
    fn iteration_scope(&self, event: &ImportedEvent, row: &EventRow) -> Option<String> {
        let index = event.details.get("index").and_then(Value::as_u64)?;
        let map = event.detail_str("name").or(row.state.as_deref())?;
        if let Some((key, i)) = split_child(&row.scope) {
            let named = key.rsplit('/').next() == Some(map);
            if i as u64 == index && named {
                return Some(row.scope.to_string());
            }
        }
        let key = self.latest_map.get(map)?;
        Some(format!("{key}/{index}"))
    }

    /// The Parallel visit an end event closes, and the branch its `previousEventId` came
    /// from (the failing one, for a failure). The event follows either the Parallel's own
    /// events (its scope and name are the row's) or a branch's last event (the nearest open
    /// Parallel around the row's scope).
    fn ending_parallel(&self, scope: &str, state: &str) -> Option<(String, Option<usize>)> {
        let own = container_key(scope, state);
        if self.open_parallels.contains_key(&own) {
            return Some((own, None));
        }
        let mut child = scope;
        while let Some((key, index)) = split_child(child) {
            if self.open_parallels.contains_key(key) {
                return Some((key.to_owned(), Some(index)));
            }
            // Up to the scope the container `key` runs in.
            child = key.rsplit_once('/').map_or("", |(parent, _)| parent);
        }
        None
    }

    /// A history records no branch ends: every branch ends with its Parallel. After a
    /// success all succeeded; after a failure the branch the failure came from failed, and of
    /// the others one with a failed state failed, one whose states all finished succeeded,
    /// and the rest were cut off (left unfinished, as in a live run).
    fn parallel_ended(
        &mut self,
        key: String,
        via: Option<usize>,
        succeeded: bool,
        scopes: &mut Scopes,
    ) {
        let seen = self.open_parallels.remove(&key).unwrap_or_default();
        let count = scopes.container(&key).map_or(0, |c| c.children);
        let indices: BTreeSet<usize> = (0..count).chain(seen).collect();
        for i in indices {
            let branch = format!("{key}/{i}");
            let outcome = if succeeded {
                Some(false)
            } else if via == Some(i) {
                Some(true)
            } else {
                branch_outcome(scopes.scope(&branch).map(|s| s.statuses.values()))
            };
            if let Some(failed) = outcome {
                scopes.child_finished(&branch, failed);
            }
        }
    }
}

/// Whether a branch of a failed Parallel failed (`Some(true)`), finished (`Some(false)`) or
/// was cut off (`None`), from its states' statuses.
fn branch_outcome<'a>(statuses: Option<impl Iterator<Item = &'a RunStatus>>) -> Option<bool> {
    let mut finished = false;
    for status in statuses? {
        match status {
            RunStatus::Failed => return Some(true),
            RunStatus::Running | RunStatus::Paused => return None,
            RunStatus::Succeeded | RunStatus::Caught => finished = true,
        }
    }
    finished.then_some(false)
}

#[cfg(test)]
mod tests {
    use std::collections::HashMap;

    use super::super::replay::replay;
    use super::*;
    use crate::engine::history_import::parse_aws_history;

    #[test]
    fn a_replayed_map_shows_its_progress_like_a_live_run() {
        let text = include_str!("../../../tests/data/history/aws-cli-order.json");
        let events = parse_aws_history(text).expect("valid");
        let (run, _, _) = replay(events, HashMap::new());
        let map = run.scopes.container("PackLines").expect("the Map's visit");
        assert_eq!(map.kind, ContainerKind::Map);
        assert_eq!((map.children, map.started, map.succeeded), (2, 2, 2));
        assert_eq!(map.summary(), "2 of 2 iterations");
        assert_eq!(run.scopes.latest_container("PackLines"), Some("PackLines"));
        let second = run.scopes.scope("PackLines/1").expect("iteration 1");
        assert_eq!(second.failed, Some(false));
    }

    #[test]
    fn a_cut_short_map_counts_only_the_iterations_that_ended() {
        let text = include_str!("../../../tests/data/history/aws-cli-order.json");
        let events = parse_aws_history(text).expect("valid");
        // Up to event 17: iteration 0 succeeded, iteration 1 still running.
        let (run, _, incomplete) = replay(events[..17].to_vec(), HashMap::new());
        assert!(incomplete);
        let map = run.scopes.container("PackLines").expect("the Map's visit");
        assert_eq!(map.summary(), "1 of 2 iterations");
    }

    /// A Parallel with three branches: the definition gives the count, the history the rest.
    const PARALLEL: &str = r#"[
      {"timestamp": 0, "type": "ExecutionStarted", "id": 1, "previousEventId": 0,
       "executionStartedEventDetails": {"input": "{}"}},
      {"timestamp": 1, "type": "ParallelStateEntered", "id": 2, "previousEventId": 1,
       "stateEnteredEventDetails": {"name": "Fan", "input": "{}"}},
      {"timestamp": 1, "type": "ParallelStateStarted", "id": 3, "previousEventId": 2},
      {"timestamp": 2, "type": "PassStateEntered", "id": 4, "previousEventId": 3,
       "stateEnteredEventDetails": {"name": "A", "input": "{}"}},
      {"timestamp": 2, "type": "PassStateEntered", "id": 5, "previousEventId": 3,
       "stateEnteredEventDetails": {"name": "B", "input": "{}"}},
      {"timestamp": 2, "type": "FailStateEntered", "id": 6, "previousEventId": 3,
       "stateEnteredEventDetails": {"name": "C", "input": "{}"}},
      {"timestamp": 3, "type": "PassStateExited", "id": 7, "previousEventId": 4,
       "stateExitedEventDetails": {"name": "A", "output": "{}"}},
      {"timestamp": 3, "type": "ParallelStateFailed", "id": 8, "previousEventId": 6,
       "parallelStateFailedEventDetails": {"error": "Boom"}},
      {"timestamp": 3, "type": "ExecutionFailed", "id": 9, "previousEventId": 8,
       "executionFailedEventDetails": {"error": "Boom"}}
    ]"#;

    fn fan_machine(branches: usize) -> StateMachine {
        let branch = |name: &str| serde_json::json!({"StartAt": name, "States": {name: {"Type": "Pass", "End": true}}});
        let all: Vec<_> = ["A", "B", "C", "D"][..branches]
            .iter()
            .map(|n| branch(n))
            .collect();
        let text = serde_json::json!({"StartAt": "Fan", "States": {"Fan": {"Type": "Parallel", "Branches": all, "End": true}}})
            .to_string();
        crate::asl::parse(text.as_bytes(), None)
            .machine
            .expect("a machine")
    }

    #[test]
    fn a_replayed_parallel_takes_its_branch_count_from_the_definition() {
        let machine = fan_machine(4);
        assert_eq!(parallel_branch_counts(&machine).get("Fan"), Some(&4));
        let events = parse_aws_history(PARALLEL).expect("valid");
        let (run, _, _) = replay(events, parallel_branch_counts(&machine));
        let fan = run.scopes.container("Fan").expect("the Parallel's visit");
        assert_eq!(fan.kind, ContainerKind::Parallel);
        // A finished, B was cut off, C failed, D never started.
        assert_eq!(fan.children, 4);
        assert_eq!(fan.succeeded, 1);
        assert_eq!(fan.failed.iter().copied().collect::<Vec<_>>(), [2]);
        assert_eq!(fan.summary(), "2 of 4 branches · 1 failed");
    }

    #[test]
    fn without_a_definition_a_replayed_parallel_counts_the_branches_seen() {
        let events = parse_aws_history(PARALLEL).expect("valid");
        let (run, _, _) = replay(events, HashMap::new());
        let fan = run.scopes.container("Fan").expect("the Parallel's visit");
        assert_eq!(fan.children, 3);
        assert_eq!(fan.summary(), "2 of 3 branches · 1 failed");
    }
}
