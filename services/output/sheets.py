"""The sheets the office prints and exports (SPEC §8): visit sheets, 回访表, customer cards,
the monthly assessment, the referral points ledger, joint-meeting lists, callback lists.

Each sheet is gathered here once as display-ready rows and then written by services/pdf.py
or services/export.py, so the printout and the Excel file always say the same thing.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import os
import re
from collections.abc import Callable
from dataclasses import dataclass

from models import Callback, CallbackTask, Complaint, Customer, Event, Meeting, MeetingList, Phone, Staff
from services.callbacks.ledger import CALLBACK_KINDS

#: Amounts from seed 003 (售后服务制度) and seed 000 (会议营销企业顾客管理制度), yuan: kept beside the duties.
from services.callbacks.service import (  # noqa: E402 - grouped with their explanation
    FINE_COMPLAINT,
    FINE_COMPLAINT_FOUND,
    FINE_COMPLAINT_GM,
    FINE_FORGED_SIGNATURE,
    FINE_FORM_D2,
    FINE_LATE_LIST,
    FINE_MONTHLY_FORM,
    TASK_LABELS,
    VIEW_ALL,
)
from services.office.permissions import Actor
from services.output import pdf
from services.output.export import Column, write_xlsx
from services.platform.errors import NotFound, PermissionDenied, ValidationError
from services.rules.calendar import add_months, day_start, last_good_instant
from services.timeline.back_entry import recorded_note

NO_ADDRESS = "(未登记地址,请先电话确认)"
SHEET_KINDS = ("home_d3", "home_d15", "home_d30", "r7_home", "expert_joint", "form_d2", "monthly_form", "complaint")


def _require_sheets(actor: Actor) -> None:
    if actor.role not in VIEW_ALL | {"manager", "staff", "expert"}:
        raise PermissionDenied(f"{actor.role_name}无权打印或导出回访资料。")


def _staff_in_scope(actor: Actor, staff: Staff) -> None:
    if actor.role in ("staff", "expert") and actor.staff_id != staff.id:
        raise PermissionDenied("员工只能打印自己的回访单。")
    if actor.role == "manager" and staff.department_id != actor.department_id:
        raise PermissionDenied("部门经理只能打印本部门员工的回访单。")


def _first_phones(customer_ids: list[int]) -> dict[int, str]:
    out: dict[int, str] = {}
    if customer_ids:
        q = Phone.select(Phone.customer, Phone.number).where(Phone.customer.in_(customer_ids)).order_by(Phone.position)
        for cid, number in q.tuples():
            out.setdefault(cid, number)
    return out


# -- visit sheets -----------------------------------------------------------------------------------


#: What to ask at the door, per duty (the 回访表 carries the full questions).
ASK = {
    "form_d2": "交回访表,请顾客签字",
    "home_d3": "讲清服用方法,解答疑虑",
    "home_d15": "问服用效果和身体变化",
    "home_d30": "问一个月效果,是否续用",
    "expert_joint": "陪专家上门,解答服用疑问",
    "monthly_form": "本月回访表请顾客签字",
    "r7_home": "会后登门,了解未购原因",
    "complaint": "处理投诉,请顾客确认",
}

_ROUTE = re.compile(
    r"(?:(?P<district>[^省市]{1,8}?[区县])|)"
    r"(?:.*?(?P<street>[\u4e00-\u9fa5A-Za-z]{1,12}?(?:大道|路|街|巷|道|里|弄|村|小区|花园|苑|园)))?"
    r"(?:.*?(?P<no>\d+)号(?!楼))?"
    r"(?:.*?(?P<building>\d+)(?:栋|幢|号楼|座))?"
    r"(?:.*?(?P<unit>\d+)单元)?"
    r"(?:.*?(?P<flat>\d+)(?:室|户|号房)?)?"
)


def route_key(address: str) -> tuple:
    """Route order from the address alone (no map service): district, street, street number,
    building, unit, flat — numbers compared as numbers, so 幸福路2号 comes before 幸福路10号."""
    a = (address or "").strip()
    if not a:
        return (1,)  # no address: last, phoned first
    body = re.sub(r"^.{0,6}?[省]|^.{0,6}?市", "", a)
    m = _ROUTE.match(body)
    g = m.groupdict() if m else {}

    def num(key: str) -> int:
        return int(g[key]) if g.get(key) else -1

    return (0, g.get("district") or "", g.get("street") or "", num("no"), num("building"), num("unit"), num("flat"), a)


@dataclass(frozen=True)
class _Stop:
    customer_id: int
    kinds: tuple[str, ...]
    due_at: dt.datetime


def _stops(staff_id: int, day: dt.date) -> list[_Stop]:
    """The customers a staff member should see on ``day``: duties still open then (not missed) and due by
    the day after tomorrow; monthly forms only in the month's last week; one stop per customer."""
    day_begin, day_end = day_start(day), day_start(day + dt.timedelta(days=1))
    month_last = add_months(day.replace(day=1), 1) - dt.timedelta(days=1)
    soon = day_end + dt.timedelta(days=2)
    T = CallbackTask
    opened = T.closed_at.is_null() & (T.window_start < day_end) & T.kind.in_(list(SHEET_KINDS))
    tasks = {}
    # The staff member's duties and the joint visits they go on with the expert (``partner``); open ones,
    # and unresolved complaints past their deadline (separate index walks: an OR would read every missed duty).
    upcoming = (T.due_at > day_begin) & (T.due_at <= max(soon, day_start(month_last + dt.timedelta(days=1))))
    complaints = (T.due_at <= day_begin) & (T.kind == "complaint")  # (a complaint has no partner)
    for scope, lanes in ((T.staff == staff_id, (upcoming, complaints)), (T.partner == staff_id, (upcoming,))):
        for lane in lanes:
            for tid, cid, kind, due in (
                T.select(T.id, T.customer, T.kind, T.due_at).where(opened & scope & lane).tuples()
            ):
                tasks[tid] = (cid, kind, due)
    by_customer: dict[int, list] = {}
    for _tid, (cid, kind, due) in sorted(tasks.items(), key=lambda item: (item[1][2], item[0])):
        if kind == "monthly_form" and (month_last - day).days >= 7:
            continue
        if kind != "monthly_form" and due > soon:
            continue
        by_customer.setdefault(cid, []).append((kind, due))
    return [
        _Stop(cid, tuple(dict.fromkeys(k for k, _ in items)), min(d for _, d in items))
        for cid, items in by_customer.items()
    ]


