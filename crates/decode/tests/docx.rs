//! DOCX through the public `decode`: the layout shape (the same as HTML's), what is skipped,
//! numbering, and hostile packages.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod common;

use common::{docx, docx_with, p, tbl, tc, tr, zip};
use gongkai_decode::{Damage, DecodeError, ErrorKind, Format, Limit, Limits, Options, decode};

fn layout(bytes: &[u8]) -> String {
    let d = decode(bytes, &Options::default()).unwrap();
    assert_eq!(d.format, Format::Docx);
    assert_eq!(
        d.layout(),
        d.text,
        "for DOCX the decoded text is the layout"
    );
    assert!(d.notices.is_empty());
    d.text
}

fn values(vals: &[&str]) -> Vec<String> {
    vals.iter().map(|v| tc(v, 1, None)).collect()
}

#[test]
fn merged_cells_give_the_same_rows_as_the_same_table_in_html() {
    let v = |vals: &[&str]| values(vals).concat();
    let docx_table = tbl(&[
        tr(&[
            tc("表头说明", 3, Some("restart")),
            tc("申请人情况", 7, None),
        ]),
        tr(&[
            tc("", 3, Some("")),
            tc("自然人", 1, Some("restart")),
            tc("法人或其他组织", 5, None),
            tc("总计", 1, Some("restart")),
        ]),
        tr(&[
            tc("", 3, Some("")),
            tc("", 1, Some("")),
            v(&[
                "商业企业",
                "科研机构",
                "社会公益组织",
                "法律服务机构",
                "其他",
            ]),
            tc("", 1, Some("")),
        ]),
        tr(&[
            tc("一、本年新收政府信息公开申请数量", 3, None),
            v(&["3", "1", "0", "0", "0", "0", "4"]),
        ]),
        tr(&[
            tc("三、本年度办理结果", 1, Some("restart")),
            tc("（一）予以公开", 2, None),
            v(&["2", "1", "", "0", "0", "0", "3"]),
        ]),
        tr(&[
            tc("", 1, Some("")),
            tc("（三）不予公开", 1, Some("restart")),
            v(&["1.属于国家秘密", "0", "0", "0", "0", "0", "0", "0"]),
        ]),
        tr(&[
            tc("", 1, Some("")),
            tc("", 1, Some("")),
            v(&["2.其他法律行政法规禁止公开", "1", "", "", "", "", "", "1"]),
        ]),
    ]);
    let html = "<table>\
        <tr><td rowspan=3 colspan=3>表头说明</td><td colspan=7>申请人情况</td></tr>\
        <tr><td rowspan=2>自然人</td><td colspan=5>法人或其他组织</td><td rowspan=2>总计</td></tr>\
        <tr><td>商业企业</td><td>科研机构</td><td>社会公益组织</td><td>法律服务机构</td><td>其他</td></tr>\
        <tr><td colspan=3>一、本年新收政府信息公开申请数量</td><td>3</td><td>1</td><td>0</td><td>0</td><td>0</td><td>0</td><td>4</td></tr>\
        <tr><td rowspan=3>三、本年度办理结果</td><td colspan=2>（一）予以公开</td><td>2</td><td>1</td><td></td><td>0</td><td>0</td><td>0</td><td>3</td></tr>\
        <tr><td rowspan=2>（三）不予公开</td><td>1.属于国家秘密</td><td>0</td><td>0</td><td>0</td><td>0</td><td>0</td><td>0</td><td>0</td></tr>\
        <tr><td>2.其他法律行政法规禁止公开</td><td>1</td><td></td><td></td><td></td><td></td><td></td><td>1</td></tr>\
        </table>";
    let from_docx = layout(&docx(&(p("表三") + &docx_table + &p("之后"))));
    let from_html = decode(
        format!("<html><body><p>表三</p>{html}<p>之后</p></body></html>").as_bytes(),
        &Options::default(),
    )
    .unwrap();
    assert_eq!(from_docx, from_html.layout());
    let lines: Vec<&str> = from_docx.lines().collect();
    assert_eq!(lines[1], "| 表头说明 | 申请人情况 |");
    assert_eq!(lines[2], "| 自然人 | 法人或其他组织 | 总计 |");
    assert_eq!(
        lines[6],
        "| （三）不予公开 | 1.属于国家秘密 | 0 | 0 | 0 | 0 | 0 | 0 | 0 |"
    );
    assert_eq!(
        lines[7],
        "| 2.其他法律行政法规禁止公开 | 1 |  |  |  |  |  | 1 |"
    );
}

