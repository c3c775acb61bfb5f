"""Event time and recorded time (SPEC §5 "补录"): how late, and by whom, a fact may be recorded.

Every event keeps when it happened (``at``, which the rules use) and when and by whom it was
recorded. A user below department manager may record a fact at most ``back_entry_hours`` (a rule
parameter, 24 by default) after it happened and never dated before the card was created; anything
older is recorded by a department manager or above with a reason, is audited with that reason, and
where it changes the owner it opens a conflict case of kind ``back_entry`` (补录改变归属) so that the
change is reviewed (R13 can undo it) instead of passing silently.

`check` runs before anything is written; `after` runs once the verdict is stored, both inside the
recording transaction (services.timeline.recorder).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from models import ConflictCase, Customer, Ownership, User
from models.bulk import rows_where
from services.office.permissions import MANAGERS_AND_ABOVE, Actor
from services.platform.errors import RuleRefused, ValidationError
from services.rules.calendar import fmt
from services.rules.model import EVENT_NAMES, POOL, RULE_TITLES, Verdict

#: What a refusal names as its rule (there is no R-number: SPEC §5 "event time and recorded time").
RULE = "补录期限"
#: The kind of conflict case a late entry that changes the owner opens.
CASE_KIND = "back_entry"
#: Roles that may record a fact older than the limit (with a reason).
LATE_ENTRY_ROLES = MANAGERS_AND_ABOVE


@dataclass(frozen=True)
class LateEntry:
    """A fact recorded later than the limit by a manager or above: kept on the event's details."""

    hours: int  # whole hours between the event and its recording
    limit_hours: int
    reason: str
    old_owner: Any  # the owner before the entry (staff id, POOL or None)

    def details(self, late: dt.timedelta | None = None) -> dict[str, Any]:
        """What the event keeps; ``late`` the item's own lateness in a batch of several times."""
        return {"late_hours": self.hours if late is None else _hours(late), "late_reason": self.reason}

    def of(self, old_owner: Any) -> LateEntry:
        """The same entry for one customer of a batch, with that customer's owner before it."""
        return LateEntry(self.hours, self.limit_hours, self.reason, old_owner)


def recorded_note(at: dt.datetime, recorded_at: dt.datetime | None, who: str = "") -> str:
    """ "记录于 3月5日10:00(马庆成)" where an event was recorded a minute or more after it happened, else "":
    timelines, cases and exports show both times where they differ (SPEC §5)."""
    if recorded_at is None or recorded_at - at < dt.timedelta(minutes=1):
        return ""
    return f"记录于 {fmt(recorded_at)}" + (f"({who})" if who else "")


def user_names(user_ids) -> dict[int, str]:
    """Display names (else user names) of the users who recorded events."""
    ids = [u for u in set(user_ids) if u is not None]
    if not ids:
        return {}
    q = User.select(User.id, User.username, User.display_name).where(User.id.in_(ids)).tuples()
    return {uid: disp or name for uid, name, disp in q}


def _hours(delta: dt.timedelta) -> int:
    return int(delta.total_seconds() // 3600)


def limit_hours(app) -> int:
    return int(app.settings.params().back_entry_hours)


def check(
    app, actor: Actor, customer_id: int | None, at: dt.datetime, reason: str = "", *, what: str = "这件事"
) -> LateEntry | None:
    """Refuse a fact recorded too late or dated before the card (RuleRefused / ValidationError, one
    Chinese sentence naming the rule and the limit); returns the `LateEntry` of a manager's late entry.

    Future dates are refused by `Recorder.now_or` before this runs. ``customer_id`` None skips the
    card-creation check (a batch of cards created in the same action).
    """
    now = app.clock.now()
    if at >= now:
        return None
    hours = limit_hours(app)
    late = now - at > dt.timedelta(hours=hours)
    if actor.role not in LATE_ENTRY_ROLES:
        if customer_id is not None:
            found = rows_where(Customer, (Customer.created_at,), Customer.id, customer_id)
            created = found[0][0] if found else None
            if created is not None and at < created.replace(second=0, microsecond=0):
                raise RuleRefused(
                    RULE,
                    f"补录期限:{what}的时间 {fmt(at)} 早于顾客档案建立的时间 {fmt(created)},"
                    f"员工只能在事后 {hours} 小时内登记自己经手的事,不能登记建档之前的事。",
                )
        if late:
            raise RuleRefused(
                RULE,
                f"补录期限:{what}时间 {fmt(at)} 距今已 {_hours(now - at)} 小时,超过员工补录期限 {hours} 小时,"
                "请改正时间,或由部门经理及以上写明原因补录。",
            )
        return None
    if not late:
        return None
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError(
            "late_reason",
            f"{what}时间 {fmt(at)} 距今已超过补录期限 {hours} 小时,补录须写明原因(补录期限)。",
        )
    old = None
    if customer_id is not None:
        found = rows_where(Ownership, (Ownership.owner_kind, Ownership.owner), Ownership.customer, customer_id)
        if found:
            kind, owner = found[0]
            old = owner if kind == "staff" else (POOL if kind == "pool" else None)
    return LateEntry(_hours(now - at), hours, reason, old)


def after(
    rec, actor: Actor, customer_id: int, event_id: int, etype: str, at: dt.datetime, late: LateEntry, v: Verdict
) -> tuple[int, ...]:
    """Open the 补录改变归属 case when the late entry changed the owner; returns the case ids opened."""
    new = v.owner
    if new == late.old_owner:
        return ()
    staff_dept, _, _ = rec.staff_maps()
    ctx = rec.context()
    now = rec.app.clock.now()
    parties = [p for p in (late.old_owner, new) if p not in (None, POOL)]
    who = actor.display_name or actor.username
    summary = (
        f"{actor.role_name}{who}于 {fmt(now)} 补录了 {fmt(at)} 的{EVENT_NAMES.get(etype, etype)}"
        f"(晚 {late.hours} 小时,超过补录期限 {late.limit_hours} 小时),"
        f"归属由{ctx.name(late.old_owner)}变为{ctx.name(new)}"
        f"({v.rule} {RULE_TITLES.get(v.rule, '')});补录原因:{late.reason}"
    )
    case = ConflictCase.create(
        customer=customer_id,
        kind=CASE_KIND,
        rule=v.rule or "R13",
        opened_at=now,
        key=f"{customer_id}:{CASE_KIND}:{event_id}"[:96],
        department=staff_dept.get(parties[0]) if parties else None,
        parties=parties,
        summary=summary,
        proposed_owner=str(new or ""),
        proposal=v.explanation,
        evidence=[event_id],
    )
    return (case.id,)
