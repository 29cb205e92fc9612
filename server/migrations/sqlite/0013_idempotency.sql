-- Idempotency keys: the first answer to a POST or PATCH sent with an `Idempotency-Key`, kept (at least 24 hours)
-- so a retry with the same key and body gets it again instead of running twice. One row per caller and key;
-- `state` is `in_flight` while the first request runs, then `done` with its answer.
--
-- Mirrored column for column by migrations/postgres/0013_idempotency.sql.

CREATE TABLE idempotency_keys (
    principal      TEXT    NOT NULL, -- who sent it: kind:id of the staff member, API key or device (@device)
    idem_key       TEXT    NOT NULL,
    request        TEXT    NOT NULL, -- method and path with query, e.g. `POST /api/v1/staff`
    body_hash      TEXT    NOT NULL, -- SHA-256 of the request body, hex
    state          TEXT    NOT NULL CHECK (state IN ('in_flight', 'done')),
    status         INTEGER,          -- the answer, once done
    headers        TEXT,             -- JSON array of [name, value]
    body           TEXT,             -- base64 of the answer's body
    created_at     TEXT    NOT NULL,
    PRIMARY KEY (principal, idem_key)
);
CREATE INDEX idempotency_keys_by_age ON idempotency_keys (created_at);
