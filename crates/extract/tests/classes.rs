//! The failure classes of unseen real reports (issue 6), one small document each: what the
//! reader does with it now. Real documents of most classes are in `fixtures/corpus` (the
//! excerpts); these cases isolate one class at a time, including the guards (what must *not*
//! be read).
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use gongkai_decode::{Options, decode};
use gongkai_report::{Placement, Report, Source};

fn read(text: &str) -> Report {
    read_bytes(text.as_bytes())
}

fn read_bytes(bytes: &[u8]) -> Report {
    let doc = decode(bytes, &Options::default()).unwrap();
    gongkai_extract::extract(&doc, Source::default())
}

fn row(r: &Report, table: &str, key: &str) -> Option<Vec<f64>> {
    let t = r.tables().find(|t| t.id.key() == table)?;
    Some(t.row(key)?.cells.iter().map(|c| c.value.as_f64()).collect())
}

fn placement(r: &Report, table: &str, key: &str) -> Option<Placement> {
    let t = r.tables().find(|t| t.id.key() == table)?;
    t.row(key)?.cells.first().map(|c| c.placement)
}

fn has(r: &Report, rule: &str) -> bool {
    r.findings.iter().any(|f| f.rule == rule)
}

const T2_2019_HEAD: &str = "二、主动公开政府信息情况\n第二十条第(一)项\n信息内容\n本年新制作数量\n本年新公开数量\n对外公开总数量\n";

#[test]
fn class1_rows_that_print_nothing_are_blank_where_blanks_are_dropped() {
    let doc = format!(
        "{T2_2019_HEAD}规章\n1\n1\n2\n规范性文件\n第二十条第(五)项\n上一年项目数量\n本年增/减\n处理决定数量\n行政许可\n6\n减3\n3\n其他对外管理服务事项\n第二十条第(六)项\n行政处罚\n行政强制\n第二十条第(八)项\n行政事业性收费\n三、收到和处理政府信息公开申请情况\n"
    );
    let r = read(&doc);
    assert_eq!(row(&r, "table2", "licensing"), Some(vec![6.0, -3.0, 3.0]));
    for key in [
        "normative_documents",
        "other_services",
        "punishment",
        "enforcement",
    ] {
        assert_eq!(
            placement(&r, "table2", key),
            Some(Placement::Inferred),
            "{key}"
        );
        assert!(row(&r, "table2", key).unwrap().iter().all(|v| *v == 0.0));
    }
    assert!(has(&r, "P-ROW-INFERRED"));
    assert!(!has(&r, "P-TABLE-BLANK"));
}

#[test]
fn class1_a_table_without_any_number_is_blank_and_said_so() {
    let doc = format!(
        "{T2_2019_HEAD}规章\n规范性文件\n第二十条第(五)项\n上一年项目数量\n本年增/减\n处理决定数量\n行政许可\n其他对外管理服务事项\n三、收到和处理政府信息公开申请情况\n"
    );
    let r = read(&doc);
    assert_eq!(
        placement(&r, "table2", "regulations"),
        Some(Placement::Inferred)
    );
    assert!(has(&r, "P-TABLE-BLANK"));
}

#[test]
fn class1_guard_one_row_without_cells_among_full_rows_is_not_guessed() {
    // Every other row prints all its cells: nothing shows that this document drops blanks.
    let doc = format!(
        "{T2_2019_HEAD}规章\n1\n1\n2\n规范性文件\n第二十条第(五)项\n上一年项目数量\n本年增/减\n处理决定数量\n行政许可\n6\n减3\n3\n三、收到和处理政府信息公开申请情况\n"
    );
    let r = read(&doc);
    assert_eq!(row(&r, "table2", "normative_documents"), None);
}

const T3_HEAD: &str = "三、收到和处理政府信息公开申请情况\n(本列数据的勾稽关系为:第一项加第二项之和,等于第三项加第四项之和)\n申请人情况\n自然人\n法人或其他组织\n总计\n商业企业\n科研机构\n社会公益组织\n法律服务机构\n其他\n";

