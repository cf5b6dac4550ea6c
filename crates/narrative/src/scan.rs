//! Finding the statements: sentences, numbers with their units, and what each number is about.
//!
//! A number counts only with a unit (`件`, `%`, `万元` …). Its subject is the nearest keyword
//! before it in its clause (`收到申请` 34 件), or after it when the number comes first
//! (`有1件…行政复议`), with a few strong markers taking precedence (结转下年度 over 办理).
//! Lists inherit their subject within the sentence (`其中自然人80件、商业企业1件`). Anything
//! approximate, compared, planned, about last year, about a part of the body, or about items
//! rather than applications is left alone.

use crate::fact::{
    AppRow, Applicants, CaseGroup, CaseResult, Decision, DocMeasure, DocType, Fact, Kind, Outcome,
    Ratio, Value,
};
use crate::numeral;
use crate::text::{Folded, PARAGRAPH};
use gongkai_format::{Edition, MoneyUnit, edition_def};
use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};
use std::ops::Range;
use std::sync::OnceLock;

/// Row texts of table 3 long enough to be recognised in prose (`无正当理由大量反复申请`): a
/// clause that prints one is a table row, not a statement.
fn row_texts() -> &'static [&'static str] {
    static TEXTS: OnceLock<Vec<&'static str>> = OnceLock::new();
    TEXTS.get_or_init(|| {
        let mut v: Vec<&'static str> = Edition::ALL
            .iter()
            .flat_map(|e| edition_def(*e).table3.rows.iter())
            .flat_map(|r| r.texts.iter().copied())
            .filter(|t| t.chars().count() >= 6)
            .collect();
        v.sort_unstable();
        v.dedup();
        v
    })
}

fn prints_a_row_label(clause: &str) -> bool {
    row_texts().iter().any(|t| clause.contains(t))
}

/// What a number's unit makes it.
#[derive(Clone, Copy, Debug, PartialEq)]
enum Unit {
    /// 件 个 起 宗 例 份: applications, cases, documents, decisions.
    Count,
    /// 条: items of information; applications only in `收到依申请公开信息3条`.
    Items,
    /// 项 篇 次 人 … and compound units: never a fact, but a boundary between subjects.
    Other,
    /// An amount: factor to 万元 and the unit written.
    Money(f64, MoneyUnit),
    Percent,
    /// `2023年`.
    Year,
}

/// Units, longest first.
const UNITS: &[(&str, Unit)] = &[
    ("个百分点", Unit::Other),
    ("个工作日", Unit::Other),
    ("个月", Unit::Other),
    ("人次", Unit::Other),
    ("件次", Unit::Other),
    ("万元", Unit::Money(1.0, MoneyUnit::Wan)),
    ("亿元", Unit::Money(10_000.0, MoneyUnit::Wan)),
    ("元", Unit::Money(0.0001, MoneyUnit::Yuan)),
    ("%", Unit::Percent),
    ("件", Unit::Count),
    ("个", Unit::Count),
    ("起", Unit::Count),
    ("宗", Unit::Count),
    ("例", Unit::Count),
    ("份", Unit::Count),
    ("条", Unit::Items),
    ("项", Unit::Other),
    ("篇", Unit::Other),
    ("次", Unit::Other),
    ("场", Unit::Other),
    ("期", Unit::Other),
    ("家", Unit::Other),
    ("人", Unit::Other),
    ("批", Unit::Other),
    ("天", Unit::Other),
    ("日", Unit::Other),
    ("号", Unit::Other),
    ("月", Unit::Other),
    ("名", Unit::Other),
    ("位", Unit::Other),
    ("所", Unit::Other),
    ("万", Unit::Other),
];

#[derive(Clone, Copy, Debug)]
struct Token {
    /// Chars of the number (after a `百分之`).
    start: usize,
    /// End of the unit.
    end: usize,
    value: f64,
    decimals: u8,
    chinese: bool,
    approx: bool,
    unit: Unit,
}

/// Every fact of a text.
pub fn facts(text: &str) -> Vec<Fact> {
    let f = Folded::new(text);
    let mut out = Vec::new();
    let mut start = 0;
    for end in (0..f.len())
        .filter(|&i| f.chars[i] == PARAGRAPH)
        .chain(std::iter::once(f.len()))
    {
        if end > start {
            Paragraph {
                f: &f,
                state: State::default(),
                sentence_start: start,
                sentence_text: String::new(),
                out: &mut out,
            }
            .run(start..end);
        }
        start = end + 1;
    }
    out
}

/// What earlier sentences of the paragraph said, for lists and percentages that follow.
#[derive(Default)]
struct State {
    /// The last statement of applications received or handled (all applicants).
    base: Option<(AppRow, u64)>,
    /// The row of the last applications statement (for `涉及自然人80件`).
    app_row: Option<AppRow>,
    /// The paragraph speaks about applications.
    app_context: bool,
    /// The last table-4 group named.
    group: Option<CaseGroup>,
    /// The sentence being read has stated applications already.
    sentence_apps: bool,
    /// What the last documents statement counted, and the sentence it was in (a list of
    /// documents shares its verb: `公开政府规章12件，行政规范性文件554件`).
    docs: Option<(usize, DocType, DocMeasure)>,
}

struct Paragraph<'a> {
    f: &'a Folded,
    state: State,
    /// Start of the sentence being read, and its text.
    sentence_start: usize,
    sentence_text: String,
    out: &'a mut Vec<Fact>,
}

/// Where a token sits.
struct Around {
    /// From the clause start (or the previous number) to the number.
    pre: Range<usize>,
    /// From the unit to the clause end (or the next number).
    post: Range<usize>,
    sentence: Range<usize>,
    /// The sentence text before the token's clause.
    sent_before: Range<usize>,
}

const SENTENCE_END: [char; 3] = ['。', '！', '？'];
/// Chars of the sentence before a clause that lists and percentages may inherit from.
const CONTEXT: usize = 160;
const CLAUSE_END: [char; 8] = ['，', '；', '：', '（', '）', '。', '！', '？'];

