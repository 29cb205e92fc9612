-- The catalog a back office edits: product groups (the parent of variants, with their option names), modifier
-- groups (choices with price deltas), and on products: litres as a unit, a cost, the group and option values of
-- a variant, lot/expiry or serial tracking, modifier group ids and an image reference. Barcodes move to their
-- own table, so an item has several and the database refuses a barcode given to two items. Mirrors
-- `sqlite/0005_catalog.sql` column for column (there, `products` is rebuilt to change its unit check). Stores
-- and per-store prices are not here: nothing below assumes there is one store.

CREATE TABLE product_groups (
    id           TEXT COLLATE "C" PRIMARY KEY,
    name         TEXT    NOT NULL,
    category_id  TEXT COLLATE "C" NOT NULL REFERENCES categories (id),
    option_names JSONB   NOT NULL,
    active       BOOLEAN NOT NULL,
    version      BIGINT  NOT NULL,
    change_seq   BIGINT  NOT NULL UNIQUE
);

CREATE TABLE modifier_groups (
    id          TEXT COLLATE "C" PRIMARY KEY,
    name        TEXT    NOT NULL,
    min_choices INTEGER NOT NULL CHECK (min_choices >= 0),
    max_choices INTEGER NOT NULL CHECK (max_choices >= 1 AND max_choices >= min_choices),
    options     JSONB   NOT NULL,
    active      BOOLEAN NOT NULL,
    version     BIGINT  NOT NULL,
    change_seq  BIGINT  NOT NULL UNIQUE
);

ALTER TABLE products
    DROP CONSTRAINT products_unit_check,
    ADD CONSTRAINT products_unit_check CHECK (unit IN ('each', 'kilogram', 'litre')),
    ADD COLUMN cost               NUMERIC,
    ADD COLUMN group_id           TEXT COLLATE "C" REFERENCES product_groups (id),
    ADD COLUMN option_values      JSONB,
    ADD COLUMN tracking           TEXT  NOT NULL DEFAULT 'none' CHECK (tracking IN ('none', 'lot_expiry', 'serial')),
    ADD COLUMN modifier_group_ids JSONB NOT NULL DEFAULT '[]',
    ADD COLUMN image              TEXT,
    ADD COLUMN search_text        TEXT  NOT NULL DEFAULT '',
    ADD CONSTRAINT products_variant_check CHECK ((group_id IS NULL) = (option_values IS NULL)),
    ADD CONSTRAINT products_group_id_option_values_key UNIQUE (group_id, option_values);

CREATE TABLE product_barcodes (
    barcode    TEXT COLLATE "C" PRIMARY KEY,
    product_id TEXT COLLATE "C" NOT NULL REFERENCES products (id),
    position   INTEGER NOT NULL CHECK (position >= 0),
    UNIQUE (product_id, position)
);
INSERT INTO product_barcodes (barcode, product_id, position)
SELECT barcode, id, 0 FROM products WHERE barcode IS NOT NULL;
UPDATE products SET search_text = lower(name) || ' ' || lower(sku) || ' ' || coalesce(barcode, '');
ALTER TABLE products DROP COLUMN barcode;

CREATE INDEX products_by_name ON products (name COLLATE "C", id) INCLUDE (search_text);
CREATE INDEX products_by_category ON products (category_id, name COLLATE "C", id);
CREATE INDEX products_by_group ON products (group_id) WHERE group_id IS NOT NULL;
