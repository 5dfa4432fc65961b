"""A Sirius boot whose serial console is a Unix socket, for the tests that
type at it (run_terminal_test.py, run_shell_test.py).

QEMU's serial port is a socket server with wait=on: the guest starts only
once the driver is connected, so no output is lost. TCG only: these tests
are about the terminal, not speed.
"""
import os
import shutil
import socket
import subprocess
import sys
import time


class QemuUnavailable(Exception):
    """QEMU is not installed or cannot start here: the test skips (77)."""


class SerialConsole:
    """The booted machine and everything its console has written (`seen`)."""

    def __init__(self, kernel, initrd, work, timeout, step_timeout, receive_timeout):
        qemu = shutil.which("qemu-system-x86_64")
        if qemu is None:
            raise QemuUnavailable("qemu-system-x86_64 is not installed")
        path = os.path.join(work, "console")
        args = [qemu, "-accel", "tcg", "-cpu", "max", "-kernel", kernel, "-initrd", initrd, "-m", "256M",
                "-no-reboot", "-display", "none", "-monitor", "none",
                "-chardev", "socket,id=console,path=%s,server=on,wait=on" % path, "-serial", "chardev:console",
                "-device", "isa-debug-exit,iobase=0xf4,iosize=4", "-append", "loglevel=4"]
        self.machine = subprocess.Popen(args, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
        self.deadline = time.monotonic() + timeout
        self.step_timeout = step_timeout
        while not os.path.exists(path):
            if self.machine.poll() is not None or time.monotonic() > self.deadline:
                print(self.machine.stdout.read().decode(errors="replace"))
                if self.machine.returncode == 1:
                    raise QemuUnavailable("QEMU cannot start here")
                raise RuntimeError("no console socket")
            time.sleep(0.05)
        self.console = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        self.console.connect(path)
        self.console.settimeout(receive_timeout)
        self.seen = bytearray()

    def send(self, data):
        self.console.sendall(data)

    def wait_for(self, text, start=0):
        """Whether `text` comes in seen[start:] within a step's time."""
        step_deadline = min(self.deadline, time.monotonic() + self.step_timeout)
        while text not in self.seen[start:]:
            if time.monotonic() > step_deadline:
                return False
            try:
                chunk = self.console.recv(4096)
            except socket.timeout:
                continue
            if not chunk:
                return text in self.seen[start:]
            self.seen.extend(chunk)
        return True

    def finish(self, grace=60):
        """Reads the rest of the output until QEMU exits or `grace` seconds
        pass (never past the overall deadline), kills QEMU if it is still
        running, prints everything the console wrote, and returns QEMU's exit
        code (None when it had to be killed). A failed step passes a short
        grace so that the log shows the failure at once, not a ctest timeout."""
        end = min(self.deadline, time.monotonic() + grace)
        while self.machine.poll() is None and time.monotonic() < end:
            try:
                chunk = self.console.recv(4096)
            except socket.timeout:
                continue
            if not chunk:
                break
            self.seen.extend(chunk)
        try:
            code = self.machine.wait(timeout=max(0.1, end - time.monotonic()))
        except subprocess.TimeoutExpired:
            self.machine.kill()
            self.machine.wait()
            code = None
        try:
            while True:
                chunk = self.console.recv(4096)
                if not chunk:
                    break
                self.seen.extend(chunk)
        except OSError:
            pass
        sys.stdout.write(self.seen.decode(errors="replace").replace("\r", ""))
        return code
