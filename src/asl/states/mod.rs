//! States: the fields every state type shares, and one file per type for the rest.

mod choice;
mod error_handling;
mod fail;
mod map;
mod parallel;
mod pass;
mod task;
mod wait;

#[cfg(test)]
mod tests;

pub use choice::{Choice, ChoiceRule, Comparison, ComparisonKind, ComparisonOp, RuleKind};
pub use error_handling::{Catcher, JitterStrategy, Retrier};
pub use fail::Fail;
pub use map::{
    ItemBatcher, ItemProcessor, ItemReader, MapState, ProcessorConfig, ReaderConfig, ResultWriter,
};
pub use parallel::Parallel;
pub use pass::Pass;
pub use task::Task;
pub use wait::Wait;

use serde_json::{Map, Value};

use super::diagnostic::{Code, Diagnostic};
use super::fields::{type_name, NullablePath, ObjectReader, ObjectWriter};
use super::machine::StateMachine;

/// The two query languages a state's fields can be written in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum QueryLanguage {
    JsonPath,
    Jsonata,
}

impl QueryLanguage {
    /// The name as written in ASL.
    pub fn as_str(self) -> &'static str {
        match self {
            QueryLanguage::JsonPath => "JSONPath",
            QueryLanguage::Jsonata => "JSONata",
        }
    }

    /// Parses the ASL name.
    pub fn from_name(name: &str) -> Option<Self> {
        match name {
            "JSONPath" => Some(QueryLanguage::JsonPath),
            "JSONata" => Some(QueryLanguage::Jsonata),
            _ => None,
        }
    }

    pub(crate) fn to_value(self) -> Value {
        Value::String(self.as_str().to_owned())
    }

    /// Reads `QueryLanguage`; an unknown name or a wrong type is reported and kept verbatim.
    pub(crate) fn read(r: &mut ObjectReader<'_>) -> Option<Self> {
        let value = r.value("QueryLanguage")?;
        let pointer = r.field_pointer("QueryLanguage");
        let (code, message) = match &value {
            Value::String(name) => match QueryLanguage::from_name(name) {
                Some(lang) => return Some(lang),
                None => (
                    Code::InvalidQueryLanguage,
                    format!("QueryLanguage must be \"JSONPath\" or \"JSONata\", found \"{name}\""),
                ),
            },
            other => (
                Code::InvalidType,
                format!(
                    "\"QueryLanguage\" must be a string, found {}",
                    type_name(other)
                ),
            ),
        };
        r.report(Diagnostic::new(code, pointer, message));
        r.put_back("QueryLanguage", value);
        None
    }
}

/// The eight ASL state types.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum StateType {
    Task,
    Pass,
    Choice,
    Wait,
    Succeed,
    Fail,
    Parallel,
    Map,
}

impl StateType {
    /// Every type, in palette order.
    pub const ALL: [StateType; 8] = [
        StateType::Task,
        StateType::Pass,
        StateType::Choice,
        StateType::Wait,
        StateType::Succeed,
        StateType::Fail,
        StateType::Parallel,
        StateType::Map,
    ];

    /// The `Type` value as written in ASL.
    pub fn as_str(self) -> &'static str {
        match self {
            StateType::Task => "Task",
            StateType::Pass => "Pass",
            StateType::Choice => "Choice",
            StateType::Wait => "Wait",
            StateType::Succeed => "Succeed",
            StateType::Fail => "Fail",
            StateType::Parallel => "Parallel",
            StateType::Map => "Map",
        }
    }

    /// Parses an ASL `Type` value.
    pub fn from_name(name: &str) -> Option<Self> {
        StateType::ALL.into_iter().find(|t| t.as_str() == name)
    }
}

/// The fields that only one state type has.
#[derive(Debug, Clone, PartialEq)]
pub enum StateKind {
    Task(Task),
    Pass(Pass),
    Choice(Choice),
    Wait(Wait),
    Succeed,
    Fail(Fail),
    Parallel(Parallel),
    Map(Box<MapState>),
    /// `Type` missing or not one of the eight; the raw `Type` (if any) stays in `extra`.
    Unknown,
    /// The state's value was not a JSON object; kept verbatim.
    NotAnObject(Value),
}

impl StateKind {
    /// The state type, if known.
    pub fn state_type(&self) -> Option<StateType> {
        Some(match self {
            StateKind::Task(_) => StateType::Task,
            StateKind::Pass(_) => StateType::Pass,
            StateKind::Choice(_) => StateType::Choice,
            StateKind::Wait(_) => StateType::Wait,
            StateKind::Succeed => StateType::Succeed,
            StateKind::Fail(_) => StateType::Fail,
            StateKind::Parallel(_) => StateType::Parallel,
            StateKind::Map(_) => StateType::Map,
            StateKind::Unknown | StateKind::NotAnObject(_) => return None,
        })
    }

