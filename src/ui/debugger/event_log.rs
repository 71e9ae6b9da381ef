//! The execution's history events as table rows, from a live run or an imported file.
//! Each row knows its state and scope, found by following `previousEventId` (task events
//! carry no state name): one fold for both sources, so the table, the timeline and the
//! replay agree. No egui here.

use std::borrow::Cow;
use std::collections::HashMap;
use std::sync::Arc;

use serde_json::{json, Value};

use crate::engine::history_import::{ImportedEvent, AWS_EVENT_TYPES};
use crate::engine::{EventDetails, HistoryEvent};

/// Event types grouped for the table's type filter.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum EventFamily {
    Execution,
    /// `<Type>StateEntered` / `<Type>StateExited` (and aborted states).
    State,
    /// Task, Lambda and activity calls.
    Task,
    Map,
    Parallel,
    Other,
}

impl EventFamily {
    /// Every family, in filter order.
    pub const ALL: [EventFamily; 6] = [
        EventFamily::Execution,
        EventFamily::State,
        EventFamily::Task,
        EventFamily::Map,
        EventFamily::Parallel,
        EventFamily::Other,
    ];

    /// The family of an AWS event type name.
    pub fn of(type_name: &str) -> EventFamily {
        let state_event = ["StateEntered", "StateExited", "StateAborted"]
            .iter()
            .any(|s| type_name.ends_with(s));
        if type_name.starts_with("Execution") {
            EventFamily::Execution
        } else if state_event {
            EventFamily::State
        } else if type_name.starts_with("Map") {
            EventFamily::Map
        } else if type_name.starts_with("Parallel") {
            EventFamily::Parallel
        } else if ["Task", "LambdaFunction", "Activity"]
            .iter()
            .any(|p| type_name.starts_with(p))
        {
            EventFamily::Task
        } else {
            EventFamily::Other
        }
    }

    /// The filter's label.
    pub fn label(self) -> &'static str {
        match self {
            EventFamily::Execution => "Execution",
            EventFamily::State => "State",
            EventFamily::Task => "Task",
            EventFamily::Map => "Map",
            EventFamily::Parallel => "Parallel",
            EventFamily::Other => "Other",
        }
    }
}

/// One history event as the table shows it.
#[derive(Debug, Clone, PartialEq)]
pub struct EventRow {
    pub id: u64,
    pub previous_id: u64,
    pub timestamp_ms: i64,
    pub type_name: Cow<'static, str>,
    pub family: EventFamily,
    /// The state the event belongs to (`None` for execution events outside any state).
    pub state: Option<Arc<str>>,
    /// The id of the `...StateEntered` event of the visit this event belongs to.
    pub visit: Option<u64>,
    /// "" at top level, else e.g. "Fan/3" (Map iteration) or "Par/1" (Parallel branch).
    pub scope: Arc<str>,
    /// A short description: error and cause, resource, iteration index.
    pub summary: String,
    /// The state visit still open after this event (what later events on its chain belong to).
    open: Option<(Arc<str>, u64)>,
}

/// What one event contributes, whatever its source.
struct RowInput<'a> {
    id: u64,
    previous_id: u64,
    timestamp_ms: i64,
    type_name: Cow<'static, str>,
    /// The state name of `...StateEntered` / `...StateExited` events.
    named: Option<&'a str>,
    /// The iteration index of `MapIteration...` events.
    iteration: Option<u64>,
    summary: String,
}

/// The events of a live run or of an imported history.
#[derive(Debug, Clone)]
pub enum EventSource {
    Live(Vec<HistoryEvent>),
    Imported(Vec<ImportedEvent>),
}

/// Every event of one execution, folded into rows as it arrives.
#[derive(Debug, Clone)]
pub struct EventLog {
    rows: Vec<EventRow>,
    source: EventSource,
    index_of: HashMap<u64, usize>,
    /// Scopes opened by an event (a Map iteration start), for the events that follow it.
    scope_opened_by: HashMap<u64, Arc<str>>,
    /// Branches started so far by each `ParallelStateStarted`.
    branches: HashMap<u64, u32>,
    /// The latest unclosed visit of each state name (when an exit is not on its entry's chain).
    latest_visit: HashMap<Arc<str>, u64>,
    top: Arc<str>,
}

