//! External tools (LibreOffice, poppler, tesseract): where they are, and running one on hostile
//! input with bounded time, memory and output, in a private folder, killable from outside.
//!
//! - [`Tools`] says where each program is. The front end resolves it once ([`Tools::find`] takes
//!   the `PATH` it was given; no environment is read here).
//! - [`Sandbox`] is shared by every reader of a batch: the private folder all tools write into
//!   (their `TMPDIR` too, so nothing lands in the user's temp folder) and the process groups
//!   running now. [`Sandbox::close`] kills them all and refuses new ones: what a front end calls
//!   on SIGINT/SIGTERM before it removes the folder.
//! - [`run`] starts a program in its own process group, limits its address space
//!   ([`crate::Limits::tool_memory`], set with `prlimit(2)` right after the start, before any
//!   input is written: what a tool maps in its first microseconds stays, everything after is
//!   bounded; `pre_exec` would close that gap but needs `unsafe`, which the workspace forbids),
//!   feeds stdin from one thread while two others drain stdout and stderr (a
//!   tool that writes before it has read everything cannot deadlock), and kills the whole group
//!   at the deadline, when stdout grows past its cap, or when the sandbox is closed.

use crate::Options;
use crate::error::{DecodeError, Limit, Tool};
use std::ffi::{OsStr, OsString};
use std::io::{self, Read, Write};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, ExitStatus, Stdio};
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::{Arc, Mutex, PoisonError};
use std::time::{Duration, Instant};

/// Where each external program is: a full path, or a bare name the OS looks up on its `PATH`
/// when the program is started (the default).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Tools {
    pub soffice: PathBuf,
    pub pdftotext: PathBuf,
    pub pdftoppm: PathBuf,
    pub pdfimages: PathBuf,
    pub tesseract: PathBuf,
}

impl Default for Tools {
    fn default() -> Self {
        Tools {
            soffice: Tool::Soffice.program().into(),
            pdftotext: Tool::Pdftotext.program().into(),
            pdftoppm: Tool::Pdftoppm.program().into(),
            pdfimages: Tool::Pdfimages.program().into(),
            tesseract: Tool::Tesseract.program().into(),
        }
    }
}

/// Where LibreOffice installs `soffice` when it is not on the `PATH`.
const SOFFICE_DIRS: [&str; 3] = [
    "/usr/bin",
    "/usr/lib/libreoffice/program",
    "/opt/libreoffice/program",
];

impl Tools {
    /// The configured path of a tool.
    pub fn path(&self, tool: Tool) -> &Path {
        match tool {
            Tool::Soffice => &self.soffice,
            Tool::Pdftotext => &self.pdftotext,
            Tool::Pdftoppm => &self.pdftoppm,
            Tool::Pdfimages => &self.pdfimages,
            Tool::Tesseract => &self.tesseract,
        }
    }

    fn path_mut(&mut self, tool: Tool) -> &mut PathBuf {
        match tool {
            Tool::Soffice => &mut self.soffice,
            Tool::Pdftotext => &mut self.pdftotext,
            Tool::Pdftoppm => &mut self.pdftoppm,
            Tool::Pdfimages => &mut self.pdfimages,
            Tool::Tesseract => &mut self.tesseract,
        }
    }

    /// Each tool looked up in the folders of `path_var` (a `PATH` value, given by the caller),
    /// and LibreOffice also where its packages install it. A tool not found keeps its bare
    /// name: starting it fails, and the reader reports it as missing.
    pub fn find(path_var: Option<&OsStr>) -> Tools {
        let mut tools = Tools::default();
        let dirs: Vec<PathBuf> =
            path_var.map_or_else(Vec::new, |p| std::env::split_paths(p).collect());
        for tool in Tool::ALL {
            let extra: &[&str] = if tool == Tool::Soffice {
                &SOFFICE_DIRS
            } else {
                &[]
            };
            let found = dirs
                .iter()
                .map(PathBuf::as_path)
                .chain(extra.iter().map(Path::new))
                .map(|d| d.join(tool.program()))
                .find(|p| is_executable(p));
            if let Some(p) = found {
                *tools.path_mut(tool) = p;
            }
        }
        tools
    }

