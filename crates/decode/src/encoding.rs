//! Bytes → text: BOM, declared charset, UTF-8, UTF-16 without BOM, then detection among the
//! legacy Chinese encodings (GB18030/GBK/GB2312, Big5).

use encoding_rs::{BIG5, Encoding, GB18030, GBK, UTF_8, UTF_16BE, UTF_16LE};

/// Text decoded from bytes, with how it was decoded.
#[derive(Debug)]
pub struct Decoded {
    pub text: String,
    /// Lower-case encoding name (`utf-8`, `gbk`, `big5`, `utf-16le` …).
    pub encoding: &'static str,
    /// Some bytes were not valid in the encoding and were replaced with U+FFFD.
    pub lossy: bool,
    /// Length of a byte-order mark that was skipped.
    pub bom: usize,
}

fn name(enc: &'static Encoding) -> &'static str {
    match enc.name() {
        "UTF-8" => "utf-8",
        "UTF-16LE" => "utf-16le",
        "UTF-16BE" => "utf-16be",
        "GBK" => "gbk",
        "gb18030" => "gb18030",
        "Big5" => "big5",
        "Shift_JIS" => "shift_jis",
        "EUC-KR" => "euc-kr",
        "windows-1252" => "windows-1252",
        _ => "other",
    }
}

fn decode_with(bytes: &[u8], enc: &'static Encoding, bom: usize) -> Decoded {
    let (text, lossy) = enc.decode_without_bom_handling(&bytes[bom..]);
    Decoded {
        text: text.into_owned(),
        encoding: name(enc),
        lossy,
        bom,
    }
}

/// Look up an encoding label as declared by a page (`charset=gb2312`). GB2312 and GBK pages are
/// decoded as GB18030, their superset, so that characters beyond the declared set survive.
pub fn encoding_for_label(label: &str) -> Option<&'static Encoding> {
    let enc = Encoding::for_label(label.trim().as_bytes())?;
    Some(if enc == GBK { GB18030 } else { enc })
}

/// Decode bytes whose encoding may have been declared (HTML meta charset, HTTP header).
///
/// Order: BOM → valid UTF-8 → declared charset → UTF-16 without BOM → detection. Valid UTF-8
/// wins over a declaration because pages that lie about their charset are common and invalid
/// UTF-8 by accident is not.
pub fn decode(bytes: &[u8], declared: Option<&'static Encoding>) -> Decoded {
    if let Some((enc, bom)) = Encoding::for_bom(bytes) {
        return decode_with(bytes, enc, bom);
    }
    // NUL bytes never occur in real UTF-8 or GBK text, but do in UTF-16 without BOM.
    if memchr::memchr(0, &bytes[..bytes.len().min(4096)]).is_some()
        && let Some(enc) = utf16_without_bom(bytes)
    {
        return decode_with(bytes, enc, 0);
    }
    if let Ok(s) = std::str::from_utf8(bytes) {
        return Decoded {
            text: s.to_owned(),
            encoding: "utf-8",
            lossy: false,
            bom: 0,
        };
    }
    if let Some(enc) = declared.filter(|e| *e != UTF_8) {
        let d = decode_with(bytes, enc, 0);
        if !d.lossy {
            return label_gb(d, bytes);
        }
    }
    if let Some(enc) = utf16_without_bom(bytes) {
        return decode_with(bytes, enc, 0);
    }
    if mostly_utf8(bytes) {
        // A few bad bytes in UTF-8 text (a truncated character, a stray byte from a copy):
        // replaced and flagged, rather than the whole text read as mojibake.
        return decode_with(bytes, UTF_8, 0);
    }
    detect(bytes)
}

/// UTF-8 text with some invalid bytes. Valid multi-byte characters outnumbering the invalid
/// sequences fifty to one is UTF-8 with a stray byte. Between four and fifty to one it is
/// UTF-8 only if the bytes are not GB18030 either: Chinese text in GBK read as UTF-8 gives up
/// to about one valid character per invalid sequence (measured on the corpus texts), binary
/// data about one per seven, and text whose wide characters a converter cut while wrapping
/// (`html2text` 1.3) eight to eleven per invalid one — and is not valid GB18030.
fn mostly_utf8(bytes: &[u8]) -> bool {
    let (mut valid, mut invalid) = (0usize, 0usize);
    for chunk in bytes.utf8_chunks() {
        valid += chunk.valid().chars().filter(|c| !c.is_ascii()).count();
        invalid += usize::from(!chunk.invalid().is_empty());
    }
    valid >= 16
        && (valid >= invalid.saturating_mul(50)
            || (valid >= invalid.saturating_mul(4)
                && GB18030
                    .decode_without_bom_handling_and_without_replacement(bytes)
                    .is_none()))
}

