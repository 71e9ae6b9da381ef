//! Syntax checks: `check_path` and `check_reference_path`.

use crate::jsonpath::{check_path, check_reference_path, Path, PathError, ReferencePath, Root};

/// Paths AWS accepts in InputPath, OutputPath, `.$` fields and Choice `Variable`.
const VALID_PATHS: &[(&str, &str)] = &[
    ("root", "$"),
    ("dot members", "$.a.b"),
    ("single-quoted bracket", "$['x']"),
    ("double-quoted bracket", "$[\"x\"]"),
    ("bracket with spaces", "$[ 'x' ]"),
    ("name with a space", "$['def ghi']"),
    ("dot then bracket (AWS docs form)", "$.abc.['def ghi']"),
    ("escaped quote in name", "$['it\\'s']"),
    ("unicode escape in name", "$['\\u00e9']"),
    ("hyphen in dot name (Jayway)", "$.detail-type"),
    ("index", "$.a[0]"),
    ("negative index", "$.a[-1]"),
    ("index with spaces", "$.a[ 0 ]"),
    ("wildcard bracket", "$.a[*].b"),
    ("wildcard dot", "$.a.*"),
    ("flatten array of arrays", "$[*][*]"),
    ("index union", "$.a[0,1]"),
    ("name union", "$['a','b']"),
    ("slice", "$.a[1:3]"),
    ("open-start slice", "$.a[:2]"),
    ("negative open-end slice", "$.a[-2:]"),
    ("recursive descent", "$..x"),
    ("recursive descent index", "$..[0]"),
    ("recursive descent wildcard", "$..*"),
    ("filter with &&", "$.items[?(@.price > 10 && @.qty < 2)]"),
    ("filter with ||", "$.items[?(@.a == 'x' || @.b)]"),
    ("filter existence", "$.items[?(@.isbn)]"),
    ("filter negation", "$.items[?(!@.isbn)]"),
    ("filter with nested index", "$.a[?(@.b[0] == 1)]"),
    ("filter against root", "$.a[?(@.price < $.max)]"),
    (
        "filter word inside string",
        "$.items[?(@.status == 'in stock')]",
    ),
    (
        "filter member named like an operator",
        "$.items[?(@.size > 1)]",
    ),
    ("filter spaces around parens", "$.items[? (@.a) ]"),
    ("filter then member", "$.items[?(@.a == 1)].name"),
    ("context root", "$$"),
    ("context execution id", "$$.Execution.Id"),
    ("context map item value", "$$.Map.Item.Value"),
    ("context task token", "$$.Task.Token"),
    ("context bracket", "$$['Execution']"),
    ("variable", "$myVar"),
    ("variable member and index", "$myVar.a[0]"),
    ("variable with underscore", "$_v1"),
    ("variable non-ascii", "$prénom"),
    ("variable with filter", "$items[?(@.a > 1)]"),
    // A deployed definition (tests/data/realworld 0170) relies on this.
    ("trailing space", "$$.Execution.Name "),
    // Jayway reads a bare word compared in a filter as a string (realworld 0082, 0141).
    (
        "bare word in filter",
        "$[?(@.TargetLanguageCode==es)].TranslatedText",
    ),
];

