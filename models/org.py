"""The office: departments, staff, user accounts, settings and the audit log."""

from __future__ import annotations

import datetime as dt

import peewee as pw

from models.base import BaseModel, JSONField


class Department(BaseModel):
    """事业部/部门."""

    name = pw.CharField(max_length=64, unique=True)
    active = pw.BooleanField(default=True)
    created_at = pw.DateTimeField(default=dt.datetime.now)


class Staff(BaseModel):
    """A person who can own customers (员工/专员), an expert or a manager."""

    name = pw.CharField(max_length=64, index=True)
    department = pw.ForeignKeyField(Department, backref="staff", null=True, on_delete="RESTRICT")
    position = pw.CharField(max_length=16, default="staff")  # staff | expert | manager
    phone = pw.CharField(max_length=32, default="")
    active = pw.BooleanField(default=True)
    joined_at = pw.DateTimeField(default=dt.datetime.now)
    left_at = pw.DateTimeField(null=True)


class User(BaseModel):
    """A login account; ``role`` is one of services.office.permissions.ROLES."""

    username = pw.CharField(max_length=64, unique=True)
    display_name = pw.CharField(max_length=64, default="")
    password_hash = pw.CharField(max_length=255)
    role = pw.CharField(max_length=16)
    staff = pw.ForeignKeyField(Staff, null=True, backref="users", on_delete="SET NULL")
    department = pw.ForeignKeyField(Department, null=True, backref="users", on_delete="SET NULL")
    active = pw.BooleanField(default=True)
    failed_logins = pw.IntegerField(default=0)
    locked_until = pw.DateTimeField(null=True)
    must_change_password = pw.BooleanField(default=False)
    created_at = pw.DateTimeField(default=dt.datetime.now)


class Setting(BaseModel):
    """An office-wide setting (rule parameters, office name...), value as JSON."""

    key = pw.CharField(max_length=64, primary_key=True)
    value = JSONField()
    updated_at = pw.DateTimeField(default=dt.datetime.now)
    updated_by = pw.ForeignKeyField(User, null=True, on_delete="SET NULL")


class SettingHistory(BaseModel):
    """Every value a setting ever had (append-only)."""

    key = pw.CharField(max_length=64, index=True)
    old_value = JSONField(null=True)
    new_value = JSONField(null=True)
    changed_at = pw.DateTimeField(default=dt.datetime.now)
    changed_by = pw.ForeignKeyField(User, null=True, on_delete="SET NULL")
    reason = pw.TextField(default="")


class AuditLog(BaseModel):
    """Append-only: who changed what, when, old -> new, why."""

    at = pw.DateTimeField(default=dt.datetime.now, index=True)
    user = pw.ForeignKeyField(User, null=True, on_delete="SET NULL", index=True)
    action = pw.CharField(max_length=48)
    entity = pw.CharField(max_length=32)
    entity_id = pw.IntegerField(null=True)
    customer_id = pw.IntegerField(null=True, index=True)
    old = JSONField(null=True)
    new = JSONField(null=True)
    reason = pw.TextField(default="")
    rule = pw.CharField(max_length=8, default="")
    # When the fact happened, for a timeline event (``at`` is when it was recorded; SPEC §5).
    event_at = pw.DateTimeField(null=True)

    class Meta:
        # A batch's, a case's … history (e.g. when each waiting batch was returned, on the manager's overview)
        # without reading the whole log (migration 14).
        indexes = ((("entity", "entity_id"), False),)
