"""The recording path's caches never hide a fact: staff or meetings added on another PC are found,
and a resignation keeps the staff member's other details."""

from __future__ import annotations

import datetime as dt

from models import Meeting, MeetingDepartment, Staff

T = dt.datetime


def test_staff_and_meetings_added_elsewhere_are_found(app, office):
    c = app.customers.create(office.users["clerk"], "王大爷", ["13800000001"]).id
    app.timeline.register(office.users["s1"], c, office.s1, "kepu")  # fills the caches
    # Another PC adds a staff member and a meeting straight into the shared database.
    other = Staff.create(name="新人", department=office.d1, position="staff")
    m = Meeting.create(date=dt.date(2026, 3, 10), slot="afternoon", joint=False)
    MeetingDepartment.create(meeting=m, department=office.d1)
    rec = app.timeline.invite(office.users["manager1"], c, other.id, m.id)
    assert rec.event_id


def test_resignation_keeps_position_and_phone(app, office):
    app.org.create_staff(office.admin, "专家甲", office.d1, position="expert", phone="13900000000")
    expert = next(s for s in app.org.staff(include_left=True) if s.name == "专家甲")
    app.timeline.staff_left(office.admin, expert.id)
    row = Staff.get_by_id(expert.id)
    assert (row.position, row.phone, row.active) == ("expert", "13900000000", False)
    assert row.left_at == app.clock.now()