#[test]
fn a_vertical_merge_continues_only_below_a_merge() {
    // The second row's first cell says "continue" but nothing above is merged: Word shows it
    // as a cell of its own; gridBefore shifts the columns.
    let t = tbl(&[
        tr(&[tc("a", 1, None), tc("b", 1, Some("restart"))]),
        tr(&[tc("c", 1, Some("")), tc("d", 1, Some(""))]),
        "<w:tr><w:trPr><w:gridBefore w:val=\"1\"/></w:trPr>".to_owned()
            + &tc("e", 1, Some(""))
            + "</w:tr>",
    ]);
    assert_eq!(layout(&docx(&t)), "| a | b |\n| c |\n");
}

#[test]
fn paragraphs_runs_tabs_and_breaks() {
    let body = "<w:p><w:r><w:t>一、</w:t></w:r><w:proofErr w:type=\"spellStart\"/>\
                <w:r><w:rPr><w:b/></w:rPr><w:t>总体</w:t></w:r><w:bookmarkStart w:id=\"0\" w:name=\"x\"/>\
                <w:hyperlink r:id=\"rId9\"><w:r><w:t>情况</w:t></w:r></w:hyperlink></w:p>\
                <w:p><w:r><w:t xml:space=\"preserve\">规章  </w:t><w:tab/><w:t>12</w:t><w:br/><w:t>第二行</w:t></w:r></w:p>\
                <w:p/><w:p><w:r><w:t xml:space=\"preserve\">   </w:t></w:r></w:p>"
        .to_owned()
        + &tbl(&[tr(&[
            "<w:tc><w:p><w:r><w:t>本年新</w:t><w:br/><w:t>制作数量</w:t></w:r></w:p><w:p><w:r><w:t>a|b</w:t></w:r></w:p></w:tc>".to_owned(),
            tc("  12 ", 1, None),
        ])]);
    assert_eq!(
        layout(&docx(&body)),
        "一、总体情况\n规章\t12\n第二行\n| 本年新 制作数量 a¦b | 12 |\n"
    );
}

#[test]
fn skipped_content_never_reaches_the_layout() {
    let body = concat!(
        // Deleted and inserted revisions: the inserted text is the document.
        "<w:p><w:r><w:t>行政处罚</w:t></w:r><w:del w:id=\"1\" w:author=\"a\"><w:r><w:delText>999</w:delText></w:r></w:del>",
        "<w:ins w:id=\"2\" w:author=\"a\"><w:r><w:t>3</w:t></w:r></w:ins></w:p>",
        // A field: its instruction is hidden, its result shown.
        "<w:p><w:r><w:fldChar w:fldCharType=\"begin\"/></w:r><w:r><w:instrText>PAGE 77</w:instrText></w:r>",
        "<w:r><w:fldChar w:fldCharType=\"separate\"/></w:r><w:r><w:t>结果</w:t></w:r><w:r><w:fldChar w:fldCharType=\"end\"/></w:r></w:p>",
        // Hidden text, a text box, a drawing.
        "<w:p><w:r><w:rPr><w:vanish/></w:rPr><w:t>隐藏88</w:t></w:r><w:r><w:t>可见</w:t></w:r>",
        "<w:r><mc:AlternateContent><mc:Choice Requires=\"wps\"><w:drawing><wps:txbx><w:txbxContent>",
        "<w:p><w:r><w:t>文本框55</w:t></w:r></w:p></w:txbxContent></wps:txbx></w:drawing></mc:Choice>",
        "<mc:Fallback><w:pict><w:txbxContent><w:p><w:r><w:t>文本框55</w:t></w:r></w:p></w:txbxContent></w:pict></mc:Fallback>",
        "</mc:AlternateContent></w:r></w:p>",
        // Content controls at block and run level.
        "<w:sdt><w:sdtPr/><w:sdtContent><w:p><w:sdt><w:sdtContent><w:r><w:t>控件内</w:t></w:r></w:sdtContent></w:sdt></w:p></w:sdtContent></w:sdt>",
    );
    let header = format!(
        r#"<w:hdr xmlns:w="{}"><w:p><w:r><w:t>页眉 2024</w:t></w:r></w:p></w:hdr>"#,
        common::W
    );
    let footer = format!(
        r#"<w:ftr xmlns:w="{}"><w:p><w:r><w:t>第 3 页</w:t></w:r></w:p></w:ftr>"#,
        common::W
    );
    let bytes = docx_with(
        body,
        &[
            ("word/header1.xml", "header", &header),
            ("word/footer1.xml", "footer", &footer),
        ],
    );
    assert_eq!(layout(&bytes), "行政处罚3\n结果\n可见\n控件内\n");
}

