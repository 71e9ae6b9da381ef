//! Property tests: generated models survive export and re-parse; the parser never panics.

use proptest::prelude::*;
use serde_json::{json, Map, Value};
use statewright::asl::{check, parse, Format};

use super::support::assert_round_trips;

fn name() -> impl Strategy<Value = String> {
    "[A-Za-z][A-Za-z0-9 _-]{0,12}"
}

fn scalar() -> impl Strategy<Value = Value> {
    prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::Bool),
        any::<i32>().prop_map(|n| json!(n)),
        (-1.0e6f64..1.0e6).prop_map(|f| json!(f)),
        "[ -~]{0,10}".prop_map(Value::String),
        Just(json!("Yes")),
        Just(json!("on")),
        Just(json!("123")),
        Just(json!("${Placeholder}")),
        Just(json!("{% $states.input %}")),
    ]
}

fn payload() -> impl Strategy<Value = Value> {
    scalar().prop_recursive(3, 16, 4, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..4).prop_map(Value::Array),
            prop::collection::vec(("[a-z.$]{1,6}", inner), 0..4)
                .prop_map(|kv| Value::Object(kv.into_iter().collect::<Map<_, _>>())),
        ]
    })
}

/// A state object of any type with a random selection of fields (valid or not: the model
/// must keep whatever was written).
fn state(targets: Vec<String>) -> impl Strategy<Value = Value> {
    let target = prop::sample::select(targets);
    (
        prop::sample::select(vec!["Task", "Pass", "Choice", "Wait", "Succeed", "Fail", "Parallel", "Map", "Bogus"]),
        target,
        prop::option::of(payload()),
        prop::option::of(payload()),
        any::<u8>(),
        prop::option::of("[a-z ]{0,8}"),
        prop::option::of(payload()),
    )
        .prop_map(|(ty, next, params, extra_value, flags, comment, result)| {
            let mut s = Map::new();
            s.insert("Type".into(), json!(ty));
            if let Some(c) = comment {
                s.insert("Comment".into(), json!(c));
            }
            if flags & 1 != 0 {
                s.insert("Next".into(), json!(next));
            } else {
                s.insert("End".into(), json!(true));
            }
            if let Some(p) = params {
                s.insert("Parameters".into(), p);
            }
            if let Some(r) = result {
                s.insert("Result".into(), r);
            }
            if flags & 2 != 0 {
                s.insert("ResultPath".into(), Value::Null);
            }
            if flags & 4 != 0 {
                s.insert("Retry".into(), json!([{"ErrorEquals": ["States.ALL"], "IntervalSeconds": 2, "BackoffRate": 1.5, "JitterStrategy": "FULL"}]));
                s.insert("Catch".into(), json!([{"ErrorEquals": ["E"], "Next": next, "ResultPath": "$.e"}]));
            }
            if flags & 8 != 0 {
                s.insert("X-Unknown".into(), extra_value.clone().unwrap_or(Value::Null));
            }
            if flags & 16 != 0 {
                s.insert("TimeoutSeconds".into(), extra_value.unwrap_or(json!(5)));
            }
            match ty {
                "Task" => {
                    s.insert("Resource".into(), json!("arn:aws:states:::lambda:invoke"));
                }
                "Choice" => {
                    s.insert(
                        "Choices".into(),
                        json!([{"Variable": "$.x", "NumericGreaterThanPath": "$.y", "Next": next},
                               {"And": [{"Variable": "$.a", "IsPresent": true}, {"Not": {"Variable": "$.b", "StringMatches": "x*"}}], "Next": next}]),
                    );
                    s.insert("Default".into(), json!(next));
                }
                "Wait" => {
                    s.insert("SecondsPath".into(), json!("$.wait"));
                }
                "Fail" => {
                    s.insert("Error".into(), json!("Oops"));
                    s.insert("CausePath".into(), json!("$.cause"));
                }
                "Parallel" => {
                    s.insert("Branches".into(), json!([{"StartAt": "B1", "States": {"B1": {"Type": "Succeed"}}}]));
                }
                "Map" => {
                    s.insert(
                        "ItemProcessor".into(),
                        json!({"ProcessorConfig": {"Mode": "DISTRIBUTED", "ExecutionType": "EXPRESS"}, "StartAt": "M1", "States": {"M1": {"Type": "Pass", "End": true}}}),
                    );
                    s.insert("ItemReader".into(), json!({"Resource": "arn:aws:states:::s3:getObject", "ReaderConfig": {"InputType": "CSV", "CSVHeaderLocation": "FIRST_ROW"}}));
                    s.insert("MaxConcurrency".into(), json!(5));
                }
                _ => {}
            }
            Value::Object(s)
        })
}

fn definition() -> impl Strategy<Value = Value> {
    prop::collection::vec(name(), 1..6)
        .prop_flat_map(|names| {
            let mut names = names;
            names.sort();
            names.dedup();
            let states: Vec<_> = names.iter().map(|_| state(names.clone())).collect();
            (
                Just(names),
                states,
                prop::option::of(prop::sample::select(vec!["JSONPath", "JSONata"])),
            )
        })
        .prop_map(|(names, states, lang)| {
            let mut def = Map::new();
            if let Some(l) = lang {
                def.insert("QueryLanguage".into(), json!(l));
            }
            def.insert("StartAt".into(), json!(names[0]));
            def.insert(
                "States".into(),
                Value::Object(names.into_iter().zip(states).collect()),
            );
            Value::Object(def)
        })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    #[test]
    fn generated_models_round_trip(def in definition()) {
        let text = def.to_string();
        let machine = parse(text.as_bytes(), Some(Format::Json)).machine.expect("generated definitions parse");
        assert_round_trips(&machine, &text);
        prop_assert_eq!(statewright::asl::export::to_value(&machine), def);
    }

    #[test]
    fn parser_never_panics_on_bytes(bytes in prop::collection::vec(any::<u8>(), 0..512)) {
        let _ = check(&bytes, None);
    }

    #[test]
    fn parser_never_panics_on_json(value in payload()) {
        let _ = check(value.to_string().as_bytes(), None);
        let wrapped = json!({"StartAt": "A", "States": {"A": value}});
        let _ = check(wrapped.to_string().as_bytes(), None);
    }
}
