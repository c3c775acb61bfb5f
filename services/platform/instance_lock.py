"""One program per database file: an operating-system lock taken before SQLite opens anything.

The lock is keyed by the real file (device + inode, after following symbolic links), so a
symbolic link, a hard link or another spelling of the path meets the same lock. It is held on a
separate lock file with ``flock`` (``msvcrt.locking`` on Windows), not on the database itself:
SQLite's POSIX locks on the database vanish when any descriptor of the file in the process is
closed (a file dialog listing the folder does that), a lock on a file nobody else opens does not.
The lock vanishes when the process dies, so a crash never leaves a stale lock behind.
"""

from __future__ import annotations

import errno
import hashlib
import os
import stat
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from models.db import DatabaseOpenError
from services.platform.errors import ServiceError

LOCK_DIR_ENV = "KEYUAN_LOCK_DIR"


class InUse(ServiceError):
    """Another copy of the program (or a command) has this database file open."""


def lock_dir() -> Path:
    """Where the lock files live: one folder for every user of this computer (the same database file
    reached by two paths must meet one lock, so the lock cannot live beside each path)."""
    folder = Path(os.environ.get(LOCK_DIR_ENV) or Path(tempfile.gettempdir()) / "keyuan-locks")
    if not folder.is_dir():
        folder.mkdir(parents=True, exist_ok=True)
        try:
            os.chmod(folder, 0o1777)  # like /tmp: every user may lock, nobody may remove another's file
        except OSError:
            pass
    return folder


def real_database_file(db_path: str | os.PathLike, create: bool = True) -> Path:
    """The database file with every symbolic link followed; created empty (0600, folder 0700) when
    missing so that it has an identity to lock. Raises DatabaseOpenError with a Chinese message."""
    raw = os.path.expanduser(os.fspath(db_path))
    try:
        real = Path(os.path.realpath(raw))
        if not real.exists():
            if not create:
                raise DatabaseOpenError(f"找不到数据库文件:{raw}")
            real.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
            os.close(os.open(real, os.O_WRONLY | os.O_CREAT, 0o600))
        mode = real.stat().st_mode
    except OSError as exc:
        raise DatabaseOpenError(_path_problem(raw, exc)) from None
    if stat.S_ISDIR(mode):
        raise DatabaseOpenError(f"数据库路径是一个文件夹,不是数据库文件:{raw}")
    if not stat.S_ISREG(mode):
        raise DatabaseOpenError(f"数据库路径不是普通文件(例如 /dev/null 或设备),不能用作数据库:{raw}")
    return real


def _path_problem(raw: str, exc: OSError) -> str:
    if exc.errno == errno.ENAMETOOLONG:
        return f"数据库路径太长(文件名或路径超过系统上限),请换一个较短的路径:{raw[:80]}…"
    if exc.errno in (errno.EACCES, errno.EPERM):
        return f"没有权限使用数据库文件或其所在文件夹,请检查权限:{raw}"
    if exc.errno == errno.ENOSPC:
        return f"磁盘已满,无法创建数据库文件,请先清理磁盘:{raw}"
    return f"无法使用数据库文件 {raw}:{exc.strerror or exc}"


def lock_name(real: Path) -> str:
    """``<device>-<inode>.lock``: every link to the file has the same name (a hash of the path where
    the file system has no inode numbers)."""
    st = real.stat()
    if st.st_ino:
        return f"{st.st_dev:x}-{st.st_ino:x}.lock"
    return hashlib.sha1(os.path.normcase(str(real)).encode()).hexdigest() + ".lock"


class InstanceLock:
    """Hold the database file's lock for as long as the program (or a command) runs."""

    def __init__(self, db_path: str | os.PathLike):
        self.db_path = db_path
        self.path: Path | None = None
        self._fd: int | None = None

    def acquire(self) -> InstanceLock:
        """Take the lock, creating the database file when missing (nothing else is opened).

        Raises:
            InUse: another process holds it (or this process, through another handle).
            DatabaseOpenError: the path cannot be a database (a folder, a device, too long...).
        """
        real = real_database_file(self.db_path)
        self.path = lock_dir() / lock_name(real)
        try:
            fd = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o644)
        except PermissionError:  # another user's lock file: locking needs only a read handle
            fd = os.open(self.path, os.O_RDONLY)
        try:
            _lock(fd)
        except OSError:
            os.close(fd)
            raise InUse(
                f"数据库文件 {real.name} 正在被另一个客源管家程序使用(或一条命令正在处理它)。"
                "请先关闭那个程序再试;多台电脑同时使用请改用 PostgreSQL 服务器。"
            ) from None
        try:
            os.ftruncate(fd, 0)
            os.write(fd, f"{os.getpid()} {real}\n".encode())
        except OSError:
            pass  # the pid is only a hint for people
        self._fd = fd
        return self

    def release(self) -> None:
        if self._fd is not None:
            os.close(self._fd)  # closing the handle releases the lock
            self._fd = None

    @property
    def held(self) -> bool:
        return self._fd is not None

    def __enter__(self) -> InstanceLock:
        return self.acquire()

    def __exit__(self, *exc) -> None:
        self.release()


def _lock(fd: int) -> None:
    if os.name == "nt":
        import msvcrt

        os.lseek(fd, 0, os.SEEK_SET)
        msvcrt.locking(fd, msvcrt.LK_NBLCK, 1)
    else:
        import fcntl

        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)


def lock_database(target: str) -> InstanceLock | None:
    """Take the lock of an SQLite target before anything opens it; None for PostgreSQL and
    ``:memory:`` (the server keeps its own order). Raises `InUse` or `DatabaseOpenError`."""
    from models.db import is_postgres_url

    if is_postgres_url(target) or target == ":memory:":
        return None
    return InstanceLock(target).acquire()


@contextmanager
def held(target: str) -> Iterator[InstanceLock | None]:
    """``with held(target):`` — the database's lock for the length of a command (see `lock_database`)."""
    lock = lock_database(target)
    try:
        yield lock
    finally:
        if lock is not None:
            lock.release()
