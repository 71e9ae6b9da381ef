//! Which fields each state type's form shows, in which query language, and how each is
//! edited. Transitions, Choice rules, Retry/Catch and Parallel branches have editors of
//! their own and are not listed here.

use crate::asl::StateType;

/// How a field is edited.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// Free text.
    Text,
    /// A JSONPath (reference) path, checked as typed.
    Path,
    /// A number (or, under JSONata, a `{% %}` expression).
    Number,
    /// Any JSON value, checked as typed.
    Json,
    /// A list of strings, typed comma-separated.
    List,
    /// An ASL timestamp (RFC 3339 with an uppercase T and Z), or a JSONata expression.
    Timestamp,
    /// One of a fixed set of names.
    Choice(&'static [&'static str]),
}

/// The query language a field belongs to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Lang {
    /// In either query language.
    Both,
    /// Only under JSONPath.
    JsonPath,
    /// Only under JSONata.
    Jsonata,
}

impl Lang {
    /// True if a field of this language belongs in a form for `jsonata` (or JSONPath).
    pub fn fits(self, jsonata: bool) -> bool {
        match self {
            Lang::Both => true,
            Lang::JsonPath => !jsonata,
            Lang::Jsonata => jsonata,
        }
    }
}

/// One field of a form: its key path from the state object, editor, language and hint.
#[derive(Debug, Clone, Copy)]
pub struct FieldSpec {
    /// Keys from the state object to the field (`["ItemReader", "Resource"]`).
    pub path: &'static [&'static str],
    /// How it is edited.
    pub kind: Kind,
    /// The query language it belongs to.
    pub lang: Lang,
    /// The tooltip of its label.
    pub hint: &'static str,
}

impl FieldSpec {
    /// The dotted path (`ItemReader.ReaderConfig.MaxItems`): the field's buffer id and
    /// accessible label.
    pub fn id(&self) -> String {
        self.path.join(".")
    }
}

const fn field(
    path: &'static [&'static str],
    kind: Kind,
    lang: Lang,
    hint: &'static str,
) -> FieldSpec {
    FieldSpec {
        path,
        kind,
        lang,
        hint,
    }
}

use Kind::{Json, List, Number, Path, Text};
use Lang::{Both, JsonPath, Jsonata};

const COMMENT: FieldSpec = field(&["Comment"], Text, Both, "A note for humans");
const QUERY_LANGUAGE: FieldSpec = field(
    &["QueryLanguage"],
    Kind::Choice(&["JSONPath", "JSONata"]),
    Both,
    "This state's query language (else the machine's)",
);
const INPUT_PATH: FieldSpec = field(&["InputPath"], Path, JsonPath, "Selects part of the input");
const PARAMETERS: FieldSpec = field(
    &["Parameters"],
    Json,
    JsonPath,
    "Builds the task input; keys ending in .$ are paths",
);
const ARGUMENTS: FieldSpec = field(
    &["Arguments"],
    Json,
    Jsonata,
    "The task's input; JSONata in {% %}",
);
const RESULT_SELECTOR: FieldSpec =
    field(&["ResultSelector"], Json, JsonPath, "Shapes the raw result");
const RESULT_PATH: FieldSpec = field(
    &["ResultPath"],
    Path,
    JsonPath,
    "Where the result goes in the input",
);
const OUTPUT_PATH: FieldSpec = field(
    &["OutputPath"],
    Path,
    JsonPath,
    "Selects part of the output",
);
const OUTPUT: FieldSpec = field(
    &["Output"],
    Json,
    Jsonata,
    "The state's output; JSONata in {% %}",
);
const ASSIGN: FieldSpec = field(&["Assign"], Json, Both, "Variables to set");

const TASK: &[FieldSpec] = &[
    field(&["Resource"], Text, Both, "ARN of the task to run"),
    field(
        &["Credentials"],
        Json,
        Both,
        "Role to assume for the task (RoleArn)",
    ),
    field(
        &["TimeoutSeconds"],
        Number,
        Both,
        "Fail with States.Timeout after this long",
    ),
    field(
        &["TimeoutSecondsPath"],
        Path,
        JsonPath,
        "Path to the timeout in the input",
    ),
    field(
        &["HeartbeatSeconds"],
        Number,
        Both,
        "Fail if no heartbeat within this long",
    ),
    field(
        &["HeartbeatSecondsPath"],
        Path,
        JsonPath,
        "Path to the heartbeat interval in the input",
    ),
    INPUT_PATH,
    PARAMETERS,
    ARGUMENTS,
    RESULT_SELECTOR,
    RESULT_PATH,
    OUTPUT_PATH,
    OUTPUT,
    ASSIGN,
];

const PASS: &[FieldSpec] = &[
    INPUT_PATH,
    PARAMETERS,
    field(&["Result"], Json, JsonPath, "Fixed output of the state"),
    RESULT_PATH,
    OUTPUT_PATH,
    OUTPUT,
    ASSIGN,
];

const CHOICE: &[FieldSpec] = &[INPUT_PATH, OUTPUT_PATH, OUTPUT, ASSIGN];

