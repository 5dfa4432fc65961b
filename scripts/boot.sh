#!/usr/bin/env bash
# Boots the default Sirius image in QEMU (serial console on this terminal).
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/deps.sh
sirius_require_packages "${SIRIUS_BUILD_PACKAGES[@]}" "${SIRIUS_BOOT_PACKAGES[@]}"

# The bare-metal kernel (arch/x86_64, platform/baremetal) is not written yet:
# today only core/ compiles freestanding (cmake --preset kernel-x86_64). There
# is no image to boot, and this script does not pretend otherwise.
echo "Sirius does not boot yet: there is no kernel image (see README, Status)." >&2
exit 1
