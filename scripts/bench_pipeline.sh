#!/usr/bin/env bash
# What users run, end to end: `bitext check --lines` on the Bible pair
# (31,102 verses a side) from files to output, in every check format, with
# the realistic glossaries of scripts/gen_glossary.py (10, 1,000 and 10,000
# terms) against the run without a glossary, in the same run; and a
# one-sentence pair with the 10,000-term glossary.
#
#   scripts/bench_pipeline.sh [BINARY]     (default target/release/bitext)
#
# Prints wall and CPU (user + system) seconds, peak RSS, and each run's CPU
# against the no-glossary run of the same format. The machine is shared:
# compare ratios within one run, not absolute times across runs.
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
run() { # prints "wall cpu peak_mb"
  /usr/bin/time -f "%e %U %S %M" -o "$tmp/t" "$@" > /dev/null
  read -r e u s m < "$tmp/t"
  echo "$e $(echo "$u + $s" | bc) $((m / 1024))"
}
printf '%-8s %-7s %8s %8s %8s %9s\n' format terms wall_s cpu_s peak_MB cpu_vs_none
for f in json sarif github human; do
  base=""
  for g in none 10 1000 10000; do
    ga=(--glossary /dev/null); [ "$g" != none ] && ga=(--glossary "$tmp/g$g.toml")
    read -r e c m <<< "$(run "$bin" check --lines "${ga[@]}" "$bible/source.txt" "$bible/target.txt" --format "$f" --fail-on never)"
    [ -n "$base" ] || base=$c
    printf '%-8s %-7s %8s %8s %8s %8.1fx\n' "$f" "$g" "$e" "$c" "$m" "$(echo "$c / $base" | bc -l)"
  done
done
read -r e c m <<< "$(run "$bin" check --glossary "$tmp/g10000.toml" "$tmp/one.fr" "$tmp/one.en" --format json --fail-on never)"
printf 'one-sentence pair, 10,000 terms: %s s wall, %s s CPU, %s MB\n' "$e" "$c" "$m"
