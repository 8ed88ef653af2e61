#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-or-later
"""Disassemble microvm's ACPI tables with ACPICA's iasl (Debian package
acpica-tools) and recompile the DSDT: every table must disassemble
without errors or warnings, and the DSDT must compile back. Reported as
TAP; every case is skipped, with the reason, when iasl is missing.

Usage: run-iasl.py PATH-TO-acpi-dump
"""
import os
import shutil
import subprocess
import sys
import tempfile

TABLES = ["dsdt", "facp", "apic", "xsdt"]
CPUS = [1, 4, 16]


def run(cmd, cwd):
    p = subprocess.run(cmd, cwd=cwd, capture_output=True, text=True,
                       timeout=60)
    return p.returncode, p.stdout + p.stderr


def check(dump, cpus, table, tmp):
    problems = []
    d = os.path.join(tmp, "%s-%d" % (table, cpus))
    os.makedirs(d)
    rc, out = run([dump, d, str(cpus)], tmp)
    if rc:
        return ["acpi-dump failed: " + out]
    rc, out = run(["iasl", "-d", table + ".dat"], d)
    if rc:
        problems.append("iasl -d exit status %d" % rc)
    for word in ("Error", "Warning"):
        if word.lower() in out.lower().replace("0 errors", "").replace(
                "0 warnings", ""):
            problems.append("iasl -d reports: %s" % word)
    if not os.path.exists(os.path.join(d, table + ".dsl")):
        problems.append("no disassembly written")
        return problems + out.splitlines()[-5:]
    with open(os.path.join(d, table + ".dsl")) as f:
        dsl = f.read()
    if table == "apic":
        n = dsl.count("[Processor Local APIC]")
        if n != cpus:
            problems.append("%d Processor Local APIC entries, not %d" %
                            (n, cpus))
    if table == "facp" and "Hardware Reduced (V5) : 1" not in dsl:
        problems.append("HW_REDUCED_ACPI flag not set")
    if table == "dsdt":
        for want in ('"LNRO0005"', "PNP0501", '"ACPI0013"', "_S5"):
            if want not in dsl:
                problems.append("DSDT lacks %s" % want)
        rc, out = run(["iasl", "-p", "recompiled", table + ".dsl"], d)
        if rc or "0 Errors, 0 Warnings" not in out:
            problems.append("the DSDT does not compile back: " +
                            out.strip().splitlines()[-1])
    return problems


def main():
    if len(sys.argv) != 2:
        sys.exit(__doc__)
    dump = os.path.abspath(sys.argv[1])
    cases = [(c, t) for c in CPUS for t in TABLES]
    print("1..%d" % len(cases))
    iasl = shutil.which("iasl")
    failed = 0
    with tempfile.TemporaryDirectory(prefix="vireo-acpi-") as tmp:
        for n, (cpus, table) in enumerate(cases, 1):
            name = "iasl: %s with -smp %d" % (table.upper(), cpus)
            if not iasl:
                print("ok %d - %s # SKIP no iasl (install acpica-tools)" %
                      (n, name))
                continue
            problems = check(dump, cpus, table, tmp)
            if problems:
                failed += 1
                print("not ok %d - %s" % (n, name))
                for p in problems:
                    print("# " + p)
            else:
                print("ok %d - %s" % (n, name))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
