//! Legacy office files (DOC, WPS, ET, XLS, ODT, ODS, RTF): converted by LibreOffice to
//! DOCX/XLSX first, then read by `docx.rs` / `xlsx.rs`.
//!
//! Each call runs `soffice --headless --convert-to` in a private temporary folder with its own
//! user profile (parallel instances sharing a profile fail), in its own process group so that a
//! timeout kills `soffice.bin` too, not only the `soffice` launcher script. The folder is
//! removed whatever happens. Text documents go to DOCX and spreadsheets to XLSX, decided by the
//! content: the stream names of an OLE compound file (`WordDocument`, `Workbook`, `Book`), the
//! `mimetype` of an OpenDocument package.

use crate::{DecodeError, Document, ErrorKind, Format, Limits, Notice};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, Instant};

/// Longest a conversion may take. A report converts in one or two seconds; a document that
/// makes LibreOffice hang (or ask for a password) must not stop a batch.
const TIMEOUT: Duration = Duration::from_secs(120);

/// The Debian packages that provide `soffice` for text documents and for spreadsheets.
const PACKAGES: &str = "libreoffice-writer-nogui libreoffice-calc-nogui";

/// What LibreOffice should turn a file into.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Target {
    Docx,
    Xlsx,
}

impl Target {
    fn ext(self) -> &'static str {
        match self {
            Target::Docx => "docx",
            Target::Xlsx => "xlsx",
        }
    }

    /// The export filter, named so that LibreOffice never picks another one by the extension.
    fn filter(self) -> &'static str {
        match self {
            Target::Docx => "docx:MS Word 2007 XML",
            Target::Xlsx => "xlsx:Calc MS Excel 2007 XML",
        }
    }
}

/// Convert and read a legacy office file.
pub fn decode(bytes: &[u8], format: Format, limits: &Limits) -> Result<Document, DecodeError> {
    let (ext, targets) = plan(bytes, format)?;
    let soffice = find_soffice().ok_or_else(|| {
        DecodeError::new(
            ErrorKind::MissingTool,
            format!(
                "读取 {} 文件需要 LibreOffice（soffice），但未找到；请安装 Debian 软件包 {PACKAGES} (LibreOffice is needed to read this format: apt-get install {PACKAGES})",
                format.as_str()
            ),
        )
    })?;
    convert_and_decode(&soffice, bytes, ext, targets, format, limits, TIMEOUT)
}

/// The file name extension LibreOffice is given and the conversions to try, in order.
fn plan(bytes: &[u8], format: Format) -> Result<(&'static str, &'static [Target]), DecodeError> {
    const DOCX: &[Target] = &[Target::Docx];
    const XLSX: &[Target] = &[Target::Xlsx];
    const EITHER: &[Target] = &[Target::Docx, Target::Xlsx];
    Ok(match format {
        Format::Rtf => ("rtf", DOCX),
        Format::Odt => {
            let head = &bytes[..bytes.len().min(4096)];
            if memchr::memmem::find(head, b"opendocument.spreadsheet").is_some() {
                ("ods", XLSX)
            } else if memchr::memmem::find(head, b"opendocument.presentation").is_some() {
                return Err(unsupported("演示文稿 (presentation)"));
            } else {
                ("odt", DOCX)
            }
        }
        Format::Ole => {
            let has = |name: &str| ole_has_stream(bytes, name);
            if has("EncryptedPackage") || has("EncryptionInfo") {
                return Err(DecodeError::new(
                    ErrorKind::Unsupported,
                    "文档已加密，无法读取 (the document is encrypted)",
                ));
            }
            if has("WordDocument") {
                ("doc", DOCX)
            } else if has("Workbook") || has("Book") {
                ("xls", XLSX)
            } else if has("PowerPoint Document") {
                return Err(unsupported("演示文稿 (presentation)"));
            } else {
                // Works and other writers: let LibreOffice's own detection try both.
                ("bin", EITHER)
            }
        }
        other => return Err(unsupported(other.as_str())),
    })
}

