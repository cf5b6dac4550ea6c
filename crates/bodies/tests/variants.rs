//! Real name variants (from the corpus: `org`/`orgs_ok` of its truth files and the names in
//! its documents, with their titles and sources) and invented ones, with the identity each
//! must get — or the candidates it must report instead of guessing.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use gongkai_bodies::{
    BodyKind, Context, Divisions, Mapping, Outcome, Registry, Resolution, Resolver, Step,
    Unresolved,
};

/// What a name must resolve to.
enum Want {
    /// One identity: key and kind.
    Id(&'static str, BodyKind),
    /// Several identities, by key (in any order).
    Ambiguous(&'static [&'static str]),
    /// No identity, for this reason.
    Unres(fn(&Unresolved) -> bool),
}
use Want::*;

use BodyKind::{
    CityGovernment as City, CountyGovernment as County, Department as Dept,
    ProvincialGovernment as Prov, StreetOffice as Street, Township as Town,
};

fn ctx(title: &str, source: &str, text: &str) -> Context {
    let mut c = Context::new();
    if !title.is_empty() {
        c = c.title(title);
    }
    if !source.is_empty() {
        c = c.source(source);
    }
    if !text.is_empty() {
        c = c.text(text);
    }
    c
}

/// (name, title, source, text, expected)
type Case = (&'static str, &'static str, &'static str, &'static str, Want);

