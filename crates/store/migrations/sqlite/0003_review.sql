-- gongkai store, schema version 3 (SQLite): reviewers' decisions and the checks across
-- years. The PostgreSQL file of the same number holds the same tables.

-- The table `waivers` reserved by version 1 was never written; decisions are kept as an
-- append-only trail instead (gongkai-review's Event), from which the waivers in force are
-- replayed.
DROP TABLE waivers;

-- Every reviewer's decision about one finding, oldest first; never updated or deleted.
CREATE TABLE waiver_events (
    id          INTEGER PRIMARY KEY,
    finding_id  TEXT NOT NULL,      -- GK-… (docs/output.md): body, year, rule, cells
    action      TEXT NOT NULL,      -- waive | confirm | revoke
    body_key    TEXT NOT NULL,      -- bodies.key; 'file:SHA256' for a report naming no body
    body_name   TEXT NOT NULL,
    year        INTEGER,
    rule        TEXT NOT NULL,
    cells       TEXT NOT NULL,      -- JSON array of 'table.row.col'
    fingerprint TEXT NOT NULL,      -- what the finding said when decided
    message     TEXT NOT NULL,      -- its message then
    reason      TEXT NOT NULL,
    decided_by  TEXT NOT NULL,
    decided_at  TEXT NOT NULL       -- RFC 3339, the caller's clock
);
CREATE INDEX waiver_events_finding ON waiver_events (finding_id);
CREATE INDEX waiver_events_body ON waiver_events (body_key, year);
CREATE TRIGGER waiver_events_no_update BEFORE UPDATE ON waiver_events
BEGIN SELECT RAISE(ABORT, 'waiver_events is append-only'); END;
CREATE TRIGGER waiver_events_no_delete BEFORE DELETE ON waiver_events
BEGIN SELECT RAISE(ABORT, 'waiver_events is append-only'); END;

-- Each finding's stable id (NULL for findings stored before version 3: computed on reading).
ALTER TABLE findings ADD COLUMN finding_id TEXT;
CREATE INDEX findings_finding_id ON findings (finding_id);
-- A finding across years (X-*): the report of the previous year it compares with, and the
-- evidence in that report's text (JSON like `evidence`).
ALTER TABLE findings ADD COLUMN other_report INTEGER REFERENCES reports (id);
ALTER TABLE findings ADD COLUMN other_evidence TEXT;
-- The previous year's report the checks across years compared this one with (NULL: none
-- was stored when it, or that report, was ingested).
ALTER TABLE reports ADD COLUMN prev_report INTEGER REFERENCES reports (id);
