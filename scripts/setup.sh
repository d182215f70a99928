#!/usr/bin/env bash
# Installs what cachelint needs (Debian packages), then configures and builds into build/.
#   scripts/setup.sh            the build dependencies, then build/cachelint
#   scripts/setup.sh --tests    also the test oracles (the real servers) and tools, and the test suite
# As root it runs apt-get itself; otherwise it prints the exact apt-get line to run.
set -euo pipefail
cd "$(dirname "$0")/.."

want_tests=0
build_dir=build
cmake_args=()
for arg in "$@"; do
  case "$arg" in
    --tests) want_tests=1 ;;
    --build-dir=*) build_dir="${arg#*=}" ;;
    -D*) cmake_args+=("$arg") ;;
    *) echo "usage: $0 [--tests] [--build-dir=DIR] [-DOPTION=VALUE ...]" >&2; exit 2 ;;
  esac
done

packages=(g++ cmake make pkg-config libtomlplusplus-dev libre2-dev libcli11-dev libfyaml-dev nlohmann-json3-dev)
if [ "$want_tests" = 1 ]; then
  # catch2: the test framework; the servers are oracles the differential tests run on loopback;
  # python3-jsonschema validates SARIF against the schema; fish runs the fish completions; strace counts
  # file opens (tests/perf); git, openssl and perl serve the workflow and differential tests.
  packages+=(catch2 python3 python3-jsonschema redis-server memcached nginx varnish apache2 haproxy fish strace git openssl perl curl)
fi

for arg in "${cmake_args[@]}"; do
  # The libFuzzer targets (fuzz/README.md) need clang and its sanitizer runtimes.
  case "$arg" in -DCACHELINT_FUZZ=ON|-DCACHELINT_FUZZ=on|-DCACHELINT_FUZZ=1) packages+=(clang libclang-rt-dev) ;; esac
done

missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ "${#missing[@]}" -gt 0 ]; then
  if [ "$(id -u)" = 0 ]; then
    echo "setup: installing ${missing[*]}" >&2
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq
    # Services must not start on install: the tests start their own, on loopback, and stop them.
    policy_added=0
    if [ ! -e /usr/sbin/policy-rc.d ]; then
      printf '#!/bin/sh\nexit 101\n' > /usr/sbin/policy-rc.d && chmod +x /usr/sbin/policy-rc.d && policy_added=1
    fi
    apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
    [ "$policy_added" = 1 ] && rm -f /usr/sbin/policy-rc.d
  else
    echo "setup: missing Debian packages; run:" >&2
    echo "  sudo apt-get update && sudo apt-get install -y ${missing[*]}" >&2
    exit 1
  fi
fi

tests_flag=OFF
[ "$want_tests" = 1 ] && tests_flag=ON
cmake -S . -B "$build_dir" -DCACHELINT_BUILD_TESTS="$tests_flag" "${cmake_args[@]}" >/dev/null
cmake --build "$build_dir" -j "$(nproc)"
