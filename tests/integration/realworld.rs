//! Hundreds of real definitions and templates from public projects: no validation errors,
//! lossless export, and template import.

use serde_json::Value;
use statewright::asl::template::{definition_text, list_state_machines};
use statewright::asl::{export, parse, Format};

use super::support::{assert_round_trips, data_dir, errors_of};

fn manifest() -> Value {
    let text =
        std::fs::read_to_string(data_dir().join("realworld/manifest.json")).expect("manifest");
    serde_json::from_str(&text).expect("manifest JSON")
}

fn definitions() -> Vec<Value> {
    manifest()["definitions"]
        .as_array()
        .cloned()
        .unwrap_or_default()
}

fn read(entry: &Value) -> (String, Vec<u8>) {
    let file = entry["file"].as_str().expect("file");
    let bytes = std::fs::read(data_dir().join("realworld").join(file)).expect("definition file");
    (file.to_owned(), bytes)
}

#[test]
fn the_corpus_is_complete() {
    assert_eq!(definitions().len(), 403);
}

/// Definitions the manifest marks valid that Step Functions would reject: skeletons filled
/// in by their project before deployment. Each must still be reported.
const KNOWN_INVALID: [(&str, &str); 3] = [
    (
        "0379",
        "\"Choices\": \"DYNAMIC_ROUTING_CHOICES\" is a string the project replaces",
    ),
    (
        "0384",
        "a Choice rule left empty ({}) for the project to fill in",
    ),
    (
        "0387",
        "calls States.Default, which is not a Step Functions intrinsic function",
    ),
];

fn is_known_invalid(entry: &Value) -> bool {
    KNOWN_INVALID
        .iter()
        .any(|(id, _)| entry["id"].as_str() == Some(id))
}

#[test]
fn real_definitions_have_no_validation_errors() {
    let mut failures = Vec::new();
    for entry in definitions() {
        // Definitions broken at the source, or holding CloudFormation intrinsics where a
        // string belongs, are judged through their templates instead.
        if entry["expect_valid"] == Value::Bool(false)
            || entry["has_cfn_intrinsics"] == Value::Bool(true)
            || is_known_invalid(&entry)
        {
            continue;
        }
        let (file, bytes) = read(&entry);
        let errors = errors_of(&bytes);
        if !errors.is_empty() {
            failures.push(format!("{file}:\n  {}", errors.join("\n  ")));
        }
    }
    assert!(
        failures.is_empty(),
        "{} definitions have errors:\n{}",
        failures.len(),
        failures.join("\n")
    );
}

#[test]
fn broken_definitions_are_reported() {
    for entry in definitions()
        .iter()
        .filter(|e| e["expect_valid"] == Value::Bool(false) || is_known_invalid(e))
    {
        let (file, bytes) = read(entry);
        assert!(
            !errors_of(&bytes).is_empty(),
            "{file} is broken at the source but validates"
        );
    }
}

#[test]
fn real_definitions_export_losslessly() {
    for entry in definitions() {
        let (file, bytes) = read(&entry);
        let original: Value = serde_json::from_slice(&bytes).expect("corpus files are JSON");
        let machine = parse(&bytes, Some(Format::Json))
            .machine
            .unwrap_or_else(|| panic!("{file} parses"));
        assert_eq!(
            export::to_value(&machine),
            original,
            "{file}: export changes the definition"
        );
        assert_round_trips(&machine, &file);
    }
}

#[test]
fn yaml_originals_read_as_their_json_conversions() {
    for entry in definitions() {
        let Some(original) = entry["original"].as_str() else {
            continue;
        };
        let (file, bytes) = read(&entry);
        let yaml = std::fs::read(data_dir().join("realworld").join(original)).expect("original");
        let from_yaml = parse(&yaml, Some(Format::Yaml))
            .machine
            .unwrap_or_else(|| panic!("{original} parses"));
        let from_json = parse(&bytes, Some(Format::Json))
            .machine
            .expect("json parses");
        assert_eq!(
            export::to_value(&from_yaml),
            export::to_value(&from_json),
            "{original} vs {file}"
        );
    }
}

#[test]
fn templates_list_their_state_machines_and_embedded_definitions_open() {
    let manifest = manifest();
    let templates = manifest["templates"]
        .as_array()
        .cloned()
        .unwrap_or_default();
    assert!(!templates.is_empty());
    let mut opened = 0;
    for t in templates {
        let Some(file) = t["file"].as_str() else {
            continue;
        };
        let bytes = std::fs::read(data_dir().join("realworld").join(file)).expect("template file");
        let Ok(machines) = list_state_machines(&bytes) else {
            // Serverless Framework files have no CloudFormation Resources section.
            assert!(
                !file.ends_with(".template") && !file.ends_with(".json"),
                "{file}: not readable as a template"
            );
            continue;
        };
        for m in &machines {
            if let Ok((text, format)) = definition_text(m) {
                let parsed = parse(text.as_bytes(), Some(format));
                assert!(
                    parsed.machine.is_some(),
                    "{file}#{}: {:?}",
                    m.logical_id,
                    parsed.diagnostics
                );
                opened += 1;
            }
        }
    }
    assert!(opened >= 60, "only {opened} embedded definitions opened");
}

#[test]
fn every_real_template_validates_without_errors() {
    let dir = data_dir().join("realworld/templates");
    let mut files: Vec<String> = std::fs::read_dir(&dir)
        .expect("templates")
        .filter_map(Result::ok)
        .map(|e| e.path().display().to_string())
        .collect();
    files.sort();
    assert!(files.len() >= 240);
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_statewright"))
        .arg("validate")
        .args(&files)
        .output()
        .expect("run statewright");
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
}
