//! The Choice rules: the list of rules (each editable in place, see `rule_tree`), the
//! Default, and a builder for a new rule (conditions combined with And/Or, each optionally
//! negated).

use serde_json::{json, Map, Value};

use std::collections::BTreeSet;

use super::fields::{compact, target_ui, Buffers};
use super::rule_tree::{rule_body_ui, RuleChange};

/// Comparison operators offered by the builder (JSONPath rules).
const OPERATORS: [&str; 14] = [
    "StringEquals",
    "StringMatches",
    "NumericEquals",
    "NumericGreaterThan",
    "NumericGreaterThanEquals",
    "NumericLessThan",
    "NumericLessThanEquals",
    "BooleanEquals",
    "TimestampEquals",
    "TimestampLessThan",
    "TimestampGreaterThan",
    "IsPresent",
    "IsNull",
    "IsString",
];

/// One condition being built.
#[derive(Debug, Clone)]
pub struct Condition {
    variable: String,
    operator: usize,
    value: String,
    negate: bool,
}

impl Default for Condition {
    fn default() -> Self {
        Condition {
            variable: "$.".into(),
            operator: 0,
            value: String::new(),
            negate: false,
        }
    }
}

/// The rule being built, and which existing rules are open for editing.
#[derive(Debug, Clone, Default)]
pub struct RuleBuilder {
    conditions: Vec<Condition>,
    any: bool,
    next: Option<String>,
    jsonata: String,
    editing: BTreeSet<usize>,
}

impl RuleBuilder {
    /// The rule list (each rule with its target, delete, and an in-place editor), the
    /// Default, and the builder for a new rule. Returns what changed.
    pub fn choice_ui(
        &mut self,
        ui: &mut egui::Ui,
        buffers: &mut Buffers,
        obj: &mut Map<String, Value>,
        targets: &[String],
        (jsonata, error): (bool, egui::Color32),
    ) -> Option<RuleChange> {
        let mut change = None;
        let structural = |field: &str| {
            Some(RuleChange {
                field: field.to_owned(),
                typing: false,
            })
        };
        ui.strong("Rules");
        let mut rules = obj
            .get("Choices")
            .and_then(Value::as_array)
            .cloned()
            .unwrap_or_default();
        let mut remove = None;
        for (i, rule) in rules.iter_mut().enumerate() {
            let open = self.editing.contains(&i);
            ui.horizontal(|ui| {
                let mut now_open = open;
                let toggle = ui
                    .toggle_value(&mut now_open, if open { "⏷" } else { "⏵" })
                    .on_hover_text("Edit this rule's condition");
                let label = format!("Edit rule {}", i + 1);
                toggle.widget_info(|| {
                    egui::WidgetInfo::labeled(egui::WidgetType::Button, true, &label)
                });
                if now_open != open {
                    if now_open {
                        self.editing.insert(i);
                    } else {
                        self.editing.remove(&i);
                    }
                }
                let next = rule.get("Next").and_then(Value::as_str);
                if let Some(Some(t)) =
                    target_ui(ui, &format!("rule_next_{i}"), next, targets, false)
                {
                    if let Some(r) = rule.as_object_mut() {
                        r.insert("Next".into(), Value::String(t));
                        change = structural(&format!("Rule {} Next", i + 1));
                    }
                }
                if ui
                    .small_button("✖")
                    .on_hover_text("Remove this rule")
                    .clicked()
                {
                    remove = Some(i);
                }
                // Last and truncated, so a long rule never widens the column.
                ui.add(egui::Label::new(format!("{}. {}", i + 1, summary(rule))).truncate())
                    .on_hover_text(compact(rule));
            });
            if open {
                if let Some(r) = rule.as_object_mut() {
                    ui.indent(("rule_body", i), |ui| {
                        if let Some(c) = rule_body_ui(ui, buffers, r, i, jsonata, error) {
                            change = Some(c);
                        }
                    });
                }
            }
        }
        if let Some(i) = remove.filter(|i| *i < rules.len()) {
            rules.remove(i);
            // Indexes after the removed rule move up by one.
            self.editing = self
                .editing
                .iter()
                .filter(|e| **e != i)
                .map(|e| if *e > i { e - 1 } else { *e })
                .collect();
            change = structural("Choices");
        }
        ui.horizontal(|ui| {
            ui.label("Default");
            let current = obj
                .get("Default")
                .and_then(Value::as_str)
                .map(str::to_owned);
            if let Some(picked) = target_ui(ui, "choice_default", current.as_deref(), targets, true)
            {
                match picked {
                    Some(t) => obj.insert("Default".into(), Value::String(t)),
                    None => obj.remove("Default"),
                };
                change = structural("Default");
            }
        });
        ui.separator();
        if let Some(rule) = self.builder_ui(ui, targets, jsonata) {
            rules.push(rule);
            change = structural("Choices");
        }
        if change.is_some() {
            obj.insert("Choices".into(), Value::Array(rules));
        }
        change
    }

