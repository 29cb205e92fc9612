-- Customers as people: contact details with their normalised keys (duplicates are found by them), notes,
-- marketing consent with its date and source, business fields, tags, a loyalty card, a version for the
-- back office's edits, and the two states a customer may end in: erased (personal fields removed, the row
-- and its sales kept) or merged into another customer (its sales count for that one; no document rewritten).
-- The customer made by a till offline keeps its client-made id; `created_by_mutation` names the push
-- mutation that created it.
--
-- Mirrored column for column by migrations/postgres/0010_customers.sql.

ALTER TABLE customers ADD COLUMN phone               TEXT;
ALTER TABLE customers ADD COLUMN email               TEXT;
-- Digits of the phone with its country code (`+4930123456`), lower-case email: duplicate finding.
ALTER TABLE customers ADD COLUMN phone_key           TEXT;
ALTER TABLE customers ADD COLUMN email_key           TEXT;
ALTER TABLE customers ADD COLUMN note                TEXT    NOT NULL DEFAULT '';
ALTER TABLE customers ADD COLUMN marketing_consent   INTEGER NOT NULL DEFAULT 0 CHECK (marketing_consent IN (0, 1));
ALTER TABLE customers ADD COLUMN consent_at          TEXT;
ALTER TABLE customers ADD COLUMN consent_source      TEXT;
ALTER TABLE customers ADD COLUMN company             TEXT;
ALTER TABLE customers ADD COLUMN tax_id              TEXT;
ALTER TABLE customers ADD COLUMN tax_exempt          INTEGER NOT NULL DEFAULT 0 CHECK (tax_exempt IN (0, 1));
ALTER TABLE customers ADD COLUMN address             TEXT;
ALTER TABLE customers ADD COLUMN tags                TEXT    NOT NULL DEFAULT '[]'; -- JSON array of text
ALTER TABLE customers ADD COLUMN loyalty_card        TEXT;
-- Lower-case name, company, phone digits, email and card: what the search compares.
ALTER TABLE customers ADD COLUMN search_text         TEXT    NOT NULL DEFAULT '';
ALTER TABLE customers ADD COLUMN created_at          TEXT;
ALTER TABLE customers ADD COLUMN updated_at          TEXT;
ALTER TABLE customers ADD COLUMN version             INTEGER NOT NULL DEFAULT 1;
ALTER TABLE customers ADD COLUMN erased_at           TEXT;
ALTER TABLE customers ADD COLUMN merged_into         TEXT REFERENCES customers (id);
ALTER TABLE customers ADD COLUMN created_by_mutation TEXT;

UPDATE customers SET search_text = lower(name);

CREATE INDEX customers_by_phone ON customers (phone_key) WHERE phone_key IS NOT NULL;
CREATE INDEX customers_by_email ON customers (email_key) WHERE email_key IS NOT NULL;
CREATE UNIQUE INDEX customers_by_card ON customers (loyalty_card) WHERE loyalty_card IS NOT NULL;
CREATE INDEX customers_by_name ON customers (name, id, search_text);
CREATE INDEX customers_by_update ON customers (updated_at, id);
CREATE INDEX customers_merged ON customers (merged_into) WHERE merged_into IS NOT NULL;

-- Whether the chain honours business customers' tax exemption (`StorePolicy::tax_exempt_customers`).
ALTER TABLE store_policy ADD COLUMN tax_exempt_customers INTEGER NOT NULL DEFAULT 0
    CHECK (tax_exempt_customers IN (0, 1));

-- Invoices: a business customer's sale gets a number of its own sequence, once.
CREATE TABLE invoices (
    number      INTEGER PRIMARY KEY,
    sale_id     TEXT    NOT NULL UNIQUE REFERENCES sales (id),
    customer_id TEXT    NOT NULL REFERENCES customers (id),
    issued_at   TEXT    NOT NULL
);
