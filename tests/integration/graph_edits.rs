//! Edit operations on every real definition: each one applied and undone leaves the model,
//! and so the exported JSON, exactly as it was.

use statewright::asl::{export, parse, Format, StateType};
use statewright::graph::edit::{self, apply, Design, Edit};
use statewright::graph::{EdgeId, Graph, NodeKind};

use super::support::{data_dir, files_with_suffix};

/// The edits tried on each state and edge of a definition.
fn edits_for(design: &Design, graph: &Graph) -> Vec<Edit> {
    let mut out = Vec::new();
    for node in &graph.nodes {
        let (Some(path), NodeKind::State(_)) = (&node.state, node.kind) else {
            continue;
        };
        let fresh = edit::unique_name(&design.machine, &format!("{} renamed", path.name));
        out.push(Edit::Rename {
            state: path.clone(),
            new_name: fresh.clone(),
        });
        out.push(Edit::RemoveState {
            state: path.clone(),
        });
        out.push(Edit::Duplicate {
            state: path.clone(),
            new_name: fresh,
        });
        out.push(Edit::SetNext {
            state: path.clone(),
            next: None,
            end: Some(true),
        });
    }
    for e in 0..graph.edges.len() {
        let name = edit::unique_name(&design.machine, "Inserted");
        let pass = edit::new_state(StateType::Pass, &design.machine);
        if let Some(insert) = edit::insert_on_edge(graph, EdgeId(e), &name, pass) {
            out.push(insert);
        }
    }
    out
}

#[test]
fn every_edit_on_every_real_definition_undoes_exactly() {
    let files = files_with_suffix(&data_dir().join("realworld/definitions"), ".json");
    let mut failures = Vec::new();
    let mut applied_count = 0;
    for file in &files {
        let bytes = std::fs::read(file).expect("definition file");
        let Some(machine) = parse(&bytes, Some(Format::Json)).machine else {
            continue;
        };
        let original = Design::new(machine);
        let graph = Graph::from_machine(&original.machine);
        for e in edits_for(&original, &graph) {
            let label = e.label();
            let mut design = original.clone();
            let applied = match apply(&mut design, e) {
                Ok(a) => a,
                // Insert after a Succeed/Fail has no meaning; everything else must apply.
                Err(edit::EditError::BadEdge(_)) => continue,
                Err(err) => {
                    failures.push(format!("{}: {label}: {err}", file.display()));
                    continue;
                }
            };
            applied_count += 1;
            if let Err(err) = apply(&mut design, applied.inverse) {
                failures.push(format!("{}: undo {label}: {err}", file.display()));
            } else if design != original
                || export::to_value(&design.machine) != export::to_value(&original.machine)
            {
                failures.push(format!("{}: undo {label} differs", file.display()));
            }
        }
    }
    assert!(applied_count > 10_000, "only {applied_count} edits tried");
    assert!(
        failures.is_empty(),
        "{} failures:\n{}",
        failures.len(),
        failures[..failures.len().min(40)].join("\n")
    );
}
