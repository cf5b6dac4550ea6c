//! Scanned pages read by OCR (tesseract with `chi_sim` and `eng`), cell by cell.
//!
//! Whole-page OCR of a table page is garbage: rules are read as `1` and `|`, columns run
//! together. So the page image is cut along the table's rules first (the same rule finder as
//! for text-layer pages) and every cell is recognised on its own, the rules cropped away;
//! text outside tables is read as blocks. All crops of a page go to tesseract in one run per
//! model (a list of image files), so the models load once.
//!
//! A number is accepted only when two readings agree: digits-only recognition (`eng`, digits
//! whitelisted) and free recognition (`chi_sim`) give the same digits, or the digits-only
//! reading is highly confident. A cell that is neither an agreed number nor readable text is
//! printed as `〓` (the mark for an illegible character): never a guessed value.

use super::layout::is_value;
use super::raster::{self, Gray, HRule, VRule};
use super::run;
use crate::Options;
use crate::tools::TempDir;
use std::path::PathBuf;
use std::time::Duration;

/// Resolution pages are rendered at for OCR.
const DPI: u32 = 200;
/// Most pages read by OCR in one document.
pub(crate) const MAX_PAGES: usize = 20;
/// Shortest rule, in points.
const MIN_RULE: f64 = 14.0;
/// Confidence above which a digits-only reading stands on its own.
const SURE: f64 = 85.0;
/// Printed for a cell that could not be read.
use crate::ILLEGIBLE;

/// Whether tesseract with the Chinese and English models is installed.
pub(crate) fn available(opts: &Options) -> bool {
    let Ok(out) = run::run(
        opts,
        "tesseract",
        &["--list-langs"],
        None,
        Duration::from_secs(10),
        1 << 16,
    ) else {
        return false;
    };
    let langs =
        String::from_utf8_lossy(&out.stdout).into_owned() + &String::from_utf8_lossy(&out.stderr);
    let has = |l: &str| langs.lines().any(|x| x.trim() == l);
    out.status.success() && has("chi_sim") && has("eng")
}

/// Most pages read at the same time.
const MAX_WORKERS: usize = 8;

/// Read `pages` (0-based; `widths` of every page of the document) by OCR, several at a time
/// (one per core, each with its two recognitions side by side): the lines of each page read,
/// in page order.
pub(crate) fn read_pages(
    opts: &Options,
    bytes: &[u8],
    pages: &[usize],
    widths: &[f64],
) -> Vec<(usize, Vec<String>)> {
    use std::sync::Mutex;
    use std::sync::atomic::{AtomicUsize, Ordering};
    let workers = std::thread::available_parallelism()
        .map_or(1, std::num::NonZeroUsize::get)
        .min(MAX_WORKERS)
        .min(pages.len());
    let next = AtomicUsize::new(0);
    let done: Mutex<Vec<(usize, Vec<String>)>> = Mutex::new(Vec::new());
    std::thread::scope(|s| {
        for _ in 0..workers {
            s.spawn(|| {
                while let Some(&p) = pages.get(next.fetch_add(1, Ordering::Relaxed)) {
                    let width = widths.get(p).copied().unwrap_or(0.0);
                    if let Some(lines) = read_page(opts, bytes, p, width)
                        && let Ok(mut d) = done.lock()
                    {
                        d.push((p, lines));
                    }
                }
            });
        }
    });
    let mut out = done.into_inner().unwrap_or_default();
    out.sort_by_key(|(p, _)| *p);
    out
}

