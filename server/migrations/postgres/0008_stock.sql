-- Stock: locations (a store's shop floor and back room, or a warehouse of no store), the movement ledger per
-- item and location (every sale, refund, void, exchange, adjustment, receipt, transfer and count correction,
-- written once per source document line), and the running balance per item and location, updated in the same
-- transaction as each movement. Quantities are NUMERIC (weighed items).

CREATE TABLE locations (
    id         UUID        PRIMARY KEY,
    store_id   TEXT,                 -- the store's id; NULL for a warehouse
    name       TEXT        NOT NULL,
    kind       TEXT        NOT NULL CHECK (kind IN ('sales_floor', 'back_room', 'warehouse')),
    sells      BOOLEAN     NOT NULL DEFAULT FALSE, -- where the store's sales move stock
    active     BOOLEAN     NOT NULL DEFAULT TRUE,
    created_at TIMESTAMPTZ NOT NULL
);
-- At most one selling location per store.
CREATE UNIQUE INDEX locations_one_selling ON locations (store_id) WHERE sells;

CREATE TABLE stock_movements (
    id          BIGINT      GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    product_id  TEXT COLLATE "C" NOT NULL, -- no foreign key: documents are facts and may name unknown items
    location_id UUID        NOT NULL REFERENCES locations (id),
    quantity    NUMERIC     NOT NULL, -- the signed change of on-hand
    kind        TEXT        NOT NULL CHECK (kind IN ('sale', 'refund', 'void', 'exchange', 'online_order',
                    'adjustment', 'purchase_receipt', 'transfer_out', 'transfer_in', 'count_correction')),
    reason      TEXT,
    source_id   UUID        NOT NULL, -- the document (sale, refund, void, adjustment, receipt, transfer, count)
    source_line INTEGER     NOT NULL, -- its line
    lot         TEXT,
    expiry      TEXT,                 -- a date, YYYY-MM-DD
    serial      TEXT,
    occurred_at TIMESTAMPTZ NOT NULL, -- the document's time (a count compares it with its snapshot)
    created_at  TIMESTAMPTZ NOT NULL, -- when the server recorded it (the injectable clock)
    staff_id    UUID,
    device_id   UUID,
    UNIQUE (source_id, source_line, kind)
);
CREATE INDEX stock_movements_ledger ON stock_movements (product_id, location_id, id);

CREATE TABLE stock_levels (
    product_id       TEXT COLLATE "C" NOT NULL,
    location_id      UUID        NOT NULL REFERENCES locations (id),
    on_hand          NUMERIC     NOT NULL, -- the sum of the item's movements at the location
    last_movement_id BIGINT      REFERENCES stock_movements (id),
    low_threshold    NUMERIC,              -- at or below it the item is on the reorder list
    counted_at       TIMESTAMPTZ,          -- the snapshot time of the last posted count
    updated_at       TIMESTAMPTZ NOT NULL,
    change_seq       BIGINT UNIQUE, -- set at selling locations: their tills pull the level
    PRIMARY KEY (product_id, location_id)
);
CREATE INDEX stock_levels_by_location ON stock_levels (location_id, product_id);

-- Transfers between locations: sent (out of the source: in transit), then received (into the destination);
-- lines as JSON: item, sent and received quantities (a difference is a discrepancy).
CREATE TABLE stock_transfers (
    id            UUID        PRIMARY KEY,
    from_location UUID        NOT NULL REFERENCES locations (id),
    to_location   UUID        NOT NULL REFERENCES locations (id),
    status        TEXT        NOT NULL CHECK (status IN ('in_transit', 'received')),
    lines         JSONB       NOT NULL, -- [TransferLine]
    sent_at       TIMESTAMPTZ NOT NULL,
    received_at   TIMESTAMPTZ,
    sent_by       UUID,
    received_by   UUID
);

-- Counts: a snapshot of one location at a server time, counted quantities, then posted as count corrections.
CREATE TABLE stock_counts (
    id          UUID        PRIMARY KEY,
    location_id UUID        NOT NULL REFERENCES locations (id),
    status      TEXT        NOT NULL CHECK (status IN ('open', 'posted')),
    snapshot_at TIMESTAMPTZ NOT NULL,
    posted_at   TIMESTAMPTZ
);
CREATE TABLE stock_count_lines (
    count_id   UUID    NOT NULL REFERENCES stock_counts (id),
    product_id TEXT COLLATE "C" NOT NULL,
    counted    NUMERIC NOT NULL,
    PRIMARY KEY (count_id, product_id)
);

-- Suppliers and purchase orders (lines as JSON: item, ordered, received, unit cost); each receipt moves stock
-- in at the order's location under its own id and updates the items' moving average cost.
CREATE TABLE suppliers (
    id             UUID        PRIMARY KEY,
    name           TEXT        NOT NULL,
    lead_time_days INTEGER     NOT NULL CHECK (lead_time_days >= 0),
    order_multiple NUMERIC     NOT NULL,
    created_at     TIMESTAMPTZ NOT NULL
);
CREATE TABLE purchase_orders (
    id          UUID        PRIMARY KEY,
    supplier_id UUID        NOT NULL REFERENCES suppliers (id),
    location_id UUID        NOT NULL REFERENCES locations (id),
    status      TEXT        NOT NULL CHECK (status IN ('open', 'partly_received', 'received')),
    lines       JSONB       NOT NULL, -- [PurchaseOrderLine]
    created_at  TIMESTAMPTZ NOT NULL,
    expected_at TIMESTAMPTZ NOT NULL
);
