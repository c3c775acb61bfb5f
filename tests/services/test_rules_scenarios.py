"""Every rules scenario (ours in tests/scenarios, the public ones in ../shared/scenarios) replays
without a difference, and `main.py rules replay/check` exits 0 / 1 / 2 as SPEC §9 says."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from services.cli.replay import differences, load, replay

ROOT = Path(__file__).resolve().parents[2]
OURS = ROOT / "tests" / "scenarios"
PUBLIC = ROOT.parent / "shared" / "scenarios"
MALFORMED = ROOT / "tests" / "scenarios_malformed"

SCENARIOS = sorted(OURS.glob("*.json")) + (sorted(PUBLIC.glob("*.json")) if PUBLIC.is_dir() else [])


def _id(path: Path) -> str:
    return f"{path.parent.name}/{path.stem}"


def test_we_have_our_own_scenarios():
    assert len(list(OURS.glob("*.json"))) >= 30


@pytest.mark.parametrize("path", SCENARIOS, ids=_id)
def test_scenario_replays_without_differences(path):
    sc = load(path)
    result = replay(sc)
    assert len(result.results) == len(sc.expect)
    assert differences(sc.expect, result.results) == []


def _cli(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, str(ROOT / "main.py"), "rules", *args],
        capture_output=True,
        text=True,
        encoding="utf-8",
        cwd=ROOT,
        timeout=120,
    )


def test_cli_check_ok_exits_0():
    run = _cli("check", str(OURS / "r03_owner_preheats_first.json"))
    assert run.returncode == 0, run.stdout + run.stderr
    assert "1 passed, 0 failed" in run.stdout


def test_cli_replay_prints_the_filled_in_expectations():
    src = OURS / "r02_two_days_last_minute_and_next.json"
    run = _cli("replay", str(src))
    assert run.returncode == 0, run.stderr
    assert json.loads(run.stdout) == json.loads(src.read_text(encoding="utf-8"))["expect"]


def test_cli_check_mismatch_exits_1_and_lists_the_difference(tmp_path):
    data = json.loads((OURS / "r03_owner_preheats_first.json").read_text(encoding="utf-8"))
    data["expect"][1]["owner"] = "s3"  # deliberately wrong: s1 pre-heated first
    wrong = tmp_path / "wrong.json"
    wrong.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    run = _cli("check", str(tmp_path))
    assert run.returncode == 1, run.stdout + run.stderr
    assert "FAIL" in run.stdout
    assert "expect[1]" in run.stdout and "expected 's3', got 's1'" in run.stdout


def test_cli_check_malformed_exits_2():
    run = _cli("check", str(MALFORMED / "unknown_type.json"))
    assert run.returncode == 2
    assert "events[1].type" in run.stdout


MALFORMED_POSITIONS = {
    "bad_json.json": "line 3 column",
    "bad_time.json": "events[1].at",
    "missing_at.json": "events[1]: missing key 'at'",
    "missing_key.json": "events[0]: register needs key 'channel'",
    "unknown_customer_in_expect.json": "expect[0].customer",
    "unknown_staff.json": "events[1].staff",
    "unknown_type.json": "events[1].type",
}


def test_every_malformed_file_is_listed():
    assert {p.name for p in MALFORMED.glob("*.json")} == set(MALFORMED_POSITIONS)


@pytest.mark.parametrize("name", sorted(MALFORMED_POSITIONS))
def test_cli_replay_rejects_malformed_file_with_its_position(name):
    run = _cli("replay", str(MALFORMED / name))
    assert run.returncode == 2
    assert run.stdout == ""  # rejected as a whole: no partial results
    assert MALFORMED_POSITIONS[name] in run.stderr
