#!/usr/bin/env bash
# Starts a throwaway PostgreSQL cluster for the tests: Debian's server binaries, run as an
# unprivileged user (root cannot run postgres), listening only on a socket in a temporary
# directory. Prints the connection string of its superuser; `.ci/pg.sh stop DIR` ends it.
#   url=$(.ci/pg.sh start /tmp/capdo-pg)
set -euo pipefail
cmd=${1:-start}
dir=${2:-/tmp/capdo-pg}
bin=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1)
if [ -z "$bin" ]; then
    echo "error: no PostgreSQL server binaries under /usr/lib/postgresql" >&2
    exit 1
fi
if [ "$(id -u)" -eq 0 ] && ! id -u postgres >/dev/null 2>&1; then
    echo "error: run as root, this needs the user postgres (Debian's postgresql package makes it)" >&2
    exit 1
fi
as_user() {
    if [ "$(id -u)" -eq 0 ]; then
        runuser -u postgres -- "$@"
    else
        "$@"
    fi
}
case "$cmd" in
start)
    if [ -f "$dir/data/postmaster.pid" ]; then
        as_user "$bin/pg_ctl" -D "$dir/data" -m immediate stop >/dev/null 2>&1 || true
    fi
    rm -rf "$dir"
    mkdir -p "$dir"
    [ "$(id -u)" -eq 0 ] && chown postgres "$dir"
    # -N: no fsync of the new files (a throwaway cluster); its log says why when it fails
    if ! as_user "$bin/initdb" -N -D "$dir/data" -U capdo_admin -A trust -E UTF8 --locale=C.UTF-8 \
        >"$dir/initdb.log" 2>&1; then
        cat "$dir/initdb.log" >&2
        exit 1
    fi
    as_user "$bin/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w \
        -o "-c listen_addresses='' -c unix_socket_directories='$dir' -c fsync=off -c max_connections=200" \
        start >/dev/null
    echo "postgresql://capdo_admin@${dir//\//%2F}/postgres"
    ;;
stop)
    as_user "$bin/pg_ctl" -D "$dir/data" -m fast stop >/dev/null
    ;;
*)
    echo "usage: $0 start|stop [DIR]" >&2
    exit 2
    ;;
esac
