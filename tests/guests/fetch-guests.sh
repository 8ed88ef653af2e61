#!/bin/sh
# Fetch Debian's riscv64 guest pieces into a cache and assemble initramfs
# images (../shared/GUESTS.md): the kernel (linux-image-riscv64, resolved
# to its versioned package at run time), busybox-static, OpenSBI and
# U-Boot. Packages come from `apt-get download` with a private apt state
# (the machine's own apt configuration is not touched) and are unpacked
# with `dpkg-deb -x`; nothing is installed and nothing needs root.
# SPDX-License-Identifier: GPL-2.0-or-later
#
#   tests/guests/fetch-guests.sh [--cache DIR] [riscv64]
#
# Output in DIR/riscv64 (default DIR: $XDG_CACHE_HOME/vireo-guests):
#   Image            the kernel, an uncompressed RISC-V Image
#   initrd.gz        /init prints GUEST-BOOT-OK, runs /test.sh if present,
#                    then `poweroff -f`
#   initrd-shell.gz  /init prints GUEST-BOOT-OK and starts a shell
#   fw_dynamic.bin   OpenSBI (trixie's opensbi package: 1.1, bookworm's,
#                    races in HSM hart start, see docs/machines.md)
#   u-boot-smode.bin U-Boot for S-mode (u-boot-qemu), an OpenSBI payload
#   modules/         the kernel's modules tree (.ko decompressed, with
#                    modules.dep), for tests that need virtio or ext4
#   busybox          trixie's static riscv64 busybox itself, which the
#                    linux-user tests run under a user-mode emulator
#   VERSION          the kernel version
#   OPENSBI-VERSION  the opensbi package's version
#   rootfs/          a small real trixie riscv64 userland (libc6, coreutils,
#                    bash, dash, grep, sed, gawk, findutils, tar, gzip,
#                    xz-utils, diffutils, perl-base, python3.13-minimal and
#                    what they depend on), every package `dpkg-deb -x`ed
#                    into one tree: the sysroot (-L) of the dynamically
#                    linked user-mode tests; rootfs/PACKAGES lists them
#   pyroot/          the same for python3.13 with its standard library and
#                    regression tests (libpython3.13-testsuite), for
#                    tests/linux-user/test-cpython-subset.py
#   devroot/         the same for a native riscv64 toolchain: gcc (the
#                    gcc-14 driver, cc1, collect2), binutils (as, ld, ar,
#                    objdump, strip), libc6-dev (headers, crt*.o, libc.a),
#                    libgcc-14-dev, make and dash; about 72 MB of .debs
#                    (45 packages), for test-debian-toolchain.py
# A second run reuses what the cache holds. DEBIAN_MIRROR overrides the
# mirror read from the machine's apt sources.
set -eu

die() {
    echo "fetch-guests: $*" >&2
    exit 1
}

cache=${XDG_CACHE_HOME:-$HOME/.cache}/vireo-guests
arch=riscv64
while [ $# -gt 0 ]; do
    case "$1" in
    --cache) [ $# -ge 2 ] || die "--cache needs a directory"
             cache=$2; shift 2 ;;
    riscv64) arch=$1; shift ;;
    -h|--help) sed -n '2,/^set -eu/p' "$0" | sed 's/^# \{0,1\}//;$d'
               exit 0 ;;
    *) die "unknown argument '$1' (only riscv64 guests so far)" ;;
    esac
done

for tool in apt-get apt-cache dpkg-deb cpio gzip xz; do
    command -v "$tool" >/dev/null 2>&1 ||
        die "'$tool' is missing (scripts/install-deps.sh --oracle)"
done
[ -e /usr/share/keyrings/debian-archive-keyring.gpg ] ||
    die "debian-archive-keyring is not installed"

