//! The Choice rules: the list of rules (each editable in place, see `rule_tree`), the
//! Default, and a builder for a new rule (conditions combined with And/Or, each optionally
//! negated).

use serde_json::{json, Map, Value};

use std::collections::BTreeSet;

use super::fields::{compact, target_ui, Buffers};
use super::rule_tree::{rule_body_ui, RuleChange};
use super::rule_values::{check_condition, check_path, operator_names, parse_operand};
use crate::asl::states::ComparisonOp;

/// One condition being built.
#[derive(Debug, Clone)]
pub struct Condition {
    variable: String,
    /// The operator's name, such as `NumericGreaterThanPath`.
    operator: String,
    value: String,
    negate: bool,
}

impl Default for Condition {
    fn default() -> Self {
        Condition {
            variable: "$.".into(),
            operator: "StringEquals".into(),
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
        if let Some(rule) = self.builder_ui(ui, targets, (jsonata, error)) {
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
        (jsonata, error): (bool, egui::Color32),
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
        // Checked as typed: the rule is only added when it is well formed.
        let built = if jsonata {
            check_condition(&self.jsonata).map(|()| Some(json!({ "Condition": self.jsonata })))
        } else {
            self.build()
        };
        // An untouched builder is not an error yet.
        if let (Err(message), true) = (&built, self.touched(jsonata)) {
            ui.colored_label(error, message.as_str());
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
            let ready = self.next.is_some() && matches!(built, Ok(Some(_)));
            add = ui
                .add_enabled(ready, egui::Button::new("Add rule"))
                .clicked();
        });
        if !add {
            return None;
        }
        let next = self.next.clone()?;
        let mut rule = built.ok().flatten()?;
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
                egui::ComboBox::from_id_salt(("operator", i))
                    .selected_text(c.operator.as_str())
                    .height(300.0)
                    .show_ui(ui, |ui| {
                        for name in operator_names() {
                            let selected = c.operator == name;
                            if ui.selectable_label(selected, &name).clicked() {
                                c.operator = name;
                            }
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

    /// True once the user has typed or picked something in the builder.
    fn touched(&self, jsonata: bool) -> bool {
        if jsonata {
            return !self.jsonata.is_empty();
        }
        let fresh = Condition::default();
        self.conditions.len() > 1
            || self.conditions.iter().any(|c| {
                c.variable != fresh.variable
                    || c.operator != fresh.operator
                    || !c.value.is_empty()
                    || c.negate
            })
    }

    /// The rule the builder describes (without Next), or why it is not a valid rule yet.
    fn build(&self) -> Result<Option<Value>, String> {
        let mut parts = self
            .conditions
            .iter()
            .enumerate()
            .map(|(i, c)| condition_json(c).map_err(|e| format!("Condition {}: {e}", i + 1)))
            .collect::<Result<Vec<Value>, String>>()?;
        Ok(match parts.len() {
            0 => None,
            1 => parts.pop(),
            _ => Some(json!({ (if self.any { "Or" } else { "And" }): parts })),
        })
    }
}

/// One condition as ASL; the variable and the operand are checked for the operator.
fn condition_json(c: &Condition) -> Result<Value, String> {
    let op = ComparisonOp::from_name(&c.operator)
        .ok_or_else(|| format!("unknown operator {}", c.operator))?;
    check_path(c.variable.trim())?;
    // A type test reads naturally without a value: "is present" means true.
    let text = if op.kind.is_type_test() && c.value.trim().is_empty() {
        "true"
    } else {
        c.value.as_str()
    };
    let value = parse_operand(op, text)?;
    let test = json!({ "Variable": c.variable.trim(), op.name(): value });
    Ok(if c.negate {
        json!({ "Not": test })
    } else {
        test
    })
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
                    operator: "NumericEquals".into(),
                    value: "3".into(),
                    negate: true,
                },
                Condition {
                    variable: "$.b".into(),
                    operator: "StringEquals".into(),
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
        assert_eq!(rule, Ok(Some(expected)));
        assert_eq!(
            summary(&rule.ok().flatten().unwrap_or_default()),
            "not ($.a NumericEquals 3) or $.b StringEquals \"x\""
        );
    }

    #[test]
    fn a_condition_that_does_not_fit_its_operator_is_an_error_not_a_guess() {
        let condition = |variable: &str, operator: &str, value: &str| Condition {
            variable: variable.into(),
            operator: operator.into(),
            value: value.into(),
            negate: false,
        };
        let builder = |c: Condition| RuleBuilder {
            conditions: vec![c],
            ..Default::default()
        };
        let numeric = builder(condition("$.a", "NumericGreaterThan", "many")).build();
        assert_eq!(
            numeric,
            Err("Condition 1: NumericGreaterThan needs a number".into())
        );
        assert!(builder(condition("$.a[", "StringEquals", "x"))
            .build()
            .is_err());
        assert_eq!(
            builder(condition("$.a", "IsPresent", "")).build(),
            Ok(Some(json!({"Variable": "$.a", "IsPresent": true})))
        );
        assert_eq!(
            builder(condition("$.a", "TimestampLessThanPath", "$.b")).build(),
            Ok(Some(
                json!({"Variable": "$.a", "TimestampLessThanPath": "$.b"})
            ))
        );
    }
}
