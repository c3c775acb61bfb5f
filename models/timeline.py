"""Meetings, the append-only customer timeline, ownership snapshots and conflict cases."""

from __future__ import annotations

import datetime as dt

import peewee as pw

from models.base import BaseModel, JSONField
from models.customers import Customer
from models.org import Department, Staff, User


class Meeting(BaseModel):
    """联谊会: a sales meeting on a date, afternoon or evening; joint = 联合会议."""

    name = pw.CharField(max_length=128, default="")
    date = pw.DateField(index=True)
    slot = pw.CharField(max_length=16, default="afternoon")  # afternoon | evening
    joint = pw.BooleanField(default=False)
    created_at = pw.DateTimeField(default=dt.datetime.now)
    created_by = pw.ForeignKeyField(User, null=True, on_delete="SET NULL")


class MeetingDepartment(BaseModel):
    meeting = pw.ForeignKeyField(Meeting, backref="departments", on_delete="CASCADE")
    department = pw.ForeignKeyField(Department, on_delete="RESTRICT")

    class Meta:
        indexes = ((("meeting", "department"), True),)


class MeetingList(BaseModel):
    """A department's confirmed-invitation list (敲定名单) for a joint meeting, as submitted."""

    meeting = pw.ForeignKeyField(Meeting, backref="lists", on_delete="RESTRICT")
    department = pw.ForeignKeyField(Department, on_delete="RESTRICT")
    submitted_at = pw.DateTimeField(index=True)
    submitted_by = pw.ForeignKeyField(User, null=True, on_delete="SET NULL")
    for_day = pw.DateField()  # the day whose deadline the list answers
    on_time = pw.BooleanField()


class Event(BaseModel):
    """One fact on a customer's timeline. Append-only: rows are never updated or deleted.

    ``type`` is one of the SPEC §9 event types plus ``listed`` (the customer was on a
    submitted joint-meeting list) and ``staff_left`` written per affected customer.
    """

    customer = pw.ForeignKeyField(Customer, backref="events", on_delete="RESTRICT")
    type = pw.CharField(max_length=24)
    at = pw.DateTimeField()
    staff = pw.ForeignKeyField(Staff, null=True, on_delete="RESTRICT")
    channel = pw.CharField(max_length=16, null=True)
    meeting = pw.ForeignKeyField(Meeting, null=True, on_delete="RESTRICT")
    department = pw.ForeignKeyField(Department, null=True, on_delete="RESTRICT")
    amount = pw.DecimalField(max_digits=12, decimal_places=2, null=True)
    related = pw.ForeignKeyField(Customer, null=True, on_delete="RESTRICT", backref="related_events")
    details = JSONField(null=True)
    recorded_by = pw.ForeignKeyField(User, null=True, on_delete="SET NULL")
    recorded_at = pw.DateTimeField(default=dt.datetime.now)

    class Meta:
        indexes = (
            (("customer", "at", "id"), False),
            (("staff", "type"), False),
            (("related", "type"), False),
            (("meeting", "type"), False),
        )


class Complaint(BaseModel):
    """投诉: the complaint record that `complaint` / `complaint_resolved` events refer to."""

    customer = pw.ForeignKeyField(Customer, backref="complaints", on_delete="RESTRICT")
    code = pw.CharField(max_length=64, unique=True)
    cause = pw.CharField(max_length=16, default="other")
    staff = pw.ForeignKeyField(Staff, null=True, on_delete="SET NULL")
    opened_at = pw.DateTimeField()
    due_at = pw.DateTimeField(index=True)
    resolved_at = pw.DateTimeField(null=True)
    notes = pw.TextField(default="")
    to_gm = pw.BooleanField(default=False)  # the customer complained to the general manager (seed 000 §四.3 b)


