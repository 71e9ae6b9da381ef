//! The Choice rule editor: nesting And/Or/Not at any depth and editing a rule's condition
//! in place, each edit one undo step.

use egui::accesskit::Role;
use egui::{Key, Modifiers};
use egui_kittest::kittest::Queryable as _;
use egui_kittest::Harness;
use serde_json::{json, Value};
use statewright::graph::{MachinePath, StatePath};
use statewright::ui::{Command, StatewrightApp};

use super::{app_with, temp_dir};

/// The Choices of `state` as exported JSON.
fn choices(h: &Harness<'static, StatewrightApp>, state: &str) -> Value {
    let text = statewright::asl::export::to_json(h.state().doc.machine());
    let json: Value = serde_json::from_str(&text).unwrap_or_default();
    json["States"][state]["Choices"].clone()
}

fn select(h: &mut Harness<'static, StatewrightApp>, state: &str) {
    let path = StatePath::new(MachinePath::root(), state);
    h.state_mut().selection = [path].into_iter().collect();
    h.run_steps(2);
}

/// Clicks through the accessibility tree: deep rules may be scrolled out of the column.
fn click(h: &mut Harness<'static, StatewrightApp>, label: &str) {
    h.get_by_label(label).click_accesskit();
    h.run_steps(2);
}

fn undo(h: &mut Harness<'static, StatewrightApp>) {
    h.state_mut().queue(Command::Undo);
    h.run_steps(2);
}

fn replace_text(h: &mut Harness<'static, StatewrightApp>, label: &str, text: &str) {
    h.get_by_role_and_label(Role::TextInput, label).focus();
    h.run_steps(1);
    h.key_press_modifiers(Modifiers::COMMAND, Key::A);
    h.get_by_role_and_label(Role::TextInput, label)
        .type_text(text);
    h.run_steps(3);
}

#[test]
fn and_or_not_nest_at_any_depth_and_each_change_is_one_undo_step() {
    let mut h = app_with(None, temp_dir("rules-nest"));
    select(&mut h, "EvaluateFunding");
    let original = choices(&h, "EvaluateFunding");
    click(&mut h, "Edit rule 3");

    click(&mut h, "Rule 3: add condition");
    let and = &choices(&h, "EvaluateFunding")[2]["And"];
    assert_eq!(and.as_array().map(Vec::len), Some(3), "{and}");
    assert_eq!(and[2], json!({"Variable": "$.", "StringEquals": ""}));

    // Depth 2: the second condition becomes an Or of itself and a new condition.
    click(&mut h, "Rule 3.2: Or another condition");
    // Depth 3: an And group inside that Or; depth 4: its first condition negated.
    click(&mut h, "Rule 3.2: add And group");
    click(&mut h, "Rule 3.2.3.1: negate");
    let rule = choices(&h, "EvaluateFunding")[2].clone();
    let expected = json!({
        "And": [
            {"Variable": "$.funding.status", "StringEquals": "PENDING"},
            {"Or": [
                {"Variable": "$.polling.attempts", "NumericGreaterThanEqualsPath": "$.polling.maxAttempts"},
                {"Variable": "$.", "StringEquals": ""},
                {"And": [
                    {"Not": {"Variable": "$.", "StringEquals": ""}},
                    {"Variable": "$.", "StringEquals": ""}
                ]}
            ]},
            {"Variable": "$.", "StringEquals": ""}
        ],
        "Next": "FundingTimedOut"
    });
    assert_eq!(rule, expected);

    // Removing a nested group, then undoing each step in turn.
    click(&mut h, "Rule 3.2.3: remove");
    assert_eq!(
        choices(&h, "EvaluateFunding")[2]["And"][1]["Or"]
            .as_array()
            .map(Vec::len),
        Some(2)
    );
    undo(&mut h);
    assert_eq!(choices(&h, "EvaluateFunding")[2], expected);
    undo(&mut h); // the Not
    undo(&mut h); // the And group
    undo(&mut h); // the Or
    undo(&mut h); // the added condition
    assert_eq!(choices(&h, "EvaluateFunding"), original);
}

