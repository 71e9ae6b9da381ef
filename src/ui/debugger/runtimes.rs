//! Where executions run: a shared background runtime for real or scaled time, or, to skip
//! waits, a runtime of their own whose clock is paused (it jumps to the next timer whenever
//! the execution idles, as `statewright run --time-scale 0` does).

use std::sync::Arc;

use serde_json::Value;
use tokio::runtime::Runtime;

use crate::asl::StateMachine;
use crate::engine::{self, EngineHandle, EventReceiver, RunConfig, ScaledClock, Waker};

/// Starts an execution; `scale` 1 is real time, 0 skips Waits and retry backoffs.
pub fn start_execution(
    shared: &mut Option<Runtime>,
    machine: Arc<StateMachine>,
    input: Value,
    mut config: RunConfig,
    scale: f64,
    waker: Waker,
) -> std::io::Result<(EngineHandle, EventReceiver)> {
    if scale > 0.0 {
        let runtime = match shared {
            Some(rt) => rt,
            None => shared.insert(
                tokio::runtime::Builder::new_multi_thread()
                    .worker_threads(1)
                    .thread_name("statewright-engine")
                    .enable_all()
                    .build()?,
            ),
        };
        config.clock = Arc::new(ScaledClock::real_time(scale));
        return Ok(engine::start(
            runtime.handle(),
            machine,
            input,
            config,
            Some(waker),
        ));
    }
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .start_paused(true)
        .build()?;
    let started = {
        // The clock reads the paused runtime's time, so it is created inside it.
        let _inside = runtime.enter();
        config.clock = Arc::new(ScaledClock::new(1.0));
        engine::start(runtime.handle(), machine, input, config, Some(waker))
    };
    let handle = started.0.clone();
    std::thread::Builder::new()
        .name("statewright-skip-waits".into())
        .spawn(move || runtime.block_on(handle.finished()))?;
    Ok(started)
}
