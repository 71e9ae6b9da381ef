//! Positions of keys and array elements, pointer escaping and non-ASCII columns.

use super::{pos, read_ok};
use crate::asl::text::{escape_pointer_segment, Format, Position};

const JSON: &str = r#"{
  "StartAt": "A",
  "States": {
    "A": {"Type": "Pass", "Next": "a/b~c"},
    "a/b~c": {"Type": "Succeed"},
    "Ünïcödé": {"Type": "Pass", "End": true}
  },
  "List": [1, {"x": 2}, [3, 4]],
  "Ünïcödé": "é", "After": 1
}"#;

#[test]
fn json_positions() {
    let doc = read_ok("json", JSON, None);
    assert_eq!(doc.format, Format::Json);
    let cases: &[(&str, &str, Position)] = &[
        ("root", "", pos(1, 1)),
        ("top-level key", "/StartAt", pos(2, 3)),
        ("nested key", "/States/A", pos(4, 5)),
        ("key inside inline object", "/States/A/Next", pos(4, 27)),
        ("escaped / and ~", "/States/a~1b~0c", pos(5, 5)),
        ("non-ASCII key", "/States/Ünïcödé/End", pos(6, 33)),
        ("array element", "/List/0", pos(8, 12)),
        ("object element", "/List/1", pos(8, 15)),
        ("key in array element", "/List/1/x", pos(8, 16)),
        ("nested array element", "/List/2/1", pos(8, 29)),
        ("key after non-ASCII value", "/After", pos(9, 19)),
        ("missing key -> parent", "/States/A/Nope", pos(4, 5)),
        ("missing index -> array", "/List/7", pos(8, 3)),
        ("leading zero index -> array", "/List/01", pos(8, 3)),
        ("below a scalar -> scalar", "/List/2/1/deeper", pos(8, 29)),
        (
            "unescaped pointer does not match",
            "/States/a/b~c",
            pos(3, 3),
        ),
        ("not a pointer -> root", "States", pos(1, 1)),
    ];
    for (case, pointer, expected) in cases {
        assert_eq!(
            doc.positions.locate(pointer),
            *expected,
            "json: {case} ({pointer:?})"
        );
    }
    assert_eq!(
        doc.positions.get("/States/A/Nope"),
        None,
        "get of a missing pointer"
    );
    assert_eq!(
        doc.positions.get("/States/A"),
        Some(pos(4, 5)),
        "get of a present pointer"
    );
}

const YAML_BLOCK: &str = "# a comment
StartAt: A
States:
  A:
    Type: Pass
    Next: \"a/b~c\"
  \"a/b~c\": {Type: Succeed}
  Ünïcödé:
    Type: Pass
    End: true
List:
  - 1
  - x: 2
    y: 3
  - [3, 4]
Ünïcödé: é
";

#[test]
fn yaml_block_positions() {
    let doc = read_ok("yaml block", YAML_BLOCK, None);
    assert_eq!(doc.format, Format::Yaml);
    let cases: &[(&str, &str, Position)] = &[
        ("root", "", pos(2, 1)),
        ("top-level key", "/StartAt", pos(2, 1)),
        ("nested key", "/States/A", pos(4, 3)),
        ("deeper key", "/States/A/Next", pos(6, 5)),
        ("quoted key with / and ~", "/States/a~1b~0c", pos(7, 3)),
        ("key in flow mapping", "/States/a~1b~0c/Type", pos(7, 13)),
        ("non-ASCII key", "/States/Ünïcödé/End", pos(10, 5)),
        ("scalar element", "/List/0", pos(12, 5)),
        ("mapping element", "/List/1", pos(13, 5)),
        ("second key of mapping element", "/List/1/y", pos(14, 5)),
        ("flow sequence element", "/List/2", pos(15, 5)),
        ("element of flow sequence", "/List/2/1", pos(15, 9)),
        ("non-ASCII top-level key", "/Ünïcödé", pos(16, 1)),
        ("missing key -> parent", "/States/A/Nope", pos(4, 3)),
    ];
    for (case, pointer, expected) in cases {
        assert_eq!(
            doc.positions.locate(pointer),
            *expected,
            "yaml block: {case} ({pointer:?})"
        );
    }
}

#[test]
fn yaml_flow_positions() {
    let text = "{StartAt: A, States: {A: {Type: Pass, End: true}}, L: [a, {b: c}]}";
    let doc = read_ok("yaml flow", text, Some(Format::Yaml));
    let cases: &[(&str, &str, Position)] = &[
        ("root", "", pos(1, 1)),
        ("first key", "/StartAt", pos(1, 2)),
        ("nested key", "/States/A/End", pos(1, 39)),
        ("element", "/L/0", pos(1, 56)),
        ("key in element", "/L/1/b", pos(1, 60)),
    ];
    for (case, pointer, expected) in cases {
        assert_eq!(
            doc.positions.locate(pointer),
            *expected,
            "yaml flow: {case} ({pointer:?})"
        );
    }
}

#[test]
fn json_escaped_keys_and_duplicates() {
    let text = "{\"a\\u002fb\": 1, \"t~\": 2, \"d\": 1,\n \"d\": 2}";
    let doc = read_ok("escapes", text, None);
    let cases: &[(&str, &str, Position)] = &[
        ("\\u escape decoded before matching", "/a~1b", pos(1, 2)),
        ("tilde key", "/t~0", pos(1, 17)),
        ("duplicate key: the last one wins", "/d", pos(2, 2)),
    ];
    for (case, pointer, expected) in cases {
        assert_eq!(
            doc.positions.locate(pointer),
            *expected,
            "{case} ({pointer:?})"
        );
    }
    assert_eq!(doc.value["d"], 2, "duplicate key value: last wins");
}

#[test]
fn pointer_segment_escaping() {
    let cases = [
        ("plain", "Next", "Next"),
        ("slash", "a/b", "a~1b"),
        ("tilde", "a~b", "a~0b"),
        ("tilde then one", "~1", "~01"),
        ("both", "~/", "~0~1"),
    ];
    for (case, key, expected) in cases {
        assert_eq!(escape_pointer_segment(key), expected, "{case}");
    }
}
