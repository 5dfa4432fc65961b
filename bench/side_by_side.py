#!/usr/bin/env python3
"""Boots the benchmark image under Linux and under Sirius, alternately, and
prints one table: figure, Linux (default mitigations), Linux
(mitigations=off), Sirius, and the ratios Sirius/Linux. Writes the table as
text and CSV and the ratios as a PNG bar chart. bench/run.sh builds what this
needs and calls it; see docs/bench.md for the method.

  side_by_side.py --sirius ELF --linux BZIMAGE --initrd CPIO --out DIR
                  [--rounds N] [--reps N] [--ms N] [--memory 512M]
"""
import argparse
import csv
import os
import re
import select
import statistics
import subprocess
import sys
import time

MARKER = b"@@BENCH-INIT"

# (name, unit, what it measures). The order of the table.
FIGURES = [
    ("boot_to_init", "ms", "QEMU start to /init's first output (its first statement)"),
    ("boot_to_poweroff", "ms", "QEMU start to QEMU exit, /init powering off at once"),
    ("null_syscall", "us", "getppid()"),
    ("getpid_raw_syscall", "us", "getpid through the syscall instruction"),
    ("read_devnull_1b", "us", "read 1 byte from /dev/null"),
    ("write_devnull_1b", "us", "write 1 byte to /dev/null"),
    ("open_close_tmpfs", "us", "open+close of a tmpfs file"),
    ("stat_tmpfs", "us", "stat of a tmpfs file"),
    ("signal_install", "us", "sigaction"),
    ("signal_catch", "us", "kill(self) caught by a handler"),
    ("signal_prot_fault", "us", "SIGSEGV on a read-only page, handler, siglongjmp"),
    ("fork_exit_wait", "us", "fork, child _exit, waitpid"),
    ("vfork_exit_wait", "us", "vfork, child _exit, waitpid"),
    ("fork_execve", "us", "fork, execve of a tiny static binary, waitpid"),
    ("posix_spawn", "us", "posix_spawn of the tiny binary, waitpid"),
    ("thread_create_join", "us", "pthread_create + pthread_join"),
    ("pipe_roundtrip", "us", "one word there and back between two processes"),
    ("ctx_switch_2p", "us", "one hop of a token around a ring of 2 processes"),
    ("ctx_switch_8p", "us", "one hop of a token around a ring of 8 processes"),
    ("sched_yield_pingpong", "us", "sched_yield with a second process yielding"),
    ("page_fault_anon", "us", "first write to a page of fresh anonymous memory"),
    ("mmap_munmap_1m", "us", "mmap+munmap of 1 MiB, untouched"),
    ("mmap_munmap_64m", "us", "mmap+munmap of 64 MiB, untouched"),
    ("cow_fault", "us", "write to a page shared copy-on-write after fork"),
    ("pipe_bandwidth", "MB/s", "64 KiB writes through a pipe to another process"),
]
HIGHER_IS_BETTER = {"pipe_bandwidth"}

# Goals of issue 7 (reported, never asserted): figure -> largest acceptable
# time ratio Sirius/Linux.
GOALS = [
    ("boot_to_init", 0.1, "boot to /init at least 10x faster"),
    ("null_syscall", 1.0, "null syscall within 1.0x"),
    ("signal_catch", 1.0, "signal delivery within 1.0x"),
    ("pipe_roundtrip", 1.0, "pipe round trip within 1.0x"),
    ("page_fault_anon", 1.0, "page fault within 1.0x"),
    ("fork_exit_wait", 1.0, "fork+exit+wait no slower"),
    ("fork_execve", 1.0, "fork+exec no slower"),
]

KERNELS = [
    # (key, label, kernel command line beyond the common part)
    ("linux", "Linux", ""),
    ("linux_nomitig", "Linux mitig=off", "mitigations=off"),
    ("sirius", "Sirius", ""),
]


