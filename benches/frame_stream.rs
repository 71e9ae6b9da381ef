//! One frame of the whole app while a 10,000-item Map execution streams its events in: the
//! engine runs on its own thread and each frame folds what arrived (statuses, step records,
//! the events log) and draws the panels, egui's tessellation included. Measured with the run
//! panel, the events table and the timeline in view. Target: under 16 ms per frame.

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use criterion::measurement::WallTime;
use criterion::{criterion_group, criterion_main, BenchmarkGroup, Criterion};
use serde_json::json;
use statewright::engine::Status;
use statewright::ui::debugger::DebuggerTab;
use statewright::ui::{AppConfig, Command, StatewrightApp};

const ITEMS: usize = 10_000;

/// Frames are paced at 60 fps (untimed sleeps), so each one folds what the engine queued in
/// a real frame's time: a full event channel, not the few events of a back-to-back loop.
const FRAME_PERIOD: Duration = Duration::from_micros(16_667);

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
    /// Executions started, timed frames, and events folded during them.
    runs: usize,
    frames: usize,
    events: usize,
    succeeded: usize,
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
            runs: 0,
            frames: 0,
            events: 0,
            succeeded: 0,
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
        let ok = |r: &statewright::engine::ExecutionResult| r.status == Status::Succeeded;
        if self.app.debugger.run.result.as_ref().is_some_and(ok) {
            self.succeeded += 1;
        }
        self.runs += 1;
        self.app.queue(Command::RunStartOrContinue);
        self.frame();
        // Let the engine fill the channel before the first timed frame.
        std::thread::sleep(Duration::from_millis(5));
    }
}

fn bench_tab(group: &mut BenchmarkGroup<'_, WallTime>, name: &str, tab: DebuggerTab) {
    let mut s = Streaming::new(tab);
    group.bench_function(name, |b| {
        b.iter_custom(|iters| {
            let mut total = Duration::ZERO;
            let mut last = Instant::now();
            for _ in 0..iters {
                s.ensure_streaming();
                if let Some(rest) = FRAME_PERIOD.checked_sub(last.elapsed()) {
                    std::thread::sleep(rest);
                }
                last = Instant::now();
                let before = s.app.debugger.events.len();
                let started = Instant::now();
                s.frame();
                total += started.elapsed();
                s.frames += 1;
                s.events += s.app.debugger.events.len().saturating_sub(before);
            }
            total
        })
    });
    // The streamed runs must have been real ones: events arrived and executions succeeded.
    assert!(!s.app.debugger.events.is_empty(), "no events streamed");
    eprintln!(
        "{name}: {} executions started ({} succeeded before the next), {} events folded in {} \
         timed frames ({:.0} per frame)",
        s.runs,
        s.succeeded,
        s.events,
        s.frames,
        s.events as f64 / s.frames.max(1) as f64
    );
}

fn streaming(c: &mut Criterion) {
    let mut group = c.benchmark_group("frame_map_10000_streaming");
    group
        .sample_size(10)
        .warm_up_time(Duration::from_millis(300))
        .measurement_time(Duration::from_secs(2));
    bench_tab(&mut group, "run_tab", DebuggerTab::Run);
    bench_tab(&mut group, "events_tab", DebuggerTab::Events);
    bench_tab(&mut group, "timeline_tab", DebuggerTab::Timeline);
    group.finish();
}

criterion_group!(benches, streaming);
criterion_main!(benches);