def _bought(customer_ids: list[int]) -> dict[int, str]:
    """Each customer's last purchase: "03-10 3,000元 灵芝孢子粉"."""
    out: dict[int, str] = {}
    if customer_ids:
        q = (
            Event.select(Event.customer, Event.at, Event.amount, Event.details)
            .where((Event.type == "purchase") & Event.customer.in_(customer_ids))
            .order_by(Event.at)
            .tuples()
        )
        for cid, at, amount, details in q:
            products = (details or {}).get("products", "")
            out[cid] = f"{at:%m-%d} {float(amount or 0):,.0f}元" + (f" {products}" if products else "")
    return out


def _last_visits(customer_ids: list[int], before: dt.datetime) -> dict[int, str]:
    """Each customer's last contact before ``before`` from the one ledger: "03-11 家访 张三 已签"."""
    out: dict[int, str] = {}
    if customer_ids:
        names = dict(Staff.select(Staff.id, Staff.name).tuples())
        q = (
            Callback.select(Callback.customer, Callback.at, Callback.kind, Callback.staff, Callback.signed)
            .where(Callback.customer.in_(customer_ids) & (Callback.at < before))
            .order_by(Callback.at)
            .tuples()
        )
        for cid, at, kind, sid, signed in q:
            out[cid] = f"{at:%m-%d} {CALLBACK_KINDS.get(kind, kind)} {names.get(sid, '')}" + (" 已签" if signed else "")
    return out


