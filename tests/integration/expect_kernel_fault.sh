#!/usr/bin/env bash
# Boots with sirius.selftest=fault, which makes the kernel read an unmapped
# kernel address on purpose: the run must end in a panic (not a hang, not a
# triple fault) whose report has the fault, the registers and a backtrace
# naming the function that faulted.
set -uo pipefail
qemu_run=$1 kernel=$2
log=$(mktemp)
trap 'rm -f "$log"' EXIT
"$qemu_run" --kernel "$kernel" --append "sirius.selftest=fault" --log "$log"
status=$?
[ $status -eq 77 ] && exit 77
expect() {
  grep -q -- "$1" "$log" || { echo "FAIL: the report lacks: $1"; exit 1; }
}
[ $status -ne 0 ] || { echo "FAIL: the kernel did not fail"; exit 1; }
expect "kernel page fault (vector 14"
expect "at address 0xffff8f0000000000"
expect "rip 0xffffffff8"
expect "sirius::baremetal::(anonymous namespace)::read_unmapped_kernel_address"
expect "Sirius kernel panic: unhandled kernel exception"
echo "PASS: kernel fault report"
