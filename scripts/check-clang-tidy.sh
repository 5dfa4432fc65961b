#!/usr/bin/env bash
# Fails on any clang-tidy finding in core/ (.clang-tidy at the root).
# Usage: scripts/check-clang-tidy.sh BUILD_DIR_WITH_COMPILE_COMMANDS
set -euo pipefail
cd "$(dirname "$0")/.."
build_dir=${1:?build directory}
find core -name '*.cpp' -print0 | xargs -0 -P "$(nproc)" -n 4 clang-tidy-19 -p "$build_dir" --quiet
