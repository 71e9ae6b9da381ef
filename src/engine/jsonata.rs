//! JSONata states: `$states` bindings, Arguments/Output/Assign evaluation, Catch output.

use std::sync::Arc;

use serde_json::{Map, Value};

use super::error::{StateError, QUERY_EVALUATION_ERROR};
use super::exec::{Exec, Scope};
use super::interpreter::Visit;
use super::pipeline::Env;
use crate::jsonata::Bindings;

/// A JSONata state's output and the variables it assigned.
pub(crate) type Finished = (Arc<Value>, Option<Map<String, Value>>);

/// The object bound to `$states`.
pub(crate) fn states_binding(
    input: &Value,
    result: Option<&Value>,
    error_output: Option<&Value>,
    context: &Value,
) -> Value {
    let mut m = Map::new();
    m.insert("input".into(), input.clone());
    if let Some(r) = result {
        m.insert("result".into(), r.clone());
    }
    if let Some(e) = error_output {
        m.insert("errorOutput".into(), e.clone());
    }
    m.insert("context".into(), context.clone());
    Value::Object(m)
}

/// Evaluates every `{% %}` string in `value` (objects and arrays walked), others as they are.
pub(crate) fn eval(
    value: &Value,
    states: &Value,
    vars: &Map<String, Value>,
    exec: &Exec,
) -> Result<Value, StateError> {
    evaluate_template(value, states, vars, exec)
}

fn evaluate_template(
    value: &Value,
    states: &Value,
    vars: &Map<String, Value>,
    exec: &Exec,
) -> Result<Value, StateError> {
    // Most Output/Assign fields hold a few literals: skip the evaluator for those.
    if !contains_expression(value) {
        return Ok(value.clone());
    }
    let bindings = Bindings {
        states,
        variables: vars,
    };
    let mut random = || exec.random();
    crate::jsonata::evaluate_template(value, &bindings, &mut random)
        .map_err(|e| StateError::new(QUERY_EVALUATION_ERROR, e.message))
}

fn contains_expression(value: &Value) -> bool {
    match value {
        Value::String(s) => crate::jsonata::expression_body(s).is_some(),
        Value::Array(items) => items.iter().any(contains_expression),
        Value::Object(map) => map.values().any(contains_expression),
        _ => false,
    }
}

/// Evaluates an `Assign` object: each value may be an expression; names are variables.
pub(crate) fn assign(
    assign: Option<&Value>,
    states: &Value,
    vars: &Map<String, Value>,
    exec: &Exec,
) -> Result<Option<Map<String, Value>>, StateError> {
    let Some(assign) = assign else {
        return Ok(None);
    };
    match eval(assign, states, vars, exec)? {
        Value::Object(map) => Ok(Some(map)),
        other => Err(StateError::new(
            QUERY_EVALUATION_ERROR,
            format!("Assign must be an object, found {other}"),
        )),
    }
}

/// The end of a JSONata state: Output (default `default_output`) and Assign, both seeing
/// `$states.input` and (when there is one) `$states.result`.
pub(crate) fn finish(
    visit: &Visit<'_, '_>,
    scope: &Scope,
    result: Option<&Arc<Value>>,
    default_output: Arc<Value>,
) -> Result<Finished, StateError> {
    let states = states_binding(&visit.input, result.map(|r| &**r), None, &visit.context);
    let assigned = assign(
        visit.state.assign.as_ref(),
        &states,
        &scope.vars,
        visit.exec,
    )?;
    let output = match &visit.state.output {
        Some(o) => Arc::new(eval(o, &states, &scope.vars, visit.exec)?),
        None => default_output,
    };
    Ok((output, assigned))
}

/// Catch in a JSONata state: Output (default the error output) and Assign see `$states.errorOutput`.
pub(crate) fn catch_output(
    exec: &Exec,
    env: &Env<'_>,
    input: &Arc<Value>,
    error_output: &Arc<Value>,
    output: Option<&Value>,
    assign_field: Option<&Value>,
) -> Result<Finished, StateError> {
    let states = states_binding(input, None, Some(error_output), env.context);
    let assigned = assign(assign_field, &states, env.vars, exec)?;
    let out = match output {
        Some(o) => Arc::new(eval(o, &states, env.vars, exec)?),
        None => Arc::clone(error_output),
    };
    Ok((out, assigned))
}

/// Evaluates one JSONata field (Condition, Items, Seconds, ...) with only `$states.input` bound.
pub(crate) fn eval_field(
    visit: &Visit<'_, '_>,
    scope: &Scope,
    field: &Value,
) -> Result<Value, StateError> {
    let states = states_binding(&visit.input, None, None, &visit.context);
    eval(field, &states, &scope.vars, visit.exec)
}
