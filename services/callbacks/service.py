"""回访跟踪 (SPEC §7): callback duties generated from the timeline, callback records that close them.

Duties (`CallbackTask`) are written when the event that causes them is recorded — a purchase
starts the post-purchase schedule (form back by d+2, home visits by d+3/d+15/d+30, the expert's
joint visit d+5…d+9), an attendance without purchase the R7 home visit, a complaint its 3-day
resolution — and at the start of each month for every old customer (a signed callback form from
their staff member, a phone callback from their expert). A duty closes when the matching record
is entered. Lists read the open duties through indexes; nothing is recomputed per row.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from models import Callback, CallbackTask, Customer, Event, Ownership, Phone, ServingExpert, Setting, Staff, db
from models.bulk import insert_rows, rows_where, sql_for
from services.callbacks.ledger import CallbackRecorded, LedgerMixin, department_expert
from services.office.permissions import Actor
from services.platform.errors import PermissionDenied, ValidationError
from services.rules.calendar import add_months, day_start, lapse_after_days, lapse_after_months, last_good_instant

TASK_LABELS = {
    "form_d2": "出货后2日内交回访表",
    "home_d3": "出货后第3天家访",
    "home_d15": "出货后第15天家访",
    "home_d30": "出货后第30天家访",
    "expert_joint": "专家陪同家访(第5–9天)",
    "monthly_form": "本月签字回访表",
    "monthly_expert": "专家本月电话回访",
    "r7_home": "会后一个月内登门(R7)",
    "complaint": "投诉3日内处理(R9)",
}

#: What the owner's next ownership deadline means for them, shown beside a duty when it is near.
CONSEQUENCES = {
    "R6": "其他员工可接手(R6 预热后一个月未跟进)",
    "R7": "其他员工可接手(R7 会后一个月未登门)",
    "R8": "其他员工可接手(R8 三个月服务不到位)",
    "R9": "顾客转入公司资源池(R9 投诉三日未处理)",
}
CONSEQUENCE_HORIZON_DAYS = 7

#: The regulations' fines for a missed duty, yuan (seed 003 售后服务制度, seed 000 §四.3), and who pays.
FINE_FORM_D2 = 50  # 2日内没按时交回访表, per customer (seed 003 item 2)
FINE_MONTHLY_FORM = 10  # 每月一张顾客签字回访表, per customer without one (seed 003 item 4)
FINE_FORGED_SIGNATURE = 50  # 代替顾客签名造假, per customer (seed 003 item 4)
FINE_COMPLAINT_FOUND = 100  # a complaint found without the customer complaining (seed 000 §四.3 A), the staff member
FINE_COMPLAINT_GM = 100  # the customer complained to the GM (§四.3 B), the manager and the staff member each
FINE_COMPLAINT = 500  # not resolved within 3 days (§四.3 C), the manager and the staff member each
FINE_LATE_LIST = 10  # per late or missing joint-meeting list, to the department head (seed 000 §三.3)

#: What the regulation says a miss costs, shown in the consequence column.
FINE_TEXT = {
    "form_d2": f"逾期罚款{FINE_FORM_D2}元(售后服务制度第2条)",
    "monthly_form": f"当月无签字回访表罚款{FINE_MONTHLY_FORM}元(售后服务制度第4条)",
    "complaint": f"经理和员工各罚{FINE_COMPLAINT}元,顾客移交其他部门(顾客管理制度四.3)",
}
#: Which duties a home visit answers, so the owner's R6–R8 deadline is named beside them.
VISIT_DUTIES = frozenset({"home_d3", "home_d15", "home_d30", "r7_home", "expert_joint", "form_d2", "monthly_form"})

VIEW_ALL = frozenset({"director", "gm", "admin", "clerk", "coordinator"})


@dataclass(frozen=True)
class TaskRow:
    id: int
    customer_id: int
    customer_name: str
    phone: str
    address: str
    kind: str
    kind_label: str
    staff_id: int | None
    staff_name: str
    window_start: dt.datetime
    due_at: dt.datetime  # first instant after the deadline
    closed_at: dt.datetime | None
    overdue: bool
    consequence: str  # what missing it causes (from the ownership snapshot), "" when nothing
    period: str = ""  # the complaint code for complaint duties, the month for monthly ones
    partner_id: int | None = None  # the joint visit's service staff member (the expert is ``staff``)
    partner_name: str = ""

    @property
    def people(self) -> str:
        """Who owes the duty: "专家、员工" for the joint visit, else the one name."""
        return f"{self.staff_name}、{self.partner_name}" if self.partner_name else self.staff_name

    @property
    def due_day(self) -> dt.date:
        return last_good_instant(self.due_at).date()


@dataclass(frozen=True)
class StaffFigures:
    staff_id: int
    staff_name: str
    department: str
    due: int
    done_on_time: int
    done_late: int
    forms: int
    signed: int
    satisfaction: float | None

    @property
    def completion_rate(self) -> float:
        return self.done_on_time / self.due if self.due else 1.0

    @property
    def signature_rate(self) -> float:
        return self.signed / self.forms if self.forms else 0.0


# The Setting row naming the last month whose monthly duties exist for every old customer.
MONTH_READY = "callbacks.month_ready"


def _month_key(at: dt.datetime | dt.date) -> str:
    return f"{at.year:04d}-{at.month:02d}"


def _month_bounds(year: int, month: int) -> tuple[dt.datetime, dt.datetime]:
    start = dt.datetime(year, month, 1)
    return start, day_start(add_months(start.date(), 1))


@dataclass(frozen=True)
class _Customer:
    name: str
    address: str


@dataclass(frozen=True)
class _Snap:
    """What a duty's consequence reads of the ownership snapshot."""

    next_deadline: dt.datetime | None
    next_rule: str


