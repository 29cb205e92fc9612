#!/usr/bin/env bash
# Prepare a local PostgreSQL for the server's PostgreSQL tests; prints the URL to export as POS_TEST_DATABASE_URL.
#
# Run as root on a Debian machine:   export POS_TEST_DATABASE_URL="$(bash server/tests/pg-setup.sh)"
#
# Idempotent: installs the `postgresql` package only when no server is installed (apt-get update first),
# creates a cluster only when there is none, starts it when it is down, and creates (or resets the password
# of) a login role with CREATEDB. The tests connect over TCP to 127.0.0.1 with that password (Debian's default
# pg_hba.conf already allows scram-sha-256 there) and create a throw-away database per test.
#
# Only the URL goes to stdout; progress goes to stderr. Overrides: POS_PG_ROLE (default pos),
# POS_PG_PASSWORD (default pos).
set -euo pipefail

role="${POS_PG_ROLE:-pos}"
password="${POS_PG_PASSWORD:-pos}"

say() { echo "pg-setup: $*" >&2; }

if [ "$(id -u)" -ne 0 ]; then
    say "run this as root (it may install packages and starts the cluster as the postgres user)"
    exit 1
fi
case "$role" in
    *[!a-z0-9_]* | "") say "POS_PG_ROLE must be lowercase letters, digits and _"; exit 1 ;;
esac

# 1. The server package.
if ! compgen -G "/usr/lib/postgresql/*/bin/postgres" >/dev/null || ! command -v pg_lsclusters >/dev/null; then
    say "installing postgresql with apt-get"
    export DEBIAN_FRONTEND=noninteractive
    apt-get update >&2
    apt-get install -y --no-install-recommends postgresql >&2
fi

# 2. A cluster (the package normally creates 15/main; a minimal image may not have one).
cluster="$(pg_lsclusters --no-header 2>/dev/null | head -n 1 || true)"
if [ -z "$cluster" ]; then
    version="$(ls /usr/lib/postgresql | sort -V | tail -n 1)"
    say "creating cluster $version/main"
    pg_createcluster "$version" main >&2
    cluster="$(pg_lsclusters --no-header | head -n 1)"
fi
read -r version name port status _ <<<"$cluster"

# 3. Running.
if [ "${status%%,*}" != "online" ]; then
    say "starting cluster $version/$name"
    pg_ctlcluster "$version" "$name" start >&2
fi
for _ in $(seq 1 60); do
    if pg_isready -q -h 127.0.0.1 -p "$port"; then
        break
    fi
    sleep 0.5
done
if ! pg_isready -q -h 127.0.0.1 -p "$port"; then
    say "the cluster $version/$name does not accept connections on 127.0.0.1:$port"
    exit 1
fi

# 4. The role: created once, its password (re)set every time so the printed URL always works.
runuser -u postgres -- psql --quiet --no-psqlrc -v ON_ERROR_STOP=1 -p "$port" \
    -v role="$role" -v password="$password" >&2 <<'SQL'
SELECT format('CREATE ROLE %I LOGIN CREATEDB', :'role')
WHERE NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = :'role') \gexec
SELECT format('ALTER ROLE %I WITH LOGIN CREATEDB PASSWORD %L', :'role', :'password') \gexec
SQL

say "ready: PostgreSQL $version on 127.0.0.1:$port, role $role"
echo "postgres://$role:$password@127.0.0.1:$port/postgres"
