"""The timeline service (时间线): the office's actions on customers' timelines, as one object for the
interface and the command line.

It composes the pieces of the package: a `Recorder` holds the recording transaction and its cached
facts; each action (`actions`), batch path (`bulk`) and the passing of time (`sweep`) is a function
of that recorder. The methods here only hand the call on, so every caller keeps one stable entry
point (``app.timeline.preheat(actor, ...)``) while each file of the package holds one idea.
"""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Callable
from typing import Any, TypeVar

from models import Event
from services.office import audit
from services.office.permissions import Actor
from services.platform.errors import PermissionDenied
from services.rules.model import Context, Ev, Verdict
from services.timeline import actions, bulk, losses
from services.timeline import sweep as passing
from services.timeline.ownership_view import action_answer
from services.timeline.reads import COMPLAINT_CAUSES, LAST_SEQ, SWEEP_LOCK_KEY, Recorded, event_to_ev
from services.timeline.recorder import Recorder

__all__ = ["COMPLAINT_CAUSES", "LAST_SEQ", "Recorded", "SWEEP_LOCK_KEY", "TimelineService", "event_to_ev"]

F = TypeVar("F", bound=Callable[..., Any])


def _on_recorder(fn: F) -> F:
    """A method that calls ``fn(recorder, *args, **kwargs)``: the function's own name, docstring and signature."""

    @functools.wraps(fn)
    def method(self: TimelineService, *args: Any, **kwargs: Any) -> Any:
        try:
            return fn(self.recorder, *args, **kwargs)
        except PermissionDenied as exc:  # audited once the action's transaction has rolled back
            if args and isinstance(args[0], Actor):
                audit.refused(args[0], exc)
            raise

    return method  # type: ignore[return-value]


class TimelineService:
    """Every timeline action of the office; one per `Services` container."""

    def __init__(self, app):
        self.app = app
        self.recorder = Recorder(app)

    # -- the actions (services.timeline.actions) -----------------------------------------------------

    register = _on_recorder(actions.register)
    allocate = _on_recorder(actions.allocate)
    preheat = _on_recorder(actions.preheat)
    visit = _on_recorder(actions.visit)
    invite = _on_recorder(actions.invite)
    attend = _on_recorder(actions.attend)
    purchase = _on_recorder(actions.purchase)
    complaint = _on_recorder(actions.complaint)
    resolve_complaint = _on_recorder(actions.resolve_complaint)
    reassign = _on_recorder(actions.reassign)
    ruling = _on_recorder(actions.ruling)
    staff_left = _on_recorder(actions.staff_left)
    submit_list = _on_recorder(actions.submit_list)

    # -- batch paths (services.timeline.bulk) -------------------------------------------------------

    allocate_many = _on_recorder(bulk.allocate_many)
    register_new_many = _on_recorder(bulk.register_new_many)

    # -- time passing (services.timeline.sweep) -------------------------------------------------------

    sweep = _on_recorder(passing.sweep)
    apply_passed_deadlines = _on_recorder(passing.apply_passed_deadlines)
    rebuild = _on_recorder(passing.rebuild)

    # -- reading and the shared recorder ------------------------------------------------------------

    def invalidate(self) -> None:
        """Forget cached staff, department and meeting facts (call after org or meeting changes)."""
        self.recorder.invalidate()

    def context(self, meeting_ids: set[Any] | None = None) -> Context:
        """The facts the engine needs besides the timeline (staff, departments, meetings, rule parameters)."""
        return self.recorder.context(meeting_ids)

    def events(self, customer_id: int) -> list[Ev]:
        """The customer's timeline in order."""
        return self.recorder.events(customer_id)

    def verdict(
        self, customer_id: int, at: dt.datetime | None = None, *, known_at: dt.datetime | None = None
    ) -> Verdict:
        """The engine's verdict for a customer at ``at`` (default now), replayed from the timeline; with
        ``known_at``, from the events recorded by then only."""
        return self.recorder.verdict(customer_id, at, known_at=known_at)

    def verdicts(self, customer_ids: list[int], at: dt.datetime) -> dict[int, Verdict]:
        """`verdict` of several customers at once (one read of their timelines)."""
        return self.recorder.verdicts(customer_ids, at)

    def store(self, actor, customer_id: int, v: Verdict, now: dt.datetime) -> bool:
        """Store a verdict computed elsewhere (rule-parameter change) inside the caller's transaction;
        True when the owner changed."""
        return self.recorder.store(actor, customer_id, v, now)

    def lost_since_last_look(self, actor: Actor, limit: int = 20) -> list[losses.LostCustomer]:
        """The customers the actor's staff member lost since they last confirmed the list (issue 18)."""
        return losses.lost_since_last_look(self.app, actor, limit)

    def mark_looked(self, actor: Actor) -> None:
        """The staff member has read the list of lost customers; it starts again from now."""
        losses.mark_looked(self.app, actor)

    @staticmethod
    def answer(rec: Recorded) -> str:
        """The sentence that answers a staff action: who owns the customer now, under which rule, until when,
        and whether a conflict case was opened (services.timeline.ownership_view.action_answer)."""
        return action_answer(rec.customer_id, rec.verdict, rec.owner_changed, rec.cases_opened)

    def points_of(self, customer_id: int, at: dt.datetime | None = None, *, known_at: dt.datetime | None = None) -> int:
        """Referral points (老带新积分) the customer has earned by ``at`` (from the events recorded by
        ``known_at``, when given)."""
        at = at or self.app.clock.now()
        referred = {
            r
            for (r,) in Event.select(Event.customer)
            .where((Event.related == customer_id) & (Event.type == "register"))
            .distinct()
            .tuples()
        }
        total = 0
        for cid in referred:
            v = self.recorder.verdict(cid, at, known_at=known_at)
            if v.referrer == customer_id:
                total += sum(p for t, p in v.points_earned if t <= at)
        return total

    # -- recording ---------------------------------------------------------------------------
