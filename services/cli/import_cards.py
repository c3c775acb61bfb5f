"""`main.py import-cards FILE.xlsx [--as USER] [--batch NAME] [--dry-run]`: the Excel import without a window.

The same service as the 录入 tab's import (services.intake.importer), so the same checks. Prints one
JSON summary on stdout: rows_read, imported, attached, duplicates (row, existing card, what was done),
rejected (row, column, reason), ignored columns. Exit status: 0 nothing rejected, 1 rows rejected (the
accepted ones were imported unless --all-or-nothing or --dry-run), 2 the file or the options cannot be
used or another copy of the program holds the database file (nothing imported). Like the window
and the other writing commands it takes the database's instance lock before opening it.
"""

from __future__ import annotations

import json
import sys

from models import DatabaseOpenError, User, close_db, init_db
from services.platform.errors import ServiceError
from services.platform.instance_lock import lock_database


def _actor(username: str | None):
    from services.office.auth import actor_for

    if username:
        user = User.get_or_none(User.username == username)
        if user is None:
            raise LookupError(f"没有用户“{username}”。")
    else:
        admins = list(User.select().where((User.role == "admin") & User.active).order_by(User.id).limit(2))
        if len(admins) != 1:
            raise LookupError("请用 --as 指定以哪个用户的身份导入。")
        user = admins[0]
    if not user.active:
        raise LookupError(f"用户“{user.username}”已停用。")
    return actor_for(user)


def _staff_id(app, name: str | None) -> int | None:
    if not name:
        return None
    matches = [s.id for s in app.org.staff() if s.name == name and s.active]
    if len(matches) != 1:
        raise LookupError(f"没有在职员工叫“{name}”。" if not matches else f"有 {len(matches)} 位员工都叫“{name}”。")
    return matches[0]


def cmd_import_cards(
    db_target: str | None,
    file: str,
    *,
    username: str | None = None,
    batch: str = "",
    dry_run: bool = False,
    staff: str | None = None,
    channel: str = "scatter",
    on_possible: str = "skip",
    all_or_nothing: bool = False,
    late_reason: str = "",
) -> int:
    if not db_target:
        print("请用 --db 或环境变量 KEYUAN_DB 指定数据库。", file=sys.stderr)
        return 2
    try:
        lock = lock_database(db_target)  # before SQLite opens the file: one writer per file
    except (DatabaseOpenError, ServiceError) as exc:
        print(exc.message, file=sys.stderr)
        return 2
    try:
        options = dict(
            batch=batch,
            channel=channel,
            on_possible=on_possible,
            all_or_nothing=all_or_nothing,
            dry_run=dry_run,
            late_reason=late_reason,
        )
        return _import(db_target, file, username, staff, options)
    finally:
        if lock is not None:
            lock.release()


def _import(db_target: str, file: str, username: str | None, staff: str | None, options: dict) -> int:
    try:
        init_db(db_target)
    except DatabaseOpenError as exc:
        print(exc.message, file=sys.stderr)
        return 2
    try:
        from services.app import Services

        app = Services()
        try:
            actor = _actor(username)
            staff_id = _staff_id(app, staff)
            report = app.importer.import_cards(actor, file, staff_id=staff_id, **options)
        except LookupError as exc:
            print(str(exc.args[0]), file=sys.stderr)
            return 2
        except ServiceError as exc:
            print(json.dumps({"error": exc.message}, ensure_ascii=False), file=sys.stdout)
            print(exc.message, file=sys.stderr)
            return 2
    finally:
        close_db()
    print(json.dumps(report.to_dict(), ensure_ascii=False, indent=2))
    return 1 if report.problems else 0


__all__ = ["cmd_import_cards"]