fn cases() -> Vec<Case> {
    vec![
        // --- corpus: 000 (a township of a Chongqing autonomous county)
        (
            "酉阳土家族苗族自治县李溪镇人民政府",
            "",
            "",
            "",
            Id("500242109", Town),
        ),
        ("酉阳县李溪镇", "", "", "", Id("500242109", Town)),
        ("李溪镇政府", "", "", "", Id("500242109", Town)),
        (
            "重庆市酉阳土家族苗族自治县李溪镇",
            "",
            "",
            "",
            Id("500242109", Town),
        ),
        // --- 001 (a street office; 西街街道 is in eight places)
        (
            "甘州区人民政府西街街道办事处",
            "",
            "",
            "",
            Id("620702003", Street),
        ),
        ("甘州区西街街道办事处", "", "", "", Id("620702003", Street)),
        ("甘州区西街街道", "", "", "", Id("620702003", Street)),
        (
            "西街办事处",
            "甘州区人民政府西街街道办事处 2023年政府信息公开工作年度报告",
            "",
            "",
            Id("620702003", Street),
        ),
        (
            "西街街道办事处",
            "",
            "",
            "",
            Ambiguous(&[
                "140403002",
                "140502002",
                "150102005",
                "331181002",
                "410702001",
                "450502003",
                "520402003",
                "620702003",
            ]),
        ),
        // --- 002, 003, 004 (townships named once in the table)
        ("灵丘县石家田乡人民政府", "", "", "", Id("140224206", Town)),
        ("灵丘县石家田乡", "", "", "", Id("140224206", Town)),
        ("石家田乡政府", "", "", "", Id("140224206", Town)),
        ("陆浑镇人民政府", "", "", "", Id("410325111", Town)),
        // a title given for the name
        (
            "陆浑镇人民政府2022年政府信息公开工作年度报告",
            "",
            "",
            "",
            Id("410325111", Town),
        ),
        ("陆浑镇", "", "", "", Id("410325111", Town)),
        ("一市镇", "", "", "", Id("330226104", Town)),
        ("一市镇人民政府", "", "", "", Id("330226104", Town)),
        // --- haizhu2020: 江南中街道
        ("江南中街道办事处", "", "", "", Id("440105004", Street)),
        (
            "广州市海珠区江南中街道",
            "",
            "",
            "",
            Id("440105004", Street),
        ),
        (
            "海珠区人民政府江南中街道办事处",
            "",
            "",
            "",
            Id("440105004", Street),
        ),
        // --- shijiazhuang-qx2021: 中山街道 is in nine places
        (
            "石家庄市桥西区中山街道办事处",
            "",
            "",
            "",
            Id("130104002", Street),
        ),
        (
            "中山街道办事处",
            "",
            "http://www.sjzqx.gov.cn/columns/841725bf/202202/09/c9aa51fa.html",
            "",
            Id("130104002", Street),
        ),
        // --- tongzhou2019: 新华街道 is in 27 places; the host is 北京 + 通州 by initials.
        (
            "新华街道办事处",
            "",
            "http://www.bjtzh.gov.cn/tzzfxxgk/c109617/202009/1314868.shtml",
            "",
            Id("110112002", Street),
        ),
        ("通州区新华街道办事处", "", "", "", Id("110112002", Street)),
        (
            "北京市通州区新华街道办事处",
            "",
            "",
            "",
            Id("110112002", Street),
        ),
        // --- weishan2020, yuyang2020, xuancheng2020
        ("两城镇人民政府", "", "", "", Id("370826107", Town)),
        ("驼峰路街道办事处", "", "", "", Id("610802005", Street)),
        ("驼峰路街道办", "", "", "", Id("610802005", Street)),
        ("驼峰路街道", "", "", "", Id("610802005", Street)),
        ("驼峰路办事处", "", "", "", Id("610802005", Street)),
        ("宣城市气象局", "", "", "", Id("341800/气象局", Dept)),
        // --- sh2024_kewei, sh2020_city
        (
            "上海市科学技术委员会（市科委）",
            "",
            "",
            "",
            Id("310000/科学技术委员会", Dept),
        ),
        ("上海市科委", "", "", "", Id("310000/科学技术委员会", Dept)),
        (
            "上海市（市政府办公厅汇总全市各区政府和市级机关）",
            "",
            "",
            "",
            Id("310000", Prov),
        ),
        // --- pingtan: the zone is not in the table (see the mapping test)
        (
            "平潭综合实验区（平潭综合实验区管委会办公室编制）",
            "",
            "",
            "",
            Unres(|u| matches!(u, Unresolved::NoDivision)),
        ),
        // --- invented: levels and kinds
        ("北京市人民政府", "", "", "", Id("110000", Prov)),
        ("石家庄市人民政府", "", "", "", Id("130100", City)),
        ("义乌市人民政府", "", "", "", Id("330782", County)),
        ("东莞市人民政府", "", "", "", Id("441900", City)),
        ("广西壮族自治区人民政府", "", "", "", Id("450000", Prov)),
        ("广西", "", "", "", Id("450000", Prov)),
        ("海淀区", "", "", "", Id("110108", County)),
        ("北京市海淀区人民政府", "", "", "", Id("110108", County)),
        ("海淀区政府", "", "", "", Id("110108", County)),
        // --- departments of a level
        (
            "北京市朝阳区教育委员会",
            "",
            "",
            "",
            Id("110105/教育委员会", Dept),
        ),
        (
            "北京市朝阳区教委",
            "",
            "",
            "",
            Id("110105/教育委员会", Dept),
        ),
        (
            "北京市朝陽區教育委員會",
            "",
            "",
            "",
            Id("110105/教育委员会", Dept),
        ),
        ("朝阳区建外街道办事处", "", "", "", Id("110105001", Street)),
        (
            "朝阳区教委",
            "",
            "",
            "",
            Ambiguous(&["110105/教育委员会", "220104/教育委员会"]),
        ),
        (
            "朝阳区教委",
            "北京市朝阳区教委2020年政府信息公开工作年度报告",
            "",
            "",
            Id("110105/教育委员会", Dept),
        ),
        (
            "朝阳区人民政府",
            "",
            "http://www.bjchy.gov.cn/xxgk/",
            "",
            Id("110105", County),
        ),
        (
            "朝阳区人民政府",
            "",
            "",
            "本报告由长春市朝阳区人民政府办公室编制",
            Id("220104", County),
        ),
        (
            "鼓楼区人民政府",
            "",
            "",
            "",
            Ambiguous(&["320106", "320302", "350102", "410204"]),
        ),
        (
            "鼓楼区人民政府",
            "",
            "",
            "福州市鼓楼区2020年",
            Id("350102", County),
        ),
        // the text names two of the candidates' cities: still ambiguous, narrowed.
        (
            "鼓楼区人民政府",
            "",
            "",
            "南京市、徐州市",
            Ambiguous(&["320106", "320302"]),
        ),
        // --- the government's office is the government
        ("灵丘县人民政府办公室", "", "", "", Id("140224", County)),
        ("灵丘县政府办", "", "", "", Id("140224", County)),
        ("两城镇党政办公室", "", "", "", Id("370826107", Town)),
        (
            "县人民政府办公室",
            "灵丘县2020年政府信息公开工作年度报告",
            "",
            "",
            Id("140224", County),
        ),
        ("北京市人民政府办公厅", "", "", "", Id("110000", Prov)),
        // --- departments named by their level alone
        (
            "市教育局",
            "宣城市教育局2020年政府信息公开工作年度报告",
            "",
            "",
            Id("341800/教育局", Dept),
        ),
        (
            "市教育局",
            "",
            "https://www.xuancheng.gov.cn/XxgkAnnualReport/show/4309.html",
            "",
            Id("341800/教育局", Dept),
        ),
        (
            "市教育局",
            "",
            "",
            "",
            Unres(|u| matches!(u, Unresolved::NoRegion { .. })),
        ),
        (
            "市教育局",
            "",
            "",
            "宣城市、合肥市",
            Ambiguous(&["340100/教育局", "341800/教育局"]),
        ),
        (
            "区生态环境分局",
            "北京市朝阳区生态环境分局2021年政府信息公开工作年度报告",
            "",
            "",
            Id("110105/生态环境分局", Dept),
        ),
        (
            "北京市朝阳区生态环境分局",
            "",
            "",
            "",
            Id("110105/生态环境分局", Dept),
        ),
        (
            "开发区管委会",
            "宣城市开发区管委会2020年度报告",
            "",
            "",
            Id("341800/开发区管委会", Dept),
        ),
        // --- typos of one character, confirmed by the table
        ("灵丘县石家天乡人民政府", "", "", "", Id("140224206", Town)),
        (
            "酉阳土家族苗族自洽县李溪镇",
            "",
            "",
            "",
            Id("500242109", Town),
        ),
        (
            "陆混镇",
            "",
            "",
            "",
            Unres(|u| matches!(u, Unresolved::NoDivision)),
        ),
        // --- inconsistent
        (
            "长春市海淀区人民政府",
            "",
            "",
            "",
            Unres(|u| matches!(u, Unresolved::Inconsistent { .. })),
        ),
        ("", "", "", "", Unres(|u| matches!(u, Unresolved::Empty))),
        // a division the table does not have there: an old name, never a department
        (
            "北京市崇文区人民政府",
            "",
            "",
            "",
            Unres(|u| matches!(u, Unresolved::NotInTable { text, .. } if text == "崇文区")),
        ),
        (
            "灵丘县某某镇政府",
            "",
            "",
            "",
            Unres(|u| matches!(u, Unresolved::NotInTable { .. })),
        ),
    ]
}

