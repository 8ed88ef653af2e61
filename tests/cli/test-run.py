#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-or-later
"""Run the real vireo-system binary as a user would, on the empty machine
(-M none), and report TAP: signals end it cleanly, SIGUSR1 dumps the
vCPUs (-M virt, stopped), -d mtree dumps the memory map, the stdio mux
answers Ctrl-a h and Ctrl-a x and gives the terminal back as it found it,
a socket serial port accepts a client.

Usage: test-run.py PATH-TO-vireo-system-riscv64
"""
import os
import pty
import select
import signal
import socket
import subprocess
import sys
import tempfile
import termios
import time

TIMEOUT = 20


def start(binary, args, **kw):
    return subprocess.Popen([binary] + args, stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, **kw)


def wait_for(pred, what):
    deadline = time.monotonic() + TIMEOUT
    while time.monotonic() < deadline:
        if pred():
            return None
        time.sleep(0.02)
    return "timed out waiting for " + what


def sigterm_exits_zero(binary):
    proc = start(binary, ["-M", "none", "-serial", "null"],
                 stdin=subprocess.DEVNULL)
    time.sleep(0.3)
    if proc.poll() is not None:
        return "exited early with %d: %r" % (proc.returncode,
                                              proc.stderr.read())
    proc.send_signal(signal.SIGTERM)
    out, err = proc.communicate(timeout=TIMEOUT)
    if proc.returncode != 0:
        return "exit status %d after SIGTERM" % proc.returncode
    if b"terminating on signal 15" not in err:
        return "no 'terminating on signal 15' in %r" % err
    return None


def sigint_exits_zero(binary):
    proc = start(binary, ["-M", "none", "-serial", "null", "-S"],
                 stdin=subprocess.DEVNULL)
    time.sleep(0.3)
    proc.send_signal(signal.SIGINT)
    out, err = proc.communicate(timeout=TIMEOUT)
    if proc.returncode != 0:
        return "exit status %d after SIGINT" % proc.returncode
    return None


def sigusr1_dumps_vcpus(binary):
    """SIGUSR1 prints every vCPU's state on stderr and the run goes on."""
    with tempfile.TemporaryDirectory() as d:
        kernel = os.path.join(d, "kernel.bin")
        with open(kernel, "wb") as f:
            f.write(b"\x6f\x00\x00\x00")         # j . (stays stopped: -S)
        proc = start(binary, ["-M", "virt", "-smp", "2", "-S", "-serial",
                              "null", "-display", "none", "-bios", "none",
                              "-kernel", kernel], stdin=subprocess.DEVNULL)
        time.sleep(0.5)
        if proc.poll() is not None:
            return "exited early with %d: %r" % (proc.returncode,
                                                  proc.stderr.read())
        proc.send_signal(signal.SIGUSR1)
        time.sleep(0.5)
        alive = proc.poll() is None
        proc.send_signal(signal.SIGTERM)
        out, err = proc.communicate(timeout=TIMEOUT)
    if not alive:
        return "SIGUSR1 ended the run: %r" % err
    text = err.decode(errors="replace")
    for want in ("CPU 0: halted 0", "CPU 1: halted 0", " pc       ",
                 " mhartid  0000000000000001", " satp     "):
        if want not in text:
            return "%r not in %r" % (want, text[:800])
    return None


def mtree_to_log_file(binary):
    with tempfile.TemporaryDirectory() as d:
        log = os.path.join(d, "vireo.log")
        proc = start(binary, ["-M", "none", "-m", "64M", "-serial", "null",
                              "-d", "mtree", "-D", log],
                     stdin=subprocess.DEVNULL)
        why = wait_for(lambda: os.path.exists(log) and
                       b"FlatView" in open(log, "rb").read(), "the dump")
        proc.send_signal(signal.SIGTERM)
        proc.communicate(timeout=TIMEOUT)
        if why:
            return why
        text = open(log).read()
        want = "0000000000000000-0000000003ffffff (prio 0, ram): ram"
        if want not in text:
            return "%r not in the log: %r" % (want, text[:500])
        if "address-space: memory" not in text:
            return "no address space in %r" % text[:500]
    return None


