#!/bin/sh
# Differential check: run a riscv64 test on Vireo and on Debian's
# qemu-system-riscv64 -M spike and compare the console output and exit
# status. SKIP (77) without the cross compiler or QEMU.
# Usage: diff-qemu.sh VIREO SRCDIR TEST.S [BACKEND]
# SPDX-License-Identifier: GPL-2.0-or-later
vireo=$1; src=$2; test=$3; backend=${4:-native}
cc=
for c in riscv64-unknown-elf-gcc riscv64-linux-gnu-gcc; do
    if command -v "$c" >/dev/null 2>&1; then cc=$c; break; fi
done
if [ -z "$cc" ]; then
    echo "SKIP: no riscv64 cross compiler (scripts/install-deps.sh --oracle)"
    exit 77
fi
if ! command -v qemu-system-riscv64 >/dev/null 2>&1; then
    echo "SKIP: no qemu-system-riscv64 to compare with"
    exit 77
fi
tmp=$(mktemp -d) || exit 1
trap 'rm -rf "$tmp"' EXIT
elf=$tmp/t.elf
"$cc" -nostdlib -nostartfiles -static \
    -march=rv64gc_zba_zbb_zbc_zbs_zicsr_zifencei -mabi=lp64d \
    -Wl,--no-warn-rwx-segments -T "$src/link.ld" -I "$src" \
    "$src/$test" -o "$elf" || exit 1
timeout 60 "$vireo" -M spike -display none -accel "tcg,backend=$backend" \
    -bios "$elf" >"$tmp/vireo.out"
vs=$?
# QEMU 7.2 has Zfhmin but leaves it off by default
qcpu=
case "$test" in
zfhmin*|diff-zfhmin*) qcpu="-cpu rv64,Zfhmin=true" ;;
esac
timeout 60 qemu-system-riscv64 -M spike -display none -nographic $qcpu \
    -bios "$elf" </dev/null >"$tmp/qemu.out" 2>/dev/null
qs=$?
# QEMU's console may turn \n into \r\n
tr -d '\r' <"$tmp/qemu.out" >"$tmp/qemu.txt"
if [ "$vs" != "$qs" ]; then
    echo "exit status: vireo $vs, qemu $qs"
    exit 1
fi
if ! cmp -s "$tmp/vireo.out" "$tmp/qemu.txt"; then
    echo "output differs:"
    diff "$tmp/vireo.out" "$tmp/qemu.txt" | head -20
    exit 1
fi
echo "same output ($(wc -l <"$tmp/vireo.out") lines) and exit status $vs"
