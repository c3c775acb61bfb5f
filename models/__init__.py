"""Peewee models and database setup. No Qt is imported anywhere under models/."""

from models.customers import Customer, CustomerTag, HouseholdLink, Phone, Scan
from models.db import DatabaseOpenError, DbInfo, close_db, current_info, db, init_db
from models.org import AuditLog, Department, Setting, SettingHistory, Staff, User
from models.timeline import (
    Complaint,
    ConflictCase,
    Event,
    Meeting,
    MeetingDepartment,
    MeetingList,
    Ownership,
)
from models.work import (
    Batch,
    BatchCard,
    BatchDepartment,
    BatchParticipant,
    Callback,
    CallbackTask,
    LookupApproval,
    ServingExpert,
)

__all__ = [
    "Batch",
    "BatchCard",
    "BatchDepartment",
    "BatchParticipant",
    "Callback",
    "CallbackTask",
    "LookupApproval",
    "ServingExpert",
    "AuditLog",
    "Complaint",
    "ConflictCase",
    "Customer",
    "CustomerTag",
    "DatabaseOpenError",
    "DbInfo",
    "Department",
    "Event",
    "HouseholdLink",
    "Meeting",
    "MeetingDepartment",
    "MeetingList",
    "Ownership",
    "Phone",
    "Scan",
    "Setting",
    "SettingHistory",
    "Staff",
    "User",
    "close_db",
    "current_info",
    "db",
    "init_db",
]
