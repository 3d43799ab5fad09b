#!/usr/bin/env bash
# The second data shape alone (issue 13 item 8): 10,000 systems with one assessment each
# (`seed --one`), `capdo due --json` against `task +OVERDUE export` over the same deadlines,
# one after the other in one hyperfine run (repeat it: the machine's load moves); with an
# older capdo binary given, it is timed in the same run too (before/after).
#
#   bash bench/one.sh                       # this tree's release build
#   bash bench/one.sh /path/to/old/capdo    # and an older build beside it
#   RUNS=40 bash bench/one.sh
#
# Prints the medians (ms), capdo's CPU time (user + system), and the ratios. Work files go to
# $BENCH_DIR (default /tmp/capdo-bench, shared with bench/run.sh). An older build opens a copy
# of the store, since this build's migrations would otherwise be applied to it first.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
W=${BENCH_DIR:-/tmp/capdo-bench}
TODAY=2026-11-29
RUNS=${RUNS:-30}
OLD=${1:-}
mkdir -p "$W"
for c in hyperfine task python3; do
  command -v "$c" >/dev/null || { echo "needs $c (Debian: hyperfine taskwarrior python3)"; exit 1; }
done
cargo build --release --bin capdo --example seed -q
B=$ROOT/target/release/capdo
export CAPDO_CONFIG=$W/config.toml HOME=$W
if [ ! -s "$W/one-10000.db" ]; then
  rm -f "$W/one-10000.db"*
  "$ROOT/target/release/examples/seed" "$W/one-10000.db" 10000 "$TODAY" --one
fi
# the store at the schema of the old build: a copy made before this build opens it
if [ -n "$OLD" ] && [ ! -s "$W/one-10000-old.db" ]; then
  cp "$W/one-10000.db" "$W/one-10000-old.db"
fi
"$B" --db "$W/one-10000.db" --today $TODAY due --json >/dev/null

# the same deadlines as Taskwarrior tasks (as bench/run.sh loads them): every item of `due
# --all` (18,169: the Law 116 transition clocks too), and the issue's own set of 10,000 tasks,
# one per system (the assessments and the unit's reports, without the transition clocks that
# `due --all` lists since the issue was written)
load_tasks() { # DIR FILTER
  local d=$1
  [ -d "$d/data" ] && return
  mkdir -p "$d/data"
  "$B" --db "$W/one-10000.db" --today $TODAY --lang en due --json --all > "$d/items.json"
  python3 - "$d/items.json" "$d/tasks.json" "$2" <<'PY'
import json, sys, uuid, hashlib
items = json.load(open(sys.argv[1]))
if sys.argv[3] == "no-regime":
    items = [it for it in items if it["kind"] != "regime"]
out = []
for i, it in enumerate(items):
    due = (it["due_on"] or "2026-11-28").replace("-", "") + "T000000Z"
    u = uuid.UUID(bytes=hashlib.md5(str(i).encode()).digest(), version=4)
    out.append({"uuid": str(u), "status": "pending", "entry": "20240101T000000Z",
                "description": it["title"], "project": it["system"] or it["kind"],
                "due": due, "tags": [it["kind"]]})
json.dump(out, open(sys.argv[2], "w"))
PY
  printf 'data.location=%s\nconfirmation=off\nnews.version=2.6.2\n' "$d/data" > "$d/taskrc"
  TASKRC=$d/taskrc TASKDATA=$d/data task rc.verbose=nothing import "$d/tasks.json" >/dev/null
}
d=$W/tw-one-10000
d2=$W/tw-one-10000-issue
load_tasks "$d" all
load_tasks "$d2" no-regime
n1=$(python3 -c "import json,sys; print(len(json.load(open(sys.argv[1]))))" "$d/tasks.json")
n2=$(python3 -c "import json,sys; print(len(json.load(open(sys.argv[1]))))" "$d2/tasks.json")

cmds=("$B --db $W/one-10000.db --today $TODAY due --json"
      "task rc.verbose=nothing rc.data.location=$d/data +OVERDUE export"
      "task rc.verbose=nothing rc.data.location=$d2/data +OVERDUE export")
[ -n "$OLD" ] && cmds+=("$OLD --db $W/one-10000-old.db --today $TODAY due --json")
TASKRC=$d/taskrc TASKDATA=$d/data hyperfine -N --warmup 3 --runs "$RUNS" --style none \
  --export-json "$W/one.json" "${cmds[@]}" >/dev/null
python3 - "$W/one.json" "$n1" "$n2" <<'PY'
import json, sys
r = json.load(open(sys.argv[1]))["results"]
n1, n2 = int(sys.argv[2]), int(sys.argv[3])
med = [x["median"] * 1000 for x in r]
cpu = [(x["user"] + x["system"]) * 1000 for x in r]
print(f"due --json (this build)              median {med[0]:7.2f} ms  mean cpu {cpu[0]:6.2f} ms")
print(f"task +OVERDUE export, {n1:,} tasks   median {med[1]:7.2f} ms  mean cpu {cpu[1]:6.2f} ms")
print(f"task +OVERDUE export, {n2:,} tasks   median {med[2]:7.2f} ms  mean cpu {cpu[2]:6.2f} ms")
if len(med) > 3:
    print(f"due --json (older build)             median {med[3]:7.2f} ms  mean cpu {cpu[3]:6.2f} ms")
for i, n in ((1, n1), (2, n2)):
    print(f"ratio task ({n:,} tasks) / capdo: {med[i] / med[0]:.1f}x (cpu {cpu[i] / cpu[0]:.1f}x)"
          + (f"; older build {med[i] / med[3]:.1f}x" if len(med) > 3 else ""))
PY
