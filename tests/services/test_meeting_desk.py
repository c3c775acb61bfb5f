"""A joint meeting's invitation flow as the office sees it: lists, the duplicate check, credit."""

from __future__ import annotations

import datetime as dt

import pytest

from services.platform.errors import PermissionDenied, RuleRefused, ValidationError

T = dt.datetime


@pytest.fixture
def joint(app, office):
    """王大爷 owned by 张三 (一部); a joint afternoon meeting of 一部 and 二部 on 3-10."""
    c = app.customers.create(office.users["clerk"], "王大爷", ["13800000001"]).id
    app.clock.set(T(2026, 3, 1, 9, 0))
    app.timeline.register(office.users["s1"], c, office.s1, "kepu")
    app.timeline.preheat(office.users["s1"], c, office.s1)
    m = app.meetings.create(
        office.users["director"], dt.date(2026, 3, 10), "afternoon", True, [office.d1, office.d2]
    ).id
    return c, m


def test_the_manager_submits_what_is_not_listed_yet_and_sees_it_on_time(app, office, joint):
    c, m = joint
    app.clock.set(T(2026, 3, 8, 17, 0))
    app.timeline.invite(office.users["s1"], c, office.s1, m)
    pending = app.meetings.unlisted(office.users["manager1"], m, office.d1)
    assert [i.customer_name for i in pending] == ["王大爷"]
    assert pending[0].counted_day == dt.date(2026, 3, 8)
    app.clock.set(T(2026, 3, 8, 17, 30))
    _, on_time, n = app.meetings.submit_unlisted(office.users["manager1"], m, office.d1)
    assert on_time and n == 1
    assert app.meetings.unlisted(office.users["manager1"], m, office.d1) == []
    with pytest.raises(ValidationError):
        app.meetings.submit_unlisted(office.users["manager1"], m, office.d1)
    inv = app.meetings.invitations(office.users["director"], m)[0]
    assert inv.on_time and inv.stands and inv.listed_at == T(2026, 3, 8, 17, 30)


def test_a_late_list_loses_to_another_departments_on_time_list(app, office, joint):
    c, m = joint
    app.clock.set(T(2026, 3, 8, 17, 0))
    app.timeline.invite(office.users["s1"], c, office.s1, m)
    app.clock.set(T(2026, 3, 8, 19, 0))
    _, on_time, _ = app.meetings.submit_unlisted(office.users["manager1"], m, office.d1)
    assert not on_time
    app.clock.set(T(2026, 3, 9, 9, 0))
    app.timeline.invite(office.users["s3"], c, office.s3, m)
    app.clock.set(T(2026, 3, 9, 17, 0))
    app.timeline.submit_list(office.users["director"], office.d2, m, [c])
    dups = app.meetings.duplicate_invitations(office.users["coordinator"], m)
    assert len(dups) == 1 and dups[0].standing.startswith("二部 王五")
    app.clock.set(T(2026, 3, 10, 14, 0))
    app.timeline.attend(office.users["clerk"], c, m)
    credited = {i.staff_name: i.credited_to for i in app.meetings.invitations(office.users["director"], m)}
    assert credited == {"张三": "王五", "王五": "王五"}


def test_an_invitation_while_on_another_departments_on_time_list_is_refused(app, office, joint):
    c, m = joint
    app.clock.set(T(2026, 3, 8, 17, 0))
    app.timeline.invite(office.users["s1"], c, office.s1, m)
    app.meetings.submit_unlisted(office.users["manager1"], m, office.d1)
    app.clock.set(T(2026, 3, 9, 9, 0))
    with pytest.raises(RuleRefused) as refused:
        app.timeline.invite(office.users["s3"], c, office.s3, m)
    assert refused.value.rule == "R11" and "一部" in refused.value.message


def test_only_coordinators_check_duplicates_and_managers_see_their_department(app, office, joint):
    c, m = joint
    app.clock.set(T(2026, 3, 8, 17, 0))
    app.timeline.invite(office.users["s1"], c, office.s1, m)
    with pytest.raises(PermissionDenied):
        app.meetings.duplicate_invitations(office.users["manager1"], m)
    with pytest.raises(PermissionDenied):
        app.meetings.unlisted(office.users["s1"], m, office.d1)
    assert app.meetings.invitations(office.users["s3"], m) == []  # 二部 sees none of 一部's confirmations


def test_list_duties_need_a_list_only_on_days_with_confirmations(app, office, joint):
    c, m = joint
    app.clock.set(T(2026, 3, 8, 17, 0))
    app.timeline.invite(office.users["s1"], c, office.s1, m)
    app.clock.set(T(2026, 3, 8, 19, 0))
    app.meetings.submit_unlisted(office.users["manager1"], m, office.d1)
    duties = {(d.department_id, d.day): d for d in app.meetings.list_duties(m)}
    late = duties[(office.d1, dt.date(2026, 3, 8))]
    assert late.on_time is False and late.confirmations == 1
    quiet = duties[(office.d1, dt.date(2026, 3, 7))]
    assert quiet.submitted_at is None and not quiet.missing
    assert not duties[(office.d2, dt.date(2026, 3, 8))].missing


def test_a_refused_invitation_opens_a_case_but_records_no_event(app, office, joint):
    from models import ConflictCase, Event

    c, m = joint
    app.clock.set(T(2026, 3, 8, 17, 0))
    app.timeline.invite(office.users["s1"], c, office.s1, m)
    app.meetings.submit_unlisted(office.users["manager1"], m, office.d1)
    app.clock.set(T(2026, 3, 9, 9, 0))
    events = Event.select().count()
    with pytest.raises(RuleRefused):
        app.timeline.invite(office.users["s3"], c, office.s3, m)
    assert Event.select().count() == events
    case = ConflictCase.get(ConflictCase.kind == "invite_refused")
    assert case.rule == "R11" and case.department_id == office.d2 and "王五" in case.summary