    /// The nested machines (Parallel branches, Map processor) with their JSON Pointers.
    pub fn children(&self, state_pointer: &str) -> Vec<(String, &StateMachine)> {
        match self {
            StateKind::Parallel(p) => p
                .branches
                .iter()
                .enumerate()
                .map(|(i, b)| (format!("{state_pointer}/Branches/{i}"), b))
                .collect(),
            StateKind::Map(m) => {
                let mut out = Vec::new();
                if let Some(p) = &m.item_processor {
                    out.push((format!("{state_pointer}/ItemProcessor"), &p.machine));
                }
                if let Some(it) = &m.iterator {
                    out.push((format!("{state_pointer}/Iterator"), it));
                }
                out
            }
            _ => Vec::new(),
        }
    }

    /// The nested machines, in the same order as `children`, without their pointers.
    pub fn child_machines(&self) -> Vec<&StateMachine> {
        match self {
            StateKind::Parallel(p) => p.branches.iter().collect(),
            StateKind::Map(m) => {
                let processor = m.item_processor.as_ref().map(|p| &p.machine);
                processor.into_iter().chain(m.iterator.as_ref()).collect()
            }
            _ => Vec::new(),
        }
    }

    /// Mutable access to the nested machines, in the same order as `children`.
    pub fn children_mut(&mut self) -> Vec<&mut StateMachine> {
        match self {
            StateKind::Parallel(p) => p.branches.iter_mut().collect(),
            StateKind::Map(m) => {
                let mut out = Vec::new();
                if let Some(p) = &mut m.item_processor {
                    out.push(&mut p.machine);
                }
                if let Some(it) = &mut m.iterator {
                    out.push(it);
                }
                out
            }
            _ => Vec::new(),
        }
    }
}

/// One state: the fields shared across types, plus its type's own fields in `kind`.
///
/// Which shared fields a type may use (and in which query language) is the validator's
/// business; the model keeps whatever the definition says so nothing is lost.
#[derive(Debug, Clone, PartialEq)]
pub struct State {
    pub kind: StateKind,
    pub comment: Option<String>,
    pub query_language: Option<QueryLanguage>,
    pub input_path: Option<NullablePath>,
    pub parameters: Option<Value>,
    pub arguments: Option<Value>,
    pub result_selector: Option<Value>,
    pub result_path: Option<NullablePath>,
    pub output_path: Option<NullablePath>,
    pub output: Option<Value>,
    pub assign: Option<Value>,
    pub retry: Option<Vec<Retrier>>,
    pub catch: Option<Vec<Catcher>>,
    pub next: Option<String>,
    pub end: Option<bool>,
    /// Fields the model does not know (or of the wrong type), kept verbatim in order.
    pub extra: Map<String, Value>,
}

impl State {
    /// A state of `kind` with every shared field empty.
    pub fn new(kind: StateKind) -> Self {
        State {
            kind,
            comment: None,
            query_language: None,
            input_path: None,
            parameters: None,
            arguments: None,
            result_selector: None,
            result_path: None,
            output_path: None,
            output: None,
            assign: None,
            retry: None,
            catch: None,
            next: None,
            end: None,
            extra: Map::new(),
        }
    }

    pub(crate) fn invalid(value: Value) -> Self {
        State::new(StateKind::NotAnObject(value))
    }

    /// The state type, if known.
    pub fn state_type(&self) -> Option<StateType> {
        self.kind.state_type()
    }

    /// Reads a state object, reporting every type error.
    pub fn read(mut r: ObjectReader<'_>) -> Self {
        let type_name = match r.value("Type") {
            Some(Value::String(s)) => Some(s),
            Some(other) => {
                r.put_back("Type", other);
                None
            }
            None => None,
        };
        let state_type = type_name.as_deref().and_then(StateType::from_name);
        if state_type.is_none() {
            let message = match &type_name {
                Some(t) => format!("unknown state type \"{t}\""),
                None if r.has("Type") => "\"Type\" must be a string".to_owned(),
                None => "state has no \"Type\"".to_owned(),
            };
            let code = if type_name.is_some() || r.has("Type") {
                Code::UnknownStateType
            } else {
                Code::MissingField
            };
            let pointer = if r.has("Type") || type_name.is_some() {
                r.field_pointer("Type")
            } else {
                r.pointer().to_owned()
            };
            r.report(Diagnostic::new(code, pointer, message));
            if let Some(t) = type_name {
                r.put_back("Type", Value::String(t));
            }
        }
        let comment = r.string("Comment");
        let query_language = QueryLanguage::read(&mut r);
        let kind = match state_type {
            Some(StateType::Task) => StateKind::Task(Task::read(&mut r)),
            Some(StateType::Pass) => StateKind::Pass(Pass::read(&mut r)),
            Some(StateType::Choice) => StateKind::Choice(Choice::read(&mut r)),
            Some(StateType::Wait) => StateKind::Wait(Wait::read(&mut r)),
            Some(StateType::Succeed) => StateKind::Succeed,
            Some(StateType::Fail) => StateKind::Fail(Fail::read(&mut r)),
            Some(StateType::Parallel) => StateKind::Parallel(Parallel::read(&mut r)),
            Some(StateType::Map) => StateKind::Map(Box::new(MapState::read(&mut r))),
            None => StateKind::Unknown,
        };
        State {
            kind,
            comment,
            query_language,
            input_path: r.nullable_path("InputPath"),
            parameters: r.value("Parameters"),
            arguments: r.value("Arguments"),
            result_selector: r.value("ResultSelector"),
            result_path: r.nullable_path("ResultPath"),
            output_path: r.nullable_path("OutputPath"),
            output: r.value("Output"),
            assign: r.value("Assign"),
            retry: r.object_list("Retry", Retrier::read),
            catch: r.object_list("Catch", Catcher::read),
            next: r.string("Next"),
            end: r.bool("End"),
            extra: r.finish(),
        }
    }

