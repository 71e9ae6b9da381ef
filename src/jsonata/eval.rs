//! Evaluating JSONata as Step Functions does: `$states` and workflow variables bound, AWS's
//! extra functions registered, and an undefined result treated as an error.
//!
//! jsonata-core's values are `Rc`-based, so everything here is synchronous and converts to
//! `serde_json::Value` before returning. The evaluator is third-party code: every call into it
//! runs under `catch_unwind` and with recursion, sequence-length and time limits.

use std::cell::RefCell;
use std::collections::HashMap;
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::rc::Rc;

use jsonata_core::ast::AstNode;
use jsonata_core::evaluator::{Context, Evaluator, EvaluatorOptions};
use jsonata_core::value::JValue;
use serde_json::Value;

use super::expression_body;
use super::functions::{self, RandomPool};
use super::output::{to_json, Unrepresentable};

/// What an expression can see: `$states` and the workflow variables in scope.
#[derive(Debug, Clone, Copy)]
pub struct Bindings<'a> {
    /// Bound to `$states`: `{"input":..,"result":..,"errorOutput":..,"context":..}`.
    pub states: &'a Value,
    /// Each variable `x` is bound to `$x`.
    pub variables: &'a serde_json::Map<String, Value>,
}

/// A JSONata failure, as the one-line cause of a `States.QueryEvaluationError`.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[error("{message}")]
pub struct JsonataError {
    /// One line, naming the expression and (inside a template) the field.
    pub message: String,
}

/// Evaluates `body`, the text inside `{% %}`. A result of "nothing" (undefined) is an error, as
/// it is for every Step Functions field.
pub fn evaluate(
    body: &str,
    bindings: &Bindings<'_>,
    random: &mut dyn FnMut() -> u64,
) -> Result<Value, JsonataError> {
    evaluate_body(body, bindings, random).map_err(|failure| failure.into_error(body, ""))
}

/// Walks objects and arrays, evaluating each string that is exactly `"{% ... %}"`; other values
/// are returned as they are. A field whose expression yields nothing fails the whole template,
/// as on AWS ("... specified for the field 'Arguments/x' returned nothing (undefined)"); the
/// message names the field's path inside `value`, `/`-separated.
pub fn evaluate_template(
    value: &Value,
    bindings: &Bindings<'_>,
    random: &mut dyn FnMut() -> u64,
) -> Result<Value, JsonataError> {
    let mut path = Vec::new();
    walk(value, bindings, random, &mut path)
}

/// Templates nest no deeper than this; state machine definitions never come close.
const MAX_TEMPLATE_DEPTH: usize = 256;

fn walk(
    value: &Value,
    bindings: &Bindings<'_>,
    random: &mut dyn FnMut() -> u64,
    path: &mut Vec<String>,
) -> Result<Value, JsonataError> {
    if path.len() > MAX_TEMPLATE_DEPTH {
        return Err(JsonataError {
            message: format!(
                "the template nests deeper than {MAX_TEMPLATE_DEPTH} levels at '{}'",
                path.join("/")
            ),
        });
    }
    match value {
        Value::String(s) => match expression_body(s) {
            Some(body) => evaluate_body(body, bindings, random)
                .map_err(|failure| failure.into_error(body, &path.join("/"))),
            None => Ok(value.clone()),
        },
        Value::Object(map) => {
            let mut out = serde_json::Map::with_capacity(map.len());
            for (key, item) in map {
                path.push(key.clone());
                let evaluated = walk(item, bindings, random, path);
                path.pop();
                out.insert(key.clone(), evaluated?);
            }
            Ok(Value::Object(out))
        }
        Value::Array(items) => {
            let mut out = Vec::with_capacity(items.len());
            for (index, item) in items.iter().enumerate() {
                path.push(index.to_string());
                let evaluated = walk(item, bindings, random, path);
                path.pop();
                out.push(evaluated?);
            }
            Ok(Value::Array(out))
        }
        _ => Ok(value.clone()),
    }
}

/// Why an evaluation failed, before it is worded with the expression and field.
#[derive(Debug)]
enum Failure {
    Syntax(String),
    Runtime(String),
    Undefined,
    Unrepresentable(Unrepresentable),
    Crashed,
}

impl Failure {
    fn into_error(self, body: &str, field: &str) -> JsonataError {
        let expression = quote(body);
        let field = if field.is_empty() {
            String::new()
        } else {
            format!(" specified for the field '{field}'")
        };
        let what = match self {
            Failure::Syntax(m) => format!("has a syntax error: {}", one_line(&m)),
            Failure::Runtime(m) => format!("failed: {}", one_line(&m)),
            Failure::Undefined => "returned nothing (undefined).".to_owned(),
            Failure::Unrepresentable(u) => format!("returned {u}"),
            Failure::Crashed => "crashed the JSONata evaluator".to_owned(),
        };
        JsonataError {
            message: format!("The JSONata expression '{expression}'{field} {what}"),
        }
    }
}