    /// Whether a tool's configured path names an executable file (bare names are looked up
    /// in `path_var`, as [`Tools::find`] does).
    pub fn is_installed(&self, tool: Tool, path_var: Option<&OsStr>) -> bool {
        let p = self.path(tool);
        if p.components().count() > 1 {
            return is_executable(p);
        }
        path_var.is_some_and(|v| std::env::split_paths(v).any(|d| is_executable(&d.join(p))))
    }
}

fn is_executable(p: &Path) -> bool {
    use std::os::unix::fs::PermissionsExt;
    std::fs::metadata(p).is_ok_and(|m| m.is_file() && m.permissions().mode() & 0o111 != 0)
}

// ---------------------------------------------------------------------------------------------
// Sandbox

/// The private folder the tools of a batch write into and the process groups running now.
/// Clones share one state.
#[derive(Clone, Debug, Default)]
pub struct Sandbox {
    state: Arc<State>,
}

#[derive(Debug, Default)]
struct State {
    /// `None`: the system's temporary folder (a private subfolder per call is made there).
    dir: Option<PathBuf>,
    /// Process group ids of the tools running now.
    groups: Mutex<Vec<u32>>,
    closed: AtomicBool,
}

impl Sandbox {
    /// A sandbox whose tools write into `dir` (which should exist and be private: mode 0700).
    pub fn new(dir: impl Into<PathBuf>) -> Sandbox {
        Sandbox {
            state: Arc::new(State {
                dir: Some(dir.into()),
                ..State::default()
            }),
        }
    }

    /// The folder tools write into, when one was given.
    pub fn dir(&self) -> Option<&Path> {
        self.state.dir.as_deref()
    }

    /// Kill every tool running now (its whole process group) and refuse to start new ones;
    /// readers then fail with an I/O error (interrupted). For SIGINT/SIGTERM handlers.
    pub fn close(&self) {
        self.state.closed.store(true, Ordering::SeqCst);
        let groups = self.groups().clone();
        for g in groups {
            kill_group(g);
        }
    }

    /// Whether [`Sandbox::close`] was called.
    pub fn is_closed(&self) -> bool {
        self.state.closed.load(Ordering::SeqCst)
    }

    /// How many tools run now.
    pub fn running(&self) -> usize {
        self.groups().len()
    }

    fn groups(&self) -> std::sync::MutexGuard<'_, Vec<u32>> {
        self.state
            .groups
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
    }

    fn register(&self, group: u32) {
        self.groups().push(group);
        // A close that ran between the start and the registration missed this group.
        if self.is_closed() {
            kill_group(group);
        }
    }

    fn unregister(&self, group: u32) {
        self.groups().retain(|&g| g != group);
    }

    /// A new private folder for one reader's files, inside the sandbox's folder.
    pub(crate) fn temp_dir(&self, what: &str) -> io::Result<TempDir> {
        static COUNTER: AtomicU64 = AtomicU64::new(0);
        let base = match &self.state.dir {
            Some(d) => d.clone(),
            None => std::env::temp_dir(),
        };
        let mut last = None;
        for _ in 0..16 {
            let n = COUNTER.fetch_add(1, Ordering::Relaxed);
            let nanos = std::time::SystemTime::now()
                .duration_since(std::time::UNIX_EPOCH)
                .map_or(0, |d| d.subsec_nanos());
            let dir = base.join(format!("gongkai-{what}-{}-{n}-{nanos}", std::process::id()));
            // `create`, not `create_all`: the folder must be new (and ours), and private.
            let mut b = std::fs::DirBuilder::new();
            std::os::unix::fs::DirBuilderExt::mode(&mut b, 0o700);
            match b.create(&dir) {
                Ok(()) => return Ok(TempDir { path: dir }),
                Err(e) => last = Some(e),
            }
        }
        Err(last.unwrap_or_else(|| io::Error::other("no temporary folder")))
    }
}

