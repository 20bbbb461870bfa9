#!/usr/bin/env bash
# Peak memory of the TUI (the release binary in tmux, 200x50) on a demo database of N tasks,
# driven through every tab, the task list paged to its end, the detail, quick views and a
# typed search; then it quits and /usr/bin/time -v reports the peak resident set.
#
#     bash benches/tui-memory.sh              # N=100000
#     N=1000000 bash benches/tui-memory.sh
set -euo pipefail

N=${N:-100000}
root=$(cd "$(dirname "$0")/.." && pwd)
say() { echo "tui-memory: $*" >&2; }
command -v tmux >/dev/null || { say "tmux is needed (apt-get install tmux)"; exit 1; }
[ -x /usr/bin/time ] || { say "/usr/bin/time is needed (apt-get install time)"; exit 1; }

shtab=${SHTAB:-}
if [ -z "$shtab" ]; then
  say "building the release binary (cargo build --release --bin shtab)"
  (cd "$root" && cargo build --release --locked --quiet --bin shtab)
  shtab="${CARGO_TARGET_DIR:-$root/target}/release/shtab"
fi

work=$(mktemp -d "${TMPDIR:-/tmp}/shtab-memory.XXXXXX")
name="shtab-memory-$$"
trap 'tmux kill-session -t "$name" 2>/dev/null || true; rm -rf "$work"' EXIT
db="$work/demo.db"
"$shtab" demo --db "$db" --scale "$N" >&2

tmux new-session -d -s "$name" -x 200 -y 50 \
  "/usr/bin/time -v -o $work/time.txt $shtab --demo --db $db --lang en; sleep 30"
wait_for() {
  for _ in $(seq 200); do
    tmux capture-pane -p -t "$name" | grep -q -- "$1" && return 0
    sleep 0.1
  done
  say "\"$1\" did not appear"; tmux capture-pane -p -t "$name" >&2; exit 1
}
k() { tmux send-keys -t "$name" "$@"; sleep 0.15; }

wait_for "Agenda"
for t in 1 2 3 4 5 6 7; do k "$t"; done
k 3; wait_for "status:open"
k End; k Home
for _ in $(seq 30); do k PageDown; done
k Enter; for _ in $(seq 20); do k Down; done; k Escape; sleep 0.4
k o; k w; k a
k /; for c in и н т е р н е т; do k -l "$c"; done; k Enter
k 4; for _ in $(seq 20); do k Down; done
k 1; for _ in $(seq 10); do k Down; done
pid=$(pgrep -f -n "^$shtab --demo --db $db" || true)
now=$([ -n "$pid" ] && awk '/VmRSS/ {print $2 " kB"}' "/proc/$pid/status" || echo "?")
k q
for _ in $(seq 100); do [ -s "$work/time.txt" ] && break; sleep 0.1; done
peak=$(awk -F': ' '/Maximum resident set size/ {print $2}' "$work/time.txt")
echo "TUI on $N tasks (200x50): peak resident set $((peak / 1024)) MB ($peak kB); resident before quitting: $now"
