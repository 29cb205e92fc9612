-- Initial schema: catalog with a global change sequence, devices, applied mutations, and sales.
--
-- Portable by design so a PostgreSQL schema can mirror it column for column:
-- * money, quantities and percents are exact decimal strings (TEXT here, NUMERIC there);
-- * timestamps are RFC 3339 UTC strings with microseconds (TIMESTAMPTZ there);
-- * ids are TEXT (UUIDs in hyphenated lowercase form; UUID there);
-- * the global change sequence is one counter row (a SEQUENCE there).

-- The one global change sequence: every catalog write takes the next value as the entity's change_seq.
CREATE TABLE change_counter (
    id       INTEGER PRIMARY KEY CHECK (id = 1),
    last_seq INTEGER NOT NULL CHECK (last_seq >= 0)
);
INSERT INTO change_counter (id, last_seq) VALUES (1, 0);

CREATE TABLE store_settings (
    id             INTEGER PRIMARY KEY CHECK (id = 1),
    name           TEXT    NOT NULL,
    address        TEXT    NOT NULL, -- JSON array of lines
    currency_code  TEXT    NOT NULL,
    currency_scale INTEGER NOT NULL CHECK (currency_scale BETWEEN 0 AND 6),
    tax_mode       TEXT    NOT NULL CHECK (tax_mode IN ('inclusive', 'exclusive')),
    tax_rounding   TEXT    NOT NULL CHECK (tax_rounding IN ('per_line', 'per_document')),
    rounding       TEXT    NOT NULL CHECK (rounding IN ('half_up', 'half_even')),
    change_seq     INTEGER NOT NULL UNIQUE
);

CREATE TABLE tax_rates (
    id         TEXT    PRIMARY KEY,
    name       TEXT    NOT NULL,
    percent    TEXT    NOT NULL,
    change_seq INTEGER NOT NULL UNIQUE
);

CREATE TABLE categories (
    id         TEXT    PRIMARY KEY,
    name       TEXT    NOT NULL,
    position   INTEGER NOT NULL,
    change_seq INTEGER NOT NULL UNIQUE
);

CREATE TABLE products (
    id          TEXT    PRIMARY KEY,
    sku         TEXT    NOT NULL UNIQUE,
    name        TEXT    NOT NULL,
    barcode     TEXT    UNIQUE,
    category_id TEXT    NOT NULL REFERENCES categories (id),
    price       TEXT    NOT NULL,
    tax_rate_id TEXT    NOT NULL REFERENCES tax_rates (id),
    active      INTEGER NOT NULL CHECK (active IN (0, 1)),
    version     INTEGER NOT NULL,
    change_seq  INTEGER NOT NULL UNIQUE
);

-- Terminals that have pushed, with the last mutation sequence applied for each.
CREATE TABLE devices (
    id            TEXT    PRIMARY KEY,
    last_seq      INTEGER NOT NULL DEFAULT 0 CHECK (last_seq >= 0),
    first_seen_at TEXT    NOT NULL,
    last_push_at  TEXT
);

-- Every applied mutation: replays are recognised by id and compared by the SHA-256 of the canonical body.
CREATE TABLE mutations (
    id         TEXT    PRIMARY KEY,
    device_id  TEXT    NOT NULL REFERENCES devices (id),
    seq        INTEGER NOT NULL CHECK (seq >= 1),
    kind       TEXT    NOT NULL,
    body_hash  TEXT    NOT NULL,
    applied_at TEXT    NOT NULL,
    UNIQUE (device_id, seq)
);

-- Completed sales: header columns for queries plus the full document as received.
CREATE TABLE sales (
    id            TEXT PRIMARY KEY,
    mutation_id   TEXT NOT NULL UNIQUE REFERENCES mutations (id),
    device_id     TEXT NOT NULL REFERENCES devices (id),
    receipt_no    TEXT NOT NULL,
    created_at    TEXT NOT NULL,
    currency_code TEXT NOT NULL,
    tax_mode      TEXT NOT NULL,
    net           TEXT NOT NULL,
    tax           TEXT NOT NULL,
    total         TEXT NOT NULL,
    change_given  TEXT NOT NULL,
    body          TEXT NOT NULL, -- the Sale as JSON
    received_at   TEXT NOT NULL
);
CREATE INDEX sales_newest_first ON sales (created_at DESC, id DESC);
CREATE INDEX sales_by_device ON sales (device_id, created_at DESC, id DESC);

-- Sale lines as facts for reports; product_id is deliberately not a foreign key (a sale outlives its product).
CREATE TABLE sale_lines (
    sale_id     TEXT    NOT NULL REFERENCES sales (id),
    line_no     INTEGER NOT NULL,
    product_id  TEXT    NOT NULL,
    sku         TEXT    NOT NULL,
    name        TEXT    NOT NULL,
    quantity    TEXT    NOT NULL,
    unit_price  TEXT    NOT NULL,
    tax_rate_id TEXT    NOT NULL,
    tax_name    TEXT    NOT NULL,
    tax_percent TEXT    NOT NULL,
    net         TEXT    NOT NULL,
    tax         TEXT    NOT NULL,
    gross       TEXT    NOT NULL,
    PRIMARY KEY (sale_id, line_no)
);
CREATE INDEX sale_lines_by_product ON sale_lines (product_id);

-- How each sale was paid, for cash-up and payment reports.
CREATE TABLE sale_tenders (
    sale_id   TEXT    NOT NULL REFERENCES sales (id),
    position  INTEGER NOT NULL,
    kind      TEXT    NOT NULL,
    amount    TEXT    NOT NULL,
    reference TEXT,
    PRIMARY KEY (sale_id, position)
);
