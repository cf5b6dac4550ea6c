//! The XHTML of `pdftotext -bbox-layout` → pages of positioned words.
//!
//! The output has a fixed shape (`<page width height>` holding `<word xMin yMin xMax yMax>text
//! </word>` inside flow/block/line elements), so a small scanner reads it: no DOM, and no
//! trust in pdftotext's own grouping into blocks, which merges neighbouring table cells.
//! Coordinates are PDF points with y growing downwards.

/// A word with its box.
#[derive(Clone, Debug, PartialEq)]
pub(crate) struct Word {
    pub x0: f64,
    pub y0: f64,
    pub x1: f64,
    pub y1: f64,
    pub text: String,
}

impl Word {
    pub fn height(&self) -> f64 {
        self.y1 - self.y0
    }
}

#[derive(Clone, Debug, Default, PartialEq)]
pub(crate) struct Page {
    pub width: f64,
    pub height: f64,
    pub words: Vec<Word>,
}

/// Pages of the document, in order. Malformed pieces are skipped, never trusted: a word whose
/// box is not finite or has no extent is dropped.
pub(crate) fn parse(xhtml: &str) -> Vec<Page> {
    let mut pages = Vec::new();
    let mut rest = xhtml;
    while let Some(i) = rest.find("<page ") {
        rest = &rest[i + "<page ".len()..];
        let head_end = rest.find('>').unwrap_or(rest.len());
        let head = &rest[..head_end];
        let body_end = rest.find("</page>").unwrap_or(rest.len());
        let body = &rest[head_end.min(body_end)..body_end];
        pages.push(Page {
            width: attr(head, "width").unwrap_or(0.0),
            height: attr(head, "height").unwrap_or(0.0),
            words: words(body),
        });
        rest = &rest[body_end..];
    }
    pages
}

fn words(body: &str) -> Vec<Word> {
    let mut out = Vec::new();
    let mut rest = body;
    while let Some(i) = rest.find("<word ") {
        rest = &rest[i + "<word ".len()..];
        let Some(head_end) = rest.find('>') else {
            break;
        };
        let head = &rest[..head_end];
        let text_start = head_end + 1;
        let text_end = rest[text_start..]
            .find("</word>")
            .map_or(rest.len(), |e| text_start + e);
        let raw = &rest[text_start..text_end];
        rest = &rest[text_end..];
        let (Some(x0), Some(y0), Some(x1), Some(y1)) = (
            attr(head, "xMin"),
            attr(head, "yMin"),
            attr(head, "xMax"),
            attr(head, "yMax"),
        ) else {
            continue;
        };
        let text = unescape(raw);
        if text.trim().is_empty() || x1 < x0 || y1 <= y0 {
            continue;
        }
        out.push(Word {
            x0,
            y0,
            x1,
            y1,
            text,
        });
    }
    out
}

/// Whether a character is set on a square body (CJK ideographs, kana, full-width forms and
/// CJK punctuation): its advance is the font size.
fn square(c: char) -> bool {
    matches!(c,
        '\u{3000}'..='\u{30FF}' | '\u{3400}'..='\u{4DBF}' | '\u{4E00}'..='\u{9FFF}'
        | '\u{F900}'..='\u{FAFF}' | '\u{FF01}'..='\u{FF60}')
}