/// Read page `page` (0-based) of a PDF `page_width` points wide by OCR: its layout lines, or
/// `None` when it cannot be read (tools failing, no image).
pub(crate) fn read_page(
    opts: &Options,
    bytes: &[u8],
    page: usize,
    page_width: f64,
) -> Option<Vec<String>> {
    let img = raster::render(opts, bytes, page + 1, page + 1, DPI, false)?
        .into_iter()
        .next()?;
    let rules = raster::rules(&img, page_width, MIN_RULE);
    let scale = img.width as f64 / page_width; // pixels per point
    let grid = Grid::new(&rules.h, &rules.v);
    let mut pieces: Vec<Piece> = Vec::new();
    for (b, band) in grid.rows.iter().enumerate() {
        for (c, cell) in band.iter().enumerate() {
            if let Some(rect) = cell {
                pieces.push(Piece {
                    at: Slot::Cell(b, c),
                    rect: rect.to_px(scale),
                });
            }
        }
    }
    for (y0, y1) in grid.outside(img.height as f64 / scale) {
        pieces.push(Piece {
            at: Slot::Text(y0),
            rect: Rect {
                x0: 0.0,
                y0,
                x1: page_width,
                y1,
            }
            .to_px(scale),
        });
    }
    let dir = opts.sandbox.temp_dir("ocr").ok()?;
    let mut crops: Vec<(usize, PathBuf)> = Vec::new();
    for (k, p) in pieces.iter().enumerate() {
        let inset = matches!(p.at, Slot::Cell(..)).then_some(4).unwrap_or(0);
        if let Some(crop) = ink_crop(&img, &p.rect, inset) {
            let path = dir.path().join(format!("{k}.pgm"));
            std::fs::write(&path, pgm(&crop)).ok()?;
            crops.push((k, path));
        }
    }
    let texts = recognise(opts, &dir, &crops)?;
    // Table rows and text blocks in reading order.
    let mut lines: Vec<(f64, String)> = Vec::new();
    for (b, band) in grid.rows.iter().enumerate() {
        let cells: Vec<String> = (0..band.len())
            .map(|c| {
                pieces
                    .iter()
                    .position(|p| p.at == Slot::Cell(b, c))
                    .and_then(|k| texts.get(&k))
                    .map(cell_text)
                    .unwrap_or_default()
            })
            .collect();
        let mut s = String::from("|");
        for c in &cells {
            s.push(' ');
            s.push_str(c);
            s.push_str(" |");
        }
        lines.push((grid.tops[b], s));
    }
    for (k, p) in pieces.iter().enumerate() {
        if let (Slot::Text(y), Some(t)) = (p.at, texts.get(&k)) {
            for (i, l) in t.free.lines().filter(|l| !l.trim().is_empty()).enumerate() {
                lines.push((y + i as f64 * 1e-3, l.trim().to_owned()));
            }
        }
    }
    lines.sort_by(|a, b| a.0.total_cmp(&b.0));
    Some(lines.into_iter().map(|(_, l)| l).collect())
}

/// A rectangle (points or pixels).
#[derive(Clone, Copy, Debug, PartialEq)]
struct Rect {
    x0: f64,
    y0: f64,
    x1: f64,
    y1: f64,
}

impl Rect {
    fn to_px(self, scale: f64) -> Rect {
        Rect {
            x0: self.x0 * scale,
            y0: self.y0 * scale,
            x1: self.x1 * scale,
            y1: self.y1 * scale,
        }
    }
}

#[derive(Clone, Copy, Debug, PartialEq)]
enum Slot {
    /// Row band and cell index.
    Cell(usize, usize),
    /// A text block starting at this height (points).
    Text(f64),
}

struct Piece {
    at: Slot,
    rect: Rect,
}

/// The cells of the ruled tables of a page: for each row band (between two horizontal rules
/// crossed by vertical ones), its cells left to right; `None` for a cell covered by a cell
/// spanning from the band above.
#[derive(Debug, Default)]
struct Grid {
    tops: Vec<f64>,
    rows: Vec<Vec<Option<Rect>>>,
}

