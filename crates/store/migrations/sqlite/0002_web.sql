-- gongkai store, schema version 2 (SQLite): what the web app keeps beside the reports —
-- accounts, API tokens, each report's review state (only `published` reports are public) and
-- the audit log of every write. The PostgreSQL file of the same number holds the same tables.

-- Accounts. role: admin | reviewer | clerk | viewer. A reviewer works on one region (a
-- region prefix of bodies.region_prefix), a clerk for one body (bodies.key).
CREATE TABLE users (
    id         INTEGER PRIMARY KEY,
    name       TEXT NOT NULL UNIQUE,
    role       TEXT NOT NULL,
    region     TEXT,
    body_key   TEXT,
    password   TEXT NOT NULL,      -- argon2id PHC string
    created_at TEXT NOT NULL,
    disabled   INTEGER NOT NULL
);

-- Tokens for writes through the JSON API: only their SHA-256 is kept.
CREATE TABLE api_tokens (
    id         INTEGER PRIMARY KEY,
    user_id    INTEGER NOT NULL REFERENCES users (id),
    sha256     TEXT NOT NULL UNIQUE,
    created_at TEXT NOT NULL
);

-- Review state of a report: pending (no row) | reviewed | published.
CREATE TABLE report_reviews (
    report_id INTEGER PRIMARY KEY REFERENCES reports (id),
    state     TEXT NOT NULL,
    set_by    TEXT NOT NULL,
    set_at    TEXT NOT NULL
);
CREATE INDEX report_reviews_state ON report_reviews (state);

-- Every write: who, when, what.
CREATE TABLE audit (
    id     INTEGER PRIMARY KEY,
    at     TEXT NOT NULL,
    who    TEXT NOT NULL,
    action TEXT NOT NULL,
    target TEXT NOT NULL,
    detail TEXT NOT NULL
);
