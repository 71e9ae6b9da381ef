//! Map: runs the item processor for every item, up to MaxConcurrency at a time, in order.

use std::sync::Arc;

use futures_util::stream::{self, StreamExt};
use serde_json::{json, Value};

use super::super::debug::{ContainerKind, Stage};
use super::super::error::{StateError, EXCEED_TOLERATED_FAILURE_THRESHOLD};
use super::super::exec::{Exec, Scope};
use super::super::history::EventDetails;
use super::super::interpreter::{env_of, run_machine, Done, Visit};
use super::super::{jsonata, pipeline};
use super::parallel::prefix;
use super::{batcher, distributed, effective_input_path, finish_result, unshare};
use crate::asl::states::MapState;
use crate::asl::{NumberField, QueryLanguage, StateMachine};

/// Runs one attempt of a Map state.
pub(super) async fn run<'m>(
    visit: &mut Visit<'_, 'm>,
    scope: &mut Scope,
    map: &'m MapState,
) -> Result<Done<'m>, StateError> {
    let exec = visit.exec;
    let Some(processor) = map.processor() else {
        return Err(StateError::runtime("the Map state has no ItemProcessor"));
    };
    let (effective, inputs) = iteration_inputs(visit, scope, map)?;
    exec.record(
        scope,
        EventDetails::MapStateStarted {
            length: inputs.len(),
        },
    )
    .await?;
    let concurrency = number(
        visit,
        scope,
        &map.max_concurrency,
        &map.max_concurrency_path,
    )?;
    let limit = match concurrency {
        Some(n) if n >= 1.0 => n as usize,
        _ => inputs.len().max(1),
    };
    let tolerance = Tolerance {
        count: number(
            visit,
            scope,
            &map.tolerated_failure_count,
            &map.tolerated_failure_count_path,
        )?,
        percentage: number(
            visit,
            scope,
            &map.tolerated_failure_percentage,
            &map.tolerated_failure_percentage_path,
        )?,
        total: inputs.len(),
    };
    let language = processor.query_language.unwrap_or(visit.language);
    let label = format!("{}{}", prefix(scope), visit.name);
    exec.container_started(visit.name, scope, ContainerKind::Map, inputs.len())
        .await;
    let outcome = run_iterations(
        exec, processor, visit.name, scope, &label, language, inputs, limit, &tolerance,
    )
    .await;
    let results = match outcome {
        Ok(results) => results,
        Err(e) => {
            exec.record(scope, EventDetails::MapStateFailed).await?;
            return Err(e);
        }
    };
    exec.record(scope, EventDetails::MapStateSucceeded).await?;
    let mut result = Value::Array(results);
    if let Some(writer) = &map.result_writer {
        result = distributed::write_results(visit, scope, writer, &effective, &result)?;
    }
    let result = Arc::new(result);
    visit.recorder.stage(Stage::Result, &result);
    finish_result(visit, scope, result)
}

/// The effective input, and one input per iteration: items (from the input or an ItemReader),
/// each through ItemSelector, then grouped by ItemBatcher.
fn iteration_inputs(
    visit: &mut Visit<'_, '_>,
    scope: &Scope,
    map: &MapState,
) -> Result<(Arc<Value>, Vec<Arc<Value>>), StateError> {
    let (effective, items) = match &map.item_reader {
        Some(reader) => {
            let effective = if visit.language == QueryLanguage::Jsonata {
                Arc::clone(&visit.input)
            } else {
                effective_input_path(visit, scope)?
            };
            let items = distributed::read_items(visit, scope, reader, &effective)?;
            (effective, items)
        }
        None => items(visit, scope, map)?,
    };
    let selector = map
        .item_selector
        .as_ref()
        .or(visit.state.parameters.as_ref());
    let base_context = selector
        .map(|s| item_context(&visit.context, s))
        .unwrap_or_default();
    let inputs = items
        .into_iter()
        .enumerate()
        .map(|(i, item)| item_input(visit, scope, map, &base_context, &effective, i, item))
        .collect::<Result<Vec<_>, _>>()?;
    let inputs = match &map.item_batcher {
        Some(batcher) => {
            let items = inputs.into_iter().map(unshare).collect();
            let batches = batcher::batch(visit, scope, batcher, &effective, items)?;
            batches.into_iter().map(Arc::new).collect()
        }
        None => inputs,
    };
    Ok((effective, inputs))
}

