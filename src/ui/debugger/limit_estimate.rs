//! A static estimate of a run's history events before it starts, where one is feasible: a
//! top-level inline Map whose `ItemsPath` finds an array in the execution input runs that many
//! iterations, each costing the events of its states. Every state is counted once per visit of
//! its machine (a Choice's untaken branch too, a loop once), so this is a rough figure; the run
//! itself projects from real counts. No egui here.

use serde_json::Value;

use super::limit_watch::thousands;
use crate::asl::{StateKind, StateMachine};

/// History events of an execution's own start and end.
const EXECUTION_EVENTS: usize = 2;
/// A Map's own Entered, Started, Succeeded and Exited events.
const MAP_EVENTS: usize = 4;
/// `MapIterationStarted` and `MapIterationSucceeded`.
const ITERATION_EVENTS: usize = 2;

/// An estimated history event count and how it was reached.
#[derive(Debug, Clone, PartialEq)]
pub struct HistoryEstimate {
    pub events: usize,
    /// "ProcessImages: 4,000 items × 9 events per iteration".
    pub basis: String,
}

impl HistoryEstimate {
    /// The warning shown before the run.
    pub fn warning(&self, limit: usize) -> String {
        format!(
            "On course to exceed {} history events (estimated ~{} before the run)",
            thousands(limit),
            thousands(self.events)
        )
    }

    /// The tooltip: what the estimate counts.
    pub fn explanation(&self) -> String {
        format!(
            "{}. Estimated from the definition and the input: a top-level inline Map runs one \
             iteration per item its ItemsPath finds in the execution input (as if it received \
             that input unchanged); each iteration costs 2 events plus its states' events \
             (Task 5, Fail 1, other states 2, each counted once). The run itself projects from \
             real counts.",
            self.basis
        )
    }
}

/// The estimate for running `machine` on `input`; `None` when no top-level inline Map's item
/// count can be read from the input.
pub fn estimate_history(machine: &StateMachine, input: &Value) -> Option<HistoryEstimate> {
    let mut events = EXECUTION_EVENTS;
    let mut bases = Vec::new();
    for (name, state) in &machine.states {
        let Some((items, per_iteration)) = map_iterations(&state.kind, input) else {
            events += state_events(&state.kind);
            continue;
        };
        events += MAP_EVENTS + items * per_iteration;
        bases.push(format!(
            "{name}: {} items × {per_iteration} events per iteration",
            thousands(items)
        ));
    }
    (!bases.is_empty()).then(|| HistoryEstimate {
        events,
        basis: bases.join("; "),
    })
}

/// The item count and events per iteration of an inline Map reading its items from `input`.
fn map_iterations(kind: &StateKind, input: &Value) -> Option<(usize, usize)> {
    let StateKind::Map(map) = kind else {
        return None;
    };
    let processor = inline_processor(map)?;
    let path = map.items_path.as_deref().unwrap_or("$");
    let Ok(Value::Array(items)) = crate::jsonpath::query(path, input, &Value::Null) else {
        return None;
    };
    Some((items.len(), ITERATION_EVENTS + machine_events(processor)))
}

/// The processor of a Map that runs inline and reads its items from the input.
fn inline_processor(map: &crate::asl::states::MapState) -> Option<&StateMachine> {
    if map.item_reader.is_some() || map.items.is_some() {
        return None;
    }
    if let Some(p) = &map.item_processor {
        let mode = p.processor_config.as_ref().and_then(|c| c.mode.as_deref());
        return (mode != Some("DISTRIBUTED")).then_some(&p.machine);
    }
    map.iterator.as_ref()
}

/// Events of every state of `machine`, each once.
fn machine_events(machine: &StateMachine) -> usize {
    machine.states.values().map(|s| state_events(&s.kind)).sum()
}

/// Events of one visit of a state (a nested Map counted with one iteration).
fn state_events(kind: &StateKind) -> usize {
    match kind {
        // Entered, Scheduled, Started, Succeeded, Exited.
        StateKind::Task(_) => 5,
        StateKind::Fail(_) => 1,
        // Entered, Started, Succeeded, Exited, plus the children.
        StateKind::Parallel(p) => MAP_EVENTS + p.branches.iter().map(machine_events).sum::<usize>(),
        StateKind::Map(_) => {
            let children: usize = kind
                .children("")
                .iter()
                .map(|(_, m)| machine_events(m))
                .sum();
            MAP_EVENTS + ITERATION_EVENTS + children
        }
        _ => 2,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn machine(definition: Value) -> StateMachine {
        crate::asl::parse(definition.to_string().as_bytes(), None)
            .machine
            .expect("a machine")
    }

    fn map_of_pass_and_task(items_path: &str) -> StateMachine {
        machine(
            json!({"StartAt": "M", "States": {"M": {"Type": "Map", "ItemsPath": items_path,
            "ItemProcessor": {"StartAt": "A", "States": {
                "A": {"Type": "Pass", "Next": "T"},
                "T": {"Type": "Task", "Resource": "arn:aws:lambda:us-east-1:1:function:f", "End": true}}},
            "End": true}}}),
        )
    }

    #[test]
    fn an_inline_map_over_the_input_costs_its_items_times_an_iteration() {
        // The engine records 33 events for three items (checked with `statewright run`).
        let m = map_of_pass_and_task("$.items");
        let estimate = estimate_history(&m, &json!({"items": [1, 2, 3]})).expect("an estimate");
        assert_eq!(estimate.events, 33);
        assert_eq!(estimate.basis, "M: 3 items × 9 events per iteration");

        let many: Vec<u32> = (0..3_000).collect();
        let estimate = estimate_history(&m, &json!({"items": many})).expect("an estimate");
        assert_eq!(estimate.events, 6 + 27_000);
        assert_eq!(
            estimate.warning(25_000),
            "On course to exceed 25,000 history events (estimated ~27,006 before the run)"
        );
        assert!(estimate
            .explanation()
            .starts_with("M: 3,000 items × 9 events per iteration."));
    }

    #[test]
    fn no_estimate_without_an_input_array_or_an_inline_map() {
        let m = map_of_pass_and_task("$.items");
        assert_eq!(estimate_history(&m, &json!({"items": "no"})), None);
        assert_eq!(estimate_history(&m, &json!({})), None);
        let plain =
            machine(json!({"StartAt": "P", "States": {"P": {"Type": "Pass", "End": true}}}));
        assert_eq!(estimate_history(&plain, &json!([1, 2])), None);
        let distributed = machine(json!({"StartAt": "M", "States": {"M": {"Type": "Map",
            "ItemProcessor": {"ProcessorConfig": {"Mode": "DISTRIBUTED", "ExecutionType": "STANDARD"},
                "StartAt": "A", "States": {"A": {"Type": "Pass", "End": true}}},
            "End": true}}}));
        assert_eq!(estimate_history(&distributed, &json!([1, 2])), None);
    }
}
