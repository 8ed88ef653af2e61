#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-or-later
"""QMP end to end, with a client of our own (stdlib socket + json).

Part 1 runs vireo-system-riscv64 -M virt -smp 2 stopped (-S) with a
known pattern as -bios and a -drive, with two QMP servers (a unix socket
and a tcp port): greeting, negotiation, every command, events, and every
error path, then quit. Part 2 runs vireo-system-x86_64 -M microvm under
KVM with tests/qmp/spin.S (SKIPPED without a usable /dev/kvm or a
32-bit-capable gcc): KVM queries, pmemsave, the ACPI power button, events.

Usage: test-qmp.py VIREO-RISCV64 VIREO-X86_64|'' TESTS-QMP-SOURCE-DIR
Output is TAP.
"""
import json
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)),
                                "..", "lib"))
import vireotest  # noqa: E402

TIMEOUT = 30
TAP = vireotest.Tap()


def report(name, ok, detail=""):
    TAP.ok(ok, name, detail)


skip = TAP.skip


class QMP:
    """One connection. Events that arrive are kept in self.events."""

    def __init__(self, address, family=socket.AF_UNIX):
        self.sock = vireotest.connect(address, family, TIMEOUT)
        self.buf = b""
        self.events = []
        self.greeting = self.read()

    def read_line(self):
        while b"\n" not in self.buf:
            data = self.sock.recv(65536)
            if not data:
                raise EOFError("connection closed")
            self.buf += data
        line, self.buf = self.buf.split(b"\n", 1)
        return line

    def read(self):
        line = self.read_line()
        if not line.endswith(b"\r"):
            raise ValueError("reply not ended by CRLF: %r" % line)
        return json.loads(line)

    def send_raw(self, data):
        self.sock.sendall(data)

    def reply(self):
        """The next reply, keeping events that come before it."""
        while True:
            msg = self.read()
            if "event" in msg:
                self.events.append(msg)
            else:
                return msg

    def cmd_raw(self, data):
        self.send_raw(data)
        return self.reply()

    def cmd(self, name, args=None, **extra):
        msg = {"execute": name}
        if args is not None:
            msg["arguments"] = args
        msg.update(extra)
        return self.cmd_raw(json.dumps(msg).encode() + b"\n")

    def event(self, name):
        """Wait for event name (an already received one counts)."""
        while True:
            for i, e in enumerate(self.events):
                if e["event"] == name:
                    return self.events.pop(i)
            self.events.append(self.read())

    def close(self):
        self.sock.close()


def is_error(reply, cls, desc_part=""):
    return ("error" in reply and reply["error"]["class"] == cls and
            desc_part in reply["error"]["desc"] and "return" not in reply)


def check(name, cond, detail=""):
    report(name, bool(cond), detail)


def check_error(name, reply, cls, desc_part=""):
    report(name, is_error(reply, cls, desc_part), reply)


def check_return(name, reply, value=None):
    ok = "return" in reply and (value is None or reply["return"] == value)
    report(name, ok, reply)


def check_event(name, ev, evname, data=None):
    ts = ev.get("timestamp", {})
    ok = (ev.get("event") == evname and isinstance(ts.get("seconds"), int)
          and isinstance(ts.get("microseconds"), int) and
          0 <= ts["microseconds"] < 1000000 and
          abs(ts["seconds"] - time.time()) < 3600 and
          ev.get("data") == data)
    report(name, ok, ev)


def start(argv):
    return subprocess.Popen(argv, stdin=subprocess.DEVNULL,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE)


def finish(proc, name):
    try:
        out, err = proc.communicate(timeout=TIMEOUT)
    except subprocess.TimeoutExpired:
        proc.kill()
        out, err = proc.communicate()
        report(name, False, "did not exit")
        return
    report(name, proc.returncode == 0,
           "exit %d: %s" % (proc.returncode, err.decode(errors="replace")))


EXPECTED_COMMANDS = {
    "qmp_capabilities", "query-version", "query-commands", "quit",
    "human-monitor-command", "query-status", "stop", "cont",
    "system_reset", "system_powerdown", "query-cpus-fast",
    "query-machines", "query-kvm", "memsave", "pmemsave", "query-block",
}


