"""The office's actions on a customer's timeline (报名, 分配, 预热, 回访, 邀约, 到会, 出货, 投诉, 重新分配,
裁决, 离职, 报送名单): each a function of the `Recorder`: it checks rights and input, then records through `Recorder.record`."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from models import (
    Complaint,
    ConflictCase,
    Event,
    MeetingDepartment,
    Ownership,
    Staff,
    db,
)
from services.office import audit
from services.office.permissions import Actor, require
from services.platform.errors import PermissionDenied, RuleRefused, ValidationError
from services.platform.serialise import lock_customers
from services.rules.model import CHANNELS, POOL
from services.timeline.reads import (
    COMPLAINT_CAUSES,
    Recorded,
)
from services.timeline.recorder import Recorder

# -- the actions ----------------------------------------------------------------------------


def register(
    rec: Recorder,
    actor: Actor,
    customer_id: int,
    staff_id: int,
    channel: str,
    *,
    at: dt.datetime | None = None,
    late_reason: str = "",
    referrer_id: int | None = None,
    referral_complete: bool = True,
    extra: dict[str, Any] | None = None,
) -> Recorded:
    """报名: a staff member records the customer as theirs through ``channel``.

    ``extra`` is kept in the event's details (e.g. the event or batch name written on the form).
    """
    if channel not in CHANNELS:
        raise ValidationError("channel", f"未知的来源渠道:{channel}")
    with db.atomic():
        at = rec.now_or(at)
        rec.check_customer(customer_id)
        staff = rec.staff_at(staff_id, at)
        rec.require_contact(actor, staff, "登记报名")
        details: dict[str, Any] = dict(extra or {})
        if channel == "referral":
            if referrer_id is None and referral_complete:
                raise ValidationError("referrer", "转介报名须填写介绍人(老顾客)。")
            if referrer_id is not None:
                if referrer_id == customer_id:
                    raise ValidationError("referrer", "介绍人不能是顾客本人。")
                rec.check_customer(referrer_id)
                ref = rec.verdict(referrer_id, at)
                details["referrer_owner"] = ref.owner if ref.owner_is_staff else None
            details["referral_complete"] = bool(referral_complete)
        elif referrer_id is not None:
            raise ValidationError("referrer", "只有转介渠道才填写介绍人。")
        return rec.record(
            actor,
            customer_id,
            "register",
            at,
            staff=staff_id,
            channel=channel,
            related=referrer_id,
            details=details,
            audit_action="event.register",
            late_reason=late_reason,
        )


def allocate(
    rec: Recorder,
    actor: Actor,
    customer_id: int,
    staff_id: int,
    *,
    at: dt.datetime | None = None,
    late_reason: str = "",
    batch: str = "",
) -> Recorded:
    """分配: a card from an event batch handed to a staff member."""
    require(actor, "event.allocate", "分配档案")
    with db.atomic():
        at = rec.now_or(at)
        rec.check_customer(customer_id)
        rec.staff_at(staff_id, at)
        return rec.record(
            actor,
            customer_id,
            "allocate",
            at,
            staff=staff_id,
            details={"batch": batch} if batch else None,
            audit_action="event.allocate",
            late_reason=late_reason,
        )


def preheat(
    rec: Recorder,
    actor: Actor,
    customer_id: int,
    staff_id: int,
    *,
    at: dt.datetime | None = None,
    late_reason: str = "",
    notes: str = "",
) -> Recorded:
    """预热: the first warming contact."""
    with db.atomic():
        at = rec.now_or(at)
        rec.check_customer(customer_id)
        staff = rec.staff_at(staff_id, at)
        rec.require_contact(actor, staff, "登记预热")
        return rec.record(
            actor,
            customer_id,
            "preheat",
            at,
            staff=staff_id,
            details={"notes": notes} if notes else None,
            late_reason=late_reason,
        )


def visit(
    rec: Recorder,
    actor: Actor,
    customer_id: int,
    staff_id: int,
    kind: str,
    *,
    at: dt.datetime | None = None,
    late_reason: str = "",
    signed: bool | None = None,
    notes: str = "",
    extra: dict[str, Any] | None = None,
) -> Recorded:
    """回访/家访: a phone or home visit. It is also the callback record (SPEC §7, one ledger): the
    callbacks service writes it and closes the duties it satisfies in this transaction. ``extra`` holds
    what the callback dialog adds (form handed in, satisfaction, scan, the expert of a joint visit)."""
    if kind not in ("home", "phone"):
        raise ValidationError("kind", "回访方式只能是家访(home)或电话(phone)。")
    with db.atomic():
        at = rec.now_or(at)
        rec.check_customer(customer_id)
        staff = rec.staff_at(staff_id, at)
        rec.require_contact(actor, staff, "登记回访")
        details: dict[str, Any] = {"kind": kind}
        if signed is not None:
            details["signed"] = bool(signed)
        if notes:
            details["notes"] = notes
        for key in ("form", "satisfaction", "scan", "expert"):
            if extra and extra.get(key) is not None:
                details[key] = extra[key]
        return rec.record(actor, customer_id, "visit", at, staff=staff_id, details=details, late_reason=late_reason)


def invite(
    rec: Recorder,
    actor: Actor,
    customer_id: int,
    staff_id: int,
    meeting_id: int,
    *,
    at: dt.datetime | None = None,
    late_reason: str = "",
) -> Recorded:
    """邀约/敲定: the customer agreed to come to a meeting.

    Refused under R11 with the reason: the invitation records nothing, and a conflict case
    tells the coordinator that another department tried (SPEC §6).
    """
    try:
        with db.atomic():
            at = rec.now_or(at)
            rec.check_customer(customer_id)
            staff = rec.staff_at(staff_id, at)
            rec.require_contact(actor, staff, "登记邀约")
            rec.meeting(meeting_id)
            before = rec.verdict(customer_id, at)
            out = rec.record(
                actor, customer_id, "invite", at, staff=staff_id, meeting=meeting_id, late_reason=late_reason
            )
            _report_r8(rec, actor, customer_id, staff, at, before)
            return out
    except RuleRefused as refused:
        if refused.rule == "R11":
            _open_refusal_case(rec, customer_id, staff_id, meeting_id, at or rec.app.clock.now(), refused)
        raise


def _report_r8(rec: Recorder, actor: Actor, customer_id: int, staff: Staff, at: dt.datetime, before) -> None:
    """R8: staff of another department may invite a customer whose owner gave three months without service;
    the lookup is reported to the resource director — an audit row the director reads (issue 18)."""
    if "R8" not in before.lapsed_rules or not before.owner_is_staff:
        return
    staff_dept, staff_name, dept_name = rec.staff_maps()
    owner_dept = staff_dept.get(before.owner)
    if owner_dept is None or owner_dept == staff.department_id:
        return
    audit.write(
        actor,
        "lookup.r8_report",
        "customer",
        customer_id,
        customer_id=customer_id,
        new={
            "staff": staff.name,
            "department": dept_name.get(staff.department_id, ""),
            "owner": before.owner,
            "name": staff_name.get(before.owner, ""),
        },
        reason=(
            f"R8 三个月服务不到位:{dept_name.get(staff.department_id, '')}的{staff.name}邀约了"
            f"{dept_name.get(owner_dept, '')}{staff_name.get(before.owner, '')}的顾客,报资源总监知悉"
        ),
        rule="R8",
        at=rec.app.clock.now(),
        event_at=at,
    )


def _open_refusal_case(
    rec: Recorder, customer_id: int, staff_id: int, meeting_id: int, at: dt.datetime, refused: RuleRefused
) -> None:
    staff_dept, staff_name, _ = rec.staff_maps()
    snap = Ownership.get_or_none(Ownership.customer == customer_id)
    owner = rec.owner_of(snap)
    with db.atomic():
        ConflictCase.insert(
            customer=customer_id,
            kind="invite_refused",
            rule="R11",
            opened_at=at,
            key=f"{customer_id}:invite_refused:{at:%Y%m%d%H%M%S}:{staff_id}:{meeting_id}"[:96],
            department=staff_dept.get(staff_id),
            parties=[staff_id] + ([owner] if owner not in (None, POOL) else []),
            summary=f"{staff_name.get(staff_id, staff_id)} 的邀约被拒绝:{refused.message}",
            proposed_owner=str(owner or ""),
            proposal=snap.explanation if snap else "",
            evidence=[],
        ).on_conflict_ignore().execute()


def attend(
    rec: Recorder,
    actor: Actor,
    customer_id: int,
    meeting_id: int,
    *,
    at: dt.datetime | None = None,
    late_reason: str = "",
) -> Recorded:
    """到会: the customer came to the meeting; credit follows R12."""
    require(actor, "event.attendance", "登记到会")
    with db.atomic():
        at = rec.now_or(at)
        rec.check_customer(customer_id)
        rec.meeting(meeting_id)
        if (
            Event.select()
            .where((Event.customer == customer_id) & (Event.meeting == meeting_id) & (Event.type == "attend"))
            .exists()
        ):
            raise ValidationError("meeting", "该顾客已登记过到会。")
        return rec.record(
            actor, customer_id, "attend", at, meeting=meeting_id, audit_action="event.attend", late_reason=late_reason
        )


def purchase(
    rec: Recorder,
    actor: Actor,
    customer_id: int,
    amount: Any,
    *,
    meeting_id: int | None = None,
    at: dt.datetime | None = None,
    late_reason: str = "",
    products: str = "",
    staff_id: int | None = None,
    expert_id: int | None = None,
) -> Recorded:
    """出货: a purchase, credited to the inviter of record (R12) or the owner.

    ``staff_id`` is the service staff member and ``expert_id`` the consulting expert written on
    the shipment list; they are who the post-purchase callback duties go to.
    """
    require(actor, "event.purchase", "登记出货")
    try:
        value = Decimal(str(amount))
    except Exception:
        raise ValidationError("amount", f"金额“{amount}”不是数字。") from None
    if value <= 0:
        raise ValidationError("amount", "金额必须大于 0。")
    with db.atomic():
        at = rec.now_or(at)
        rec.check_customer(customer_id)
        if meeting_id is not None:
            rec.meeting(meeting_id)
        details: dict[str, Any] = {}
        if products:
            details["products"] = products
        if staff_id is not None:
            rec.staff_at(staff_id, at)
            details["service_staff"] = staff_id
        if expert_id is not None:
            rec.staff_at(expert_id, at, field="expert")
            details["expert"] = expert_id
        return rec.record(
            actor,
            customer_id,
            "purchase",
            at,
            meeting=meeting_id,
            amount=value,
            details=details or None,
            audit_action="event.purchase",
            late_reason=late_reason,
        )


def complaint(
    rec: Recorder,
    actor: Actor,
    customer_id: int,
    code: str,
    *,
    cause: str = "other",
    staff_id: int | None = None,
    at: dt.datetime | None = None,
    late_reason: str = "",
    notes: str = "",
    to_gm: bool = False,
) -> Recorded:
    """投诉: opens a complaint that must be resolved within 3 days (R9). ``to_gm``: the customer
    complained to the general manager (a heavier fine in the monthly assessment, seed 000 §四.3 B)."""
    require(actor, "event.complaint", "登记投诉")
    code = (code or "").strip()
    if not code:
        raise ValidationError("code", "请填写投诉编号。")
    if cause not in COMPLAINT_CAUSES:
        raise ValidationError("cause", f"未知的投诉原因:{cause}")
    with db.atomic():
        at = rec.now_or(at)
        rec.check_customer(customer_id)
        if Complaint.select().where(Complaint.code == code).exists():
            raise ValidationError("code", f"投诉编号 {code} 已存在。")
        from services.rules.calendar import lapse_after_days

        Complaint.create(
            customer=customer_id,
            code=code,
            cause=cause,
            staff=staff_id,
            opened_at=at,
            due_at=lapse_after_days(at, rec.app.settings.params().complaint_days),
            notes=notes,
            to_gm=bool(to_gm),
        )
        return rec.record(
            actor,
            customer_id,
            "complaint",
            at,
            staff=staff_id,
            details={"complaint": code, "cause": cause, **({"to_gm": True} if to_gm else {})},
            audit_action="complaint.open",
            late_reason=late_reason,
        )


def resolve_complaint(
    rec: Recorder, actor: Actor, code: str, *, at: dt.datetime | None = None, late_reason: str = "", notes: str = ""
) -> Recorded:
    require(actor, "event.complaint", "处理投诉")
    with db.atomic():
        at = rec.now_or(at)
        c = Complaint.get_or_none(Complaint.code == code)
        if c is None:
            raise ValidationError("id", f"投诉编号 {code} 不存在。")
        if c.resolved_at is not None:
            raise ValidationError("id", f"投诉 {code} 已于 {c.resolved_at:%Y-%m-%d %H:%M} 处理。")
        c.resolved_at = at
        c.notes = (c.notes + "\n" + notes).strip()
        c.save()
        return rec.record(
            actor,
            c.customer_id,
            "complaint_resolved",
            at,
            details={"complaint": code},
            audit_action="complaint.resolve",
            late_reason=late_reason,
        )


def reassign(
    rec: Recorder,
    actor: Actor,
    customer_id: int,
    to: Any,
    reason: str,
    *,
    at: dt.datetime | None = None,
    late_reason: str = "",
) -> Recorded:
    """重新分配 (R10): to a staff member (new pending claim) or to the pool; reason required."""
    require(actor, "event.reassign", "重新分配顾客")
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError("reason", "重新分配须写明原因。")
    with db.atomic():
        at = rec.now_or(at)
        rec.check_customer(customer_id)
        if to != POOL:
            staff = rec.staff_at(to, at, field="to")
            if actor.role == "manager" and actor.department_id not in (None, staff.department_id):
                raise PermissionDenied("部门经理只能把顾客分配给本部门员工。")
        return rec.record(
            actor,
            customer_id,
            "reassign",
            at,
            staff=None if to == POOL else to,
            details={"to": to, "reason": reason},
            audit_action="ownership.reassign",
            late_reason=late_reason or reason,
        )


def ruling(
    rec: Recorder,
    actor: Actor,
    customer_id: int,
    to: Any,
    by: str,
    reason: str,
    *,
    at: dt.datetime | None = None,
    late_reason: str = "",
) -> Recorded:
    """裁决 (R13): a coordinator's or the GM's ruling sets the owner with an active claim."""
    if by == "gm":
        require(actor, "cases.final", "作出总经理裁决")
    else:
        require(actor, "event.ruling", "作出裁决")
    if by not in ("coordinator", "gm"):
        raise ValidationError("by", "裁决人只能是协调助理(coordinator)或总经理(gm)。")
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError("reason", "裁决须写明理由。")
    with db.atomic():
        at = rec.now_or(at)
        rec.check_customer(customer_id)
        if to != POOL:
            rec.staff_at(to, at, field="to")
        return rec.record(
            actor,
            customer_id,
            "ruling",
            at,
            staff=None if to == POOL else to,
            details={"to": to, "by": by, "reason": reason},
            audit_action="ownership.ruling",
            late_reason=late_reason or reason,
        )


def staff_left(
    rec: Recorder, actor: Actor, staff_id: int, *, at: dt.datetime | None = None, late_reason: str = ""
) -> list[Recorded]:
    """离职 (R10): the staff member leaves; every customer they own goes to the pool."""
    require(actor, "event.staff_left", "办理员工离职")
    with db.atomic():
        at = rec.now_or(at)
        rec.staff_at(staff_id, at)
        staff = Staff.get_by_id(staff_id)  # the real row: it is saved below
        candidates = {r for (r,) in Event.select(Event.customer).where(Event.staff == staff_id).distinct().tuples()}
        candidates |= {r for (r,) in Ownership.select(Ownership.customer).where(Ownership.owner == staff_id).tuples()}
        out = []
        lock_customers(candidates)  # before their timelines are read (PostgreSQL)
        for cid in sorted(candidates):
            v = rec.verdict(cid, at)
            if v.owner == staff_id or staff_id in v.competitors:
                out.append(rec.record(actor, cid, "staff_left", at, staff=staff_id, late_reason=late_reason))
        staff.active = False
        staff.left_at = at
        staff.save()
        audit.write(
            actor,
            "staff.left",
            "staff",
            staff_id,
            at=rec.app.clock.now(),
            new={"left_at": at.isoformat(" "), "customers_to_pool": len(out)},
        )
        rec.invalidate()
        return out


def submit_list(
    rec: Recorder,
    actor: Actor,
    department_id: int,
    meeting_id: int,
    customer_ids: list[int],
    *,
    at: dt.datetime | None = None,
    late_reason: str = "",
):
    """R11: a department's confirmed-invitation list for a joint meeting; records whether it is on time."""
    from models import MeetingList
    from services.rules.meetings import list_day_and_on_time

    require(actor, "meeting.submit_list", "报送联合会议名单")
    if actor.role == "manager" and actor.department_id not in (None, department_id):
        raise PermissionDenied("部门经理只能报送本部门的名单。")
    with db.atomic():
        at = rec.now_or(at)
        info = rec.meeting(meeting_id)
        if (
            not MeetingDepartment.select()
            .where((MeetingDepartment.meeting == meeting_id) & (MeetingDepartment.department == department_id))
            .exists()
        ):
            raise ValidationError("dept", "该部门没有参加这场会议。")
        day, on_time = list_day_and_on_time(info, at, rec.app.settings.params())
        lst = MeetingList.create(
            meeting=meeting_id,
            department=department_id,
            submitted_at=at,
            submitted_by=actor.user_id,
            for_day=day,
            on_time=on_time,
        )
        for cid in dict.fromkeys(customer_ids):
            rec.check_customer(cid)
            rec.record(
                actor,
                cid,
                "listed",
                at,
                meeting=meeting_id,
                department=department_id,
                details={"list": lst.id},
                late_reason=late_reason,
            )
        audit.write(
            actor,
            "meeting.submit_list",
            "meeting_list",
            lst.id,
            at=rec.app.clock.now(),
            new={
                "meeting": meeting_id,
                "department": department_id,
                "customers": list(customer_ids),
                "on_time": on_time,
            },
        )
        return lst.id, on_time
