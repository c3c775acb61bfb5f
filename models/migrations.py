"""Schema version and ordered migrations.

The version lives in the one-row table ``schema_version``. Each migration is a
function that takes the database and brings it from version N-1 to N inside one
transaction. Before an SQLite file that already holds data is migrated, it is
copied beside itself (``NAME.before-vN.bak``), so a failed upgrade loses nothing.
"""

from __future__ import annotations

import datetime as dt
import shutil
from collections.abc import Callable
from pathlib import Path

import peewee as pw

from models.db import DatabaseOpenError, DbInfo, db, not_allowed


def _m1_office(database: pw.Database) -> None:
    """Departments, staff, users, settings, audit log, customer cards."""
    from models import customers, org

    database.create_tables(
        [
            org.Department,
            org.Staff,
            org.User,
            org.Setting,
            org.SettingHistory,
            org.AuditLog,
            customers.Customer,
            customers.Phone,
            customers.CustomerTag,
            customers.HouseholdLink,
            customers.Scan,
        ]
    )


def _m2_timeline(database: pw.Database) -> None:
    """Meetings, the event timeline, complaints, ownership snapshots, conflict cases,
    allocation batches, callbacks and lookup approvals."""
    from models import timeline, work

    database.create_tables(
        [
            timeline.Meeting,
            timeline.MeetingDepartment,
            timeline.MeetingList,
            timeline.Event,
            timeline.Complaint,
            timeline.Ownership,
            timeline.ConflictCase,
            work.Batch,
            work.BatchDepartment,
            work.BatchParticipant,
            work.BatchCard,
            work.Callback,
            work.LookupApproval,
        ]
    )


def _m3_customer_search(database: pw.Database) -> None:
    """Indexes for the card list and the duplicate check: sound-alike names (name_pinyin) and
    the created-date sort/filter (created_at, id), so neither scans a million cards."""
    database.execute_sql("CREATE INDEX IF NOT EXISTS customer_name_pinyin ON customer (name_pinyin)")
    database.execute_sql("CREATE INDEX IF NOT EXISTS customer_created_at_id ON customer (created_at, id)")


def _m4_callback_tasks(database: pw.Database) -> None:
    """Callback duties (回访任务) generated from purchases, attendances, complaints and each month."""
    from models import work

    database.create_tables([work.CallbackTask])


def _m5_allocation_indexes(database: pw.Database) -> None:
    """The company pool page (owner_kind = 'pool', keyset by customer) and each department's
    "cards received so far" (the even allocation's history) without scanning a million rows."""
    database.execute_sql("CREATE INDEX IF NOT EXISTS ownership_kind_customer ON ownership (owner_kind, customer_id)")
    database.execute_sql(
        "CREATE INDEX IF NOT EXISTS batch_card_dept_status ON batch_card (recipient_department_id, status)"
    )


def _m6_household_end(database: pw.Database) -> None:
    """Household links can be ended (解除关联) with a reason instead of staying forever: two columns.
    A database created by this version already has them (m1 creates the tables from the models)."""
    from playhouse.migrate import SchemaMigrator, migrate

    from models import customers

    have = {c.name for c in database.get_columns("household_link")}
    migrator = SchemaMigrator.from_database(database)
    steps = []
    if "ended_at" not in have:
        steps.append(migrator.add_column("household_link", "ended_at", customers.HouseholdLink.ended_at))
    if "end_reason" not in have:
        steps.append(migrator.add_column("household_link", "end_reason", customers.HouseholdLink.end_reason))
    if steps:
        migrate(*steps)


# Tables whose committed changes other PCs should see at once, with the column naming the customer.
LIVE_TABLES = {
    "customer": "id",
    "phone": "customer_id",
    "customer_tag": "customer_id",
    "household_link": "customer_id",
    "event": "customer_id",
    "ownership": "customer_id",
    "conflict_case": "customer_id",
    "meeting": "",
    "meeting_list": "",
    "callback": "customer_id",
    "callback_task": "customer_id",
    "batch": "",
    "batch_card": "customer_id",
    "department": "",
    "staff": "",
    "setting": "",
}


