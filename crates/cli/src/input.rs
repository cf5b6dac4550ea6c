//! Command-line arguments → the list of inputs: files, folders (recursive), glob patterns,
//! zip archives (entries, GBK names included), `-` for standard input. The kind of a file is
//! decided by its content, never its name. Order is stable: arguments in order, folder and
//! archive contents sorted by name.

use gongkai_decode::{DecodeError, ErrorKind, Format, Limits};
use std::io::{Cursor, Read};
use std::path::{Path, PathBuf};
use std::sync::Arc;

type Zip = zip::ZipArchive<Cursor<Arc<[u8]>>>;

/// An archive held in memory; entries are read from clones (which share the parsed directory).
pub struct Archive {
    path: PathBuf,
    zip: Zip,
}

#[derive(Clone)]
pub enum Input {
    File(PathBuf),
    Stdin,
    Entry {
        archive: Arc<Archive>,
        index: usize,
        name: String,
    },
    /// An argument that names nothing readable; reported as a failed input.
    Missing(String, String),
}

impl Input {
    pub fn name(&self) -> String {
        match self {
            Input::File(p) => p.display().to_string(),
            Input::Stdin => "-".to_owned(),
            Input::Entry { archive, name, .. } => format!("{}!/{}", archive.path.display(), name),
            Input::Missing(n, _) => n.clone(),
        }
    }

    /// The bytes of the input, refusing more than the limit.
    pub fn read(&self, limits: &Limits) -> Result<Vec<u8>, DecodeError> {
        let io = |e: std::io::Error| {
            DecodeError::new(ErrorKind::Io, format!("无法读取 (cannot read): {e}"))
        };
        let too_large = |n: u64| {
            DecodeError::new(
                ErrorKind::TooLarge,
                format!(
                    "文件过大：{n} 字节，上限 {} 字节 (file too large; raise --max-size to read it)",
                    limits.max_bytes
                ),
            )
        };
        let cap = limits.max_bytes as u64;
        match self {
            Input::Missing(_, why) => Err(DecodeError::new(ErrorKind::Io, why.clone())),
            Input::Stdin => {
                let mut buf = Vec::new();
                std::io::stdin()
                    .lock()
                    .take(cap + 1)
                    .read_to_end(&mut buf)
                    .map_err(io)?;
                if buf.len() as u64 > cap {
                    return Err(too_large(buf.len() as u64));
                }
                Ok(buf)
            }
            Input::File(p) => {
                let meta = std::fs::metadata(p).map_err(io)?;
                if meta.len() > cap {
                    return Err(too_large(meta.len()));
                }
                std::fs::read(p).map_err(io)
            }
            Input::Entry { archive, index, .. } => {
                let corrupt = |e: zip::result::ZipError| {
                    DecodeError::new(
                        ErrorKind::Corrupt,
                        format!("压缩包条目损坏 (corrupt archive entry): {e}"),
                    )
                };
                let mut zip = archive.zip.clone();
                let entry = zip.by_index(*index).map_err(corrupt)?;
                // The header may lie (zip bombs): the read is capped whatever it says.
                if entry.size() > cap {
                    return Err(too_large(entry.size()));
                }
                let mut buf = Vec::new();
                entry.take(cap + 1).read_to_end(&mut buf).map_err(io)?;
                if buf.len() as u64 > cap {
                    return Err(too_large(buf.len() as u64));
                }
                Ok(buf)
            }
        }
    }
}

/// Largest archive read into memory.
const MAX_ARCHIVE: u64 = 2 * 1024 * 1024 * 1024;

