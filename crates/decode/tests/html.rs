//! HTML pages through the public `decode`: encodings, table layouts, provenance.
#![cfg(feature = "html")]
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use encoding_rs::GBK;
use gongkai_decode::{Document, Format, Options, decode};
use std::ops::Range;
use std::path::Path;

fn html(s: &str) -> Document {
    decode(s.as_bytes(), &Options::default()).unwrap()
}

/// The cells of every table line of the layout, with their layout ranges.
fn cells(d: &Document) -> Vec<(String, Range<usize>)> {
    let layout = d.layout();
    let mut out = Vec::new();
    let mut line_start = 0;
    for line in layout.split_inclusive('\n') {
        let body = line.trim_end_matches('\n');
        if body.starts_with("| ") && body.ends_with(" |") {
            let mut at = line_start + 1;
            for piece in body[1..body.len() - 1].split('|') {
                let text = piece.trim();
                let lead = piece.len() - piece.trim_start().len();
                out.push((text.to_owned(), at + lead..at + lead + text.len()));
                at += piece.len() + 1;
            }
        }
        line_start += line.len();
    }
    out
}

fn is_number(s: &str) -> bool {
    let s = s.strip_prefix(['-', '+']).unwrap_or(s);
    let s = s.strip_suffix('元').unwrap_or(s);
    !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit())
}

/// Independent oracle: every number written as the whole text of an element
/// (`>12<`) after the first table, in source order.
fn numbers_in_source(src: &str) -> Vec<(usize, &str)> {
    let from = src.find("<table").unwrap();
    let mut out = Vec::new();
    let b = src.as_bytes();
    let mut i = from;
    while let Some(j) = src[i..].find('>') {
        let start = i + j + 1;
        if let Some(k) = src[start..].find('<') {
            let text = &src[start..start + k];
            if is_number(text) {
                out.push((start, text));
            }
            i = start + k;
        } else {
            break;
        }
        if i >= b.len() {
            break;
        }
    }
    out
}

#[test]
fn the_shanghai_page_renders_rows_and_every_number_points_at_its_digits() {
    let path =
        Path::new(env!("CARGO_MANIFEST_DIR")).join("../../fixtures/corpus/docs/sh2020_city.html");
    let bytes = std::fs::read(path).unwrap();
    let d = decode(&bytes, &Options::default()).unwrap();
    assert_eq!(
        (d.format, d.encoding, d.lossy),
        (Format::Html, "utf-8", false)
    );
    let layout = d.layout();
    for line in [
        "| 规章 | 12 | 12 | 287 |",
        "| 行政许可 | 893 | -183 | 12854581 |",
        "| 其他对外管理服务事项 | 16334 | +5174 | 77300440 |",
        "| 政府集中采购 | 47 | 27225290916元 |",
        "| 自然人 | 法人或其他组织 | 总计 |",
        "| 一、本年新收政府信息公开申请数量 | 26954 | 1718 | 13 | 60 | 144 | 237 | 29130 |",
        "| （三）不予公开 | 1.属于国家秘密 | 58 | 0 | 0 | 0 | 0 | 2 | 60 |",
        "| 2.其他法律行政法规禁止公开 | 87 | 3 | 0 | 0 | 0 | 1 | 91 |",
        "| 637 | 42 | 66 | 68 | 813 | 316 | 21 | 80 | 25 | 442 | 226 | 2 | 42 | 19 | 289 |",
    ] {
        assert!(
            layout.lines().any(|l| l == line),
            "missing line {line}\n{layout}"
        );
    }
    // Paragraphs are lines of their own.
    assert!(layout.lines().any(|l| l == "二、主动公开政府信息情况"));

    // Every cell maps to the source; numeric cells map exactly onto their digits, in the
    // order an independent scan of the source finds them.
    let all = cells(&d);
    assert!(all.len() > 250, "{} cells", all.len());
    let mut last = 0;
    let mut numbers = Vec::new();
    for (text, r) in &all {
        let s = d.source_range(r.clone());
        assert!(s.start >= last, "cell {text} maps backwards");
        last = s.start;
        if is_number(text) {
            assert_eq!(&d.text[s.clone()], text, "cell {text} maps to {s:?}");
            numbers.push((s.start, text.as_str()));
        } else if !text.is_empty() {
            // Text cells start at their first character (entities and tags inside may differ).
            let first = text.chars().next().unwrap();
            assert!(
                d.text[s.start..].starts_with(first),
                "cell {text} maps to {s:?}"
            );
        }
    }
    assert_eq!(numbers, numbers_in_source(&d.text));
    // Table 2: 22 numbers, table 3: 23 rows of 7, table 4: 15.
    assert_eq!(numbers.len(), 22 + 23 * 7 + 15);
    // Lines count from the source: the page is one line.
    assert_eq!(d.line_of(numbers[0].0), 1);
}