def visit_sheet(app, actor: Actor, staff_id: int, day: dt.date) -> pdf.VisitSheet:
    """A staff member's visit sheet for ``day``: one line per customer (not per duty) with what is due
    and why, what to ask, what they bought and when, the last visit (from the one ledger), age, phone
    and address — in route order (district → street → number → building → unit → flat)."""
    _require_sheets(actor)
    staff = Staff.get_or_none(Staff.id == staff_id)
    if staff is None:
        raise NotFound("员工不存在。")
    _staff_in_scope(actor, staff)
    stops = _stops(staff_id, day)
    cids = [st.customer_id for st in stops]
    customers = {c.id: c for c in Customer.select().where(Customer.id.in_(cids))} if cids else {}
    day_end = day_start(day + dt.timedelta(days=1))
    phones, bought, last = _first_phones(cids), _bought(cids), _last_visits(cids, day_end)
    rows = []
    for st in stops:
        c = customers[st.customer_id]
        due = last_good_instant(st.due_at)
        late = "(已逾期)" if st.due_at <= day_start(day) else ""
        age = f"({day.year - c.birth_year}岁)" if c.birth_year else ""
        purpose = ";".join(f"{TASK_LABELS[k]}:{ASK[k]}" for k in st.kinds)
        notes = ";".join(
            p
            for p in (f"购 {bought[c.id]}" if c.id in bought else "", f"上次 {last[c.id]}" if c.id in last else "")
            if p
        )
        rows.append(
            (
                route_key(c.address),
                pdf.VisitRow(
                    f"{c.name}{age}",
                    phones.get(c.id, ""),
                    # Said on the sheet, so the visit is phoned first instead of silently skipped.
                    c.address or NO_ADDRESS,
                    purpose,
                    f"{due.month}月{due.day}日{late}",
                    notes or "首次回访",
                ),
                c.id,
            )
        )
    rows.sort(key=lambda r: r[0])
    dept = staff.department.name if staff.department_id else ""
    return pdf.VisitSheet(staff.name, dept, day, tuple(r[1] for r in rows), tuple(r[2] for r in rows))


def print_visit_sheets(
    app,
    actor: Actor,
    staff_ids: list[int],
    day: dt.date,
    path: str | os.PathLike,
    progress: Callable[[int], None] | None = None,
    cancelled: Callable[[], bool] | None = None,
):
    """Batch printing: one PDF holding every chosen staff member's visit sheet for ``day``; a staff
    member with nothing due gets no page (refused with the reason when nobody has anything)."""
    sheets = [sh for sh in (visit_sheet(app, actor, sid, day) for sid in staff_ids) if sh.rows]
    if not sheets:
        raise ValidationError("day", f"{day:%Y-%m-%d} 所选员工都没有需要上门的回访,没有可打印的回访单。")
    return pdf.visit_sheets_pdf(
        path,
        sheets,
        office=app.settings.office_name(),
        printed_at=app.clock.now(),
        progress=progress,
        cancelled=cancelled,
    )


def print_day_callback_forms(
    app,
    actor: Actor,
    staff_ids: list[int],
    day: dt.date,
    path: str | os.PathLike,
    progress: Callable[[int], None] | None = None,
    cancelled: Callable[[], bool] | None = None,
):
    """Batch printing of the per-customer 回访表 for the chosen staff members' day, one form per customer
    in each visit sheet's route order."""
    forms = []
    for sid in staff_ids:
        sheet = visit_sheet(app, actor, sid, day)
        for cid, row in zip(sheet.customer_ids, sheet.rows, strict=True):
            form = callback_form(app, actor, cid)
            forms.append(dataclasses.replace(form, due=row.due, staff_name=sheet.staff_name))
    if not forms:
        raise ValidationError("day", f"{day:%Y-%m-%d} 所选员工都没有需要上门的回访,没有回访表可打印。")
    return pdf.callback_forms_pdf(
        path,
        forms,
        office=app.settings.office_name(),
        printed_at=app.clock.now(),
        progress=progress,
        cancelled=cancelled,
    )


# -- 回访表 and customer card ---------------------------------------------------------------------------


