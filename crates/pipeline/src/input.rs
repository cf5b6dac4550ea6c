//! Command-line arguments → the list of inputs: files, folders (recursive), glob patterns,
//! zip archives (entries, GBK names included), `-` for standard input. Arguments are
//! `OsString`s: a file name that is not UTF-8 (a GBK name from a shell glob) is read like any
//! other and shown with replacement characters.
//!
//! Order is stable: arguments in order, folder and archive contents sorted by name. Whatever
//! is not read is listed too, as an input that fails: a missing file, a pattern matching
//! nothing, and every entry skipped on purpose (hidden entries, links leading out of the
//! folder given or nowhere, devices and FIFOs inside folders, duplicate names in archives).
//!
//! Links: an argument that is a link is followed (the user named it). Inside a folder, a link
//! to a file is read only when its target is inside the folder; links to folders are never
//! followed (the folder is walked where it is), so a link to `/` or a loop costs nothing.

use crate::archive::{self, Archive, Listed};
use crate::error::{Error, FileKind, Skip};
use crate::read;
use std::ffi::{OsStr, OsString};
use std::path::{Path, PathBuf};
use std::sync::Arc;

/// One input of a batch.
#[derive(Debug)]
pub enum Input {
    /// A file. `follow`: a link at the path itself is followed (named by the user, or checked
    /// to stay inside the folder given).
    File { path: PathBuf, follow: bool },
    /// Standard input.
    Stdin,
    /// An entry of a zip archive.
    Entry {
        archive: Arc<Archive>,
        index: usize,
        name: String,
        /// The last entry of its archive in the list: the archive is closed after it.
        last: bool,
    },
    /// Something that is not read, and why.
    Failed { name: String, error: Error },
}

impl Input {
    /// The name shown for the input: its path, `-`, `archive.zip!/entry`.
    pub fn name(&self) -> String {
        match self {
            Input::File { path, .. } => path.to_string_lossy().into_owned(),
            Input::Stdin => "-".to_owned(),
            Input::Entry { archive, name, .. } => {
                format!("{}!/{}", archive.path().to_string_lossy(), name)
            }
            Input::Failed { name, .. } => name.clone(),
        }
    }
}

/// Bounds of the listing.
#[derive(Clone, Copy, Debug)]
pub struct ListLimits {
    /// Most entries read from one zip archive.
    pub max_entries: usize,
}

/// Expand arguments into inputs.
pub fn expand(args: &[OsString], limits: &ListLimits) -> Vec<Input> {
    let mut out = Vec::new();
    for a in args {
        if a == "-" {
            out.push(Input::Stdin);
            continue;
        }
        let p = PathBuf::from(a);
        if p.is_dir() {
            walk(&p, limits, &mut out);
        } else if std::fs::symlink_metadata(&p).is_ok() {
            file(p, true, limits, &mut out);
        } else if let Some(pattern) = a.to_str().filter(|s| s.contains(['*', '?', '['])) {
            glob(pattern, limits, &mut out);
        } else {
            out.push(Input::Failed {
                name: a.to_string_lossy().into_owned(),
                error: Error::NotFound,
            });
        }
    }
    out
}

fn glob(pattern: &str, limits: &ListLimits, out: &mut Vec<Input>) {
    let paths = match glob::glob(pattern) {
        Ok(p) => p,
        Err(e) => {
            out.push(Input::Failed {
                name: pattern.to_owned(),
                error: Error::BadPattern(e),
            });
            return;
        }
    };
    let mut found: Vec<PathBuf> = Vec::new();
    for p in paths {
        match p {
            Ok(p) => found.push(p),
            Err(e) => out.push(Input::Failed {
                name: e.path().to_string_lossy().into_owned(),
                error: Error::Io(e.into()),
            }),
        }
    }
    found.sort();
    if found.is_empty() {
        out.push(Input::Failed {
            name: pattern.to_owned(),
            error: Error::NoMatch,
        });
    }
    for p in found {
        if p.is_dir() {
            walk(&p, limits, out);
        } else {
            file(p, true, limits, out);
        }
    }
}

fn is_hidden(name: &OsStr) -> bool {
    name.as_encoded_bytes().first() == Some(&b'.')
}

/// A folder, recursively, in name order.
fn walk(root: &Path, limits: &ListLimits, out: &mut Vec<Input>) {
    // Links are resolved against the folder's real place.
    let real_root = std::fs::canonicalize(root).unwrap_or_else(|_| root.to_owned());
    let mut it = walkdir::WalkDir::new(root)
        .follow_links(false)
        .sort_by_file_name()
        .into_iter();
    while let Some(entry) = it.next() {
        let entry = match entry {
            Ok(e) => e,
            Err(e) => {
                let name = e.path().map_or_else(
                    || root.to_string_lossy().into_owned(),
                    |p| p.to_string_lossy().into_owned(),
                );
                let error = e
                    .into_io_error()
                    .map_or_else(|| Error::Io(std::io::Error::other("walk")), Error::from);
                out.push(Input::Failed { name, error });
                continue;
            }
        };
        let path = entry.path();
        let name = || path.to_string_lossy().into_owned();
        if entry.depth() > 0 && is_hidden(entry.file_name()) {
            if entry.file_type().is_dir() {
                it.skip_current_dir();
            }
            out.push(Input::Failed {
                name: name(),
                error: Error::Skipped(Skip::Hidden { entries: 0 }),
            });
            continue;
        }
        let ft = entry.file_type();
        if ft.is_dir() {
            continue;
        }
        if ft.is_file() {
            file(path.to_owned(), false, limits, out);
            continue;
        }
        if ft.is_symlink() {
            match link(path, &real_root) {
                Ok(()) => file(path.to_owned(), true, limits, out),
                Err(skip) => out.push(Input::Failed {
                    name: name(),
                    error: Error::Skipped(skip),
                }),
            }
            continue;
        }
        use std::os::unix::fs::FileTypeExt;
        let kind = if ft.is_fifo() {
            FileKind::Fifo
        } else if ft.is_socket() {
            FileKind::Socket
        } else if ft.is_char_device() {
            FileKind::CharDevice
        } else if ft.is_block_device() {
            FileKind::BlockDevice
        } else {
            FileKind::Other
        };
        out.push(Input::Failed {
            name: name(),
            error: Error::Skipped(Skip::NotRegular(kind)),
        });
    }
}