/// Words whose box is far taller than their font: fit them to it.
///
/// poppler sizes a word's box from its font's ascent and descent; a Type 3 font (Chromium
/// embeds CJK OpenType fonts that way) gives its whole glyph bounding box instead, about 2.6
/// times the font size for Noto CJK, so that the boxes of consecutive lines overlap and a
/// line's CJK words sit higher than its digits (set in another font). A word of square
/// characters shows its font size (its width over its length); a box taller than
/// [`TALL`] font sizes is cut to [`FITTED`] font sizes, centred where the ordinary words
/// set right beside such words on the page have their centres (half-way when there are
/// none). Other words of the same box height (the same font, with Latin letters in it) are
/// fitted the same way.
pub(crate) fn fit_tall_boxes(words: &mut [Word]) {
    // (box height, font size) of tall fonts, from words of square characters.
    let mut fonts: Vec<(f64, f64)> = Vec::new();
    for w in words.iter() {
        let n = w.text.chars().count();
        if n == 0 || !w.text.chars().all(square) {
            continue;
        }
        let em = (w.x1 - w.x0) / n as f64;
        if em > 0.0
            && w.height() > TALL * em
            && fonts.len() < MAX_FONTS
            && !fonts.iter().any(|f| (f.0 - w.height()).abs() < 0.05)
        {
            fonts.push((w.height(), em));
        }
    }
    if fonts.is_empty() {
        return;
    }
    let em_of = |w: &Word| {
        fonts
            .iter()
            .find(|f| (f.0 - w.height()).abs() < 0.05)
            .map(|f| f.1)
    };
    // Offsets (in font sizes) from a tall word's centre to the centre of an ordinary word set
    // right beside it. Ordinary words are looked up by their edges (sorted), so that a page of
    // many words costs n log n; a few hundred tall words are enough to sample.
    let tall: Vec<Option<f64>> = words.iter().map(em_of).collect();
    let mut by_x0: Vec<(f64, usize)> = Vec::new();
    let mut by_x1: Vec<(f64, usize)> = Vec::new();
    for (i, w) in words.iter().enumerate() {
        if tall[i].is_none() {
            by_x0.push((w.x0, i));
            by_x1.push((w.x1, i));
        }
    }
    by_x0.sort_by(|a, b| a.0.total_cmp(&b.0));
    by_x1.sort_by(|a, b| a.0.total_cmp(&b.0));
    fn near(sorted: &[(f64, usize)], x: f64, tol: f64) -> impl Iterator<Item = usize> + '_ {
        let from = sorted.partition_point(|e| e.0 < x - tol);
        sorted[from..]
            .iter()
            .take_while(move |e| e.0 <= x + tol)
            .take(16)
            .map(|e| e.1)
    }
    let mut offsets: Vec<f64> = Vec::new();
    for (t, em) in words
        .iter()
        .zip(&tall)
        .filter_map(|(t, em)| em.map(|em| (t, em)))
        .take(256)
    {
        let beside = near(&by_x0, t.x1, 0.3 * em).chain(near(&by_x1, t.x0, 0.3 * em));
        for n in beside.map(|i| &words[i]) {
            if n.height() <= TALL * em && n.y0 >= t.y0 && n.y1 <= t.y1 {
                offsets.push(((n.y0 + n.y1) - (t.y0 + t.y1)) / 2.0 / em);
            }
        }
        if offsets.len() >= 64 {
            break;
        }
    }
    offsets.sort_by(f64::total_cmp);
    let shift = offsets
        .get(offsets.len() / 2)
        .copied()
        .unwrap_or(0.0)
        .clamp(-0.5, 0.5);
    for w in words.iter_mut() {
        if let Some(em) = em_of(w) {
            let c = (w.y0 + w.y1) / 2.0 + shift * em;
            w.y0 = c - FITTED * em / 2.0;
            w.y1 = c + FITTED * em / 2.0;
        }
    }
}

/// Most tall fonts told apart on a page.
const MAX_FONTS: usize = 16;
/// A box taller than this many font sizes is not the font's ascent and descent.
const TALL: f64 = 1.8;
/// Height a fitted box is given, in font sizes: about that of ordinary CJK fonts' boxes.
const FITTED: f64 = 1.4;

/// A numeric attribute `name="…"` of a start tag's attribute text.
fn attr(head: &str, name: &str) -> Option<f64> {
    let mut from = 0;
    while let Some(i) = head[from..].find(name) {
        let at = from + i;
        let after = &head[at + name.len()..];
        let before_ok = at == 0 || head.as_bytes().get(at - 1) == Some(&b' ');
        if before_ok && let Some(v) = after.strip_prefix("=\"") {
            let end = v.find('"')?;
            return v[..end].parse::<f64>().ok().filter(|x| x.is_finite());
        }
        from = at + name.len();
    }
    None
}

/// Decode the five XML entities pdftotext writes, and numeric references.
fn unescape(raw: &str) -> String {
    if !raw.contains('&') {
        return raw.to_owned();
    }
    let mut out = String::with_capacity(raw.len());
    let mut rest = raw;
    while let Some(i) = rest.find('&') {
        out.push_str(&rest[..i]);
        rest = &rest[i..];
        let end = rest.find(';').filter(|&e| e <= 12);
        let decoded = end.and_then(|e| entity(&rest[1..e]).map(|c| (c, e)));
        match decoded {
            Some((c, e)) => {
                out.push(c);
                rest = &rest[e + 1..];
            }
            None => {
                out.push('&');
                rest = &rest[1..];
            }
        }
    }
    out.push_str(rest);
    out
}

