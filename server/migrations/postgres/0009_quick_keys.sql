-- Quick keys on PostgreSQL: migrations/sqlite/0009_quick_keys.sql column for column (UUID ids, JSONB).

CREATE TABLE quick_keys (
    store_id   UUID   PRIMARY KEY REFERENCES stores (id),
    layout     JSONB  NOT NULL,
    version    BIGINT NOT NULL,
    change_seq BIGINT NOT NULL UNIQUE
);
