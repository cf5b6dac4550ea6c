//! Zip archives of reports: entries listed once, read one at a time from the file.
//!
//! Nothing of an archive is held in memory but its directory: each entry is inflated, within
//! the byte limit, when its turn comes, from the file reopened for it. The central directory
//! is first read by hand from its end record, so that an archive with more entries than the
//! limit, or a large file that merely starts like a zip, is refused before the zip crate
//! builds anything, and so that entries sharing a name are reported (the zip crate keys
//! entries by name and would keep only the last one without a word).

use crate::error::{Error, Skip};
use crate::read::too_large;
use gongkai_decode::Limit;
use std::collections::BTreeMap;
use std::fs::File;
use std::io::{BufReader, Read, Seek, SeekFrom};
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, PoisonError};

type Zip = zip::ZipArchive<BufReader<File>>;

/// An archive whose entries are inputs of the batch.
#[derive(Debug)]
pub struct Archive {
    path: PathBuf,
    /// Open while entries are being read; reopened when needed.
    zip: Mutex<Option<Zip>>,
}

impl Archive {
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// Inflate entry `index`, at most `max_bytes`.
    pub(crate) fn read(&self, index: usize, max_bytes: usize) -> Result<Vec<u8>, Error> {
        let mut guard = self.zip.lock().unwrap_or_else(PoisonError::into_inner);
        if guard.is_none() {
            *guard = Some(open(&self.path)?);
        }
        let Some(zip) = guard.as_mut() else {
            return Err(Error::Internal("archive not open".into()));
        };
        let entry = zip.by_index(index).map_err(entry_error)?;
        if entry.size() > u64::try_from(max_bytes).unwrap_or(u64::MAX) {
            return Err(too_large(max_bytes));
        }
        let mut buf = Vec::new();
        // The header may lie (zip bombs): the read is capped whatever it says.
        entry
            .take(
                u64::try_from(max_bytes)
                    .unwrap_or(u64::MAX)
                    .saturating_add(1),
            )
            .read_to_end(&mut buf)
            .map_err(|e| Error::Archive(Box::new(e)))?;
        if buf.len() > max_bytes {
            return Err(too_large(max_bytes));
        }
        Ok(buf)
    }

    /// Close the file (after the last entry).
    pub(crate) fn close(&self) {
        *self.zip.lock().unwrap_or_else(PoisonError::into_inner) = None;
    }
}

fn entry_error(e: zip::result::ZipError) -> Error {
    match e {
        zip::result::ZipError::UnsupportedArchive(m) if m.contains("assword") => {
            Error::EncryptedEntry
        }
        e => Error::Archive(Box::new(e)),
    }
}

fn open(path: &Path) -> Result<Zip, Error> {
    let f = File::open(path)?;
    zip::ZipArchive::new(BufReader::new(f)).map_err(|e| Error::Archive(Box::new(e)))
}

/// One listed entry: its index in the zip crate's list and its name, or a skip.
#[derive(Debug)]
pub(crate) enum Listed {
    Entry { index: usize, name: String },
    Skipped { name: String, skip: Skip },
}

/// List an archive's entries (sorted by name), at most `max_entries` of them.
pub(crate) fn list(path: &Path, max_entries: usize) -> Result<(Arc<Archive>, Vec<Listed>), Error> {
    let mut f = File::open(path)?;
    let names = central_names(&mut f, max_entries)?;
    let zip = zip::ZipArchive::new(BufReader::new(f)).map_err(|e| Error::Archive(Box::new(e)))?;
    let mut copies: BTreeMap<&[u8], usize> = BTreeMap::new();
    for n in &names {
        *copies.entry(n.as_slice()).or_default() += 1;
    }
    let mut out = Vec::new();
    let mut macosx = 0usize;
    for (raw, &count) in &copies {
        let name = entry_name(raw);
        let base = name.rsplit('/').next().unwrap_or("");
        if name.ends_with('/') || base.is_empty() {
            continue; // a folder
        }
        if name.starts_with("__MACOSX/") {
            macosx += count;
            continue;
        }
        if count > 1 {
            out.push(Listed::Skipped {
                name: name.clone(),
                skip: Skip::DuplicateName { copies: count },
            });
        }
        if base.starts_with('.') {
            out.push(Listed::Skipped {
                name,
                skip: Skip::Hidden { entries: count },
            });
            continue;
        }
        // The zip crate keeps the last entry of a name.
        if let Some(index) = zip.index_for_name_raw(raw) {
            out.push(Listed::Entry { index, name });
        }
    }
    if macosx > 0 {
        out.push(Listed::Skipped {
            name: "__MACOSX/".into(),
            skip: Skip::Hidden { entries: macosx },
        });
    }
    out.sort_by(|a, b| listed_name(a).cmp(listed_name(b)));
    if out.is_empty() {
        return Err(Error::EmptyArchive);
    }
    let archive = Arc::new(Archive {
        path: path.to_owned(),
        zip: Mutex::new(None),
    });
    Ok((archive, out))
}

