"""The mutable state the engine keeps while it walks one customer's timeline."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from services.rules.model import POOL, RULE_TITLES, Change, Context, Notice


@dataclass
class Claim:
    """A staff member's registration (or allocation/reassignment) of the customer."""

    staff: Any
    at: dt.datetime
    channel: str
    lapse: dt.datetime  # R2: first instant without a pre-heat
    seq: int
    incomplete_referral: bool = False


@dataclass
class Invite:
    staff: Any
    at: dt.datetime
    seq: int


@dataclass
class Listing:
    dept: Any
    at: dt.datetime
    seq: int


@dataclass
class Complaint:
    opened: dt.datetime
    lapse: dt.datetime
    seq: int
    resolved: bool = False
    expired: bool = False


@dataclass
class State:
    ctx: Context
    owner: Any = None
    claim_state: str = ""
    rule: str = ""
    since: dt.datetime | None = None
    explanation: str = ""
    evidence: tuple[int, ...] = ()
    claim: Claim | None = None
    competitors: list[Claim] = field(default_factory=list)
    # Follow-up clocks of the current claim (R6–R8).
    claim_start: dt.datetime | None = None
    preheated_at: dt.datetime | None = None
    last_home_visit: dt.datetime | None = None
    brought_by_owner_at: dt.datetime | None = None
    r7_lapse: dt.datetime | None = None
    lapses: list[tuple[str, dt.datetime]] = field(default_factory=list)
    # Pool.
    pool_reason: str = ""
    must_other_department: bool = False
    pool_from_dept: Any = None
    # Meetings, complaints, referral.
    invites: dict[Any, list[Invite]] = field(default_factory=dict)
    listings: dict[Any, list[Listing]] = field(default_factory=dict)
    credits: dict[Any, Any] = field(default_factory=dict)
    attended_any: bool = False
    last_attend: tuple[Any, dt.datetime] | None = None
    purchase_credits: list[tuple[dt.datetime, float, Any]] = field(default_factory=list)
    complaints: dict[Any, Complaint] = field(default_factory=dict)
    referrer: Any = None
    points_earned: list[tuple[dt.datetime, int]] = field(default_factory=list)
    # Staff whose claim ended by giving way (R2 lapse taken over, R5 incomplete referral) or who
    # registered a complete referral for the referrer's staff (R5): a bare pre-heat or invitation by
    # them no longer wins; they must register again (SPEC R2 "before that", R5 "whoever registered it").
    gave_way: set[Any] = field(default_factory=set)
    changes: list[Change] = field(default_factory=list)
    notices: list[Notice] = field(default_factory=list)

    # -- helpers used by the rule functions -------------------------------------------

    @property
    def has_staff_owner(self) -> bool:
        return self.owner is not None and self.owner != POOL

    def lapsed_for_preheat(self) -> bool:
        return self.claim_state == "lapsed" and any(rule == "R2" for rule, _ in self.lapses)

    def lapsed_for_followup(self) -> bool:
        return self.claim_state == "lapsed" and any(rule in ("R6", "R7", "R8") for rule, _ in self.lapses)

    def first_followup_lapse(self) -> str:
        followups = [(at, rule) for rule, at in self.lapses if rule in ("R6", "R7", "R8")]
        return min(followups)[1] if followups else ""

    def live_competitors(self, at: dt.datetime) -> list[Claim]:
        """Competitors still within their own pre-heat deadline at ``at`` (R2): only they hold a
        pending registration; one past its deadline no longer counts for R4."""
        return [c for c in self.competitors if c.lapse > at]

    def claimants(self, at: dt.datetime | None = None) -> list[Any]:
        out = [self.owner] if self.has_staff_owner else []
        rivals = self.competitors if at is None else self.live_competitors(at)
        out += [c.staff for c in rivals if c.staff not in out]
        return out

    def set_owner(
        self,
        owner: Any,
        rule: str,
        at: dt.datetime,
        claim_state: str,
        explanation: str,
        evidence: tuple[int, ...],
        claim: Claim | None = None,
    ) -> None:
        """Record an ownership change and reset the claim's clocks."""
        self.owner = owner
        self.rule = rule
        self.since = at
        self.claim_state = claim_state if owner != POOL else ""
        self.claim = claim
        self.competitors = []
        self.claim_start = at
        self.preheated_at = None
        self.last_home_visit = None
        self.brought_by_owner_at = None
        self.r7_lapse = None
        self.lapses = []
        if owner != POOL:
            self.pool_reason = ""
            self.must_other_department = False
            self.pool_from_dept = None
        self.explanation = explanation
        self.evidence = evidence
        if rule not in ("R2", "R5"):
            self.gave_way.clear()  # a new regime (pool, reassignment, ruling, won race) starts afresh
        self.changes.append(Change(at, owner, rule, explanation, evidence))

    def held(self, state: str = "", about: str = "") -> str:
        """``归张三(R1 首次报名,已失效)`` — the owner with the rule that gave it, so a note about another
        rule (a lapse, a won race) still names the rule the verdict reports."""
        name = self.ctx.name(self.owner)
        if self.rule == about or not self.rule:  # the note that follows names the rule already
            return f"归{name}({state})" if state else f"归{name}"
        extra = f",{state}" if state else ""
        return f"归{name}({self.rule} {RULE_TITLES.get(self.rule, '')}{extra})"

    def note(self, explanation: str, evidence: tuple[int, ...]) -> None:
        """Update the explanation without an ownership change."""
        self.explanation = explanation
        self.evidence = evidence

    def notice(self, at, kind, rule, parties, evidence, summary) -> None:
        self.notices.append(Notice(at, kind, rule, tuple(parties), tuple(evidence), summary, self.owner))
