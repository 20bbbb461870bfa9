#!/usr/bin/env bash
# Shtab beside taskwarrior on the same synthetic tasks, in one run:
#
#     bash benches/compare-taskwarrior.sh                      # 100,000 tasks, 100 orgs, half open
#     ORGS=1000 OPEN=0.9 bash benches/compare-taskwarrior.sh   # another shape
#     SHAPES="10:0.2 100:0.5 1000:0.9" bash benches/compare-taskwarrior.sh  # one table per shape
#     N=10000 RUNS=5 TRUNS=3 bash benches/compare-taskwarrior.sh
#     KEEP=1 ORGS=10 OPEN=0.2 bash benches/compare-taskwarrior.sh  # the data left for a closer look
#
# A shape is ORGS (the number of organizations) and OPEN (the share of open tasks); MARK is
# the share of tasks whose text carries the searched word. For each shape the script writes N
# tasks once, as Shtab's import JSON (the format of `shtab export`) and as taskwarrior's import
# JSON, imports both into a temporary folder (TASKDATA/TASKRC point there: a user's own tasks
# are never touched), checks that both sides answer the same (the counts, and the very rows
# of every list: it stops on a mismatch), then times each command as a whole process and
# prints the medians of the wall time, the mean user+sys CPU time and their ratios: Shtab
# RUNS runs, taskwarrior TRUNS runs (it is slow), each after one warm-up run. It builds the
# release binary and installs Debian's `taskwarrior` when it is missing (saying so on stderr).
# Timing is with hyperfine when it is installed, else a loop over `date +%s%N`. The load
# average is printed before and after each table: on a shared machine compare figures taken
# under the same load.
#
# Same meaning on both sides: an organization is a taskwarrior project; "open" is pending;
# a deadline D is due at the end of D (so both call a task overdue from the day after D);
# cancelled is deleted. taskwarrior's `list` shows pending tasks only, so the lists are of
# open tasks on both sides.
set -euo pipefail

N=${N:-100000}
RUNS=${RUNS:-5}
TRUNS=${TRUNS:-3}
SEED=${SEED:-1}
ORGS=${ORGS:-100}
OPEN=${OPEN:-0.5}
MARK=${MARK:-0.02}
SHAPES=${SHAPES:-"$ORGS:$OPEN"}
export TZ=UTC LC_ALL=C.UTF-8

root=$(cd "$(dirname "$0")/.." && pwd)
say() { echo "compare-taskwarrior: $*" >&2; }

if ! command -v task >/dev/null 2>&1; then
  say "taskwarrior is missing: installing Debian's package (apt-get install -y taskwarrior)"
  if [ "$(id -u)" = 0 ]; then
    (apt-get update -qq && apt-get install -y -qq taskwarrior) >/dev/null
  else
    (sudo apt-get update -qq && sudo apt-get install -y -qq taskwarrior) >/dev/null
  fi
fi

shtab=${SHTAB:-}
if [ -z "$shtab" ]; then
  # `torture add-task` exists only with the test-tools feature (never in the shipped binary).
  say "building the release binary (cargo build --release --features test-tools --bin shtab)"
  (cd "$root" && cargo build --release --locked --quiet --features test-tools --bin shtab)
  shtab="${CARGO_TARGET_DIR:-$root/target}/release/shtab"
fi

top=$(mktemp -d "${TMPDIR:-/tmp}/shtab-vs-task.XXXXXX")
# KEEP=1 keeps the folder (both sides' data) for a closer look, and says where.
trap 'if [ -n "${KEEP:-}" ]; then say "kept $top"; else rm -rf "$top"; fi' EXIT
today=$(date +%Y-%m-%d)
word="өрнөкпроект"

# Time one command: the seconds it took.
elapsed() {
  local t0 t1
  t0=$(date +%s%N)
  "$@" >/dev/null 2>&1
  t1=$(date +%s%N)
  awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.6f\n", (b - a) / 1e9 }'
}

median() { sort -g | awk '{ v[NR] = $1 } END { m = int((NR + 1) / 2); print (NR % 2 ? v[m] : (v[m] + v[m + 1]) / 2) }'; }

