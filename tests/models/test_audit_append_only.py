"""Issue 16, item 7: with the program's own connection (the URL every PC holds) the audit log can be
added to but not edited, deleted or truncated (migration 10: triggers in the database)."""

from __future__ import annotations

import peewee
import pytest

from models import AuditLog, db


def test_the_audit_log_refuses_update_and_delete(app, admin, db_target):
    app.org.create_department(admin, "一部")
    before = [(a.id, a.action, a.new) for a in AuditLog.select().order_by(AuditLog.id)]
    assert before
    attempts = [
        lambda: AuditLog.update(action="nothing happened").execute(),
        lambda: AuditLog.delete().execute(),
        lambda: db.execute_sql("DELETE FROM audit_log WHERE id = %s".replace("%s", db.param), (before[0][0],)),
    ]
    if db_target.startswith("postgresql"):
        attempts.append(lambda: db.execute_sql("TRUNCATE audit_log"))
    for attempt in attempts:
        with pytest.raises(peewee.DatabaseError) as err:
            with db.atomic():
                attempt()
        assert "审计日志只能追加" in str(err.value)
    assert [(a.id, a.action, a.new) for a in AuditLog.select().order_by(AuditLog.id)] == before
    app.org.create_department(admin, "二部")  # appending still works
    assert AuditLog.select().count() == len(before) + 1