impl Default for EventLog {
    fn default() -> Self {
        EventLog {
            rows: Vec::new(),
            source: EventSource::Live(Vec::new()),
            index_of: HashMap::new(),
            scope_opened_by: HashMap::new(),
            branches: HashMap::new(),
            latest_visit: HashMap::new(),
            top: Arc::from(""),
        }
    }
}

impl EventLog {
    /// The rows so far, in arrival order.
    pub fn rows(&self) -> &[EventRow] {
        &self.rows
    }

    /// How many events there are.
    pub fn len(&self) -> usize {
        self.rows.len()
    }

    /// True before the first event.
    pub fn is_empty(&self) -> bool {
        self.rows.is_empty()
    }

    /// True when the events come from an imported file.
    pub fn is_imported(&self) -> bool {
        matches!(self.source, EventSource::Imported(_))
    }

    /// The timestamp of the first event (elapsed times count from it).
    pub fn start_ms(&self) -> i64 {
        self.rows.first().map_or(0, |r| r.timestamp_ms)
    }

    /// Folds in one event of a live run.
    pub fn push_live(&mut self, event: HistoryEvent) {
        let (named, iteration) = match &event.details {
            EventDetails::StateEntered { name, .. } | EventDetails::StateExited { name, .. } => {
                (Some(name.clone()), None)
            }
            EventDetails::MapIterationStarted { index, .. }
            | EventDetails::MapIterationSucceeded { index, .. }
            | EventDetails::MapIterationFailed { index, .. } => (None, Some(*index as u64)),
            _ => (None, None),
        };
        let type_name = static_type_name(event.details.type_name());
        self.push(RowInput {
            id: event.id,
            previous_id: event.previous_event_id,
            timestamp_ms: event.timestamp_ms,
            type_name,
            named: named.as_deref(),
            iteration,
            summary: live_summary(&event.details),
        });
        if let EventSource::Live(events) = &mut self.source {
            events.push(event);
        }
    }

    /// A log of an imported history.
    pub fn from_imported(events: Vec<ImportedEvent>) -> EventLog {
        let mut log = EventLog::default();
        for e in &events {
            let named =
                e.type_name.ends_with("StateEntered") || e.type_name.ends_with("StateExited");
            let iteration = e.type_name.starts_with("MapIteration");
            log.push(RowInput {
                id: e.id,
                previous_id: e.previous_event_id,
                timestamp_ms: e.timestamp_ms,
                type_name: static_type_name(e.type_name.clone()),
                named: if named { e.detail_str("name") } else { None },
                iteration: if iteration {
                    e.details.get("index").and_then(Value::as_u64)
                } else {
                    None
                },
                summary: imported_summary(e),
            });
        }
        log.source = EventSource::Imported(events);
        log
    }

    /// The event at `index` as AWS prints it (the details pane and copy button show this).
    pub fn event_json(&self, index: usize) -> Option<Value> {
        match &self.source {
            EventSource::Live(events) => events.get(index).map(HistoryEvent::to_aws_json),
            EventSource::Imported(events) => events.get(index).map(|e| e.raw.clone()),
        }
    }

    /// The imported events (none for a live run), in the rows' order.
    pub fn imported_events(&self) -> &[ImportedEvent] {
        match &self.source {
            EventSource::Imported(events) => events,
            EventSource::Live(_) => &[],
        }
    }

    /// Everything needed to write the history later, off the UI thread (payloads are shared).
    pub fn source(&self) -> &EventSource {
        &self.source
    }

