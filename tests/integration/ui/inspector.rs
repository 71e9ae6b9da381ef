//! The inspector has a labelled widget for every field of every state type.
//!
//! The audit builds one state of each type with every model field set (struct literals
//! without `..Default::default()`, so a field added to the model breaks this test until it
//! is listed), writes it with the model's own writer, and asserts the inspector shows a
//! widget labelled with each written key path.

use std::collections::BTreeSet;

use egui_kittest::kittest::Queryable as _;
use egui_kittest::Harness;
use serde_json::{json, Map, Value};
use statewright::asl::states::{
    Catcher, Choice, ChoiceRule, Comparison, ComparisonKind, ComparisonOp, Fail, ItemBatcher,
    ItemProcessor, ItemReader, MapState, Parallel, Pass, ProcessorConfig, ReaderConfig,
    ResultWriter, Retrier, Task, Wait,
};
use statewright::asl::{
    check, NullablePath, NumberField, QueryLanguage, State, StateKind, StateMachine,
};
use statewright::graph::{MachinePath, StatePath};
use statewright::ui::inspector::specs::specs_for;
use statewright::ui::inspector::Inspector;
use statewright::ui::theme::ThemeChoice;

fn text(s: &str) -> Option<String> {
    Some(s.to_owned())
}

fn number(n: u64) -> Option<NumberField> {
    Some(NumberField::Number(n.into()))
}

fn path(p: &str) -> Option<NullablePath> {
    Some(NullablePath::Path(p.to_owned()))
}

/// A state with every shared field set, of `kind`.
fn full_state(kind: StateKind) -> State {
    State {
        kind,
        comment: text("c"),
        query_language: Some(QueryLanguage::JsonPath),
        input_path: path("$.in"),
        parameters: Some(json!({"p": 1})),
        arguments: Some(json!({"a": 1})),
        result_selector: Some(json!({"r": 1})),
        result_path: path("$.out"),
        output_path: path("$.o"),
        output: Some(json!({"o": 1})),
        assign: Some(json!({"v": 1})),
        retry: Some(vec![full_retrier()]),
        catch: Some(vec![full_catcher()]),
        next: text("Done"),
        end: None,
        extra: Map::new(),
    }
}

fn full_retrier() -> Retrier {
    Retrier {
        error_equals: vec!["States.ALL".into()],
        comment: text("r"),
        interval_seconds: number(2),
        max_attempts: number(4),
        backoff_rate: number(3),
        max_delay_seconds: number(60),
        jitter_strategy: text("FULL"),
        extra: Map::new(),
    }
}

fn full_catcher() -> Catcher {
    Catcher {
        error_equals: vec!["States.ALL".into()],
        comment: text("c"),
        result_path: path("$.error"),
        output: Some(json!({"e": 1})),
        assign: Some(json!({"failed": true})),
        next: text("Done"),
        extra: Map::new(),
    }
}

fn full_task() -> Task {
    Task {
        resource: text("arn:aws:states:::lambda:invoke"),
        credentials: Some(json!({"RoleArn": "arn:aws:iam::1:role/r"})),
        timeout_seconds: number(5),
        timeout_seconds_path: text("$.t"),
        heartbeat_seconds: number(2),
        heartbeat_seconds_path: text("$.h"),
    }
}

fn full_wait() -> Wait {
    Wait {
        seconds: number(1),
        seconds_path: text("$.s"),
        timestamp: text("2026-01-01T00:00:00Z"),
        timestamp_path: text("$.ts"),
    }
}

fn full_fail() -> Fail {
    Fail {
        error: text("E"),
        error_path: text("$.e"),
        cause: text("C"),
        cause_path: text("$.c"),
    }
}

fn full_choice() -> Choice {
    let rule = ChoiceRule {
        variable: text("$.x"),
        comparisons: vec![Comparison {
            op: ComparisonOp {
                kind: ComparisonKind::BooleanEquals,
                path: false,
            },
            value: json!(true),
        }],
        comment: text("rule"),
        assign: Some(json!({"seen": true})),
        output: Some(json!({"o": 1})),
        next: text("Done"),
        ..Default::default()
    };
    Choice {
        choices: vec![rule],
        default: text("Done"),
    }
}

fn inner_machine() -> StateMachine {
    let parsed = check(
        br#"{"StartAt": "In", "States": {"In": {"Type": "Succeed"}}}"#,
        None,
    );
    parsed.machine.expect("inner machine")
}

