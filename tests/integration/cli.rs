//! Golden tests of the real binary.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use serde_json::Value;

use super::support::{data_dir, samples_dir};

fn statewright(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_statewright"))
        .args(args)
        .output()
        .expect("run statewright")
}

fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

fn temp_dir(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("statewright-cli-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("temp dir");
    dir
}

fn write(dir: &Path, name: &str, text: &str) -> String {
    let path = dir.join(name);
    std::fs::write(&path, text).expect("write");
    path.display().to_string()
}

const BROKEN: &str = "{\n  \"StartAt\": \"A\",\n  \"States\": {\n    \"A\": {\n      \"Type\": \"Pass\",\n      \"Next\": \"Nope\"\n    }\n  }\n}\n";

#[test]
fn validate_prints_file_line_column_code_message_and_exits_1() {
    let dir = temp_dir("validate");
    let file = write(&dir, "broken.asl.json", BROKEN);
    let out = statewright(&["validate", &file]);
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(
        stdout(&out),
        format!(
            "{file}:3:3: NO_TERMINAL_STATE: no terminal state: add a Succeed or Fail state, or a state with \"End\": true\n\
             {file}:6:7: UNKNOWN_TRANSITION_TARGET: transition target \"Nope\" does not name a state\n"
        )
    );
}

#[test]
fn validate_json_output() {
    let dir = temp_dir("validate-json");
    let file = write(&dir, "broken.asl.json", BROKEN);
    let out = statewright(&["validate", "--json", &file]);
    assert_eq!(out.status.code(), Some(1));
    let v: Value = serde_json::from_str(&stdout(&out)).expect("one JSON object");
    assert_eq!(v["errors"], 2);
    assert_eq!(v["files"][0]["valid"], false);
    assert_eq!(
        v["files"][0]["diagnostics"][1]["code"],
        "UNKNOWN_TRANSITION_TARGET"
    );
    assert_eq!(v["files"][0]["diagnostics"][1]["severity"], "error");
    assert_eq!(v["files"][0]["diagnostics"][1]["pointer"], "/States/A/Next");
    assert_eq!(v["files"][0]["diagnostics"][1]["line"], 6);
    assert_eq!(v["files"][0]["diagnostics"][1]["column"], 7);
}

#[test]
fn validate_exit_codes() {
    let sample = samples_dir().join("demo-submission.asl.json");
    let ok = statewright(&["validate", sample.to_str().expect("path")]);
    assert_eq!(
        ok.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&ok.stderr)
    );
    let missing = statewright(&["validate", "/nonexistent/definition.asl.json"]);
    assert_eq!(missing.status.code(), Some(2));
}

#[test]
fn export_json_and_yaml_round_trip() {
    let dir = temp_dir("export");
    let sample = samples_dir().join("demo-submission.asl.json");
    let sample = sample.to_str().expect("path");
    let yaml_path = dir.join("out.asl.yaml");
    let out = statewright(&[
        "export",
        sample,
        "--to",
        "yaml",
        "-o",
        yaml_path.to_str().expect("path"),
    ]);
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let back = statewright(&["export", yaml_path.to_str().expect("path"), "--to", "json"]);
    assert_eq!(back.status.code(), Some(0));
    assert_eq!(
        stdout(&back),
        std::fs::read_to_string(sample).expect("sample"),
        "YAML -> JSON gives the canonical sample back"
    );
}

#[test]
fn fmt_check_and_rewrite() {
    let dir = temp_dir("fmt");
    let file = write(
        &dir,
        "messy.asl.json",
        r#"{"States":{"A":{"End":true,"Type":"Pass"}},"StartAt":"A"}"#,
    );
    let check = statewright(&["fmt", "--check", &file]);
    assert_eq!(check.status.code(), Some(1));
    let fmt = statewright(&["fmt", &file]);
    assert_eq!(fmt.status.code(), Some(0));
    assert_eq!(
        std::fs::read_to_string(&file).expect("formatted"),
        "{\n  \"StartAt\": \"A\",\n  \"States\": {\n    \"A\": {\n      \"Type\": \"Pass\",\n      \"End\": true\n    }\n  }\n}\n"
    );
    assert_eq!(
        statewright(&["fmt", "--check", &file]).status.code(),
        Some(0)
    );
}

#[test]
fn templates_list_and_export_a_chosen_resource() {
    let dir = temp_dir("templates");
    let template = r#"{
      "Resources": {
        "Orders": {"Type": "AWS::StepFunctions::StateMachine", "Properties": {
          "DefinitionString": {"Fn::Sub": "{\"StartAt\": \"A\", \"States\": {\"A\": {\"Type\": \"Task\", \"Resource\": \"${WorkerArn}\", \"End\": true}}}"}
        }},
        "Billing": {"Type": "AWS::Serverless::StateMachine", "Properties": {
          "Definition": {"StartAt": "B", "States": {"B": {"Type": "Succeed"}}}
        }},
        "Bucket": {"Type": "AWS::S3::Bucket"}
      }
    }"#;
    let file = write(&dir, "template.json", template);
    let list = statewright(&["templates", &file]);
    assert_eq!(list.status.code(), Some(0));
    assert_eq!(
        stdout(&list),
        "Orders\tAWS::StepFunctions::StateMachine\tDefinitionString\nBilling\tAWS::Serverless::StateMachine\tDefinition\n"
    );
    let export = statewright(&["export", &file, "--resource", "Orders"]);
    assert_eq!(
        export.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&export.stderr)
    );
    assert!(
        stdout(&export).contains("\"Resource\": \"${WorkerArn}\""),
        "placeholder kept: {}",
        stdout(&export)
    );
    let ambiguous = statewright(&["export", &file]);
    assert_eq!(ambiguous.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&ambiguous.stderr).contains("--resource"));
    let validate = statewright(&["validate", &file]);
    assert_eq!(validate.status.code(), Some(0), "{}", stdout(&validate));
}

#[test]
fn validate_reads_real_sam_templates() {
    let template = data_dir().join("realworld/templates");
    let first_yaml = std::fs::read_dir(&template)
        .expect("templates")
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|e| e == "yaml"))
        .min()
        .expect("a YAML template");
    let out = statewright(&["templates", first_yaml.to_str().expect("path")]);
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}
