-- Returns without a receipt: goods taken back with no sale to refer to, paid out in cash or store credit.
-- Written once per document by the push that carries it (the mutation id is unique), like the other documents.
CREATE TABLE unreceipted_returns (
    id          TEXT PRIMARY KEY,
    mutation_id TEXT NOT NULL UNIQUE REFERENCES mutations (id),
    device_id   TEXT NOT NULL REFERENCES devices (id),
    receipt_no  TEXT NOT NULL,
    created_at  TEXT NOT NULL,
    reason      TEXT NOT NULL,
    net         TEXT NOT NULL,
    tax         TEXT NOT NULL,
    total       TEXT NOT NULL,
    rounding    TEXT NOT NULL,
    body        TEXT NOT NULL, -- the UnreceiptedReturn as JSON
    received_at TEXT NOT NULL,
    cashier_id  TEXT,
    approver_id TEXT
);

CREATE INDEX unreceipted_returns_by_device ON unreceipted_returns (device_id, created_at);
