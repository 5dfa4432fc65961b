#!/usr/bin/env bash
# The differential oracle: runs a static test program on the host Linux and
# as /init inside Sirius, and compares what each wrote to stdout and the
# exit status. Linux's run is the expectation.
#
#   run_differential.sh [--parent-init INIT] QEMU_RUN KERNEL PROGRAM [MEMORY]
#
# MEMORY is the guest's RAM for qemu-run.sh --memory (512M when omitted),
# for a program that needs more. With --parent-init, INIT is Sirius's /init
# and runs the program (as /program) as its child, for programs written to
# run as an ordinary process rather than as pid 1 (the conformance programs:
# conformance/parent_init.c).
set -uo pipefail
parent_init=
if [ "${1:-}" = --parent-init ]; then
  parent_init=$2
  shift 2
fi
qemu_run=$1 kernel=$2 program=$3 memory=${4:-512M}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

"$program" >"$work/host.out" 2>/dev/null </dev/null
host_status=$?

if [ -n "$parent_init" ]; then
  python3 "$(dirname "$0")/../../tools/make_initramfs.py" "$work/initrd.cpio" "init=$parent_init" "program=$program"
else
  python3 "$(dirname "$0")/../../tools/make_initramfs.py" "$work/initrd.cpio" "init=$program"
fi
# sirius.console=plain: the host side has stdin /dev/null and stdout a
# file, not a terminal; so is Sirius's console then (no line discipline, no
# ONLCR, stdin at end of file).
"$qemu_run" --kernel "$kernel" --initrd "$work/initrd.cpio" --append "sirius.console=plain" --log "$work/serial.log" --memory "$memory" </dev/null >/dev/null
run=$?
[ $run -eq 77 ] && { echo "SKIP: QEMU cannot start here"; exit 77; }

# The kernel's own lines start with "[sirius] "; the rest is the program's.
grep -v '^\[sirius\] ' "$work/serial.log" >"$work/sirius.out"
if line=$(grep -m1 '^\[sirius\] init exited with status ' "$work/serial.log"); then
  sirius_status=${line##* }
elif line=$(grep -m1 '^\[sirius\] init killed by signal ' "$work/serial.log"); then
  sirius_status=$((128 + ${line##* }))
else
  echo "FAIL: Sirius did not report how init ended"; cat "$work/serial.log"; exit 1
fi

status=0
if ! diff -u --label linux "$work/host.out" --label sirius "$work/sirius.out"; then
  echo "FAIL: stdout differs"; status=1
fi
if [ "$host_status" != "$sirius_status" ]; then
  echo "FAIL: exit status: linux $host_status, sirius $sirius_status"; status=1
fi
[ $status -eq 0 ] && echo "PASS: $(basename "$program"): same stdout ($(wc -l <"$work/host.out") lines) and status $host_status"
[ $status -ne 0 ] && { echo "--- serial log"; cat "$work/serial.log"; }
exit $status
