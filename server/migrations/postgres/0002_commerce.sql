-- The commerce engine on PostgreSQL: migrations/sqlite/0002_commerce.sql column for column, with native types.

ALTER TABLE products ADD COLUMN unit TEXT NOT NULL DEFAULT 'each' CHECK (unit IN ('each', 'kilogram'));

CREATE TABLE store_policy (
    id                  SMALLINT PRIMARY KEY CHECK (id = 1),
    cash_rounding       JSONB,
    promotion_policy    TEXT     NOT NULL CHECK (promotion_policy IN ('priority', 'best_for_customer')),
    loyalty_point_value NUMERIC,
    change_seq          BIGINT   NOT NULL UNIQUE
);

CREATE TABLE price_lists (
    id         TEXT COLLATE "C" PRIMARY KEY,
    name       TEXT   NOT NULL,
    body       JSONB  NOT NULL,
    change_seq BIGINT NOT NULL UNIQUE
);

CREATE TABLE promotions (
    id         TEXT COLLATE "C" PRIMARY KEY,
    name       TEXT    NOT NULL,
    active     BOOLEAN NOT NULL,
    body       JSONB   NOT NULL,
    change_seq BIGINT  NOT NULL UNIQUE
);

CREATE TABLE customers (
    id             TEXT COLLATE "C" PRIMARY KEY,
    name           TEXT    NOT NULL,
    customer_group TEXT,
    exemption      JSONB   NOT NULL,
    store_credit   NUMERIC NOT NULL,
    loyalty_points BIGINT  NOT NULL,
    change_seq     BIGINT  NOT NULL UNIQUE
);

CREATE TABLE coupons (
    code           TEXT COLLATE "C" PRIMARY KEY,
    remaining_uses BIGINT CHECK (remaining_uses >= 0),
    change_seq     BIGINT NOT NULL UNIQUE
);

CREATE TABLE gift_cards (
    code       TEXT COLLATE "C" PRIMARY KEY,
    balance    NUMERIC NOT NULL,
    change_seq BIGINT  NOT NULL UNIQUE
);

ALTER TABLE sales ADD COLUMN tip NUMERIC NOT NULL DEFAULT 0;
ALTER TABLE sales ADD COLUMN customer_id TEXT;
CREATE INDEX sales_by_customer ON sales (customer_id) WHERE customer_id IS NOT NULL;

ALTER TABLE sale_lines
    ADD COLUMN category_id   TEXT    NOT NULL DEFAULT '',
    ADD COLUMN unit          TEXT    NOT NULL DEFAULT 'each',
    ADD COLUMN price_list_id TEXT,
    ADD COLUMN discount      NUMERIC NOT NULL DEFAULT 0,
    ADD COLUMN list_net      NUMERIC,
    ADD COLUMN taxes         JSONB,
    ADD COLUMN adjustments   JSONB   NOT NULL DEFAULT '[]';
UPDATE sale_lines SET
    list_net = net,
    taxes = jsonb_build_array(jsonb_build_object('rate_id', tax_rate_id, 'name', tax_name,
        'percent', tax_percent::text, 'compound', false, 'tax', tax::text));
ALTER TABLE sale_lines
    ALTER COLUMN list_net SET NOT NULL,
    ALTER COLUMN taxes SET NOT NULL,
    ALTER COLUMN category_id DROP DEFAULT,
    ALTER COLUMN unit DROP DEFAULT,
    ALTER COLUMN discount DROP DEFAULT,
    ALTER COLUMN adjustments DROP DEFAULT,
    DROP COLUMN tax_rate_id,
    DROP COLUMN tax_name,
    DROP COLUMN tax_percent;

ALTER TABLE sale_tenders RENAME TO sale_payments;
ALTER TABLE sale_payments ADD COLUMN account TEXT;
ALTER TABLE sale_payments ADD COLUMN points BIGINT;

CREATE TABLE refunds (
    id          UUID        PRIMARY KEY,
    mutation_id UUID        NOT NULL UNIQUE REFERENCES mutations (id),
    device_id   UUID        NOT NULL REFERENCES devices (id),
    sale_id     UUID        NOT NULL REFERENCES sales (id),
    exchange_id UUID,
    receipt_no  TEXT        NOT NULL,
    created_at  TIMESTAMPTZ NOT NULL,
    reason      TEXT        NOT NULL,
    net         NUMERIC     NOT NULL,
    tax         NUMERIC     NOT NULL,
    total       NUMERIC     NOT NULL,
    rounding    NUMERIC     NOT NULL,
    body        JSONB       NOT NULL,
    received_at TIMESTAMPTZ NOT NULL
);
CREATE INDEX refunds_by_sale ON refunds (sale_id, created_at, id);
CREATE INDEX refunds_newest_first ON refunds (created_at DESC, id DESC);

CREATE TABLE voids (
    id          UUID        PRIMARY KEY,
    mutation_id UUID        NOT NULL UNIQUE REFERENCES mutations (id),
    device_id   UUID        NOT NULL REFERENCES devices (id),
    sale_id     UUID        NOT NULL UNIQUE REFERENCES sales (id),
    receipt_no  TEXT        NOT NULL,
    created_at  TIMESTAMPTZ NOT NULL,
    reason      TEXT        NOT NULL,
    body        JSONB       NOT NULL,
    received_at TIMESTAMPTZ NOT NULL
);

CREATE TABLE exchanges (
    id          UUID        PRIMARY KEY,
    mutation_id UUID        NOT NULL UNIQUE REFERENCES mutations (id),
    device_id   UUID        NOT NULL REFERENCES devices (id),
    refund_id   UUID        NOT NULL UNIQUE REFERENCES refunds (id),
    sale_id     UUID        NOT NULL UNIQUE REFERENCES sales (id),
    created_at  TIMESTAMPTZ NOT NULL,
    received_at TIMESTAMPTZ NOT NULL
);

CREATE TABLE cash_movements (
    id          UUID        PRIMARY KEY,
    mutation_id UUID        NOT NULL UNIQUE REFERENCES mutations (id),
    device_id   UUID        NOT NULL REFERENCES devices (id),
    created_at  TIMESTAMPTZ NOT NULL,
    kind        TEXT        NOT NULL CHECK (kind IN ('float', 'paid_in', 'paid_out', 'drop')),
    amount      NUMERIC     NOT NULL,
    reason      TEXT        NOT NULL,
    account     TEXT,
    body        JSONB       NOT NULL,
    received_at TIMESTAMPTZ NOT NULL
);

CREATE TABLE ingest_flags (
    id          BIGINT      GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    mutation_id UUID        NOT NULL REFERENCES mutations (id),
    kind        TEXT        NOT NULL,
    subject     TEXT        NOT NULL,
    detail      TEXT        NOT NULL,
    flagged_at  TIMESTAMPTZ NOT NULL
);