fn unsupported(what: &str) -> DecodeError {
    DecodeError::new(
        ErrorKind::Unsupported,
        format!("暂不支持的格式：{what} (not a report format)"),
    )
}

/// Whether an OLE compound file has a stream named `name`. Directory entries are 128 bytes,
/// aligned on 128 within the file whatever the sector size: the UTF-16 name at 0, its length
/// in bytes (with the terminator) at 64, the object type (2 = stream) at 66.
fn ole_has_stream(bytes: &[u8], name: &str) -> bool {
    let want: Vec<u8> = name.encode_utf16().flat_map(u16::to_le_bytes).collect();
    let len = want.len() + 2;
    bytes
        .chunks_exact(128)
        .skip(4) // the 512-byte header
        .any(|e| {
            e.starts_with(&want)
                && usize::from(u16::from_le_bytes([e[64], e[65]])) == len
                && e[66] == 2
        })
}

/// `soffice` on the PATH, else where Debian and the LibreOffice packages put it.
fn find_soffice() -> Option<PathBuf> {
    let on_path = std::env::var_os("PATH").and_then(|paths| {
        std::env::split_paths(&paths)
            .map(|d| d.join("soffice"))
            .find(|p| is_executable(p))
    });
    on_path.or_else(|| {
        [
            "/usr/bin/soffice",
            "/usr/lib/libreoffice/program/soffice",
            "/opt/libreoffice/program/soffice",
        ]
        .into_iter()
        .map(PathBuf::from)
        .find(|p| is_executable(p))
    })
}

fn is_executable(p: &Path) -> bool {
    use std::os::unix::fs::PermissionsExt;
    std::fs::metadata(p).is_ok_and(|m| m.is_file() && m.permissions().mode() & 0o111 != 0)
}

/// A private temporary folder, removed on drop.
struct TempDir(PathBuf);

impl TempDir {
    fn new() -> Result<TempDir, DecodeError> {
        static COUNTER: AtomicU64 = AtomicU64::new(0);
        let base = std::env::temp_dir();
        let nanos = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map_or(0, |d| d.subsec_nanos());
        let mut last = None;
        for _ in 0..16 {
            let n = COUNTER.fetch_add(1, Ordering::Relaxed);
            let dir = base.join(format!("gongkai-office-{}-{n}-{nanos}", std::process::id()));
            // `create_dir`, not `create_dir_all`: the folder must be new (and ours).
            match std::fs::create_dir(&dir) {
                Ok(()) => return Ok(TempDir(dir)),
                Err(e) => last = Some(e),
            }
        }
        Err(io_error("临时目录", last))
    }
}

impl Drop for TempDir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

fn io_error(what: &str, e: Option<std::io::Error>) -> DecodeError {
    let e = e.map_or_else(String::new, |e| e.to_string());
    DecodeError::new(
        ErrorKind::Io,
        format!("无法创建{what}以调用 LibreOffice (I/O error: {e})"),
    )
}

fn convert_and_decode(
    soffice: &Path,
    bytes: &[u8],
    ext: &str,
    targets: &[Target],
    format: Format,
    limits: &Limits,
    timeout: Duration,
) -> Result<Document, DecodeError> {
    let tmp = TempDir::new()?;
    let input = tmp.0.join(format!("input.{ext}"));
    std::fs::write(&input, bytes).map_err(|e| io_error("临时文件", Some(e)))?;
    let mut failure = None;
    for &target in targets {
        let out = tmp.0.join(format!("out-{}", target.ext()));
        match convert(soffice, &tmp.0, &input, &out, target, limits, timeout) {
            Ok(converted) => {
                let mut doc = match target {
                    Target::Docx => crate::docx::decode(&converted, limits),
                    Target::Xlsx => crate::xlsx::decode(&converted, limits),
                }?;
                doc.format = format;
                doc.notices
                    .push(Notice::ConvertedBy("LibreOffice".to_owned()));
                return Ok(doc);
            }
            Err(e) => failure = Some(e),
        }
    }
    Err(failure.unwrap_or_else(|| unsupported(format.as_str())))
}

