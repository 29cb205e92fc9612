-- Held orders: an open order parked at one till and claimed by one till at a time (park and hold; later tabs
-- and tables), and the tills' settings (idle-lock delay, expiry of parked orders), pulled by every till.

CREATE TABLE held_orders (
    id          UUID        PRIMARY KEY,
    label       TEXT        NOT NULL,
    body        JSONB       NOT NULL, -- HeldOrderBody
    parked_by   JSONB,                -- StaffStamp
    parked_at   TIMESTAMPTZ NOT NULL,
    parked_on   UUID        NOT NULL, -- the device that parked it
    status      TEXT        NOT NULL CHECK (status IN ('parked', 'claimed', 'closed', 'expired')),
    holder      UUID,                 -- the device holding it (claimed or closed by it)
    version     BIGINT      NOT NULL,
    updated_at  TIMESTAMPTZ NOT NULL
);
CREATE INDEX held_orders_by_status ON held_orders (status, parked_at);

CREATE TABLE till_settings (
    id                SMALLINT PRIMARY KEY CHECK (id = 1),
    lock_after_secs   INTEGER  NOT NULL CHECK (lock_after_secs BETWEEN 1 AND 3600),
    park_expiry_hours INTEGER  NOT NULL CHECK (park_expiry_hours BETWEEN 0 AND 720),
    change_seq        BIGINT   NOT NULL UNIQUE
);
