-- Idempotency keys on PostgreSQL: migrations/sqlite/0013_idempotency.sql column for column.

CREATE TABLE idempotency_keys (
    principal      TEXT        NOT NULL,
    idem_key       TEXT        NOT NULL,
    request        TEXT        NOT NULL,
    body_hash      TEXT        NOT NULL,
    state          TEXT        NOT NULL CHECK (state IN ('in_flight', 'done')),
    status         INTEGER,
    headers        TEXT,
    body           TEXT,
    created_at     TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (principal, idem_key)
);
CREATE INDEX idempotency_keys_by_age ON idempotency_keys (created_at);
