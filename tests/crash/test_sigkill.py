"""Kill the program (SIGKILL) in the middle of a long action: the database stays whole and each
transaction is there entirely or not at all."""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
pytestmark = pytest.mark.skipif(os.name == "nt", reason="SIGKILL")


def run(db, *args, timeout=120):
    return subprocess.run(
        [sys.executable, "-m", "tests.crash.worker", str(db), *args],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=timeout,
        check=True,
    )


def kill_after(db, action, marker, count=1, *extra):
    """Start ``action``, wait until it printed ``marker`` ``count`` times, then SIGKILL it."""
    proc = subprocess.Popen(
        [sys.executable, "-m", "tests.crash.worker", str(db), action, *extra],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        text=True,
    )
    seen = 0
    try:
        for line in proc.stdout:
            if line.startswith(marker):
                seen += 1
                if seen >= count:
                    proc.send_signal(signal.SIGKILL)
                    break
            if line.startswith("done"):
                break
    finally:
        proc.wait(timeout=60)
        proc.stdout.close()
    return proc.returncode


def test_sweep_killed_midway_leaves_whole_batches(tmp_path):
    db = tmp_path / "office.db"
    run(db, "setup", "400")
    rc = kill_after(db, "sweep", "swept", count=2)
    con = sqlite3.connect(db)
    try:
        assert con.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        lapsed = con.execute("SELECT count(*) FROM ownership WHERE claim_state = 'lapsed'").fetchone()[0]
        pending = con.execute("SELECT count(*) FROM ownership WHERE claim_state = 'pending'").fetchone()[0]
    finally:
        con.close()
    assert lapsed + pending == 400
    if rc == -signal.SIGKILL:
        assert lapsed % 50 == 0 and 100 <= lapsed < 400
    # Sweeping again finishes the job.
    run(db, "sweep")
    con = sqlite3.connect(db)
    assert con.execute("SELECT count(*) FROM ownership WHERE claim_state = 'lapsed'").fetchone()[0] == 400
    con.close()


def counts(db, *queries):
    con = sqlite3.connect(db)
    try:
        assert con.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        return [con.execute(q).fetchone()[0] for q in queries]
    finally:
        con.close()


def test_import_killed_while_writing_leaves_no_card(tmp_path):
    db = tmp_path / "office.db"
    rc = kill_after(db, "import", "write", 2, "3000")
    assert rc == -signal.SIGKILL, "the import finished before it could be killed"
    customers, events = counts(db, "SELECT count(*) FROM customer", "SELECT count(*) FROM event")
    assert (customers, events) == (0, 0)


def test_allocation_killed_midway_allocates_nothing(tmp_path):
    db = tmp_path / "office.db"
    rc = kill_after(db, "allocate", "allocated", 3, "1500")
    assert rc == -signal.SIGKILL, "the confirmation finished before it could be killed"
    allocated, state = counts(db, "SELECT count(*) FROM event WHERE type = 'allocate'", "SELECT state FROM batch")
    assert allocated == 0 and state in ("processed", "returned")
