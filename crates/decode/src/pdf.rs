//! PDF → layout text, from poppler's word boxes.
//!
//! `pdftotext -bbox-layout` (Debian `poppler-utils`) is run as a separate process, reading the
//! PDF from stdin, with a deadline and a cap on its output: the PDF parser never runs inside
//! this process, and a hostile file costs at most the deadline. Its output gives a box per
//! word; [`layout`] rebuilds paragraphs and table rows from the boxes, and [`furniture`] drops
//! running headers, footers and page numbers first.
//!
//! The decoded text of a PDF document is that layout text itself (there is no other text to
//! point into), with a line `第 N 页 / 共 M 页` at the start of every page so that a finding's
//! line number leads to its page; the extractor reads that line as page furniture.
//!
//! Tables: the rules they are drawn with are not in pdftotext's output. They are read from the
//! vector drawing of the pages holding tables ([`vector`], feature `pdf-vector`): lines and thin
//! rectangles of the content stream, cut to the clipping area (a table wider than the page is
//! clipped at its margin, and what lies beyond is known to be missing). When the drawing cannot
//! be read, the pages are rendered small by `pdftoppm` and the rules found in the image
//! ([`raster`]), a few pages per run so that memory stays bounded. The vertical rules crossing a
//! row are its cell boundaries, empty cells included, and horizontal rules keep the text of two
//! cells apart. Tables without rules are laid out from the alignment of their values alone.
//!
//! Word boxes of Type 3 fonts (Chromium's CJK text) are fitted to their font size first
//! ([`bbox::fit_tall_boxes`]): poppler gives them the font's whole glyph box, about 2.6 lines
//! high.
//!
//! Pages without a text layer (scans; a page with no text and no image is blank) and pages
//! whose text layer is unusable (fonts without a Unicode map) are read by OCR when tesseract
//! with `chi_sim` is installed ([`ocr`], [`Notice::Ocr`]), cell by cell along the rules;
//! otherwise they are reported as [`Notice::NeedsOcr`].

mod bbox;
mod furniture;
mod layout;
mod ocr;
mod raster;
mod run;
#[cfg(feature = "pdf-vector")]
mod vector;

use crate::document::{Document, Notice};
use crate::error::{Damage, DecodeError, Limit, Tool, Unsupported};
use crate::{Format, Options};
use furniture::PageLines;
use std::time::Duration;

/// Most XHTML accepted from pdftotext: about half a million words.
const MAX_XHTML: usize = 64 * 1024 * 1024;
/// A page with fewer visible characters than this has no real text layer.
const MIN_PAGE_CHARS: usize = 8;