impl Paragraph<'_> {
    fn run(&mut self, para: Range<usize>) {
        let mut s = para.start;
        for i in para.clone() {
            if SENTENCE_END.contains(&self.f.chars[i]) {
                self.sentence(s..i + 1);
                s = i + 1;
            }
        }
        if s < para.end {
            self.sentence(s..para.end);
        }
    }

    fn text(&self, r: Range<usize>) -> String {
        self.f.string(r)
    }

    /// The measure of a documents list earlier in the same sentence.
    fn doc_measure(&self, a: &Around) -> Option<DocMeasure> {
        self.state
            .docs
            .filter(|(s, _, _)| *s == a.sentence.start)
            .map(|(_, _, m)| m)
    }

    /// `现行有效的规范性文件41件，宣布失效3件`: a verb alone continues a documents list.
    fn documents_continued(&self, pre: &str, a: &Around) -> Option<(Kind, usize)> {
        let (_, doc, _) = self.state.docs.filter(|(s, _, _)| *s == a.sentence.start)?;
        if has_any_subject(pre) || pre.chars().count() > 8 || contains_any(pre, DOC_EXCLUDED) {
            return None;
        }
        let (at, measure) = last_value(pre, DOC_VERBS)?;
        Some((Kind::Documents { doc, measure }, at))
    }

    /// Whether a sentence can state anything: a number with a unit that counts, or a
    /// negation near a subject. Most of a page (markup, tables, prose without figures) cannot,
    /// and is passed over without further work.
    fn may_state(&self, sent: &Range<usize>) -> bool {
        let c = &self.f.chars[sent.clone()];
        let counted = c.windows(2).any(|w| {
            matches!(
                w[1],
                '件' | '个' | '起' | '宗' | '例' | '份' | '条' | '元' | '%' | '之'
            ) && (w[0].is_ascii_digit()
                || numeral::is_chinese_numeral(w[0])
                || matches!(w[0], '余' | '多' | '分'))
        });
        counted
            || (c.iter().any(|x| NEGATION_CHARS.contains(x))
                && c.iter().any(|x| matches!(x, '申' | '复' | '诉' | '费')))
    }

    fn sentence(&mut self, sent: Range<usize>) {
        self.sentence_start = sent.start;
        self.state.sentence_apps = false;
        if !self.may_state(&sent) {
            // Still the paragraph's context for the sentences that follow.
            if self.f.chars[sent.clone()]
                .windows(2)
                .any(|w| w == ['申', '请'])
            {
                self.sentence_text = self.text(sent.clone());
                if has_app_noun(&self.sentence_text) {
                    self.state.app_context = true;
                }
            }
            return;
        }
        self.sentence_text = self.text(sent.clone());
        let text = &self.sentence_text;
        if has_app_noun(text) {
            self.state.app_context = true;
        }
        let tokens = tokens(self.f, sent.clone());
        let bounds: Vec<usize> = sent
            .clone()
            .filter(|&i| CLAUSE_END.contains(&self.f.chars[i]))
            .collect();
        self.negations(sent.clone(), &bounds, &tokens);
        let mut prev_fact: Option<(usize, usize)> = None; // (token index, fact index)
        for (k, t) in tokens.iter().enumerate() {
            if t.unit == Unit::Year {
                continue;
            }
            // Bounds are sorted: the clause around the token by binary search.
            let clause_start = match bounds.partition_point(|&b| b < t.start) {
                0 => sent.start,
                i => bounds[i - 1] + 1,
            };
            let clause_end = bounds
                .get(bounds.partition_point(|&b| b < t.end))
                .copied()
                .unwrap_or(sent.end);
            let prev_end = tokens[..k]
                .iter()
                .rev()
                .find(|p| p.unit != Unit::Year)
                .map_or(0, |p| p.end);
            let next_start = tokens[k + 1..]
                .iter()
                .find(|p| p.unit != Unit::Year)
                .map_or(usize::MAX, |p| p.start);
            let around = Around {
                pre: clause_start.max(prev_end)..t.start,
                post: t.end..clause_end.min(next_start),
                sentence: sent.clone(),
                // What lists inherit from stands close before (bounded: a page of markup
                // without a full stop must not make every number read the whole page).
                sent_before: clause_start.saturating_sub(CONTEXT).max(sent.start)..clause_start,
            };
            let year = tokens[..k]
                .iter()
                .rev()
                .take_while(|p| p.start >= clause_start)
                .find(|p| p.unit == Unit::Year)
                .map(|p| p.value as i32);
            let before = self.out.len();
            if t.unit == Unit::Percent {
                let prev = prev_fact.filter(|(ti, _)| *ti + 1 == k).map(|(_, fi)| fi);
                self.percent(t, &around, prev, year);
            } else {
                self.count(t, &around, year);
            }
            if self.out.len() > before {
                prev_fact = Some((k, self.out.len() - 1));
            }
        }
    }

    fn push(
        &mut self,
        kind: Kind,
        value: Value,
        span: Range<usize>,
        around: &Around,
        year: Option<i32>,
    ) {
        let fact = Fact {
            kind,
            value,
            span: self.f.span(span),
            sentence: self.f.span(around.sentence.clone()),
            negated: false,
            year,
            about_disclosure: about_disclosure(&self.sentence_text),
        };
        self.remember(&fact);
        self.out.push(fact);
    }

    fn remember(&mut self, fact: &Fact) {
        match fact.kind {
            Kind::Applications { row, who } => {
                self.state.app_context = true;
                self.state.sentence_apps = true;
                if matches!(row, AppRow::Received | AppRow::Handled) {
                    self.state.app_row = Some(row);
                    if who == Applicants::All
                        && let Value::Count(n) = fact.value
                    {
                        self.state.base = Some((row, n));
                    }
                }
            }
            Kind::Cases { group, .. } => self.state.group = Some(group),
            Kind::Documents { doc, measure } => {
                self.state.docs = Some((self.sentence_start, doc, measure));
            }
            _ => {}
        }
    }

    // ---- numbers ---------------------------------------------------------------------

    fn skip(&self, t: &Token, a: &Around) -> bool {
        let pre = self.text(a.pre.clone());
        let post = self.text(a.post.clone());
        if t.approx || ends_with_any(&pre, APPROX) || post.starts_with(['余', '多']) {
            return true;
        }
        // An ordinal, a range, a sub-list of named things, a part of a sum.
        if pre.ends_with(['第', '等', '-', '~', '～', '—', '至', '到', '+']) {
            return true;
        }
        if contains_any(&pre, COMPARED) || contains_any(&pre, PLANNED) {
            return true;
        }
        if contains_any(&pre, LAST_YEAR) && !contains_any(&pre, CARRIED_OVER_WORDS) {
            return true;
        }
        // A part of the body (其中市级部门收到…) speaks about less than the tables.
        let part = match rfind(&pre, "其中") {
            Some(at) => &pre[at..],
            None => pre.as_str(),
        };
        if contains_any(part, PART_OF_BODY)
            || (pre.contains("其中") && contains_any(part, PART_AFTER_AMONG))
        {
            return true;
        }
        false
    }

    fn count(&mut self, t: &Token, a: &Around, year: Option<i32>) {
        if !matches!(t.unit, Unit::Count | Unit::Items | Unit::Money(..)) || self.skip(t, a) {
            return;
        }
        let pre = self.text(a.pre.clone());
        let post: String = self.text(a.post.clone()).chars().take(24).collect();
        match t.unit {
            Unit::Money(factor, unit) => {
                let kind = if contains_any(&pre, &["行政事业性收费"]) {
                    if contains_any(&pre, FEE_NOT_COLLECTED) {
                        return;
                    }
                    Kind::Fees
                } else if contains_any(&pre, &["信息处理费", "处理费"]) {
                    Kind::ProcessingFee
                } else {
                    return;
                };
                let start = first_of(&pre, &["行政事业性收费", "信息处理费", "处理费"])
                    .map_or(t.start, |p| a.pre.start + p);
                let value = Value::Money {
                    wan: t.value * factor,
                    unit,
                };
                self.push(kind, value, start..t.end, a, year);
            }
            Unit::Count | Unit::Items => {
                let Some(n) = whole(t.value) else { return };
                // 条 counts applications only in `收到依申请公开信息3条` (see `emit`).
                if t.unit == Unit::Items && !pre.contains("依申请") {
                    return;
                }
                // Chinese numerals only with the units they are written with in counts.
                if t.chinese
                    && !matches!(self.f.chars.get(t.end.wrapping_sub(1)), Some('件' | '个'))
                {
                    return;
                }
                if let Some((kind, start)) = self.subject_before(&pre, a) {
                    self.emit(kind, n, a.pre.start + start..t.end, a, year, t, &pre);
                } else if !has_any_subject(&pre)
                    && let Some((kind, end)) = self.subject_after(&pre, &post, a)
                {
                    self.emit(kind, n, t.start..t.end + end, a, year, t, &pre);
                }
            }
            Unit::Other | Unit::Percent | Unit::Year => {}
        }
    }

    #[allow(clippy::too_many_arguments)]
    fn emit(
        &mut self,
        kinds: Subject,
        n: u64,
        span: Range<usize>,
        a: &Around,
        year: Option<i32>,
        t: &Token,
        pre: &str,
    ) {
        // 条 counts applications only in `收到依申请公开信息3条`.
        if t.unit == Unit::Items
            && !(matches!(
                kinds,
                Subject::One(Kind::Applications {
                    row: AppRow::Received,
                    ..
                })
            ) && pre.contains("依申请"))
        {
            return;
        }
        for kind in kinds.kinds() {
            self.push(kind, Value::Count(n), span.clone(), a, year);
        }
    }

    /// The subject named before the number, and where it starts in `pre` (chars).
    fn subject_before(&self, pre: &str, a: &Around) -> Option<(Subject, usize)> {
        let sentence_before = self.text(a.sent_before.clone());
        let result_of_named_group = last_value(pre, CASE_RESULTS).is_some()
            && (groups_in(&sentence_before).is_some() || self.state.group.is_some());
        if contains_any(pre, CASE_WORDS) || result_of_named_group {
            return self
                .cases(pre, &sentence_before)
                .map(|(k, at)| (Subject::One(k), at));
        }
        if contains_any(pre, &["规范性文件", "规章"]) {
            return documents(pre, &sentence_before, self.doc_measure(a))
                .map(|(k, at)| (Subject::One(k), at));
        }
        if contains_any(pre, DECISION_WORDS) {
            return decisions(pre).map(|(k, at)| (Subject::One(k), at));
        }
        if let Some((k, at)) = self.documents_continued(pre, a) {
            return Some((Subject::One(k), at));
        }
        self.applications(pre, "", &sentence_before)
    }

    /// The subject named right after the number (`有1件涉及…的行政复议`, `另有2124件申请…顺延到
    /// 下年度`, `其中3件予以公开`), and where it ends in `post` (chars).
    fn subject_after(&self, pre: &str, post: &str, a: &Around) -> Option<(Subject, usize)> {
        if contains_any(post, CASE_WORDS) {
            let (k, _) = self.cases(post, "")?;
            let end = last_end(post, CASE_WORDS)?;
            return Some((Subject::One(k), end));
        }
        if contains_any(post, &["规范性文件", "规章"]) {
            // The verb may be before the number (`制发3件规范性文件`).
            let joined = format!("{pre}{post}");
            let (k, _) = documents(&joined, "", self.doc_measure(a))?;
            let end = last_end(post, &["规范性文件", "规章"])?;
            return Some((Subject::One(k), end));
        }
        if contains_any(post, DECISION_WORDS) {
            return None;
        }
        let (s, _) = self.applications(post, pre, "")?;
        let end = post.chars().count();
        Some((s, end))
    }

    // ---- table 3 ---------------------------------------------------------------------

    /// Applications: `ctx` is the text that names the subject (before or after the number),
    /// `verbs` more text that may hold the verb, `sentence_before` the sentence so far.
    fn applications(
        &self,
        ctx: &str,
        verbs: &str,
        sentence_before: &str,
    ) -> Option<(Subject, usize)> {
        if contains_any(ctx, APP_EXCLUDED) {
            return None;
        }
        let app_here = has_app_noun(ctx) || has_app_noun(verbs);
        let app_sentence = app_here || has_app_noun(sentence_before) || self.state.app_context;
        if let Some((at, _)) = last_of(ctx, CARRY_FORWARD) {
            return app_sentence.then_some((one(AppRow::CarriedForward, Applicants::All), at));
        }
        if let Some((at, _)) = last_of(ctx, CARRIED_OVER_WORDS) {
            return app_sentence.then_some((one(AppRow::CarriedOver, Applicants::All), at));
        }
        if let Some((at, o)) = last_value(ctx, OUTCOMES) {
            // An outcome stands for the applications only where they are spoken of.
            return app_sentence.then_some((one(AppRow::Outcome(o), Applicants::All), at));
        }
        let verb = last_value(ctx, VERBS).or_else(|| last_value(verbs, VERBS));
        if let Some((at, who)) = last_value(ctx, APPLICANTS) {
            let row = match verb {
                Some((_, v)) => v,
                None => self
                    .state
                    .app_row
                    .or_else(|| {
                        has_app_noun(sentence_before)
                            .then(|| last_value(sentence_before, VERBS).map(|(_, r)| r))
                            .flatten()
                    })
                    .or_else(|| {
                        (ctx[byte_at(ctx, at)..].contains("申请")).then_some(AppRow::Received)
                    })?,
            };
            return app_sentence.then_some((one(row, who), at));
        }
        // A bare verb continues a list about applications (`收到申请105件，办结100件`).
        let continues = self.state.sentence_apps && verb.is_some() && ctx.chars().count() <= 6;
        if !app_here && !continues {
            return None;
        }
        match verb {
            Some((at, row)) => {
                // `受理并办结12件`: received and handled.
                let both = row == AppRow::Handled
                    && ctx[..byte_at(ctx, at)]
                        .trim_end_matches(['并', '和', '及', '、'])
                        .ends_with(|c| RECEIVED_LAST_CHARS.contains(&c))
                    && last_value(&ctx[..byte_at(ctx, at)], VERBS)
                        .is_some_and(|(_, r)| r == AppRow::Received);
                let at = first_of(ctx, &["依申请", "申请"]).map_or(at, |a| a.min(at));
                if both {
                    Some((
                        Subject::Two(
                            Kind::Applications {
                                row: AppRow::Received,
                                who: Applicants::All,
                            },
                            Kind::Applications {
                                row: AppRow::Handled,
                                who: Applicants::All,
                            },
                        ),
                        at,
                    ))
                } else {
                    Some((one(row, Applicants::All), at))
                }
            }
            // `政府信息公开申请数量为5件`, `全年政府信息公开申请34件`, `共有5件依申请公开事项`: no
            // verb, the number right after (or before) the full noun: the applications of the
            // year. A bare `申请` with a modifier (`当面申请5件`, `涉及第三方的申请2件`) is a
            // part of them, and a `其中` list is a breakdown.
            None => {
                if ctx.contains("其中") || verbs.contains("其中") {
                    return None;
                }
                let tail = ctx
                    .trim_end_matches(['共', '计', '为', '是', '达', '有'])
                    .trim_end_matches(['共', '合', '总', '累'])
                    .trim_end_matches(['数', '量', '件'])
                    .trim_end_matches(['数', '总']);
                let before_number = ends_with_any(tail, FULL_NOUNS);
                let after_number = FULL_NOUNS.iter().any(|n| ctx.starts_with(n))
                    && ends_with_any(verbs, &["有", "共", "共有", "共计", "合计"]);
                (before_number || after_number).then(|| {
                    (
                        one(AppRow::Received, Applicants::All),
                        first_of(ctx, FULL_NOUNS).unwrap_or(0),
                    )
                })
            }
        }
    }

    // ---- table 4 ---------------------------------------------------------------------

    /// Cases: the group named last (or, for a result, the group of the sentence), and where
    /// the subject starts in `ctx` (chars).
    fn cases(&self, ctx: &str, sentence_before: &str) -> Option<(Kind, usize)> {
        let whole = format!("{sentence_before}{ctx}");
        if contains_any(&whole, CASE_QUALIFIED) || contains_any(ctx, CASE_EXCLUDED) {
            return None;
        }
        let result = last_value(ctx, CASE_RESULTS);
        let named = groups_in(ctx);
        let group = match (&named, result) {
            (Some((g, _)), _) => *g,
            (None, Some(_)) => groups_in(sentence_before)
                .map(|(g, _)| g)
                .or(self.state.group)?,
            (None, None) => return None,
        };
        let at = named.map_or_else(|| result.map_or(0, |(at, _)| at), |(_, at)| at);
        // A result must follow its group (`行政复议…其中结果纠正`), not precede it.
        let result = result.filter(|(r_at, _)| named.is_none_or(|(_, g_at)| *r_at >= g_at));
        Some((
            Kind::Cases {
                group,
                result: result.map(|(_, r)| r),
            },
            at,
        ))
    }

    // ---- percentages ------------------------------------------------------------------

    fn percent(&mut self, t: &Token, a: &Around, prev: Option<usize>, year: Option<i32>) {
        if t.approx || self.skip(t, a) {
            return;
        }
        let pre = self.text(a.pre.clone());
        let sentence = self.sentence_text.clone();
        let value = Value::Percent {
            value: t.value,
            decimals: t.decimals,
        };
        if pre.starts_with('占') || pre.starts_with("占比") || pre == "比例为" {
            // 占 X% of the count just stated.
            let Some(fi) = prev else { return };
            let Some(numerator) = self.out.get(fi) else {
                return;
            };
            let Kind::Applications {
                row: AppRow::Outcome(part),
                who: Applicants::All,
            } = numerator.kind
            else {
                return;
            };
            let Some((base, _)) = self.state.base else {
                return;
            };
            let start = t.start.saturating_sub(pre.chars().count());
            self.push(
                Kind::Percent(Ratio::Share { part, base }),
                value,
                start..t.end,
                a,
                year,
            );
            return;
        }
        if let Some(at) = first_of(&pre, &["公开率"]) {
            let before: String = pre.chars().take(at).collect();
            if ends_with_any(&before, &["主动", "公文", "全文", "主动公开"])
                || !(self.state.app_context || has_app_noun(&sentence))
            {
                return;
            }
            self.push(
                Kind::Percent(Ratio::Disclosure),
                value,
                a.pre.start + at..t.end,
                a,
                year,
            );
            return;
        }
        if let Some(at) = first_of(&pre, &["纠错率", "纠正率"]) {
            let before = self.text(a.sent_before.clone());
            if contains_any(&sentence, CASE_QUALIFIED) {
                return;
            }
            let Some(group) = groups_in(&format!("{before}{pre}"))
                .map(|(g, _)| g)
                .or(self.state.group)
            else {
                return;
            };
            self.push(
                Kind::Percent(Ratio::Correction(group)),
                value,
                a.pre.start + at..t.end,
                a,
                year,
            );
        }
    }

    // ---- negations ----------------------------------------------------------------------

    /// `未收到政府信息公开申请`, `未发生行政复议、行政诉讼`, `未收取信息处理费`: facts of value 0.
    fn negations(&mut self, sent: Range<usize>, bounds: &[usize], tokens: &[Token]) {
        let mut starts = vec![sent.start];
        starts.extend(bounds.iter().map(|b| b + 1));
        let mut ends: Vec<usize> = bounds.to_vec();
        ends.push(sent.end);
        for (cs, ce) in starts.into_iter().zip(ends) {
            if cs >= ce {
                continue;
            }
            // A clause with a count is read by its numbers (tokens are sorted).
            let first = tokens.partition_point(|t| t.start < cs);
            if tokens[first..]
                .iter()
                .take_while(|t| t.end <= ce)
                .any(|t| t.unit != Unit::Year)
            {
                continue;
            }
            // Every negation below starts with one of these: most clauses have none.
            if !self.f.chars[cs..ce]
                .iter()
                .any(|c| NEGATION_CHARS.contains(c))
            {
                continue;
            }
            let clause = self.text(cs..ce);
            if prints_a_row_label(&clause) {
                continue;
            }
            let around = Around {
                pre: cs..ce,
                post: ce..ce,
                sentence: sent.clone(),
                sent_before: cs.saturating_sub(CONTEXT).max(sent.start)..cs,
            };
            let sentence_before = self.text(cs.saturating_sub(CONTEXT).max(sent.start)..cs);
            if let Some((r, kind)) = none_of_cases(&clause) {
                if contains_any(&self.sentence_text, CASE_QUALIFIED) {
                    continue;
                }
                self.push_negated(kind, Value::Count(0), cs + r.start..cs + r.end, &around);
            } else if let Some(r) = none_of_applications(&clause) {
                self.push_negated(
                    Kind::Applications {
                        row: AppRow::Received,
                        who: Applicants::All,
                    },
                    Value::Count(0),
                    cs + r.start..cs + r.end,
                    &around,
                );
            } else if let Some(r) = none_of_fees(&clause, &sentence_before) {
                self.push_negated(
                    Kind::ProcessingFee,
                    Value::Money {
                        wan: 0.0,
                        unit: MoneyUnit::Yuan,
                    },
                    cs + r.start..cs + r.end,
                    &around,
                );
            }
        }
    }

    fn push_negated(&mut self, kind: Kind, value: Value, span: Range<usize>, a: &Around) {
        let before = self.out.len();
        self.push(kind, value, span, a, None);
        if let Some(f) = self.out.get_mut(before) {
            f.negated = true;
        }
    }
}

