"""Statements sent to an office server off the caller's path, in order, on a thread of their own.

The front desk writes one audit row per search (who looked up whom, issue 18). Over the LAN that
INSERT is a round trip of its own after the lookup's, and at a million cards it cost the desk more than
the lookup itself (issue 22: a search ≤ 3× the bare query). A record of a read need not hold up the
answer: ``send`` queues the statement and returns; one writer thread, with its own connection, sends
the queued statements in the order they were queued.

What can happen to a queued row:
- the server is away: the writer tries again (1, 2, 4 … 30 s apart) until it is back, or until the
  program closes the database; then ``finish`` waits a few seconds and logs what it could not send.
- the program is killed (power cut, kill -9) within the moment between the search and the send: the
  row is lost — as it may be anyway with the relaxed commit such rows use (models.bulk.insert_unflushed).
Nothing else is ever written this way: every change of data is written and committed by the action.

``flush`` waits until everything queued so far is on the server (the audit view, the backups and the
tests read the log after it); ``finish`` does that and lets the thread's connection go — ``close_db``
calls it before closing a database.
"""

from __future__ import annotations

import atexit
import logging
import threading
from collections import deque
from typing import Any

log = logging.getLogger(__name__)

IDLE_SECONDS = 30.0  # an idle writer lets its connection go after this long
RETRY_SECONDS = (1.0, 2.0, 4.0, 8.0, 15.0, 30.0)
FINISH_SECONDS = 5.0  # how long closing the database waits for the queue
HURRIED_RETRY_SECONDS = 0.2  # the retry pause while someone waits in flush()


class _Writer:
    def __init__(self) -> None:
        self._items: deque[tuple[Any, str, tuple]] = deque()
        self._cond = threading.Condition()
        self._busy = 0  # queued + being sent
        self._thread: threading.Thread | None = None
        self._closing: set[int] = set()  # ids of databases being closed: stop retrying for them
        self._release: set[Any] = set()  # databases whose connection the writer thread should let go
        self._hurry = 0  # callers waiting in flush(): a writer waiting to retry tries again now

    def send(self, database: Any, sql: str, params: tuple) -> None:
        with self._cond:
            self._items.append((database, sql, params))
            self._busy += 1
            if self._thread is None or not self._thread.is_alive():
                self._thread = threading.Thread(target=self._run, name="keyuan-later", daemon=True)
                self._thread.start()
            self._cond.notify_all()

    def pending(self) -> int:
        with self._cond:
            return self._busy

    def flush(self, timeout: float | None = None) -> bool:
        """Wait until every statement queued so far was sent (True), or ``timeout`` seconds passed."""
        with self._cond:
            self._hurry += 1
            self._cond.notify_all()
            try:
                return self._cond.wait_for(lambda: self._busy == 0, timeout)
            finally:
                self._hurry -= 1

    def finish(self, database: Any, timeout: float = FINISH_SECONDS) -> None:
        """Before ``database`` closes: send what is queued for it (``timeout`` seconds at most), then let
        the writer's connection to it go."""
        with self._cond:
            if self._thread is None:
                return
            if not self.flush(timeout):
                self._closing.add(id(database))
                self._cond.notify_all()
                self.flush(timeout)
            self._closing.discard(id(database))
            left = [item for item in self._items if item[0] is database]
            if left:
                log.warning("%d queued audit row(s) could not be written before closing", len(left))
                self._items = deque(item for item in self._items if item[0] is not database)
                self._busy -= len(left)
            self._release.add(database)
            self._cond.notify_all()
            self._cond.wait_for(lambda: database not in self._release, timeout)

    # -- the writer thread -------------------------------------------------------------------------

    def _run(self) -> None:
        held: Any = None  # the database whose connection this thread holds
        while True:
            with self._cond:
                got = self._cond.wait_for(lambda: self._items or self._release, IDLE_SECONDS)
                for database in list(self._release):
                    if database is held:
                        _close(held)
                        held = None
                    self._release.discard(database)
                self._cond.notify_all()
                if not got:
                    if held is not None:
                        _close(held)
                        held = None
                    continue
                if not self._items:
                    continue
                item = self._items[0]
            database, sql, params = item
            if held is not None and held is not database:
                _close(held)
            held = database
            self._send(database, sql, params)
            with self._cond:
                if self._items and self._items[0] is item:  # finish() may have dropped it meanwhile
                    self._items.popleft()
                    self._busy -= 1
                self._cond.notify_all()

    def _send(self, database: Any, sql: str, params: tuple) -> None:
        def closing() -> bool:
            return id(database) in self._closing

        for pause in (0.0, *RETRY_SECONDS, *([RETRY_SECONDS[-1]] * 1000)):
            if pause:
                with self._cond:
                    if self._hurry:  # someone waits for the row (the audit view): try again soon
                        self._cond.wait_for(closing, HURRIED_RETRY_SECONDS)
                    else:  # until the pause is over, or someone starts waiting for the row
                        self._cond.wait_for(lambda: closing() or self._hurry > 0, pause)
                    if closing():
                        log.warning("the database closed before a queued audit row could be sent; dropped")
                        return
            try:
                database.execute_sql(sql, params)
                return
            except Exception as exc:  # noqa: BLE001 - the server away, or a row it refused
                from models.db import connection_lost

                if not connection_lost(exc):
                    log.error("a queued audit row was refused and dropped: %s", exc)
                    return
                log.warning("the office server is away; a queued audit row waits: %s", exc)
                _close(database)


def _close(database: Any) -> None:
    try:
        database.close()
    except Exception:  # noqa: BLE001 - a dead connection: dropped all the same
        try:
            database._state.reset()
        except Exception:  # noqa: BLE001
            pass


_writer = _Writer()
send = _writer.send
flush = _writer.flush
finish = _writer.finish
pending = _writer.pending


@atexit.register
def _at_exit() -> None:
    _writer.flush(FINISH_SECONDS)
