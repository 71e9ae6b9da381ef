//! Distributed Map run locally: ItemReader reads a local file in place of the S3 object (or
//! lists a local folder in place of the bucket),
//! ItemBatcher groups items, ResultWriter writes the results to a local folder.

use std::path::PathBuf;

use serde_json::{json, Map, Value};

use super::super::error::StateError;
use super::super::exec::Scope;
use super::super::interpreter::{env_of, Visit};
use super::super::{jsonata, pipeline};
use super::s3_listing;
use crate::asl::states::{ItemReader, ResultWriter};
use crate::asl::{NumberField, QueryLanguage};

/// Where S3 objects come from locally, and where results go.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct LocalFiles {
    /// `s3://bucket/key` -> local file.
    pub objects: std::collections::HashMap<String, PathBuf>,
    /// Folders searched for `bucket/key`, then for `MACHINE.items.{csv,json,jsonl}`.
    pub search_dirs: Vec<PathBuf>,
    /// Where ResultWriter writes; nothing is written without it.
    pub results_dir: Option<PathBuf>,
}

impl LocalFiles {
    fn resolve(&self, machine: &str, bucket: &str, key: &str) -> Option<PathBuf> {
        if let Some(p) = self.objects.get(&format!("s3://{bucket}/{key}")) {
            return Some(p.clone());
        }
        if let Some(folder) = self.mapped_bucket(bucket) {
            return Some(folder.join(key)).filter(|p| p.is_file());
        }
        self.search_dirs.iter().find_map(|dir| {
            let direct = dir.join(bucket).join(key);
            if direct.is_file() {
                return Some(direct);
            }
            ["csv", "json", "jsonl"]
                .iter()
                .map(|ext| dir.join(format!("{machine}.items.{ext}")))
                .find(|p| p.is_file())
        })
    }
}

impl LocalFiles {
    /// A folder mapped to a whole bucket in `s3Objects` (`"s3://bucket": "folder"`).
    fn mapped_bucket(&self, bucket: &str) -> Option<&PathBuf> {
        self.objects
            .get(&format!("s3://{bucket}"))
            .or_else(|| self.objects.get(&format!("s3://{bucket}/")))
    }

    /// The folder standing in for `bucket`: mapped in `s3Objects`, else `<dir>/bucket`.
    fn bucket_folder(&self, bucket: &str) -> Option<PathBuf> {
        if let Some(folder) = self.mapped_bucket(bucket) {
            return Some(folder.clone());
        }
        self.search_dirs
            .iter()
            .map(|dir| dir.join(bucket))
            .find(|folder| folder.is_dir())
    }
}

/// ItemReader's arguments (Parameters or JSONata Arguments), evaluated on the effective input.
fn reader_arguments(
    visit: &Visit<'_, '_>,
    scope: &Scope,
    reader: &ItemReader,
    input: &Value,
) -> Result<Value, StateError> {
    if visit.language == QueryLanguage::Jsonata {
        return match &reader.arguments {
            Some(a) => jsonata::eval_field(visit, scope, a),
            None => Ok(json!({})),
        };
    }
    match &reader.parameters {
        Some(p) => pipeline::template(p, input, &env_of(&visit.context, visit.exec, scope)),
        None => Ok(json!({})),
    }
}

/// Reads the items of a distributed Map from the local stand-in of its S3 object.
pub(super) fn read_items(
    visit: &Visit<'_, '_>,
    scope: &Scope,
    reader: &ItemReader,
    input: &Value,
) -> Result<Vec<Value>, StateError> {
    let args = reader_arguments(visit, scope, reader, input)?;
    let text_of = |k: &str| {
        args.get(k)
            .and_then(Value::as_str)
            .unwrap_or_default()
            .to_owned()
    };
    let (bucket, key) = (text_of("Bucket"), text_of("Key"));
    let config = reader.reader_config.clone().unwrap_or_default();
    if reader.resource.as_deref() == Some(s3_listing::LIST_OBJECTS_V2) {
        let Some(folder) = visit.exec.local_files.bucket_folder(&bucket) else {
            return Err(StateError::runtime(format!(
                "no local folder stands in for bucket {bucket}: create <definition dir>/{bucket}/ \
                 or map \"s3://{bucket}\" to a folder in the run configuration's \"s3Objects\""
            )));
        };
        let items = s3_listing::list_objects(&folder, &text_of("Prefix"))?;
        return Ok(truncate(items, config.max_items.as_ref()));
    }
    let Some(path) = visit
        .exec
        .local_files
        .resolve(&visit.exec.machine_name, &bucket, &key)
    else {
        return Err(StateError::runtime(format!(
            "no local file stands in for s3://{bucket}/{key}: put it at <definition dir>/{bucket}/{key} \
             or map it in the run configuration's \"s3Objects\""
        )));
    };
    let text = std::fs::read_to_string(&path)
        .map_err(|e| StateError::runtime(format!("cannot read {}: {e}", path.display())))?;
    let items = match config.input_type.as_deref().unwrap_or("JSON") {
        "CSV" => csv_items(
            &text,
            config.csv_headers.as_deref(),
            config.csv_delimiter.as_deref(),
        )?,
        "JSONL" => text
            .lines()
            .filter(|l| !l.trim().is_empty())
            .map(|l| {
                serde_json::from_str(l)
                    .map_err(|e| StateError::runtime(format!("{}: {e}", path.display())))
            })
            .collect::<Result<_, _>>()?,
        _ => match serde_json::from_str(&text) {
            Ok(Value::Array(items)) => items,
            Ok(_) => {
                return Err(StateError::runtime(format!(
                    "{} must hold a JSON array",
                    path.display()
                )))
            }
            Err(e) => return Err(StateError::runtime(format!("{}: {e}", path.display()))),
        },
    };
    Ok(truncate(items, config.max_items.as_ref()))
}