def _m7_live_notify(database: pw.Database) -> None:
    """Live across PCs (PostgreSQL only): after each statement that inserts or updates one of
    LIVE_TABLES, one notification on channel ``keyuan_changes`` — ``table:ids`` (at most 50
    customer ids, else ``*``; nothing after the colon for tables without a customer) — delivered to every listening PC when the transaction commits.
    SQLite has one program per file: nothing to tell."""
    if not isinstance(database, pw.PostgresqlDatabase):
        return
    # (%% is one %: peewee hands the statement to psycopg with an empty parameter list.)
    database.execute_sql(
        """
        CREATE OR REPLACE FUNCTION keyuan_notify_change() RETURNS trigger LANGUAGE plpgsql AS $$
        DECLARE ids text; n integer;
        BEGIN
          IF TG_ARGV[0] = '' THEN
            IF EXISTS (SELECT 1 FROM changed_rows) THEN
              PERFORM pg_notify('keyuan_changes', TG_TABLE_NAME || ':');
            END IF;
            RETURN NULL;
          END IF;
          EXECUTE format('SELECT count(*), string_agg(k::text, '','') FROM '
                         '(SELECT DISTINCT %%I AS k FROM changed_rows WHERE %%I IS NOT NULL LIMIT 51) s',
                         TG_ARGV[0], TG_ARGV[0]) INTO n, ids;
          IF n > 0 THEN
            PERFORM pg_notify('keyuan_changes', TG_TABLE_NAME || ':' || CASE WHEN n > 50 THEN '*' ELSE ids END);
          END IF;
          RETURN NULL;
        END $$
        """
    )
    for table, column in LIVE_TABLES.items():
        for op in ("INSERT", "UPDATE"):
            database.execute_sql(
                f"CREATE OR REPLACE TRIGGER keyuan_live_{op.lower()} AFTER {op} ON {table}"
                f" REFERENCING NEW TABLE AS changed_rows FOR EACH STATEMENT"
                f" EXECUTE FUNCTION keyuan_notify_change('{column}')"
            )


def _m8_one_ledger(database: pw.Database) -> None:
    """One ledger for 回访 (SPEC §7, issue 20). Columns: callback.form and the 代签 review
    (review_state, reviewed_by, reviewed_at, review_reason), complaint.to_gm; the table
    serving_expert. Data: a callback record for every timeline visit that has none, the serving
    expert of each customer who bought, and the open duties that the timeline's visits already
    satisfied closed by the same rules as a new record (services.callbacks.backfill)."""
    from playhouse.migrate import SchemaMigrator, migrate

    from models import timeline, work

    migrator = SchemaMigrator.from_database(database)
    have = {c.name for c in database.get_columns("callback")}
    steps = [
        migrator.add_column("callback", column, getattr(work.Callback, name))
        for column, name in (
            ("form", "form"),
            ("review_state", "review_state"),
            ("reviewed_by_id", "reviewed_by"),
            ("reviewed_at", "reviewed_at"),
            ("review_reason", "review_reason"),
        )
        if column not in have
    ]
    if "to_gm" not in {c.name for c in database.get_columns("complaint")}:
        steps.append(migrator.add_column("complaint", "to_gm", timeline.Complaint.to_gm))
    if steps:
        migrate(*steps)
    database.execute_sql("CREATE INDEX IF NOT EXISTS callback_event_id ON callback (event_id)")
    database.create_tables([work.ServingExpert])
    # The forms entered before the one ledger: a record of kind form was a 回访表 handed in.
    database.execute_sql("UPDATE callback SET form = %s WHERE kind = 'form'".replace("%s", database.param), (True,))
    from services.callbacks.backfill import backfill  # pure SQL and the pure duty matcher; no Qt, no services app

    backfill(database)


