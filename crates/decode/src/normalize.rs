//! The normalised views used for matching labels and reading numbers.
//!
//! `normalize` folds the variation that does not change meaning — full-width forms, bracket,
//! quote and dash variants, odd spaces, traditional characters, pinyin annotations inside
//! labels (`項(xiàng)`) — and keeps line structure. `compact` further drops whitespace and
//! table separators so that a label broken by spaces or lines (`商业 企业`, `行    政    诉    讼`,
//! `本年新\n制作数量`) matches as one. Both map every byte back to the text they came from.

use crate::mapped::{MappedText, MappedTextBuilder};
use unicode_normalization::char::decompose_compatible;

/// Normalise `text`; offsets of the result map into `text`.
pub fn normalize(text: &str) -> MappedText {
    let simplified = to_simplified(text);
    let mut out = MappedText::builder(text.len());
    let mut pending_cr: Option<usize> = None;
    for ((origin, _), c) in text.char_indices().zip(simplified.chars()) {
        if let Some(o) = pending_cr.take()
            && c != '\n'
        {
            out.push('\n', o);
        }
        if c == '\r' {
            pending_cr = Some(origin);
            continue;
        }
        if c == '\u{8}' {
            // Overstrike (`X\bX` bold, `_\bX` underline, as html2text and man pages print):
            // the character after the backspace is the one shown.
            let keep = out
                .as_str()
                .char_indices()
                .next_back()
                .map_or(0, |(i, _)| i);
            out.truncate(keep);
            continue;
        }
        push_normalized(&mut out, c, origin);
    }
    if let Some(o) = pending_cr {
        out.push('\n', o);
    }
    out.finish(text.len())
}

/// Traditional → simplified, character for character (so offsets stay aligned). Skipped when
/// the text has no character the conversion would change.
fn to_simplified(text: &str) -> std::borrow::Cow<'_, str> {
    let converted = fast2s::convert(text);
    if converted == text {
        std::borrow::Cow::Borrowed(text)
    } else {
        // Converted pages change words too (规范性文件 → 規範性檔案): map them back. Each pair
        // has as many characters on both sides, so characters stay aligned with the source.
        let mut s = converted;
        for (printed, format) in gongkai_format::TRADITIONAL_VOCABULARY {
            if s.contains(printed) {
                s = s.replace(printed, format);
            }
        }
        std::borrow::Cow::Owned(s)
    }
}

fn push_normalized(out: &mut MappedTextBuilder, c: char, origin: usize) {
    if c.is_ascii() {
        // html2text pads table cells with `_`: padding, like a space.
        out.push(if c == '_' { ' ' } else { c }, origin);
        if c == ')' {
            drop_pinyin_annotation(out);
        }
        return;
    }
    if let Some(r) = simple_fold(c) {
        if let Some(r) = r {
            out.push(r, origin);
        }
        return;
    }
    if needs_compat(c) {
        let mut parts = [None; 8];
        let mut n = 0;
        decompose_compatible(c, |d| {
            if let Some(slot) = parts.get_mut(n) {
                *slot = Some(d);
            }
            n += 1;
        });
        if n <= parts.len() {
            for d in parts.iter().flatten() {
                match simple_fold(*d) {
                    Some(Some(r)) => out.push(r, origin),
                    Some(None) => {}
                    None => out.push(*d, origin),
                }
            }
            if parts.iter().flatten().any(|&d| d == ')') {
                drop_pinyin_annotation(out);
            }
            return;
        }
    }
    out.push(c, origin);
}