const WAIT: &[FieldSpec] = &[
    field(&["Seconds"], Number, Both, "Seconds to wait"),
    field(
        &["Timestamp"],
        Kind::Timestamp,
        Both,
        "Wait until this time (RFC 3339, e.g. 2026-01-01T00:00:00Z)",
    ),
    field(
        &["SecondsPath"],
        Path,
        JsonPath,
        "Path to the seconds in the input",
    ),
    field(
        &["TimestampPath"],
        Path,
        JsonPath,
        "Path to the timestamp in the input",
    ),
    INPUT_PATH,
    OUTPUT_PATH,
    OUTPUT,
    ASSIGN,
];

const SUCCEED: &[FieldSpec] = &[INPUT_PATH, OUTPUT_PATH, OUTPUT];

const FAIL: &[FieldSpec] = &[
    field(&["Error"], Text, Both, "Error name"),
    field(
        &["ErrorPath"],
        Path,
        JsonPath,
        "Path to the error name in the input",
    ),
    field(&["Cause"], Text, Both, "Human-readable cause"),
    field(
        &["CausePath"],
        Path,
        JsonPath,
        "Path to the cause in the input",
    ),
];

const PARALLEL: &[FieldSpec] = &[
    INPUT_PATH,
    PARAMETERS,
    ARGUMENTS,
    RESULT_SELECTOR,
    RESULT_PATH,
    OUTPUT_PATH,
    OUTPUT,
    ASSIGN,
];

const MAP: &[FieldSpec] = &[
    field(
        &["ItemsPath"],
        Path,
        JsonPath,
        "Path to the array to iterate",
    ),
    field(
        &["Items"],
        Json,
        Jsonata,
        "The array to iterate, or a {% %} expression",
    ),
    field(&["ItemSelector"], Json, Both, "Shapes each item"),
    field(
        &["MaxConcurrency"],
        Number,
        Both,
        "Iterations at once; 0 means no limit",
    ),
    field(
        &["MaxConcurrencyPath"],
        Path,
        JsonPath,
        "Path to the concurrency in the input",
    ),
    field(
        &["ToleratedFailurePercentage"],
        Number,
        Both,
        "Fail the Map when more than this percentage of items fail",
    ),
    field(
        &["ToleratedFailurePercentagePath"],
        Path,
        JsonPath,
        "Path to the tolerated percentage in the input",
    ),
    field(
        &["ToleratedFailureCount"],
        Number,
        Both,
        "Fail the Map when more than this many items fail",
    ),
    field(
        &["ToleratedFailureCountPath"],
        Path,
        JsonPath,
        "Path to the tolerated count in the input",
    ),
    field(
        &["Label"],
        Text,
        Both,
        "Names the Map Run of a distributed Map",
    ),
    INPUT_PATH,
    field(
        &["Parameters"],
        Json,
        JsonPath,
        "Legacy name of ItemSelector",
    ),
    RESULT_SELECTOR,
    RESULT_PATH,
    OUTPUT_PATH,
    OUTPUT,
    ASSIGN,
    field(
        &["ItemProcessor", "ProcessorConfig", "Mode"],
        Kind::Choice(&["INLINE", "DISTRIBUTED"]),
        Both,
        "INLINE runs in this execution; DISTRIBUTED as child executions",
    ),
    field(
        &["ItemProcessor", "ProcessorConfig", "ExecutionType"],
        Kind::Choice(&["STANDARD", "EXPRESS"]),
        Both,
        "Child execution type of a distributed Map",
    ),
    field(
        &["ItemReader", "Resource"],
        Text,
        Both,
        "e.g. arn:aws:states:::s3:getObject",
    ),
    field(
        &["ItemReader", "ReaderConfig", "InputType"],
        Kind::Choice(&["CSV", "JSON", "JSONL", "MANIFEST", "PARQUET"]),
        Both,
        "How the items file is parsed",
    ),
    field(
        &["ItemReader", "ReaderConfig", "CSVHeaderLocation"],
        Kind::Choice(&["FIRST_ROW", "GIVEN"]),
        Both,
        "Where the CSV column names come from",
    ),
    field(
        &["ItemReader", "ReaderConfig", "CSVHeaders"],
        List,
        Both,
        "Column names, comma-separated (with CSVHeaderLocation GIVEN)",
    ),
    field(
        &["ItemReader", "ReaderConfig", "CSVDelimiter"],
        Kind::Choice(&["COMMA", "PIPE", "SEMICOLON", "SPACE", "TAB"]),
        Both,
        "The CSV column separator",
    ),
    field(
        &["ItemReader", "ReaderConfig", "MaxItems"],
        Number,
        Both,
        "Read at most this many items",
    ),
    field(
        &["ItemReader", "ReaderConfig", "MaxItemsPath"],
        Path,
        JsonPath,
        "Path to the item limit in the input",
    ),
    field(
        &["ItemReader", "Parameters"],
        Json,
        JsonPath,
        "Where to read, e.g. {\"Bucket\": ..., \"Key\": ...}",
    ),
    field(
        &["ItemReader", "Arguments"],
        Json,
        Jsonata,
        "Where to read, e.g. {\"Bucket\": ..., \"Key\": ...}",
    ),
    field(
        &["ItemBatcher", "MaxItemsPerBatch"],
        Number,
        Both,
        "Items per child execution",
    ),
    field(
        &["ItemBatcher", "MaxItemsPerBatchPath"],
        Path,
        JsonPath,
        "Path to the batch size in the input",
    ),
    field(
        &["ItemBatcher", "MaxInputBytesPerBatch"],
        Number,
        Both,
        "Bytes per batch at most",
    ),
    field(
        &["ItemBatcher", "MaxInputBytesPerBatchPath"],
        Path,
        JsonPath,
        "Path to the batch byte limit in the input",
    ),
    field(
        &["ItemBatcher", "BatchInput"],
        Json,
        Both,
        "Added to every batch as BatchInput",
    ),
    field(
        &["ResultWriter", "Resource"],
        Text,
        Both,
        "e.g. arn:aws:states:::s3:putObject",
    ),
    field(
        &["ResultWriter", "Parameters"],
        Json,
        JsonPath,
        "Where to write, e.g. {\"Bucket\": ..., \"Prefix\": ...}",
    ),
    field(
        &["ResultWriter", "Arguments"],
        Json,
        Jsonata,
        "Where to write, e.g. {\"Bucket\": ..., \"Prefix\": ...}",
    ),
    field(
        &["ResultWriter", "WriterConfig"],
        Json,
        Both,
        "e.g. {\"OutputType\": \"JSON\", \"Transformation\": \"NONE\"}",
    ),
];

