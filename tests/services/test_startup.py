"""A second program on the same SQLite file is told it is in use; health checks warn in Chinese."""

from __future__ import annotations

import subprocess
import sys
import textwrap

import pytest

from services.platform.startup import HealthReport, InstanceLock, InUse, check_database


def test_second_lock_in_another_process_is_refused_and_freed_when_the_first_dies(tmp_path):
    db = tmp_path / "office.db"
    code = textwrap.dedent(f"""
        import sys; sys.path.insert(0, {str(__import__("pathlib").Path(__file__).resolve().parents[2])!r})
        from services.platform.startup import InstanceLock, InUse
        try:
            InstanceLock({str(db)!r}).acquire()
        except InUse as exc:
            print("IN USE", exc.message); sys.exit(3)
        print("GOT IT")
    """)
    first = InstanceLock(db)
    first.acquire()
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert out.returncode == 3 and "正在被另一个客源管家程序使用" in out.stdout
    first.release()
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert out.returncode == 0 and "GOT IT" in out.stdout


def test_lock_within_one_process_twice_is_refused(tmp_path):
    a, b = InstanceLock(tmp_path / "x.db"), InstanceLock(tmp_path / "x.db")
    a.acquire()
    with pytest.raises(InUse):
        b.acquire()
    a.release()
    b.acquire()
    b.release()


@pytest.mark.sqlite_only
def test_quick_check_on_a_healthy_file(app, db_target):
    report = check_database(db_target)
    assert report.integrity_ok and report.free_bytes and report.warnings() == []


def test_warnings_name_the_problem():
    bad = HealthReport(False, "row 3 missing from index", 100 * 1024 * 1024)
    text = " ".join(bad.warnings())
    assert "快速检查发现问题" in text and "100 MB" in text
