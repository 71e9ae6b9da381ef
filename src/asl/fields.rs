//! Typed reading of JSON objects into model fields (collecting every type error) and writing
//! them back in canonical order.

use serde_json::{Map, Number, Value};

use super::diagnostic::{pointer_index, pointer_join, Code, Diagnostic};

/// A value that is either a literal number or a string standing in for one: a JSONata
/// `{% %}` expression, or a `${...}` template placeholder awaiting substitution.
#[derive(Debug, Clone, PartialEq)]
pub enum NumberField {
    Number(Number),
    Text(String),
}

impl NumberField {
    /// The literal as an unsigned integer, if it is one.
    pub fn as_u64(&self) -> Option<u64> {
        match self {
            NumberField::Number(n) => n.as_u64(),
            NumberField::Text(_) => None,
        }
    }

    /// The literal as a float, if it is a number.
    pub fn as_f64(&self) -> Option<f64> {
        match self {
            NumberField::Number(n) => n.as_f64(),
            NumberField::Text(_) => None,
        }
    }

    fn to_value(&self) -> Value {
        match self {
            NumberField::Number(n) => Value::Number(n.clone()),
            NumberField::Text(s) => Value::String(s.clone()),
        }
    }
}

/// A path field that may be JSON `null` (InputPath, OutputPath, ResultPath): null has meaning.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum NullablePath {
    Null,
    Path(String),
}

impl NullablePath {
    /// The path text, or `None` for null.
    pub fn as_path(&self) -> Option<&str> {
        match self {
            NullablePath::Null => None,
            NullablePath::Path(p) => Some(p),
        }
    }

    fn to_value(&self) -> Value {
        match self {
            NullablePath::Null => Value::Null,
            NullablePath::Path(p) => Value::String(p.clone()),
        }
    }
}

/// Takes known fields out of a JSON object, reporting type mismatches. Fields that are
/// unknown, or known but of the wrong type, stay behind and become the model's `extra`.
pub struct ObjectReader<'d> {
    entries: Vec<(String, Option<Value>)>,
    pointer: String,
    diagnostics: &'d mut Vec<Diagnostic>,
}

impl<'d> ObjectReader<'d> {
    /// Starts reading `map`, located at `pointer`.
    pub fn new(
        map: Map<String, Value>,
        pointer: String,
        diagnostics: &'d mut Vec<Diagnostic>,
    ) -> Self {
        let entries = map.into_iter().map(|(k, v)| (k, Some(v))).collect();
        ObjectReader {
            entries,
            pointer,
            diagnostics,
        }
    }

    /// The JSON Pointer of the object being read.
    pub fn pointer(&self) -> &str {
        &self.pointer
    }

    /// The pointer of one field of this object.
    pub fn field_pointer(&self, key: &str) -> String {
        pointer_join(&self.pointer, key)
    }

    /// Reports a diagnostic through this reader's sink.
    pub fn report(&mut self, diagnostic: Diagnostic) {
        self.diagnostics.push(diagnostic);
    }

    /// The diagnostics sink, for reading nested objects.
    pub fn diagnostics(&mut self) -> &mut Vec<Diagnostic> {
        self.diagnostics
    }

    /// True if the object has this key (taken or not).
    pub fn has(&self, key: &str) -> bool {
        self.entries.iter().any(|(k, _)| k == key)
    }

    fn slot(&mut self, key: &str) -> Option<&mut Option<Value>> {
        self.entries
            .iter_mut()
            .find(|(k, _)| k == key)
            .map(|(_, v)| v)
    }

    /// Takes a field if `accept` says its value has the right type; otherwise reports
    /// `expected` and leaves the value in place so it is kept verbatim.
    fn take_if(
        &mut self,
        key: &str,
        expected: &str,
        accept: impl Fn(&Value) -> bool,
    ) -> Option<Value> {
        let slot = self.slot(key)?;
        let value = slot.as_ref()?;
        if accept(value) {
            return slot.take();
        }
        let found = type_name(value);
        let pointer = self.field_pointer(key);
        self.diagnostics.push(Diagnostic::new(
            Code::InvalidType,
            pointer,
            format!("\"{key}\" must be {expected}, found {found}"),
        ));
        None
    }

