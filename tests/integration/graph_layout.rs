//! The diagram layout of every real definition: no overlapping boxes, every edge routed,
//! every node inside its container.

use statewright::asl::{parse, Format};
use statewright::graph::{
    estimate_text_width, layout, Graph, GraphOptions, Layout, LayoutOptions, Rect,
};

use super::support::{data_dir, files_with_suffix, samples_dir};

/// Every problem with one layout, as readable lines.
pub fn layout_problems(graph: &Graph, laid: &Layout) -> Vec<String> {
    let mut problems = Vec::new();
    let finite = |r: &Rect| {
        [r.min.x, r.min.y, r.max.x, r.max.y]
            .iter()
            .all(|v| v.is_finite())
    };
    let ancestors: Vec<Vec<usize>> = (0..graph.nodes.len())
        .map(|i| {
            graph
                .ancestors(statewright::graph::NodeId(i))
                .iter()
                .map(|a| a.0)
                .collect()
        })
        .collect();
    for (i, node) in graph.nodes.iter().enumerate() {
        let r = &laid.nodes[i];
        if !finite(r) || r.width() <= 0.0 || r.height() <= 0.0 {
            problems.push(format!("node {} has a bad box {r:?}", node.label));
        }
        for &a in &ancestors[i] {
            if !laid.nodes[a].contains_rect(r, 0.01) {
                problems.push(format!(
                    "node {} lies outside its container {}",
                    node.label, graph.nodes[a].label
                ));
            }
        }
        for j in i + 1..graph.nodes.len() {
            if ancestors[j].contains(&i) || ancestors[i].contains(&j) {
                continue;
            }
            if r.overlaps(&laid.nodes[j]) {
                problems.push(format!(
                    "nodes {} and {} overlap",
                    node.label, graph.nodes[j].label
                ));
            }
        }
    }
    let labels: Vec<(usize, Rect)> = laid
        .edges
        .iter()
        .enumerate()
        .filter_map(|(e, l)| l.label.map(|r| (e, r)))
        .collect();
    for (k, &(e, label)) in labels.iter().enumerate() {
        let edge = &graph.edges[e];
        let machine = graph.nodes[edge.from.0].machine;
        // Labels get their own layer slots, so they never cover a box of their machine.
        for &n in &graph.machines[machine.0].nodes {
            if label.overlaps(&laid.nodes[n.0]) {
                problems.push(format!(
                    "label {:?} covers node {}",
                    edge.label, graph.nodes[n.0].label
                ));
            }
        }
        for &(f, other) in &labels[k + 1..] {
            if graph.nodes[graph.edges[f].from.0].machine == machine && label.overlaps(&other) {
                problems.push(format!(
                    "labels {:?} and {:?} overlap",
                    edge.label, graph.edges[f].label
                ));
            }
        }
    }
    for (e, edge) in graph.edges.iter().enumerate() {
        let route = &laid.edges[e];
        let ok = route.points.len() >= 2
            && route
                .points
                .iter()
                .all(|p| p.x.is_finite() && p.y.is_finite());
        if !ok {
            problems.push(format!(
                "edge {} -> {} has no route",
                graph.nodes[edge.from.0].label, graph.nodes[edge.to.0].label
            ));
        }
        if edge.label.is_some() && route.label.is_none() {
            problems.push(format!(
                "edge {} -> {} lost its label",
                graph.nodes[edge.from.0].label, graph.nodes[edge.to.0].label
            ));
        }
    }
    if !laid.bounds.contains_rect(
        &laid.nodes.iter().fold(laid.nodes[0], |a, b| a.union(b)),
        0.01,
    ) {
        problems.push("bounds do not hold every node".to_owned());
    }
    problems
}

fn check_file(path: &std::path::Path, failures: &mut Vec<String>) -> usize {
    let bytes = std::fs::read(path).expect("definition file");
    let Some(machine) = parse(&bytes, Some(Format::Json)).machine else {
        failures.push(format!("{}: does not parse", path.display()));
        return 0;
    };
    let mut nodes = 0;
    for branch_markers in [true, false] {
        let graph = Graph::from_machine_with(&machine, &GraphOptions { branch_markers });
        let laid = layout(&graph, &LayoutOptions::default(), &estimate_text_width);
        let again = layout(&graph, &LayoutOptions::default(), &estimate_text_width);
        if laid != again {
            failures.push(format!("{}: layout is not deterministic", path.display()));
        }
        for p in layout_problems(&graph, &laid) {
            failures.push(format!(
                "{} (markers {branch_markers}): {p}",
                path.display()
            ));
        }
        nodes = nodes.max(graph.nodes.len());
    }
    nodes
}

#[test]
fn every_real_definition_lays_out_cleanly() {
    let files = files_with_suffix(&data_dir().join("realworld/definitions"), ".json");
    assert_eq!(files.len(), 403);
    let mut failures = Vec::new();
    let mut nodes = 0;
    for file in &files {
        nodes += check_file(file, &mut failures);
    }
    assert!(nodes > 4000, "only {nodes} nodes laid out");
    assert!(
        failures.is_empty(),
        "{} problems:\n{}",
        failures.len(),
        failures.join("\n")
    );
}

#[test]
fn every_sample_lays_out_cleanly() {
    let mut failures = Vec::new();
    for file in files_with_suffix(&samples_dir(), ".asl.json") {
        check_file(&file, &mut failures);
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}
