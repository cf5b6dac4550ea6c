//! Name normalisation: the spelling variation that does not change which body is meant.

use unicode_normalization::UnicodeNormalization;

/// Traditional → simplified, NFKC, whitespace and zero-width characters removed. Names of the
/// table are folded the same way, so a character that the conversion maps although it is
/// also simplified (乾县 → 干县, 磐石市 → 盘石市) still meets its division.
pub(crate) fn fold(text: &str) -> String {
    fast2s::convert(text)
        .nfkc()
        .filter(|c| !c.is_whitespace() && !matches!(c, '\u{200b}' | '\u{feff}'))
        .collect()
}

/// A name folded for matching, with what was set aside.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Normalised {
    /// Simplified characters, NFKC (full-width forms folded), no whitespace, no bracketed
    /// remarks, no trailing punctuation.
    pub text: String,
    /// Bracketed remarks that were removed (`市科委` from `上海市科学技术委员会（市科委）`).
    pub remarks: Vec<String>,
}

/// Fold `name`: traditional → simplified, NFKC, whitespace removed, bracketed remarks set
/// aside. A name that is nothing but a remark keeps the remark as its text.
pub(crate) fn normalise(name: &str) -> Normalised {
    let folded = fold(name);
    let mut text = String::with_capacity(folded.len());
    let mut remarks = Vec::new();
    let mut depth = 0usize;
    let mut remark = String::new();
    for c in folded.chars() {
        match c {
            '(' | '[' | '【' | '〔' | '〖' => {
                if depth > 0 {
                    remark.push(c);
                }
                depth += 1;
            }
            ')' | ']' | '】' | '〕' | '〗' if depth > 0 => {
                depth -= 1;
                if depth == 0 {
                    if !remark.is_empty() {
                        remarks.push(std::mem::take(&mut remark));
                    }
                } else {
                    remark.push(c);
                }
            }
            _ if depth > 0 => remark.push(c),
            _ => text.push(c),
        }
    }
    if !remark.is_empty() {
        // An unclosed bracket: keep its content as a remark too.
        remarks.push(remark);
    }
    let trimmed = text.trim_matches(|c: char| {
        matches!(
            c,
            '"' | '\''
                | '“'
                | '”'
                | '‘'
                | '’'
                | '《'
                | '》'
                | '<'
                | '>'
                | ':'
                | ';'
                | ','
                | '.'
                | '。'
                | '、'
        )
    });
    let mut text = trimmed.to_string();
    // A title given for a name (灵丘县石家田乡2021年度政府信息公开工作报告): the body's
    // name ends where the year begins.
    if let Some(at) = year_at(&text)
        && at > 0
    {
        remarks.push(text[at..].to_string());
        text.truncate(at);
    }
    if text.is_empty() && remarks.len() == 1 {
        text = remarks.remove(0);
    }
    Normalised { text, remarks }
}

/// Byte offset of the first `NNNN年` in `text`.
fn year_at(text: &str) -> Option<usize> {
    let b = text.as_bytes();
    (0..b.len().saturating_sub(4)).find(|&i| {
        b.get(i..i + 4)
            .is_some_and(|d| d.iter().all(u8::is_ascii_digit))
            && text.get(i + 4..).is_some_and(|r| r.starts_with('年'))
            && (i == 0 || !b.get(i - 1).is_some_and(u8::is_ascii_digit))
    })
}

