#!/usr/bin/env bash
# Boots the default Sirius image in QEMU, serial console on this terminal:
# the kernel, and an initramfs with Debian's busybox-static as /bin/busybox
# (with its applet links) and boot/init.c as /init, which starts busybox's
# sh on the console. `exit` in the shell powers off; Ctrl-A x quits QEMU.
# Extra arguments are appended to the kernel command line (e.g.
# sirius.strace, loglevel=7).
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/deps.sh
sirius_require_packages "${SIRIUS_BUILD_PACKAGES[@]}" "${SIRIUS_BOOT_PACKAGES[@]}" busybox-static

cmake --preset kernel-x86_64 >/dev/null
cmake --build --preset kernel-x86_64
image=build/kernel-x86_64
mkdir -p "$image/initramfs"
musl-gcc -static -O2 -Wall -Werror -o "$image/initramfs/init" boot/init.c

specs=("init=$image/initramfs/init" "bin/busybox=/bin/busybox")
for applet in $(/bin/busybox --list); do
  [ "$applet" = busybox ] || specs+=("bin/$applet->busybox")
done
python3 tools/make_initramfs.py "$image/initramfs.cpio" "${specs[@]}"

exec scripts/qemu-run.sh --kernel "$image/platform/baremetal/sirius_kernel.elf" \
  --initrd "$image/initramfs.cpio" --append "$*" --interactive
