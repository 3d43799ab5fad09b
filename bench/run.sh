#!/usr/bin/env bash
# Benchmarks capdo against Taskwarrior and at 1,000 / 10,000 / 100,000 systems, and prints one
# table of medians, ratios and the targets of issues 7 and 13. Everything is measured in this run.
# Two data shapes at 10,000 systems: five assessments each with incidents (about two deadlines
# per system), and "one" (one assessment each, every dossier approved and plan full: one
# deadline per system), each against the same deadlines loaded into Taskwarrior.
#
#   bash bench/run.sh            # full run (~10 minutes on 2 cores, most of it seeding 100,000)
#   SIZES="1000 10000" bash bench/run.sh
#   IDLE=1 bash bench/run.sh     # also measures idle CPU of the dashboard over 60 s
#
# Needs: cargo, python3, and from Debian: hyperfine, taskwarrior, tmux, time (installed if
# missing and apt-get is available). Work files go to $BENCH_DIR (default /tmp/capdo-bench).
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
W=${BENCH_DIR:-/tmp/capdo-bench}
SIZES=${SIZES:-"1000 10000 100000"}
TODAY=2026-11-29
RUNS=${RUNS:-20}
mkdir -p "$W"

missing=()
for c in hyperfine task tmux /usr/bin/time; do command -v "$c" >/dev/null 2>&1 || missing+=("$c"); done
if [ ${#missing[@]} -gt 0 ]; then
  sudo=""; [ "$(id -u)" -ne 0 ] && command -v sudo >/dev/null && sudo=sudo
  $sudo apt-get update -qq && $sudo env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq hyperfine taskwarrior tmux time >/dev/null
fi

echo "== building (release)"
cargo build --release --bins --examples -q
B=$ROOT/target/release/capdo
SEED=$ROOT/target/release/examples/seed
FRAME=$ROOT/target/release/examples/frame
export CAPDO_CONFIG=$W/config.toml HOME=$W

has() { case " $SIZES " in *" $1 "*) return 0;; *) return 1;; esac; }

echo "== seeding stores (five assessments per system, incidents, projects)"
for n in $SIZES; do
  if [ ! -s "$W/$n.db" ]; then
    rm -f "$W/$n.db"*
    "$SEED" "$W/$n.db" "$n" "$TODAY" 2>&1 | sed 's/^/   /'
  fi
done
if has 10000 && [ ! -s "$W/one-10000.db" ]; then
  echo "   shape one: 10,000 systems, one assessment each"
  rm -f "$W/one-10000.db"*
  "$SEED" "$W/one-10000.db" 10000 "$TODAY" --one 2>&1 | sed 's/^/   /'
fi

# The same deadlines as Taskwarrior tasks: every item of `due --all`, due on its date
# (a never-assessed system: due yesterday, so that both tools call it overdue).
tw_load() {
  local n=$1
  local dir=$W/tw-$n
  [ -d "$dir/data" ] && return 0
  mkdir -p "$dir/data"
  "$B" --db "$W/$n.db" --today $TODAY --lang en due --json --all > "$dir/items.json"
  python3 - "$dir/items.json" "$dir/tasks.json" <<'PY'
import json, sys, uuid, hashlib
items = json.load(open(sys.argv[1]))
out = []
for i, it in enumerate(items):
    due = (it["due_on"] or "2026-11-28").replace("-", "") + "T000000Z"
    u = uuid.UUID(bytes=hashlib.md5(str(i).encode()).digest(), version=4)
    out.append({"uuid": str(u), "status": "pending", "entry": "20240101T000000Z",
                "description": it["title"], "project": it["system"] or it["kind"],
                "due": due, "tags": [it["kind"]]})
json.dump(out, open(sys.argv[2], "w"))
PY
  printf 'data.location=%s\nconfirmation=off\nnews.version=2.6.2\n' "$dir/data" > "$dir/taskrc"
  TASKRC=$dir/taskrc TASKDATA=$dir/data task rc.verbose=nothing import "$dir/tasks.json" >/dev/null
}

HF="hyperfine -N --warmup 3 --runs $RUNS --style none"
echo "== due --json and task +OVERDUE export"
for n in $SIZES; do
  $HF --export-json "$W/due-$n.json" "$B --db $W/$n.db --today $TODAY due --json" >/dev/null
