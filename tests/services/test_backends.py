"""The same services on SQLite and PostgreSQL: every public rules scenario replays identically on both."""

from __future__ import annotations

from pathlib import Path

import pytest

from services.cli.replay import differences, load, replay
from tests.conftest import PG_URL, reset_postgres

SHARED = Path(__file__).resolve().parents[3] / "shared" / "scenarios"
FILES = sorted(SHARED.glob("*.json")) if SHARED.exists() else []


@pytest.mark.skipif(not FILES, reason="../shared/scenarios not present")
@pytest.mark.parametrize("backend", ["sqlite-file"] + (["postgresql"] if PG_URL else []))
def test_public_scenarios_replay_on_a_real_database(backend, tmp_path):
    for path in FILES:
        sc = load(path)
        if backend == "postgresql":
            reset_postgres(PG_URL)
            target = PG_URL
        else:
            target = str(tmp_path / f"{path.stem}.db")
        result = replay(sc, db_target=target)
        assert differences(sc.expect, result.results) == [], path.name