# Indexes of the card list's filters (issue 23). Each serves a filter alone and, where it names a
# second column, the pair people use with it; the list's planner (services.customers.search) either
# walks the sort's index and checks these per row, or starts from one of these when it matches few.
_M9_INDEXES = (
    ("customer_channel_created", "customer", "source_channel, created_at"),
    ("customer_abc_occupation_birth", "customer", "abc_class, occupation, birth_year"),
    ("customer_occupation_birth", "customer", "occupation, birth_year"),
    ("customer_birth_year", "customer", "birth_year"),
    ("customer_income_band", "customer", "income_band"),
    ("ownership_claim_kind", "ownership", "claim_state, owner_kind"),
    ("ownership_dept_claim", "ownership", "owner_department_id, claim_state"),
    ("ownership_dept_deadline", "ownership", "owner_department_id, next_deadline"),
    ("ownership_owner_deadline", "ownership", "owner_id, next_deadline"),
    ("customer_tag_tag_customer", "customer_tag", "tag, customer_id"),
)
ADDRESS_FTS = "customer_address_fts"


def _m9_card_list_filters(database: pw.Database) -> None:
    """The card list's filters through indexes at a million cards (issue 23): the filter bar's columns
    and common pairs; "address contains" through a trigram index — an FTS5 table kept by triggers on
    SQLite, pg_trgm's GIN index on PostgreSQL (skipped, with the search scanning as before, where the
    server lacks the extension)."""
    for name, table, columns in _M9_INDEXES:
        database.execute_sql(f"CREATE INDEX IF NOT EXISTS {name} ON {table} ({columns})")
    if isinstance(database, pw.SqliteDatabase):
        fts = ADDRESS_FTS
        database.execute_sql(
            f"CREATE VIRTUAL TABLE IF NOT EXISTS {fts} USING fts5(address, content='customer',"
            " content_rowid='id', tokenize='trigram')"
        )
        database.execute_sql(
            f"CREATE TRIGGER IF NOT EXISTS {fts}_ai AFTER INSERT ON customer BEGIN"
            f" INSERT INTO {fts}(rowid, address) VALUES (new.id, new.address); END"
        )
        database.execute_sql(
            f"CREATE TRIGGER IF NOT EXISTS {fts}_ad AFTER DELETE ON customer BEGIN"
            f" INSERT INTO {fts}({fts}, rowid, address) VALUES ('delete', old.id, old.address); END"
        )
        database.execute_sql(
            f"CREATE TRIGGER IF NOT EXISTS {fts}_au AFTER UPDATE OF address ON customer BEGIN"
            f" INSERT INTO {fts}({fts}, rowid, address) VALUES ('delete', old.id, old.address);"
            f" INSERT INTO {fts}(rowid, address) VALUES (new.id, new.address); END"
        )
        database.execute_sql(f"INSERT INTO {fts}({fts}) VALUES ('rebuild')")
    else:
        try:
            with database.atomic():  # a savepoint: a server without pg_trgm keeps the rest of the migration
                database.execute_sql("CREATE EXTENSION IF NOT EXISTS pg_trgm")
        except pw.DatabaseError:
            return
        database.execute_sql(
            "CREATE INDEX IF NOT EXISTS customer_address_trgm ON customer USING gin (address gin_trgm_ops)"
        )


def _m10_audit_append_only(database: pw.Database) -> None:
    """The audit log is append-only in the database itself: triggers refuse UPDATE and DELETE (and,
    on PostgreSQL, TRUNCATE) of audit_log, whoever connects — the program's URL on every PC included."""
    message = "审计日志只能追加,不能修改或删除"
    if isinstance(database, pw.PostgresqlDatabase):
        database.execute_sql(
            f"""
            CREATE OR REPLACE FUNCTION keyuan_audit_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
            BEGIN
              RAISE EXCEPTION '{message}' USING ERRCODE = 'insufficient_privilege';
            END $$
            """
        )
        database.execute_sql(
            "CREATE OR REPLACE TRIGGER keyuan_audit_append_only BEFORE UPDATE OR DELETE ON audit_log"
            " FOR EACH ROW EXECUTE FUNCTION keyuan_audit_append_only()"
        )
        database.execute_sql(
            "CREATE OR REPLACE TRIGGER keyuan_audit_no_truncate BEFORE TRUNCATE ON audit_log"
            " FOR EACH STATEMENT EXECUTE FUNCTION keyuan_audit_append_only()"
        )
        return
    for op in ("UPDATE", "DELETE"):
        database.execute_sql(
            f"CREATE TRIGGER IF NOT EXISTS audit_log_no_{op.lower()} BEFORE {op} ON audit_log"
            f" BEGIN SELECT RAISE(ABORT, '{message}'); END"
        )