    /// Writes the state in canonical field order.
    pub fn write(&self) -> Value {
        if let StateKind::NotAnObject(v) = &self.kind {
            return v.clone();
        }
        let mut w = ObjectWriter::new();
        match self.state_type() {
            Some(t) => w.owned("Type", Some(Value::String(t.as_str().to_owned()))),
            None => w.value("Type", self.extra.get("Type")),
        };
        w.string("Comment", self.comment.as_ref()).owned(
            "QueryLanguage",
            self.query_language.map(QueryLanguage::to_value),
        );
        match &self.kind {
            StateKind::Task(t) => t.write_head(&mut w),
            StateKind::Choice(c) => c.write_head(&mut w),
            StateKind::Wait(t) => t.write_head(&mut w),
            StateKind::Fail(f) => f.write_head(&mut w),
            StateKind::Parallel(p) => p.write_head(&mut w),
            StateKind::Map(m) => m.write_head(&mut w),
            StateKind::Pass(_)
            | StateKind::Succeed
            | StateKind::Unknown
            | StateKind::NotAnObject(_) => {}
        }
        w.nullable_path("InputPath", self.input_path.as_ref())
            .value("Parameters", self.parameters.as_ref())
            .value("Arguments", self.arguments.as_ref());
        if let StateKind::Pass(p) = &self.kind {
            w.value("Result", p.result.as_ref());
        }
        w.value("ResultSelector", self.result_selector.as_ref())
            .nullable_path("ResultPath", self.result_path.as_ref())
            .nullable_path("OutputPath", self.output_path.as_ref())
            .value("Output", self.output.as_ref())
            .value("Assign", self.assign.as_ref());
        if let StateKind::Task(t) = &self.kind {
            t.write_timeouts(&mut w);
        }
        let retry = self
            .retry
            .as_ref()
            .map(|l| Value::Array(l.iter().map(Retrier::write).collect()));
        let catch = self
            .catch
            .as_ref()
            .map(|l| Value::Array(l.iter().map(Catcher::write).collect()));
        w.owned("Retry", retry)
            .owned("Catch", catch)
            .string("Next", self.next.as_ref())
            .bool("End", self.end)
            .extra(&self.extra);
        w.finish()
    }

    /// Every transition target this state names (Next, Choice rules, Default, Catch), with
    /// the JSON Pointer of the field that names it.
    pub fn transitions(&self, state_pointer: &str) -> Vec<(String, &str)> {
        let mut out = Vec::new();
        if let Some(next) = &self.next {
            out.push((format!("{state_pointer}/Next"), next.as_str()));
        }
        if let StateKind::Choice(c) = &self.kind {
            for (i, rule) in c.choices.iter().enumerate() {
                if let Some(next) = &rule.next {
                    out.push((format!("{state_pointer}/Choices/{i}/Next"), next.as_str()));
                }
            }
            if let Some(default) = &c.default {
                out.push((format!("{state_pointer}/Default"), default.as_str()));
            }
        }
        for (i, catcher) in self.catch.iter().flatten().enumerate() {
            if let Some(next) = &catcher.next {
                out.push((format!("{state_pointer}/Catch/{i}/Next"), next.as_str()));
            }
        }
        out
    }

    /// The state names of [`State::transitions`], in the same order, without building pointers.
    pub fn transition_targets(&self) -> impl Iterator<Item = &str> {
        let choice = match &self.kind {
            StateKind::Choice(c) => Some(c),
            _ => None,
        };
        let choice_targets = choice.into_iter().flat_map(|c| {
            c.choices
                .iter()
                .filter_map(|rule| rule.next.as_deref())
                .chain(c.default.as_deref())
        });
        self.next
            .as_deref()
            .into_iter()
            .chain(choice_targets)
            .chain(
                self.catch
                    .iter()
                    .flatten()
                    .filter_map(|c| c.next.as_deref()),
            )
    }

    /// True for states that end their machine: Succeed, Fail, or `End: true`.
    pub fn is_terminal(&self) -> bool {
        matches!(self.kind, StateKind::Succeed | StateKind::Fail(_)) || self.end == Some(true)
    }
}
