//! Reading one input into memory, once, within the budget.
//!
//! Every file is opened non-blocking and checked with `fstat` on the open descriptor (not the
//! path, which may change in between): devices and sockets are refused; regular files and
//! pipes are read up to the byte limit plus one (the size a file reports is never trusted:
//! `/proc` files say 0); a pipe or FIFO that gives no data for the read timeout is abandoned,
//! so a FIFO without a writer never blocks the batch. Entries found by walking a folder are
//! opened without following a link, so a file swapped for a link after the walk is not read.

use crate::error::{Error, FileKind};
use gongkai_decode::Limit;
use rustix::fs::{FileType, Mode, OFlags};
use std::io::{ErrorKind as IoKind, Read};
use std::path::Path;
use std::time::{Duration, Instant};

/// What one read may take.
#[derive(Clone, Copy, Debug)]
pub(crate) struct ReadLimits {
    pub max_bytes: usize,
    /// Longest wait for the next bytes from a pipe or FIFO.
    pub idle: Duration,
}

/// Read a file. `follow`: whether a symbolic link at `path` itself is followed.
pub(crate) fn read_path(path: &Path, follow: bool, l: ReadLimits) -> Result<Vec<u8>, Error> {
    let mut flags = OFlags::RDONLY | OFlags::NONBLOCK | OFlags::CLOEXEC | OFlags::NOCTTY;
    if !follow {
        flags |= OFlags::NOFOLLOW;
    }
    let fd = rustix::fs::open(path, flags, Mode::empty()).map_err(|e| {
        let e = std::io::Error::from(e);
        // A link where a file was expected (O_NOFOLLOW): ELOOP.
        if e.raw_os_error() == Some(rustix::io::Errno::LOOP.raw_os_error()) {
            Error::Skipped(crate::error::Skip::BrokenLink)
        } else {
            Error::from(e)
        }
    })?;
    let stat = rustix::fs::fstat(&fd).map_err(std::io::Error::from)?;
    let kind = FileType::from_raw_mode(stat.st_mode);
    match kind {
        FileType::RegularFile | FileType::Fifo => {}
        FileType::Directory => return Err(Error::NotRegular(FileKind::Directory)),
        FileType::CharacterDevice => return Err(Error::NotRegular(FileKind::CharDevice)),
        FileType::BlockDevice => return Err(Error::NotRegular(FileKind::BlockDevice)),
        FileType::Socket => return Err(Error::NotRegular(FileKind::Socket)),
        _ => return Err(Error::NotRegular(FileKind::Other)),
    }
    // A size above the limit is refused without reading; a smaller one is not trusted (`/proc`
    // files say 0): the cap holds while reading.
    let size = usize::try_from(stat.st_size).unwrap_or(usize::MAX);
    if kind == FileType::RegularFile && size > l.max_bytes {
        return Err(too_large(l.max_bytes));
    }
    let file = std::fs::File::from(fd);
    read_capped(file, kind == FileType::Fifo, size, l)
}

/// Read standard input (blocking: it is what the user asked for), within the byte limit.
pub(crate) fn read_stdin(l: ReadLimits) -> Result<Vec<u8>, Error> {
    let mut buf = Vec::new();
    let cap = u64::try_from(l.max_bytes).unwrap_or(u64::MAX);
    std::io::stdin()
        .lock()
        .take(cap.saturating_add(1))
        .read_to_end(&mut buf)?;
    if buf.len() > l.max_bytes {
        return Err(too_large(l.max_bytes));
    }
    Ok(buf)
}

pub(crate) fn too_large(max: usize) -> Error {
    Error::TooLarge {
        limit: Limit::Bytes,
        max: u64::try_from(max).unwrap_or(u64::MAX),
    }
}

