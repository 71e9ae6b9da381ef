//! The Lambda Invoke API over HTTP (`POST {endpoint}/2015-03-31/functions/{name}/invocations`),
//! so `sam local start-lambda` or the Lambda Runtime Interface Emulator answer tasks.

use serde_json::Value;

use super::super::error::{StateError, TASK_FAILED};

/// Where to invoke a function.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LambdaEndpoint {
    /// e.g. `http://127.0.0.1:3001`.
    pub endpoint: String,
    /// The function name; `None` takes it from FunctionName or the Resource ARN.
    pub function: Option<String>,
}

/// The function name in an ARN (`arn:aws:lambda:r:a:function:NAME[:alias]`) or a plain name.
pub fn function_name(arn_or_name: &str) -> &str {
    match arn_or_name.split(':').collect::<Vec<_>>().as_slice() {
        ["arn", _, "lambda", _, _, "function", name, ..] => name,
        _ => arn_or_name,
    }
}

/// Invokes `function` with `payload`; a function error (`X-Amz-Function-Error`) becomes the
/// task's error from the body's `errorType` and `errorMessage`.
pub(crate) async fn invoke(
    target: &LambdaEndpoint,
    function: &str,
    payload: &Value,
) -> Result<Value, StateError> {
    let url = format!(
        "{}/2015-03-31/functions/{}/invocations",
        target.endpoint.trim_end_matches('/'),
        function_name(function)
    );
    let failed = |what: String| StateError::new(TASK_FAILED, what);
    let response = reqwest::Client::new()
        .post(&url)
        .json(payload)
        .send()
        .await
        .map_err(|e| failed(format!("cannot invoke {url}: {e}")))?;
    let status = response.status();
    let function_error = response.headers().contains_key("x-amz-function-error");
    let body = response
        .text()
        .await
        .map_err(|e| failed(format!("cannot read the response of {url}: {e}")))?;
    let parsed: Option<Value> = serde_json::from_str(&body).ok();
    if function_error || !status.is_success() {
        let error = parsed
            .as_ref()
            .and_then(|v| v.get("errorType"))
            .and_then(Value::as_str);
        let message = parsed
            .as_ref()
            .and_then(|v| v.get("errorMessage"))
            .and_then(Value::as_str);
        return Err(match error {
            Some(e) => StateError::new(e, message.unwrap_or_default()),
            None => failed(format!("{url} answered {status}: {body}")),
        });
    }
    parsed.ok_or_else(|| {
        failed(format!(
            "{url} answered with a body that is not JSON: {body}"
        ))
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;
    use tokio::io::{AsyncReadExt, AsyncWriteExt};

    /// A one-shot HTTP server answering with `headers` and `body`; returns its endpoint.
    async fn serve_once(extra_header: &'static str, body: &'static str) -> String {
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
            .await
            .expect("bind");
        let addr = listener.local_addr().expect("addr");
        tokio::spawn(async move {
            if let Ok((mut socket, _)) = listener.accept().await {
                let mut buf = vec![0u8; 65536];
                let _ = socket.read(&mut buf).await;
                let reply = format!(
                    "HTTP/1.1 200 OK\r\ncontent-type: application/json\r\n{extra_header}content-length: {}\r\nconnection: close\r\n\r\n{body}",
                    body.len()
                );
                let _ = socket.write_all(reply.as_bytes()).await;
            }
        });
        format!("http://{addr}")
    }

    #[test]
    fn function_names_come_from_arns() {
        assert_eq!(function_name("arn:aws:lambda:us-east-1:1:function:f"), "f");
        assert_eq!(
            function_name("arn:aws:lambda:us-east-1:1:function:f:live"),
            "f"
        );
        assert_eq!(function_name("plain"), "plain");
    }

    #[tokio::test]
    async fn a_result_and_a_function_error() {
        let ok = LambdaEndpoint {
            endpoint: serve_once("", r#"{"sum": 3}"#).await,
            function: None,
        };
        assert_eq!(
            invoke(&ok, "f", &json!({"a": 1})).await,
            Ok(json!({"sum": 3}))
        );
        let body = r#"{"errorType": "ValueError", "errorMessage": "bad"}"#;
        let err = LambdaEndpoint {
            endpoint: serve_once("x-amz-function-error: Unhandled\r\n", body).await,
            function: None,
        };
        assert_eq!(
            invoke(&err, "f", &json!({})).await,
            Err(StateError::new("ValueError", "bad"))
        );
    }

    #[tokio::test]
    async fn an_unreachable_endpoint_is_task_failed() {
        let nowhere = LambdaEndpoint {
            endpoint: "http://127.0.0.1:9".into(),
            function: None,
        };
        let err = invoke(&nowhere, "f", &json!({})).await.unwrap_err();
        assert_eq!(err.name(), TASK_FAILED);
    }
}