/// Expand arguments. Hidden files inside folders are skipped (`.git`, editor backups).
pub fn expand(args: &[String]) -> Vec<Input> {
    let mut out = Vec::new();
    for a in args {
        if a == "-" {
            out.push(Input::Stdin);
            continue;
        }
        let p = PathBuf::from(a);
        if p.is_dir() {
            let mut files: Vec<PathBuf> = walkdir::WalkDir::new(&p)
                .follow_links(true)
                .into_iter()
                .filter_entry(|e| {
                    e.depth() == 0 || !e.file_name().to_string_lossy().starts_with('.')
                })
                .filter_map(Result::ok)
                .filter(|e| e.file_type().is_file())
                .map(walkdir::DirEntry::into_path)
                .collect();
            files.sort();
            for f in files {
                file(f, &mut out);
            }
        } else if p.exists() {
            file(p, &mut out);
        } else if a.contains(['*', '?', '[']) {
            match glob::glob(a) {
                Ok(paths) => {
                    let mut files: Vec<PathBuf> = paths
                        .filter_map(Result::ok)
                        .filter(|p| p.is_file())
                        .collect();
                    files.sort();
                    if files.is_empty() {
                        out.push(Input::Missing(
                            a.clone(),
                            "没有匹配的文件 (no file matches the pattern)".into(),
                        ));
                    }
                    for f in files {
                        file(f, &mut out);
                    }
                }
                Err(e) => out.push(Input::Missing(
                    a.clone(),
                    format!("无效的通配模式 (bad pattern): {e}"),
                )),
            }
        } else {
            out.push(Input::Missing(
                a.clone(),
                "文件不存在 (no such file or directory)".into(),
            ));
        }
    }
    out
}

/// A file, or the entries of an archive (decided by content).
fn file(p: PathBuf, out: &mut Vec<Input>) {
    if !is_archive(&p) {
        out.push(Input::File(p));
        return;
    }
    match open_archive(&p) {
        Ok(archive) => {
            let archive = Arc::new(archive);
            let mut entries: Vec<(String, usize)> = (0..archive.zip.len())
                .filter_map(|i| {
                    let mut z = archive.zip.clone();
                    let e = z.by_index_raw(i).ok()?;
                    let name = entry_name(e.name_raw());
                    let skip = e.is_dir()
                        || name.starts_with("__MACOSX/")
                        || name
                            .rsplit('/')
                            .next()
                            .is_some_and(|b| b.starts_with('.') || b.is_empty());
                    (!skip).then_some((name, i))
                })
                .collect();
            entries.sort();
            if entries.is_empty() {
                out.push(Input::Missing(
                    p.display().to_string(),
                    "压缩包中没有文件 (empty archive)".into(),
                ));
            }
            out.extend(entries.into_iter().map(|(name, index)| Input::Entry {
                archive: Arc::clone(&archive),
                index,
                name,
            }));
        }
        Err(why) => out.push(Input::Missing(p.display().to_string(), why)),
    }
}

fn is_archive(p: &Path) -> bool {
    let mut head = [0u8; 4096];
    let Ok(mut f) = std::fs::File::open(p) else {
        return false;
    };
    let n = f.read(&mut head).unwrap_or(0);
    gongkai_decode::sniff(&head[..n]) == Format::Zip
}

fn open_archive(p: &Path) -> Result<Archive, String> {
    let size = std::fs::metadata(p).map(|m| m.len()).unwrap_or(0);
    if size > MAX_ARCHIVE {
        return Err(format!("压缩包过大：{size} 字节 (archive too large)"));
    }
    let bytes: Arc<[u8]> = std::fs::read(p)
        .map_err(|e| format!("无法读取 (cannot read): {e}"))?
        .into();
    let zip = zip::ZipArchive::new(Cursor::new(bytes))
        .map_err(|e| format!("损坏的压缩包 (corrupt zip archive): {e}"))?;
    Ok(Archive {
        path: p.to_owned(),
        zip,
    })
}

/// Entry names are UTF-8 when the archiver says so, but Chinese Windows tools write GBK.
fn entry_name(raw: &[u8]) -> String {
    match std::str::from_utf8(raw) {
        Ok(s) => s.to_owned(),
        Err(_) => gongkai_decode::decode_text(raw, gongkai_decode::encoding_for_label("gbk")).text,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn missing_files_are_kept_as_failures_in_order() {
        let v = expand(&["-".into(), "/no/such/file.txt".into()]);
        assert!(matches!(v[0], Input::Stdin));
        assert!(matches!(&v[1], Input::Missing(n, _) if n == "/no/such/file.txt"));
    }

    #[test]
    fn gbk_entry_names_are_decoded() {
        // 报告 in GBK
        let gbk = [0xB1, 0xA8, 0xB8, 0xE6, b'.', b't', b'x', b't'];
        assert_eq!(entry_name(&gbk), "报告.txt");
        assert_eq!(entry_name("报告.txt".as_bytes()), "报告.txt");
    }
}
