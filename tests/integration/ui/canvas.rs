//! The canvas: states found and clicked by label, diagnostics select states, SVG export.

use egui_kittest::kittest::Queryable as _;
use statewright::ui::{Answer, Command, Purpose};

use super::{app_with, step_until, temp_dir};

#[test]
fn clicking_a_state_box_selects_it_and_opens_the_inspector() {
    let mut h = app_with(None, temp_dir("click"));
    h.get_by_label("EvaluateFunding").click_accesskit();
    h.run_steps(2);
    let selected: Vec<String> = h.state().selection.iter().map(|s| s.name.clone()).collect();
    assert_eq!(selected, ["EvaluateFunding"]);
    h.get_by_label("State name");
    h.get_by_label_contains("Default");
}

#[test]
fn go_to_state_selects_it() {
    let mut h = app_with(None, temp_dir("goto"));
    h.state_mut()
        .queue(Command::GoToState("WaitForCashier".into()));
    h.run_steps(2);
    let selected: Vec<String> = h.state().selection.iter().map(|s| s.name.clone()).collect();
    assert_eq!(selected, ["WaitForCashier"]);
}

#[test]
fn the_diagram_exports_as_svg() {
    let dir = temp_dir("svg");
    let mut h = app_with(None, dir.join("recovery"));
    let svg = dir.join("flow.svg");
    h.state_mut()
        .answer(Answer::PathChosen(Purpose::ExportSvg, svg.clone()));
    step_until(&mut h, "svg export", |_| svg.exists());
    let text = std::fs::read_to_string(&svg).expect("svg written");
    assert!(text.starts_with("<svg"));
    assert!(text.contains(">DebitArtistAccount</text>"));
    assert!(text.contains("stroke-dasharray"), "Catch edges are dashed");
}

#[test]
fn escape_clears_the_selection() {
    let mut h = app_with(None, temp_dir("escape"));
    h.get_by_label("WaitForCashier").click_accesskit();
    h.run_steps(2);
    assert_eq!(h.state().selection.len(), 1);
    h.key_press(egui::Key::Escape);
    h.run_steps(2);
    assert!(h.state().selection.is_empty());
}