    /// The keys not taken yet, in order.
    pub fn keys(&self) -> Vec<String> {
        self.entries
            .iter()
            .filter(|(_, v)| v.is_some())
            .map(|(k, _)| k.clone())
            .collect()
    }

    /// Returns a taken value to its place, so it is kept verbatim in `extra`.
    pub fn put_back(&mut self, key: &str, value: Value) {
        match self.slot(key) {
            Some(slot) => *slot = Some(value),
            None => self.entries.push((key.to_owned(), Some(value))),
        }
    }

    /// Takes any JSON value.
    pub fn value(&mut self, key: &str) -> Option<Value> {
        self.slot(key)?.take()
    }

    /// Takes a string field.
    pub fn string(&mut self, key: &str) -> Option<String> {
        match self.take_if(key, "a string", Value::is_string)? {
            Value::String(s) => Some(s),
            _ => None,
        }
    }

    /// Takes a boolean field.
    pub fn bool(&mut self, key: &str) -> Option<bool> {
        self.take_if(key, "a boolean", Value::is_boolean)?.as_bool()
    }

    /// Takes a number field, or a string standing in for one.
    pub fn number(&mut self, key: &str) -> Option<NumberField> {
        match self.take_if(key, "a number", |v| v.is_number() || v.is_string())? {
            Value::Number(n) => Some(NumberField::Number(n)),
            Value::String(s) => Some(NumberField::Text(s)),
            _ => None,
        }
    }

    /// Takes a path that may be null.
    pub fn nullable_path(&mut self, key: &str) -> Option<NullablePath> {
        match self.take_if(key, "a string or null", |v| v.is_string() || v.is_null())? {
            Value::String(s) => Some(NullablePath::Path(s)),
            _ => Some(NullablePath::Null),
        }
    }

    /// Takes an object field.
    pub fn object(&mut self, key: &str) -> Option<Map<String, Value>> {
        match self.take_if(key, "an object", Value::is_object)? {
            Value::Object(m) => Some(m),
            _ => None,
        }
    }

