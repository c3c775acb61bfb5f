"""Showing errors to the user: a service's Chinese sentence in a message box, never a traceback.

`show_error(parent, exc)` is the one place that turns an exception into a message box; every
widget calls it in its ``except ServiceError`` branch or as a job's ``on_error``.
"""

from __future__ import annotations

import logging

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QMessageBox, QWidget

from services.platform.errors import (
    LoginFailed,
    NotFound,
    PermissionDenied,
    RuleRefused,
    ServiceError,
    StorageProblem,
    ValidationError,
    storage_problem,
)

log = logging.getLogger(__name__)


def error_title(exc: BaseException) -> str:
    """A short title naming the kind of problem."""
    exc = storage_problem(exc) or exc
    if isinstance(exc, StorageProblem):
        return QCoreApplication.translate("Errors", "没有保存")
    if isinstance(exc, PermissionDenied):
        return QCoreApplication.translate("Errors", "无权操作")
    if isinstance(exc, RuleRefused):
        return QCoreApplication.translate("Errors", "规则不允许")
    if isinstance(exc, ValidationError):
        return QCoreApplication.translate("Errors", "输入有误")
    if isinstance(exc, NotFound):
        return QCoreApplication.translate("Errors", "找不到记录")
    if isinstance(exc, LoginFailed):
        return QCoreApplication.translate("Errors", "登录失败")
    if isinstance(exc, ServiceError):
        return QCoreApplication.translate("Errors", "操作未完成")
    return QCoreApplication.translate("Errors", "程序出错")


def error_text(exc: BaseException) -> str:
    """The sentence to show: the service's own message, or a plain note for a program fault."""
    exc = storage_problem(exc) or exc  # database busy, disk full, read-only: what to do, not a fault
    if isinstance(exc, ServiceError):
        return exc.message
    return QCoreApplication.translate("Errors", "操作没有完成,程序遇到意外错误(已记录到日志):%1").replace(
        "%1", type(exc).__name__
    )


def show_error(parent: QWidget | None, exc: BaseException) -> None:
    """Tell the user what went wrong. Unexpected exceptions are logged with their traceback."""
    exc = storage_problem(exc) or exc
    if not isinstance(exc, ServiceError):
        log.error("unexpected error", exc_info=(type(exc), exc, exc.__traceback__))
        QMessageBox.critical(parent, error_title(exc), error_text(exc))
        return
    QMessageBox.warning(parent, error_title(exc), error_text(exc))
