//! The JSONPath processing stages: InputPath -> Parameters -> ResultSelector -> ResultPath ->
//! OutputPath, plus Assign. Pure functions over shared payloads; a stage that does nothing
//! returns its input's `Arc` without copying.

use std::borrow::Cow;
use std::sync::{Arc, Mutex};

use serde_json::{Map, Value};

use super::cache::ParseCache;
use super::error::{StateError, RESULT_PATH_MATCH_FAILURE, RUNTIME};
use super::limits::json_size;
use super::payload_text::PayloadText;
use crate::asl::NullablePath;
use crate::intrinsics::{self, PathResolver, RandomSource, SplitMix64};
use crate::jsonpath::{member, PathError, Roots, Selection};

/// What paths besides `$` can read: the context object, variables, and randomness for intrinsics.
pub struct Env<'a> {
    pub context: &'a Value,
    pub vars: &'a Map<String, Value>,
    pub rng: &'a Mutex<SplitMix64>,
    pub cache: &'a ParseCache,
}

impl Env<'_> {
    fn roots<'v>(&'v self, input: &'v Value) -> Roots<'v> {
        Roots::new(input, self.context).with_variables(self.vars)
    }
}

/// Evaluates a path (InputPath, OutputPath, ItemsPath, `*Path` fields) against `input`.
pub fn query(path: &str, input: &Value, env: &Env<'_>) -> Result<Value, StateError> {
    let parsed = env.cache.path(path).map_err(path_error)?;
    parsed.evaluate(&env.roots(input)).map_err(path_error)
}

/// [`query`] without copying a single selected node out of the documents.
pub fn query_ref<'v>(
    path: &str,
    input: &'v Value,
    env: &Env<'v>,
) -> Result<Cow<'v, Value>, StateError> {
    let parsed = env.cache.path(path).map_err(path_error)?;
    let roots = Roots::new(input, env.context).with_variables(env.vars);
    match parsed.select(&roots).map_err(path_error)? {
        Selection::One(value) => Ok(Cow::Borrowed(value)),
        many => Ok(Cow::Owned(many.into_value())),
    }
}

fn path_error(e: PathError) -> StateError {
    StateError::new(e.aws_error_name(), e.to_string())
}

/// InputPath / OutputPath: absent keeps the value, null gives `{}`, a path selects.
pub fn select(
    value: &Arc<Value>,
    path: Option<&NullablePath>,
    env: &Env<'_>,
) -> Result<Arc<Value>, StateError> {
    match path {
        None => Ok(Arc::clone(value)),
        Some(NullablePath::Null) => Ok(Arc::new(Value::Object(Map::new()))),
        Some(NullablePath::Path(p)) if p == "$" => Ok(Arc::clone(value)),
        Some(NullablePath::Path(p)) => query(p, value, env).map(Arc::new),
    }
}

/// ResultPath: absent or `$` gives the result, null the state input, a path merges the result
/// into the state input: in place when nothing else holds the input, else into a copy.
pub fn merge_result(
    input: Arc<Value>,
    result: Arc<Value>,
    path: Option<&NullablePath>,
    cache: &ParseCache,
) -> Result<Arc<Value>, StateError> {
    let text = match path {
        None => return Ok(result),
        Some(NullablePath::Null) => return Ok(input),
        Some(NullablePath::Path(p)) => p,
    };
    let reference = cache
        .reference(text)
        .map_err(|e| StateError::new(RESULT_PATH_MATCH_FAILURE, e.to_string()))?;
    if reference.as_str().trim_end() == "$" {
        return Ok(result);
    }
    let target = Arc::unwrap_or_clone(input);
    let result = Arc::unwrap_or_clone(result);
    reference
        .set(target, result)
        .map(Arc::new)
        .map_err(|e| StateError::new(RESULT_PATH_MATCH_FAILURE, e.to_string()))
}

