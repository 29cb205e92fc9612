-- The commerce engine: products sold by weight; the store policy, price lists, promotions, customers, coupons
-- and gift cards on the global change sequence; sales as priced documents with any payment; refunds, voids,
-- exchanges and cash movements; and the flags raised by accepted pushes.
--
-- Mirrored column for column by migrations/postgres/0002_commerce.sql.

ALTER TABLE products ADD COLUMN unit TEXT NOT NULL DEFAULT 'each' CHECK (unit IN ('each', 'kilogram'));

-- What pricing needs besides the settings (one row; the settings stay in store_settings).
CREATE TABLE store_policy (
    id                  INTEGER PRIMARY KEY CHECK (id = 1),
    cash_rounding       TEXT, -- JSON {increment, mode}, NULL: cash is paid to the minor unit
    promotion_policy    TEXT    NOT NULL CHECK (promotion_policy IN ('priority', 'best_for_customer')),
    loyalty_point_value TEXT,
    change_seq          INTEGER NOT NULL UNIQUE
);

CREATE TABLE price_lists (
    id         TEXT    PRIMARY KEY,
    name       TEXT    NOT NULL,
    body       TEXT    NOT NULL, -- the PriceList as JSON
    change_seq INTEGER NOT NULL UNIQUE
);

-- Withdrawn promotions stay as rows with active = 0, so pulls tell terminals to drop them.
CREATE TABLE promotions (
    id         TEXT    PRIMARY KEY,
    name       TEXT    NOT NULL,
    active     INTEGER NOT NULL CHECK (active IN (0, 1)),
    body       TEXT    NOT NULL, -- the Promotion as JSON
    change_seq INTEGER NOT NULL UNIQUE
);

-- Customers with the balances the server counts (loyalty points may go negative after offline overspending).
CREATE TABLE customers (
    id             TEXT    PRIMARY KEY,
    name           TEXT    NOT NULL,
    customer_group TEXT,
    exemption      TEXT    NOT NULL, -- TaxExemption as JSON
    store_credit   TEXT    NOT NULL,
    loyalty_points INTEGER NOT NULL,
    change_seq     INTEGER NOT NULL UNIQUE
);

-- Coupon codes (normalised: trimmed, upper case); remaining_uses NULL means unlimited.
CREATE TABLE coupons (
    code           TEXT    PRIMARY KEY,
    remaining_uses INTEGER CHECK (remaining_uses >= 0),
    change_seq     INTEGER NOT NULL UNIQUE
);

CREATE TABLE gift_cards (
    code       TEXT    PRIMARY KEY,
    balance    TEXT    NOT NULL,
    change_seq INTEGER NOT NULL UNIQUE
);

-- Sales: the tip and the customer as columns; body now holds the SaleDocument (older rows: the legacy Sale).
ALTER TABLE sales ADD COLUMN tip TEXT NOT NULL DEFAULT '0';
ALTER TABLE sales ADD COLUMN customer_id TEXT;
CREATE INDEX sales_by_customer ON sales (customer_id) WHERE customer_id IS NOT NULL;

-- Sale lines as priced by the engine: several taxes and the adjustments per line (JSON), weighed quantities.
CREATE TABLE sale_lines_v2 (
    sale_id       TEXT    NOT NULL REFERENCES sales (id),
    line_no       INTEGER NOT NULL,
    product_id    TEXT    NOT NULL,
    sku           TEXT    NOT NULL,
    name          TEXT    NOT NULL,
    category_id   TEXT    NOT NULL,
    unit          TEXT    NOT NULL,
    quantity      TEXT    NOT NULL,
    unit_price    TEXT    NOT NULL,
    price_list_id TEXT,
    discount      TEXT    NOT NULL,
    net           TEXT    NOT NULL,
    tax           TEXT    NOT NULL,
    gross         TEXT    NOT NULL,
    list_net      TEXT    NOT NULL,
    taxes         TEXT    NOT NULL, -- JSON array of LineTax
    adjustments   TEXT    NOT NULL, -- JSON array of Adjustment
    PRIMARY KEY (sale_id, line_no)
);
INSERT INTO sale_lines_v2 (sale_id, line_no, product_id, sku, name, category_id, unit, quantity, unit_price,
    price_list_id, discount, net, tax, gross, list_net, taxes, adjustments)
