//! Editing an existing Choice rule in place: a JSONPath rule as a tree of comparisons
//! combined with And/Or/Not to any depth, a JSONata rule as its Condition expression.
//!
//! The tree works on the rule's JSON. Structure changes (add, remove, wrap, unwrap, And⇄Or,
//! a new operator) are applied at once, each its own undo step; typed text (variable, value,
//! condition) is checked as typed and coalesces into one step per field.

use serde_json::{json, Map, Value};

use super::fields::{json_ui, string_checked_ui, string_ui, Buffers};
use super::rule_values::{
    check_condition, check_path, operand_for, operand_text, operator_names, parse_operand,
};
use crate::asl::states::{ComparisonKind, ComparisonOp};

/// What an edit of a rule changed: the field id (for coalescing typing) and whether it was
/// typing (coalesced) or a structure change (its own undo step).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RuleChange {
    /// The changed field's id (`Rule 3.2 Variable`).
    pub field: String,
    /// True for typing (coalesced), false for a structure change or a pick.
    pub typing: bool,
}

/// Keys of a rule object that are not part of its condition.
const RULE_ONLY: [&str; 4] = ["Next", "Comment", "Assign", "Output"];

/// Keys that make up a condition node (its operator and operands).
fn is_condition_key(key: &str) -> bool {
    matches!(key, "Variable" | "And" | "Or" | "Not") || ComparisonOp::from_name(key).is_some()
}

/// The node's shape.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Shape {
    Comparison,
    Group(&'static str),
    Not,
}

fn shape_of(node: &Map<String, Value>) -> Shape {
    if node.contains_key("And") {
        Shape::Group("And")
    } else if node.contains_key("Or") {
        Shape::Group("Or")
    } else if node.contains_key("Not") {
        Shape::Not
    } else {
        Shape::Comparison
    }
}

/// A fresh comparison for a new condition.
pub fn new_comparison() -> Value {
    json!({ "Variable": "$.", "StringEquals": "" })
}

/// Splits a top-level rule into its condition and the rule-only fields (Next, Comment...).
fn split_rule(rule: &Map<String, Value>) -> (Map<String, Value>, Map<String, Value>) {
    let mut condition = Map::new();
    let mut rest = Map::new();
    for (k, v) in rule {
        if RULE_ONLY.contains(&k.as_str()) || !is_condition_key(k) {
            rest.insert(k.clone(), v.clone());
        } else {
            condition.insert(k.clone(), v.clone());
        }
    }
    (condition, rest)
}

/// Puts a condition back together with the rule-only fields, condition first.
fn join_rule(condition: Map<String, Value>, rest: Map<String, Value>) -> Map<String, Value> {
    let mut rule = condition;
    for (k, v) in rest {
        rule.insert(k, v);
    }
    rule
}

/// Wraps `node` in `{"Not": node}`.
fn wrap_not(node: Map<String, Value>) -> Map<String, Value> {
    let mut out = Map::new();
    out.insert("Not".into(), Value::Object(node));
    out
}

/// Wraps `node` in a group with a new comparison after it.
fn wrap_group(node: Map<String, Value>, key: &str) -> Map<String, Value> {
    let mut out = Map::new();
    out.insert(
        key.to_owned(),
        Value::Array(vec![Value::Object(node), new_comparison()]),
    );
    out
}

/// Replaces a single-child group or a Not by its child.
fn unwrap(node: &Map<String, Value>) -> Option<Map<String, Value>> {
    let child = match shape_of(node) {
        Shape::Not => node.get("Not")?,
        Shape::Group(key) => match node.get(key)?.as_array()?.as_slice() {
            [only] => only,
            _ => return None,
        },
        Shape::Comparison => return None,
    };
    child.as_object().cloned()
}

/// The comparison's operator name and operand.
fn comparison_of(node: &Map<String, Value>) -> Option<(ComparisonOp, Value)> {
    node.iter()
        .find_map(|(k, v)| ComparisonOp::from_name(k).map(|op| (op, v.clone())))
}

