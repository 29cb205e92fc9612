-- Authentication and authorization: staff, enrolled devices, sessions, overrides, API keys, sign-in lockouts
-- and the append-only audit log. Tokens, keys, PINs and passwords are never stored: tokens and API keys as
-- SHA-256 (hex), PINs and passwords as argon2 PHC strings.

CREATE TABLE staff (
    id            TEXT    PRIMARY KEY,
    name          TEXT    NOT NULL,
    role          TEXT    NOT NULL CHECK (role IN ('cashier', 'supervisor', 'manager', 'admin')),
    email         TEXT    UNIQUE, -- lower case
    password_hash TEXT,
    pin_hash      TEXT,
    active        INTEGER NOT NULL CHECK (active IN (0, 1)),
    created_at    TEXT    NOT NULL
);

-- A device row exists once a device pushed or was enrolled; only enrolled devices have a token.
ALTER TABLE devices ADD COLUMN name TEXT;
ALTER TABLE devices ADD COLUMN token_hash TEXT;
ALTER TABLE devices ADD COLUMN receipt_prefix TEXT;
ALTER TABLE devices ADD COLUMN enrolled_at TEXT;
ALTER TABLE devices ADD COLUMN revoked_at TEXT;
CREATE UNIQUE INDEX devices_by_token ON devices (token_hash);
CREATE UNIQUE INDEX devices_by_receipt_prefix ON devices (receipt_prefix);

CREATE TABLE sessions (
    token_hash   TEXT PRIMARY KEY,
    staff_id     TEXT NOT NULL REFERENCES staff (id),
    device_id    TEXT REFERENCES devices (id), -- set for PIN sessions
    created_at   TEXT NOT NULL,
    last_used_at TEXT NOT NULL,
    expires_at   TEXT NOT NULL
);
CREATE INDEX sessions_by_device ON sessions (device_id);
CREATE INDEX sessions_by_staff ON sessions (staff_id);

-- One-action approvals: used_at is set when an endpoint consumes the token.
CREATE TABLE overrides (
    token_hash   TEXT PRIMARY KEY,
    permission   TEXT NOT NULL,
    approver_id  TEXT NOT NULL REFERENCES staff (id),
    requested_by TEXT NOT NULL REFERENCES staff (id),
    device_id    TEXT NOT NULL REFERENCES devices (id),
    created_at   TEXT NOT NULL,
    expires_at   TEXT NOT NULL,
    used_at      TEXT
);

CREATE TABLE api_keys (
    id         TEXT PRIMARY KEY,
    name       TEXT NOT NULL,
    scopes     TEXT NOT NULL, -- JSON array of scope names
    key_hash   TEXT NOT NULL UNIQUE,
    created_at TEXT NOT NULL,
    revoked_at TEXT
);

-- Consecutive failed sign-ins per subject ('pin:<device id>', 'login:<email>').
CREATE TABLE lockouts (
    subject      TEXT    PRIMARY KEY,
    failures     INTEGER NOT NULL CHECK (failures >= 0),
    locked_until TEXT
);

CREATE TABLE audit_log (
    seq        INTEGER PRIMARY KEY AUTOINCREMENT,
    at         TEXT NOT NULL,
    actor_kind TEXT NOT NULL,
    actor_id   TEXT,
    actor_name TEXT,
    device_id  TEXT,
    action     TEXT NOT NULL,
    target     TEXT,
    outcome    TEXT NOT NULL,
    details    TEXT NOT NULL -- JSON object
);

-- Append-only: the database itself refuses to change or remove an entry.
CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
BEGIN
    SELECT RAISE(ABORT, 'the audit log is append-only');
END;
CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log
BEGIN
    SELECT RAISE(ABORT, 'the audit log is append-only');
END;
