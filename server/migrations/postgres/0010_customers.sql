-- Customers as people: contact details with their normalised keys (duplicates are found by them), notes,
-- marketing consent with its date and source, business fields, tags, a loyalty card, a version for the
-- back office's edits, and the two states a customer may end in: erased (personal fields removed, the row
-- and its sales kept) or merged into another customer (its sales count for that one; no document rewritten).
--
-- Mirrors migrations/sqlite/0010_customers.sql column for column.

ALTER TABLE customers
    ADD COLUMN phone               TEXT,
    ADD COLUMN email               TEXT,
    ADD COLUMN phone_key           TEXT COLLATE "C",
    ADD COLUMN email_key           TEXT COLLATE "C",
    ADD COLUMN note                TEXT    NOT NULL DEFAULT '',
    ADD COLUMN marketing_consent   BOOLEAN NOT NULL DEFAULT FALSE,
    ADD COLUMN consent_at          TIMESTAMPTZ,
    ADD COLUMN consent_source      TEXT,
    ADD COLUMN company             TEXT,
    ADD COLUMN tax_id              TEXT,
    ADD COLUMN tax_exempt          BOOLEAN NOT NULL DEFAULT FALSE,
    ADD COLUMN address             TEXT,
    ADD COLUMN tags                JSONB   NOT NULL DEFAULT '[]',
    ADD COLUMN loyalty_card        TEXT COLLATE "C",
    ADD COLUMN search_text         TEXT    NOT NULL DEFAULT '',
    ADD COLUMN created_at          TIMESTAMPTZ,
    ADD COLUMN updated_at          TIMESTAMPTZ,
    ADD COLUMN version             BIGINT  NOT NULL DEFAULT 1,
    ADD COLUMN erased_at           TIMESTAMPTZ,
    ADD COLUMN merged_into         TEXT COLLATE "C" REFERENCES customers (id),
    ADD COLUMN created_by_mutation UUID;

UPDATE customers SET search_text = lower(name);

CREATE INDEX customers_by_phone ON customers (phone_key) WHERE phone_key IS NOT NULL;
CREATE INDEX customers_by_email ON customers (email_key) WHERE email_key IS NOT NULL;
CREATE UNIQUE INDEX customers_by_card ON customers (loyalty_card) WHERE loyalty_card IS NOT NULL;
CREATE INDEX customers_by_name ON customers (name COLLATE "C", id) INCLUDE (search_text);
CREATE INDEX customers_by_update ON customers (updated_at, id);
CREATE INDEX customers_merged ON customers (merged_into) WHERE merged_into IS NOT NULL;

ALTER TABLE store_policy ADD COLUMN tax_exempt_customers BOOLEAN NOT NULL DEFAULT FALSE;

CREATE TABLE invoices (
    number      BIGINT PRIMARY KEY,
    sale_id     UUID   NOT NULL UNIQUE REFERENCES sales (id),
    customer_id TEXT COLLATE "C" NOT NULL REFERENCES customers (id),
    issued_at   TIMESTAMPTZ NOT NULL
);