/// Edits the rule at `index` in place; returns what changed.
pub fn rule_body_ui(
    ui: &mut egui::Ui,
    buffers: &mut Buffers,
    rule: &mut Map<String, Value>,
    index: usize,
    jsonata: bool,
    error: egui::Color32,
) -> Option<RuleChange> {
    let id = format!("Rule {}", index + 1);
    let mut change = None;
    if jsonata || rule.contains_key("Condition") {
        egui::Grid::new((&id, "condition"))
            .num_columns(2)
            .show(ui, |ui| {
                let field = ("Condition", format!("{id} Condition"));
                let check = |t: &str| check_condition(t);
                if string_checked_ui(
                    ui,
                    buffers,
                    rule,
                    (field.0, &field.1),
                    "A JSONata expression in {% %} that yields true or false",
                    Some((&check, error)),
                ) {
                    change = Some(RuleChange {
                        field: field.1,
                        typing: true,
                    });
                }
            });
    }
    if !jsonata && !rule.contains_key("Condition") {
        let (mut condition, rest) = split_rule(rule);
        let mut node_change = None;
        if let Some(new) = node_ui(ui, buffers, &mut condition, &id, error, &mut node_change) {
            condition = new;
        }
        if let Some(c) = node_change {
            *rule = join_rule(condition, rest);
            change = Some(c);
        }
    }
    egui::Grid::new((&id, "rule_fields"))
        .num_columns(2)
        .show(ui, |ui| {
            let comment = format!("{id} Comment");
            if string_ui(
                ui,
                buffers,
                rule,
                ("Comment", &comment),
                "A note for humans",
            ) {
                change = Some(RuleChange {
                    field: comment,
                    typing: true,
                });
            }
            let mut json_fields = vec!["Assign"];
            if jsonata || rule.contains_key("Output") {
                json_fields.push("Output");
            }
            for key in json_fields {
                let field = format!("{id} {key}");
                let hint = "Taken when this rule matches";
                if json_ui(ui, buffers, rule, (key, &field), hint, error) {
                    change = Some(RuleChange {
                        field,
                        typing: true,
                    });
                }
            }
        });
    change
}

/// One condition node and its children. Returns the node's replacement when a structure
/// change replaced it (wrap, unwrap); edits inside it are made in place.
fn node_ui(
    ui: &mut egui::Ui,
    buffers: &mut Buffers,
    node: &mut Map<String, Value>,
    id: &str,
    error: egui::Color32,
    change: &mut Option<RuleChange>,
) -> Option<Map<String, Value>> {
    let structural = |what: &str| RuleChange {
        field: format!("{id} {what}"),
        typing: false,
    };
    let mut replacement = None;
    match shape_of(node) {
        Shape::Comparison => {
            comparison_ui(ui, buffers, node, id, error, change);
            ui.horizontal(|ui| {
                if labelled_button(ui, "Not", &format!("{id}: negate")).clicked() {
                    replacement = Some(wrap_not(node.clone()));
                }
                for key in ["And", "Or"] {
                    let label = format!("{id}: {key} another condition");
                    if labelled_button(ui, &format!("{key} …"), &label).clicked() {
                        replacement = Some(wrap_group(node.clone(), key));
                    }
                }
            });
        }
        Shape::Not => {
            ui.horizontal(|ui| {
                ui.strong("Not");
                if labelled_button(ui, "remove Not", &format!("{id}: remove Not")).clicked() {
                    replacement = unwrap(node);
                }
            });
            let child_id = format!("{id}.not");
            ui.indent(&child_id, |ui| {
                if let Some(Value::Object(child)) = node.get_mut("Not") {
                    if let Some(new) = node_ui(ui, buffers, child, &child_id, error, change) {
                        *child = new;
                    }
                }
            });
        }
        Shape::Group(key) => {
            replacement = group_ui(ui, buffers, node, key, id, error, change);
        }
    }
    if replacement.is_some() {
        *change = Some(structural("structure"));
    }
    replacement
}

