-- Authentication and authorization on PostgreSQL: migrations/sqlite/0003_auth.sql column for column (UUID ids,
-- TIMESTAMPTZ times, JSONB scopes and details, the audit sequence as an identity column).

CREATE TABLE staff (
    id            UUID        PRIMARY KEY,
    name          TEXT        NOT NULL,
    role          TEXT        NOT NULL CHECK (role IN ('cashier', 'supervisor', 'manager', 'admin')),
    email         TEXT        UNIQUE, -- lower case
    password_hash TEXT,
    pin_hash      TEXT,
    active        BOOLEAN     NOT NULL,
    created_at    TIMESTAMPTZ NOT NULL
);

-- A device row exists once a device pushed or was enrolled; only enrolled devices have a token.
ALTER TABLE devices
    ADD COLUMN name           TEXT,
    ADD COLUMN token_hash     TEXT UNIQUE,
    ADD COLUMN receipt_prefix TEXT UNIQUE,
    ADD COLUMN enrolled_at    TIMESTAMPTZ,
    ADD COLUMN revoked_at     TIMESTAMPTZ;

CREATE TABLE sessions (
    token_hash   TEXT        PRIMARY KEY,
    staff_id     UUID        NOT NULL REFERENCES staff (id),
    device_id    UUID        REFERENCES devices (id), -- set for PIN sessions
    created_at   TIMESTAMPTZ NOT NULL,
    last_used_at TIMESTAMPTZ NOT NULL,
    expires_at   TIMESTAMPTZ NOT NULL
);
CREATE INDEX sessions_by_device ON sessions (device_id);
CREATE INDEX sessions_by_staff ON sessions (staff_id);

-- One-action approvals: used_at is set when an endpoint consumes the token.
CREATE TABLE overrides (
    token_hash   TEXT        PRIMARY KEY,
    permission   TEXT        NOT NULL,
    approver_id  UUID        NOT NULL REFERENCES staff (id),
    requested_by UUID        NOT NULL REFERENCES staff (id),
    device_id    UUID        NOT NULL REFERENCES devices (id),
    created_at   TIMESTAMPTZ NOT NULL,
    expires_at   TIMESTAMPTZ NOT NULL,
    used_at      TIMESTAMPTZ
);

CREATE TABLE api_keys (
    id         UUID        PRIMARY KEY,
    name       TEXT        NOT NULL,
    scopes     JSONB       NOT NULL, -- array of scope names
    key_hash   TEXT        NOT NULL UNIQUE,
    created_at TIMESTAMPTZ NOT NULL,
    revoked_at TIMESTAMPTZ
);

-- Consecutive failed sign-ins per subject ('pin:<device id>', 'login:<email>').
CREATE TABLE lockouts (
    subject      TEXT        PRIMARY KEY,
    failures     INTEGER     NOT NULL CHECK (failures >= 0),
    locked_until TIMESTAMPTZ
);

CREATE TABLE audit_log (
    seq        BIGINT      GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    at         TIMESTAMPTZ NOT NULL,
    actor_kind TEXT        NOT NULL,
    actor_id   TEXT,
    actor_name TEXT,
    device_id  UUID,
    action     TEXT        NOT NULL,
    target     TEXT,
    outcome    TEXT        NOT NULL,
    details    JSONB       NOT NULL
);

-- Append-only: the database itself refuses to change or remove an entry.
CREATE FUNCTION audit_log_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'the audit log is append-only';
END;
$$;
CREATE TRIGGER audit_log_no_change BEFORE UPDATE OR DELETE ON audit_log
    FOR EACH ROW EXECUTE FUNCTION audit_log_append_only();
CREATE TRIGGER audit_log_no_truncate BEFORE TRUNCATE ON audit_log
    FOR EACH STATEMENT EXECUTE FUNCTION audit_log_append_only();