/// Run one conversion; the converted file's bytes.
fn convert(
    soffice: &Path,
    tmp: &Path,
    input: &Path,
    outdir: &Path,
    target: Target,
    limits: &Limits,
    timeout: Duration,
) -> Result<Vec<u8>, DecodeError> {
    use std::os::unix::process::CommandExt;
    let profile = tmp.join(format!("profile-{}", target.ext()));
    let log = tmp.join(format!("soffice-{}.log", target.ext()));
    let log_file = std::fs::File::create(&log).map_err(|e| io_error("日志文件", Some(e)))?;
    let mut cmd = Command::new(soffice);
    cmd.arg("--headless")
        .arg("--norestore")
        .arg("--nologo")
        .arg("--nolockcheck")
        .arg(format!(
            "-env:UserInstallation=file://{}",
            profile.display()
        ))
        .arg("--convert-to")
        .arg(target.filter())
        .arg("--outdir")
        .arg(outdir)
        .arg(input)
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::from(log_file))
        // Its own process group: on timeout the whole group (soffice.bin too) is killed.
        .process_group(0);
    let mut child = cmd.spawn().map_err(|e| {
        DecodeError::new(
            ErrorKind::MissingTool,
            format!(
                "无法启动 LibreOffice（{}）：{e}；请安装 Debian 软件包 {PACKAGES} (could not run soffice)",
                soffice.display()
            ),
        )
    })?;
    let started = Instant::now();
    let status = loop {
        match child.try_wait() {
            Ok(Some(status)) => break Some(status),
            Ok(None) if started.elapsed() < timeout => {
                std::thread::sleep(Duration::from_millis(25));
            }
            _ => {
                kill_group(child.id());
                let _ = child.kill();
                let _ = child.wait();
                break None;
            }
        }
    };
    let Some(status) = status else {
        return Err(DecodeError::new(
            ErrorKind::Corrupt,
            format!(
                "LibreOffice 转换超时（{} 秒） (conversion timed out)",
                timeout.as_secs()
            ),
        ));
    };
    let stem = input
        .file_stem()
        .map_or_else(Default::default, |s| s.to_owned());
    let mut produced = outdir.join(stem);
    produced.set_extension(target.ext());
    match std::fs::metadata(&produced) {
        Ok(m) if m.len() > limits.max_bytes as u64 => Err(DecodeError::new(
            ErrorKind::TooLarge,
            "LibreOffice 转换结果过大 (converted file beyond the size limit; raise --max-size to read it)",
        )),
        Ok(_) => std::fs::read(&produced).map_err(|e| io_error("转换结果", Some(e))),
        Err(_) => {
            let why = std::fs::read_to_string(&log).unwrap_or_default();
            let why = why
                .lines()
                .filter(|l| !l.contains("javaldx"))
                .collect::<Vec<_>>()
                .join(" ");
            let why: String = why.chars().take(300).collect();
            Err(DecodeError::new(
                ErrorKind::Corrupt,
                format!(
                    "LibreOffice 无法转换此文件为 {}（文件可能已损坏） (conversion failed: {status}; {})",
                    target.ext(),
                    why.trim()
                ),
            ))
        }
    }
}

