#!/usr/bin/env bash
# The ARM64 build against the x86_64 one: both release binaries build the example site
# (content/ of this repository, one fixed build day, no cache), the ARM64 one under
# qemu-aarch64 with Debian's cross sysroot; every output file must be byte-identical,
# and so must the exact text of `check` on an invalid fixture.
#
#   dist/check-aarch64.sh        # builds the two binaries first if dist/build.sh has not
#   dist/check-aarch64.sh musl   # the static musl builds instead
#
# Needs qemu-user (qemu-aarch64) and libc6-arm64-cross (QEMU_LD_PREFIX below).
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)
libc=${1:-gnu}
case $libc in gnu | musl) ;; *) echo "error: unknown libc $libc
  = help: gnu or musl" >&2; exit 2 ;; esac
x86=$root/target/x86_64-unknown-linux-$libc/release/bulletin
arm=$root/target/aarch64-unknown-linux-$libc/release/bulletin
today=2025-07-10
export QEMU_LD_PREFIX=${QEMU_LD_PREFIX:-/usr/aarch64-linux-gnu}

command -v qemu-aarch64 >/dev/null 2>&1 || {
  echo "error: qemu-aarch64 is missing
  = help: apt-get install qemu-user" >&2
  exit 1
}
[ -d "$QEMU_LD_PREFIX/lib" ] || {
  echo "error: no ARM64 sysroot at $QEMU_LD_PREFIX
  = help: apt-get install libc6-arm64-cross, or set QEMU_LD_PREFIX" >&2
  exit 1
}
if [ ! -x "$x86" ] || [ ! -x "$arm" ]; then
  dist/build.sh "x86_64-unknown-linux-$libc" "aarch64-unknown-linux-$libc" >/dev/null
fi
file "$arm" 2>/dev/null | grep -q aarch64 || [ "$(od -An -tx1 -j18 -N2 "$arm" | tr -d ' ')" = b700 ] || {
  echo "error: $arm is not an ARM64 program" >&2
  exit 1
}

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
for arch in x86_64 aarch64; do
  mkdir -p "$work/$arch"
  cp -R content "$work/$arch/content"
done

run() {
  local arch=$1
  shift
  if [ "$arch" = aarch64 ]; then qemu-aarch64 "$arm" "$@"; else "$x86" "$@"; fi
}

for arch in x86_64 aarch64; do
  start=$(date +%s%N)
  run "$arch" build --root "$work/$arch" --output "$work/out-$arch" --today "$today" --no-cache 2>"$work/log-$arch"
  ms=$((($(date +%s%N) - start) / 1000000))
  printf '%-8s built %s files in %d ms\n' "$arch" "$(find "$work/out-$arch" -type f | wc -l)" "$ms"
done

status=0
if diff -r "$work/out-x86_64" "$work/out-aarch64" >"$work/diff" 2>&1; then
  sum=$(cd "$work/out-x86_64" && find . -type f -print0 | LC_ALL=C sort -z | xargs -0 sha256sum | sha256sum | cut -c1-16)
  bytes=$(du -sb "$work/out-x86_64" | cut -f1)
  echo "identical: $(find "$work/out-x86_64" -type f | wc -l) files, $bytes bytes, tree sha256 $sum"
else
  echo "DIFFERENT:" >&2
  head -n 40 "$work/diff" >&2
  status=1
fi

# An error's exact text (file:line:col, snippet, help) on both.
case=tests/fixtures/invalid/score-not-a-number
for arch in x86_64 aarch64; do
  mkdir -p "$work/bad-$arch"
  cp -R tests/fixtures/invalid/_base/. "$work/bad-$arch/"
  cp -R "$case/content/." "$work/bad-$arch/content/"
  (cd "$work/bad-$arch" && run "$arch" check >"$work/check-$arch" 2>&1) || true
done
if cmp -s "$work/check-x86_64" "$work/check-aarch64" && cmp -s "$work/check-x86_64" "$case/expected.txt"; then
  echo "identical: the check output of $(basename "$case")"
else
  echo "DIFFERENT: the check output of $(basename "$case")" >&2
  diff "$work/check-x86_64" "$work/check-aarch64" >&2 || true
  status=1
fi
exit $status