fn full_map() -> MapState {
    MapState {
        item_processor: Some(ItemProcessor {
            processor_config: Some(ProcessorConfig {
                mode: text("DISTRIBUTED"),
                execution_type: text("STANDARD"),
                extra: Map::new(),
            }),
            machine: inner_machine(),
        }),
        // The legacy processor field is edited on the canvas, like ItemProcessor's states.
        iterator: None,
        item_reader: Some(ItemReader {
            resource: text("arn:aws:states:::s3:getObject"),
            reader_config: Some(ReaderConfig {
                input_type: text("CSV"),
                csv_header_location: text("GIVEN"),
                csv_headers: Some(vec!["a".into(), "b".into()]),
                csv_delimiter: text("COMMA"),
                max_items: number(10),
                max_items_path: text("$.max"),
                extra: Map::new(),
            }),
            parameters: Some(json!({"Bucket": "b", "Key": "k"})),
            arguments: Some(json!({"Bucket": "b", "Key": "k"})),
            extra: Map::new(),
        }),
        items_path: text("$.items"),
        items: Some(json!([1, 2])),
        item_selector: Some(json!({"i.$": "$$.Map.Item.Value"})),
        item_batcher: Some(ItemBatcher {
            max_items_per_batch: number(2),
            max_items_per_batch_path: text("$.b"),
            max_input_bytes_per_batch: number(1000),
            max_input_bytes_per_batch_path: text("$.bb"),
            batch_input: Some(json!({"k": 1})),
            extra: Map::new(),
        }),
        result_writer: Some(ResultWriter {
            resource: text("arn:aws:states:::s3:putObject"),
            parameters: Some(json!({"Bucket": "b"})),
            arguments: Some(json!({"Bucket": "b"})),
            writer_config: Some(json!({"OutputType": "JSON"})),
            extra: Map::new(),
        }),
        max_concurrency: number(3),
        max_concurrency_path: text("$.mc"),
        tolerated_failure_percentage: number(10),
        tolerated_failure_percentage_path: text("$.tp"),
        tolerated_failure_count: number(1),
        tolerated_failure_count_path: text("$.tc"),
        label: text("L"),
    }
}

/// One fully populated state of each type, by name.
fn full_states() -> Vec<(&'static str, State)> {
    vec![
        ("TaskState", full_state(StateKind::Task(full_task()))),
        (
            "PassState",
            full_state(StateKind::Pass(Pass {
                result: Some(json!({"r": 1})),
            })),
        ),
        ("ChoiceState", full_state(StateKind::Choice(full_choice()))),
        ("WaitState", full_state(StateKind::Wait(full_wait()))),
        ("SucceedState", full_state(StateKind::Succeed)),
        ("FailState", full_state(StateKind::Fail(full_fail()))),
        (
            "ParallelState",
            full_state(StateKind::Parallel(Parallel {
                branches: vec![inner_machine()],
            })),
        ),
        ("MapState", full_state(StateKind::Map(Box::new(full_map())))),
    ]
}

/// Keys with editors of their own (asserted separately), and the nested objects whose
/// keys are fields too.
const OWN_EDITORS: [&str; 8] = [
    "Type", "Next", "End", "Choices", "Default", "Retry", "Catch", "Branches",
];
const NESTED: [&str; 5] = [
    "ItemReader",
    "ReaderConfig",
    "ItemBatcher",
    "ResultWriter",
    "ProcessorConfig",
];

/// Every field's dotted key path in a written state.
fn field_paths(obj: &Map<String, Value>, prefix: &str, out: &mut BTreeSet<String>) {
    for (key, value) in obj {
        let path = format!("{prefix}{key}");
        if prefix.is_empty() && OWN_EDITORS.contains(&key.as_str()) {
            continue;
        }
        if key == "ItemProcessor" {
            // Its StartAt/States are the nested diagram; only its ProcessorConfig is a form.
            if let Some(config) = value.get("ProcessorConfig").and_then(Value::as_object) {
                field_paths(config, &format!("{path}.ProcessorConfig."), out);
            }
            continue;
        }
        match value.as_object() {
            Some(inner) if NESTED.contains(&key.as_str()) => {
                field_paths(inner, &format!("{path}."), out)
            }
            _ => {
                out.insert(path);
            }
        }
    }
}

/// The inspector alone in a tall harness, showing `name` of `machine`.
fn inspector_harness(machine: StateMachine, name: &str) -> Harness<'static, ()> {
    let path = StatePath::new(MachinePath::root(), name);
    let palette = ThemeChoice::Dark.palette();
    let mut inspector = Inspector::default();
    let mut harness = Harness::builder()
        .with_size([900.0, 5000.0])
        .build_ui(move |ui| {
            let _ = inspector.inspector_ui(ui, &machine, &path, &palette);
            let _ = inspector.branches_ui(ui, &machine, &path);
        });
    harness.run_steps(2);
    harness
}

