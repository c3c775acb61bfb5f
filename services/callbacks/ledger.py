"""The one ledger of after-sales contacts (SPEC §7): every timeline visit is a callback record, and the
record closes every duty it satisfies inside the transaction that writes the visit.

`CallbackService` gets these methods from `LedgerMixin`: the hook the timeline calls for each visit,
`record` (the callback dialog's one call), the 代签 review, and the serving expert of a customer.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

from models import Callback, CallbackTask, Customer, Event, Scan, ServingExpert, Staff, db
from models.bulk import insert_returning_id, rows_where, sql_for
from services.callbacks.backfill import callback_kind
from services.callbacks.matching import LedgerRecord, OpenDuty, satisfied
from services.office import audit
from services.office.permissions import MANAGERS_AND_ABOVE, Actor, require
from services.platform.errors import NotFound, PermissionDenied, ValidationError
from services.timeline.reads import Recorded

CALLBACK_KINDS = {
    "form": "回访表",
    "home": "家访",
    "phone": "电话回访",
    "expert_phone": "专家电话回访",
    "joint": "专家陪同家访",
}

#: A signed-form scan attached to a callback: an image or a PDF of at most this size.
MAX_SCAN_BYTES = 20 * 1024 * 1024

REVIEW_LABELS = {"": "待复核", "confirmed": "已核实", "rejected": "代签(已驳回)"}


@dataclass(frozen=True)
class CallbackRow:
    """One record of the ledger as lists show it."""

    id: int
    customer_id: int
    at: dt.datetime
    kind: str
    kind_label: str
    staff_id: int | None
    staff_name: str
    form: bool
    signed: bool
    satisfaction: int | None
    notes: str
    scan_id: int | None
    event_id: int | None
    review_state: str


@dataclass(frozen=True)
class CallbackRecorded:
    """What recording a callback did: its record, what the rules made of the visit (owner, claim, cases)
    and the duties it closed (their kinds, earliest due first) — `CallbackService.answer` says it."""

    callback_id: int
    recorded: Recorded
    closed: tuple[str, ...]


@dataclass(frozen=True)
class ReviewRow:
    """A form marked signed by the customer that nobody but its own staff member has vouched for (代签复核)."""

    callback_id: int
    customer_id: int
    customer_name: str
    staff_id: int | None
    staff_name: str
    department: str
    at: dt.datetime
    kind_label: str
    scan_id: int | None


@dataclass(frozen=True)
class ExpertInfo:
    customer_id: int
    expert_id: int | None
    expert_name: str
    source: str  # shipment | department | manager | ""


EXPERT_SOURCES = {"shipment": "出货单指定", "department": "部门专家", "manager": "经理指定", "": ""}


def department_expert(department_id: int | None) -> int | None:
    """The department's expert: its first active 咨询专家 (lowest id), None when it has none."""
    if department_id is None:
        return None
    row = (
        Staff.select(Staff.id)
        .where((Staff.department == department_id) & (Staff.position == "expert") & Staff.active)
        .order_by(Staff.id)
        .first()
    )
    return row.id if row else None


