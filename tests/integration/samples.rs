//! The sample workflows: valid, canonical, and their mock configs name real states.

use serde_json::Value;
use statewright::asl::{check, export, Format};

use super::support::{files_with_suffix, model_of, samples_dir};

#[test]
fn there_are_at_least_ten_samples_with_inputs_and_mocks() {
    let definitions = files_with_suffix(&samples_dir(), ".asl.json");
    assert!(
        definitions.len() >= 10,
        "only {} samples",
        definitions.len()
    );
    for def in definitions {
        let name = def
            .file_name()
            .and_then(|n| n.to_str())
            .unwrap_or_default()
            .trim_end_matches(".asl.json")
            .to_owned();
        for suffix in [".input.json", ".mock.json"] {
            let path = samples_dir().join(format!("{name}{suffix}"));
            assert!(path.exists(), "{name} has no {suffix}");
        }
    }
}

#[test]
fn samples_validate_without_errors_or_warnings() {
    for def in files_with_suffix(&samples_dir(), ".asl.json") {
        let bytes = std::fs::read(&def).expect("sample");
        let parsed = check(&bytes, Some(Format::Json));
        assert!(
            parsed.diagnostics.is_empty(),
            "{}: {:#?}",
            def.display(),
            parsed.diagnostics
        );
    }
}

#[test]
fn samples_are_in_canonical_form() {
    for def in files_with_suffix(&samples_dir(), ".asl.json") {
        let text = std::fs::read_to_string(&def).expect("sample");
        let machine = model_of(text.as_bytes(), &def.display().to_string());
        assert_eq!(
            export::to_json(&machine),
            text,
            "{} is not canonical: run statewright fmt",
            def.display()
        );
    }
}

#[test]
fn mock_configs_name_the_sample_and_its_states() {
    for def in files_with_suffix(&samples_dir(), ".asl.json") {
        let name = def
            .file_name()
            .and_then(|n| n.to_str())
            .unwrap_or_default()
            .trim_end_matches(".asl.json")
            .to_owned();
        let machine = model_of(&std::fs::read(&def).expect("sample"), &name);
        let mut names = Vec::new();
        machine.walk_states("", &mut |n, _, _| names.push(n.to_owned()));
        let mock: Value = serde_json::from_slice(
            &std::fs::read(samples_dir().join(format!("{name}.mock.json"))).expect("mock"),
        )
        .expect("mock JSON");
        let cases = mock["StateMachines"][&name]["TestCases"]
            .as_object()
            .unwrap_or_else(|| panic!("{name}: no TestCases for {name}"));
        assert!(
            cases.contains_key("HappyPath"),
            "{name}: no HappyPath test case"
        );
        for (case, states) in cases {
            for (state, response) in states.as_object().expect("test case object") {
                assert!(
                    names.contains(state),
                    "{name}/{case}: mocks unknown state {state}"
                );
                let response = response.as_str().expect("response name");
                assert!(
                    mock["MockedResponses"].get(response).is_some(),
                    "{name}/{case}: unknown response {response}"
                );
            }
        }
    }
}