/// [`merge_result`] that also gives the merged value's text when it can be spliced from the
/// input's text: ResultPath `$.a.b` adding a member that did not exist, or replacing the
/// value of a member, inside objects that each end their parent's text. Serializing a large
/// input again for one small change is most of a payload-heavy run's work.
pub fn merge_result_with_text(
    input: Arc<Value>,
    input_text: &PayloadText,
    result: Arc<Value>,
    path: Option<&NullablePath>,
    cache: &ParseCache,
) -> Result<(Arc<Value>, Option<PayloadText>), StateError> {
    let reference = match path {
        Some(NullablePath::Path(p)) => cache.reference(p).ok(),
        _ => None,
    };
    let names = reference.as_deref().and_then(|r| r.input_member_names());
    let site = names
        .as_deref()
        .and_then(|names| splice_site(&input, names));
    let merged = merge_result(input, result, path, cache)?;
    let text = names.zip(site).and_then(|(names, site)| {
        let written = names.get(..=site.depth)?;
        let value = written
            .iter()
            .try_fold(&*merged, |node, name| member(node.as_object()?, name))?;
        let closing_braces = site.depth + 1;
        match site.old_len {
            None => input_text.with_member_appended(closing_braces, written.last()?, value),
            Some(old_len) => input_text.with_last_value_replaced(closing_braces, old_len, value),
        }
    });
    debug_assert!(
        text.as_ref().is_none_or(|t| *t == PayloadText::of(&merged)),
        "spliced text differs from the serialized merge"
    );
    Ok((merged, text))
}

/// Where a ResultPath write changes the end of the input's text.
struct SpliceSite {
    /// How many existing objects below the input hold the written member (0: the input).
    depth: usize,
    /// The byte length of the value the write replaces; `None` when it adds a member.
    old_len: Option<usize>,
}

/// The site when writing `names` into `input` adds one new member (with any objects the
/// write creates under it), or replaces the value of an existing one, in an object whose text
/// ends the input's text, so that object's closing brace is followed only by its ancestors'.
/// `None` when the write goes through a member that is not last, or fails.
fn splice_site(input: &Value, names: &[&str]) -> Option<SpliceSite> {
    let mut node = input;
    for (depth, name) in names.iter().enumerate() {
        let map = node.as_object()?;
        let Some(child) = member(map, name) else {
            return Some(SpliceSite {
                depth,
                old_len: None,
            });
        };
        let is_last = map.keys().next_back().is_some_and(|last| last == name);
        if !is_last {
            return None;
        }
        if depth + 1 == names.len() {
            return Some(SpliceSite {
                depth,
                old_len: Some(json_size(child)),
            });
        }
        node = child;
    }
    None
}

/// A payload template (Parameters, ResultSelector, ItemSelector, Assign): `key.$` fields take
/// a path's value or an intrinsic's result; everything else is copied.
pub fn template(template: &Value, input: &Value, env: &Env<'_>) -> Result<Value, StateError> {
    match template {
        Value::Object(map) => {
            let mut out = Map::with_capacity(map.len());
            for (key, value) in map {
                let (name, value) = field(key, value, input, env)?;
                out.insert(name, value);
            }
            Ok(Value::Object(out))
        }
        other => template_value(other, input, env),
    }
}

/// One field of a template object: its output name and value ([`template`]'s loop body).
pub(super) fn field(
    key: &str,
    value: &Value,
    input: &Value,
    env: &Env<'_>,
) -> Result<(String, Value), StateError> {
    match (key.strip_suffix(".$"), value) {
        (Some(name), Value::String(expr)) => {
            Ok((name.to_owned(), dynamic_field(key, expr, input, env)?))
        }
        _ => Ok((key.to_owned(), template_value(value, input, env)?)),
    }
}

fn template_value(value: &Value, input: &Value, env: &Env<'_>) -> Result<Value, StateError> {
    match value {
        Value::Object(_) => template(value, input, env),
        Value::Array(items) => items
            .iter()
            .map(|v| template_value(v, input, env))
            .collect::<Result<Vec<_>, _>>()
            .map(Value::Array),
        other => Ok(other.clone()),
    }
}

