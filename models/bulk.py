"""Bulk writes with one prepared statement (executemany) for the hot paths of batch actions.

peewee builds each INSERT value by value (~1 ms a row here); a batch of 10,000 snapshots or audit
rows spends most of its time there. These helpers send the very statement peewee would, once,
with every row's values converted by the model's own fields.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import peewee

from models.db import db


def insert_rows(
    model: type[peewee.Model], rows: Sequence[dict[str, Any]], *, upsert_on: peewee.Field | None = None
) -> None:
    """INSERT ``rows`` (dicts of field name → value, all with the same keys) into ``model``'s table.

    With ``upsert_on`` (a unique field), an existing row with the same value is updated instead
    (ON CONFLICT ... DO UPDATE, on SQLite and PostgreSQL alike).
    """
    if not rows:
        return
    database = db.obj
    rows = [with_defaults(model, r) for r in rows]
    names = list(rows[0])
    fields = [model._meta.fields[n] for n in names]
    columns = [f.column_name for f in fields]
    quoted = ", ".join('"' + c + '"' for c in columns)
    marks = ", ".join([database.param] * len(columns))
    sql = f'INSERT INTO "{model._meta.table_name}" ({quoted}) VALUES ({marks})'
    if upsert_on is not None:
        updates = ", ".join(f'"{c}" = excluded."{c}"' for c in columns if c != upsert_on.column_name)
        sql += f' ON CONFLICT ("{upsert_on.column_name}") DO UPDATE SET {updates}'
    data = [tuple(f.db_value(row[n]) for f, n in zip(fields, names, strict=True)) for row in rows]
    cursor = database.cursor()
    cursor.executemany(sql, data)


_sql_cache: dict[tuple, str] = {}


def with_defaults(model: type[peewee.Model], row: dict[str, Any]) -> dict[str, Any]:
    """The row plus the model's defaults for the fields it leaves out (peewee fills them on save())."""
    out = dict(row)
    for field, default in model._meta.defaults.items():
        if field.name not in out:
            out[field.name] = default() if callable(default) else default
    return out


def insert_returning_id(model: type[peewee.Model], row: dict[str, Any]) -> int:
    """INSERT one row with a cached prepared statement and return its id (SQLite or PostgreSQL)."""
    database = db.obj
    row = with_defaults(model, row)
    names = tuple(row)
    pg = isinstance(database, peewee.PostgresqlDatabase)
    key = (model, names, pg, database.param)
    sql = _sql_cache.get(key)
    fields = [model._meta.fields[n] for n in names]
    if sql is None:
        quoted = ", ".join('"' + f.column_name + '"' for f in fields)
        marks = ", ".join([database.param] * len(fields))
        sql = f'INSERT INTO "{model._meta.table_name}" ({quoted}) VALUES ({marks})' + (" RETURNING id" if pg else "")
        _sql_cache[key] = sql
    cursor = database.execute_sql(sql, tuple(f.db_value(row[n]) for f, n in zip(fields, names, strict=True)))
    return cursor.fetchone()[0] if pg else cursor.lastrowid
