//! Every path, reference path and intrinsic call a definition holds, and every state, found
//! before the run so the parse cache can key them up front (see `ParseCache::for_machine`).
//!
//! Missing one costs only speed: the cache parses anything else on first use.

use serde_json::Value;

use crate::asl::states::ChoiceRule;
use crate::asl::{NullablePath, State, StateKind, StateMachine};
use crate::intrinsics;

/// What [`collect`] found, borrowed from the definition.
#[derive(Debug, Default)]
pub(crate) struct DefinitionTexts<'m> {
    /// JSONPaths: InputPath, OutputPath, `key.$` paths, Choice variables, `*Path` fields.
    pub paths: Vec<&'m str>,
    /// ResultPaths, of states and catchers.
    pub references: Vec<&'m str>,
    /// Intrinsic calls in `key.$` fields and Fail's ErrorPath/CausePath.
    pub calls: Vec<&'m str>,
    /// Every state with its name, nested machines included.
    pub states: Vec<(&'m str, &'m State)>,
    /// Every Parameters template.
    pub parameters: Vec<&'m Value>,
}

/// Walks `machine` and the machines nested in its Parallel and Map states.
pub(crate) fn collect(machine: &StateMachine) -> DefinitionTexts<'_> {
    let mut texts = DefinitionTexts::default();
    add_machine(machine, &mut texts);
    texts
}

fn add_machine<'m>(machine: &'m StateMachine, texts: &mut DefinitionTexts<'m>) {
    for (name, state) in &machine.states {
        texts.states.push((name, state));
        add_state(state, texts);
        for child in state.kind.child_machines() {
            add_machine(child, texts);
        }
    }
}

fn add_state<'m>(state: &'m State, texts: &mut DefinitionTexts<'m>) {
    for path in [&state.input_path, &state.output_path]
        .into_iter()
        .flatten()
    {
        add_nullable(path, &mut texts.paths);
    }
    if let Some(path) = &state.result_path {
        add_nullable(path, &mut texts.references);
    }
    if let Some(parameters) = &state.parameters {
        texts.parameters.push(parameters);
    }
    let templates = [&state.parameters, &state.result_selector, &state.assign];
    for template in templates.into_iter().flatten() {
        add_template(template, texts);
    }
    for catcher in state.catch.iter().flatten() {
        if let Some(path) = &catcher.result_path {
            add_nullable(path, &mut texts.references);
        }
        if let Some(assign) = &catcher.assign {
            add_template(assign, texts);
        }
    }
    add_kind(&state.kind, texts);
}

fn add_kind<'m>(kind: &'m StateKind, texts: &mut DefinitionTexts<'m>) {
    let mut path = |text: &'m Option<String>| {
        if let Some(text) = text {
            texts.paths.push(text);
        }
    };
    match kind {
        StateKind::Choice(choice) => {
            for rule in &choice.choices {
                add_rule(rule, texts);
            }
        }
        StateKind::Wait(wait) => {
            path(&wait.seconds_path);
            path(&wait.timestamp_path);
        }
        StateKind::Task(task) => {
            path(&task.timeout_seconds_path);
            path(&task.heartbeat_seconds_path);
        }
        StateKind::Map(map) => {
            path(&map.items_path);
            path(&map.max_concurrency_path);
            path(&map.tolerated_failure_count_path);
            path(&map.tolerated_failure_percentage_path);
            if let Some(selector) = &map.item_selector {
                add_template(selector, texts);
            }
        }
        StateKind::Fail(fail) => {
            for text in [&fail.error_path, &fail.cause_path].into_iter().flatten() {
                add_expression(text, texts);
            }
        }
        _ => {}
    }
}

fn add_rule<'m>(rule: &'m ChoiceRule, texts: &mut DefinitionTexts<'m>) {
    if let Some(variable) = &rule.variable {
        texts.paths.push(variable);
    }
    for comparison in &rule.comparisons {
        if let (true, Value::String(path)) = (comparison.op.path, &comparison.value) {
            texts.paths.push(path);
        }
    }
    let nested = rule.and.iter().chain(&rule.or).flatten();
    for inner in nested.chain(rule.not.as_deref()) {
        add_rule(inner, texts);
    }
    if let Some(assign) = &rule.assign {
        add_template(assign, texts);
    }
}

fn add_nullable<'m>(path: &'m NullablePath, out: &mut Vec<&'m str>) {
    if let NullablePath::Path(text) = path {
        out.push(text);
    }
}

/// The `key.$` expressions of a payload template, at any depth.
fn add_template<'m>(template: &'m Value, texts: &mut DefinitionTexts<'m>) {
    match template {
        Value::Object(map) => {
            for (key, value) in map {
                match value {
                    Value::String(text) if key.ends_with(".$") => add_expression(text, texts),
                    _ => add_template(value, texts),
                }
            }
        }
        Value::Array(items) => items.iter().for_each(|item| add_template(item, texts)),
        _ => {}
    }
}

/// A `key.$` value: an intrinsic call or a path.
fn add_expression<'m>(text: &'m str, texts: &mut DefinitionTexts<'m>) {
    if intrinsics::looks_like_intrinsic(text) {
        texts.calls.push(text);
    } else {
        texts.paths.push(text);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::tests::machine;
    use serde_json::json;

    #[test]
    fn finds_every_kind_of_text_in_nested_machines() {
        let definition = json!({
            "StartAt": "P",
            "States": {
                "P": {"Type": "Pass", "InputPath": "$.in", "OutputPath": "$.out",
                      "ResultPath": "$.r", "Parameters": {"a.$": "$.a", "n": {"c.$": "States.Array($.b)"}},
                      "Next": "C"},
                "C": {"Type": "Choice", "Choices": [
                        {"Variable": "$.v", "NumericLessThanPath": "$.limit", "Next": "M"},
                        {"Not": {"Variable": "$.w", "IsPresent": true}, "Next": "M"}],
                      "Default": "M"},
                "M": {"Type": "Map", "ItemsPath": "$.items", "ItemSelector": {"i.$": "$$.Map.Item.Index"},
                      "ItemProcessor": {"StartAt": "F", "States": {
                          "F": {"Type": "Fail", "ErrorPath": "States.Format('{}', $.e)", "CausePath": "$.c"}}},
                      "Catch": [{"ErrorEquals": ["States.ALL"], "ResultPath": "$.err", "Next": "W"}],
                      "Next": "W"},
                "W": {"Type": "Wait", "SecondsPath": "$.s", "End": true}
            }
        });
        let machine = machine(definition);
        let texts = collect(&machine);
        let mut paths = texts.paths.clone();
        paths.sort_unstable();
        assert_eq!(
            paths,
            [
                "$$.Map.Item.Index",
                "$.a",
                "$.c",
                "$.in",
                "$.items",
                "$.limit",
                "$.out",
                "$.s",
                "$.v",
                "$.w"
            ]
        );
        assert_eq!(texts.references, ["$.r", "$.err"]);
        assert_eq!(
            texts.calls,
            ["States.Array($.b)", "States.Format('{}', $.e)"]
        );
        let names: Vec<&str> = texts.states.iter().map(|(name, _)| *name).collect();
        assert_eq!(names, ["P", "C", "M", "F", "W"]);
        assert_eq!(texts.parameters.len(), 1);
    }
}