fn listed_name(l: &Listed) -> &str {
    match l {
        Listed::Entry { name, .. } | Listed::Skipped { name, .. } => name,
    }
}

/// Entry names are UTF-8 when the archiver says so, but Chinese Windows tools write GBK.
pub(crate) fn entry_name(raw: &[u8]) -> String {
    match std::str::from_utf8(raw) {
        Ok(s) => s.to_owned(),
        Err(_) => gongkai_decode::decode_text(raw, gongkai_decode::encoding_for_label("gbk")).text,
    }
}

/// Largest central directory read, in bytes (a million entries of 60-byte names).
const MAX_DIRECTORY: u64 = 64 * 1024 * 1024;

fn corrupt(what: &'static str) -> Error {
    Error::Archive(what.into())
}

fn u16_at(b: &[u8], i: usize) -> Option<u64> {
    Some(u64::from(u16::from_le_bytes(
        b.get(i..i + 2)?.try_into().ok()?,
    )))
}

fn u32_at(b: &[u8], i: usize) -> Option<u64> {
    Some(u64::from(u32::from_le_bytes(
        b.get(i..i + 4)?.try_into().ok()?,
    )))
}

fn u64_at(b: &[u8], i: usize) -> Option<u64> {
    Some(u64::from_le_bytes(b.get(i..i + 8)?.try_into().ok()?))
}

