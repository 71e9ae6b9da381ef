//! The timeline (Gantt) of an execution: one row per state, one bar per state visit, failed
//! attempts and retry backoffs as their own bars, Wait states in their own colour. Built from
//! the event log incrementally; a row with thousands of visits (a big Map) is drawn as the
//! union of its bars so a frame stays cheap.

use std::collections::HashMap;
use std::sync::Arc;

use egui_plot::{Bar, BarChart, GridInput, GridMark, Legend, Plot};

use super::event_log::EventLog;
use crate::ui::theme::Palette;

/// Bars per row above which the row is drawn as the union of its visits.
const MAX_BARS_PER_ROW: usize = 400;

/// What a bar stands for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum SpanKind {
    /// A state visit (entered to exited).
    Visit,
    /// A Wait state's visit.
    Wait,
    /// A visit that ended in an error.
    Failed,
    /// One task attempt that failed (a retry follows, or the visit fails).
    FailedAttempt,
    /// The backoff between a failed attempt and the retry.
    Backoff,
}

impl SpanKind {
    const ALL: [SpanKind; 5] = [
        SpanKind::Visit,
        SpanKind::Wait,
        SpanKind::Failed,
        SpanKind::FailedAttempt,
        SpanKind::Backoff,
    ];

    fn label(self) -> &'static str {
        match self {
            SpanKind::Visit => "state visit",
            SpanKind::Wait => "wait",
            SpanKind::Failed => "failed",
            SpanKind::FailedAttempt => "failed attempt",
            SpanKind::Backoff => "retry backoff",
        }
    }
}

/// One bar: a row (state) and a time range in ms since the first event.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Span {
    pub row: usize,
    pub start_ms: i64,
    pub end_ms: i64,
    pub kind: SpanKind,
    /// Still open (the visit has not ended): drawn up to the latest event.
    pub open: bool,
}

/// The timeline's bars, grown from the event log.
#[derive(Debug, Default)]
pub struct Timeline {
    /// State names by row, in order of first visit.
    pub rows: Vec<Arc<str>>,
    row_of: HashMap<Arc<str>, usize>,
    pub spans: Vec<Span>,
    /// Open visit spans by the id of their entered event.
    open_visits: HashMap<u64, usize>,
    /// When the current attempt of a visit started, and when its last attempt failed.
    attempt_start: HashMap<u64, i64>,
    failed_at: HashMap<u64, i64>,
    /// The scope of each visit with a failure pending (a Catch moves on in the same scope).
    failed_scope: HashMap<u64, Arc<str>>,
    seen: usize,
    start_ms: i64,
    last_ms: i64,
}

impl Timeline {
    /// Folds in the rows of `log` not seen yet (a shorter log means a new one: start over).
    pub fn update(&mut self, log: &EventLog) {
        if log.len() < self.seen {
            *self = Timeline::default();
        }
        if self.seen == 0 {
            self.start_ms = log.start_ms();
        }
        for row in log.rows().iter().skip(self.seen) {
            let t = row.timestamp_ms - self.start_ms;
            self.last_ms = self.last_ms.max(t);
            let ty = row.type_name.as_ref();
            if ty.starts_with("Execution") && ty != "ExecutionStarted" {
                self.close_all(t);
                continue;
            }
            let Some(visit) = row.visit else {
                continue;
            };
            if ty.ends_with("StateEntered") {
                self.close_caught(&row.scope);
                let Some(state) = &row.state else { continue };
                let kind = if ty == "WaitStateEntered" {
                    SpanKind::Wait
                } else {
                    SpanKind::Visit
                };
                let r = self.row_for(state);
                self.open_visits.insert(visit, self.spans.len());
                self.attempt_start.insert(visit, t);
                self.push(r, t, t, kind, true);
            } else if ty.ends_with("StateExited") {
                if let Some(i) = self.open_visits.remove(&visit) {
                    if let Some(s) = self.spans.get_mut(i) {
                        s.end_ms = t;
                        s.open = false;
                        // A retried failure that then succeeded is a plain visit; an error
                        // still pending at the exit was caught and stays marked.
                        if s.kind == SpanKind::Failed && !self.failed_at.contains_key(&visit) {
                            s.kind = SpanKind::Visit;
                        }
                    }
                }
                self.attempt_start.remove(&visit);
                self.failed_at.remove(&visit);
                self.failed_scope.remove(&visit);
            } else if is_attempt_start(ty) {
                self.failed_scope.remove(&visit);
                if let Some(failed) = self.failed_at.remove(&visit) {
                    let r = self.visit_row(visit);
                    self.push(r, failed, t, SpanKind::Backoff, false);
                }
                self.attempt_start.insert(visit, t);
                self.extend(visit, t);
            } else if is_attempt_failure(ty) {
                let start = self.attempt_start.get(&visit).copied().unwrap_or(t);
                let r = self.visit_row(visit);
                self.push(r, start, t, SpanKind::FailedAttempt, false);
                self.failed_at.insert(visit, t);
                self.failed_scope.insert(visit, Arc::clone(&row.scope));
                self.extend(visit, t);
                if let Some(s) = self
                    .open_visits
                    .get(&visit)
                    .and_then(|&i| self.spans.get_mut(i))
                {
                    s.kind = SpanKind::Failed;
                }
            } else {
                self.extend(visit, t);
            }
        }
        self.seen = log.len();
    }