/// Short forms of department names and what they stand for. Only whole department names are
/// expanded (`教委` alone, not inside a longer name); anything else belongs in `bodies.toml`.
const ABBREVIATIONS: [(&str, &str); 34] = [
    ("教委", "教育委员会"),
    ("科委", "科学技术委员会"),
    ("科技委", "科学技术委员会"),
    ("发改委", "发展和改革委员会"),
    ("发改局", "发展和改革局"),
    ("卫健委", "卫生健康委员会"),
    ("卫健局", "卫生健康局"),
    ("卫计委", "卫生和计划生育委员会"),
    ("住建局", "住房和城乡建设局"),
    ("住建委", "住房和城乡建设委员会"),
    ("人社局", "人力资源和社会保障局"),
    ("市监局", "市场监督管理局"),
    ("市场监管局", "市场监督管理局"),
    ("经信局", "经济和信息化局"),
    ("经信委", "经济和信息化委员会"),
    ("工信局", "工业和信息化局"),
    ("文旅局", "文化和旅游局"),
    ("应急局", "应急管理局"),
    ("医保局", "医疗保障局"),
    ("退役军人局", "退役军人事务局"),
    ("规资局", "规划和自然资源局"),
    ("城管局", "城市管理局"),
    ("城管委", "城市管理委员会"),
    ("国资委", "国有资产监督管理委员会"),
    ("民宗委", "民族宗教事务委员会"),
    ("民宗局", "民族宗教事务局"),
    ("侨办", "侨务办公室"),
    ("外办", "外事办公室"),
    ("金融办", "金融工作办公室"),
    ("政数局", "政务服务数据管理局"),
    ("农业农村委", "农业农村委员会"),
    ("生态环境委", "生态环境委员会"),
    ("商务委", "商务委员会"),
    ("交委", "交通委员会"),
];

/// The full name of a department written short, if it is one of [`ABBREVIATIONS`].
pub(crate) fn expand_abbreviation(dept: &str) -> Option<&'static str> {
    ABBREVIATIONS
        .iter()
        .find(|(short, _)| *short == dept)
        .map(|(_, full)| *full)
}

/// Percent-decode a URL component (UTF-8), leaving malformed escapes as they are.
pub(crate) fn percent_decode(s: &str) -> String {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while let Some(&b) = bytes.get(i) {
        if b == b'%'
            && let (Some(h), Some(l)) = (
                bytes.get(i + 1).and_then(|c| (*c as char).to_digit(16)),
                bytes.get(i + 2).and_then(|c| (*c as char).to_digit(16)),
            )
        {
            out.push((h * 16 + l) as u8);
            i += 3;
            continue;
        }
        out.push(b);
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn folds_spelling() {
        let n = normalise(" 北京市朝陽區教育委員會 ");
        assert_eq!(n.text, "北京市朝阳区教育委员会");
        let n = normalise("上海市科学技术委员会（市科委）");
        assert_eq!(n.text, "上海市科学技术委员会");
        assert_eq!(n.remarks, vec!["市科委".to_string()]);
        let n = normalise("平潭综合实验区(平潭综合实验区管委会办公室编制)");
        assert_eq!(n.text, "平潭综合实验区");
        assert_eq!(normalise("（北京市）").text, "北京市");
        assert_eq!(normalise("灵丘县　石家田乡").text, "灵丘县石家田乡");
        assert_eq!(normalise("“一市镇”").text, "一市镇");
        assert_eq!(normalise("北京市(朝阳").remarks, vec!["朝阳".to_string()]);
        let n = normalise("灵丘县石家田乡２０２１年度政府信息公开工作报告");
        assert_eq!(n.text, "灵丘县石家田乡");
        assert_eq!(n.remarks, vec!["2021年度政府信息公开工作报告".to_string()]);
        assert_eq!(normalise("2021年报告").text, "2021年报告");
    }

    #[test]
    fn abbreviations_are_whole_names() {
        assert_eq!(expand_abbreviation("科委"), Some("科学技术委员会"));
        assert_eq!(expand_abbreviation("市科委"), None);
        for (short, full) in ABBREVIATIONS {
            assert!(full.chars().count() > short.chars().count(), "{short}");
        }
    }

    #[test]
    fn percent_decoding() {
        assert_eq!(percent_decode("%E5%8C%97%E4%BA%AC/a%zz"), "北京/a%zz");
    }
}
