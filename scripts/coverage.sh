#!/usr/bin/env bash
# Line and branch coverage of core/ by the host unit tests (llvm source-based
# coverage), per core folder. Usage: scripts/coverage.sh [--html DIR]
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/deps.sh
sirius_require_packages "${SIRIUS_BUILD_PACKAGES[@]}"

cmake --preset coverage >/dev/null
cmake --build --preset coverage -j "$(nproc)" --target sirius_unit_tests
build=build/coverage
rm -f "$build"/*.profraw
LLVM_PROFILE_FILE="$build/unit-%p.profraw" "$build/tests/unit/sirius_unit_tests" --gtest_brief=1 >/dev/null
llvm-profdata-19 merge -sparse "$build"/unit-*.profraw -o "$build/unit.profdata"

binary="$build/tests/unit/sirius_unit_tests"
# One row per core file: lines total/missed, branches total/missed.
llvm-cov-19 export "$binary" -instr-profile="$build/unit.profdata" -summary-only \
  | python3 scripts/coverage_by_folder.py
if [ "${1:-}" = "--html" ]; then
  llvm-cov-19 show "$binary" -instr-profile="$build/unit.profdata" -format=html -output-dir="${2:?dir}" -show-branches=count core
  echo "HTML report in $2"
fi