done
# tw_compare NAME: task +OVERDUE export over the deadlines of store NAME, and the counts
tw_compare() {
  local n=$1
  tw_load "$n"
  local d=$W/tw-$n
  # the reference date of Taskwarrior is the clock; capdo's items carry the bench's TODAY, so
  # both see the same set overdue when run near it; counts are printed for the reader
  TASKRC=$d/taskrc TASKDATA=$d/data $HF --export-json "$W/tw-$n.json" \
    "task rc.verbose=nothing rc.data.location=$d/data +OVERDUE export" >/dev/null
  tw_count=$(TASKRC=$d/taskrc TASKDATA=$d/data task rc.verbose=nothing rc.data.location=$d/data +OVERDUE count)
  capdo_count=$("$B" --db "$W/$n.db" --today $TODAY due --json | python3 -c 'import json,sys; print(len(json.load(sys.stdin)))')
  echo "   $n: $(python3 -c "import json;print(len(json.load(open('$d/items.json'))))") deadlines in both; capdo due lists $capdo_count (overdue + due in 30 days), task +OVERDUE $tw_count"
}
if has 10000; then
  tw_compare 10000
  # the second shape, with the floor of a process and of loading the store beside it
  $HF --export-json "$W/due-one-10000.json" "$B --db $W/one-10000.db --today $TODAY due --json" >/dev/null
  $HF -i --export-json "$W/check-one-10000.json" "$B --db $W/one-10000.db --today $TODAY check" >/dev/null
  $HF --export-json "$W/version.json" "$B --version" >/dev/null
  tw_compare one-10000
fi

echo "== systems --json"
for n in $SIZES; do
  $HF --export-json "$W/systems-$n.json" "$B --db $W/$n.db --today $TODAY systems --json" >/dev/null
done

echo "== first frame (--render-once 200x50) and CSV import"
for n in $SIZES; do
  $HF --export-json "$W/frame-$n.json" "$B --db $W/$n.db --today $TODAY --render-once 200x50" >/dev/null
done
if has 100000; then
  [ -s "$W/100000.csv" ] || "$B" --db "$W/100000.db" --today $TODAY export "$W/100000.csv" --force >/dev/null
  hyperfine -N --runs 5 --style none --prepare "rm -f $W/import.db $W/import.db-wal $W/import.db-shm" \
    --export-json "$W/import-100000.json" "$B --db $W/import.db --today $TODAY import $W/100000.csv" >/dev/null
fi

echo "== memory (peak RSS) and the dashboard in a real terminal"
peak() { /usr/bin/time -v "$@" 2>&1 >/dev/null | awk -F: '/Maximum resident/{gsub(/ /,"",$2); print $2}'; }
for n in $SIZES; do
  echo "$n due $(peak "$B" --db "$W/$n.db" --today $TODAY due --json)" >> "$W/rss.txt.new"
  echo "$n frame $(peak "$B" --db "$W/$n.db" --today $TODAY --render-once 200x50)" >> "$W/rss.txt.new"
  bash "$ROOT/bench/ttff.sh" 200x50 "q thoát" 10 -- "$B" --db "$W/$n.db" --today $TODAY --lang vi > "$W/tty-$n.txt"
done
mv "$W/rss.txt.new" "$W/rss.txt"

echo "== in-process frames (200x50) at the largest size"
largest=$(for n in $SIZES; do echo "$n"; done | sort -n | tail -1)
"$FRAME" "$W/$largest.db" $TODAY 200 > "$W/inproc.txt"
sed 's/^/   /' "$W/inproc.txt"

if [ "${IDLE:-0}" = 1 ]; then
  echo "== idle CPU over 60 s (dashboard at 10,000 systems, live clock)"
  sock=idle-$$
  tmux -L $sock -f /dev/null new-session -d -s m -x 200 -y 50 "$B --db $W/10000.db"
  sleep 2; pid=$(tmux -L $sock display-message -p -t m '#{pane_pid}')
  a=$(awk '{print $14+$15}' /proc/$pid/stat); sleep 60; b=$(awk '{print $14+$15}' /proc/$pid/stat)
  tmux -L $sock kill-server
  echo "$((b - a))" > "$W/idle.txt"
fi

stat -c %s "$B" > "$W/size.txt"
python3 "$ROOT/bench/table.py" "$W" "$SIZES"
