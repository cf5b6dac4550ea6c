use crate::check;
use gongkai_decode::{Limits, decode};
use gongkai_report::{Report, Source};

fn parse(text: &str) -> (Report, String) {
    let doc = decode(text.as_bytes(), &Limits::default()).unwrap();
    let r = gongkai_extract::extract(&doc, Source::default());
    (r, doc.text)
}

fn rules(text: &str) -> Vec<&'static str> {
    let (r, t) = parse(text);
    let mut ids: Vec<_> = check(&r, &t)
        .into_iter()
        .filter(|f| f.assessable)
        .map(|f| f.rule)
        .collect();
    ids.sort_unstable();
    ids
}

#[test]
fn placeholder_compiles() {
    let _ = rules("一、总体情况\n");
}
