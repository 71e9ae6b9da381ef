//! Parameters that move values out of an input nobody reads again.
//!
//! `"data.$": "$.data"` copies `data` out of the input, and the input is dropped right after
//! when nothing else holds it: for a large `data` the copy and the drop are most of the
//! state's work. When the caller owns the input, the fields a [`MovePlan`] allows take their
//! value out of it instead.

use std::sync::{Arc, LazyLock};

use serde_json::{Map, Value};

use super::cache::ParseCache;
use super::error::StateError;
use super::pipeline::{self, Env};
use crate::asl::{NullablePath, NumberField, State, StateKind};
use crate::intrinsics::{self, ArgValue, Call, PathKind};
use crate::jsonpath::{Root, Selection, Step};

/// Which top-level fields of a template may take their value out of the input: a `key.$`
/// field whose value is a definite input path that no other input path of the template
/// overlaps (neither path's steps a prefix of the other's). Any indefinite input path, or `$`
/// itself, anywhere in the template moves nothing.
#[derive(Debug, Default)]
pub(crate) struct MovePlan {
    /// In template order.
    moves: Vec<Move>,
}

/// At most this many fields move (one bit each in [`template_moving`]).
const MAX_MOVES: usize = 64;

/// One field that moves: its positions in the template object and in the output, its key
/// and path as written, its output name and its path's steps.
#[derive(Debug)]
struct Move {
    index: usize,
    position: usize,
    key: Box<str>,
    expr: Box<str>,
    name: Box<str>,
    steps: Vec<Step>,
}

/// One input path the template reads, with the top-level field it is in.
struct Read {
    field: usize,
    steps: Vec<Step>,
}

impl MovePlan {
    /// The plan for `template`; paths and calls are parsed through `cache`.
    pub fn of(template: &Value, cache: &ParseCache) -> MovePlan {
        plan(template, cache).unwrap_or_default()
    }

    /// True when no field moves.
    pub fn is_empty(&self) -> bool {
        self.moves.is_empty()
    }
}

/// `None` when nothing may move: a path that does not parse, an indefinite input path or `$`.
fn plan(template: &Value, cache: &ParseCache) -> Option<MovePlan> {
    let Value::Object(map) = template else {
        return Some(MovePlan::default());
    };
    let mut reads = Vec::new();
    let mut candidates = Vec::new();
    for (field, (key, value)) in map.iter().enumerate() {
        let before = reads.len();
        reads_of_field(key, value, field, cache, &mut reads)?;
        let is_path = matches!(value, Value::String(expr)
            if key.ends_with(".$") && !intrinsics::looks_like_intrinsic(expr));
        let [only] = &reads[before..] else { continue };
        let movable = is_path
            && only
                .steps
                .iter()
                .all(|s| !matches!(s, Step::Index(i) if *i < 0))
            && output_name_is_unique(map, key, value);
        if let (true, Value::String(expr)) = (movable, value) {
            candidates.push((field, key, expr));
        }
    }
    let moves = candidates
        .into_iter()
        .filter_map(|(field, key, expr)| {
            let own = reads.iter().find(|r| r.field == field)?;
            let disjoint = reads
                .iter()
                .filter(|r| r.field != field)
                .all(|r| !overlaps(&own.steps, &r.steps));
            disjoint.then(|| Move {
                index: field,
                position: output_position(map, field),
                key: key.as_str().into(),
                expr: expr.as_str().into(),
                name: key.strip_suffix(".$").unwrap_or(key).into(),
                steps: own.steps.clone(),
            })
        })
        .take(MAX_MOVES)
        .collect();
    Some(MovePlan { moves })
}

/// The name a template field's value goes under in the output.
fn output_name<'k>(key: &'k str, value: &Value) -> &'k str {
    match (key.strip_suffix(".$"), value) {
        (Some(name), Value::String(_)) => name,
        _ => key,
    }
}

/// True unless another field writes the same output member (`a` and `a.$`).
fn output_name_is_unique(map: &Map<String, Value>, key: &str, value: &Value) -> bool {
    let name = output_name(key, value);
    map.iter()
        .filter(|(k, v)| output_name(k, v) == name)
        .count()
        == 1
}

/// Where the output member of field `field` goes: after the distinct names before it.
fn output_position(map: &Map<String, Value>, field: usize) -> usize {
    let mut names: Vec<&str> = map
        .iter()
        .take(field)
        .map(|(k, v)| output_name(k, v))
        .collect();
    names.sort_unstable();
    names.dedup();
    names.len()
}