/// A private temporary folder, removed on drop.
#[derive(Debug)]
pub(crate) struct TempDir {
    path: PathBuf,
}

impl TempDir {
    pub(crate) fn path(&self) -> &Path {
        &self.path
    }
}

impl Drop for TempDir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.path);
    }
}

/// SIGKILL to a whole process group.
fn kill_group(group: u32) {
    if let Some(pid) = i32::try_from(group)
        .ok()
        .and_then(rustix::process::Pid::from_raw)
    {
        let _ = rustix::process::kill_process_group(pid, rustix::process::Signal::KILL);
    }
}

/// Limit a started process's address space (its children inherit the limit).
fn limit_memory(pid: u32, bytes: u64) -> io::Result<()> {
    let Some(pid) = i32::try_from(pid)
        .ok()
        .and_then(rustix::process::Pid::from_raw)
    else {
        return Ok(());
    };
    // Never above the limit this process runs under (the child inherits it, and raising a
    // hard limit is not allowed).
    let own = rustix::process::getrlimit(rustix::process::Resource::As);
    let bytes = own.maximum.map_or(bytes, |m| m.min(bytes));
    let limit = rustix::process::Rlimit {
        current: Some(bytes),
        maximum: Some(bytes),
    };
    rustix::process::prlimit(Some(pid), rustix::process::Resource::As, limit)
        .map(|_| ())
        .map_err(io::Error::from)
}

// ---------------------------------------------------------------------------------------------
// Running a tool

/// How much of stderr is kept: enough for a summary.
const STDERR_CAP: u64 = 64 * 1024;

/// A finished run.
#[derive(Debug)]
pub(crate) struct Output {
    pub status: ExitStatus,
    pub stdout: Vec<u8>,
    pub stderr: Vec<u8>,
}

#[derive(Debug)]
pub(crate) enum RunError {
    /// The program is not installed (not found).
    Missing(io::Error),
    /// Killed after the deadline.
    Timeout,
    /// Killed because stdout grew past the cap.
    TooMuchOutput,
    /// The sandbox was closed (the batch is being stopped).
    Closed,
    Io(io::Error),
}

impl RunError {
    /// The decode error for a run of `tool` that failed this way.
    pub(crate) fn into_error(
        self,
        tool: Tool,
        timeout: Duration,
        max_stdout: usize,
    ) -> DecodeError {
        match self {
            RunError::Missing(e) => DecodeError::MissingTool {
                tool,
                source: Some(e),
            },
            RunError::Timeout => DecodeError::Timeout {
                tool: Some(tool),
                after: timeout,
            },
            RunError::TooMuchOutput => DecodeError::too_large(Limit::ToolOutput, max_stdout),
            RunError::Closed => DecodeError::Io {
                source: io::Error::from(io::ErrorKind::Interrupted),
            },
            RunError::Io(source) => DecodeError::Io { source },
        }
    }
}