#[test]
fn automatic_numbering_is_printed() {
    let numbering = format!(
        r#"<w:numbering xmlns:w="{}">
        <w:abstractNum w:abstractNumId="0">
          <w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="chineseCounting"/><w:lvlText w:val="%1、"/><w:suff w:val="nothing"/></w:lvl>
          <w:lvl w:ilvl="1"><w:start w:val="1"/><w:numFmt w:val="chineseCounting"/><w:lvlText w:val="（%2）"/><w:suff w:val="nothing"/></w:lvl>
        </w:abstractNum>
        <w:abstractNum w:abstractNumId="1">
          <w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="decimal"/><w:lvlText w:val="%1."/></w:lvl>
        </w:abstractNum>
        <w:abstractNum w:abstractNumId="2">
          <w:lvl w:ilvl="0"><w:numFmt w:val="bullet"/><w:lvlText w:val="•"/></w:lvl>
        </w:abstractNum>
        <w:num w:numId="1"><w:abstractNumId w:val="0"/></w:num>
        <w:num w:numId="2"><w:abstractNumId w:val="1"/></w:num>
        <w:num w:numId="3"><w:abstractNumId w:val="1"/><w:lvlOverride w:ilvl="0"><w:startOverride w:val="1"/></w:lvlOverride></w:num>
        <w:num w:numId="4"><w:abstractNumId w:val="2"/></w:num>
        </w:numbering>"#,
        common::W
    );
    let styles = format!(
        r#"<w:styles xmlns:w="{}"><w:style w:type="paragraph" w:styleId="H1"><w:pPr><w:numPr><w:numId w:val="1"/></w:numPr></w:pPr></w:style>
        <w:style w:type="paragraph" w:styleId="H1b"><w:basedOn w:val="H1"/></w:style></w:styles>"#,
        common::W
    );
    let np = |num: u32, lvl: u32, text: &str| {
        format!(
            "<w:p><w:pPr><w:numPr><w:ilvl w:val=\"{lvl}\"/><w:numId w:val=\"{num}\"/></w:numPr></w:pPr><w:r><w:t>{text}</w:t></w:r></w:p>"
        )
    };
    let styled = |style: &str, text: &str| {
        format!(
            "<w:p><w:pPr><w:pStyle w:val=\"{style}\"/></w:pPr><w:r><w:t>{text}</w:t></w:r></w:p>"
        )
    };
    let body = [
        styled("H1", "总体情况"),
        np(1, 1, "主动公开"),
        np(1, 1, "依申请公开"),
        // An empty numbered paragraph is counted but prints nothing.
        "<w:p><w:pPr><w:numPr><w:ilvl w:val=\"1\"/><w:numId w:val=\"1\"/></w:numPr></w:pPr></w:p>"
            .to_owned(),
        np(1, 1, "平台建设"),
        styled("H1b", "主动公开政府信息情况"),
        np(2, 0, "属于国家秘密"),
        np(2, 0, "其他法律行政法规禁止公开"),
        np(3, 0, "重新编号"),
        np(4, 0, "项目符号"),
        np(0, 0, "无编号"),
    ]
    .concat();
    let bytes = docx_with(
        &body,
        &[
            ("word/numbering.xml", "numbering", &numbering),
            ("word/styles.xml", "styles", &styles),
        ],
    );
    assert_eq!(
        layout(&bytes),
        "一、总体情况\n（一）主动公开\n（二）依申请公开\n（四）平台建设\n二、主动公开政府信息情况\n\
         1.\t属于国家秘密\n2.\t其他法律行政法规禁止公开\n1.\t重新编号\n项目符号\n无编号\n"
    );
}

#[test]
fn layout_tables_are_read_as_paragraphs() {
    let inner = tbl(&[
        tr(&[tc("规章", 1, None), tc("12", 1, None)]),
        tr(&[tc("规范性文件", 1, None), tc("5", 1, None)]),
    ]);
    let outer = tbl(&[tr(&[
        format!("<w:tc>{}{inner}<w:p/></w:tc>", p("正文")),
        tc("侧栏", 1, None),
    ])]);
    let frame = tbl(&[tr(&[format!(
        "<w:tc>{}{}</w:tc>",
        p("一、总体情况"),
        p("内容")
    )])]);
    assert_eq!(
        layout(&docx(&(outer + &frame))),
        "正文\n| 规章 | 12 |\n| 规范性文件 | 5 |\n侧栏\n一、总体情况\n内容\n"
    );
}

#[test]
fn empty_rows_are_dropped_but_empty_cells_kept() {
    let t = tbl(&[
        tr(&[tc("", 1, None), tc(" ", 1, None)]),
        tr(&[tc("a", 1, None), tc("", 1, None), tc("", 1, None)]),
    ]);
    assert_eq!(layout(&docx(&t)), "| a |  |  |\n");
}