/// An And/Or group: its children, each removable, and buttons to add more.
fn group_ui(
    ui: &mut egui::Ui,
    buffers: &mut Buffers,
    node: &mut Map<String, Value>,
    key: &'static str,
    id: &str,
    error: egui::Color32,
    change: &mut Option<RuleChange>,
) -> Option<Map<String, Value>> {
    let mut replacement = None;
    let mut structure = false;
    ui.horizontal(|ui| {
        let other = if key == "And" { "Or" } else { "And" };
        ui.strong(if key == "And" {
            "All of (And)"
        } else {
            "Any of (Or)"
        });
        let switch = format!("{id}: switch to {other}");
        if labelled_button(ui, &format!("make it {other}"), &switch).clicked() {
            if let Some(list) = node.remove(key) {
                node.insert(other.to_owned(), list);
                structure = true;
            }
        }
        if labelled_button(ui, "Not", &format!("{id}: negate")).clicked() {
            replacement = Some(wrap_not(node.clone()));
        }
        if node_len(node, key) == 1
            && labelled_button(ui, "ungroup", &format!("{id}: ungroup")).clicked()
        {
            replacement = unwrap(node);
        }
    });
    let mut remove = None;
    let mut add = None;
    ui.indent((id, "group"), |ui| {
        let Some(Value::Array(children)) = node.get_mut(key) else {
            return;
        };
        let count = children.len();
        for (i, child) in children.iter_mut().enumerate() {
            let child_id = format!("{id}.{}", i + 1);
            ui.horizontal(|ui| {
                ui.label(format!("{}.", i + 1));
                let label = format!("{child_id}: remove");
                if count > 1 && labelled_button(ui, "✖", &label).clicked() {
                    remove = Some(i);
                }
            });
            if let Value::Object(child) = child {
                ui.indent(&child_id, |ui| {
                    if let Some(new) = node_ui(ui, buffers, child, &child_id, error, change) {
                        *child = new;
                    }
                });
            }
        }
        ui.horizontal(|ui| {
            if labelled_button(ui, "+ condition", &format!("{id}: add condition")).clicked() {
                add = Some(new_comparison());
            }
            let nested = if key == "And" { "Or" } else { "And" };
            let label = format!("{id}: add {nested} group");
            if labelled_button(ui, &format!("+ {nested} group"), &label).clicked() {
                add = Some(json!({ nested: [new_comparison(), new_comparison()] }));
            }
        });
    });
    if let Some(Value::Array(children)) = node.get_mut(key) {
        if let Some(i) = remove.filter(|i| *i < children.len()) {
            children.remove(i);
            structure = true;
        }
        if let Some(new) = add {
            children.push(new);
            structure = true;
        }
    }
    if structure {
        *change = Some(RuleChange {
            field: format!("{id} structure"),
            typing: false,
        });
    }
    replacement
}

fn node_len(node: &Map<String, Value>, key: &str) -> usize {
    node.get(key).and_then(Value::as_array).map_or(0, Vec::len)
}

/// Variable, operator and operand of one comparison.
fn comparison_ui(
    ui: &mut egui::Ui,
    buffers: &mut Buffers,
    node: &mut Map<String, Value>,
    id: &str,
    error: egui::Color32,
    change: &mut Option<RuleChange>,
) {
    let (op, operand) = comparison_of(node).unwrap_or((
        ComparisonOp {
            kind: ComparisonKind::StringEquals,
            path: false,
        },
        Value::String(String::new()),
    ));
    egui::Grid::new((id, "comparison"))
        .num_columns(2)
        .show(ui, |ui| {
            let variable = format!("{id} Variable");
            let check = |t: &str| check_path(t);
            let hint = "Path to the value tested, e.g. $.order.total";
            if string_checked_ui(
                ui,
                buffers,
                node,
                ("Variable", &variable),
                hint,
                Some((&check, error)),
            ) {
                *change = Some(RuleChange {
                    field: variable,
                    typing: true,
                });
            }

            ui.label("Operator");
            let op_id = format!("{id} Operator");
            let mut picked = None;
            let response = egui::ComboBox::from_id_salt(&op_id)
                .selected_text(op.name())
                .height(300.0)
                .show_ui(ui, |ui| {
                    for name in operator_names() {
                        if ui.selectable_label(name == op.name(), &name).clicked() {
                            picked = ComparisonOp::from_name(&name);
                        }
                    }
                })
                .response;
            response.widget_info(|| {
                egui::WidgetInfo::labeled(egui::WidgetType::ComboBox, true, &op_id)
            });
            ui.end_row();
            if let Some(new_op) = picked.filter(|p| *p != op) {
                set_operator(node, op, new_op, &operand);
                *change = Some(RuleChange {
                    field: op_id,
                    typing: false,
                });
            }

            let value_id = format!("{id} Value");
            ui.label("Value").on_hover_text(
                "A string, number or true/false as the operator needs; a path for ...Path",
            );
            let (response, text) =
                buffers.text_ui(ui, &value_id, operand_text(&operand), false, f32::INFINITY);
            ui.end_row();
            match parse_operand(op, &text) {
                Ok(value) if response.changed() => {
                    node.insert(op.name(), value);
                    *change = Some(RuleChange {
                        field: value_id,
                        typing: true,
                    });
                }
                Ok(_) => {}
                Err(message) => {
                    ui.label("");
                    ui.colored_label(error, message);
                    ui.end_row();
                }
            }
        });
}

