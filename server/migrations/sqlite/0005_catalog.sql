-- The catalog a back office edits: product groups (the parent of variants, with their option names), modifier
-- groups (choices with price deltas), and on products: litres as a unit, a cost, the group and option values of
-- a variant, lot/expiry or serial tracking, modifier group ids and an image reference. Barcodes move to their
-- own table, so an item has several and the database refuses a barcode given to two items.
--
-- SQLite cannot change a CHECK constraint: `products` is rebuilt (same rows, versions and change sequence
-- values; the barcode column's values become position 0 of `product_barcodes`). No table references
-- `products`, so it can be dropped while foreign keys are enforced. Stores and per-store prices are not here:
-- nothing below assumes there is one store.

CREATE TABLE product_groups (
    id           TEXT    PRIMARY KEY,
    name         TEXT    NOT NULL,
    category_id  TEXT    NOT NULL REFERENCES categories (id),
    option_names TEXT    NOT NULL, -- JSON array, e.g. ["Size","Colour"]
    active       INTEGER NOT NULL CHECK (active IN (0, 1)),
    version      INTEGER NOT NULL,
    change_seq   INTEGER NOT NULL UNIQUE
);

CREATE TABLE modifier_groups (
    id          TEXT    PRIMARY KEY,
    name        TEXT    NOT NULL,
    min_choices INTEGER NOT NULL CHECK (min_choices >= 0),
    max_choices INTEGER NOT NULL CHECK (max_choices >= 1 AND max_choices >= min_choices),
    options     TEXT    NOT NULL, -- JSON array of {name, price_delta}
    active      INTEGER NOT NULL CHECK (active IN (0, 1)),
    version     INTEGER NOT NULL,
    change_seq  INTEGER NOT NULL UNIQUE
);

CREATE TABLE products_v5 (
    id                 TEXT    PRIMARY KEY,
    sku                TEXT    NOT NULL UNIQUE,
    name               TEXT    NOT NULL,
    category_id        TEXT    NOT NULL REFERENCES categories (id),
    price              TEXT    NOT NULL,
    tax_rate_id        TEXT    NOT NULL REFERENCES tax_rates (id),
    active             INTEGER NOT NULL CHECK (active IN (0, 1)),
    version            INTEGER NOT NULL,
    change_seq         INTEGER NOT NULL UNIQUE,
    unit               TEXT    NOT NULL DEFAULT 'each' CHECK (unit IN ('each', 'kilogram', 'litre')),
    cost               TEXT,
    group_id           TEXT    REFERENCES product_groups (id),
    option_values      TEXT, -- JSON [{name, value}] in the group's option order; NULL unless a variant
    tracking           TEXT    NOT NULL DEFAULT 'none' CHECK (tracking IN ('none', 'lot_expiry', 'serial')),
    modifier_group_ids TEXT    NOT NULL DEFAULT '[]', -- JSON array of modifier group ids
    image              TEXT,
    -- What the back office's search looks in: name, SKU and barcodes, lower case, written with the row.
    search_text        TEXT    NOT NULL DEFAULT '',
    CONSTRAINT products_variant_check CHECK ((group_id IS NULL) = (option_values IS NULL)),
    -- No two variants of a group with the same option values.
    CONSTRAINT products_group_id_option_values_key UNIQUE (group_id, option_values)
);

INSERT INTO products_v5 (id, sku, name, category_id, price, tax_rate_id, active, version, change_seq, unit,
                         search_text)
SELECT id, sku, name, category_id, price, tax_rate_id, active, version, change_seq, unit,
       lower(name) || ' ' || lower(sku) || ' ' || coalesce(barcode, '') FROM products;

CREATE TEMP TABLE v4_barcodes AS SELECT barcode, id FROM products WHERE barcode IS NOT NULL;
DROP TABLE products;
ALTER TABLE products_v5 RENAME TO products;

-- Every barcode of every item: unique across all products. Position 0 is the item's first (`barcode`).
CREATE TABLE product_barcodes (
    barcode    TEXT    PRIMARY KEY,
    product_id TEXT    NOT NULL REFERENCES products (id),
    position   INTEGER NOT NULL CHECK (position >= 0),
    UNIQUE (product_id, position)
);
INSERT INTO product_barcodes (barcode, product_id, position) SELECT barcode, id, 0 FROM v4_barcodes;
DROP TABLE v4_barcodes;

-- The back office's product list: by name (byte order, then id), within a category or not, with keyset paging;
-- a text search reads `search_text` from the index, not the table.
CREATE INDEX products_by_name ON products (name, id, search_text);
CREATE INDEX products_by_category ON products (category_id, name, id);
CREATE INDEX products_by_group ON products (group_id) WHERE group_id IS NOT NULL;
