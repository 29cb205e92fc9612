-- Stores: each with its own settings (those of store_settings, plus time zone, cash rounding, receipt header
-- and footer, logo), its own price overrides, the devices that belong to it and the staff limited to it.
-- The single store there was becomes the first store with the fixed id 00000000-0000-4000-8000-000000000001
-- (shared::stores::DEFAULT_STORE_ID), keeping its change sequence value, so terminals that pulled it keep it.
--
-- Mirrored column for column by migrations/postgres/0007_stores.sql.

CREATE TABLE stores (
    id             TEXT    PRIMARY KEY,
    name           TEXT    NOT NULL,
    address        TEXT    NOT NULL, -- JSON array of lines
    currency_code  TEXT    NOT NULL,
    currency_scale INTEGER NOT NULL CHECK (currency_scale BETWEEN 0 AND 6),
    time_zone      TEXT    NOT NULL DEFAULT '',
    tax_mode       TEXT    NOT NULL CHECK (tax_mode IN ('inclusive', 'exclusive')),
    tax_rounding   TEXT    NOT NULL CHECK (tax_rounding IN ('per_line', 'per_document')),
    rounding       TEXT    NOT NULL CHECK (rounding IN ('half_up', 'half_even')),
    cash_rounding  TEXT,             -- JSON {increment, mode}, NULL: cash is paid to the minor unit
    receipt_header TEXT    NOT NULL DEFAULT '',
    receipt_footer TEXT    NOT NULL DEFAULT '',
    logo           TEXT,
    active         INTEGER NOT NULL CHECK (active IN (0, 1)),
    version        INTEGER NOT NULL,
    change_seq     INTEGER NOT NULL UNIQUE, -- its terminals pull `Settings` at this value
    policy_seq     INTEGER UNIQUE           -- and `Policy` at this one or the chain policy's, the later
);

INSERT INTO stores (id, name, address, currency_code, currency_scale, tax_mode, tax_rounding, rounding,
                    cash_rounding, active, version, change_seq)
SELECT '00000000-0000-4000-8000-000000000001', name, address, currency_code, currency_scale, tax_mode,
       tax_rounding, rounding, (SELECT cash_rounding FROM store_policy WHERE id = 1), 1, 1, change_seq
FROM store_settings WHERE id = 1;

DROP TABLE store_settings;
-- Cash rounding is per store now; the chain's policy keeps the promotion policy and loyalty point value.
ALTER TABLE store_policy DROP COLUMN cash_rounding;

ALTER TABLE devices ADD COLUMN store_id TEXT NOT NULL DEFAULT '00000000-0000-4000-8000-000000000001';

-- A staff member with rows here manages only these stores; without rows, every store.
CREATE TABLE staff_stores (
    staff_id TEXT NOT NULL REFERENCES staff (id),
    store_id TEXT NOT NULL REFERENCES stores (id),
    PRIMARY KEY (staff_id, store_id)
);

-- Per-store prices; a removed override stays with price NULL so its store's terminals pull the product's own
-- price again.
CREATE TABLE store_prices (
    store_id   TEXT    NOT NULL REFERENCES stores (id),
    product_id TEXT    NOT NULL REFERENCES products (id),
    price      TEXT,
    change_seq INTEGER NOT NULL UNIQUE,
    PRIMARY KEY (store_id, product_id)
);
CREATE INDEX store_prices_by_product ON store_prices (product_id);