/// One subject, or two (`受理并办结`).
#[derive(Clone, Copy, Debug)]
enum Subject {
    One(Kind),
    Two(Kind, Kind),
}

impl Subject {
    fn kinds(self) -> Vec<Kind> {
        match self {
            Subject::One(k) => vec![k],
            Subject::Two(a, b) => vec![a, b],
        }
    }
}

fn one(row: AppRow, who: Applicants) -> Subject {
    Subject::One(Kind::Applications { row, who })
}

/// Table-2 documents in `ctx` (subject and verb), and where the subject starts.
fn documents(
    ctx: &str,
    sentence_before: &str,
    inherited: Option<DocMeasure>,
) -> Option<(Kind, usize)> {
    let (at, doc) = last_value(ctx, DOC_TYPES)?;
    let after: String = ctx.chars().skip(at).collect();
    let tail = after
        .strip_prefix("行政规范性文件")
        .or_else(|| after.strip_prefix("规范性文件"))
        .or_else(|| after.strip_prefix("政府规章"))
        .or_else(|| after.strip_prefix("规章"))
        .unwrap_or("");
    if tail.starts_with(|c| DOC_NOT_COUNTED_NEXT.contains(&c))
        || contains_any(tail, DOC_NOT_COUNTED)
    {
        return None;
    }
    if contains_any(ctx, DOC_EXCLUDED) && !contains_any(ctx, &["废止", "现行有效"]) {
        return None;
    }
    // The verb: in the clause, or in the sentence before a `其中` that opens a list.
    let verb = last_value(ctx, DOC_VERBS)
        .or_else(|| {
            let at = sentence_before.rfind("其中")?;
            let head = &sentence_before[..at];
            if contains_any(head, DOC_EXCLUDED) {
                return None;
            }
            last_value(head, DOC_VERBS).map(|(_, m)| (usize::MAX, m))
        })
        .or(inherited.map(|m| (usize::MAX, m)));
    let (verb_at, measure) = verb?;
    let start = verb_at.min(at);
    Some((Kind::Documents { doc, measure }, start))
}

