# Start a throw-away PostgreSQL server for the ledger tests; source this file.
#
#   . .ci/postgres.sh      exports BRANDGUARD_TEST_POSTGRES_URL and stops the server
#                          (and deletes its data) when the sourcing shell exits
#
# The server runs from a temporary data directory, listens on 127.0.0.1 only, on a
# free port. PostgreSQL refuses to run as root, so as root it runs as the
# `postgres` system user. Binaries: /usr/lib/postgresql/<newest>/bin, installed from
# Debian's `postgresql` package if missing.

bg_pg_bin() { { ls -d /usr/lib/postgresql/*/bin 2>/dev/null || true; } | sort -V | tail -n 1; }

BG_PG_BIN="$(bg_pg_bin)"
if [ -z "$BG_PG_BIN" ] || [ ! -x "$BG_PG_BIN/initdb" ]; then
    echo "postgres: binaries missing; installing Debian's postgresql" >&2
    DEBIAN_FRONTEND=noninteractive apt-get install -y -q postgresql >/dev/null 2>&1 || {
        apt-get update -q >/dev/null
        DEBIAN_FRONTEND=noninteractive apt-get install -y -q postgresql >/dev/null
    }
    BG_PG_BIN="$(bg_pg_bin)"
fi

if [ "$(id -u)" = 0 ]; then
    bg_pg_run() { runuser -u postgres -- "$@"; }
else
    bg_pg_run() { "$@"; }
fi

BG_PG_DATA="$(mktemp -d /tmp/brandguard-pg.XXXXXX)"
if [ "$(id -u)" = 0 ]; then chown postgres: "$BG_PG_DATA"; fi
BG_PG_PORT="$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')"

bg_pg_stop() {
    if [ -n "${BG_PG_DATA:-}" ] && [ -d "$BG_PG_DATA" ]; then
        bg_pg_run "$BG_PG_BIN/pg_ctl" -D "$BG_PG_DATA" -m immediate -w stop >/dev/null 2>&1 || true
        rm -rf "$BG_PG_DATA"
    fi
}
trap bg_pg_stop EXIT

bg_pg_run "$BG_PG_BIN/initdb" -D "$BG_PG_DATA" -U postgres -A trust --no-sync -E UTF8 >/dev/null
bg_pg_run "$BG_PG_BIN/pg_ctl" -D "$BG_PG_DATA" -l "$BG_PG_DATA/server.log" -w -t 30 \
    -o "-c listen_addresses=127.0.0.1 -p $BG_PG_PORT -c unix_socket_directories=$BG_PG_DATA -c fsync=off -c max_connections=50" \
    start >/dev/null
bg_pg_run "$BG_PG_BIN/createdb" -h 127.0.0.1 -p "$BG_PG_PORT" -U postgres brandguard_test
export BRANDGUARD_TEST_POSTGRES_URL="postgresql://postgres@127.0.0.1:$BG_PG_PORT/brandguard_test"
echo "postgres: test server on 127.0.0.1:$BG_PG_PORT (data in $BG_PG_DATA)" >&2
