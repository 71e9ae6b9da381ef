//! MockConfigFile.json of AWS Step Functions Local: test cases map state names to mocked
//! responses; each response lists what the 1st, 2nd, ... invocation of the state returns.

use std::collections::HashMap;
use std::sync::Mutex;

use serde_json::Value;

/// One mocked invocation result.
#[derive(Debug, Clone, PartialEq)]
pub enum MockResponse {
    Return(Value),
    Throw { error: String, cause: String },
}

/// A mocked response: invocation ranges (inclusive, 0-based) to what they return.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct MockedResponse {
    ranges: Vec<(u64, u64, MockResponse)>,
}

impl MockedResponse {
    /// What invocation `n` (0-based) gets; past the last range, the last response repeats.
    pub fn for_invocation(&self, n: u64) -> Option<&MockResponse> {
        self.ranges
            .iter()
            .find(|(lo, hi, _)| (*lo..=*hi).contains(&n))
            .or_else(|| self.ranges.iter().max_by_key(|(_, hi, _)| *hi))
            .map(|(_, _, r)| r)
    }
}

/// A parsed MockConfigFile.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct MockConfig {
    /// state machine -> test case -> state -> response name.
    machines: HashMap<String, HashMap<String, HashMap<String, String>>>,
    responses: HashMap<String, MockedResponse>,
}

impl MockConfig {
    /// Reads the MockConfigFile JSON; every structural problem is one error line.
    pub fn from_value(value: &Value) -> Result<MockConfig, String> {
        let mut config = MockConfig::default();
        let machines = value
            .get("StateMachines")
            .and_then(Value::as_object)
            .ok_or("mock config: \"StateMachines\" must be an object")?;
        for (machine, body) in machines {
            let cases = body
                .get("TestCases")
                .and_then(Value::as_object)
                .ok_or_else(|| {
                    format!("mock config: StateMachines.{machine}.TestCases must be an object")
                })?;
            let mut parsed_cases = HashMap::new();
            for (case, states) in cases {
                let states = states
                    .as_object()
                    .ok_or_else(|| format!("mock config: test case {case} must be an object"))?;
                let map = states
                    .iter()
                    .map(|(state, r)| match r.as_str() {
                        Some(r) => Ok((state.clone(), r.to_owned())),
                        None => Err(format!(
                            "mock config: {case}.{state} must name a mocked response"
                        )),
                    })
                    .collect::<Result<_, String>>()?;
                parsed_cases.insert(case.clone(), map);
            }
            config.machines.insert(machine.clone(), parsed_cases);
        }
        if let Some(responses) = value.get("MockedResponses") {
            let responses = responses
                .as_object()
                .ok_or("mock config: \"MockedResponses\" must be an object")?;
            for (name, body) in responses {
                config
                    .responses
                    .insert(name.clone(), read_response(name, body)?);
            }
        }
        Ok(config)
    }

    /// The test case `case` of state machine `machine`, ready to answer invocations.
    pub fn session(&self, machine: &str, case: &str) -> Result<MockSession, String> {
        let cases = self
            .machines
            .get(machine)
            .ok_or_else(|| format!("mock config has no state machine named \"{machine}\""))?;
        let states = cases
            .get(case)
            .ok_or_else(|| format!("mock config has no test case \"{case}\" for \"{machine}\""))?;
        let mut mocked = HashMap::new();
        for (state, response) in states {
            let r = self.responses.get(response).ok_or_else(|| {
                format!("mock config: response \"{response}\" (state {state}) is not defined")
            })?;
            mocked.insert(state.clone(), r.clone());
        }
        Ok(MockSession {
            mocked,
            invocations: Mutex::new(HashMap::new()),
        })
    }
}

fn read_response(name: &str, body: &Value) -> Result<MockedResponse, String> {
    let body = body
        .as_object()
        .ok_or_else(|| format!("mock config: response {name} must be an object"))?;
    let mut ranges = Vec::new();
    for (key, spec) in body {
        let (lo, hi) = parse_range(key).ok_or_else(|| {
            format!("mock config: response {name}: \"{key}\" is not an invocation number or range")
        })?;
        let response = if let Some(v) = spec.get("Return") {
            MockResponse::Return(v.clone())
        } else if let Some(t) = spec.get("Throw") {
            let text = |k: &str| {
                t.get(k)
                    .and_then(Value::as_str)
                    .unwrap_or_default()
                    .to_owned()
            };
            MockResponse::Throw {
                error: text("Error"),
                cause: text("Cause"),
            }
        } else {
            return Err(format!(
                "mock config: response {name}.{key} needs Return or Throw"
            ));
        };
        ranges.push((lo, hi, response));
    }
    Ok(MockedResponse { ranges })
}

