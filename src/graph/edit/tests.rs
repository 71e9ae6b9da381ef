//! Every edit: its effect, and apply-then-undo restoring the model and exported JSON.

use serde_json::json;

use super::*;
use crate::asl::{export, parse, StateKind, StateType};
use crate::graph::model::{EdgeKind, MachinePath, StatePath};

const DEFINITION: &str = r#"{
  "Comment": "edit tests",
  "StartAt": "Start Here",
  "States": {
    "Start Here": {"Type": "Task", "Resource": "arn:aws:states:::lambda:invoke", "Next": "Check",
      "Catch": [{"ErrorEquals": ["States.ALL"], "Next": "Failed"}]},
    "Check": {"Type": "Choice",
      "Choices": [{"Variable": "$.ok", "BooleanEquals": true, "Next": "Fan"}],
      "Default": "Failed"},
    "Fan": {"Type": "Parallel", "Next": "Loop",
      "Branches": [
        {"StartAt": "B1", "States": {"B1": {"Type": "Pass", "Next": "B2"}, "B2": {"Type": "Pass", "End": true}}},
        {"StartAt": "B3", "States": {"B3": {"Type": "Wait", "Seconds": 1, "End": true}}}
      ]},
    "Loop": {"Type": "Map", "Next": "Done",
      "ItemProcessor": {"StartAt": "Item", "States": {"Item": {"Type": "Pass", "End": true}}}},
    "Done": {"Type": "Succeed"},
    "Failed": {"Type": "Fail", "Error": "Oops"}
  }
}"#;

fn design() -> Design {
    let mut d = Design::new(parse(DEFINITION.as_bytes(), None).machine.expect("parses"));
    d.positions.nodes.insert(
        "/States/Fan/Branches/0/States/B1".into(),
        crate::graph::Point::new(1.0, 2.0),
    );
    d
}

fn top(name: &str) -> StatePath {
    StatePath::top(name)
}

fn fan(index: usize, name: &str) -> StatePath {
    StatePath::new(MachinePath::root().child("Fan", index), name)
}

/// Applies `edit`, checks `effect`, undoes, and checks the design is back exactly.
fn round_trip(edit: Edit, effect: impl FnOnce(&Design, &Applied)) {
    let original = design();
    let mut d = original.clone();
    let label = edit.label();
    let applied = apply(&mut d, edit).unwrap_or_else(|e| panic!("{label}: {e}"));
    assert_ne!(d, original, "{label} changed nothing");
    effect(&d, &applied);
    let redo = apply(&mut d, applied.inverse).unwrap_or_else(|e| panic!("undo {label}: {e}"));
    assert_eq!(d, original, "undo of {label} differs");
    assert_eq!(
        export::to_value(&d.machine),
        export::to_value(&original.machine),
        "{label}"
    );
    // Redo (the inverse of the inverse) works too.
    apply(&mut d, redo.inverse).unwrap_or_else(|e| panic!("redo {label}: {e}"));
}

fn json_of(d: &Design) -> serde_json::Value {
    export::to_value(&d.machine)
}

#[test]
fn add_state() {
    let state = Box::new(new_state(StateType::Task, &design().machine));
    round_trip(
        Edit::AddState {
            machine: MachinePath::root(),
            name: "New".into(),
            state,
            index: Some(1),
        },
        |d, _| {
            let names: Vec<&String> = d.machine.states.keys().collect();
            assert_eq!(names[1], "New");
            assert_eq!(json_of(d)["States"]["New"]["End"], json!(true));
        },
    );
}

#[test]
fn every_type_adds_with_unique_nested_names() {
    for t in StateType::ALL {
        let mut d = design();
        let state = Box::new(new_state(t, &d.machine));
        let name = unique_name(&d.machine, t.as_str());
        apply(
            &mut d,
            Edit::AddState {
                machine: MachinePath::root(),
                name,
                state,
                index: None,
            },
        )
        .unwrap_or_else(|e| panic!("{t:?}: {e}"));
        let dupes: Vec<_> = crate::asl::validate::validate(&d.machine)
            .into_iter()
            .filter(|x| x.code == crate::asl::Code::DuplicateStateName)
            .collect();
        assert!(dupes.is_empty(), "{t:?}: {dupes:?}");
    }
}

#[test]
fn remove_state_reports_dangling_transitions() {
    round_trip(
        Edit::RemoveState {
            state: top("Failed"),
        },
        |d, applied| {
            assert!(!d.machine.states.contains_key("Failed"));
            let pointers: Vec<&str> = applied
                .dangling
                .iter()
                .map(|r| r.pointer.as_str())
                .collect();
            assert_eq!(
                pointers,
                ["/States/Start Here/Catch/0/Next", "/States/Check/Default"]
            );
            // The references are kept, not dropped.
            assert_eq!(json_of(d)["States"]["Check"]["Default"], json!("Failed"));
        },
    );
}