def _consequence(task: CallbackTask, snap: Ownership | _Snap | None, now: dt.datetime) -> str:
    """What missing the duty costs: the ownership effect (R6–R9, with its date, when the owner's next
    deadline is one this duty's visit would meet) and the regulation's fine."""
    parts = []
    rule = snap.next_rule if snap is not None and snap.next_deadline else ""
    ownership = (rule in ("R6", "R7", "R8") and task.kind in VISIT_DUTIES) or (
        rule == "R9" and task.kind == "complaint"
    )
    if ownership and snap.next_deadline >= now:
        when = last_good_instant(snap.next_deadline)
        days = (snap.next_deadline - now).total_seconds() / 86400
        soon = "今天到期" if days < 1 else f"{int(days)} 天后到期" if days <= CONSEQUENCE_HORIZON_DAYS else ""
        parts.append(f"{when:%m-%d} 后{CONSEQUENCES[rule]}" + (f",{soon}" if soon else ""))
    if task.kind in FINE_TEXT:
        parts.append(FINE_TEXT[task.kind])
    return ";".join(parts)


class CallbackService(LedgerMixin):
    def __init__(self, app):
        self.app = app
        self._ensured: set[str] = set()

    # -- duties follow the timeline ----------------------------------------------------------

    def after_event(self, row: Event, verdict) -> None:
        """Called by the timeline inside the recording transaction for every new event."""
        t = row.type
        if t == "purchase":
            self._on_purchase(row, verdict)
        elif t == "attend":
            self._on_attend(row, verdict)
        elif t == "complaint":
            d = row.details or {}
            self._task(
                row.customer_id,
                row.staff_id or (verdict.owner if verdict.owner_is_staff else None),
                "complaint",
                d.get("complaint", str(row.id)),
                row.at,
                lapse_after_days(row.at, self.app.settings.params().complaint_days),
                row.id,
            )
        elif t == "complaint_resolved":
            code = (row.details or {}).get("complaint")
            self._close(row.customer_id, ("complaint",), row.at, None, period=code)
        elif t == "visit":
            # One ledger: the visit is the callback record and closes every duty it satisfies.
            self._on_visit(row)

    def _task(self, customer_id, staff_id, kind, period, start, due, source_id, partner_id=None) -> None:
        CallbackTask.insert(
            customer=customer_id,
            staff=staff_id,
            partner=partner_id if partner_id != staff_id else None,
            kind=kind,
            period=str(period),
            window_start=start,
            due_at=due,
            source_event=source_id,
            created_at=self.app.clock.now(),
        ).on_conflict_ignore().execute()

    def _on_purchase(self, row: Event, verdict) -> None:
        d = row.details or {}
        staff = d.get("service_staff") or (verdict.owner if verdict.owner_is_staff else None)
        at, cid, key = row.at, row.customer_id, row.id
        expert = self._serving_expert_after_purchase(cid, d.get("expert"), staff, at)
        self._task(cid, staff, "form_d2", key, at, lapse_after_days(at, 2), key)
        for n in (3, 15, 30):
            self._task(cid, staff, f"home_d{n}", key, at, lapse_after_days(at, n), key)
        # One duty owed by two people: the expert goes with the service staff member (seed 003 item 6(2)).
        self._task(
            cid,
            expert or staff,
            "expert_joint",
            key,
            day_start((at + dt.timedelta(days=5)).date()),
            lapse_after_days(at, 9),
            key,
            partner_id=staff if expert else None,
        )
        # A purchase after a meeting ends that meeting's R7 duty.
        self._close(cid, ("r7_home",), at, None)
        # The month of the first purchase already counts: the customer is an old customer from now on.
        self._monthly_for(cid, staff, expert, at)

    def _serving_expert_after_purchase(self, cid: int, named: int | None, staff: int | None, at) -> int | None:
        """The expert named on the shipment becomes the serving expert; without one, a customer who has
        none gets the department's expert (of the service staff member)."""
        if named:
            self._assign_expert(cid, named, "shipment", at)
            return named
        current = self.serving_expert_id(cid)
        if current is not None:
            return current
        dept = Staff.get_or_none(Staff.id == staff).department_id if staff else None
        expert = department_expert(dept)
        if expert is not None:
            self._assign_expert(cid, expert, "department", at)
        return expert

    def _on_attend(self, row: Event, verdict) -> None:
        owner = verdict.owner if verdict.owner_is_staff else None
        self._task(
            row.customer_id,
            owner,
            "r7_home",
            row.id,
            row.at,
            lapse_after_months(row.at, self.app.settings.params().visit_after_meeting_months),
            row.id,
        )

    def _monthly_for(self, customer_id, staff, expert, at: dt.datetime) -> None:
        start, end = _month_bounds(at.year, at.month)
        key = _month_key(at)
        self._task(customer_id, staff, "monthly_form", key, start, end, None)
        if expert:
            self._task(customer_id, expert, "monthly_expert", key, start, end, None)

    def ensure_month(self, now: dt.datetime | None = None, batch: int = 1000) -> int:
        """Create this month's duties for every old customer (idempotent); returns customers seen.

        Runs with every sweep, so it must cost nothing once the month is done: the database remembers
        the last month whose duties were created for everyone (``MONTH_READY``), and customers who
        become old customers later that month get theirs with their first purchase (`_on_purchase`).
        """
        now = now or self.app.clock.now()
        month = _month_key(now)
        if month in self._ensured:
            return 0
        ready = Setting.get_or_none(Setting.key == MONTH_READY)
        if ready is not None and str(ready.value) >= month:
            self._ensured.add(month)
            return 0
        start, end = _month_bounds(now.year, now.month)
        created = self.app.clock.now()
        last, seen = 0, 0
        while True:
            ids = [
                r
                for (r,) in Event.select(Event.customer)
                .where((Event.type == "purchase") & (Event.customer > last))
                .distinct()
                .order_by(Event.customer)
                .limit(batch)
                .tuples()
            ]
            if not ids:
                break
            owners = dict(
                Ownership.select(Ownership.customer, Ownership.owner).where(Ownership.customer.in_(ids)).tuples()
            )
            experts = self._experts(ids)
            rows = []
            for cid in ids:
                rows.append((cid, owners.get(cid), "monthly_form"))
                if experts.get(cid):
                    rows.append((cid, experts[cid], "monthly_expert"))
            with db.atomic():
                insert_rows(
                    CallbackTask,
                    [
                        dict(customer=c, staff=st, kind=k, period=month, window_start=start, due_at=end,
                             source_event=None, created_at=created)
                        for c, st, k in rows
                    ],
                    skip_existing=True,
                )  # fmt: skip
            last, seen = ids[-1], seen + len(ids)
        with db.atomic():
            Setting.insert(key=MONTH_READY, value=month, updated_at=created).on_conflict(
                conflict_target=[Setting.key], update={Setting.value: month, Setting.updated_at: created}
            ).execute()
        self._ensured.add(month)
        return seen

    def _experts(self, customer_ids: list[int]) -> dict[int, int]:
        """Each customer's serving expert (SPEC §7)."""
        return dict(
            ServingExpert.select(ServingExpert.customer, ServingExpert.expert)
            .where(ServingExpert.customer.in_(customer_ids))
            .tuples()
        )

    def _close(self, customer_id, kinds, at, callback_id, *, staff_id=None, period=None, only_first=False) -> int:
        """Close the customer's open duties of ``kinds`` whose window has opened by ``at`` (earliest due
        first). Runs inside the recording of many events, so through prepared statements: one read of
        the customer's duties, one UPDATE per duty closed."""
        T = CallbackTask
        tasks = rows_where(
            T, (T.id, T.kind, T.staff, T.period, T.window_start, T.closed_at), T.customer, customer_id,
            order=(T.due_at, T.id),
        )  # fmt: skip
        update = sql_for(
            "callback_task.close", lambda pg: "UPDATE callback_task SET closed_at = ?, closed_by_id = ? WHERE id = ?"
        )
        closed = 0
        for task_id, kind, task_staff, task_period, window_start, closed_at in tasks:
            if kind not in kinds or closed_at is not None or window_start > at:
                continue
            if period is not None and task_period != str(period):
                continue
            if staff_id is not None and task_staff not in (None, staff_id) and kind != "r7_home":
                continue
            db.obj.execute_sql(update, (T.closed_at.db_value(at), callback_id, task_id))
            closed += 1
            if only_first:
                break
        return closed

    # -- lists ----------------------------------------------------------------------------------------

    def _scopes(self, actor: Actor, staff_id, department_id) -> list:
        """Whose duties the actor's list holds, as one condition per index (staff, partner): a joint visit is
        owed by the expert (``staff``) and the service staff member (``partner``) and is on both lists."""
        T = CallbackTask
        if actor.role in ("staff", "expert"):
            if staff_id not in (None, actor.staff_id):
                raise PermissionDenied("员工只能查看自己的回访任务。")
            staff_id = actor.staff_id
        elif actor.role == "manager":
            if department_id not in (None, actor.department_id):
                raise PermissionDenied("部门经理只能查看本部门的回访任务。")
            department_id = actor.department_id
        elif actor.role not in VIEW_ALL:
            raise PermissionDenied("无权查看回访任务。")
        if staff_id is not None:
            return [T.staff == staff_id, T.partner == staff_id]
        if department_id is not None:
            ids = [i for (i,) in Staff.select(Staff.id).where(Staff.department == department_id).tuples()] or [0]
            return [T.staff.in_(ids), T.partner.in_(ids)]
        return [None]

    def tasks(
        self,
        actor: Actor,
        *,
        when: str = "open",
        staff_id: int | None = None,
        department_id: int | None = None,
        kinds: tuple[str, ...] = (),
        now: dt.datetime | None = None,
        after: tuple[dt.datetime, int] | None = None,
        limit: int = 200,
    ) -> list[TaskRow]:
        """Duties by ``when``, ordered by deadline, keyset-paged by (due, id).

        To-do lists hold what can still be done (SPEC §7): ``today`` (due by the end of today), ``week``
        (due within 7 days), ``open`` (every duty whose window has opened and whose deadline has not
        passed). An unresolved complaint stays on them after its 3 days (it must still be resolved).
        ``missed``: duties whose period ended unmet — off the to-do lists, counted in that month's
        assessment, kept as history (``overdue`` is the old name of this list).

        Each page is the merge of a few index walks (each ``LIMIT limit``): the actor's duties as ``staff``
        and as ``partner``, and (to-do lists) the unresolved complaints past their deadline. One query with
        ORs would read every duty the person ever missed to find today's (a million-card archive holds
        tens of thousands per staff member)."""
        now = now or self.app.clock.now()
        today_end = day_start(now.date() + dt.timedelta(days=1))
        horizon = today_end + dt.timedelta(days=6) if when == "week" else now  # duties whose window has opened
        T = CallbackTask
        if when in ("missed", "overdue"):
            lanes = [T.closed_at.is_null() & (T.due_at <= now)]
        else:
            opened = T.closed_at.is_null() & (T.window_start <= horizon)
            upcoming = opened & (T.due_at > now)
            if when == "today":
                upcoming &= T.due_at <= today_end
            elif when == "week":
                upcoming &= T.due_at <= today_end + dt.timedelta(days=6)
            elif when != "open":
                raise ValidationError("when", f"未知的范围:{when}")
            lanes = [upcoming, opened & (T.due_at <= now) & (T.kind == "complaint")]
        if kinds:
            lanes = [lane & T.kind.in_(list(kinds)) for lane in lanes]
        page = {}
        for n, scope in enumerate(self._scopes(actor, staff_id, department_id)):
            for lane in lanes if n == 0 else lanes[:1]:  # (a complaint has no partner)
                q = T.select().where(lane if scope is None else lane & scope)
                if after is not None:
                    q = q.where((T.due_at > after[0]) | ((T.due_at == after[0]) & (T.id > after[1])))
                for t in q.order_by(T.due_at, T.id).limit(limit):
                    page[t.id] = t
        tasks = sorted(page.values(), key=lambda t: (t.due_at, t.id))[:limit]
        return self._rows(actor, tasks, now)

    def _rows(self, actor: Actor, tasks: list[CallbackTask], now: dt.datetime) -> list[TaskRow]:
        from services.customers.names import mask_name
        from services.customers.phones import mask_phone
        from services.customers.visibility import ids_in

        # Only the columns the row shows, as tuples, with one IN fragment per list: a page of 200 duties
        # otherwise spends most of its time building peewee models and IN lists.
        cids = list({t.customer_id for t in tasks})
        customers = {}
        if cids:
            for cid, name, address in (
                Customer.select(Customer.id, Customer.name, Customer.address).where(ids_in(Customer.id, cids)).tuples()
            ):
                customers[cid] = _Customer(name, address)
        phones: dict[int, str] = {}
        if cids:
            for cid, number in (
                Phone.select(Phone.customer, Phone.number)
                .where(ids_in(Phone.customer, cids))
                .order_by(Phone.position)
                .tuples()
            ):
                phones.setdefault(cid, number)
        snaps = {}
        if cids:
            own = Ownership
            for cid, deadline, rule in (
                own.select(own.customer, own.next_deadline, own.next_rule).where(ids_in(own.customer, cids)).tuples()
            ):
                snaps[cid] = _Snap(own.next_deadline.python_value(deadline), rule)
        names = dict(Staff.select(Staff.id, Staff.name).tuples())
        access = getattr(self.app, "access", None)
        opened = access.full_ids(actor, cids) if access is not None else set()
        out = []
        for t in tasks:
            c = customers.get(t.customer_id)
            snap = snaps.get(t.customer_id)
            full = t.customer_id in opened
            phone = phones.get(t.customer_id, "")
            consequence = _consequence(t, snap, now)
            out.append(
                TaskRow(
                    t.id,
                    t.customer_id,
                    (c.name if full else mask_name(c.name)) if c else "",
                    phone if full else mask_phone(phone),
                    (c.address if full else "") if c else "",
                    t.kind,
                    TASK_LABELS.get(t.kind, t.kind),
                    t.staff_id,
                    names.get(t.staff_id, ""),
                    t.window_start,
                    t.due_at,
                    t.closed_at,
                    t.due_at <= now,
                    consequence,
                    t.period,
                    t.partner_id,
                    names.get(t.partner_id, "") if t.partner_id else "",
                )
            )
        return out

    def answer(self, done: CallbackRecorded) -> str:
        """The sentence a recorded callback ends with, like every staff action's (issue 18): who owns the
        customer now, under which rule, until when, whether a case was opened — and which duties it closed.

        "该顾客仍归张三(一部),依据 R1 …,未开冲突案件。已完成回访任务:出货后2日内交回访表、本月签字回访表。"
        """
        text = self.app.timeline.answer(done.recorded)
        if not done.closed:
            return text + "没有关闭回访任务。"
        return text + "已完成回访任务:" + "、".join(TASK_LABELS.get(k, k) for k in done.closed) + "。"

    def today(self, actor: Actor, *, after=None, limit: int = 30):
        """The acting staff member's tasks for their landing (services.callbacks.overview.staff_today)."""
        from services.callbacks.overview import staff_today

        return staff_today(self.app, actor, after=after, limit=limit)

    # -- figures ----------------------------------------------------------------------------------------

    def figures(self, actor: Actor, year: int, month: int) -> list[StaffFigures]:
        """Per staff member for one month: duties due, done on time / late, forms, signatures, satisfaction."""
        if actor.role not in VIEW_ALL | {"manager"}:
            raise PermissionDenied("无权查看回访统计。")
        start, end = _month_bounds(year, month)
        staff = list(
            Staff.select(
                Staff,
            ).where(Staff.position != "manager")
        )
        if actor.role == "manager":
            staff = [s for s in staff if s.department_id == actor.department_id]
        dept_names = {s.department_id: s.department.name for s in staff if s.department_id}
        due = {}
        now = self.app.clock.now()
        # A duty counts once its deadline has passed or it was done: later ones are not late yet.
        for sid, closed, due_at in (
            CallbackTask.select(CallbackTask.staff, CallbackTask.closed_at, CallbackTask.due_at)
            .where(
                (CallbackTask.due_at > start)
                & (CallbackTask.due_at <= end)
                & ((CallbackTask.due_at <= now) | CallbackTask.closed_at.is_null(False))
            )
            .tuples()
        ):
            d = due.setdefault(sid, [0, 0, 0])
            d[0] += 1
            if closed is not None:
                d[1 if closed < due_at else 2] += 1
        forms: dict[Any, list] = {}
        for sid, signed, sat in (
            Callback.select(Callback.staff, Callback.signed, Callback.satisfaction)
            .where((Callback.at >= start) & (Callback.at < end))
            .tuples()
        ):
            f = forms.setdefault(sid, [0, 0, []])
            f[0] += 1
            f[1] += 1 if signed else 0
            if sat:
                f[2].append(sat)
        out = []
        for s in staff:
            d = due.get(s.id, [0, 0, 0])
            f = forms.get(s.id, [0, 0, []])
            sat = sum(f[2]) / len(f[2]) if f[2] else None
            out.append(
                StaffFigures(s.id, s.name, dept_names.get(s.department_id, ""), d[0], d[1], d[2], f[0], f[1], sat)
            )
        return out

    def referral_rate(self, actor: Actor, year: int, month: int) -> tuple[int, int]:
        """(old customers who referred someone that month, old customers) — the 20% target of seed 003."""
        if actor.role not in VIEW_ALL | {"manager"}:
            raise PermissionDenied("无权查看转介率。")
        start, end = _month_bounds(year, month)
        old = Event.select(Event.customer).where((Event.type == "purchase") & (Event.at < start)).distinct().count()
        referring = (
            Event.select(Event.related)
            .where(
                (Event.type == "register")
                & (Event.channel == "referral")
                & (Event.at >= start)
                & (Event.at < end)
                & Event.related.is_null(False)
            )
            .distinct()
            .count()
        )
        return referring, old
