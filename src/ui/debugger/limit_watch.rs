//! Watching a run for the limits that fail real executions: the largest payload so far
//! against the payload limit, and where the history event count is heading against its limit.
//! The history projection comes from Map/Parallel progress (events since the container
//! started per finished child, times the children left) and from top-level loops (events per
//! pass of a repeated state): events per second mean nothing when waits are skipped. Fed one
//! engine event at a time, a few hash lookups each; no egui here.

use std::collections::HashMap;

use super::scopes::{container_key, split_child, Scopes};

/// The largest payload seen in a run.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LargestPayload {
    pub state: String,
    pub scope: String,
    pub bytes: usize,
}

/// Visits of one top-level state, for loops.
#[derive(Debug, Clone, Copy, Default)]
struct Visits {
    count: usize,
    /// History events when it was last entered.
    last_at: usize,
    /// Events between its last two entries: one pass of the loop.
    per_pass: usize,
}

/// What a run has shown so far about its limits.
#[derive(Debug, Default)]
pub struct LimitWatch {
    pub largest: Option<LargestPayload>,
    /// History events when each container visit still running started, by container key.
    open_containers: HashMap<String, usize>,
    top_visits: HashMap<String, Visits>,
}

/// Where the history is heading, and why.
#[derive(Debug, Clone, PartialEq)]
pub struct HistoryProjection {
    pub projected: usize,
    pub basis: ProjectionBasis,
}

/// What a projection extrapolates.
#[derive(Debug, Clone, PartialEq)]
pub enum ProjectionBasis {
    /// A Map or Parallel visit: events per finished child so far, times its children.
    Container {
        state: String,
        finished: usize,
        children: usize,
        events_per_child: f64,
    },
    /// A loop through a top-level state run as many passes again.
    Loop {
        state: String,
        passes: usize,
        events_per_pass: usize,
    },
}

impl LimitWatch {
    /// A state entered; `history` is the run's event count now.
    pub fn state_started(&mut self, scope: &str, state: &str, history: usize) {
        if !scope.is_empty() {
            return;
        }
        let visits = match self.top_visits.get_mut(state) {
            Some(v) => v,
            None => self.top_visits.entry(state.to_owned()).or_default(),
        };
        if visits.count > 0 {
            visits.per_pass = history.saturating_sub(visits.last_at);
        }
        visits.count += 1;
        visits.last_at = history;
    }

    /// A state finished with payloads of these sizes.
    pub fn payloads(&mut self, scope: &str, state: &str, sizes: impl Iterator<Item = usize>) {
        let Some(bytes) = sizes.max() else {
            return;
        };
        if self.largest.as_ref().is_some_and(|l| l.bytes >= bytes) {
            return;
        }
        self.largest = Some(LargestPayload {
            state: state.to_owned(),
            scope: scope.to_owned(),
            bytes,
        });
    }

    /// A container visit started its children.
    pub fn container_started(&mut self, scope: &str, state: &str, history: usize) {
        self.open_containers
            .insert(container_key(scope, state), history);
    }

    /// A child ended: a container whose children all ended stops being projected.
    pub fn child_finished(&mut self, child_scope: &str, scopes: &Scopes) {
        let Some((key, _)) = split_child(child_scope) else {
            return;
        };
        let done = scopes
            .container(key)
            .is_none_or(|c| c.finished() >= c.children);
        if done {
            self.open_containers.remove(key);
        }
    }

    /// The highest projection of the history event count, if anything can be projected.
    pub fn project_history(&self, history: usize, scopes: &Scopes) -> Option<HistoryProjection> {
        let containers = self.open_containers.iter().filter_map(|(key, &at_start)| {
            let c = scopes.container(key)?;
            project_container(history, at_start, c.finished(), c.started, c.children).map(
                |(projected, events_per_child)| HistoryProjection {
                    projected,
                    basis: ProjectionBasis::Container {
                        state: c.state.clone(),
                        finished: c.finished(),
                        children: c.children,
                        events_per_child,
                    },
                },
            )
        });
        let loops = self
            .top_visits
            .iter()
            .filter(|(_, v)| v.count >= 3 && v.per_pass > 0)
            .map(|(state, v)| HistoryProjection {
                projected: history + v.count * v.per_pass,
                basis: ProjectionBasis::Loop {
                    state: state.clone(),
                    passes: v.count,
                    events_per_pass: v.per_pass,
                },
            });
        containers.chain(loops).max_by_key(|p| p.projected)
    }
}

/// The projected total and events per child of a container visit: the events since it started
/// spread over its finished children (children still running count half, as they are part
/// way through), times the children not yet done. `None` before any child finished.
pub fn project_container(
    history: usize,
    at_start: usize,
    finished: usize,
    started: usize,
    children: usize,
) -> Option<(usize, f64)> {
    if finished == 0 || children == 0 {
        return None;
    }
    let running = started.saturating_sub(finished) as f64;
    let done = finished as f64 + running / 2.0;
    let per_child = history.saturating_sub(at_start) as f64 / done;
    let left = (children as f64 - done).max(0.0);
    Some((
        (history as f64 + per_child * left).round() as usize,
        per_child,
    ))
}

