//! Standard output shared with the signal handler: every file's result is written and flushed
//! as soon as it is handed over, so an interrupted or crashed batch loses only the files that
//! were still being read. SIGINT and SIGTERM kill the running tools (their whole process
//! groups), remove the private temporary folder, and exit with 130 or 143.

use gongkai_pipeline::Session;
use std::io::{BufWriter, Stdout, Write};
use std::sync::{Arc, Mutex, PoisonError};
use std::time::{Duration, Instant};

/// Standard output, shared.
#[derive(Clone)]
pub struct Output {
    inner: Arc<Mutex<BufWriter<Stdout>>>,
}

impl Output {
    pub fn new() -> Output {
        Output {
            inner: Arc::new(Mutex::new(BufWriter::new(std::io::stdout()))),
        }
    }

    /// Write one file's result and flush it.
    pub fn write(&self, bytes: &[u8]) -> std::io::Result<()> {
        let mut w = self.inner.lock().unwrap_or_else(PoisonError::into_inner);
        w.write_all(bytes)?;
        w.flush()
    }

    pub fn flush(&self) -> std::io::Result<()> {
        self.inner
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .flush()
    }

    /// Flush unless a write holds the output for longer than `wait` (a stalled reader).
    fn flush_within(&self, wait: Duration) {
        let start = Instant::now();
        while start.elapsed() < wait {
            if let Ok(mut w) = self.inner.try_lock() {
                let _ = w.flush();
                return;
            }
            std::thread::sleep(Duration::from_millis(5));
        }
    }
}

/// On SIGINT or SIGTERM: stop the tools, remove the temporary folder, flush, exit 128 + signal.
pub fn on_signals(session: &Arc<Session>, out: &Output) {
    use signal_hook::consts::{SIGINT, SIGTERM};
    let Ok(mut signals) = signal_hook::iterator::Signals::new([SIGINT, SIGTERM]) else {
        return;
    };
    let session = Arc::clone(session);
    let out = out.clone();
    std::thread::spawn(move || {
        if let Some(sig) = signals.forever().next() {
            session.close();
            out.flush_within(Duration::from_secs(1));
            eprintln!("\ngongkai: 已中断 (interrupted)");
            // A tool being started as the signal came registers itself a moment later and
            // finds the sandbox closed; make sure it is gone before leaving.
            std::thread::sleep(Duration::from_millis(100));
            session.close();
            std::process::exit(128 + sig);
        }
    });
}
