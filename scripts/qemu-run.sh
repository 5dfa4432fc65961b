#!/usr/bin/env bash
# Boots a Sirius kernel in QEMU for a test and turns the run into an exit
# status. The kernel powers off through isa-debug-exit (platform/baremetal/
# power.h): QEMU exits with 2 * status + 1, so 33 is success, 35 failure,
# 37 a kernel panic. The serial console goes to stdout (and to --log FILE).
#
#   qemu-run.sh --kernel ELF [--initrd CPIO] [--append "ARGS"] [--log FILE]
#               [--timeout SECONDS] [--memory SIZE] [--interactive]
#
# --interactive puts the serial console on this terminal, both ways, with
# no time limit (scripts/boot.sh): ^C and ^Z go to the guest; Ctrl-A x
# quits QEMU, Ctrl-A c switches to its monitor.
#
# Exit: 0 when the kernel reported success; 1 otherwise (failure, panic,
# timeout, QEMU error); 77 only when QEMU itself cannot start here (ctest
# shows it as skipped, with the reason).
#
# Accelerator: TCG is the ground every test passes on. KVM is used only when
# /dev/kvm opens and a short probe boot of this same kernel succeeds under
# it (nested KVM can stall a guest); the log says which ran.
set -uo pipefail

kernel="" initrd="" append="" log="" timeout_seconds=120 memory=512M interactive=0
while [ $# -gt 0 ]; do
  case "$1" in
    --kernel) kernel=$2; shift 2 ;;
    --initrd) initrd=$2; shift 2 ;;
    --append) append=$2; shift 2 ;;
    --log) log=$2; shift 2 ;;
    --timeout) timeout_seconds=$2; shift 2 ;;
    --memory) memory=$2; shift 2 ;;
    --interactive) interactive=1; shift ;;
    *) echo "qemu-run.sh: unknown argument $1" >&2; exit 2 ;;
  esac
done
[ -n "$kernel" ] || { echo "qemu-run.sh: --kernel is required" >&2; exit 2; }

qemu=$(command -v qemu-system-x86_64) || { echo "SKIP: qemu-system-x86_64 is not installed"; exit 77; }

# The serial console is output only (a file): a test program reading its
# stdin sees end of file, as a host run with </dev/null does. (With -serial
# stdio the guest could read bytes the caller's shell had written.)
output=$(mktemp)
serial=$(mktemp)
trap 'rm -f "$output" "$serial"' EXIT
base_args=(-kernel "$kernel" -m "$memory" -no-reboot -display none -monitor none -serial "file:$serial"
  -device isa-debug-exit,iobase=0xf4,iosize=4)
[ -n "$initrd" ] && base_args+=(-initrd "$initrd")

accel=(-accel tcg -cpu max)
accel_name=TCG
if [ -r /dev/kvm ] && [ -w /dev/kvm ] && [ "${SIRIUS_NO_KVM:-0}" != 1 ]; then
  # The probe: a self-test boot of the same kernel must end in 10 s.
  timeout 10 "$qemu" -accel kvm -cpu host -kernel "$kernel" -m 128M -no-reboot -display none -monitor none \
    -serial null -device isa-debug-exit,iobase=0xf4,iosize=4 -append "sirius.selftest loglevel=0" >/dev/null 2>&1
  if [ $? -eq 33 ]; then
    accel=(-accel kvm -cpu host)
    accel_name=KVM
  fi
fi
echo "qemu-run: $accel_name, kernel $kernel${initrd:+, initrd $initrd}, append \"$append\""

if [ "$interactive" = 1 ]; then
  # The same machine with the serial port on stdio, multiplexed with the
  # monitor; signal=off leaves ^C to the guest's terminal.
  "$qemu" "${accel[@]}" -kernel "$kernel" -m "$memory" -no-reboot -display none \
    -chardev stdio,id=console,mux=on,signal=off -serial chardev:console -mon chardev=console \
    -device isa-debug-exit,iobase=0xf4,iosize=4 ${initrd:+-initrd "$initrd"} -append "$append" 2>"$output"
  status=$?
  cat "$output"
else
  timeout "$timeout_seconds" "$qemu" "${accel[@]}" "${base_args[@]}" -append "$append" </dev/null >"$output" 2>&1
  status=$?
  # The console, then anything QEMU itself said.
  cat "$serial" "$output" | tr -d '\r' | tee ${log:+"$log"}
fi

case $status in
  1)
    # QEMU's own startup errors (no memory, a missing device model) exit 1
    # before the guest runs; the kernel's exits are 33, 35 and 37.
    if grep -q "^qemu-system-x86_64: " "$output" && ! grep -q "^\[sirius\]" "$output"; then
      echo "SKIP: QEMU cannot start here: $(grep -m1 qemu-system "$output")"
      exit 77
    fi
    echo "qemu-run: QEMU failed during the run"; exit 1 ;;
  33) exit 0 ;;
  35) echo "qemu-run: the kernel reported failure"; exit 1 ;;
  37) echo "qemu-run: kernel panic"; exit 1 ;;
  124) echo "qemu-run: timed out after ${timeout_seconds} s"; exit 1 ;;
  *) echo "qemu-run: QEMU exited with status $status"; exit 1 ;;
esac
