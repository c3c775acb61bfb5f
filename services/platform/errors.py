"""Typed errors raised by services. Only ui/ turns them into messages; each carries Chinese text."""

from __future__ import annotations

import errno
import sqlite3

import peewee

from models.db import connection_lost


class ServiceError(Exception):
    """Base of every error a user can be shown. ``message`` is one Chinese sentence."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


class PermissionDenied(ServiceError):
    """The acting user's role may not do this."""


class RuleRefused(ServiceError):
    """The ownership rules refuse the action; ``rule`` names the rule (e.g. "R11")."""

    def __init__(self, rule: str, message: str):
        super().__init__(message)
        self.rule = rule


class ValidationError(ServiceError):
    """Bad input; ``field`` names the field (or row) at fault."""

    def __init__(self, field: str, message: str):
        super().__init__(message)
        self.field = field


class NotFound(ServiceError):
    """The record asked for does not exist (or is not visible to the user)."""


class StaleRecord(ServiceError):
    """Someone else saved the record first; the save was refused, nothing overwritten."""


class LoginFailed(ServiceError):
    """Wrong user name or password, a locked or disabled account."""


class DuplicateFound(ServiceError):
    """A card with the same phone exists; ``customer_ids`` lists them. Nothing was created."""

    def __init__(self, message: str, customer_ids: list[int]):
        super().__init__(message)
        self.customer_ids = customer_ids


class StorageProblem(ServiceError, peewee.OperationalError):
    """The database could not save: ``kind`` is busy, full, readonly, io, or unreachable (the office
    server cannot be reached; the program connects again by itself, models.db). Nothing was saved by the
    action; the message says what to do. Also a peewee OperationalError, for code that expects one."""

    def __init__(self, kind: str, message: str):
        ServiceError.__init__(self, message)
        self.kind = kind


STORAGE_MESSAGES = {
    "busy": "数据库正忙:另一台电脑或另一个操作正在保存。刚才的操作没有保存,请稍等几秒再试一次。",
    "full": "磁盘已满,刚才的操作没有保存(已保存的数据不受影响)。请清理数据库所在磁盘的空间后再试。",
    "readonly": (
        "数据库文件现在是只读的(文件、所在文件夹或磁盘没有写入权限),刚才的操作没有保存;数据没有损坏。"
        "请让管理员恢复写入权限后再试。"
    ),
    "io": "读写数据库文件时出错(磁盘或网络共享故障),刚才的操作没有保存。请检查磁盘或网络后再试。",
    "unreachable": (
        "连不上本店服务器,刚才的操作没有保存;已输入的内容仍在。程序会自动重新连接,"
        "请检查服务器电脑是否开机、网线是否连好,连上之后再保存一次。"
    ),
}

_STORAGE_WORDS = (
    ("busy", ("database is locked", "database table is locked", "database is busy", "lock timeout")),
    ("full", ("database or disk is full", "no space left", "disk full", "could not extend file")),
    ("readonly", ("readonly database", "read-only", "read only")),
    ("io", ("disk i/o error",)),
)


def storage_problem(exc: BaseException) -> StorageProblem | None:
    """The Chinese sentence for a database error that the user can act on (busy, disk full, read-only,
    I/O, the office server out of reach), or None for anything else (a program fault, shown as such)."""
    if isinstance(exc, StorageProblem):
        return exc
    if connection_lost(exc):
        return StorageProblem("unreachable", STORAGE_MESSAGES["unreachable"])
    if not isinstance(exc, (sqlite3.Error, peewee.DatabaseError, OSError)) and not type(exc).__module__.startswith(
        "psycopg"
    ):
        return None
    if isinstance(exc, OSError) and getattr(exc, "errno", None) == errno.ENOSPC:
        return StorageProblem("full", STORAGE_MESSAGES["full"])
    text = str(exc).lower()
    for kind, words in _STORAGE_WORDS:
        if any(w in text for w in words):
            return StorageProblem(kind, STORAGE_MESSAGES[kind])
    return None


def _register() -> None:
    """Let the database layer raise these (models/ does not import services/)."""
    import importlib

    importlib.import_module("models.db").translate_error = storage_problem


_register()