/// Decode a PDF's text layer.
pub fn decode(bytes: &[u8], opts: &Options) -> Result<Document, DecodeError> {
    let xhtml = text_layer(bytes, opts)?;
    let pages = bbox::parse(&xhtml);
    drop(xhtml);
    if pages.is_empty() {
        return Err(DecodeError::corrupt(Format::Pdf, None, Damage::NoPages));
    }
    if pages.len() > opts.limits.max_pages {
        return Err(DecodeError::too_large(Limit::Pages, opts.limits.max_pages));
    }
    let total = pages.len();
    let mut widths = Vec::with_capacity(total);
    let mut garbled = Vec::new();
    let mut lines: Vec<PageLines> = Vec::with_capacity(total);
    for (i, page) in pages.into_iter().enumerate() {
        let mut words = page.words;
        for w in &mut words {
            w.text = clean(&w.text);
        }
        words.retain(|w| !w.text.is_empty());
        bbox::fit_tall_boxes(&mut words);
        if is_garbled(&words) {
            garbled.push(i);
            words.clear();
        }
        widths.push(page.width);
        lines.push(PageLines {
            height: page.height,
            lines: layout::lines(words),
        });
    }
    furniture::strip(&mut lines);
    let empty: Vec<usize> = (0..total)
        .filter(|&i| {
            lines[i]
                .lines
                .iter()
                .map(|l| l.compact().chars().count())
                .sum::<usize>()
                < MIN_PAGE_CHARS
        })
        .collect();
    let mut needs_ocr = pages_needing_ocr(opts, bytes, &empty, &garbled);
    // Scans read by OCR when tesseract can: their lines replace the (empty) text layer.
    let mut ocr_lines: Vec<(usize, Vec<String>)> = Vec::new();
    if !needs_ocr.is_empty() && ocr::available(opts) {
        let pages = &needs_ocr[..needs_ocr.len().min(ocr::MAX_PAGES)];
        ocr_lines = ocr::read_pages(opts, bytes, pages, &widths);
        needs_ocr.retain(|p| ocr_lines.iter().all(|(q, _)| q != p));
    }

    let rules = table_rules(opts, bytes, &lines, &widths);
    let mut pages_out: Vec<layout::PageOut> = Vec::with_capacity(total);
    let mut carry = layout::Carry::default();
    for (i, page) in lines.iter().enumerate() {
        let none = raster::Rules::default();
        let page_rules = rules.get(i).unwrap_or(&none);
        if let Some((_, read)) = ocr_lines.iter_mut().find(|(q, _)| *q == i) {
            pages_out.push(layout::PageOut {
                lines: std::mem::take(read),
                ..layout::PageOut::default()
            });
            carry = layout::Carry::default();
            continue;
        }
        let mut out = layout::page(&page.lines, &carry, page_rules);
        carry = std::mem::take(&mut out.carry);
        if let Some(prev) = pages_out.last_mut() {
            join_cut_row(prev, &mut out);
        }
        pages_out.push(out);
    }
    let mut text = String::new();
    for (i, out) in pages_out.iter().enumerate() {
        text.push_str(&format!("第 {} 页 / 共 {} 页\n", i + 1, total));
        for l in &out.lines {
            text.push_str(l);
            text.push('\n');
        }
    }
    let mut doc = Document::from_text(text, Format::Pdf, "utf-8", false);
    doc.notices.push(Notice::ConvertedBy("pdftotext".into()));
    if !ocr_lines.is_empty() {
        doc.notices.push(Notice::Ocr {
            pages: ocr_lines
                .iter()
                .map(|(p, _)| u32::try_from(p + 1).unwrap_or(u32::MAX))
                .collect(),
        });
    }
    if !needs_ocr.is_empty() {
        doc.notices.push(Notice::NeedsOcr {
            pages: needs_ocr
                .iter()
                .map(|&i| u32::try_from(i + 1).unwrap_or(u32::MAX))
                .collect(),
        });
    }
    Ok(doc)
}

/// A row cut by a page break: the top of the next page continues the last row of this one
/// (same cells, text only where that row's values are empty). Its text joins that row's
/// cells, so the row is one line again. A header row repeated on the new page has text over
/// the value columns, and stays.
fn join_cut_row(prev: &mut layout::PageOut, next: &mut layout::PageOut) {
    let (Some(last), Some(cont)) = (&prev.last_row, &next.continuation) else {
        return;
    };
    let fits = last.len() == cont.len()
        && cont.iter().any(|c| !c.is_empty())
        && last
            .iter()
            .zip(cont)
            .all(|(a, b)| b.is_empty() || !layout::is_value(a));
    if !fits {
        return;
    }
    let merged: Vec<String> = last
        .iter()
        .zip(cont)
        .map(|(a, b)| {
            let space = a.ends_with(|c: char| c.is_ascii_alphanumeric())
                && b.starts_with(|c: char| c.is_ascii_alphabetic());
            format!("{a}{}{b}", if space { " " } else { "" })
        })
        .collect();
    if let Some(line) = prev.lines.last_mut() {
        *line = layout::row_line(&merged);
    }
    if !next.lines.is_empty() {
        next.lines.remove(0);
    }
    prev.last_row = Some(merged);
    next.continuation = None;
}

/// Resolution of the page images rules are looked for in when the drawing cannot be read: a
/// pixel is 1.5 points, enough to tell a rule from the text beside it, and rendering costs a
/// third of 72 dpi.
const RULE_DPI: u32 = 48;
/// Shortest vertical rule: longer than any glyph stroke of body text, shorter than one row.
const MIN_RULE: f64 = 14.0;
/// Most pages rendered to find rules (only when the drawing cannot be read).
const MAX_RULE_PAGES: usize = 40;
/// Most pages rendered by one `pdftoppm` run: its output is held whole, so a long run of
/// table pages is rendered in pieces and memory stays bounded.
const RENDER_CHUNK: usize = 4;