impl Grid {
    fn new(h: &[HRule], v: &[VRule]) -> Grid {
        let mut ys: Vec<f64> = h.iter().map(|r| r.y).collect();
        ys.sort_by(f64::total_cmp);
        ys.dedup_by(|a, b| (*a - *b).abs() < 3.0);
        let covers = |y: f64, x: f64| {
            h.iter()
                .any(|r| (r.y - y).abs() < 3.0 && r.x0 - 1.0 <= x && x <= r.x1 + 1.0)
        };
        let crossing = |y: f64| {
            let mut xs: Vec<f64> = v
                .iter()
                .filter(|r| r.y0 - 1.0 <= y && y <= r.y1 + 1.0)
                .map(|r| r.x)
                .collect();
            xs.sort_by(f64::total_cmp);
            xs
        };
        // Bands crossed by vertical rules, grouped into tables (each band starting where the
        // previous one ends).
        let bands: Vec<(usize, Vec<f64>)> = (0..ys.len().saturating_sub(1))
            .filter(|&i| ys[i + 1] - ys[i] >= 8.0)
            .map(|i| (i, crossing((ys[i] + ys[i + 1]) / 2.0)))
            .filter(|(_, xs)| xs.len() >= 2)
            .collect();
        // A table drawn without its outer side borders: its horizontal rules reach past the
        // outermost vertical rules, and so do its first and last cells.
        let mut edges: Vec<(f64, f64)> = Vec::with_capacity(bands.len());
        let mut start = 0;
        for k in 0..bands.len() {
            let ends_table = bands
                .get(k + 1)
                .is_none_or(|(next, _)| *next != bands[k].0 + 1);
            if ends_table {
                let (y0, y1) = (ys[bands[start].0], ys[bands[k].0 + 1]);
                let (l, r) = h
                    .iter()
                    .filter(|r| y0 - 1.0 <= r.y && r.y <= y1 + 1.0)
                    .fold((f64::INFINITY, f64::NEG_INFINITY), |(l, r), h| {
                        (l.min(h.x0), r.max(h.x1))
                    });
                edges.extend(std::iter::repeat_n((l, r), k + 1 - start));
                start = k + 1;
            }
        }
        let mut g = Grid::default();
        for ((i, mut xs), (left, right)) in bands.into_iter().zip(edges) {
            let (top, bot) = (ys[i], ys[i + 1]);
            if left < xs[0] - 8.0 {
                xs.insert(0, left);
            }
            if right > xs[xs.len() - 1] + 8.0 {
                xs.push(right);
            }
            let mut band = Vec::new();
            for w in xs.windows(2) {
                let cx = (w[0] + w[1]) / 2.0;
                if !covers(top, cx) {
                    band.push(None);
                    continue;
                }
                // Down to the first rule under this cell.
                let mut end = bot;
                for &y in &ys[i + 1..] {
                    end = y;
                    if covers(y, cx) {
                        break;
                    }
                }
                band.push(Some(Rect {
                    x0: w[0],
                    y0: top,
                    x1: w[1],
                    y1: end,
                }));
            }
            g.tops.push(top);
            g.rows.push(band);
        }
        g
    }

    /// Height ranges of the page outside every table band, in points.
    fn outside(&self, page_height: f64) -> Vec<(f64, f64)> {
        let mut covered: Vec<(f64, f64)> = self
            .rows
            .iter()
            .flat_map(|b| b.iter().flatten())
            .map(|r| (r.y0, r.y1))
            .collect();
        covered.sort_by(|a, b| a.0.total_cmp(&b.0));
        let mut out = Vec::new();
        let mut y = 0.0;
        for (a, b) in covered {
            if a > y + 8.0 {
                out.push((y, a));
            }
            y = f64::max(y, b);
        }
        if page_height > y + 8.0 {
            out.push((y, page_height));
        }
        out
    }
}

