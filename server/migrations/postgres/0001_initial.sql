-- Initial schema on PostgreSQL: the SQLite schema (migrations/sqlite/0001_initial.sql) column for column, with
-- native types: NUMERIC for money, quantities and percents; TIMESTAMPTZ for times; UUID for device, mutation and
-- sale ids; JSONB for documents; BIGINT for sequences; and the global change sequence as a SEQUENCE.
--
-- Text ids use COLLATE "C" so they order byte-wise, as in SQLite (product pages are paged by id).
-- Every catalog write takes nextval('change_seq') while holding the catalog advisory lock (see
-- src/store/postgres/catalog.rs), so change sequence values become visible in order.

CREATE SEQUENCE change_seq AS BIGINT MINVALUE 1 START WITH 1;

CREATE TABLE store_settings (
    id             SMALLINT PRIMARY KEY CHECK (id = 1),
    name           TEXT     NOT NULL,
    address        JSONB    NOT NULL, -- array of lines
    currency_code  TEXT     NOT NULL,
    currency_scale SMALLINT NOT NULL CHECK (currency_scale BETWEEN 0 AND 6),
    tax_mode       TEXT     NOT NULL CHECK (tax_mode IN ('inclusive', 'exclusive')),
    tax_rounding   TEXT     NOT NULL CHECK (tax_rounding IN ('per_line', 'per_document')),
    rounding       TEXT     NOT NULL CHECK (rounding IN ('half_up', 'half_even')),
    change_seq     BIGINT   NOT NULL UNIQUE
);

CREATE TABLE tax_rates (
    id         TEXT COLLATE "C" PRIMARY KEY,
    name       TEXT    NOT NULL,
    percent    NUMERIC NOT NULL,
    change_seq BIGINT  NOT NULL UNIQUE
);

CREATE TABLE categories (
    id         TEXT COLLATE "C" PRIMARY KEY,
    name       TEXT    NOT NULL,
    position   INTEGER NOT NULL,
    change_seq BIGINT  NOT NULL UNIQUE
);

CREATE TABLE products (
    id          TEXT COLLATE "C" PRIMARY KEY,
    sku         TEXT COLLATE "C" NOT NULL UNIQUE,
    name        TEXT    NOT NULL,
    barcode     TEXT COLLATE "C" UNIQUE,
    category_id TEXT COLLATE "C" NOT NULL REFERENCES categories (id),
    price       NUMERIC NOT NULL,
    tax_rate_id TEXT COLLATE "C" NOT NULL REFERENCES tax_rates (id),
    active      BOOLEAN NOT NULL,
    version     BIGINT  NOT NULL,
    change_seq  BIGINT  NOT NULL UNIQUE
);

-- Terminals that have pushed, with the last mutation sequence applied for each. A push locks its device's row
-- (SELECT ... FOR UPDATE), so pushes of one device serialise across all server instances.
CREATE TABLE devices (
    id            UUID        PRIMARY KEY,
    last_seq      BIGINT      NOT NULL DEFAULT 0 CHECK (last_seq >= 0),
    first_seen_at TIMESTAMPTZ NOT NULL,
    last_push_at  TIMESTAMPTZ
);

-- Every applied mutation: replays are recognised by id and compared by the SHA-256 of the canonical body.
CREATE TABLE mutations (
    id         UUID        PRIMARY KEY,
    device_id  UUID        NOT NULL REFERENCES devices (id),
    seq        BIGINT      NOT NULL CHECK (seq >= 1),
    kind       TEXT        NOT NULL,
    body_hash  TEXT        NOT NULL,
    applied_at TIMESTAMPTZ NOT NULL,
    UNIQUE (device_id, seq)
);

-- Completed sales: header columns for queries plus the full document as received.
CREATE TABLE sales (
    id            UUID        PRIMARY KEY,
    mutation_id   UUID        NOT NULL UNIQUE REFERENCES mutations (id),
    device_id     UUID        NOT NULL REFERENCES devices (id),
    receipt_no    TEXT        NOT NULL,
    created_at    TIMESTAMPTZ NOT NULL,
    currency_code TEXT        NOT NULL,
    tax_mode      TEXT        NOT NULL,
    net           NUMERIC     NOT NULL,
    tax           NUMERIC     NOT NULL,
    total         NUMERIC     NOT NULL,
    change_given  NUMERIC     NOT NULL,
    body          JSONB       NOT NULL, -- the Sale
    received_at   TIMESTAMPTZ NOT NULL
);
CREATE INDEX sales_newest_first ON sales (created_at DESC, id DESC);
CREATE INDEX sales_by_device ON sales (device_id, created_at DESC, id DESC);

-- Sale lines as facts for reports; product_id is deliberately not a foreign key (a sale outlives its product).
CREATE TABLE sale_lines (
    sale_id     UUID    NOT NULL REFERENCES sales (id),
    line_no     INTEGER NOT NULL,
    product_id  TEXT    NOT NULL,
    sku         TEXT    NOT NULL,
    name        TEXT    NOT NULL,
    quantity    NUMERIC NOT NULL,
    unit_price  NUMERIC NOT NULL,
    tax_rate_id TEXT    NOT NULL,
    tax_name    TEXT    NOT NULL,
    tax_percent NUMERIC NOT NULL,
    net         NUMERIC NOT NULL,
    tax         NUMERIC NOT NULL,
    gross       NUMERIC NOT NULL,
    PRIMARY KEY (sale_id, line_no)
);
CREATE INDEX sale_lines_by_product ON sale_lines (product_id);

-- How each sale was paid, for cash-up and payment reports.
CREATE TABLE sale_tenders (
    sale_id   UUID    NOT NULL REFERENCES sales (id),
    position  INTEGER NOT NULL,
    kind      TEXT    NOT NULL,
    amount    NUMERIC NOT NULL,
    reference TEXT,
    PRIMARY KEY (sale_id, position)
);
