#!/usr/bin/env python3
"""A sampling profiler of the guest: boots a kernel in QEMU with the human
monitor on a socket, asks it for the vCPU's registers every few
milliseconds while one benchmark figure runs, and prints where the guest's
instruction pointer was - kernel functions by name (from the ELF's symbols
when the kernel is an ELF with them: Sirius; Linux's System.map with
--system-map), user space as one line. Host perf on QEMU under TCG sees
only translated code; this names the guest's functions.

  guest_profile.py --kernel K --initrd CPIO --append "ARGS" [--system-map MAP]
                   [--delay S] [--seconds S] [--interval MS] [--top N]

The initramfs and arguments choose what runs (bench/run.sh's image with
"BENCH_MS=2000 null_syscall" style arguments as /init = one program).
"""
import argparse
import bisect
import os
import re
import socket
import subprocess
import tempfile
import time


def load_symbols(kernel, system_map):
    symbols = []
    if system_map:
        with open(system_map) as f:
            for line in f:
                parts = line.split()
                if len(parts) == 3 and parts[1] in "tTwW":
                    symbols.append((int(parts[0], 16), parts[2]))
    else:
        output = subprocess.run(["llvm-nm-19", "-C", "--defined-only", kernel], capture_output=True, text=True).stdout
        for line in output.splitlines():
            parts = line.split(" ", 2)
            if len(parts) == 3 and parts[1] in "tTwW":
                symbols.append((int(parts[0], 16), parts[2]))
    symbols.sort()
    return symbols


def name_of(symbols, addresses, rip):
    if rip < 0x800000000000:
        return "[user space]"
    i = bisect.bisect_right(addresses, rip) - 1
    return symbols[i][1] if i >= 0 else hex(rip)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--kernel", required=True)
    parser.add_argument("--initrd", required=True)
    parser.add_argument("--append", default="")
    parser.add_argument("--system-map")
    parser.add_argument("--delay", type=float, default=3.0)
    parser.add_argument("--seconds", type=float, default=5.0)
    parser.add_argument("--interval", type=float, default=2.0)
    parser.add_argument("--top", type=int, default=25)
    parser.add_argument("--memory", default="512M")
    parser.add_argument("--addresses", type=int, default=0,
                        help="also print the N most sampled addresses of the top kernel function")
    args = parser.parse_args()

    symbols = load_symbols(args.kernel, args.system_map)
    addresses = [a for a, _ in symbols]
    directory = tempfile.mkdtemp()
    monitor = os.path.join(directory, "monitor.sock")
    serial = os.path.join(directory, "serial.log")
    qemu = subprocess.Popen(["qemu-system-x86_64", "-accel", "tcg", "-cpu", "max", "-m", args.memory, "-smp", "1",
                             "-no-reboot", "-display", "none", "-monitor", f"unix:{monitor},server,nowait",
                             "-serial", f"file:{serial}", "-device", "isa-debug-exit,iobase=0xf4,iosize=4",
                             "-kernel", args.kernel, "-initrd", args.initrd, "-append", args.append],
                            stdin=subprocess.DEVNULL)
    time.sleep(args.delay)
    connection = socket.socket(socket.AF_UNIX)
    connection.connect(monitor)
    connection.settimeout(2)

    def command(text):
        connection.sendall(text.encode() + b"\n")
        data = b""
        while not data.rstrip().endswith(b"(qemu)"):
            data += connection.recv(65536)
        return data.decode(errors="replace")

    command("")
    counts = {}
    rips = {}
    total = 0
    end = time.monotonic() + args.seconds
    while time.monotonic() < end and qemu.poll() is None:
        try:
            output = command("info registers")
        except OSError:
            break
        match = re.search(r"RIP=([0-9a-f]+)", output)
        if match:
            rip = int(match.group(1), 16)
            name = name_of(symbols, addresses, rip)
            counts[name] = counts.get(name, 0) + 1
            rips.setdefault(name, {})
            rips[name][rip] = rips[name].get(rip, 0) + 1
            total += 1
        time.sleep(args.interval / 1000)
    connection.close()
    qemu.wait(timeout=600)
    with open(serial, errors="replace") as f:
        for line in f.read().replace("\r", "").splitlines()[-5:]:
            print("serial:", line)
    print(f"{total} samples")
    ranked = sorted(counts.items(), key=lambda item: -item[1])
    for name, count in ranked[:args.top]:
        print(f"{100.0 * count / max(total, 1):6.2f}%  {name[:110]}")
    if args.addresses:
        top = next((name for name, _ in ranked if name != "[user space]"), None)
        if top is not None:
            print(f"most sampled addresses in {top[:80]}:")
            for rip, count in sorted(rips[top].items(), key=lambda item: -item[1])[:args.addresses]:
                print(f"  {rip:#x}  {count}")


if __name__ == "__main__":
    main()
