#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-or-later
"""Boot Debian bookworm's linux-image-amd64 with a busybox initramfs under
vireo-system-x86_64 -M microvm -enable-kvm, and report TAP.

Booting needs hardware virtualization (vmx or svm) behind /dev/kvm: on
a KVM-PVM host (module kvm_pvm) guest kernel mode is emulated and a stock
kernel cannot boot, so those cases are SKIPPED with that reason. The
first case, the loader reading the real bzImage's setup header, only
needs a usable /dev/kvm (the accelerator starts before the board). The
guests come from Debian's archive (../shared/GUESTS.md): `apt-get
download` into a cache ($VIREO_GUEST_CACHE, default ~/.cache/vireo-guests),
of which only the kernel, busybox and the few modules virtio-blk and ext4
need are kept; nothing is committed.

What each case relies on, as Linux uses it:
- the kernel finds the ACPI tables through the zero page's acpi_rsdp_addr
  (boot protocol 2.14+) or by scanning 0xe0000-0xfffff;
- poweroff: `poweroff -f` -> acpi_power_off -> the FADT's
  SLEEP_CONTROL_REG (hardware-reduced ACPI) written with \_S5's SLP_TYP
  and SLP_EN -> Vireo exits 0 on its own;
- -smp 4: one MADT Local APIC entry per vCPU, brought up by INIT/SIPI;
- virtio-blk: the DSDT's LNRO0005 devices bind virtio_mmio (a module, as
  are virtio, virtio_ring, virtio_blk, ext4 and what ext4 needs: insmod
  by the init script), /dev/vda holds an ext4 image made by mke2fs -d.

Usage: run-debian-boot.py PATH-TO-vireo-system-x86_64
"""
import glob
import gzip
import os
import re
import select
import shutil
import subprocess
import sys
import tarfile
import tempfile
import time

MARKER = "GUEST-BOOT-OK"
BOOT_TIMEOUT = 120

EXT4_TEXT = "hello from an ext4 image"

# Modules in load order (dependencies first; modinfo -F depends).
MODULES = [
    "kernel/drivers/virtio/virtio_ring.ko",
    "kernel/drivers/virtio/virtio.ko",
    "kernel/drivers/virtio/virtio_mmio.ko",
    "kernel/drivers/block/virtio_blk.ko",
    "kernel/lib/crc16.ko",
    "kernel/fs/mbcache.ko",
    "kernel/fs/jbd2/jbd2.ko",
    "kernel/crypto/crc32c_generic.ko",     # metadata_csum
    "kernel/fs/ext4/ext4.ko",
]

INIT = """#!/bin/busybox sh
/bin/busybox mkdir -p /proc /sys /dev /mnt
/bin/busybox mount -t proc proc /proc
/bin/busybox mount -t sysfs sysfs /sys
/bin/busybox mount -t devtmpfs devtmpfs /dev
echo %s
echo CPUS=$(/bin/busybox grep -c ^processor /proc/cpuinfo)
for m in %s; do /bin/busybox insmod /lib/modules/$m; done
/bin/busybox sleep 1
if /bin/busybox mount -t ext4 /dev/vda /mnt; then
    echo EXT4=$(/bin/busybox cat /mnt/hello)
    /bin/busybox umount /mnt
fi
echo POWEROFF-NEXT
/bin/busybox poweroff -f
""" % (MARKER, " ".join(os.path.basename(m) for m in MODULES))

# name, extra arguments ({disk}: an ext4 image), what must be printed,
# whether Vireo must end by itself with status 0 (the poweroff).
CASES = [
    ("boot to the initramfs shell", [], [MARKER], False),
    ("poweroff ends Vireo with status 0", [], [MARKER, "POWEROFF-NEXT"],
     True),
    ("-smp 4 shows 4 CPUs", ["-smp", "4"], ["CPUS=4"], False),
    ("ext4 image on virtio-blk mounts",
     ["-drive", "file={disk},format=raw,if=virtio"],
     ["EXT4=" + EXT4_TEXT], False),
]


def kvm_unusable():
    """Why /dev/kvm cannot be used, or None."""
    if not os.path.exists("/dev/kvm"):
        return "no /dev/kvm"
    try:
        os.close(os.open("/dev/kvm", os.O_RDWR))
    except OSError as e:
        return "cannot open /dev/kvm: %s" % e.strerror
    for tool in ("apt-get", "apt-cache", "dpkg-deb"):
        if not shutil.which(tool):
            return "no %s to fetch the Debian guest" % tool
    return None


