//! CloudFormation, SAM and Serverless Framework templates: short-form YAML tags, intrinsics
//! read as placeholders, external definitions, long comment blocks.

use serde_json::json;
use statewright::asl::template::{
    definition_text, list_state_machines, machines_in, DefinitionSource,
};
use statewright::asl::{check, export, parse, Format};

fn sam_template() -> String {
    let comments: String = (0..200)
        .map(|i| format!("  # comment line {i}\n"))
        .collect();
    format!(
        "Resources:\n{comments}  OrderFlow:\n    Type: AWS::Serverless::StateMachine\n    Properties:\n      Definition:\n        StartAt: Work\n        States:\n          Work:\n            Type: Task\n            Resource: !GetAtt Worker.Arn\n            Next: Notify\n          Notify:\n            Type: Task\n            Resource: arn:aws:states:::sns:publish\n            Parameters:\n              TopicArn: !Ref Topic\n              Message.$: $.summary\n            End: true\n  Legacy:\n    Type: AWS::StepFunctions::StateMachine\n    Properties:\n      DefinitionString: !Sub |\n        {{\"StartAt\": \"A\", \"States\": {{\"A\": {{\"Type\": \"Task\", \"Resource\": \"${{Fn}}\", \"End\": true}}}}}}\n  Joined:\n    Type: AWS::StepFunctions::StateMachine\n    Properties:\n      DefinitionString: !Join\n        - ''\n        - - '{{\"StartAt\": \"A\", \"States\": {{\"A\": {{\"Type\": \"Task\", \"Resource\": \"'\n          - !GetAtt Fn.Arn\n          - '\", \"End\": true}}}}}}'\n"
    )
}

#[test]
fn yaml_short_forms_become_intrinsics_then_placeholders() {
    let machines = list_state_machines(sam_template().as_bytes()).expect("template reads");
    let ids: Vec<&str> = machines.iter().map(|m| m.logical_id.as_str()).collect();
    assert_eq!(ids, ["OrderFlow", "Legacy", "Joined"]);
    let DefinitionSource::Inline(inline) = &machines[0].source else {
        panic!("inline definition expected")
    };
    assert_eq!(
        inline["States"]["Work"]["Resource"],
        json!({"Fn::GetAtt": ["Worker", "Arn"]})
    );
    assert_eq!(
        inline["States"]["Notify"]["Parameters"]["TopicArn"],
        json!({"Ref": "Topic"})
    );
    let (text, format) = definition_text(&machines[0]).expect("definition");
    let parsed = check(text.as_bytes(), Some(format));
    assert!(parsed.diagnostics.is_empty(), "{:?}", parsed.diagnostics);
    let machine = parsed.machine.expect("parses");
    let value = export::to_value(&machine);
    assert_eq!(value["States"]["Work"]["Resource"], "${Worker.Arn}");
    assert_eq!(
        value["States"]["Notify"]["Parameters"]["TopicArn"],
        "${Topic}"
    );
}

#[test]
fn definition_strings_keep_their_placeholders() {
    let machines = list_state_machines(sam_template().as_bytes()).expect("template reads");
    for m in &machines[1..] {
        let (text, format) = definition_text(m).expect("definition");
        let machine = parse(text.as_bytes(), Some(format))
            .machine
            .expect("parses");
        let resource = export::to_value(&machine)["States"]["A"]["Resource"].clone();
        assert!(
            resource == "${Fn}" || resource == "${Fn.Arn}",
            "{}: {resource}",
            m.logical_id
        );
    }
}

#[test]
fn serverless_framework_files_list_their_machines() {
    let file = json!({
        "service": "orders",
        "stepFunctions": {"stateMachines": {"checkout": {"definition": {"StartAt": "A", "States": {"A": {"Type": "Succeed"}}}}}}
    });
    let machines = machines_in(&file).expect("serverless file");
    assert_eq!(machines.len(), 1);
    assert_eq!(machines[0].logical_id, "checkout");
    let (text, _) = definition_text(&machines[0]).expect("definition");
    assert!(check(text.as_bytes(), Some(Format::Json))
        .diagnostics
        .is_empty());
}

#[test]
fn a_template_that_is_not_one_is_reported() {
    assert!(list_state_machines(b"just: text").is_err(), "no Resources");
}

#[test]
fn the_cli_reads_an_external_definition_next_to_the_template() {
    let dir = std::env::temp_dir().join(format!("statewright-external-{}", std::process::id()));
    std::fs::create_dir_all(dir.join("statemachine")).expect("dir");
    std::fs::write(
        dir.join("template.yaml"),
        "Resources:\n  Flow:\n    Type: AWS::Serverless::StateMachine\n    Properties:\n      DefinitionUri: statemachine/flow.asl.json\n  Gone:\n    Type: AWS::Serverless::StateMachine\n    Properties:\n      DefinitionUri: statemachine/missing.asl.json\n",
    )
    .expect("template");
    std::fs::write(
        dir.join("statemachine/flow.asl.json"),
        r#"{"StartAt": "A", "States": {"A": {"Type": "Pass", "Next": "Nope"}}}"#,
    )
    .expect("definition");
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_statewright"))
        .args([
            "validate",
            dir.join("template.yaml").to_str().expect("path"),
        ])
        .output()
        .expect("run");
    let stdout = String::from_utf8_lossy(&out.stdout);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{stdout}{stderr}");
    assert!(
        stdout.contains("#Flow") && stdout.contains("UNKNOWN_TRANSITION_TARGET"),
        "{stdout}"
    );
    assert!(stderr.contains("#Gone: skipped"), "{stderr}");
    std::fs::remove_dir_all(&dir).expect("cleanup");
}
