//! Every conformance case runs through the engine in-process: status, output, error and
//! (when the case has one) cause must match. Waits and retries run on tokio's paused clock.

use std::sync::Arc;

use serde_json::Value;
use statewright::asl::{parse, Format};
use statewright::engine::{self, tasks::MockConfig, MockSelection, RunConfig, ScaledClock};

use super::support::{data_dir, files_with_suffix};

fn run_case(case: &Value) -> Value {
    let text = case["definition"].to_string();
    let machine = parse(text.as_bytes(), Some(Format::Json))
        .machine
        .expect("definition parses");
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .start_paused(true)
        .build()
        .expect("runtime");
    runtime.block_on(async {
        let mut config = RunConfig {
            machine_name: "Case".into(),
            clock: Arc::new(ScaledClock::starting_at(1_700_000_000_000, 1.0)),
            ..RunConfig::default()
        };
        if let Some(mock) = case.get("mockConfig").filter(|m| !m.is_null()) {
            config.mocks = Some(MockSelection {
                config: Arc::new(MockConfig::from_value(mock).expect("mock config")),
                test_case: case["testCase"].as_str().unwrap_or_default().to_owned(),
            });
        }
        let input = case.get("input").cloned().unwrap_or(Value::Null);
        engine::execute(&machine, input, &config)
            .await
            .to_contract_json()
    })
}

/// Cases the engine cannot pass yet, with the reason; each must still fail, so the list
/// shrinks as soon as one starts passing.
const KNOWN_GAPS: &[(&str, &str)] = &[];

#[test]
fn every_conformance_case_runs_as_expected() {
    let mut failures = Vec::new();
    let cases = files_with_suffix(&data_dir().join("conformance"), ".json");
    assert_eq!(cases.len(), 185);
    for path in cases {
        let case: Value =
            serde_json::from_str(&std::fs::read_to_string(&path).expect("case")).expect("json");
        let name = case["name"].as_str().unwrap_or_default().to_owned();
        let expected = &case["expected"];
        let actual = run_case(&case);
        let mut problems = Vec::new();
        if actual["status"] != expected["status"] {
            problems.push(format!(
                "status {} != {}",
                actual["status"], expected["status"]
            ));
        }
        for key in ["output", "error", "cause"] {
            if let Some(want) = expected.get(key) {
                if actual[key] != *want {
                    problems.push(format!("{key} {} != {}", actual[key], want));
                }
            }
        }
        let known_gap = KNOWN_GAPS.iter().any(|(gap, _)| *gap == name);
        match (problems.is_empty(), known_gap) {
            (true, true) => failures.push(format!("{name}: passes now; remove it from KNOWN_GAPS")),
            (false, false) => failures.push(format!("{name}: {}", problems.join("; "))),
            _ => {}
        }
    }
    assert!(
        failures.is_empty(),
        "{} conformance cases failed:\n{}",
        failures.len(),
        failures.join("\n")
    );
}