def _m11_recorded_time(database: pw.Database) -> None:
    """Event time beside recorded time (SPEC §5). The audit log gets a column for the event time of each
    timeline event (``audit_log.event_at``; older rows keep it empty — the log is append-only, migration 10
    — and the viewer reads their event time from the row's own value). An event whose recorded time is
    unknown (missing, or earlier than the event: rows written outside the program) is taken as recorded
    at its own time."""
    from playhouse.migrate import SchemaMigrator, migrate

    from models import org

    have = {c.name for c in database.get_columns("audit_log")}
    if "event_at" not in have:
        migrate(SchemaMigrator.from_database(database).add_column("audit_log", "event_at", org.AuditLog.event_at))
    database.execute_sql("UPDATE event SET recorded_at = at WHERE recorded_at IS NULL OR recorded_at < at")


def _m12_card_list_snapshots(database: pw.Database) -> None:
    """The card list's last two slow shapes at a million cards (issue 23).

    "未登记": every card gets its Ownership row — a card nobody has registered the engine's verdict on an
    empty timeline (owner_kind 'none', "尚无人报名,归属未定", models.timeline.unregistered_snapshot) — so
    the filter is the ``ownership_kind_customer`` range instead of reading every card for a missing row.
    The program writes that row with each new card from now on (services.customers.service).

    A name prefix with another filter: the planner's probe counts the matches along the name index, and
    checking "not archived" fetched each card's row; ``customer(name, archived)`` answers both from the
    index (王 + a department at a million cards: 15,000 card reads fewer)."""
    from models.timeline import fill_missing_snapshots

    fill_missing_snapshots(database)
    database.execute_sql("CREATE INDEX IF NOT EXISTS customer_name_archived ON customer (name, archived)")


def _m13_joint_visit_partner(database: pw.Database) -> None:
    """The expert's joint visit (d+5…9) is one duty owed by two people (SPEC §7, issue 20): the expert
    (``staff``) and the service staff member (``callback_task.partner``), so it is on both to-do lists
    and one record closes it for both. Existing joint-visit duties get as partner the staff member of
    the same purchase's d+2 form duty (when that is not the expert themself); open ones that were the
    staff member's alone go to the customer's serving expert."""
    from playhouse.migrate import SchemaMigrator, migrate

    from models import work

    if "partner_id" not in {c.name for c in database.get_columns("callback_task")}:
        migrate(
            SchemaMigrator.from_database(database).add_column("callback_task", "partner_id", work.CallbackTask.partner)
        )
    database.execute_sql(
        "CREATE INDEX IF NOT EXISTS callback_task_partner_id_closed_at_due_at"
        " ON callback_task (partner_id, closed_at, due_at)"
    )
    # Open joint visits written before the customer had a serving expert (migration 8 named them) were the
    # staff member's alone: the expert takes them, the staff member stays on as partner.
    database.execute_sql(
        "UPDATE callback_task SET partner_id = staff_id, staff_id = (SELECT s.expert_id FROM serving_expert s"
        " WHERE s.customer_id = callback_task.customer_id) WHERE kind = 'expert_joint' AND closed_at IS NULL"
        " AND partner_id IS NULL AND customer_id IN (SELECT customer_id FROM serving_expert)"
        " AND (staff_id IS NULL OR staff_id NOT IN (SELECT id FROM staff WHERE position = 'expert'))"
    )
    database.execute_sql(
        "UPDATE callback_task SET partner_id = (SELECT f.staff_id FROM callback_task f"
        " WHERE f.customer_id = callback_task.customer_id AND f.kind = 'form_d2' AND f.period = callback_task.period)"
        " WHERE kind = 'expert_joint' AND partner_id IS NULL"
    )
    database.execute_sql(
        "UPDATE callback_task SET partner_id = NULL WHERE kind = 'expert_joint' AND partner_id = staff_id"
    )


def _m14_audit_by_entity(database: pw.Database) -> None:
    """The audit log by (entity, entity_id): the department overview reads when each waiting batch was
    returned, which otherwise scans the whole log (millions of rows at a million cards; issue 20)."""
    database.execute_sql("CREATE INDEX IF NOT EXISTS audit_log_entity_entity_id ON audit_log (entity, entity_id)")