def greeting_checks(q, tag):
    g = q.greeting
    try:
        v = g["QMP"]["version"]
        ok = (set(g) == {"QMP"} and set(g["QMP"]) == {"version",
                                                       "capabilities"} and
              g["QMP"]["capabilities"] == [] and
              set(v["qemu"]) == {"major", "minor", "micro"} and
              all(isinstance(x, int) for x in v["qemu"].values()) and
              v["package"].startswith("vireo-"))
    except (KeyError, TypeError, AttributeError):
        ok = False
    report("%s: greeting {QMP: {version: {qemu, package}, capabilities}}"
           % tag, ok, g)


def negotiation_checks(q, tag):
    check_error("%s: a command before qmp_capabilities is CommandNotFound"
                % tag, q.cmd("query-status", id="early"), "CommandNotFound",
                "Expecting capabilities negotiation")
    r = q.cmd("query-status", id={"any": ["json", 1]})
    check("%s: id (any JSON) echoed on the error" % tag,
          r.get("id") == {"any": ["json", 1]}, r)
    check_error("%s: qmp_capabilities with an unknown capability" % tag,
                q.cmd("qmp_capabilities", {"enable": ["oob"]}),
                "GenericError", "Capability 'oob' not available")
    check_error("%s: qmp_capabilities: a list element of the wrong type"
                % tag, q.cmd("qmp_capabilities", {"enable": [1]}),
                "GenericError", "expected: string")
    r = q.cmd("qmp_capabilities", id=7)
    check("%s: qmp_capabilities returns {} and echoes id" % tag,
          r == {"return": {}, "id": 7}, r)
    check_error("%s: qmp_capabilities again is CommandNotFound" % tag,
                q.cmd("qmp_capabilities"), "CommandNotFound",
                "already complete")


def protocol_error_checks(q):
    t = "errors"
    check_error(t + ": malformed JSON", q.cmd_raw(b'{"execute": }\n'),
                "GenericError", "JSON parse error")
    check_error(t + ": invalid UTF-8 in a string",
                q.cmd_raw(b'{"execute": "\xc3("}\n'), "GenericError",
                "UTF-8")
    check_error(t + ": bad \\u escape",
                q.cmd_raw(b'{"execute": "\\ud800"}\n'), "GenericError",
                "surrogate")
    check_error(t + ": a number, not an object", q.cmd_raw(b"42\n"),
                "GenericError", "QMP input must be a JSON object")
    check_error(t + ": an array, not an object",
                q.cmd_raw(b'[{"execute": "stop"}]'), "GenericError",
                "QMP input must be a JSON object")
    check_error(t + ": stray closing brace", q.cmd_raw(b"}"),
                "GenericError", "unexpected closing bracket")
    check_error(t + ": no execute", q.cmd_raw(b'{"arguments": {}}'),
                "GenericError", "lacks member 'execute'")
    check_error(t + ": execute not a string",
                q.cmd_raw(b'{"execute": 1}'), "GenericError",
                "'execute' must be a string")
    check_error(t + ": arguments not an object",
                q.cmd("stop", [1]), "GenericError",
                "'arguments' must be an object")
    check_error(t + ": unexpected top-level member",
                q.cmd_raw(b'{"execute": "stop", "bogus": 1}'),
                "GenericError", "member 'bogus' is unexpected")
    r = q.cmd("no-such-command", id="u")
    check_error(t + ": unknown command is CommandNotFound", r,
                "CommandNotFound", "The command no-such-command has not "
                "been found")
    check(t + ": id echoed on CommandNotFound", r.get("id") == "u", r)
    check_error(t + ": extra argument", q.cmd("stop", {"x": 1}),
                "GenericError", "Parameter 'x' is unexpected")
    check_error(t + ": missing argument",
                q.cmd("pmemsave", {"val": 0, "size": 1}), "GenericError",
                "Parameter 'filename' is missing")
    check_error(t + ": string for an integer",
                q.cmd("pmemsave", {"val": "0", "size": 1,
                                   "filename": "/dev/null"}),
                "GenericError", "Invalid parameter type for 'val', "
                "expected: integer")
    check_error(t + ": negative for uint64",
                q.cmd("pmemsave", {"val": -1, "size": 1,
                                   "filename": "/dev/null"}),
                "GenericError", "Parameter 'val' expects a value in range")
    check_error(t + ": float for an integer",
                q.cmd("memsave", {"val": 0, "size": 1.5,
                                  "filename": "/dev/null"}),
                "GenericError", "Invalid parameter type for 'size'")
    check_error(t + ": integer for a string",
                q.cmd("human-monitor-command", {"command-line": 5}),
                "GenericError", "Invalid parameter type for "
                "'command-line', expected: string")
    big = b'{"execute": "query-status", "id": "' + b"x" * 70000 + b'"}'
    check_error(t + ": a 70 KB request is refused", q.cmd_raw(big),
                "GenericError", "too large")
    check_return(t + ": the connection works after the oversized one",
                 q.cmd("query-version"))
    deep = b'{"execute": "stop", "arguments": ' + b"[" * 100 + b"]" * 100
    check_error(t + ": nesting 100 deep is refused",
                q.cmd_raw(deep + b"}"), "GenericError", "nesting too deep")
    # Two requests in one write, then one split over two writes.
    q.send_raw(b'{"execute": "query-kvm", "id": 1}{"execute": '
               b'"query-kvm", "id": 2}')
    r1, r2 = q.reply(), q.reply()
    check(t + ": two requests in one write get two replies in order",
          r1.get("id") == 1 and r2.get("id") == 2, (r1, r2))
    q.send_raw(b'{"execute": "query-')
    time.sleep(0.2)
    r = q.cmd_raw(b'kvm", "id": 3}')
    check(t + ": a request split over two writes", r.get("id") == 3, r)
    # 0xff resynchronises after a half-sent request.
    r = q.cmd_raw(b'{"execute": "quit", "argu\xff{"execute": '
                  b'"query-kvm", "id": 4}')
    check(t + ": 0xff drops a partial request", r.get("id") == 4, r)


