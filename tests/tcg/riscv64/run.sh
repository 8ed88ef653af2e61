#!/bin/sh
# Build one riscv64 assembly test with the cross compiler and run it on
# vireo-system-riscv64 -M spike under the backend given; exit 77 (SKIP)
# without a cross compiler. Usage: run.sh VIREO SRCDIR TEST.S [BACKEND]
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
tmp=$(mktemp -d) || exit 1
trap 'rm -rf "$tmp"' EXIT
elf=$tmp/$(basename "$test" .S).elf
"$cc" -nostdlib -nostartfiles -static \
    -march=rv64gc_zba_zbb_zbc_zbs_zicsr_zifencei -mabi=lp64d \
    -Wl,--no-warn-rwx-segments -T "$src/link.ld" -I "$src" \
    "$src/$test" -o "$elf" || exit 1
extra=
smp=1
case "$test" in
misaligned-emulate*) extra=",misaligned=emulate" ;;
priv-noc*) extra=",c=false" ;;
rvext-off*) extra=",zicond=false,zimop=false,zcmop=false,zawrs=false"
    extra="$extra,zihintntl=false,zcb=false,zfa=false,zfhmin=false" ;;
zcb-deps*) extra=",zbb=false,zba=false,m=false" ;;
smp*) smp=2 ;;
esac
timeout 60 "$vireo" -M spike -display none -cpu "rv64$extra" -smp "$smp" \
    -accel "tcg,backend=$backend" -bios "$elf"
