//! Canvas gestures turned into edits: connect two states, catch into a state, insert on a
//! drawn edge, delete a selection.

use crate::asl::{State, StateKind};

use super::defaults::{new_catcher, new_choice_rule};
use super::{address, Design, Edit, EditError};
use crate::graph::model::{EdgeId, EdgeKind, Graph, MachinePath, NodeKind, StatePath};

/// Dragging from `from`'s handle onto the state `to`: a Choice gets a new rule, any other
/// state gets `Next` (clearing `End`).
pub fn connect(design: &Design, from: &StatePath, to: &str) -> Result<Edit, EditError> {
    let state = address::state(&design.machine, from)?;
    Ok(match state.kind {
        StateKind::Choice(_) => Edit::AddChoiceRule {
            state: from.clone(),
            index: None,
            rule: Box::new(new_choice_rule(&design.machine, to)),
        },
        _ => Edit::SetNext {
            state: from.clone(),
            next: Some(to.to_owned()),
            end: None,
        },
    })
}

/// Dragging from `from`'s catch handle onto `to`: a `States.ALL` Catcher.
pub fn catch_into(from: &StatePath, to: &str) -> Edit {
    Edit::AddCatcher {
        state: from.clone(),
        index: None,
        catcher: Box::new(new_catcher(to)),
    }
}

/// Dropping a new state on the drawn edge `edge`: `None` for edges that are not transitions
/// of a state (e.g. an edge into a Missing node from nowhere).
pub fn insert_on_edge(graph: &Graph, edge: EdgeId, name: &str, state: State) -> Option<Edit> {
    let e = graph.edge(edge)?;
    let from_node = graph.node(e.from)?;
    let from = match (e.kind, &from_node.state) {
        (EdgeKind::Start, _) => {
            let machine = graph.machine(from_node.machine)?;
            StatePath::new(machine.path.clone(), "")
        }
        (_, Some(path)) if from_node.kind != NodeKind::Missing => path.clone(),
        _ => return None,
    };
    Some(Edit::InsertOnEdge {
        from,
        edge: e.kind,
        name: name.to_owned(),
        state: Box::new(state),
    })
}

/// Deleting several states as one undo step.
pub fn remove_all(states: &[StatePath]) -> Edit {
    let edits: Vec<Edit> = states
        .iter()
        .map(|s| Edit::RemoveState { state: s.clone() })
        .collect();
    let label = match states {
        [one] => format!("Delete {}", one.name),
        _ => format!("Delete {} states", states.len()),
    };
    Edit::Batch { label, edits }
}

/// The machine a drawn node belongs to, for adding states next to it.
pub fn machine_of(graph: &Graph, node: crate::graph::NodeId) -> Option<MachinePath> {
    let n = graph.node(node)?;
    graph.machine(n.machine).map(|m| m.path.clone())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::asl::{export, parse, StateType};
    use crate::graph::edit::{apply, new_state};
    use serde_json::json;

    fn design() -> Design {
        Design::new(
            parse(
                br#"{"StartAt":"A","States":{"A":{"Type":"Pass","End":true},
                    "C":{"Type":"Choice","Choices":[],"Default":"A"}}}"#,
                None,
            )
            .machine
            .expect("parses"),
        )
    }

    #[test]
    fn connect_sets_next_or_adds_a_rule() {
        let mut d = design();
        let e = connect(&d, &StatePath::top("A"), "C").expect("connect");
        apply(&mut d, e).expect("applies");
        let v = export::to_value(&d.machine);
        assert_eq!(v["States"]["A"]["Next"], json!("C"));
        assert!(v["States"]["A"].get("End").is_none());
        let e = connect(&d, &StatePath::top("C"), "A").expect("connect");
        apply(&mut d, e).expect("applies");
        let v = export::to_value(&d.machine);
        assert_eq!(v["States"]["C"]["Choices"][0]["Next"], json!("A"));
        apply(&mut d, catch_into(&StatePath::top("A"), "C")).expect("catch");
        assert_eq!(
            export::to_value(&d.machine)["States"]["A"]["Catch"][0]["Next"],
            json!("C")
        );
    }

    #[test]
    fn insert_on_a_drawn_edge() {
        let mut d = design();
        let graph = Graph::from_machine(&d.machine);
        let start_edge = graph
            .edges
            .iter()
            .position(|e| e.kind == EdgeKind::Start)
            .map(EdgeId)
            .expect("start edge");
        let pass = new_state(StateType::Pass, &d.machine);
        let edit = insert_on_edge(&graph, start_edge, "First", pass).expect("edit");
        apply(&mut d, edit).expect("applies");
        let v = export::to_value(&d.machine);
        assert_eq!(v["StartAt"], json!("First"));
        assert_eq!(v["States"]["First"]["Next"], json!("A"));
        let applied = apply(
            &mut d,
            remove_all(&[StatePath::top("First"), StatePath::top("C")]),
        )
        .expect("removes");
        assert_eq!(applied.dangling.len(), 1, "StartAt still names First");
    }
}