    /// A failed visit whose scope enters another state was caught: its bar ends at the failure.
    fn close_caught(&mut self, scope: &Arc<str>) {
        let caught: Vec<u64> = self
            .failed_scope
            .iter()
            .filter(|(_, s)| *s == scope)
            .map(|(v, _)| *v)
            .collect();
        for visit in caught {
            self.failed_scope.remove(&visit);
            self.failed_at.remove(&visit);
            self.attempt_start.remove(&visit);
            if let Some(s) = self
                .open_visits
                .remove(&visit)
                .and_then(|i| self.spans.get_mut(i))
            {
                s.open = false;
            }
        }
    }

    /// The execution ended: every visit still open ends with it.
    fn close_all(&mut self, t: i64) {
        for (_, i) in self.open_visits.drain() {
            if let Some(s) = self.spans.get_mut(i) {
                s.end_ms = s.end_ms.max(t);
                s.open = false;
            }
        }
        self.failed_scope.clear();
        self.failed_at.clear();
        self.attempt_start.clear();
    }

    fn row_for(&mut self, state: &Arc<str>) -> usize {
        if let Some(&r) = self.row_of.get(state) {
            return r;
        }
        let r = self.rows.len();
        self.rows.push(Arc::clone(state));
        self.row_of.insert(Arc::clone(state), r);
        r
    }

    fn visit_row(&self, visit: u64) -> usize {
        self.open_visits
            .get(&visit)
            .and_then(|&i| self.spans.get(i))
            .map_or(0, |s| s.row)
    }

    fn push(&mut self, row: usize, start_ms: i64, end_ms: i64, kind: SpanKind, open: bool) {
        self.spans.push(Span {
            row,
            start_ms,
            end_ms,
            kind,
            open,
        });
    }

    fn extend(&mut self, visit: u64, t: i64) {
        if let Some(s) = self
            .open_visits
            .get(&visit)
            .and_then(|&i| self.spans.get_mut(i))
        {
            s.end_ms = s.end_ms.max(t);
        }
    }

    /// The bars to draw per kind: (row, start, end) in ms, open visits reaching the latest
    /// event, and crowded rows merged into the union of their bars.
    pub fn bars(&self) -> HashMap<SpanKind, Vec<(usize, i64, i64)>> {
        let mut per_row: HashMap<(usize, SpanKind), Vec<(i64, i64)>> = HashMap::new();
        for s in &self.spans {
            let end = if s.open { self.last_ms } else { s.end_ms };
            per_row
                .entry((s.row, s.kind))
                .or_default()
                .push((s.start_ms, end));
        }
        let mut out: HashMap<SpanKind, Vec<(usize, i64, i64)>> = HashMap::new();
        for ((row, kind), mut ranges) in per_row {
            if ranges.len() > MAX_BARS_PER_ROW {
                ranges = union(ranges);
            }
            out.entry(kind)
                .or_default()
                .extend(ranges.into_iter().map(|(a, b)| (row, a, b)));
        }
        out
    }
}