#[test]
fn gbk_page_with_meta_charset() {
    let page = "<html><head><meta http-equiv='Content-Type' content='text/html; charset=gb2312'>\
                <title>年报</title></head><body><p>一、总体情况</p>\
                <table><tr><td>规章</td><td>12</td></tr></table></body></html>";
    let (bytes, _, unmappable) = GBK.encode(page);
    assert!(!unmappable);
    let d = decode(&bytes, &Options::default()).unwrap();
    assert_eq!(d.format, Format::Html);
    assert_eq!(d.encoding, "gbk");
    assert_eq!(d.layout(), "一、总体情况\n| 规章 | 12 |\n");
    let at = d.layout().find("12").unwrap();
    let s = d.source_range(at..at + 2);
    assert_eq!(&d.text[s], "12");
}

#[test]
fn a_page_declaring_gb2312_but_written_in_utf8() {
    let d = html(
        "<html><head><meta charset=\"gb2312\"></head><body><p>政府信息公开工作年度报告</p></body></html>",
    );
    assert_eq!(d.encoding, "utf-8");
    assert_eq!(d.layout(), "政府信息公开工作年度报告\n");
}

#[test]
fn entities_in_cells() {
    let d = html("<table><tr><td>&nbsp;</td><td>&#49;&#50;</td><td>A&amp;B</td></tr></table>");
    assert_eq!(d.layout(), "|  | 12 | A&B |\n");
    let at = d.layout().find("12").unwrap();
    // Decoded characters map to the start of their entity.
    let s = d.source_range(at..at + 2);
    assert_eq!(s.start, d.text.find("&#49;").unwrap());
    let two = d.source_range(at + 1..at + 2);
    assert_eq!(two.start, d.text.find("&#50;").unwrap());
}

#[test]
fn word_html_with_unclosed_cells() {
    let d = html(
        "<html><body><table><tr><td>信息内容<td>本年新制作数量\
         <tr><td>规章<td>3<tr><td>规范性文件<td>4</table></body></html>",
    );
    assert_eq!(
        d.layout(),
        "| 信息内容 | 本年新制作数量 |\n| 规章 | 3 |\n| 规范性文件 | 4 |\n"
    );
}

#[test]
fn nested_table_rows_are_their_own_lines() {
    let d = html(
        "<html><body><table><tr><td><p>二、主动公开政府信息情况</p>\
         <table><tr><td>规章</td><td>1</td></tr></table></td></tr></table></body></html>",
    );
    assert_eq!(d.layout(), "二、主动公开政府信息情况\n| 规章 | 1 |\n");
}

#[test]
fn deeply_nested_divs() {
    let mut page = String::from("<html><body>");
    for _ in 0..10_000 {
        page.push_str("<div>");
    }
    page.push_str("深处的文字");
    let d = html(&page);
    assert_eq!(d.layout(), "深处的文字\n");
}

#[test]
fn empty_page_and_page_without_tables() {
    let d = html("<!DOCTYPE html><html><body></body></html>");
    assert_eq!((d.format, d.layout()), (Format::Html, ""));
    let d =
        html("<html><body><h1>标题</h1><p>第一段<span>接续</span></p><p>第二段</p></body></html>");
    assert_eq!(d.layout(), "标题\n第一段接续\n第二段\n");
    let at = d.layout().find("第二段").unwrap();
    assert_eq!(d.line_of(d.source_range(at..at + 1).start), 1);
}