/// Run `tool args…` with `stdin` as its input (or no input), for at most `timeout`, keeping at
/// most `max_stdout` bytes of output; `env` is added to its environment. Its `TMPDIR` is the
/// sandbox's folder.
pub(crate) fn run<S: AsRef<OsStr>>(
    opts: &Options,
    tool: Tool,
    args: &[S],
    env: &[(&str, &OsStr)],
    stdin: Option<&[u8]>,
    timeout: Duration,
    max_stdout: usize,
) -> Result<Output, RunError> {
    use std::os::unix::process::CommandExt;
    let sandbox = &opts.sandbox;
    if sandbox.is_closed() {
        return Err(RunError::Closed);
    }
    let mut cmd = Command::new(opts.tools.path(tool));
    cmd.args(args)
        .env("LC_ALL", "C")
        // tesseract's OpenMP threads cost more than they bring on small crops.
        .env("OMP_THREAD_LIMIT", "1")
        .stdin(if stdin.is_some() {
            Stdio::piped()
        } else {
            Stdio::null()
        })
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        // Its own process group: a timeout or a signal kills helpers it started too.
        .process_group(0);
    if let Some(dir) = sandbox.dir() {
        cmd.env("TMPDIR", dir).env("TMP", dir).env("TEMP", dir);
    }
    for (k, v) in env {
        cmd.env(k, v);
    }
    let mut child = cmd.spawn().map_err(|e| match e.kind() {
        io::ErrorKind::NotFound | io::ErrorKind::PermissionDenied => RunError::Missing(e),
        _ => RunError::Io(e),
    })?;
    let group = child.id();
    sandbox.register(group);
    let _registered = Unregister { sandbox, group };
    if let Err(e) = limit_memory(group, opts.limits.tool_memory) {
        kill(&mut child, group);
        return Err(RunError::Io(e));
    }
    let input = child.stdin.take();
    let out = child.stdout.take();
    let err = child.stderr.take();
    let overflow = AtomicBool::new(false);
    let cap = u64::try_from(max_stdout).unwrap_or(u64::MAX);

    let (done_tx, done_rx) = std::sync::mpsc::channel::<()>();
    std::thread::scope(|s| {
        if let (Some(mut pipe), Some(bytes)) = (input, stdin) {
            // A tool that stops reading (bad header) closes the pipe: not an error here.
            s.spawn(move || {
                let _ = pipe.write_all(bytes);
            });
        }
        let overflow = &overflow;
        let stdout = s.spawn(move || {
            let mut buf = Vec::new();
            if let Some(pipe) = out {
                let mut limited = pipe.take(cap.saturating_add(1));
                let _ = limited.read_to_end(&mut buf);
                if buf.len() > max_stdout {
                    overflow.store(true, Ordering::Relaxed);
                    buf.truncate(max_stdout);
                }
            }
            // End of output (or too much of it): the tool is done or is to be stopped.
            let _ = done_tx.send(());
            buf
        });
        let stderr = s.spawn(move || {
            let mut buf = Vec::new();
            if let Some(pipe) = err {
                let mut pipe = pipe;
                let _ = (&mut pipe).take(STDERR_CAP).read_to_end(&mut buf);
                // Drain the rest so the tool never blocks on a full stderr pipe.
                let _ = io::copy(&mut pipe, &mut io::sink());
            }
            buf
        });
        let waited = wait(&mut child, group, sandbox, &done_rx, timeout, overflow);
        // Helpers the tool left behind in its group (LibreOffice's soffice.bin) go with it.
        kill_group(group);
        let stdout = stdout.join().unwrap_or_default();
        let stderr = stderr.join().unwrap_or_default();
        match waited {
            Ok(_) if overflow.load(Ordering::Relaxed) => Err(RunError::TooMuchOutput),
            Ok(_) if sandbox.is_closed() => Err(RunError::Closed),
            Ok(status) => Ok(Output {
                status,
                stdout,
                stderr,
            }),
            Err(e) => Err(e),
        }
    })
}

/// Removes a process group from the sandbox's list when the run ends, however it ends.
struct Unregister<'a> {
    sandbox: &'a Sandbox,
    group: u32,
}

impl Drop for Unregister<'_> {
    fn drop(&mut self) {
        self.sandbox.unregister(self.group);
    }
}