/// The workflow's own fields (the top-level object besides StartAt and States).
pub const MACHINE: &[FieldSpec] = &[
    field(&["Comment"], Text, Both, "What this workflow does"),
    field(
        &["QueryLanguage"],
        Kind::Choice(&["JSONPath", "JSONata"]),
        Both,
        "The default query language of every state",
    ),
    field(
        &["TimeoutSeconds"],
        Number,
        Both,
        "Fail the execution with States.Timeout after this long",
    ),
    field(&["Version"], Text, Both, "The ASL version, \"1.0\""),
];

/// The fields of a Retry rule beyond ErrorEquals, IntervalSeconds, MaxAttempts and
/// BackoffRate (edited on the rule's row).
pub const RETRIER_DETAILS: &[FieldSpec] = &[
    field(&["Comment"], Text, Both, "A note for humans"),
    field(
        &["MaxDelaySeconds"],
        Number,
        Both,
        "Cap on the delay between attempts",
    ),
    field(
        &["JitterStrategy"],
        Kind::Choice(&["FULL", "NONE"]),
        Both,
        "FULL randomises each delay",
    ),
];

/// The fields of a Catch rule beyond ErrorEquals and Next (edited on the rule's row).
pub const CATCHER_DETAILS: &[FieldSpec] = &[
    field(&["Comment"], Text, Both, "A note for humans"),
    field(
        &["ResultPath"],
        Path,
        JsonPath,
        "Where the error output goes in the input",
    ),
    field(
        &["Output"],
        Json,
        Jsonata,
        "The output when this catcher matches; JSONata in {% %}",
    ),
    field(
        &["Assign"],
        Json,
        Both,
        "Variables to set when this catcher matches",
    ),
];

/// The fields of `ty`'s form, in display order; the shared ones (Comment, QueryLanguage)
/// first.
pub fn specs_for(ty: Option<StateType>) -> Vec<FieldSpec> {
    let own: &[FieldSpec] = match ty {
        Some(StateType::Task) => TASK,
        Some(StateType::Pass) => PASS,
        Some(StateType::Choice) => CHOICE,
        Some(StateType::Wait) => WAIT,
        Some(StateType::Succeed) => SUCCEED,
        Some(StateType::Fail) => FAIL,
        Some(StateType::Parallel) => PARALLEL,
        Some(StateType::Map) => MAP,
        None => &[],
    };
    let mut specs = vec![COMMENT, QUERY_LANGUAGE];
    specs.extend_from_slice(own);
    specs
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_type_lists_each_field_once() {
        for ty in StateType::ALL {
            let specs = specs_for(Some(ty));
            let mut ids: Vec<String> = specs.iter().map(FieldSpec::id).collect();
            let count = ids.len();
            ids.sort();
            ids.dedup();
            assert_eq!(ids.len(), count, "{ty:?} lists a field twice");
        }
    }

    #[test]
    fn path_fields_are_jsonpath_only_and_output_is_jsonata_only() {
        for ty in StateType::ALL {
            for spec in specs_for(Some(ty)) {
                if spec.kind == Kind::Path {
                    assert_eq!(spec.lang, Lang::JsonPath, "{ty:?} {}", spec.id());
                }
                if spec.path == ["Output"] || spec.path == ["Arguments"] {
                    assert_eq!(spec.lang, Lang::Jsonata, "{ty:?} {}", spec.id());
                }
            }
        }
    }
}
