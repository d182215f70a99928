#!/usr/bin/env bash
# Makes `cachelint` available to the next steps: the one on PATH, the release's static executable, or one
# built from the action's sources.
set -euo pipefail
mode="${CL_BUILD:-auto}"
src="${CL_ACTION_PATH:-$(cd "$(dirname "$0")/../.." && pwd)}"
case "$mode" in auto|always|never) ;; *) echo "cachelint action: build must be auto, always or never (got '$mode')" >&2; exit 2 ;; esac
if [ "$mode" != always ] && command -v cachelint >/dev/null 2>&1; then
  echo "cachelint action: using $(command -v cachelint) ($(cachelint --version))"
  exit 0
fi
if [ "$mode" = never ]; then
  echo "cachelint action: cachelint is not on PATH and build is 'never'" >&2
  exit 2
fi
# A released action (used as cachelint/cachelint@vX.Y.Z) downloads the static executable of its own release
# and checks it against the release's SHA256SUMS; any other ref (a branch, a commit SHA) builds from source.
ref="${CL_ACTION_REF:-}"
repo="${CL_ACTION_REPOSITORY:-cachelint/cachelint}"
case "$(uname -m)" in x86_64|amd64) arch=x86_64 ;; aarch64|arm64) arch=arm64 ;; *) arch="" ;; esac
if [ "$mode" = auto ] && [[ "$ref" =~ ^v[0-9] ]] && [ -n "$arch" ] && command -v curl >/dev/null 2>&1; then
  dir="${RUNNER_TEMP:-/tmp}/cachelint-$ref"
  mkdir -p "$dir"
  base="${CL_RELEASE_BASE:-https://github.com/$repo/releases/download}/$ref"  # CL_RELEASE_BASE: tests only
  exe="cachelint-$ref-linux-$arch"
  if curl -fsSL --retry 3 -o "$dir/$exe" "$base/$exe" && curl -fsSL --retry 3 -o "$dir/SHA256SUMS" "$base/SHA256SUMS"; then
    if (cd "$dir" && grep " $exe\$" SHA256SUMS | sha256sum -c - >/dev/null); then
      mv "$dir/$exe" "$dir/cachelint" && chmod +x "$dir/cachelint"
      if [ -n "${GITHUB_PATH:-}" ]; then echo "$dir" >> "$GITHUB_PATH"; fi
      echo "cachelint action: using the released $exe ($("$dir/cachelint" --version)), checksum verified"
      exit 0
    fi
    echo "cachelint action: the checksum of $exe does not match SHA256SUMS; refusing it" >&2
    exit 2
  fi
  echo "cachelint action: no released executable for $ref on $arch; building from source" >&2
fi
# scripts/setup.sh installs the build dependencies when run as root; on hosted runners use sudo for that part.
if [ "$(id -u)" != 0 ] && command -v sudo >/dev/null 2>&1; then
  sudo apt-get update -qq
  sudo DEBIAN_FRONTEND=noninteractive apt-get install -y -qq g++ cmake make pkg-config libtomlplusplus-dev libre2-dev libcli11-dev libfyaml-dev nlohmann-json3-dev
fi
"$src/scripts/setup.sh" --build-dir="$src/build-action" -DCACHELINT_BUILD_TESTS=OFF -DCMAKE_BUILD_TYPE=Release
if [ -n "${GITHUB_PATH:-}" ]; then echo "$src/build-action" >> "$GITHUB_PATH"; fi
echo "cachelint action: built $("$src/build-action/cachelint" --version)"
