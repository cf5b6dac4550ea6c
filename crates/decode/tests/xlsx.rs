//! XLSX through the public `decode`: sheets in workbook order, values as written, merged
//! cells as HTML has them, hostile workbooks.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod common;

use common::{xlsx, zip};
use gongkai_decode::{Damage, DecodeError, Format, Limit, Limits, Options, decode};

fn layout(bytes: &[u8]) -> String {
    let d = decode(bytes, &Options::default()).unwrap();
    assert_eq!(d.format, Format::Xlsx);
    assert_eq!(d.layout(), d.text);
    d.text
}

fn row(r: u32, cells: &str) -> String {
    format!("<row r=\"{r}\">{cells}</row>")
}

#[test]
fn table_three_as_a_sheet_reads_like_the_same_table_in_html() {
    // Strings: 0 caption, 1 申请人情况, 2 自然人, 3 法人或其他组织, 4 总计, 5 商业企业,
    // 6 一、本年新收…, 7 三、本年度办理结果, 8 （三）不予公开, 9 1.属于国家秘密, 10 2.其他…
    // Row 8 has a blank cell written only in its last column: the row still runs to it.
    let strings = [
        "表头说明",
        "申请人情况",
        "自然人",
        "法人或其他组织",
        "总计",
        "商业企业",
        "一、本年新收政府信息公开申请数量",
        "三、本年度办理结果",
        "（三）不予公开",
        "1.属于国家秘密",
        "2.其他法律行政法规禁止公开",
    ];
    let s = |r: &str, i: usize| format!("<c r=\"{r}\" t=\"s\"><v>{i}</v></c>");
    let n = |r: &str, v: &str| format!("<c r=\"{r}\"><v>{v}</v></c>");
    let blank = |r: &str| format!("<c r=\"{r}\" s=\"0\"/>");
    // Columns B..K (A is empty): three label columns, then seven values (E..K); only the
    // organisation header row is shortened to two organisation columns here.
    let sheet = format!(
        "<dimension ref=\"B2:K8\"/><sheetData>{}{}{}{}{}{}{}</sheetData>\
         <mergeCells count=\"6\"><mergeCell ref=\"B2:D4\"/><mergeCell ref=\"E2:K2\"/>\
         <mergeCell ref=\"E3:E4\"/><mergeCell ref=\"F3:J3\"/><mergeCell ref=\"K3:K4\"/>\
         <mergeCell ref=\"B5:D5\"/><mergeCell ref=\"B6:B8\"/><mergeCell ref=\"C6:C8\"/></mergeCells>",
        row(2, &(s("B2", 0) + &blank("C2") + &s("E2", 1) + &blank("F2"))),
        row(3, &(s("E3", 2) + &s("F3", 3) + &s("K3", 4))),
        row(
            4,
            &(s("F4", 5) + &s("G4", 5) + &s("H4", 5) + &s("I4", 5) + &s("J4", 5)),
        ),
        row(
            5,
            &(s("B5", 6)
                + &n("E5", "3")
                + &n("F5", "1.0")
                + &n("G5", "0")
                + &n("H5", "0")
                + &n("I5", "0")
                + &n("J5", "0")
                + &n("K5", "4")),
        ),
        row(
            6,
            &(s("B6", 7)
                + &s("C6", 8)
                + &s("D6", 9)
                + &n("E6", "93.8605")
                + &blank("F6")
                + &n("K6", "0.30000000000000004")),
        ),
        row(7, &(s("D7", 10) + &n("E7", "1") + &n("K7", "1"))),
        row(8, &(s("D8", 10) + &n("E8", "2") + &blank("K8"))),
    );
    let l = layout(&xlsx(&[("表三", &sheet, false)], &strings));
    let lines: Vec<&str> = l.lines().collect();
    assert_eq!(
        lines,
        [
            "工作表：表三",
            "| 表头说明 | 申请人情况 |",
            "| 自然人 | 法人或其他组织 | 总计 |",
            "| 商业企业 | 商业企业 | 商业企业 | 商业企业 | 商业企业 |",
            "| 一、本年新收政府信息公开申请数量 | 3 | 1 | 0 | 0 | 0 | 0 | 4 |",
            "| 三、本年度办理结果 | （三）不予公开 | 1.属于国家秘密 | 93.8605 |  |  |  |  |  | 0.3 |",
            "| 2.其他法律行政法规禁止公开 | 1 |  |  |  |  |  | 1 |",
            "| 2.其他法律行政法规禁止公开 | 2 |  |  |  |  |  |  |",
        ]
    );
}

