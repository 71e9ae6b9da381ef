//! Wait: sleeps for Seconds/SecondsPath or until Timestamp/TimestampPath, on the injected clock.

use std::sync::Arc;

use serde_json::Value;

use super::super::clock;
use super::super::debug::Stage;
use super::super::error::StateError;
use super::super::exec::Scope;
use super::super::interpreter::{env_of, Done, Visit};
use super::super::{jsonata, pipeline};
use super::task::positive_seconds;
use crate::asl::states::Wait;
use crate::asl::timestamp::parse_timestamp;
use crate::asl::{NumberField, QueryLanguage};

/// How long to wait.
enum Until {
    Seconds(f64),
    Timestamp(String),
}

/// Runs a Wait state.
pub(super) async fn run<'m>(
    visit: &mut Visit<'_, 'm>,
    scope: &Scope,
    wait: &'m Wait,
) -> Result<Done<'m>, StateError> {
    let state = visit.state;
    let jsonata = visit.language == QueryLanguage::Jsonata;
    let effective = if jsonata {
        Arc::clone(&visit.input)
    } else {
        let env = env_of(&visit.context, visit.exec, scope);
        pipeline::select(&visit.input, state.input_path.as_ref(), &env)?
    };
    visit.recorder.stage(Stage::InputPath, &effective);
    let until = until(visit, scope, wait, &effective)?;
    let exec = visit.exec;
    let duration = match until {
        Until::Seconds(s) => clock::seconds(s),
        Until::Timestamp(text) => {
            let Some(ts) = parse_timestamp(&text) else {
                return Err(StateError::runtime(format!(
                    "The Timestamp '{text}' is not a valid ISO-8601 timestamp."
                )));
            };
            let remaining_ms = ts.as_millisecond().saturating_sub(exec.clock.now_ms());
            clock::seconds(remaining_ms as f64 / 1000.0)
        }
    };
    exec.clock.sleep(duration).await;
    if jsonata {
        let (output, assigned) = jsonata::finish(visit, scope, None, Arc::clone(&visit.input))?;
        visit.recorder.stage(Stage::Output, &output);
        return Ok(Done::to_next(state, output, assigned));
    }
    let env = env_of(&visit.context, exec, scope);
    let output = pipeline::select(&effective, state.output_path.as_ref(), &env)?;
    let assigned = match &state.assign {
        Some(a) => Some(pipeline::assign(a, &effective, &env)?),
        None => None,
    };
    visit.recorder.stage(Stage::OutputPath, &output);
    Ok(Done::to_next(state, output, assigned))
}

fn until(
    visit: &Visit<'_, '_>,
    scope: &Scope,
    wait: &Wait,
    input: &Value,
) -> Result<Until, StateError> {
    let env = env_of(&visit.context, visit.exec, scope);
    if let Some(path) = &wait.seconds_path {
        let v = pipeline::query(path, input, &env)?;
        return positive_seconds(&v, "SecondsPath").map(Until::Seconds);
    }
    if let Some(path) = &wait.timestamp_path {
        return match pipeline::query(path, input, &env)? {
            Value::String(s) => Ok(Until::Timestamp(s)),
            other => Err(StateError::runtime(format!(
                "TimestampPath must select a timestamp string, found {other}"
            ))),
        };
    }
    if let Some(seconds) = &wait.seconds {
        return match seconds {
            NumberField::Number(n) => Ok(Until::Seconds(n.as_f64().unwrap_or(0.0))),
            NumberField::Text(t) => {
                let v = jsonata::eval_field(visit, scope, &Value::String(t.clone()))?;
                positive_seconds(&v, "Seconds").map(Until::Seconds)
            }
        };
    }
    if let Some(ts) = &wait.timestamp {
        if crate::jsonata::expression_body(ts).is_some() {
            return match jsonata::eval_field(visit, scope, &Value::String(ts.clone()))? {
                Value::String(s) => Ok(Until::Timestamp(s)),
                other => Err(StateError::runtime(format!(
                    "Timestamp must be a timestamp string, found {other}"
                ))),
            };
        }
        return Ok(Until::Timestamp(ts.clone()));
    }
    Ok(Until::Seconds(0.0))
}