/// Folds that need no decomposition table. `Some(None)` drops the character.
fn simple_fold(c: char) -> Option<Option<char>> {
    Some(match c {
        '\u{3000}' | '\u{00A0}' | '\u{2000}'..='\u{200A}' | '\u{202F}' | '\u{205F}' => Some(' '),
        '\u{200B}'..='\u{200D}' | '\u{2060}' | '\u{FEFF}' | '\u{00AD}' => None,
        '“' | '”' | '„' | '‟' | '″' | '＂' | '〝' | '〞' => Some('"'),
        '‘' | '’' | '‚' | '‛' | '′' | '＇' => Some('\''),
        '\u{2010}'..='\u{2015}'
        | '\u{2212}'
        | '\u{FE58}'
        | '\u{FE63}'
        | '\u{FF0D}'
        | '\u{2E3A}'
        | '\u{2E3B}' => Some('-'),
        // Tables drawn by text browsers (w3m) and converters: vertical rules and junctions are
        // cell separators, horizontal rules are rule lines; html2text pads cells with `_`.
        '│'
        | '┃'
        | '║'
        | '┆'
        | '┇'
        | '┊'
        | '┋'
        | '╎'
        | '╏'
        | '\u{250C}'..='\u{254B}'
        | '\u{2552}'..='\u{2570}'
        | '\u{2574}'..='\u{257F}' => Some('|'),
        '─' | '━' | '═' | '┄' | '┅' | '┈' | '┉' | '╌' | '╍' => Some('-'),
        '【' | '〔' | '［' => Some('['),
        '】' | '〕' | '］' => Some(']'),
        _ => return None,
    })
}

/// Blocks whose compatibility decomposition is wanted: punctuation, enclosed and full-width
/// forms, Kangxi radicals (PDF text layers use them for ordinary characters), compatibility
/// ideographs. Letters with diacritics are left alone (pinyin keeps its tone marks).
fn needs_compat(c: char) -> bool {
    matches!(c,
        '\u{2000}'..='\u{2BFF}'
        | '\u{2E80}'..='\u{2FDF}'
        | '\u{3000}'..='\u{303F}'
        | '\u{3200}'..='\u{33FF}'
        | '\u{F900}'..='\u{FAFF}'
        | '\u{FE10}'..='\u{FE6F}'
        | '\u{FF00}'..='\u{FFEF}')
}

pub(crate) fn is_cjk(c: char) -> bool {
    matches!(c, '\u{4E00}'..='\u{9FFF}' | '\u{3400}'..='\u{4DBF}' | '\u{F900}'..='\u{FAFF}' | '\u{20000}'..='\u{2FFFF}')
}

fn is_pinyin_letter(c: char) -> bool {
    c.is_ascii_lowercase()
        || matches!(
            c,
            'ā' | 'á'
                | 'ǎ'
                | 'à'
                | 'ē'
                | 'é'
                | 'ě'
                | 'è'
                | 'ī'
                | 'í'
                | 'ǐ'
                | 'ì'
                | 'ō'
                | 'ó'
                | 'ǒ'
                | 'ò'
                | 'ū'
                | 'ú'
                | 'ǔ'
                | 'ù'
                | 'ǖ'
                | 'ǘ'
                | 'ǚ'
                | 'ǜ'
                | 'ü'
                | 'ń'
                | 'ň'
                | 'ǹ'
        )
}

/// After a `)`: if the text ends with `汉(pinyin)`, drop the annotation.
fn drop_pinyin_annotation(out: &mut MappedTextBuilder) {
    let s = out.as_str();
    let Some(body) = s.strip_suffix(')') else {
        return;
    };
    let Some(open) = body.rfind('(') else {
        return;
    };
    let inner = &body[open + 1..];
    let letters = inner.chars().count();
    if !(1..=7).contains(&letters) || !inner.chars().all(is_pinyin_letter) {
        return;
    }
    // Plain ASCII words are only annotations when they carry no capitals; one tone mark
    // settles it, otherwise require a CJK character right before.
    if body[..open].chars().next_back().is_some_and(is_cjk) {
        out.truncate(open);
    }
}

/// Characters left out of the compact view: whitespace, table separators, quotes and Markdown
/// emphasis, none of which is part of a label.
pub fn is_compact_noise(c: char) -> bool {
    c.is_whitespace() || matches!(c, '|' | '"' | '\'' | '*' | '#' | '`' | '>')
}

/// Drop whitespace and separators from a normalised text; offsets map into the normalised text.
pub fn compact(norm: &MappedText) -> MappedText {
    let s = norm.as_str();
    let mut out = MappedText::builder(s.len());
    for (i, c) in s.char_indices() {
        if !is_compact_noise(c) {
            out.push(c, i);
            if c == ')' {
                drop_year_in_label(&mut out);
            }
        }
    }
    out.finish(s.len())
}