SELECT sale_id, line_no, product_id, sku, name, '', 'each', quantity, unit_price, NULL, '0', net, tax, gross, net,
    json_array(json_object('rate_id', tax_rate_id, 'name', tax_name, 'percent', tax_percent,
        'compound', json('false'), 'tax', tax)),
    '[]'
FROM sale_lines;
DROP TABLE sale_lines;
ALTER TABLE sale_lines_v2 RENAME TO sale_lines;
CREATE INDEX sale_lines_by_product ON sale_lines (product_id);

-- Payments of any kind: the card terminal's reference, or the gift card / account / exchange it concerns.
ALTER TABLE sale_tenders RENAME TO sale_payments;
ALTER TABLE sale_payments ADD COLUMN account TEXT;
ALTER TABLE sale_payments ADD COLUMN points INTEGER;

-- Refunds (exchange returns included: exchange_id set), with the full document.
CREATE TABLE refunds (
    id          TEXT PRIMARY KEY,
    mutation_id TEXT NOT NULL UNIQUE REFERENCES mutations (id),
    device_id   TEXT NOT NULL REFERENCES devices (id),
    sale_id     TEXT NOT NULL REFERENCES sales (id),
    exchange_id TEXT,
    receipt_no  TEXT NOT NULL,
    created_at  TEXT NOT NULL,
    reason      TEXT NOT NULL,
    net         TEXT NOT NULL,
    tax         TEXT NOT NULL,
    total       TEXT NOT NULL,
    rounding    TEXT NOT NULL,
    body        TEXT NOT NULL, -- the Refund as JSON
    received_at TEXT NOT NULL
);
CREATE INDEX refunds_by_sale ON refunds (sale_id, created_at, id);
CREATE INDEX refunds_newest_first ON refunds (created_at DESC, id DESC);

-- At most one void per sale.
CREATE TABLE voids (
    id          TEXT PRIMARY KEY,
    mutation_id TEXT NOT NULL UNIQUE REFERENCES mutations (id),
    device_id   TEXT NOT NULL REFERENCES devices (id),
    sale_id     TEXT NOT NULL UNIQUE REFERENCES sales (id),
    receipt_no  TEXT NOT NULL,
    created_at  TEXT NOT NULL,
    reason      TEXT NOT NULL,
    body        TEXT NOT NULL, -- the Void as JSON
    received_at TEXT NOT NULL
);

-- An exchange links its return (a refund) and its new sale, both stored in their own tables.
CREATE TABLE exchanges (
    id          TEXT PRIMARY KEY,
    mutation_id TEXT NOT NULL UNIQUE REFERENCES mutations (id),
    device_id   TEXT NOT NULL REFERENCES devices (id),
    refund_id   TEXT NOT NULL UNIQUE REFERENCES refunds (id),
    sale_id     TEXT NOT NULL UNIQUE REFERENCES sales (id),
    created_at  TEXT NOT NULL,
    received_at TEXT NOT NULL
);

CREATE TABLE cash_movements (
    id          TEXT PRIMARY KEY,
    mutation_id TEXT NOT NULL UNIQUE REFERENCES mutations (id),
    device_id   TEXT NOT NULL REFERENCES devices (id),
    created_at  TEXT NOT NULL,
    kind        TEXT NOT NULL CHECK (kind IN ('float', 'paid_in', 'paid_out', 'drop')),
    amount      TEXT NOT NULL,
    reason      TEXT NOT NULL,
    account     TEXT,
    body        TEXT NOT NULL, -- the CashMovement as JSON
    received_at TEXT NOT NULL
);

-- Accepted pushes worth a look: an exhausted coupon redeemed offline, an overdrawn or unknown balance.
CREATE TABLE ingest_flags (
    id          INTEGER PRIMARY KEY AUTOINCREMENT,
    mutation_id TEXT NOT NULL REFERENCES mutations (id),
    kind        TEXT NOT NULL,
    subject     TEXT NOT NULL,
    detail      TEXT NOT NULL,
    flagged_at  TEXT NOT NULL
);
