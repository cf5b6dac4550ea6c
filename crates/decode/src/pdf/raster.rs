//! Page images (`pdftoppm`, grey, one byte per pixel) and the rules of tables found in them.
//!
//! pdftotext gives words but not the lines a table is drawn with. Rendering a page without
//! anti-aliasing and with thin lines forced to one solid pixel makes every rule a run of dark
//! pixels far longer than any stroke of a glyph; the vertical ones are the column boundaries
//! of each row, exact even where a column is empty in every row.

use super::run;
use crate::Options;
use std::time::Duration;

/// A greyscale image: `pixels[y * width + x]`, 0 black, 255 white.
#[derive(Debug, Default)]
pub(crate) struct Gray {
    pub width: usize,
    pub height: usize,
    pub pixels: Vec<u8>,
    /// Pixels covered by text (word boxes), when known: they do not count against a rule's
    /// thinness (failure class 13c: at 48 dpi, text set 1 pt from a rule touches it, and the
    /// rule looked like a glyph stroke).
    pub text: Vec<bool>,
}

impl Gray {
    /// Drawn: darker than the light fills of header cells (rules are often grey, not black).
    fn dark(&self, x: usize, y: usize) -> bool {
        self.pixels
            .get(y * self.width + x)
            .is_some_and(|&p| p < 170)
    }

    /// Dark, and not text: what makes a run not thin.
    fn ink(&self, x: usize, y: usize) -> bool {
        self.dark(x, y) && !self.text.get(y * self.width + x).copied().unwrap_or(false)
    }

    /// Mark the pixels of word boxes (in points, on a page `page_width` wide) as text.
    pub(crate) fn mask_text(&mut self, page_width: f64, boxes: &[[f64; 4]]) {
        if self.width == 0 || page_width <= 0.0 {
            return;
        }
        let scale = self.width as f64 / page_width;
        self.text = vec![false; self.width * self.height];
        let px = |v: f64, max: usize| ((v * scale).max(0.0) as usize).min(max);
        for b in boxes {
            let (x0, x1) = (px(b[0], self.width), px(b[2].ceil(), self.width));
            let (y0, y1) = (px(b[1], self.height), px(b[3].ceil(), self.height));
            for y in y0..y1 {
                self.text[y * self.width + x0..y * self.width + x1].fill(true);
            }
        }
    }

    /// Whether the run at column `x`, rows `y0..y1`, is a thin line: at most points along it
    /// the pixels three columns to each side are light (or text). A filled area or a bold
    /// glyph is dark there; text set close to a rule only here and there.
    fn thin(&self, x: usize, y0: usize, y1: usize) -> bool {
        let light =
            |x: Option<usize>, y: usize| x.is_none_or(|x| x >= self.width || !self.ink(x, y));
        let (mut ok, mut all) = (0, 0);
        for y in (y0..y1).step_by(2) {
            all += 1;
            if light(x.checked_sub(3), y) && light(Some(x + 3), y) {
                ok += 1;
            }
        }
        ok * 10 >= all * 6
    }
}

/// Render pages `first..=last` (1-based) at `dpi` with `pdftoppm` (`solid_lines`: no
/// anti-aliasing, thin lines one solid pixel); `None` when the tool is
/// missing or fails (the caller goes on without images).
pub(crate) fn render(
    opts: &Options,
    bytes: &[u8],
    first: usize,
    last: usize,
    dpi: u32,
    solid_lines: bool,
) -> Option<Vec<Gray>> {
    let (f, l, r) = (first.to_string(), last.to_string(), dpi.to_string());
    let mut args: Vec<&str> = vec!["-gray", "-r", &r, "-f", &f, "-l", &l];
    if solid_lines {
        args.extend(["-aa", "no", "-aaVector", "no", "-thinlinemode", "solid"]);
    }
    args.push("-");
    let pages = last.saturating_sub(first) + 1;
    // A4 at 72 dpi is 0.5 MB; allow twice that per page at the requested resolution.
    let per_page = 2 * 842 * 596 * (dpi as usize * dpi as usize) / (72 * 72);
    let out = run::run(
        opts,
        "pdftoppm",
        &args,
        Some(bytes),
        Duration::from_secs(10 + 2 * pages as u64),
        per_page.saturating_mul(pages).max(1 << 20),
    )
    .ok()?;
    if !out.status.success() {
        return None;
    }
    let images = parse_pgm_stream(&out.stdout);
    (images.len() == pages).then_some(images)
}