/// Whether a link found in a folder may be read: it must lead to a regular file inside the
/// folder.
fn link(path: &Path, real_root: &Path) -> Result<(), Skip> {
    let Ok(target) = std::fs::canonicalize(path) else {
        return Err(Skip::BrokenLink);
    };
    if !target.starts_with(real_root) {
        return Err(Skip::LinkOutside { target });
    }
    match std::fs::metadata(&target) {
        Ok(m) if m.is_dir() => Err(Skip::LinkToFolder),
        Ok(_) => Ok(()),
        Err(_) => Err(Skip::BrokenLink),
    }
}

/// A file, or the entries of an archive (decided by content). Only regular files are looked
/// into here: a pipe's bytes are read once, when its turn comes.
fn file(p: PathBuf, follow: bool, limits: &ListLimits, out: &mut Vec<Input>) {
    let is_archive = read::head_of_regular(&p, follow, 64 * 1024)
        .is_some_and(|head| gongkai_decode::sniff(&head) == gongkai_decode::Format::Zip);
    if !is_archive {
        out.push(Input::File { path: p, follow });
        return;
    }
    match archive::list(&p, limits.max_entries) {
        Ok((archive, listed)) => {
            let last_entry = listed
                .iter()
                .rposition(|l| matches!(l, Listed::Entry { .. }));
            for (i, l) in listed.into_iter().enumerate() {
                match l {
                    Listed::Entry { index, name } => out.push(Input::Entry {
                        archive: Arc::clone(&archive),
                        index,
                        name,
                        last: Some(i) == last_entry,
                    }),
                    Listed::Skipped { name, skip } => out.push(Input::Failed {
                        name: format!("{}!/{}", p.to_string_lossy(), name),
                        error: Error::Skipped(skip),
                    }),
                }
            }
        }
        Err(error) => out.push(Input::Failed {
            name: p.to_string_lossy().into_owned(),
            error,
        }),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const L: ListLimits = ListLimits { max_entries: 1000 };

    #[test]
    fn missing_files_are_kept_as_failures_in_order() {
        let v = expand(&["-".into(), "/no/such/file.txt".into()], &L);
        assert!(matches!(v[0], Input::Stdin));
        assert!(
            matches!(&v[1], Input::Failed { name, error: Error::NotFound } if name == "/no/such/file.txt")
        );
    }

    #[test]
    fn links_never_lead_out_of_the_folder_and_every_skip_is_listed() {
        let dir = tempfile::tempdir().unwrap();
        let d = dir.path();
        std::fs::write(d.join("a.txt"), b"a").unwrap();
        std::fs::create_dir(d.join("sub")).unwrap();
        std::fs::write(d.join("sub/b.txt"), b"b").unwrap();
        std::fs::write(d.join(".hidden"), b"h").unwrap();
        let ln = |t: &str, l: &str| std::os::unix::fs::symlink(t, d.join(l)).unwrap();
        ln("/", "root");
        ln("/etc/hostname", "outside.txt");
        ln("a.txt", "inside.txt");
        ln("nowhere", "broken.txt");
        ln("loop1", "loop2");
        ln("loop2", "loop1");
        ln("sub", "again");
        let v = expand(&[d.as_os_str().to_owned()], &L);
        let names: Vec<(String, String)> = v
            .iter()
            .map(|i| {
                let n = i.name();
                let base = n.rsplit('/').next().unwrap_or("").to_owned();
                let what = match i {
                    Input::File { .. } => "file".to_owned(),
                    Input::Failed { error, .. } => format!("{error:?}"),
                    _ => "other".to_owned(),
                };
                (base, what)
            })
            .collect();
        let get = |b: &str| {
            names
                .iter()
                .find(|(n, _)| n == b)
                .map(|(_, w)| w.clone())
                .unwrap_or_else(|| panic!("{b} not listed: {names:?}"))
        };
        assert_eq!(get("a.txt"), "file");
        assert_eq!(get("b.txt"), "file");
        assert_eq!(get("inside.txt"), "file");
        assert!(get(".hidden").contains("Hidden"));
        assert!(get("root").contains("LinkOutside"), "{names:?}");
        assert!(get("outside.txt").contains("LinkOutside"));
        assert!(get("broken.txt").contains("BrokenLink"));
        assert!(get("loop1").contains("BrokenLink"));
        assert!(get("again").contains("LinkToFolder"));
        assert_eq!(names.len(), 10, "{names:?}");
    }
}