def riscv_tests(binary, tmp):
    pattern = bytes((i * 7 + (i >> 8)) & 0xff for i in range(12288))
    bios = os.path.join(tmp, "pattern.bin")
    disk = os.path.join(tmp, "disk.img")
    with open(bios, "wb") as f:
        f.write(pattern)
    with open(disk, "wb") as f:
        f.truncate(1 << 20)
    sock = os.path.join(tmp, "qmp.sock")
    port = vireotest.free_port()
    proc = start([binary, "-M", "virt", "-smp", "2", "-m", "64M", "-S",
                  "-bios", bios, "-display", "none", "-serial", "null",
                  "-drive", "file=%s,format=raw,if=virtio,id=disk0" % disk,
                  "-qmp", "unix:%s,server,wait=off" % sock,
                  "-qmp", "tcp:127.0.0.1:%d,server,wait=off" % port])
    try:
        q = QMP(sock)
    except OSError as e:
        proc.kill()
        report("riscv: connect to -qmp unix:...,server,wait=off", False,
               "%s\n%s" % (e, proc.communicate()[1].decode()))
        return
    t = "riscv"
    greeting_checks(q, t)
    negotiation_checks(q, t)

    r = q.cmd("query-version")
    check(t + ": query-version matches the greeting",
          r.get("return") == q.greeting["QMP"]["version"], r)
    r = q.cmd("query-commands")
    names = {c["name"] for c in r.get("return", [])}
    check(t + ": query-commands lists every command",
          names == EXPECTED_COMMANDS, names ^ EXPECTED_COMMANDS)
    check_return(t + ": query-status under -S is prelaunch",
                 q.cmd("query-status"),
                 {"running": False, "status": "prelaunch"})
    r = q.cmd("query-cpus-fast").get("return", [])
    ok = (len(r) == 2 and [c["cpu-index"] for c in r] == [0, 1] and
          all(c["target"] == "riscv64" and c["thread-id"] > 0 and
              c["qom-path"].startswith("/machine") and
              c["props"]["core-id"] == c["cpu-index"] for c in r))
    check(t + ": query-cpus-fast: two riscv64 CPUs with thread ids", ok, r)
    r = q.cmd("query-machines").get("return", [])
    byname = {m["name"]: m for m in r}
    check(t + ": query-machines: virt (default), spike, none",
          {"virt", "spike", "none"} <= set(byname) and
          byname["virt"].get("is-default") is True and
          byname["virt"]["cpu-max"] >= 2 and
          "is-default" not in byname["none"], r)
    check_return(t + ": query-kvm: neither present nor enabled",
                 q.cmd("query-kvm"), {"enabled": False, "present": False})
    r = q.cmd("query-block").get("return", [])
    check(t + ": query-block: the -drive with file, ro, drv",
          len(r) == 1 and r[0]["device"] == "disk0" and
          r[0]["inserted"]["file"] == disk and
          r[0]["inserted"]["ro"] is False and
          r[0]["inserted"]["drv"] == "raw", r)

    # Guest memory: the -bios pattern sits at 0x80000000.
    out = os.path.join(tmp, "p.bin")
    check_return(t + ": pmemsave", q.cmd("pmemsave", {
        "val": 0x80000000, "size": len(pattern), "filename": out}), {})
    with open(out, "rb") as f:
        check(t + ": pmemsave wrote the guest's bytes", f.read() == pattern)
    for cpu in (None, 1):
        out = os.path.join(tmp, "m%s.bin" % cpu)
        args = {"val": 0x80000100, "size": 9000, "filename": out}
        if cpu is not None:
            args["cpu-index"] = cpu
        check_return(t + ": memsave (cpu-index %s)" % cpu,
                     q.cmd("memsave", args), {})
        with open(out, "rb") as f:
            check(t + ": memsave wrote the guest's bytes (bare mode: "
                  "virtual = physical)", f.read() == pattern[0x100:9256])
    out = os.path.join(tmp, "zero.bin")
    check_return(t + ": pmemsave of 0 bytes", q.cmd("pmemsave", {
        "val": 0x80000000, "size": 0, "filename": out}), {})
    check(t + ": ... writes an empty file", os.path.getsize(out) == 0)
    check_error(t + ": pmemsave where nothing is mapped",
                q.cmd("pmemsave", {"val": 0x7ff00000000, "size": 16,
                                   "filename": out}),
                "GenericError", "Invalid physical address")
    check(t + ": ... leaves no partial file", not os.path.exists(out))
    check_error(t + ": pmemsave into a missing directory",
                q.cmd("pmemsave", {"val": 0x80000000, "size": 16,
                                   "filename": tmp + "/no/such/f"}),
                "GenericError", "Could not open")
    check_error(t + ": pmemsave range wrapping around",
                q.cmd("pmemsave", {"val": 0xffffffffffffff00, "size": 512,
                                   "filename": out}),
                "GenericError", "wrap around")
    check_error(t + ": memsave with a CPU that does not exist",
                q.cmd("memsave", {"val": 0x80000000, "size": 16,
                                  "filename": out, "cpu-index": 2}),
                "GenericError", "cpu-index")
    check_error(t + ": memsave with a negative cpu-index",
                q.cmd("memsave", {"val": 0x80000000, "size": 16,
                                  "filename": out, "cpu-index": -1}),
                "GenericError", "cpu-index")
    check_error(t + ": system_powerdown on a board without a button",
                q.cmd("system_powerdown"), "GenericError",
                "no power button")
    check_return(t + ": human-monitor-command runs an HMP command",
                 q.cmd("human-monitor-command",
                       {"command-line": "info status"}),
                 "VM status: paused (prelaunch)\n")

    protocol_error_checks(q)
    check_return(t + ": after every error the guest is as it was",
                 q.cmd("query-status"),
                 {"running": False, "status": "prelaunch"})
    r = q.cmd("pmemsave", {"val": 0x80000000, "size": 64,
                           "filename": out})
    with open(out, "rb") as f:
        check(t + ": ... and so is its memory",
              r == {"return": {}} and f.read() == pattern[:64], r)

    # A second client on the same socket waits for the first to leave
    # (one session per server, as in QEMU), then gets its own session.
    waiting = QMP.__new__(QMP)
    waiting.sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    waiting.sock.settimeout(TIMEOUT)
    waiting.sock.connect(sock)
    waiting.buf, waiting.events = b"", []
    q.close()
    waiting.greeting = waiting.read()
    greeting_checks(waiting, t + " queued client")
    check_return(t + " queued client: negotiates",
                 waiting.cmd("qmp_capabilities"), {})
    q = waiting

    # A second client, on the tcp server, sees the same events.
    q2 = QMP(("127.0.0.1", port), socket.AF_INET)
    greeting_checks(q2, t + " tcp")
    check_return(t + " tcp: qmp_capabilities", q2.cmd("qmp_capabilities"))

    check_return(t + ": cont", q.cmd("cont"), {})
    check_event(t + ": RESUME event", q.event("RESUME"), "RESUME")
    check_event(t + " tcp: RESUME event on the other client too",
                q2.event("RESUME"), "RESUME")
    check_return(t + ": query-status running", q.cmd("query-status"),
                 {"running": True, "status": "running"})
    check_return(t + ": stop", q.cmd("stop"), {})
    check(t + ": STOP comes before stop's reply, as in QEMU",
          [e["event"] for e in q.events] == ["STOP"], q.events)
    check_event(t + ": STOP event", q.event("STOP"), "STOP")
    check_event(t + " tcp: STOP event", q2.event("STOP"), "STOP")
    check_return(t + ": query-status paused", q.cmd("query-status"),
                 {"running": False, "status": "paused"})
    check_return(t + ": system_reset", q.cmd("system_reset"), {})
    check_event(t + ": RESET event", q.event("RESET"), "RESET",
                {"guest": False, "reason": "host-qmp-system-reset"})
    check_return(t + ": stop while paused is fine", q.cmd("stop"), {})
    q2.close()

    # Reconnecting starts a new session: greeting, negotiation again.
    q.close()
    q = QMP(sock)
    greeting_checks(q, t + " reconnect")
    check_error(t + " reconnect: must negotiate again",
                q.cmd("query-status"), "CommandNotFound")
    q.cmd("qmp_capabilities")
    check_return(t + " reconnect: the guest is still paused",
                 q.cmd("query-status"),
                 {"running": False, "status": "paused"})
    check_return(t + ": quit", q.cmd("quit"), {})
    check_event(t + ": SHUTDOWN event", q.event("SHUTDOWN"), "SHUTDOWN",
                {"guest": False, "reason": "host-qmp-quit"})
    finish(proc, t + ": the program exits 0 after quit")