def read_until(fd, needle, limit=TIMEOUT):
    buf = b""
    deadline = time.monotonic() + limit
    while needle not in buf and time.monotonic() < deadline:
        r, _, _ = select.select([fd], [], [], 0.1)
        if r:
            try:
                chunk = os.read(fd, 4096)
            except OSError:
                break
            if not chunk:
                break
            buf += chunk
    return buf


def stdio_mux_escapes(binary):
    """-nographic on a terminal: Ctrl-a h helps, Ctrl-a x quits with 0,
    and the terminal's modes are restored."""
    master, slave = pty.openpty()
    before = termios.tcgetattr(slave)
    proc = subprocess.Popen([binary, "-M", "none", "-nographic"],
                            stdin=slave, stdout=slave,
                            stderr=subprocess.PIPE, close_fds=True)
    try:
        # Raw mode shows the terminal was taken over.
        why = wait_for(lambda: not (termios.tcgetattr(slave)[3] &
                                    termios.ICANON), "raw mode")
        if why:
            return why
        os.write(master, b"\x01h")
        got = read_until(master, b"C-a x")
        if b"C-a x" not in got:
            return "no mux help after Ctrl-a h: %r" % got
        os.write(master, b"\x01x")
        proc.wait(timeout=TIMEOUT)
        if proc.returncode != 0:
            return "exit status %d after Ctrl-a x" % proc.returncode
        after = termios.tcgetattr(slave)
        if after != before:
            return "terminal modes not restored"
        return None
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
        os.close(master)
        os.close(slave)


def socket_serial_accepts_client(binary):
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    spec = "tcp:127.0.0.1:%d,server=on,wait=off" % port
    proc = start(binary, ["-M", "none", "-serial", spec],
                 stdin=subprocess.DEVNULL)
    try:
        conn = None
        deadline = time.monotonic() + TIMEOUT
        while conn is None and time.monotonic() < deadline:
            try:
                conn = socket.create_connection(("127.0.0.1", port), 1)
            except OSError:
                time.sleep(0.05)
        if conn is None:
            return "could not connect to %s" % spec
        conn.sendall(b"hello")   # nothing is wired to it: must be harmless
        conn.close()
        time.sleep(0.2)
        if proc.poll() is not None:
            return "exited after a client came and went: %d" % proc.returncode
        return None
    finally:
        proc.send_signal(signal.SIGTERM)
        proc.communicate(timeout=TIMEOUT)


def serial_wait_blocks_until_client(binary):
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    proc = start(binary, ["-M", "none", "-serial",
                          "tcp:127.0.0.1:%d,server=on,wait=on" % port],
                 stdin=subprocess.DEVNULL)
    try:
        deadline = time.monotonic() + TIMEOUT
        conn = None
        while conn is None and time.monotonic() < deadline:
            try:
                conn = socket.create_connection(("127.0.0.1", port), 1)
            except OSError:
                time.sleep(0.05)
        if conn is None:
            return "no server came up"
        time.sleep(0.2)
        if proc.poll() is not None:
            return "exited: %d %r" % (proc.returncode, proc.stderr.read())
        conn.close()
        return None
    finally:
        proc.send_signal(signal.SIGTERM)
        proc.communicate(timeout=TIMEOUT)


TESTS = [
    sigterm_exits_zero,
    sigint_exits_zero,
    sigusr1_dumps_vcpus,
    mtree_to_log_file,
    stdio_mux_escapes,
    socket_serial_accepts_client,
    serial_wait_blocks_until_client,
]


def main():
    if len(sys.argv) != 2 or not os.access(sys.argv[1], os.X_OK):
        print("Bail out! usage: test-run.py PATH-TO-vireo-system-riscv64")
        return 1
    print("1..%d" % len(TESTS))
    failed = 0
    for n, test in enumerate(TESTS, 1):
        try:
            why = test(sys.argv[1])
        except Exception as e:   # a hang or a crash in the test itself
            why = "%s: %s" % (type(e).__name__, e)
        if why:
            failed += 1
            print("not ok %d - %s" % (n, test.__name__))
            print("# " + why.replace("\n", "\\n"))
        else:
            print("ok %d - %s" % (n, test.__name__))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
