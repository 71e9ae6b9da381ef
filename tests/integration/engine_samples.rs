//! Every test case of every sample workflow runs in-process and ends as its
//! `NAME.expected.json` says (on tokio's paused clock, so Waits and retries take no time).

use std::sync::Arc;

use serde_json::Value;
use statewright::asl::{parse, Format};
use statewright::engine::{
    self, tasks::MockConfig, LocalFiles, MockSelection, RunConfig, ScaledClock,
};

use super::support::{files_with_suffix, samples_dir};

/// Samples the engine cannot run yet, with the reason; each must still fail.
const KNOWN_GAPS: &[(&str, &str)] = &[];

fn read(path: &std::path::Path) -> Value {
    serde_json::from_str(&std::fs::read_to_string(path).expect("read")).expect("json")
}

fn run(name: &str, case: &str) -> Value {
    let dir = samples_dir();
    let text = std::fs::read(dir.join(format!("{name}.asl.json"))).expect("definition");
    let machine = parse(&text, Some(Format::Json)).machine.expect("parses");
    let mocks =
        MockConfig::from_value(&read(&dir.join(format!("{name}.mock.json")))).expect("mocks");
    let input = read(&dir.join(format!("{name}.input.json")));
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .start_paused(true)
        .build()
        .expect("runtime");
    runtime.block_on(async {
        let config = RunConfig {
            machine_name: name.to_owned(),
            clock: Arc::new(ScaledClock::new(1.0)),
            local_files: Arc::new(LocalFiles {
                search_dirs: vec![dir.clone()],
                ..LocalFiles::default()
            }),
            mocks: Some(MockSelection {
                config: Arc::new(mocks),
                test_case: case.to_owned(),
            }),
            ..RunConfig::default()
        };
        engine::execute(&machine, input, &config)
            .await
            .to_contract_json()
    })
}

/// JSON equality where 2 equals 2.0, as the samples README asks.
fn same(a: &Value, b: &Value) -> bool {
    match (a, b) {
        (Value::Number(x), Value::Number(y)) => x.as_f64() == y.as_f64(),
        (Value::Array(x), Value::Array(y)) => {
            x.len() == y.len() && x.iter().zip(y).all(|(p, q)| same(p, q))
        }
        (Value::Object(x), Value::Object(y)) => {
            x.len() == y.len() && x.iter().all(|(k, v)| y.get(k).is_some_and(|w| same(v, w)))
        }
        _ => a == b,
    }
}

#[test]
fn every_sample_test_case_ends_as_expected() {
    let mut failures = Vec::new();
    let mut count = 0;
    for path in files_with_suffix(&samples_dir(), ".expected.json") {
        let file = path
            .file_name()
            .and_then(|f| f.to_str())
            .unwrap_or_default();
        let name = file.trim_end_matches(".expected.json").to_owned();
        let Value::Object(cases) = read(&path) else {
            panic!("{name}: expected.json must be an object");
        };
        let gap = KNOWN_GAPS.iter().any(|(g, _)| *g == name);
        for (case, expected) in cases {
            count += 1;
            let actual = run(&name, &case);
            let ok = ["status", "output", "error", "cause"]
                .iter()
                .all(|k| expected.get(*k).is_none_or(|want| same(&actual[*k], want)));
            match (ok, gap) {
                (false, false) => failures.push(format!("{name}/{case}: got {actual}")),
                (true, true) => failures.push(format!("{name}/{case}: passes; remove the gap")),
                _ => {}
            }
        }
    }
    assert!(count > 40, "only {count} sample test cases found");
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}
