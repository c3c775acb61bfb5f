"""What every widget receives: the services, the acting user and the app-wide change signal.

Widgets never import models/ or peewee. After a service call that changed data, call
``ctx.announce(Change(...))``; every view listening to ``ctx.bus.changed`` decides what to redraw
(like Anki's operation_did_execute).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from PySide6.QtCore import QObject, Signal

from services.app import Services
from services.office.permissions import Actor


@dataclass(frozen=True)
class Change:
    """What an action changed: kinds like "customer", "ownership", "case", "org", "settings"."""

    kinds: frozenset[str]
    customer_ids: tuple[int, ...] = ()
    source: object | None = field(default=None, compare=False)
    # The sentence that answers a staff action (who owns the customer now, rule, until when, cases opened),
    # from TimelineService.answer; the main window keeps it in the status bar.
    answer: str = field(default="", compare=False)


class ChangeBus(QObject):
    changed = Signal(object)  # Change


class UiContext:
    """Passed to every tab and dialog through its constructor (no global main window)."""

    def __init__(self, services: Services, actor: Actor, db_label: str = ""):
        self.services = services
        self.actor = actor
        self.db_label = db_label
        self.bus = ChangeBus()

    def announce(self, change: Change) -> None:
        self.bus.changed.emit(change)
