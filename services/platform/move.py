"""Moving an office in (搬到本店服务器): copy an SQLite office database to the office server.

The SQLite file is never written: it is copied (SQLite's online backup) to a temporary file, the
copy is brought to the latest schema, and every table of the copy is written to the server in one
PostgreSQL transaction — all or nothing. Before that transaction commits, the copy and the server
are compared: the row count of every table, every ownership verdict (the whole snapshot row) and
every audit-log row must be equal, or nothing is committed.
"""

from __future__ import annotations

import hashlib
import os
import sqlite3
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import peewee

from services.platform.errors import ServiceError

CHUNK = 2000


class MoveError(ServiceError):
    """The move did not happen (nothing was written to the server); ``message`` is Chinese."""


@dataclass(frozen=True)
class MoveReport:
    tables: dict[str, int]  # table → rows copied (equal on both sides)
    verdicts: int  # ownership snapshots compared
    audit_rows: int  # audit-log rows compared

    def summary(self) -> str:
        total = sum(self.tables.values())
        return (
            f"已搬到本店服务器:{len(self.tables)} 张表共 {total} 行,数量一一相等;"
            f"{self.verdicts} 个归属结论、{self.audit_rows} 条操作日志逐条核对一致。"
        )


def all_models() -> list[type[peewee.Model]]:
    """Every table of the office, parents before children (foreign keys)."""
    import models

    found = [getattr(models, name) for name in models.__all__]
    tables = [m for m in found if isinstance(m, type) and issubclass(m, peewee.Model)]
    return peewee.sort_models(tables)


def move_to_server(
    sqlite_path: str | os.PathLike,
    server_url: str,
    *,
    progress: Callable[[str, int, int], None] | None = None,
    label: str | None = None,
) -> MoveReport:
    """Copy the office database at ``sqlite_path`` to the (empty) database at ``server_url``.

    Raises:
        MoveError: the file is not an office database, the server already holds an office, the
            server is unreachable, or a check failed (then nothing was committed).
    """
    from models.db import DatabaseOpenError, close_db, init_db, redact_url
    from models.migrations import migrate_to_latest

    src = Path(sqlite_path)
    if not src.is_file():
        raise MoveError(f"找不到要搬的数据库文件:{src}")
    with tempfile.TemporaryDirectory(prefix="keyuan-move-") as tmp:
        copy = Path(tmp) / "office.db"
        _snapshot_copy(src, copy)
        try:
            # The copy, not the office's file, is brought up to date — and being a copy already, it is
            # not copied once more before its migrations (5 GB at a million customers).
            info = init_db(str(copy), migrate=False)
            migrate_to_latest(info, copy_first=False)
        except DatabaseOpenError as exc:
            raise MoveError(f"这个文件不能搬:{exc.message}") from exc
        source = _detach()
        try:
            try:
                init_db(server_url)  # creates or updates the schema on the server
            except DatabaseOpenError as exc:
                raise MoveError(exc.message) from exc
            target = _detach()
            try:
                return _copy_all(source, target, progress, label or redact_url(server_url))
            finally:
                target.close()
        finally:
            source.close()
            close_db()


def _detach() -> peewee.Database:
    """Take the bound database off the proxy (so that two can be used side by side)."""
    from models.db import db

    database = db.obj
    db.initialize(None)
    return database


def _snapshot_copy(src: Path, dst: Path) -> None:
    """A consistent copy even while a program has the file open (read-only on the source)."""
    try:
        source = sqlite3.connect(f"file:{src}?mode=ro", uri=True)
    except sqlite3.Error as exc:
        raise MoveError(f"无法读取数据库文件 {src}:{exc}") from exc
    try:
        target = sqlite3.connect(dst)
        try:
            source.backup(target)
        except sqlite3.Error as exc:
            raise MoveError(f"无法读取数据库文件 {src}(可能不是本程序的数据库):{exc}") from exc
        finally:
            target.close()
    finally:
        source.close()