    fn builder_ui(
        &mut self,
        ui: &mut egui::Ui,
        targets: &[String],
        jsonata: bool,
    ) -> Option<Value> {
        ui.strong("New rule");
        if jsonata {
            ui.add(
                egui::TextEdit::singleline(&mut self.jsonata)
                    .hint_text("{% $states.input.funded %}"),
            );
        } else {
            self.conditions_ui(ui);
        }
        let mut add = false;
        if self.next.is_none() {
            self.next = targets.first().cloned();
        }
        ui.horizontal(|ui| {
            ui.label("then go to");
            if let Some(t) = target_ui(ui, "builder_next", self.next.as_deref(), targets, false) {
                self.next = t;
            }
            add = ui
                .add_enabled(self.next.is_some(), egui::Button::new("Add rule"))
                .clicked();
        });
        if !add {
            return None;
        }
        let next = self.next.clone()?;
        let mut rule = if jsonata {
            json!({ "Condition": self.jsonata })
        } else {
            self.build()?
        };
        if let Some(obj) = rule.as_object_mut() {
            obj.insert("Next".into(), Value::String(next));
        }
        let editing = std::mem::take(&mut self.editing);
        *self = RuleBuilder {
            editing,
            ..RuleBuilder::default()
        };
        Some(rule)
    }

    fn conditions_ui(&mut self, ui: &mut egui::Ui) {
        if self.conditions.is_empty() {
            self.conditions.push(Condition::default());
        }
        let mut remove = None;
        for (i, c) in self.conditions.iter_mut().enumerate() {
            ui.horizontal(|ui| {
                ui.checkbox(&mut c.negate, "Not");
                let variable =
                    ui.add(egui::TextEdit::singleline(&mut c.variable).desired_width(110.0));
                let label = format!("Rule variable {}", i + 1);
                variable.widget_info(|| {
                    egui::WidgetInfo::labeled(egui::WidgetType::TextEdit, true, &label)
                });
                let op = OPERATORS.get(c.operator).copied().unwrap_or("StringEquals");
                egui::ComboBox::from_id_salt(("operator", i))
                    .selected_text(op)
                    .show_ui(ui, |ui| {
                        for (k, name) in OPERATORS.iter().enumerate() {
                            ui.selectable_value(&mut c.operator, k, *name);
                        }
                    });
                let value = ui.add(
                    egui::TextEdit::singleline(&mut c.value)
                        .hint_text("value")
                        .desired_width(80.0),
                );
                let label = format!("Rule value {}", i + 1);
                value.widget_info(|| {
                    egui::WidgetInfo::labeled(egui::WidgetType::TextEdit, true, &label)
                });
                if ui.small_button("✖").clicked() {
                    remove = Some(i);
                }
            });
        }
        if let Some(i) = remove {
            self.conditions.remove(i);
        }
        ui.horizontal(|ui| {
            if ui.small_button("+ condition").clicked() {
                self.conditions.push(Condition::default());
            }
            if self.conditions.len() > 1 {
                ui.radio_value(&mut self.any, false, "all (And)");
                ui.radio_value(&mut self.any, true, "any (Or)");
            }
        });
    }

    /// The rule the builder describes (without Next).
    fn build(&self) -> Option<Value> {
        let mut parts: Vec<Value> = self.conditions.iter().map(condition_json).collect();
        match parts.len() {
            0 => None,
            1 => parts.pop(),
            _ => Some(json!({ (if self.any { "Or" } else { "And" }): parts })),
        }
    }
}

fn condition_json(c: &Condition) -> Value {
    let op = OPERATORS.get(c.operator).copied().unwrap_or("StringEquals");
    let value = if op.starts_with("Is") || op.starts_with("Numeric") || op.starts_with("Boolean") {
        serde_json::from_str(c.value.trim()).unwrap_or(Value::Bool(true))
    } else {
        Value::String(c.value.clone())
    };
    let test = json!({ "Variable": c.variable, op: value });
    if c.negate {
        json!({ "Not": test })
    } else {
        test
    }
}

/// A readable summary of a rule, such as `$.funded == true`.
pub fn summary(rule: &Value) -> String {
    let Some(obj) = rule.as_object() else {
        return compact(rule);
    };
    if let Some(c) = obj.get("Condition").and_then(Value::as_str) {
        return c.to_owned();
    }
    if let Some(v) = obj.get("Not") {
        return format!("not ({})", summary(v));
    }
    for (key, joiner) in [("And", " and "), ("Or", " or ")] {
        if let Some(list) = obj.get(key).and_then(Value::as_array) {
            return list.iter().map(summary).collect::<Vec<_>>().join(joiner);
        }
    }
    let variable = obj.get("Variable").and_then(Value::as_str).unwrap_or("?");
    let test = obj.iter().find(|(k, _)| {
        !matches!(
            k.as_str(),
            "Variable" | "Next" | "Comment" | "Assign" | "Output"
        )
    });
    match test {
        Some((op, value)) => format!("{variable} {op} {}", compact(value)),
        None => variable.to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn builds_an_or_of_a_negated_and_a_plain_condition() {
        let builder = RuleBuilder {
            conditions: vec![
                Condition {
                    variable: "$.a".into(),
                    operator: 2,
                    value: "3".into(),
                    negate: true,
                },
                Condition {
                    variable: "$.b".into(),
                    operator: 0,
                    value: "x".into(),
                    negate: false,
                },
            ],
            any: true,
            ..Default::default()
        };
        let rule = builder.build();
        let expected = json!({ "Or": [
            { "Not": { "Variable": "$.a", "NumericEquals": 3 } },
            { "Variable": "$.b", "StringEquals": "x" }
        ]});
        assert_eq!(rule, Some(expected));
        assert_eq!(
            summary(&rule.unwrap_or_default()),
            "not ($.a NumericEquals 3) or $.b StringEquals \"x\""
        );
    }
}