/// Overlapping or touching ranges merged.
fn union(mut ranges: Vec<(i64, i64)>) -> Vec<(i64, i64)> {
    ranges.sort_unstable();
    let mut merged: Vec<(i64, i64)> = Vec::new();
    for (a, b) in ranges {
        match merged.last_mut() {
            Some(last) if a <= last.1 => last.1 = last.1.max(b),
            _ => merged.push((a, b)),
        }
    }
    merged
}

fn is_attempt_start(ty: &str) -> bool {
    matches!(
        ty,
        "TaskScheduled" | "LambdaFunctionScheduled" | "ActivityScheduled"
    )
}

fn is_attempt_failure(ty: &str) -> bool {
    matches!(
        ty,
        "TaskFailed"
            | "TaskTimedOut"
            | "TaskStartFailed"
            | "TaskSubmitFailed"
            | "LambdaFunctionFailed"
            | "LambdaFunctionTimedOut"
            | "LambdaFunctionStartFailed"
            | "LambdaFunctionScheduleFailed"
            | "ActivityFailed"
            | "ActivityTimedOut"
            | "ActivityScheduleFailed"
    )
}

/// Draws the timeline; returns the state of a clicked row.
pub fn timeline_ui(ui: &mut egui::Ui, timeline: &Timeline, palette: &Palette) -> Option<String> {
    if timeline.spans.is_empty() {
        ui.weak("No state has run yet: the timeline fills as the execution runs.");
        ui.allocate_space(ui.available_size());
        return None;
    }
    let names: Vec<Arc<str>> = timeline.rows.clone();
    let label_names = names.clone();
    let rows = names.len() as f64;
    let run = palette.run();
    let color = |kind: SpanKind| match kind {
        SpanKind::Visit => run.succeeded,
        SpanKind::Wait => run.running,
        // The failed visit is faint so its failed attempts show through it.
        SpanKind::Failed => run.failed.gamma_multiply(0.45),
        SpanKind::FailedAttempt => run.failed,
        SpanKind::Backoff => run.caught,
    };
    let bars = timeline.bars();
    let response = Plot::new("execution_timeline")
        .legend(Legend::default())
        .allow_scroll(false)
        .include_y(0.5)
        .include_y(-rows + 0.5)
        .x_axis_label("seconds since the execution started")
        .y_grid_spacer(row_marks)
        .y_axis_min_width(90.0)
        .y_axis_formatter(move |mark, _| row_label(&label_names, mark.value))
        .show(ui, |plot| {
            for kind in SpanKind::ALL {
                let Some(list) = bars.get(&kind) else {
                    continue;
                };
                // Failed attempts and backoffs are thinner so the visit bar shows around them.
                let width = match kind {
                    SpanKind::FailedAttempt | SpanKind::Backoff => 0.3,
                    _ => 0.7,
                };
                let bars: Vec<Bar> = list
                    .iter()
                    .map(|&(row, a, b)| {
                        let secs = (b - a).max(1) as f64 / 1000.0;
                        Bar::new(-(row as f64), secs)
                            .base_offset(a as f64 / 1000.0)
                            .width(width)
                            .fill(color(kind))
                    })
                    .collect();
                plot.bar_chart(
                    BarChart::new(kind.label(), bars)
                        .horizontal()
                        .color(color(kind)),
                );
            }
            plot.pointer_coordinate()
        });
    if !response.response.clicked() {
        return None;
    }
    let y = response.inner?.y;
    let row = (-y).round();
    (row >= 0.0)
        .then(|| names.get(row as usize).map(|n| n.to_string()))
        .flatten()
}

/// One mark per row (fewer when there are many rows), at the rows' negative indices.
fn row_marks(input: GridInput) -> Vec<GridMark> {
    let (low, high) = input.bounds;
    let span = (high - low).max(1.0);
    let step = (span / 30.0).ceil().max(1.0);
    let first = (low / step).ceil() as i64;
    let last = (high / step).floor() as i64;
    (first..=last)
        .map(|k| GridMark {
            value: k as f64 * step,
            step_size: step,
        })
        .collect()
}

