#!/bin/sh
# scripts/binfmt-register.sh without root: --dry-run's register line
# (magic, mask, path, flags), --unregister --dry-run, and the argument
# errors. TAP on stdout.
# SPDX-License-Identifier: GPL-2.0-or-later

script=$1
n=0
fail=0

check() {
    n=$((n + 1))
    if [ "$2" = "$3" ]; then
        echo "ok $n - $1"
    else
        echo "not ok $n - $1"
        echo "# expected: $3"
        echo "# got:      $2"
        fail=1
    fi
}

magic='\x7fELF\x02\x01\x01\x00\x00\x00\x00\x00\x00\x00\x00\x00\x02\x00\xf3\x00'
mask='\xff\xff\xff\xff\xff\xff\xff\x00\xff\xff\xff\xff\xff\xff\xff\xff\xfe\xff\xff\xff'

out=$(sh "$script" --dry-run --path /opt/v/vireo-riscv64)
check "dry-run exit status" "$?" 0
check "dry-run names the register file" "$(echo "$out" | head -n1)" \
    "would write to /proc/sys/fs/binfmt_misc/register:"
check "dry-run register line" "$(echo "$out" | sed -n 2p)" \
    ":vireo-riscv64:M::$magic:$mask:/opt/v/vireo-riscv64:F"

out=$(sh "$script" --dry-run --path=/x/y)
check "--path=PATH spelling" "$(echo "$out" | sed -n 2p)" \
    ":vireo-riscv64:M::$magic:$mask:/x/y:F"

out=$(sh "$script" --unregister --dry-run)
check "unregister dry-run" "$out" \
    "would write '-1' to /proc/sys/fs/binfmt_misc/vireo-riscv64"

# The first 20 bytes of a header (octal escapes) under the mask, in hex.
masked_hex() {
    hdr=$(printf "$1" | od -An -tx1 | tr -d ' \n')
    res=
    i=0
    for b in $(printf '%s' "$mask" | sed 's/\\x/ /g'); do
        h=$(echo "$hdr" | cut -c$((i * 2 + 1))-$((i * 2 + 2)))
        res="$res$(printf '%02x' $((0x$h & 0x$b)))"
        i=$((i + 1))
    done
    echo "$res"
}
want=$(printf '%s' "$magic" | sed 's/\\x7fELF/\\x7f\\x45\\x4c\\x46/; s/\\x//g')
# A PIE (ET_DYN, OSABI GNU/Linux) and a static ET_EXEC riscv64 program
# match; an x86-64 one (e_machine 0x3e) and a big-endian one do not.
check "riscv64 PIE header matches" \
    "$(masked_hex '\177ELF\002\001\001\003\000\000\000\000\000\000\000\000\003\000\363\000')" "$want"
check "riscv64 ET_EXEC header matches" \
    "$(masked_hex '\177ELF\002\001\001\000\000\000\000\000\000\000\000\000\002\000\363\000')" "$want"
x86=$(masked_hex '\177ELF\002\001\001\000\000\000\000\000\000\000\000\000\002\000\076\000')
check "x86-64 header does not match" "$([ "$x86" != "$want" ] && echo differs)" differs
be=$(masked_hex '\177ELF\002\002\001\000\000\000\000\000\000\000\000\000\000\002\000\363')
check "big-endian header does not match" "$([ "$be" != "$want" ] && echo differs)" differs

sh "$script" --path relative/vireo --dry-run >/dev/null 2>&1
check "relative path refused" "$?" 1
sh "$script" --path /a:b --dry-run >/dev/null 2>&1
check "path with ':' refused" "$?" 1
sh "$script" --bogus >/dev/null 2>&1
check "unknown option refused" "$?" 1
sh "$script" --path >/dev/null 2>&1
check "--path without argument refused" "$?" 1
err=$(sh "$script" --bogus 2>&1 >/dev/null | tail -n1)
check "unknown option named" "$err" "$script: unknown option '--bogus'"

echo "1..$n"
exit $fail
