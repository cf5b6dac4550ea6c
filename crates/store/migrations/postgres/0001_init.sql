-- gongkai store, schema version 1 (PostgreSQL). The SQLite file of the same number holds the
-- same tables with PostgreSQL's types; keep the two in step. Ids are allocated by the writer
-- (SQLite: above the largest, under the write lock; PostgreSQL: from `<table>_id_seq`).
-- Flags are integers 0/1 on both backends.

-- Every cell of the three tables, by (table, row, col) keys of gongkai-format. A report's
-- cells refer to a cell by its slot; new keys get the next slot, slots never change.
CREATE TABLE cell_keys (
    slot    BIGINT PRIMARY KEY,
    tbl     TEXT NOT NULL,
    row_key TEXT NOT NULL,
    col     TEXT NOT NULL,
    UNIQUE (tbl, row_key, col)
);

-- How the extractor placed a value (gongkai_report::Placement), by code.
CREATE TABLE placements (
    code BIGINT PRIMARY KEY,
    name TEXT NOT NULL UNIQUE
);
INSERT INTO placements (code, name) VALUES
    (0, 'labelled'), (1, 'positional'), (2, 'split'), (3, 'resolved'), (4, 'ordered'),
    (5, 'position_unknown'), (6, 'inferred');

-- Issuing bodies: one identity across years and spellings (gongkai-bodies).
CREATE TABLE bodies (
    id            BIGINT PRIMARY KEY,
    key           TEXT NOT NULL UNIQUE,   -- identity key; 'name:NAME' when not identified
    name          TEXT NOT NULL,          -- canonical name (or the name as read)
    kind          TEXT,                   -- provincial_government … department
    status        TEXT NOT NULL,          -- identified | ambiguous | unresolved
    region_code   TEXT,                   -- GB/T 2260 style, 6 or 9 digits
    region_prefix TEXT,                   -- the code without padding (11, 1101, 110105, …)
    region_path   TEXT,                   -- 北京市 › 朝阳区
    department    TEXT,
    derivation    TEXT NOT NULL,          -- how the identity was derived, step by step
    candidates    TEXT                    -- ambiguous: 'KEY NAME | KEY NAME'
);
CREATE INDEX bodies_region ON bodies (region_prefix);
CREATE INDEX bodies_kind ON bodies (kind);

-- Every name a body was read under.
CREATE TABLE body_names (
    body_id BIGINT NOT NULL REFERENCES bodies (id),
    name    TEXT NOT NULL,
    PRIMARY KEY (body_id, name)
);

-- One ingest run (or one part of it). finished_at stays NULL if the run was killed.
CREATE TABLE batches (
    id          BIGINT PRIMARY KEY,
    started_at  TEXT NOT NULL,
    finished_at TEXT,
    tool        TEXT NOT NULL,            -- the program and version that read the files
    catalogue   TEXT NOT NULL             -- the rule catalogue that checked them
);

-- Source files, by content. `text` is the decoded text that spans and lines point into.
CREATE TABLE sources (
    id       BIGINT PRIMARY KEY,
    sha256   TEXT NOT NULL UNIQUE,
    bytes    BIGINT NOT NULL,
    format   TEXT NOT NULL,
    encoding TEXT NOT NULL,
    text     TEXT NOT NULL
);

-- Where a source was seen (the same content may come under several paths).
CREATE TABLE source_paths (
    source_id BIGINT NOT NULL REFERENCES sources (id),
    path      TEXT NOT NULL,
    batch_id  BIGINT NOT NULL REFERENCES batches (id),
    PRIMARY KEY (source_id, path)
);

-- One report per source. Versions: reports of one body and year are numbered 1, 2, …; one
-- of them is current.
CREATE TABLE reports (
    id             BIGINT PRIMARY KEY,
    source_id      BIGINT NOT NULL UNIQUE REFERENCES sources (id),
    body_id        BIGINT REFERENCES bodies (id),   -- NULL: no body name was read
    year           BIGINT,                          -- NULL: no year was read
    edition        TEXT,                             -- 2019 | 2021 | mixed | NULL
    title          TEXT,
    org            TEXT,                             -- the body's name as printed
    published      TEXT,                             -- ISO date
    published_from TEXT,
    index_no       TEXT,
    body_kind      TEXT,                             -- the kind as read from the report
    version        BIGINT NOT NULL,
    current        BIGINT NOT NULL,
    batch_id       BIGINT NOT NULL REFERENCES batches (id),
    catalogue      TEXT NOT NULL,
    errors         BIGINT NOT NULL,                 -- assessable findings of level error
    warnings       BIGINT NOT NULL                  -- … of level warning
);
CREATE UNIQUE INDEX reports_one_current ON reports (body_id, year) WHERE current = 1;
CREATE INDEX reports_body_year ON reports (body_id, year);
CREATE INDEX reports_year ON reports (year, current);

