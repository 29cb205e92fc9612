-- Returns without a receipt: goods taken back with no sale to refer to, paid out in cash or store credit.
-- Written once per document by the push that carries it (the mutation id is unique), like the other documents.
CREATE TABLE unreceipted_returns (
    id          UUID        PRIMARY KEY,
    mutation_id UUID        NOT NULL UNIQUE REFERENCES mutations (id),
    device_id   UUID        NOT NULL REFERENCES devices (id),
    receipt_no  TEXT        NOT NULL,
    created_at  TIMESTAMPTZ NOT NULL,
    reason      TEXT        NOT NULL,
    net         NUMERIC     NOT NULL,
    tax         NUMERIC     NOT NULL,
    total       NUMERIC     NOT NULL,
    rounding    NUMERIC     NOT NULL,
    body        JSONB       NOT NULL,
    received_at TIMESTAMPTZ NOT NULL,
    cashier_id  UUID,
    approver_id UUID
);

CREATE INDEX unreceipted_returns_by_device ON unreceipted_returns (device_id, created_at);
