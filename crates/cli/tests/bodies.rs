//! `gongkai bodies` end to end: the corpus's bodies grouped, a mapping file applied, a broken
//! mapping file refused with its line.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::path::PathBuf;
use std::process::{Command, Output};

fn docs() -> String {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../../fixtures/corpus/docs")
        .to_string_lossy()
        .into_owned()
}

fn run(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_gongkai"))
        .arg("bodies")
        .args(args)
        .output()
        .unwrap()
}

fn mapping(name: &str, text: &str) -> String {
    let p = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join(name);
    std::fs::write(&p, text).unwrap();
    p.to_string_lossy().into_owned()
}

#[test]
fn corpus_bodies_with_a_mapping() {
    let m = mapping(
        "bodies-ok.toml",
        "[[body]]\nname = \"平潭综合实验区管委会\"\naliases = [\"平潭综合实验区\"]\nregion = \"350128\"\n",
    );
    let o = run(&["--json", "--mapping", &m, &docs()]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    let keys: Vec<&str> = v["bodies"]
        .as_array()
        .unwrap()
        .iter()
        .map(|b| b["key"].as_str().unwrap())
        .collect();
    for k in [
        "500242109",
        "620702003",
        "140224206",
        "410325111",
        "330226104",
        "310000/科学技术委员会",
    ] {
        assert!(keys.contains(&k), "{k} not in {keys:?}");
    }
    // Both pingtan reports are the zone's, as the mapping says.
    let pt = v["bodies"]
        .as_array()
        .unwrap()
        .iter()
        .find(|b| b["key"] == "350128")
        .unwrap();
    assert_eq!(pt["names"][0]["count"], 2);
    assert_eq!(pt["mapped_line"], 1);
}

#[test]
fn a_broken_mapping_is_refused_with_its_line() {
    let m = mapping(
        "bodies-bad.toml",
        "[[body]]\nname = \"x\"\nkind = \"ministry\"\n",
    );
    let o = run(&["--mapping", &m, &docs()]);
    assert_eq!(o.status.code(), Some(2));
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(err.contains("bodies-bad.toml: line 3:"), "{err}");
}