-- Every cell of a report, as one JSON array per report (one row per cell cost as much as
-- reading the file; see the crate docs): [[slot, value, blank, raw, start, end, line,
-- placement, converted_from_yuan], …]. `value` is a JSON integer for whole-number cells
-- and a JSON float (3.0) for decimal ones; `start`/`end` are byte offsets into
-- sources.text, `line` 1-based.
CREATE TABLE report_cells (
    report_id BIGINT PRIMARY KEY REFERENCES reports (id),
    cells     TEXT NOT NULL,
    layout    TEXT NOT NULL   -- JSON: tables (edition, span, row labels), sections, metadata spans
);

-- The values alone, packed for sums over many reports (crate docs, `figures`).
CREATE TABLE report_figures (
    report_id BIGINT PRIMARY KEY REFERENCES reports (id),
    figures   BYTEA NOT NULL
);

-- Findings with their evidence (JSON [[start, end, line, label], …]).
CREATE TABLE findings (
    report_id  BIGINT NOT NULL REFERENCES reports (id),
    seq        BIGINT NOT NULL,
    rule       TEXT NOT NULL,
    severity   TEXT NOT NULL,
    assessable BIGINT NOT NULL,
    message    TEXT NOT NULL,
    cells      TEXT NOT NULL,     -- JSON array of 'table.row.col'
    help       TEXT,
    evidence   TEXT NOT NULL,
    PRIMARY KEY (report_id, seq)
);
CREATE INDEX findings_rule ON findings (rule);

-- Files that could not be read, retried by the next ingest; removed once read.
CREATE TABLE failures (
    path        TEXT PRIMARY KEY,
    sha256      TEXT,
    kind        TEXT NOT NULL,
    message     TEXT NOT NULL,
    attempts    BIGINT NOT NULL,
    first_batch BIGINT NOT NULL REFERENCES batches (id),
    last_batch  BIGINT NOT NULL REFERENCES batches (id)
);

-- Reviewers' waivers of a finding: (body, year, rule, cells) → who, when, why. Reserved:
-- written and read by the waiver feature (not built yet).
CREATE TABLE waivers (
    id        BIGINT PRIMARY KEY,
    body_id   BIGINT NOT NULL REFERENCES bodies (id),
    year      BIGINT NOT NULL,
    rule      TEXT NOT NULL,
    cells     TEXT NOT NULL,      -- the finding's cells, sorted, joined by ','
    reason    TEXT NOT NULL,
    waived_by TEXT NOT NULL,
    waived_at TEXT NOT NULL,
    UNIQUE (body_id, year, rule, cells)
);

-- The application ledger (gongkai-ledger) of a body.
CREATE TABLE ledgers (
    id      BIGINT PRIMARY KEY,
    body_id BIGINT NOT NULL UNIQUE REFERENCES bodies (id)
);

CREATE TABLE ledger_amendments (
    id        BIGINT PRIMARY KEY,
    ledger_id BIGINT NOT NULL REFERENCES ledgers (id),
    seq       BIGINT NOT NULL,
    case_no   TEXT NOT NULL,
    years     TEXT NOT NULL,      -- locked years touched, comma-separated
    amended_by TEXT NOT NULL,
    amended_at TEXT NOT NULL,     -- RFC 3339
    reason    TEXT NOT NULL,
    UNIQUE (ledger_id, seq)
);