#[test]
fn sheets_in_workbook_order_hidden_ones_left_out() {
    let cell = |t: &str| {
        row(
            1,
            &format!("<c r=\"A1\" t=\"inlineStr\"><is><r><t>{t}</t></r><r><t>续</t></r></is></c>"),
        )
    };
    let a = format!("<sheetData>{}</sheetData>", cell("甲"));
    let b = format!("<sheetData>{}</sheetData>", cell("乙"));
    let c = format!("<sheetData>{}</sheetData>", cell("丙"));
    let l = layout(&xlsx(
        &[("第一", &a, false), ("草稿", &b, true), ("第二", &c, false)],
        &[],
    ));
    assert_eq!(l, "工作表：第一\n| 甲续 |\n工作表：第二\n| 丙续 |\n");
}

#[test]
fn value_kinds() {
    let sheet = format!(
        "<sheetData>{}</sheetData>",
        row(
            1,
            "<c r=\"A1\" s=\"1\"><v>45306</v></c><c r=\"B1\" s=\"2\"><v>45306</v></c>\
             <c r=\"C1\" t=\"b\"><v>1</v></c><c r=\"D1\" t=\"e\"><v>#DIV/0!</v></c>\
             <c r=\"E1\" t=\"str\"><f>A1&amp;\"x\"</f><v>a|b</v></c><c r=\"F1\"><f>SUM(A1)</f></c>\
             <c r=\"G1\"><v>1E3</v></c><c r=\"H1\" t=\"s\"><v>7</v></c><c r=\"I1\"><v>-183</v></c>"
        )
    );
    assert_eq!(
        layout(&xlsx(&[("S", &sheet, false)], &["x"])),
        "工作表：S\n| 2024-01-15 | 2024-01-15 | TRUE | #DIV/0! | a¦b |  | 1000 |  | -183 |\n"
    );
}

#[test]
fn cells_without_references_follow_each_other() {
    let sheet = "<sheetData><row><c><v>1</v></c><c><v>2</v></c></row><row><c t=\"s\"><v>0</v></c></row></sheetData>";
    assert_eq!(
        layout(&xlsx(&[("S", sheet, false)], &["行  政\n许可"])),
        "工作表：S\n| 1 | 2 |\n| 行 政 许可 |\n"
    );
}

#[test]
fn a_cell_far_to_the_right_does_not_explode() {
    let mut rows = String::new();
    for r in 1..=2000 {
        rows.push_str(&format!(
            "<row r=\"{r}\"><c r=\"A{r}\"><v>1</v></c><c r=\"XFD{r}\"><v>2</v></c></row>"
        ));
    }
    let sheet = format!(
        "<sheetData>{rows}</sheetData><mergeCells><mergeCell ref=\"A1:XFD1048576\"/></mergeCells>"
    );
    let d = decode(&xlsx(&[("S", &sheet, false)], &[]), &Options::default()).unwrap();
    assert!(d.text.len() < 100_000, "{}", d.text.len());
}

#[test]
fn hostile_workbooks_are_errors() {
    // No workbook part.
    let e = decode(
        &zip(&[("xl/styles.xml", b"<x/>".as_slice())]),
        &Options::default(),
    )
    .unwrap_err();
    assert!(
        matches!(&e, DecodeError::Corrupt { damage: Damage::MissingPart, part: Some(p), .. } if p == "xl/workbook.xml"),
        "{e:?}"
    );
    // A shared strings bomb.
    let big = format!("<sst><si><t>{}</t></si></sst>", "9".repeat(32 << 20));
    let mut bytes = xlsx(&[("S", "<sheetData/>", false)], &[]);
    // Replace the package with one whose shared strings are huge.
    bytes.clear();
    bytes.extend(zip(&[
        (
            "xl/workbook.xml",
            b"<workbook><sheets/></workbook>".as_slice(),
        ),
        ("xl/sharedStrings.xml", big.as_bytes()),
    ]));
    let limits = Limits {
        max_bytes: 4 << 20,
        ..Limits::default()
    };
    let e = decode(&bytes, &Options::with_limits(limits)).unwrap_err();
    assert!(
        matches!(
            e,
            DecodeError::TooLarge {
                limit: Limit::Bytes,
                ..
            }
        ),
        "{e:?}"
    );
}
