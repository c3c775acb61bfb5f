"""Live across PCs: PostgreSQL LISTEN/NOTIFY turned into change notes for the program.

Triggers installed by migration 7 (models/migrations.py, LIVE_TABLES) send one notification per statement that
inserts or updates cards, phones, events, ownership snapshots, cases, meetings, callbacks or
batches, on the channel ``keyuan_changes``: ``<table>:<customer ids>`` (``*`` when a statement
touched more than 50 customers). PostgreSQL delivers a notification only when its transaction
commits, so what arrives has really been recorded.

`ChangeListener` holds its own connection on a thread of its own and calls ``on_change`` with a
`LiveChange` for each notification (on that thread: the UI forwards it to its GUI thread). When the
server goes away it reports ``on_state(False)``, retries every few seconds, and ``on_state(True)``
once it is back.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from dataclasses import dataclass

CHANNEL = "keyuan_changes"
MANY = "*"

# What each table's rows are, in the change bus's words (ui.context.Change kinds).
TABLE_KINDS: dict[str, frozenset[str]] = {
    "customer": frozenset({"customer"}),
    "phone": frozenset({"customer"}),
    "customer_tag": frozenset({"customer"}),
    "household_link": frozenset({"customer"}),
    "event": frozenset({"customer", "ownership"}),
    "ownership": frozenset({"ownership"}),
    "conflict_case": frozenset({"case", "ownership"}),
    "meeting": frozenset({"meeting"}),
    "meeting_list": frozenset({"meeting"}),
    "callback": frozenset({"callback"}),
    "callback_task": frozenset({"callback"}),
    "batch": frozenset({"batch"}),
    "batch_card": frozenset({"batch"}),
    "department": frozenset({"org"}),
    "staff": frozenset({"org"}),
    "setting": frozenset({"settings"}),
}

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class LiveChange:
    kinds: frozenset[str]
    customer_ids: tuple[int, ...]  # empty with ``everything``
    everything: bool  # too many customers to name: redraw what shows that kind


def parse_payload(payload: str) -> LiveChange | None:
    """``event:12,15`` → LiveChange; None for what this program does not know."""
    table, _, ids = payload.partition(":")
    kinds = TABLE_KINDS.get(table)
    if kinds is None:
        return None
    if ids == MANY:
        return LiveChange(kinds, (), True)
    try:
        customer_ids = tuple(sorted({int(x) for x in ids.split(",") if x}))
    except ValueError:
        return None
    return LiveChange(kinds, customer_ids, False)


class ChangeListener:
    """LISTEN on the office server in a background thread; ``stop()`` ends it within ``poll_s``."""

    def __init__(
        self,
        url: str,
        on_change: Callable[[LiveChange], None],
        on_state: Callable[[bool], None] | None = None,
        *,
        poll_s: float = 0.5,
        retry_s: float = 3.0,
    ):
        self.url = url
        self.on_change = on_change
        self.on_state = on_state
        self.poll_s = poll_s
        self.retry_s = retry_s
        self._stop = threading.Event()
        self._ready = threading.Event()
        self._thread: threading.Thread | None = None
        self.connected: bool | None = None  # None until the first attempt

    def start(self, wait_s: float = 5.0) -> bool:
        """Start listening; True once the first LISTEN is in place (within ``wait_s``)."""
        self._thread = threading.Thread(target=self._run, name="keyuan-live", daemon=True)
        self._thread.start()
        return self._ready.wait(wait_s)

    def stop(self) -> None:
        self._stop.set()
        if self._thread is not None:
            self._thread.join(timeout=self.poll_s + 5)

    def _set_state(self, up: bool) -> None:
        if up != self.connected:
            self.connected = up
            if self.on_state is not None:
                self.on_state(up)

    def _run(self) -> None:
        import psycopg

        while not self._stop.is_set():
            try:
                with psycopg.connect(self.url, autocommit=True, connect_timeout=5) as conn:
                    conn.execute(f"LISTEN {CHANNEL}")
                    self._set_state(True)
                    self._ready.set()
                    while not self._stop.is_set():
                        for note in conn.notifies(timeout=self.poll_s):
                            change = parse_payload(note.payload)
                            if change is not None:
                                self.on_change(change)
                            if self._stop.is_set():
                                break
            except psycopg.Error as exc:
                log.info("change listener: server unreachable (%s)", type(exc).__name__)
                self._set_state(False)
                self._stop.wait(self.retry_s)
            except Exception:  # a callback's fault must not end listening
                log.exception("change listener: callback failed")
                self._stop.wait(self.retry_s)
