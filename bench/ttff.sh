#!/usr/bin/env bash
# ttff.sh COLSxROWS MARKER RUNS -- command [args...]
# Time from tmux respawn to MARKER visible on the screen, and the program's VmHWM then.
# Per run: "<µs> <VmHWM kB>" (the peak SETTLE seconds, default 1, after the marker), then a
# summary line. (Method C of the ecosystem notes: the
# harness floor is about 15 ms; use it for "what the user sees", hyperfine for precision.)
set -euo pipefail
size=$1; marker=$2; runs=$3; shift 3; [ "${1:-}" = "--" ] && shift
cols=${size%x*}; rows=${size#*x}; cmd=$(printf '%q ' "$@"); sock="ttff-$$"
trap 'tmux -L "$sock" kill-server 2>/dev/null || true' EXIT
times=()
for _ in $(seq "$runs"); do
  tmux -L "$sock" -f /dev/null new-session -d -s m -x "$cols" -y "$rows" 'sleep 600'
  t0=$(date +%s%N); deadline=$(( t0 + 10000000000 ))
  tmux -L "$sock" respawn-pane -k -t m "exec $cmd"
  until tmux -L "$sock" capture-pane -p -t m | grep -qF -- "$marker"; do
    [ "$(date +%s%N)" -gt "$deadline" ] && { echo timeout >&2; exit 1; }
  done
  t1=$(date +%s%N)
  pid=$(tmux -L "$sock" display-message -p -t m '#{pane_pid}')
  # the peak after the start has settled: the dashboard loads the remaining texts just after
  # its first frame, so the high-water mark is read a moment later
  sleep "${SETTLE:-1}"
  hwm=$(awk '/^VmHWM/{print $2}' "/proc/$pid/status" 2>/dev/null || echo NA)
  tmux -L "$sock" kill-server
  echo "$(( (t1 - t0) / 1000 )) $hwm"; times+=("$(( (t1 - t0) / 1000 ))"); sleep 0.2
done
printf '%s\n' "${times[@]}" | sort -n | awk '{a[NR]=$1} END {printf "SUMMARY runs=%d min=%.1fms median=%.1fms p90=%.1fms max=%.1fms\n", NR, a[1]/1000, a[int((NR+1)/2)]/1000, a[int(NR*0.9+0.5)]/1000, a[NR]/1000}'