def host_unsuitable():
    """Why a stock kernel cannot boot here, or None."""
    if os.path.isdir("/sys/module/kvm_pvm"):
        return ("KVM-PVM host: guest kernel mode is emulated, a stock "
                "kernel cannot boot")
    with open("/proc/cpuinfo") as f:
        flags = f.read()
    if not re.search(r"\b(vmx|svm)\b", flags):
        return "no hardware virtualization (vmx/svm) on this host"
    return None


def run(cmd, **kw):
    return subprocess.run(cmd, check=True, capture_output=True, **kw)


def fetch(cache):
    """The kernel and busybox paths, downloading them once."""
    kernels = glob.glob(os.path.join(cache, "root/boot/vmlinuz-*-amd64"))
    busybox = os.path.join(cache, "root/bin/busybox")
    if kernels and os.path.exists(busybox) and modules_of(kernels[-1]):
        return sorted(kernels)[-1], busybox
    os.makedirs(cache, exist_ok=True)
    deps = run(["apt-cache", "depends", "linux-image-amd64"]).stdout.decode()
    m = re.search(r"Depends: (linux-image-[0-9][^\s]*-amd64)\b", deps)
    if not m:
        raise RuntimeError("cannot resolve linux-image-amd64's package")
    with tempfile.TemporaryDirectory() as tmp:
        run(["apt-get", "download", m.group(1), "busybox-static"], cwd=tmp)
        for deb in glob.glob(os.path.join(tmp, "*.deb")):
            extract(deb, os.path.join(cache, "root"))
    kernels = glob.glob(os.path.join(cache, "root/boot/vmlinuz-*-amd64"))
    if not kernels or not os.path.exists(busybox) or \
            not modules_of(sorted(kernels)[-1]):
        raise RuntimeError("the Debian packages lack a kernel, its "
                           "modules or busybox")
    return sorted(kernels)[-1], busybox


def modules_of(kernel):
    """The MODULES paths for kernel (.../boot/vmlinuz-V), or None."""
    version = os.path.basename(kernel)[len("vmlinuz-"):]
    root = os.path.dirname(os.path.dirname(kernel))
    paths = [os.path.join(root, "lib/modules", version, m) for m in MODULES]
    return paths if all(os.path.exists(p) for p in paths) else None


def extract(deb, root):
    """Only the kernel, busybox and MODULES: all modules take 400 MB."""
    data = run(["dpkg-deb", "--fsys-tarfile", deb]).stdout
    with tempfile.TemporaryFile() as f:
        f.write(data)
        f.seek(0)
        with tarfile.open(fileobj=f) as tar:
            for member in tar.getmembers():
                name = member.name.lstrip("./")
                module = re.fullmatch(r"lib/modules/[^/]+/(.*)", name)
                if member.isfile() and (
                        re.fullmatch(r"boot/vmlinuz-.*-amd64", name) or
                        name == "bin/busybox" or
                        (module and module.group(1) in MODULES)):
                    member.name = name
                    tar.extract(member, root)


def cpio_newc(entries):
    """A newc archive of (name, mode, data) entries."""
    out = bytearray()
    for ino, (name, mode, data) in enumerate(entries + [("TRAILER!!!", 0,
                                                         b"")], 1):
        nb = name.encode() + b"\0"
        fields = [ino, mode, 0, 0, 1, 0, len(data), 0, 0, 0, 0, len(nb), 0]
        out += b"070701" + b"".join(b"%08X" % f for f in fields) + nb
        out += b"\0" * (-len(out) % 4) + data
        out += b"\0" * (-len(out) % 4)
    return bytes(out)


def make_initramfs(busybox, modules, path):
    with open(busybox, "rb") as f:
        bb = f.read()
    entries = [("bin", 0o40755, b""), ("bin/busybox", 0o100755, bb),
               ("init", 0o100755, INIT.encode()), ("lib", 0o40755, b""),
               ("lib/modules", 0o40755, b"")]
    for m in modules:
        with open(m, "rb") as f:
            entries.append(("lib/modules/" + os.path.basename(m),
                            0o100644, f.read()))
    with gzip.open(path, "wb") as f:
        f.write(cpio_newc(entries))