# PostgreSQL only (issue 23): a LIKE prefix ('王%', 'wl%', 'teacher.%') uses a B-tree index only under the
# "C" collation, and an office server's database is usually created in a language's locale (C.UTF-8,
# zh_CN.UTF-8): the name, pinyin-initials and occupation filters read every card. The *_pattern_ops
# classes compare by bytes, so these indexes serve the prefix in any locale. And PostgreSQL's indexes
# do not end with the row's key as SQLite's end with the rowid: (department, card) and (owner, card)
# let a department or owner be checked, or walked in card order, from the index alone.
_M15_PG_INDEXES = (
    ("customer_name_pattern", "customer", "name varchar_pattern_ops, archived"),
    ("customer_initials_pattern", "customer", "name_initials varchar_pattern_ops"),
    ("customer_occupation_pattern", "customer", "occupation varchar_pattern_ops, birth_year"),
    ("ownership_dept_customer", "ownership", "owner_department_id, customer_id"),
    ("ownership_owner_customer", "ownership", "owner_id, customer_id"),
)


def _m15_pg_prefix_indexes(database: pw.Database) -> None:
    """The card list's prefix filters through indexes on PostgreSQL in any locale (see _M15_PG_INDEXES);
    nothing on SQLite, whose LIKE the program makes case-sensitive, so the plain indexes serve it."""
    if isinstance(database, pw.SqliteDatabase):
        return
    for name, table, columns in _M15_PG_INDEXES:
        database.execute_sql(f"CREATE INDEX IF NOT EXISTS {name} ON {table} ({columns})")


PHONE_CLAIM_INDEX = "phone_number_claim"


def _m16_phone_claim(database: pw.Database) -> None:
    """One card per phone number in the database itself (issue 16): a unique index over the normalised
    number of the phone rows that identify a card (``NOT shared``). Rows the office gave a number that
    another card holds stay, marked ``shared`` — a family's landline, a card split out of a merge, and
    duplicates an older database already holds (nothing is deleted; per number the row of a current card
    with the lowest id keeps the claim, archived cards after current ones)."""
    have = {c.name for c in database.get_columns("phone")}
    if "shared" not in have:
        database.execute_sql("ALTER TABLE phone ADD COLUMN shared BOOLEAN NOT NULL DEFAULT FALSE")
    database.execute_sql(
        "UPDATE phone SET shared = TRUE"
        " WHERE number IN (SELECT number FROM phone GROUP BY number HAVING COUNT(*) > 1)"
        " AND id <> (SELECT p2.id FROM phone p2 JOIN customer c ON c.id = p2.customer_id"
        "            WHERE p2.number = phone.number ORDER BY c.archived, p2.id LIMIT 1)"
    )
    database.execute_sql(f"CREATE UNIQUE INDEX IF NOT EXISTS {PHONE_CLAIM_INDEX} ON phone (number) WHERE NOT shared")


def _m17_complaint_duties(database: pw.Database) -> None:
    """A staff member's duties by kind (issue 20): the unresolved complaints past their deadline stay on
    the to-do lists, and without this index finding them walked every duty the staff member ever missed
    (tens of thousands at a million cards)."""
    database.execute_sql(
        "CREATE INDEX IF NOT EXISTS callback_task_staff_id_kind_closed_at_due_at"
        " ON callback_task (staff_id, kind, closed_at, due_at)"
    )


def _m18_pg_initials_in_card_order(database: pw.Database) -> None:
    """PostgreSQL only (issue 22): the front desk's pinyin-initials lookup orders a prefix's cards by
    (initials, card) and stops after a page. SQLite's index on the initials ends with the rowid and is
    already in that order; PostgreSQL's is not, so it sorted every card of the prefix first — 24 ms for
    "wl" at a million cards, 21 ms at 400,000 made-up cards against 1 ms with this index."""
    if isinstance(database, pw.SqliteDatabase):
        return
    database.execute_sql("CREATE INDEX IF NOT EXISTS customer_initials_id ON customer (name_initials, id)")


