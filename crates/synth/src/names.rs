//! Names of bodies and the narrative around the tables. The narrative avoids the tables' own
//! row labels so that a failure points at the layout, not at prose quoting a label.
//!
//! The prose repeats figures of the tables the way real reports do (`全年办结政府信息公开申请12件，
//! 其中同意公开9件，占75.00%`, `全年制发行政规范性文件3件`, `本年度未收到政府信息公开申请`), always
//! consistent with them, unless an injection asks for a [`ProseError`]. Whether a figure is
//! written is drawn from an rng of its own, seeded by the report, so that the tables and their
//! layout come out as they did before the prose had figures.

use crate::model::SynthReport;
use gongkai_format::keys::{t2, t3};
use gongkai_report::BodyKind;
use rand::seq::IndexedRandom;
use rand::{Rng, RngExt};

/// A mistake in the prose; the tables stay right. Each is reported by one rule (see
/// `Injection`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum ProseError {
    /// The applications received, stated `d` too many (N-APPLICATIONS).
    Applications(i64),
    /// `未收到政府信息公开申请` though table 3 has some (N-NONE).
    NoneReceived,
    /// `未发生…行政复议、行政诉讼` though table 4 has cases (N-LITIGATION).
    NoCases,
    /// The documents issued, stated `d` too many (N-TABLE2).
    Documents(i64),
    /// The share of applications granted, stated `d` points too high (N-PERCENT).
    Percent(i64),
    /// Section 6 silent about the information processing fee though applications were dropped
    /// for not paying it (N-FEES).
    FeesSilent,
}

/// The rng for the prose of a report: its own stream, seeded by the report.
fn prose_rng(r: &SynthReport, salt: &str) -> rand::rngs::StdRng {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for b in r.org.bytes() {
        h ^= u64::from(b);
        h = h.wrapping_mul(0x0100_0000_01b3);
    }
    crate::rng_for(h ^ r.year.unsigned_abs() as u64, salt)
}

fn t3(r: &SynthReport, row: &str) -> i64 {
    r.t3_row(row).map_or(0, |x| x.values[6])
}

fn t2(r: &SynthReport, row: &str, col: &str) -> i64 {
    r.table2
        .rows
        .iter()
        .find(|x| x.key == row)
        .and_then(|x| x.values.iter().find(|(k, _)| *k == col))
        .map_or(0, |(_, v)| v.n)
}

const PLACES: [&str; 24] = [
    "李溪",
    "石家田",
    "青山",
    "长乐",
    "平安",
    "东湖",
    "西街",
    "南关",
    "北城",
    "红星",
    "金沙",
    "柳林",
    "白塔",
    "新华",
    "龙泉",
    "桃源",
    "清河",
    "双桥",
    "永和",
    "安宁",
    "云岭",
    "凤鸣",
    "望江",
    "梅岭",
];

const PROVINCES: [&str; 6] = [
    "山西省",
    "福建省",
    "甘肃省",
    "四川省",
    "广西壮族自治区",
    "内蒙古自治区",
];

const DEPARTMENTS: [&str; 10] = [
    "交通运输局",
    "卫生健康委员会",
    "生态环境局",
    "市场监督管理局",
    "教育局",
    "民政局",
    "住房和城乡建设局",
    "人力资源和社会保障局",
    "发展和改革委员会",
    "科学技术委员会",
];

/// Townships and street offices are most of the reports in the wild.
pub fn body_kind<R: Rng + ?Sized>(rng: &mut R) -> BodyKind {
    match rng.random_range(0..100) {
        0..40 => BodyKind::Township,
        40..55 => BodyKind::StreetOffice,
        55..80 => BodyKind::Department,
        80..92 => BodyKind::CountyGovernment,
        92..97 => BodyKind::CityGovernment,
        _ => BodyKind::ProvincialGovernment,
    }
}

fn place<R: Rng + ?Sized>(rng: &mut R) -> &'static str {
    PLACES.choose(rng).copied().unwrap_or("青山")
}

/// A county-level area: 县, 区 or an autonomous county.
fn county<R: Rng + ?Sized>(rng: &mut R) -> String {
    let p = place(rng);
    match rng.random_range(0..5) {
        0 => format!("{p}区"),
        1 => format!("{p}土家族苗族自治县"),
        _ => format!("{p}县"),
    }
}

