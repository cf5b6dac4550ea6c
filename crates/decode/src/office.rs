//! Legacy office files (DOC, WPS, ET, XLS, ODT, ODS, RTF): converted by LibreOffice to
//! DOCX/XLSX first, then read by `docx.rs` / `xlsx.rs`.
//!
//! Each call runs `soffice --headless --convert-to` in a private temporary folder with its own
//! user profile (parallel instances sharing a profile fail), in its own process group so that a
//! timeout kills `soffice.bin` too, not only the `soffice` launcher script. The folder is
//! removed whatever happens. Text documents go to DOCX and spreadsheets to XLSX, decided by the
//! content: the stream names of an OLE compound file (`WordDocument`, `Workbook`, `Book`), the
//! `mimetype` of an OpenDocument package.

use crate::document::{Document, Notice};
use crate::error::{DecodeError, Limit, Tool, Unsupported};
use crate::tools::{self, RunError};
use crate::{Format, Options};
use std::ffi::OsStr;
use std::path::Path;

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
pub fn decode(bytes: &[u8], format: Format, opts: &Options) -> Result<Document, DecodeError> {
    let (ext, targets) = plan(bytes, format)?;
    convert_and_decode(bytes, ext, targets, format, opts)
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
                return Err(DecodeError::Unsupported(Unsupported::Presentation));
            } else {
                ("odt", DOCX)
            }
        }
        Format::Ole => {
            let has = |name: &str| ole_has_stream(bytes, name);
            if has("EncryptedPackage") || has("EncryptionInfo") {
                return Err(DecodeError::Unsupported(Unsupported::Encrypted));
            }
            if has("WordDocument") {
                ("doc", DOCX)
            } else if has("Workbook") || has("Book") {
                ("xls", XLSX)
            } else if has("PowerPoint Document") {
                return Err(DecodeError::Unsupported(Unsupported::Presentation));
            } else {
                // Works and other writers: let LibreOffice's own detection try both.
                ("bin", EITHER)
            }
        }
        other => return Err(DecodeError::Unsupported(Unsupported::Format(other))),
    })
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

fn convert_and_decode(
    bytes: &[u8],
    ext: &str,
    targets: &[Target],
    format: Format,
    opts: &Options,
) -> Result<Document, DecodeError> {
    // Input, profile, output and LibreOffice's own temporary files: all in one private folder
    // inside the sandbox, removed when this returns (the sandbox's owner removes the rest).
    let tmp = opts.sandbox.temp_dir("office")?;
    let input = tmp.path().join(format!("input.{ext}"));
    std::fs::write(&input, bytes)?;
    let mut failure = None;
    for &target in targets {
        let out = tmp.path().join(format!("out-{}", target.ext()));
        match convert(tmp.path(), &input, &out, target, opts) {
            Ok(converted) => {
                let mut doc = match target {
                    Target::Docx => crate::docx::decode(&converted, &opts.limits),
                    Target::Xlsx => crate::xlsx::decode(&converted, &opts.limits),
                }?;
                doc.format = format;
                doc.notices
                    .push(Notice::ConvertedBy("LibreOffice".to_owned()));
                return Ok(doc);
            }
            // A missing tool or a stop is final; a failed conversion may work as the other kind.
            Err(
                e @ (DecodeError::MissingTool { .. }
                | DecodeError::Timeout { .. }
                | DecodeError::Io { .. }),
            ) => return Err(e),
            Err(e) => failure = Some(e),
        }
    }
    Err(failure.unwrap_or(DecodeError::Unsupported(Unsupported::Format(format))))
}

