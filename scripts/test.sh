#!/usr/bin/env bash
# Runs every test of Sirius: installs what is missing (as root), then
#  1. the host build (core + unit tests + checks) under ASan and UBSan: ctest
#     (unit tests, the freestanding kernel compile of core/, clang-tidy on
#     core/, the generated syscall docs check, the differential clone check);
#     and the QEMU tests (ctest -L qemu: the kernel boots its self-checks,
#     reports a deliberate fault, and runs tests/integration/programs as
#     /init with the same output as on this host's Linux);
#  2. the fuzz build: each libFuzzer target for a short bounded run (ctest -L
#     fuzz), one per core at a time (each fuzzer is a single process).
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/deps.sh
sirius_require_packages "${SIRIUS_BUILD_PACKAGES[@]}" "${SIRIUS_BOOT_PACKAGES[@]}"

jobs=$(nproc)
cmake --preset host
cmake --build --preset host -j "$jobs"
ctest --preset host -j "$jobs"

cmake --preset fuzz
cmake --build --preset fuzz -j "$jobs"
ctest --preset fuzz -L fuzz -j "$jobs"
