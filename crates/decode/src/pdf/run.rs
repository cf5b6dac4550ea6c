//! Running an external tool on hostile input: bounded time, bounded output, no deadlock.
//!
//! The input goes to the tool's stdin from one thread while two others drain stdout and
//! stderr, so a tool that writes before it has read everything cannot block on a full pipe.
//! The caller's thread polls the child and kills it when the deadline passes or stdout grows
//! past its cap; killing closes the pipes, which ends the helper threads.

use std::ffi::OsStr;
use std::io::{self, Read, Write};
use std::process::{Child, Command, ExitStatus, Stdio};
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, Instant};

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
    /// The program is not installed (not found on `PATH`).
    Missing,
    /// Killed after the deadline.
    Timeout,
    /// Killed because stdout grew past the cap.
    TooMuchOutput,
    Io(io::Error),
}

/// Run `program args…` with `stdin` as its input (or no input), for at most `timeout`,
/// keeping at most `max_stdout` bytes of output.
pub(crate) fn run<S: AsRef<OsStr>>(
    program: &str,
    args: &[S],
    stdin: Option<&[u8]>,
    timeout: Duration,
    max_stdout: usize,
) -> Result<Output, RunError> {
    let mut child = Command::new(program)
        .args(args)
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
        .spawn()
        .map_err(|e| match e.kind() {
            io::ErrorKind::NotFound => RunError::Missing,
            _ => RunError::Io(e),
        })?;
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
        let waited = wait(&mut child, &done_rx, timeout, overflow);
        let stdout = stdout.join().unwrap_or_default();
        let stderr = stderr.join().unwrap_or_default();
        match waited {
            Ok(_) if overflow.load(Ordering::Relaxed) => Err(RunError::TooMuchOutput),
            Ok(status) => Ok(Output {
                status,
                stdout,
                stderr,
            }),
            Err(e) => Err(e),
        }
    })
}

/// Wait for the child: first for the end of its output (no polling while it works), then for
/// its exit, killing it at the deadline or when its output overflowed.
fn wait(
    child: &mut Child,
    done: &std::sync::mpsc::Receiver<()>,
    timeout: Duration,
    overflow: &AtomicBool,
) -> Result<ExitStatus, RunError> {
    let start = Instant::now();
    if let Err(std::sync::mpsc::RecvTimeoutError::Timeout) = done.recv_timeout(timeout) {
        kill(child);
        return Err(RunError::Timeout);
    }
    let mut pause = Duration::from_micros(100);
    loop {
        if overflow.load(Ordering::Relaxed) {
            kill(child);
            return Err(RunError::TooMuchOutput);
        }
        if let Some(status) = child.try_wait().map_err(RunError::Io)? {
            return Ok(status);
        }
        if start.elapsed() >= timeout {
            kill(child);
            return Err(RunError::Timeout);
        }
        std::thread::sleep(pause);
        pause = (pause * 2).min(Duration::from_millis(20));
    }
}

fn kill(child: &mut Child) {
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

#[cfg(all(test, unix))]
mod tests {
    use super::*;

    #[test]
    fn output_and_status_come_back() {
        let out = run(
            "cat",
            &[] as &[&str],
            Some(b"abc"),
            Duration::from_secs(5),
            100,
        );
        let out = out.map_err(|e| format!("{e:?}"));
        assert_eq!(out.map(|o| o.stdout), Ok(b"abc".to_vec()));
    }

    #[test]
    fn a_hanging_tool_is_killed() {
        let start = Instant::now();
        let r = run("sleep", &["10"], None, Duration::from_millis(100), 100);
        assert!(matches!(r, Err(RunError::Timeout)));
        assert!(start.elapsed() < Duration::from_secs(5));
    }

    #[test]
    fn output_beyond_the_cap_kills_the_tool() {
        let r = run(
            "yes",
            &[] as &[&str],
            None,
            Duration::from_secs(10),
            1 << 16,
        );
        assert!(matches!(r, Err(RunError::TooMuchOutput)));
    }

    #[test]
    fn a_missing_tool_is_named_as_missing() {
        let r = run(
            "gongkai-no-such-tool",
            &[] as &[&str],
            None,
            Duration::from_secs(1),
            10,
        );
        assert!(matches!(r, Err(RunError::Missing)));
    }

    #[test]
    fn stderr_summary_keeps_distinct_lines() {
        assert_eq!(summary(b"a\n\na\nb\nc\nd\n"), "a; b; c");
    }
}
