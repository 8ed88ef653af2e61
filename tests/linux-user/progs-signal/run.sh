#!/bin/bash
# Runs sigtest's cases under an emulator and prints what each printed
# and its exit status; run it once with qemu-riscv64 and once with
# vireo-riscv64 and diff the two. The *-ext cases get signals from here.
# The thread cases (thread thread-route thread-ext) need clone and futex.
# usage: run.sh EMULATOR SIGTEST [CASE...]
# SPDX-License-Identifier: GPL-2.0-or-later
emu=$1 prog=$2
shift 2
cases=${*:-raise kill mask segv-jump segv-fix sigbus altstack nested \
ucontext fp term abort blocked-segv bad-sigreturn errors eintr-ext suspend-ext \
term-ext}
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT

# CASE, then what the harness does while it runs (send SIG... / write)
run_ext() {
    local c=$1 out=$dir/out pid
    shift
    mkfifo "$dir/in"
    timeout 20 "$emu" "$prog" "$c" < "$dir/in" > "$out" 2>&1 &
    pid=$!
    exec 3> "$dir/in"
    for _ in $(seq 100); do grep -q ready "$out" && break; sleep 0.1; done
    for step in "$@"; do
        sleep 0.5
        case $step in
            write) echo x >&3 ;;
            *) pkill -"$step" -P "$pid" 2>/dev/null || kill -"$step" "$pid" ;;
        esac
    done
    exec 3>&-
    wait "$pid"
    st=$?
    cat "$out"
    rm -f "$dir/in"
    return $st
}

for c in $cases; do
    echo "== $c"
    case $c in
        eintr-ext) run_ext "$c" USR1 USR1 write ;;
        suspend-ext) run_ext "$c" USR1 ;;
        term-ext) run_ext "$c" TERM ;;
        thread-ext) run_ext "$c" USR1 write ;;
        *) timeout 20 "$emu" "$prog" "$c" 2>&1 | head -40
           (exit "${PIPESTATUS[0]}") ;;
    esac
    echo "status $?"
done