/// Texts that are not JSONPaths in the AWS dialect.
const INVALID_PATHS: &[(&str, &str)] = &[
    ("empty", ""),
    ("no dollar", "a.b"),
    ("leading dot", ".a"),
    ("leading space", " $.a"),
    ("trailing dot", "$.a."),
    ("lone dot", "$."),
    ("lone recursive descent", "$.."),
    ("triple dot", "$...a"),
    ("space in dot name", "$.a b"),
    ("quote in dot name", "$.a'b"),
    ("unclosed bracket", "$.a[0"),
    ("unclosed bracket at root", "$["),
    ("empty brackets", "$[]"),
    ("unquoted bracket name", "$[abc]"),
    ("unterminated quoted name", "$['a]"),
    ("two names without comma", "$['a' 'b']"),
    ("unknown escape", "$['\\q']"),
    ("plus sign index", "$[+1]"),
    ("mixed name and index", "$[0,'a']"),
    ("slice with step", "$.a[::2]"),
    ("slice with three bounds", "$.a[1:2:3]"),
    ("slice in a union", "$.a[0,1:2]"),
    ("function on path", "$.a.length()"),
    ("filter without parentheses", "$.a[?@.x]"),
    ("empty filter", "$.a[?()]"),
    ("filter single equals", "$.a[?(@.x = 1)]"),
    ("filter regex", "$.a[?(@.x =~ /a.*/)]"),
    ("filter in operator", "$.a[?(@.x in ['a'])]"),
    ("filter nin operator", "$.a[?(@.x nin ['a'])]"),
    ("filter subsetof operator", "$.a[?(@.x subsetof ['a'])]"),
    ("filter RFC function", "$.a[?(length(@.x) > 1)]"),
    ("filter Jayway function", "$.a[?(@.x.length() > 1)]"),
    ("filter dangling &&", "$.a[?(@.x > 1 &&)]"),
    ("triple dollar", "$$$"),
    ("dollar then space", "$ .a"),
    ("variable then hyphen", "$a-b"),
    ("context then name", "$$Execution"),
    ("junk after bracket", "$['a']b"),
];

#[test]
fn valid_paths_pass_check_path() {
    for (name, text) in VALID_PATHS {
        assert_eq!(check_path(text), Ok(()), "case '{name}': {text}");
    }
}

#[test]
fn invalid_paths_fail_with_a_one_line_syntax_error() {
    for (name, text) in INVALID_PATHS {
        match check_path(text) {
            Err(err @ PathError::Syntax { .. }) => {
                let message = err.to_string();
                assert!(
                    !message.contains('\n'),
                    "case '{name}': multi-line message {message:?}"
                );
            }
            other => panic!("case '{name}': expected a syntax error for {text:?}, got {other:?}"),
        }
    }
}

#[test]
fn variable_names_are_at_most_80_characters() {
    let ok = format!("${}", "v".repeat(80));
    let too_long = format!("${}", "v".repeat(81));
    assert_eq!(check_path(&ok), Ok(()), "case '80-character variable'");
    assert!(
        matches!(check_path(&too_long), Err(PathError::Syntax { .. })),
        "case '81-character variable'"
    );
}

#[test]
fn syntax_errors_say_what_and_where() {
    let cases = [
        (
            "unexpected character",
            "$.a b",
            "' ' is not allowed",
            "character 4",
        ),
        (
            "function",
            "$.a.length()",
            "functions such as length()",
            "character 11",
        ),
        ("regex", "$.a[?(@.x =~ /a/)]", "=~", "character 4"),
        (
            "missing name",
            "$.",
            "expected a member name",
            "character 3",
        ),
    ];
    for (name, text, what, at) in cases {
        let message = check_path(text).map_err(|e| e.to_string());
        let Err(message) = message else {
            panic!("case '{name}': {text} should fail");
        };
        assert!(message.contains(what), "case '{name}': {message}");
        assert!(message.contains(at), "case '{name}': {message}");
    }
}

/// Reference paths: single-node paths (ResultPath, ItemsPath).
const VALID_REFERENCE_PATHS: &[(&str, &str)] = &[
    ("root", "$"),
    ("member", "$.a"),
    ("nested members", "$.a.b"),
    ("bracket name", "$['a b']"),
    ("dot then bracket", "$.abc.['def ghi']"),
    ("index", "$.a[0]"),
    ("index then member", "$.a[0].b"),
    ("context", "$$.Execution.Input"),
    ("variable", "$var.a"),
];