fn keys(ids: &[gongkai_bodies::Identity]) -> Vec<String> {
    let mut k: Vec<String> = ids.iter().map(|i| i.key.clone()).collect();
    k.sort();
    k
}

fn check(resolver: &Resolver<'_>, name: &str, ctx: &Context, want: &Want) -> Resolution {
    let r = resolver.resolve(name, ctx);
    let why = || format!("{name}: {:?}\n  {}", r.outcome, r.derivation());
    match (want, &r.outcome) {
        (Id(key, kind), Outcome::Identified(id)) => {
            assert_eq!(id.key, *key, "{}", why());
            assert_eq!(id.kind, *kind, "{}", why());
        }
        (Ambiguous(want), Outcome::Ambiguous(ids)) => {
            let mut w: Vec<String> = want.iter().map(|s| s.to_string()).collect();
            w.sort();
            assert_eq!(keys(ids), w, "{}", why());
        }
        (Unres(pred), Outcome::Unresolved(u)) => assert!(pred(u), "{}", why()),
        _ => panic!("unexpected outcome: {}", why()),
    }
    r
}

#[test]
fn name_variants_resolve_to_their_identities() {
    let resolver = Resolver::new(Divisions::embedded().unwrap());
    for (name, title, source, text, want) in cases() {
        check(&resolver, name, &ctx(title, source, text), &want);
    }
}