def _card_fields(c: Customer, phone: str) -> list[tuple[str, object]]:
    from services.customers.taxonomy import occupation_label

    sex = {"M": "男", "F": "女"}.get(c.sex, "")
    return [
        ("电话", phone),
        ("性别", sex),
        ("出生年份", c.birth_year or ""),
        ("职业", occupation_label(c.occupation) if c.occupation else ""),
        ("地址", c.address),
        ("顾客分类", c.abc_class),
    ]


def _can_print_card(app, actor: Actor, customer_id: int) -> None:
    access = getattr(app, "access", None)
    if access is not None and not access.can_see_full(actor, customer_id):
        raise PermissionDenied("该顾客不归您或本部门跟进,不能打印完整档案。")


def callback_form(app, actor: Actor, customer_id: int) -> pdf.CallbackFormPrint:
    """The 回访表 for a customer: card fields, purchases, the last visits."""
    _require_sheets(actor)
    c = Customer.get_or_none(Customer.id == customer_id)
    if c is None:
        raise NotFound("顾客档案不存在。")
    _can_print_card(app, actor, customer_id)
    phone = _first_phones([customer_id]).get(customer_id, "")
    v = app.timeline.verdict(customer_id)
    names = dict(Staff.select(Staff.id, Staff.name).tuples())
    meetings = dict(Meeting.select(Meeting.id, Meeting.name).tuples())
    purchases = [
        (
            f"{e.at:%Y-%m-%d}",
            f"{float(e.amount):,.0f}",
            (e.details or {}).get("products", ""),
            meetings.get(e.meeting_id, "") or (f"{e.at:%m月%d日}会议" if e.meeting_id else ""),
        )
        for e in Event.select().where((Event.customer == customer_id) & (Event.type == "purchase")).order_by(Event.at)
    ]
    visits = [
        (
            f"{cb.at:%Y-%m-%d}",
            CALLBACK_KINDS.get(cb.kind, cb.kind),
            names.get(cb.staff_id, ""),
            "是" if cb.signed else "否",
            cb.notes,
        )
        for cb in Callback.select().where(Callback.customer == customer_id).order_by(Callback.at.desc()).limit(5)
    ]
    owner = names.get(v.owner, "") if v.owner_is_staff else ""
    sex = {"M": "男", "F": "女"}.get(c.sex, "")
    title = c.name + (f"({sex}" + (f",{c.birth_year}年生" if c.birth_year else "") + ")" if sex else "")
    fields = [f for f in _card_fields(c, phone) if f[0] not in ("性别", "出生年份")] + [("服务专员", owner)]
    return pdf.CallbackFormPrint(title, fields, purchases=purchases, last_visits=visits, staff_name=owner)


def customer_card(app, actor: Actor, customer_id: int) -> pdf.CardPrint:
    c = Customer.get_or_none(Customer.id == customer_id)
    if c is None:
        raise NotFound("顾客档案不存在。")
    _can_print_card(app, actor, customer_id)
    phone = _first_phones([customer_id]).get(customer_id, "")
    v = app.timeline.verdict(customer_id)
    names = dict(Staff.select(Staff.id, Staff.name).tuples())
    labels = {
        "register": "报名",
        "allocate": "分配",
        "preheat": "预热",
        "invite": "邀约",
        "attend": "到会",
        "purchase": "出货",
        "visit": "回访",
        "complaint": "投诉",
        "complaint_resolved": "投诉处理",
        "reassign": "重新分配",
        "ruling": "裁决",
        "staff_left": "员工离职",
        "listed": "报送名单",
        "store_visit": "到店",
    }
    history = [
        (
            f"{e.at:%Y-%m-%d %H:%M}",
            # both times where they differ (SPEC §5): "预热 记录于 3月5日10:00"
            " ".join(filter(None, (labels.get(e.type, e.type), recorded_note(e.at, e.recorded_at)))),
            names.get(e.staff_id, ""),
            f"{float(e.amount):,.0f} 元" if e.amount is not None else "",
        )
        for e in Event.select()
        .where(Event.customer == customer_id)
        .order_by(Event.at.desc(), Event.id.desc())
        .limit(15)
    ]
    return pdf.CardPrint(
        f"顾客档案 {c.name}", [("姓名", c.name)] + _card_fields(c, phone), v.explanation, history=history
    )


