"""Customer cards (顾客档案): people, their phones, tags, household links and scans."""

from __future__ import annotations

import datetime as dt

import peewee as pw

from models.base import BaseModel, JSONField
from models.org import Department, User


class Customer(BaseModel):
    """One person. Never deleted: ``archived`` hides a card from the daily lists."""

    name = pw.CharField(max_length=64, index=True)
    name_initials = pw.CharField(max_length=32, default="", index=True)  # pinyin initials, lower case
    name_pinyin = pw.CharField(max_length=128, default="")  # tone-less pinyin, for sound-alike checks
    sex = pw.CharField(max_length=1, default="")  # M | F | ''
    birth_year = pw.IntegerField(null=True)
    birthday = pw.DateField(null=True)
    address = pw.CharField(max_length=255, default="")
    occupation = pw.CharField(max_length=32, default="")  # taxonomy code, see services.customers.taxonomy
    income_band = pw.CharField(max_length=16, default="")
    abc_class = pw.CharField(max_length=1, default="")  # A | B | C | ''
    value_level = pw.CharField(max_length=16, default="")
    source_channel = pw.CharField(max_length=16, default="")
    notes = pw.TextField(default="")
    archived = pw.BooleanField(default=False)
    archived_at = pw.DateTimeField(null=True)
    created_at = pw.DateTimeField(default=dt.datetime.now)
    created_by = pw.ForeignKeyField(User, null=True, on_delete="SET NULL")
    collected_by_department = pw.ForeignKeyField(Department, null=True, on_delete="SET NULL")
    version = pw.IntegerField(default=1)  # optimistic locking: a stale save is refused

    class Meta:
        indexes = ((("archived", "id"), False),)


class Phone(BaseModel):
    """A normalised phone number of a customer; ``last4`` is indexed for the front desk.

    A number identifies one card: the unique index ``phone_number_claim`` (migration 16) holds it over
    the rows that are not ``shared``. ``shared`` marks a row the office knowingly gave a number another
    card already holds (a family's landline, a card split back out of a merge, duplicates kept from an
    old database), so those never clash with it.
    """

    customer = pw.ForeignKeyField(Customer, backref="phones", on_delete="CASCADE")
    number = pw.CharField(max_length=20, index=True)
    last4 = pw.CharField(max_length=4, index=True)
    kind = pw.CharField(max_length=8, default="mobile")  # mobile | landline
    position = pw.IntegerField(default=0)
    shared = pw.BooleanField(default=False, constraints=[pw.SQL("DEFAULT FALSE")])


class CustomerTag(BaseModel):
    """An interest tag on a card (兴趣)."""

    customer = pw.ForeignKeyField(Customer, backref="tags", on_delete="CASCADE")
    tag = pw.CharField(max_length=32, index=True)

    class Meta:
        indexes = ((("customer", "tag"), True),)


class HouseholdLink(BaseModel):
    """家庭: ``customer`` is the ``relation`` (spouse | parent | child) of ``other``."""

    customer = pw.ForeignKeyField(Customer, backref="household_links", on_delete="CASCADE")
    other = pw.ForeignKeyField(Customer, backref="household_backlinks", on_delete="CASCADE")
    relation = pw.CharField(max_length=8)
    created_at = pw.DateTimeField(default=dt.datetime.now)
    # 解除关联: a wrong link is ended, not deleted (when, and why, stay on record).
    ended_at = pw.DateTimeField(null=True)
    end_reason = pw.TextField(default="")

    class Meta:
        indexes = ((("customer", "other"), True),)


class Scan(BaseModel):
    """A scanned paper form, stored in the data folder under its content hash."""

    sha256 = pw.CharField(max_length=64, index=True)
    stored_name = pw.CharField(max_length=128)
    original_name = pw.CharField(max_length=255, default="")
    page = pw.IntegerField(default=0)
    customer = pw.ForeignKeyField(Customer, null=True, backref="scans", on_delete="SET NULL")
    added_at = pw.DateTimeField(default=dt.datetime.now)
    added_by = pw.ForeignKeyField(User, null=True, on_delete="SET NULL")
    info = JSONField(null=True)


__all__ = ["Customer", "Phone", "CustomerTag", "HouseholdLink", "Scan"]
