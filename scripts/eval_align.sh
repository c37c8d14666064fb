#!/usr/bin/env bash
# Aligns every document of the sentence-alignment benchmarks with the release
# binary and scores them with the benchmark's own scorer (vecalign mode).
#
# usage: scripts/eval_align.sh [DATASET...] [-- EXTRA_BITEXT_ARGS...]
#   DATASET: transread | textberg-dev | textberg-test | bible  (default: all but bible)
#   env BENCH (default ../shared/bench/align), OUT (default target/eval_align),
#       PER_DOC=1 to print one line per document, BIN (default target/release/bitext)
# Example: scripts/eval_align.sh transread -- --dictionary /usr/share/dictd/fra-eng.index
set -euo pipefail
cd "$(dirname "$0")/.."
BENCH=${BENCH:-../shared/bench/align}
OUT=${OUT:-target/eval_align}
BIN=${BIN:-target/release/bitext}
datasets=()
while [[ $# -gt 0 && $1 != -- ]]; do datasets+=("$1"); shift; done
[[ ${1:-} == -- ]] && shift
extra=("$@")
[[ ${#datasets[@]} -eq 0 ]] && datasets=(transread textberg-dev textberg-test)
[[ -x $BIN ]] || cargo build --release --quiet

run() { # dataset-dir doc-glob target-lang
  local dir=$1 glob=$2 tl=$3
  for d in "$BENCH/$dir"/$glob/; do
    local name; name=$(basename "$d")
    mkdir -p "$OUT/$dir/$name"
    "$BIN" --lines --source-lang fr --target-lang "$tl" --glossary /dev/null "${extra[@]}" \
      align --format json "$d/source.txt" "$d/target.txt" > "$OUT/$dir/$name/pred.json"
  done
}
score() { # dataset-dir include gold-name
  local args=(--dataset "$BENCH/$1" --pred-dir "$OUT/$1" --pred-name pred.json --include "$2" --gold-name "$3")
  [[ -n ${PER_DOC:-} ]] && args+=(--per-doc)
  python3 "$BENCH/score.py" "${args[@]}"
}
for ds in "${datasets[@]}"; do
  case $ds in
    transread) run transread-fr-en '*' en; echo "== transread-fr-en (11 books, micro)"; score transread-fr-en '.' gold.json ;;
    textberg-dev) run textberg-fr-de dev de; echo "== textberg dev"; score textberg-fr-de '^dev' gold.json ;;
    textberg-test) run textberg-fr-de 'test*' de; echo "== textberg test0-6 (gold_published)"; score textberg-fr-de '^test' gold_published.json ;;
    bible) run bible-fr-en-stress . en; echo "== bible"; score bible-fr-en-stress '.' gold.json ;;
    *) echo "unknown dataset $ds" >&2; exit 2 ;;
  esac
done
