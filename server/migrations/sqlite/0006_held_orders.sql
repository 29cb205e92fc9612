-- Held orders: an open order parked at one till and claimed by one till at a time (park and hold; later tabs
-- and tables), and the tills' settings (idle-lock delay, expiry of parked orders), pulled by every till.

CREATE TABLE held_orders (
    id          TEXT    PRIMARY KEY,
    label       TEXT    NOT NULL,
    body        TEXT    NOT NULL, -- JSON HeldOrderBody
    parked_by   TEXT,             -- JSON StaffStamp
    parked_at   TEXT    NOT NULL,
    parked_on   TEXT    NOT NULL, -- the device that parked it
    status      TEXT    NOT NULL CHECK (status IN ('parked', 'claimed', 'closed', 'expired')),
    holder      TEXT,             -- the device holding it (claimed or closed by it)
    version     INTEGER NOT NULL,
    updated_at  TEXT    NOT NULL
);
CREATE INDEX held_orders_by_status ON held_orders (status, parked_at);

CREATE TABLE till_settings (
    id                INTEGER PRIMARY KEY CHECK (id = 1),
    lock_after_secs   INTEGER NOT NULL CHECK (lock_after_secs BETWEEN 1 AND 3600),
    park_expiry_hours INTEGER NOT NULL CHECK (park_expiry_hours BETWEEN 0 AND 720),
    change_seq        INTEGER NOT NULL UNIQUE
);