fn parse_range(key: &str) -> Option<(u64, u64)> {
    match key.split_once('-') {
        Some((lo, hi)) => {
            let (lo, hi) = (lo.trim().parse().ok()?, hi.trim().parse().ok()?);
            (lo <= hi).then_some((lo, hi))
        }
        None => {
            let n = key.trim().parse().ok()?;
            Some((n, n))
        }
    }
}

/// One execution's view of a test case: counts invocations per state.
#[derive(Debug)]
pub struct MockSession {
    mocked: HashMap<String, MockedResponse>,
    invocations: Mutex<HashMap<String, u64>>,
}

impl MockSession {
    /// True if the test case mocks `state`.
    pub fn mocks(&self, state: &str) -> bool {
        self.mocked.contains_key(state)
    }

    /// The response to the next invocation of `state`, or `None` if it is not mocked.
    pub fn invoke(&self, state: &str) -> Option<MockResponse> {
        let response = self.mocked.get(state)?;
        let n = {
            let mut counts = self.invocations.lock().ok()?;
            let count = counts.entry(state.to_owned()).or_insert(0);
            let n = *count;
            *count += 1;
            n
        };
        response.for_invocation(n).cloned()
    }
}

/// What a mocked `Return` means for `resource`, as in Step Functions Local: a Lambda
/// function ARN yields the invoke response's `Payload`; everything else the value itself.
pub fn mocked_result(resource: &str, returned: Value) -> Value {
    let is_function_arn =
        resource.starts_with("arn:aws:lambda:") && resource.contains(":function:");
    if !is_function_arn {
        return returned;
    }
    match returned {
        Value::Object(mut map) if map.contains_key("Payload") => {
            map.remove("Payload").unwrap_or(Value::Null)
        }
        other => other,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn config() -> MockConfig {
        MockConfig::from_value(&json!({
            "StateMachines": {"Case": {"TestCases": {"Default": {"S": "R"}}}},
            "MockedResponses": {"R": {
                "0-1": {"Throw": {"Error": "E", "Cause": "c"}},
                "2": {"Return": {"StatusCode": 200, "Payload": 7}}
            }}
        }))
        .expect("valid")
    }

    #[test]
    fn invocations_follow_ranges_then_repeat_the_last() {
        let s = config().session("Case", "Default").expect("session");
        let throw = MockResponse::Throw {
            error: "E".into(),
            cause: "c".into(),
        };
        assert_eq!(s.invoke("S"), Some(throw.clone()));
        assert_eq!(s.invoke("S"), Some(throw));
        let ret = MockResponse::Return(json!({"StatusCode": 200, "Payload": 7}));
        assert_eq!(s.invoke("S"), Some(ret.clone()));
        assert_eq!(s.invoke("S"), Some(ret));
        assert_eq!(s.invoke("Other"), None);
    }

    #[test]
    fn unknown_names_are_errors() {
        assert!(config().session("Nope", "Default").is_err());
        assert!(config().session("Case", "Nope").is_err());
        assert!(MockConfig::from_value(&json!({"StateMachines": 1})).is_err());
        let bad_range =
            json!({"StateMachines": {}, "MockedResponses": {"R": {"x": {"Return": 1}}}});
        assert!(MockConfig::from_value(&bad_range).is_err());
    }

    #[test]
    fn lambda_function_results_are_the_payload() {
        let r = json!({"StatusCode": 200, "Payload": {"a": 1}});
        let f = "arn:aws:lambda:us-east-1:1:function:f";
        assert_eq!(mocked_result(f, r.clone()), json!({"a": 1}));
        assert_eq!(
            mocked_result("arn:aws:states:::lambda:invoke", r.clone()),
            r
        );
        assert_eq!(
            mocked_result("arn:aws:states:::sqs:sendMessage", r.clone()),
            r
        );
    }
}
