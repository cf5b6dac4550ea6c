//! PDF by one of two programs, whichever is installed (a runtime check, no crate in the
//! build): Chromium printing the HTML (`--headless --print-to-pdf`), else LibreOffice
//! converting the DOCX (`soffice --headless --convert-to pdf`). Each runs in a private
//! temporary folder with its own profile (parallel instances sharing a profile fail), in its
//! own process group so that a timeout also kills the helpers (`soffice.bin`, Chromium's
//! renderers), not only the launcher. Neither installed: [`PdfError::NoTool`].
//!
//! The programs, the folder and the time allowed are arguments: the library reads no
//! environment ([`PdfTools::find`] takes the `PATH` value; the CLI passes it).

use std::ffi::OsStr;
use std::fmt;
use std::io;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

/// The program that makes the PDF.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum PdfEngine {
    /// Chromium prints the HTML rendering.
    Chromium,
    /// LibreOffice converts the DOCX rendering.
    LibreOffice,
}

impl fmt::Display for PdfEngine {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            PdfEngine::Chromium => "Chromium",
            PdfEngine::LibreOffice => "LibreOffice",
        })
    }
}

/// The programs that can make a PDF, where they are (none: not installed).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct PdfTools {
    pub chromium: Option<PathBuf>,
    pub soffice: Option<PathBuf>,
}

/// Names Chromium is installed under (Debian, Ubuntu/Fedora, Google's build).
const CHROMIUM_NAMES: [&str; 4] = [
    "chromium",
    "chromium-browser",
    "google-chrome",
    "google-chrome-stable",
];
const SOFFICE_NAMES: [&str; 2] = ["soffice", "libreoffice"];
/// Where the programs are when not on the `PATH`.
const EXTRA_DIRS: [&str; 3] = [
    "/usr/bin",
    "/usr/lib/libreoffice/program",
    "/opt/libreoffice/program",
];

fn is_executable(p: &Path) -> bool {
    use std::os::unix::fs::PermissionsExt;
    std::fs::metadata(p).is_ok_and(|m| m.is_file() && m.permissions().mode() & 0o111 != 0)
}

impl PdfTools {
    /// The programs found in the directories of `path_var` (a `PATH` value), then in
    /// `/usr/bin` and where LibreOffice installs itself.
    pub fn find(path_var: Option<&OsStr>) -> PdfTools {
        let dirs: Vec<PathBuf> = path_var
            .map_or_else(Vec::new, |p| std::env::split_paths(p).collect())
            .into_iter()
            .chain(EXTRA_DIRS.iter().map(PathBuf::from))
            .collect();
        let first = |names: &[&str]| {
            dirs.iter()
                .flat_map(|d| names.iter().map(move |n| d.join(n)))
                .find(|p| is_executable(p))
        };
        PdfTools {
            chromium: first(&CHROMIUM_NAMES),
            soffice: first(&SOFFICE_NAMES),
        }
    }

    /// The engine a PDF is made with: Chromium if installed, else LibreOffice.
    pub fn engine(&self) -> Option<PdfEngine> {
        if self.chromium.is_some() {
            Some(PdfEngine::Chromium)
        } else if self.soffice.is_some() {
            Some(PdfEngine::LibreOffice)
        } else {
            None
        }
    }
}

/// How to make a PDF.
#[derive(Clone, Debug)]
pub struct PdfOptions {
    pub tools: PdfTools,
    /// Where the private temporary folder is made.
    pub temp_parent: PathBuf,
    /// Longest conversion.
    pub timeout: Duration,
}

/// Why no PDF was made.
#[derive(Debug)]
pub enum PdfError {
    /// Neither Chromium nor LibreOffice is installed.
    NoTool,
    /// The program could not be started (not executable, vanished).
    Missing { program: PathBuf, source: io::Error },
    /// The conversion took longer than allowed; the program was stopped.
    Timeout { engine: PdfEngine, after: Duration },
    /// The program ended without writing the PDF.
    Failed {
        engine: PdfEngine,
        status: Option<i32>,
        stderr: String,
    },
    /// The temporary folder or its files.
    Io(io::Error),
}

