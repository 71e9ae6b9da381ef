//! Named execution inputs in the run panel: saved beside the workflow, picked, and edits kept
//! when switching.

use egui_kittest::kittest::Queryable as _;
use serde_json::{json, Value};

use super::{app_with, step_until, temp_dir};

#[test]
fn an_input_saved_by_name_is_written_beside_the_workflow_and_picked_again() {
    let dir = temp_dir("named-inputs");
    let flow = dir.join("flow.asl.json");
    let definition = json!({"StartAt": "P", "States": {"P": {"Type": "Pass", "End": true}}});
    std::fs::write(&flow, definition.to_string()).expect("definition");
    std::fs::write(dir.join("flow.input.json"), r#"{"n": 1}"#).expect("default input");
    let mut h = app_with(Some(flow), dir.join("recovery"));

    h.get_by_label("Input name").focus();
    h.run_steps(2);
    h.get_by_label("Input name").type_text("one");
    h.run_steps(2);
    h.get_by_label("Save as").click();
    let file = dir.join("flow.inputs.json");
    step_until(&mut h, "the named inputs file", |_| file.is_file());
    h.state().debugger.named_inputs.flush();
    let text = std::fs::read_to_string(&file).expect("written");
    let saved: Value = serde_json::from_str(&text).expect("JSON");
    assert_eq!(saved, json!({"one": {"n": 1}}));

    // Edit the input, switch to the unnamed input and back: the edit is still there.
    h.state_mut().debugger.input_text = r#"{"n": 2}"#.into();
    h.run_steps(2);
    // The picker (a combo box: its value is the picked input) marks the edit.
    h.get_by_value("one (edited)").click();
    h.run_steps(2);
    h.get_by_label("Unnamed input").click();
    h.run_steps(2);
    assert_eq!(h.state().debugger.input_text, r#"{"n": 1}"#);
    h.get_by_value("Unnamed input").click();
    h.run_steps(2);
    h.get_by_label("one (edited)").click();
    h.run_steps(2);
    assert_eq!(h.state().debugger.input_text, r#"{"n": 2}"#);
}
