#!/usr/bin/env bash
# The side-by-side benchmark: builds the Sirius kernel and the benchmark
# programs (bench/programs, static musl), fetches Debian's Linux kernel
# package into build/bench-linux (once; apt-get download + dpkg-deb -x, no
# build), and boots the same initramfs under Linux and Sirius alternately
# (bench/side_by_side.py). Prints the table; writes build/bench/results.txt,
# results.csv and ratios.png. docs/bench.md has the method. (Debian's
# /usr/bin/python3, whose python3-matplotlib draws the chart, not a
# python3 earlier in PATH.)
#
#   bench/run.sh [--rounds N] [--reps N] [--ms N] [--accel auto|TCG|KVM]
#
# Environment: SIRIUS_BENCH_LINUX=linux-image-6.1.0-NN-amd64 picks the
# Linux package (default: what Debian's linux-image-amd64 depends on).
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/deps.sh
sirius_require_packages "${SIRIUS_BUILD_PACKAGES[@]}" "${SIRIUS_BOOT_PACKAGES[@]}" "${SIRIUS_BENCH_PACKAGES[@]}"

out=build/bench
mkdir -p "$out/programs"

# The kernel, as scripts/boot.sh builds it.
cmake --preset kernel-x86_64 >/dev/null
cmake --build --preset kernel-x86_64 -j2
sirius=build/kernel-x86_64/platform/baremetal/sirius_kernel.elf

# The programs and the initramfs both kernels boot.
bench/build_image.sh "$out"

# Debian's Linux kernel image.
linux_dir=build/bench-linux
linux_package() {
  apt-cache depends linux-image-amd64 2>/dev/null | awk '/Depends: linux-image-[0-9]/ { print $2; exit }'
}
package=${SIRIUS_BENCH_LINUX:-$(linux_package)}
if [ -z "$package" ] && [ "$(id -u)" -eq 0 ]; then
  # A fresh machine may have no package lists yet.
  apt-get update -qq
  package=$(linux_package)
fi
[ -n "$package" ] || { echo "bench: cannot tell which linux-image package linux-image-amd64 depends on" >&2; exit 1; }
version=${package#linux-image-}
vmlinuz="$linux_dir/root/boot/vmlinuz-$version"
if [ ! -f "$vmlinuz" ]; then
  mkdir -p "$linux_dir"
  (cd "$linux_dir" && rm -f ./*.deb && apt-get download "$package")
  dpkg-deb -x "$linux_dir"/"$package"_*.deb "$linux_dir/root"
fi
config="$linux_dir/root/boot/config-$version"
for option in CONFIG_SERIAL_8250_CONSOLE=y CONFIG_BLK_DEV_INITRD=y CONFIG_TMPFS=y CONFIG_DEVTMPFS=y; do
  grep -qx "$option" "$config" || { echo "bench: $package lacks $option" >&2; exit 1; }
done

exec /usr/bin/python3 bench/side_by_side.py --sirius "$sirius" --linux "$vmlinuz" --linux-version "$version" \
  --initrd "$out/initramfs.cpio" --out "$out" "$@"
