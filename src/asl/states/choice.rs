//! Choice: routes on rules over the input (JSONPath) or on JSONata conditions.

use serde_json::{Map, Value};

use crate::asl::fields::{ObjectReader, ObjectWriter};

/// A Choice state's own fields.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Choice {
    pub choices: Vec<ChoiceRule>,
    pub default: Option<String>,
}

impl Choice {
    pub(crate) fn read(r: &mut ObjectReader<'_>) -> Self {
        Choice {
            choices: r
                .object_list("Choices", ChoiceRule::read)
                .unwrap_or_default(),
            default: r.string("Default"),
        }
    }

    pub(crate) fn write_head(&self, w: &mut ObjectWriter) {
        let rules = self.choices.iter().map(ChoiceRule::write).collect();
        w.owned("Choices", Some(Value::Array(rules)))
            .string("Default", self.default.as_ref());
    }
}

/// What a comparison tests, independent of whether its operand is a literal or a path.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ComparisonKind {
    StringEquals,
    StringLessThan,
    StringGreaterThan,
    StringLessThanEquals,
    StringGreaterThanEquals,
    StringMatches,
    NumericEquals,
    NumericLessThan,
    NumericGreaterThan,
    NumericLessThanEquals,
    NumericGreaterThanEquals,
    BooleanEquals,
    TimestampEquals,
    TimestampLessThan,
    TimestampGreaterThan,
    TimestampLessThanEquals,
    TimestampGreaterThanEquals,
    IsNull,
    IsPresent,
    IsNumeric,
    IsString,
    IsBoolean,
    IsTimestamp,
}

impl ComparisonKind {
    /// Every comparison kind.
    pub const ALL: [ComparisonKind; 23] = [
        ComparisonKind::StringEquals,
        ComparisonKind::StringLessThan,
        ComparisonKind::StringGreaterThan,
        ComparisonKind::StringLessThanEquals,
        ComparisonKind::StringGreaterThanEquals,
        ComparisonKind::StringMatches,
        ComparisonKind::NumericEquals,
        ComparisonKind::NumericLessThan,
        ComparisonKind::NumericGreaterThan,
        ComparisonKind::NumericLessThanEquals,
        ComparisonKind::NumericGreaterThanEquals,
        ComparisonKind::BooleanEquals,
        ComparisonKind::TimestampEquals,
        ComparisonKind::TimestampLessThan,
        ComparisonKind::TimestampGreaterThan,
        ComparisonKind::TimestampLessThanEquals,
        ComparisonKind::TimestampGreaterThanEquals,
        ComparisonKind::IsNull,
        ComparisonKind::IsPresent,
        ComparisonKind::IsNumeric,
        ComparisonKind::IsString,
        ComparisonKind::IsBoolean,
        ComparisonKind::IsTimestamp,
    ];

    /// The operator name as written in ASL (without `Path`).
    pub fn as_str(self) -> &'static str {
        use ComparisonKind::*;
        match self {
            StringEquals => "StringEquals",
            StringLessThan => "StringLessThan",
            StringGreaterThan => "StringGreaterThan",
            StringLessThanEquals => "StringLessThanEquals",
            StringGreaterThanEquals => "StringGreaterThanEquals",
            StringMatches => "StringMatches",
            NumericEquals => "NumericEquals",
            NumericLessThan => "NumericLessThan",
            NumericGreaterThan => "NumericGreaterThan",
            NumericLessThanEquals => "NumericLessThanEquals",
            NumericGreaterThanEquals => "NumericGreaterThanEquals",
            BooleanEquals => "BooleanEquals",
            TimestampEquals => "TimestampEquals",
            TimestampLessThan => "TimestampLessThan",
            TimestampGreaterThan => "TimestampGreaterThan",
            TimestampLessThanEquals => "TimestampLessThanEquals",
            TimestampGreaterThanEquals => "TimestampGreaterThanEquals",
            IsNull => "IsNull",
            IsPresent => "IsPresent",
            IsNumeric => "IsNumeric",
            IsString => "IsString",
            IsBoolean => "IsBoolean",
            IsTimestamp => "IsTimestamp",
        }
    }

    /// True if a `...Path` variant exists (all but StringMatches and the type tests).
    pub fn has_path_variant(self) -> bool {
        !matches!(self, ComparisonKind::StringMatches) && !self.is_type_test()
    }

    /// True for IsNull, IsPresent, IsNumeric, IsString, IsBoolean, IsTimestamp.
    pub fn is_type_test(self) -> bool {
        use ComparisonKind::*;
        matches!(
            self,
            IsNull | IsPresent | IsNumeric | IsString | IsBoolean | IsTimestamp
        )
    }

    /// A short symbol for diagram labels (`==`, `<`, `matches`...).
    pub fn symbol(self) -> &'static str {
        use ComparisonKind::*;
        match self {
            StringEquals | NumericEquals | BooleanEquals | TimestampEquals => "==",
            StringLessThan | NumericLessThan | TimestampLessThan => "<",
            StringGreaterThan | NumericGreaterThan | TimestampGreaterThan => ">",
            StringLessThanEquals | NumericLessThanEquals | TimestampLessThanEquals => "<=",
            StringGreaterThanEquals | NumericGreaterThanEquals | TimestampGreaterThanEquals => ">=",
            StringMatches => "matches",
            IsNull => "is null",
            IsPresent => "is present",
            IsNumeric => "is numeric",
            IsString => "is string",
            IsBoolean => "is boolean",
            IsTimestamp => "is timestamp",
        }
    }
}

