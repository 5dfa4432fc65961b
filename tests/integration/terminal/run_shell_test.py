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
import socket
import subprocess
import sys
import tempfile
import time

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
    qemu = shutil.which("qemu-system-x86_64")
    if qemu is None:
        print("SKIP: qemu-system-x86_64 is not installed")
        return 77
    work = tempfile.mkdtemp()
    try:
        initrd = os.path.join(work, "initrd.cpio")
        applets = subprocess.run([busybox, "--list"], check=True, capture_output=True, text=True).stdout.split()
        specs = ["init=" + init, "bin/busybox=" + busybox]
        specs += ["bin/%s->busybox" % applet for applet in applets if applet != "busybox"]
        subprocess.run([sys.executable, make_initramfs, initrd] + specs, check=True)
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
        console.settimeout(0.5)
        seen = bytearray()

        def wait_for(text, start):
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
        if not wait_for(b"Type 'exit' to power off.", 0):
            print("FAIL: no banner from /init")
            status = 1
        else:
            # The first prompt is the login shell's own; ours comes after.
            start = len(seen)
            console.sendall(b"PS1='%s'\n" % PROMPT)
            if not wait_for(b"\n" + PROMPT, start):
                print("FAIL: no prompt")
                status = 1
        for step in STEPS if status == 0 else []:
            typed, expected = step[0], step[1]
            in_screen = len(step) > 2 and step[2] == SCREEN
            start = len(seen)
            if typed.startswith(b"\x03") or typed.startswith(b"\x1a"):
                time.sleep(SETTLE)
            console.sendall(typed)
            if expected is None:
                continue
            for text in expected:
                if not wait_for(text, start):
                    print("FAIL: after %r: %r not seen" % (typed, text))
                    status = 1
            if not in_screen and not wait_for(PROMPT, start):
                print("FAIL: after %r: no prompt" % typed)
                status = 1
            if status:
                break
        if status == 0:
            console.sendall(b"exit\n")
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
            code = machine.wait(timeout=max(1, deadline - time.monotonic()) if status == 0 else 1)
        except subprocess.TimeoutExpired:
            machine.kill()
            code = None
        sys.stdout.write(seen.decode(errors="replace").replace("\r", ""))
        if status == 0 and code != 33:
            print("FAIL: QEMU exit %s (33 is the kernel's success)" % code)
            status = 1
        print("PASS: shell session" if status == 0 else "FAIL: shell session")
        return status
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
