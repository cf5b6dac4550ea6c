//! Precision and recall of the narrative facts on the labelled set of report paragraphs
//! (`tests/data/labelled.json`: real paragraphs from the corpus and paragraphs written in the
//! style of real reports, each marked as such). `cargo run -p gongkai-narrative --example
//! score` prints the same numbers with timing.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod score;

#[test]
fn the_labelled_set_is_large_enough() {
    let cases = score::cases();
    let (all, real, _, _) = score::score_all(&cases);
    assert!(all.statements() >= 100, "{}", all.statements());
    assert!(all.traps >= 50, "{}", all.traps);
    assert!(real.statements() >= 100, "{}", real.statements());
}

#[test]
fn precision_and_recall() {
    let cases = score::cases();
    let (all, real, written, problems) = score::score_all(&cases);
    for p in &problems {
        eprintln!("{p}");
    }
    eprintln!(
        "all: precision {:.3} recall {:.3}; real: {:.3} / {:.3}; written: {:.3} / {:.3}",
        all.precision(),
        all.recall(),
        real.precision(),
        real.recall(),
        written.precision(),
        written.recall()
    );
    // A wrong fact makes a wrong finding: precision first.
    assert!(all.precision() >= 0.98, "precision {:.3}", all.precision());
    assert!(
        real.precision() >= 0.98,
        "real precision {:.3}",
        real.precision()
    );
    assert!(all.recall() >= 0.90, "recall {:.3}", all.recall());
}
