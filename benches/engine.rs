//! The engine over the bench workflows (benches/workflows, copied from the shared bench set):
//! single-threaded, history recorded, every output checked against its `.expected.json`.
//! Prints states/s per workflow, the peak heap of one execution (counted by this bench's
//! allocator), and the bench process's peak RSS.

use std::alloc::{GlobalAlloc, Layout, System};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, AtomicIsize, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use serde_json::Value;
use statewright::asl::{parse, Format, StateMachine};
use statewright::engine::{execute, RunConfig, ScaledClock, Status};

const WORKFLOWS: [&str; 7] = [
    "empty",
    "pass-chain",
    "choice-loop",
    "map-wide",
    "parallel-fanout",
    "payload-heavy",
    "intrinsics-mix",
];

struct Workflow {
    name: &'static str,
    machine: StateMachine,
    input: Value,
    expected: Value,
    states: u64,
    events: usize,
}

fn dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("benches/workflows")
}

fn read(path: PathBuf) -> Value {
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    serde_json::from_str(&text).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

fn load(name: &'static str, manifest: &Value) -> Workflow {
    let text = std::fs::read(dir().join(format!("{name}.asl.json"))).expect("definition");
    let machine = parse(&text, Some(Format::Json)).machine.expect("parses");
    Workflow {
        name,
        machine,
        input: read(dir().join(format!("{name}.input.json"))),
        expected: read(dir().join(format!("{name}.expected.json"))),
        states: manifest[name]["states_executed"]
            .as_u64()
            .expect("states_executed"),
        events: manifest[name]["history_events_expected"]
            .as_u64()
            .expect("events") as usize,
    }
}

fn runtime() -> tokio::runtime::Runtime {
    tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .expect("runtime")
}

fn run_once(rt: &tokio::runtime::Runtime, w: &Workflow) -> statewright::engine::ExecutionResult {
    rt.block_on(async {
        let config = RunConfig {
            clock: Arc::new(ScaledClock::new(1.0)),
            ..RunConfig::default()
        };
        execute(&w.machine, w.input.clone(), &config).await
    })
}

/// Fails loudly if the engine's answer is wrong: a fast wrong engine is worth nothing.
fn check(rt: &tokio::runtime::Runtime, w: &Workflow) {
    let result = run_once(rt, w);
    assert_eq!(
        result.status,
        Status::Succeeded,
        "{}: {:?}",
        w.name,
        result.cause
    );
    assert_eq!(
        result.output.as_deref(),
        Some(&w.expected),
        "{}: wrong output",
        w.name
    );
    assert_eq!(
        result.history.len(),
        w.events,
        "{}: history event count",
        w.name
    );
}

/// Counts live heap bytes while `COUNTING` is set, so one execution's peak memory (payloads,
/// history, result) can be read in process: a process's RSS never falls back between
/// workflows, and a spawned child's rusage includes its parent's pages.
struct PeakAlloc;

static COUNTING: AtomicBool = AtomicBool::new(false);
static LIVE: AtomicIsize = AtomicIsize::new(0);
static PEAK: AtomicIsize = AtomicIsize::new(0);

fn count(delta: isize) {
    if COUNTING.load(Ordering::Relaxed) {
        let now = LIVE.fetch_add(delta, Ordering::Relaxed) + delta;
        PEAK.fetch_max(now, Ordering::Relaxed);
    }
}

// SAFETY: every call is forwarded unchanged to the system allocator; only counters change.
unsafe impl GlobalAlloc for PeakAlloc {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        let p = unsafe { System.alloc(layout) };
        if !p.is_null() {
            count(layout.size() as isize);
        }
        p
    }

    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        unsafe { System.dealloc(ptr, layout) };
        count(-(layout.size() as isize));
    }

    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        let p = unsafe { System.realloc(ptr, layout, new_size) };
        if !p.is_null() {
            count(new_size as isize - layout.size() as isize);
        }
        p
    }
}

#[global_allocator]
static ALLOCATOR: PeakAlloc = PeakAlloc;

/// Peak live heap bytes above the starting point during one execution, result included.
fn peak_heap_bytes(rt: &tokio::runtime::Runtime, w: &Workflow) -> usize {
    LIVE.store(0, Ordering::Relaxed);
    PEAK.store(0, Ordering::Relaxed);
    COUNTING.store(true, Ordering::Relaxed);
    let result = run_once(rt, w);
    COUNTING.store(false, Ordering::Relaxed);
    drop(result);
    usize::try_from(PEAK.load(Ordering::Relaxed)).unwrap_or(0)
}

fn peak_rss_kib() -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    line.split_whitespace().nth(1)?.parse().ok()
}

fn engine(c: &mut Criterion) {
    let manifest = read(dir().join("manifest.json"));
    let rt = runtime();
    let workflows: Vec<Workflow> = WORKFLOWS.iter().map(|n| load(n, &manifest)).collect();
    let mut summary = Vec::new();
    let mut group = c.benchmark_group("engine");
    group
        .sample_size(10)
        .measurement_time(Duration::from_secs(3));
    for w in &workflows {
        check(&rt, w);
        let peak = peak_heap_bytes(&rt, w);
        // Our own median over a few runs, for a states/s line that is easy to compare.
        let mut times: Vec<Duration> = (0..5)
            .map(|_| {
                let start = Instant::now();
                std::hint::black_box(run_once(&rt, w));
                start.elapsed()
            })
            .collect();
        times.sort();
        let median = times[times.len() / 2];
        summary.push((w.name, w.states, median, peak));
        group.throughput(Throughput::Elements(w.states));
        group.bench_function(w.name, |b| b.iter(|| run_once(&rt, w)));
    }
    group.finish();
    println!("\nworkflow          states   median      states/s   peak heap (one run)");
    for (name, states, median, peak) in summary {
        let per_sec = states as f64 / median.as_secs_f64();
        println!(
            "{name:<16} {states:>7} {:>9.2} ms {per_sec:>12.0} {:>12.1} MiB",
            median.as_secs_f64() * 1e3,
            peak as f64 / (1024.0 * 1024.0)
        );
    }
    match peak_rss_kib() {
        Some(kib) => println!(
            "peak memory of the whole bench process (VmHWM): {:.1} MiB",
            kib as f64 / 1024.0
        ),
        None => println!("peak memory: unavailable"),
    }
}

criterion_group!(benches, engine);
criterion_main!(benches);
