#!/usr/bin/env bash
# Builds the benchmark programs (static, musl) and the initramfs both
# kernels boot: /init is bench_init, the programs are in /bench.
#
#   bench/build_image.sh OUT_DIR   -> OUT_DIR/programs/*, OUT_DIR/initramfs.cpio
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
out=$1
mkdir -p "$out/programs"
source_dir="$root/bench/programs"
specs=()
for program in bench_init lat_syscall lat_proc lat_ipc lat_mem; do
  musl-gcc -static -O2 -Wall -Wextra -Werror -o "$out/programs/$program" "$source_dir/$program.c"
done
musl-gcc -static -nostdlib -O2 -Wall -Werror -o "$out/programs/tiny" "$source_dir/tiny.c"
specs+=("init=$out/programs/bench_init")
for program in lat_syscall lat_proc lat_ipc lat_mem tiny; do
  specs+=("bench/$program=$out/programs/$program")
done
python3 "$root/tools/make_initramfs.py" "$out/initramfs.cpio" "${specs[@]}"
