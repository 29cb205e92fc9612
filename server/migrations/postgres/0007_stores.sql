-- Stores on PostgreSQL: migrations/sqlite/0007_stores.sql column for column (UUID ids, NUMERIC prices, JSONB).

CREATE TABLE stores (
    id             UUID     PRIMARY KEY,
    name           TEXT     NOT NULL,
    address        JSONB    NOT NULL, -- array of lines
    currency_code  TEXT     NOT NULL,
    currency_scale SMALLINT NOT NULL CHECK (currency_scale BETWEEN 0 AND 6),
    time_zone      TEXT     NOT NULL DEFAULT '',
    tax_mode       TEXT     NOT NULL CHECK (tax_mode IN ('inclusive', 'exclusive')),
    tax_rounding   TEXT     NOT NULL CHECK (tax_rounding IN ('per_line', 'per_document')),
    rounding       TEXT     NOT NULL CHECK (rounding IN ('half_up', 'half_even')),
    cash_rounding  JSONB,
    receipt_header TEXT     NOT NULL DEFAULT '',
    receipt_footer TEXT     NOT NULL DEFAULT '',
    logo           TEXT,
    active         BOOLEAN  NOT NULL,
    version        BIGINT   NOT NULL,
    change_seq     BIGINT   NOT NULL UNIQUE,
    policy_seq     BIGINT   UNIQUE
);

INSERT INTO stores (id, name, address, currency_code, currency_scale, tax_mode, tax_rounding, rounding,
                    cash_rounding, active, version, change_seq)
SELECT '00000000-0000-4000-8000-000000000001', name, address, currency_code, currency_scale, tax_mode,
       tax_rounding, rounding, (SELECT cash_rounding FROM store_policy WHERE id = 1), TRUE, 1, change_seq
FROM store_settings WHERE id = 1;

DROP TABLE store_settings;
ALTER TABLE store_policy DROP COLUMN cash_rounding;

ALTER TABLE devices ADD COLUMN store_id UUID NOT NULL DEFAULT '00000000-0000-4000-8000-000000000001';

CREATE TABLE staff_stores (
    staff_id UUID NOT NULL REFERENCES staff (id),
    store_id UUID NOT NULL REFERENCES stores (id),
    PRIMARY KEY (staff_id, store_id)
);

CREATE TABLE store_prices (
    store_id   UUID    NOT NULL REFERENCES stores (id),
    product_id TEXT COLLATE "C" NOT NULL REFERENCES products (id),
    price      NUMERIC,
    change_seq BIGINT  NOT NULL UNIQUE,
    PRIMARY KEY (store_id, product_id)
);
CREATE INDEX store_prices_by_product ON store_prices (product_id);