/// Run one conversion; the converted file's bytes.
fn convert(
    tmp: &Path,
    input: &Path,
    outdir: &Path,
    target: Target,
    opts: &Options,
) -> Result<Vec<u8>, DecodeError> {
    let limits = &opts.limits;
    let profile = tmp.join(format!("profile-{}", target.ext()));
    let lo_tmp = tmp.join("tmp");
    std::fs::create_dir_all(&lo_tmp)?;
    let mut env_arg = std::ffi::OsString::from("-env:UserInstallation=");
    env_arg.push(tools::file_url(&profile));
    let args: Vec<&OsStr> = vec![
        OsStr::new("--headless"),
        OsStr::new("--norestore"),
        OsStr::new("--nologo"),
        OsStr::new("--nolockcheck"),
        &env_arg,
        OsStr::new("--convert-to"),
        OsStr::new(target.filter()),
        OsStr::new("--outdir"),
        outdir.as_os_str(),
        input.as_os_str(),
    ];
    let timeout = limits.tool_timeout;
    // LibreOffice's own temporary files (`lu*.tmp`) follow TMPDIR: into this folder too.
    let env = [("TMPDIR", lo_tmp.as_os_str()), ("HOME", tmp.as_os_str())];
    let run = tools::run(opts, Tool::Soffice, &args, &env, None, timeout, 1 << 20);
    let out = match run {
        Ok(out) => out,
        // LibreOffice prints little; more is a runaway, not a conversion.
        Err(RunError::TooMuchOutput) => {
            return Err(DecodeError::too_large(Limit::ToolOutput, 1 << 20));
        }
        Err(e) => return Err(e.into_error(Tool::Soffice, timeout, 1 << 20)),
    };
    let stem = input
        .file_stem()
        .map_or_else(Default::default, |s| s.to_owned());
    let mut produced = outdir.join(stem);
    produced.set_extension(target.ext());
    match std::fs::metadata(&produced) {
        Ok(m) if m.len() > limits.max_bytes as u64 => {
            Err(DecodeError::too_large(Limit::Bytes, limits.max_bytes))
        }
        Ok(_) => Ok(std::fs::read(&produced)?),
        Err(_) => {
            let why = String::from_utf8_lossy(&out.stderr);
            let why = why
                .lines()
                .filter(|l| !l.contains("javaldx"))
                .collect::<Vec<_>>()
                .join("\n");
            Err(DecodeError::ToolFailed {
                tool: Tool::Soffice,
                status: tools::status_text(out.status),
                stderr: tools::summary(why.as_bytes()),
            })
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ErrorKind;
    use std::time::{Duration, Instant};

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
        assert_eq!(plan_of(&["WordDocument", "1Table"]).unwrap(), "doc");
        assert_eq!(plan_of(&["Workbook"]).unwrap(), "xls");
        assert_eq!(plan_of(&["Book"]).unwrap(), "xls");
        assert_eq!(plan_of(&["CONTENTS"]).unwrap(), "bin");
        // A prefix is not the name.
        assert_eq!(plan_of(&["WordDocumentX"]).unwrap(), "bin");
        assert!(matches!(
            plan_of(&["EncryptedPackage"]),
            Err(DecodeError::Unsupported(Unsupported::Encrypted))
        ));
        assert!(matches!(
            plan_of(&["PowerPoint Document"]),
            Err(DecodeError::Unsupported(Unsupported::Presentation))
        ));
    }

    #[test]
    fn opendocument_kinds() {
        let ods = b"PK\x03\x04....mimetypeapplication/vnd.oasis.opendocument.spreadsheet";
        assert_eq!(plan(ods, Format::Odt).map(|p| p.0).unwrap(), "ods");
        let odt = b"PK\x03\x04....mimetypeapplication/vnd.oasis.opendocument.text";
        assert_eq!(plan(odt, Format::Odt).map(|p| p.0).unwrap(), "odt");
    }

    fn with_soffice(path: &Path) -> Options {
        let mut o = Options::default();
        o.tools.soffice = path.to_owned();
        o
    }

    #[test]
    fn a_missing_tool_is_named() {
        let o = with_soffice(Path::new("/nonexistent/soffice"));
        let e = decode(b"{\\rtf1 x}", Format::Rtf, &o).unwrap_err();
        assert!(
            matches!(
                e,
                DecodeError::MissingTool {
                    tool: Tool::Soffice,
                    ..
                }
            ),
            "{e:?}"
        );
        assert_eq!(e.kind(), ErrorKind::MissingTool);
        assert!(
            std::error::Error::source(&e).is_some(),
            "the spawn error is kept"
        );
    }

    /// A converter that hangs, with a child of its own (as `soffice` has `soffice.bin`): the
    /// whole process group is killed at the timeout, and the private folder is gone.
    #[test]
    fn a_hanging_converter_is_killed_with_its_children() {
        use std::os::unix::fs::PermissionsExt;
        let base = std::env::temp_dir().join(format!("gongkai-office-test-{}", std::process::id()));
        std::fs::create_dir_all(&base).unwrap();
        let pid_file = base.join("child.pid");
        let script = base.join("soffice");
        std::fs::write(
            &script,
            format!(
                "#!/bin/sh\nsleep 60 &\necho $! > '{}'\nwait\n",
                pid_file.display()
            ),
        )
        .unwrap();
        std::fs::set_permissions(&script, std::fs::Permissions::from_mode(0o755)).unwrap();
        let sandbox_dir = base.join("sandbox");
        std::fs::create_dir_all(&sandbox_dir).unwrap();
        let mut o = with_soffice(&script);
        o.sandbox = crate::Sandbox::new(&sandbox_dir);
        o.limits.tool_timeout = Duration::from_millis(500);
        let started = Instant::now();
        let e = decode(b"{\\rtf1 x}", Format::Rtf, &o).unwrap_err();
        assert!(
            matches!(
                e,
                DecodeError::Timeout {
                    tool: Some(Tool::Soffice),
                    ..
                }
            ),
            "{e:?}"
        );
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
        let left: Vec<_> = std::fs::read_dir(&sandbox_dir).unwrap().collect();
        assert!(left.is_empty(), "private folder left behind: {left:?}");
        std::fs::remove_dir_all(&base).unwrap();
    }
}
