//! A batch on a fixed number of workers, outcomes handed over in input order.
//!
//! Workers take the next input as soon as they are free, but never more than `window` inputs
//! ahead of the next one to hand over: a slow file holds the others back by at most that many
//! finished outcomes, so memory stays bounded whatever the batch size, and each outcome is
//! handed over (and can be written) as soon as it and those before it are done.

use crate::{Input, Options, Outcome, process};
use std::collections::BTreeMap;
use std::ops::ControlFlow;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::{Condvar, Mutex, PoisonError};

struct Shared {
    /// Finished outcomes not handed over yet, by input index.
    done: BTreeMap<usize, Outcome>,
    /// Index of the next outcome to hand over.
    next_out: usize,
}

/// Process `inputs` on `jobs` worker threads and call `sink` with each outcome in input order,
/// on the calling thread. `sink` returns `ControlFlow::Break` to stop the batch (e.g. the
/// output went away): workers finish the file they hold and take no more.
pub fn run_batch(
    inputs: Vec<Input>,
    opts: &Options,
    jobs: usize,
    mut sink: impl FnMut(Outcome) -> ControlFlow<()>,
) {
    let n = inputs.len();
    let jobs = jobs.clamp(1, n.max(1));
    let window = jobs * 4;
    let slots: Vec<Mutex<Option<Input>>> =
        inputs.into_iter().map(|i| Mutex::new(Some(i))).collect();
    let next_in = AtomicUsize::new(0);
    let stop = AtomicBool::new(false);
    let shared = Mutex::new(Shared {
        done: BTreeMap::new(),
        next_out: 0,
    });
    let changed = Condvar::new();
    let lock = || shared.lock().unwrap_or_else(PoisonError::into_inner);
    std::thread::scope(|s| {
        for _ in 0..jobs {
            s.spawn(|| {
                loop {
                    if stop.load(Ordering::SeqCst) {
                        return;
                    }
                    let i = next_in.fetch_add(1, Ordering::SeqCst);
                    if i >= n {
                        return;
                    }
                    // Wait until `i` is within the window of the next outcome handed over.
                    {
                        let mut g = lock();
                        while i >= g.next_out + window && !stop.load(Ordering::SeqCst) {
                            g = changed.wait(g).unwrap_or_else(PoisonError::into_inner);
                        }
                    }
                    if stop.load(Ordering::SeqCst) {
                        return;
                    }
                    let input = slots[i]
                        .lock()
                        .unwrap_or_else(PoisonError::into_inner)
                        .take();
                    let Some(input) = input else {
                        continue;
                    };
                    let outcome = process(input, opts);
                    lock().done.insert(i, outcome);
                    changed.notify_all();
                }
            });
        }
        // Hand over in order, on this thread.
        let mut g = lock();
        while g.next_out < n {
            let k = g.next_out;
            if let Some(o) = g.done.remove(&k) {
                g.next_out += 1;
                drop(g);
                changed.notify_all();
                if sink(o).is_break() {
                    stop.store(true, Ordering::SeqCst);
                    changed.notify_all();
                    return;
                }
                g = lock();
            } else {
                g = changed.wait(g).unwrap_or_else(PoisonError::into_inner);
            }
        }
    });
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Error;

    fn failing(name: &str) -> Input {
        Input::Failed {
            name: name.to_owned(),
            error: Error::NotFound,
        }
    }

    #[test]
    fn outcomes_come_in_input_order() {
        let inputs: Vec<Input> = (0..200).map(|i| failing(&i.to_string())).collect();
        let mut seen = Vec::new();
        run_batch(inputs, &Options::default(), 7, |o| {
            seen.push(o.source.path);
            ControlFlow::Continue(())
        });
        let want: Vec<String> = (0..200).map(|i| i.to_string()).collect();
        assert_eq!(seen, want);
    }

    #[test]
    fn the_sink_can_stop_the_batch() {
        let inputs: Vec<Input> = (0..1000).map(|i| failing(&i.to_string())).collect();
        let mut seen = 0;
        run_batch(inputs, &Options::default(), 3, |_| {
            seen += 1;
            if seen == 5 {
                ControlFlow::Break(())
            } else {
                ControlFlow::Continue(())
            }
        });
        assert_eq!(seen, 5);
    }
}
