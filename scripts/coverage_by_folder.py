#!/usr/bin/env python3
"""Sums `llvm-cov export -summary-only` JSON (stdin) per folder of core/."""
import json
import os
import sys


def percent(covered, count):
    return 100.0 * covered / count if count else 100.0


def main():
    root = os.path.realpath("core") + "/"
    folders = {}
    for entry in json.load(sys.stdin)["data"][0]["files"]:
        path = os.path.realpath(entry["filename"])
        if not path.startswith(root):
            continue
        folder = "core/" + path[len(root):].split("/")[0]
        summary = entry["summary"]
        row = folders.setdefault(folder, [0, 0, 0, 0])
        row[0] += summary["lines"]["count"]
        row[1] += summary["lines"]["covered"]
        row[2] += summary["branches"]["count"]
        row[3] += summary["branches"]["covered"]
    print(f"{'folder':<14} {'lines':>19} {'branches':>19}")
    total = [0, 0, 0, 0]
    for folder in sorted(folders):
        row = folders[folder]
        total = [a + b for a, b in zip(total, row)]
        print(f"{folder:<14} {row[1]:>5}/{row[0]:<5} {percent(row[1], row[0]):5.1f}%  {row[3]:>5}/{row[2]:<5} {percent(row[3], row[2]):5.1f}%")
    print(f"{'core (all)':<14} {total[1]:>5}/{total[0]:<5} {percent(total[1], total[0]):5.1f}%  {total[3]:>5}/{total[2]:<5} {percent(total[3], total[2]):5.1f}%")


if __name__ == "__main__":
    main()
