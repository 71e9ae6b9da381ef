//! The 18 intrinsic functions: names, arity and argument types.

/// Every `States.*` intrinsic function AWS defines for JSONPath states.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Function {
    /// `States.Format(template, args...)`.
    Format,
    /// `States.StringToJson(string)`.
    StringToJson,
    /// `States.JsonToString(value)`.
    JsonToString,
    /// `States.Array(values...)`.
    Array,
    /// `States.ArrayPartition(array, chunkSize)`.
    ArrayPartition,
    /// `States.ArrayContains(array, value)`.
    ArrayContains,
    /// `States.ArrayRange(first, last, step)`.
    ArrayRange,
    /// `States.ArrayGetItem(array, index)`.
    ArrayGetItem,
    /// `States.ArrayLength(array)`.
    ArrayLength,
    /// `States.ArrayUnique(array)`.
    ArrayUnique,
    /// `States.Base64Encode(string)`.
    Base64Encode,
    /// `States.Base64Decode(string)`.
    Base64Decode,
    /// `States.Hash(data, algorithm)`.
    Hash,
    /// `States.JsonMerge(object, object, false)`.
    JsonMerge,
    /// `States.MathRandom(start, end[, seed])`.
    MathRandom,
    /// `States.MathAdd(a, b)`.
    MathAdd,
    /// `States.StringSplit(string, delimiters)`.
    StringSplit,
    /// `States.UUID()`.
    Uuid,
}

/// The JSON type an argument must have (or a call returns), as far as is known.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ValueType {
    /// Any JSON value.
    Any,
    /// A string.
    String,
    /// A number.
    Number,
    /// A boolean.
    Bool,
    /// An array.
    Array,
    /// An object.
    Object,
}

impl ValueType {
    /// The lower-case name used in messages.
    pub fn describe(self) -> &'static str {
        match self {
            ValueType::Any => "any value",
            ValueType::String => "a string",
            ValueType::Number => "a number",
            ValueType::Bool => "a boolean",
            ValueType::Array => "an array",
            ValueType::Object => "an object",
        }
    }
}

/// Names, arity and types of one function.
#[derive(Debug, Clone, Copy)]
pub struct Signature {
    /// Minimum number of arguments.
    pub min_args: usize,
    /// Maximum number of arguments; `None` for variadic functions.
    pub max_args: Option<usize>,
    /// Types of the leading parameters; extra variadic arguments are `Any`.
    pub params: &'static [ValueType],
    /// What the function returns.
    pub returns: ValueType,
}

/// Every function, in the order of AWS's documentation.
pub const ALL_FUNCTIONS: [Function; 18] = [
    Function::Format,
    Function::StringToJson,
    Function::JsonToString,
    Function::Array,
    Function::ArrayPartition,
    Function::ArrayContains,
    Function::ArrayRange,
    Function::ArrayGetItem,
    Function::ArrayLength,
    Function::ArrayUnique,
    Function::Base64Encode,
    Function::Base64Decode,
    Function::Hash,
    Function::JsonMerge,
    Function::MathRandom,
    Function::MathAdd,
    Function::StringSplit,
    Function::Uuid,
];

/// The hash algorithms `States.Hash` accepts, spelled exactly as AWS requires.
pub const HASH_ALGORITHMS: [&str; 5] = ["MD5", "SHA-1", "SHA-256", "SHA-384", "SHA-512"];

/// AWS allows at most this many nested intrinsic calls in one field.
pub const MAX_NESTING_DEPTH: usize = 10;

impl Function {
    /// The full name, e.g. `States.ArrayRange`.
    pub fn name(self) -> &'static str {
        match self {
            Function::Format => "States.Format",
            Function::StringToJson => "States.StringToJson",
            Function::JsonToString => "States.JsonToString",
            Function::Array => "States.Array",
            Function::ArrayPartition => "States.ArrayPartition",
            Function::ArrayContains => "States.ArrayContains",
            Function::ArrayRange => "States.ArrayRange",
            Function::ArrayGetItem => "States.ArrayGetItem",
            Function::ArrayLength => "States.ArrayLength",
            Function::ArrayUnique => "States.ArrayUnique",
            Function::Base64Encode => "States.Base64Encode",
            Function::Base64Decode => "States.Base64Decode",
            Function::Hash => "States.Hash",
            Function::JsonMerge => "States.JsonMerge",
            Function::MathRandom => "States.MathRandom",
            Function::MathAdd => "States.MathAdd",
            Function::StringSplit => "States.StringSplit",
            Function::Uuid => "States.UUID",
        }
    }

    /// Looks a function up by its full, case-sensitive name.
    pub fn from_name(name: &str) -> Option<Function> {
        ALL_FUNCTIONS.into_iter().find(|f| f.name() == name)
    }

    /// The function's arity and types.
    pub fn signature(self) -> Signature {
        use ValueType::{Any, Array, Bool, Number, Object, String};
        let (min_args, max_args, params, returns): (usize, Option<usize>, &'static [ValueType], _) =
            match self {
                Function::Format => (1, None, &[String], String),
                Function::StringToJson => (1, Some(1), &[String], Any),
                Function::JsonToString => (1, Some(1), &[Any], String),
                Function::Array => (0, None, &[], Array),
                Function::ArrayPartition => (2, Some(2), &[Array, Number], Array),
                Function::ArrayContains => (2, Some(2), &[Array, Any], Bool),
                Function::ArrayRange => (3, Some(3), &[Number, Number, Number], Array),
                Function::ArrayGetItem => (2, Some(2), &[Array, Number], Any),
                Function::ArrayLength => (1, Some(1), &[Array], Number),
                Function::ArrayUnique => (1, Some(1), &[Array], Array),
                Function::Base64Encode => (1, Some(1), &[String], String),
                Function::Base64Decode => (1, Some(1), &[String], String),
                // AWS hashes non-string data by its JSON text, so the data is `Any`.
                Function::Hash => (2, Some(2), &[Any, String], String),
                Function::JsonMerge => (3, Some(3), &[Object, Object, Bool], Object),
                Function::MathRandom => (2, Some(3), &[Number, Number, Number], Number),
                Function::MathAdd => (2, Some(2), &[Number, Number], Number),
                Function::StringSplit => (2, Some(2), &[String, String], Array),
                Function::Uuid => (0, Some(0), &[], String),
            };
        Signature {
            min_args,
            max_args,
            params,
            returns,
        }
    }

    /// The expected type of the argument at `index` (0-based).
    pub fn param_type(self, index: usize) -> ValueType {
        self.signature()
            .params
            .get(index)
            .copied()
            .unwrap_or(ValueType::Any)
    }
}

impl Signature {
    /// Whether `count` arguments are accepted.
    pub fn accepts(&self, count: usize) -> bool {
        count >= self.min_args && self.max_args.is_none_or(|max| count <= max)
    }

    /// Human description of the arity, e.g. "2 or 3 arguments".
    pub fn describe_arity(&self) -> String {
        let plural = |n: usize| if n == 1 { "" } else { "s" };
        match self.max_args {
            None => format!(
                "at least {} argument{}",
                self.min_args,
                plural(self.min_args)
            ),
            Some(max) if max == self.min_args => {
                format!("exactly {} argument{}", max, plural(max))
            }
            Some(max) => format!("{} to {} arguments", self.min_args, max),
        }
    }
}
