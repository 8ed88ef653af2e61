#!/bin/sh
# Installs the Debian packages Vireo needs to build and test.
# SPDX-License-Identifier: GPL-2.0-or-later
#
#   scripts/install-deps.sh              build and unit-test dependencies
#   scripts/install-deps.sh --if-missing the same, only when one is missing
#   scripts/install-deps.sh --oracle     also the test peers: Debian's QEMU,
#                                        gdb-multiarch, cross compilers, ...
set -e

BUILD_PKGS="gcc meson ninja-build pkg-config python3 libglib2.0-dev
 libpixman-1-dev libslirp-dev zlib1g-dev libfdt-dev libcapstone-dev check
 linux-libc-dev"
ORACLE_PKGS="qemu-system-misc qemu-system-x86 qemu-user qemu-utils
 gdb-multiarch socat e2fsprogs cpio xz-utils kmod gcc-riscv64-linux-gnu
 libc6-dev-riscv64-cross gcc-riscv64-unknown-elf device-tree-compiler opensbi
 acpica-tools"

missing_build_deps() {
    for tool in gcc meson ninja pkg-config python3; do
        command -v "$tool" >/dev/null 2>&1 || { echo "$tool"; return; }
    done
    for pc in glib-2.0 gio-2.0 pixman-1 slirp zlib capstone check; do
        pkg-config --exists "$pc" 2>/dev/null || { echo "$pc"; return; }
    done
    # Debian's libfdt-dev ships no pkg-config file.
    [ -e /usr/include/libfdt.h ] || echo libfdt
}

pkgs=$BUILD_PKGS
case "$1" in
--if-missing)
    what=$(missing_build_deps)
    [ -z "$what" ] && exit 0
    echo "install-deps: $what is missing; installing build dependencies" >&2
    ;;
--oracle) pkgs="$BUILD_PKGS $ORACLE_PKGS" ;;
"") ;;
*) echo "install-deps: unknown option '$1'" >&2; exit 1 ;;
esac

if [ "$(id -u)" = 0 ]; then
    run=
elif command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then
    run=sudo
else
    echo "install-deps: need root or password-less sudo to install:" >&2
    echo "  apt-get install $(echo $pkgs)" >&2
    exit 1
fi

export DEBIAN_FRONTEND=noninteractive
# Wait for another apt run (unattended upgrades, a second build) to finish.
lock="-o DPkg::Lock::Timeout=600"
# shellcheck disable=SC2086
$run apt-get $lock update -q >/dev/null || true
# shellcheck disable=SC2086
$run apt-get $lock install -y -q --no-install-recommends $pkgs >/dev/null
