//! Every conformance definition validates without errors and round-trips through export.

use serde_json::Value;
use statewright::asl::{check, export, parse, Format};

use super::support::{assert_round_trips, data_dir, files_with_suffix};

fn definitions() -> Vec<(String, Value)> {
    files_with_suffix(&data_dir().join("conformance"), ".json")
        .into_iter()
        .map(|path| {
            let text = std::fs::read_to_string(&path).expect("case file");
            let case: Value = serde_json::from_str(&text).expect("case JSON");
            let name = path
                .file_stem()
                .and_then(|s| s.to_str())
                .unwrap_or_default()
                .to_owned();
            (name, case["definition"].clone())
        })
        .collect()
}

#[test]
fn all_185_cases_are_present() {
    assert_eq!(definitions().len(), 185);
}

#[test]
fn every_conformance_definition_validates_without_errors() {
    for (name, definition) in definitions() {
        let text = serde_json::to_string_pretty(&definition).expect("serialize");
        let parsed = check(text.as_bytes(), Some(Format::Json));
        let errors: Vec<_> = parsed.diagnostics.iter().filter(|d| d.is_error()).collect();
        assert!(errors.is_empty(), "{name}: {errors:#?}");
    }
}

#[test]
fn every_conformance_definition_round_trips_through_json_and_yaml() {
    for (name, definition) in definitions() {
        let text = serde_json::to_string(&definition).expect("serialize");
        let machine = parse(text.as_bytes(), Some(Format::Json))
            .machine
            .expect("parses");
        assert_eq!(
            export::to_value(&machine),
            definition,
            "{name}: export changes the definition"
        );
        assert_round_trips(&machine, &name);
    }
}

#[test]
fn canonical_files_round_trip_byte_for_byte() {
    for (name, definition) in definitions() {
        let machine = parse(definition.to_string().as_bytes(), Some(Format::Json))
            .machine
            .expect("parses");
        for format in [Format::Json, Format::Yaml] {
            let canonical = export::to_format(&machine, format).expect("export");
            let again = parse(canonical.as_bytes(), Some(format))
                .machine
                .expect("reparses");
            let second = export::to_format(&again, format).expect("export again");
            assert_eq!(
                canonical, second,
                "{name}: canonical {format:?} is not a fixed point"
            );
        }
    }
}
