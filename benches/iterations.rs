//! The debugger's bookkeeping for a 10,000-iteration Map: folding its debug events into
//! per-iteration statuses, records and progress, and the lookups one diagram frame makes with
//! an iteration picked (they must not grow with the number of iterations).

use std::sync::Arc;

use criterion::{criterion_group, criterion_main, BatchSize, Criterion};
use serde_json::json;
use statewright::engine::{ContainerKind, DebugEvent, EngineEvent, Stage, StageData, StepRecord};
use statewright::graph::{MachinePath, StatePath};
use statewright::ui::debugger::{IterationView, Picks, RunState};

const ITERATIONS: usize = 10_000;

fn debug(event: DebugEvent) -> EngineEvent {
    EngineEvent::Debug(event)
}

fn finished(state: &str, scope: &str, index: usize) -> EngineEvent {
    let value = Arc::new(json!({"n": index}));
    debug(DebugEvent::StateFinished(Box::new(StepRecord {
        state: state.into(),
        scope: scope.into(),
        stages: vec![
            StageData {
                stage: Stage::Input,
                value: Arc::clone(&value),
                size_bytes: 10,
            },
            StageData {
                stage: Stage::OutputPath,
                value,
                size_bytes: 10,
            },
        ],
        variables: Default::default(),
        error: None,
        history_events: index * 6,
    })))
}

/// What the engine streams for a Map over `ITERATIONS` items, each running Check then Accept.
fn events() -> Vec<EngineEvent> {
    let mut events = vec![
        debug(DebugEvent::StateStarted {
            state: "Fan".into(),
            scope: String::new(),
        }),
        debug(DebugEvent::ContainerStarted {
            state: "Fan".into(),
            scope: String::new(),
            kind: ContainerKind::Map,
            children: ITERATIONS,
        }),
    ];
    for i in 0..ITERATIONS {
        let scope = format!("Fan/{i}");
        for state in ["Check", "Accept"] {
            events.push(debug(DebugEvent::StateStarted {
                state: state.into(),
                scope: scope.clone(),
            }));
            events.push(finished(state, &scope, i));
        }
        events.push(debug(DebugEvent::ChildFinished {
            scope,
            failed: false,
        }));
    }
    events
}

fn bench(c: &mut Criterion) {
    let stream = events();
    c.bench_function("fold a 10,000-iteration Map's debug events", |b| {
        b.iter_batched(
            || stream.clone(),
            |events| {
                let mut run = RunState::default();
                for e in events {
                    run.apply(e);
                }
                run
            },
            BatchSize::LargeInput,
        )
    });

    let mut run = RunState::default();
    for e in stream {
        run.apply(e);
    }
    let mut picks = Picks::new();
    picks.insert("Fan".into(), ITERATIONS / 2);
    let fan = StatePath::top("Fan");
    let inside = MachinePath::root().child("Fan", 0);
    let states: Vec<StatePath> = ["Check", "Accept", "Reject"]
        .into_iter()
        .map(|s| StatePath::new(inside.clone(), s))
        .collect();
    c.bench_function(
        "one frame's lookups with iteration 5,000 of 10,000 picked",
        |b| {
            b.iter(|| {
                let view = IterationView {
                    run: &run,
                    picks: &picks,
                };
                let progress = view.progress(&fan).map(|p| p.finished());
                let shown: usize = states
                    .iter()
                    .map(|s| view.status(s).is_some() as usize + view.output_bytes(s).unwrap_or(0))
                    .sum();
                (progress, shown)
            })
        },
    );
}

criterion_group!(benches, bench);
criterion_main!(benches);