/// Table-2 decisions: `作出行政处罚决定120件`.
fn decisions(ctx: &str) -> Option<(Kind, usize)> {
    let (at, d) = last_value(ctx, DECISIONS)?;
    if contains_any(ctx, DECISION_EXCLUDED) {
        return None;
    }
    let after: String = ctx.chars().skip(at + 4).collect();
    let decided = after.starts_with("决定") || contains_any(ctx, DECISION_VERBS);
    decided.then_some((Kind::Decisions(d), at))
}

/// The table-4 group named last in `ctx`, and where it starts. Specific labels first
/// (未经复议直接起诉 is litigation, not review); review and litigation named together are
/// all the cases.
fn groups_in(ctx: &str) -> Option<(CaseGroup, usize)> {
    if let Some((at, g)) = last_value(ctx, CASE_SPECIFIC) {
        return Some((g, at));
    }
    let review = first_of(ctx, &["行政复议", "复议"]);
    let litigation = first_of(ctx, &["行政诉讼", "诉讼", "起诉"]);
    match (review, litigation) {
        (Some(r), Some(l)) => {
            // Together only when joined (`行政复议、行政诉讼`, `复议和诉讼`).
            let (a, b) = (r.min(l), r.max(l));
            let between: String = ctx.chars().skip(a).take(b - a).collect();
            if between.chars().count() <= 6
                && contains_any(&between, &["、", "和", "及", "与", "或"])
            {
                Some((CaseGroup::All, a))
            } else if r > l {
                Some((CaseGroup::Review, r))
            } else {
                Some((CaseGroup::Litigation, l))
            }
        }
        (Some(r), None) => Some((CaseGroup::Review, r)),
        (None, Some(l)) => Some((CaseGroup::Litigation, l)),
        (None, None) => None,
    }
}

