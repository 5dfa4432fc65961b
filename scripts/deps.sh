#!/usr/bin/env bash
# Makes sure the Debian packages a Sirius command needs are installed.
# Usage: scripts/deps.sh PACKAGE...   (sourced by the other scripts)
# As root it installs what is missing with apt-get; otherwise it prints the
# exact apt-get line to run and fails.
set -euo pipefail

sirius_require_packages() {
  local missing=()
  local package
  for package in "$@"; do
    if ! dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed"; then
      missing+=("$package")
    fi
  done
  if [ "${#missing[@]}" -eq 0 ]; then
    return 0
  fi
  if [ "$(id -u)" -eq 0 ]; then
    echo "Installing: ${missing[*]}"
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq
    apt-get install -y -qq --no-install-recommends "${missing[@]}"
  else
    echo "Missing Debian packages. Run as root:" >&2
    echo "  apt-get install -y ${missing[*]}" >&2
    return 1
  fi
}

# What building and testing the core needs on Debian 12.
SIRIUS_BUILD_PACKAGES=(cmake ninja-build clang-19 lld-19 llvm-19 libclang-rt-19-dev clang-tidy-19
  googletest libbenchmark-dev linux-libc-dev libc6-dev musl-tools python3)
# What booting needs in addition.
SIRIUS_BOOT_PACKAGES=(qemu-system-x86 busybox-static)
# What the side-by-side benchmark (bench/run.sh) needs in addition: the
# chart, and apt-get/dpkg-deb for Debian's Linux kernel package (always there).
SIRIUS_BENCH_PACKAGES=(python3-matplotlib)