    /// Reports array elements that `accept` rejects; true if there were any.
    fn report_bad_elements(
        &mut self,
        key: &str,
        pointer: &str,
        expected: &str,
        accept: fn(&Value) -> bool,
    ) -> bool {
        let Some(Some(Value::Array(items))) =
            self.entries.iter().find(|(k, _)| k == key).map(|(_, v)| v)
        else {
            return false;
        };
        let bad: Vec<(usize, &'static str)> = items
            .iter()
            .enumerate()
            .filter(|(_, v)| !accept(v))
            .map(|(i, v)| (i, type_name(v)))
            .collect();
        for (i, found) in &bad {
            self.diagnostics.push(Diagnostic::new(
                Code::InvalidType,
                pointer_index(pointer, *i),
                format!("elements of \"{key}\" must be {expected}, found {found}"),
            ));
        }
        !bad.is_empty()
    }

    /// Takes an array of strings; non-string elements are reported and dropped from the
    /// typed list, so the whole field is kept verbatim instead.
    pub fn string_list(&mut self, key: &str) -> Option<Vec<String>> {
        // Most objects lack most list fields: no pointer to build for those.
        self.slot(key)?.as_ref()?;
        let pointer = self.field_pointer(key);
        if self.report_bad_elements(key, &pointer, "strings", Value::is_string) {
            return None;
        }
        match self.take_if(key, "an array of strings", Value::is_array)? {
            Value::Array(items) => Some(
                items
                    .into_iter()
                    .filter_map(|v| match v {
                        Value::String(s) => Some(s),
                        _ => None,
                    })
                    .collect(),
            ),
            _ => None,
        }
    }

    /// Takes an array of objects, reading each with `read`; non-object elements are
    /// reported and the whole field is kept verbatim.
    pub fn object_list<T>(
        &mut self,
        key: &str,
        mut read: impl FnMut(ObjectReader<'_>) -> T,
    ) -> Option<Vec<T>> {
        // Most objects lack most list fields: no pointer to build for those.
        self.slot(key)?.as_ref()?;
        let pointer = self.field_pointer(key);
        if self.report_bad_elements(key, &pointer, "objects", Value::is_object) {
            return None;
        }
        let Value::Array(items) = self.take_if(key, "an array", Value::is_array)? else {
            return None;
        };
        let mut out = Vec::with_capacity(items.len());
        for (i, item) in items.into_iter().enumerate() {
            if let Value::Object(map) = item {
                out.push(read(ObjectReader::new(
                    map,
                    pointer_index(&pointer, i),
                    self.diagnostics,
                )));
            }
        }
        Some(out)
    }

    /// Reads a nested object with `read`.
    pub fn nested<T>(&mut self, key: &str, read: impl FnOnce(ObjectReader<'_>) -> T) -> Option<T> {
        let map = self.object(key)?;
        let pointer = self.field_pointer(key);
        Some(read(ObjectReader::new(map, pointer, self.diagnostics)))
    }

    /// Ends reading: everything not taken, in its original order.
    pub fn finish(self) -> Map<String, Value> {
        self.entries
            .into_iter()
            .filter_map(|(k, v)| v.map(|v| (k, v)))
            .collect()
    }
}

/// A short name of a JSON value's type for messages.
pub fn type_name(value: &Value) -> &'static str {
    match value {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "an array",
        Value::Object(_) => "an object",
    }
}

/// Builds a JSON object field by field in canonical order; `None` fields are skipped.
#[derive(Default)]
pub struct ObjectWriter {
    map: Map<String, Value>,
}

impl ObjectWriter {
    /// An empty object.
    pub fn new() -> Self {
        ObjectWriter::default()
    }

    /// Writes a JSON value.
    pub fn value(&mut self, key: &str, value: Option<&Value>) -> &mut Self {
        if let Some(v) = value {
            self.map.insert(key.to_owned(), v.clone());
        }
        self
    }

    /// Writes a value built by the caller.
    pub fn owned(&mut self, key: &str, value: Option<Value>) -> &mut Self {
        if let Some(v) = value {
            self.map.insert(key.to_owned(), v);
        }
        self
    }

    /// Writes a string.
    pub fn string(&mut self, key: &str, value: Option<&String>) -> &mut Self {
        self.owned(key, value.map(|s| Value::String(s.clone())))
    }

    /// Writes a boolean.
    pub fn bool(&mut self, key: &str, value: Option<bool>) -> &mut Self {
        self.owned(key, value.map(Value::Bool))
    }

    /// Writes a number or its stand-in string.
    pub fn number(&mut self, key: &str, value: Option<&NumberField>) -> &mut Self {
        self.owned(key, value.map(NumberField::to_value))
    }

    /// Writes a nullable path.
    pub fn nullable_path(&mut self, key: &str, value: Option<&NullablePath>) -> &mut Self {
        self.owned(key, value.map(NullablePath::to_value))
    }

    /// Writes an array of strings.
    pub fn string_list(&mut self, key: &str, value: Option<&Vec<String>>) -> &mut Self {
        self.owned(
            key,
            value.map(|l| Value::Array(l.iter().cloned().map(Value::String).collect())),
        )
    }

    /// Writes an object.
    pub fn object(&mut self, key: &str, value: Option<&Map<String, Value>>) -> &mut Self {
        self.owned(key, value.map(|m| Value::Object(m.clone())))
    }

    /// Appends unknown fields verbatim, after the known ones. A known field whose value had
    /// the wrong type was kept here too; its verbatim value replaces the typed default.
    pub fn extra(&mut self, extra: &Map<String, Value>) -> &mut Self {
        for (k, v) in extra {
            self.map.insert(k.clone(), v.clone());
        }
        self
    }

    /// The finished object.
    pub fn finish(&mut self) -> Value {
        Value::Object(std::mem::take(&mut self.map))
    }
}