fn entity(name: &str) -> Option<char> {
    match name {
        "amp" => Some('&'),
        "lt" => Some('<'),
        "gt" => Some('>'),
        "quot" => Some('"'),
        "apos" => Some('\''),
        _ => {
            let n = name.strip_prefix('#')?;
            let code = match n.strip_prefix(['x', 'X']) {
                Some(hex) => u32::from_str_radix(hex, 16).ok()?,
                None => n.parse().ok()?,
            };
            char::from_u32(code)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pages_and_words_are_read() {
        let x = r#"<doc>
  <page width="595.3" height="841.9">
    <flow><block xMin="1" yMin="2" xMax="3" yMax="4"><line xMin="1" yMin="2" xMax="3" yMax="4">
      <word xMin="56.8" yMin="148.4" xMax="128.8" yMax="164.0">据统计&amp;期限</word>
      <word xMin="131.2" yMin="148.4" xMax="161.7" yMax="164.0">2020</word>
    </line></block></flow>
  </page>
  <page width="595.3" height="841.9">
  </page>
</doc>"#;
        let pages = parse(x);
        assert_eq!(pages.len(), 2);
        assert_eq!(pages[0].words.len(), 2);
        assert_eq!(pages[0].words[0].text, "据统计&期限");
        assert!((pages[0].words[1].x0 - 131.2).abs() < 1e-9);
        assert!(pages[1].words.is_empty());
        assert!((pages[1].height - 841.9).abs() < 1e-9);
    }

    #[test]
    fn type3_boxes_are_fitted_to_their_font() {
        let w = |x0: f64, y0: f64, x1: f64, y1: f64, t: &str| Word {
            x0,
            y0,
            x1,
            y1,
            text: t.into(),
        };
        // Chromium: 12 pt CJK in a Type 3 font (box 31.2 pt high), digits in DejaVu.
        let mut words = vec![
            w(37.5, 22.2, 85.5, 53.4, "行政强制"),
            w(85.5, 33.86, 93.1, 47.83, "0"),
            w(93.1, 22.2, 105.1, 53.4, "件"),
            w(37.5, 53.7, 93.5, 84.9, "AB第二"),
        ];
        fit_tall_boxes(&mut words);
        let c = |w: &Word| (w.y0 + w.y1) / 2.0;
        assert!((words[0].height() - 16.8).abs() < 1e-6);
        assert!((c(&words[0]) - c(&words[1])).abs() < 1e-6);
        assert!(
            (words[3].height() - 16.8).abs() < 1e-6,
            "same font, same fit"
        );
        assert!(
            (words[1].height() - 13.97).abs() < 1e-6,
            "ordinary words unchanged"
        );
    }

    #[test]
    fn fitting_many_words_takes_bounded_time() {
        // 200,000 words, half in a tall font, none beside another: no quadratic search.
        let words: Vec<Word> = (0..200_000)
            .map(|i| {
                let (x, y) = (f64::from(i % 400) * 30.0, f64::from(i / 400) * 40.0);
                let tall = i % 2 == 0;
                Word {
                    x0: x,
                    y0: y,
                    x1: x + 12.0,
                    y1: y + if tall { 31.2 } else { 14.0 },
                    text: if tall { "字".into() } else { "12".into() },
                }
            })
            .collect();
        let mut words = words;
        let start = std::time::Instant::now();
        fit_tall_boxes(&mut words);
        assert!(start.elapsed().as_secs() < 5, "{:?}", start.elapsed());
        assert!((words[0].height() - 16.8).abs() < 1e-6);
    }

    #[test]
    fn malformed_words_are_dropped() {
        let x = r#"<page width="10" height="10"><word xMin="nan" yMin="1" xMax="2" yMax="3">a</word><word xMin="1" yMin="5" xMax="2" yMax="3">b</word><word xMin="1" yMin="1" xMax="2" yMax="3">&#x4e00;&bogus;</word><word xMin="1""#;
        let pages = parse(x);
        assert_eq!(pages.len(), 1);
        let texts: Vec<_> = pages[0].words.iter().map(|w| w.text.as_str()).collect();
        assert_eq!(texts, ["一&bogus;"]);
    }
}