/// Wait for the child: first for the end of its output (no polling while it works), then for
/// its exit, killing it at the deadline, when its output overflowed, or when the sandbox is
/// closed.
fn wait(
    child: &mut Child,
    group: u32,
    sandbox: &Sandbox,
    done: &std::sync::mpsc::Receiver<()>,
    timeout: Duration,
    overflow: &AtomicBool,
) -> Result<ExitStatus, RunError> {
    let start = Instant::now();
    loop {
        // Wake now and then to notice a closed sandbox.
        let left = timeout.saturating_sub(start.elapsed());
        match done.recv_timeout(left.min(Duration::from_millis(200))) {
            Ok(()) | Err(std::sync::mpsc::RecvTimeoutError::Disconnected) => break,
            Err(std::sync::mpsc::RecvTimeoutError::Timeout) => {
                if sandbox.is_closed() {
                    kill(child, group);
                    return Err(RunError::Closed);
                }
                if start.elapsed() >= timeout {
                    kill(child, group);
                    return Err(RunError::Timeout);
                }
            }
        }
    }
    let mut pause = Duration::from_micros(100);
    loop {
        if overflow.load(Ordering::Relaxed) {
            kill(child, group);
            return Err(RunError::TooMuchOutput);
        }
        if let Some(status) = child.try_wait().map_err(RunError::Io)? {
            return Ok(status);
        }
        if sandbox.is_closed() {
            kill(child, group);
            return Err(RunError::Closed);
        }
        if start.elapsed() >= timeout {
            kill(child, group);
            return Err(RunError::Timeout);
        }
        std::thread::sleep(pause);
        pause = (pause * 2).min(Duration::from_millis(20));
    }
}

fn kill(child: &mut Child, group: u32) {
    kill_group(group);
    let _ = child.kill();
    let _ = child.wait();
}

/// The first few distinct lines of a tool's stderr, for a message.
pub(crate) fn summary(stderr: &[u8]) -> String {
    let text = String::from_utf8_lossy(stderr);
    let mut lines: Vec<&str> = Vec::new();
    for l in text.lines().map(str::trim).filter(|l| !l.is_empty()) {
        if !lines.contains(&l) {
            lines.push(l);
        }
        if lines.len() == 3 {
            break;
        }
    }
    let mut s = lines.join("; ");
    if s.chars().count() > 300 {
        s = s.chars().take(300).collect::<String>() + "…";
    }
    s
}

/// How a tool ended, for a message: `exit status 1`, `killed by signal 6`.
pub(crate) fn status_text(status: ExitStatus) -> String {
    use std::os::unix::process::ExitStatusExt;
    match (status.code(), status.signal()) {
        (Some(c), _) => format!("exit status {c}"),
        (None, Some(s)) => format!("killed by signal {s}"),
        (None, None) => "failed".to_owned(),
    }
}

