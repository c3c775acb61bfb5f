"""Hostile scenario files: anything at all gives a ScenarioError with a position, never a crash."""

from __future__ import annotations

import copy
import json
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from services.cli.replay import ScenarioError, replay, validate

SHARED = Path(__file__).resolve().parents[3] / "shared" / "scenarios"
BASE = {
    "name": "base",
    "departments": [{"id": "D1", "name": "一部"}, {"id": "D2", "name": "二部"}],
    "staff": [{"id": "s1", "name": "张三", "dept": "D1"}, {"id": "s3", "name": "王五", "dept": "D2"}],
    "customers": [{"id": "c1", "name": "王大爷", "phone": "13800001000"}],
    "meetings": [{"id": "m1", "date": "2026-03-10", "slot": "afternoon", "joint": True, "departments": ["D1", "D2"]}],
    "events": [
        {"at": "2026-03-01 09:00", "type": "register", "customer": "c1", "staff": "s1", "channel": "kepu"},
        {"at": "2026-03-02 09:00", "type": "invite", "customer": "c1", "staff": "s1", "meeting": "m1"},
    ],
    "expect": [{"at": "2026-03-02 10:00", "customer": "c1", "owner": "s1", "rule": "R1"}],
}

json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=12),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=8), inner, max_size=4),
    max_leaves=20,
)


@settings(max_examples=150, deadline=None)
@given(json_values)
def test_random_json_is_rejected_with_a_position(data):
    try:
        validate(data)
    except ScenarioError as exc:
        assert exc.position and exc.reason


def paths(obj, prefix=()):
    yield prefix
    if isinstance(obj, dict):
        for k, v in obj.items():
            yield from paths(v, prefix + (k,))
    elif isinstance(obj, list):
        for i, v in enumerate(obj):
            yield from paths(v, prefix + (i,))


ALL_PATHS = [p for p in paths(BASE) if p]


@settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.sampled_from(ALL_PATHS), json_values)
def test_a_valid_scenario_with_one_value_replaced_is_either_rejected_or_replays(path, value):
    data = copy.deepcopy(BASE)
    node = data
    for key in path[:-1]:
        node = node[key]
    node[path[-1]] = value
    try:
        sc = validate(json.loads(json.dumps(data)))
    except ScenarioError as exc:
        assert exc.position
        return
    result = replay(sc)
    assert len(result.results) == len(sc.expect)
