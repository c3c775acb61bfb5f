"""The demo office's present (演示办公室的今天): what is waiting on the morning the demo is opened.

After six months of stories, `stage_today` leaves the office as a newcomer should find it on the
demo's day: yesterday's kepu forms processed and returned to 健康一部's manager (waiting to be
distributed), a stack of activity forms entered but not yet processed, confirmations made last
night that are due on tonight's joint-meeting list, a complaint that must be resolved by tomorrow,
the coordinator's queue down to yesterday's cases (two kinds, one escalated to the GM). Everything
goes through the services at its own time, like the stories.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from models import ConflictCase, Ownership, db
from services.cli.demo_story import HOUR, Dept, World, working_time
from services.intake.service import Decision, IntakeForm
from services.office.permissions import Actor
from services.platform.errors import RuleRefused, ServiceError, ValidationError

DAY = dt.timedelta(days=1)


@dataclass
class Staged:
    returned_batch: int | None = None
    waiting_batch: int | None = None
    complaint: str = ""
    open_cases: tuple[int, ...] = ()
    escalated_case: int | None = None
    evening_invitations: int = 0
    walk_ins: tuple[int, ...] = ()  # registered yesterday evening, pre-heat due by tomorrow
    scans: tuple[str, ...] = ()  # the waiting batch's scanned forms in the scans inbox (services/cli/demo_scans.py)


def batch_size(customers: int) -> int:
    """Cards in each of the two batches of the demo's day (none for a tiny demo)."""
    return min(12, customers // 25)


class TodayStage:
    def __init__(self, world: World, admin: Actor, coordinator: Actor, director: Actor):
        self.w, self.app, self.rng = world, world.app, world.rng
        self.admin, self.coord, self.director = admin, coordinator, director
        self.today = world.end.date()
        self.yesterday = self.today - DAY
        self.out = Staged()

    def _at(self, day: dt.date, hour: int, minute: int = 0) -> dt.datetime:
        at = dt.datetime.combine(day, dt.time(hour, minute))
        self.app.clock.set(at)
        return at

    def stage(self, cards_per_batch: int) -> Staged:
        if cards_per_batch:
            self._batches(cards_per_batch)
        self._evening_invitations()
        if cards_per_batch:
            self._walk_ins()
            self._store_purchases()
        self._complaint()
        self._cases()
        self.app.clock.set(self.w.end)
        return self.out

    # -- 档案分配: one batch returned to a manager, one waiting to be processed ---------------------

    def _new_cards(self, n: int, channel: str, day: dt.date, hour: int) -> list[int]:
        """The clerk types a stack of event forms: cards without a registering staff member (SPEC §3)."""
        self._at(day, hour)
        people = [self.w.people.person() for _ in range(n)]
        return self.app.customers.create_many(
            self.w.clerk,
            [
                dict(
                    name=p.name, phones=[p.phone], sex=p.sex, birth_year=p.birth_year, address=p.address,
                    source_channel=channel, occupation=p.occupation,
                )
                for p in people
            ],
        )  # fmt: skip

    def _batches(self, n: int) -> None:
        app, clerk, rng = self.app, self.w.clerk, self.rng
        one: Dept = self.w.depts[0]
        kepu_day = self.today - 2 * DAY
        people = rng.sample(one.staff, min(4, len(one.staff)))
        with db.atomic():
            self._at(self.yesterday, 9, 0)
            b = app.allocation.create_batch(
                clerk, f"{kepu_day:%m月%d日}{one.name}社区科普", "kepu", event_date=kepu_day,
                organiser_id=one.id, handed_in_by_id=people[0].id, participant_ids=[s.id for s in people],
            )  # fmt: skip
            cards = self._new_cards(n, "kepu", self.yesterday, 9)
            app.allocation.add_cards(clerk, b.id, cards)
            self._at(self.yesterday, 15, 30)
            processed = app.allocation.process(clerk, b.id)
            # A generated person can look like an archived one (same sound-alike name, a near address): the
            # clerk checks the form and keeps the card as a new customer, as the office would for a stranger.
            for card in processed.not_allocated:
                if card.status == "possible":
                    app.allocation.decide(clerk, b.id, card.customer_id, "new")
            self._at(self.yesterday, 16, 10)
            info = app.allocation.get(clerk, b.id)
            app.allocation.return_batch(clerk, b.id, info.version)
        self.out.returned_batch = b.id
        others = [d.id for d in self.w.depts[1:]] or [one.id]
        with db.atomic():
            self._at(self.yesterday, 17, 0)
            b = app.allocation.create_batch(
                clerk, f"{self.yesterday:%m月%d日}赠书活动", "activity", event_date=self.yesterday,
                department_ids=others, handed_in_by_id=self.w.depts[-1].staff[0].id,
            )  # fmt: skip
            cards = self._new_cards(n, "activity", self.yesterday, 17)
            app.allocation.add_cards(clerk, b.id, cards)
        self.out.waiting_batch = b.id

    # -- 联合会议: confirmations made last night count for today (R11) ----------------------------

    def _evening_invitations(self) -> None:
        meeting = next((m for m in self.w.meetings if m.joint and self.today < m.date <= self.today + 7 * DAY), None)
        if meeting is None:
            return
        for dept in self.w.depts:
            if dept.id not in meeting.depts:
                continue
            staff_ids = {s.id: s for s in dept.staff if s.active_at(self.w.end)}
            rows = (
                Ownership.select(Ownership.customer, Ownership.owner)
                .where(
                    (Ownership.owner_department == dept.id)
                    & (Ownership.claim_state == "active")
                    & Ownership.owner.in_(list(staff_ids))
                )
                .order_by(Ownership.customer.desc())
                .limit(12)
                .tuples()
            )
            made = 0
            for cid, owner in rows:
                if made >= 3:
                    break
                at = self._at(self.yesterday, 18, 20) + dt.timedelta(minutes=25 * made)
                s = staff_ids[owner]
                if self._try(self.app.timeline.invite, s.actor, cid, s.id, meeting.id, at=at):
                    made += 1
            self.out.evening_invitations += made

    # -- 登记: yesterday's walk-ins, each department's first staff member pre-heats by tomorrow (R2) --

    def _walk_ins(self) -> None:
        for n, dept in enumerate(self.w.depts):
            staff = next((s for s in dept.staff if s.active_at(self.w.end)), None)
            if staff is None:
                continue
            self._at(self.yesterday, 17, 40 + 5 * n)
            person = self.w.people.person()
            form = IntakeForm(
                name=person.name, phones=(person.phone,), sex=person.sex, birth_year=person.birth_year,
                address=person.address, occupation=person.occupation, channel="feedback_store", staff_id=staff.id,
            )  # fmt: skip
            try:
                with db.atomic():
                    saved = self.app.intake.save_card(self.w.clerk, form, decision=Decision("new"))
                self.out.walk_ins += (saved.customer_id,)
            except ServiceError:
                self.w.refused += 1

    # -- 出货: two days ago each department's first staff member's customer bought at the store -------

    def _store_purchases(self) -> None:
        """So their signed 回访表 is due today and the home visit tomorrow (SPEC §7: d+2, d+3)."""
        for n, dept in enumerate(self.w.depts):
            staff = next((s for s in dept.staff if s.active_at(self.w.end)), None)
            if staff is None or not dept.experts:
                continue
            row = (
                Ownership.select(Ownership.customer)
                .where((Ownership.owner == staff.id) & (Ownership.claim_state == "active"))
                .order_by(Ownership.customer)
                .first()
            )
            if row is None:
                continue
            at = self._at(self.today - 2 * DAY, 11, 5 * n)
            self._try(
                self.app.timeline.purchase, dept.manager, row.customer_id, 2980, at=at, products="营养素礼盒",
                staff_id=staff.id, expert_id=dept.experts[0].id,
            )  # fmt: skip

    # -- 投诉: one complaint due tomorrow (R9: within 3 days) ---------------------------------------

    def _complaint(self) -> None:
        one = self.w.depts[0]
        row = (
            Ownership.select(Ownership.customer, Ownership.owner)
            .where((Ownership.owner_department == one.id) & (Ownership.claim_state == "active"))
            .order_by(Ownership.customer)
            .first()
        )
        if row is None:
            return
        at = self._at(self.today - 2 * DAY, 10, 20)
        code = f"TS{at:%Y%m%d}-{row.customer_id}"
        if self._try(
            self.app.timeline.complaint, self.w.clerk, row.customer_id, code, cause="service",
            staff_id=row.owner, at=at, notes="顾客来电:上次家访约好的时间没有来",
        ):  # fmt: skip
            self.out.complaint = code

    # -- 冲突仲裁: the coordinator kept up; yesterday's cases wait --------------------------------

    def _cases(self) -> None:
        # Deadlines that passed before this morning open their cases (at the instant they passed) first.
        self.app.clock.set(self.w.end)
        self.app.timeline.sweep(self.admin, self.w.end)
        cutoff = dt.datetime.combine(self.yesterday, dt.time(0, 0))
        old = [
            (c.id, c.opened_at)
            for c in ConflictCase.select(ConflictCase.id, ConflictCase.opened_at)
            .where((ConflictCase.state == "open") & (ConflictCase.opened_at < cutoff))
            .order_by(ConflictCase.opened_at, ConflictCase.id)
        ]
        for case_id, opened in old:
            at = working_time(self.rng, opened + DAY, 9, 17)
            self.app.clock.set(min(at, cutoff))
            try:
                self.app.cases.accept(self.coord, case_id, "核实双方记录后按系统建议处理")
            except ServiceError:
                pass
        made: list[int] = []
        d = self.w.depts
        pairs = [(d[i], d[(i + 1) % len(d)]) for i in range(len(d))]
        # A competing registration (the claim still pending), then duplicate ones (the claim active).
        for hour, (owner, rival) in enumerate(pairs, start=14):
            if made := self._rival_registration("pending", owner, rival, hour):
                break
        for hour, (owner, rival) in enumerate(pairs[1:] + pairs[:1], start=16):
            if len(made) < 3:
                made += self._rival_registration("active", owner, rival, hour)
        if len(made) >= 3:
            self._at(self.yesterday, 18, 5)
            try:
                self.app.cases.escalate(self.coord, made[-1], "双方部门各执一词,且涉及老顾客,请总经理定夺")
                self.out.escalated_case = made[-1]
            except ServiceError:
                pass
        self.out.open_cases = tuple(
            c for (c,) in ConflictCase.select(ConflictCase.id).where(ConflictCase.state == "open").tuples()
        )

    def _rival_registration(self, state: str, owner_dept: Dept, rival_dept: Dept, hour: int) -> list[int]:
        """A staff member of ``rival_dept`` registers a customer ``owner_dept`` holds (R3): a competing
        registration while the claim is pending, a duplicate one while it is active."""
        rows = (
            Ownership.select(Ownership.customer)
            .where((Ownership.owner_department == owner_dept.id) & (Ownership.claim_state == state))
            .order_by(Ownership.customer.desc())
            .limit(5)
            .tuples()
        )
        rival = next((s for s in rival_dept.staff if s.active_at(self.w.end)), None)
        if rival is None:
            return []
        for (cid,) in rows:
            before = ConflictCase.select().where(ConflictCase.customer == cid).count()
            # Never before the card existed: yesterday's walk-ins are registered again after they came in.
            at = self._at(self.yesterday, 18, 30) if cid in self.out.walk_ins else self._at(self.yesterday, hour, 10)
            if self._try(self.app.timeline.register, rival.actor, cid, rival.id, "community", at=at):
                new = [
                    c
                    for (c,) in ConflictCase.select(ConflictCase.id)
                    .where((ConflictCase.customer == cid) & (ConflictCase.state == "open"))
                    .order_by(ConflictCase.id)
                    .tuples()
                ]
                if ConflictCase.select().where(ConflictCase.customer == cid).count() > before and new:
                    return [new[-1]]
        return []

    def _try(self, fn, *args, at: dt.datetime, **kwargs) -> bool:
        self.app.clock.set(at)
        try:
            with db.atomic():
                fn(*args, at=at, **kwargs)
            return True
        except (RuleRefused, ValidationError):
            self.w.refused += 1
            return False


__all__ = ["HOUR", "Staged", "TodayStage", "batch_size"]
