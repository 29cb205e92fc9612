-- Quick keys: each store's grid of favourites on the till's first screen, one row per store holding the
-- layout as JSON (an array of {product_id, colour, label}); its tills pull it as `QuickKeys` at `change_seq`.
--
-- Mirrored column for column by migrations/postgres/0009_quick_keys.sql.

CREATE TABLE quick_keys (
    store_id   TEXT    PRIMARY KEY REFERENCES stores (id),
    layout     TEXT    NOT NULL, -- JSON array of keys, in grid order
    version    INTEGER NOT NULL,
    change_seq INTEGER NOT NULL UNIQUE
);