#[test]
fn rename_updates_every_reference() {
    round_trip(
        Edit::Rename {
            state: top("Failed"),
            new_name: "Broken".into(),
        },
        |d, _| {
            let v = json_of(d);
            assert_eq!(v["States"]["Check"]["Default"], json!("Broken"));
            assert_eq!(
                v["States"]["Start Here"]["Catch"][0]["Next"],
                json!("Broken")
            );
            let names: Vec<&String> = d.machine.states.keys().collect();
            assert_eq!(names[5], "Broken", "order kept");
        },
    );
    round_trip(
        Edit::Rename {
            state: top("Start Here"),
            new_name: "Begin".into(),
        },
        |d, _| assert_eq!(d.machine.start_at.as_deref(), Some("Begin")),
    );
    round_trip(
        Edit::Rename {
            state: fan(0, "B2"),
            new_name: "Second".into(),
        },
        |d, _| {
            assert_eq!(
                json_of(d)["States"]["Fan"]["Branches"][0]["States"]["B1"]["Next"],
                json!("Second")
            )
        },
    );
    // Positions follow a renamed container's nested states.
    round_trip(
        Edit::Rename {
            state: top("Fan"),
            new_name: "Fork".into(),
        },
        |d, _| {
            assert!(d
                .positions
                .nodes
                .contains_key("/States/Fork/Branches/0/States/B1"));
        },
    );
}

#[test]
fn rename_onto_a_broken_reference_undoes_exactly() {
    let mut original = design();
    original.machine.start_at = Some("Ghost".into());
    let mut d = original.clone();
    let applied = apply(
        &mut d,
        Edit::Rename {
            state: top("Done"),
            new_name: "Ghost".into(),
        },
    )
    .expect("rename");
    apply(&mut d, applied.inverse).expect("undo");
    assert_eq!(d, original);
}

#[test]
fn rename_checks_names() {
    let mut d = design();
    let taken = apply(
        &mut d,
        Edit::Rename {
            state: top("Done"),
            new_name: "B3".into(),
        },
    );
    assert_eq!(taken, Err(EditError::NameTaken("B3".into())));
    let missing = apply(
        &mut d,
        Edit::Rename {
            state: top("Nope"),
            new_name: "X".into(),
        },
    );
    assert!(matches!(missing, Err(EditError::NoState(_))));
    assert_eq!(d, design());
}

#[test]
fn set_next() {
    round_trip(
        Edit::SetNext {
            state: fan(1, "B3"),
            next: Some("Elsewhere".into()),
            end: None,
        },
        |d, _| {
            let b = &json_of(d)["States"]["Fan"]["Branches"][1]["States"]["B3"];
            assert_eq!(b["Next"], json!("Elsewhere"));
            assert!(b.get("End").is_none());
        },
    );
}

#[test]
fn set_target_and_start_at() {
    round_trip(
        Edit::SetTarget {
            state: top("Check"),
            slot: Slot::Choice(0),
            target: Some("Done".into()),
        },
        |d, _| {
            assert_eq!(
                json_of(d)["States"]["Check"]["Choices"][0]["Next"],
                json!("Done")
            )
        },
    );
    round_trip(
        Edit::SetTarget {
            state: top("Start Here"),
            slot: Slot::Catch(0),
            target: Some("Done".into()),
        },
        |_, _| {},
    );
    round_trip(
        Edit::SetStartAt {
            machine: MachinePath::root().child("Fan", 0),
            start_at: Some("B2".into()),
        },
        |_, _| {},
    );
    let mut d = design();
    assert!(matches!(
        apply(
            &mut d,
            Edit::SetTarget {
                state: top("Done"),
                slot: Slot::Default,
                target: None
            }
        ),
        Err(EditError::WrongType(..))
    ));
}

#[test]
fn choice_rules() {
    let rule = Box::new(new_choice_rule(&design().machine, "Done"));
    round_trip(
        Edit::AddChoiceRule {
            state: top("Check"),
            index: None,
            rule,
        },
        |d, _| {
            assert_eq!(
                json_of(d)["States"]["Check"]["Choices"][1]["Next"],
                json!("Done")
            );
        },
    );
    round_trip(
        Edit::RemoveChoiceRule {
            state: top("Check"),
            index: 0,
        },
        |d, _| assert_eq!(json_of(d)["States"]["Check"]["Choices"], json!([])),
    );
}

#[test]
fn catchers() {
    round_trip(
        Edit::AddCatcher {
            state: top("Fan"),
            index: None,
            catcher: Box::new(new_catcher("Failed")),
        },
        |d, _| {
            assert_eq!(
                json_of(d)["States"]["Fan"]["Catch"],
                json!([{"ErrorEquals": ["States.ALL"], "Next": "Failed"}])
            );
        },
    );
    round_trip(
        Edit::RemoveCatcher {
            state: top("Start Here"),
            index: 0,
            keep_empty: false,
        },
        |d, _| assert!(json_of(d)["States"]["Start Here"].get("Catch").is_none()),
    );
}

