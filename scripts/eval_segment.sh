#!/usr/bin/env bash
# Scores `bitext segment` on the shared segmentation sets (read-only, in
# ../shared/bench/segment relative to the repository root).
# Usage: scripts/eval_segment.sh [-v]   (run from the repository root)
set -euo pipefail
cd "$(dirname "$0")/.."
SETS="${SEGMENT_SETS:-../shared/bench/segment}"
[ -d "$SETS" ] || SETS=/work/shared/bench/segment
BIN=target/release/bitext
[ -x "$BIN" ] || cargo build --release --quiet
for set in golden_en pragmatic_en_extended golden_fr fr_languagetool fr_targeted fr_ud_gsd_test fr_ud_sequoia_test; do
  lang=fr
  case "$set" in *_en*) lang=en ;; esac
  python3 "$SETS/score.py" "$@" --cmd "$BIN segment --lang $lang {file}" "$SETS/$set.json" | grep -E '^(==|FAIL|    )' || true
done
