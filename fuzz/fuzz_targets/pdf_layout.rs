//! The PDF layout rebuild (word boxes → lines → furniture → rows) on generated
//! `pdftotext -bbox-layout` XHTML: the bytes choose pages, words, their boxes and text, so the
//! geometry code sees overlapping, inverted, huge, tiny and NaN-free-but-extreme boxes.
#![no_main]

use libfuzzer_sys::fuzz_target;

/// Build bbox XHTML from the fuzzer's bytes: every 6 bytes are one word (page break, x, y,
/// width, height, text choice), so coordinates stay numbers and the XML stays well formed.
fn xhtml(data: &[u8]) -> String {
    const TEXTS: [&str; 16] = [
        "一、", "本年新收政府信息公开申请数量", "12", "0", "3,456", "|", "总计", "第1页",
        "（一）", "2023年", "-", "7", "结转下年度继续办理", "自然人", "99999999", "商业企业",
    ];
    let mut s = String::from("<html><body><doc>\n<page width=\"595.0\" height=\"842.0\">\n");
    for w in data.chunks(6) {
        if w.len() < 6 {
            break;
        }
        if w[0] == 0xFF {
            s.push_str("</page>\n<page width=\"595.0\" height=\"842.0\">\n");
            continue;
        }
        let x = f64::from(w[1]) * 2.4;
        let y = f64::from(w[2]) * 3.3;
        let wd = f64::from(w[3] % 64) * 1.5;
        let ht = f64::from(w[4] % 32) * 0.75;
        let text = TEXTS[usize::from(w[5] % 16)];
        s.push_str(&format!(
            "<word xMin=\"{x:.2}\" yMin=\"{y:.2}\" xMax=\"{:.2}\" yMax=\"{:.2}\">{text}</word>\n",
            x + wd,
            y + ht
        ));
    }
    s.push_str("</page>\n</doc></body></html>\n");
    s
}

fuzz_target!(|data: &[u8]| {
    // Raw bytes as XHTML too: the bbox parser must take anything pdftotext could print.
    if let Ok(raw) = std::str::from_utf8(data) {
        let _ = gongkai_decode::pdf_layout_from_bbox(raw);
    }
    let text = gongkai_decode::pdf_layout_from_bbox(&xhtml(data));
    for l in text.lines() {
        assert!(!l.contains('\u{0}'));
    }
});