# The Debian mirror the machine already uses (never a host name of ours).
find_mirror() {
    if [ -n "${DEBIAN_MIRROR:-}" ]; then
        echo "$DEBIAN_MIRROR"
        return
    fi
    for f in /etc/apt/sources.list.d/*.sources; do
        [ -e "$f" ] || continue
        awk '/^URIs:/ { uri = $2 }
             /^Suites:/ { if ($0 !~ /security/ && uri != "") { print uri; exit } }
             /^$/ { uri = "" }' "$f"
    done | head -n 1 | grep . && return
    cat /etc/apt/sources.list /etc/apt/sources.list.d/*.list 2>/dev/null |
        awk '$1 == "deb" && $0 !~ /security/ {
                 for (i = 2; i <= NF; i++) if ($i ~ /:\/\//) { print $i; exit }
             }' | head -n 1 | grep . && return
    die "no Debian mirror in the apt sources; set DEBIAN_MIRROR"
}

# Private apt state for suite $1 and architecture $2 in directory $3;
# sets $apt_opts.
apt_state() {
    dir=$3
    mkdir -p "$dir/lists/partial" "$dir/cache/archives/partial"
    echo "deb [signed-by=/usr/share/keyrings/debian-archive-keyring.gpg]" \
        "$mirror $1 main" > "$dir/sources.list"
    apt_opts="-oAPT::Architecture=$2 -oAPT::Architectures=$2
 -oDir::State::Lists=$dir/lists -oDir::Etc::SourceList=$dir/sources.list
 -oDir::Etc::SourceParts=/dev/null -oDir::Cache=$dir/cache
 -oDir::State::Status=/dev/null -oDebug::NoLocking=1
 -oAPT::Sandbox::User=root"
    if [ ! -e "$dir/updated" ]; then
        echo "fetch-guests: apt-get update ($1/$2)" >&2
        # shellcheck disable=SC2086
        apt-get -q $apt_opts update >/dev/null ||
            die "apt-get update for $1/$2 failed"
        touch "$dir/updated"
    fi
}

# Download package $1 (with the current $apt_opts) into $debs and unpack
# it into $root/$2 (default $1), once.
fetch_pkg() {
    dir=${2:-$1}
    [ -e "$root/$dir/.done" ] && return
    echo "fetch-guests: downloading $1" >&2
    # shellcheck disable=SC2086
    (cd "$debs" && apt-get -q $apt_opts download "$1" >/dev/null) ||
        die "apt-get download $1 failed"
    rm -rf "${root:?}/$dir"
    mkdir -p "$root/$dir"
    # shellcheck disable=SC2012  # Debian file names are plain
    deb=$(ls -t "$debs/$1"_*.deb | head -n 1)
    dpkg-deb -x "$deb" "$root/$dir"
    dpkg-deb -f "$deb" Version > "$root/$dir/.version"
    touch "$root/$dir/.done"
}

mirror=$(find_mirror)
out=$cache/$arch
debs=$cache/debs
root=$cache/root
mkdir -p "$out" "$debs" "$root"

# trixie/riscv64: kernel and busybox.
apt_state trixie riscv64 "$cache/apt-trixie-riscv64"
# shellcheck disable=SC2086
kpkg=$(apt-cache $apt_opts depends linux-image-riscv64 2>/dev/null |
       awk '/Depends: linux-image-[0-9]/ { print $2; exit }')
[ -n "$kpkg" ] || die "cannot resolve linux-image-riscv64 to a kernel package"
fetch_pkg "$kpkg"
fetch_pkg busybox-static
# OpenSBI from trixie (an "all" package): bookworm's 1.1 marks a hart
# START_PENDING before storing its start address, so a hart polling in
# its HSM wait can jump to a stale one (the -smp 4 boot stall).
fetch_pkg opensbi opensbi-trixie

# bookworm/all: U-Boot.
apt_state bookworm all "$cache/apt-bookworm-all"
fetch_pkg u-boot-qemu

kver=${kpkg#linux-image-}
kernel=$root/$kpkg/boot/vmlinux-$kver
# shellcheck disable=SC2012
[ -f "$kernel" ] || kernel=$(ls "$root/$kpkg"/boot/vmlinu*-"$kver" | head -n 1)
[ -f "$kernel" ] || die "no kernel image in $kpkg"
cp "$kernel" "$out/Image"
echo "$kver" > "$out/VERSION"
sbi=$root/opensbi-trixie/usr/lib/riscv64-linux-gnu/opensbi/generic
cp "$sbi/fw_dynamic.bin" "$out/fw_dynamic.bin"
# The tests look for this record before booting several harts.
cp "$root/opensbi-trixie/.version" "$out/OPENSBI-VERSION"
cp "$root/u-boot-qemu/usr/lib/u-boot/qemu-riscv64_smode/u-boot.bin" \
    "$out/u-boot-smode.bin"

# Modules, decompressed, with modules.dep from the host's depmod if any.
if [ ! -e "$out/modules/.done" ]; then
    rm -rf "$out/modules"
    mkdir -p "$out/modules/lib/modules"
    cp -a "$root/$kpkg/usr/lib/modules/$kver" "$out/modules/lib/modules/"
    find "$out/modules" -name '*.ko.xz' -exec xz -d -f {} +
    if command -v depmod >/dev/null 2>&1 || [ -x /sbin/depmod ]; then
        PATH=$PATH:/sbin:/usr/sbin depmod -b "$out/modules" "$kver" ||
            echo "fetch-guests: depmod failed; no modules.dep" >&2
    fi
    touch "$out/modules/.done"
fi

busybox=$root/busybox-static/usr/bin/busybox
[ -f "$busybox" ] || busybox=$root/busybox-static/bin/busybox
[ -f "$busybox" ] || die "no busybox in busybox-static"
cp "$busybox" "$out/busybox"

# One initramfs: $1 output, $2 what /init does after the marker.
make_initrd() {
    dir=$(mktemp -d "$cache/initrd.XXXXXX")
    mkdir -p "$dir/bin" "$dir/sbin" "$dir/proc" "$dir/sys" "$dir/dev" \
        "$dir/tmp" "$dir/mnt"
    cp "$busybox" "$dir/bin/busybox"
    # The riscv64 busybox cannot run here to list its applets: name the
    # ones the tests and a user need.
    for a in sh ash cat echo ls mkdir mount umount poweroff reboot halt \
        nproc uname sleep dmesg insmod modprobe rmmod lsmod grep sed awk \
        head tail wc dd sync cp mv rm ln ps kill free df du date hwclock \
        cttyhack setsid mknod chmod true false test seq stty vi; do
        ln -s busybox "$dir/bin/$a"
    done
    cat > "$dir/init" <<INIT
#!/bin/sh
mount -t proc proc /proc
mount -t sysfs sysfs /sys
mount -t devtmpfs devtmpfs /dev
echo GUEST-BOOT-OK
$2
INIT
    chmod 755 "$dir/init"
    (cd "$dir" && find . | LC_ALL=C sort | cpio -o -H newc --owner 0:0 \
        --quiet | gzip -9) > "$1.tmp"
    mv "$1.tmp" "$1"
    rm -rf "$dir"
}

# shellcheck disable=SC2016  # expanded by the guest's shell
make_initrd "$out/initrd.gz" '[ -f /test.sh ] && . /test.sh
echo "nproc: $(nproc)"
poweroff -f'
make_initrd "$out/initrd-shell.gz" 'echo "Vireo demo: busybox shell (poweroff -f to quit)"
exec setsid cttyhack sh'

# The links a sysroot $1 needs that no package ships (an unpacked
# package runs no maintainer script), made if missing; a second run
# adds those a newer version of this script knows.
sysroot_links() {
    # Merged /usr: the aliases a dynamic program's paths go through
    # (PT_INTERP is /lib/ld-linux-riscv64-lp64d.so.1).
    for d in bin sbin lib; do
        [ -e "$1/$d" ] || [ -L "$1/$d" ] || ln -s "usr/$d" "$1/$d"
    done
    # The alternatives and defaults that dpkg's scripts would make.
    for l in python3:python3.13 sh:dash awk:gawk cc:gcc; do
        [ -e "$1/usr/bin/${l%%:*}" ] || [ -L "$1/usr/bin/${l%%:*}" ] ||
            [ ! -e "$1/usr/bin/${l#*:}" ] ||
            ln -s "${l#*:}" "$1/usr/bin/${l%%:*}"
    done
}

# A sysroot of trixie riscv64 packages: apt's own resolver (a simulated
# install against an empty status) names the packages and their
# dependencies at run time; each is `dpkg-deb -x`ed into one tree.
#   make_sysroot DIR PACKAGES...
make_sysroot() {
    sysroot=$1
    shift
    # shellcheck disable=SC2086
    pkgs=$(apt-get -q $apt_opts -s --no-install-recommends install "$@" |
           awk '$1 == "Inst" { print $2 }' | LC_ALL=C sort)
    [ -n "$pkgs" ] || { echo "fetch-guests: cannot resolve $*" >&2
                        return 1; }
    if [ -e "$sysroot/.done" ] &&
       [ "$(cat "$sysroot/PACKAGES" 2>/dev/null)" = "$pkgs" ]; then
        sysroot_links "$sysroot"
        return 0
    fi
    echo "fetch-guests: downloading $(basename "$sysroot") ($(echo "$pkgs" |
        wc -l) packages)" >&2
    udebs=$cache/debs-$(basename "$sysroot")
    rm -rf "$udebs" "$sysroot"
    mkdir -p "$udebs" "$sysroot"
    # shellcheck disable=SC2086
    (cd "$udebs" && apt-get -q $apt_opts download $pkgs >/dev/null) ||
        { echo "fetch-guests: apt-get download for $sysroot failed" >&2
          return 1; }
    for deb in "$udebs"/*.deb; do
        dpkg-deb -x "$deb" "$sysroot" || return 1
    done
    sysroot_links "$sysroot"
    mkdir -p "$sysroot/tmp"
    echo "$pkgs" > "$sysroot/PACKAGES"
    rm -rf "$udebs"
    touch "$sysroot/.done"
}

apt_state trixie riscv64 "$cache/apt-trixie-riscv64"
make_sysroot "$out/rootfs" libc6 coreutils dash bash grep sed gawk \
    findutils tar gzip xz-utils diffutils perl-base python3.13-minimal ||
    die "cannot build the riscv64 userland"
# CPython's own test suite (tests/linux-user/test-cpython-subset.py):
# optional, its test skips without it.
make_sysroot "$out/pyroot" python3.13 libpython3.13-stdlib \
    libpython3.13-testsuite dash coreutils grep sed libc-bin ||
    echo "fetch-guests: no CPython test-suite sysroot; its test will skip" >&2
# A native riscv64 compiler toolchain (gcc-14's driver, cc1, binutils'
# as and ld, libc6-dev, make and dash for make's recipes), for
# tests/linux-user/test-debian-toolchain.py: optional, it skips without.
make_sysroot "$out/devroot" gcc libc6-dev make dash ||
    echo "fetch-guests: no toolchain sysroot; its test will skip" >&2

echo "fetch-guests: $out ready (kernel $kver)" >&2