/// `未发生行政复议、行政诉讼` in a clause without numbers: the group and the chars.
fn none_of_cases(clause: &str) -> Option<(Range<usize>, Kind)> {
    if contains_any(clause, CASE_NONE_EXCLUDED) {
        return None;
    }
    // Negation first: 未发生…行政复议.
    for (at, _) in occurrences(clause, NEGATIONS) {
        if clause[byte_at(clause, at)..].starts_with("未经") {
            continue;
        }
        let window: String = clause.chars().skip(at).take(32).collect();
        if let Some((g, g_at)) = groups_in(&window) {
            let end = at + last_end(&window, CASE_WORDS).unwrap_or(g_at + 2);
            return Some((
                at..end,
                Kind::Cases {
                    group: g,
                    result: None,
                },
            ));
        }
    }
    // Or after: 行政复议、行政诉讼情况均未发生 / 均为零.
    let (g, at) = groups_in(clause)?;
    let end_words = [
        "均未发生",
        "未发生",
        "没有发生",
        "均为零",
        "为零",
        "均无",
        "情况：无",
    ];
    let tail_at = last_end(clause, &end_words)?;
    if tail_at + 1 < clause.chars().count() {
        return None;
    }
    Some((
        at..tail_at,
        Kind::Cases {
            group: g,
            result: None,
        },
    ))
}

/// `未收到政府信息公开申请` in a clause without numbers: the chars of the statement.
fn none_of_applications(clause: &str) -> Option<Range<usize>> {
    if contains_any(clause, APP_NONE_EXCLUDED) || contains_any(clause, CASE_WORDS) {
        return None;
    }
    for (at, _) in occurrences(clause, NEGATIONS) {
        let window: String = clause.chars().skip(at).take(30).collect();
        let Some(noun) = app_noun_at(&window) else {
            continue;
        };
        let between: String = window.chars().take(noun).collect();
        if contains_any(&between, APP_NONE_BETWEEN) {
            continue;
        }
        // The applications themselves, not something about them.
        let head: String = window.chars().skip(noun).collect();
        let len = if head.starts_with("依申请公开") {
            5
        } else if head.starts_with("依申请") {
            3
        } else {
            2
        };
        let rest: String = head.chars().skip(len).collect();
        if !(rest.is_empty()
            || rest.starts_with(['的', '事', '情', '件', '。', '，'])
            || rest.starts_with("数量为零")
            || rest.starts_with("申请"))
        {
            continue;
        }
        return Some(at..at + noun + len);
    }
    // `依申请公开数量为零`.
    let at = first_of(clause, &["政府信息公开申请", "依申请公开"])?;
    let end = last_end(clause, &["为零", "为0"])?;
    (end > at && end + 1 >= clause.chars().count() && !contains_any(clause, APP_NONE_BETWEEN))
        .then_some(at..end)
}

/// `未收取信息处理费`, `没有产生信息公开处理费`.
fn none_of_fees(clause: &str, sentence_before: &str) -> Option<Range<usize>> {
    for (at, _) in occurrences(clause, &["未", "没有", "无", "不", "免"]) {
        let window: String = clause.chars().skip(at).take(16).collect();
        let Some(end) = last_end(&window, &["信息处理费", "处理费", "费用", "收费"])
        else {
            continue;
        };
        let named = contains_any(&window, &["处理费"])
            || contains_any(
                &format!("{sentence_before}{clause}"),
                &["信息处理", "信息公开", "申请"],
            );
        if named && !contains_any(&window, &["标准", "减免"]) {
            return Some(at..at + end);
        }
    }
    None
}

// ---- tokens --------------------------------------------------------------------------------