/// ReaderConfig's MaxItems.
fn truncate(mut items: Vec<Value>, max_items: Option<&NumberField>) -> Vec<Value> {
    if let Some(NumberField::Number(n)) = max_items {
        items.truncate(usize::try_from(n.as_u64().unwrap_or(u64::MAX)).unwrap_or(usize::MAX));
    }
    items
}

/// CSV rows as objects keyed by the header (first row, or CSVHeaders); values stay strings.
fn csv_items(
    text: &str,
    headers: Option<&[String]>,
    delimiter: Option<&str>,
) -> Result<Vec<Value>, StateError> {
    let sep = match delimiter {
        Some("SEMICOLON") => ';',
        Some("PIPE") => '|',
        Some("TAB") => '\t',
        Some("SPACE") => ' ',
        _ => ',',
    };
    let mut rows = text
        .lines()
        .filter(|l| !l.is_empty())
        .map(|l| split_csv(l, sep));
    let header: Vec<String> = match headers {
        Some(h) => h.to_vec(),
        None => rows
            .next()
            .ok_or_else(|| StateError::runtime("the CSV file is empty"))?,
    };
    Ok(rows
        .map(|row| {
            let map: Map<String, Value> = header
                .iter()
                .cloned()
                .zip(row.into_iter().map(Value::String))
                .collect();
            Value::Object(map)
        })
        .collect())
}

/// Splits one CSV line, honouring double quotes (`""` is a quote inside a quoted field).
fn split_csv(line: &str, sep: char) -> Vec<String> {
    let mut fields = Vec::new();
    let mut field = String::new();
    let mut quoted = false;
    let mut chars = line.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '"' if quoted && chars.peek() == Some(&'"') => {
                field.push('"');
                chars.next();
            }
            '"' => quoted = !quoted,
            c if c == sep && !quoted => fields.push(std::mem::take(&mut field)),
            c => field.push(c),
        }
    }
    fields.push(field);
    fields
}

/// ResultWriter: writes the results under the results folder (when configured) and returns
/// what AWS returns instead of the results: the map run and where its results are.
pub(super) fn write_results(
    visit: &Visit<'_, '_>,
    scope: &Scope,
    writer: &ResultWriter,
    input: &Value,
    results: &Value,
) -> Result<Value, StateError> {
    let args = match &writer.parameters {
        Some(p) => pipeline::template(p, input, &env_of(&visit.context, visit.exec, scope))?,
        None => json!({}),
    };
    let bucket = args
        .get("Bucket")
        .and_then(Value::as_str)
        .unwrap_or("local-results");
    let prefix = args
        .get("Prefix")
        .and_then(Value::as_str)
        .unwrap_or_default();
    let run_id = format!("{:016x}", visit.exec.random());
    let key = format!("{prefix}/{run_id}/manifest.json");
    if let Some(dir) = &visit.exec.local_files.results_dir {
        let folder = dir.join(bucket).join(prefix).join(&run_id);
        let written = std::fs::create_dir_all(&folder).and_then(|_| {
            std::fs::write(folder.join("SUCCEEDED_0.json"), results.to_string())?;
            std::fs::write(
                folder.join("manifest.json"),
                json!({"DestinationBucket": bucket, "MapRunArn": run_id}).to_string(),
            )
        });
        written.map_err(|e| {
            StateError::runtime(format!("cannot write results to {}: {e}", folder.display()))
        })?;
    }
    Ok(json!({
        "MapRunArn": format!("arn:aws:states:us-east-1:123456789012:mapRun:{}/{run_id}", visit.exec.machine_name),
        "ResultWriterDetails": {"Bucket": bucket, "Key": key},
    }))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn csv_rows_become_objects() {
        let items = csv_items("a,b\n1,\"x, \"\"y\"\"\"\n2,z\n", None, None).expect("csv");
        assert_eq!(
            items,
            vec![
                json!({"a": "1", "b": "x, \"y\""}),
                json!({"a": "2", "b": "z"})
            ]
        );
        let given = ["p".to_owned(), "q".to_owned()];
        let items = csv_items("1;2\n", Some(&given), Some("SEMICOLON")).expect("csv");
        assert_eq!(items, vec![json!({"p": "1", "q": "2"})]);
    }
}
