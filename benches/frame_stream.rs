//! One frame of the whole app while a 10,000-item Map execution streams its events in: the
//! engine runs on its own thread and each frame folds what arrived (statuses, step records,
//! the events log) and draws the panels, egui's tessellation included. Measured with the run
//! panel, the events table and the timeline in view. Target: under 16 ms per frame.

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use criterion::{criterion_group, criterion_main, Criterion};
use serde_json::json;
use statewright::ui::debugger::DebuggerTab;
use statewright::ui::{AppConfig, Command, StatewrightApp};

const ITEMS: usize = 10_000;

/// A Map over `ITEMS` items, each through a Pass, with a run configuration that lifts the
/// history limit (the default 25,000 would end the run at a quarter).
fn workflow(dir: &Path) -> PathBuf {
    let _ = std::fs::create_dir_all(dir);
    let flow = dir.join("stream.asl.json");
    let definition = json!({"StartAt": "Fan", "States": {"Fan": {"Type": "Map",
        "ItemsPath": "$.items",
        "ItemProcessor": {"StartAt": "Double", "States": {"Double": {"Type": "Pass", "End": true}}},
        "Next": "Done"}, "Done": {"Type": "Succeed"}}});
    let items: Vec<usize> = (0..ITEMS).collect();
    let writes = [
        (flow.clone(), definition.to_string()),
        (
            dir.join("stream.input.json"),
            json!({ "items": items }).to_string(),
        ),
        (
            dir.join("stream.run.json"),
            json!({"historyEventLimit": 100_000}).to_string(),
        ),
    ];
    for (path, text) in writes {
        if let Err(e) = std::fs::write(&path, text) {
            panic!("cannot write {}: {e}", path.display());
        }
    }
    flow
}

fn input() -> egui::RawInput {
    egui::RawInput {
        screen_rect: Some(egui::Rect::from_min_size(
            egui::Pos2::ZERO,
            egui::vec2(1280.0, 800.0),
        )),
        ..Default::default()
    }
}

struct Streaming {
    ctx: egui::Context,
    app: StatewrightApp,
    frame: eframe::Frame,
}

impl Streaming {
    fn new(tab: DebuggerTab) -> Self {
        let dir =
            std::env::temp_dir().join(format!("statewright-bench-stream-{}", std::process::id()));
        let file = workflow(&dir);
        let ctx = egui::Context::default();
        let config = AppConfig {
            file: Some(file),
            recovery_dir: Some(dir.join("recovery")),
        };
        let app = StatewrightApp::new(&ctx, config);
        let mut s = Streaming {
            ctx,
            app,
            frame: eframe::Frame::_new_kittest(),
        };
        for _ in 0..3 {
            s.frame();
        }
        s.app.debugger.tab = tab;
        s
    }

    /// One frame of the app, tessellated.
    fn frame(&mut self) {
        let (app, frame) = (&mut self.app, &mut self.frame);
        let output = self
            .ctx
            .run_ui(input(), |ui| eframe::App::ui(app, ui, frame));
        let _ = self.ctx.tessellate(output.shapes, output.pixels_per_point);
    }

    /// Starts a new execution (untimed) once the last one has ended.
    fn ensure_streaming(&mut self) {
        if self.app.debugger.is_running() {
            return;
        }
        self.app.queue(Command::RunStartOrContinue);
        self.frame();
        // Let the engine fill the channel before the first timed frame.
        std::thread::sleep(Duration::from_millis(5));
    }
}

fn bench_tab(c: &mut Criterion, name: &str, tab: DebuggerTab) {
    let mut s = Streaming::new(tab);
    c.bench_function(name, |b| {
        b.iter_custom(|iters| {
            let mut total = Duration::ZERO;
            for _ in 0..iters {
                s.ensure_streaming();
                let started = Instant::now();
                s.frame();
                total += started.elapsed();
            }
            total
        })
    });
    // The streamed run must have been a real one: events arrived and states ran.
    assert!(!s.app.debugger.events.is_empty(), "no events streamed");
}

fn streaming(c: &mut Criterion) {
    bench_tab(c, "frame_map_10000_streaming_run_tab", DebuggerTab::Run);
    bench_tab(
        c,
        "frame_map_10000_streaming_events_tab",
        DebuggerTab::Events,
    );
    bench_tab(
        c,
        "frame_map_10000_streaming_timeline_tab",
        DebuggerTab::Timeline,
    );
}

criterion_group!(benches, streaming);
criterion_main!(benches);