/// The part of `rect` (pixels) holding ink, `inset` pixels in from its edges (off the rules),
/// with a white margin: `None` when blank.
fn ink_crop(img: &Gray, rect: &Rect, inset: usize) -> Option<Gray> {
    let clamp = |v: f64, hi: usize| (v.max(0.0) as usize).min(hi);
    let x0 = clamp(rect.x0, img.width) + inset;
    let y0 = clamp(rect.y0, img.height) + inset;
    let x1 = clamp(rect.x1, img.width).saturating_sub(inset);
    let y1 = clamp(rect.y1, img.height).saturating_sub(inset);
    if x1 <= x0 + 2 || y1 <= y0 + 2 {
        return None;
    }
    let (mut bx0, mut by0, mut bx1, mut by1, mut ink) = (usize::MAX, usize::MAX, 0, 0, 0);
    for y in y0..y1 {
        for x in x0..x1 {
            if img.pixels.get(y * img.width + x).is_some_and(|&p| p < 128) {
                ink += 1;
                bx0 = bx0.min(x);
                by0 = by0.min(y);
                bx1 = bx1.max(x + 1);
                by1 = by1.max(y + 1);
            }
        }
    }
    if ink < 12 {
        return None;
    }
    const MARGIN: usize = 10;
    let (w, h) = (bx1 - bx0 + 2 * MARGIN, by1 - by0 + 2 * MARGIN);
    let mut pixels = vec![255u8; w * h];
    for y in by0..by1 {
        let src = &img.pixels[y * img.width + bx0..y * img.width + bx1];
        let dst = (y - by0 + MARGIN) * w + MARGIN;
        pixels[dst..dst + src.len()].copy_from_slice(src);
    }
    Some(Gray {
        width: w,
        height: h,
        pixels,
        text: Vec::new(),
    })
}

fn pgm(img: &Gray) -> Vec<u8> {
    let mut out = format!("P5\n{} {}\n255\n", img.width, img.height).into_bytes();
    out.extend_from_slice(&img.pixels);
    out
}

/// Two readings of one crop.
#[derive(Debug, Default)]
struct Reading {
    /// Free recognition (chi_sim, block).
    free: String,
    /// Digits-only recognition (eng, whitelist): text and lowest word confidence.
    digits: String,
    confidence: f64,
}

/// Run both recognitions over all crops; readings by piece index.
fn recognise(
    opts: &Options,
    dir: &TempDir,
    crops: &[(usize, PathBuf)],
) -> Option<std::collections::HashMap<usize, Reading>> {
    let mut out = std::collections::HashMap::new();
    if crops.is_empty() {
        return Some(out);
    }
    let list = dir.path().join("list.txt");
    let names: Vec<String> = crops.iter().map(|(_, p)| p.display().to_string()).collect();
    std::fs::write(&list, names.join("\n") + "\n").ok()?;
    let list = list.display().to_string();
    let timeout = Duration::from_secs(60 + crops.len() as u64 / 2).min(Duration::from_secs(600));
    // The two recognitions of the same crops run side by side (one thread each).
    let (free, digits) = std::thread::scope(|s| {
        let free = s.spawn(|| {
            run::run(
                opts,
                "tesseract",
                &[list.as_str(), "stdout", "-l", "chi_sim", "--psm", "6"],
                None,
                timeout,
                16 << 20,
            )
        });
        let digits = run::run(
            opts,
            "tesseract",
            &[
                list.as_str(),
                "stdout",
                "-l",
                "eng",
                "--psm",
                "6",
                "-c",
                "tessedit_char_whitelist=0123456789+-.,",
                "tsv",
            ],
            None,
            timeout,
            16 << 20,
        );
        (free.join().ok().and_then(Result::ok), digits.ok())
    });
    let free = free.filter(|o| o.status.success())?;
    let digits = digits.filter(|o| o.status.success())?;
    let free = String::from_utf8_lossy(&free.stdout).into_owned();
    for (k, text) in free.split('\u{c}').take(crops.len()).enumerate() {
        let e: &mut Reading = out.entry(crops[k].0).or_default();
        e.free = text.trim().to_owned();
    }
    let tsv = String::from_utf8_lossy(&digits.stdout).into_owned();
    for line in tsv.lines().skip(1) {
        let f: Vec<&str> = line.split('\t').collect();
        let (Some(&"5"), Some(page), Some(conf), Some(word)) =
            (f.first(), f.get(1), f.get(10), f.get(11))
        else {
            continue;
        };
        let (Ok(page), Ok(conf)) = (page.parse::<usize>(), conf.parse::<f64>()) else {
            continue;
        };
        let Some((piece, _)) = page.checked_sub(1).and_then(|p| crops.get(p)) else {
            continue;
        };
        let e = out.entry(*piece).or_default();
        if e.digits.is_empty() {
            e.confidence = conf;
        } else {
            e.confidence = e.confidence.min(conf);
        }
        e.digits.push_str(word.trim());
    }
    Some(out)
}