/// Rules of the pages that hold tables (empty for the others): from the page's vector drawing,
/// or, when that cannot be read, from a low-resolution rendering; none when `pdftoppm` is
/// missing too (the layout then finds columns from the values alone).
fn table_rules(
    opts: &Options,
    bytes: &[u8],
    lines: &[PageLines],
    widths: &[f64],
) -> Vec<raster::Rules> {
    let mut out = vec![raster::Rules::default(); lines.len()];
    let tables: Vec<usize> = (0..lines.len())
        .filter(|&i| layout::has_table(&lines[i].lines))
        .collect();
    if tables.is_empty() {
        return out;
    }
    #[cfg(feature = "pdf-vector")]
    if let Ok(drawing) = vector::Drawing::load(bytes, lines.len()) {
        let mut failed = Vec::new();
        for &p in &tables {
            match drawing.rules(p, MIN_RULE) {
                Ok(r) => out[p] = r,
                Err(_) => failed.push(p),
            }
        }
        rendered_rules(opts, bytes, &failed, lines, widths, &mut out);
        return out;
    }
    rendered_rules(opts, bytes, &tables, lines, widths, &mut out);
    out
}

/// Rules of `pages` (0-based, ascending) found in 48 dpi renderings, one `pdftoppm` run per
/// run of consecutive pages of at most [`RENDER_CHUNK`], [`MAX_RULE_PAGES`] pages at most.
fn rendered_rules(
    opts: &Options,
    bytes: &[u8],
    pages: &[usize],
    lines: &[PageLines],
    widths: &[f64],
    out: &mut [raster::Rules],
) {
    let pages = &pages[..pages.len().min(MAX_RULE_PAGES)];
    let mut k = 0;
    while k < pages.len() {
        let first = pages[k];
        let mut last = first;
        while last - first + 1 < RENDER_CHUNK && pages.get(k + 1) == Some(&(last + 1)) {
            last += 1;
            k += 1;
        }
        k += 1;
        let Some(images) = raster::render(opts, bytes, first + 1, last + 1, RULE_DPI, true) else {
            return;
        };
        for (j, mut img) in images.into_iter().enumerate() {
            let boxes: Vec<[f64; 4]> = lines[first + j]
                .lines
                .iter()
                .flat_map(|l| l.words.iter())
                .map(|w| [w.x0, w.y0, w.x1, w.y1])
                .collect();
            img.mask_text(widths[first + j], &boxes);
            out[first + j] = raster::rules(&img, widths[first + j], MIN_RULE);
        }
    }
}

/// Run pdftotext and return its XHTML, or the reason it could not read the file.
fn text_layer(bytes: &[u8], opts: &Options) -> Result<String, DecodeError> {
    let limits = &opts.limits;
    // 20 s, plus 2 s per MB: a large report takes well under a second per MB.
    let mb = u64::try_from(bytes.len() / (1024 * 1024)).unwrap_or(u64::MAX);
    let timeout = Duration::from_secs(20u64.saturating_add(mb.saturating_mul(2)).min(180))
        .min(limits.tool_timeout);
    let cap = MAX_XHTML.max(limits.max_bytes.saturating_mul(2).min(MAX_XHTML * 4));
    // One page past the limit: enough to tell that there are too many.
    let last = limits.max_pages.saturating_add(1).to_string();
    let out = run::run(
        opts,
        "pdftotext",
        &["-bbox-layout", "-enc", "UTF-8", "-l", &last, "-", "-"],
        Some(bytes),
        timeout,
        cap,
    )
    .map_err(|e| e.into_error(Tool::Pdftotext, timeout, cap))?;
    let stderr = run::summary(&out.stderr);
    if !out.status.success() {
        let lower = stderr.to_ascii_lowercase();
        if lower.contains("password") || lower.contains("encrypt") {
            return Err(DecodeError::Unsupported(Unsupported::Encrypted));
        }
        return Err(DecodeError::ToolFailed {
            tool: Tool::Pdftotext,
            status: crate::tools::status_text(out.status),
            stderr,
        });
    }
    String::from_utf8(out.stdout)
        .map_err(|e| DecodeError::corrupt_by(Format::Pdf, None, Damage::ToolOutput, e))
}