class LedgerMixin:
    """The recording side of `CallbackService` (mixed in; ``self.app`` is the services container)."""

    app: object

    # -- the hook: a visit on the timeline is a record of the ledger ---------------------------------------

    def _is_expert(self, staff_id: int | None, customer_id: int) -> bool:
        """A 咨询专家 by position, or the customer's serving expert (prepared reads: this runs for every visit)."""
        if staff_id is None:
            return False
        pos = rows_where(Staff, (Staff.position,), Staff.id, staff_id)
        if pos and pos[0][0] == "expert":
            return True
        served = rows_where(ServingExpert, (ServingExpert.expert,), ServingExpert.customer, customer_id)
        return bool(served) and served[0][0] == staff_id

    def _on_visit(self, row: Event) -> None:
        """Write the callback record of a visit and close every open duty it satisfies (same transaction)."""
        d = row.details or {}
        home = d.get("kind") == "home"
        by_expert = self._is_expert(row.staff_id, row.customer_id)
        form = home and (d.get("signed") is not None or bool(d.get("form")))
        signed = home and bool(d.get("signed"))
        joint = home and bool(d.get("expert"))
        cb_id = insert_returning_id(
            Callback,
            dict(
                customer=row.customer_id,
                staff=row.staff_id,
                at=row.at,
                kind=callback_kind(home, by_expert, joint),
                signed=signed,
                form=form,
                scan=d.get("scan"),
                satisfaction=d.get("satisfaction"),
                notes=d.get("notes", ""),
                event=row.id,
                created_by=row.recorded_by_id,
                created_at=row.recorded_at,
            ),
        )
        record = LedgerRecord(row.at, row.staff_id, home, by_expert, form, signed, joint)
        self._close_for(row.customer_id, record, cb_id)

    def _close_for(self, customer_id: int, record: LedgerRecord, callback_id: int) -> int:
        """Close the customer's open duties that ``record`` satisfies. Runs for every visit, so through
        prepared statements that read only the duties still open at the record's time."""
        T = CallbackTask
        select = sql_for(
            "callback_task.open_at",
            lambda pg: (
                "SELECT id, kind, staff_id, period, window_start, due_at FROM callback_task "
                "WHERE customer_id = ? AND closed_at IS NULL AND due_at > ? AND window_start <= ?"
            ),
        )
        at = T.due_at.db_value(record.at)
        start, due = T.window_start.python_value, T.due_at.python_value
        duties = [
            OpenDuty(tid, kind, staff, period, start(ws), due(du))
            for tid, kind, staff, period, ws, du in db.obj.execute_sql(select, (customer_id, at, at)).fetchall()
        ]
        if not duties:
            return 0
        update = sql_for(
            "callback_task.close", lambda pg: "UPDATE callback_task SET closed_at = ?, closed_by_id = ? WHERE id = ?"
        )
        hits = satisfied(record, duties)
        for tid in hits:
            db.obj.execute_sql(update, (at, callback_id, tid))
        return len(hits)

    # -- recording from the callback dialog ----------------------------------------------------------------

    def _store_scan(self, actor: Actor, path: str, customer_id: int) -> int:
        """Check and store the scan of a signed form: an image or a PDF of at most 20 MB."""
        from services.intake.scans import SUFFIXES, check_file

        p = Path(path)
        if p.suffix.lower() not in SUFFIXES:
            raise ValidationError("scan", f"{p.name} 不是图片或 PDF:回访表扫描件只能是 PNG、JPEG、TIFF、BMP 或 PDF。")
        try:
            size = p.stat().st_size
        except OSError as exc:
            raise ValidationError("scan", f"无法打开 {p.name}:{exc.strerror or exc}。") from exc
        if size > MAX_SCAN_BYTES:
            raise ValidationError("scan", f"{p.name} 有 {size / 1048576:.1f} MB,回访表扫描件最多 20 MB。")
        try:
            src = check_file(p)
        except ValidationError as exc:
            raise ValidationError("scan", exc.message) from None
        stored = self.app.scans._store_file(src)
        return Scan.create(
            sha256=src.sha256,
            stored_name=stored,
            original_name=p.name[:255],
            page=0,
            customer=customer_id,
            added_at=self.app.clock.now(),
            added_by=actor.user_id,
            info={"kind": src.kind, "pages": src.pages, "callback": True},
        ).id

    @staticmethod
    def _first_purchase(customer_id: int) -> dt.datetime | None:
        row = (
            Event.select(Event.at)
            .where((Event.customer == customer_id) & (Event.type == "purchase"))
            .order_by(Event.at)
            .first()
        )
        return row.at if row else None

    def record(
        self,
        actor: Actor,
        customer_id: int,
        kind: str,
        *,
        staff_id: int | None = None,
        at: dt.datetime | None = None,
        signed: bool = False,
        satisfaction: int | None = None,
        notes: str = "",
        scan_id: int | None = None,
        scan_path: str | None = None,
        confirmed: bool = False,
        expert_id: int | None = None,
        form: bool | None = None,
        task_id: int | None = None,
        late_reason: str = "",
    ) -> CallbackRecorded:
        """Record a callback: ONE action that writes the timeline visit, its callback record (date, who,
        kind, form handed in, signed, satisfaction 1–5, notes, scan) and closes every duty it satisfies.

        ``kind``: home (家访), phone (电话回访), expert_phone (the expert's call), joint (the expert with
        the staff member at the customer's home); ``form`` (a 回访表 was handed in) goes with a home or
        joint visit and is implied by ``signed``; kind ``form`` is a home visit with the form. ``confirmed``
        (signature verified) only by a manager or the customer's expert, never on one's own form.
        ``late_reason``: a visit older than the back-entry limit is recorded by a department manager or
        above with a reason, audited (SPEC §5, services.timeline.back_entry); a staff member's is refused.
        Returns the callback id, the timeline's `Recorded` and the duties closed.
        """
        if kind not in CALLBACK_KINDS:
            raise ValidationError("kind", f"未知的回访方式:{kind}")
        if satisfaction is not None and not 1 <= int(satisfaction) <= 5:
            raise ValidationError("satisfaction", "满意度只能是 1 到 5。")
        home = kind in ("home", "joint", "form")
        form = bool(form) or kind == "form" or bool(signed)
        if not home and (form or signed):
            raise ValidationError("signed", "电话回访没有顾客亲笔签字:签字的回访表请在家访时登记。")
        if not home and (scan_id is not None or scan_path):
            raise ValidationError("scan", "电话回访没有回访表,不能附扫描件。")
        staff_id = staff_id if staff_id is not None else actor.staff_id
        if staff_id is None:
            raise ValidationError("staff", "请选择回访的员工。")
        if actor.role in ("staff", "expert") and actor.staff_id != staff_id:
            raise PermissionDenied("员工只能登记自己的回访。")
        require(actor, "event.contact", "登记回访")
        if confirmed and not self._may_verify(actor, staff_id, customer_id):
            raise PermissionDenied("签字只能由部门经理或该顾客的咨询专家复核,不能核实自己登记的回访表。")
        with db.atomic():
            now = self.app.clock.now()
            at = at or now
            if at > now:
                raise ValidationError("at", f"回访时间 {at:%Y-%m-%d %H:%M} 晚于现在,不能登记将来的回访。")
            if Customer.get_or_none(Customer.id == customer_id) is None:
                raise NotFound("顾客档案不存在。")
            staff = Staff.get_or_none(Staff.id == staff_id)
            if staff is None:
                raise ValidationError("staff", "员工不存在。")
            self._check_after_sale(customer_id, kind, form, at, task_id)
            details: dict = {}
            if kind == "expert_phone" and not self._is_expert(staff_id, customer_id):
                raise ValidationError("staff", f"{staff.name}不是咨询专家,专家电话回访须由专家本人登记。")
            if kind == "joint" and staff.position != "expert":
                expert_id = expert_id or self.serving_expert_id(customer_id)
                if expert_id is None:
                    raise ValidationError("expert", "请选择陪同家访的咨询专家(该顾客还没有服务专家)。")
                if Staff.get_or_none(Staff.id == expert_id) is None:
                    raise ValidationError("expert", "所选咨询专家不存在。")
                details["expert"] = expert_id
            if scan_path:
                scan_id = self._store_scan(actor, scan_path, customer_id)
            elif scan_id is not None and Scan.get_or_none(Scan.id == scan_id) is None:
                raise ValidationError("scan", "所选扫描件不存在。")
            if form:
                details["form"] = True
            if satisfaction is not None:
                details["satisfaction"] = int(satisfaction)
            if scan_id is not None:
                details["scan"] = scan_id
            rec = self.app.timeline.visit(
                actor,
                customer_id,
                staff_id,
                "home" if home else "phone",
                at=at,
                signed=bool(signed) if form else None,
                notes=notes,
                extra=details,
                late_reason=late_reason,
            )
            cb = Callback.get(Callback.event == rec.event_id)
            if confirmed:
                Callback.update(
                    review_state="confirmed", reviewed_by=actor.user_id, reviewed_at=now, confirmed_by=actor.user_id
                ).where(Callback.id == cb.id).execute()
            audit.write(
                actor,
                "callback.record",
                "callback",
                cb.id,
                customer_id=customer_id,
                at=now,
                new={
                    "kind": kind,
                    "at": at.isoformat(" "),
                    "form": form,
                    "signed": bool(signed),
                    "satisfaction": satisfaction,
                    "scan": scan_id,
                    "confirmed": bool(confirmed),
                },
            )
            T = CallbackTask
            closed = tuple(k for (k,) in T.select(T.kind).where(T.closed_by == cb.id).order_by(T.due_at, T.id).tuples())
            return CallbackRecorded(cb.id, rec, closed)

    def _check_after_sale(self, customer_id: int, kind: str, form: bool, at: dt.datetime, task_id) -> None:
        """A callback answering a purchase cannot be dated before that purchase."""
        since = None
        if task_id is not None:
            task = CallbackTask.get_or_none(CallbackTask.id == task_id)
            if task is None or task.customer_id != customer_id:
                raise NotFound("该回访任务不存在。")
            if task.source_event_id is not None:
                since = Event.get_by_id(task.source_event_id).at
        first = self._first_purchase(customer_id)
        if since is None and (form or kind in ("expert_phone", "joint", "form") or first is not None):
            since = first
            if since is None:
                raise ValidationError("kind", "该顾客还没有出货记录,不能登记回访表或专家回访。")
        if since is not None and at < since:
            raise ValidationError(
                "at", f"回访时间 {at:%Y-%m-%d %H:%M} 早于顾客的出货时间 {since:%Y-%m-%d %H:%M},售后回访不能早于出货。"
            )

    # -- 代签复核 -------------------------------------------------------------------------------------------

    def _may_verify(self, actor: Actor, staff_id: int | None, customer_id: int) -> bool:
        """Managers (of the form's department) and above, or the customer's serving expert; never one's own form."""
        if actor.staff_id is not None and actor.staff_id == staff_id:
            return False
        if actor.role == "manager":
            s = Staff.get_or_none(Staff.id == staff_id) if staff_id else None
            return s is not None and s.department_id == actor.department_id
        if actor.role in ("director", "gm"):
            return True
        if actor.role == "expert":
            return actor.staff_id is not None and self.serving_expert_id(customer_id) == actor.staff_id
        return False

    def review_list(self, actor: Actor, limit: int = 200) -> list[ReviewRow]:
        """Forms marked signed by the customer and not yet reviewed (代签复核), newest first: a manager
        sees their department's, an expert the customers they serve, the director / GM everyone's."""
        if actor.role not in {"manager", "director", "gm", "expert"}:
            raise PermissionDenied("代签复核由部门经理或咨询专家进行,您无权查看。")
        q = (
            Callback.select(Callback, Customer.name.alias("customer_name"), Staff.name.alias("staff_name"))
            .join(Customer, on=(Callback.customer == Customer.id))
            .switch(Callback)
            .join(Staff, on=(Callback.staff == Staff.id))
            .where(Callback.signed & (Callback.review_state == ""))
        )
        if actor.role == "manager":
            q = q.where(Staff.department == actor.department_id)
        elif actor.role == "expert":
            q = q.where(
                Callback.customer.in_(
                    ServingExpert.select(ServingExpert.customer).where(ServingExpert.expert == actor.staff_id)
                )
                & (Callback.staff != actor.staff_id)
            )
        depts = {s.id: (s.department.name if s.department_id else "") for s in Staff.select()}
        out = []
        for cb in q.order_by(Callback.at.desc(), Callback.id.desc()).limit(limit).objects():
            out.append(
                ReviewRow(
                    cb.id,
                    cb.customer_id,
                    cb.customer_name,
                    cb.staff_id,
                    cb.staff_name,
                    depts.get(cb.staff_id, ""),
                    cb.at,
                    CALLBACK_KINDS.get(cb.kind, cb.kind),
                    cb.scan_id,
                )
            )
        return out

    def review(self, actor: Actor, callback_id: int, confirm: bool, reason: str = "") -> None:
        """Confirm the customer's signature, or reject it as 代签 (signed for the customer).

        A rejection is fined in that month's assessment (seed 003 item 4) and the form no longer counts
        as the month's signed form: the monthly duty it closed opens again (missed once its month is over).
        """
        reason = (reason or "").strip()
        if not confirm and not reason:
            raise ValidationError("reason", "驳回代签须写明原因。")
        with db.atomic():
            cb = Callback.get_or_none(Callback.id == callback_id)
            if cb is None:
                raise NotFound("回访记录不存在。")
            if not cb.signed:
                raise ValidationError("callback", "这条回访没有标记顾客签字,无需复核。")
            if cb.review_state:
                raise ValidationError("callback", f"这条回访表已复核({REVIEW_LABELS[cb.review_state]})。")
            if not self._may_verify(actor, cb.staff_id, cb.customer_id):
                raise PermissionDenied("签字只能由部门经理或该顾客的咨询专家复核,不能核实自己登记的回访表。")
            now = self.app.clock.now()
            state = "confirmed" if confirm else "rejected"
            Callback.update(
                review_state=state,
                reviewed_by=actor.user_id,
                reviewed_at=now,
                review_reason=reason,
                confirmed_by=actor.user_id if confirm else None,
            ).where(Callback.id == callback_id).execute()
            reopened = 0
            if not confirm:
                reopened = (
                    CallbackTask.update(closed_at=None, closed_by=None)
                    .where((CallbackTask.closed_by == callback_id) & (CallbackTask.kind == "monthly_form"))
                    .execute()
                )
            audit.write(
                actor,
                "callback.review",
                "callback",
                callback_id,
                customer_id=cb.customer_id,
                at=now,
                old={"review_state": ""},
                new={"review_state": state, "reopened": reopened},
                reason=reason,
            )

    def scan_of(self, actor: Actor, callback_id: int) -> tuple[str, int, str] | None:
        """(file, page, kind) of the signed form's scan for the viewer; None when the record has none."""
        cb = Callback.get_or_none(Callback.id == callback_id)
        if cb is None:
            raise NotFound("回访记录不存在。")
        access = getattr(self.app, "access", None)
        may = self._may_verify(actor, cb.staff_id, cb.customer_id) or actor.staff_id == cb.staff_id
        if not may and access is not None and not access.can_see_full(actor, cb.customer_id):
            raise PermissionDenied("无权查看这份回访表扫描件。")
        return self.app.scans.file_of(cb.scan_id) if cb.scan_id else None

    # -- complaints made to the GM -------------------------------------------------------------------------

    def mark_complaint_to_gm(self, actor: Actor, code: str, reason: str = "") -> None:
        """Record that the customer took the complaint to the general manager (seed 000 §四.3 B: the
        manager and the staff member are each fined in that month's assessment)."""
        from models import Complaint

        if actor.role not in {"manager", "director", "gm", "admin", "clerk", "coordinator"}:
            raise PermissionDenied("只有部门经理、录入员、协调助理及以上可以标记向总经理投诉。")
        with db.atomic():
            comp = Complaint.get_or_none(Complaint.code == code)
            if comp is None:
                raise NotFound(f"投诉 {code} 不存在。")
            if actor.role == "manager":
                s = Staff.get_or_none(Staff.id == comp.staff_id) if comp.staff_id else None
                if s is None or s.department_id != actor.department_id:
                    raise PermissionDenied("部门经理只能标记本部门员工的投诉。")
            if comp.to_gm:
                raise ValidationError("code", f"投诉 {code} 已标记为向总经理投诉。")
            Complaint.update(to_gm=True).where(Complaint.id == comp.id).execute()
            audit.write(
                actor,
                "complaint.to_gm",
                "complaint",
                comp.id,
                customer_id=comp.customer_id,
                at=self.app.clock.now(),
                old={"to_gm": False},
                new={"to_gm": True},
                reason=(reason or "").strip(),
            )

    # -- the ledger of one customer ------------------------------------------------------------------------

    def history(self, actor: Actor, customer_id: int, limit: int = 100) -> list[CallbackRow]:
        """The customer's callback records, newest first (what the 回访表's 最近回访 prints)."""
        access = getattr(self.app, "access", None)
        if access is not None and not access.can_see_full(actor, customer_id):
            raise PermissionDenied("该顾客不归您或本部门跟进,不能查看回访记录。")
        return ledger_rows(customer_id, limit)

    # -- the serving expert --------------------------------------------------------------------------------

    @staticmethod
    def serving_expert_id(customer_id: int) -> int | None:
        row = ServingExpert.get_or_none(ServingExpert.customer == customer_id)
        return row.expert_id if row else None

    def serving_expert(self, actor: Actor, customer_id: int) -> ExpertInfo:
        row = ServingExpert.get_or_none(ServingExpert.customer == customer_id)
        if row is None:
            return ExpertInfo(customer_id, None, "", "")
        return ExpertInfo(customer_id, row.expert_id, row.expert.name, row.source)

    def _assign_expert(
        self, customer_id: int, expert_id: int, source: str, at: dt.datetime, by=None, reason=""
    ) -> None:
        """Inside the caller's transaction: set the serving expert; open expert duties follow them."""
        ServingExpert.insert(
            customer=customer_id, expert=expert_id, source=source, set_at=at, set_by=by, reason=reason
        ).on_conflict(
            conflict_target=[ServingExpert.customer],
            update={
                ServingExpert.expert: expert_id,
                ServingExpert.source: source,
                ServingExpert.set_at: at,
                ServingExpert.set_by: by,
                ServingExpert.reason: reason,
            },
        ).execute()
        T = CallbackTask
        still_open = (T.customer == customer_id) & T.closed_at.is_null() & (T.due_at > at)
        T.update(staff=expert_id).where(still_open & (T.kind == "monthly_expert")).execute()
        # The joint visit keeps its staff member as the partner (who held it alone while there was no expert).
        joint = still_open & (T.kind == "expert_joint")
        experts = Staff.select(Staff.id).where(Staff.position == "expert")
        T.update(partner=T.staff).where(joint & T.partner.is_null() & T.staff.not_in(experts)).execute()
        T.update(staff=expert_id).where(joint).execute()
        T.update(partner=None).where(still_open & (T.kind == "expert_joint") & (T.partner == expert_id)).execute()

    def set_expert(self, actor: Actor, customer_id: int, expert_id: int, reason: str) -> None:
        """A department manager (or above) names the customer's serving expert, with a reason."""
        if actor.role not in MANAGERS_AND_ABOVE:
            raise PermissionDenied("只有部门经理及以上可以更换顾客的服务专家。")
        reason = (reason or "").strip()
        if not reason:
            raise ValidationError("reason", "更换服务专家须写明原因。")
        with db.atomic():
            if Customer.get_or_none(Customer.id == customer_id) is None:
                raise NotFound("顾客档案不存在。")
            expert = Staff.get_or_none(Staff.id == expert_id)
            if expert is None or expert.position != "expert" or not expert.active:
                raise ValidationError("expert", "请选择一位在职的咨询专家。")
            if actor.role == "manager":
                from models import Ownership

                snap = Ownership.get_or_none(Ownership.customer == customer_id)
                if snap is None or snap.owner_department_id != actor.department_id:
                    raise PermissionDenied("部门经理只能更换本部门顾客的服务专家。")
            old = self.serving_expert_id(customer_id)
            now = self.app.clock.now()
            self._assign_expert(customer_id, expert_id, "manager", now, actor.user_id, reason)
            audit.write(
                actor,
                "customer.expert",
                "customer",
                customer_id,
                customer_id=customer_id,
                at=now,
                old={"expert": old},
                new={"expert": expert_id},
                reason=reason,
            )


def ledger_rows(customer_id: int, limit: int = 100) -> list[CallbackRow]:
    names = dict(Staff.select(Staff.id, Staff.name).tuples())
    q = Callback.select().where(Callback.customer == customer_id).order_by(Callback.at.desc(), Callback.id.desc())
    return [
        CallbackRow(
            cb.id,
            cb.customer_id,
            cb.at,
            cb.kind,
            CALLBACK_KINDS.get(cb.kind, cb.kind),
            cb.staff_id,
            names.get(cb.staff_id, ""),
            bool(cb.form),
            bool(cb.signed),
            cb.satisfaction,
            cb.notes,
            cb.scan_id,
            cb.event_id,
            cb.review_state,
        )
        for cb in q.limit(limit)
    ]


__all__ = [
    "CALLBACK_KINDS",
    "CallbackRow",
    "ExpertInfo",
    "LedgerMixin",
    "ReviewRow",
    "department_expert",
    "ledger_rows",
]
