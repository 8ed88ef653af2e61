#!/bin/sh
# Registers vireo-riscv64 with the kernel's binfmt_misc, so riscv64 Linux
# ELF programs run directly (./prog) through the emulator; --unregister
# removes the entry, --dry-run prints what would be written.
# SPDX-License-Identifier: GPL-2.0-or-later
#
# The match: the first 20 bytes of an ELF header.
#   7f 45 4c 46      "\x7fELF"
#   02 01 01         ELFCLASS64, ELFDATA2LSB, EV_CURRENT
#   00 00 + 7 pad    e_ident[EI_OSABI] (masked: SYSV 0 or GNU/Linux 3),
#                    EI_ABIVERSION and padding
#   02 00            e_type ET_EXEC; mask fe ff also takes 03 00 ET_DYN
#                    (PIE programs and the dynamic linker)
#   f3 00            e_machine EM_RISCV = 243, little-endian
#
# The flags: 'F' only. F opens the emulator when registering, so the
# entry keeps working inside chroots and containers that do not have it
# at the same path (it must then not need shared libraries missing
# there). 'O' (hand over an open fd) and 'C' (credentials of the program;
# implies O) are left out: vireo-riscv64 opens the program by the path it
# is given and does not read AT_EXECFD, and C would run the emulator with
# a setuid program's privileges. 'P' is left out too: it inserts the
# original argv[0] as an extra argument, which vireo-riscv64 would take
# for the program; without P the program sees its path as argv[0].

set -eu

NAME=vireo-riscv64
BINFMT_DIR=/proc/sys/fs/binfmt_misc
MAGIC='\x7fELF\x02\x01\x01\x00\x00\x00\x00\x00\x00\x00\x00\x00\x02\x00\xf3\x00'
MASK='\xff\xff\xff\xff\xff\xff\xff\x00\xff\xff\xff\xff\xff\xff\xff\xff\xfe\xff\xff\xff'
FLAGS=F

usage() {
    cat <<USAGE
usage: $0 [--path PATH] [--unregister] [--dry-run]
Registers $NAME with binfmt_misc so riscv64 ELF programs run through it.
  --path PATH    the emulator, an absolute path (default: $NAME found in
                 PATH, else the build/ directory next to this script)
  --unregister   remove the entry instead
  --dry-run      print what would be written where, change nothing
Needs root (except --dry-run); mounts binfmt_misc if it is not mounted.
USAGE
}

die() {
    echo "$0: $*" >&2
    exit 1
}

path=
unregister=false
dry_run=false
while [ $# -gt 0 ]; do
    case $1 in
    --path)
        [ $# -ge 2 ] || die "--path needs an argument"
        path=$2
        shift 2
        ;;
    --path=*)
        path=${1#--path=}
        shift
        ;;
    --unregister)
        unregister=true
        shift
        ;;
    --dry-run)
        dry_run=true
        shift
        ;;
    -h|--help)
        usage
        exit 0
        ;;
    *)
        usage >&2
        die "unknown option '$1'"
        ;;
    esac
done

# The entry's file and the register file.
entry=$BINFMT_DIR/$NAME
register=$BINFMT_DIR/register

if $unregister; then
    if $dry_run; then
        echo "would write '-1' to $entry"
        exit 0
    fi
    [ "$(id -u)" = 0 ] || die "needs root to write $entry"
    [ -e "$entry" ] || die "$NAME is not registered ($entry is absent)"
    echo -1 > "$entry"
    echo "unregistered $NAME"
    exit 0
fi

if [ -z "$path" ]; then
    path=$(command -v "$NAME" 2>/dev/null || true)
    if [ -z "$path" ]; then
        path=$(cd "$(dirname "$0")/.." && pwd)/build/$NAME
    fi
fi
case $path in
/*) ;;
*) die "--path '$path' must be absolute (the kernel runs it from anywhere)" ;;
esac
case $path in
*:*) die "--path '$path' cannot contain ':' (binfmt_misc's separator)" ;;
esac

line=":$NAME:M::$MAGIC:$MASK:$path:$FLAGS"

if $dry_run; then
    echo "would write to $register:"
    echo "$line"
    exit 0
fi

[ "$(id -u)" = 0 ] || die "needs root to write $register (try --dry-run)"
[ -x "$path" ] || die "'$path' is not an executable file"
if [ ! -e "$register" ]; then
    mount -t binfmt_misc binfmt_misc "$BINFMT_DIR" ||
        die "cannot mount binfmt_misc on $BINFMT_DIR"
fi
if [ -e "$entry" ]; then
    echo -1 > "$entry"      # replace an older registration
fi
for other in "$BINFMT_DIR"/qemu-riscv64; do
    if [ -e "$other" ] && grep -q '^enabled' "$other"; then
        echo "note: $other matches the same programs; binfmt_misc tries" \
             "the most recently registered entry first" >&2
    fi
done
# printf '%s' keeps the \x escapes for the kernel to decode.
printf '%s\n' "$line" > "$register"
echo "registered $NAME: $path (flags $FLAGS)"