#[test]
fn duplicate() {
    round_trip(
        Edit::Duplicate {
            state: top("Fan"),
            new_name: "Fan copy".into(),
        },
        |d, _| {
            let names: Vec<&String> = d.machine.states.keys().collect();
            assert_eq!(names[3], "Fan copy");
            let branch = &json_of(d)["States"]["Fan copy"]["Branches"][0];
            assert_eq!(branch["StartAt"], json!("B1 copy"));
            assert_eq!(branch["States"]["B1 copy"]["Next"], json!("B2 copy"));
            assert!(crate::asl::validate::validate(&d.machine)
                .iter()
                .all(|x| x.code != crate::asl::Code::DuplicateStateName));
        },
    );
}

#[test]
fn branches() {
    let branch = Box::new(new_branch(&design().machine));
    round_trip(
        Edit::AddBranch {
            state: top("Fan"),
            index: None,
            branch,
        },
        |d, _| {
            let StateKind::Parallel(p) = &d.machine.states["Fan"].kind else {
                panic!("not parallel");
            };
            assert_eq!(p.branches.len(), 3);
        },
    );
    round_trip(
        Edit::RemoveBranch {
            state: top("Fan"),
            index: 0,
        },
        |_, _| {},
    );
    let mut d = design();
    assert!(matches!(
        apply(
            &mut d,
            Edit::RemoveBranch {
                state: top("Fan"),
                index: 9
            }
        ),
        Err(EditError::NoSuchIndex { .. })
    ));
}

#[test]
fn insert_on_edges() {
    let pass = || Box::new(new_state(StateType::Pass, &design().machine));
    let cases = [
        (top("Start Here"), EdgeKind::Next, "Check"),
        (top("Check"), EdgeKind::Choice(0), "Fan"),
        (top("Check"), EdgeKind::Default, "Failed"),
        (top("Start Here"), EdgeKind::Catch(0), "Failed"),
        (top("ignored"), EdgeKind::Start, "Start Here"),
    ];
    for (from, edge, old_target) in cases {
        round_trip(
            Edit::InsertOnEdge {
                from,
                edge,
                name: "Inserted".into(),
                state: pass(),
            },
            |d, _| {
                let v = json_of(d);
                assert_eq!(
                    v["States"]["Inserted"]["Next"],
                    json!(old_target),
                    "{edge:?}"
                );
            },
        );
    }
    round_trip(
        Edit::InsertOnEdge {
            from: fan(0, "B2"),
            edge: EdgeKind::End,
            name: "After".into(),
            state: pass(),
        },
        |d, _| {
            let b = &json_of(d)["States"]["Fan"]["Branches"][0]["States"];
            assert_eq!(b["B2"]["Next"], json!("After"));
            assert_eq!(b["After"]["End"], json!(true));
        },
    );
}

#[test]
fn replace_state_and_machine() {
    let (edit, diagnostics) = Edit::replace_state_json(
        top("Done"),
        &json!({"Type": "Pass", "Result": {"x": 1}, "End": true}),
    )
    .expect("object");
    assert!(diagnostics.is_empty());
    round_trip(edit, |d, _| {
        assert_eq!(json_of(d)["States"]["Done"]["Result"], json!({"x": 1}));
    });
    assert_eq!(
        Edit::replace_state_json(top("Done"), &json!([1])).err(),
        Some(EditError::NotAnObject)
    );
    let new = parse(
        br#"{"StartAt":"Z","States":{"Z":{"Type":"Succeed"}}}"#,
        None,
    )
    .machine
    .expect("parses");
    round_trip(
        Edit::ReplaceMachine {
            machine: MachinePath::root(),
            new: Box::new(new),
        },
        |d, _| assert_eq!(d.machine.states.len(), 1),
    );
}

#[test]
fn move_nodes() {
    round_trip(
        Edit::MoveNodes {
            moves: vec![
                (
                    "/States/Done".into(),
                    Some(crate::graph::Point::new(5.0, 6.0)),
                ),
                ("/States/Fan/Branches/0/States/B1".into(), None),
                (
                    "/States/Done".into(),
                    Some(crate::graph::Point::new(7.0, 8.0)),
                ),
            ],
        },
        |d, _| {
            assert_eq!(d.positions.nodes.len(), 1);
            assert_eq!(
                d.positions.nodes["/States/Done"],
                crate::graph::Point::new(7.0, 8.0)
            );
        },
    );
}

#[test]
fn batches_are_all_or_nothing() {
    round_trip(
        Edit::Batch {
            label: "two".into(),
            edits: vec![
                Edit::RemoveState { state: top("Done") },
                Edit::SetStartAt {
                    machine: MachinePath::root(),
                    start_at: Some("Check".into()),
                },
            ],
        },
        |d, applied| {
            assert_eq!(applied.dangling.len(), 1);
            assert_eq!(d.machine.start_at.as_deref(), Some("Check"));
        },
    );
    let mut d = design();
    let failed = apply(
        &mut d,
        Edit::Batch {
            label: "bad".into(),
            edits: vec![
                Edit::RemoveState { state: top("Done") },
                Edit::RemoveState { state: top("Nope") },
            ],
        },
    );
    assert!(failed.is_err());
    assert_eq!(d, design());
}
