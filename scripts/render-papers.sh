#!/usr/bin/env bash
# Write every paper of the demo in Kyrgyz and Russian, then render them through LibreOffice
# to PDF and PNG, so they can be read page by page as the secretary reads them before
# signing. Not part of CI.
#
#   scripts/render-papers.sh [OUT_DIR]        (default: target/papers)
#
# Needs soffice (libreoffice-writer-nogui, libreoffice-calc-nogui) and pdftoppm
# (poppler-utils), and jq.
set -euo pipefail
cd "$(dirname "$0")/.."
OUT=${1:-target/papers}
for tool in soffice pdftoppm jq; do
    command -v "$tool" >/dev/null || { echo "render-papers: $tool is missing" >&2; exit 1; }
done
cargo build --locked --quiet
BIN=$PWD/target/debug/shtab
rm -rf "$OUT"
mkdir -p "$OUT/papers" "$OUT/pdf" "$OUT/png"
DB=$OUT/demo.db
"$BIN" demo --db "$DB" >/dev/null
P=$OUT/papers

sessions=$("$BIN" sessions --db "$DB" --format json)
# The next session (its agenda) and the last session whose protocol is signed.
next=$(jq -r '[.[] | select(.status == "agenda_approved" or .status == "planned")][0].label' <<<"$sessions")
held=$(jq -r '[.[] | select(.status == "protocol_signed")][-1].label' <<<"$sessions")
# The organization with the most overdue tasks.
org=$("$BIN" compliance --db "$DB" --format json | jq -r 'sort_by(-.overdue_now)[0].organization_id')
month=$(date -d "$(date +%Y-%m-01) -1 month" +%Y-%m)

for lang in ky ru; do
    "$BIN" agenda export --db "$DB" --session "$next" --lang "$lang" --out "$P/agenda-$lang.docx" >/dev/null
    for form in full short; do
        "$BIN" protocol export --db "$DB" --session "$held" --lang "$lang" --form "$form" \
            --out "$P/protocol-$lang-$form.docx" >/dev/null
    done
    "$BIN" protocol extracts --db "$DB" --session "$held" --lang "$lang" --out "$P/extracts-$lang" >/dev/null
    for kind in reminder warning summons cover; do
        "$BIN" letter --db "$DB" --org "$org" --kind "$kind" --lang "$lang" --out "$P" >/dev/null
    done
    "$BIN" report monthly "$month" --db "$DB" --format docx --lang "$lang" --out "$P/report-$lang.docx" >/dev/null
    "$BIN" report monthly "$month" --db "$DB" --format xlsx --lang "$lang" --out "$P/report-tables-$lang.xlsx" >/dev/null
    "$BIN" tasks --db "$DB" --format xlsx --lang "$lang" --out "$P/tasks-$lang.xlsx" >/dev/null
    "$BIN" tasks --db "$DB" --overdue --format csv --lang "$lang" --out "$P/tasks-overdue-$lang.csv"
    "$BIN" compliance --db "$DB" --format xlsx --lang "$lang" --out "$P/compliance-$lang.xlsx"
done
# The national view: this city and a copy of it as another city (drafts allowed here).
"$BIN" report monthly "$month" --db "$DB" --format json --out "$OUT/tokmok.json" >/dev/null
jq '.city = "Кант"' "$OUT/tokmok.json" >"$OUT/kant.json"
for lang in ky ru; do
    "$BIN" report consolidate "$OUT/tokmok.json" "$OUT/kant.json" --allow-drafts --lang "$lang" \
        --out "$P/national-$lang.xlsx" >/dev/null
done

# Render: every .docx and .xlsx to PDF, every PDF page to PNG.
find "$P" \( -name '*.docx' -o -name '*.xlsx' \) -print0 |
    xargs -0 soffice --headless --convert-to pdf --outdir "$OUT/pdf" >/dev/null 2>&1
for pdf in "$OUT"/pdf/*.pdf; do
    pdftoppm -png -r 70 "$pdf" "$OUT/png/$(basename "$pdf" .pdf)"
done
echo "$(find "$P" -type f | wc -l) papers, $(ls "$OUT"/pdf | wc -l) PDFs, $(ls "$OUT"/png | wc -l) pages in $OUT"