/// Numbers with their units in a sentence, in order. Numbers inside book titles (《…》) are
/// names, not counts.
fn tokens(f: &Folded, sent: Range<usize>) -> Vec<Token> {
    let c = &f.chars;
    let mut out = Vec::new();
    let mut depth = 0i32;
    let mut i = sent.start;
    while i < sent.end {
        match c[i] {
            '《' | '〈' => depth += 1,
            '》' | '〉' => depth -= 1,
            _ => {}
        }
        let prev = i.checked_sub(1).map(|p| c[p]);
        let mut percent_words = false;
        let mut at = i;
        if c[i..sent.end].starts_with(&['百', '分', '之']) {
            percent_words = true;
            at = i + 3;
        }
        let num = if c.get(at).is_some_and(char::is_ascii_digit)
            && !prev.is_some_and(|p| p.is_ascii_alphanumeric() || p == '.')
        {
            numeral::arabic(&c[at..sent.end])
        } else if c.get(at).copied().is_some_and(numeral::is_chinese_numeral)
            && (percent_words || !prev.is_some_and(numeral::is_chinese_numeral))
        {
            numeral::chinese(&c[at..sent.end])
        } else {
            None
        };
        let Some(num) = num else {
            i += 1;
            continue;
        };
        let mut j = at + num.len;
        let mut approx = false;
        if matches!(c.get(j), Some('余' | '多')) {
            approx = true;
            j += 1;
        }
        let unit = if percent_words {
            Some((0, Unit::Percent))
        } else {
            UNITS.iter().find_map(|(u, kind)| {
                let n = u.chars().count();
                (c.get(j..j + n)?.iter().copied().eq(u.chars()) && j + n <= sent.end)
                    .then_some((n, *kind))
            })
        };
        let year = !num.chinese
            && num.decimals == 0
            && (1990.0..=2100.0).contains(&num.value)
            && c.get(j) == Some(&'年');
        if year {
            out.push(Token {
                start: at,
                end: j + 1,
                value: num.value,
                decimals: 0,
                chinese: false,
                approx,
                unit: Unit::Year,
            });
            i = j + 1;
            continue;
        }
        match unit {
            Some((len, kind)) if depth <= 0 => {
                out.push(Token {
                    start: at,
                    end: j + len,
                    value: num.value,
                    decimals: num.decimals,
                    chinese: num.chinese,
                    approx,
                    unit: kind,
                });
                i = j + len;
            }
            _ => i = at + num.len.max(1),
        }
    }
    out
}

fn whole(v: f64) -> Option<u64> {
    // Counts are small whole numbers: the conversion is exact.
    (v >= 0.0 && v.fract() == 0.0 && v < 1e15).then_some(v as u64)
}

// ---- word lists ------------------------------------------------------------------------------

const APPROX: &[&str] = &[
    "约",
    "近",
    "逾",
    "超过",
    "超",
    "多达",
    "将近",
    "不到",
    "不足",
    "不少于",
    "大约",
    "左右",
];
/// Comparisons and changes: the number is a difference or another period's.
const COMPARED: &[&str] = &[
    "较", "比上", "比去", "比20", "比前", "同比", "环比", "相比", "增加", "减少", "增长", "下降",
    "上升", "提高", "降低", "增幅", "降幅", "持平", "新增", "多于", "少于", "平均",
];
const PLANNED: &[&str] = &[
    "计划",
    "拟",
    "预计",
    "力争",
    "目标",
    "争取",
    "下一步",
    "明年",
    "下年将",
    "将于",
];
const LAST_YEAR: &[&str] = &["上年", "去年", "上一年", "上年度", "前年", "往年", "历年"];
const PART_OF_BODY: &[&str] = &[
    "市级",
    "区级",
    "县级",
    "乡级",
    "镇级",
    "部门",
    "系统",
    "所属",
    "下属",
    "各区",
    "各县",
    "各乡镇",
    "各街道",
    "各单位",
    "各部门",
];
const PART_AFTER_AMONG: &[&str] = &["局", "委", "办", "区", "县", "镇", "乡", "街道", "中心"];

/// Words that name a table-4 subject.
const CASE_WORDS: &[&str] = &["行政复议", "复议", "行政诉讼", "诉讼", "起诉"];
const CASE_SPECIFIC: &[(&str, CaseGroup)] = &[
    ("未经复议直接起诉", CaseGroup::LitigationDirect),
    ("未经复议直接提起", CaseGroup::LitigationDirect),
    ("直接起诉", CaseGroup::LitigationDirect),
    ("直接提起行政诉讼", CaseGroup::LitigationDirect),
    ("复议后起诉", CaseGroup::LitigationAfterReview),
    ("复议后提起", CaseGroup::LitigationAfterReview),
    ("经复议后起诉", CaseGroup::LitigationAfterReview),
];
/// Cases of a kind the table does not count on its own.
const CASE_QUALIFIED: &[&str] = &[
    "一审",
    "二审",
    "再审",
    "应诉",
    "出庭",
    "败诉",
    "胜诉",
    "开庭",
    "被诉",
    "调解",
    "撤诉",
    "和解",
    "行政应诉",
];
const CASE_EXCLUDED: &[&str] = &["复议决定书", "申请人", "建议", "提案", "培训", "讲座"];
const CASE_NONE_EXCLUDED: &[&str] = &[
    "纠错",
    "纠正",
    "撤销",
    "败诉",
    "确认违法",
    "被判",
    "决定书",
    "培训",
    "如",
    "若",
];
const CASE_RESULTS: &[(&str, CaseResult)] = &[
    ("结果纠正", CaseResult::Corrected),
    ("被纠错", CaseResult::Corrected),
    ("纠错", CaseResult::Corrected),
    ("纠正", CaseResult::Corrected),
    ("结果维持", CaseResult::Upheld),
    ("维持", CaseResult::Upheld),
    ("尚未审结", CaseResult::Pending),
    ("未审结", CaseResult::Pending),
    ("其他结果", CaseResult::Other),
];

const DOC_TYPES: &[(&str, DocType)] = &[
    ("行政规范性文件", DocType::Normative),
    ("规范性文件", DocType::Normative),
    ("政府规章", DocType::Regulations),
    ("规章", DocType::Regulations),
];
/// After the document word: something else is counted (`规范性文件类信息`, `规章制度`).
const DOC_NOT_COUNTED_NEXT: &[char] = &['类', '库', '制'];
const DOC_NOT_COUNTED: &[&str] = &[
    "信息",
    "目录",
    "数据库",
    "清理工作",
    "解读",
    "备案",
    "审查",
    "审核",
];
const DOC_EXCLUDED: &[&str] = &[
    "审核",
    "审查",
    "备案",
    "合法性",
    "解读",
    "征求意见",
    "草案",
    "转发",
    "报送",
    "清理",
    "修订",
    "修改",
    "评估",
    "起草",
    "涉及",
    "相关",
];
const DOC_VERBS: &[(&str, DocMeasure)] = &[
    ("现行有效", DocMeasure::InForce),
    ("目前有效", DocMeasure::InForce),
    ("继续有效", DocMeasure::InForce),
    ("废止", DocMeasure::Abolished),
    ("宣布失效", DocMeasure::Abolished),
    ("失效", DocMeasure::Abolished),
    ("制发", DocMeasure::Issued),
    ("印发", DocMeasure::Issued),
    ("出台", DocMeasure::Issued),
    ("制定", DocMeasure::Issued),
    ("制作", DocMeasure::Issued),
    ("发布", DocMeasure::Published),
    ("公开", DocMeasure::Published),
    ("公布", DocMeasure::Published),
];

const DECISION_WORDS: &[&str] = &["行政许可", "行政处罚", "行政强制"];
const DECISIONS: &[(&str, Decision)] = &[
    ("行政许可", Decision::Licensing),
    ("行政处罚", Decision::Punishment),
    ("行政强制", Decision::Enforcement),
];
const DECISION_VERBS: &[&str] = &["作出", "做出", "下达", "办结", "办理", "核发"];
const DECISION_EXCLUDED: &[&str] = &[
    "申请", "受理", "信息", "事项", "清单", "目录", "项目", "案件", "公示", "公开", "听证", "裁量",
    "权力", "职权", "流程", "种类", "基准", "事权", "审批",
];

