-- gongkai store, schema version 2 (PostgreSQL): what the web app keeps beside the reports —
-- accounts, API tokens, each report's review state (only `published` reports are public) and
-- the audit log of every write. The SQLite file of the same number holds the same tables.

CREATE TABLE users (
    id         BIGINT PRIMARY KEY,
    name       TEXT NOT NULL UNIQUE,
    role       TEXT NOT NULL,
    region     TEXT,
    body_key   TEXT,
    password   TEXT NOT NULL,
    created_at TEXT NOT NULL,
    disabled   BIGINT NOT NULL
);

CREATE TABLE api_tokens (
    id         BIGINT PRIMARY KEY,
    user_id    BIGINT NOT NULL REFERENCES users (id),
    sha256     TEXT NOT NULL UNIQUE,
    created_at TEXT NOT NULL
);

CREATE TABLE report_reviews (
    report_id BIGINT PRIMARY KEY REFERENCES reports (id),
    state     TEXT NOT NULL,
    set_by    TEXT NOT NULL,
    set_at    TEXT NOT NULL
);
CREATE INDEX report_reviews_state ON report_reviews (state);

CREATE TABLE audit (
    id     BIGINT PRIMARY KEY,
    at     TEXT NOT NULL,
    who    TEXT NOT NULL,
    action TEXT NOT NULL,
    target TEXT NOT NULL,
    detail TEXT NOT NULL
);

CREATE SEQUENCE users_id_seq;
CREATE SEQUENCE api_tokens_id_seq;
CREATE SEQUENCE audit_id_seq;
