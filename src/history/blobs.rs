//! One `git cat-file --batch` for the contents of every committed account version.
//!
//! The ids are written from a thread while the answers are read, so neither pipe fills
//! and stops the other. A version larger than the account size limit is passed over
//! without holding it in memory.
//!
//! Not here: which versions are wanted (`log`) or parsing them.

use std::collections::{HashMap, HashSet};
use std::io::{BufRead, BufReader, Read, Write};
use std::process::Stdio;

use super::git::Repository;
use crate::limits::MAX_FILE_BYTES;

/// The text of each wanted blob that is UTF-8 and within the size limit, by id; `None`
/// when git fails. Blobs are asked for in the order given (each once): git stores the
/// versions of one file as deltas of each other, newest whole, so asking for one file's
/// versions newest first lets git's delta cache serve them, where id order rebuilds a
/// delta chain for nearly every blob.
pub fn read(repository: &Repository, wanted: &[&str]) -> Option<HashMap<String, String>> {
    let mut seen = HashSet::with_capacity(wanted.len());
    let ids: Vec<&str> = wanted
        .iter()
        .copied()
        .filter(|id| seen.insert(*id))
        .collect();
    let mut contents = HashMap::with_capacity(ids.len());
    if ids.is_empty() {
        return Some(contents);
    }
    let mut child = repository
        .git(["cat-file", "--batch"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .ok()?;
    let mut stdin = child.stdin.take()?;
    let request: String = ids.iter().map(|id| format!("{id}\n")).collect();
    let writer = std::thread::spawn(move || stdin.write_all(request.as_bytes()));
    let mut reader = BufReader::new(child.stdout.take()?);
    let answered = (|| {
        for _ in 0..ids.len() {
            let mut header = String::new();
            reader.read_line(&mut header).ok()?;
            let fields: Vec<&str> = header.trim_end().split(' ').collect();
            let [id, kind, size] = fields[..] else {
                // `<id> missing`: nothing follows.
                continue;
            };
            let size: u64 = size.parse().ok()?;
            if kind == "blob" && size <= MAX_FILE_BYTES {
                let mut bytes = Vec::with_capacity(usize::try_from(size).ok()?);
                (&mut reader).take(size).read_to_end(&mut bytes).ok()?;
                if let Ok(text) = String::from_utf8(bytes) {
                    contents.insert(id.to_string(), text);
                }
            } else {
                std::io::copy(&mut (&mut reader).take(size), &mut std::io::sink()).ok()?;
            }
            let mut newline = [0u8; 1];
            reader.read_exact(&mut newline).ok()?;
        }
        Some(())
    })();
    drop(reader);
    let written = writer.join().ok().and_then(Result::ok);
    let status = child.wait().ok()?;
    (answered.is_some() && written.is_some() && status.success()).then_some(contents)
}
