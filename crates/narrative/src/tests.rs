//! Unit cases; the labelled set of real paragraphs is in `tests/labelled.rs`.

use crate::*;

fn show(text: &str) -> Vec<String> {
    facts(text)
        .iter()
        .map(|f| format!("{}={}", f.label(), f.value))
        .collect()
}

#[test]
fn applications_received_handled_carried() {
    assert_eq!(
        show(
            "全年收到政府信息公开申请 34 件，上年结转政府信息公开\n申请 2 件，所有申请均已按要求办理完成。"
        ),
        ["received=34", "carried_over=2"]
    );
}
