#!/usr/bin/env python3
"""Boots Sirius with terminal_session as /init and types at its console.

QEMU's serial port is a Unix socket (server, wait=on: the guest starts only
once this driver is connected, so no output is lost); the driver waits for
each "ready-<step>" prompt before it types, as a person would. TCG only:
the test is about the terminal, not speed.

    run_terminal_test.py MAKE_INITRAMFS KERNEL PROGRAM

Exit: 0 when the program reported every step passed, the expected echoes
were seen and the kernel powered off with success; 77 when QEMU cannot
start here; 1 otherwise.
"""
import os
import shutil
import subprocess
import sys
import tempfile

from serial_console import QemuUnavailable, SerialConsole

# What to type at each prompt, and the echoes that must come back (ONLCR
# turns the newline into \r\n; ECHOE wipes an erased character with
# "\b \b"). A step's input is sent at once; the program may read and answer
# between two lines of it, so each line's echo is looked for on its own.
STEPS = [
    ("ready-lines", b"one\ntwo\n", [b"one\r\n", b"two\r\n"]),
    ("ready-erase", b"abx\x7fc\n", [b"abx\b \bc\r\n"]),
    ("ready-werase", b"foo bar\x17baz\n", [b"foo bar\b \b\b \b\b \bbaz\r\n"]),
    ("ready-kill", b"junk\x15ok\n", [b"junk\b \b\b \b\b \b\b \bok\r\n"]),
    ("ready-eof", b"partial\x04", [b"partial"]),
    ("ready-eof-empty", b"\x04", []),
    ("ready-intr", b"\x03", [b"^C"]),
    ("ready-intr-busy", b"\x03", [b"^C"]),
    ("ready-raw", b"x", []),
]
# Seconds for the whole run, and for each prompt or echo.
TIMEOUT = 240
STEP_TIMEOUT = 60


def main():
    make_initramfs, kernel, program = sys.argv[1:4]
    work = tempfile.mkdtemp()
    try:
        initrd = os.path.join(work, "initrd.cpio")
        subprocess.run([sys.executable, make_initramfs, initrd, "init=" + program], check=True)
        try:
            machine = SerialConsole(kernel, initrd, work, TIMEOUT, STEP_TIMEOUT, 1.0)
        except QemuUnavailable as reason:
            print("SKIP: %s" % reason)
            return 77
        except RuntimeError as reason:
            print("FAIL: %s" % reason)
            return 1
        status = 0
        for prompt, typed, echoes in STEPS:
            if not machine.wait_for(prompt.encode() + b"\r\n"):
                print("FAIL: no prompt %s" % prompt)
                status = 1
                break
            start = machine.seen.index(prompt.encode() + b"\r\n")
            machine.send(typed)
            for echo in echoes:
                if not machine.wait_for(echo, start):
                    print("FAIL: %s: echo %r not seen" % (prompt, echo))
                    status = 1
        if status == 0 and not machine.wait_for(b"all passed"):
            status = 1
        code = machine.finish()
        if b"FAIL" in machine.seen:
            status = 1
        if code != 33:
            print("FAIL: QEMU exit %s (33 is the kernel's success)" % code)
            status = 1
        print("PASS: terminal session" if status == 0 else "FAIL: terminal session")
        return status
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
