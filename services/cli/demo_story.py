"""One demo customer's six months (演示顾客的时间线), told through the services.

`CustomerStory.tell` creates the card and records registration or allocation,
pre-heats (mostly on time, some late, some never), competing registrations,
invitations, attendance, purchases, home and phone visits and the odd complaint.
The rules engine decides who owns the customer; an action the rules refuse
(RuleRefused) is skipped exactly as the interface would refuse it.
"""

from __future__ import annotations

import bisect
import datetime as dt
import random
from dataclasses import dataclass, field
from typing import Any

from models import Customer
from services.cli.demo_people import PeopleMaker, Person
from services.intake.service import Decision, IntakeForm, NeedsDecision
from services.office.permissions import Actor
from services.platform.errors import RuleRefused
from services.rules.meetings import counted_day
from services.rules.model import Params

CHANNEL_WEIGHTS = (
    ("kepu", 24),
    ("kepu_large", 10),
    ("activity", 10),
    ("scatter", 18),
    ("feedback_store", 7),
    ("feedback_phone", 6),
    ("community", 17),
    ("referral", 8),
)
BATCH_CHANNELS = frozenset({"kepu", "kepu_large", "activity"})  # forms go through the CRM center
PRODUCTS = ("保健品", "营养素礼盒", "理疗仪", "保健茶", "钙片套装")
INTERESTS = ("养生保健", "太极拳", "书法", "旅游", "广场舞", "摄影", "园艺", "棋牌", "合唱", "中医理疗")
CALLBACK_NOTES = (
    "身体状况良好,按时服用",
    "反映睡眠有改善",
    "家属在场,一起讲解用法",
    "提醒下次会议时间",
    "询问复购优惠",
)
AMOUNTS = (980, 1680, 2980, 3980, 5800, 6800, 9800, 12800, 19800)
COMPLAINT_CAUSES = ("service", "selfish", "attitude", "dispute", "other")
DAY = dt.timedelta(days=1)
HOUR = dt.timedelta(hours=1)


@dataclass
class StaffMember:
    id: int
    dept: int
    actor: Actor
    left_at: dt.datetime | None = None

    def active_at(self, at: dt.datetime) -> bool:
        return self.left_at is None or at < self.left_at


@dataclass
class Dept:
    id: int
    name: str
    manager: Actor
    staff: list[StaffMember]
    experts: list[StaffMember]


@dataclass
class MeetingSlot:
    id: int
    date: dt.date
    slot: str
    joint: bool
    depts: tuple[int, ...]

    @property
    def starts(self) -> dt.datetime:
        return dt.datetime.combine(self.date, dt.time(14, 0) if self.slot == "afternoon" else dt.time(19, 0))


@dataclass
class World:
    """What every story shares: the office, the meeting calendar and the running tallies."""

    app: Any
    rng: random.Random
    people: PeopleMaker
    start: dt.datetime
    end: dt.datetime
    depts: list[Dept]
    clerk: Actor
    meetings: list[MeetingSlot]
    params: Params = field(default_factory=Params)
    buyers: list[tuple[dt.datetime, int]] = field(default_factory=list)  # (first purchase, customer)
    joint_confirmations: dict[tuple[int, int, dt.date], list[int]] = field(default_factory=dict)
    complaints: int = 0
    refused: int = 0
    _meeting_dates: list[dt.date] = field(default_factory=list)

    def __post_init__(self) -> None:
        self.meetings.sort(key=lambda m: m.starts)
        self._meeting_dates = [m.date for m in self.meetings]
        self._weights = [len(d.staff) for d in self.depts]

    def next_meeting(self, after: dt.datetime, dept: int) -> MeetingSlot | None:
        """The department's next meeting at least two days after ``after`` and within three weeks."""
        i = bisect.bisect_left(self._meeting_dates, (after + 2 * DAY).date())
        limit = (after + 21 * DAY).date()
        for m in self.meetings[i:]:
            if m.date > limit:
                return None
            if dept in m.depts:
                return m
        return None

    def pick_dept(self) -> Dept:
        return self.rng.choices(self.depts, weights=self._weights)[0]

    def pick_staff(self, dept: Dept, at: dt.datetime, not_id: int | None = None) -> StaffMember | None:
        choices = [s for s in dept.staff if s.active_at(at) and s.id != not_id]
        return self.rng.choice(choices) if choices else None


def working_time(rng: random.Random, day: dt.datetime | dt.date, first: int = 8, last: int = 19) -> dt.datetime:
    d = day.date() if isinstance(day, dt.datetime) else day
    return dt.datetime.combine(d, dt.time(rng.randint(first, last), rng.choice((0, 10, 15, 20, 30, 40, 45, 50))))