/// What a cell says: an agreed number, readable text, or the illegible mark. A number is
/// taken from a confident digits-only reading, or when the free reading is the same number;
/// otherwise Chinese text is taken as text (a label with its enumerator `1.` is not a value).
fn cell_text(r: &Reading) -> String {
    let free: String = r.free.chars().filter(|c| !c.is_whitespace()).collect();
    let digits_of = |s: &str| -> String { s.chars().filter(char::is_ascii_digit).collect() };
    let same = !digits_of(&free).is_empty() && digits_of(&free) == digits_of(&r.digits);
    if is_value(&free) && same {
        // The free reading keeps a unit written in the cell (27225290916元).
        return free;
    }
    if is_value(&r.digits) && r.confidence >= SURE {
        return r.digits.clone();
    }
    let cjk = free
        .chars()
        .filter(|c| ('\u{4e00}'..='\u{9fff}').contains(c))
        .count();
    if cjk >= 2 {
        return free;
    }
    if free.is_empty() && r.digits.is_empty() {
        return String::new();
    }
    ILLEGIBLE.to_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn reading(free: &str, digits: &str, confidence: f64) -> Reading {
        Reading {
            free: free.into(),
            digits: digits.into(),
            confidence,
        }
    }

    #[test]
    fn numbers_need_two_readings_to_agree() {
        assert_eq!(cell_text(&reading("1718", "1718", 40.0)), "1718");
        assert_eq!(cell_text(&reading("二了4站", "1718", 95.0)), "1718");
        assert_eq!(cell_text(&reading("号", "3", 60.0)), ILLEGIBLE);
        assert_eq!(
            cell_text(&reading("27225290916元", "272252909167", 0.0)),
            ILLEGIBLE
        );
        assert_eq!(
            cell_text(&reading("1.属于国家秘密", "1.", 0.0)),
            "1.属于国家秘密"
        );
        assert_eq!(
            cell_text(&reading("1.属于国家秘密", "1", 40.0)),
            "1.属于国家秘密"
        );
        assert_eq!(cell_text(&reading("0", "0", 0.0)), "0");
        assert_eq!(cell_text(&reading("2695\n4", "26954", 96.0)), "26954");
        assert_eq!(
            cell_text(&reading("（一）予以公开", "", 0.0)),
            "（一）予以公开"
        );
        assert_eq!(cell_text(&reading("", "", 0.0)), "");
    }

    #[test]
    fn cells_follow_the_rules_and_spans() {
        // Two bands, three columns; the first column spans both bands.
        let h = [
            HRule {
                y: 10.0,
                x0: 0.0,
                x1: 300.0,
                cut: None,
            },
            HRule {
                y: 40.0,
                x0: 100.0,
                x1: 300.0,
                cut: None,
            },
            HRule {
                y: 70.0,
                x0: 0.0,
                x1: 300.0,
                cut: None,
            },
        ];
        let v = [0.0, 100.0, 200.0, 300.0].map(|x| VRule {
            x,
            y0: 10.0,
            y1: 70.0,
        });
        let g = Grid::new(&h, &v);
        assert_eq!(g.rows.len(), 2);
        assert_eq!(g.rows[0].len(), 3);
        assert_eq!(g.rows[0][0].map(|r| r.y1), Some(70.0));
        assert_eq!(g.rows[1][0], None);
        assert_eq!(g.rows[1][1].map(|r| (r.y0, r.y1)), Some((40.0, 70.0)));
        assert_eq!(g.outside(100.0), vec![(0.0, 10.0), (70.0, 100.0)]);
    }
}