#[test]
fn class2_same_numbers_whatever_the_blanks_are_read_with_positions_unknown() {
    let doc = format!(
        "{T3_HEAD}一、本年新收政府信息公开申请数量\n\n\n\n\n\n\n\n 0\n\n二、上年结转政府信息公开申请数量\n\n\n 0\n\n三、本年度办理结果\n(一)予以公开\n\n"
    );
    let r = read(&doc);
    assert_eq!(row(&r, "table3", "new_received"), Some(vec![0.0; 7]));
    assert_eq!(
        placement(&r, "table3", "new_received"),
        Some(Placement::PositionUnknown)
    );
    assert_eq!(row(&r, "table3", "carried_over"), Some(vec![0.0; 7]));
}

#[test]
fn class2_guard_a_row_cut_off_by_the_end_of_the_text_gets_no_values() {
    let doc = format!(
        "{T3_HEAD}一、本年新收政府信息公开申请数量\n\n 0\n\n二、上年结转政府信息公开申请数量\n\n 0"
    );
    let r = read(&doc);
    assert_eq!(row(&r, "table3", "new_received"), Some(vec![0.0; 7]));
    assert_eq!(row(&r, "table3", "carried_over"), None);
    assert!(has(&r, "P-TEXT-CUT"));
}

#[test]
fn class3_separator_lines_belong_to_the_row_and_runs_are_never_positional() {
    // One cell per line followed by `|`, collapsed runs of separators after the values.
    let doc = "二、主动公开政府信息情况\n第二十条第(五)项\n|\n||||\n信息内容\n|\n本年处理决定数量\n|\n|||\n行政许可\n|\n2910\n|\n|||\n第二十条第(六)项\n|\n信息内容\n|\n本年处理决定数量\n|\n行政处罚\n|\n46\n|\n|||\n行政强制\n|\n0\n|\n|||\n三、收到和处理政府信息公开申请情况\n";
    let r = read(doc);
    assert_eq!(row(&r, "table2", "licensing"), Some(vec![2910.0]));
    assert_eq!(row(&r, "table2", "punishment"), Some(vec![46.0]));
    // `7 | 1 | 8 | ||||||` is not [7, 1, 8, 0, 0, 0, 0].
    let doc = format!(
        "{T3_HEAD}一、本年新收政府信息公开申请数量 | 7 | 1 | 8 | ||||||\n二、上年结转政府信息公开申请数量 | 0 | 0 | 0 | 0 | 0 | 0 | 0 |\n三、本年度办理结果\n"
    );
    let r = read(&doc);
    assert_eq!(row(&r, "table3", "new_received"), None);
}

#[test]
fn class4_a_bare_pipe_is_an_empty_cell_where_values_end_with_a_pipe() {
    let doc = "二、主动公开政府信息情况\n第二十条第(一)项 |\n信息内容 |\n本年新制作数量 |\n本年新公开数量 |\n对外公开总数量 |\n规章 |\n1 |\n|\n3 |\n规范性文件 |\n0 |\n0 |\n0 |\n第二十条第(五)项 |\n三、收到和处理政府信息公开申请情况\n";
    let r = read(doc);
    let t2 = r.tables().find(|t| t.id.key() == "table2").unwrap();
    let reg = t2.row("regulations").unwrap();
    assert_eq!(
        reg.cells
            .iter()
            .map(|c| (c.value.as_f64(), c.blank))
            .collect::<Vec<_>>(),
        [(1.0, false), (0.0, true), (3.0, false)]
    );
}

#[test]
fn class5_a_short_table_3_is_found_under_its_header() {
    let doc = format!(
        "{T3_HEAD}一、本年新收政府信息公开申请数量\n0\n0\n0\n0\n0\n1\n1\n二、上年结转政府信息公"
    );
    let r = read(&doc);
    assert_eq!(
        row(&r, "table3", "new_received"),
        Some(vec![0.0, 0.0, 0.0, 0.0, 0.0, 1.0, 1.0])
    );
}

