# Shared by the Python test drivers (tests/{gdb,hmp,qmp,functional,
# linux-user}): TAP output, connecting to a socket the emulator is still
# creating, picking TCP ports, and where the fetched guests are. A driver puts this directory on sys.path:
#   sys.path.insert(0, os.path.join(os.path.dirname(
#       os.path.abspath(__file__)), "..", "lib"))
# SPDX-License-Identifier: GPL-2.0-or-later
import os
import socket
import sys
import time


class Tap:
    """Numbered TAP lines; a failure's detail (its last 40 lines) as
    comments under it."""

    def __init__(self):
        self.n = 0
        self.failed = 0

    def ok(self, cond, name, detail=""):
        self.n += 1
        print(("ok" if cond else "not ok") + " %d - %s" % (self.n, name))
        if not cond:
            self.failed += 1
            for line in str(detail).splitlines()[-40:]:
                print("# " + line)
        sys.stdout.flush()
        return cond

    def skip(self, name, why):
        self.n += 1
        print("ok %d - %s # SKIP %s" % (self.n, name, why))
        sys.stdout.flush()

    @staticmethod
    def skip_all(why):
        print("1..0 # SKIP " + why)
        sys.exit(0)

    def plan(self):
        """Print the plan; the exit status the driver should end with."""
        print("1..%d" % self.n)
        return 1 if self.failed else 0

    def done(self):
        sys.exit(self.plan())


def guest_cache():
    """Where tests/guests/fetch-guests.sh keeps the guests:
    $VIREO_GUEST_CACHE, else $XDG_CACHE_HOME/vireo-guests (~/.cache)."""
    return os.environ.get('VIREO_GUEST_CACHE') or os.path.join(
        os.environ.get('XDG_CACHE_HOME') or
        os.path.join(os.path.expanduser('~'), '.cache'), 'vireo-guests')


def guest_sysroot(name, env_var):
    """The riscv64 sysroot NAME that fetch-guests.sh makes (rootfs,
    pyroot, devroot), or $ENV_VAR when set."""
    return os.environ.get(env_var) or \
        os.path.join(guest_cache(), 'riscv64', name)


def connect(address, family=socket.AF_UNIX, timeout=30.0):
    """A socket connected to address, retried until the emulator listens
    there (it may still be starting) or timeout seconds have passed."""
    deadline = time.time() + timeout
    while True:
        s = socket.socket(family, socket.SOCK_STREAM)
        s.settimeout(timeout)
        try:
            s.connect(address)
            return s
        except OSError:
            s.close()
            if time.time() > deadline:
                raise
            time.sleep(0.1)


def wait_for_path(path, proc, timeout=10.0):
    """Wait until path exists (a socket the emulator creates) or proc has
    exited; True when the path is there."""
    deadline = time.time() + timeout
    while not os.path.exists(path) and proc.poll() is None:
        if time.time() > deadline:
            break
        time.sleep(0.02)
    return os.path.exists(path)


def free_port():
    """A TCP port nobody listens on now (racy, as all such picks are)."""
    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    port = s.getsockname()[1]
    s.close()
    return port


def port_free(port):
    s = socket.socket()
    try:
        s.bind(("", port))
        return True
    except OSError:
        return False
    finally:
        s.close()
