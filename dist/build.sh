#!/usr/bin/env bash
# Release archives of `bulletin` for the office PCs that run it: Windows (x86_64), and
# Linux on x86_64 and on ARM64 (UOS, Kylin). Each archive holds the binary, the example
# site as `bulletin new` makes it, the licences and 使用说明.txt; SHA256SUMS lies beside.
#
#   dist/build.sh                  # all five targets, into target/dist/
#   dist/build.sh aarch64-unknown-linux-gnu
#
# Environment:
#   DIST_DIR=dir            where the archives go [target/dist]
#   DIST_LOCK=file          run each `cargo build` under `flock file` (a shared machine)
#   DIST_INSTALL=0          do not apt-get / rustup anything; fail with what is missing
#   SOURCE_DATE_EPOCH=n     the mtime of every archive entry [the last commit's time]
#
# The archives are byte-identical between runs on the same commit: entries sorted, one
# fixed mtime, owner 0:0 without names, modes 0755/0644, gzip without name or time.
# Linkers are set here through CARGO_TARGET_<TRIPLE>_LINKER, not in a .cargo/config.toml
# (which would send every build of the crate, CI's included, to a cross linker).
set -euo pipefail

# All in one function, read whole before it runs, and `exit` on the line that calls it:
# editing this file while it runs cannot change what the running copy does. (Without the
# `exit`, bash reads on from the old end's offset when main returns, and runs whatever
# text of the edited file lies there.)
main() {
  cd "$(dirname "$0")/.."
  root=$(pwd)

  # The -linux-gnu programs need the glibc of this machine or later (2.35 on Debian 12);
  # UOS 20 and Kylin V10 have 2.28 to 2.31, so the static -linux-musl ones are made too.
  all_targets=(x86_64-unknown-linux-gnu aarch64-unknown-linux-gnu x86_64-pc-windows-gnu
    x86_64-unknown-linux-musl aarch64-unknown-linux-musl)
  if [ $# -gt 0 ]; then targets=("$@"); else targets=("${all_targets[@]}"); fi
  dist=${DIST_DIR:-$root/target/dist}
  version=$(sed -n 's/^version = "\(.*\)"/\1/p' Cargo.toml | head -n 1)
  export SOURCE_DATE_EPOCH=${SOURCE_DATE_EPOCH:-$(git log -1 --format=%ct 2>/dev/null || echo 315532800)}
  install=${DIST_INSTALL:-1}

  die() { echo "error: $*" >&2; exit 1; }

  # The cross linker each target needs, and the Debian package that brings it.
  linker_of() {
    case $1 in
      x86_64-unknown-linux-gnu | x86_64-unknown-linux-musl) echo "" ;;
      aarch64-unknown-linux-gnu | aarch64-unknown-linux-musl) echo "aarch64-linux-gnu-gcc gcc-aarch64-linux-gnu libc6-dev-arm64-cross" ;;
      x86_64-pc-windows-gnu) echo "x86_64-w64-mingw32-gcc gcc-mingw-w64-x86-64" ;;
      *) die "unknown target $1
  = help: one of ${all_targets[*]}" ;;
    esac
  }

  for t in "${targets[@]}"; do linker_of "$t" >/dev/null; done # an unknown one stops here

  # What is needed, fetched when allowed: the Rust targets, the linkers, python3 (archives).
  need_pkgs=()
  for t in "${targets[@]}"; do
    read -r linker pkgs <<<"$(linker_of "$t")"
    if [ -n "$linker" ] && ! command -v "$linker" >/dev/null 2>&1; then
      # shellcheck disable=SC2206
      need_pkgs+=($pkgs)
    fi
  done
  command -v python3 >/dev/null 2>&1 || need_pkgs+=(python3)
  if [ ${#need_pkgs[@]} -gt 0 ]; then
    if [ "$install" = 1 ] && command -v apt-get >/dev/null 2>&1 && [ "$(id -u)" = 0 ]; then
      DEBIAN_FRONTEND=noninteractive apt-get update -qq
      DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${need_pkgs[@]}" >/dev/null
    else
      die "missing: ${need_pkgs[*]}
  = help: apt-get install ${need_pkgs[*]} (as root), then run this again"
    fi
  fi
  installed=$(rustup target list --installed 2>/dev/null || true)
  for t in "${targets[@]}"; do
    if ! grep -qx "$t" <<<"$installed"; then
      [ "$install" = 1 ] || die "the Rust target $t is not installed
  = help: rustup target add $t"
      rustup target add "$t" || die "rustup cannot fetch the target $t
  = help: install it by hand (rustup target add $t) on a machine that reaches the Rust dist server"
    fi
  done

  # One example site for every archive, made by the host's own binary (the example is
  # built into the binary, so every target writes the same files).
  host_bin() {
    local -a cmd=(nice cargo build --release --locked --quiet)
    if [ -n "${DIST_LOCK:-}" ]; then cmd=(flock "$DIST_LOCK" "${cmd[@]}"); fi
    "${cmd[@]}" >&2
    echo "$root/target/release/bulletin"
  }

  # The oldest glibc a -linux-gnu binary runs on: the newest GLIBC_2.x symbol version it
  # needs, which is that of the glibc it was linked against (2.35 on Debian 12), not 2.17.
  glibc_of() {
    LC_ALL=C grep -a -o 'GLIBC_2\.[0-9][0-9.]*' "$1" | LC_ALL=C sort -u -V | tail -n 1 | sed 's/^GLIBC_//'
  }

  build_target() {
    local t=$1 linker var
    read -r linker _ <<<"$(linker_of "$t")"
    var=CARGO_TARGET_$(tr 'a-z-' 'A-Z_' <<<"$t")_LINKER
    local -a env_args=(
      "CARGO_PROFILE_RELEASE_STRIP=symbols"
      # Build paths (this checkout, the registry under $HOME) stay out of the binary.
      "RUSTFLAGS=--remap-path-prefix=$root=/bulletin --remap-path-prefix=${CARGO_HOME:-$HOME/.cargo}=/cargo"
    )
    [ -n "$linker" ] && env_args+=("$var=$linker")
    local -a cmd=(nice cargo build --release --locked --target "$t")
    if [ -n "${DIST_LOCK:-}" ]; then cmd=(flock "$DIST_LOCK" "${cmd[@]}"); fi
    echo "building $t" >&2
    env "${env_args[@]}" "${cmd[@]}" >&2
  }

  mkdir -p "$dist"
  stage=$(mktemp -d)
  trap 'rm -rf "$stage"' EXIT

  # The host's own target first: its binary writes the example site.
  host=$(rustc -vV | sed -n 's/^host: //p')
  ordered=()
  for t in "${targets[@]}"; do [ "$t" = "$host" ] && ordered+=("$t"); done
  for t in "${targets[@]}"; do [ "$t" = "$host" ] || ordered+=("$t"); done

  for t in "${ordered[@]}"; do
    build_target "$t"
    # The example site: `bulletin new` by the host's binary (the example is built into the
    # binary, so every target writes the same files).
    if [ ! -d "$stage/example" ]; then
      if [ "$t" = "$host" ]; then newbin=$root/target/$t/release/bulletin; else newbin=$(host_bin); fi
      "$newbin" new "$stage/example" 2>/dev/null
    fi
    name=bulletin-$version-$t
    dir=$stage/$name
    mkdir -p "$dir"
    case $t in
      *windows*) exe=bulletin.exe; eol=crlf; fmt=zip ;;
      *) exe=bulletin; eol=lf; fmt=tar.gz ;;
    esac
    cp "$root/target/$t/release/$exe" "$dir/$exe"
    cp -R "$stage/example" "$dir/示例站点"
    cp LICENSE-MIT LICENSE-APACHE "$dir/"
    glibc=
    case $t in *-linux-gnu)
      glibc=$(glibc_of "$dir/$exe")
      echo "$t: needs glibc $glibc or later" >&2
      ;;
    esac
    python3 dist/archive.py text dist/使用说明.txt "$dir/使用说明.txt" "$eol" "$t" "$glibc"
    rm -f "$dist/$name.$fmt"
    python3 dist/archive.py "$fmt" "$stage" "$name" "$dist/$name.$fmt"
    echo "$dist/$name.$fmt" >&2
    # SHA256SUMS of every archive in the folder, sorted by name, after each archive.
    (cd "$dist" && find . -maxdepth 1 -type f \( -name '*.zip' -o -name '*.tar.gz' \) -printf '%f\n' |
      LC_ALL=C sort | xargs -r sha256sum >SHA256SUMS)
  done
  cat "$dist/SHA256SUMS"
}

main "$@"; exit