#[test]
fn class6_table_4_as_three_small_tables() {
    let doc = "四、政府信息公开行政复议、行政诉讼情况\n行政复议\n结果维持 | 结果纠正 | 其他结果 | 尚未审结 | 总计\n1 | 0 | 0 | 1 | 2\n行政诉讼（未经复议直接起诉）\n结果维持 | 结果纠正 | 其他结果 | 尚未审结 | 总计\n0 | 1 | 0 | 0 | 1\n行政诉讼（复议后起诉）\n结果维持 | 结果纠正 | 其他结果 | 尚未审结 | 总计\n0 | 0 | 0 | 0 | 0\n五、存在的主要问题及改进情况\n";
    let r = read(doc);
    assert_eq!(
        row(&r, "table4", "review"),
        Some(vec![1.0, 0.0, 0.0, 1.0, 2.0])
    );
    assert_eq!(
        row(&r, "table4", "litigation_direct"),
        Some(vec![0.0, 1.0, 0.0, 0.0, 1.0])
    );
    assert_eq!(
        row(&r, "table4", "litigation_after_review"),
        Some(vec![0.0; 5])
    );
}

#[test]
fn class7_words_in_a_labels_note_do_not_claim_rows() {
    let doc = "二、主动公开政府信息情况\n第二十条第（五）项\n信息内容 | 上一年项目数量 | 本年增/减 | 处理决定数量\n行政许可 | 5 | 1 | 6\n其他对外管理服务事项（含行政处罚、行政强制等）| 117 | 0 | 165\n第二十条第（六）项\n信息内容 | 上一年项目数量 | 本年增/减 | 处理决定数量\n行政处罚 | 3 | 0 | 4\n行政强制 | 2 | 1 | 1\n三、收到和处理政府信息公开申请情况\n";
    let r = read(doc);
    assert_eq!(
        row(&r, "table2", "other_services"),
        Some(vec![117.0, 0.0, 165.0])
    );
    assert_eq!(row(&r, "table2", "punishment"), Some(vec![3.0, 0.0, 4.0]));
    assert_eq!(row(&r, "table2", "enforcement"), Some(vec![2.0, 1.0, 1.0]));
}

#[test]
fn class8_table_2_continues_past_a_long_note() {
    let note =
        "注：本表所称行政许可包括下放及委托实施的各类行政许可事项，数据来源于政务服务平台统计。"
            .repeat(6);
    let doc = format!(
        "二、主动公开政府信息情况\n第二十条第（一）项\n信息内容 | 本年制发件数 | 本年废止件数 | 现行有效件数\n规章 | 0 | 0 | 0\n行政规范性文件 | 3 | 1 | 20\n第二十条第（五）项\n信息内容 | 本年处理决定数量\n行政许可 | 120\n{note}\n第二十条第（六）项\n信息内容 | 本年处理决定数量\n行政处罚 | 17\n行政强制 | 2\n第二十条第（八）项\n信息内容 | 本年收费金额（单位：万元）\n行政事业性收费 | 0\n三、收到和处理政府信息公开申请情况\n"
    );
    let r = read(&doc);
    assert_eq!(row(&r, "table2", "punishment"), Some(vec![17.0]));
    assert_eq!(row(&r, "table2", "fees"), Some(vec![0.0]));
}

#[test]
fn class9_converted_vocabulary_is_mapped_back() {
    let doc = "二、主動公開政府資訊情況\n第二十條第（一）項\n資訊內容 | 本年制發件數 | 本年廢止件數 | 現行有效件數\n規章 | 0 | 0 | 0\n行政規範性檔案 | 3 | 1 | 20\n三、收到和處理政府資訊公開申請情況\n";
    let r = read(doc);
    assert_eq!(
        row(&r, "table2", "normative_documents"),
        Some(vec![3.0, 1.0, 20.0])
    );
}

