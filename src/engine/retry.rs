//! Retry and Catch decisions: pure functions of the rules, the error and the attempt counts.

use std::time::Duration;

use super::clock::seconds;
use super::error::StateError;
use crate::asl::states::{Catcher, JitterStrategy, Retrier};

/// AWS defaults.
const DEFAULT_INTERVAL_SECONDS: f64 = 1.0;
const DEFAULT_MAX_ATTEMPTS: u64 = 3;
const DEFAULT_BACKOFF_RATE: f64 = 2.0;

/// Retries used so far, per retrier.
#[derive(Debug, Clone, Default)]
pub struct RetryCounts(Vec<u64>);

/// Decides whether `error` is retried: the first retrier whose ErrorEquals matches decides;
/// if it has no attempts left, the error is not retried (later retriers are not consulted).
/// `random` gives a value in [0, 1) for FULL jitter.
pub fn next_delay(
    retriers: &[Retrier],
    error: &StateError,
    counts: &mut RetryCounts,
    random: impl FnOnce() -> f64,
) -> Option<Duration> {
    let (index, retrier) = retriers
        .iter()
        .enumerate()
        .find(|(_, r)| error.matches(&r.error_equals))?;
    if counts.0.len() < retriers.len() {
        counts.0.resize(retriers.len(), 0);
    }
    let used = counts.0.get(index).copied().unwrap_or(0);
    let max = retrier
        .max_attempts
        .as_ref()
        .and_then(|n| n.as_u64())
        .unwrap_or(DEFAULT_MAX_ATTEMPTS);
    if used >= max {
        return None;
    }
    if let Some(c) = counts.0.get_mut(index) {
        *c += 1;
    }
    let interval = retrier
        .interval_seconds
        .as_ref()
        .and_then(|n| n.as_f64())
        .unwrap_or(DEFAULT_INTERVAL_SECONDS);
    let rate = retrier
        .backoff_rate
        .as_ref()
        .and_then(|n| n.as_f64())
        .unwrap_or(DEFAULT_BACKOFF_RATE);
    let exponent = i32::try_from(used).unwrap_or(i32::MAX);
    let mut delay = interval * rate.powi(exponent);
    if let Some(cap) = retrier.max_delay_seconds.as_ref().and_then(|n| n.as_f64()) {
        delay = delay.min(cap);
    }
    if retrier.jitter() == Some(JitterStrategy::Full) {
        delay *= random();
    }
    Some(seconds(delay))
}

/// The first Catch rule that handles `error`.
pub fn find_catcher<'a>(catchers: &'a [Catcher], error: &StateError) -> Option<&'a Catcher> {
    catchers.iter().find(|c| error.matches(&c.error_equals))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::asl::NumberField;

    fn retrier(errors: &[&str], interval: u64, max: u64, rate: f64) -> Retrier {
        Retrier {
            error_equals: errors.iter().map(|s| s.to_string()).collect(),
            interval_seconds: Some(NumberField::Number(interval.into())),
            max_attempts: Some(NumberField::Number(max.into())),
            backoff_rate: serde_json::Number::from_f64(rate).map(NumberField::Number),
            ..Retrier::default()
        }
    }

    #[test]
    fn backoff_grows_and_stops_at_max_attempts() {
        let rs = [retrier(&["E"], 2, 3, 1.5)];
        let e = StateError::new("E", "");
        let mut counts = RetryCounts::default();
        let delays: Vec<_> = (0..4)
            .map(|_| next_delay(&rs, &e, &mut counts, || 0.5))
            .collect();
        assert_eq!(
            delays,
            vec![
                Some(seconds(2.0)),
                Some(seconds(3.0)),
                Some(seconds(4.5)),
                None
            ]
        );
    }

    #[test]
    fn max_delay_caps_and_jitter_scales() {
        let mut r = retrier(&["E"], 10, 5, 2.0);
        r.max_delay_seconds = Some(NumberField::Number(4.into()));
        r.jitter_strategy = Some("FULL".into());
        let e = StateError::new("E", "");
        let d = next_delay(&[r], &e, &mut RetryCounts::default(), || 0.25);
        assert_eq!(d, Some(seconds(1.0)));
    }

    #[test]
    fn first_matching_retrier_decides() {
        let rs = [
            retrier(&["E"], 1, 0, 2.0),
            retrier(&["States.ALL"], 1, 3, 2.0),
        ];
        let e = StateError::new("E", "");
        assert_eq!(
            next_delay(&rs, &e, &mut RetryCounts::default(), || 0.0),
            None
        );
        let other = StateError::new("Other", "");
        assert!(next_delay(&rs, &other, &mut RetryCounts::default(), || 0.0).is_some());
        assert_eq!(
            next_delay(
                &rs,
                &StateError::runtime("x"),
                &mut RetryCounts::default(),
                || 0.0
            ),
            None
        );
    }
}