/// Kill a process group by its leader's id, through `kill(1)` (no unsafe `libc` call).
fn kill_group(pid: u32) {
    let _ = Command::new("kill")
        .arg("-KILL")
        .arg("--")
        .arg(format!("-{pid}"))
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status();
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ole_with(names: &[&str]) -> Vec<u8> {
        let mut b = vec![0u8; 512];
        b[..8].copy_from_slice(&[0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1]);
        for name in names {
            let mut e = vec![0u8; 128];
            let utf16: Vec<u8> = name.encode_utf16().flat_map(u16::to_le_bytes).collect();
            e[..utf16.len()].copy_from_slice(&utf16);
            let len = u16::try_from(utf16.len() + 2).unwrap();
            e[64..66].copy_from_slice(&len.to_le_bytes());
            e[66] = 2;
            b.extend(e);
        }
        b
    }

    #[test]
    fn ole_kinds_by_stream_name() {
        let plan_of = |names: &[&str]| plan(&ole_with(names), Format::Ole).map(|p| p.0);
        assert_eq!(plan_of(&["WordDocument", "1Table"]), Ok("doc"));
        assert_eq!(plan_of(&["Workbook"]), Ok("xls"));
        assert_eq!(plan_of(&["Book"]), Ok("xls"));
        assert_eq!(plan_of(&["CONTENTS"]), Ok("bin"));
        // A prefix is not the name.
        assert_eq!(plan_of(&["WordDocumentX"]), Ok("bin"));
        assert_eq!(
            plan_of(&["EncryptedPackage"]).unwrap_err().kind,
            ErrorKind::Unsupported
        );
        assert_eq!(
            plan_of(&["PowerPoint Document"]).unwrap_err().kind,
            ErrorKind::Unsupported
        );
    }

    #[test]
    fn opendocument_kinds() {
        let ods = b"PK\x03\x04....mimetypeapplication/vnd.oasis.opendocument.spreadsheet";
        assert_eq!(plan(ods, Format::Odt).map(|p| p.0), Ok("ods"));
        let odt = b"PK\x03\x04....mimetypeapplication/vnd.oasis.opendocument.text";
        assert_eq!(plan(odt, Format::Odt).map(|p| p.0), Ok("odt"));
    }

    #[test]
    fn a_missing_tool_is_named_with_its_packages() {
        let e = convert_and_decode(
            Path::new("/nonexistent/soffice"),
            b"{\\rtf1 x}",
            "rtf",
            &[Target::Docx],
            Format::Rtf,
            &Limits::default(),
            TIMEOUT,
        )
        .unwrap_err();
        assert_eq!(e.kind, ErrorKind::MissingTool);
        assert!(e.message.contains("libreoffice-writer-nogui"), "{e}");
    }

    /// A converter that hangs, with a child of its own (as `soffice` has `soffice.bin`): the
    /// whole process group is killed at the timeout.
    #[test]
    fn a_hanging_converter_is_killed_with_its_children() {
        use std::os::unix::fs::PermissionsExt;
        let dir = TempDir::new().unwrap();
        let pid_file = dir.0.join("child.pid");
        let script = dir.0.join("soffice");
        std::fs::write(
            &script,
            format!(
                "#!/bin/sh\nsleep 60 &\necho $! > '{}'\nwait\n",
                pid_file.display()
            ),
        )
        .unwrap();
        std::fs::set_permissions(&script, std::fs::Permissions::from_mode(0o755)).unwrap();
        let started = Instant::now();
        let e = convert_and_decode(
            &script,
            b"{\\rtf1 x}",
            "rtf",
            &[Target::Docx],
            Format::Rtf,
            &Limits::default(),
            Duration::from_millis(500),
        )
        .unwrap_err();
        assert_eq!(e.kind, ErrorKind::Corrupt);
        assert!(e.message.contains("超时"), "{e}");
        assert!(started.elapsed() < Duration::from_secs(10));
        let pid = std::fs::read_to_string(&pid_file).unwrap();
        let stat = format!("/proc/{}/stat", pid.trim());
        // Gone, or a zombie waiting for init to reap it; SIGKILL lands asynchronously, so
        // give it a moment.
        let alive = || {
            std::fs::read_to_string(&stat)
                .is_ok_and(|s| s.split_whitespace().nth(2).is_none_or(|st| st != "Z"))
        };
        let deadline = Instant::now() + Duration::from_secs(5);
        while alive() && Instant::now() < deadline {
            std::thread::sleep(Duration::from_millis(20));
        }
        assert!(!alive(), "the converter's child survived the timeout");
    }

    #[test]
    fn temp_dirs_are_removed() {
        let path = {
            let t = TempDir::new().unwrap();
            std::fs::write(t.0.join("f"), b"x").unwrap();
            t.0.clone()
        };
        assert!(!path.exists());
    }
}