/// GB18030 decodes GBK; call the result `gbk` when the bytes stay within GBK (no four-byte
/// sequences), which is what users know their pages as.
fn label_gb(mut d: Decoded, bytes: &[u8]) -> Decoded {
    if d.encoding == "gb18030" && !has_gb18030_four_byte(bytes) {
        d.encoding = "gbk";
    }
    d
}

fn has_gb18030_four_byte(bytes: &[u8]) -> bool {
    let mut i = 0;
    while i + 1 < bytes.len() {
        let b = bytes[i];
        if b < 0x80 {
            i += 1;
            continue;
        }
        if (0x81..=0xFE).contains(&b) && (0x30..=0x39).contains(&bytes[i + 1]) {
            return true;
        }
        i += 2;
    }
    false
}

/// UTF-16 without BOM: when one of the two byte orders decodes the start of the bytes into
/// almost nothing but CJK, ASCII and CJK punctuation. (Chinese UTF-16 has few zero bytes, so
/// counting zeros is not enough.)
fn utf16_without_bom(bytes: &[u8]) -> Option<&'static Encoding> {
    let n = bytes.len().min(4096) & !1;
    if n < 8 || !bytes.len().is_multiple_of(2) {
        return None;
    }
    let plausible = |be: bool| {
        let units = bytes[..n].chunks_exact(2).map(|p| {
            if be {
                u16::from_be_bytes([p[0], p[1]])
            } else {
                u16::from_le_bytes([p[0], p[1]])
            }
        });
        let (mut good, mut all) = (0usize, 0usize);
        for c in char::decode_utf16(units) {
            all += 1;
            good += usize::from(c.is_ok_and(|c| {
                (c.is_ascii() && (c >= ' ' || c.is_ascii_whitespace()))
                    || crate::normalize::is_cjk(c)
                    || matches!(c, '\u{3000}'..='\u{303F}' | '\u{FF00}'..='\u{FFEF}' | '\u{2000}'..='\u{206F}')
            }));
        }
        all > 0 && good * 100 >= all * 95
    };
    if plausible(false) {
        Some(UTF_16LE)
    } else if plausible(true) {
        Some(UTF_16BE)
    } else {
        None
    }
}

/// Detection for bytes that are not UTF-8. Government pages in mainland China are GBK; Big5
/// comes from Hong Kong, Macao and Taiwan sources. chardetng decides between them on the first
/// part of the text (it is slow on long inputs), and a clean decode confirms.
fn detect(bytes: &[u8]) -> Decoded {
    let head = &bytes[..bytes.len().min(16 * 1024)];
    let mut det = chardetng::EncodingDetector::new(chardetng::Iso2022JpDetection::Deny);
    det.feed(head, head.len() == bytes.len());
    // No TLD hint: the `cn` hint turns short Big5 into GBK mojibake.
    let guess = det.guess(None, chardetng::Utf8Detection::Deny);
    let candidates: [&'static Encoding; 2] = if guess == BIG5 {
        [BIG5, GB18030]
    } else {
        [GB18030, BIG5]
    };
    for enc in candidates {
        let d = decode_with(bytes, enc, 0);
        if !d.lossy {
            return label_gb(d, bytes);
        }
    }
    // Neither decodes cleanly: keep the likelier one, with replacement characters, and say so.
    // Single-byte guesses (windows-1252) are never taken: they decode anything without error
    // and would hide the damage.
    label_gb(decode_with(bytes, candidates[0], 0), bytes)
}

#[cfg(test)]
mod tests {
    use super::*;

    const SAMPLE: &str = "一、本年新收政府信息公开申请数量 结转下年度继续办理 行政复议 总计";

    #[test]
    fn utf8_with_and_without_bom() {
        let d = decode(SAMPLE.as_bytes(), None);
        assert_eq!(
            (d.text.as_str(), d.encoding, d.lossy),
            (SAMPLE, "utf-8", false)
        );
        let mut b = vec![0xEF, 0xBB, 0xBF];
        b.extend_from_slice(SAMPLE.as_bytes());
        let d = decode(&b, None);
        assert_eq!((d.text.as_str(), d.bom), (SAMPLE, 3));
    }