def stdio_tests(binary):
    """-qmp stdio, no -serial: QMP owns the terminal."""
    t = "stdio"
    reqs = (b'{"execute": "qmp_capabilities"}\n'
            b'{"execute": "query-status", "id": 1}\n'
            b'{"execute": "quit"}\n')
    try:
        p = subprocess.run([binary, "-M", "none", "-display", "none",
                            "-qmp", "stdio"], input=reqs,
                           capture_output=True, timeout=TIMEOUT)
    except subprocess.TimeoutExpired:
        report(t + ": -qmp stdio session ends with quit", False, "hung")
        return
    lines = [json.loads(x) for x in p.stdout.splitlines()]
    ok = (p.returncode == 0 and len(lines) == 5 and "QMP" in lines[0] and
          lines[1] == {"return": {}} and
          lines[2] == {"return": {"running": True, "status": "running"},
                       "id": 1} and lines[3] == {"return": {}} and
          lines[4].get("event") == "SHUTDOWN")
    report(t + ": -qmp stdio: greeting, replies, SHUTDOWN, exit 0", ok,
           (p.returncode, p.stdout, p.stderr))


def kvm_unusable():
    if not os.path.exists("/dev/kvm"):
        return "no /dev/kvm"
    try:
        os.close(os.open("/dev/kvm", os.O_RDWR))
    except OSError as e:
        return "cannot open /dev/kvm: %s" % e.strerror
    if not (shutil.which("gcc") and shutil.which("ld")):
        return "no gcc/ld to build the test guest"
    return None


