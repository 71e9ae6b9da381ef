//! Transitions and nested machines read without building pointers agree with the pointer
//! versions.

use crate::asl::parse;
use crate::asl::text::Format;

const DEFINITION: &str = r#"{
  "StartAt": "C",
  "States": {
    "C": {
      "Type": "Choice",
      "Choices": [
        {"Variable": "$.a", "BooleanEquals": true, "Next": "P"},
        {"Variable": "$.b", "BooleanEquals": true, "Next": "M"}
      ],
      "Default": "Done"
    },
    "P": {
      "Type": "Parallel",
      "Branches": [
        {"StartAt": "X", "States": {"X": {"Type": "Succeed"}}},
        {"StartAt": "Y", "States": {"Y": {"Type": "Succeed"}}}
      ],
      "Catch": [{"ErrorEquals": ["States.ALL"], "Next": "Done"}],
      "Next": "M"
    },
    "M": {
      "Type": "Map",
      "ItemProcessor": {"StartAt": "Z", "States": {"Z": {"Type": "Succeed"}}},
      "End": true
    },
    "Done": {"Type": "Succeed"}
  }
}"#;

#[test]
fn transition_targets_match_transitions() {
    let Some(machine) = parse(DEFINITION.as_bytes(), Some(Format::Json)).machine else {
        panic!("parses");
    };
    for (name, state) in &machine.states {
        let with_pointers: Vec<&str> = state.transitions("").into_iter().map(|(_, t)| t).collect();
        let targets: Vec<&str> = state.transition_targets().collect();
        assert_eq!(targets, with_pointers, "{name}");
    }
    let choice: Vec<&str> = machine.states["C"].transition_targets().collect();
    assert_eq!(choice, ["P", "M", "Done"]);
    let parallel: Vec<&str> = machine.states["P"].transition_targets().collect();
    assert_eq!(parallel, ["M", "Done"]);
}

#[test]
fn child_machines_match_children() {
    let Some(machine) = parse(DEFINITION.as_bytes(), Some(Format::Json)).machine else {
        panic!("parses");
    };
    for (name, state) in &machine.states {
        let with_pointers: Vec<_> = state
            .kind
            .children("")
            .into_iter()
            .map(|(_, m)| m)
            .collect();
        let machines = state.kind.child_machines();
        assert_eq!(machines, with_pointers, "{name}");
    }
    assert_eq!(machine.states["P"].kind.child_machines().len(), 2);
    assert_eq!(machine.states["M"].kind.child_machines().len(), 1);
}
