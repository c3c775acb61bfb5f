"""Which callback duties one after-sales record satisfies (SPEC §7: one record serves every duty it satisfies).

Pure: no database. The recording transaction and the one-ledger migration both ask this module, so a
visit closes the same duties whether it is recorded today or found in an old timeline.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

HOME_VISITS = ("home_d3", "home_d15", "home_d30")


@dataclass(frozen=True)
class LedgerRecord:
    """One after-sales contact as the duties see it."""

    at: dt.datetime
    staff_id: int | None
    home: bool  # a home visit (家访, also the joint visit with the expert); False: a phone call
    by_expert: bool  # recorded for a 咨询专家
    form: bool  # a 回访表 was handed in with it
    signed: bool  # ... and the customer signed it
    joint: bool  # the expert and the service staff member went together


@dataclass(frozen=True)
class OpenDuty:
    id: int
    kind: str
    staff_id: int | None
    period: str
    window_start: dt.datetime
    due_at: dt.datetime  # first instant after the deadline


def month_key(at: dt.datetime | dt.date) -> str:
    return f"{at.year:04d}-{at.month:02d}"


def satisfied(record: LedgerRecord, duties: Iterable[OpenDuty]) -> list[int]:
    """The ids of the open duties that ``record`` closes.

    A duty is answered only inside its window (opened by ``record.at``, deadline not yet passed): a
    duty whose period ended unmet is missed and stays missed. Within that:
    - a home visit by the service staff closes the earliest scheduled visit (d+3, d+15, d+30) that is
      theirs and the R7 visit after a meeting;
    - a 回访表 handed in closes the earliest d+2 form duty; signed by the customer, also the month's
      signed-form duty;
    - an expert's phone call closes the expert's call of that month;
    - a joint visit (the expert with the staff member at the customer's home) closes the joint-visit duty.
    """
    at = record.at
    live = sorted((d for d in duties if d.window_start <= at < d.due_at), key=lambda d: (d.due_at, d.id))
    out: list[int] = []

    def first(kinds: tuple[str, ...], *, own: bool = False) -> None:
        for d in live:
            if d.kind in kinds and d.id not in out:
                if own and d.staff_id not in (None, record.staff_id):
                    continue
                out.append(d.id)
                return

    if record.home and not record.by_expert:
        first(HOME_VISITS, own=True)
        out.extend(d.id for d in live if d.kind == "r7_home")
    if record.home and (record.joint or record.by_expert):
        first(("expert_joint",))
    if record.form or record.signed:
        first(("form_d2",))
    if record.signed:
        out.extend(d.id for d in live if d.kind == "monthly_form" and d.period == month_key(at))
    if record.by_expert and not record.home:
        out.extend(d.id for d in live if d.kind == "monthly_expert" and d.period == month_key(at))
    return list(dict.fromkeys(out))