def _m19_lapsed_rules(database: pw.Database) -> None:
    """The snapshot says which rules lapsed (``ownership.lapsed_rules``, issue 22): the front desk tells who
    may take over a lapsed claim from it instead of replaying the customer's timeline (3–5× the bare query
    on a page with lapsed claims at a million cards). Existing snapshots get it empty; each is filled by the
    next verdict stored for that customer (any event, the sweep, a rebuild), and the desk replays until then."""
    if "lapsed_rules" not in {c.name for c in database.get_columns("ownership")}:
        database.execute_sql("ALTER TABLE ownership ADD COLUMN lapsed_rules VARCHAR(32) NOT NULL DEFAULT ''")


MIGRATIONS: list[Callable[[pw.Database], None]] = [
    _m1_office,
    _m2_timeline,
    _m3_customer_search,
    _m4_callback_tasks,
    _m5_allocation_indexes,
    _m6_household_end,
    _m7_live_notify,
    _m8_one_ledger,
    _m9_card_list_filters,
    _m10_audit_append_only,
    _m11_recorded_time,
    _m12_card_list_snapshots,
    _m13_joint_visit_partner,
    _m14_audit_by_entity,
    _m15_pg_prefix_indexes,
    _m16_phone_claim,
    _m17_complaint_duties,
    _m18_pg_initials_in_card_order,
    _m19_lapsed_rules,
]
LATEST = len(MIGRATIONS)


def schema_version(database: pw.Database | None = None) -> int:
    """The version recorded in the database (0 for an empty one)."""
    database = database or db.obj
    if "schema_version" not in database.get_tables():
        return 0
    row = database.execute_sql("SELECT version FROM schema_version").fetchone()
    return int(row[0]) if row else 0


def _set_version(database: pw.Database, version: int) -> None:
    database.execute_sql("DELETE FROM schema_version")
    database.execute_sql(
        "INSERT INTO schema_version (version, migrated_at) VALUES (%s, %s)".replace("%s", database.param),
        (version, dt.datetime.now().isoformat(" ")),
    )


def migrate_to_latest(
    info: DbInfo, *, backup_dir: str | None = None, target: int = LATEST, copy_first: bool = True
) -> int:
    """Run the pending migrations up to ``target``; returns the version reached. An SQLite file that
    holds data is copied first, unless ``copy_first`` is False (the file is itself a scratch copy).

    Raises:
        DatabaseOpenError: the database was written by a newer program.
    """
    database = db.obj
    current = schema_version(database)
    if current > LATEST:
        raise DatabaseOpenError(
            f"该数据库由更新版本的客源管家写入(数据结构版本 {current},本程序支持到 {LATEST}),"
            "请升级程序后再打开。数据库未做任何改动。"
        )
    if current >= target:
        return current
    if copy_first and current > 0 and info.kind == "sqlite" and not info.is_memory:
        _copy_before_migration(Path(info.location), current, target, backup_dir)
    if "schema_version" not in database.get_tables():
        database.execute_sql("CREATE TABLE schema_version (version INTEGER NOT NULL, migrated_at VARCHAR(32))")
    for version in range(current + 1, target + 1):
        try:
            with database.atomic():
                MIGRATIONS[version - 1](database)
                _set_version(database, version)
        except pw.DatabaseError as exc:
            if not not_allowed(exc):
                raise
            # The office server's program role owns no table (services.platform.office_roles): the
            # server PC upgrades the schema as the owner; a PC with the newer program waits for it.
            raise DatabaseOpenError(
                f"本店服务器上的数据库还是旧的数据结构(版本 {current},本程序需要 {target}),这台电脑没有升级它的权限。"
                "请先在本店服务器那台电脑上打开新版客源管家(或运行 main.py server upgrade),它会升级数据库;"
                "然后再打开本机的程序。数据库未做任何改动。"
            ) from exc
    return target


def _copy_before_migration(path: Path, current: int, target: int, backup_dir: str | None) -> Path:
    folder = Path(backup_dir) if backup_dir else path.parent
    folder.mkdir(parents=True, exist_ok=True)
    dest = folder / f"{path.name}.before-v{target}.bak"
    # Checkpoint the WAL so the copy holds every committed row.
    db.obj.execute_sql("PRAGMA wal_checkpoint(TRUNCATE)")
    shutil.copy2(path, dest)
    return dest
