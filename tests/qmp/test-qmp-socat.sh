#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# Replay tests/qmp/session.txt through Debian's socat, as a user would
# type it, and compare every line that comes back with session.expected
# ('*' matches numbers that change: version, timestamps). TAP output.
# Usage: test-qmp-socat.sh VIREO-RISCV64 SESSION.TXT
set -u
vireo=$1
session=$2
expected=${session%.txt}.expected
echo "1..2"
if ! command -v socat >/dev/null 2>&1; then
    echo "ok 1 - socat session # SKIP socat is not installed"
    echo "ok 2 - exit status # SKIP socat is not installed"
    exit 0
fi
tmp=$(mktemp -d /tmp/vireo-qmp-socat-XXXXXX)
trap 'rm -rf "$tmp"' EXIT
"$vireo" -M virt -S -display none -serial null -m 64M \
    -qmp "unix:$tmp/qmp.sock,server,wait=off" 2>"$tmp/err" &
pid=$!
i=0
while [ ! -S "$tmp/qmp.sock" ] && [ $i -lt 100 ]; do
    sleep 0.1
    i=$((i + 1))
done
# One request per line, a little apart so each reply and event comes
# back in order; socat ends when the server closes after quit.
while IFS= read -r line; do
    printf '%s\n' "$line"
    sleep 0.2
done <"$session" | socat -t 10 - "UNIX-CONNECT:$tmp/qmp.sock" \
    | tr -d '\r' >"$tmp/out"
if python3 - "$tmp/out" "$expected" <<'PY'
import re, sys
got = open(sys.argv[1]).read().splitlines()
want = open(sys.argv[2]).read().splitlines()
bad = len(got) != len(want)
for g, w in zip(got, want):
    pat = "^" + re.escape(w).replace(r"\*", "[0-9.]*") + "$"
    if not re.match(pat, g):
        print("# want: " + w)
        print("# got:  " + g)
        bad = True
if len(got) != len(want):
    print("# %d lines, expected %d" % (len(got), len(want)))
sys.exit(1 if bad else 0)
PY
then
    echo "ok 1 - socat session matches session.expected"
else
    echo "not ok 1 - socat session matches session.expected"
fi
i=0
while kill -0 "$pid" 2>/dev/null && [ $i -lt 100 ]; do
    sleep 0.1
    i=$((i + 1))
done
if kill -0 "$pid" 2>/dev/null; then
    kill "$pid"
    echo "not ok 2 - vireo exits after quit"
elif wait "$pid"; then
    echo "ok 2 - vireo exits 0 after quit"
else
    echo "not ok 2 - vireo exits 0 after quit"
    sed 's/^/# /' "$tmp/err"
fi
