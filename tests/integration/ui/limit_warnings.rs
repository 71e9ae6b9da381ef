//! Limit warnings in the run panel: a large Map is estimated over the history limit before
//! the run and projected over it while it runs.

use egui::Key;
use egui_kittest::kittest::Queryable as _;
use serde_json::json;

use super::{app_with, step_until, temp_dir};

#[test]
fn a_large_map_run_warns_that_it_is_on_course_to_exceed_the_history_limit() {
    let dir = temp_dir("limit-warnings");
    let flow = dir.join("big.asl.json");
    // One iteration at a time, so the pause below comes after exactly 100 iterations.
    let definition = json!({"StartAt": "Fan", "States": {"Fan": {"Type": "Map",
        "ItemsPath": "$.items", "MaxConcurrency": 1,
        "ItemProcessor": {"StartAt": "Work", "States": {"Work": {"Type": "Pass", "End": true}}},
        "End": true}}});
    std::fs::write(&flow, definition.to_string()).expect("definition");
    let items: Vec<_> = (0..7_000).map(|i| json!({"i": i})).collect();
    std::fs::write(
        dir.join("big.input.json"),
        json!({"items": items}).to_string(),
    )
    .expect("input");
    let mut h = app_with(Some(flow), dir.join("recovery"));
    h.run_steps(2);

    // Before the run: 7,000 iterations × 4 events, estimated from the definition and input.
    h.get_by_label("On course to exceed 25,000 history events (estimated ~28,006 before the run)");
    h.get_by_label("1 limit warning");

    // During the run: paused in iteration 100, the projection from the finished iterations.
    h.state_mut().debugger.toggle_breakpoint("Work");
    h.state_mut().debugger.set_condition("Work", "$.i == 100");
    h.key_press(Key::F5);
    step_until(&mut h, "the pause in iteration 100", |app| {
        app.debugger.run.paused.is_some()
    });
    h.run_steps(2);
    let finished = h
        .state()
        .debugger
        .run
        .scopes
        .container("Fan")
        .map(|c| c.finished());
    assert_eq!(finished, Some(100));
    h.get_by_label(
        "On course to exceed 25,000 history events (projected ~28,000 at the current rate)",
    );
    h.get_by_label("1 limit warning");
}