/// Concatenated binary PGM (`P5`) images.
pub(crate) fn parse_pgm_stream(mut data: &[u8]) -> Vec<Gray> {
    let mut out = Vec::new();
    while let Some((img, rest)) = parse_pgm(data) {
        out.push(img);
        data = rest;
    }
    out
}

fn parse_pgm(data: &[u8]) -> Option<(Gray, &[u8])> {
    let data = data.strip_prefix(b"P5")?;
    let mut fields = [0usize; 3];
    let mut pos = 0;
    for f in &mut fields {
        // whitespace and comments, then a decimal number
        loop {
            match data.get(pos)? {
                b'#' => {
                    while *data.get(pos)? != b'\n' {
                        pos += 1;
                    }
                }
                c if c.is_ascii_whitespace() => pos += 1,
                _ => break,
            }
        }
        let start = pos;
        while data.get(pos).is_some_and(u8::is_ascii_digit) {
            pos += 1;
        }
        *f = std::str::from_utf8(&data[start..pos]).ok()?.parse().ok()?;
    }
    let [width, height, maxval] = fields;
    if maxval == 0 || maxval > 255 || width == 0 || height == 0 {
        return None;
    }
    pos += 1; // the single whitespace after maxval
    let n = width.checked_mul(height)?;
    let pixels = data.get(pos..pos.checked_add(n)?)?.to_vec();
    let rest = &data[pos + n..];
    Some((
        Gray {
            width,
            height,
            pixels,
            text: Vec::new(),
        },
        rest,
    ))
}

/// The rules of a page, in page points.
#[derive(Clone, Debug, Default)]
pub(crate) struct Rules {
    pub v: Vec<VRule>,
    pub h: Vec<HRule>,
}

/// A horizontal rule, in page points.
#[derive(Clone, Copy, Debug, PartialEq)]
pub(crate) struct HRule {
    pub y: f64,
    pub x0: f64,
    pub x1: f64,
    /// The drawing went on past `x1` and was clipped there (a table wider than the page, cut
    /// at its margin): what lies beyond is not on the page. Known from the vector drawing;
    /// `None` when found in an image, where a clipped rule looks like one that ends.
    pub cut: Option<bool>,
}

/// Rules at least `min_len` points long in an image of a page `page_width` points wide.
pub(crate) fn rules(img: &Gray, page_width: f64, min_len: f64) -> Rules {
    Rules {
        v: vertical_rules(img, page_width, min_len),
        h: horizontal_rules(img, page_width, min_len),
    }
}

/// Horizontal rules: runs of dark pixels along a pixel row, thin (light three rows above and
/// below), neighbouring rows of one thick line merged.
fn horizontal_rules(img: &Gray, page_width: f64, min_len: f64) -> Vec<HRule> {
    if img.width == 0 || page_width <= 0.0 {
        return Vec::new();
    }
    let scale = page_width / img.width as f64;
    let min_px = (min_len / scale).ceil().max(2.0) as usize;
    let light = |x: usize, y: Option<usize>| y.is_none_or(|y| y >= img.height || !img.ink(x, y));
    let mut out: Vec<HRule> = Vec::new();
    for y in 0..img.height {
        let mut x = 0;
        while x < img.width {
            if !img.dark(x, y) {
                x += 1;
                continue;
            }
            let start = x;
            while x < img.width && img.dark(x, y) {
                x += 1;
            }
            if x - start < min_px {
                continue;
            }
            let (mut ok, mut all) = (0, 0);
            for sx in (start..x).step_by(2) {
                all += 1;
                if light(sx, y.checked_sub(3)) && light(sx, Some(y + 3)) {
                    ok += 1;
                }
            }
            if ok * 10 < all * 6 {
                continue;
            }
            let r = HRule {
                y: (y as f64 + 0.5) * scale,
                x0: start as f64 * scale,
                x1: x as f64 * scale,
                cut: None,
            };
            match out
                .iter_mut()
                .rev()
                .take_while(|o| r.y - o.y < 3.0)
                .find(|o| r.x0 <= o.x1 && o.x0 <= r.x1)
            {
                Some(o) => {
                    o.x0 = o.x0.min(r.x0);
                    o.x1 = o.x1.max(r.x1);
                }
                None => out.push(r),
            }
        }
    }
    out
}

/// A vertical rule, in page points.
#[derive(Clone, Copy, Debug, PartialEq)]
pub(crate) struct VRule {
    pub x: f64,
    pub y0: f64,
    pub y1: f64,
}

