#!/usr/bin/env bash
# Proves core/ has no hosted dependency:
#  1. every #include in core/ is a core header, a compiler freestanding C
#     header (<stddef.h>, <stdint.h>, <limits.h>) or a Linux UAPI header (linux/, asm/,
#     asm-generic/); <new> only under __STDC_HOSTED__ (core/base/placement_new.h);
#  2. every file of core/ compiles with the kernel-x86_64 preset (freestanding
#     x86_64, no libc, no C++ library, no exceptions, no RTTI).
set -euo pipefail
cd "$(dirname "$0")/.."
bad=$(grep -rn '#\s*include\s*<' core | grep -Ev '#\s*include\s*<(stddef\.h|stdint\.h|limits\.h|linux/[^>]+|asm/[^>]+|asm-generic/[^>]+)>' \
  | grep -v '^core/base/placement_new.h:.*<new>' || true)
if [ -n "$bad" ]; then
  echo "core/ includes a hosted header:" >&2
  echo "$bad" >&2
  exit 1
fi
cmake --preset kernel-x86_64 >/dev/null
cmake --build --preset kernel-x86_64
echo "core/ compiles freestanding: $(find build/kernel-x86_64/core -name '*.obj' | wc -l) objects"
