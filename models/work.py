"""Allocation batches (档案分配), callbacks (回访) and lookup approvals — the office's daily work records."""

from __future__ import annotations

import datetime as dt

import peewee as pw

from models.base import BaseModel, JSONField
from models.customers import Customer, Scan
from models.org import Department, Staff, User
from models.timeline import Event, Meeting


class Batch(BaseModel):
    """A batch of paper forms from one event, through the CRM center and back (SPEC §4)."""

    name = pw.CharField(max_length=128)
    procedure = pw.CharField(max_length=16)  # kepu (A) | kepu_large (B) | activity (C) | pool (R10)
    event_date = pw.DateField(null=True)
    organiser = pw.ForeignKeyField(Department, null=True, on_delete="SET NULL")
    handed_in_by = pw.ForeignKeyField(Staff, null=True, on_delete="SET NULL")
    state = pw.CharField(max_length=16, default="open", index=True)  # open | processed | returned | distributed
    processed_count = pw.IntegerField(default=0)
    created_at = pw.DateTimeField(default=dt.datetime.now)
    created_by = pw.ForeignKeyField(User, null=True, on_delete="SET NULL")
    confirmed_at = pw.DateTimeField(null=True)
    confirmed_by = pw.ForeignKeyField(User, null=True, on_delete="SET NULL", backref="+")
    version = pw.IntegerField(default=1)  # two confirmations of one batch cannot both commit
    notes = pw.TextField(default="")


class BatchDepartment(BaseModel):
    batch = pw.ForeignKeyField(Batch, backref="departments", on_delete="CASCADE")
    department = pw.ForeignKeyField(Department, on_delete="RESTRICT")

    class Meta:
        indexes = ((("batch", "department"), True),)


class BatchParticipant(BaseModel):
    """A staff member who took part in a department kepu (procedure A)."""

    batch = pw.ForeignKeyField(Batch, backref="participants", on_delete="CASCADE")
    staff = pw.ForeignKeyField(Staff, on_delete="RESTRICT")

    class Meta:
        indexes = ((("batch", "staff"), True),)


class BatchCard(BaseModel):
    """One card of a batch and where it went."""

    batch = pw.ForeignKeyField(Batch, backref="cards", on_delete="CASCADE")
    customer = pw.ForeignKeyField(Customer, on_delete="RESTRICT", index=True)
    collected_by = pw.ForeignKeyField(Department, null=True, on_delete="SET NULL")
    status = pw.CharField(max_length=16, default="new")  # new | duplicate | owned | allocated
    existing_owner = pw.ForeignKeyField(Staff, null=True, on_delete="SET NULL", backref="+")
    recipient_department = pw.ForeignKeyField(Department, null=True, on_delete="SET NULL", backref="+")
    recipient = pw.ForeignKeyField(Staff, null=True, on_delete="SET NULL", backref="+", index=True)
    household_key = pw.IntegerField(null=True)
    swap_reason = pw.TextField(default="")
    allocate_event = pw.ForeignKeyField(Event, null=True, on_delete="SET NULL")

    class Meta:
        indexes = ((("batch", "customer"), True),)


class Callback(BaseModel):
    """A callback record (回访记录): the form signed by the customer, a home visit, a phone call."""

    customer = pw.ForeignKeyField(Customer, backref="callbacks", on_delete="RESTRICT")
    staff = pw.ForeignKeyField(Staff, null=True, on_delete="SET NULL")
    at = pw.DateTimeField(index=True)
    kind = pw.CharField(max_length=16)  # home | phone | expert_phone | joint (form: before the one ledger)
    signed = pw.BooleanField(default=False)
    form = pw.BooleanField(default=False)  # a 回访表 was handed in with this contact
    scan = pw.ForeignKeyField(Scan, null=True, on_delete="SET NULL")
    confirmed_by = pw.ForeignKeyField(User, null=True, on_delete="SET NULL", backref="+")
    satisfaction = pw.IntegerField(null=True)  # 1..5
    notes = pw.TextField(default="")
    event = pw.ForeignKeyField(Event, null=True, on_delete="SET NULL")
    meeting = pw.ForeignKeyField(Meeting, null=True, on_delete="SET NULL")
    created_by = pw.ForeignKeyField(User, null=True, on_delete="SET NULL", backref="+")
    created_at = pw.DateTimeField(default=dt.datetime.now)
    extra = JSONField(null=True)
    # 代签复核: '' (not reviewed), confirmed, rejected — by a manager or the expert, never the form's own staff.
    review_state = pw.CharField(max_length=12, default="")
    reviewed_by = pw.ForeignKeyField(User, null=True, on_delete="SET NULL", backref="+")
    reviewed_at = pw.DateTimeField(null=True)
    review_reason = pw.TextField(default="")

    class Meta:
        indexes = ((("customer", "at"), False), (("staff", "at"), False), (("event",), False))