# -- monthly assessment and other Excel sheets -------------------------------------------------------------


@dataclass(frozen=True)
class AssessmentRow:
    department: str
    person: str
    item: str
    count: int
    amount: int
    detail: str  # the customers (or lists) behind the fine, by name


#: Missed duties that the assessment lists: (kind, item, fine per customer).
MISSED_ITEMS = (
    ("form_d2", "出货后2日内未交回访表", FINE_FORM_D2),
    ("monthly_form", "当月无顾客签字回访表", FINE_MONTHLY_FORM),
    ("monthly_expert", "专家当月未电话回访", 0),  # seed 003 item 5 sets no amount: counted, not fined
)


def _names(ids: list[int]) -> str:
    names = dict(Customer.select(Customer.id, Customer.name).where(Customer.id.in_(ids)).tuples()) if ids else {}
    return "、".join(names.get(i, str(i)) for i in ids)


def monthly_assessment(app, actor: Actor, year: int, month: int) -> list[AssessmentRow]:
    """月度考核表: late or missing joint-meeting lists, missed callback duties (each missed once, in the
    month its period ended), forms rejected as signed for the customer (代签), complaints (found, made to
    the GM, unresolved after 3 days) — with the regulations' amounts and the customers behind each fine."""
    if actor.role not in {"director", "gm", "admin", "manager", "coordinator"}:
        raise PermissionDenied(f"{actor.role_name}无权查看月度考核表。")
    start = dt.datetime(year, month, 1)
    end = day_start(add_months(start.date(), 1))
    now = app.clock.now()
    staff = {s.id: s for s in Staff.select()}
    dept_name = {s.department_id: s.department.name for s in staff.values() if s.department_id}
    managers = {s.department_id: s.name for s in staff.values() if s.position == "manager"}
    rows: list[AssessmentRow] = []

    def mine(dept_id) -> bool:
        return actor.role != "manager" or dept_id == actor.department_id

    late: dict[int, list[str]] = {}
    for m in Meeting.select().where((Meeting.date >= start.date()) & (Meeting.date < end.date()) & Meeting.joint):
        for d in app.meetings.list_duties(m.id):
            if (d.on_time is False or d.missing) and d.deadline <= now:
                what = "迟交" if d.on_time is False else "未交"
                late.setdefault(d.department_id, []).append(f"{d.day:%m-%d}{what}")
    for dept_id, items in late.items():
        if mine(dept_id):
            rows.append(
                AssessmentRow(
                    dept_name.get(dept_id, ""),
                    managers.get(dept_id, "部门负责人"),
                    "联合会议名单迟交或未交",
                    len(items),
                    len(items) * FINE_LATE_LIST,
                    "、".join(items),
                )
            )

    def per_staff(item: str, fine: int, pairs) -> None:
        by_staff: dict[int | None, list[int]] = {}
        for sid, cid in pairs:
            customers = by_staff.setdefault(sid, [])
            if cid not in customers:
                customers.append(cid)
        for sid in sorted(by_staff, key=lambda k: (k is None, k or 0)):
            s = staff.get(sid)
            if s is None or not mine(s.department_id):
                continue
            ids = by_staff[sid]
            rows.append(
                AssessmentRow(dept_name.get(s.department_id, ""), s.name, item, len(ids), len(ids) * fine, _names(ids))
            )

    T = CallbackTask
    for kind, item, fine in MISSED_ITEMS:
        missed = (
            T.select(T.staff, T.customer)
            .where(
                (T.kind == kind)
                & (T.due_at > start)
                & (T.due_at <= end)
                & (T.due_at <= now)
                & (T.closed_at.is_null() | (T.closed_at >= T.due_at))
            )
            .order_by(T.due_at, T.id)
            .tuples()
        )
        per_staff(item, fine, missed)
    forged = (
        Callback.select(Callback.staff, Callback.customer)
        .where((Callback.review_state == "rejected") & (Callback.at >= start) & (Callback.at < end))
        .order_by(Callback.at)
        .tuples()
    )
    per_staff("代签(代替顾客签名)", FINE_FORGED_SIGNATURE, forged)

    def complaint_row(comp: Complaint, item: str, fine: int, with_manager: bool) -> None:
        s = staff.get(comp.staff_id)
        dept = s.department_id if s else None
        if not mine(dept):
            return
        people = [p for p in ((managers.get(dept) if with_manager else None), s.name if s else None) if p]
        rows.append(
            AssessmentRow(
                dept_name.get(dept, ""),
                "、".join(people) or "—",
                item,
                1,
                fine * max(len(people), 1),
                f"{_names([comp.customer_id])}(投诉 {comp.code})",
            )
        )

    for comp in (
        Complaint.select()
        .where((Complaint.opened_at >= start) & (Complaint.opened_at < end))
        .order_by(Complaint.opened_at)
    ):
        if comp.to_gm:
            complaint_row(comp, "顾客向总经理投诉", FINE_COMPLAINT_GM, True)
        else:
            complaint_row(comp, "顾客抱怨(未投诉)", FINE_COMPLAINT_FOUND, False)
    for comp in (
        Complaint.select()
        .where((Complaint.due_at > start) & (Complaint.due_at <= end) & (Complaint.due_at <= now))
        .order_by(Complaint.due_at)
    ):
        if comp.resolved_at is None or comp.resolved_at >= comp.due_at:
            complaint_row(comp, "投诉三日未处理", FINE_COMPLAINT, True)
    return rows