const FEE_NOT_COLLECTED: &[&str] = &["减免", "目录", "清单", "标准", "政策", "项目"];

const CARRY_FORWARD: &[&str] = &[
    "结转下年",
    "结转至下",
    "结转到下",
    "结转下一",
    "转下一年",
    "转下年",
    "转入下一",
    "转入下年",
    "顺延到下",
    "顺延至下",
    "下年度继续",
    "下一年度继续",
    "延期至下",
    "留待下",
    "转至下",
];
const CARRIED_OVER_WORDS: &[&str] = &[
    "上年结转",
    "上年度结转",
    "上一年度结转",
    "上一年结转",
    "去年结转",
    "上年遗留",
    "结转上年",
    "上年度遗留",
];
const OUTCOMES: &[(&str, Outcome)] = &[
    ("予以公开及部分公开", Outcome::GrantedOrPartial),
    ("予以公开和部分公开", Outcome::GrantedOrPartial),
    ("公开及部分公开", Outcome::GrantedOrPartial),
    ("公开和部分公开", Outcome::GrantedOrPartial),
    ("全部或部分公开", Outcome::GrantedOrPartial),
    ("同意公开", Outcome::Granted),
    ("予以公开", Outcome::Granted),
    ("全部公开", Outcome::Granted),
    ("部分公开", Outcome::Partial),
    ("不予公开", Outcome::Denied),
    ("无法提供", Outcome::Unable),
    ("不予处理", Outcome::Rejected),
    ("其他处理", Outcome::OtherHandling),
];
/// The applications as a whole, named in full.
const FULL_NOUNS: &[&str] = &[
    "政府信息公开申请",
    "信息公开申请",
    "依申请公开申请",
    "依申请公开事项",
];
const APPLICANTS: &[(&str, Applicants)] = &[
    ("自然人", Applicants::NaturalPerson),
    ("公民", Applicants::NaturalPerson),
    ("企业", Applicants::Commercial),
    ("法人或其他组织", Applicants::Organisations),
    ("法人或者其他组织", Applicants::Organisations),
    ("法人和其他组织", Applicants::Organisations),
    ("商业企业", Applicants::Commercial),
    ("科研机构", Applicants::Research),
    ("社会公益组织", Applicants::SocialWelfare),
    ("法律服务机构", Applicants::LegalService),
];
const VERBS: &[(&str, AppRow)] = &[
    ("收到", AppRow::Received),
    ("接收", AppRow::Received),
    ("接到", AppRow::Received),
    ("受理", AppRow::Received),
    ("新收", AppRow::Received),
    ("收悉", AppRow::Received),
    ("办结", AppRow::Handled),
    ("答复", AppRow::Handled),
    ("办理", AppRow::Handled),
    ("处理", AppRow::Handled),
];
/// The last char of a received verb (for `受理并办结`).
const RECEIVED_LAST_CHARS: &[char] = &['到', '收', '理', '悉'];
/// Not applications for information.
const APP_EXCLUDED: &[&str] = &[
    "咨询",
    "投诉",
    "举报",
    "信访",
    "建议",
    "提案",
    "诉求",
    "来电",
    "来信",
    "留言",
    "热线",
    "许可",
    "主动公开",
    "政务服务",
];
const APP_NONE_EXCLUDED: &[&str] = &["咨询", "投诉", "举报", "费", "如", "若", "是否"];
/// Between the negation and the applications: another subject.
const APP_NONE_BETWEEN: &[&str] = &[
    "逾期", "超期", "按时", "不予", "违法", "错误", "答复", "办理", "延期", "需", "须", "论",
];
/// The first chars of the negations (`NEGATIONS`, the fee and post-negation words).
const NEGATION_CHARS: &[char] = &[
    '未', '无', '没', '不', '免', '零', '暂', '尚', '并', '均', '从', '为',
];
const NEGATIONS: &[&str] = &[
    "未收到",
    "未接到",
    "未受理",
    "未发生",
    "未出现",
    "没有收到",
    "没有发生",
    "没有",
    "未有",
    "暂无",
    "尚无",
    "并无",
    "均未",
    "从未",
    "未曾",
    "未被",
    "未因",
    "无",
];

/// A sentence that says its cases are about information disclosure.
fn about_disclosure(sentence: &str) -> bool {
    contains_any(sentence, &["信息公开", "政府信息", "公开申请", "依申请"])
}

// ---- string helpers (positions in chars) ------------------------------------------------

// Word search. The contexts are short (a clause) and the word lists long: every word of every
// list is put into one Aho-Corasick automaton, a context is scanned once and its matches kept
// (the same context is asked about many lists in a row), and each question is answered from
// the matches. A word missing from the automaton is searched for directly: being registered
// only makes it faster.

/// Words asked about outside the lists.
const OTHER_WORDS: &[&str] = &[
    "、",
    "和",
    "及",
    "与",
    "或",
    "为零",
    "为0",
    "主动",
    "公文",
    "全文",
    "主动公开",
    "依申请",
    "申请",
    "信息公开",
    "政府信息",
    "公开申请",
    "信息处理费",
    "处理费",
    "费用",
    "收费",
    "公开率",
    "废止",
    "现行有效",
    "政府信息公开申请",
    "依申请公开",
    "有",
    "共",
    "共有",
    "共计",
    "合计",
    "未",
    "没有",
    "无",
    "不",
    "免",
    "标准",
    "减免",
    "纠错率",
    "纠正率",
    "行政事业性收费",
    "行政复议",
    "复议",
    "行政诉讼",
    "诉讼",
    "起诉",
    "规范性文件",
    "规章",
    "其中",
    "信息处理",
    "均未发生",
    "未发生",
    "没有发生",
    "均为零",
    "均无",
    "情况：无",
];

struct Words {
    ac: aho_corasick::AhoCorasick,
    /// Pattern id of each word.
    ids: HashMap<&'static str, u32, BuildHasherDefault<Fnv>>,
}

/// FNV-1a: the keys are short words; SipHash's defence against chosen keys is not needed.
#[derive(Default)]
struct Fnv(u64);

impl Hasher for Fnv {
    fn finish(&self) -> u64 {
        self.0
    }

    fn write(&mut self, bytes: &[u8]) {
        let mut h = if self.0 == 0 {
            0xcbf2_9ce4_8422_2325
        } else {
            self.0
        };
        for b in bytes {
            h ^= u64::from(*b);
            h = h.wrapping_mul(0x0100_0000_01b3);
        }
        self.0 = h;
    }
}