    fn push(&mut self, input: RowInput<'_>) {
        let prev = self
            .index_of
            .get(&input.previous_id)
            .and_then(|&i| self.rows.get(i));
        let inherited_open = prev.and_then(|p| p.open.clone());
        let scope = match prev {
            None => Arc::clone(&self.top),
            Some(p) => match self.scope_opened_by.get(&p.id) {
                Some(s) => Arc::clone(s),
                None if p.type_name == "ParallelStateStarted" && input.named.is_some() => {
                    let n = self.branches.entry(p.id).or_insert(0);
                    let branch = *n;
                    *n += 1;
                    let name = p.state.as_deref().unwrap_or("Parallel");
                    Arc::from(nested(&p.scope, name, u64::from(branch)))
                }
                None => Arc::clone(&p.scope),
            },
        };
        let (state, visit, open) = if input.type_name.ends_with("StateEntered") {
            let name: Arc<str> = Arc::from(input.named.unwrap_or("(unnamed)"));
            self.latest_visit.insert(Arc::clone(&name), input.id);
            let open = Some((Arc::clone(&name), input.id));
            (Some(name), Some(input.id), open)
        } else if input.type_name.ends_with("StateExited") {
            let name: Arc<str> = Arc::from(input.named.unwrap_or("(unnamed)"));
            let visit = match &inherited_open {
                Some((open, visit)) if *open == name => Some(*visit),
                _ => self.latest_visit.get(&name).copied(),
            };
            (Some(name), visit, None)
        } else {
            let state = inherited_open.as_ref().map(|(s, _)| Arc::clone(s));
            let visit = inherited_open.as_ref().map(|(_, v)| *v);
            (state, visit, inherited_open)
        };
        if input.type_name == "MapIterationStarted" {
            let map = state.as_deref().unwrap_or("Map");
            let child = nested(&scope, map, input.iteration.unwrap_or_default());
            self.scope_opened_by.insert(input.id, Arc::from(child));
        }
        self.index_of.insert(input.id, self.rows.len());
        self.rows.push(EventRow {
            id: input.id,
            previous_id: input.previous_id,
            timestamp_ms: input.timestamp_ms,
            family: EventFamily::of(&input.type_name),
            type_name: input.type_name,
            state,
            visit,
            scope,
            summary: input.summary,
            open,
        });
    }
}

/// `parent/name/index`, the engine's scope labels.
fn nested(parent: &str, name: &str, index: u64) -> String {
    if parent.is_empty() {
        format!("{name}/{index}")
    } else {
        format!("{parent}/{name}/{index}")
    }
}

/// The type name without an allocation per event when it is one AWS documents.
fn static_type_name(name: String) -> Cow<'static, str> {
    match AWS_EVENT_TYPES.iter().find(|t| **t == name) {
        Some(t) => Cow::Borrowed(t),
        None => Cow::Owned(name),
    }
}

fn error_summary(error: Option<&str>, cause: Option<&str>) -> String {
    match (error, cause) {
        (Some(e), Some(c)) => format!("{e}: {c}"),
        (Some(e), None) => e.to_owned(),
        (None, Some(c)) => c.to_owned(),
        (None, None) => String::new(),
    }
}

/// `lambda:invoke` for service integrations; a full ARN (functions, activities) as it is.
fn resource_summary(resource_type: &str, resource: &str) -> String {
    if resource.starts_with("arn:") || resource_type.is_empty() {
        resource.to_owned()
    } else {
        format!("{resource_type}:{resource}")
    }
}

fn live_summary(details: &EventDetails) -> String {
    use EventDetails as E;
    match details {
        E::ExecutionFailed { error, cause } | E::ExecutionTimedOut { error, cause } => {
            error_summary(error.as_deref(), cause.as_deref())
        }
        E::TaskScheduled {
            resource_type,
            resource,
            ..
        }
        | E::TaskStarted {
            resource_type,
            resource,
        }
        | E::TaskSucceeded {
            resource_type,
            resource,
            ..
        } => resource_summary(resource_type, resource),
        E::TaskFailed { error, cause, .. } | E::TaskTimedOut { error, cause, .. } => {
            error_summary(error.as_deref(), cause.as_deref())
        }
        E::MapStateStarted { length } => format!("{length} items"),
        E::MapIterationStarted { index, .. }
        | E::MapIterationSucceeded { index, .. }
        | E::MapIterationFailed { index, .. } => format!("iteration {index}"),
        _ => String::new(),
    }
}

fn imported_summary(event: &ImportedEvent) -> String {
    let error = event.detail_str("error");
    let cause = event.detail_str("cause");
    if error.is_some() || cause.is_some() {
        return error_summary(error, cause);
    }
    if let Some(resource) = event.detail_str("resource") {
        let ty = event.detail_str("resourceType").unwrap_or("");
        return resource_summary(ty, resource);
    }
    if let Some(length) = event.details.get("length").and_then(Value::as_u64) {
        return format!("{length} items");
    }
    if let Some(index) = event.details.get("index").and_then(Value::as_u64) {
        return format!("iteration {index}");
    }
    String::new()
}