#[test]
fn class10_a_long_label_misprinted_by_one_character_is_read_where_it_belongs() {
    let doc = "二、主动公开政府信息情况\n第二十条第（六）项\n信息内容 | 本年处理决定数量\n行政处罚 | 17\n行政强制 | 2\n第二十条第（八）项\n信息内容 | 本年收费金额（单位：万元）\n行政事业型收费 | 1.5\n三、收到和处理政府信息公开申请情况\n";
    let r = read(doc);
    assert_eq!(row(&r, "table2", "fees"), Some(vec![1.5]));
    assert!(has(&r, "P-LABEL-MISPRINT"));
}

#[test]
fn class11_run_together_digits_split_as_the_text_states_them() {
    let doc = "一、总体情况\n2022年，本机关制发行政规范性文件88件，废止12件，现行有效行政规范性文件698件。\n二、主动公开政府信息情况\n第二十条第（一）项\n信息内容 本年制发件数 本年废止件数 现行有效件数\n规章 0 0 0\n行政规范性文件 8812698\n第二十条第（五）项\n三、收到和处理政府信息公开申请情况\n";
    let r = read(doc);
    assert_eq!(
        row(&r, "table2", "normative_documents"),
        Some(vec![88.0, 12.0, 698.0])
    );
    assert_eq!(
        placement(&r, "table2", "normative_documents"),
        Some(Placement::Prose)
    );
    assert!(has(&r, "P-SPLIT-BY-TEXT"));
    // Without the statement the row stays undecided.
    let r = read(&doc.replace(
        "制发行政规范性文件88件，废止12件，现行有效行政规范性文件698件",
        "工作有序推进",
    ));
    assert_eq!(row(&r, "table2", "normative_documents"), None);
}

#[test]
fn class12_the_year_from_the_prose_ranked() {
    let year = |text: &str| {
        let r = read(text);
        (
            r.meta.year.map(|y| y.value),
            r.meta.year_from.unwrap_or_default(),
        )
    };
    assert_eq!(
        year(
            "某局政府信息公开工作年度报告\n本报告所列数据的统计期限为2020年1月1日至2020年12月31日。\n一、总体情况\n"
        ),
        (Some(2020), "period".into())
    );
    assert_eq!(
        year("一、总体情况\n截至2021年12月31日，我局共有……\n二、主动公开政府信息情况\n"),
        (Some(2021), "as_of".into())
    );
    assert_eq!(
        year(
            "一、总体情况\n2019年，我局按照《条例》（2019年4月3日修订）规定……2019年度未收到申请。\n二、主动公开政府信息情况\n"
        ),
        (Some(2019), "overview".into())
    );
    assert_eq!(
        year(
            "一、总体情况\n我局认真做好公开工作。\n二、主动公开政府信息情况\n某局\n2023年1月20日\n"
        ),
        (Some(2022), "publication_date".into())
    );
}

#[test]
fn class14_body_and_date_from_the_page_never_from_prose() {
    let page = "<html><head><title>政务公开_某市</title><meta name=\"ArticleTitle\" content=\"某市某区某镇人民政府2021年度政府信息公开工作年度报告\"><meta name=\"PubDate\" content=\"2022-01-20 09:30\"><meta name=\"ContentSource\" content=\"某镇人民政府\"></head><body><p>依据《中华人民共和国政府信息公开条例》第五十条规定，制作本报告。</p><p>一、总体情况</p><p>2021年，某镇工作有序推进。</p></body></html>";
    let r = read_bytes(page.as_bytes());
    assert_eq!(
        r.meta.published.as_ref().map(|p| p.value.as_str()),
        Some("2022-01-20")
    );
    assert_eq!(r.meta.year.as_ref().map(|y| y.value), Some(2021));
    assert_eq!(
        r.meta.org.as_ref().map(|o| o.value.as_str()),
        Some("某市某区某镇人民政府")
    );
    let text = "依据《中华人民共和国政府信息公开条例》第五十条规定,制作本报告。\n一、总体情况\n2019年,新华街道办事处高度重视政府信息公开工作。\n";
    let r = read(text);
    assert_eq!(
        r.meta.org.as_ref().map(|o| o.value.as_str()),
        Some("新华街道办事处")
    );
    assert_eq!(r.meta.org_from.as_deref(), Some("overview"));
}
