#!/usr/bin/env bash
# Times cmqreport against bare pandoc on the example, in one run, on the same machine.
#   benchmarks/run.sh            (after `make report`; uses .venv)
# Prints wall times (best of N) for: validate, build --to md, bare pandoc md→docx of the
# built Markdown, build --to docx, and the import time of the CLI.
set -euo pipefail
cd "$(dirname "$0")/.."
BIN=.venv/bin
N=${N:-5}
OUT=$(mktemp -d)
trap 'rm -rf "$OUT"' EXIT
best() {  # best wall time in seconds of N runs of "$@"
  local best=999
  for _ in $(seq "$N"); do
    local t0 t1
    t0=$(date +%s.%N); "$@" >/dev/null 2>&1; t1=$(date +%s.%N)
    best=$(echo "$t1 - $t0" | bc -l | awk -v b="$best" '{print ($1 < b) ? $1 : b}')
  done
  printf '%-42s %6.3f s\n' "$*" "$best" | sed -e "s|$OUT|OUT|g" -e "s|$PANDOC|pandoc|"
}
$BIN/cmqreport build 2021 --project examples/bfc --to md --out "$OUT" >/dev/null
PANDOC=$($BIN/python -c 'import pypandoc; print(pypandoc.get_pandoc_path())')
echo "cmqreport $($BIN/cmqreport --version | cut -d' ' -f2), $($PANDOC --version | head -1)"
best $BIN/cmqreport --help
best $BIN/cmqreport validate --project examples/bfc
best $BIN/cmqreport build 2021 --project examples/bfc --to md --out "$OUT"
best "$PANDOC" "$OUT/rapport-2021.md" --resource-path="$OUT" -o "$OUT/bare.docx"
best $BIN/cmqreport build 2021 --project examples/bfc --to docx --out "$OUT"