def _copy_all(source, target, progress, where: str) -> MoveReport:
    models = all_models()
    with source.bind_ctx(models):
        counts = {m._meta.table_name: m.select().count() for m in models}
    with target.bind_ctx(models):
        held = [m._meta.table_name for m in models if m.select().exists()]
        if held:
            raise MoveError(f"{where} 上已经有办公室的数据(表 {', '.join(held[:3])} 不是空的),不能再搬入。")
    with target.atomic():
        # The live-change triggers (migration 7) would collect every copied row to tell PCs that are
        # not connected yet; they are off for this transaction only (the table owner may do that).
        _user_triggers(target, models, "DISABLE")
        for m in models:
            _copy_table(m, source, target, counts[m._meta.table_name], progress)
            _reset_sequence(m, target)
        _user_triggers(target, models, "ENABLE")
        report = _verify(models, source, target, counts)
    for m in models:  # fresh statistics, or the first lookups at a million rows plan as on empty tables
        target.execute_sql(f'ANALYZE "{m._meta.table_name}"')
    return report


def _user_triggers(target, models, action: str) -> None:
    for m in models:
        try:
            target.execute_sql(f'ALTER TABLE "{m._meta.table_name}" {action} TRIGGER USER')
        except peewee.DatabaseError as exc:
            from models.db import not_allowed

            if not not_allowed(exc):
                raise
            raise MoveError(
                "这个连接没有搬入的权限(要数据库所有者的权限):请在本店服务器那台电脑上搬,"
                "程序会以所有者的身份搬入。什么都没有改。"
            ) from exc


def _copy_table(model, source, target, total: int, progress) -> None:
    """Rows straight from SQLite's cursor into PostgreSQL's COPY: at a million customers (21 million
    rows) building an INSERT per chunk through the ORM took most of the move. The values go as SQLite
    stores them (text dates, 0/1 booleans, JSON as text), which PostgreSQL reads into the columns' types;
    the verification afterwards compares them through the models."""
    fields = list(model._meta.sorted_fields)
    table = model._meta.table_name
    columns = ", ".join(f'"{f.column_name}"' for f in fields)
    done = 0
    read = source.execute_sql(f'SELECT {columns} FROM "{table}"')
    with target.cursor() as cur, cur.copy(f'COPY "{table}" ({columns}) FROM STDIN') as copy:
        while rows := read.fetchmany(CHUNK):
            for row in rows:
                copy.write_row(row)
            done += len(rows)
            if progress:
                progress(table, done, total)
    read.close()
    if progress and not done:
        progress(table, 0, total)


def _reset_sequence(model, target) -> None:
    pk = model._meta.primary_key
    if not isinstance(pk, peewee.AutoField):
        return
    table, col = f'"{model._meta.table_name}"', f'"{pk.column_name}"'  # "user" is a reserved word
    target.execute_sql(
        f"SELECT setval(pg_get_serial_sequence('{table}', '{pk.column_name}'),"
        f" COALESCE((SELECT MAX({col}) FROM {table}), 0) + 1, false)"
    )


def _digest(model, database, fields) -> tuple[int, str]:
    h = hashlib.sha256()
    n = 0
    with database.bind_ctx([model]):
        for row in model.select(*fields).order_by(model._meta.primary_key).tuples().iterator():
            h.update(repr(tuple(_norm(v) for v in row)).encode())
            n += 1
    return n, h.hexdigest()


def _norm(value):
    import datetime as dt

    if isinstance(value, dt.datetime):
        return value.replace(microsecond=value.microsecond).isoformat(" ")
    if isinstance(value, float) and value.is_integer():
        return int(value)
    return value


def _verify(models, source, target, counts) -> MoveReport:
    from models import AuditLog, Ownership

    tables = {}
    for m in models:
        name = m._meta.table_name
        with target.bind_ctx([m]):
            got = m.select().count()
        if got != counts[name]:
            raise MoveError(f"核对失败:表 {name} 原有 {counts[name]} 行,服务器上 {got} 行。没有搬入任何数据。")
        tables[name] = got
    for m, what in ((Ownership, "归属结论"), (AuditLog, "操作日志")):
        fields = list(m._meta.sorted_fields)
        a, b = _digest(m, source, fields), _digest(m, target, fields)
        if a != b:
            raise MoveError(f"核对失败:{what}在服务器上与原数据库不一致。没有搬入任何数据。")
    return MoveReport(tables, tables[Ownership._meta.table_name], tables[AuditLog._meta.table_name])
