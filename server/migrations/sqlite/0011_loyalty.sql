-- Loyalty, gift cards and store credit as ledgers. Every change to a customer's points or store credit and to a
-- gift card's balance is a row here, written in the same transaction as the balance it moves (customers,
-- gift_cards), so each balance is the sum of its ledger. A row names its source (a document: sale, refund,
-- void; or the id of an API request or expiry run) and its kind; (source, kind, account) is unique, so ingest
-- writes it exactly once.
--
-- Mirrored column for column by migrations/postgres/0011_loyalty.sql.

-- The chain's programme (one row): `programme` is a LoyaltyProgramme as JSON, `cash_out_limits` a JSON object
-- of store id → the gift card balance at or below which that store cashes a card out.
CREATE TABLE loyalty_settings (
    id              INTEGER PRIMARY KEY CHECK (id = 1),
    programme       TEXT    NOT NULL,
    cash_out_limits TEXT    NOT NULL,
    version         INTEGER NOT NULL
);

CREATE TABLE loyalty_ledger (
    id          INTEGER PRIMARY KEY AUTOINCREMENT,
    customer_id TEXT    NOT NULL,
    points      INTEGER NOT NULL,
    kind        TEXT    NOT NULL CHECK (kind IN ('earned', 'reversed', 'redeemed', 'returned', 'expired', 'adjusted')),
    source_id   TEXT    NOT NULL,
    mutation_id TEXT,
    reason      TEXT    NOT NULL DEFAULT '',
    at          TEXT    NOT NULL,
    UNIQUE (source_id, kind, customer_id)
);
CREATE INDEX loyalty_ledger_by_customer ON loyalty_ledger (customer_id, id);

CREATE TABLE gift_card_ledger (
    id          INTEGER PRIMARY KEY AUTOINCREMENT,
    code        TEXT    NOT NULL,
    amount      TEXT    NOT NULL,
    kind        TEXT    NOT NULL CHECK (kind IN ('sold', 'reloaded', 'redeemed', 'refunded', 'cashed_out', 'adjusted')),
    source_id   TEXT    NOT NULL,
    mutation_id TEXT,
    reason      TEXT    NOT NULL DEFAULT '',
    at          TEXT    NOT NULL,
    UNIQUE (source_id, kind, code)
);
CREATE INDEX gift_card_ledger_by_code ON gift_card_ledger (code, id);

CREATE TABLE store_credit_ledger (
    id          INTEGER PRIMARY KEY AUTOINCREMENT,
    customer_id TEXT    NOT NULL,
    amount      TEXT    NOT NULL,
    kind        TEXT    NOT NULL CHECK (kind IN ('issued', 'spent', 'adjusted')),
    source_id   TEXT    NOT NULL,
    mutation_id TEXT,
    reason      TEXT    NOT NULL DEFAULT '',
    at          TEXT    NOT NULL,
    UNIQUE (source_id, kind, customer_id)
);
CREATE INDEX store_credit_ledger_by_customer ON store_credit_ledger (customer_id, id);
