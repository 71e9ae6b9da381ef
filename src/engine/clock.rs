//! Time for the engine: the only place that sleeps. Tests and "skip waits" runs use tokio's
//! paused clock, which jumps to the next timer whenever the runtime is idle.

use std::future::Future;
use std::pin::Pin;
use std::time::Duration;

/// A boxed sleep.
pub type Sleep = Pin<Box<dyn Future<Output = ()> + Send>>;

/// What the engine asks of time.
pub trait Clock: Send + Sync {
    /// Execution time now, in milliseconds since the Unix epoch.
    fn now_ms(&self) -> i64;
    /// Sleeps for `duration` of execution time.
    fn sleep(&self, duration: Duration) -> Sleep;
}

/// Wall-clock time, with waits scaled: 1 is real time, 0.5 twice as fast.
///
/// Execution time starts at the wall-clock time of creation and runs `1 / scale` times as
/// fast as the tokio clock, so a scaled Wait and the timestamps agree.
pub struct ScaledClock {
    epoch_ms: i64,
    start: Start,
    scale: f64,
}

/// Where execution time is counted from.
enum Start {
    /// tokio's clock, which a paused runtime (skipped waits, tests) moves by itself.
    Runtime(tokio::time::Instant),
    /// The system's monotonic clock, for a runtime whose clock is never paused: reading it
    /// skips tokio's look-up of the current runtime, which history timestamps pay per event.
    Monotonic(std::time::Instant),
}

impl ScaledClock {
    /// A clock starting now; `scale` must be positive (0 is handled by pausing tokio's clock).
    pub fn new(scale: f64) -> Self {
        let epoch_ms = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map(|d| d.as_millis() as i64)
            .unwrap_or(0);
        ScaledClock::starting_at(epoch_ms, scale)
    }

    /// A clock whose execution time starts at `epoch_ms` (deterministic tests).
    pub fn starting_at(epoch_ms: i64, scale: f64) -> Self {
        ScaledClock {
            epoch_ms,
            start: Start::Runtime(tokio::time::Instant::now()),
            scale: usable_scale(scale),
        }
    }

    /// [`ScaledClock::new`] for a runtime whose clock is not paused: timestamps read the
    /// system clock directly. On a paused runtime they would not follow its skipped waits.
    pub fn real_time(scale: f64) -> Self {
        ScaledClock {
            start: Start::Monotonic(std::time::Instant::now()),
            ..ScaledClock::new(scale)
        }
    }
}

fn usable_scale(scale: f64) -> f64 {
    if scale.is_finite() && scale > 0.0 {
        scale
    } else {
        1.0
    }
}

impl Clock for ScaledClock {
    fn now_ms(&self) -> i64 {
        let elapsed = match &self.start {
            Start::Runtime(start) => start.elapsed(),
            Start::Monotonic(start) => start.elapsed(),
        };
        let elapsed = elapsed.as_secs_f64() / self.scale;
        self.epoch_ms + (elapsed * 1000.0) as i64
    }

    fn sleep(&self, duration: Duration) -> Sleep {
        let scaled = duration.mul_f64(self.scale);
        Box::pin(tokio::time::sleep(scaled))
    }
}

/// Seconds (possibly fractional, possibly huge) to a Duration, saturating instead of panicking.
pub fn seconds(secs: f64) -> Duration {
    if !secs.is_finite() || secs <= 0.0 {
        return Duration::ZERO;
    }
    Duration::try_from_secs_f64(secs).unwrap_or(Duration::MAX)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test(start_paused = true)]
    async fn scaled_clock_runs_faster_in_execution_time() {
        let clock = ScaledClock::starting_at(1_000, 0.5);
        let before = tokio::time::Instant::now();
        clock.sleep(Duration::from_secs(10)).await;
        assert_eq!(before.elapsed(), Duration::from_secs(5));
        assert_eq!(clock.now_ms(), 1_000 + 10_000);
    }

    #[tokio::test]
    async fn a_real_time_clock_counts_from_now_and_scales() {
        let clock = ScaledClock::real_time(0.5);
        let wall_ms = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map(|d| d.as_millis() as i64)
            .unwrap_or(0);
        assert!((clock.now_ms() - wall_ms).abs() < 1_000);
        let before = clock.now_ms();
        std::thread::sleep(Duration::from_millis(20));
        // Half the scale: 20 ms of waiting is at least 40 ms of execution time.
        assert!(clock.now_ms() - before >= 40);
    }

    #[test]
    fn seconds_saturate() {
        assert_eq!(seconds(-1.0), Duration::ZERO);
        assert_eq!(seconds(f64::NAN), Duration::ZERO);
        assert_eq!(seconds(1.5), Duration::from_millis(1500));
        assert_eq!(seconds(1e300), Duration::MAX);
    }
}