/// `{"events": [...]}` of a source, as `get-execution-history` prints it.
pub fn history_json(source: &EventSource) -> Value {
    let events: Vec<Value> = match source {
        EventSource::Live(events) => events.iter().map(HistoryEvent::to_aws_json).collect(),
        EventSource::Imported(events) => events.iter().map(|e| e.raw.clone()).collect(),
    };
    json!({ "events": events })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::History;

    fn input(v: Value) -> crate::engine::PayloadText {
        crate::engine::PayloadText::of(&v)
    }

    /// Map "Fan" over two items, each running "Double", after a failed task "T".
    fn sample() -> EventLog {
        let mut h = History::default();
        let start = h.push(
            0,
            0,
            EventDetails::ExecutionStarted {
                input: input(json!({})),
            },
        );
        let t = h.push(
            start,
            10,
            EventDetails::StateEntered {
                state_type: "Task",
                name: "T".into(),
                input: input(json!({})),
            },
        );
        let failed = h.push(
            t,
            20,
            EventDetails::TaskFailed {
                resource_type: "lambda".into(),
                resource: "f".into(),
                error: Some("Boom".into()),
                cause: Some("broke".into()),
            },
        );
        let fan = h.push(
            failed,
            30,
            EventDetails::StateEntered {
                state_type: "Map",
                name: "Fan".into(),
                input: input(json!([1, 2])),
            },
        );
        let started = h.push(fan, 31, EventDetails::MapStateStarted { length: 2 });
        for index in 0..2 {
            let it = h.push(
                started,
                32,
                EventDetails::MapIterationStarted {
                    name: "Fan".into(),
                    index,
                },
            );
            let d = h.push(
                it,
                33,
                EventDetails::StateEntered {
                    state_type: "Pass",
                    name: "Double".into(),
                    input: input(json!(index)),
                },
            );
            h.push(
                d,
                34,
                EventDetails::StateExited {
                    state_type: "Pass",
                    name: "Double".into(),
                    output: input(json!(index)),
                },
            );
        }
        let ok = h.push(started, 40, EventDetails::MapStateSucceeded);
        h.push(
            ok,
            41,
            EventDetails::StateExited {
                state_type: "Map",
                name: "Fan".into(),
                output: input(json!([0, 1])),
            },
        );
        let mut log = EventLog::default();
        for e in h.events() {
            log.push_live(e.clone());
        }
        log
    }

    #[test]
    fn task_events_belong_to_the_state_on_their_chain() {
        let log = sample();
        let failed = &log.rows()[2];
        assert_eq!(failed.type_name, "TaskFailed");
        assert_eq!(failed.state.as_deref(), Some("T"));
        assert_eq!(failed.visit, Some(2));
        assert_eq!(failed.family, EventFamily::Task);
        assert_eq!(failed.summary, "Boom: broke");
        assert_eq!(log.rows()[0].state, None);
    }

    #[test]
    fn map_iterations_get_their_own_scope_and_the_map_exit_closes_its_visit() {
        let log = sample();
        let doubles: Vec<&EventRow> = log
            .rows()
            .iter()
            .filter(|r| r.state.as_deref() == Some("Double"))
            .collect();
        let scopes: Vec<&str> = doubles.iter().map(|r| &*r.scope).collect();
        assert_eq!(scopes, ["Fan/0", "Fan/0", "Fan/1", "Fan/1"]);
        assert_eq!(doubles[1].visit, Some(doubles[0].id));
        let exit = log.rows().last().expect("rows");
        assert_eq!(exit.type_name, "MapStateExited");
        assert_eq!(&*exit.scope, "");
        assert_eq!(exit.visit, Some(4));
        assert_eq!(log.rows()[4].summary, "2 items");
    }

    #[test]
    fn an_imported_history_folds_like_a_live_one() {
        let live = sample();
        let text = history_json(live.source()).to_string();
        let events = crate::engine::history_import::parse_aws_history(&text).expect("valid");
        let imported = EventLog::from_imported(events);
        assert!(imported.is_imported());
        assert_eq!(imported.len(), live.len());
        for (a, b) in imported.rows().iter().zip(live.rows()) {
            assert_eq!(
                (&a.type_name, &a.state, &a.scope, a.visit),
                (&b.type_name, &b.state, &b.scope, b.visit)
            );
            assert_eq!(a.summary, b.summary, "{}", a.type_name);
        }
        assert_eq!(imported.event_json(0), live.event_json(0));
    }
}