/// Replaces the comparison operator, converting the operand to fit the new one.
fn set_operator(
    node: &mut Map<String, Value>,
    old: ComparisonOp,
    new: ComparisonOp,
    operand: &Value,
) {
    node.remove(&old.name());
    node.insert(new.name(), operand_for(new, operand));
}

/// A small button whose accessible label says which node it acts on.
fn labelled_button(ui: &mut egui::Ui, text: &str, label: &str) -> egui::Response {
    let response = ui.small_button(text).on_hover_text(label);
    let label = label.to_owned();
    response.widget_info(|| egui::WidgetInfo::labeled(egui::WidgetType::Button, true, &label));
    response
}

#[cfg(test)]
mod tests {
    use super::*;

    fn object(v: Value) -> Map<String, Value> {
        match v {
            Value::Object(m) => m,
            _ => Map::new(),
        }
    }

    #[test]
    fn a_rule_splits_into_its_condition_and_rule_fields_and_joins_back() {
        let rule = object(json!({
            "Variable": "$.a", "NumericEquals": 1, "Next": "B", "Comment": "c", "Assign": {"x": 1}
        }));
        let (condition, rest) = split_rule(&rule);
        assert_eq!(
            Value::Object(condition.clone()),
            json!({"Variable": "$.a", "NumericEquals": 1})
        );
        let wrapped = wrap_not(condition);
        let joined = join_rule(wrapped, rest);
        assert_eq!(
            Value::Object(joined),
            json!({"Not": {"Variable": "$.a", "NumericEquals": 1}, "Next": "B", "Comment": "c", "Assign": {"x": 1}})
        );
    }

    #[test]
    fn wrapping_in_a_group_then_ungrouping_a_single_child_restores_the_node() {
        let node = object(json!({"Variable": "$.a", "StringEquals": "x"}));
        let group = wrap_group(node.clone(), "Or");
        assert_eq!(node_len(&group, "Or"), 2);
        let mut single = group.clone();
        if let Some(Value::Array(list)) = single.get_mut("Or") {
            list.truncate(1);
        }
        assert_eq!(unwrap(&single), Some(node.clone()));
        assert_eq!(unwrap(&wrap_not(node.clone())), Some(node));
        assert_eq!(unwrap(&group), None, "two children cannot be ungrouped");
    }

    #[test]
    fn changing_the_operator_keeps_a_fitting_operand_and_replaces_one_that_does_not() {
        let op = |name: &str| ComparisonOp::from_name(name).expect("operator");
        let mut node = object(json!({"Variable": "$.a", "StringEquals": "12"}));
        set_operator(
            &mut node,
            op("StringEquals"),
            op("NumericEquals"),
            &json!("12"),
        );
        assert_eq!(
            Value::Object(node.clone()),
            json!({"Variable": "$.a", "NumericEquals": 12})
        );
        set_operator(&mut node, op("NumericEquals"), op("IsPresent"), &json!(12));
        assert_eq!(
            Value::Object(node),
            json!({"Variable": "$.a", "IsPresent": true})
        );
    }
}
