//! One `git cat-file --batch` for the contents of every committed account version.
//!
//! The ids are written from a thread while the answers are read, so neither pipe fills
//! and stops the other, and `--buffer` lets git fill the pipe in large writes instead of
//! one flush per blob. Each answer is handed to the caller as it arrives, borrowed from
//! one reused buffer, so the caller can start on the first account's versions while git
//! still reads the rest and no version is held twice. A version larger than the account
//! size limit is passed over without holding it in memory.
//!
//! Not here: which versions are wanted (`log`) or parsing them.

use std::io::{BufRead, BufReader, Read, Write};
use std::process::Stdio;

use super::git::Repository;
use crate::limits::MAX_FILE_BYTES;

/// Asks git for each of `ids`, in the order given, and calls `each` once per id, in that
/// order, with its index in `ids` and its bytes (`None` when it is missing, not a blob or
/// over the size limit). Returns `None` when git fails or stops early.
///
/// Ask for one file's versions newest first: git stores the versions of one file as deltas
/// of each other, newest whole after a repack, so that order lets git's delta cache serve
/// them, where id order rebuilds a delta chain for nearly every blob.
pub fn read_each<F>(repository: &Repository, ids: &[&str], mut each: F) -> Option<()>
where
    F: FnMut(usize, Option<&[u8]>),
{
    if ids.is_empty() {
        return Some(());
    }
    let mut child = repository
        .git(["cat-file", "--batch", "--buffer"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .ok()?;
    let mut stdin = child.stdin.take()?;
    let mut request = String::with_capacity(ids.len() * 41);
    for id in ids {
        request.push_str(id);
        request.push('\n');
    }
    // Closing stdin when the thread ends tells git the list is complete, which `--buffer`
    // needs before it flushes its last answers.
    let writer = std::thread::spawn(move || stdin.write_all(request.as_bytes()));
    let mut reader = BufReader::with_capacity(1 << 16, child.stdout.take()?);
    let mut header = Vec::with_capacity(64);
    let mut contents = Vec::new();
    let answered = (|| {
        for index in 0..ids.len() {
            header.clear();
            reader.read_until(b'\n', &mut header).ok()?;
            let line = std::str::from_utf8(&header).ok()?.trim_end();
            let mut fields = line.split(' ');
            let (Some(_id), Some(kind), Some(size), None) =
                (fields.next(), fields.next(), fields.next(), fields.next())
            else {
                // `<id> missing` (or ambiguous): nothing follows.
                each(index, None);
                continue;
            };
            let size: u64 = size.parse().ok()?;
            if kind == "blob" && size <= MAX_FILE_BYTES {
                contents.clear();
                (&mut reader).take(size).read_to_end(&mut contents).ok()?;
                if contents.len() as u64 != size {
                    return None;
                }
                each(index, Some(&contents));
            } else {
                let skipped =
                    std::io::copy(&mut (&mut reader).take(size), &mut std::io::sink()).ok()?;
                if skipped != size {
                    return None;
                }
                each(index, None);
            }
            let mut newline = [0u8; 1];
            reader.read_exact(&mut newline).ok()?;
        }
        Some(())
    })();
    drop(reader);
    let written = writer.join().ok().and_then(Result::ok);
    let status = child.wait().ok()?;
    (answered.is_some() && written.is_some() && status.success()).then_some(())
}
