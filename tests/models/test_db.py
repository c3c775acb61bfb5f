"""Opening databases: fresh files, migrations, and every bad input giving a Chinese message, changing nothing."""

from __future__ import annotations

import hashlib
import sqlite3

import pytest

from models import DatabaseOpenError, Department, close_db, init_db
from models.db import redact_url
from models.migrations import LATEST, MIGRATIONS, migrate_to_latest, schema_version


def digest(path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_empty_file_gets_the_latest_schema(tmp_path):
    path = tmp_path / "office.db"
    info = init_db(str(path))
    try:
        assert info.kind == "sqlite" and info.location == str(path)
        assert schema_version() == LATEST
        assert Department.select().count() == 0
        journal = Department._meta.database.execute_sql("PRAGMA journal_mode").fetchone()[0]
        assert journal == "wal"
        assert Department._meta.database.execute_sql("PRAGMA foreign_keys").fetchone()[0] == 1
    finally:
        close_db()


def test_previous_version_is_migrated_after_a_copy_and_keeps_its_data(tmp_path):
    path = tmp_path / "office.db"
    info = init_db(str(path), migrate=False)
    migrate_to_latest(info, target=LATEST - 1)
    Department.create(name="一部")
    close_db()

    init_db(str(path))
    try:
        assert schema_version() == LATEST
        assert [d.name for d in Department.select()] == ["一部"]
    finally:
        close_db()
    backup = tmp_path / f"office.db.before-v{LATEST}.bak"
    assert backup.exists()
    con = sqlite3.connect(backup)
    assert con.execute("SELECT version FROM schema_version").fetchone()[0] == LATEST - 1
    assert con.execute("SELECT name FROM department").fetchall() == [("一部",)]
    con.close()


def test_household_links_of_an_older_database_get_their_end_columns(tmp_path):
    """Migration 6 on a file made before household links could be ended: the links stay, current."""
    path = tmp_path / "office.db"
    info = init_db(str(path), migrate=False)
    migrate_to_latest(info, target=5)
    database = Department._meta.database
    database.execute_sql("ALTER TABLE household_link DROP COLUMN ended_at")  # as version 5 made it
    database.execute_sql("ALTER TABLE household_link DROP COLUMN end_reason")
    database.execute_sql(
        "INSERT INTO customer (name, name_initials, name_pinyin, sex, address, occupation, income_band, abc_class, "
        "value_level, source_channel, notes, archived, created_at, version) "
        "VALUES ('王大爷', 'wdy', 'wang da ye', 'M', '', '', '', '', '', '', '', 0, '2026-03-01', 1), "
        "('李大妈', 'ldm', 'li da ma', 'F', '', '', '', '', '', '', '', 0, '2026-03-01', 1)"
    )
    database.execute_sql(
        "INSERT INTO household_link (customer_id, other_id, relation, created_at) VALUES (1, 2, 'spouse', '2026-03-01')"
    )
    close_db()
    init_db(str(path))
    try:
        from models import HouseholdLink

        assert schema_version() == LATEST
        (link,) = HouseholdLink.select()
        assert (link.customer_id, link.other_id, link.ended_at, link.end_reason) == (1, 2, None, "")
    finally:
        close_db()


def test_database_from_a_newer_program_is_refused_untouched(tmp_path):
    path = tmp_path / "office.db"
    init_db(str(path))
    Department._meta.database.execute_sql("UPDATE schema_version SET version = ?", (LATEST + 5,))
    close_db()
    before = digest(path)
    with pytest.raises(DatabaseOpenError) as err:
        init_db(str(path))
    assert "更新版本" in err.value.message
    assert digest(path) == before


def test_a_file_that_is_not_a_database_is_refused_untouched(tmp_path):
    path = tmp_path / "notes.db"
    path.write_bytes("这不是数据库 just text".encode() * 50)
    before = digest(path)
    with pytest.raises(DatabaseOpenError) as err:
        init_db(str(path))
    assert "不是" in err.value.message
    assert digest(path) == before


def test_a_folder_is_refused(tmp_path):
    with pytest.raises(DatabaseOpenError) as err:
        init_db(str(tmp_path))
    assert "文件夹" in err.value.message


def test_unreachable_postgres_url_gives_a_message_without_the_password():
    url = "postgresql://app:s3cret@127.0.0.1:1/nowhere"
    with pytest.raises(DatabaseOpenError) as err:
        init_db(url)
    assert "PostgreSQL" in err.value.message
    assert "s3cret" not in err.value.message


def test_postgres_url_is_parsed_by_playhouse():
    from playhouse.db_url import parse

    parsed = parse("postgresql://app:app@db.office.lan:5433/keyuan")
    assert parsed == {"database": "keyuan", "user": "app", "password": "app", "host": "db.office.lan", "port": 5433}
    assert (
        redact_url("postgresql://app:app@db.office.lan:5433/keyuan") == "postgresql://app:***@db.office.lan:5433/keyuan"
    )


def test_migrations_are_ordered_and_each_has_a_docstring():
    assert len(MIGRATIONS) == LATEST
    assert all(m.__doc__ for m in MIGRATIONS)


def test_live_notify_triggers_on_postgresql_only(db_target):
    """Migration 7: on PostgreSQL every LIVE_TABLES table notifies after inserts and updates; an SQLite
    file (one program per file) gets no trigger and still reaches the latest version."""
    from models.migrations import LIVE_TABLES

    init_db(db_target)
    try:
        database = Department._meta.database
        assert schema_version() == LATEST
        if db_target.startswith("postgresql"):
            rows = database.execute_sql(
                "SELECT event_object_table, event_manipulation FROM information_schema.triggers"
                " WHERE trigger_name LIKE 'keyuan_live_%%'"
            ).fetchall()
            assert {(t, op) for t, op in rows} == {(t, op) for t in LIVE_TABLES for op in ("INSERT", "UPDATE")}
        else:
            live = "SELECT count(*) FROM sqlite_master WHERE type = 'trigger' AND name LIKE 'keyuan_live_%'"
            assert database.execute_sql(live).fetchone()[0] == 0
    finally:
        close_db()


def test_card_list_indexes_and_the_address_index_reach_an_older_database(tmp_path):
    """Migration 9 on a file with cards: the filter indexes exist, and the trigram address index holds
    the cards already there and follows every later insert, edit and (bench-only) delete."""
    path = tmp_path / "office.db"
    info = init_db(str(path), migrate=False)
    migrate_to_latest(info, target=8)
    database = Department._meta.database
    database.execute_sql(
        "INSERT INTO customer (name, name_initials, name_pinyin, sex, address, occupation, income_band, abc_class, "
        "value_level, source_channel, notes, archived, created_at, version) "
        "VALUES ('王大爷', 'wdy', 'wang da ye', 'M', '江川市新港区幸福路1号', '', '', '', '', '', '', 0, '2026-03-01', 1)"
    )
    close_db()
    init_db(str(path))
    try:
        database = Department._meta.database
        names = {r[0] for r in database.execute_sql("SELECT name FROM sqlite_master WHERE type = 'index'")}
        assert {"customer_channel_created", "ownership_dept_claim", "customer_tag_tag_customer"} <= names

        def found(text):
            sql = "SELECT rowid FROM customer_address_fts WHERE address LIKE ? ORDER BY rowid"
            return [r[0] for r in database.execute_sql(sql, (f"%{text}%",))]

        assert found("新港区") == [1]
        database.execute_sql(
            "INSERT INTO customer (name, name_initials, name_pinyin, sex, address, occupation, income_band, "
            "abc_class, value_level, source_channel, notes, archived, created_at, version) "
            "VALUES ('李大妈', 'ldm', 'li da ma', 'F', '新港区港湾路2号', '', '', '', '', '', '', 0, '2026-03-02', 1)"
        )
        assert found("新港区") == [1, 2]
        database.execute_sql("UPDATE customer SET address = '老城区人民路3号' WHERE id = 1")
        assert found("新港区") == [2] and found("人民路") == [1]
        database.execute_sql("DELETE FROM customer WHERE id = 2")
        assert found("新港区") == []
    finally:
        close_db()


def test_recorded_time_migration_adds_the_event_time_and_fixes_unknown_recorded_times(tmp_path):
    """Migration 11: the audit log gets its event_at column (older rows stay as they are: the log is
    append-only, and the viewer reads their event time from the row); a recorded time earlier than the event
    (rows written outside the program) is taken as unknown and set to the event time; others are kept."""
    path = tmp_path / "office.db"
    info = init_db(str(path), migrate=False)
    migrate_to_latest(info, target=10)
    database = Department._meta.database
    database.execute_sql(
        "INSERT INTO customer (name, name_initials, name_pinyin, sex, address, occupation, income_band, abc_class, "
        "value_level, source_channel, notes, archived, created_at, version) "
        "VALUES ('王大爷', 'wdy', 'wang da ye', 'M', '', '', '', '', '', '', '', 0, '2026-03-01', 1)"
    )
    database.execute_sql(
        "INSERT INTO event (customer_id, type, at, recorded_at) VALUES "
        "(1, 'preheat', '2026-03-02 09:00:00', '2026-03-01 00:00:00'), "
        "(1, 'visit', '2026-03-03 09:00:00', '2026-03-03 18:00:00')"
    )
    database.execute_sql(
        "INSERT INTO audit_log (at, action, entity, entity_id, customer_id, new, reason, rule) VALUES "
        "('2026-03-03 18:00:00', 'event.visit', 'event', 2, 1, '{\"type\": \"visit\", \"at\": \"2026-03-03 09:00:00\"}', '', '')"
    )
    close_db()
    init_db(str(path))
    try:
        import datetime as dt

        from models import AuditLog, Event
        from services.app import Services

        assert schema_version() == LATEST
        times = {e.type: (e.at, e.recorded_at) for e in Event.select()}
        assert times == {
            "preheat": (dt.datetime(2026, 3, 2, 9), dt.datetime(2026, 3, 2, 9)),
            "visit": (dt.datetime(2026, 3, 3, 9), dt.datetime(2026, 3, 3, 18)),
        }
        (row,) = AuditLog.select()
        assert row.event_at is None  # the append-only log is not rewritten
        app = Services()
        admin = app.auth.create_first_admin("admin", "admin123", "管理员")
        (shown,) = [r for r in app.audit_view.page(admin).rows if r.action == "event.visit"]
        assert shown.event_at == dt.datetime(2026, 3, 3, 9)  # read from the row's value
    finally:
        close_db()


def test_lapsed_rules_migration_adds_the_column_empty_to_existing_snapshots(tmp_path):
    """Migration 19: an office's snapshots get ``lapsed_rules`` empty (the front desk replays those until the
    next verdict is stored); nothing else in the row changes, and a raw insert that does not name it works."""
    path = tmp_path / "office.db"
    info = init_db(str(path), migrate=False)
    migrate_to_latest(info, target=18)
    database = Department._meta.database
    database.execute_sql("ALTER TABLE ownership DROP COLUMN lapsed_rules")  # the table as schema 18 made it
    database.execute_sql(
        "INSERT INTO customer (name, name_initials, name_pinyin, sex, address, occupation, income_band, abc_class, "
        "value_level, source_channel, notes, archived, created_at, version) "
        "VALUES ('王大爷', 'wdy', 'wang da ye', 'M', '', '', '', '', '', '', '', 0, '2026-03-01', 1)"
    )
    database.execute_sql(
        "INSERT INTO ownership (customer_id, owner_kind, claim_state, rule, next_rule, next_action, explanation,"
        " pool_reason, must_other_department, computed_at) VALUES (1, 'staff', 'lapsed', 'R3', '', '', '已失效', '',"
        " 0, '2026-04-03')"
    )
    close_db()
    init_db(str(path))
    try:
        assert schema_version() == LATEST
        row = database.execute_sql("SELECT claim_state, explanation, lapsed_rules FROM ownership").fetchone()
        assert row == ("lapsed", "已失效", "")
    finally:
        close_db()
