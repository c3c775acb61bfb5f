"""Rule parameters (归属规则参数, issue 3 item 6): a dry run before a change, then the change itself.

The parameters (the 2/3-day pre-heat windows, the 1- and 3-month follow-up periods, the joint-meeting
list deadlines, referral points) are the office setting ``rules.params`` (services/settings.py keeps
its history). Changing them changes verdicts, so before saving the administrator sees which customers
would change hands and why (`dry_run`); `apply` saves the setting and refreshes the affected ownership
snapshots in one transaction, so the setting and the snapshots never disagree.

Both walk the archive in keyset batches of customers (one query for their events, one for the
meetings those events name), so memory stays bounded at 1,000,000 customers; it is slow there, which
is acceptable for a rare administrative action.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

from models import Customer, Event, db
from services.office.permissions import Actor, require
from services.platform.errors import ValidationError
from services.rules import engine
from services.rules.model import POOL, Ev, Params, Verdict
from services.timeline.service import event_to_ev

SETTING = "rules.params"

#: What each parameter is called in the interface and in error messages.
PARAM_LABELS = {
    "preheat_days": "预热期限(天)",
    "preheat_days_long": "散收/回馈/转介的预热期限(天)",
    "followup_months": "预热后登门跟进期限(月,R6)",
    "visit_after_meeting_months": "会后登门期限(月,R7)",
    "service_months": "服务不到位期限(月,R8)",
    "complaint_days": "投诉处理期限(天,R9)",
    "reassign_days": "重新分配后预热期限(天,R10)",
    "list_deadline": "会前每日名单截止时间(R11)",
    "afternoon_deadline": "下午会当天名单截止时间(R11)",
    "evening_deadline": "晚上会当天名单截止时间(R11)",
    "attend_points": "转介顾客首次到会积分",
    "purchase_points": "转介顾客出货积分",
    "purchase_points_per": "出货积分的金额单位(元)",
    "back_entry_hours": "员工补录期限(小时)",
}
#: Points may be switched off (0); every period and unit must be at least 1.
MAY_BE_ZERO = frozenset({"attend_points", "purchase_points"})

#: The snapshot's fields: a customer is refreshed when any of them would change.
SNAPSHOT_FIELDS = (
    "owner",
    "claim_state",
    "rule",
    "since",
    "next_deadline",
    "next_rule",
    "next_action",
    "explanation",
    "pool_reason",
    "must_other_department",
)


@dataclass(frozen=True)
class ParamChangeEffect:
    """One customer who would change hands under the new parameters, and why."""

    customer_id: int
    customer_name: str
    old_owner: Any  # staff id, "pool" or None
    old_owner_name: str
    new_owner: Any
    new_owner_name: str
    rule: str  # rule of the latest ownership change under the new parameters
    explanation: str  # the new verdict's explanation


@dataclass(frozen=True)
class ApplyResult:
    params: Params
    refreshed: int  # snapshots rewritten
    effects: tuple[ParamChangeEffect, ...]  # customers who changed hands


def proposed(app, new_params: dict) -> Params:
    """The current parameters with ``new_params`` laid over them; ValidationError names a bad field."""
    if not isinstance(new_params, dict):
        raise ValidationError(SETTING, "规则参数必须是“参数名: 值”的表。")
    current = app.settings.params().to_dict()
    for key in new_params:
        if key not in current:
            raise ValidationError(key, f"未知的规则参数:{key}")
    merged = {**current, **new_params}
    for key, value in merged.items():
        label = PARAM_LABELS.get(key, key)
        if isinstance(current[key], int):
            if isinstance(value, bool) or not isinstance(value, int | str):
                raise ValidationError(key, f"{label}必须是整数。")
            try:
                number = int(value)
            except ValueError:
                raise ValidationError(key, f"{label}必须是整数。") from None
            if number < (0 if key in MAY_BE_ZERO else 1):
                raise ValidationError(key, f"{label}不能小于{0 if key in MAY_BE_ZERO else 1}。")
        else:
            try:
                dt.datetime.strptime(str(value), "%H:%M")
            except ValueError:
                raise ValidationError(key, f"{label}必须是“时:分”格式的时间,如 18:00。") from None
    return Params.from_dict(merged)


def _batches(batch: int) -> Iterator[list[tuple[int, str]]]:
    """Customers (id, name) in id order, ``batch`` at a time (keyset paging)."""
    last = 0
    while True:
        rows = list(
            Customer.select(Customer.id, Customer.name)
            .where(Customer.id > last)
            .order_by(Customer.id)
            .limit(batch)
            .tuples()
        )
        if not rows:
            return
        yield rows
        last = rows[-1][0]


def _compare(app, old: Params, new: Params, at: dt.datetime, batch: int) -> Iterator[tuple[int, str, Verdict, Verdict]]:
    """For every customer with a timeline: (id, name, verdict now, verdict under ``new``) at ``at``."""
    for rows in _batches(batch):
        ids = [r[0] for r in rows]
        timelines: dict[int, list[Ev]] = {}
        query = Event.select().where(Event.customer.in_(ids)).order_by(Event.customer, Event.at, Event.id)
        for e in query:
            timelines.setdefault(e.customer_id, []).append(event_to_ev(e))
        meetings = {ev.meeting for evs in timelines.values() for ev in evs if ev.meeting is not None}
        ctx = app.timeline.context(meetings)
        ctx_old = dataclasses.replace(ctx, params=old)
        ctx_new = dataclasses.replace(ctx, params=new)
        for cid, name in rows:
            evs = timelines.get(cid)
            if evs:
                yield cid, name, engine.evaluate(evs, ctx_old, at), engine.evaluate(evs, ctx_new, at)


def _owner_key(v: Verdict) -> Any:
    return v.owner if v.owner_is_staff else (POOL if v.owner == POOL else None)


def _effect(app, cid: int, name: str, before: Verdict, after: Verdict) -> ParamChangeEffect:
    ctx = app.timeline.context()
    return ParamChangeEffect(
        customer_id=cid,
        customer_name=name,
        old_owner=_owner_key(before),
        old_owner_name=ctx.name(_owner_key(before)),
        new_owner=_owner_key(after),
        new_owner_name=ctx.name(_owner_key(after)),
        rule=after.rule,
        explanation=after.explanation,
    )


def dry_run(
    app,
    actor: Actor,
    new_params: dict,
    at: dt.datetime | None = None,
    *,
    batch: int = 500,
    progress: Callable[[int], None] | None = None,
) -> list[ParamChangeEffect]:
    """Which customers would change owner at ``at`` (default now) if the parameters were ``new_params``.

    Writes nothing. ``new_params`` may name only the parameters that change.
    """
    require(actor, "settings.rules", "试算归属规则参数的修改")
    new = proposed(app, new_params)
    old = app.settings.params()
    at = at or app.clock.now()
    out: list[ParamChangeEffect] = []
    seen = 0
    for cid, name, before, after in _compare(app, old, new, at, batch):
        if _owner_key(before) != _owner_key(after):
            out.append(_effect(app, cid, name, before, after))
        seen += 1
        if progress and seen % batch == 0:
            progress(seen)
    return out


def apply(
    app,
    actor: Actor,
    new_params: dict,
    reason: str,
    *,
    batch: int = 500,
    progress: Callable[[int], None] | None = None,
) -> ApplyResult:
    """Save the new parameters (with history) and refresh every snapshot they change, in one transaction.

    Owner changes are audited with their rule and open conflict cases exactly as recording does.
    """
    require(actor, "settings.rules", "修改归属规则参数")
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError("reason", "修改归属规则参数须写明原因。")
    new = proposed(app, new_params)
    old = app.settings.params()
    now = app.clock.now()
    effects: list[ParamChangeEffect] = []
    refreshed = seen = 0
    try:
        with db.atomic():
            app.settings.set(actor, SETTING, new.to_dict(), reason)
            for cid, name, before, after in _compare(app, old, new, now, batch):
                seen += 1
                if any(getattr(before, f) != getattr(after, f) for f in SNAPSHOT_FIELDS):
                    app.timeline.store(actor, cid, after, now)
                    refreshed += 1
                    if _owner_key(before) != _owner_key(after):
                        effects.append(_effect(app, cid, name, before, after))
                if progress and seen % batch == 0:
                    progress(seen)
    except BaseException:
        app.settings.invalidate()  # the cache saw the new parameters inside the rolled-back transaction
        raise
    return ApplyResult(new, refreshed, tuple(effects))