def assessment_totals(rows: list[AssessmentRow]) -> list[tuple[str, str, int]]:
    """(department, person or "部门合计" / "全公司合计", amount): per person, per department, the office."""
    people: dict[tuple[str, str], int] = {}
    depts: dict[str, int] = {}
    for r in rows:
        for person in r.person.split("、"):
            share = r.amount // max(len(r.person.split("、")), 1)
            people[(r.department, person)] = people.get((r.department, person), 0) + share
        depts[r.department] = depts.get(r.department, 0) + r.amount
    out = [(d, p, a) for (d, p), a in sorted(people.items())]
    out += [(d, "部门合计", a) for d, a in sorted(depts.items())]
    out.append(("", "全公司合计", sum(r.amount for r in rows)))
    return out


def export_assessment(app, actor: Actor, year: int, month: int, path) -> int:
    rows = monthly_assessment(app, actor, year, month)
    cols = [Column("部门"), Column("责任人"), Column("事项"), Column("次数/人数"), Column("金额(元)"), Column("明细")]
    data = [(r.department, r.person, r.item, r.count, r.amount, r.detail) for r in rows]
    data += [(d, p, "合计", "", a, "") for d, p, a in assessment_totals(rows)]
    return write_xlsx(path, f"{year}年{month}月 考核表", cols, data, subtitle=app.settings.office_name())


def print_assessment(app, actor: Actor, year: int, month: int, path, progress=None, cancelled=None):
    """The monthly assessment on A4 (landscape), the same rows and totals as the Excel sheet."""
    rows = monthly_assessment(app, actor, year, month)
    body = [(r.department, r.person, r.item, r.count, r.amount, r.detail) for r in rows]
    body += [(d, p, "合计", "", a, "") for d, p, a in assessment_totals(rows)]
    return pdf.table_pdf(
        path,
        f"{year}年{month}月 考核表",
        "依据:会议营销企业顾客管理制度、售后服务制度",
        ("部门", "责任人", "事项", "次数/人数", "金额(元)", "明细(顾客)"),
        body,
        (22, 26, 40, 18, 18, pdf.content_width() / pdf.mm - 124),
        office=app.settings.office_name(),
        printed_at=app.clock.now(),
    )


