#!/bin/sh
# Compares whole-piece and windowed harmonization of long chorales by model log-likelihood.
#
# For every test-split chorale of at least MIN_STEPS steps, harmonizes its soprano twice with
# the same seed: --whole, then --windowed with 128-step windows and hop 64. It prints the mean
# log-likelihood per regenerated cell of each result under one whole-piece model pass, as
# `sunmask harmonize` reports it. Higher is better.
#
# Usage: Scripts/long_pieces.sh MODEL [STEPS] [MIN_STEPS] [SEED]
#   MODEL      checkpoint to sample with
#   STEPS      sampling steps per sampler call (default 32, the preview preset's)
#   MIN_STEPS  shortest chorale included (default 256, two training windows)
#   SEED       sampler seed (default 0)
# Needs the JSB data file (SUNMASK_JSB_PATH, or ../shared/data from the repository root) and a
# built `sunmask` (`swift build --product sunmask`).
set -eu
model=${1:?usage: Scripts/long_pieces.sh MODEL [STEPS] [MIN_STEPS] [SEED]}
steps=${2:-32}
min_steps=${3:-256}
seed=${4:-0}
data=${SUNMASK_JSB_PATH:-../shared/data/Jsb16thSeparated.json}
binary=${SUNMASK_BINARY:-.build/debug/sunmask}
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT

indices=$(python3 -c "
import json, sys
test = json.load(open(sys.argv[1]))['test']
print(' '.join(str(i) for i, c in enumerate(test) if len(c) >= int(sys.argv[2])))
" "$data" "$min_steps")

echo "chorale  steps  whole  windowed  (mean log-likelihood per regenerated cell, N = $steps per call, seed $seed)"
for index in $indices; do
    line=""
    for strategy in --whole --windowed; do
        result=$(SUNMASK_JSB_PATH="$data" "$binary" harmonize "jsb:test:$index" -o "$out/h.mid" \
            --model "$model" --steps "$steps" --seed "$seed" "$strategy")
        length=$(echo "$result" | sed -n 's/^read jsb:test:[0-9]*: \([0-9]*\) steps.*/\1/p')
        likelihood=$(echo "$result" | sed -n 's/.*mean log-likelihood \(-*[0-9.]*\) per.*/\1/p')
        line="$line $likelihood"
    done
    echo "test:$index $length$line"
done | awk '{ print; if (NF == 4) { n++; w += $3; v += $4; if ($3 > $4) better++ } }
    END { if (n > 0) printf "mean over %d chorales: whole %.4f, windowed %.4f; whole higher in %d of %d\n", n, w / n, v / n, better, n }'
