//! The window layout at the default small size: the run dock folds until a run starts, and
//! the right column shows the inspector and the definition as tabs.

use egui::Key;
use egui_kittest::kittest::Queryable as _;
use egui_kittest::Harness;
use statewright::graph::{MachinePath, StatePath};
use statewright::ui::{AppConfig, StatewrightApp};

use super::{step_until, temp_dir};

/// The app at `size` (the other UI tests use a tall window).
pub(super) fn app_sized(size: [f32; 2], name: &str) -> Harness<'static, StatewrightApp> {
    let config = AppConfig {
        file: None,
        recovery_dir: Some(temp_dir(name)),
    };
    let mut harness = Harness::builder()
        .with_size(size)
        .build_eframe(move |cc| StatewrightApp::new(&cc.egui_ctx, config));
    harness.run_steps(3);
    harness
}

pub(super) const SMALL: [f32; 2] = [1100.0, 720.0];

#[test]
fn at_1100x720_the_run_dock_starts_folded_and_unfolds_when_a_run_starts() {
    let mut h = app_sized(SMALL, "layout-fold");
    assert!(h.query_by_label("Execution input (JSON)").is_none());
    h.get_by_label_contains("Start / Continue");
    h.key_press(Key::F5);
    step_until(&mut h, "the run to finish", |app| {
        app.debugger.run.is_finished()
    });
    h.run_steps(2);
    h.get_by_label("Execution input (JSON)");
    h.get_by_label_contains("Execution SUCCEEDED");

    h.get_by_label("⏷ Run panel").click();
    h.run_steps(2);
    assert!(h.query_by_label("Execution input (JSON)").is_none());
    h.get_by_label("⏵ Run panel").click();
    h.run_steps(2);
    h.get_by_label("Execution input (JSON)");
}

#[test]
fn a_tall_window_starts_with_the_run_dock_unfolded() {
    let h = app_sized([1400.0, 1300.0], "layout-tall");
    h.get_by_label("Execution input (JSON)");
}

#[test]
fn selecting_a_state_shows_the_inspector_tab_and_the_definition_is_one_click_away() {
    let mut h = app_sized(SMALL, "layout-tabs");
    h.get_by_label("Definition code");
    h.get_by_label("EvaluateFunding").click_accesskit();
    h.run_steps(2);
    h.get_by_label("State name");
    assert!(h.query_by_label("Definition code").is_none());
    let inspector = h.get_by_label("Inspector").rect();
    assert!(
        inspector.bottom() < 720.0,
        "the tabs are on screen: {inspector:?}"
    );

    h.get_by_label("Definition").click();
    h.run_steps(2);
    h.get_by_label("Definition code");
    assert!(h.query_by_label("State name").is_none());

    // Selecting another state brings its form back.
    let wait = StatePath::new(MachinePath::root(), "WaitForCashier");
    h.state_mut().selection = [wait].into_iter().collect();
    h.run_steps(2);
    h.get_by_label("State name");
    for field in h.get_all_by_label("Seconds") {
        let rect = field.rect();
        assert!(rect.bottom() < 720.0, "the form fits: {rect:?}");
    }
}
