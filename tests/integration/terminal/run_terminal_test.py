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
import socket
import subprocess
import sys
import tempfile
import time

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
    qemu = shutil.which("qemu-system-x86_64")
    if qemu is None:
        print("SKIP: qemu-system-x86_64 is not installed")
        return 77
    work = tempfile.mkdtemp()
    try:
        initrd = os.path.join(work, "initrd.cpio")
        subprocess.run([sys.executable, make_initramfs, initrd, "init=" + program], check=True)
        path = os.path.join(work, "console")
        args = [qemu, "-accel", "tcg", "-cpu", "max", "-kernel", kernel, "-initrd", initrd, "-m", "256M",
                "-no-reboot", "-display", "none", "-monitor", "none",
                "-chardev", "socket,id=console,path=%s,server=on,wait=on" % path, "-serial", "chardev:console",
                "-device", "isa-debug-exit,iobase=0xf4,iosize=4", "-append", "loglevel=4"]
        machine = subprocess.Popen(args, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
        deadline = time.monotonic() + TIMEOUT
        while not os.path.exists(path):
            if machine.poll() is not None or time.monotonic() > deadline:
                output = machine.stdout.read().decode(errors="replace")
                print(output)
                print("SKIP: QEMU cannot start here" if machine.returncode == 1 else "FAIL: no console socket")
                return 77 if machine.returncode == 1 else 1
            time.sleep(0.05)
        console = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        console.connect(path)
        console.settimeout(1.0)
        seen = bytearray()

        def wait_for(text, start=0):
            step_deadline = min(deadline, time.monotonic() + STEP_TIMEOUT)
            while text not in seen[start:]:
                if time.monotonic() > step_deadline:
                    return False
                try:
                    chunk = console.recv(4096)
                except socket.timeout:
                    continue
                if not chunk:
                    return text in seen[start:]
                seen.extend(chunk)
            return True

        status = 0
        for prompt, typed, echoes in STEPS:
            if not wait_for(prompt.encode() + b"\r\n"):
                print("FAIL: no prompt %s" % prompt)
                status = 1
                break
            start = seen.index(prompt.encode() + b"\r\n")
            console.sendall(typed)
            for echo in echoes:
                if not wait_for(echo, start):
                    print("FAIL: %s: echo %r not seen" % (prompt, echo))
                    status = 1
        if status == 0 and not wait_for(b"all passed"):
            status = 1
        # The rest of the output, until QEMU exits.
        while True:
            try:
                chunk = console.recv(4096)
            except socket.timeout:
                if machine.poll() is not None or time.monotonic() > deadline:
                    break
                continue
            if not chunk:
                break
            seen.extend(chunk)
        try:
            code = machine.wait(timeout=max(1, deadline - time.monotonic()))
        except subprocess.TimeoutExpired:
            machine.kill()
            code = None
        sys.stdout.write(seen.decode(errors="replace").replace("\r", ""))
        if b"FAIL" in seen:
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
