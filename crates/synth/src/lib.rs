//! Synthetic 政府信息公开工作年度报告 with known tables.
//!
//! The extractor is judged against a handful of real reports; this crate makes as many more as
//! wanted, each with its truth: [`SynthReport`] draws consistent tables (every identity of the
//! format holds), [`render`] writes the whole report in one of the layout families seen in the
//! wild ([`Layout`]), [`render_html`] and [`render_docx`] write it as a web page or a Word
//! document with the official tables' merged cells, and [`Injection`] breaks one thing on
//! purpose, naming the rule that must report it. Every label is taken from `gongkai-format`; generation is seeded, so a failing
//! case is reproduced from its seed.

mod docx;
pub mod filler;
mod html;
mod inject;
mod model;
mod names;
mod render;
mod structured;

pub use docx::render_docx;
pub use html::render_html;

pub use inject::Injection;
pub use model::{
    Date, MONEY_SCALE, Spec, Structure, SynthReport, T2Row, T3Row, Table2, Value,
    late_for_department,
};
pub use names::ProseError;
pub use render::{
    Layout, RenderOptions, TRADITIONAL, paren_numeral, render, render_with, to_traditional,
};

use rand::SeedableRng;
use rand::rngs::StdRng;

/// The rng for a case: one seed gives the same report and rendering on every run.
pub fn rng_for(seed: u64, salt: &str) -> StdRng {
    // FNV-1a over the salt, so each layout or injection draws its own stream.
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for b in salt.bytes() {
        h ^= u64::from(b);
        h = h.wrapping_mul(0x0100_0000_01b3);
    }
    StdRng::seed_from_u64(seed ^ h)
}

/// Features of a case that can be turned off, to tell apart what a reader fails on.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Options {
    /// Zeros may be written as blank cells.
    pub blank_cells: bool,
    /// The 2019 本年增/减 may be negative.
    pub negative_changes: bool,
}

impl Default for Options {
    fn default() -> Self {
        Options {
            blank_cells: true,
            negative_changes: true,
        }
    }
}

/// A clean report rendered in `layout`, from `seed`.
pub fn case(seed: u64, layout: Layout) -> (SynthReport, String) {
    case_with(seed, layout, Options::default())
}

/// A clean case with some features off; otherwise the same document as [`case`].
pub fn case_with(seed: u64, layout: Layout, options: Options) -> (SynthReport, String) {
    let mut rng = rng_for(seed, layout.name());
    let spec = Spec {
        nonnegative_changes: !options.negative_changes,
        ..Spec::default()
    };
    let report = SynthReport::generate_with(&mut rng, &spec);
    let render_options = RenderOptions {
        blank_cells: options.blank_cells,
    };
    let text = render_with(&report, layout, render_options, &mut rng);
    (report, text)
}

/// A clean report rendered as a web page (bytes: the page may be GBK), from `seed`.
pub fn html_case(seed: u64, options: Options) -> (SynthReport, Vec<u8>) {
    let (report, mut rng) = structured_report(seed, "html", options);
    let page = render_html(&report, render_options(options), &mut rng);
    (report, page)
}

/// A clean report rendered as a DOCX package, from `seed`.
pub fn docx_case(seed: u64, options: Options) -> (SynthReport, Vec<u8>) {
    let (report, mut rng) = structured_report(seed, "docx", options);
    // Writing a zip to memory cannot fail short of a bug in the zip library; an empty file
    // would then fail loudly where it is read.
    let bytes = render_docx(&report, render_options(options), &mut rng).unwrap_or_default();
    (report, bytes)
}

fn structured_report(seed: u64, salt: &str, options: Options) -> (SynthReport, rand::rngs::StdRng) {
    let mut rng = rng_for(seed, salt);
    let spec = Spec {
        nonnegative_changes: !options.negative_changes,
        ..Spec::default()
    };
    (SynthReport::generate_with(&mut rng, &spec), rng)
}

fn render_options(options: Options) -> RenderOptions {
    RenderOptions {
        blank_cells: options.blank_cells,
    }
}

/// A report carrying `injection`, rendered in `layout`, from `seed`.
pub fn injected_case(seed: u64, injection: Injection, layout: Layout) -> (SynthReport, String) {
    injected_case_with(seed, injection, layout, Options::default())
}

/// An injected case with some features off (the blank cells only: the injections decide the
/// signs of their own numbers).
pub fn injected_case_with(
    seed: u64,
    injection: Injection,
    layout: Layout,
    options: Options,
) -> (SynthReport, String) {
    let mut rng = rng_for(seed, &format!("{}/{}", injection.name(), layout.name()));
    let report = injection.generate(&mut rng);
    let render_options = RenderOptions {
        blank_cells: options.blank_cells,
    };
    let text = render_with(&report, layout, render_options, &mut rng);
    (report, text)
}