def referral_ledger(app, actor: Actor, at: dt.datetime | None = None) -> list[tuple]:
    """老带新积分台账: (referrer, referred customer, date, what, points) for every point earned by ``at``."""
    if actor.role not in VIEW_ALL | {"manager"}:
        raise PermissionDenied(f"{actor.role_name}无权查看积分台账。")
    at = at or app.clock.now()
    referred = (
        Event.select(Event.customer, Event.related)
        .where((Event.type == "register") & Event.related.is_null(False))
        .distinct()
        .tuples()
    )
    names = {}
    out = []
    for cid, ref in referred:
        v = app.timeline.verdict(cid, at)
        if v.referrer != ref:
            continue
        for when, points in v.points_earned:
            if when <= at:
                for key in (cid, ref):
                    if key not in names:
                        names[key] = Customer.get_by_id(key).name
                what = (
                    "带新顾客首次到会"
                    if points == app.settings.params().attend_points and not any(p[0] < when for p in v.points_earned)
                    else "新顾客会上购买"
                )
                out.append((names[ref], names[cid], when, what, points))
    return sorted(out, key=lambda r: (r[0], r[2]))


def export_referral_ledger(app, actor: Actor, path) -> int:
    rows = referral_ledger(app, actor)
    cols = [Column("老顾客"), Column("介绍的新顾客"), Column("日期"), Column("事项"), Column("积分")]
    return write_xlsx(path, "老带新积分台账", cols, rows, subtitle=app.settings.office_name())


def joint_meeting_lists(app, actor: Actor, meeting_id: int) -> list[tuple]:
    """Each department's submitted lists for a joint meeting, by day: (department, day, submitted, on time, customers)."""
    if actor.role not in {"director", "gm", "admin", "manager", "coordinator"}:
        raise PermissionDenied(f"{actor.role_name}无权查看联合会议名单。")
    out = []
    for lst in (
        MeetingList.select()
        .where(MeetingList.meeting == meeting_id)
        .order_by(MeetingList.for_day, MeetingList.submitted_at)
    ):
        if actor.role == "manager" and lst.department_id != actor.department_id:
            continue
        names = [
            c.name
            for c in Customer.select(Customer.name)
            .join(Event, on=(Event.customer == Customer.id))
            .where(
                (Event.type == "listed")
                & (Event.meeting == meeting_id)
                & (Event.department == lst.department_id)
                & (Event.at == lst.submitted_at)
            )
        ]
        out.append(
            (
                lst.department.name,
                lst.for_day,
                lst.submitted_at,
                "按时" if lst.on_time else "迟交",
                len(names),
                "、".join(names),
            )
        )
    return out


def export_joint_meeting_lists(app, actor: Actor, meeting_id: int, path) -> int:
    rows = joint_meeting_lists(app, actor, meeting_id)
    m = app.meetings.get(meeting_id)
    cols = [
        Column("部门"),
        Column("名单日期", number_format="yyyy-mm-dd"),
        Column("报送时间"),
        Column("是否按时"),
        Column("人数"),
        Column("顾客"),
    ]
    return write_xlsx(path, f"{m.title} 各部门敲定名单", cols, rows, subtitle=app.settings.office_name())


def export_callback_due_list(app, actor: Actor, path, *, staff_id: int | None = None, when: str = "open") -> int:
    """回访到期清单 for one staff member (or the actor's scope), streamed page by page."""
    cols = [
        Column("员工"),
        Column("顾客"),
        Column("电话"),
        Column("地址"),
        Column("事项"),
        Column("期限", number_format="yyyy-mm-dd"),
        Column("逾期"),
        Column("后果"),
    ]

    def rows():
        after = None
        while True:
            page = app.callbacks.tasks(actor, when=when, staff_id=staff_id, after=after, limit=500)
            if not page:
                return
            for r in page:
                yield (
                    r.people,
                    r.customer_name,
                    r.phone,
                    r.address,
                    r.kind_label,
                    r.due_day,
                    "是" if r.overdue else "",
                    r.consequence,
                )
            after = (page[-1].due_at, page[-1].id)

    return write_xlsx(path, "回访到期清单", cols, rows(), subtitle=app.settings.office_name())


