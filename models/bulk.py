"""Bulk writes with one prepared statement (executemany) for the hot paths of batch actions.

peewee builds each INSERT value by value (~1 ms a row here); a batch of 10,000 snapshots or audit
rows spends most of its time there. These helpers send the very statement peewee would, once,
with every row's values converted by the model's own fields.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Hashable, Sequence
from typing import Any

import peewee

from models import later
from models.db import db, translated_error


def insert_rows(
    model: type[peewee.Model],
    rows: Sequence[dict[str, Any]],
    *,
    upsert_on: peewee.Field | None = None,
    skip_existing: bool = False,
) -> None:
    """INSERT ``rows`` (dicts of field name → value, all with the same keys) into ``model``'s table.

    With ``upsert_on`` (a unique field), an existing row with the same value is updated instead
    (ON CONFLICT ... DO UPDATE, on SQLite and PostgreSQL alike). With ``skip_existing``, a row that
    would break a unique index is left out (ON CONFLICT DO NOTHING).
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
    elif skip_existing:
        sql += " ON CONFLICT DO NOTHING"
    data = [tuple(f.db_value(row[n]) for f, n in zip(fields, names, strict=True)) for row in rows]
    cursor = database.cursor()
    try:
        with peewee.__exception_wrapper__:  # the driver's errors as peewee's (IntegrityError, …)
            cursor.executemany(sql, data)
    except Exception as exc:
        better = translated_error(exc)
        if better is None:
            raise
        raise better from exc


_sql_cache: dict[tuple, str] = {}


def with_defaults(model: type[peewee.Model], row: dict[str, Any]) -> dict[str, Any]:
    """The row plus the model's defaults for the fields it leaves out (peewee fills them on save())."""
    out = dict(row)
    for field, default in model._meta.defaults.items():
        if field.name not in out:
            out[field.name] = default() if callable(default) else default
    return out


def insert_unflushed(model: type[peewee.Model], row: dict[str, Any]) -> None:
    """INSERT one row that need not hold up the caller: a record of a read (the front desk's lookup audit
    row), written on every search, where the round trip and the server's write-ahead log flush cost more
    than the search. On PostgreSQL, outside a transaction, the row is queued for the writer thread
    (``models.later``: sent in order, on its own connection, retried while the server is away) and the
    statement is its own transaction that sets ``synchronous_commit`` off for itself alone
    (``set_config(…, true)``): consistent data, and a crash within a fraction of a second after the
    search may lose this row. Inside a transaction, or on SQLite, an ordinary insert (the enclosing
    commit decides)."""
    database = db.obj
    if not isinstance(database, peewee.PostgresqlDatabase) or database.in_transaction():
        insert_rows(model, [row])
        return
    row = with_defaults(model, row)
    names = list(row)
    fields = [model._meta.fields[n] for n in names]
    key = ("unflushed", model, tuple(names))
    sql = _sql_cache.get(key)
    if sql is None:
        quoted = ", ".join('"' + f.column_name + '"' for f in fields)
        marks = ", ".join(["%s"] * len(fields))
        sql = (
            f'INSERT INTO "{model._meta.table_name}" ({quoted}) SELECT {marks}'
            " FROM (SELECT set_config('synchronous_commit', 'off', true)) AS unflushed"
        )
        _sql_cache[key] = sql
    later.send(database, sql, tuple(f.db_value(row[n]) for f, n in zip(fields, names, strict=True)))


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


def rows_where(
    model: type[peewee.Model],
    columns: Sequence[peewee.Field],
    key: peewee.Field,
    value: Any,
    order: Sequence[peewee.Field] = (),
    limit: int | None = None,
) -> list[tuple]:
    """SELECT ``columns`` FROM the model's table WHERE ``key`` = ``value`` [ORDER BY ``order``] [LIMIT].

    A prepared statement cached per shape, values converted by the fields themselves: the hot reads of
    recording an event (the timeline, the snapshot's owner) cost ~40 µs here against ~300 µs through a
    peewee query object.
    """
    database = db.obj
    shape = (
        "rows",
        model,
        tuple(c.name for c in columns),
        key.name,
        tuple(o.name for o in order),
        limit,
        database.param,
    )
    sql = _sql_cache.get(shape)
    if sql is None:
        cols = ", ".join('"' + c.column_name + '"' for c in columns)
        sql = f'SELECT {cols} FROM "{model._meta.table_name}" WHERE "{key.column_name}" = {database.param}'
        if order:
            sql += " ORDER BY " + ", ".join('"' + o.column_name + '"' for o in order)
        if limit is not None:
            sql += f" LIMIT {int(limit)}"
        _sql_cache[shape] = sql
    cursor = database.execute_sql(sql, (key.db_value(value),))
    return [tuple(c.python_value(v) for c, v in zip(columns, row, strict=True)) for row in cursor.fetchall()]


def sql_for(shape: Hashable, build: Callable[[bool], str]) -> str:
    """Hand-written SQL for the current database, built once per ``shape`` and backend.

    ``build(pg)`` returns the statement with ``?`` placeholders (``pg`` is True on PostgreSQL, for the
    few forms that differ, e.g. ``(archived + 0) = 0`` against ``archived = false``); on psycopg they
    become ``%s`` and a literal ``%`` becomes ``%%``. The text is cached here and the driver keeps its
    own per-connection cache of prepared statements keyed by that text (sqlite3's statement cache,
    psycopg's automatic prepare), so a hot read pays neither peewee's query building nor re-parsing.
    """
    database = db.obj
    pg = isinstance(database, peewee.PostgresqlDatabase)
    key = ("sql", shape, pg, database.param)
    sql = _sql_cache.get(key)
    if sql is None:
        sql = build(pg)
        if database.param != "?":
            sql = sql.replace("%", "%%").replace("?", database.param)
        _sql_cache[key] = sql
    return sql


def fetch_all(sql: str, params: Sequence[Any] = ()) -> list[tuple]:
    """The raw rows of ``sql`` (from `sql_for`) on the current connection; values as the driver gives them."""
    return db.obj.execute_sql(sql, tuple(params)).fetchall()


def marks(n: int) -> str:
    """``?, ?, ?`` for an IN list of ``n`` values (at least one)."""
    return ", ".join(["?"] * max(n, 1))


def datetime_value(field: peewee.Field, value: Any) -> Any:
    """``field.python_value(value)`` for a DateTimeField read by `fetch_all`, faster for SQLite's text:
    ``datetime.fromisoformat`` reads the stored forms in ~0.3 µs where peewee's strptime tries cost ~3 µs."""
    if type(value) is str:
        try:
            return dt.datetime.fromisoformat(value)
        except ValueError:
            pass
    elif value is None or isinstance(value, dt.datetime):
        return value
    return field.python_value(value)


def padded(ids: Sequence[int]) -> list[int | None]:
    """``ids`` as ints, padded with NULLs to the next power of two: an ``IN (marks(len))`` list then
    takes one of a dozen shapes instead of one per length (NULL matches nothing)."""
    out: list[int | None] = [int(i) for i in ids]
    if not out:
        return out
    size = 1
    while size < len(out):
        size *= 2
    return out + [None] * (size - len(out))