def make_ext4(path, tmp):
    """An 8 MiB ext4 image holding /hello (mke2fs -d), or a reason."""
    if not shutil.which("mke2fs"):
        return "no mke2fs (e2fsprogs) to make the ext4 image"
    src = os.path.join(tmp, "ext4-root")
    os.makedirs(src)
    with open(os.path.join(src, "hello"), "w") as f:
        f.write(EXT4_TEXT + "\n")
    p = subprocess.run(["mke2fs", "-q", "-F", "-t", "ext4", "-d", src, path,
                        "8M"], capture_output=True)
    if p.returncode:
        return "mke2fs failed: %s" % p.stderr.decode(errors="replace")
    return None


def boot(binary, kernel, initrd, extra):
    """Run until Vireo ends or BOOT_TIMEOUT passes: (output, exit status
    or None if it had to be stopped)."""
    proc = subprocess.Popen(
        [binary, "-M", "microvm", "-enable-kvm", "-m", "512M",
         "-display", "none", "-serial", "stdio", "-kernel", kernel,
         "-initrd", initrd, "-append", "console=ttyS0 panic=-1"] + extra,
        stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT)
    out = b""
    deadline = time.monotonic() + BOOT_TIMEOUT
    # The init script's last words, then poweroff: Vireo should end.
    while b"POWEROFF-NEXT" not in out and time.monotonic() < deadline:
        ready, _, _ = select.select([proc.stdout], [], [], 1)
        if ready:
            chunk = os.read(proc.stdout.fileno(), 4096)
            if not chunk:
                break
            out += chunk
    status = None
    try:
        status = proc.wait(timeout=10)
    except subprocess.TimeoutExpired:
        proc.terminate()
    out += proc.communicate(timeout=30)[0]
    return out.decode(errors="replace"), status


def check_loader(binary, kernel):
    """With too little RAM the loader must refuse, naming init_size: so
    it found the header, the 64-bit entry and the sizes."""
    proc = subprocess.run([binary, "-M", "microvm", "-enable-kvm", "-m",
                           "16M", "-display", "none", "-kernel", kernel],
                          stdin=subprocess.DEVNULL, capture_output=True,
                          timeout=60)
    err = proc.stderr.decode(errors="replace")
    m = re.search(r"the kernel needs RAM up to 0x[0-9a-f]+ \(init_size "
                  r"(\d+)\); give more -m", err)
    if proc.returncode == 1 and m and int(m.group(1)) > 16 << 20:
        return []
    return ["status %d, stderr %r" % (proc.returncode, err)]


def main():
    if len(sys.argv) != 2:
        sys.exit(__doc__)
    binary = sys.argv[1]
    print("1..%d" % (len(CASES) + 1))
    reason = kvm_unusable()
    cache = os.environ.get("VIREO_GUEST_CACHE",
                           os.path.expanduser("~/.cache/vireo-guests"))
    kernel = busybox = None
    if not reason:
        try:
            kernel, busybox = fetch(cache)
        except (RuntimeError, subprocess.CalledProcessError) as e:
            reason = "cannot fetch the Debian guest: %s" % e
    failed = 0
    if reason:
        print("ok 1 - the loader reads Debian's bzImage # SKIP %s" % reason)
    else:
        problems = check_loader(binary, kernel)
        print("%sok 1 - the loader reads Debian's bzImage" %
              ("not " if problems else ""))
        for p in problems:
            print("# " + p)
        failed += bool(problems)
    reason = reason or host_unsuitable()
    if reason:
        for i, case in enumerate(CASES, 2):
            print("ok %d - %s # SKIP %s" % (i, case[0], reason))
        return 1 if failed else 0
    with tempfile.TemporaryDirectory(prefix="vireo-debian-") as tmp:
        initrd = os.path.join(tmp, "initramfs.gz")
        make_initramfs(busybox, modules_of(kernel), initrd)
        disk = os.path.join(tmp, "ext4.img")
        no_disk = make_ext4(disk, tmp)
        for i, (name, extra, want, must_exit) in enumerate(CASES, 2):
            if "{disk}" in " ".join(extra) and no_disk:
                print("ok %d - %s # SKIP %s" % (i, name, no_disk))
                continue
            out, status = boot(binary, kernel, initrd,
                               [a.format(disk=disk) for a in extra])
            problems = ["output lacks %r" % w for w in want if w not in out]
            if must_exit and status != 0:
                problems.append("Vireo did not exit 0 after poweroff "
                                "(status %s)" % status)
            if problems:
                failed += 1
                print("not ok %d - %s" % (i, name))
                for line in problems + out.splitlines()[-30:]:
                    print("# " + line)
            else:
                print("ok %d - %s" % (i, name))
            sys.stdout.flush()
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
