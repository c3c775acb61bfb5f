"""Who may do what in the office server's database (issue 16).

Every PC holds the program's URL (the connection code carries its password), so what that role may do is
what anyone with a PC of the office and psql may do. Three roles:

- ``keyuan_admin`` — the cluster's superuser. Its password is only in the server PC's ``secret.json``, and
  pg_hba admits it from the server PC itself only.
- ``keyuan_owner`` — owns the office database, its schema and every table, trigger and function. NOLOGIN:
  nobody signs in as it. The server PC's setup and upgrade (`prepare`) sign in as the superuser and act
  as the owner, so the migrations create what the owner owns.
- ``keyuan`` — the program's role, the one on every PC. It is no member of the owner. It reads and writes
  the office's tables; the audit log it may only read and append to (SELECT, INSERT): UPDATE, DELETE and
  TRUNCATE are refused by privileges (migration 10's triggers refuse them as well). Owning nothing, it
  cannot ALTER or DROP a table, drop or disable a trigger, or grant itself more. ``schema_version`` it may
  only read, so a PC with a newer program cannot upgrade the schema half-way: the server PC does that.
"""

from __future__ import annotations

from urllib.parse import quote

from services.platform.office_server import OWNER

APPEND_ONLY = ("audit_log",)  # SELECT and INSERT only
READ_ONLY = ("schema_version",)  # SELECT only


def as_owner(admin_url: str, owner: str = OWNER) -> str:
    """The superuser's URL of the office database, acting as ``owner`` from the first statement on
    (libpq's ``options=-c role=…``): tables the migrations create belong to the owner."""
    sep = "&" if "?" in admin_url else "?"
    return f"{admin_url}{sep}options={quote(f'-c role={owner}', safe='')}"


def prepare(admin_url: str, *, database: str, program: str, owner: str = OWNER, migrate: bool = True) -> int:
    """Set up or upgrade the office database; returns the schema version reached (with ``migrate=False``
    only the owners and rights are set: what a running program may do under its own open database).

    ``admin_url`` is the superuser's URL of the office database. Creates the owner role when missing, gives it
    the database and everything the program's role owned (an office set up before issue 16 had the program's
    role own it all), runs the pending migrations as the owner, then grants the program's role its rights.

    Raises:
        DatabaseOpenError: the database was written by a newer program (nothing changed), or a migration failed.
    """
    import psycopg

    with psycopg.connect(admin_url, autocommit=True, connect_timeout=10) as conn:
        if conn.execute("SELECT 1 FROM pg_roles WHERE rolname = %s", (owner,)).fetchone() is None:
            conn.execute(f'CREATE ROLE "{owner}" NOLOGIN')
        conn.execute(f'ALTER DATABASE "{database}" OWNER TO "{owner}"')
        conn.execute(f'REASSIGN OWNED BY "{program}" TO "{owner}"')
        if conn.execute(
            "SELECT 1 FROM pg_auth_members m JOIN pg_roles r ON r.oid = m.roleid JOIN pg_roles p ON p.oid = m.member"
            " WHERE r.rolname = %s AND p.rolname = %s",
            (owner, program),
        ).fetchone():
            conn.execute(f'REVOKE "{owner}" FROM "{program}"')
        conn.execute("REVOKE CREATE ON SCHEMA public FROM PUBLIC")
    version = _migrate_as_owner(admin_url, owner) if migrate else _version(admin_url)
    grant_program(admin_url, database=database, program=program)
    return version


def _migrate_as_owner(admin_url: str, owner: str) -> int:
    """The pending migrations on a connection of its own, the models bound to it meanwhile (and bound back
    to whatever they were bound to: the caller is usually a program about to open, or a command line)."""
    from playhouse.db_url import connect

    from models.db import DbInfo, db, redact_url
    from models.migrations import migrate_to_latest, schema_version

    url = as_owner(admin_url, owner)
    database = connect(url)
    previous = db.obj
    db.initialize(database)
    try:
        database.connect()
        migrate_to_latest(DbInfo("postgresql", redact_url(url)))
        return schema_version(database)
    finally:
        db.initialize(previous)
        database.close()


def _version(admin_url: str) -> int:
    import psycopg

    with psycopg.connect(admin_url, connect_timeout=10) as conn:
        if conn.execute("SELECT to_regclass('public.schema_version')").fetchone()[0] is None:
            return 0
        row = conn.execute("SELECT version FROM schema_version").fetchone()
        return int(row[0]) if row else 0


def grant_program(admin_url: str, *, database: str, program: str) -> None:
    """The program's rights, granted afresh after every upgrade or restore (new tables included)."""
    import psycopg

    with psycopg.connect(admin_url, autocommit=True, connect_timeout=10) as conn, conn.transaction():
        conn.execute(f'GRANT CONNECT, TEMPORARY ON DATABASE "{database}" TO "{program}"')
        conn.execute(f'GRANT USAGE ON SCHEMA public TO "{program}"')
        conn.execute(f'REVOKE ALL ON ALL TABLES IN SCHEMA public FROM "{program}"')
        conn.execute(f'GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO "{program}"')
        tables = {r[0] for r in conn.execute("SELECT tablename FROM pg_tables WHERE schemaname = 'public'")}
        for table in APPEND_ONLY:
            if table in tables:
                conn.execute(f'REVOKE UPDATE, DELETE ON "{table}" FROM "{program}"')
        for table in READ_ONLY:
            if table in tables:
                conn.execute(f'REVOKE INSERT, UPDATE, DELETE ON "{table}" FROM "{program}"')
        conn.execute(f'GRANT USAGE, SELECT, UPDATE ON ALL SEQUENCES IN SCHEMA public TO "{program}"')