/// Adds the input paths one template field reads, at any depth; `None` if nothing may move.
fn reads_of_field(
    key: &str,
    value: &Value,
    field: usize,
    cache: &ParseCache,
    reads: &mut Vec<Read>,
) -> Option<()> {
    match (key.ends_with(".$"), value) {
        (true, Value::String(expr)) if intrinsics::looks_like_intrinsic(expr) => {
            let call = cache.call(expr).ok()?;
            reads_of_call(&call, field, cache, reads)
        }
        (true, Value::String(expr)) => reads_of_path(expr, field, cache, reads),
        (_, Value::Object(map)) => map
            .iter()
            .try_for_each(|(k, v)| reads_of_field(k, v, field, cache, reads)),
        (_, Value::Array(items)) => items
            .iter()
            .try_for_each(|v| reads_of_field("", v, field, cache, reads)),
        _ => Some(()),
    }
}

/// The input paths of an intrinsic call's arguments, nested calls included.
fn reads_of_call(
    call: &Call,
    field: usize,
    cache: &ParseCache,
    reads: &mut Vec<Read>,
) -> Option<()> {
    call.args.iter().try_for_each(|arg| match &arg.value {
        ArgValue::Path(p) if p.kind == PathKind::Input => {
            reads_of_path(&p.text, field, cache, reads)
        }
        ArgValue::Call(inner) => reads_of_call(inner, field, cache, reads),
        _ => Some(()),
    })
}

/// Adds `text` if it reads the input; `None` if it is not a definite path below `$`.
fn reads_of_path(
    text: &str,
    field: usize,
    cache: &ParseCache,
    reads: &mut Vec<Read>,
) -> Option<()> {
    let path = cache.path(text).ok()?;
    if *path.root() != Root::Input {
        return Some(());
    }
    let steps = path.steps().filter(|steps| !steps.is_empty())?;
    reads.push(Read {
        field,
        steps: steps.to_vec(),
    });
    Some(())
}

/// True when one path's steps may be a prefix of the other's. A negative index may name any
/// element, so it may equal any index.
fn overlaps(a: &[Step], b: &[Step]) -> bool {
    a.iter().zip(b).all(|pair| match pair {
        (Step::Field(x), Step::Field(y)) => x == y,
        (Step::Index(i), Step::Index(j)) => i == j || *i < 0 || *j < 0,
        _ => false,
    })
}

/// [`pipeline::template`] over an input it owns, moving the planned fields' values out of it.
///
/// Every field is evaluated in template order, borrowing the input, so an error is the one
/// the copying template gives, showing the input intact. A planned field whose value is
/// costly to copy (see [`worth_moving`]) keeps its place with a placeholder; once every field
/// has been evaluated, those values are taken out of the input, leaving `null` in it.
pub(crate) fn template_moving(
    template: &Value,
    plan: &MovePlan,
    mut input: Value,
    env: &Env<'_>,
) -> Result<Value, StateError> {
    let Value::Object(map) = template else {
        return pipeline::template(template, &input, env);
    };
    let mut out = Map::with_capacity(map.len());
    let mut moves = plan.moves.iter().enumerate().peekable();
    // Bit `i` set: the `i`th planned move takes its value (the plan has at most 64).
    let mut taking = 0u64;
    for (index, (key, value)) in map.iter().enumerate() {
        let (name, value) = match moves.next_if(|(_, m)| m.index == index) {
            Some((bit, m)) => {
                let selected = pipeline::select_field(&m.key, &m.expr, &input, env)?;
                let value = match selected {
                    Selection::One(v) if worth_moving(v) => {
                        taking |= 1 << bit;
                        Value::Null
                    }
                    other => other.into_value(),
                };
                (String::from(&*m.name), value)
            }
            None => pipeline::field(key, value, &input, env)?,
        };
        out.insert(name, value);
    }
    for (bit, m) in plan.moves.iter().enumerate() {
        if taking & (1 << bit) == 0 {
            continue;
        }
        let taken = slot_at(&mut input, &m.steps).map(std::mem::take);
        match (taken, out.values_mut().nth(m.position)) {
            (Some(value), Some(slot)) => *slot = value,
            // The path was just found and nothing it leads through was taken.
            _ => return Err(StateError::runtime("a Parameters value could not be moved")),
        }
    }
    Ok(Value::Object(out))
}

/// True when copying `value` costs more than finding it again: a container with members,
/// or a long string. A number or a short string is copied as the copying template does.
fn worth_moving(value: &Value) -> bool {
    match value {
        Value::Array(items) => !items.is_empty(),
        Value::Object(map) => !map.is_empty(),
        Value::String(text) => text.len() >= LONG_STRING,
        _ => false,
    }
}

