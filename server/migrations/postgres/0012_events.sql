-- Events and webhooks on PostgreSQL: migrations/sqlite/0012_events.sql column for column (UUID ids,
-- TIMESTAMPTZ, JSONB). Dispatchers of several instances share deliveries with `FOR UPDATE SKIP LOCKED`.

CREATE TABLE events (
    sequence         BIGINT      GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    id               UUID        NOT NULL UNIQUE,
    type             TEXT        NOT NULL,
    resource_id      TEXT        NOT NULL,
    resource_version BIGINT      NOT NULL,
    payload          JSONB       NOT NULL,
    version          TEXT        NOT NULL,
    created_at       TIMESTAMPTZ NOT NULL,
    fanned_out       BOOLEAN     NOT NULL DEFAULT FALSE,
    UNIQUE (type, resource_id, resource_version)
);
CREATE INDEX events_created ON events (created_at, sequence);
CREATE INDEX events_to_fan_out ON events (sequence) WHERE NOT fanned_out;

CREATE TABLE webhook_endpoints (
    id                   UUID        PRIMARY KEY,
    url                  TEXT        NOT NULL,
    description          TEXT        NOT NULL DEFAULT '',
    event_types          JSONB       NOT NULL,
    secret               TEXT        NOT NULL,
    previous_secret      TEXT,
    previous_valid_until TIMESTAMPTZ,
    enabled              BOOLEAN     NOT NULL,
    disabled_reason      TEXT,
    created_at           TIMESTAMPTZ NOT NULL,
    updated_at           TIMESTAMPTZ NOT NULL
);

CREATE TABLE webhook_subscriptions (
    event_type  TEXT NOT NULL,
    endpoint_id UUID NOT NULL REFERENCES webhook_endpoints (id) ON DELETE CASCADE,
    PRIMARY KEY (event_type, endpoint_id)
);

CREATE TABLE webhook_deliveries (
    id               BIGINT      GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    event_id         UUID        NOT NULL REFERENCES events (id),
    endpoint_id      UUID        NOT NULL REFERENCES webhook_endpoints (id) ON DELETE CASCADE,
    state            TEXT        NOT NULL CHECK (state IN ('pending', 'delivered', 'dead')),
    attempts         INTEGER     NOT NULL DEFAULT 0,
    next_at          TIMESTAMPTZ NOT NULL,
    lease_owner      TEXT,
    lease_until      TIMESTAMPTZ,
    last_status      INTEGER,
    last_latency_ms  BIGINT,
    last_error       TEXT,
    response_excerpt TEXT,
    last_attempt_at  TIMESTAMPTZ,
    delivered_at     TIMESTAMPTZ,
    dead_lettered_at TIMESTAMPTZ,
    created_at       TIMESTAMPTZ NOT NULL,
    UNIQUE (event_id, endpoint_id)
);
CREATE INDEX webhook_deliveries_due ON webhook_deliveries (next_at) WHERE state = 'pending';
CREATE INDEX webhook_deliveries_log ON webhook_deliveries (endpoint_id, id);

CREATE TABLE inbound_messages (
    source      TEXT        NOT NULL,
    message_id  TEXT        NOT NULL,
    event_id    UUID        NOT NULL,
    received_at TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (source, message_id)
);