#[test]
fn derivations_say_what_matched_and_what_decided() {
    let resolver = Resolver::new(Divisions::embedded().unwrap());
    let r = resolver.resolve(
        "新华街道办事处",
        &Context::new().source("http://www.bjtzh.gov.cn/tzzfxxgk/c109617/202009/1314868.shtml"),
    );
    let ctx_step = r
        .steps
        .iter()
        .find_map(|s| match s {
            Step::Context { kept, evidence } => Some((kept, evidence)),
            _ => None,
        })
        .expect("a context step");
    assert_eq!(ctx_step.0, &vec!["110112002".to_string()]);
    assert_eq!(ctx_step.1[0].text, "bjtzh");
    let id = r.identity().unwrap();
    assert_eq!(id.name, "北京市通州区新华街道办事处");
    assert_eq!(
        id.region.as_ref().unwrap().path_text(),
        "北京市 › 通州区 › 新华街道"
    );

    let r = resolver.resolve("灵丘县石家天乡人民政府", &Context::new());
    assert!(
        r.steps
            .iter()
            .any(|s| matches!(s, Step::Typo { written, corrected, .. }
            if written == "石家天乡" && corrected == "石家田乡")),
        "{}",
        r.derivation()
    );
    assert_eq!(
        r.identity().unwrap().name,
        "山西省大同市灵丘县石家田乡人民政府"
    );

    let r = resolver.resolve("灵丘县人民政府办公室", &Context::new());
    assert!(
        r.steps
            .iter()
            .any(|s| matches!(s, Step::GovernmentOffice { .. }))
    );

    let r = resolver.resolve("甘州区人民政府西街街道办事处", &Context::new());
    assert!(
        r.steps
            .iter()
            .any(|s| matches!(s, Step::Filler { text } if text == "人民政府"))
    );
    assert!(!r.used_context());

    let r = resolver.resolve("北京市朝陽區教育委員會", &Context::new());
    assert!(matches!(&r.steps[0], Step::Normalised { name } if name == "北京市朝阳区教育委员会"));
    let id = r.identity().unwrap();
    assert_eq!(id.department.as_deref(), Some("教育委员会"));
    assert_eq!(id.name, "北京市朝阳区教育委员会");
}

const MAPPING: &str = r#"
[[body]]
name = "平潭综合实验区管委会"
aliases = ["平潭综合实验区"]
region = "350128"
kind = "county_government"

[[body]]
name = "北京市人民政府办公厅"
kind = "department"
key = "bj-gov-office"

[[body]]
name = "北京市朝阳区人民政府"
key = "bj-chaoyang"

[[body]]
name = "朝阳区教委"
region = "220104"

[[body]]
name = "招商服务中心"
region = "3418"
kind = "department"

[[body]]
name = "某某研究会"
kind = "department"

# an old name: the renames below apply to it
[[body]]
name = "崇文区教委"

[[rename]]
from = "一市乡"
to = "一市镇"
year = 2001

[[rename]]
from = "崇文区"
to = "东城区"
year = 2010
"#;