def qemu_command(kernel, initrd, append, accel, memory):
    accel_args = ["-accel", "kvm", "-cpu", "host"] if accel == "KVM" else ["-accel", "tcg", "-cpu", "max"]
    return ["qemu-system-x86_64", *accel_args, "-m", memory, "-smp", "1", "-no-reboot", "-display", "none",
            "-monitor", "none", "-serial", "stdio", "-device", "isa-debug-exit,iobase=0xf4,iosize=4",
            "-kernel", kernel, "-initrd", initrd, "-append", append]


def boot(kernel, initrd, append, accel, memory, timeout, log_path):
    """One boot; returns (ok, output text, seconds to the marker, seconds to exit)."""
    command = qemu_command(kernel, initrd, append, accel, memory)
    start = time.monotonic()
    process = subprocess.Popen(command, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    output = b""
    marker_at = None
    deadline = start + timeout
    fd = process.stdout.fileno()
    while True:
        remaining = deadline - time.monotonic()
        if remaining <= 0:
            process.kill()
            break
        ready, _, _ = select.select([fd], [], [], remaining)
        if not ready:
            continue
        chunk = os.read(fd, 65536)
        if not chunk:
            break
        output += chunk
        if marker_at is None and MARKER in output:
            marker_at = time.monotonic() - start
    process.wait()
    exit_at = time.monotonic() - start
    text = output.decode(errors="replace").replace("\r", "")
    with open(log_path, "w") as log:
        log.write(f"# {' '.join(command)}\n# exit status {process.returncode}\n{text}")
    # Linux powers off through ACPI (status 0); Sirius through isa-debug-exit
    # (2 * 0 + 1 = 33 for init's exit status 0).
    ok = process.returncode in (0, 33) and marker_at is not None
    return ok, text, marker_at, exit_at


def parse_figures(text):
    """name -> (value or None, unit or reason)."""
    figures = {}
    for line in text.splitlines():
        parts = line.split()
        if len(parts) >= 3 and re.fullmatch(r"[a-z0-9_]+", parts[0]):
            if parts[1] == "n/a":
                figures[parts[0]] = (None, " ".join(parts[2:]))
                continue
            try:
                figures[parts[0]] = (float(parts[1]), parts[2])
            except ValueError:
                pass
    return figures


def info_line(text, key):
    match = re.search(r"^@@" + key + r" (.*)$", text, re.M)
    return match.group(1).strip() if match else "?"


def probe_accelerator(kernels, initrd, memory, log_dir):
    """KVM only when /dev/kvm opens and a short boot of each kernel reaches
    /init and powers off under it (nested KVM can stall Linux early)."""
    if not (os.access("/dev/kvm", os.R_OK | os.W_OK)) or os.environ.get("SIRIUS_NO_KVM") == "1":
        return "TCG", "no usable /dev/kvm"
    for name, kernel in kernels:
        ok, _, _, _ = boot(kernel, initrd, "console=ttyS0 quiet probe", "KVM", memory, 30,
                           os.path.join(log_dir, f"kvm_probe_{name}.log"))
        if not ok:
            return "TCG", f"KVM probe boot of {name} did not power off within 30 s"
    return "KVM", "KVM probe boots of both kernels succeeded"


def load():
    with open("/proc/loadavg") as f:
        return " ".join(f.read().split()[:3])


def fmt(value):
    if value is None:
        return "n/a"
    if value >= 100:
        return f"{value:.0f}"
    if value >= 10:
        return f"{value:.1f}"
    return f"{value:.3g}"


def time_ratio(name, sirius, linux):
    """Sirius's time over Linux's (below 1: Sirius is faster)."""
    if sirius is None or linux is None or sirius == 0 or linux == 0:
        return None
    return linux / sirius if name in HIGHER_IS_BETTER else sirius / linux


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--sirius", required=True)
    parser.add_argument("--linux", required=True)
    parser.add_argument("--linux-version", default="")
    parser.add_argument("--initrd", required=True)
    parser.add_argument("--out", required=True)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--reps", type=int, default=5)
    parser.add_argument("--ms", type=int, default=50)
    parser.add_argument("--memory", default="512M")
    parser.add_argument("--accel", choices=["auto", "TCG", "KVM"], default="auto")
    args = parser.parse_args()

    log_dir = os.path.join(args.out, "logs")
    os.makedirs(log_dir, exist_ok=True)
    kernel_path = {"linux": args.linux, "linux_nomitig": args.linux, "sirius": args.sirius}
    load_before = load()
    if args.accel == "auto":
        accel, accel_reason = probe_accelerator([("linux", args.linux), ("sirius", args.sirius)], args.initrd,
                                                args.memory, log_dir)
    else:
        accel, accel_reason = args.accel, "chosen with --accel"
    print(f"bench: accelerator {accel} ({accel_reason}); {args.rounds} rounds; load {load_before}", flush=True)

    common = f"console=ttyS0 quiet BENCH_REPS={args.reps} BENCH_MS={args.ms}"
    samples = {key: {} for key, _, _ in KERNELS}   # key -> figure -> [values]
    unavailable = {key: {} for key, _, _ in KERNELS}
    info = {key: {} for key, _, _ in KERNELS}
    for round_number in range(1, args.rounds + 1):
        for key, label, extra in KERNELS:
            kernel = kernel_path[key]
            # The probe boot: boot time alone, /init powers off at once.
            ok, _, marker_at, exit_at = boot(kernel, args.initrd, f"{common} {extra} probe".replace("  ", " "), accel,
                                             args.memory, 120, os.path.join(log_dir, f"{key}_boot_{round_number}.log"))
            if ok:
                samples[key].setdefault("boot_to_poweroff", []).append(exit_at * 1000)
                samples[key].setdefault("boot_to_init", []).append(marker_at * 1000)
            # The benchmark boot.
            ok, text, marker_at, exit_at = boot(kernel, args.initrd, f"{common} {extra}".strip(), accel, args.memory,
                                                900, os.path.join(log_dir, f"{key}_{round_number}.log"))
            if marker_at is not None:
                samples[key].setdefault("boot_to_init", []).append(marker_at * 1000)
            for name, (value, unit) in parse_figures(text).items():
                if value is None:
                    unavailable[key][name] = unit
                else:
                    samples[key].setdefault(name, []).append(value)
            for item in ("kernel", "clock_step_ns", "clock_getres_ns", "init_boottime_ms"):
                info[key].setdefault(item, info_line(text, item))
            done = "@@BENCH-DONE" in text
            print(f"bench: round {round_number} {label}: {'ok' if ok and done else 'INCOMPLETE (see logs)'}, "
                  f"{exit_at:.1f} s, load {load()}", flush=True)

    medians = {key: {} for key, _, _ in KERNELS}
    spreads = {key: {} for key, _, _ in KERNELS}
    for key in medians:
        for name, values in samples[key].items():
            medians[key][name] = statistics.median(values)
            spreads[key][name] = (min(values), max(values))

    rows = []
    for name, unit, what in FIGURES:
        row = {"figure": name, "unit": unit, "what": what}
        for key, _, _ in KERNELS:
            row[key] = medians[key].get(name)
            low_high = spreads[key].get(name)
            row[key + "_min"] = low_high[0] if low_high else None
            row[key + "_max"] = low_high[1] if low_high else None
            row[key + "_note"] = unavailable[key].get(name, "" if name in medians[key] else "not measured")
        row["ratio"] = time_ratio(name, row["sirius"], row["linux"])
        row["ratio_nomitig"] = time_ratio(name, row["sirius"], row["linux_nomitig"])
        rows.append(row)

    load_after = load()
    lines = []
    lines.append(f"Sirius vs Linux {args.linux_version or info['linux'].get('kernel', '?')}: QEMU {accel} "
                 f"({accel_reason}), -smp 1 -m {args.memory}, {args.rounds} rounds alternating, "
                 f"{args.reps} repetitions per figure per boot")
    lines.append(f"Each cell: median over rounds of the per-boot medians. Ratio: Sirius time / Linux time "
                 f"(below 1: Sirius faster; for MB/s the inverse). Host load {load_before} -> {load_after}.")
    lines.append(f"Clock step seen by /init: Linux {info['linux'].get('clock_step_ns')} ns, "
                 f"Sirius {info['sirius'].get('clock_step_ns')} ns.")
    lines.append("")
    header = f"{'figure':<22} {'unit':<5} {'Linux':>9} {'Linux m=off':>11} {'Sirius':>9} {'S/L':>7} {'S/L m=off':>9}"
    lines.append(header)
    lines.append("-" * len(header))
    for row in rows:
        ratio = "n/a" if row["ratio"] is None else f"{row['ratio']:.2f}"
        ratio_off = "n/a" if row["ratio_nomitig"] is None else f"{row['ratio_nomitig']:.2f}"
        lines.append(f"{row['figure']:<22} {row['unit']:<5} {fmt(row['linux']):>9} {fmt(row['linux_nomitig']):>11} "
                     f"{fmt(row['sirius']):>9} {ratio:>7} {ratio_off:>9}")
    missing = [(row["figure"], key, row[key + "_note"]) for row in rows for key, _, _ in KERNELS if row[key] is None]
    if missing:
        lines.append("")
        for figure, key, note in missing:
            lines.append(f"n/a: {figure} on {key}: {note}")
    lines.append("")
    lines.append("Goals (issue 7; reported, not asserted), against Linux with default mitigations:")
    by_name = {row["figure"]: row for row in rows}
    for name, limit, text in GOALS:
        ratio = by_name[name]["ratio"]
        if ratio is None:
            verdict = "n/a"
        else:
            verdict = ("met" if ratio <= limit else "NOT met") + f" (ratio {ratio:.2f}, goal <= {limit})"
        lines.append(f"  {text}: {verdict}")
    table = "\n".join(lines)
    print(table)

    with open(os.path.join(args.out, "results.txt"), "w") as f:
        f.write(table + "\n")
    with open(os.path.join(args.out, "results.csv"), "w", newline="") as f:
        writer = csv.writer(f)
        columns = ["figure", "unit", "linux", "linux_min", "linux_max", "linux_nomitig", "linux_nomitig_min",
                   "linux_nomitig_max", "sirius", "sirius_min", "sirius_max", "ratio", "ratio_nomitig",
                   "sirius_note", "what"]
        writer.writerow(columns + ["accelerator"])
        for row in rows:
            writer.writerow(["" if row[c] is None else row[c] for c in columns] + [accel])
    chart(rows, accel, os.path.join(args.out, "ratios.png"))
    print(f"bench: wrote {args.out}/results.txt, results.csv, ratios.png; logs in {log_dir}")
    return 0


def chart(rows, accel, path):
    import matplotlib
    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    shown = [row for row in rows if row["ratio"] is not None]
    names = [row["figure"] for row in shown]
    fig, ax = plt.subplots(figsize=(8, 0.32 * len(shown) + 1.2), dpi=80)
    positions = range(len(shown))
    ax.barh([p + 0.2 for p in positions], [row["ratio"] for row in shown], height=0.4, label="vs Linux",
            color=["#2a7" if row["ratio"] <= 1 else "#c44" for row in shown])
    ax.barh([p - 0.2 for p in positions], [row["ratio_nomitig"] or 0 for row in shown], height=0.4,
            label="vs Linux mitigations=off", color="#999")
    ax.axvline(1.0, color="black", linewidth=0.8)
    ax.set_xscale("log")
    ax.set_yticks(list(positions))
    ax.set_yticklabels(names, fontsize=8)
    ax.invert_yaxis()
    ax.set_xlabel("Sirius time / Linux time (log; < 1: Sirius faster)")
    ax.set_title(f"Sirius vs Linux under QEMU {accel}", fontsize=10)
    ax.legend(fontsize=7, loc="lower right")
    fig.tight_layout()
    fig.savefig(path)


if __name__ == "__main__":
    sys.exit(main())
