//! One UI frame of a generated 500-state diagram: the canvas fitted to the view (every box
//! visible) with the layout cached, plus egui's tessellation. Target: under 8 ms of CPU.

use std::collections::BTreeSet;

use criterion::{criterion_group, criterion_main, Criterion};
use serde_json::{json, Map, Value};
use statewright::asl::{check, parse, Format};
use statewright::graph::{layout, LayoutOptions, StatePath, TextRole};
use statewright::ui::canvas::Canvas;
use statewright::ui::theme::ThemeChoice;

/// Tasks with Catch, Choices with two rules, Waits and Passes, chained.
fn definition(states: usize) -> String {
    let name = |i: usize| format!("Step{i:04}");
    let mut map = Map::new();
    for i in 0..states {
        let next = json!(name((i + 1).min(states - 1)));
        let state = match i % 8 {
            0 | 4 => json!({"Type": "Task", "Resource": "arn:aws:states:::lambda:invoke",
                "Catch": [{"ErrorEquals": ["States.ALL"], "Next": "Failed"}], "Next": next}),
            1 => json!({"Type": "Choice", "Choices": [
                {"Variable": "$.n", "NumericGreaterThan": 5, "Next": next},
                {"Variable": "$.flag", "BooleanEquals": true, "Next": name((i + 2).min(states - 1))}],
                "Default": next}),
            2 => json!({"Type": "Wait", "Seconds": 1, "Next": next}),
            _ => json!({"Type": "Pass", "Next": next}),
        };
        map.insert(name(i), state);
    }
    map.insert(name(states - 1), json!({"Type": "Succeed"}));
    map.insert("Failed".into(), json!({"Type": "Fail", "Error": "Failed"}));
    serde_json::to_string(&json!({"StartAt": name(0), "States": Value::Object(map)}))
        .unwrap_or_default()
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

fn bench(c: &mut Criterion) {
    let text = definition(500);
    let parsed = check(text.as_bytes(), Some(Format::Json));
    let machine = parse(text.as_bytes(), Some(Format::Json))
        .machine
        .unwrap_or_default();
    assert_eq!(machine.states.len(), 501);
    let ctx = egui::Context::default();
    let mut canvas = Canvas::default();
    let palette = ThemeChoice::Dark.palette();
    let selection: BTreeSet<StatePath> = BTreeSet::new();
    let measure_ctx = ctx.clone();
    let mut frame = || {
        let output = ctx.run_ui(input(), |ui| {
            egui::CentralPanel::default().show(ui, |ui| {
                let measure = |t: &str, _role: TextRole| {
                    measure_ctx.fonts_mut(|f| {
                        f.layout_no_wrap(
                            t.to_owned(),
                            egui::FontId::proportional(13.0),
                            egui::Color32::WHITE,
                        )
                        .size()
                        .x
                    })
                };
                canvas.update(&machine, 1, &parsed.diagnostics, &|g| {
                    layout(g, &LayoutOptions::default(), &measure)
                });
                let _ = canvas.canvas_ui(ui, &selection, &palette, None);
            });
        });
        ctx.tessellate(output.shapes, output.pixels_per_point)
    };
    // Warm up: the first frames lay out the graph and fill the font caches.
    for _ in 0..3 {
        frame();
    }
    c.bench_function("frame_500_states_fitted", |b| b.iter(&mut frame));
}

fn zoomed(c: &mut Criterion) {
    let text = definition(500);
    let parsed = check(text.as_bytes(), Some(Format::Json));
    let machine = parse(text.as_bytes(), Some(Format::Json))
        .machine
        .unwrap_or_default();
    let ctx = egui::Context::default();
    let mut canvas = Canvas::default();
    let palette = ThemeChoice::Dark.palette();
    let selection: BTreeSet<StatePath> = BTreeSet::new();
    let measure_ctx = ctx.clone();
    let mut first = true;
    let mut frame = || {
        let output = ctx.run_ui(input(), |ui| {
            egui::CentralPanel::default().show(ui, |ui| {
                let measure = |t: &str, _role: TextRole| {
                    measure_ctx.fonts_mut(|f| {
                        f.layout_no_wrap(
                            t.to_owned(),
                            egui::FontId::proportional(13.0),
                            egui::Color32::WHITE,
                        )
                        .size()
                        .x
                    })
                };
                canvas.update(&machine, 1, &parsed.diagnostics, &|g| {
                    layout(g, &LayoutOptions::default(), &measure)
                });
                if first {
                    // Zoom 1 over the middle of the diagram: text, dashes and labels all drawn.
                    let mid = canvas.cached().map_or(0.0, |c| c.layout.bounds.center().y);
                    canvas.show_area(egui::Rect::from_min_size(
                        egui::pos2(0.0, mid),
                        egui::vec2(1270.0, 790.0),
                    ));
                    first = false;
                }
                let _ = canvas.canvas_ui(ui, &selection, &palette, None);
            });
        });
        ctx.tessellate(output.shapes, output.pixels_per_point)
    };
    for _ in 0..3 {
        frame();
    }
    c.bench_function("frame_500_states_zoom_1", |b| b.iter(&mut frame));
}

criterion_group!(benches, bench, zoomed);
criterion_main!(benches);
