#!/usr/bin/env bash
# Shows that the speed-ups change no result: builds git revision REV
# (default: main) into a temporary worktree, and compares its output with
# the current checkout's, byte for byte, for every format, on the corpus
# (corpus/), the Bible pair (with the generated 10, 1,000 and 10,000-term glossaries)
# and the shared benchmarks.
#
#   scripts/same_output.sh [REV]
#   BITEXT_BEFORE_BIN=/path/to/bitext scripts/same_output.sh REV
#       (a binary already built from REV: nothing is rebuilt for "before";
#       BITEXT_AFTER_BIN likewise for the working tree's)
#
# Exit status 0 when everything is identical; every difference is listed.
set -uo pipefail
rev=${1:-main}
repo=$(git rev-parse --show-toplevel)
cd "$repo"
shared=${BITEXT_SHARED:-$repo/../shared}
[ -d "$shared/bench/align" ] || shared=/work/shared
tmp=$(mktemp -d)
cleanup() { git worktree remove --force "$tmp/before" 2>/dev/null; rm -rf "$tmp"; }
trap cleanup EXIT
before=${BITEXT_BEFORE_BIN:-}
if [ -z "$before" ]; then
  git worktree add --detach --quiet "$tmp/before" "$rev" || exit 2
  # Only the release build is reused (the debug one is many gigabytes).
  [ -d target/release ] && mkdir -p "$tmp/before/target" && cp -a target/release "$tmp/before/target/" 2>/dev/null
  (cd "$tmp/before" && cargo build --release --quiet --bin bitext) || exit 2
  before="$tmp/before/target/release/bitext"
fi
after=${BITEXT_AFTER_BIN:-}
if [ -z "$after" ]; then
  cargo build --release --quiet --bin bitext || exit 2
  after="$repo/target/release/bitext"
fi
for n in 10 1000 10000; do python3 scripts/gen_glossary.py "$n" > "$tmp/g$n.toml"; done
bible="$shared/bench/align/bible-fr-en-stress"
pairs=("corpus/mistral.fr.txt corpus/mistral.en.draft.txt" "corpus/mistral.fr.txt corpus/mistral.en.txt")
for d in "$shared"/bench/align/transread-fr-en/*/ "$shared"/bench/align/textberg-fr-de/*/; do
  [ -f "$d/source.txt" ] && pairs+=("$d/source.txt $d/target.txt")
done
runs=0 diffs=0
compare() { # label, args...
  local label=$1; shift
  runs=$((runs + 1))
  (cd "$repo" && "$before" "$@" > "$tmp/b" 2> "$tmp/be"; echo $? >> "$tmp/b")
  (cd "$repo" && "$after" "$@" > "$tmp/a" 2> "$tmp/ae"; echo $? >> "$tmp/a")
  if ! cmp -s "$tmp/a" "$tmp/b" || ! cmp -s "$tmp/ae" "$tmp/be"; then
    diffs=$((diffs + 1)); echo "DIFFERENT: $label: $*"
  fi
}
langs() { case "$1" in *textberg*) echo "--target-lang de";; esac; }
for p in "${pairs[@]}"; do
  set -- $p
  l=$(langs "$1")
  for f in human json sarif github junit gitlab; do compare check $l check "$1" "$2" --format "$f" --fail-on never; done
  for f in text tsv json tmx; do compare align $l align "$1" "$2" --format "$f"; done
  compare review $l review "$1" "$2"
  for f in text json; do compare segment segment --format "$f" "$1"; compare segment segment --format "$f" "$2"; done
done
compare diff diff corpus/mistral.fr.txt corpus/mistral.en.draft.txt corpus/mistral.en.txt
compare diff-json diff corpus/mistral.fr.txt corpus/mistral.en.draft.txt corpus/mistral.en.txt --format json
for g in none 10 1000 10000; do
  ga=(--glossary /dev/null); [ "$g" != none ] && ga=(--glossary "$tmp/g$g.toml")
  for f in json sarif github human; do
    compare "bible $g" check --lines "${ga[@]}" "$bible/source.txt" "$bible/target.txt" --format "$f" --fail-on never
  done
  [ "$g" = 1000 ] || [ "$g" = 10000 ] || for f in json tmx; do compare "bible $g" align --lines "${ga[@]}" "$bible/source.txt" "$bible/target.txt" --format "$f"; done
done
for f in text json; do compare "bible segment" segment --format "$f" "$bible/source.txt"; done
echo "$runs runs, $diffs different (before: $rev $(git rev-parse --short "$rev"), after: working tree)"
[ "$diffs" = 0 ]