/// The expression as it appears in a message: trimmed, on one line, and cut short if long.
fn quote(body: &str) -> String {
    const MAX_CHARS: usize = 120;
    let flat = body.split_whitespace().collect::<Vec<_>>().join(" ");
    if flat.chars().count() > MAX_CHARS {
        let cut: String = flat.chars().take(MAX_CHARS).collect();
        format!("{cut}…")
    } else {
        flat
    }
}

fn one_line(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Limits that turn runaway expressions into errors instead of a hung or crashed debugger.
fn options() -> EvaluatorOptions {
    EvaluatorOptions {
        timeout_ms: Some(10_000),
        // About 330 nested non-tail recursive calls; AWS itself allows far fewer.
        max_stack_depth: Some(1_000),
        max_sequence_length: Some(1_000_000),
        ..EvaluatorOptions::default()
    }
}

/// How many draws a pool may grow to before an expression is deemed to want too many.
const MAX_RANDOM_DRAWS: usize = 1 << 16;

fn evaluate_body(
    body: &str,
    bindings: &Bindings<'_>,
    random: &mut dyn FnMut() -> u64,
) -> Result<Value, Failure> {
    let ast = parse_cached(body)?;
    // Host functions must be `'static`, so `random` cannot be lent to them: they draw from a
    // pool filled beforehand. Evaluation has no other side effects, so when a pool runs dry the
    // expression is simply run again with a bigger one.
    let mentions_random = body.contains("random") || body.contains("uuid");
    let mut draws = if mentions_random { 4 } else { 0 };
    loop {
        let pool = Rc::new(RefCell::new(RandomPool::new(
            (0..draws).map(|_| random()).collect(),
        )));
        let result = run(&ast, bindings, &pool);
        if !pool.borrow().ran_dry() {
            return result;
        }
        if draws >= MAX_RANDOM_DRAWS {
            return Err(Failure::Runtime(format!(
                "the expression draws more than {MAX_RANDOM_DRAWS} random values"
            )));
        }
        draws = (draws * 2).max(4);
    }
}

fn run(
    ast: &AstNode,
    bindings: &Bindings<'_>,
    pool: &Rc<RefCell<RandomPool>>,
) -> Result<Value, Failure> {
    let outcome = catch_unwind(AssertUnwindSafe(|| {
        let mut context = Context::new();
        for (name, value) in bindings.variables {
            context.bind(name.clone(), JValue::from(value.clone()));
        }
        context.bind("states".to_owned(), JValue::from(bindings.states.clone()));
        let mut evaluator = Evaluator::with_options(context, options());
        functions::register(&mut evaluator, pool)
            .map_err(|e| Failure::Runtime(e.message().to_owned()))?;
        // Step Functions gives expressions no context value: `$` and bare field names at the
        // top level find nothing.
        let value = evaluator
            .evaluate(ast, &JValue::Undefined)
            .map_err(|e| Failure::Runtime(e.message().to_owned()))?;
        if value.is_undefined() {
            return Err(Failure::Undefined);
        }
        to_json(&value).map_err(Failure::Unrepresentable)
    }));
    outcome.unwrap_or(Err(Failure::Crashed))
}

/// Parsed expressions kept per thread; the engine evaluates the same few over and over.
const MAX_CACHED_EXPRESSIONS: usize = 512;

thread_local! {
    static PARSED: RefCell<HashMap<String, Rc<AstNode>>> = RefCell::new(HashMap::new());
}

fn parse_cached(body: &str) -> Result<Rc<AstNode>, Failure> {
    if body.trim().is_empty() {
        return Err(Failure::Syntax("the expression is empty".to_owned()));
    }
    if let Some(ast) = PARSED.with(|cache| cache.borrow().get(body).cloned()) {
        return Ok(ast);
    }
    let ast = match catch_unwind(|| jsonata_core::parser::parse(body)) {
        Ok(Ok(ast)) => Rc::new(ast),
        Ok(Err(e)) => return Err(Failure::Syntax(e.to_string())),
        Err(_) => return Err(Failure::Crashed),
    };
    PARSED.with(|cache| {
        let mut cache = cache.borrow_mut();
        // Dropping everything at once is crude but bounded, and a working set this large only
        // comes from many different definitions being run in one session.
        if cache.len() >= MAX_CACHED_EXPRESSIONS {
            cache.clear();
        }
        cache.insert(body.to_owned(), Rc::clone(&ast));
    });
    Ok(ast)
}
