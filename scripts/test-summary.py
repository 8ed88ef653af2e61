#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-or-later
"""Count individual test cases over one or more meson build directories.

Reads meson-logs/testlog.json. A TAP test counts each `ok`/`not ok` line
(`# SKIP` ones, and `not ok # TODO` known failures, as skipped); a test whose binary died after its last TAP
line counts one more failure; any other test counts as one case. Skips
are listed with their reasons, failures with an excerpt of what they
printed (CI logs are read from the end). The last line is the totals:
`N passed, M failed, K skipped`.
"""
import json
import os
import re
import sys

TAP_RE = re.compile(r"^(not ok|ok)\b[^#]*(#\s*(SKIP|TODO)\S*\s*(.*))?",
                    re.IGNORECASE)
PLAN_SKIP_RE = re.compile(r"^1\.\.0\s*#\s*SKIP\S*\s*(.*)", re.IGNORECASE)


def count(entry):
    passed = failed = skipped = 0
    reasons = []
    result = entry.get("result", "")
    cases = 0
    for line in (entry.get("stdout") or "").splitlines():
        m = PLAN_SKIP_RE.match(line)
        if m:
            reasons.append(m.group(1) or "no reason given")
            continue
        m = TAP_RE.match(line)
        if not m:
            continue
        cases += 1
        directive = (m.group(3) or "").upper()
        if directive == "SKIP":
            skipped += 1
            reasons.append(m.group(4) or line)
        elif directive == "TODO" and m.group(1).lower() == "not ok":
            # A known failure: not a pass, and listed so nobody forgets it.
            skipped += 1
            reasons.append("known failure (TODO): " + (m.group(4) or line))
        elif m.group(1).lower() == "ok" or directive == "TODO":
            passed += 1
        else:
            failed += 1
    if cases == 0:
        if result == "SKIP":
            skipped += 1
            if not reasons:
                reasons.append(last_line(entry) or "no reason given")
        elif result in ("OK", "EXPECTEDFAIL"):
            passed += 1
        else:
            failed += 1
    elif result not in ("OK", "SKIP", "EXPECTEDFAIL") and failed == 0:
        failed += 1   # died or timed out after its last reported case
    return passed, failed, skipped, reasons


def last_line(entry):
    for stream in ("stdout", "stderr"):
        lines = [l for l in (entry.get(stream) or "").splitlines() if l.strip()]
        if lines:
            return lines[-1].strip()
    return ""


def failure_excerpt(entry, limit=30):
    """What a failed test said about why, short enough to sit above the
    totals line, where CI logs are read from the end: its `not ok` lines
    with their `#` diagnostics, else the tail of its output."""
    out = (entry.get("stdout") or "").splitlines()
    picked = []
    for i, line in enumerate(out):
        if line.lower().startswith("not ok"):
            picked.append(line)
            picked += [l for l in out[i + 1:i + 12] if l.startswith("#")]
    if not picked:
        err = [l for l in (entry.get("stderr") or "").splitlines()
               if l.strip()]
        picked = [l for l in out if l.strip()][-8:] + err[-12:]
    return [l[:200] for l in picked[-limit:]]


def main(dirs):
    totals = [0, 0, 0]
    for d in dirs:
        path = os.path.join(d, "meson-logs", "testlog.json")
        if not os.path.exists(path):
            print(f"test-summary: {path}: no test log", file=sys.stderr)
            totals[1] += 1
            continue
        with open(path, encoding="utf-8") as f:
            for raw in f:
                if not raw.strip():
                    continue
                entry = json.loads(raw)
                p, fl, s, reasons = count(entry)
                totals[0] += p
                totals[1] += fl
                totals[2] += s
                for r in reasons:
                    print(f"SKIP {d}:{entry['name']}: {r}")
                if fl:
                    print(f"FAIL {d}:{entry['name']} ({entry.get('result')})")
                    for line in failure_excerpt(entry):
                        print(f"  | {line}")
    print(f"{totals[0]} passed, {totals[1]} failed, {totals[2]} skipped")
    return 1 if totals[1] else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:] or ["build"]))