-- Cases: the ledger's current cases (side 'current'), and the before/after of amendments.
CREATE TABLE ledger_cases (
    id                   BIGINT PRIMARY KEY,
    ledger_id            BIGINT NOT NULL REFERENCES ledgers (id),
    side                 TEXT NOT NULL,        -- current | before | after
    amendment_id         BIGINT REFERENCES ledger_amendments (id),
    seq                  BIGINT NOT NULL,
    case_no              TEXT NOT NULL,
    received             TEXT NOT NULL,        -- ISO dates
    channel              TEXT NOT NULL,
    applicant            TEXT NOT NULL,
    request              TEXT NOT NULL,
    note                 TEXT NOT NULL,
    correction_requested TEXT,
    correction_received  TEXT,
    extended             BIGINT NOT NULL,
    extension_approved   TEXT,
    replied              TEXT,
    outcome              TEXT,                 -- an outcome row key of table 3
    fee_fen              BIGINT,
    fee_notified         TEXT,
    fee_paid             TEXT
);
CREATE INDEX ledger_cases_ledger ON ledger_cases (ledger_id, side);
CREATE UNIQUE INDEX ledger_cases_current ON ledger_cases (ledger_id, case_no) WHERE side = 'current';

CREATE TABLE ledger_consultations (
    case_id  BIGINT NOT NULL REFERENCES ledger_cases (id),
    seq      BIGINT NOT NULL,
    kind     TEXT,
    sent     TEXT NOT NULL,
    answered TEXT,
    PRIMARY KEY (case_id, seq)
);

-- Every dated step of every case, one row each (a view over the two tables above).
CREATE VIEW ledger_steps AS
    SELECT id AS case_id, ledger_id, side, case_no, 'received' AS step, received AS date FROM ledger_cases
    UNION ALL SELECT id, ledger_id, side, case_no, 'correction_requested', correction_requested FROM ledger_cases WHERE correction_requested IS NOT NULL
    UNION ALL SELECT id, ledger_id, side, case_no, 'correction_received', correction_received FROM ledger_cases WHERE correction_received IS NOT NULL
    UNION ALL SELECT c.id, c.ledger_id, c.side, c.case_no, 'consultation_sent', k.sent FROM ledger_cases c JOIN ledger_consultations k ON k.case_id = c.id
    UNION ALL SELECT c.id, c.ledger_id, c.side, c.case_no, 'consultation_answered', k.answered FROM ledger_cases c JOIN ledger_consultations k ON k.case_id = c.id WHERE k.answered IS NOT NULL
    UNION ALL SELECT id, ledger_id, side, case_no, 'extended', extension_approved FROM ledger_cases WHERE extension_approved IS NOT NULL
    UNION ALL SELECT id, ledger_id, side, case_no, 'fee_notified', fee_notified FROM ledger_cases WHERE fee_notified IS NOT NULL
    UNION ALL SELECT id, ledger_id, side, case_no, 'fee_paid', fee_paid FROM ledger_cases WHERE fee_paid IS NOT NULL
    UNION ALL SELECT id, ledger_id, side, case_no, 'replied', replied FROM ledger_cases WHERE replied IS NOT NULL;

CREATE TABLE ledger_locks (
    ledger_id BIGINT NOT NULL REFERENCES ledgers (id),
    year      BIGINT NOT NULL,
    locked_by TEXT NOT NULL,
    locked_at TEXT NOT NULL,
    PRIMARY KEY (ledger_id, year)
);

-- Reconsiderations and lawsuits (table 4 of the ledger).
CREATE TABLE ledger_proceedings (
    ledger_id   BIGINT NOT NULL REFERENCES ledgers (id),
    seq         BIGINT NOT NULL,
    proc_no     TEXT NOT NULL,
    kind        TEXT NOT NULL,        -- a group key of table 4
    filed       TEXT NOT NULL,
    decided     TEXT,
    result      TEXT,                 -- a result column key of table 4
    application TEXT,
    PRIMARY KEY (ledger_id, seq)
);

-- The figures of table 2 entered for a year.
CREATE TABLE ledger_table2 (
    ledger_id BIGINT NOT NULL REFERENCES ledgers (id),
    year      BIGINT NOT NULL,
    edition   TEXT NOT NULL,
    row_key   TEXT NOT NULL,
    col       TEXT NOT NULL,
    value     DOUBLE PRECISION NOT NULL,
    is_dec    BIGINT NOT NULL,
    PRIMARY KEY (ledger_id, year, row_key, col)
);

-- Ids of the tables above that have them.
CREATE SEQUENCE bodies_id_seq;
CREATE SEQUENCE batches_id_seq;
CREATE SEQUENCE sources_id_seq;
CREATE SEQUENCE reports_id_seq;
CREATE SEQUENCE waivers_id_seq;
CREATE SEQUENCE ledgers_id_seq;
CREATE SEQUENCE ledger_amendments_id_seq;
CREATE SEQUENCE ledger_cases_id_seq;