impl HistoryProjection {
    /// "On course to exceed 25,000 history events (projected ~31,000 at the current rate)".
    pub fn warning(&self, limit: usize) -> String {
        format!(
            "On course to exceed {} history events (projected ~{} at the current rate)",
            thousands(limit),
            thousands(round_projection(self.projected))
        )
    }

    /// How the projection was made, for the tooltip.
    pub fn explanation(&self) -> String {
        match &self.basis {
            ProjectionBasis::Container {
                state,
                finished,
                children,
                events_per_child,
            } => format!(
                "{state}: {finished} of {children} children finished at ~{:.0} history events \
                 each; the rest are projected at that rate.",
                events_per_child
            ),
            ProjectionBasis::Loop {
                state,
                passes,
                events_per_pass,
            } => format!(
                "The loop through {state} ran {passes} passes at ~{events_per_pass} history \
                 events each; projected if it runs as many passes again."
            ),
        }
    }
}

/// Rounds a projection to two significant figures at most (it is an estimate).
fn round_projection(n: usize) -> usize {
    let step = match n {
        0..=999 => 10,
        1_000..=9_999 => 100,
        _ => 1_000,
    };
    (n + step / 2) / step * step
}

/// "31,000".
pub fn thousands(n: usize) -> String {
    let digits = n.to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i) % 3 == 0 {
            out.push(',');
        }
        out.push(c);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::ContainerKind;

    #[test]
    fn a_container_projects_events_per_finished_child_over_the_rest() {
        // 100 events in, 10 at start: 90 events over 9 finished children, 1000 children.
        assert_eq!(project_container(100, 10, 9, 9, 1000), Some((10_010, 10.0)));
        // Two still running count half: 90 events over 10 children, 990 left.
        assert_eq!(project_container(100, 10, 9, 11, 1000), Some((9_010, 9.0)));
        assert_eq!(project_container(100, 10, 0, 5, 1000), None);
        // Done: nothing left to add.
        assert_eq!(project_container(100, 10, 9, 9, 9), Some((100, 10.0)));
    }

    #[test]
    fn a_map_run_is_projected_and_the_warning_says_so() {
        let mut scopes = Scopes::default();
        let mut watch = LimitWatch::default();
        scopes.container_started("Fan".into(), "", ContainerKind::Map, 4_000);
        watch.container_started("", "Fan", 4);
        for i in 0..10 {
            scopes.state_started(&format!("Fan/{i}"), "Work");
            scopes.child_finished(&format!("Fan/{i}"), false);
            watch.child_finished(&format!("Fan/{i}"), &scopes);
        }
        // 10 iterations took 80 events (8 each): 84 + 8 × 3,990 = 32,004.
        let p = watch.project_history(84, &scopes).expect("a projection");
        assert_eq!(p.projected, 32_004);
        assert_eq!(
            p.warning(25_000),
            "On course to exceed 25,000 history events (projected ~32,000 at the current rate)"
        );
        assert!(p
            .explanation()
            .contains("Fan: 10 of 4000 children finished at ~8"));
    }

    #[test]
    fn a_finished_container_is_no_longer_projected() {
        let mut scopes = Scopes::default();
        let mut watch = LimitWatch::default();
        scopes.container_started("Par".into(), "", ContainerKind::Parallel, 2);
        watch.container_started("", "Par", 1);
        for i in 0..2 {
            scopes.state_started(&format!("Par/{i}"), "B");
            scopes.child_finished(&format!("Par/{i}"), false);
            watch.child_finished(&format!("Par/{i}"), &scopes);
        }
        assert_eq!(watch.project_history(9, &scopes), None);
    }

    #[test]
    fn a_top_level_loop_is_projected_from_events_per_pass() {
        let scopes = Scopes::default();
        let mut watch = LimitWatch::default();
        // Poll entered at 1, 7, 13, 19: 6 events per pass, 4 passes.
        for at in [1, 7, 13, 19] {
            watch.state_started("", "Poll", at);
            watch.state_started("", "Wait", at + 2);
        }
        // States inside iterations are not loops.
        watch.state_started("Fan/0", "Inner", 3);
        let p = watch.project_history(21, &scopes).expect("a loop");
        assert_eq!(p.projected, 21 + 4 * 6);
        assert!(
            matches!(p.basis, ProjectionBasis::Loop { ref state, passes: 4, events_per_pass: 6 } if state == "Poll" || state == "Wait")
        );
        // Twice: no loop yet.
        let mut once = LimitWatch::default();
        once.state_started("", "Poll", 1);
        once.state_started("", "Poll", 7);
        assert_eq!(once.project_history(9, &scopes), None);
    }

    #[test]
    fn the_largest_payload_is_kept() {
        let mut watch = LimitWatch::default();
        watch.payloads("", "A", [10, 300].into_iter());
        watch.payloads("Fan/2", "B", [200].into_iter());
        assert_eq!(
            watch.largest.as_ref().map(|l| (l.state.as_str(), l.bytes)),
            Some(("A", 300))
        );
        watch.payloads("Fan/2", "B", [301].into_iter());
        assert_eq!(
            watch.largest.as_ref().map(|l| l.scope.as_str()),
            Some("Fan/2")
        );
        assert_eq!(thousands(1_234_567), "1,234,567");
        assert_eq!(thousands(999), "999");
    }
}
