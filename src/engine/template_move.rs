//! Parameters that move values out of an input nobody reads again.
//!
//! `"data.$": "$.data"` copies `data` out of the input, and the input is dropped right after
//! when nothing else holds it: for a large `data` the copy and the drop are most of the
//! state's work. When the caller owns the input, the fields a [`MovePlan`] allows take their
//! value out of it instead.

use serde_json::{Map, Value};

use super::cache::ParseCache;
use super::error::StateError;
use super::pipeline::{self, Env};
use crate::intrinsics::{self, ArgValue, Call, PathKind};
use crate::jsonpath::{Root, Step};

/// Which top-level fields of a template may take their value out of the input: a `key.$`
/// field whose value is a definite input path that no other input path of the template
/// overlaps (neither path's steps a prefix of the other's). Any indefinite input path, or `$`
/// itself, anywhere in the template moves nothing.
#[derive(Debug, Default)]
pub(crate) struct MovePlan {
    /// In template order.
    moves: Vec<Move>,
}

/// One field that moves: its position in the template object, its output name and its
/// path's steps.
#[derive(Debug)]
struct Move {
    index: usize,
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
        let name = output_name(key, value);
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
        if movable {
            candidates.push((field, name));
        }
    }
    let moves = candidates
        .into_iter()
        .filter_map(|(field, name)| {
            let own = reads.iter().find(|r| r.field == field)?;
            let disjoint = reads
                .iter()
                .filter(|r| r.field != field)
                .all(|r| !overlaps(&own.steps, &r.steps));
            disjoint.then(|| Move {
                index: field,
                name: name.into(),
                steps: own.steps.clone(),
            })
        })
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
/// Everything that borrows the input runs first, in template order, and checks that each
/// moving path finds its value, so an error shows the input intact, as the copying template
/// would; only then are the values taken out, leaving `null` in the input.
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
    let mut moves = plan.moves.iter().peekable();
    for (index, (key, value)) in map.iter().enumerate() {
        let moving = moves.next_if(|m| m.index == index).is_some();
        match (moving, key.strip_suffix(".$"), value) {
            (true, Some(name), Value::String(expr)) => {
                pipeline::select_field(key, expr, &input, env)?;
                out.insert(name.to_owned(), Value::Null);
            }
            _ => pipeline::insert_field(&mut out, key, value, &input, env)?,
        }
    }
    for m in &plan.moves {
        let slot = out.get_mut(&*m.name);
        let taken = take_at(&mut input, &m.steps);
        let (Some(slot), Some(taken)) = (slot, taken) else {
            return Err(StateError::runtime(
                "a Parameters field's value could not be moved out of the input",
            ));
        };
        *slot = taken;
    }
    Ok(Value::Object(out))
}

/// Takes the value at `steps` out of `doc`, leaving `null`; `None` if there is none.
fn take_at(doc: &mut Value, steps: &[Step]) -> Option<Value> {
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
    Some(std::mem::take(node))
}

#[cfg(test)]
mod tests {
    use std::sync::Mutex;

    use serde_json::json;

    use super::*;
    use crate::intrinsics::SplitMix64;

    fn with_env<T>(f: impl FnOnce(&Env<'_>) -> T) -> T {
        let ctx = json!({"Execution": {"Name": "e"}});
        let mut vars = Map::new();
        vars.insert("v".into(), json!({"w": [1]}));
        let rng = Mutex::new(SplitMix64::new(1));
        f(&Env {
            context: &ctx,
            vars: &vars,
            rng: &rng,
            cache: &ParseCache::default(),
        })
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
    fn a_missing_path_shows_the_whole_input_as_the_copying_template_does() {
        let templates = [
            // The moving path is missing; a later moving field's value is still in the input.
            json!({"m.$": "$.missing", "d.$": "$.data"}),
            // A later field fails after a moving one: the moved value is still there too.
            json!({"d.$": "$.data", "m.$": "$.missing"}),
            json!({"d.$": "$.data", "m.$": "States.ArrayLength($.missing)"}),
            json!({"d.$": "$.data", "n": {"m.$": "$.x.b.missing"}}),
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
    fn take_at_leaves_null_and_finds_nothing_where_the_path_does_not_lead() {
        let mut doc = json!({"a": [{"b": 1}, 2], "s": "t"});
        assert_eq!(
            take_at(&mut doc, &[Step::Field("a".into()), Step::Index(0)]),
            Some(json!({"b": 1}))
        );
        assert_eq!(doc, json!({"a": [null, 2], "s": "t"}));
        assert_eq!(
            take_at(
                &mut doc,
                &[Step::Field("s".into()), Step::Field("x".into())]
            ),
            None
        );
        assert_eq!(
            take_at(&mut doc, &[Step::Field("a".into()), Step::Index(5)]),
            None
        );
        assert_eq!(
            take_at(&mut doc, &[Step::Field("a".into()), Step::Index(-1)]),
            None
        );
    }
}