/// One `key.$` value: an intrinsic call or a path.
// Inlined into `template`'s loop, as before `field` shared it: the loop is hot.
#[inline(always)]
fn dynamic_field(key: &str, expr: &str, input: &Value, env: &Env<'_>) -> Result<Value, StateError> {
    if intrinsics::looks_like_intrinsic(expr) {
        return intrinsic(expr, input, env);
    }
    let path = env.cache.path(expr).map_err(path_error)?;
    path.evaluate(&env.roots(input))
        .map_err(|e| field_path_error(key, input, e))
}

/// What the path of the `key.$` field selects in `input`, borrowed; fails as
/// [`dynamic_field`] does.
pub(super) fn select_field<'v>(
    key: &str,
    expr: &str,
    input: &'v Value,
    env: &'v Env<'_>,
) -> Result<Selection<'v>, StateError> {
    let path = env.cache.path(expr).map_err(path_error)?;
    path.select(&env.roots(input))
        .map_err(|e| field_path_error(key, input, e))
}

/// A `key.$` path that found nothing fails the way AWS words it, showing the input.
fn field_path_error(key: &str, input: &Value, e: PathError) -> StateError {
    match e {
        PathError::NotFound { .. } | PathError::UnknownVariable { .. } => StateError::new(
            RUNTIME,
            format!(
                "The JsonPath argument for the field '{key}' could not be found in the input '{}'",
                truncate(&input.to_string(), 1024)
            ),
        ),
        other => path_error(other),
    }
}

/// Evaluates an intrinsic call; failures are `States.Runtime` as Step Functions Local reports them.
pub fn intrinsic(expr: &str, input: &Value, env: &Env<'_>) -> Result<Value, StateError> {
    let call = env
        .cache
        .call(expr)
        .map_err(|e| StateError::runtime(e.message))?;
    let resolver = Resolver {
        roots: env.roots(input),
        cache: env.cache,
    };
    let mut rng = RngRef(env.rng);
    intrinsics::evaluate(&call, &resolver, &mut rng).map_err(|e| StateError::runtime(e.message))
}

/// Intrinsics' path arguments, lent from the input, context or variables without copying.
struct Resolver<'a> {
    roots: Roots<'a>,
    cache: &'a ParseCache,
}

impl PathResolver for Resolver<'_> {
    fn resolve(&self, path: &str) -> Result<Value, String> {
        self.resolve_ref(path).map(Cow::into_owned)
    }

    fn resolve_ref(&self, path: &str) -> Result<Cow<'_, Value>, String> {
        let parsed = self.cache.path(path).map_err(|e| e.to_string())?;
        match parsed.select(&self.roots).map_err(|e| e.to_string())? {
            Selection::One(value) => Ok(Cow::Borrowed(value)),
            many => Ok(Cow::Owned(many.into_value())),
        }
    }
}

struct RngRef<'a>(&'a Mutex<SplitMix64>);

impl RandomSource for RngRef<'_> {
    fn next_u64(&mut self) -> u64 {
        self.0.lock().map(|mut r| r.next_u64()).unwrap_or(0)
    }
}

/// JSONPath Assign: a template whose top-level keys are variable names.
pub fn assign(
    assign: &Value,
    input: &Value,
    env: &Env<'_>,
) -> Result<Map<String, Value>, StateError> {
    match template(assign, input, env)? {
        Value::Object(map) => Ok(map),
        other => Err(StateError::runtime(format!(
            "Assign must be an object, found {other}"
        ))),
    }
}

fn truncate(s: &str, max: usize) -> &str {
    if s.len() <= max {
        return s;
    }
    let mut end = max;
    while !s.is_char_boundary(end) {
        end -= 1;
    }
    &s[..end]
}

