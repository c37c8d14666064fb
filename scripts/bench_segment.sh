#!/usr/bin/env bash
# Whole-process segmentation speed: `bitext segment` against the peer
# (examples/segment_peer.rs: unicode_segmentation's UAX #29 sentence bounds,
# printed the same way), on ~20 MB of running text per language (the
# TransRead novels of ../shared/bench/align/transread-fr-en, French sources
# and English translations, repeated), timed back to back in one run.
#
#   scripts/bench_segment.sh [ROUNDS]      (default 3; the best round counts)
#
# Prints CPU seconds (user + system) and wall seconds of each, and the
# ratio peer / bitext (above 1: bitext is faster). Run from the repository.
set -euo pipefail
rounds=${1:-3}
shared=${BITEXT_SHARED:-$(cd "$(dirname "$0")/../.." && pwd)/shared}
[ -d "$shared/bench/align" ] || shared=/work/shared
books="$shared/bench/align/transread-fr-en"
cargo build --release --quiet --bin bitext --example segment_peer
bitext=target/release/bitext
peer=target/release/examples/segment_peer
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
for side in fr:source en:target; do
  lang=${side%%:*}
  file=${side#*:}
  cat "$books"/*/"$file".txt > "$tmp/once.$lang"
  : > "$tmp/$lang.txt"
  while [ "$(stat -c %s "$tmp/$lang.txt")" -lt 20000000 ]; do
    cat "$tmp/once.$lang" >> "$tmp/$lang.txt"
  done
done
best() { # best (lowest CPU) of $rounds runs: "cpu wall"
  local b=""
  for _ in $(seq "$rounds"); do
    /usr/bin/time -f "%U %S %e" -o "$tmp/t" "$@" > /dev/null
    read -r u s e < "$tmp/t"
    local cpu
    cpu=$(echo "$u + $s" | bc)
    if [ -z "$b" ] || [ "$(echo "$cpu < ${b%% *}" | bc)" = 1 ]; then b="$cpu $e"; fi
  done
  echo "$b"
}
printf '%-4s %10s %14s %14s %8s\n' lang MB "bitext cpu/wall" "peer cpu/wall" "peer/bitext"
for lang in fr en; do
  mb=$(echo "scale=1; $(stat -c %s "$tmp/$lang.txt") / 1000000" | bc)
  read -r bc bw <<< "$(best "$bitext" segment --lang "$lang" "$tmp/$lang.txt")"
  read -r pc pw <<< "$(best "$peer" "$tmp/$lang.txt")"
  printf '%-4s %10s %14s %14s %7.2fx\n' "$lang" "$mb" "$bc/$bw" "$pc/$pw" "$(echo "$pc / $bc" | bc -l)"
done
