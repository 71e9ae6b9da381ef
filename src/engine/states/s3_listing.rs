//! `arn:aws:states:::s3:listObjectsV2` as an ItemReader, over a local folder standing in for
//! the bucket: one item per file, shaped as a distributed Map receives S3 objects.

use std::path::{Path, PathBuf};

use md5::{Digest, Md5};
use serde_json::{json, Value};

use super::super::error::StateError;

/// The ItemReader resource that lists a bucket instead of reading one object.
pub(super) const LIST_OBJECTS_V2: &str = "arn:aws:states:::s3:listObjectsV2";

/// The items for every file under `folder` whose key (its path below `folder`, `/`-separated)
/// starts with `prefix`, in key order as S3 lists them.
pub(super) fn list_objects(folder: &Path, prefix: &str) -> Result<Vec<Value>, StateError> {
    let mut files = Vec::new();
    collect_files(folder, &mut files)
        .map_err(|e| StateError::runtime(format!("cannot list {}: {e}", folder.display())))?;
    let mut keyed: Vec<(String, PathBuf)> = files
        .into_iter()
        .filter_map(|path| key_of(folder, &path).map(|key| (key, path)))
        .filter(|(key, _)| key.starts_with(prefix))
        .collect();
    // S3 lists keys in UTF-8 byte order.
    keyed.sort_by(|a, b| a.0.as_bytes().cmp(b.0.as_bytes()));
    keyed
        .into_iter()
        .map(|(key, path)| object_item(&key, &path))
        .collect()
}

/// Every regular file below `dir`, recursively (S3 has no folders, only keys).
fn collect_files(dir: &Path, out: &mut Vec<PathBuf>) -> std::io::Result<()> {
    for entry in std::fs::read_dir(dir)? {
        let entry = entry?;
        let kind = entry.file_type()?;
        if kind.is_dir() {
            collect_files(&entry.path(), out)?;
        } else if kind.is_file() {
            out.push(entry.path());
        }
    }
    Ok(())
}

/// The S3 key of `path`: its path below `folder` with `/` separators; `None` if not UTF-8.
fn key_of(folder: &Path, path: &Path) -> Option<String> {
    let relative = path.strip_prefix(folder).ok()?;
    let parts: Option<Vec<&str>> = relative
        .components()
        .map(|c| c.as_os_str().to_str())
        .collect();
    Some(parts?.join("/"))
}

/// `{"Etag", "Key", "LastModified", "Size", "StorageClass"}` as AWS passes each object; the
/// Etag is the content's MD5 in quotes (what S3 gives a single-part upload).
fn object_item(key: &str, path: &Path) -> Result<Value, StateError> {
    let read_error = |e: std::io::Error| StateError::runtime(format!("{}: {e}", path.display()));
    let bytes = std::fs::read(path).map_err(read_error)?;
    let modified = std::fs::metadata(path)
        .and_then(|m| m.modified())
        .map_err(read_error)?;
    let seconds = modified
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_secs())
        .unwrap_or(0);
    let digest: String = Md5::digest(&bytes)
        .iter()
        .flat_map(|b| {
            let hex = b"0123456789abcdef";
            [hex[usize::from(b >> 4)], hex[usize::from(b & 0x0f)]]
        })
        .map(char::from)
        .collect();
    Ok(json!({
        "Etag": format!("\"{digest}\""),
        "Key": key,
        "LastModified": seconds,
        "Size": bytes.len(),
        "StorageClass": "STANDARD",
    }))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn files_become_s3_objects_in_key_order_filtered_by_prefix() {
        let dir = std::env::temp_dir().join(format!("sw-list-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(dir.join("logs/2024")).expect("dirs");
        std::fs::write(dir.join("logs/2024/b.txt"), "hello").expect("write");
        std::fs::write(dir.join("logs/a.txt"), "").expect("write");
        std::fs::write(dir.join("readme.md"), "x").expect("write");
        let all = list_objects(&dir, "").expect("list");
        let keys: Vec<&str> = all.iter().filter_map(|o| o["Key"].as_str()).collect();
        assert_eq!(keys, ["logs/2024/b.txt", "logs/a.txt", "readme.md"]);
        let hello = &all[0];
        assert_eq!(hello["Size"], 5);
        assert_eq!(hello["Etag"], "\"5d41402abc4b2a76b9719d911017c592\"");
        assert_eq!(hello["StorageClass"], "STANDARD");
        assert!(hello["LastModified"]
            .as_u64()
            .is_some_and(|s| s > 1_600_000_000));
        let logs = list_objects(&dir, "logs/").expect("list");
        assert_eq!(logs.len(), 2);
        assert!(list_objects(&dir.join("missing"), "").is_err());
    }
}
