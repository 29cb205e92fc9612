-- Loyalty, gift cards and store credit as ledgers on PostgreSQL: migrations/sqlite/0011_loyalty.sql column for
-- column (UUID ids, NUMERIC amounts, TIMESTAMPTZ, JSONB).

CREATE TABLE loyalty_settings (
    id              INTEGER PRIMARY KEY CHECK (id = 1),
    programme       JSONB   NOT NULL,
    cash_out_limits JSONB   NOT NULL,
    version         BIGINT  NOT NULL
);

CREATE TABLE loyalty_ledger (
    id          BIGINT      GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    customer_id TEXT COLLATE "C" NOT NULL,
    points      BIGINT      NOT NULL,
    kind        TEXT        NOT NULL CHECK (kind IN ('earned', 'reversed', 'redeemed', 'returned', 'expired', 'adjusted')),
    source_id   UUID        NOT NULL,
    mutation_id UUID,
    reason      TEXT        NOT NULL DEFAULT '',
    at          TIMESTAMPTZ NOT NULL,
    UNIQUE (source_id, kind, customer_id)
);
CREATE INDEX loyalty_ledger_by_customer ON loyalty_ledger (customer_id, id);

CREATE TABLE gift_card_ledger (
    id          BIGINT      GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    code        TEXT COLLATE "C" NOT NULL,
    amount      NUMERIC     NOT NULL,
    kind        TEXT        NOT NULL CHECK (kind IN ('sold', 'reloaded', 'redeemed', 'refunded', 'cashed_out', 'adjusted')),
    source_id   UUID        NOT NULL,
    mutation_id UUID,
    reason      TEXT        NOT NULL DEFAULT '',
    at          TIMESTAMPTZ NOT NULL,
    UNIQUE (source_id, kind, code)
);
CREATE INDEX gift_card_ledger_by_code ON gift_card_ledger (code, id);

CREATE TABLE store_credit_ledger (
    id          BIGINT      GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    customer_id TEXT COLLATE "C" NOT NULL,
    amount      NUMERIC     NOT NULL,
    kind        TEXT        NOT NULL CHECK (kind IN ('issued', 'spent', 'adjusted')),
    source_id   UUID        NOT NULL,
    mutation_id UUID,
    reason      TEXT        NOT NULL DEFAULT '',
    at          TIMESTAMPTZ NOT NULL,
    UNIQUE (source_id, kind, customer_id)
);
CREATE INDEX store_credit_ledger_by_customer ON store_credit_ledger (customer_id, id);
