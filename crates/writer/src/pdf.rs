//! PDF through LibreOffice: the DOCX converted by `soffice --headless --convert-to pdf` in a
//! private temporary folder with its own user profile (parallel instances sharing a profile
//! fail), in its own process group so that a timeout also kills `soffice.bin`, not only the
//! launcher script. The DOCX sets its table widths to the text width, so nothing is clipped.
//!
//! The program, the folder and the time allowed are arguments: the library reads no
//! environment (the CLI finds `soffice` on `PATH` or in `GONGKAI_SOFFICE`).

use std::fmt;
use std::io;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

/// How to run LibreOffice.
#[derive(Clone, Debug)]
pub struct PdfOptions {
    /// The `soffice` program (a path, or a name looked up on `PATH` by the OS).
    pub soffice: PathBuf,
    /// Where the private temporary folder is made.
    pub temp_parent: PathBuf,
    /// Longest conversion.
    pub timeout: Duration,
}

/// Why no PDF was made.
#[derive(Debug)]
pub enum PdfError {
    /// `soffice` could not be started (not installed, not executable).
    Missing { program: PathBuf, source: io::Error },
    /// The conversion took longer than allowed; LibreOffice was stopped.
    Timeout { after: Duration },
    /// LibreOffice ended without writing the PDF.
    Failed { status: Option<i32>, stderr: String },
    /// The temporary folder or its files.
    Io(io::Error),
}

impl fmt::Display for PdfError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            PdfError::Missing { program, source } => write!(
                f,
                "cannot run LibreOffice ({}): {source}",
                program.display()
            ),
            PdfError::Timeout { after } => {
                write!(f, "LibreOffice did not finish within {} s", after.as_secs())
            }
            PdfError::Failed { status, stderr } => {
                write!(f, "LibreOffice wrote no PDF (exit status {status:?})")?;
                if !stderr.trim().is_empty() {
                    write!(f, ": {}", stderr.trim())?;
                }
                Ok(())
            }
            PdfError::Io(e) => write!(f, "temporary files: {e}"),
        }
    }
}

impl std::error::Error for PdfError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            PdfError::Missing { source, .. } | PdfError::Io(source) => Some(source),
            _ => None,
        }
    }
}

impl From<io::Error> for PdfError {
    fn from(e: io::Error) -> Self {
        PdfError::Io(e)
    }
}

/// A `file://` URL for a local path (LibreOffice's `-env:UserInstallation` wants one).
fn file_url(p: &Path) -> String {
    let mut s = String::from("file://");
    for b in p.to_string_lossy().bytes() {
        match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'/' | b'-' | b'_' | b'.' | b'~' => {
                s.push(char::from(b));
            }
            _ => s.push_str(&format!("%{b:02X}")),
        }
    }
    s
}

/// SIGKILL to a whole process group (LibreOffice's launcher leaves `soffice.bin` behind).
fn kill_group(id: u32) {
    if let Some(pid) = i32::try_from(id)
        .ok()
        .and_then(rustix::process::Pid::from_raw)
    {
        let _ = rustix::process::kill_process_group(pid, rustix::process::Signal::KILL);
    }
}

/// Convert DOCX bytes to PDF bytes with LibreOffice.
pub fn docx_to_pdf(docx: &[u8], opts: &PdfOptions) -> Result<Vec<u8>, PdfError> {
    use std::os::unix::process::CommandExt;
    let tmp = tempfile::Builder::new()
        .prefix("gongkai-writer-")
        .tempdir_in(&opts.temp_parent)?;
    let dir = tmp.path();
    let input = dir.join("report.docx");
    std::fs::write(&input, docx)?;
    let out_dir = dir.join("out");
    let lo_tmp = dir.join("tmp");
    std::fs::create_dir_all(&out_dir)?;
    std::fs::create_dir_all(&lo_tmp)?;
    let stderr_path = dir.join("stderr.txt");
    let stderr = std::fs::File::create(&stderr_path)?;
    let mut profile = std::ffi::OsString::from("-env:UserInstallation=");
    profile.push(file_url(&dir.join("profile")));
    let mut child = Command::new(&opts.soffice)
        .arg("--headless")
        .arg("--norestore")
        .arg("--nologo")
        .arg("--nolockcheck")
        .arg(&profile)
        .arg("--convert-to")
        .arg("pdf:writer_pdf_Export")
        .arg("--outdir")
        .arg(&out_dir)
        .arg(&input)
        .env("TMPDIR", &lo_tmp)
        .env("HOME", dir)
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::from(stderr))
        .process_group(0)
        .spawn()
        .map_err(|source| PdfError::Missing {
            program: opts.soffice.clone(),
            source,
        })?;
    let group = child.id();
    let start = Instant::now();
    let status = loop {
        match child.try_wait() {
            Ok(Some(status)) => break status,
            Ok(None) if start.elapsed() >= opts.timeout => {
                kill_group(group);
                let _ = child.wait();
                return Err(PdfError::Timeout {
                    after: opts.timeout,
                });
            }
            Ok(None) => std::thread::sleep(Duration::from_millis(50)),
            Err(e) => {
                kill_group(group);
                return Err(PdfError::Io(e));
            }
        }
    };
    // Helpers left in the group go with it.
    kill_group(group);
    match std::fs::read(out_dir.join("report.pdf")) {
        Ok(pdf) if pdf.starts_with(b"%PDF") => Ok(pdf),
        _ => {
            let err = std::fs::read_to_string(&stderr_path).unwrap_or_default();
            let err: String = err
                .lines()
                .filter(|l| !l.contains("javaldx"))
                .collect::<Vec<_>>()
                .join("\n")
                .chars()
                .take(2000)
                .collect();
            Err(PdfError::Failed {
                status: status.code(),
                stderr: err,
            })
        }
    }
}