/// True if some widget (or label) is labelled `label`: a field's label and its editor can
/// both carry it.
fn has(h: &Harness<'static, ()>, label: &str) -> bool {
    h.query_all_by_label(label).next().is_some()
}

fn machine_of(states: &[(&str, Value)]) -> StateMachine {
    let mut map = Map::new();
    for (name, state) in states {
        map.insert((*name).to_owned(), state.clone());
    }
    map.insert("Done".into(), json!({"Type": "Succeed"}));
    let first = states.first().map_or("Done", |(n, _)| *n);
    let text = json!({"StartAt": first, "States": map}).to_string();
    check(text.as_bytes(), None)
        .machine
        .expect("machine parses")
}

#[test]
fn every_model_field_of_every_state_type_has_a_labelled_widget() {
    let states: Vec<(&str, Value)> = full_states()
        .into_iter()
        .map(|(name, state)| (name, state.write()))
        .collect();
    let machine = machine_of(&states);
    let mut total = 0;
    for (name, written) in &states {
        let mut paths = BTreeSet::new();
        field_paths(written.as_object().expect("object"), "", &mut paths);
        let h = inspector_harness(machine.clone(), name);
        let missing: Vec<&String> = paths.iter().filter(|p| !has(&h, p)).collect();
        assert!(missing.is_empty(), "{name}: no widget for {missing:?}");
        total += paths.len();
        let ty = written["Type"].as_str().unwrap_or_default();
        let mut own = Vec::new();
        if !matches!(ty, "Choice" | "Succeed" | "Fail") {
            own.push("Next");
        }
        if ty == "Choice" {
            own.push("Default");
        }
        if matches!(ty, "Task" | "Parallel" | "Map") {
            own.extend(["+ Retry", "+ Catch"]);
            // Every field of each Retry and Catch rule (Catch Next is the row's target).
            for (list, prefix) in [("Retry", "Retry 0"), ("Catch", "Catch 0")] {
                let rule = written[list][0].as_object().expect("rule");
                for key in rule.keys().filter(|k| *k != "Next") {
                    let label = format!("{prefix} {key}");
                    assert!(has(&h, &label), "{name}: no widget for {label}");
                    total += 1;
                }
            }
        }
        if ty == "Parallel" {
            own.push("+ Branch");
        }
        for label in own {
            assert!(has(&h, label), "{name}: no {label} editor");
        }
    }
    assert!(total > 100, "the audit saw {total} fields");
}

#[test]
fn an_opened_choice_rule_shows_every_rule_field() {
    let states: Vec<(&str, Value)> = full_states()
        .into_iter()
        .map(|(name, state)| (name, state.write()))
        .collect();
    let mut h = inspector_harness(machine_of(&states), "ChoiceState");
    h.get_by_label("Edit rule 1").click();
    h.run_steps(2);
    for field in [
        "Variable", "Operator", "Value", "Comment", "Assign", "Output",
    ] {
        let label = format!("Rule 1 {field}");
        assert!(has(&h, &label), "no widget for {label}");
    }
}

#[test]
fn every_type_specific_model_field_has_a_purpose_built_editor() {
    // Only the type's own fields set: each must be in the type's form specs, not merely
    // shown by the generic editor for fields a type does not use.
    for (name, full) in full_states() {
        let Some(ty) = full.state_type() else {
            continue;
        };
        let written = State::new(full.kind).write();
        let mut paths = BTreeSet::new();
        field_paths(written.as_object().expect("object"), "", &mut paths);
        let specs: BTreeSet<String> = specs_for(Some(ty)).iter().map(|s| s.id()).collect();
        let missing: Vec<&String> = paths.difference(&specs).collect();
        assert!(missing.is_empty(), "{name}: no form field for {missing:?}");
    }
}