/// Strings from this length on are moved rather than copied.
const LONG_STRING: usize = 256;

/// The value at `steps` in `doc`, if there is one.
fn slot_at<'v>(doc: &'v mut Value, steps: &[Step]) -> Option<&'v mut Value> {
    let mut node = doc;
    for step in steps {
        node = match (step, node) {
            (Step::Field(name), Value::Object(map)) => map.get_mut(&**name)?,
            (Step::Index(index), Value::Array(items)) => {
                items.get_mut(usize::try_from(*index).ok()?)?
            }
            _ => return None,
        };
    }
    Some(node)
}

// When moving is worth trying at all: the state-level policy around the plan.

/// Inputs shorter than this (as JSON text) are copied: what they hold is a few small values,
/// which cost about as much to copy as the bookkeeping of moving them.
pub(crate) const MOVE_FROM_INPUT_BYTES: usize = 64;

/// True when some top-level `key.$` field is a path, the only kind of field that can move:
/// a quick look that spares templates of intrinsics and constants the plan lookup.
pub(crate) fn has_path_field(template: &Value) -> bool {
    template.as_object().is_some_and(|map| {
        map.iter().any(|(key, value)| {
            key.ends_with(".$")
                && value
                    .as_str()
                    .is_some_and(|expr| !intrinsics::looks_like_intrinsic(expr))
        })
    })
}

/// What the visit's raw input is left as once let go: one shared `null`, which costs no
/// allocation.
pub(crate) fn vacated() -> Arc<Value> {
    static NULL: LazyLock<Arc<Value>> = LazyLock::new(|| Arc::new(Value::Null));
    Arc::clone(&NULL)
}

/// True when a stage after Parameters reads the state's raw input: a ResultPath other than
/// `$` (null returns the input, a path merges into it), or a Task's timeouts read from it.
pub(crate) fn reads_raw_input_after_parameters(state: &State) -> bool {
    let result_path_reads = match &state.result_path {
        None => false,
        Some(NullablePath::Null) => true,
        // As `pipeline::merge_result`: `$`, trailing blanks ignored, replaces the input.
        Some(NullablePath::Path(p)) => p.trim_end() != "$",
    };
    let task_reads = match &state.kind {
        StateKind::Task(t) => {
            t.timeout_seconds_path.is_some()
                || t.heartbeat_seconds_path.is_some()
                || matches!(t.timeout_seconds, Some(NumberField::Text(_)))
                || matches!(t.heartbeat_seconds, Some(NumberField::Text(_)))
        }
        _ => false,
    };
    result_path_reads || task_reads
}

#[cfg(test)]
mod tests {

    use serde_json::json;

    use super::*;

