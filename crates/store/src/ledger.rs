//! The application ledger of a body: cases (with their steps), locks, amendments (with the
//! cases before and after), table 4 proceedings and table 2 figures. Saved whole, in one
//! transaction; read back into a [`Ledger`] through [`Ledger::from_parts`].

use crate::db::{Row, Val};
use crate::error::StoreError;
use crate::{BodyRecord, Store};
use gongkai_format::{Edition, edition_def};
use gongkai_ledger::{
    Amendment, ApplicantKind, Case, Channel, Consultation, ConsultationKind, Correction, Extension,
    Fee, Ledger, Lock, Outcome, Proceeding, ProceedingCase, ProceedingResult, Reply, Table2Figures,
};
use gongkai_report::Num;
use jiff::Timestamp;
use jiff::civil::Date;

/// Everything kept for a body's ledger.
#[derive(Clone, Debug, PartialEq)]
pub struct LedgerRecord {
    /// Cases, locks and amendments.
    pub ledger: Ledger,
    /// Reconsiderations and lawsuits (table 4).
    pub proceedings: Vec<ProceedingCase>,
    /// Table 2 figures, one per year.
    pub table2: Vec<Table2Figures>,
}

/// Tables 2, 3 and 4 of a report year computed from a ledger.
#[derive(Clone, Debug)]
pub struct LedgerTables {
    /// The edition in force for the year.
    pub edition: Edition,
    /// Table 2 from the year's figures; every cell blank when none are stored.
    pub table2: gongkai_report::Table,
    /// Whether table 2 figures are stored for the year.
    pub table2_given: bool,
    /// Table 3 from the cases.
    pub table3: gongkai_report::Table,
    /// Table 4 from the proceedings.
    pub table4: gongkai_report::Table,
}

impl LedgerRecord {
    /// The tables of `year` in the edition in force that year: the one computation behind
    /// `gongkai ledger report`, `gongkai write --from-ledger` and the web's ledger report.
    pub fn tables(&self, year: i16) -> Result<LedgerTables, gongkai_ledger::TableError> {
        let edition = Edition::for_report_year(i32::from(year));
        let figures = self.table2.iter().find(|t| t.year == year);
        Ok(LedgerTables {
            edition,
            table2: figures.map_or_else(
                || Table2Figures::new(year, edition).to_table(),
                Table2Figures::to_table,
            ),
            table2_given: figures.is_some(),
            table3: gongkai_ledger::table3(self.ledger.cases(), year, edition)?,
            table4: gongkai_ledger::table4(&self.proceedings, year, edition)?,
        })
    }
}

fn date(d: Date) -> Val {
    Val::Text(d.to_string())
}

fn opt_date(d: Option<Date>) -> Val {
    d.map_or(Val::Null, date)
}

fn parse_date(s: &str, what: &str) -> Result<Date, StoreError> {
    s.parse()
        .map_err(|e: jiff::Error| StoreError::corrupt(what, format!("date {s}: {e}")))
}

fn parse_opt_date(s: Option<String>, what: &str) -> Result<Option<Date>, StoreError> {
    s.map(|s| parse_date(&s, what)).transpose()
}

fn parse_ts(s: &str, what: &str) -> Result<Timestamp, StoreError> {
    s.parse()
        .map_err(|e: jiff::Error| StoreError::corrupt(what, format!("time {s}: {e}")))
}

const CASE_COLUMNS: [&str; 20] = [
    "id",
    "ledger_id",
    "side",
    "amendment_id",
    "seq",
    "case_no",
    "received",
    "channel",
    "applicant",
    "request",
    "note",
    "correction_requested",
    "correction_received",
    "extended",
    "extension_approved",
    "replied",
    "outcome",
    "fee_fen",
    "fee_notified",
    "fee_paid",
];

impl Store {
    /// Replace the ledger kept for `body` (created if new) with `record`.
    pub fn save_ledger(
        &mut self,
        body: &BodyRecord,
        record: &LedgerRecord,
    ) -> Result<(), StoreError> {
        self.conn.begin()?;
        let r = self.save_ledger_tx(body, record);
        self.finish_tx(r)
    }

