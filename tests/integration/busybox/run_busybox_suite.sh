#!/usr/bin/env bash
# The busybox suite's differential runner: one script of scripts/, run by
# Debian's busybox-static (`busybox sh`) on the host Linux and inside Sirius,
# through the same launcher (launcher.c: a fresh directory, env -i with
# PATH, HOME, TZ=UTC, LANG=C). What each printed (stdout and stderr) and the
# exit status must be the same; Linux's run is the expectation. Pids, times
# and memory figures are masked by the scripts themselves.
#
#   run_busybox_suite.sh QEMU_RUN KERNEL LAUNCHER SCRIPT_DIR NAME
#   run_busybox_suite.sh --host-only LAUNCHER SCRIPT_DIR NAME
#
# --host-only runs the script on the host alone and prints its output (how
# a new script is written: make it deterministic on Linux first).
# Set SIRIUS_BUSYBOX_KEEP=1 to keep the work directory (both outputs and
# the serial log) and print where it is.
set -uo pipefail
host_only=0
if [ "${1:-}" = --host-only ]; then
  host_only=1; shift
  launcher=$1 script_dir=$2 name=$3
else
  qemu_run=$1 kernel=$2 launcher=$3 script_dir=$4 name=$5
fi
busybox=${SIRIUS_BUSYBOX:-/bin/busybox}
[ -x "$busybox" ] || { echo "SKIP: $busybox is missing (apt-get install busybox-static)"; exit 77; }
script=$script_dir/$name.sh
[ -f "$script" ] || { echo "FAIL: no script $script"; exit 1; }

# The host side runs on a tmpfs, as Sirius's root is one: directory sizes
# and block counts are tmpfs's on both sides.
if [ "$(stat -f -c %T /dev/shm 2>/dev/null)" = tmpfs ] && [ -w /dev/shm ]; then
  work=$(mktemp -d -p /dev/shm)
else
  work=$(mktemp -d)
  echo "note: /dev/shm is not a writable tmpfs; the host side runs in $work"
fi
if [ "${SIRIUS_BUSYBOX_KEEP:-0}" = 1 ]; then
  echo "work directory: $work"
else
  trap 'rm -rf "$work"' EXIT
fi

# The host side: a directory with busybox and a link per applet (relative,
# as in the image), and a directory for the launcher's temporary ones.
mkdir -p "$work/host/bin" "$work/host/tmp"
chmod 1777 "$work/host/tmp"
cp "$busybox" "$work/host/bin/busybox"
applets=$("$busybox" --list)
for applet in $applets; do
  [ "$applet" = busybox ] || ln -s busybox "$work/host/bin/$applet"
done
(cd "$work/host/tmp" && "$launcher" "$work/host/bin" "$script" "$work/host/tmp") </dev/null >"$work/host.out" 2>&1
host_status=$?
if [ $host_only = 1 ]; then
  cat "$work/host.out"; echo "(exit status $host_status)"; exit 0
fi

# The Sirius side: the launcher as /init, busybox and its links in /bin,
# every script in /suite; /etc/passwd and /etc/group hold the host's entries
# for root and for the user running this, so names resolve the same.
uid=$(id -u) gid=$(id -g)
mkdir -p "$work/etc"
awk -F: -v uid="$uid" '$3 == 0 || $3 == uid' /etc/passwd >"$work/etc/passwd"
awk -F: -v gid="$gid" '$3 == 0 || $3 == gid' /etc/group >"$work/etc/group"
specs=("init=$launcher" "bin/busybox=$busybox" "etc/passwd=$work/etc/passwd" "etc/group=$work/etc/group")
for applet in $applets; do
  [ "$applet" = busybox ] || specs+=("bin/$applet->busybox")
done
for file in "$script_dir"/*.sh; do
  specs+=("suite/$(basename "$file")=$file")
done
python3 "$(dirname "$0")/../../../tools/make_initramfs.py" "$work/initrd.cpio" "${specs[@]}"
"$qemu_run" --kernel "$kernel" --initrd "$work/initrd.cpio" --append "sirius.console=plain $name $uid $gid" \
  --log "$work/serial.log" --timeout "${SIRIUS_BUSYBOX_TIMEOUT:-120}" </dev/null >/dev/null
run=$?
[ $run -eq 77 ] && { echo "SKIP: QEMU cannot start here"; exit 77; }

# The kernel's own lines start with "[sirius] "; one may have been written
# in the middle of a line of the script's, so each is cut out with its
# newline wherever it starts.
perl -0pe 's/\[sirius\] [^\n]*\n//g' "$work/serial.log" >"$work/sirius.out"
if line=$(grep -ao -m1 '\[sirius\] init exited with status [0-9]*' "$work/serial.log"); then
  sirius_status=${line##* }
elif line=$(grep -ao -m1 '\[sirius\] init killed by signal [0-9]*' "$work/serial.log"); then
  sirius_status=$((128 + ${line##* }))
else
  echo "FAIL: Sirius did not report how init ended (qemu-run status $run)"; cat "$work/serial.log"; exit 1
fi

status=0
if ! diff -u --label linux "$work/host.out" --label sirius "$work/sirius.out"; then
  echo "FAIL: output differs"; status=1
fi
if [ "$host_status" != "$sirius_status" ]; then
  echo "FAIL: exit status: linux $host_status, sirius $sirius_status"; status=1
fi
if [ $status -eq 0 ]; then
  echo "PASS: busybox $name.sh: same output ($(wc -l <"$work/host.out") lines) and status $host_status"
else
  echo "--- serial log"; cat "$work/serial.log"
fi
exit $status