#[test]
fn a_rules_variable_operator_and_value_are_edited_in_place() {
    let mut h = app_with(None, temp_dir("rules-edit"));
    select(&mut h, "EvaluateFunding");
    let original = choices(&h, "EvaluateFunding");
    click(&mut h, "Edit rule 2");

    replace_text(&mut h, "Rule 2 Variable", "$.funding.state");
    assert_eq!(
        choices(&h, "EvaluateFunding")[1]["Variable"],
        json!("$.funding.state")
    );
    undo(&mut h);
    assert_eq!(
        choices(&h, "EvaluateFunding"),
        original,
        "typing a variable is one undo step"
    );

    // A path is checked as typed; a bad one is flagged and not applied.
    replace_text(&mut h, "Rule 2 Variable", "$.a[");
    h.get_by_label_contains("Invalid path");
    assert_eq!(choices(&h, "EvaluateFunding"), original);
    replace_text(&mut h, "Rule 2 Variable", "$.funding.status");

    // The operator: StringEquals -> NumericLessThan; the string operand does not fit and is
    // replaced by a number, which the value field then edits.
    h.get_by_label("Rule 2 Operator").click();
    h.run_steps(2);
    h.get_by_label("NumericLessThan").click();
    h.run_steps(3);
    assert_eq!(
        choices(&h, "EvaluateFunding")[1],
        json!({"Variable": "$.funding.status", "NumericLessThan": 0, "Next": "FundingDeclined"})
    );
    replace_text(&mut h, "Rule 2 Value", "abc");
    h.get_by_label_contains("NumericLessThan needs a number");
    replace_text(&mut h, "Rule 2 Value", "12.5");
    assert_eq!(
        choices(&h, "EvaluateFunding")[1]["NumericLessThan"],
        json!(12.5)
    );
    undo(&mut h); // the value
    undo(&mut h); // the operator
    assert_eq!(choices(&h, "EvaluateFunding"), original);
}

#[test]
fn a_jsonata_rule_condition_is_edited_with_a_syntax_check() {
    let dir = temp_dir("rules-jsonata");
    let file = dir.join("route.asl.json");
    let definition = json!({
        "QueryLanguage": "JSONata",
        "StartAt": "Route",
        "States": {
            "Route": {
                "Type": "Choice",
                "Choices": [{"Condition": "{% $states.input.ok %}", "Next": "Yes"}],
                "Default": "No"
            },
            "Yes": {"Type": "Succeed"},
            "No": {"Type": "Fail", "Error": "NotOk"}
        }
    });
    std::fs::write(&file, definition.to_string()).expect("write definition");
    let mut h = app_with(Some(file), dir.join("recovery"));
    select(&mut h, "Route");
    click(&mut h, "Edit rule 1");

    replace_text(&mut h, "Rule 1 Condition", "$states.input.ok");
    h.get_by_label_contains("JSONata expression in {% %}");
    replace_text(&mut h, "Rule 1 Condition", "{% $states.input.( %}");
    assert_eq!(
        choices(&h, "Route")[0]["Condition"],
        json!("{% $states.input.ok %}"),
        "an expression that does not parse is not applied"
    );
    replace_text(&mut h, "Rule 1 Condition", "{% $states.input.count > 2 %}");
    assert_eq!(
        choices(&h, "Route")[0],
        json!({"Condition": "{% $states.input.count > 2 %}", "Next": "Yes"})
    );
    undo(&mut h);
    assert_eq!(
        choices(&h, "Route")[0]["Condition"],
        json!("{% $states.input.ok %}")
    );
}

#[test]
fn adding_two_retriers_is_two_undo_steps() {
    let mut h = app_with(None, temp_dir("retry-steps"));
    select(&mut h, "DebitArtistAccount");
    let retriers = |h: &Harness<'static, StatewrightApp>| {
        h.state().doc.machine().states["DebitArtistAccount"]
            .retry
            .as_ref()
            .map_or(0, Vec::len)
    };
    let before = retriers(&h);
    click(&mut h, "+ Retry");
    click(&mut h, "+ Retry");
    assert_eq!(retriers(&h), before + 2);
    undo(&mut h);
    assert_eq!(retriers(&h), before + 1, "each add is its own step");
    undo(&mut h);
    assert_eq!(retriers(&h), before);
}

#[test]
fn the_new_rule_builder_refuses_a_bad_condition_with_a_message() {
    let mut h = app_with(None, temp_dir("rules-builder"));
    select(&mut h, "EvaluateFunding");
    let original = choices(&h, "EvaluateFunding");
    replace_text(&mut h, "Rule variable 1", "$.a[");
    h.get_by_label_contains("Condition 1: Invalid path");
    h.get_by_label("Add rule").click();
    h.run_steps(3);
    assert_eq!(choices(&h, "EvaluateFunding"), original, "nothing added");
    replace_text(&mut h, "Rule variable 1", "$.priority");
    assert!(h
        .query_by_label_contains("Condition 1: Invalid path")
        .is_none());
    h.get_by_label("Add rule").click();
    h.run_steps(3);
    let after = choices(&h, "EvaluateFunding");
    assert_eq!(after.as_array().map(Vec::len), Some(5));
    assert_eq!(
        after[4],
        json!({"Variable": "$.priority", "StringEquals": "", "Next": "PrepareDebitRequest"})
    );
}