fn row_label(names: &[Arc<str>], value: f64) -> String {
    let row = (-value).round();
    if row < 0.0 || (value + row).abs() > 1e-6 {
        return String::new();
    }
    names
        .get(row as usize)
        .map_or_else(String::new, |n| n.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::history_import::parse_aws_history;

    fn timeline(text: &str) -> Timeline {
        let log = EventLog::from_imported(parse_aws_history(text).expect("valid"));
        let mut t = Timeline::default();
        t.update(&log);
        t
    }

    #[test]
    fn a_retried_task_shows_its_failed_attempt_and_backoff() {
        let t = timeline(
            r#"[
          {"timestamp": 0, "type": "ExecutionStarted", "id": 1},
          {"timestamp": 1, "type": "TaskStateEntered", "id": 2, "previousEventId": 1,
           "stateEnteredEventDetails": {"name": "Charge"}},
          {"timestamp": 1, "type": "TaskScheduled", "id": 3, "previousEventId": 2},
          {"timestamp": 2, "type": "TaskFailed", "id": 4, "previousEventId": 3},
          {"timestamp": 4, "type": "TaskScheduled", "id": 5, "previousEventId": 4},
          {"timestamp": 5, "type": "TaskSucceeded", "id": 6, "previousEventId": 5},
          {"timestamp": 5, "type": "TaskStateExited", "id": 7, "previousEventId": 6,
           "stateExitedEventDetails": {"name": "Charge"}},
          {"timestamp": 5, "type": "WaitStateEntered", "id": 8, "previousEventId": 7,
           "stateEnteredEventDetails": {"name": "Pause"}},
          {"timestamp": 9, "type": "WaitStateExited", "id": 9, "previousEventId": 8,
           "stateExitedEventDetails": {"name": "Pause"}}
        ]"#,
        );
        assert_eq!(
            t.rows.iter().map(|r| r.to_string()).collect::<Vec<_>>(),
            ["Charge", "Pause"]
        );
        let kinds: Vec<(usize, i64, i64, SpanKind)> = t
            .spans
            .iter()
            .map(|s| (s.row, s.start_ms, s.end_ms, s.kind))
            .collect();
        assert_eq!(
            kinds,
            [
                (0, 1000, 5000, SpanKind::Visit),
                (0, 1000, 2000, SpanKind::FailedAttempt),
                (0, 2000, 4000, SpanKind::Backoff),
                (1, 5000, 9000, SpanKind::Wait),
            ]
        );
    }

    #[test]
    fn lambda_retries_and_map_iterations_of_an_aws_history_are_drawn() {
        let t = timeline(include_str!(
            "../../../tests/data/history/aws-cli-order.json"
        ));
        let names: Vec<String> = t.rows.iter().map(|r| r.to_string()).collect();
        assert_eq!(
            names,
            ["Reserve", "PackLines", "Pack", "Ship", "NotifyDelay"]
        );
        let of = |row: usize, kind: SpanKind| {
            t.spans
                .iter()
                .filter(|s| s.row == row && s.kind == kind)
                .map(|s| (s.start_ms, s.end_ms))
                .collect::<Vec<_>>()
        };
        assert_eq!(of(0, SpanKind::FailedAttempt), [(31, 280)]);
        assert_eq!(of(0, SpanKind::Backoff), [(280, 1280)]);
        assert_eq!(of(0, SpanKind::Visit), [(30, 1490)]);
        assert_eq!(of(2, SpanKind::Visit).len(), 2, "one bar per iteration");
        assert_eq!(of(3, SpanKind::Failed), [(1550, 1980)], "Ship was caught");
        assert!(t.spans.iter().all(|s| !s.open));
    }

    #[test]
    fn a_failed_visit_stays_failed_and_crowded_rows_are_merged() {
        let t = timeline(
            r#"[
          {"timestamp": 0, "type": "TaskStateEntered", "id": 1,
           "stateEnteredEventDetails": {"name": "T"}},
          {"timestamp": 1, "type": "TaskFailed", "id": 2, "previousEventId": 1},
          {"timestamp": 1, "type": "ExecutionFailed", "id": 3, "previousEventId": 2}
        ]"#,
        );
        assert_eq!(t.spans[0].kind, SpanKind::Failed);
        let ranges: Vec<(i64, i64)> = (0..1000)
            .map(|i| (i, i + 2))
            .chain([(5000, 5001)])
            .collect();
        assert_eq!(union(ranges), [(0, 1001), (5000, 5001)]);
    }
}