    #[test]
    fn gbk_is_detected() {
        let (bytes, _, _) = GBK.encode(SAMPLE);
        let d = decode(&bytes, None);
        assert_eq!(d.text, SAMPLE);
        assert_eq!(d.encoding, "gbk");
    }

    #[test]
    fn big5_is_detected() {
        let trad = "政府信息公開工作年度報告 結轉下年度繼續辦理 行政複議 總計 本年新收政府信息公開申請數量";
        let (bytes, _, unmappable) = BIG5.encode(trad);
        assert!(!unmappable);
        let d = decode(&bytes, None);
        assert_eq!(d.encoding, "big5");
        assert_eq!(d.text, trad);
    }

    #[test]
    fn utf16_with_and_without_bom() {
        let mut le: Vec<u8> = SAMPLE
            .encode_utf16()
            .flat_map(|u| u.to_le_bytes())
            .collect();
        let d = decode(&le, None);
        assert_eq!((d.text.as_str(), d.encoding), (SAMPLE, "utf-16le"));
        le.splice(0..0, [0xFF, 0xFE]);
        assert_eq!(decode(&le, None).text, SAMPLE);
        let ascii = "report 2023 table";
        let be: Vec<u8> = ascii.encode_utf16().flat_map(|u| u.to_be_bytes()).collect();
        let d = decode(&be, None);
        assert_eq!((d.text.as_str(), d.encoding), (ascii, "utf-16be"));
    }

    #[test]
    fn declared_charset_is_used_when_bytes_are_not_utf8() {
        let (bytes, _, _) = GBK.encode(SAMPLE);
        let d = decode(&bytes, encoding_for_label("gb2312"));
        assert_eq!(d.text, SAMPLE);
    }

    #[test]
    fn a_page_lying_about_utf8_is_still_read() {
        // Declared GBK but really UTF-8: valid UTF-8 wins.
        let d = decode(SAMPLE.as_bytes(), encoding_for_label("gbk"));
        assert_eq!(d.text, SAMPLE);
    }

    #[test]
    fn one_bad_byte_in_utf8_text_is_replaced_not_a_switch_to_gb18030() {
        let text = SAMPLE.repeat(20);
        let mut bytes = text.as_bytes().to_vec();
        // One invalid byte in the middle of the text.
        let at = text.len() / 2;
        let at = (at..).find(|&i| text.is_char_boundary(i)).unwrap();
        bytes.insert(at, 0xFF);
        let d = decode(&bytes, None);
        assert_eq!((d.encoding, d.lossy), ("utf-8", true));
        assert_eq!(d.text.matches('\u{FFFD}').count(), 1, "{}", d.text);
        assert!(d.text.starts_with(SAMPLE));
        // GBK is still GBK.
        let (gbk, _, _) = GBK.encode(&text);
        let d = decode(&gbk, None);
        assert_eq!(
            (d.encoding, d.lossy, d.text.as_str()),
            ("gbk", false, text.as_str())
        );
    }

    #[test]
    fn utf8_with_cut_characters_stays_utf8_and_gbk_text_stays_gbk() {
        // A converter that wraps cells at byte boundaries cuts one wide character in ten.
        let text = SAMPLE.repeat(20);
        let mut bytes = Vec::new();
        for (i, c) in text.chars().enumerate() {
            let mut buf = [0u8; 4];
            let enc = c.encode_utf8(&mut buf).as_bytes();
            if c.len_utf8() > 1 && i % 10 == 0 {
                bytes.extend_from_slice(&enc[..1]);
            } else {
                bytes.extend_from_slice(enc);
            }
        }
        let d = decode(&bytes, None);
        assert_eq!((d.encoding, d.lossy), ("utf-8", true));
        // GBK Chinese read as UTF-8 has valid-looking characters too, but decodes as GB18030.
        let (gbk, _, _) = GBK.encode(&text);
        assert_eq!(decode(&gbk, None).encoding, "gbk");
    }

    #[test]
    fn invalid_bytes_are_flagged_not_dropped() {
        let d = decode(&[0x81, 0x20, 0xFF, 0xFF, 0x41], None);
        assert!(d.lossy);
        assert!(d.text.contains('A'));
    }
}