/// Read to the end from a non-blocking descriptor, at most `max_bytes`, waiting at most `idle`
/// for each next piece. A FIFO at end of file before any byte came has no writer yet: it is
/// waited for like a slow writer.
fn read_capped(mut f: impl Read, fifo: bool, size: usize, l: ReadLimits) -> Result<Vec<u8>, Error> {
    let mut buf: Vec<u8> = Vec::with_capacity(size.min(l.max_bytes).saturating_add(1));
    let mut chunk = vec![0u8; 64 * 1024];
    let mut last = Instant::now();
    let mut pause = Duration::from_millis(1);
    loop {
        match f.read(&mut chunk) {
            Ok(0) if fifo && buf.is_empty() => {}
            Ok(0) => return Ok(buf),
            Ok(n) => {
                if buf.len() + n > l.max_bytes {
                    return Err(too_large(l.max_bytes));
                }
                buf.extend_from_slice(&chunk[..n]);
                last = Instant::now();
                pause = Duration::from_millis(1);
                continue;
            }
            Err(e) if e.kind() == IoKind::Interrupted => continue,
            Err(e) if e.kind() == IoKind::WouldBlock => {}
            Err(e) => return Err(Error::Io(e)),
        }
        // No data now: wait a little, up to the idle limit.
        if last.elapsed() >= l.idle {
            return Err(Error::Timeout { after: l.idle });
        }
        std::thread::sleep(pause);
        pause = (pause * 2).min(Duration::from_millis(50));
    }
}

/// The first bytes of a regular file (to tell an archive), `None` for anything else.
pub(crate) fn head_of_regular(path: &Path, follow: bool, n: usize) -> Option<Vec<u8>> {
    let mut flags = OFlags::RDONLY | OFlags::NONBLOCK | OFlags::CLOEXEC | OFlags::NOCTTY;
    if !follow {
        flags |= OFlags::NOFOLLOW;
    }
    let fd = rustix::fs::open(path, flags, Mode::empty()).ok()?;
    let stat = rustix::fs::fstat(&fd).ok()?;
    if FileType::from_raw_mode(stat.st_mode) != FileType::RegularFile {
        return None;
    }
    let mut buf = Vec::with_capacity(n.min(1 << 20));
    std::fs::File::from(fd)
        .take(u64::try_from(n).unwrap_or(u64::MAX))
        .read_to_end(&mut buf)
        .ok()?;
    Some(buf)
}

#[cfg(test)]
mod tests {
    use super::*;

    const L: ReadLimits = ReadLimits {
        max_bytes: 1000,
        idle: Duration::from_millis(300),
    };

    #[test]
    fn devices_are_refused_and_proc_files_capped() {
        assert!(matches!(
            read_path(Path::new("/dev/zero"), true, L),
            Err(Error::NotRegular(FileKind::CharDevice))
        ));
        // Says 0 bytes, has more: the cap holds whatever the size says.
        let r = read_path(
            Path::new("/proc/self/maps"),
            true,
            ReadLimits { max_bytes: 10, ..L },
        );
        assert!(matches!(r, Err(Error::TooLarge { .. })), "{r:?}");
        assert!(matches!(
            read_path(Path::new("/"), true, L),
            Err(Error::NotRegular(FileKind::Directory))
        ));
    }

    #[test]
    fn a_fifo_without_writer_times_out() {
        let dir = tempfile::tempdir().unwrap();
        let fifo = dir.path().join("f");
        let ok = std::process::Command::new("mkfifo").arg(&fifo).status();
        assert!(ok.is_ok_and(|s| s.success()));
        let start = Instant::now();
        let r = read_path(&fifo, true, L);
        assert!(matches!(r, Err(Error::Timeout { .. })), "{r:?}");
        assert!(start.elapsed() < Duration::from_secs(3));
    }

    #[test]
    fn a_link_is_not_followed_when_asked_not_to() {
        let dir = tempfile::tempdir().unwrap();
        let target = dir.path().join("t.txt");
        std::fs::write(&target, b"x").unwrap();
        let link = dir.path().join("l.txt");
        std::os::unix::fs::symlink(&target, &link).unwrap();
        assert_eq!(read_path(&link, true, L).unwrap(), b"x");
        assert!(read_path(&link, false, L).is_err());
    }
}
