#!/usr/bin/env bash
# The edit-to-reload latency of `bulletin serve` (issue 9) on the synthetic site:
#
#   bash bench/serve.sh                    # 2,000 bulletins × 40 units, 20 edits
#   BULLETINS=200 EDITS=10 bash bench/serve.sh
#
# Builds the release binary and examples under /work/release.lock when that exists (the
# machine is shared: one release build at a time), writes the site with examples/synth.rs
# into $WORK (default /dev/shm/bulletin-serve-bench), and runs examples/serve_bench.rs: the
# time from writing one bulletin's scores.yaml to the reload event at a server-sent-events
# client, median and p95. $WORK is removed at the end unless KEEP=1.
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
BULLETINS=${BULLETINS:-2000}
UNITS=${UNITS:-40}
EDITS=${EDITS:-20}
SEED=${SEED:-7}
WORK=${WORK:-/dev/shm/bulletin-serve-bench}
target=${CARGO_TARGET_DIR:-$here/target}

locked() {
    if [[ -e /work/release.lock ]]; then flock /work/release.lock "$@"; else "$@"; fi
}

cd "$here"
locked cargo build --release --bin bulletin --example synth --example serve_bench
rm -rf "$WORK"
mkdir -p "$WORK"
[[ ${KEEP:-0} == 1 ]] || trap 'rm -rf "$WORK"' EXIT
"$target/release/examples/synth" --bulletins "$BULLETINS" --units "$UNITS" --seed "$SEED" "$WORK/site" >&2
echo "bulletin serve, $BULLETINS bulletins × $UNITS units, $(nproc) cores, $(git rev-parse --short HEAD)"
locked "$target/release/examples/serve_bench" --bin "$target/release/bulletin" --edits "$EDITS" "$WORK/site"