def x86_tests(binary, srcdir, tmp):
    t = "x86 microvm"
    why = ("no vireo-system-x86_64 in this build" if not binary
           else kvm_unusable())
    if why:
        skip(t + ": KVM tests", why)
        return
    kvm_dir = os.path.join(srcdir, "..", "kvm")
    obj = os.path.join(tmp, "spin.o")
    elf = os.path.join(tmp, "spin.elf")
    try:
        subprocess.run(["gcc", "-m32", "-c", "-I", kvm_dir,
                        os.path.join(srcdir, "spin.S"), "-o", obj],
                       check=True, capture_output=True)
        subprocess.run(["ld", "-m", "elf_i386", "-T",
                        os.path.join(kvm_dir, "pvh.ld"), "-o", elf, obj],
                       check=True, capture_output=True)
    except subprocess.CalledProcessError as e:
        skip(t + ": KVM tests", "cannot build the guest: %s" %
             e.stderr.decode(errors="replace").strip()[:200])
        return
    sock = os.path.join(tmp, "qmp-x86.sock")
    proc = start([binary, "-M", "microvm", "-enable-kvm", "-m", "64M",
                  "-display", "none", "-serial", "null", "-kernel", elf,
                  "-qmp", "unix:%s,server,wait=off" % sock])
    try:
        q = QMP(sock)
    except OSError as e:
        proc.kill()
        report(t + ": connect", False, proc.communicate()[1].decode())
        return
    greeting_checks(q, t)
    check_return(t + ": qmp_capabilities", q.cmd("qmp_capabilities"), {})
    check_return(t + ": query-kvm: present and enabled", q.cmd("query-kvm"),
                 {"enabled": True, "present": True})
    r = q.cmd("query-cpus-fast").get("return", [])
    check(t + ": query-cpus-fast: one x86_64 CPU on its own thread",
          len(r) == 1 and r[0]["target"] == "x86_64" and
          r[0]["thread-id"] != proc.pid, r)
    check_return(t + ": query-status running", q.cmd("query-status"),
                 {"running": True, "status": "running"})
    out = os.path.join(tmp, "magic.bin")
    data = b""
    for _ in range(50):         # the guest writes it on its first steps
        check_r = q.cmd("pmemsave", {"val": 0x9000, "size": 4,
                                     "filename": out})
        with open(out, "rb") as f:
            data = f.read()
        if data == b"QMP!":
            break
        time.sleep(0.1)
    check(t + ": pmemsave reads what the guest wrote", data == b"QMP!",
          (check_r, data))
    vout = os.path.join(tmp, "vmagic.bin")
    check_return(t + ": memsave through KVM_TRANSLATE (paging off: "
                 "virtual = physical)", q.cmd("memsave", {
                     "val": 0x9000, "size": 4, "filename": vout}), {})
    with open(vout, "rb") as f:
        check(t + ": memsave wrote the guest's bytes", f.read() == b"QMP!")
    check_return(t + ": the guest runs on after memsave",
                 q.cmd("query-status"),
                 {"running": True, "status": "running"})
    check_return(t + ": stop", q.cmd("stop"), {})
    check_event(t + ": STOP event", q.event("STOP"), "STOP")
    check_return(t + ": cont", q.cmd("cont"), {})
    check_event(t + ": RESUME event", q.event("RESUME"), "RESUME")
    check_return(t + ": system_powerdown presses the ACPI GED button",
                 q.cmd("system_powerdown"), {})
    check_event(t + ": POWERDOWN event", q.event("POWERDOWN"), "POWERDOWN")
    check_return(t + ": system_reset", q.cmd("system_reset"), {})
    check_event(t + ": RESET event", q.event("RESET"), "RESET",
                {"guest": False, "reason": "host-qmp-system-reset"})
    check_return(t + ": quit", q.cmd("quit"), {})
    check_event(t + ": SHUTDOWN event", q.event("SHUTDOWN"), "SHUTDOWN",
                {"guest": False, "reason": "host-qmp-quit"})
    finish(proc, t + ": exits 0 after quit")


def main():
    riscv, x86, srcdir = sys.argv[1], sys.argv[2], sys.argv[3]
    with tempfile.TemporaryDirectory(prefix="vireo-qmp-") as tmp:
        try:
            riscv_tests(riscv, tmp)
        except (OSError, EOFError, ValueError) as e:
            report("riscv: the session went on to the end", False, e)
        try:
            stdio_tests(riscv)
        except (OSError, ValueError) as e:
            report("stdio: the session went on to the end", False, e)
        try:
            x86_tests(x86, srcdir, tmp)
        except (OSError, EOFError, ValueError) as e:
            report("x86: the session went on to the end", False, e)
    return TAP.plan()


if __name__ == "__main__":
    sys.exit(main())