impl fmt::Display for PdfError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            PdfError::NoTool => write!(
                f,
                "no program to make a PDF: install Chromium (`chromium`) or LibreOffice (`soffice`)"
            ),
            PdfError::Missing { program, source } => {
                write!(f, "cannot run {}: {source}", program.display())
            }
            PdfError::Timeout { engine, after } => {
                write!(f, "{engine} did not finish within {} s", after.as_secs())
            }
            PdfError::Failed {
                engine,
                status,
                stderr,
            } => {
                write!(f, "{engine} wrote no PDF (exit status {status:?})")?;
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

/// A program run in `dir` (its HOME and TMPDIR), in its own process group, stopped after
/// `timeout`; the PDF it wrote to `out`.
fn run(
    engine: PdfEngine,
    mut cmd: Command,
    dir: &Path,
    out: &Path,
    program: &Path,
    timeout: Duration,
) -> Result<Vec<u8>, PdfError> {
    use std::os::unix::process::CommandExt;
    let lo_tmp = dir.join("tmp");
    std::fs::create_dir_all(&lo_tmp)?;
    let stderr_path = dir.join("stderr.txt");
    let stderr = std::fs::File::create(&stderr_path)?;
    let mut child = cmd
        .env("TMPDIR", &lo_tmp)
        .env("HOME", dir)
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::from(stderr))
        .process_group(0)
        .spawn()
        .map_err(|source| PdfError::Missing {
            program: program.to_owned(),
            source,
        })?;
    let group = child.id();
    let start = Instant::now();
    let status = loop {
        match child.try_wait() {
            Ok(Some(status)) => break status,
            Ok(None) if start.elapsed() >= timeout => {
                kill_group(group);
                let _ = child.wait();
                return Err(PdfError::Timeout {
                    engine,
                    after: timeout,
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
    match std::fs::read(out) {
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
                engine,
                status: status.code(),
                stderr: err,
            })
        }
    }
}

fn temp_dir(opts: &PdfOptions) -> io::Result<tempfile::TempDir> {
    tempfile::Builder::new()
        .prefix("gongkai-writer-")
        .tempdir_in(&opts.temp_parent)
}

/// Convert DOCX bytes to PDF bytes with LibreOffice (`opts.tools.soffice`).
pub fn docx_to_pdf(docx: &[u8], opts: &PdfOptions) -> Result<Vec<u8>, PdfError> {
    let soffice = opts.tools.soffice.as_deref().ok_or(PdfError::NoTool)?;
    let tmp = temp_dir(opts)?;
    let dir = tmp.path();
    let input = dir.join("report.docx");
    std::fs::write(&input, docx)?;
    let out_dir = dir.join("out");
    std::fs::create_dir_all(&out_dir)?;
    let mut profile = std::ffi::OsString::from("-env:UserInstallation=");
    profile.push(file_url(&dir.join("profile")));
    let mut cmd = Command::new(soffice);
    cmd.arg("--headless")
        .arg("--norestore")
        .arg("--nologo")
        .arg("--nolockcheck")
        .arg(&profile)
        .arg("--convert-to")
        .arg("pdf:writer_pdf_Export")
        .arg("--outdir")
        .arg(&out_dir)
        .arg(&input);
    run(
        PdfEngine::LibreOffice,
        cmd,
        dir,
        &out_dir.join("report.pdf"),
        soffice,
        opts.timeout,
    )
}

/// Print an HTML page to PDF bytes with Chromium (`opts.tools.chromium`): A4 as the page's
/// `@page` rule sets it, no header or footer of the browser's own.
pub fn html_to_pdf(html: &str, opts: &PdfOptions) -> Result<Vec<u8>, PdfError> {
    let chromium = opts.tools.chromium.as_deref().ok_or(PdfError::NoTool)?;
    let tmp = temp_dir(opts)?;
    let dir = tmp.path();
    let input = dir.join("report.html");
    std::fs::write(&input, html)?;
    let out = dir.join("report.pdf");
    let mut print_to = std::ffi::OsString::from("--print-to-pdf=");
    print_to.push(&out);
    let mut profile = std::ffi::OsString::from("--user-data-dir=");
    profile.push(dir.join("profile"));
    let mut cmd = Command::new(chromium);
    cmd.arg("--headless")
        // The sandbox needs user namespaces, which containers and root often lack; the page
        // is our own HTML, with no script and nothing fetched.
        .arg("--no-sandbox")
        .arg("--disable-gpu")
        .arg("--no-first-run")
        .arg("--disable-extensions")
        .arg("--disable-dev-shm-usage")
        .arg("--no-pdf-header-footer")
        .arg(&profile)
        .arg(&print_to)
        .arg(file_url(&input));
    run(PdfEngine::Chromium, cmd, dir, &out, chromium, opts.timeout)
}
