"""Rule parameters (services/rule_params.py): the dry run shows who would change hands and writes
nothing; applying saves the setting with history and refreshes the affected snapshots."""

from __future__ import annotations

import datetime as dt

import pytest

from models import AuditLog, ConflictCase, Event, Ownership, SettingHistory
from services.platform.errors import PermissionDenied, ValidationError
from services.timeline import rule_params

T = dt.datetime
NOW = T(2026, 3, 4, 12, 0)


@pytest.fixture
def archive(app, office):
    """c_day3: the owner pre-heated on day 3, after another staff member registered that morning.
    c_day2: pre-heated on day 2. c_pending: registered on 3-04, not yet pre-heated. c_blank: no timeline."""
    tl, u = app.timeline, office.users

    def card(i):
        return app.customers.create(u["clerk"], f"顾客{i}", [f"1370000{i:04d}"]).id

    ids = {k: card(i) for i, k in enumerate(("c_day3", "c_day2", "c_pending", "c_blank"), start=1)}

    def when(t):
        app.clock.set(t)
        return t

    tl.register(u["s1"], ids["c_day3"], office.s1, "kepu", at=when(T(2026, 3, 1, 9, 0)))
    tl.register(u["s1"], ids["c_day2"], office.s1, "kepu", at=when(T(2026, 3, 1, 9, 0)))
    tl.preheat(u["s1"], ids["c_day2"], office.s1, at=when(T(2026, 3, 2, 10, 0)))
    tl.register(u["s3"], ids["c_day3"], office.s3, "community", at=when(T(2026, 3, 3, 9, 0)))
    tl.preheat(u["s1"], ids["c_day3"], office.s1, at=when(T(2026, 3, 3, 10, 0)))
    tl.register(u["s2"], ids["c_pending"], office.s2, "kepu", at=when(T(2026, 3, 4, 9, 0)))
    app.clock.set(NOW)
    return ids


def state(ids):
    """Everything a parameter change could write."""
    snaps = {row.customer_id: dict(row.__data__) for row in Ownership.select().where(Ownership.customer.in_(list(ids)))}
    return (
        snaps,
        AuditLog.select().count(),
        SettingHistory.select().count(),
        ConflictCase.select().count(),
        Event.select().count(),
    )


def test_dry_run_shows_who_would_change_hands_and_writes_nothing(app, office, archive):
    before = state(archive.values())
    effects = rule_params.dry_run(app, office.users["director"], {"preheat_days": 1})
    assert state(archive.values()) == before
    assert app.settings.params().preheat_days == 2
    assert [e.customer_id for e in effects] == [archive["c_day3"]]
    e = effects[0]
    assert (e.old_owner, e.new_owner, e.rule) == (office.s1, office.s3, "R2")
    assert (e.customer_name, e.old_owner_name, e.new_owner_name) == ("顾客1", "张三", "王五")
    assert "R2" in e.explanation and "王五" in e.explanation


def test_dry_run_with_the_current_parameters_changes_nobody(app, office, archive):
    assert rule_params.dry_run(app, office.users["director"], {"preheat_days": 2}) == []
    assert rule_params.dry_run(app, office.users["director"], {"preheat_days": 3}) == []


def test_dry_run_at_an_earlier_instant(app, office, archive):
    """Before the day-3 events nobody changes hands; the instant is the caller's choice."""
    assert rule_params.dry_run(app, office.users["director"], {"preheat_days": 1}, at=T(2026, 3, 2, 23, 0)) == []


@pytest.mark.parametrize(
    "params,field",
    [
        ({"preheat_days": 0}, "preheat_days"),
        ({"preheat_days": "两天"}, "preheat_days"),
        ({"service_months": True}, "service_months"),
        ({"list_deadline": "25:00"}, "list_deadline"),
        ({"grace_days": 1}, "grace_days"),
    ],
)
def test_bad_parameters_are_refused_naming_the_field(app, office, archive, params, field):
    with pytest.raises(ValidationError) as err:
        rule_params.dry_run(app, office.users["director"], params)
    assert err.value.field == field
    with pytest.raises(ValidationError):
        rule_params.apply(app, office.users["director"], params, "试试")
    assert app.settings.params().preheat_days == 2


def test_points_may_be_switched_off(app, office, archive):
    assert rule_params.dry_run(app, office.users["director"], {"attend_points": 0}) == []


@pytest.mark.parametrize("user", ["s1", "clerk", "manager1", "coordinator"])
def test_only_admin_director_and_gm_may_change_rule_parameters(app, office, archive, user):
    with pytest.raises(PermissionDenied):
        rule_params.dry_run(app, office.users[user], {"preheat_days": 1})
    with pytest.raises(PermissionDenied):
        rule_params.apply(app, office.users[user], {"preheat_days": 1}, "缩短预热期限")
    assert app.settings.params().preheat_days == 2


def test_apply_requires_a_reason(app, office, archive):
    with pytest.raises(ValidationError) as err:
        rule_params.apply(app, office.users["director"], {"preheat_days": 1}, "  ")
    assert err.value.field == "reason"
    assert app.settings.params().preheat_days == 2


def test_apply_saves_the_setting_and_refreshes_the_affected_snapshots(app, office, archive):
    day2_before = Ownership.get_by_id(archive["c_day2"]).__data__.copy()
    result = rule_params.apply(app, office.users["director"], {"preheat_days": 1}, "缩短预热期限", batch=1)

    assert app.settings.params().preheat_days == 1
    assert app.settings.history("rules.params")[-1][3] == "缩短预热期限"
    assert [e.customer_id for e in result.effects] == [archive["c_day3"]]

    moved = Ownership.get_by_id(archive["c_day3"])
    assert (moved.owner_id, moved.rule, moved.claim_state) == (office.s3, "R2", "pending")
    audit = AuditLog.select().where(
        (AuditLog.customer_id == archive["c_day3"]) & (AuditLog.action == "ownership.change")
    )
    assert [(a.old["owner"], a.new["owner"], a.rule) for a in audit][-1] == (office.s1, office.s3, "R2")

    pending = Ownership.get_by_id(archive["c_pending"])
    assert (pending.owner_id, pending.next_deadline) == (office.s2, T(2026, 3, 6, 0, 0))  # was 3-07 00:00
    assert Ownership.get_by_id(archive["c_day2"]).__data__ == day2_before
    assert result.refreshed == 2

    # What is recorded from now on follows the new window.
    c = app.customers.create(office.users["clerk"], "新顾客", ["13711112222"]).id
    app.timeline.register(office.users["s4"], c, office.s4, "kepu")
    assert Ownership.get_by_id(c).next_deadline == T(2026, 3, 6, 0, 0)


def test_apply_rolls_back_setting_and_snapshots_together(app, office, archive, monkeypatch):
    before = state(archive.values())

    def broken(*args, **kwargs):
        raise RuntimeError("disk full")

    monkeypatch.setattr(app.timeline, "store", broken)
    with pytest.raises(RuntimeError):
        rule_params.apply(app, office.users["director"], {"preheat_days": 1}, "缩短预热期限")
    assert app.settings.params().preheat_days == 2
    assert state(archive.values()) == before
