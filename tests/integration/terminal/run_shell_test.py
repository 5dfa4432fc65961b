#!/usr/bin/env python3
"""Boots the default image and uses its busybox shell as a person would.

The image is scripts/boot.sh's: boot/init.c as /init and Debian's
busybox-static as /bin/busybox with a link per applet. QEMU's serial port is
a Unix socket (server, wait=on: the guest starts once this driver is
connected); the driver waits for the shell's prompt before each command.
What it checks: a command runs; the console is the shell's terminal
(`tty`) and ps sees the shell; vi edits a file, typed at as a person
would (each key once the screen shows the last one's effect); ^C
interrupts `sleep 100` in the
foreground; ^Z stops it, `jobs` lists it, `fg` brings it back and ^C ends
it; a background job and `wait`; `exit` powers the machine off. TCG only.

    run_shell_test.py MAKE_INITRAMFS KERNEL INIT BUSYBOX

Exit: 0 when every step saw what it expects and the kernel powered off
with success; 77 when QEMU cannot start here; 1 otherwise.
"""
import os
import shutil
import subprocess
import sys
import tempfile
import time

from serial_console import QemuUnavailable, SerialConsole

PROMPT = b"sirius$ "
# (what to type, what must come back before the next prompt). Control
# characters go to the foreground job through the terminal: ^C is SIGINT,
# ^Z SIGTSTP. The sleeps are long so that only a signal can end them.
# Steps inside vi (SCREEN) wait for the screen, not for a prompt; a serial
# line has no window size, so the user sets one first, as with stty on a
# real serial console (vi would otherwise ask the terminal with ESC[6n).
SCREEN = "screen"
STEPS = [
    (b"echo hello $((6 * 7))\n", [b"hello 42"]),
    (b"tty\n", [b"/dev/console"]),
    (b"ps -o pid,comm | grep -c sh; echo ps=$?\n", [b"ps=0"]),
    (b"stty rows 24 cols 80; vi notes\n", [b"notes"], SCREEN),
    (b"i", [b"I notes"], SCREEN),
    (b"hello from vi", [b"hello from vi"], SCREEN),
    (b"\x1b", [b"[Modified]"], SCREEN),
    (b":wq\n", [b"'notes' 1L, 14C"]),
    (b"cat notes\n", [b"hello from vi"]),
    (b"sleep 100\n", None),  # interrupted below
    (b"\x03", [b"^C"]),
    (b"echo status=$?\n", [b"status=130"]),
    (b"sleep 100\n", None),
    (b"\x1a", [b"^Z", b"Stopped"]),
    (b"jobs\n", [b"Stopped", b"sleep 100"]),
    (b"fg\n", None),
    (b"\x03", [b"^C"]),
    (b"echo fg=$?\n", [b"fg=130"]),
    (b"sleep 1 & wait $!; echo waited=$?\n", [b"waited=0"]),
    (b"echo $(echo sub) | tr a-z A-Z\n", [b"SUB"]),
]
TIMEOUT = 300
STEP_TIMEOUT = 60
# Before a control character: time for the command to start and block.
SETTLE = 2.0


def main():
    make_initramfs, kernel, init, busybox = sys.argv[1:5]
    work = tempfile.mkdtemp()
    try:
        initrd = os.path.join(work, "initrd.cpio")
        applets = subprocess.run([busybox, "--list"], check=True, capture_output=True, text=True).stdout.split()
        specs = ["init=" + init, "bin/busybox=" + busybox]
        specs += ["bin/%s->busybox" % applet for applet in applets if applet != "busybox"]
        subprocess.run([sys.executable, make_initramfs, initrd] + specs, check=True)
        try:
            machine = SerialConsole(kernel, initrd, work, TIMEOUT, STEP_TIMEOUT, 0.5)
        except QemuUnavailable as reason:
            print("SKIP: %s" % reason)
            return 77
        except RuntimeError as reason:
            print("FAIL: %s" % reason)
            return 1
        status = 0
        if not machine.wait_for(b"Type 'exit' to power off."):
            print("FAIL: no banner from /init")
            status = 1
        else:
            # The first prompt is the login shell's own; ours comes after.
            start = len(machine.seen)
            machine.send(b"PS1='%s'\n" % PROMPT)
            if not machine.wait_for(b"\n" + PROMPT, start):
                print("FAIL: no prompt")
                status = 1
        for step in STEPS if status == 0 else []:
            typed, expected = step[0], step[1]
            in_screen = len(step) > 2 and step[2] == SCREEN
            start = len(machine.seen)
            if typed.startswith(b"\x03") or typed.startswith(b"\x1a"):
                time.sleep(SETTLE)
            machine.send(typed)
            if expected is None:
                continue
            for text in expected:
                if not machine.wait_for(text, start):
                    print("FAIL: after %r: %r not seen" % (typed, text))
                    status = 1
            if not in_screen and not machine.wait_for(PROMPT, start):
                print("FAIL: after %r: no prompt" % typed)
                status = 1
            if status:
                break
        if status == 0:
            machine.send(b"exit\n")
        code = machine.finish(None if status == 0 else 1)
        if status == 0 and code != 33:
            print("FAIL: QEMU exit %s (33 is the kernel's success)" % code)
            status = 1
        print("PASS: shell session" if status == 0 else "FAIL: shell session")
        return status
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
