#!/usr/bin/env bash
# What the output gate (src/gate.rs) costs a first build, issue 25's budget: under 5% of a
# first build of the 2,000-bulletin synthetic site.
#
#   bash bench/gate.sh                  # 2,000 bulletins × 40 units
#   BULLETINS=200 bash bench/gate.sh
#
# Builds the synthetic site once with --no-cache (the gate runs inside it), timing the
# build's CPU (user + system, GNU time) and its wall time, with BULLETIN_TIMINGS for the
# gate's own time summed over threads; then scans the built site again with
# examples/gate_bench (every file in memory first), three rounds, for the gate's CPU time
# alone. CPU time is what a loaded machine inflates least: the ratio of the two CPU times
# is the figure. $WORK (default /dev/shm/bulletin-gate) is removed unless KEEP=1.
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
BULLETINS=${BULLETINS:-2000}
UNITS=${UNITS:-40}
SEED=${SEED:-7}
WORK=${WORK:-/dev/shm/bulletin-gate}
target=${CARGO_TARGET_DIR:-$here/target}
(cd "$here" && cargo build --release -q --bin bulletin --example synth --example gate_bench)
rm -rf "$WORK" && mkdir -p "$WORK"
"$target/release/examples/synth" --bulletins "$BULLETINS" --units "$UNITS" --seed "$SEED" "$WORK/site" >/dev/null
echo "load before: $(cut -d' ' -f1-3 /proc/loadavg)"
BULLETIN_TIMINGS=1 /usr/bin/time -f "build: wall %e s, user %U s, sys %S s, peak %M KB" \
    "$target/release/bulletin" build --root "$WORK/site" --no-cache --output "$WORK/public" 2>&1 |
    grep -E "^build:|timings: gate|^built"
"$target/release/examples/gate_bench" "$WORK/public" 3
echo "load after: $(cut -d' ' -f1-3 /proc/loadavg)"
[[ ${KEEP:-0} == 1 ]] || rm -rf "$WORK"