/// Runs the iterations, at most `limit` at a time, results in item order; the first failure
/// beyond the tolerance cancels the rest.
#[allow(clippy::too_many_arguments)]
async fn run_iterations(
    exec: &Exec,
    processor: &StateMachine,
    name: &str,
    parent: &Scope,
    label: &str,
    language: QueryLanguage,
    inputs: Vec<Arc<Value>>,
    limit: usize,
    tolerance: &Tolerance,
) -> Result<Vec<Value>, StateError> {
    let iterations = inputs.into_iter().enumerate().map(|(index, input)| {
        let child = parent.child(format!("{label}/{index}"), language);
        iteration(exec, processor, name, index, input, child)
    });
    let mut results = Vec::with_capacity(tolerance.total);
    let mut failures = 0usize;
    let mut stream = stream::iter(iterations).buffered(limit);
    while let Some(outcome) = stream.next().await {
        match outcome {
            Ok(v) => results.push(unshare(v)),
            Err(e) if tolerance.tolerates(failures + 1) => {
                failures += 1;
                results.push(e.to_value());
            }
            Err(e) => return Err(tolerance.failure(e)),
        }
    }
    Ok(results)
}

/// Runs one iteration in its own scope, recording its start and end.
async fn iteration<'a>(
    exec: &'a Exec,
    processor: &'a StateMachine,
    name: &'a str,
    index: usize,
    input: Arc<Value>,
    mut child: Scope,
) -> Result<Arc<Value>, StateError> {
    let started = EventDetails::MapIterationStarted {
        name: name.to_owned(),
        index,
    };
    exec.record(&mut child, started).await?;
    let outcome = run_machine(exec, processor, input, &mut child).await;
    exec.child_finished(&child, outcome.is_err()).await;
    let end = match &outcome {
        Ok(_) => EventDetails::MapIterationSucceeded {
            name: name.to_owned(),
            index,
        },
        Err(_) => EventDetails::MapIterationFailed {
            name: name.to_owned(),
            index,
        },
    };
    exec.record(&mut child, end).await?;
    outcome
}

/// ToleratedFailureCount / ToleratedFailurePercentage; without either, no failure is tolerated.
struct Tolerance {
    count: Option<f64>,
    percentage: Option<f64>,
    total: usize,
}

impl Tolerance {
    fn tolerates(&self, failures: usize) -> bool {
        if self.count.is_none() && self.percentage.is_none() {
            return false;
        }
        let by_count = self.count.is_none_or(|c| failures as f64 <= c);
        let by_percentage = self
            .percentage
            .is_none_or(|p| self.total > 0 && (failures as f64 * 100.0 / self.total as f64) <= p);
        by_count && by_percentage
    }

    fn failure(&self, e: StateError) -> StateError {
        if self.count.is_none() && self.percentage.is_none() {
            return e;
        }
        StateError::new(
            EXCEED_TOLERATED_FAILURE_THRESHOLD,
            "The specified tolerated failure threshold was exceeded",
        )
    }
}

/// The effective input and the items to iterate over.
fn items(
    visit: &mut Visit<'_, '_>,
    scope: &Scope,
    map: &MapState,
) -> Result<(Arc<Value>, Vec<Value>), StateError> {
    let (effective, items) = if visit.language == QueryLanguage::Jsonata {
        let items = match &map.items {
            Some(field) => jsonata::eval_field(visit, scope, field)?,
            None => Value::clone(&visit.input),
        };
        (Arc::clone(&visit.input), items)
    } else {
        let effective = effective_input_path(visit, scope)?;
        let env = env_of(&visit.context, visit.exec, scope);
        let items = match &map.items_path {
            Some(p) => pipeline::query(p, &effective, &env)?,
            None => Value::clone(&effective),
        };
        (effective, items)
    };
    match items {
        Value::Array(items) => Ok((effective, items)),
        other => Err(StateError::runtime(format!(
            "The Map state's items must be an array, found {}",
            crate::asl::fields::type_name(&other)
        ))),
    }
}