    fn save_ledger_tx(&mut self, body: &BodyRecord, rec: &LedgerRecord) -> Result<(), StoreError> {
        let ids = self.upsert_bodies(&[body])?;
        let body_id = ids
            .get(&body.key)
            .copied()
            .ok_or_else(|| StoreError::UnknownBody {
                key: body.key.clone(),
            })?;
        let c = &mut self.conn;
        let ledger_id = match c.query_one(
            "SELECT id FROM ledgers WHERE body_id = $1",
            &[Val::Int(body_id)],
        )? {
            Some(r) => r.int(0),
            None => {
                let id = c.alloc_ids("ledgers", 1)?.first().copied().unwrap_or(1);
                c.execute(
                    "INSERT INTO ledgers (id, body_id) VALUES ($1, $2)",
                    &[Val::Int(id), Val::Int(body_id)],
                )?;
                id
            }
        };
        let l = Val::Int(ledger_id);
        for sql in [
            "DELETE FROM ledger_consultations WHERE case_id IN (SELECT id FROM ledger_cases WHERE ledger_id = $1)",
            "DELETE FROM ledger_cases WHERE ledger_id = $1",
            "DELETE FROM ledger_amendments WHERE ledger_id = $1",
            "DELETE FROM ledger_locks WHERE ledger_id = $1",
            "DELETE FROM ledger_proceedings WHERE ledger_id = $1",
            "DELETE FROM ledger_table2 WHERE ledger_id = $1",
        ] {
            c.execute(sql, std::slice::from_ref(&l))?;
        }
        let ledger = &rec.ledger;
        // Amendments first: their cases refer to them.
        let amendment_ids = c.alloc_ids("ledger_amendments", ledger.amendments().len())?;
        let mut rows = Vec::new();
        let mut cases: Vec<(&Case, &'static str, Option<i64>, usize)> = ledger
            .cases()
            .iter()
            .enumerate()
            .map(|(i, k)| (k, "current", None, i))
            .collect();
        for (seq, (a, id)) in ledger.amendments().iter().zip(&amendment_ids).enumerate() {
            rows.push(vec![
                Val::Int(*id),
                l.clone(),
                Val::from(seq),
                Val::from(&a.case_id),
                Val::Text(
                    a.years
                        .iter()
                        .map(ToString::to_string)
                        .collect::<Vec<_>>()
                        .join(","),
                ),
                Val::from(&a.by),
                Val::Text(a.at.to_string()),
                Val::from(&a.reason),
            ]);
            if let Some(b) = &a.before {
                cases.push((b, "before", Some(*id), 0));
            }
            if let Some(b) = &a.after {
                cases.push((b, "after", Some(*id), 0));
            }
        }
        c.insert_many(
            "ledger_amendments",
            &[
                "id",
                "ledger_id",
                "seq",
                "case_no",
                "years",
                "amended_by",
                "amended_at",
                "reason",
            ],
            &rows,
            "",
        )?;
        let case_ids = c.alloc_ids("ledger_cases", cases.len())?;
        let mut rows = Vec::new();
        let mut consultations = Vec::new();
        for ((k, side, amendment, seq), id) in cases.iter().zip(&case_ids) {
            rows.push(vec![
                Val::Int(*id),
                l.clone(),
                Val::from(*side),
                (*amendment).into(),
                Val::from(*seq),
                Val::from(&k.id),
                date(k.received),
                Val::from(k.channel.key()),
                Val::from(k.applicant.key()),
                Val::from(&k.request),
                Val::from(&k.note),
                opt_date(k.correction.as_ref().map(|c| c.requested)),
                opt_date(k.correction.as_ref().and_then(|c| c.received)),
                Val::from(k.extension.is_some()),
                opt_date(k.extension.as_ref().and_then(|e| e.approved)),
                opt_date(k.reply.as_ref().map(|r| r.date)),
                k.reply.as_ref().map(|r| r.outcome.key()).into(),
                k.fee.as_ref().map(|f| f.amount_fen).into(),
                opt_date(k.fee.as_ref().and_then(|f| f.notified)),
                opt_date(k.fee.as_ref().and_then(|f| f.paid)),
            ]);
            for (i, s) in k.consultations.iter().enumerate() {
                consultations.push(vec![
                    Val::Int(*id),
                    Val::from(i),
                    s.kind.map(|k| k.key()).into(),
                    date(s.sent),
                    opt_date(s.answered),
                ]);
            }
        }
        c.insert_many("ledger_cases", &CASE_COLUMNS, &rows, "")?;
        c.insert_many(
            "ledger_consultations",
            &["case_id", "seq", "kind", "sent", "answered"],
            &consultations,
            "",
        )?;
        let locks: Vec<Vec<Val>> = ledger
            .locks()
            .iter()
            .map(|k| {
                vec![
                    l.clone(),
                    Val::Int(i64::from(k.year)),
                    Val::from(&k.by),
                    Val::Text(k.at.to_string()),
                ]
            })
            .collect();
        c.insert_many(
            "ledger_locks",
            &["ledger_id", "year", "locked_by", "locked_at"],
            &locks,
            "",
        )?;
        let procs: Vec<Vec<Val>> = rec
            .proceedings
            .iter()
            .enumerate()
            .map(|(i, p)| {
                vec![
                    l.clone(),
                    Val::from(i),
                    Val::from(&p.id),
                    Val::from(p.kind.key()),
                    date(p.filed),
                    opt_date(p.decided.map(|d| d.0)),
                    p.decided.map(|d| d.1.key()).into(),
                    p.application.as_deref().into(),
                ]
            })
            .collect();
        c.insert_many(
            "ledger_proceedings",
            &[
                "ledger_id",
                "seq",
                "proc_no",
                "kind",
                "filed",
                "decided",
                "result",
                "application",
            ],
            &procs,
            "",
        )?;
        let mut figures = Vec::new();
        for f in &rec.table2 {
            for (block, row) in edition_def(f.edition).table2.rows() {
                for col in block.columns {
                    if let Some(v) = f.get(row.key, col.key) {
                        figures.push(vec![
                            l.clone(),
                            Val::Int(i64::from(f.year)),
                            Val::from(f.edition.as_str()),
                            Val::from(row.key),
                            Val::from(col.key),
                            Val::Real(v.as_f64()),
                            Val::from(matches!(v, Num::Dec(_))),
                        ]);
                    }
                }
            }
        }
        c.insert_many(
            "ledger_table2",
            &[
                "ledger_id",
                "year",
                "edition",
                "row_key",
                "col",
                "value",
                "is_dec",
            ],
            &figures,
            "",
        )?;
        Ok(())
    }

    /// The ledger kept for a body (by key), if any.
    pub fn load_ledger(&mut self, body_key: &str) -> Result<Option<LedgerRecord>, StoreError> {
        let what = format!("ledger of {body_key}");
        let Some(l) = self.conn.query_one(
            "SELECT l.id FROM ledgers l JOIN bodies b ON b.id = l.body_id WHERE b.key = $1",
            &[Val::from(body_key)],
        )?
        else {
            return Ok(None);
        };
        let l = Val::Int(l.int(0));
        let c = &mut self.conn;
        let mut consultations: std::collections::HashMap<i64, Vec<Consultation>> =
            std::collections::HashMap::new();
        for r in c.query(
            "SELECT k.case_id, k.kind, k.sent, k.answered FROM ledger_consultations k
             JOIN ledger_cases c ON c.id = k.case_id WHERE c.ledger_id = $1 ORDER BY k.case_id, k.seq",
            std::slice::from_ref(&l),
        )? {
            consultations.entry(r.int(0)).or_default().push(Consultation {
                kind: r.opt_text(1).and_then(|k| ConsultationKind::parse(&k)),
                sent: parse_date(&r.text(2), &what)?,
                answered: parse_opt_date(r.opt_text(3), &what)?,
            });
        }
        let mut current = Vec::new();
        let mut sides: std::collections::HashMap<(i64, String), Case> =
            std::collections::HashMap::new();
        for r in c.query(
            &format!(
                "SELECT {} FROM ledger_cases WHERE ledger_id = $1 ORDER BY seq, id",
                CASE_COLUMNS.join(", ")
            ),
            std::slice::from_ref(&l),
        )? {
            let mut k = case(&r, &what)?;
            k.consultations = consultations.remove(&r.int(0)).unwrap_or_default();
            match (r.text(2).as_str(), r.opt_int(3)) {
                ("current", _) => current.push(k),
                (side, Some(a)) => {
                    sides.insert((a, side.to_owned()), k);
                }
                _ => {}
            }
        }
        let mut amendments = Vec::new();
        for r in c.query(
            "SELECT id, case_no, years, amended_by, amended_at, reason FROM ledger_amendments
             WHERE ledger_id = $1 ORDER BY seq",
            std::slice::from_ref(&l),
        )? {
            let id = r.int(0);
            let years = r
                .text(2)
                .split(',')
                .filter(|s| !s.is_empty())
                .map(|y| {
                    y.parse::<i16>()
                        .map_err(|_| StoreError::corrupt(&what, format!("year {y}")))
                })
                .collect::<Result<Vec<_>, _>>()?;
            amendments.push(Amendment {
                case_id: r.text(1),
                years,
                by: r.text(3),
                at: parse_ts(&r.text(4), &what)?,
                reason: r.text(5),
                before: sides.remove(&(id, "before".to_owned())),
                after: sides.remove(&(id, "after".to_owned())),
            });
        }
        let mut locks = Vec::new();
        for r in c.query(
            "SELECT year, locked_by, locked_at FROM ledger_locks WHERE ledger_id = $1 ORDER BY year",
            std::slice::from_ref(&l),
        )? {
            locks.push(Lock {
                year: i16::try_from(r.int(0)).map_err(|_| StoreError::corrupt(&what, "lock year"))?,
                by: r.text(1),
                at: parse_ts(&r.text(2), &what)?,
            });
        }
        let mut proceedings = Vec::new();
        for r in c.query(
            "SELECT proc_no, kind, filed, decided, result, application FROM ledger_proceedings
             WHERE ledger_id = $1 ORDER BY seq",
            std::slice::from_ref(&l),
        )? {
            let kind = Proceeding::from_key(&r.text(1))
                .ok_or_else(|| StoreError::corrupt(&what, format!("proceeding {}", r.text(1))))?;
            let decided = match (parse_opt_date(r.opt_text(3), &what)?, r.opt_text(4)) {
                (Some(d), Some(res)) => Some((
                    d,
                    ProceedingResult::from_key(&res)
                        .ok_or_else(|| StoreError::corrupt(&what, format!("result {res}")))?,
                )),
                _ => None,
            };
            proceedings.push(ProceedingCase {
                id: r.text(0),
                kind,
                filed: parse_date(&r.text(2), &what)?,
                decided,
                application: r.opt_text(5),
            });
        }
        let mut table2: Vec<Table2Figures> = Vec::new();
        for r in c.query(
            "SELECT year, edition, row_key, col, value, is_dec FROM ledger_table2
             WHERE ledger_id = $1 ORDER BY year",
            std::slice::from_ref(&l),
        )? {
            let year = i16::try_from(r.int(0)).map_err(|_| StoreError::corrupt(&what, "year"))?;
            let edition = Edition::parse(&r.text(1))
                .ok_or_else(|| StoreError::corrupt(&what, format!("edition {}", r.text(1))))?;
            if table2.last().is_none_or(|f| f.year != year) {
                table2.push(Table2Figures::new(year, edition));
            }
            let v = if r.int(5) != 0 {
                Num::Dec(r.real(4))
            } else {
                Num::Int(r.real(4) as i64)
            };
            if let Some(f) = table2.last_mut() {
                f.set(&r.text(2), &r.text(3), v)
                    .map_err(|e| StoreError::corrupt(&what, e.to_string()))?;
            }
        }
        let ledger =
            Ledger::from_parts(current, locks, amendments).map_err(|e| StoreError::Ledger {
                body: body_key.to_owned(),
                source: e,
            })?;
        Ok(Some(LedgerRecord {
            ledger,
            proceedings,
            table2,
        }))
    }
}

fn case(r: &Row, what: &str) -> Result<Case, StoreError> {
    let bad = |d: String| StoreError::corrupt(what, d);
    let channel =
        Channel::parse(&r.text(7)).ok_or_else(|| bad(format!("channel {}", r.text(7))))?;
    let applicant = ApplicantKind::from_key(&r.text(8))
        .ok_or_else(|| bad(format!("applicant {}", r.text(8))))?;
    let mut k = Case::new(r.text(5), parse_date(&r.text(6), what)?, channel, applicant);
    k.request = r.text(9);
    k.note = r.text(10);
    if let Some(req) = parse_opt_date(r.opt_text(11), what)? {
        k.correction = Some(Correction {
            requested: req,
            received: parse_opt_date(r.opt_text(12), what)?,
        });
    }
    if r.int(13) != 0 {
        k.extension = Some(Extension {
            approved: parse_opt_date(r.opt_text(14), what)?,
        });
    }
    if let (Some(d), Some(o)) = (parse_opt_date(r.opt_text(15), what)?, r.opt_text(16)) {
        k.reply = Some(Reply {
            date: d,
            outcome: Outcome::from_key(&o).ok_or_else(|| bad(format!("outcome {o}")))?,
        });
    }
    if let Some(fen) = r.opt_int(17) {
        k.fee = Some(Fee {
            amount_fen: fen,
            notified: parse_opt_date(r.opt_text(18), what)?,
            paid: parse_opt_date(r.opt_text(19), what)?,
        });
    }
    Ok(k)
}