/// Word text as the layout may carry it: no control characters. A `|` printed in the PDF is
/// kept: it separates cells there as it does in the layout.
fn clean(text: &str) -> String {
    let t = text.trim();
    if t.chars().any(char::is_control) {
        t.chars().filter(|c| !c.is_control()).collect()
    } else {
        t.to_owned()
    }
}

/// A text layer mostly made of private-use code points or replacement characters: fonts
/// without a Unicode map, unreadable without OCR.
fn is_garbled(words: &[bbox::Word]) -> bool {
    let (mut bad, mut all) = (0usize, 0usize);
    for c in words.iter().flat_map(|w| w.text.chars()) {
        all += 1;
        if matches!(c, '\u{E000}'..='\u{F8FF}' | '\u{FFFD}') {
            bad += 1;
        }
    }
    all >= MIN_PAGE_CHARS && bad * 3 > all
}

/// Of the pages without usable text (0-based), those that hold an image: scans. A page with
/// neither text nor image is blank. Without `pdfimages` every such page is reported.
fn pages_needing_ocr(
    opts: &Options,
    bytes: &[u8],
    empty: &[usize],
    garbled: &[usize],
) -> Vec<usize> {
    let mut out: Vec<usize> = garbled.to_vec();
    if !empty.is_empty() {
        let with_image = pages_with_images(opts, bytes);
        out.extend(
            empty
                .iter()
                .copied()
                .filter(|p| with_image.as_ref().is_none_or(|w| w.contains(p))),
        );
    }
    out.sort_unstable();
    out.dedup();
    out
}

/// 0-based pages holding an image of at least 100,000 pixels (`pdfimages -list`), or `None`
/// when that cannot be told.
fn pages_with_images(opts: &Options, bytes: &[u8]) -> Option<Vec<usize>> {
    let out = run::run(
        opts,
        "pdfimages",
        &["-list", "-"],
        Some(bytes),
        Duration::from_secs(30),
        8 * 1024 * 1024,
    )
    .ok()?;
    if !out.status.success() {
        return None;
    }
    let text = String::from_utf8_lossy(&out.stdout);
    let mut pages = Vec::new();
    for line in text.lines().skip(2) {
        let f: Vec<&str> = line.split_whitespace().collect();
        let (Some(page), Some(w), Some(h)) = (f.first(), f.get(3), f.get(4)) else {
            continue;
        };
        let (Ok(page), Ok(w), Ok(h)) = (page.parse::<usize>(), w.parse::<u64>(), h.parse::<u64>())
        else {
            continue;
        };
        if page >= 1 && w.saturating_mul(h) >= 100_000 {
            pages.push(page - 1);
        }
    }
    Some(pages)
}

/// The in-process half of [`decode`] on pdftotext's `-bbox-layout` XHTML, without tools (no
/// rules from page images, no OCR): word boxes → lines → page furniture → rows. Only for
/// fuzzing the layout rebuild (`fuzz/fuzz_targets/pdf_layout.rs`).
pub fn layout_from_bbox(xhtml: &str) -> String {
    let mut lines: Vec<PageLines> = bbox::parse(xhtml)
        .into_iter()
        .map(|p| {
            let mut words = p.words;
            for w in &mut words {
                w.text = clean(&w.text);
            }
            words.retain(|w| !w.text.is_empty());
            PageLines {
                height: p.height,
                lines: layout::lines(words),
            }
        })
        .collect();
    furniture::strip(&mut lines);
    let none = raster::Rules::default();
    let mut carry = layout::Carry::default();
    let mut text = String::new();
    for page in &lines {
        let mut out = layout::page(&page.lines, &carry, &none);
        carry = std::mem::take(&mut out.carry);
        for l in &out.lines {
            text.push_str(l);
            text.push('\n');
        }
    }
    text
}
