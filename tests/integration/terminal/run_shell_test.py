#!/usr/bin/env python3
"""Boots the default image and uses its busybox shell as a person would.

The image is scripts/boot.sh's: boot/init.c as /init and Debian's
busybox-static as /bin/busybox with a link per applet. QEMU's serial port is
a Unix socket (server, wait=on: the guest starts once this driver is
connected); the driver waits for the shell's prompt before each command.
What it checks: a command runs; the console is the shell's terminal
(`tty`) and ps sees the shell; vi edits a file, typed at as a person
would (a command once the screen shows the last one's effect); ^C
interrupts `sleep 100` in the foreground; ^Z stops it, `jobs` lists it, `fg` brings it
back and ^C ends it; a background job and `wait`; `exit` powers the machine
off. TCG only.

    run_shell_test.py MAKE_INITRAMFS KERNEL INIT BUSYBOX

Exit: 0 when every step saw what it expects and the kernel powered off
with success; 77 when QEMU cannot start here; 1 otherwise.
"""
import os
import shutil
import subprocess
import sys
import tempfile

from serial_console import QemuUnavailable, SerialConsole

PROMPT = b"sirius$ "
# A foreground job that says it is running, once a second, until a signal
# ends or stops it. ^C and ^Z are typed only after a tick that came after
# the command was typed (or after fg): the tick is proof that the job runs
# and owns the terminal, where a fixed pause is a guess that a loaded
# machine can lose. The quotes keep the echoed command line from reading as
# a tick.
TICKER = b"sh -c 'while :; do echo ti\"\"ck; sleep 1; done'\n"
TICK = b"tick"
# `sleep 100` in the foreground, once it says so: the tick comes from the
# job's own process, which the shell has made the terminal's foreground
# group before it runs anything (ash's forkchild), and which then becomes
# sleep. (After fg nothing would tell that sleep is back in the
# foreground, so the ^Z steps use TICKER.)
SLEEPER = b"sh -c 'echo ti\"\"ck; exec sleep 100'\n"
# Step kinds: at a PROMPT step the shell prints a prompt after the expected
# text; a RUNNING step leaves a job in the foreground; SCREEN steps are
# inside vi, which redraws its screen instead of prompting. A serial line has
# no window size, so the user sets one first, as with stty on a real serial
# console (vi would otherwise ask the terminal with ESC[6n).
PROMPTED, RUNNING, SCREEN = "prompt", "running", "screen"
# (what to type, what must come back, kind). Control characters go to the
# foreground job through the terminal: ^C is SIGINT, ^Z SIGTSTP.
STEPS = [
    (b"echo hello $((6 * 7))\n", [b"hello 42"], PROMPTED),
    (b"tty\n", [b"/dev/console"], PROMPTED),
    (b"ps -o pid,comm | grep -c sh; echo ps=$?\n", [b"ps=0"], PROMPTED),
    (b"stty rows 24 cols 80; vi notes\n", [b"notes"], SCREEN),
    (b"i", [b"I notes"], SCREEN),
    # No check of the echo here: on a loaded machine vi draws each key on
    # its own, with cursor moves between, so the text never shows whole;
    # [Modified] after ESC and the file's contents below are the proof.
    (b"hello from vi", [], SCREEN),
    (b"\x1b", [b"[Modified]"], SCREEN),
    (b":wq\n", [b"'notes' 1L, 14C"], PROMPTED),
    (b"cat notes\n", [b"hello from vi"], PROMPTED),
    (SLEEPER, [TICK], RUNNING),
    (b"\x03", [b"^C"], PROMPTED),
    (b"echo status=$?\n", [b"status=130"], PROMPTED),
    (TICKER, [TICK], RUNNING),
    (b"\x1a", [b"^Z", b"Stopped"], PROMPTED),
    (b"jobs\n", [b"Stopped", b"while :"], PROMPTED),
    (b"fg\n", [TICK], RUNNING),
    (b"\x03", [b"^C"], PROMPTED),
    (b"echo fg=$?\n", [b"fg=130"], PROMPTED),
    (b"sleep 1 & wait $!; echo waited=$?\n", [b"waited=0"], PROMPTED),
    (b"echo $(echo sub) | tr a-z A-Z\n", [b"SUB"], PROMPTED),
]
# A failure ends the run at its first step: one step's wait plus the boot
# stays well inside ctest's 300 s.
TIMEOUT = 240
STEP_TIMEOUT = 60


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
        for typed, expected, kind in STEPS if status == 0 else []:
            start = len(machine.seen)
            machine.send(typed)
            for text in expected:
                if not machine.wait_for(text, start):
                    print("FAIL: after %r: %r not seen" % (typed, text))
                    status = 1
                    break
            if status == 0 and kind == PROMPTED and not machine.wait_for(PROMPT, start):
                print("FAIL: after %r: no prompt" % typed)
                status = 1
            if status:
                break
        if status == 0:
            machine.send(b"exit\n")
        code = machine.finish(60 if status == 0 else 2)
        if status == 0 and code != 33:
            print("FAIL: QEMU exit %s (33 is the kernel's success)" % code)
            status = 1
        print("PASS: shell session" if status == 0 else "FAIL: shell session")
        return status
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