/// A comparison operator: a kind, against a literal or (`...Path`) against a path's value.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct ComparisonOp {
    pub kind: ComparisonKind,
    pub path: bool,
}

impl ComparisonOp {
    /// Parses an operator field name such as `NumericGreaterThanPath`.
    pub fn from_name(name: &str) -> Option<Self> {
        let (base, path) = match name.strip_suffix("Path") {
            Some(base) => (base, true),
            None => (name, false),
        };
        let kind = ComparisonKind::ALL
            .into_iter()
            .find(|k| k.as_str() == base)?;
        if path && !kind.has_path_variant() {
            return None;
        }
        Some(ComparisonOp { kind, path })
    }

    /// The operator field name.
    pub fn name(self) -> String {
        if self.path {
            format!("{}Path", self.kind.as_str())
        } else {
            self.kind.as_str().to_owned()
        }
    }
}

/// One comparison of a rule: operator and operand.
#[derive(Debug, Clone, PartialEq)]
pub struct Comparison {
    pub op: ComparisonOp,
    pub value: Value,
}

/// A Choice rule, top level or nested. The model keeps whatever operators the definition
/// wrote (possibly none or several); the validator requires exactly one.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct ChoiceRule {
    pub comment: Option<String>,
    pub condition: Option<String>,
    pub variable: Option<String>,
    pub comparisons: Vec<Comparison>,
    pub and: Option<Vec<ChoiceRule>>,
    pub or: Option<Vec<ChoiceRule>>,
    pub not: Option<Box<ChoiceRule>>,
    pub assign: Option<Value>,
    pub output: Option<Value>,
    pub next: Option<String>,
    pub extra: Map<String, Value>,
}

/// The single operator of a well-formed rule.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum RuleKind<'a> {
    Comparison {
        variable: &'a str,
        comparison: &'a Comparison,
    },
    And(&'a [ChoiceRule]),
    Or(&'a [ChoiceRule]),
    Not(&'a ChoiceRule),
    Condition(&'a str),
}

impl ChoiceRule {
    pub(crate) fn read(mut r: ObjectReader<'_>) -> Self {
        let comment = r.string("Comment");
        let condition = r.string("Condition");
        let variable = r.string("Variable");
        let mut comparisons = Vec::new();
        for name in r.keys() {
            if let Some(op) = ComparisonOp::from_name(&name) {
                if let Some(value) = r.value(&name) {
                    comparisons.push(Comparison { op, value });
                }
            }
        }
        let and = r.object_list("And", ChoiceRule::read);
        let or = r.object_list("Or", ChoiceRule::read);
        let not = r.nested("Not", ChoiceRule::read).map(Box::new);
        ChoiceRule {
            comment,
            condition,
            variable,
            comparisons,
            and,
            or,
            not,
            assign: r.value("Assign"),
            output: r.value("Output"),
            next: r.string("Next"),
            extra: r.finish(),
        }
    }

    pub(crate) fn write(&self) -> Value {
        let mut w = ObjectWriter::new();
        w.string("Comment", self.comment.as_ref())
            .string("Condition", self.condition.as_ref())
            .string("Variable", self.variable.as_ref());
        for c in &self.comparisons {
            w.value(&c.op.name(), Some(&c.value));
        }
        let list = |l: &Option<Vec<ChoiceRule>>| {
            l.as_ref()
                .map(|l| Value::Array(l.iter().map(ChoiceRule::write).collect()))
        };
        w.owned("And", list(&self.and))
            .owned("Or", list(&self.or))
            .owned("Not", self.not.as_ref().map(|n| n.write()))
            .value("Assign", self.assign.as_ref())
            .value("Output", self.output.as_ref())
            .string("Next", self.next.as_ref())
            .extra(&self.extra);
        w.finish()
    }

    /// How many operators the rule has (a comparison, And, Or, Not, Condition).
    pub fn operator_count(&self) -> usize {
        self.comparisons.len()
            + usize::from(self.and.is_some())
            + usize::from(self.or.is_some())
            + usize::from(self.not.is_some())
            + usize::from(self.condition.is_some())
    }

    /// The rule's single operator, or `None` if it has zero or several (or a comparison
    /// without a Variable).
    pub fn kind(&self) -> Option<RuleKind<'_>> {
        if self.operator_count() != 1 {
            return None;
        }
        if let Some(c) = self.comparisons.first() {
            return Some(RuleKind::Comparison {
                variable: self.variable.as_deref()?,
                comparison: c,
            });
        }
        if let Some(l) = &self.and {
            return Some(RuleKind::And(l));
        }
        if let Some(l) = &self.or {
            return Some(RuleKind::Or(l));
        }
        if let Some(n) = &self.not {
            return Some(RuleKind::Not(n));
        }
        self.condition.as_deref().map(RuleKind::Condition)
    }
}