/// ItemSelector (or legacy Parameters) for one item, with `$$.Map.Item` bound.
#[allow(clippy::too_many_arguments)]
fn item_input(
    visit: &Visit<'_, '_>,
    scope: &Scope,
    map: &MapState,
    base_context: &Value,
    effective: &Arc<Value>,
    index: usize,
    item: Value,
) -> Result<Arc<Value>, StateError> {
    let selector = map
        .item_selector
        .as_ref()
        .or(visit.state.parameters.as_ref());
    let Some(selector) = selector else {
        return Ok(Arc::new(item));
    };
    let mut context = base_context.clone();
    if let Value::Object(m) = &mut context {
        // The item moves into `$$.Map.Item.Value`: json! would serialize a copy of it.
        let mut item_fields = serde_json::Map::with_capacity(2);
        item_fields.insert("Index".into(), Value::from(index));
        item_fields.insert("Value".into(), item);
        let mut map_fields = serde_json::Map::with_capacity(1);
        map_fields.insert("Item".into(), Value::Object(item_fields));
        m.insert("Map".into(), Value::Object(map_fields));
    }
    if visit.language == QueryLanguage::Jsonata {
        let states = jsonata::states_binding(effective, None, None, &context);
        return jsonata::eval(selector, &states, &scope.vars, visit.exec).map(Arc::new);
    }
    let env = env_of(&context, visit.exec, scope);
    pipeline::template(selector, effective, &env).map(Arc::new)
}

/// The context for one item's selector: only the parts of the state's context the selector
/// names (`$$.Execution` holds the execution input), as it is copied for every item.
fn item_context(context: &Value, selector: &Value) -> Value {
    let Value::Object(map) = context else {
        return json!({});
    };
    let text = selector.to_string();
    let read = context_keys_read(&text);
    let copy = map
        .iter()
        .filter(|(k, _)| read.as_ref().is_none_or(|keys| keys.contains(&k.as_str())))
        .map(|(k, v)| (k.clone(), v.clone()))
        .collect();
    Value::Object(copy)
}

/// The top-level context keys `text` reads as `$$.Key`; `None` when it may read any (`$$`
/// alone, `$$[...]`, JSONata's `$states.context`).
fn context_keys_read(text: &str) -> Option<Vec<&str>> {
    if text.contains("$states.context") {
        return None;
    }
    let mut keys = Vec::new();
    for (at, _) in text.match_indices("$$") {
        let rest = text.get(at + 2..).unwrap_or_default();
        let name = rest.strip_prefix('.')?;
        let end = name
            .find(|c: char| !(c.is_ascii_alphanumeric() || c == '_'))
            .unwrap_or(name.len());
        keys.push(name.get(..end)?);
    }
    Some(keys)
}
/// A number field, its `*Path` variant, or a JSONata expression.
fn number(
    visit: &Visit<'_, '_>,
    scope: &Scope,
    field: &Option<NumberField>,
    path: &Option<String>,
) -> Result<Option<f64>, StateError> {
    if let Some(p) = path {
        let env = env_of(&visit.context, visit.exec, scope);
        let v = pipeline::query(p, &visit.input, &env)?;
        return v
            .as_f64()
            .map(Some)
            .ok_or_else(|| StateError::runtime(format!("{p} must select a number, found {v}")));
    }
    match field {
        None => Ok(None),
        Some(NumberField::Number(n)) => Ok(n.as_f64()),
        Some(NumberField::Text(t)) => {
            let v = jsonata::eval_field(visit, scope, &Value::String(t.clone()))?;
            v.as_f64().map(Some).ok_or_else(|| {
                StateError::runtime(format!("{t} must evaluate to a number, found {v}"))
            })
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_item_context_keeps_only_what_the_selector_reads() {
        let context = json!({"Execution": {"Input": {"big": 1}}, "State": {"Name": "M"},
                             "StateMachine": {"Name": "S"}});
        let selector = json!({"i.$": "$$.Map.Item.Index", "s.$": "$$.State.Name"});
        assert_eq!(
            item_context(&context, &selector),
            json!({"State": {"Name": "M"}})
        );
        for reads_all in [json!({"all.$": "$$"}), json!({"x.$": "$$['State']"})] {
            assert_eq!(item_context(&context, &reads_all), context);
        }
        let jsonata = json!("{% $states.context.Execution.Input %}");
        assert_eq!(item_context(&context, &jsonata), context);
    }
}