class CustomerStory:
    """Tells one customer's story (and a spouse's, sometimes) inside the caller's transaction."""

    def __init__(self, world: World):
        self.w = world
        self.rng = world.rng
        self.app = world.app
        self.events = 0
        self.spent = 0  # yuan bought by the customer whose story is being told
        self.attended = False

    def _do(self, at: dt.datetime, fn, *args, **kwargs) -> Any:
        """Run one service action at ``at`` (clock moved there); refused actions are skipped."""
        if at > self.w.end:
            return None
        self.app.clock.set(at)
        try:
            out = fn(*args, at=at, **kwargs)
        except RuleRefused:
            self.w.refused += 1
            return None
        self.events += 1
        return out

    def tell(self, spouse_allowed: bool = True) -> int:
        """Create one customer and live their months; returns how many cards were created (1 or 2)."""
        w, rng = self.w, self.rng
        person = w.people.person()
        # Forms come in on every working day up to the day before the demo's "now" (the morning of
        # its day), so some pre-heats are due today and tomorrow.
        days = (w.end.date() - w.start.date()).days
        at = working_time(rng, w.start.date() + dt.timedelta(days=int(rng.random() * days)))
        dept = w.pick_dept()
        staff = w.pick_staff(dept, at)
        if staff is None:
            return 0
        channel = rng.choices([c for c, _ in CHANNEL_WEIGHTS], weights=[n for _, n in CHANNEL_WEIGHTS])[0]
        referrer = None
        if channel == "referral":
            i = bisect.bisect_left(w.buyers, (at, -1))
            if i == 0:
                channel = "scatter"
            else:
                referrer = w.buyers[rng.randrange(i)][1]
        if channel in BATCH_CHANNELS:
            # The CRM center enters and classifies the form; the manager allocates it the next working day.
            self.app.clock.set(at)
            cid = self.app.customers.create(
                w.clerk, person.name, [person.phone], sex=person.sex, birth_year=person.birth_year,
                address=person.address, source_channel=channel,
            ).id  # fmt: skip
            self.app.customers.update(w.clerk, cid, {"occupation": person.occupation}, 1)
            claim_at = working_time(rng, at + DAY * rng.randint(1, 2), 9, 17)
            if claim_at >= w.end:
                claim_at = at + 2 * HOUR  # yesterday's forms were handed out the same evening
            self._do(claim_at, self.app.timeline.allocate, dept.manager, cid, staff.id, batch=f"{at:%m%d}{channel}")
        else:
            claim_at = at
            if referrer is not None:
                # A referral names the old customer, which the paper form cannot: the staff member registers it.
                self.app.clock.set(at)
                cid = self.app.customers.create(
                    staff.actor, person.name, [person.phone], sex=person.sex, birth_year=person.birth_year,
                    address=person.address, source_channel=channel,
                ).id  # fmt: skip
                self.app.customers.update(w.clerk, cid, {"occupation": person.occupation}, 1)
                self._do(
                    at, self.app.timeline.register, staff.actor, cid, staff.id, channel, referrer_id=referrer,
                    referral_complete=rng.random() < 0.9,
                )  # fmt: skip
            else:
                cid = self._intake(at, staff, person, channel)
        created = 1
        if spouse_allowed and rng.random() < 0.04:
            # The spouse's form comes in with the same staff member's; the clerk links them as a household.
            spouse = w.people.spouse_of(person)
            s_at = at + dt.timedelta(minutes=rng.randint(3, 30))
            other = self._intake(s_at, staff, spouse, "scatter", Decision("household", cid, "spouse"))
            self._life(other, dept, staff, s_at, "scatter")
            self._classify(other, s_at)
            created = 2
        self._life(cid, dept, staff, claim_at, channel)
        self._classify(cid, at)
        return created

    def _classify(self, cid: int, at: dt.datetime) -> None:
        """The CRM center's classification (SPEC §3): ABC class by what the customer bought (A from
        12,800 yuan, B any purchase, C came to a meeting) and the interests ticked on the form."""
        rng = self.rng
        abc = "A" if self.spent >= 12800 else "B" if self.spent else "C" if self.attended else ""
        self.spent, self.attended = 0, False
        changes: dict[str, Any] = {}
        if abc:
            changes["abc_class"] = abc
        if rng.random() < 0.55:
            changes["tags"] = rng.sample(INTERESTS, rng.choice((1, 1, 2)))
        if not changes:
            return
        self.app.clock.set(min(at + HOUR, self.w.end))
        # The clerk's open card holds this version; reading the version alone spares the whole card
        # (phones, household, scans, masking) that `customers.card` builds for the editor.
        version = Customer.select(Customer.version).where(Customer.id == cid).scalar()
        self.app.customers.update(self.w.clerk, cid, changes, version)

    def _intake(
        self, at: dt.datetime, staff: StaffMember, person: Person, channel: str, decision: Decision | None = None
    ) -> int:
        """The clerk types the paper form: card, occupation and the staff member's registration in one save."""
        form = IntakeForm(
            name=person.name, phones=(person.phone,), sex=person.sex, birth_year=person.birth_year,
            address=person.address, occupation=person.occupation, channel=channel, staff_id=staff.id,
        )  # fmt: skip
        self.app.clock.set(at)
        try:
            result = self.app.intake.save_card(self.w.clerk, form, decision=decision)
        except NeedsDecision:
            # Same name and birth year or address as an existing card, but a different phone: the clerk
            # checks the form and records a different person (as the office would for a common name).
            result = self.app.intake.save_card(self.w.clerk, form, decision=Decision("new"))
        self.events += 1
        return result.customer_id

    def _life(self, cid: int, dept: Dept, staff: StaffMember, claim_at: dt.datetime, channel: str) -> None:
        w, rng, tl = self.w, self.rng, self.app.timeline
        window = w.params.window_days(channel)
        worker, rival_at = staff, claim_at
        if rng.random() < 0.06:
            # Someone else registers the same customer (R3): from another department, usually.
            other_dept = rng.choice(w.depts)
            rival = w.pick_staff(other_dept, claim_at, not_id=staff.id)
            rival_at = claim_at + dt.timedelta(hours=rng.randint(2, 30))
            if rival and rival.active_at(rival_at):
                self._do(rival_at, tl.register, rival.actor, cid, rival.id, rng.choice(("scatter", "community")))
                if rng.random() < 0.4:
                    worker, dept = rival, other_dept  # the rival pre-heats first and wins under R3
        roll = rng.random()
        if roll < 0.05:
            return  # never pre-heated: the claim lapses under R2 and waits for someone else
        if roll < 0.13:
            pre_at = working_time(rng, claim_at + DAY * rng.randint(window + 1, window + 5))  # late (R2)
        else:
            # Most pre-heat the same or the next day; all within the window (R2: 2 or 3 days).
            offset = min(window, int(rng.expovariate(1.5)))
            pre_at = working_time(rng, claim_at + DAY * offset, 8, 20)
            if pre_at <= claim_at:
                pre_at = claim_at + dt.timedelta(minutes=rng.randint(20, 240))
        if worker is not staff:
            pre_at = max(pre_at, rival_at + dt.timedelta(minutes=rng.randint(20, 120)))  # after registering
        if not worker.active_at(pre_at):
            return
        self._do(pre_at, tl.preheat, worker.actor, cid, worker.id)
        self._follow(cid, dept, worker, pre_at)

    def _follow(self, cid: int, dept: Dept, staff: StaffMember, since: dt.datetime) -> None:
        """Up to three rounds of invitation → meeting → purchase or visit; a buyer then becomes an old
        customer served month by month (SPEC §7)."""
        w, rng, tl = self.w, self.rng, self.app.timeline
        now = since
        for _round in range(3):
            if now >= w.end or not staff.active_at(now):
                return
            if rng.random() < 0.6:
                m = w.next_meeting(now, dept.id)
                if m is None:
                    return
                inv_at = working_time(rng, max(now + HOUR, m.starts - DAY * rng.randint(1, 6)), 9, 17)
                inv_at = max(inv_at, now + HOUR)
                if inv_at >= m.starts - HOUR or not staff.active_at(inv_at):
                    return
                if self._do(inv_at, tl.invite, staff.actor, cid, staff.id, m.id) is None:
                    return
                if m.joint:
                    key = (m.id, dept.id, counted_day(inv_at, w.params))
                    w.joint_confirmations.setdefault(key, []).append(cid)
                now = m.starts
                if rng.random() >= 0.8:
                    now += DAY * rng.randint(3, 10)
                    continue  # confirmed but did not come
                self._do(m.starts + dt.timedelta(minutes=rng.randint(-20, 5)), tl.attend, w.clerk, cid, m.id)
                self.attended = True
                if rng.random() < 0.38:
                    amount = rng.choice(AMOUNTS)
                    p_at = m.starts + dt.timedelta(minutes=rng.randint(60, 120))
                    expert = rng.choice(dept.experts) if dept.experts else None
                    bought = self._do(
                        p_at, tl.purchase, dept.manager, cid, amount, meeting_id=m.id, products=rng.choice(PRODUCTS),
                        staff_id=staff.id, expert_id=expert.id if expert else None,
                    )  # fmt: skip
                    if bought:
                        bisect.insort(w.buyers, (p_at, cid))
                        self.spent += amount
                        last = self._after_purchase(cid, staff, expert, p_at)
                        self._old_customer(cid, staff, expert, p_at, last)
                        return
                else:
                    if rng.random() < 0.75:
                        # R7: the owner visits within the month after the meeting (a few only after it).
                        now = working_time(rng, m.starts + DAY * rng.choice((2, 4, 7, 10, 14, 20, 27, 33)))
                        if staff.active_at(now):
                            self._do(now, tl.visit, staff.actor, cid, staff.id, "home", signed=rng.random() < 0.8)
                    else:
                        now = m.starts + DAY * rng.randint(20, 40)
                if rng.random() < 0.004:
                    self._complaint(cid, dept, staff, now + DAY * rng.randint(1, 10))
            else:
                # A phone call or a home visit instead of an invitation this time.
                now = working_time(rng, now + DAY * rng.randint(5, 35))
                if not staff.active_at(now):
                    return
                self._do(now, tl.visit, staff.actor, cid, staff.id, rng.choice(("home", "phone", "phone")))

    def _callback(self, at: dt.datetime, who: StaffMember, cid: int, kind: str, signed: bool = False) -> bool:
        """One callback as the office records it (回访 / 家访 / 专家电话), through the callback service."""
        if not who.active_at(at):
            return False
        rng = self.rng
        satisfaction = rng.choices((5, 4, 3, 2), weights=(50, 35, 12, 3))[0]
        done = self._do(
            at, self.app.callbacks.record, who.actor, cid, kind, staff_id=who.id, signed=signed,
            satisfaction=satisfaction, notes=rng.choice(CALLBACK_NOTES) if rng.random() < 0.4 else "",
        )  # fmt: skip
        return done is not None

    def _when(
        self, p_at: dt.datetime, on_time: tuple[int, int], late: tuple[int, int], p_late: float, p_missed: float
    ) -> dt.datetime | None:
        """A duty's day after ``p_at``: mostly on time, some late, a few missed (None)."""
        rng = self.rng
        roll = rng.random()
        if roll < p_missed:
            return None
        days = rng.randint(*late) if roll < p_missed + p_late else rng.randint(*on_time)
        return working_time(rng, p_at + DAY * days, 9, 18)

    def _after_purchase(
        self, cid: int, staff: StaffMember, expert: StaffMember | None, p_at: dt.datetime
    ) -> dt.datetime:
        """SPEC §7: a home visit with the signed 回访表 by d+2 (it also answers the d+3 visit), the expert's
        joint visit d+5…d+9, home visits by d+15 and d+30 — most on time, some late, a few missed."""
        last = p_at
        at = self._when(p_at, (1, 2), (3, 5), 0.12, 0.04)
        if at and self._callback(at, staff, cid, "home", signed=True):
            last = at
        if expert is not None:
            at = self._when(p_at, (5, 9), (10, 12), 0.08, 0.07)
            if at:
                self._callback(at, expert, cid, "joint")
        for on_time, late in (((11, 15), (16, 19)), ((24, 30), (31, 35))):
            at = self._when(p_at, on_time, late, 0.1, 0.06)
            if at and self._callback(at, staff, cid, "home", signed=self.rng.random() < 0.5):
                last = at
        return last

    def _old_customer(
        self, cid: int, staff: StaffMember, expert: StaffMember | None, p_at: dt.datetime, last: dt.datetime
    ) -> None:
        """Every later month: a signed 回访表 from the staff member (a home visit) and the expert's phone
        call (SPEC §7); most months on time, a few missed. The current month's may still be ahead."""
        rng = self.rng
        month = dt.date(p_at.year, p_at.month, 1)
        while True:
            month = (month + dt.timedelta(days=32)).replace(day=1)
            if month > self.w.end.date():
                return
            if rng.random() < 0.88:
                day = month + dt.timedelta(days=rng.randint(0, 26))
                at = max(working_time(rng, day, 9, 18), last + HOUR)
                if self._callback(at, staff, cid, "home", signed=rng.random() < 0.93):
                    last = at
            if expert is not None and rng.random() < 0.85:
                day = month + dt.timedelta(days=rng.randint(0, 26))
                self._callback(working_time(rng, day, 9, 17), expert, cid, "expert_phone")

    def _complaint(self, cid: int, dept: Dept, staff: StaffMember, at: dt.datetime) -> None:
        w, rng, tl = self.w, self.rng, self.app.timeline
        at = working_time(rng, at)
        w.complaints += 1
        code = f"TS{at:%Y%m%d}-{cid}"
        if self._do(at, tl.complaint, w.clerk, cid, code, cause=rng.choice(COMPLAINT_CAUSES), staff_id=staff.id):
            if rng.random() < 0.7:
                fixed = max(at + HOUR, working_time(rng, at + DAY * rng.randint(0, 2)))
                self._do(fixed, tl.resolve_complaint, dept.manager, code)