#[test]
fn the_mapping_fixes_and_adds_identities() {
    let table = Divisions::embedded().unwrap();
    let resolver = Resolver::with_mapping(table, Mapping::parse(MAPPING).unwrap()).unwrap();
    let none = Context::new();
    let id = |name: &str, ctx: &Context| {
        let r = resolver.resolve(name, ctx);
        r.identity()
            .cloned()
            .unwrap_or_else(|| panic!("{name}: {:?} {}", r.outcome, r.derivation()))
    };
    // An alias of a zone the table cannot read, pinned to its county.
    let p = id("平潭综合实验区（平潭综合实验区管委会办公室编制）", &none);
    assert_eq!((p.key.as_str(), p.kind), ("350128", County));
    assert_eq!(p.name, "平潭综合实验区管委会");
    // The county's own name now is the zone's identity too.
    assert_eq!(id("平潭县人民政府", &none).name, "平潭综合实验区管委会");
    // The government's office split off as a department with its own key.
    let o = id("北京市人民政府办公厅", &none);
    assert_eq!((o.key.as_str(), o.kind), ("bj-gov-office", Dept));
    assert_eq!(o.department.as_deref(), Some("办公厅"));
    // Other spellings of the government still are the government.
    assert_eq!(id("北京市人民政府", &none).key, "110000");
    // A claimed identity: every spelling gets the body's key and name.
    let c = id(
        "朝阳区政府",
        &Context::new().title("北京市朝阳区2020年政府信息公开年报"),
    );
    assert_eq!(
        (c.key.as_str(), c.name.as_str()),
        ("bj-chaoyang", "北京市朝阳区人民政府")
    );
    // … and an ambiguous name lists it under that key.
    let r = resolver.resolve("朝阳区", &none);
    match &r.outcome {
        Outcome::Ambiguous(ids) => assert_eq!(keys(ids), vec!["220104", "bj-chaoyang"]),
        o => panic!("{o:?}"),
    }
    // A name pinned by the mapping is no longer ambiguous.
    assert_eq!(id("朝阳区教委", &none).key, "220104/教育委员会");
    // A department pinned to a city.
    let d = id("招商服务中心", &none);
    assert_eq!(d.key, "341800/招商服务中心");
    assert_eq!(id("宣城市招商服务中心", &none).name, "招商服务中心");
    // A body outside the table.
    let u = id("某某研究会", &none);
    assert_eq!(
        (u.key.as_str(), u.kind, u.region.is_none()),
        ("user:某某研究会", Dept, true)
    );
    // A rename.
    let r = resolver.resolve("一市乡人民政府", &none);
    assert_eq!(r.identity().unwrap().key, "330226104");
    let rename_line = MAPPING.lines().position(|l| l == "[[rename]]").unwrap() + 1;
    assert_eq!(id("北京市崇文区人民政府", &none).key, "110101");
    assert_eq!(id("崇文区教委", &none).key, "110101/教育委员会");
    assert_eq!(id("北京市东城区教育委员会", &none).name, "崇文区教委");
    assert!(
        r.steps
            .iter()
            .any(|s| matches!(s, Step::Renamed { year: 2001, line, .. } if *line == rename_line)),
        "{}",
        r.derivation()
    );
}

#[test]
fn malformed_mapping_files_name_the_line() {
    use gongkai_bodies::MappingError as E;
    let table = Divisions::embedded().unwrap();
    let parse = |s: &str| Mapping::parse(s).unwrap_err();
    let build = |s: &str| Resolver::with_mapping(table, Mapping::parse(s).unwrap()).unwrap_err();

    assert!(matches!(
        parse("[[body]]\nname = \"a\"\nname = 1\n"),
        E::Syntax { line: 3, .. }
    ));
    assert!(matches!(
        parse("[[body]]\nname = \"甲\nkind = 1"),
        E::Syntax { line: 2, .. }
    ));
    assert!(matches!(
        parse("\n[[body]]\nnmae = \"x\"\n"),
        E::Syntax { line: 2 | 3, .. }
    ));
    assert!(matches!(
        parse("[[bodies]]\nname = \"x\"\n"),
        E::Syntax { line: 1, .. }
    ));
    assert!(matches!(
        parse("[[rename]]\nfrom = \"a\"\nto = \"b\"\n"),
        E::Syntax { line: 1, .. }
    ));
    assert_eq!(
        parse("[[body]]\nname = \"  \"\n"),
        E::Empty {
            line: 2,
            field: "name"
        }
    );
    assert_eq!(
        parse("[[body]]\nname = \"x\"\nkind = \"ministry\"\n"),
        E::UnknownKind {
            line: 3,
            kind: "ministry".into()
        }
    );
    assert_eq!(
        parse("[[body]]\nname = \"x\"\nregion = \"11010\"\n"),
        E::BadRegion {
            line: 3,
            code: "11010".into()
        }
    );
    assert_eq!(
        parse("[[rename]]\nfrom = \"a\"\nto = \"b\"\nyear = 21\n"),
        E::BadYear { line: 4, year: 21 }
    );
    assert_eq!(
        parse("[[rename]]\nfrom = \"城关镇\"\nto = \"城关镇街道\"\nyear = 2021\n"),
        E::RenameLoop {
            line: 1,
            from: "城关镇".into()
        }
    );
    assert_eq!(
        parse("[[body]]\nname = \"甲\"\n\n[[body]]\nname = \"乙\"\naliases = [\"甲\"]\n"),
        E::DuplicateName {
            line: 6,
            name: "甲".into(),
            first_line: 1
        }
    );
    assert_eq!(
        build("[[body]]\nname = \"x\"\nregion = \"119999\"\n"),
        E::UnknownRegion {
            line: 3,
            code: "119999".into()
        }
    );
    assert_eq!(
        build("[[body]]\nname = \"某某研究会\"\n"),
        E::Unplaceable {
            line: 2,
            name: "某某研究会".into()
        }
    );
    assert!(matches!(
        build("[[body]]\nname = \"鼓楼区人民政府\"\n"),
        E::AmbiguousBody { line: 2, ref candidates, .. } if candidates.len() == 4
    ));
    assert_eq!(
        build("[[body]]\nname = \"海淀区政府\"\n[[body]]\nname = \"北京市海淀区\"\n"),
        E::DuplicateIdentity {
            line: 3,
            key: "110108".into(),
            first_line: 1
        }
    );
    assert!(matches!(
        build("[[body]]\nname = \"海淀区政府\"\nregion = \"220104\"\n"),
        E::RegionMismatch { line: 3, .. }
    ));
    // Messages say the line.
    assert!(
        parse("[[body]]\nname = \"x\"\nkind = \"ministry\"\n")
            .to_string()
            .starts_with("line 3:")
    );
}

