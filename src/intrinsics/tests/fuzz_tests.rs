//! Fuzz-style robustness: parse, check and evaluate never panic.

use serde_json::{json, Value};

use crate::intrinsics::{check, evaluate, parse, RandomSource, SplitMix64};

const SEEDS: [&str; 12] = [
    "States.Format('Hello {}, you owe {}', $.name, $.amount)",
    "States.JsonToString(States.StringToJson($.x))",
    r"States.Format('\{\}\'\\ {}', $$.Execution.Id)",
    "States.ArrayRange(1, 9, 2)",
    "States.MathRandom(1, 10, 42)",
    "States.Hash('abc', 'SHA-256')",
    "States.Array($['a,b'], $[0], $var.x, null, true, -1.5e3)",
    "States.JsonMerge($.a, $.b, false)",
    "States.ArrayGetItem(States.StringSplit('a,b', ','), 1)",
    "States.Base64Decode(States.Base64Encode('\u{1F680}'))",
    "States.UUID()",
    "States.ArrayPartition(States.ArrayRange(1, 20, 1), 3)",
];

/// Characters that matter to the grammar, plus some that do not.
const ALPHABET: &[char] = &[
    '(',
    ')',
    ',',
    '\'',
    '\\',
    '{',
    '}',
    '$',
    '.',
    '[',
    ']',
    '"',
    ' ',
    '-',
    '0',
    '1',
    '9',
    'e',
    'S',
    't',
    'a',
    '\u{e9}',
    '\u{1F680}',
    '@',
    '?',
    '=',
];

fn resolver(path: &str) -> Result<Value, String> {
    match path {
        "$.x" => Ok(json!("{\"k\": [1, 2]}")),
        "$.name" => Ok(json!("Ada")),
        "$.amount" => Ok(json!(12.5)),
        "$.a" | "$.b" => Ok(json!({"k": 1})),
        other => Err(format!("no value at {other}")),
    }
}

fn exercise(text: &str) {
    let _ = check(text);
    if let Ok(call) = parse(text) {
        let _ = evaluate(&call, &resolver, &mut SplitMix64::new(1));
    }
}

#[test]
fn truncations_of_valid_expressions_never_panic() {
    for seed in SEEDS {
        let chars: Vec<char> = seed.chars().collect();
        for end in 0..=chars.len() {
            for start in 0..=end.min(3) {
                let text: String = chars[start..end].iter().collect();
                exercise(&text);
            }
        }
    }
}

#[test]
fn random_mutations_never_panic() {
    let mut rng = SplitMix64::new(0xDEC0DE);
    for round in 0..20_000 {
        let seed = SEEDS[round % SEEDS.len()];
        let mut chars: Vec<char> = seed.chars().collect();
        let edits = 1 + (rng.next_u64() % 4) as usize;
        for _ in 0..edits {
            let at = (rng.next_u64() as usize) % (chars.len() + 1);
            let c = ALPHABET[(rng.next_u64() as usize) % ALPHABET.len()];
            match rng.next_u64() % 3 {
                0 => chars.insert(at, c),
                1 if at < chars.len() => {
                    chars.remove(at);
                }
                _ if at < chars.len() => chars[at] = c,
                _ => chars.push(c),
            }
        }
        exercise(&chars.iter().collect::<String>());
    }
}

#[test]
fn random_strings_never_panic() {
    let mut rng = SplitMix64::new(7);
    for _ in 0..20_000 {
        let len = (rng.next_u64() % 40) as usize;
        let mut text = String::from(if rng.next_u64() & 1 == 0 {
            "States.Array("
        } else {
            ""
        });
        for _ in 0..len {
            text.push(ALPHABET[(rng.next_u64() as usize) % ALPHABET.len()]);
        }
        exercise(&text);
    }
}