    fn with_env<T>(f: impl FnOnce(&Env<'_>) -> T) -> T {
        pipeline::with_test_env(json!({"w": [1]}), f)
    }

    /// The output names of the fields `template` moves.
    fn moved(template: &Value) -> Vec<String> {
        let plan = MovePlan::of(template, &ParseCache::default());
        plan.moves.iter().map(|m| m.name.to_string()).collect()
    }

    fn input() -> Value {
        json!({"i": 1, "n": 10, "data": {"list": [1, 2, {"deep": "x"}], "name": "d"},
               "x": {"a": [1, 2], "b": {"c": "s"}}, "arr": [{"k": 1}, {"k": 2}],
               "items": [{"x": 1}, {"x": 2}], "s": "text"})
    }

    /// Templates with the output names they move, from the benchmark's loop to every way
    /// of reading an input path twice.
    fn cases() -> Vec<(Value, Vec<&'static str>)> {
        vec![
            (
                json!({"i.$": "States.MathAdd($.i, 1)", "n.$": "$.n", "data.$": "$.data"}),
                vec!["n", "data"],
            ),
            // An intrinsic reading the moved path, its sibling, parent or child.
            (
                json!({"a.$": "$.x.a", "l.$": "States.ArrayLength($.x.a)"}),
                vec![],
            ),
            (
                json!({"a.$": "$.x.a", "l.$": "States.JsonToString($.x.b)"}),
                vec!["a"],
            ),
            (
                json!({"a.$": "$.x.a", "p.$": "States.JsonToString($.x)"}),
                vec![],
            ),
            (
                json!({"x.$": "$.x", "c.$": "States.Format('{}', $.x.b.c)"}),
                vec![],
            ),
            (
                json!({"x.$": "$.x", "c.$": "States.ArrayLength(States.Array($.i, $.x.a))"}),
                vec![],
            ),
            (
                json!({"x.$": "$.x", "c.$": "States.ArrayLength(States.Array($.i, $.n))"}),
                vec!["x"],
            ),
            // The same path twice, in fields or nested templates.
            (json!({"a.$": "$.data", "b.$": "$.data"}), vec![]),
            (json!({"a.$": "$.x", "nest": {"b.$": "$.x.a"}}), vec![]),
            (
                json!({"a.$": "$.x", "nest": [{"b.$": "$.data.name"}, "$.x"], "lit": "$.x"}),
                vec!["a"],
            ),
            (
                json!({"a.$": "$.x", "nest": [[{"b.$": "$.x.b.c"}]]}),
                vec![],
            ),
            // The context and variables are not the input.
            (
                json!({"c.$": "$$.Execution.Name", "v.$": "$v.w", "d.$": "$.data"}),
                vec!["d"],
            ),
            (json!({"v.$": "$v", "d.$": "$.data"}), vec!["d"]),
            // Indefinite paths and `$` anywhere move nothing.
            (
                json!({"d.$": "$.data", "f.$": "$.items[?(@.x > 1)]"}),
                vec![],
            ),
            (json!({"d.$": "$.data", "w.$": "$.items[*].x"}), vec![]),
            (json!({"d.$": "$.data", "w.$": "$..deep"}), vec![]),
            (json!({"d.$": "$.data", "all.$": "$"}), vec![]),
            (
                json!({"d.$": "$.data", "s.$": "States.JsonToString($)"}),
                vec![],
            ),
            (
                json!({"d.$": "$.data", "n": {"s.$": "States.ArrayLength($.items[*])"}}),
                vec![],
            ),
            // Array elements: distinct indexes are disjoint, a negative one may be any.
            (
                json!({"a.$": "$.arr[0]", "b.$": "$.arr[1]"}),
                vec!["a", "b"],
            ),
            (json!({"a.$": "$.arr[-1]", "b.$": "$.arr[0]"}), vec![]),
            (json!({"a.$": "$.arr[-1]", "d.$": "$.data"}), vec!["d"]),
            (
                json!({"a.$": "$.arr[0].k", "b.$": "$.arr[1]['k']"}),
                vec!["a", "b"],
            ),
            // Two fields writing one output member.
            (json!({"d.$": "$.data", "d": 1}), vec![]),
            (
                json!({"a": 1, "a.$": "$.s", "d.$": "$.data", "b": [], "e.$": "$.n"}),
                vec!["d", "e"],
            ),
            (json!({"d.$": "$.data", "e.$": 5, "f": "$.data"}), vec!["d"]),
            // Order of the output is the template's.
            (
                json!({"z": 0, "d.$": "$.data", "m.$": "States.MathAdd($.n, 1)", "a.$": "$.s"}),
                vec!["d", "a"],
            ),
        ]
    }

    #[test]
    fn plans_move_only_definite_input_paths_that_nothing_else_reads() {
        for (template, expected) in cases() {
            assert_eq!(moved(&template), expected, "{template}");
        }
        assert!(moved(&json!("$.data")).is_empty());
        assert!(moved(&json!({"bad.$": "$.[", "d.$": "$.data"})).is_empty());
        assert!(moved(&json!({"bad.$": "States.Nope($.i)", "d.$": "$.data"})).is_empty());
    }

    #[test]
    fn moving_gives_the_copying_templates_output_in_the_same_order() {
        for (template, _) in cases() {
            with_env(|env| {
                let copied = pipeline::template(&template, &input(), env).expect("copied");
                let plan = MovePlan::of(&template, env.cache);
                let moved = template_moving(&template, &plan, input(), env).expect("moved");
                assert_eq!(moved.to_string(), copied.to_string(), "{template}");
            });
        }
    }

    #[test]
    fn a_moved_value_keeps_its_allocation() {
        let template = json!({"i.$": "States.MathAdd($.i, 1)", "data.$": "$.data"});
        let input = input();
        let list = input["data"]["list"].as_array().map(|a| a.as_ptr());
        let out = with_env(|env| {
            let plan = MovePlan::of(&template, env.cache);
            template_moving(&template, &plan, input, env).expect("moved")
        });
        assert_eq!(out["data"]["list"].as_array().map(|a| a.as_ptr()), list);
        assert_eq!(out["i"], json!(2));
    }

    #[test]
    fn containers_and_long_strings_move_and_short_values_are_copied() {
        let long = "x".repeat(LONG_STRING);
        let input = json!({"long": long, "short": "s", "n": 1, "empty": [], "arr": [1]});
        let pointers = |v: &Value| {
            (
                v["long"].as_str().map(str::as_ptr),
                v["short"].as_str().map(str::as_ptr),
                v["arr"].as_array().map(|a| a.as_ptr()),
            )
        };
        let before = pointers(&input);
        let expected = input.clone();
        let template = json!({"long.$": "$.long", "short.$": "$.short", "n.$": "$.n",
                              "empty.$": "$.empty", "arr.$": "$.arr"});
        let out = with_env(|env| {
            let plan = MovePlan::of(&template, env.cache);
            assert_eq!(plan.moves.len(), 5);
            template_moving(&template, &plan, input, env).expect("moved")
        });
        assert_eq!(out, expected);
        let after = pointers(&out);
        assert_eq!(after.0, before.0);
        assert_ne!(after.1, before.1);
        assert_eq!(after.2, before.2);
    }

    #[test]
    fn only_the_first_64_fields_move_and_the_rest_are_copied() {
        let mut template = Map::new();
        let mut input = Map::new();
        for i in 0..70 {
            template.insert(format!("f{i}.$"), json!(format!("$.v{i}")));
            input.insert(format!("v{i}"), json!([i]));
        }
        let (template, input) = (Value::Object(template), Value::Object(input));
        with_env(|env| {
            let plan = MovePlan::of(&template, env.cache);
            assert_eq!(plan.moves.len(), MAX_MOVES);
            let copied = pipeline::template(&template, &input, env).expect("copied");
            let moved = template_moving(&template, &plan, input.clone(), env).expect("moved");
            assert_eq!(moved.to_string(), copied.to_string());
        });
    }

    #[test]
    fn a_missing_path_shows_the_whole_input_as_the_copying_template_does() {
        let templates = [
            // The moving path is missing; a later moving field's value is still in the input.
            json!({"m.$": "$.missing", "d.$": "$.data"}),
            // A later field fails after a moving one: the moved value is still there too.
            json!({"d.$": "$.data", "m.$": "$.missing"}),
            json!({"d.$": "$.data", "m.$": "States.ArrayLength($.missing)"}),
            json!({"d.$": "$.data", "n": {"m.$": "$.x.b.missing"}}),
            // A later moving field fails after an earlier one was taken: it is put back.
            json!({"d.$": "$.data", "s.$": "$.s", "m.$": "$.missing", "x.$": "$.x"}),
            // A moving field's error comes before a later borrowing field's, and after an
            // earlier one's.
            json!({"m.$": "$.missing", "n.$": "States.ArrayLength($.nope)", "d.$": "$.data"}),
            json!({"n.$": "States.ArrayLength($.nope)", "m.$": "$.missing", "d.$": "$.data"}),
            json!({"d.$": "$.data", "n": [{"z.$": "$.nope"}], "m.$": "$.missing"}),
        ];
        for template in templates {
            with_env(|env| {
                let plan = MovePlan::of(&template, env.cache);
                assert!(!plan.is_empty(), "{template}");
                let copied = pipeline::template(&template, &input(), env).unwrap_err();
                let moved = template_moving(&template, &plan, input(), env).unwrap_err();
                assert_eq!(moved, copied, "{template}");
            });
        }
        let err = with_env(|env| {
            let template = json!({"d.$": "$.data", "m.$": "$.missing"});
            let plan = MovePlan::of(&template, env.cache);
            template_moving(&template, &plan, input(), env).unwrap_err()
        });
        let cause = err.cause.unwrap_or_default();
        assert!(
            cause.contains("could not be found in the input")
                && cause.contains(&input().to_string()),
            "{cause}"
        );
    }

    #[test]
    fn slots_are_found_only_where_the_path_leads() {
        let mut doc = json!({"a": [{"b": 1}, 2], "s": "t"});
        let a0 = [Step::Field("a".into()), Step::Index(0)];
        assert_eq!(
            slot_at(&mut doc, &a0).map(std::mem::take),
            Some(json!({"b": 1}))
        );
        assert_eq!(doc, json!({"a": [null, 2], "s": "t"}));
        let missing = [
            vec![Step::Field("s".into()), Step::Field("x".into())],
            vec![Step::Field("a".into()), Step::Index(5)],
            vec![Step::Field("a".into()), Step::Index(-1)],
            vec![Step::Index(0)],
        ];
        for steps in missing {
            assert_eq!(slot_at(&mut doc, &steps), None, "{steps:?}");
        }
    }
}
