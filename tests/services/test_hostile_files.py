"""Issue 16, item 8: hostile scenario files are messages with exit status 2, never tracebacks, and a
broken file in a folder does not stop `rules check` for the files after it."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
GOOD = ROOT / "tests" / "scenarios"


def run(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, str(ROOT / "main.py"), *args], capture_output=True, text=True, cwd=ROOT, timeout=120
    )


def scenario(at: str) -> dict:
    return {
        "name": "far years",
        "departments": [{"id": "D1", "name": "一部"}],
        "staff": [{"id": "s1", "name": "张三", "dept": "D1"}],
        "customers": [{"id": "c1", "name": "王大爷", "phone": "13800000001"}],
        "events": [{"at": at, "type": "register", "customer": "c1", "staff": "s1", "channel": "scatter"}],
        "expect": [{"at": at, "customer": "c1", "owner": "s1"}],
    }


@pytest.mark.parametrize(
    "name, text, words",
    [
        ("deep.json", "[" * 50_000 + "]" * 50_000, "nested too deeply"),
        ("year9999.json", json.dumps(scenario("9999-12-31 23:00")), "outside the years"),
        ("year0001.json", json.dumps(scenario("0001-01-01 00:00")), "outside the years"),
    ],
)
def test_hostile_scenarios_are_refused_with_a_message(tmp_path, name, text, words):
    path = tmp_path / name
    path.write_text(text)
    out = run("rules", "replay", str(path))
    assert out.returncode == 2 and words in out.stderr and "Traceback" not in out.stderr


def test_a_broken_file_does_not_stop_the_check_of_the_others(tmp_path):
    (tmp_path / "a-deep.json").write_text("[" * 50_000 + "]" * 50_000)
    good = sorted(GOOD.glob("*.json"))[0]
    shutil.copy(good, tmp_path / "b-good.json")
    out = run("rules", "check", str(tmp_path))
    assert out.returncode == 2 and "Traceback" not in out.stderr
    assert "MALFORMED" in out.stdout and "ok   " in out.stdout and "1 passed, 1 failed" in out.stdout