# "median-wall mean-user+sys" in milliseconds of `runs` runs of a command (user+sys "-"
# without hyperfine).
timed() {
  local runs=$1
  shift
  if command -v hyperfine >/dev/null 2>&1; then
    hyperfine -N --runs "$runs" --warmup 1 --style none --export-json "$work/h.json" -- "$(printf '%q ' "$@")" >/dev/null 2>&1
    awk '/"median"/ { gsub(/[",]/, "", $2); m = $2 }
         /"user"/ { gsub(/[",]/, "", $2); u = $2 }
         /"system"/ { gsub(/[",]/, "", $2); s = $2 }
         END { printf "%.1f %.1f\n", m * 1000, (u + s) * 1000 }' "$work/h.json"
  else
    "$@" >/dev/null 2>&1 || true # warm the page cache
    for _ in $(seq "$runs"); do elapsed "$@"; done | median | awk '{ printf "%.1f -\n", $1 * 1000 }'
  fi
}

# A table row: the operation, then each side's "wall user+sys" (ms); the ratios of the
# medians and of the CPU times (on a loaded machine the second says more).
row() {
  local what=$1 s=$2 t=$3
  awk -v w="$what" -v s="${s% *}" -v su="${s#* }" -v t="${t% *}" -v tu="${t#* }" '
    function ratio(a, b) { return (a > 0 && b > 0 ? sprintf("%.0fx", b / a) : "-") }
    BEGIN { printf "| %-34s | %8.1f | %8s | %10.1f | %10s | %6s | %6s |\n", w, s, su, t, tu, ratio(s, t), ratio(su, tu) }'
}

# One shape: ORGS organizations, OPEN share of open tasks.
shape() {
  local orgs=$1 open=$2
  work="$top/$orgs-$open"
  export TASKDATA="$work/taskdata" TASKRC="$work/taskrc"
  mkdir -p "$TASKDATA"
  cat >"$TASKRC" <<EOF
data.location=$TASKDATA
confirmation=off
verbose=nothing
gc=on
hooks=off
recurrence=off
search.case.sensitive=no
defaultwidth=200
detection=off
color=off
news.version=2.6.2
EOF
  local db="$work/shtab.db"

  say "writing $N tasks of $orgs organizations, $open open (seed $SEED, today $today)"
  # One line per task: id, organization, deadline, created, status, closed, text. awk's
  # generator with a fixed seed: both files come from the same lines. Of the closed tasks a
  # tenth is cancelled.
  awk -v n="$N" -v seed="$SEED" -v today="$today" -v orgs="$orgs" -v open="$open" \
      -v mark="$MARK" -v word="$word" '
  function day(offset) { return strftime("%Y-%m-%d", base + offset * 86400) }
  BEGIN {
    srand(seed)
    split(today, p, "-"); base = mktime(p[1] " " p[2] " " p[3] " 12 00 00")
    nw = split("интернет компьютер мектеп класс сайт тармак сервер портал жабдуу ноутбук " \
               "видеокамера принтер маалымат база программа окутуу семинар отчет план " \
               "санарип кызмат электрондук документ каттоо тизме жыйын мэрия бала бакча " \
               "оорукана поликлиника суу жылуулук жарык жол көчө аянт парк спорт китепкана " \
               "архив реестр карта тармагы wifi байланыш телефон колл-борбор чатбот ", w, " ")
    for (i = 1; i <= n; i++) {
      org = 1 + int(rand() * orgs)
      created = -int(rand() * 360) - 5
      deadline = created + 7 + int(rand() * 240)
      r = rand()
      if (r < open)                            { st = "open";      closed = "" }
      else if (r < open + (1 - open) * 0.9)    { st = "done";      closed = created + 1 + int(rand() * 100) }
      else                                     { st = "cancelled"; closed = created + 1 + int(rand() * 30) }
      if (closed != "" && closed > -1) closed = -1
      text = ""
      for (k = 0; k < 5 + int(rand() * 4); k++) text = text (k ? " " : "") w[1 + int(rand() * nw)]
      if (rand() < mark) text = text " " word
      printf "%d\t%d\t%s\t%s\t%s\t%s\t%s\n", i, org, day(deadline), day(created), st,
             (closed == "" ? "" : day(closed)), text
    }
  }' >"$work/tasks.tsv"

  # Shtab: an export with the organizations and the tasks (the derived columns come back on
  # import). Names are zero-padded ("Уюм 0017") so that one name never contains another.
  awk -F'\t' -v orgs="$orgs" '
  BEGIN {
    printf "{\"format\":\"shtab-export\",\"format_version\":1,\"schema_version\":1,"
    printf "\"exported_at\":\"2026-01-01T00:00:00\",\"tables\":{\"organization\":["
    split("school institution enterprise organization hoa condominium tos quarter_committee public_body house_management", kinds, " ")
    for (o = 1; o <= orgs; o++)
      printf "%s{\"id\":%d,\"name_ky\":\"Уюм %04d\",\"name_ru\":\"Организация %04d\",\"kind\":\"%s\"}",
             (o > 1 ? "," : ""), o, o, o, kinds[1 + o % 10]
    printf "],\"task\":["
  }
  {
    status = ($5 == "open" ? ($1 % 2 ? "assigned" : "in_progress") : \
              $5 == "cancelled" ? "cancelled" : ($6 <= $3 ? "done_on_time" : "done_late"))
    closed = ($6 == "" ? "null" : "\"" $6 "T17:00:00\"")
    printf "%s{\"id\":%d,\"text\":\"%s\",\"executor_id\":%d,\"deadline\":\"%s\",\"status\":\"%s\",\"created_at\":\"%sT09:00:00\",\"closed_at\":%s}",
           (NR > 1 ? "," : ""), $1, $7, $2, $3, status, $4, closed
  }
  END { printf "]}}\n" }' "$work/tasks.tsv" >"$work/shtab.json"

  # taskwarrior: one JSON object per line; the organization is the project (org0017). The
  # uuid carries the task's number, so the two sides' rows can be matched.
  awk -F'\t' '
  function ts(d) { gsub("-", "", d); return d }
  {
    uuid = sprintf("%08x-0000-4000-8000-%012x", $1, $1)
    status = ($5 == "open" ? "pending" : $5 == "cancelled" ? "deleted" : "completed")
    end = ($6 == "" ? "" : ",\"end\":\"" ts($6) "T170000Z\"")
    printf "{\"uuid\":\"%s\",\"description\":\"%s\",\"project\":\"org%04d\",\"status\":\"%s\",\"entry\":\"%sT090000Z\",\"due\":\"%sT235959Z\"%s}\n",
           uuid, $7, $2, status, ts($4), ts($3), end
  }' "$work/tasks.tsv" >"$work/task.json"

  say "importing into Shtab"
  local import_s import_t
  import_s=$(elapsed "$shtab" --db "$db" import "$work/shtab.json")
  say "importing into taskwarrior (task import)"
  import_t=$(elapsed task import "$work/task.json")
  task rc.gc=on count >/dev/null 2>&1 || true # let taskwarrior file its completed tasks once

  # Organization 17, or one in the middle when there are fewer.
  local org=$((orgs >= 17 ? 17 : (orgs + 1) / 2)) orgname oproj
  orgname=$(printf 'Уюм %04d' "$org")
  oproj=$(printf 'org%04d' "$org")

  # The answers, so the two can be seen to agree; a mismatch stops the script.
  local bad=0
  ans() { "$@" 2>/dev/null | tr -d '[:space:]'; }
  same() {
    local what=$1 s=$2 t=$3
    printf '  %-34s %8s / %s\n' "$what" "$s" "$t"
    if [ "$s" != "$t" ]; then
      say "MISMATCH in $what: Shtab $s, taskwarrior $t"
      bad=1
    fi
  }
  # A list's rows on each side, as sorted task numbers: Shtab's JSON ids, taskwarrior's uuids.
  ids_s() { "$shtab" --db "$db" tasks --format json "$@" | { grep -o '"id": *[0-9]*' || true; } | tr -dc '0-9\n' | sort -n; }
  ids_t() { task "$@" status:pending export | { grep -o '"uuid":"[0-9a-f]\{8\}' || true; } | cut -d'"' -f4 | sed 's/^/0x/' | xargs -r printf '%d\n' | sort -n; }
  rows() {
    local what=$1
    shift
    local sargs=() targs=()
    while [ "$1" != "--" ]; do sargs+=("$1"); shift; done
    shift
    targs=("$@")
    ids_s "${sargs[@]}" >"$work/ids.s"
    ids_t "${targs[@]}" >"$work/ids.t"
    local ns nt
    ns=$(wc -l <"$work/ids.s")
    nt=$(wc -l <"$work/ids.t")
    if cmp -s "$work/ids.s" "$work/ids.t"; then
      same "$what (rows)" "$ns" "$nt"
    else
      same "$what (rows)" "$ns" "$nt different rows"
    fi
  }
  printf '\n%s tasks, %s organizations, %s open; answers (Shtab / taskwarrior):\n' "$N" "$orgs" "$open"
  same "count open" "$(ans "$shtab" --db "$db" tasks --count status:open)" "$(ans task status:pending count)"
  same "count overdue" "$(ans "$shtab" --db "$db" tasks --count --overdue)" "$(ans task +OVERDUE count)"
  same "text search, count" "$(ans "$shtab" --db "$db" tasks --count "$word")" "$(ans task "/$word/" count)"
  rows "one organization's overdue" --overdue --org "$orgname" -- "project:$oproj" +OVERDUE
  rows "text search, open" status:open "$word" -- "/$word/"
  rows "all open tasks" status:open --
  if [ "$bad" != 0 ]; then
    say "the two sides do not agree (see above): no timing"
    exit 1
  fi

  echo
  echo "load before: $(cut -d' ' -f1-3 /proc/loadavg); Shtab $RUNS runs, taskwarrior $TRUNS, each after a warm-up run"
  printf '| %-34s | %8s | %8s | %10s | %10s | %6s | %6s |\n' "ms: median wall, mean user+sys" "Shtab" "user+sys" "taskwarr." "user+sys" "wall" "cpu"
  echo "|------------------------------------|---------:|---------:|-----------:|-----------:|-------:|-------:|"
  row "import $N tasks (once)" "$(awk -v x="$import_s" 'BEGIN{print x*1000 " -"}')" \
    "$(awk -v x="$import_t" 'BEGIN{print x*1000 " -"}')"
  row "count open" "$(timed "$RUNS" "$shtab" --db "$db" tasks --count status:open)" \
    "$(timed "$TRUNS" task status:pending count)"
  row "count overdue" "$(timed "$RUNS" "$shtab" --db "$db" tasks --count --overdue)" \
    "$(timed "$TRUNS" task +OVERDUE count)"
  row "text search, count" "$(timed "$RUNS" "$shtab" --db "$db" tasks --count "$word")" \
    "$(timed "$TRUNS" task "/$word/" count)"
  row "list one organization's overdue" "$(timed "$RUNS" "$shtab" --db "$db" tasks --overdue --org "$orgname")" \
    "$(timed "$TRUNS" task "project:$oproj" +OVERDUE list)"
  row "text search, list (open)" "$(timed "$RUNS" "$shtab" --db "$db" tasks status:open "$word")" \
    "$(timed "$TRUNS" task "/$word/" list)"
  row "list all open tasks" "$(timed "$RUNS" "$shtab" --db "$db" tasks status:open)" \
    "$(timed "$TRUNS" task list)"
  row "add a task" \
    "$(timed "$RUNS" "$shtab" --db "$db" torture add-task --executor "$org" --deadline 2027-01-15 "Жаңы тапшырма: сайтты жаңыртуу")" \
    "$(timed "$TRUNS" task add "Жаңы тапшырма: сайтты жаңыртуу" "project:$oproj" due:2027-01-15)"
  echo "load after: $(cut -d' ' -f1-3 /proc/loadavg)"
}

for s in $SHAPES; do
  shape "${s%%:*}" "${s#*:}"
done
echo
echo "Shtab: $("$shtab" --version); $(task --version | head -1 | sed 's/^/taskwarrior /'); $(nproc) cores; $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ //')"
