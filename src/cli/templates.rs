//! `statewright templates`: list the state machines of a CloudFormation/SAM template.

use serde_json::{json, Value};

use super::args::TemplatesArgs;
use super::{EXIT_ERRORS, EXIT_UNREADABLE};
use crate::asl::template::{list_state_machines, DefinitionSource};

pub(super) fn run(args: &TemplatesArgs) -> u8 {
    let label = args.file.display();
    let bytes = match std::fs::read(&args.file) {
        Ok(b) => b,
        Err(e) => {
            eprintln!("statewright: {label}: {e}");
            return EXIT_UNREADABLE;
        }
    };
    let machines = match list_state_machines(&bytes) {
        Ok(m) => m,
        Err(e) => {
            eprintln!("statewright: {label}: {e}");
            return EXIT_ERRORS;
        }
    };
    if args.json {
        let list: Vec<Value> = machines
            .iter()
            .map(|m| json!({"logicalId": m.logical_id, "type": m.resource_type, "definition": source_name(&m.source)}))
            .collect();
        println!("{}", Value::Array(list));
    } else {
        for m in &machines {
            println!(
                "{}\t{}\t{}",
                m.logical_id,
                m.resource_type,
                source_name(&m.source)
            );
        }
        if machines.is_empty() {
            eprintln!("{label}: no state machine resources");
        }
    }
    0
}

fn source_name(source: &DefinitionSource) -> String {
    match source {
        DefinitionSource::Inline(_) => "Definition".to_owned(),
        DefinitionSource::Text(_) => "DefinitionString".to_owned(),
        DefinitionSource::External(uri) => format!("external: {uri}"),
        DefinitionSource::Missing(why) => format!("unavailable: {why}"),
    }
}