/// The raw names of every central directory record, in order, read from the end record
/// (zip64 included). Refuses an archive without an end record and one with more entries than
/// `max_entries`, before reading the directory.
fn central_names(f: &mut File, max_entries: usize) -> Result<Vec<Vec<u8>>, Error> {
    let len = f.seek(SeekFrom::End(0))?;
    // The end record (22 bytes) plus a comment of at most 65,535 bytes.
    let tail_len = len.min(22 + 65_535);
    let tail_start = len - tail_len;
    f.seek(SeekFrom::Start(tail_start))?;
    let mut tail = vec![0u8; usize::try_from(tail_len).unwrap_or(0)];
    f.read_exact(&mut tail)?;
    let eocd = (0..tail.len().saturating_sub(21))
        .rev()
        .find(|&i| tail[i..].starts_with(b"PK\x05\x06"))
        .ok_or_else(|| corrupt("no end of central directory record"))?;
    let bad = || corrupt("bad end of central directory record");
    let mut entries = u16_at(&tail, eocd + 10).ok_or_else(bad)?;
    let mut size = u32_at(&tail, eocd + 12).ok_or_else(bad)?;
    let mut offset = u32_at(&tail, eocd + 16).ok_or_else(bad)?;
    let eocd_pos = tail_start + eocd as u64;
    let mut dir_end = eocd_pos;
    if entries == 0xFFFF || size == 0xFFFF_FFFF || offset == 0xFFFF_FFFF {
        // zip64: a locator just before the end record gives the zip64 end record.
        let loc = eocd.checked_sub(20).ok_or_else(bad)?;
        if !tail[loc..].starts_with(b"PK\x06\x07") {
            return Err(bad());
        }
        let rec_pos = u64_at(&tail, loc + 8).ok_or_else(bad)?;
        let mut rec = [0u8; 56];
        f.seek(SeekFrom::Start(rec_pos))?;
        f.read_exact(&mut rec)?;
        if !rec.starts_with(b"PK\x06\x06") {
            return Err(bad());
        }
        entries = u64_at(&rec, 32).ok_or_else(bad)?;
        size = u64_at(&rec, 40).ok_or_else(bad)?;
        offset = u64_at(&rec, 48).ok_or_else(bad)?;
        dir_end = rec_pos;
    }
    if entries > u64::try_from(max_entries).unwrap_or(u64::MAX) {
        return Err(Error::TooLarge {
            limit: Limit::Entries,
            max: u64::try_from(max_entries).unwrap_or(u64::MAX),
        });
    }
    if size > MAX_DIRECTORY {
        return Err(too_large(
            usize::try_from(MAX_DIRECTORY).unwrap_or(usize::MAX),
        ));
    }
    // Data may precede the archive (self-extracting): the directory ends where the end
    // record (or the zip64 one) starts; its recorded offset is checked against that.
    let start = dir_end.checked_sub(size).ok_or_else(bad)?;
    let _ = offset;
    f.seek(SeekFrom::Start(start))?;
    let mut dir = vec![0u8; usize::try_from(size).unwrap_or(0)];
    f.read_exact(&mut dir)?;
    let mut names = Vec::new();
    let mut i = 0usize;
    while i + 46 <= dir.len() {
        if !dir[i..].starts_with(b"PK\x01\x02") {
            return Err(corrupt("bad central directory record"));
        }
        let n = usize::try_from(u16_at(&dir, i + 28).ok_or_else(bad)?).unwrap_or(0);
        let m = usize::try_from(u16_at(&dir, i + 30).ok_or_else(bad)?).unwrap_or(0);
        let k = usize::try_from(u16_at(&dir, i + 32).ok_or_else(bad)?).unwrap_or(0);
        let name = dir
            .get(i + 46..i + 46 + n)
            .ok_or_else(|| corrupt("truncated central directory"))?;
        names.push(name.to_vec());
        i += 46 + n + m + k;
        if names.len() > max_entries {
            return Err(Error::TooLarge {
                limit: Limit::Entries,
                max: u64::try_from(max_entries).unwrap_or(u64::MAX),
            });
        }
    }
    Ok(names)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Write;

    fn zip_of(entries: &[(&str, &[u8])]) -> tempfile::NamedTempFile {
        let mut w = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
        for (name, data) in entries {
            w.start_file(*name, zip::write::SimpleFileOptions::default())
                .unwrap();
            w.write_all(data).unwrap();
        }
        let bytes = w.finish().unwrap().into_inner();
        let mut f = tempfile::NamedTempFile::new().unwrap();
        f.write_all(&bytes).unwrap();
        f
    }

    #[test]
    fn entries_are_listed_sorted_read_within_the_cap_and_capped_in_number() {
        let f = zip_of(&[
            ("b.txt", b"bb"),
            ("a/", b""),
            ("a/c.txt", b"c"),
            (".x", b"x"),
        ]);
        let (archive, listed) = list(f.path(), 10).unwrap();
        let names: Vec<String> = listed
            .iter()
            .map(|l| match l {
                Listed::Entry { name, .. } => name.clone(),
                Listed::Skipped { name, .. } => format!("skip:{name}"),
            })
            .collect();
        assert_eq!(names, ["skip:.x", "a/c.txt", "b.txt"]);
        let Listed::Entry { index, .. } = &listed[2] else {
            panic!("{listed:?}");
        };
        assert_eq!(archive.read(*index, 10).unwrap(), b"bb");
        assert!(matches!(
            archive.read(*index, 1),
            Err(Error::TooLarge { .. })
        ));
        assert!(matches!(
            list(f.path(), 2),
            Err(Error::TooLarge {
                limit: Limit::Entries,
                ..
            })
        ));
    }

    #[test]
    fn a_file_without_an_end_record_is_corrupt() {
        let mut f = tempfile::NamedTempFile::new().unwrap();
        f.write_all(b"PK\x03\x04 and nothing else").unwrap();
        assert!(matches!(list(f.path(), 10), Err(Error::Archive(_))));
    }

    #[test]
    fn gbk_entry_names_are_decoded() {
        // 报告 in GBK
        let gbk = [0xB1, 0xA8, 0xB8, 0xE6, b'.', b't', b'x', b't'];
        assert_eq!(entry_name(&gbk), "报告.txt");
        assert_eq!(entry_name("报告.txt".as_bytes()), "报告.txt");
    }
}
