#!/usr/bin/env bash
# Shtab beside taskwarrior on the same synthetic tasks, in one run:
#
#     bash benches/compare-taskwarrior.sh            # 100,000 tasks, 7 runs of each
#     N=10000 RUNS=5 bash benches/compare-taskwarrior.sh
#
# Writes N tasks of 100 organizations once, as Shtab's import JSON (the format of
# `shtab export`) and as taskwarrior's import JSON, imports both into a temporary folder
# (TASKDATA/TASKRC point there: a user's own tasks are never touched), then times each
# command with both and prints the medians and their ratio. It builds the release binary
# and installs Debian's `taskwarrior` when it is missing (saying so on stderr). Timing is
# with hyperfine when it is installed, else a loop over `date +%s%N`.
#
# Same meaning on both sides: an organization is a taskwarrior project; "open" is pending;
# a deadline D is due at the end of D (so both call a task overdue from the day after D);
# cancelled is deleted. Each side's answers are printed too, so a mismatch shows.
set -euo pipefail

N=${N:-100000}
RUNS=${RUNS:-7}
SEED=${SEED:-1}
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

work=$(mktemp -d "${TMPDIR:-/tmp}/shtab-vs-task.XXXXXX")
trap 'rm -rf "$work"' EXIT
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
db="$work/shtab.db"

today=$(date +%Y-%m-%d)
say "writing $N tasks (seed $SEED, today $today)"
# One line per task: id, organization, deadline, created, status, closed, text. awk's
# generator with a fixed seed: both files come from the same lines.
awk -v n="$N" -v seed="$SEED" -v today="$today" '
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
    org = 1 + int(rand() * 100)
    created = -int(rand() * 360) - 5
    deadline = created + 7 + int(rand() * 240)
    r = rand()
    if (r < 0.45)      { st = "done";      closed = created + 1 + int(rand() * 100) }
    else if (r < 0.50) { st = "cancelled"; closed = created + 1 + int(rand() * 30) }
    else               { st = "open";      closed = "" }
    if (closed != "" && closed > -1) closed = -1
    text = ""
    for (k = 0; k < 5 + int(rand() * 4); k++) text = text (k ? " " : "") w[1 + int(rand() * nw)]
    if (rand() < 0.02) text = text " өрнөкпроект"
    printf "%d\t%d\t%s\t%s\t%s\t%s\t%s\n", i, org, day(deadline), day(created), st,
           (closed == "" ? "" : day(closed)), text
  }
}' >"$work/tasks.tsv"

