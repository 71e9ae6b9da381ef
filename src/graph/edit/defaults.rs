//! Sensible new states, branches, rules and catchers for the palette and connect gestures.

use serde_json::{json, Number};

use crate::asl::fields::NumberField;
use crate::asl::states::{
    Catcher, Choice, ChoiceRule, Comparison, ComparisonKind, ComparisonOp, Fail, ItemProcessor,
    MapState, Parallel, Pass, ProcessorConfig, Task, Wait,
};
use crate::asl::{QueryLanguage, State, StateKind, StateMachine, StateType};

use super::address::{all_names, unique_among};

fn uses_jsonata(root: &StateMachine) -> bool {
    root.query_language == Some(QueryLanguage::Jsonata)
}

/// A new state of `state_type` that validates once connected: a Lambda invoke Task, a
/// one-second Wait, a Parallel with one branch, an inline Map... Non-terminal types start with
/// `End: true`. Nested state names are made unique within `root`.
pub fn new_state(state_type: StateType, root: &StateMachine) -> State {
    let jsonata = uses_jsonata(root);
    let kind = match state_type {
        StateType::Task => StateKind::Task(Task {
            resource: Some("arn:aws:states:::lambda:invoke".to_owned()),
            ..Task::default()
        }),
        StateType::Pass => StateKind::Pass(Pass::default()),
        StateType::Choice => StateKind::Choice(Choice::default()),
        StateType::Wait => StateKind::Wait(Wait {
            seconds: Some(NumberField::Number(Number::from(1))),
            ..Wait::default()
        }),
        StateType::Succeed => StateKind::Succeed,
        StateType::Fail => StateKind::Fail(Fail {
            error: Some("Failed".to_owned()),
            ..Fail::default()
        }),
        StateType::Parallel => StateKind::Parallel(Parallel {
            branches: vec![new_branch(root)],
        }),
        StateType::Map => StateKind::Map(Box::new(MapState {
            item_processor: Some(ItemProcessor {
                processor_config: Some(ProcessorConfig {
                    mode: Some("INLINE".to_owned()),
                    ..ProcessorConfig::default()
                }),
                machine: new_branch(root),
            }),
            ..MapState::default()
        })),
    };
    let mut state = State::new(kind);
    if state_type == StateType::Task {
        let (field, value) = if jsonata {
            (
                "arguments",
                json!({"FunctionName": "", "Payload": "{% $states.input %}"}),
            )
        } else {
            ("parameters", json!({"FunctionName": "", "Payload.$": "$"}))
        };
        if field == "arguments" {
            state.arguments = Some(value);
        } else {
            state.parameters = Some(value);
        }
    }
    if !matches!(
        state_type,
        StateType::Choice | StateType::Succeed | StateType::Fail
    ) {
        state.end = Some(true);
    }
    state
}

/// A branch (or Map processor) holding one Pass state with a name unused in `root`.
pub fn new_branch(root: &StateMachine) -> StateMachine {
    let name = unique_among(&all_names(root), "Pass");
    let mut pass = State::new(StateKind::Pass(Pass::default()));
    pass.end = Some(true);
    let mut machine = StateMachine {
        start_at: Some(name.clone()),
        ..StateMachine::default()
    };
    machine.states.insert(name, pass);
    machine
}

/// A Choice rule to `next`: `{% true %}` in JSONata, else a `$.value == true` placeholder
/// for the user to edit.
pub fn new_choice_rule(root: &StateMachine, next: &str) -> ChoiceRule {
    let mut rule = ChoiceRule {
        next: Some(next.to_owned()),
        ..ChoiceRule::default()
    };
    if uses_jsonata(root) {
        rule.condition = Some("{% true %}".to_owned());
    } else {
        rule.variable = Some("$.value".to_owned());
        rule.comparisons.push(Comparison {
            op: ComparisonOp {
                kind: ComparisonKind::BooleanEquals,
                path: false,
            },
            value: json!(true),
        });
    }
    rule
}

/// A Catcher of every error (`States.ALL`) going to `next`.
pub fn new_catcher(next: &str) -> Catcher {
    Catcher {
        error_equals: vec!["States.ALL".to_owned()],
        next: Some(next.to_owned()),
        ..Catcher::default()
    }
}
