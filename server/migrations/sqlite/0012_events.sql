-- Events and webhooks: every fact the server accepts writes its event row in the same transaction
-- (`events`, one global `sequence`); a dispatcher fans each out (once: `fanned_out`) into one delivery per
-- enabled subscribed endpoint (`webhook_deliveries`), which it then leases, sends, retries and dead-letters. Inbound webhooks
-- remember the message ids they accepted (`inbound_messages`) so a replayed id is refused.
--
-- Mirrored column for column by migrations/postgres/0012_events.sql.

CREATE TABLE events (
    sequence         INTEGER PRIMARY KEY AUTOINCREMENT,
    id               TEXT    NOT NULL UNIQUE,  -- UUIDv7: the `webhook-id` of every delivery of it
    type             TEXT    NOT NULL,         -- `sale.completed`, `stock.changed`, …
    resource_id      TEXT    NOT NULL,         -- the sale, refund, product, `product@location`, …
    resource_version INTEGER NOT NULL,         -- increases with each change of the resource
    payload          TEXT    NOT NULL,         -- JSON: the event's `data` (payload version in `version`)
    version          TEXT    NOT NULL,         -- the payload's version, `v1`
    created_at       TEXT    NOT NULL,
    -- Whether its deliveries were made (by a dispatcher, after the fact's transaction committed).
    fanned_out       INTEGER NOT NULL DEFAULT 0 CHECK (fanned_out IN (0, 1)),
    -- One event per change of a resource: a replayed fact writes nothing twice.
    UNIQUE (type, resource_id, resource_version)
);
CREATE INDEX events_created ON events (created_at, sequence);
CREATE INDEX events_to_fan_out ON events (sequence) WHERE NOT fanned_out;

CREATE TABLE webhook_endpoints (
    id                   TEXT    PRIMARY KEY,
    url                  TEXT    NOT NULL,
    description          TEXT    NOT NULL DEFAULT '',
    event_types          TEXT    NOT NULL,      -- JSON array of event types, `*` for every type
    secret               TEXT    NOT NULL,      -- `whsec_` + base64 of 32 random bytes
    previous_secret      TEXT,                  -- after a rotation, also signed with until …
    previous_valid_until TEXT,
    enabled              INTEGER NOT NULL CHECK (enabled IN (0, 1)),
    disabled_reason      TEXT,
    created_at           TEXT    NOT NULL,
    updated_at           TEXT    NOT NULL
);

-- Which endpoint gets which event type (`*`: all): the fan-out joins it in the event's transaction.
CREATE TABLE webhook_subscriptions (
    event_type  TEXT NOT NULL,
    endpoint_id TEXT NOT NULL REFERENCES webhook_endpoints (id) ON DELETE CASCADE,
    PRIMARY KEY (event_type, endpoint_id)
);

CREATE TABLE webhook_deliveries (
    id               INTEGER PRIMARY KEY AUTOINCREMENT,
    event_id         TEXT    NOT NULL REFERENCES events (id),
    endpoint_id      TEXT    NOT NULL REFERENCES webhook_endpoints (id) ON DELETE CASCADE,
    state            TEXT    NOT NULL CHECK (state IN ('pending', 'delivered', 'dead')),
    attempts         INTEGER NOT NULL DEFAULT 0,
    next_at          TEXT    NOT NULL,          -- due from then on (the back-off schedule)
    lease_owner      TEXT,                      -- the dispatcher sending it now …
    lease_until      TEXT,                      -- … until then at the latest (longer than a send may take)
    last_status      INTEGER,                   -- the HTTP status of the last attempt (NULL: no answer)
    last_latency_ms  INTEGER,
    last_error       TEXT,
    response_excerpt TEXT,                      -- the first bytes of the last answer's body
    last_attempt_at  TEXT,
    delivered_at     TEXT,
    dead_lettered_at TEXT,                      -- set when the last attempt of the schedule failed
    created_at       TEXT    NOT NULL,
    UNIQUE (event_id, endpoint_id)
);
CREATE INDEX webhook_deliveries_due ON webhook_deliveries (next_at) WHERE state = 'pending';
CREATE INDEX webhook_deliveries_log ON webhook_deliveries (endpoint_id, id);

CREATE TABLE inbound_messages (
    source      TEXT NOT NULL,
    message_id  TEXT NOT NULL,                  -- the sender's `webhook-id`
    event_id    TEXT NOT NULL,                  -- the event it was stored as
    received_at TEXT NOT NULL,
    PRIMARY KEY (source, message_id)
);
