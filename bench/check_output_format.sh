#!/usr/bin/env bash
# The one benchmark check ctest runs (label qemu, a few seconds): a
# benchmark program as Sirius's /init, with short repetitions, prints its
# figures in the format bench/side_by_side.py parses. Speed is not checked.
#
#   check_output_format.sh QEMU_RUN KERNEL LAT_SYSCALL
set -uo pipefail
qemu_run=$1 kernel=$2 program=$3
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
python3 "$(dirname "$0")/../tools/make_initramfs.py" "$work/initrd.cpio" "init=$program"
"$qemu_run" --kernel "$kernel" --initrd "$work/initrd.cpio" --log "$work/serial.log" \
  --append "sirius.console=plain BENCH_MS=5 BENCH_REPS=3 null_syscall signal_catch signal_prot_fault" </dev/null >/dev/null
status=$?
[ $status -eq 77 ] && { echo "SKIP: QEMU cannot start here"; exit 77; }
grep -v '^\[sirius\] ' "$work/serial.log" | grep -v '^qemu-run: ' >"$work/figures"
pattern='^[a-z0-9_]+ [0-9.e+-]+ us min=[0-9.e+-]+ max=[0-9.e+-]+ reps=3 iters=[0-9]+$'
fail=0
for figure in null_syscall signal_catch signal_prot_fault; do
  if ! grep -Eq "^$figure " "$work/figures"; then
    echo "FAIL: no $figure line"; fail=1
  elif ! grep -E "^$figure " "$work/figures" | grep -Eq "$pattern"; then
    echo "FAIL: $figure line not in the runner's format: $(grep -E "^$figure " "$work/figures")"; fail=1
  fi
done
[ $status -ne 0 ] && { echo "FAIL: the kernel did not power off with success"; fail=1; }
[ $fail -ne 0 ] && { cat "$work/serial.log"; exit 1; }
echo "PASS: $(wc -l <"$work/figures") figures in the runner's format"