# Shtab: an export with the organizations and the tasks (the derived columns come back on
# import).
awk -F'\t' '
BEGIN {
  printf "{\"format\":\"shtab-export\",\"format_version\":1,\"schema_version\":1,"
  printf "\"exported_at\":\"2026-01-01T00:00:00\",\"tables\":{\"organization\":["
  split("school institution enterprise organization hoa condominium tos quarter_committee public_body house_management", kinds, " ")
  for (o = 1; o <= 100; o++)
    printf "%s{\"id\":%d,\"name_ky\":\"Уюм %d\",\"name_ru\":\"Организация %d\",\"kind\":\"%s\"}",
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

# taskwarrior: one JSON object per line; the organization is the project.
awk -F'\t' '
function ts(d) { gsub("-", "", d); return d }
{
  uuid = sprintf("%08x-0000-4000-8000-%012x", $1, $1)
  status = ($5 == "open" ? "pending" : $5 == "cancelled" ? "deleted" : "completed")
  end = ($6 == "" ? "" : ",\"end\":\"" ts($6) "T170000Z\"")
  printf "{\"uuid\":\"%s\",\"description\":\"%s\",\"project\":\"org%d\",\"status\":\"%s\",\"entry\":\"%sT090000Z\",\"due\":\"%sT235959Z\"%s}\n",
         uuid, $7, $2, status, ts($4), ts($3), end
}' "$work/tasks.tsv" >"$work/task.json"

# Time one command: the seconds it took.
elapsed() {
  local t0 t1
  t0=$(date +%s%N)
  "$@" >/dev/null 2>&1
  t1=$(date +%s%N)
  awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.6f\n", (b - a) / 1e9 }'
}

median() { sort -g | awk '{ v[NR] = $1 } END { m = int((NR + 1) / 2); print (NR % 2 ? v[m] : (v[m] + v[m + 1]) / 2) }'; }

# The median of RUNS runs of a command, in milliseconds.
timed() {
  if command -v hyperfine >/dev/null 2>&1; then
    hyperfine --runs "$RUNS" --warmup 1 --style none --export-json "$work/h.json" -- "$(printf '%q ' "$@")" >/dev/null 2>&1
    awk '/"median"/ { gsub(/[",]/, "", $2); printf "%.1f\n", $2 * 1000; exit }' "$work/h.json"
  else
    "$@" >/dev/null 2>&1 || true # warm the page cache
    for _ in $(seq "$RUNS"); do elapsed "$@"; done | median | awk '{ printf "%.1f\n", $1 * 1000 }'
  fi
}

say "importing into Shtab"
import_s=$(elapsed "$shtab" --db "$db" import "$work/shtab.json")
say "importing into taskwarrior (task import)"
import_t=$(elapsed task import "$work/task.json")
task rc.gc=on count >/dev/null 2>&1 || true # let taskwarrior file its completed tasks once

org=17
word="өрнөкпроект"

# The answers, so the two can be seen to agree.
ans() { "$@" 2>/dev/null | tr -d '[:space:]'; }
printf '\n%s tasks; answers (Shtab / taskwarrior):\n' "$N"
printf '  pending  %s / %s\n' "$(ans "$shtab" --db "$db" tasks --count status:open)" "$(ans task status:pending count)"
printf '  overdue  %s / %s\n' "$(ans "$shtab" --db "$db" tasks --count --overdue)" "$(ans task +OVERDUE count)"
printf '  org %s overdue  %s / %s\n' "$org" \
  "$(ans "$shtab" --db "$db" tasks --count --overdue --org "Уюм $org")" "$(ans task project:org$org +OVERDUE count)"
printf '  search %s  %s / %s\n\n' "$word" "$(ans "$shtab" --db "$db" tasks --count "$word")" "$(ans task "/$word/" count)"

row() {
  local what=$1 s=$2 t=$3
  awk -v w="$what" -v s="$s" -v t="$t" \
    'BEGIN { printf "| %-36s | %10.1f | %12.1f | %7s |\n", w, s, t, (s > 0 ? sprintf("%.1fx", t / s) : "-") }'
}

printf '| %-36s | %10s | %12s | %7s |\n' "median of $RUNS runs, ms" "Shtab" "taskwarrior" "ratio"
echo "|--------------------------------------|-----------:|-------------:|--------:|"
row "import $N tasks (once)" "$(awk -v x="$import_s" 'BEGIN{print x*1000}')" \
  "$(awk -v x="$import_t" 'BEGIN{print x*1000}')"
row "count pending" "$(timed "$shtab" --db "$db" tasks --count status:open)" "$(timed task status:pending count)"
row "count overdue" "$(timed "$shtab" --db "$db" tasks --count --overdue)" "$(timed task +OVERDUE count)"
row "list one organization's overdue" "$(timed "$shtab" --db "$db" tasks --overdue --org "Уюм $org")" \
  "$(timed task project:org$org +OVERDUE list)"
row "text search (list)" "$(timed "$shtab" --db "$db" tasks "$word")" "$(timed task "/$word/" list)"
row "add a task" \
  "$(timed "$shtab" --db "$db" torture add-task --executor "$org" --deadline 2027-01-15 "Жаңы тапшырма: сайтты жаңыртуу")" \
  "$(timed task add "Жаңы тапшырма: сайтты жаңыртуу" project:org$org due:2027-01-15)"
echo
echo "Shtab: $("$shtab" --version); $(task --version | head -1 | sed 's/^/taskwarrior /'); $(nproc) cores; $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ //')"