/// Valid paths that can select several nodes, so are not reference paths.
const NOT_REFERENCE_PATHS: &[(&str, &str)] = &[
    ("wildcard", "$.a[*]"),
    ("dot wildcard", "$.a.*"),
    ("recursive descent", "$..a"),
    ("filter", "$.a[?(@.x)]"),
    ("index union", "$.a[0,1]"),
    ("name union", "$['a','b']"),
    ("slice", "$.a[1:2]"),
    ("negative index", "$.a[-1]"),
];

#[test]
fn reference_paths_accept_only_single_node_syntax() {
    for (name, text) in VALID_REFERENCE_PATHS {
        assert_eq!(check_reference_path(text), Ok(()), "case '{name}': {text}");
    }
    for (name, text) in NOT_REFERENCE_PATHS {
        assert_eq!(
            check_path(text),
            Ok(()),
            "case '{name}' is a valid path: {text}"
        );
        assert!(
            matches!(
                check_reference_path(text),
                Err(PathError::NotReference { .. })
            ),
            "case '{name}': {text} must not be a reference path"
        );
    }
    for (name, text) in INVALID_PATHS {
        // A bad filter may be reported as "filters are not allowed" before its own syntax.
        assert!(
            matches!(
                check_reference_path(text),
                Err(PathError::Syntax { .. } | PathError::NotReference { .. })
            ),
            "case '{name}': {text:?} is not a reference path either"
        );
    }
}

#[test]
fn roots_are_recognised() {
    let cases = [
        ("input", "$.a", Root::Input),
        ("input bracket", "$['a']", Root::Input),
        ("context", "$$.Execution.Id", Root::Context),
        ("variable", "$myVar.a", Root::Variable("myVar".into())),
    ];
    for (name, text, root) in cases {
        let path = Path::parse(text).map_err(|e| e.to_string());
        assert_eq!(
            path.map(|p| p.root().clone()),
            Ok(root.clone()),
            "case '{name}'"
        );
        let reference = ReferencePath::parse(text).map_err(|e| e.to_string());
        assert_eq!(
            reference.map(|p| p.root().clone()),
            Ok(root),
            "case '{name}' (reference)"
        );
    }
}

#[test]
fn definiteness_follows_jayway() {
    let cases = [
        ("root", "$", true),
        ("members and index", "$.a['b'][0]", true),
        ("negative index", "$.a[-1]", true),
        ("context", "$$.Map.Item.Value", true),
        ("wildcard", "$.a[*]", false),
        ("filter", "$.a[?(@.b)]", false),
        ("slice", "$.a[0:1]", false),
        ("union", "$.a[0,1]", false),
        ("recursive descent", "$..a", false),
    ];
    for (name, text, definite) in cases {
        let path = Path::parse(text).map_err(|e| e.to_string());
        assert_eq!(path.map(|p| p.is_definite()), Ok(definite), "case '{name}'");
    }
}

#[test]
fn no_input_panics_the_parser() {
    // Every prefix of tricky paths: truncation is the commonest malformed input while typing.
    let sources = [
        "$.items[?(@.name == 'é]\\'x' && @.b[0] > -1.5 || !@.c)]..['ü'][1:-1][0,2].*",
        "$$.Map.Item.Value['a \\u00e9 \\ud83d\\ude00'][-9223372036854775808]",
        "$prénom.a[99999999999999999999]['\\ud83d'][?(@ > 1)]",
        "$[\"a\\\"b\"][-][:][?][?(][?()]",
    ];
    for source in sources {
        for (end, _) in source.char_indices().chain([(source.len(), ' ')]) {
            let prefix = source.get(..end).unwrap_or_default();
            let _ = check_path(prefix);
            let _ = check_reference_path(prefix);
            if let Ok(path) = Path::parse(prefix) {
                let _ = path.query(&serde_json::json!({"items": [1]}), &serde_json::json!({}));
            }
        }
    }
}

#[test]
fn compiled_paths_can_be_shared_between_threads() {
    fn assert_send_sync<T: Send + Sync>() {}
    assert_send_sync::<Path>();
    assert_send_sync::<ReferencePath>();
    assert_send_sync::<PathError>();
}