/// A path as an argument (for tools that take `-env:…=file://PATH`).
pub(crate) fn file_url(p: &Path) -> OsString {
    let mut s = OsString::from("file://");
    s.push(p.as_os_str());
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    fn opts_with(tool: Tool, program: &str) -> Options {
        let mut o = Options::default();
        *o.tools.path_mut(tool) = program.into();
        o
    }

    #[test]
    fn output_and_status_come_back() {
        let o = opts_with(Tool::Pdftotext, "cat");
        let out = run(
            &o,
            Tool::Pdftotext,
            &[] as &[&str],
            &[],
            Some(b"abc"),
            Duration::from_secs(5),
            100,
        );
        let out = out.map_err(|e| format!("{e:?}"));
        assert_eq!(out.map(|o| o.stdout), Ok(b"abc".to_vec()));
    }

    #[test]
    fn a_hanging_tool_is_killed() {
        let o = opts_with(Tool::Pdftotext, "sleep");
        let start = Instant::now();
        let r = run(
            &o,
            Tool::Pdftotext,
            &["10"],
            &[],
            None,
            Duration::from_millis(100),
            100,
        );
        assert!(matches!(r, Err(RunError::Timeout)));
        assert!(start.elapsed() < Duration::from_secs(5));
        assert_eq!(o.sandbox.running(), 0);
    }

    #[test]
    fn output_beyond_the_cap_kills_the_tool() {
        let o = opts_with(Tool::Pdftotext, "yes");
        let r = run(
            &o,
            Tool::Pdftotext,
            &[] as &[&str],
            &[],
            None,
            Duration::from_secs(10),
            1 << 16,
        );
        assert!(matches!(r, Err(RunError::TooMuchOutput)));
    }

    #[test]
    fn a_missing_tool_is_named_as_missing() {
        let o = opts_with(Tool::Pdftotext, "gongkai-no-such-tool");
        let r = run(
            &o,
            Tool::Pdftotext,
            &[] as &[&str],
            &[],
            None,
            Duration::from_secs(1),
            10,
        );
        assert!(matches!(r, Err(RunError::Missing(_))));
    }

    #[test]
    fn tools_get_an_address_space_limit() {
        let mut o = opts_with(Tool::Pdftotext, "sh");
        o.limits.tool_memory = 300 << 20;
        let out = run(
            &o,
            Tool::Pdftotext,
            // Reads its input first, as the poppler tools do: by then the limit is set.
            &["-c", "read x; ulimit -v"],
            &[],
            Some(b"go\n"),
            Duration::from_secs(5),
            100,
        )
        .map_err(|e| format!("{e:?}"));
        let kb = String::from_utf8_lossy(&out.unwrap().stdout)
            .trim()
            .to_owned();
        assert_eq!(kb, (300u64 << 10).to_string());
    }

    #[test]
    fn tools_write_temporary_files_into_the_sandbox() {
        let base = std::env::temp_dir().join(format!("gongkai-sbx-{}", std::process::id()));
        std::fs::create_dir_all(&base).unwrap();
        let mut o = opts_with(Tool::Pdftotext, "sh");
        o.sandbox = Sandbox::new(&base);
        let out = run(
            &o,
            Tool::Pdftotext,
            &["-c", "printf %s \"$TMPDIR\""],
            &[],
            None,
            Duration::from_secs(5),
            1000,
        )
        .map_err(|e| format!("{e:?}"));
        assert_eq!(out.unwrap().stdout, base.as_os_str().as_encoded_bytes());
        let t = o.sandbox.temp_dir("x").unwrap();
        assert!(t.path().starts_with(&base));
        let p = t.path().to_owned();
        drop(t);
        assert!(!p.exists());
        std::fs::remove_dir_all(&base).unwrap();
    }

    #[test]
    fn closing_the_sandbox_kills_running_tools_and_refuses_new_ones() {
        let o = opts_with(Tool::Soffice, "sh");
        let o2 = o.clone();
        let t = std::thread::spawn(move || {
            run(
                &o2,
                Tool::Soffice,
                // A helper in the same group, as soffice has soffice.bin.
                &["-c", "sleep 30 & wait"],
                &[],
                None,
                Duration::from_secs(60),
                100,
            )
        });
        let deadline = Instant::now() + Duration::from_secs(5);
        while o.sandbox.running() == 0 && Instant::now() < deadline {
            std::thread::sleep(Duration::from_millis(10));
        }
        let started = Instant::now();
        o.sandbox.close();
        let r = t.join().unwrap();
        assert!(matches!(r, Err(RunError::Closed)), "{r:?}");
        assert!(started.elapsed() < Duration::from_secs(5));
        let again = run(
            &o,
            Tool::Soffice,
            &["-c", "true"],
            &[],
            None,
            Duration::from_secs(5),
            10,
        );
        assert!(matches!(again, Err(RunError::Closed)));
    }

    #[test]
    fn tools_are_found_on_the_given_path() {
        let t = Tools::find(Some(OsStr::new("/usr/bin:/bin")));
        // `sh` is not a tool; the lookup only finds what exists.
        for tool in Tool::ALL {
            let p = t.path(tool);
            assert!(p == Path::new(tool.program()) || is_executable(p), "{p:?}");
        }
        let none = Tools::find(None);
        assert_eq!(none.pdftotext, Path::new("pdftotext"));
    }

    #[test]
    fn stderr_summary_keeps_distinct_lines() {
        assert_eq!(summary(b"a\n\na\nb\nc\nd\n"), "a; b; c");
    }
}
