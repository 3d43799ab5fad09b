#!/usr/bin/env bash
# PostgreSQL beside SQLite (issue 16 item 6): a province (150 units, 3,000 systems) and the
# nation (3,300 units, 100,000 systems) seeded into PostgreSQL (`seed URL N --units U`), the
# same systems in the same units into SQLite files (`seed FILE N --units U`: the same
# generator, so `due --json` and the frame are the same bytes); `due --json` and the dashboard's first frame (`--render-once 200x50`) of both
# engines in one hyperfine run per size, the peak RSS of each, and the in-process split of
# the first frame (examples/frame: load, snapshot) at the largest size.
#
#   bash bench/pg.sh                         # a throwaway local cluster (.ci/pg.sh) in $BENCH_DIR/pg
#   PG=postgresql://USER@HOST bash bench/pg.sh   # a server where USER may create databases
#   SIZES="3000" RUNS=10 bash bench/pg.sh
#
# Seeding 100,000 systems into PostgreSQL takes about 7 minutes (the import path, one
# change-log entry per system, a round trip each); it is done once, kept in databases
# capdo_bench_N. Prints markdown rows for the README's bench table.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
W=${BENCH_DIR:-/tmp/capdo-bench}
SIZES=${SIZES:-"3000 100000"}
RUNS=${RUNS:-10}
TODAY=2026-11-29
mkdir -p "$W"
for c in hyperfine psql /usr/bin/time; do
  command -v "$c" >/dev/null || { echo "needs $c (Debian: hyperfine postgresql-client time)"; exit 1; }
done
if [ -z "${PG:-}" ]; then
  # the URL is kept beside the cluster's directory (starting it empties that directory)
  if [ ! -s "$W/pg.url" ] || [ ! -f "$W/pg/data/postmaster.pid" ]; then
    .ci/pg.sh start "$W/pg" > "$W/pg.url.new" && mv "$W/pg.url.new" "$W/pg.url"
  fi
  PG=$(cat "$W/pg.url"); PG=${PG%/postgres}
fi
cargo build --release --bin capdo --example seed --example frame -q
B=$ROOT/target/release/capdo
export CAPDO_CONFIG=$W/config.toml HOME=$W
units() { case $1 in 3000) echo 150 ;; 100000) echo 3300 ;; *) echo $(( $1 / 30 + 1 )) ;; esac; }
for n in $SIZES; do
  # the same systems in the same units on both engines (memory and the frame depend on them)
  [ -s "$W/pg-sqlite-$n-units.db" ] || "$ROOT/target/release/examples/seed" "$W/pg-sqlite-$n-units.db" "$n" $TODAY --units "$(units "$n")"
  db=capdo_bench_$n
  if [ -z "$(psql "$PG/postgres" -Atqc "SELECT 1 FROM pg_database WHERE datname = '$db'")" ]; then
    psql "$PG/postgres" -qc "CREATE DATABASE $db"
    "$ROOT/target/release/examples/seed" "$PG/$db" "$n" $TODAY --units "$(units "$n")"
  fi
  cmp <("$B" --db "$W/pg-sqlite-$n-units.db" --today $TODAY due --json) \
      <("$B" --db "$PG/$db" --today $TODAY due --json) || { echo "due --json differs at $n"; exit 1; }
  cmp <("$B" --db "$W/pg-sqlite-$n-units.db" --today $TODAY --render-once 200x50) \
      <("$B" --db "$PG/$db" --today $TODAY --render-once 200x50) || { echo "the first frame differs at $n"; exit 1; }
done

peak() { /usr/bin/time -f %M "$@" 2>&1 >/dev/null | tail -1; }
echo "| store | systems | due --json (ms) | first frame (ms) | RSS due / frame (MB) |"
echo "|---|---:|---:|---:|---:|"
for n in $SIZES; do
  lite=$W/pg-sqlite-$n-units.db; pg=$PG/capdo_bench_$n
  hyperfine -N --warmup 2 --runs "$RUNS" --style none --export-json "$W/pg-$n.json" \
    "$B --db $lite --today $TODAY due --json" "$B --db $pg --today $TODAY due --json" \
    "$B --db $lite --today $TODAY --render-once 200x50" "$B --db $pg --today $TODAY --render-once 200x50" >/dev/null
  for e in sqlite postgresql; do
    db=$lite; i=0; [ $e = postgresql ] && { db=$pg; i=1; }
    r1=$(peak "$B" --db "$db" --today $TODAY due --json)
    r2=$(peak "$B" --db "$db" --today $TODAY --render-once 200x50)
    python3 - "$W/pg-$n.json" "$i" "$e" "$n" "$r1" "$r2" "$(units "$n")" <<'PY'
import json, sys
r = json.load(open(sys.argv[1]))["results"]
i = int(sys.argv[2]); e = sys.argv[3]; n = int(sys.argv[4])
where = ("PostgreSQL" if e == "postgresql" else "SQLite") + f", {int(sys.argv[7]):,} units"
med = lambda x: x["median"] * 1000
print(f"| {where} | {n:,} | {med(r[i]):.0f} | {med(r[2 + i]):.0f} | {int(sys.argv[5]) / 1024:.0f} / {int(sys.argv[6]) / 1024:.0f} |")
PY
  done
done
largest=$(for n in $SIZES; do echo "$n"; done | sort -n | tail -1)
echo "in-process first frame at $largest systems (examples/frame, 5 runs of the frame):"
for db in "$W/pg-sqlite-$largest-units.db" "$PG/capdo_bench_$largest"; do
  "$ROOT/target/release/examples/frame" "$db" $TODAY 5 | sed -n "1s|^|  ${db##*/}: |p"
done
