//! Machine-level rules: StartAt, transitions and their scope, terminal and unreachable
//! states, duplicate and over-long names.

use std::collections::{HashSet, VecDeque};

use super::{Scope, Validator};
use crate::asl::diagnostic::{pointer_join, Code};
use crate::asl::machine::StateMachine;
use crate::asl::states::StateKind;

/// AWS's limit on state names.
pub const MAX_STATE_NAME_CHARS: usize = 80;

impl Validator {
    /// Fields of the machine object itself.
    pub(crate) fn machine_fields(&mut self, m: &StateMachine, pointer: &str, scope: Scope) {
        let allowed: &[&str] = match scope {
            Scope::Top => &[
                "Comment",
                "StartAt",
                "States",
                "TimeoutSeconds",
                "Version",
                "QueryLanguage",
            ],
            Scope::Branch => &["Comment", "StartAt", "States", "QueryLanguage"],
            Scope::Processor => &[
                "Comment",
                "StartAt",
                "States",
                "QueryLanguage",
                "ProcessorConfig",
            ],
        };
        let where_ = match scope {
            Scope::Top => "at the top level",
            Scope::Branch => "in a Parallel branch",
            Scope::Processor => "in a Map processor",
        };
        for key in m.extra.keys() {
            if allowed.contains(&key.as_str()) {
                continue; // known but of the wrong type: reported by the parser
            }
            let code = if ["TimeoutSeconds", "Version", "ProcessorConfig"].contains(&key.as_str()) {
                Code::FieldNotAllowed
            } else {
                Code::UnknownField
            };
            self.report(
                code,
                pointer_join(pointer, key),
                format!("\"{key}\" is not allowed {where_}"),
            );
        }
        if scope != Scope::Top {
            if m.timeout_seconds.is_some() {
                self.report(
                    Code::FieldNotAllowed,
                    pointer_join(pointer, "TimeoutSeconds"),
                    format!("\"TimeoutSeconds\" is not allowed {where_}"),
                );
            }
            if m.version.is_some() {
                self.report(
                    Code::FieldNotAllowed,
                    pointer_join(pointer, "Version"),
                    format!("\"Version\" is not allowed {where_}"),
                );
            }
        }
        if let Some(t) = &m.timeout_seconds {
            self.positive_integer(
                t,
                &pointer_join(pointer, "TimeoutSeconds"),
                "TimeoutSeconds",
                1,
            );
        }
        if m.start_at.is_none() && !m.extra.contains_key("StartAt") {
            self.report(
                Code::MissingField,
                pointer,
                format!("\"StartAt\" is required {where_}"),
            );
        }
        if m.states.is_empty() && !m.extra.contains_key("States") {
            self.report(
                Code::MissingField,
                pointer,
                format!("\"States\" with at least one state is required {where_}"),
            );
        }
    }

    /// StartAt, transitions, terminal and reachable states of one machine.
    pub(crate) fn structure(&mut self, m: &StateMachine, pointer: &str) {
        if let Some(start) = &m.start_at {
            if !m.states.contains_key(start) {
                let message = if self.name_counts.contains_key(start) {
                    format!("StartAt \"{start}\" names a state outside this machine")
                } else {
                    format!("StartAt \"{start}\" does not name a state")
                };
                self.report(
                    Code::UnknownStartAt,
                    pointer_join(pointer, "StartAt"),
                    message,
                );
            }
        }
        let states_pointer = format!("{pointer}/States");
        for (name, state) in &m.states {
            let too_long = name.chars().count() > MAX_STATE_NAME_CHARS;
            let duplicate = self.name_counts.get(name).copied().unwrap_or(0) > 1;
            let all_targets_here = state
                .transition_targets()
                .all(|target| m.states.contains_key(target));
            if !too_long && !duplicate && all_targets_here {
                continue; // nothing to report, so no pointer to build
            }
            let state_pointer = pointer_join(&states_pointer, name);
            if too_long {
                self.report(
                    Code::StateNameTooLong,
                    state_pointer.clone(),
                    format!(
                        "state name is {} characters, over AWS's limit of {MAX_STATE_NAME_CHARS}",
                        name.chars().count()
                    ),
                );
            }
            if duplicate {
                self.report(
                    Code::DuplicateStateName,
                    state_pointer.clone(),
                    format!("state name \"{name}\" is used more than once in this state machine"),
                );
            }
            for (field_pointer, target) in state.transitions(&state_pointer) {
                if m.states.contains_key(target) {
                    continue;
                }
                if self.name_counts.contains_key(target) {
                    self.report(
                        Code::TransitionOutOfScope,
                        field_pointer,
                        format!("\"{target}\" is in another branch or scope; a state can only transition within its own machine, branch or processor"),
                    );
                } else {
                    self.report(
                        Code::UnknownTransitionTarget,
                        field_pointer,
                        format!("transition target \"{target}\" does not name a state"),
                    );
                }
            }
        }
        if !m.states.is_empty()
            && !m.states.values().any(|s| {
                s.is_terminal() || matches!(s.kind, StateKind::Unknown | StateKind::NotAnObject(_))
            })
        {
            self.report(
                Code::NoTerminalState,
                pointer_join(pointer, "States"),
                "no terminal state: add a Succeed or Fail state, or a state with \"End\": true",
            );
        }
        self.unreachable(m, pointer);
    }

    /// Warns about states no path from StartAt reaches.
    fn unreachable(&mut self, m: &StateMachine, pointer: &str) {
        let Some(start) = m.start_at.as_deref().filter(|s| m.states.contains_key(*s)) else {
            return;
        };
        let mut seen: HashSet<&str> = HashSet::from([start]);
        let mut queue = VecDeque::from([start]);
        while let Some(name) = queue.pop_front() {
            let Some(state) = m.states.get(name) else {
                continue;
            };
            for target in state.transition_targets() {
                if m.states.contains_key(target) && seen.insert(target) {
                    queue.push_back(target);
                }
            }
        }
        for name in m.states.keys().filter(|n| !seen.contains(n.as_str())) {
            self.report(
                Code::UnreachableState,
                pointer_join(&format!("{pointer}/States"), name),
                format!("state \"{name}\" is never reached from StartAt"),
            );
        }
    }
}