/// Vertical rules at least `min_len` points long in an image of a page `page_width` points
/// wide. Neighbouring pixel columns of one thick line, and the two lines of a double border,
/// become one rule.
fn vertical_rules(img: &Gray, page_width: f64, min_len: f64) -> Vec<VRule> {
    if img.width == 0 || page_width <= 0.0 {
        return Vec::new();
    }
    let scale = page_width / img.width as f64;
    let min_px = (min_len / scale).ceil().max(2.0) as usize;
    let mut segs: Vec<VRule> = Vec::new();
    for x in 0..img.width {
        let mut y = 0;
        while y < img.height {
            if !img.dark(x, y) {
                y += 1;
                continue;
            }
            let start = y;
            while y < img.height && img.dark(x, y) {
                y += 1;
            }
            if y - start >= min_px && img.thin(x, start, y) {
                segs.push(VRule {
                    x: (x as f64 + 0.5) * scale,
                    y0: start as f64 * scale,
                    y1: y as f64 * scale,
                });
            }
        }
    }
    // Merge segments closer than 4 pt horizontally that overlap vertically.
    segs.sort_by(|a, b| a.x.total_cmp(&b.x));
    let mut out: Vec<VRule> = Vec::new();
    for s in segs {
        match out
            .iter_mut()
            .rev()
            .take_while(|o| s.x - o.x < 4.0)
            .find(|o| s.y0 <= o.y1 && o.y0 <= s.y1)
        {
            Some(o) => {
                o.y0 = o.y0.min(s.y0);
                o.y1 = o.y1.max(s.y1);
            }
            None => out.push(s),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pgm_streams_are_split_into_images() {
        let mut data = b"P5\n3 2\n255\n".to_vec();
        data.extend([0, 255, 0, 0, 255, 0]);
        data.extend(b"P5 # c\n1 1 255 ");
        data.push(7);
        let imgs = parse_pgm_stream(&data);
        assert_eq!(imgs.len(), 2);
        assert_eq!(imgs[0].pixels, [0, 255, 0, 0, 255, 0]);
        assert_eq!(imgs[1].pixels, [7]);
        assert!(parse_pgm_stream(b"P5\n3 2\n255\n\x00").is_empty());
    }

    #[test]
    fn long_vertical_runs_are_rules() {
        // 10 × 40 image, 1 pt per pixel: a rule at x = 2 (rows 0..30), a double line at 6/7,
        // a short stroke at x = 9.
        let mut img = Gray {
            width: 10,
            height: 40,
            pixels: vec![255; 400],
            text: Vec::new(),
        };
        for y in 0..30 {
            img.pixels[y * 10 + 2] = 0;
            img.pixels[y * 10 + 6] = 0;
            img.pixels[y * 10 + 7] = 0;
        }
        for y in 32..39 {
            img.pixels[y * 10 + 9] = 0;
        }
        let rules = rules(&img, 10.0, 14.0).v;
        let xs: Vec<f64> = rules.iter().map(|r| r.x).collect();
        assert_eq!(xs, [2.5, 6.5]);
        assert!((rules[0].y1 - 30.0).abs() < 1e-9);
    }

    #[test]
    fn text_touching_a_rule_does_not_hide_it() {
        // A rule at x = 5 with a glyph touching it on the right (x = 6..9) along its length:
        // not thin, unless the glyph is known to be text.
        let mut img = Gray {
            width: 12,
            height: 40,
            pixels: vec![255; 480],
            text: Vec::new(),
        };
        for y in 0..30 {
            img.pixels[y * 12 + 5] = 0;
            if y % 10 < 8 {
                for x in 6..10 {
                    img.pixels[y * 12 + x] = 0;
                }
            }
        }
        assert!(
            rules(&img, 12.0, 14.0)
                .v
                .iter()
                .all(|r| (r.x - 5.5).abs() > 1.0)
        );
        img.mask_text(12.0, &[[6.0, 0.0, 10.0, 30.0]]);
        let v = rules(&img, 12.0, 14.0).v;
        assert!(v.iter().any(|r| (r.x - 5.5).abs() < 1e-9), "{v:?}");
    }

    #[test]
    fn long_horizontal_runs_are_rules() {
        let mut img = Gray {
            width: 40,
            height: 12,
            pixels: vec![255; 480],
            text: Vec::new(),
        };
        for x in 2..38 {
            img.pixels[5 * 40 + x] = 0;
            img.pixels[6 * 40 + x] = 0;
        }
        let h = rules(&img, 40.0, 14.0).h;
        assert_eq!(h.len(), 1);
        assert!((h[0].x0 - 2.0).abs() < 1e-9 && (h[0].x1 - 38.0).abs() < 1e-9);
    }
}