/// The name of a body whose kind the extractor can tell from the name (article 49 deadlines
/// depend on it).
pub fn org<R: Rng + ?Sized>(rng: &mut R, kind: BodyKind) -> String {
    match kind {
        BodyKind::Township => {
            let suffix = if rng.random_bool(0.7) { "镇" } else { "乡" };
            format!("{}{}{suffix}人民政府", county(rng), place(rng))
        }
        BodyKind::StreetOffice => {
            format!("{}人民政府{}街道办事处", county(rng), place(rng))
        }
        BodyKind::Department => {
            let area = match rng.random_range(0..3) {
                0 => format!("{}市", place(rng)),
                _ => county(rng),
            };
            let dept = DEPARTMENTS.choose(rng).copied().unwrap_or("教育局");
            format!("{area}{dept}")
        }
        BodyKind::CountyGovernment => format!("{}人民政府", county(rng)),
        BodyKind::CityGovernment => format!("{}市人民政府", place(rng)),
        BodyKind::ProvincialGovernment => {
            format!(
                "{}人民政府",
                PROVINCES.choose(rng).copied().unwrap_or("山西省")
            )
        }
    }
}

/// Pick one of a few phrasings.
fn one<R: Rng + ?Sized>(rng: &mut R, options: &[&'static str]) -> &'static str {
    options.choose(rng).copied().unwrap_or("")
}

/// The paragraph before section 1: the legal basis and the statistics period.
pub fn intro<R: Rng + ?Sized>(rng: &mut R, r: &SynthReport) -> String {
    let basis = one(
        rng,
        &[
            "根据《中华人民共和国政府信息公开条例》的要求，编制本年度报告。",
            "按照新修订的《中华人民共和国政府信息公开条例》规定，现将本年度工作情况报告如下。",
            "依据《中华人民共和国政府信息公开条例》，结合本机关工作实际，编制本报告。",
        ],
    );
    if rng.random_bool(0.5) {
        format!(
            "{basis}本报告所列数据的统计期限自{y}年1月1日起至{y}年12月31日止。",
            y = r.year
        )
    } else {
        basis.to_owned()
    }
}

/// Section 1: one short paragraph per sub-topic (主动公开, 依申请公开, 政府信息管理, 平台建设,
/// 监督保障), sometimes under `（一）…` sub-headings.
pub fn overview<R: Rng + ?Sized>(rng: &mut R, r: &SynthReport) -> Vec<String> {
    let topics: [(&str, &[&str]); 5] = [
        (
            "主动公开",
            &[
                "围绕重点工作及时公开相关信息，方便群众办事和企业查询。",
                "以政府门户网站为平台，扩大信息公开范围，细化信息公开内容。",
            ],
        ),
        (
            "依申请公开",
            &[
                "建立健全接收、登记、办理、答复等流程，配备专人负责。",
                "依法依规满足申请人获取政府信息的需求，规范答复文书。",
            ],
        ),
        (
            "政府信息管理",
            &[
                "规范信息制作、获取、保存、处理流程，严格落实“三审三校”制度。",
                "加强公开属性源头认定，文件起草时明确公开属性。",
            ],
        ),
        (
            "政府信息公开平台建设",
            &[
                "及时更新维护公开专栏，促进线上线下融合发展。",
                "加强网站和政务新媒体日常管理，归集展示需要公开的信息。",
            ],
        ),
        (
            "监督保障",
            &[
                "定期开展督导检查，针对错链、错字等问题早发现、早整改。",
                "开展业务培训，压实工作责任，确保应公开尽公开。",
            ],
        ),
    ];
    let headed = rng.random_bool(0.5);
    let mut out = vec![format!(
        "{}年，{}认真贯彻落实政府信息公开工作要求，各项工作有序推进。",
        r.year,
        if rng.random_bool(0.5) {
            "我单位"
        } else {
            "本机关"
        }
    )];
    for (i, (topic, texts)) in topics.iter().enumerate() {
        let body = one(rng, texts);
        let detail = match i {
            0 => proactive_figures(r),
            1 => application_figures(r),
            _ => None,
        };
        let body = match detail {
            Some(d) => format!("{body}{d}"),
            None => body.to_owned(),
        };
        if headed {
            let n = crate::render::paren_numeral(i + 1);
            out.push(format!("{n}{topic}方面"));
            out.push(body);
        } else {
            out.push(format!("在{topic}方面，{body}"));
        }
    }
    out
}

/// Documents issued and decisions taken, as section 1 often repeats them (table 2).
fn proactive_figures(r: &SynthReport) -> Option<String> {
    let mut rng = prose_rng(r, "proactive");
    let error = match r.prose_error {
        Some(ProseError::Documents(d)) => Some(d),
        _ => None,
    };
    if error.is_none() && !rng.random_bool(0.5) {
        return None;
    }
    let col = match r.table2.edition {
        gongkai_format::Edition::E2021 => t2::col::ISSUED,
        gongkai_format::Edition::E2019 => t2::col::MADE,
    };
    let docs = t2(r, t2::row::NORMATIVE_DOCUMENTS, col) + error.unwrap_or(0);
    let mut parts = vec![format!("全年制发行政规范性文件{docs}件")];
    let punished = t2(r, t2::row::PUNISHMENT, t2::col::DECISIONS);
    if punished > 0 && rng.random_bool(0.5) {
        parts.push(format!("作出行政处罚决定{punished}件"));
    }
    Some(format!("{}。", parts.join("，")))
}

/// Applications handled, granted with their share, carried over and forward, as section 1
/// often repeats them (table 3). Words that are row labels of table 3 are avoided.
fn application_figures(r: &SynthReport) -> Option<String> {
    let mut rng = prose_rng(r, "applications");
    let error = match r.prose_error {
        Some(ProseError::Percent(d)) => Some(d),
        _ => None,
    };
    if error.is_none() && !rng.random_bool(0.5) {
        return None;
    }
    let handled = t3(r, t3::row::TOTAL);
    let granted = t3(r, t3::row::GRANTED);
    let carried = t3(r, t3::row::CARRIED_OVER);
    let forward = t3(r, t3::row::CARRY_FORWARD);
    let mut parts = Vec::new();
    if handled > 0 {
        let mut s = format!("全年办结政府信息公开申请{handled}件");
        if granted > 0 {
            // Counts are small: the conversion is exact.
            let share = 100.0 * granted as f64 / handled as f64 + error.unwrap_or(0) as f64;
            s.push_str(&format!("，其中同意公开{granted}件，占{share:.2}%"));
        }
        parts.push(s);
    }
    if carried > 0 {
        parts.push(format!("上年度结转申请{carried}件"));
    }
    if forward > 0 {
        parts.push(format!("转入下一年度办理{forward}件"));
    }
    (!parts.is_empty()).then(|| format!("{}。", parts.join("；")))
}

/// A sentence before table 2 (with a number, as real reports often have).
pub fn before_table2<R: Rng + ?Sized>(rng: &mut R, r: &SynthReport) -> Option<String> {
    rng.random_bool(0.5).then(|| {
        format!(
            "{}年，通过政府门户网站等渠道主动公开政府信息{}条。",
            r.year,
            rng.random_range(3..400)
        )
    })
}

/// A sentence before table 3 quoting the number of applications.
pub fn before_table3<R: Rng + ?Sized>(rng: &mut R, r: &SynthReport) -> Option<String> {
    let write = rng.random_bool(0.5);
    let n = r.new_received_total();
    match r.prose_error {
        Some(ProseError::NoneReceived) => Some("本年度未收到政府信息公开申请。".to_owned()),
        Some(ProseError::Applications(d)) => Some(format!(
            "本年度共收到政府信息公开申请{}件，均已按时答复。",
            n + d
        )),
        _ if !write => None,
        _ if n == 0 => Some("本年度未收到政府信息公开申请。".to_owned()),
        _ => Some(format!("本年度共收到政府信息公开申请{n}件，均已按时答复。")),
    }
}

/// A sentence before table 4.
pub fn before_table4<R: Rng + ?Sized>(rng: &mut R, r: &SynthReport) -> Option<String> {
    let write = rng.random_bool(0.5);
    let cases: i64 = r.table4.iter().map(|g| g[4]).sum();
    let none = "本年度未发生因政府信息公开引起的复议、诉讼案件。".to_owned();
    match r.prose_error {
        Some(ProseError::NoCases) => Some(none),
        _ if !write => None,
        _ if cases == 0 => Some(none),
        _ => Some(format!(
            "本年度因政府信息公开引起的复议、诉讼案件共{cases}件。"
        )),
    }
}

/// Section 5: problems and improvements.
pub fn problems<R: Rng + ?Sized>(rng: &mut R) -> Vec<String> {
    vec![
        one(
            rng,
            &[
                "一是公开内容的全面性、时效性有待加强；二是公开形式较为单一。",
                "工作人员业务能力有待提升，公开渠道多而不精。",
            ],
        )
        .to_owned(),
        one(
            rng,
            &[
                "下一步将加强业务培训，完善工作机制，不断提高公开工作质量。",
                "下一步将拓展公开渠道，加大政策解读力度，及时回应社会关切。",
            ],
        )
        .to_owned(),
    ]
}

/// Section 6: other matters (fees are stated here).
pub fn other_matters<R: Rng + ?Sized>(rng: &mut R, r: &SynthReport) -> Vec<String> {
    let said = one(
        rng,
        &[
            "本年度未收取信息处理费。",
            "按照《政府信息公开信息处理费管理办法》规定，本年度没有产生信息处理费。",
            "本年度没有需要说明的其他情况，未收取信息处理费。",
        ],
    );
    if r.prose_error == Some(ProseError::FeesSilent) {
        return vec!["无。".to_owned()];
    }
    vec![said.to_owned()]
}