/// `本年(2023)制发件数`: a year in brackets inside a label is not part of the label.
fn drop_year_in_label(out: &mut MappedTextBuilder) {
    let s = out.as_str();
    let Some(body) = s.strip_suffix(')') else {
        return;
    };
    let Some(open) = body.rfind('(') else { return };
    let inner = body[open + 1..].trim_end_matches('年');
    let before_cjk = body[..open].chars().next_back().is_some_and(is_cjk);
    if before_cjk
        && inner.len() == 4
        && inner.bytes().all(|b| b.is_ascii_digit())
        && inner.starts_with(['1', '2'])
    {
        out.truncate(open);
    }
}

/// Normalise a label from the format data the way documents are normalised, compactly.
pub fn compact_label(label: &str) -> String {
    let n = normalize(label);
    n.as_str()
        .chars()
        .filter(|c| !is_compact_noise(*c))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn n(s: &str) -> String {
        normalize(s).as_str().to_owned()
    }

    #[test]
    fn full_width_forms_fold_to_ascii() {
        assert_eq!(n("（一）１２３，：；"), "(一)123,:;");
        assert_eq!(n("　　0"), "  0");
    }

    #[test]
    fn quotes_dashes_and_brackets_fold() {
        assert_eq!(n("危及“三安全一稳定”"), "危及\"三安全一稳定\"");
        assert_eq!(n("— 3 —"), "- 3 -");
        assert_eq!(n("国办函〔2020〕109号"), "国办函[2020]109号");
    }

    #[test]
    fn enclosed_numerals_expand() {
        assert_eq!(n("㈠予以公开"), "(一)予以公开");
        assert_eq!(n("⑴"), "(1)");
    }

    #[test]
    fn traditional_becomes_simplified() {
        assert_eq!(n("結轉下年度繼續辦理"), "结转下年度继续办理");
        assert_eq!(n("政府信息公開工作年度報告"), "政府信息公开工作年度报告");
    }

    #[test]
    fn converted_vocabulary_maps_back() {
        assert_eq!(n("規範性檔案"), "规范性文件");
        assert_eq!(n("政府資訊公開"), "政府信息公开");
        // simplified text keeps its words
        assert_eq!(n("档案管理"), "档案管理");
    }

    #[test]
    fn pinyin_annotations_are_dropped() {
        assert_eq!(n("第二十条第（一）項(xiàng)"), "第二十条第(一)项");
        assert_eq!(n("事項（xiang）"), "事项");
        // not an annotation: no CJK before, or capitals
        assert_eq!(n("see (abc)"), "see (abc)");
        assert_eq!(n("文件(PDF)"), "文件(PDF)");
    }

    #[test]
    fn drawn_tables_become_separated_cells() {
        assert_eq!(n("│一、本年新收│2 │0  │"), "|一、本年新收|2 |0  |");
        assert_eq!(n("├──┼───┤"), "|--|---|");
        assert_eq!(n("|总计___|2__|0_|"), "|总计   |2  |0 |");
    }

    #[test]
    fn overstrike_keeps_the_character_shown() {
        assert_eq!(n("一\u{8}一、总\u{8}总体"), "一、总体");
        assert_eq!(n("_\u{8}x"), "x");
    }

    #[test]
    fn crlf_becomes_lf() {
        assert_eq!(n("a\r\nb\rc"), "a\nb\nc");
    }

    #[test]
    fn compact_joins_labels_broken_by_space_and_lines() {
        let norm = normalize("商业 企业 | 行    政    诉    讼\n本年新\n制作数量");
        assert_eq!(compact(&norm).as_str(), "商业企业行政诉讼本年新制作数量");
    }

    #[test]
    fn years_inside_labels_are_not_part_of_them() {
        assert_eq!(
            compact(&normalize("本年（2023）制发件数")).as_str(),
            "本年制发件数"
        );
        assert_eq!(
            compact(&normalize("本年(2023年)制发件数")).as_str(),
            "本年制发件数"
        );
        assert_eq!(compact(&normalize("第(1)项")).as_str(), "第(1)项");
    }

    #[test]
    fn offsets_survive_normalisation() {
        let src = "ab（一）予以公开";
        let norm = normalize(src);
        let c = compact(&norm);
        let at = c.as_str().find("予以公开").unwrap();
        let nr = c.base_range(at..at + "予以公开".len(), norm.as_str());
        let r = norm.base_range(nr, src);
        assert_eq!(&src[r], "予以公开");
    }
}
