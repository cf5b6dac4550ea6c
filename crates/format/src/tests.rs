use crate::*;

#[test]
fn table3_editions_have_the_statutory_row_counts() {
    assert_eq!(edition_def(Edition::E2021).table3.rows.len(), 25);
    assert_eq!(edition_def(Edition::E2019).table3.rows.len(), 23);
}

#[test]
fn row_keys_are_unique_within_each_table() {
    for e in Edition::ALL {
        let d = edition_def(e);
        let mut keys: Vec<_> = d.table3.rows.iter().map(|r| r.key).collect();
        keys.sort_unstable();
        keys.dedup();
        assert_eq!(keys.len(), d.table3.rows.len(), "{e}");
        let mut keys: Vec<_> = d.table2.rows().map(|(_, r)| r.key).collect();
        let n = keys.len();
        keys.sort_unstable();
        keys.dedup();
        assert_eq!(keys.len(), n, "{e}");
    }
}

#[test]
fn table3_roles_frame_the_outcomes() {
    for e in Edition::ALL {
        let t3 = edition_def(e).table3;
        let roles: Vec<_> = t3.rows.iter().map(|r| r.role).collect();
        assert_eq!(roles[0], RowRole::Input);
        assert_eq!(roles[1], RowRole::Input);
        assert_eq!(roles[roles.len() - 2], RowRole::Total);
        assert_eq!(roles[roles.len() - 1], RowRole::CarryForward);
        assert!(
            roles[2..roles.len() - 2]
                .iter()
                .all(|r| *r == RowRole::Outcome)
        );
    }
}

#[test]
fn only_2019_has_procurement_and_only_2021_has_three_other_rows() {
    assert!(
        edition_def(Edition::E2019)
            .table2
            .row("procurement")
            .is_some()
    );
    assert!(
        edition_def(Edition::E2021)
            .table2
            .row("procurement")
            .is_none()
    );
    assert!(
        edition_def(Edition::E2021)
            .table3
            .row("other_unpaid_fee")
            .is_some()
    );
    assert!(
        edition_def(Edition::E2019)
            .table3
            .row("other_unpaid_fee")
            .is_none()
    );
    assert!(edition_def(Edition::E2019).table3.row("other").is_some());
}

#[test]
fn table4_has_fifteen_cells() {
    assert_eq!(edition_def(Edition::E2021).table4.cells(), 15);
}

#[test]
fn official_headings_are_numbered_with_chinese_numerals() {
    assert_eq!(SECTIONS[0].official_heading(), "一、总体情况");
    assert_eq!(SECTIONS[5].official_heading(), "六、其他需要报告的事项");
}

#[test]
fn table4_header_labels_are_derived_in_printed_order() {
    assert_eq!(
        t4_header_labels(),
        [
            "行政复议",
            "行政诉讼",
            "未经复议直接起诉",
            "复议后起诉",
            "结果维持",
            "结果纠正",
            "其他结果",
            "尚未审结",
            "总计"
        ]
    );
}

#[test]
fn result_groups_nest_in_the_results_group() {
    let t3 = edition_def(Edition::E2021).table3;
    let results = t3.groups.iter().find(|g| g.parent.is_none()).unwrap();
    assert_eq!(results.label, "三、本年度办理结果");
    assert!(
        t3.groups
            .iter()
            .filter(|g| g.parent == Some(results.key))
            .count()
            == 4
    );
}
