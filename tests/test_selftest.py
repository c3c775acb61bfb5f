"""The self-test an installed copy runs, and the scenarios it ships."""

from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared" / "scenarios"


def test_self_test_passes_from_source(qapp):
    from ui.selftest import run_self_test

    lines: list[str] = []
    assert run_self_test(lines.append) == 0, "\n".join(lines)
    assert lines[-1] == "self-test: 6 passed, 0 failed"
    assert any("Qt 中文" in line for line in lines), lines


@pytest.mark.skipif(not SHARED.exists(), reason="../shared not present")
def test_shipped_scenarios_are_the_public_ones():
    shipped = {p.name: p.read_bytes() for p in (ROOT / "resources" / "scenarios").glob("*.json")}
    for public in SHARED.glob("*.json"):
        assert shipped.get(public.name) == public.read_bytes(), public.name
