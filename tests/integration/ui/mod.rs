//! UI tests: the real app driven headless through egui_kittest's accessibility tree.

mod canvas;
mod debugger;
mod debugger_core;
mod editing;
mod events;
mod export_png;
mod files;
mod inspector;
mod layout;
mod limit_warnings;
mod named_inputs;
mod rules;
mod shell;
mod unanswered_tasks;
mod unsaved;

use std::path::PathBuf;
use std::time::Duration;

use egui_kittest::Harness;
use statewright::ui::{AppConfig, StatewrightApp};

/// A fresh temporary directory for one test.
pub fn temp_dir(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("statewright-ui-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("create temp dir");
    dir
}

/// The app in a headless harness; its recovery file lives in `recovery_dir`.
pub fn app_with(file: Option<PathBuf>, recovery_dir: PathBuf) -> Harness<'static, StatewrightApp> {
    let config = AppConfig {
        file,
        recovery_dir: Some(recovery_dir),
    };
    let mut harness = Harness::builder()
        .with_size([1400.0, 1300.0])
        .build_eframe(move |cc| StatewrightApp::new(&cc.egui_ctx, config));
    harness.run_steps(3);
    harness
}

/// Steps the app until `done` holds (background work finishes on other threads).
pub fn step_until(
    harness: &mut Harness<'static, StatewrightApp>,
    what: &str,
    done: impl Fn(&StatewrightApp) -> bool,
) {
    // Generous, because CI shares two cores with the build; a passing wait returns early.
    let deadline = std::time::Instant::now() + Duration::from_secs(30);
    while std::time::Instant::now() < deadline {
        harness.step();
        if done(harness.state()) {
            return;
        }
        std::thread::sleep(Duration::from_millis(10));
    }
    panic!("timed out waiting for {what}");
}

/// The open workflow's top-level Comment (empty when it has none).
pub fn comment_of(h: &Harness<'static, StatewrightApp>) -> String {
    h.state()
        .doc
        .design
        .machine
        .comment
        .clone()
        .unwrap_or_default()
}