def print_callback_due_list(
    app, actor: Actor, path, *, staff_id: int | None = None, when: str = "open", progress=None, cancelled=None
):
    """回访到期清单 on A4: the same rows as the list and its Excel export (at most 5,000 rows)."""
    rows, after = [], None
    while len(rows) < 5000:
        page = app.callbacks.tasks(actor, when=when, staff_id=staff_id, after=after, limit=500)
        if not page:
            break
        rows += [
            (r.people, r.customer_name, r.phone, r.address, r.kind_label, f"{r.due_day:%m-%d}", r.consequence)
            for r in page
        ]
        after = (page[-1].due_at, page[-1].id)
    titles = {"today": "今天到期", "week": "本周到期", "open": "全部可办", "missed": "已错过", "overdue": "已错过"}
    return pdf.table_pdf(
        path,
        f"回访到期清单({titles.get(when, when)})",
        f"共 {len(rows)} 项",
        ("员工", "顾客", "电话", "地址", "事项", "期限", "错过的后果"),
        rows,
        (16, 18, 24, 40, 28, 12, pdf.content_width() / pdf.mm - 138),
        office=app.settings.office_name(),
        printed_at=app.clock.now(),
    )


def export_callback_statistics(app, actor: Actor, year: int, month: int, path) -> int:
    figs = app.callbacks.figures(actor, year, month)
    cols = [
        Column("部门"),
        Column("员工"),
        Column("应完成"),
        Column("按时完成"),
        Column("逾期完成"),
        Column("完成率", number_format="0.0%"),
        Column("回访表"),
        Column("顾客签字"),
        Column("签字率", number_format="0.0%"),
        Column("平均满意度", number_format="0.0"),
    ]
    rows = [
        (
            f.department,
            f.staff_name,
            f.due,
            f.done_on_time,
            f.done_late,
            f.completion_rate,
            f.forms,
            f.signed,
            f.signature_rate,
            f.satisfaction,
        )
        for f in figs
    ]
    return write_xlsx(path, f"{year}年{month}月 回访统计", cols, rows, subtitle=app.settings.office_name())


#: The 代签复核 list's columns, for its printout and its Excel file alike.
REVIEW_COLUMNS = ("顾客", "员工", "部门", "日期", "方式", "扫描件")
#: How many forms the exported or printed 代签复核 list holds at most (the page shows the newest 200).
REVIEW_SHEET_LIMIT = 20_000


def _review_sheet(app, actor: Actor) -> list[tuple]:
    """The forms waiting for 代签复核 that ``actor`` reviews, newest first, as the page lists them."""
    return [
        (r.customer_name, r.staff_name, r.department, r.at, r.kind_label, "有" if r.scan_id else "无")
        for r in app.callbacks.review_list(actor, limit=REVIEW_SHEET_LIMIT)
    ]


def export_review_list(app, actor: Actor, path, progress=None, cancelled=None) -> int:
    """代签复核 as an Excel sheet: every form waiting for review that the actor reviews."""
    cols = [Column(t, number_format="yyyy-mm-dd hh:mm") if t == "日期" else Column(t) for t in REVIEW_COLUMNS]
    return write_xlsx(
        path,
        "代签复核清单",
        cols,
        _review_sheet(app, actor),
        sheet_name="代签复核",
        subtitle=f"{app.settings.office_name()} {app.clock.now():%Y-%m-%d %H:%M}",
        progress=progress,
        cancelled=cancelled,
    )


def print_review_list(app, actor: Actor, path, progress=None, cancelled=None):
    """代签复核 on A4: the same rows as the Excel sheet, to phone the customers from."""
    rows = [(*r[:3], f"{r[3]:%Y-%m-%d %H:%M}", *r[4:]) for r in _review_sheet(app, actor)]
    return pdf.table_pdf(
        path,
        "代签复核清单",
        f"标记为顾客亲自签字、尚未复核的回访表共 {len(rows)} 份",
        REVIEW_COLUMNS,
        rows,
        (26, 20, 24, 32, 40, pdf.content_width() / pdf.mm - 142),
        office=app.settings.office_name(),
        printed_at=app.clock.now(),
    )