fn words() -> Option<&'static Words> {
    static WORDS: OnceLock<Option<Words>> = OnceLock::new();
    WORDS
        .get_or_init(|| {
            fn keys<T>(t: &'static [(&'static str, T)]) -> impl Iterator<Item = &'static str> {
                t.iter().map(|(w, _)| *w)
            }
            let mut words: Vec<&'static str> = [
                APPROX,
                COMPARED,
                PLANNED,
                LAST_YEAR,
                PART_OF_BODY,
                PART_AFTER_AMONG,
                CASE_WORDS,
                CASE_QUALIFIED,
                CASE_EXCLUDED,
                CASE_NONE_EXCLUDED,
                DOC_NOT_COUNTED,
                DOC_EXCLUDED,
                DECISION_WORDS,
                DECISION_VERBS,
                DECISION_EXCLUDED,
                FEE_NOT_COLLECTED,
                CARRY_FORWARD,
                CARRIED_OVER_WORDS,
                FULL_NOUNS,
                APP_EXCLUDED,
                APP_NONE_EXCLUDED,
                APP_NONE_BETWEEN,
                NEGATIONS,
                OTHER_WORDS,
            ]
            .iter()
            .flat_map(|l| l.iter().copied())
            .chain(keys(CASE_SPECIFIC))
            .chain(keys(CASE_RESULTS))
            .chain(keys(DOC_TYPES))
            .chain(keys(DOC_VERBS))
            .chain(keys(DECISIONS))
            .chain(keys(OUTCOMES))
            .chain(keys(APPLICANTS))
            .chain(keys(VERBS))
            .collect();
            words.sort_unstable();
            words.dedup();
            // Building cannot fail for a few hundred short words; if it ever did, every search
            // falls back to the direct one.
            let ac = aho_corasick::AhoCorasick::new(&words).ok()?;
            let ids = words
                .iter()
                .enumerate()
                .filter_map(|(i, w)| Some((*w, u32::try_from(i).ok()?)))
                .collect();
            Some(Words { ac, ids })
        })
        .as_ref()
}

/// Matches of the registered words in a context: (start, pattern id).
type Hits = Vec<(usize, u32)>;

/// Contexts remembered: a token's questions alternate between a few (before, after, the
/// sentence so far, a window).
const REMEMBERED: usize = 6;

thread_local! {
    static LAST: std::cell::RefCell<Vec<(String, Hits)>> = const {
        std::cell::RefCell::new(Vec::new())
    };
}

/// Answer `ask` (given the matches in `hay` and the id of `word`), or `None` if `word` is not
/// registered.
fn with_hits<R>(hay: &str, word: &str, ask: impl FnOnce(&Hits, u32) -> R) -> Option<R> {
    let w = words()?;
    let id = *w.ids.get(word)?;
    LAST.with(|last| {
        let mut last = last.borrow_mut();
        let at = match last.iter().position(|(h, _)| h == hay) {
            Some(at) => at,
            None => {
                let hits =
                    w.ac.find_overlapping_iter(hay)
                        .map(|m| (m.start(), m.pattern().as_u32()))
                        .collect();
                if last.len() >= REMEMBERED {
                    last.remove(0);
                }
                last.push((hay.to_owned(), hits));
                last.len() - 1
            }
        };
        last.get(at).map(|(_, hits)| ask(hits, id))
    })
}

/// Byte offset of the first occurrence of `needle` in `hay`.
fn find(hay: &str, needle: &str) -> Option<usize> {
    with_hits(hay, needle, |hits, id| {
        hits.iter().filter(|h| h.1 == id).map(|h| h.0).min()
    })
    .unwrap_or_else(|| hay.find(needle))
}

/// Byte offset of the last occurrence of `needle` in `hay`.
fn rfind(hay: &str, needle: &str) -> Option<usize> {
    with_hits(hay, needle, |hits, id| {
        hits.iter().filter(|h| h.1 == id).map(|h| h.0).max()
    })
    .unwrap_or_else(|| hay.rfind(needle))
}

fn contains_any(hay: &str, words: &[&str]) -> bool {
    words.iter().any(|w| find(hay, w).is_some())
}

fn ends_with_any(hay: &str, words: &[&str]) -> bool {
    words.iter().any(|w| hay.ends_with(w))
}

fn has_any_subject(pre: &str) -> bool {
    contains_any(pre, CASE_WORDS)
        || contains_any(pre, &["规范性文件", "规章"])
        || contains_any(pre, DECISION_WORDS)
        || has_app_noun(pre)
        || last_value(pre, OUTCOMES).is_some()
        || last_value(pre, APPLICANTS).is_some()
        || contains_any(pre, CARRY_FORWARD)
        || contains_any(pre, CARRIED_OVER_WORDS)
}

fn char_at(hay: &str, byte: usize) -> usize {
    hay[..byte].chars().count()
}

fn byte_at(hay: &str, chars: usize) -> usize {
    hay.char_indices().nth(chars).map_or(hay.len(), |(b, _)| b)
}

/// Every occurrence of the words, by char position (the longest word at each position).
fn occurrences(hay: &str, words: &[&str]) -> Vec<(usize, usize)> {
    let mut v: Vec<(usize, usize, usize)> = Vec::new();
    for (k, w) in words.iter().enumerate() {
        let mut from = 0;
        while let Some(b) = find(&hay[from..], w) {
            v.push((from + b, usize::MAX - w.len(), k));
            from += b + w.len().max(1);
        }
    }
    v.sort_unstable();
    v.dedup_by_key(|x| x.0);
    v.into_iter()
        .map(|(b, _, k)| (char_at(hay, b), k))
        .collect()
}

fn first_of(hay: &str, words: &[&str]) -> Option<usize> {
    words
        .iter()
        .filter_map(|w| find(hay, w))
        .min()
        .map(|b| char_at(hay, b))
}

/// End (chars) of the occurrence of `words` that ends last.
fn last_end(hay: &str, words: &[&str]) -> Option<usize> {
    words
        .iter()
        .filter_map(|w| rfind(hay, w).map(|b| b + w.len()))
        .max()
        .map(|b| char_at(hay, b))
}

/// The word of `words` that ends last in `hay` (the longest on a tie), its start in chars.
fn last_of<'a>(hay: &str, words: &'a [&'a str]) -> Option<(usize, &'a str)> {
    words
        .iter()
        .filter_map(|w| rfind(hay, w).map(|b| (b + w.len(), w.len(), b, *w)))
        .max_by_key(|&(end, len, _, _)| (end, len))
        .map(|(_, _, b, w)| (char_at(hay, b), w))
}

fn last_value<T: Copy>(hay: &str, table: &[(&str, T)]) -> Option<(usize, T)> {
    table
        .iter()
        .filter_map(|(w, v)| rfind(hay, w).map(|b| (b + w.len(), w.len(), b, *v)))
        .max_by_key(|&(end, len, _, _)| (end, len))
        .map(|(_, _, b, v)| (char_at(hay, b), v))
}

/// Words after `申请` that make it something else than the applications themselves.
const NOT_THE_APPLICATION: &[char] = &[
    '人', '书', '表', '材', '条', '渠', '方', '流', '程', '指', '须', '时', '途', '平', '者',
];

/// Where `申请` (or `依申请`) names applications for information in `hay`, in chars.
fn app_noun_at(hay: &str) -> Option<usize> {
    hay.match_indices("申请").find_map(|(b, _)| {
        let next = hay[b + "申请".len()..].chars().next();
        if next.is_some_and(|c| NOT_THE_APPLICATION.contains(&c)) {
            return None;
        }
        let start = if hay[..b].ends_with('依') {
            b - '依'.len_utf8()
        } else {
            b
        };
        Some(char_at(hay, start))
    })
}

fn has_app_noun(hay: &str) -> bool {
    app_noun_at(hay).is_some()
}