#[test]
fn an_empty_state_shows_the_fields_of_its_query_language() {
    let states = [
        (
            "PathTask",
            json!({"Type": "Task", "Resource": "r", "End": true}),
        ),
        (
            "AtaTask",
            json!({"Type": "Task", "QueryLanguage": "JSONata", "Resource": "r", "End": true}),
        ),
        (
            "PathMap",
            json!({"Type": "Map", "End": true,
            "ItemProcessor": {"StartAt": "In", "States": {"In": {"Type": "Succeed"}}}}),
        ),
        (
            "AtaMap",
            json!({"Type": "Map", "QueryLanguage": "JSONata", "End": true,
            "ItemProcessor": {"StartAt": "In", "States": {"In": {"Type": "Succeed"}}}}),
        ),
    ];
    let machine = machine_of(&states);
    let h = inspector_harness(machine.clone(), "PathTask");
    for label in [
        "TimeoutSecondsPath",
        "HeartbeatSecondsPath",
        "Parameters",
        "ResultPath",
        "Credentials",
    ] {
        assert!(has(&h, label), "JSONPath Task: {label}");
    }
    assert!(!has(&h, "Arguments"));
    let h = inspector_harness(machine.clone(), "AtaTask");
    for label in ["Arguments", "Output", "Assign", "TimeoutSeconds"] {
        assert!(has(&h, label), "JSONata Task: {label}");
    }
    assert!(!has(&h, "Parameters"));
    assert!(!has(&h, "TimeoutSecondsPath"));

    // Map sections start folded when the Map has none of their fields; their headers show.
    let h = inspector_harness(machine.clone(), "PathMap");
    for label in [
        "ItemsPath",
        "ToleratedFailureCount",
        "Label",
        "ItemReader",
        "ItemBatcher",
        "ResultWriter",
        "ItemProcessor.ProcessorConfig.Mode",
    ] {
        assert!(has(&h, label), "JSONPath Map: {label}");
    }
    let h = inspector_harness(machine, "AtaMap");
    assert!(has(&h, "Items"));
    assert!(!has(&h, "ItemsPath"));
}

#[test]
fn editing_a_distributed_map_reader_field_is_one_undo_step_with_inline_checks() {
    use egui::accesskit::Role;
    use egui::{Key, Modifiers};
    use statewright::ui::Command;

    let dir = super::temp_dir("inspector-map");
    let file = crate::support::samples_dir().join("etl-distributed-map.asl.json");
    let mut h = super::app_with(Some(file), dir);
    let map = StatePath::new(MachinePath::root(), "ImportOrders");
    h.state_mut().selection = [map].into_iter().collect();
    h.run_steps(2);
    let field = "ItemReader.ReaderConfig.MaxItems";
    let max_items = |h: &Harness<'static, statewright::ui::StatewrightApp>| {
        let state = h.state().doc.machine().states.get("ImportOrders").cloned();
        let Some(StateKind::Map(m)) = state.map(|s| s.kind) else {
            return None;
        };
        m.item_reader?
            .reader_config?
            .max_items
            .and_then(|n| n.as_u64())
    };
    assert_eq!(max_items(&h), None);

    h.get_by_role_and_label(Role::TextInput, field).focus();
    h.run_steps(1);
    h.get_by_role_and_label(Role::TextInput, field)
        .type_text("1x");
    h.run_steps(2);
    h.get_by_label_contains("\"1x\" is not a number");
    assert_eq!(max_items(&h), None, "invalid text changes nothing");
    h.key_press(Key::Backspace);
    h.get_by_role_and_label(Role::TextInput, field)
        .type_text("00");
    h.run_steps(3);
    assert_eq!(max_items(&h), Some(100));
    assert!(h.query_by_label_contains("is not a number").is_none());
    // The reader's other fields are kept.
    let exported = statewright::asl::export::to_json(h.state().doc.machine());
    assert!(exported.contains("\"CSVHeaderLocation\": \"FIRST_ROW\""));

    h.key_press_modifiers(Modifiers::NONE, Key::Escape);
    h.state_mut().queue(Command::Undo);
    h.run_steps(2);
    assert_eq!(
        max_items(&h),
        None,
        "typing 1, x, back, 0, 0 is one undo step"
    );
}

#[test]
fn with_no_state_selected_the_inspector_edits_the_workflows_own_fields() {
    use egui::accesskit::Role;
    use statewright::ui::Command;

    let mut h = super::app_with(None, super::temp_dir("inspector-workflow"));
    h.get_by_label("Inspector").click();
    h.run_steps(2);
    h.get_by_label("Workflow");
    let field = "Workflow TimeoutSeconds";
    h.get_by_role_and_label(Role::TextInput, field).focus();
    h.run_steps(1);
    h.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::A);
    h.get_by_role_and_label(Role::TextInput, field)
        .type_text("3600");
    h.run_steps(3);
    let timeout = |h: &Harness<'static, statewright::ui::StatewrightApp>| {
        h.state()
            .doc
            .machine()
            .timeout_seconds
            .as_ref()
            .and_then(NumberField::as_u64)
    };
    assert_eq!(timeout(&h), Some(3600));
    assert!(h
        .state()
        .doc
        .machine()
        .states
        .contains_key("EvaluateFunding"));
    h.state_mut().queue(Command::Undo);
    h.run_steps(2);
    assert_eq!(timeout(&h), Some(300), "typing 3600 is one undo step");
}