#[test]
fn a_registry_groups_the_corpus_names() {
    let table = Divisions::embedded().unwrap();
    let resolver = Resolver::with_mapping(table, Mapping::parse(MAPPING).unwrap()).unwrap();
    let mut reg = Registry::new(&resolver);
    // (name, source) of the corpus reports and the other names they give.
    let names: [(&str, &str); 14] = [
        (
            "酉阳土家族苗族自治县李溪镇人民政府",
            "seed 000_50ea10f2717e5a1e.txt",
        ),
        (
            "甘州区人民政府西街街道办事处",
            "seed 001_eb0a65417e597162.txt",
        ),
        ("甘州区西街街道办事处", ""),
        ("灵丘县石家田乡人民政府", ""),
        ("灵丘县石家田乡", ""),
        ("陆浑镇人民政府", ""),
        ("一市镇", ""),
        ("一市镇人民政府", ""),
        (
            "江南中街道办事处",
            "https://www.haizhu.gov.cn/zwgk/zfxxgknb/jd/content/post_7043272.html",
        ),
        (
            "新华街道办事处",
            "http://www.bjtzh.gov.cn/tzzfxxgk/c109617/202009/1314868.shtml",
        ),
        ("北京市通州区新华街道办事处", ""),
        ("平潭综合实验区（平潭综合实验区管委会办公室编制）", ""),
        ("平潭综合实验区（平潭综合实验区管委会办公室）", ""),
        ("新华街道办事处", ""),
    ];
    for (n, src) in names {
        reg.add(n, &Context::new().source(src));
    }
    let groups: Vec<(String, usize)> = reg
        .entries()
        .map(|e| {
            (
                e.identity.key.clone(),
                e.names.values().map(|u| u.count).sum(),
            )
        })
        .collect();
    assert_eq!(
        groups,
        vec![
            ("110112002".to_string(), 2),
            ("140224206".to_string(), 2),
            ("330226104".to_string(), 2),
            ("350128".to_string(), 2),
            ("410325111".to_string(), 1),
            ("440105004".to_string(), 1),
            ("500242109".to_string(), 1),
            ("620702003".to_string(), 2),
        ]
    );
    // The one without context is reported, not guessed.
    let amb: Vec<&str> = reg.ambiguous().map(|(n, _)| n).collect();
    assert_eq!(amb, vec!["新华街道办事处"]);
    // Mapped bodies are listed even when no report names them.
    let all = Registry::with_mapped_bodies(&resolver);
    assert_eq!(all.entries().count(), 7);
}