/// An environment for stage tests: a small context, the variable `v` set to `v`, a seeded
/// random source and a fresh parse cache.
#[cfg(test)]
pub(crate) fn with_test_env<T>(v: Value, f: impl FnOnce(&Env<'_>) -> T) -> T {
    let ctx = serde_json::json!({"Execution": {"Name": "e"}});
    let mut vars = Map::new();
    vars.insert("v".into(), v);
    let rng = Mutex::new(SplitMix64::new(1));
    f(&Env {
        context: &ctx,
        vars: &vars,
        rng: &rng,
        cache: &ParseCache::default(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn with_env<T>(f: impl FnOnce(&Env<'_>) -> T) -> T {
        with_test_env(json!(5), f)
    }

    #[test]
    fn templates_resolve_paths_context_variables_and_intrinsics() {
        let out = with_env(|env| {
            template(
                &json!({"a.$": "$.x", "c.$": "$$.Execution.Name", "v.$": "$v",
                        "s.$": "States.Format('n={}', $.x)", "lit": [{"k.$": "$.x"}]}),
                &json!({"x": 1}),
                env,
            )
        });
        assert_eq!(
            out,
            Ok(json!({"a": 1, "c": "e", "v": 5, "s": "n=1", "lit": [{"k": 1}]}))
        );
    }

    #[test]
    fn missing_path_is_runtime_error() {
        let err = with_env(|env| template(&json!({"a.$": "$.nope"}), &json!({}), env)).unwrap_err();
        assert_eq!(err.name(), RUNTIME);
        assert!(err.cause.unwrap_or_default().contains("'a.$'"));
    }

    #[test]
    fn result_path_forms() {
        let c = ParseCache::default();
        let input = || Arc::new(json!({"a": 1}));
        let r = || Arc::new(json!(2));
        assert_eq!(*merge_result(input(), r(), None, &c).unwrap(), json!(2));
        assert_eq!(
            *merge_result(input(), r(), Some(&NullablePath::Null), &c).unwrap(),
            json!({"a": 1})
        );
        let p = NullablePath::Path("$.b.c".into());
        assert_eq!(
            *merge_result(input(), r(), Some(&p), &c).unwrap(),
            json!({"a": 1, "b": {"c": 2}})
        );
        let arr = Arc::new(json!([1]));
        let err = merge_result(arr, r(), Some(&NullablePath::Path("$.x".into())), &c).unwrap_err();
        assert_eq!(err.name(), RESULT_PATH_MATCH_FAILURE);
    }

    #[test]
    fn merge_changes_an_unshared_input_in_place_and_copies_a_shared_one() {
        let c = ParseCache::default();
        let p = NullablePath::Path("$.b".into());
        let blob = Value::Array(vec![json!("x"); 64]);
        let big = || Arc::new(json!({ "blob": blob.clone() }));
        // Nobody else holds the input: the array inside is the same allocation afterwards.
        let alone = big();
        let blob_before = alone["blob"].as_array().map(|a| a.as_ptr());
        let merged = merge_result(alone, Arc::new(json!(1)), Some(&p), &c).unwrap();
        assert_eq!(merged["blob"].as_array().map(|a| a.as_ptr()), blob_before);
        // A held input stays as it was; the merge works on a copy.
        let held = big();
        let merged = merge_result(Arc::clone(&held), Arc::new(json!(1)), Some(&p), &c).unwrap();
        assert_eq!(merged["b"], json!(1));
        assert_eq!(*held, json!({ "blob": blob }));
        assert_ne!(
            merged["blob"].as_array().map(|a| a.as_ptr()),
            held["blob"].as_array().map(|a| a.as_ptr())
        );
    }

    #[test]
    fn a_new_member_is_spliced_into_the_input_text() {
        let c = ParseCache::default();
        let input = json!({"blob": ["x", {"y": null}], "meta": {"s0": {"n": 1}}});
        let text = PayloadText::of(&input);
        let result = Arc::new(json!({"r": [1, 2]}));
        let paths = [
            "$.added",
            "$['with space']",
            "$.added ",
            "$.meta.s1",
            "$.meta.s0.more",
            "$.meta.new.deeper",
            "$.new.deeper",
        ];
        for path in paths {
            let p = NullablePath::Path(path.into());
            let (merged, spliced) = merge_result_with_text(
                Arc::new(input.clone()),
                &text,
                result.clone(),
                Some(&p),
                &c,
            )
            .unwrap();
            assert_eq!(spliced, Some(PayloadText::of(&merged)), "{path}");
        }
        let (_, spliced) = merge_result_with_text(
            Arc::new(json!({})),
            &PayloadText::of(&json!({})),
            result,
            Some(&NullablePath::Path("$.k".into())),
            &c,
        )
        .unwrap();
        assert_eq!(
            spliced.map(|t| t.to_string()),
            Some(r#"{"k":{"r":[1,2]}}"#.into())
        );
    }

    #[test]
    fn a_replaced_last_value_is_spliced_into_the_input_text() {
        let c = ParseCache::default();
        let input = json!({"a": {"b": 1}, "n": {"x": [1, 2], "m": {"idx": -1, "s": "é"}}});
        let text = PayloadText::of(&input);
        let results = [json!(2), json!({"idx": 3, "from": -1}), json!("a\"b")];
        for path in ["$.n", "$.n.m", "$['n']['m']"] {
            for result in &results {
                let path = NullablePath::Path(path.into());
                let (merged, spliced) = merge_result_with_text(
                    Arc::new(input.clone()),
                    &text,
                    Arc::new(result.clone()),
                    Some(&path),
                    &c,
                )
                .unwrap();
                assert_eq!(spliced, Some(PayloadText::of(&merged)), "{path:?}");
            }
        }
    }

    #[test]
    fn merges_that_do_not_change_the_end_of_the_text_give_no_text() {
        let c = ParseCache::default();
        let input = json!({"a": {"b": 1}, "n": {"m": 1}});
        let text = PayloadText::of(&input);
        let paths = [
            // `a` is not the last member: its closing brace is not at the end of the text.
            Some(NullablePath::Path("$.a.c".into())),
            Some(NullablePath::Path("$.n.m.x".into())),
            Some(NullablePath::Path("$.n[0]".into())),
            Some(NullablePath::Path("$".into())),
            Some(NullablePath::Null),
            None,
        ];
        for path in paths {
            let with_text = merge_result_with_text(
                Arc::new(input.clone()),
                &text,
                Arc::new(json!(2)),
                path.as_ref(),
                &c,
            )
            .map(|(merged, spliced)| {
                assert_eq!(spliced, None, "{path:?}");
                merged
            });
            let plain = merge_result(
                Arc::new(input.clone()),
                Arc::new(json!(2)),
                path.as_ref(),
                &c,
            );
            assert_eq!(with_text, plain, "{path:?}");
        }
        let err = merge_result_with_text(
            Arc::new(json!([1])),
            &PayloadText::of(&json!([1])),
            Arc::new(json!(2)),
            Some(&NullablePath::Path("$.x".into())),
            &c,
        )
        .unwrap_err();
        assert_eq!(err.name(), RESULT_PATH_MATCH_FAILURE);
    }

    #[test]
    fn intrinsic_path_arguments_are_lent_not_copied() {
        let input = json!({"blob": [1, 2, 3], "many": [{"x": 1}, {"x": 2}]});
        with_env(|env| {
            let resolver = Resolver {
                roots: env.roots(&input),
                cache: env.cache,
            };
            let lent = resolver.resolve_ref("$.blob").expect("found");
            assert!(matches!(&lent, Cow::Borrowed(v) if std::ptr::eq(*v, &input["blob"])));
            // An indefinite path builds a new array: there is nothing to lend.
            let built = resolver.resolve_ref("$.many[*].x").expect("found");
            assert!(matches!(built, Cow::Owned(_)));
            assert_eq!(*built, json!([1, 2]));
            assert!(resolver.resolve_ref("$.nope").is_err());
        });
        let n = with_env(|env| intrinsic("States.ArrayLength($.blob)", &input, env));
        assert_eq!(n, Ok(json!(3)));
    }

    #[test]
    fn select_keeps_the_same_allocation_when_nothing_changes() {
        let v = Arc::new(json!({"big": "x"}));
        let out = with_env(|env| select(&v, None, env)).unwrap();
        assert!(Arc::ptr_eq(&v, &out));
        let empty = with_env(|env| select(&v, Some(&NullablePath::Null), env)).unwrap();
        assert_eq!(*empty, json!({}));
    }
}