#[test]
fn strict_ooxml_and_odd_part_names_are_read() {
    let strict = "http://purl.oclc.org/ooxml/wordprocessingml/main";
    let doc = format!(
        r#"<w:document xmlns:w="{strict}"><w:body><w:p><w:r><w:t>严格模式</w:t></w:r></w:p></w:body></w:document>"#
    );
    // No relationships at all, the part name in another case.
    let bytes = zip(&[
        ("[Content_Types].xml", common::CONTENT_TYPES.as_bytes()),
        ("word/Document.xml", doc.as_bytes()),
    ]);
    assert_eq!(layout(&bytes), "严格模式\n");
}

#[test]
fn deep_nesting_does_not_overflow() {
    let n = 50_000;
    let mut body = String::new();
    for _ in 0..n {
        body.push_str("<w:sdt><w:sdtContent>");
    }
    body.push_str(&p("深处"));
    for _ in 0..n {
        body.push_str("</w:sdtContent></w:sdt>");
    }
    let mut t = String::new();
    for _ in 0..2_000 {
        t.push_str("<w:tbl><w:tr><w:tc>");
    }
    t.push_str(&p("1"));
    for _ in 0..2_000 {
        t.push_str("</w:tc></w:tr></w:tbl>");
    }
    let l = layout(&docx(&(body + &t)));
    assert!(l.starts_with("深处\n"), "{l}");
    assert!(l.contains('1'));
}

// ---- hostile packages ----

fn error(bytes: &[u8], limits: &Limits) -> DecodeError {
    decode(bytes, &Options::with_limits(*limits)).unwrap_err()
}

#[test]
fn a_zip_bomb_stops_at_the_limit() {
    // 64 MB of one paragraph's text inflating from ~64 KB.
    let big = format!(
        "<w:document xmlns:w=\"{}\"><w:body><w:p><w:r><w:t>{}</w:t></w:r></w:p></w:body></w:document>",
        common::W,
        "0".repeat(64 << 20)
    );
    let bytes = zip(&[
        ("_rels/.rels", common::ROOT_RELS.as_bytes()),
        ("word/document.xml", big.as_bytes()),
    ]);
    assert!(bytes.len() < 1 << 20);
    let limits = Limits {
        max_bytes: 8 << 20,
        ..Limits::default()
    };
    let e = error(&bytes, &limits);
    assert!(
        matches!(e, DecodeError::TooLarge { limit: Limit::Bytes, max } if max == 8 << 20),
        "{e:?}"
    );
}

#[test]
fn corrupt_and_incomplete_packages_are_errors() {
    let good = docx(&p("x"));
    let e = error(&good[..good.len() / 2], &Limits::default());
    assert_eq!(e.kind(), ErrorKind::Corrupt, "{e}");
    // A package that says it is Word but has no document part.
    let e = error(
        &zip(&[("word/styles.xml", b"<x/>".as_slice())]),
        &Limits::default(),
    );
    assert!(
        matches!(&e, DecodeError::Corrupt { damage: Damage::MissingPart, part: Some(p), .. } if p == "word/document.xml"),
        "{e:?}"
    );
    // Malformed XML and not UTF-8.
    let e = error(
        &zip(&[("word/document.xml", b"<w:document><w:body>".as_slice())]),
        &Limits::default(),
    );
    assert_eq!(e.kind(), ErrorKind::Corrupt);
    let e = error(
        &zip(&[("word/document.xml", b"<a>\xff\xfe\xfd</a>".as_slice())]),
        &Limits::default(),
    );
    assert_eq!(e.kind(), ErrorKind::Corrupt);
}

#[test]
fn entity_expansion_is_refused() {
    let laughs = format!(
        r#"<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;"><!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">]>
        <w:document xmlns:w="{}"><w:body><w:p><w:r><w:t>&lol3;</w:t></w:r></w:p></w:body></w:document>"#,
        common::W
    );
    let e = error(
        &zip(&[("word/document.xml", laughs.as_bytes())]),
        &Limits::default(),
    );
    assert!(
        matches!(
            e,
            DecodeError::Corrupt {
                damage: Damage::Dtd,
                ..
            }
        ),
        "{e:?}"
    );
}

#[test]
fn hostile_spans_are_clamped() {
    let t = tbl(&[
        tr(&[tc("a", 1_000_000_000, Some("restart")), tc("b", 1, None)]),
        tr(&[tc("", 1_000_000_000, Some("")), tc("c", 1, None)]),
    ]);
    assert_eq!(layout(&docx(&t)), "| a | b |\n| c |\n");
}
