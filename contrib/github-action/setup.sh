#!/usr/bin/env bash
# Makes `cachelint` available to the next steps: the one on PATH, or one built from the action's sources.
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
# scripts/setup.sh installs the build dependencies when run as root; on hosted runners use sudo for that part.
if [ "$(id -u)" != 0 ] && command -v sudo >/dev/null 2>&1; then
  sudo apt-get update -qq
  sudo DEBIAN_FRONTEND=noninteractive apt-get install -y -qq g++ cmake make pkg-config libtomlplusplus-dev libre2-dev libcli11-dev
fi
"$src/scripts/setup.sh" --build-dir="$src/build-action" -DCACHELINT_BUILD_TESTS=OFF -DCMAKE_BUILD_TYPE=Release
if [ -n "${GITHUB_PATH:-}" ]; then echo "$src/build-action" >> "$GITHUB_PATH"; fi
echo "cachelint action: built $("$src/build-action/cachelint" --version)"