class ServingExpert(BaseModel):
    """The 咨询专家 who serves an old customer (SPEC §7): named on the shipment, else the department's
    expert; a department manager can change it. The expert sees the customer in full and owes the monthly call."""

    customer = pw.ForeignKeyField(Customer, primary_key=True, on_delete="CASCADE", backref="+")
    expert = pw.ForeignKeyField(Staff, on_delete="RESTRICT", index=True, backref="+")
    source = pw.CharField(max_length=12)  # shipment | department | manager
    set_at = pw.DateTimeField()
    set_by = pw.ForeignKeyField(User, null=True, on_delete="SET NULL", backref="+")
    reason = pw.TextField(default="")


class LookupApproval(BaseModel):
    """A request to see another department's customer in full; the resource director decides."""

    customer = pw.ForeignKeyField(Customer, on_delete="RESTRICT", index=True)
    requested_by = pw.ForeignKeyField(User, on_delete="RESTRICT", backref="+")
    reason = pw.TextField(default="")
    requested_at = pw.DateTimeField()
    state = pw.CharField(max_length=12, default="pending", index=True)  # pending | approved | rejected
    decided_by = pw.ForeignKeyField(User, null=True, on_delete="SET NULL", backref="+")
    decided_at = pw.DateTimeField(null=True)
    valid_until = pw.DateTimeField(null=True)


class CallbackTask(BaseModel):
    """A callback duty generated from the timeline (SPEC §7); closed when the matching record is entered.

    ``period`` makes each duty unique: the purchase event id for the post-purchase schedule,
    ``YYYY-MM`` for the monthly duties, the attendance event id for R7, the complaint code for R9.
    """

    customer = pw.ForeignKeyField(Customer, backref="callback_tasks", on_delete="RESTRICT")
    staff = pw.ForeignKeyField(Staff, null=True, on_delete="SET NULL", backref="+")
    # The second person who owes the same duty: the service staff member on the expert's joint visit
    # (SPEC §7, seed 003 item 6(2)); one duty on both lists, one record closes it for both.
    partner = pw.ForeignKeyField(Staff, null=True, on_delete="SET NULL", backref="+")
    kind = pw.CharField(
        max_length=20
    )  # form_d2 | home_d3 | home_d15 | home_d30 | expert_joint | monthly_form | monthly_expert | r7_home | complaint
    period = pw.CharField(max_length=32)
    window_start = pw.DateTimeField()
    due_at = pw.DateTimeField(index=True)  # first instant after the deadline
    source_event = pw.ForeignKeyField(Event, null=True, on_delete="SET NULL", backref="+")
    closed_at = pw.DateTimeField(null=True)
    closed_by = pw.ForeignKeyField(Callback, null=True, on_delete="SET NULL", backref="+")
    created_at = pw.DateTimeField(default=dt.datetime.now)

    class Meta:
        indexes = (
            (("customer", "kind", "period"), True),
            (("staff", "closed_at", "due_at"), False),
            (("partner", "closed_at", "due_at"), False),
            (("staff", "kind", "closed_at", "due_at"), False),  # unresolved complaints past due (migration 17)
            (("closed_at", "due_at"), False),
        )