class Ownership(BaseModel):
    """The current verdict of the rules engine for one customer, kept by services.rules."""

    customer = pw.ForeignKeyField(Customer, primary_key=True, backref="ownership", on_delete="CASCADE")
    owner_kind = pw.CharField(max_length=8, default="none")  # staff | pool | none
    owner = pw.ForeignKeyField(Staff, null=True, on_delete="RESTRICT", index=True)
    owner_department = pw.ForeignKeyField(Department, null=True, on_delete="SET NULL", index=True)
    claim_state = pw.CharField(max_length=8, default="")  # pending | active | lapsed | ''
    rule = pw.CharField(max_length=8, default="")
    since = pw.DateTimeField(null=True)
    next_deadline = pw.DateTimeField(null=True, index=True)
    next_rule = pw.CharField(max_length=8, default="")
    next_action = pw.TextField(default="")
    explanation = pw.TextField(default="")
    pool_reason = pw.CharField(max_length=8, default="")
    must_other_department = pw.BooleanField(default=False)
    computed_at = pw.DateTimeField(default=dt.datetime.now)
    # The rules whose deadline passed for this claim, in the order they lapsed ("R6,R8"; empty unless
    # claim_state is 'lapsed'), so the front desk can say who may take over without replaying the
    # timeline (issue 22). Snapshots written before migration 19 have it empty while lapsed: the desk
    # then replays (services.frontdesk). Last column: migration 19 appends it to older tables.
    lapsed_rules = pw.CharField(max_length=32, default="", constraints=[pw.SQL("DEFAULT ''")])


# What the rules engine says of a card nobody has registered yet (an empty timeline). Every card has its
# Ownership row from the moment it is created, this one until its first event: "未登记" is then an index
# range (owner_kind = 'none') like every other claim state, not the absence of a row. The writers of
# cards (services.customers.service; bench/scale.py and the bench's raw loaders through
# `fill_missing_snapshots`) keep it; migration 12 gives older databases theirs.
# tests/services/test_every_card_has_a_snapshot.py checks it against engine.evaluate([]).
UNREGISTERED_EXPLANATION = "尚无人报名,归属未定"


def unregistered_snapshot(customer_id: int, at: dt.datetime) -> dict:
    """The Ownership row of a card just created (field name → value, for models.bulk.insert_rows)."""
    return dict(
        customer=customer_id,
        owner_kind="none",
        owner=None,
        owner_department=None,
        claim_state="",
        rule="",
        since=None,
        next_deadline=None,
        next_rule="",
        next_action="",
        explanation=UNREGISTERED_EXPLANATION,
        pool_reason="",
        must_other_department=False,
        computed_at=at,
        lapsed_rules="",
    )


def fill_missing_snapshots_sql(param: str = "?") -> tuple[str, tuple]:
    """The statement (and its parameters) that gives every card without an Ownership row its unregistered
    one, computed at the card's creation; idempotent. For raw connections (bench/scale.py) too."""
    sql = (
        "INSERT INTO ownership (customer_id, owner_kind, owner_id, owner_department_id, claim_state, rule, since,"
        " next_deadline, next_rule, next_action, explanation, pool_reason, must_other_department, computed_at)"
        f" SELECT c.id, 'none', NULL, NULL, '', '', NULL, NULL, '', '', {param}, '', {param}, c.created_at"
        " FROM customer c WHERE NOT EXISTS (SELECT 1 FROM ownership o WHERE o.customer_id = c.id)"
    )
    return sql, (UNREGISTERED_EXPLANATION, False)


def fill_missing_snapshots(database: pw.Database) -> int:
    """`fill_missing_snapshots_sql` run on ``database``; returns how many rows were added."""
    return database.execute_sql(*fill_missing_snapshots_sql(database.param)).rowcount


class ConflictCase(BaseModel):
    """冲突仲裁 case opened by the engine; never deleted."""

    customer = pw.ForeignKeyField(Customer, backref="cases", on_delete="RESTRICT", index=True)
    kind = pw.CharField(max_length=24)
    rule = pw.CharField(max_length=8)
    opened_at = pw.DateTimeField(index=True)
    key = pw.CharField(max_length=96, unique=True)  # dedup: one case per engine notice
    state = pw.CharField(max_length=12, default="open", index=True)  # open | escalated | ruled
    department = pw.ForeignKeyField(Department, null=True, on_delete="SET NULL", index=True)
    parties = JSONField(default=list)  # staff ids
    summary = pw.TextField(default="")
    proposed_owner = pw.CharField(max_length=16, default="")  # staff id, "pool" or ""
    proposal = pw.TextField(default="")
    evidence = JSONField(default=list)  # event ids
    resolved_at = pw.DateTimeField(null=True)
    resolved_by = pw.ForeignKeyField(User, null=True, on_delete="SET NULL")
    resolution = pw.TextField(default="")
    ruling_event = pw.ForeignKeyField(Event, null=True, on_delete="SET NULL")
