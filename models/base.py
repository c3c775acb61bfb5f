"""The base model and small field helpers shared by every table."""

from __future__ import annotations

import json
from typing import Any

import peewee

from models.db import db


class BaseModel(peewee.Model):
    class Meta:
        database = db
        legacy_table_names = False


class JSONField(peewee.TextField):
    """A JSON value stored as text, so the schema is the same on SQLite and PostgreSQL."""

    def db_value(self, value: Any) -> str | None:
        if value is None:
            return None
        return json.dumps(value, ensure_ascii=False, sort_keys=True, default=str)

    def python_value(self, value: str | None) -> Any:
        if value is None or value == "":
            return None
        return json.loads(value)
