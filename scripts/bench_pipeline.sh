#!/usr/bin/env bash
# What users run, end to end: `bitext check --lines` on the Bible pair
# (31,102 verses a side) from files to output, in every check format, with
# the realistic glossaries of scripts/gen_glossary.py (10, 1,000 and 10,000
# terms) against the run without a glossary, in the same run; and a
# one-sentence pair with the 10,000-term glossary.
#
#   scripts/bench_pipeline.sh [BINARY]     (default target/release/bitext)
#
# Prints wall and CPU (user + system) seconds (the least of BENCH_RUNS runs,
# default 3), peak RSS (the highest), and each run's wall and CPU against
# the no-glossary run of the same format. The machine is shared: compare
# ratios within one run, not absolute times across runs.
set -euo pipefail
shared=${BITEXT_SHARED:-$(cd "$(dirname "$0")/../.." && pwd)/shared}
[ -d "$shared/bench/align" ] || shared=/work/shared
bible="$shared/bench/align/bible-fr-en-stress"
bin=${1:-target/release/bitext}
[ -n "${1:-}" ] || cargo build --release --quiet --bin bitext
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
for n in 10 1000 10000; do python3 "$(dirname "$0")/gen_glossary.py" "$n" > "$tmp/g$n.toml"; done
printf 'Le tour de table est bouclé.\n' > "$tmp/one.fr"
printf 'The funding round is closed.\n' > "$tmp/one.en"
runs=${BENCH_RUNS:-3}
run() { # prints "wall cpu peak_mb": the least wall and CPU and the highest peak of $runs runs
  local best_e="" best_c="" peak=0 e u s m c
  for _ in $(seq "$runs"); do
    /usr/bin/time -f "%e %U %S %M" -o "$tmp/t" "$@" > /dev/null
    read -r e u s m < "$tmp/t"
    c=$(echo "$u + $s" | bc)
    if [ -z "$best_e" ] || [ "$(echo "$e < $best_e" | bc)" = 1 ]; then best_e=$e; fi
    if [ -z "$best_c" ] || [ "$(echo "$c < $best_c" | bc)" = 1 ]; then best_c=$c; fi
    [ "$m" -gt "$peak" ] && peak=$m
  done
  echo "$best_e $best_c $((peak / 1024))"
}
printf '%-8s %-7s %8s %8s %8s %10s %9s\n' format terms wall_s cpu_s peak_MB wall_vs_none cpu_vs_none
for f in json sarif github human junit gitlab; do
  base=""; base_wall=""
  for g in none 10 1000 10000; do
    ga=(--glossary /dev/null); [ "$g" != none ] && ga=(--glossary "$tmp/g$g.toml")
    read -r e c m <<< "$(run "$bin" check --lines "${ga[@]}" "$bible/source.txt" "$bible/target.txt" --format "$f" --fail-on never)"
    [ -n "$base" ] || base=$c
    [ -n "$base_wall" ] || base_wall=$e
    printf '%-8s %-7s %8s %8s %8s %9.1fx %8.1fx\n' "$f" "$g" "$e" "$c" "$m" "$(echo "$e / $base_wall" | bc -l)" "$(echo "$c / $base" | bc -l)"
  done
done
read -r e c m <<< "$(run "$bin" check --glossary "$tmp/g10000.toml" "$tmp/one.fr" "$tmp/one.en" --format json --fail-on never)"
printf 'one-sentence pair, 10,000 terms: %s s wall, %s s CPU, %s MB\n' "$e" "$c" "$m"
