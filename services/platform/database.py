"""Opening and closing the office database for the program (the UI never imports models/).

``models.init_db`` does the work; this module gives the UI the few things it needs: open a
target and get a label for the status bar, close it, and let a worker thread give back its own
SQLite connection when its job ends (peewee keeps one connection per thread).
"""

from __future__ import annotations

from models import DatabaseOpenError, close_db, current_info, db, init_db

__all__ = [
    "DatabaseOpenError",
    "close_database",
    "database_label",
    "is_postgres_target",
    "open_database",
    "release_thread_connection",
]


def open_database(target: str) -> str:
    """Open (and migrate) ``target``, an SQLite path or a ``postgresql://`` URL; return its label.

    Raises:
        DatabaseOpenError: with a Chinese message; nothing was changed.
    """
    init_db(target)
    return database_label()


def is_postgres_target(target: str) -> bool:
    from models.db import is_postgres_url

    return is_postgres_url(target)


def database_label() -> str:
    """The database in use as the user should see it: a file path or the URL without password."""
    info = current_info()
    if info is None:
        return ""
    return info.location


def close_database() -> None:
    close_db()


def release_thread_connection() -> None:
    """Close the calling thread's connection, if it opened one (worker threads, after each job)."""
    if db.obj is not None and not db.is_closed():
        db.close()
