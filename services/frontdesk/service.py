"""The front desk (前台): whose customer is this, log a store visit, check a customer in (SPEC §2, §10).

A customer walks in or comes to the meeting door; the desk types a phone, the last four digits, a
name or pinyin initials and must learn in seconds who owns the customer — without seeing anyone's
data. Every hit is masked (138****0001, surname + given-name initial, never the address) whatever
the role of the person at the desk: this screen is often in view of the public.

Speed (50 ms at 1,000,000 customers, and within 3x of the bare query): the search is one indexed
query, hand-written and cached per shape, that yields at most ``limit`` hits already joined to their
ownership snapshot, owner and department (primary-key lookups). The snapshot (models.Ownership) is
read as stored: the lookup never replays a timeline.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache

from peewee import fn

from models import Department, Event, Meeting, Ownership, Staff, db
from models.bulk import datetime_value, fetch_all, marks, padded, sql_for
from services.customers.duplicates import FIRST_PHONE_SQL
from services.customers.names import mask_name
from services.customers.phones import mask_phone, normalize_phone
from services.customers.visibility import claim_label
from services.office import audit
from services.office.permissions import Actor, require
from services.platform.errors import DuplicateFound, NotFound, ValidationError
from services.rules.calendar import fmt_deadline

MAX_TEXT = 32
# Characters a phone may be typed with (full-width digits, +86, spaces, dashes, brackets).
_PHONEISH = re.compile(r"^[0-9０-９+＋\s\-－()（）]+$")
_INITIALS = re.compile(r"^[A-Za-z]+$")
# A name: CJK ideographs, the middle dot of minority names, Latin letters of foreign names.
_NAMEISH = re.compile(r"^[\u3400-\u9fff\uf900-\ufaff·•A-Za-z ]+$")
NO_DUTY_REASON = "门店来访,无专员"
MORE_HITS = "还有更多,请多输入几个字"
# Who may take a lapsed claim over, by the rule under which it lapsed (SPEC §5: a missing pre-heat
# is taken over by registering or pre-heating; a missing follow-up only by bringing the customer
# to a meeting).
TAKEOVER = {
    "R2": "其他专员报名或预热即可接手",
    "R6": "其他专员把顾客带来开会即可接手",
    "R7": "其他专员把顾客带来开会即可接手",
    "R8": "其他部门专员可邀约,把顾客带来开会即可接手",
}


def takeover_text(lapsed: Sequence[str]) -> str:
    """Who may take over a claim whose ``lapsed`` rules passed (in the order they lapsed): a lapsed
    follow-up (R6–R8) decides over a lapsed pre-heat (R2)."""
    followups = [r for r in lapsed if r in ("R6", "R7", "R8")]
    rule = followups[0] if followups else (lapsed[0] if lapsed else "")
    return TAKEOVER.get(rule, "")


@dataclass(frozen=True)
class FrontDeskHit:
    """One masked search result: nothing here may identify the customer beyond the card number."""

    customer_id: int
    name: str  # 王D
    phone: str  # 138****0001
    owner: str  # staff name, 公司资源池 or ""
    department: str
    claim: str  # 待预热 / 有效 / 已失效 / 公司资源池 / 未登记
    deadline: dt.datetime | None
    countdown: str  # 剩 2 天 3 小时 / 已到期
    next_rule: str
    archived: bool = False
    deadline_text: str = ""  # 3月3日24:00前 · 剩 2 天 3 小时
    takeover: str = ""  # a lapsed claim: who may take over, and how


@dataclass(frozen=True)
class LookupResult:
    """One search's hits; ``more`` when there were more matches than shown."""

    hits: list[FrontDeskHit]
    more: bool

    @property
    def note(self) -> str:
        return MORE_HITS if self.more else ""


@dataclass(frozen=True)
class StoreVisit:
    """What logging a store visit did: ``outcome`` is registered | pool | owner | logged."""

    customer_id: int
    outcome: str
    message: str
    hit: FrontDeskHit


@dataclass(frozen=True)
class CheckIn:
    customer_id: int
    meeting_id: int
    invited: bool
    message: str
    hit: FrontDeskHit


@dataclass(frozen=True)
class TodayMeeting:
    id: int
    title: str
    slot: str
    invited: int
    checked_in: int


def countdown(deadline: dt.datetime | None, now: dt.datetime) -> str:
    """``剩 2 天 3 小时`` until ``deadline`` (the first instant of the lapse), or ``已到期``."""
    if deadline is None:
        return ""
    left = deadline - now
    if left <= dt.timedelta(0):
        return "已到期"
    days, rest = divmod(int(left.total_seconds()), 86400)
    hours, rest = divmod(rest, 3600)
    if days:
        return f"剩 {days} 天 {hours} 小时"
    if hours:
        return f"剩 {hours} 小时 {rest // 60} 分"
    return f"剩 {max(1, rest // 60)} 分钟"


def _next_prefix(text: str) -> str:
    """The smallest string greater than every string starting with ``text`` (for a range scan)."""
    return text[:-1] + chr(ord(text[-1]) + 1)


# The lookup's reads, hand-written and cached per shape (models.bulk.sql_for): building the same
# statements through peewee cost ~0.1-0.35 ms a query, 70-100x the query itself. A hit row is
# (id, name, phone, owner_kind, claim_state, next_deadline, next_rule, staff id, staff name,
# department name, archived, the snapshot's computed_at, its lapsed rules); the department is the
# snapshot's, else the owner's own. Without a matched phone the hit shows the card's first phone
# (services.customers.duplicates.FIRST_PHONE_SQL).
_HIT_SELECT = (
    "SELECT c.id, c.name, {phone}, o.owner_kind, o.claim_state, o.next_deadline, o.next_rule,"
    " s.id, s.name, d.name, c.archived, o.computed_at, o.lapsed_rules FROM {source}"
    " LEFT JOIN ownership o ON o.customer_id = c.id"
    " LEFT JOIN staff s ON s.id = o.owner_id"
    " LEFT JOIN department d ON d.id = COALESCE(o.owner_department_id, s.department_id)"
)
_FULLWIDTH_DIGITS = {ord(c): ord(c) - 0xFEE0 for c in "０１２３４５６７８９"}
_DEADLINE = Ownership.next_deadline
# Names repeat (the desk types the same surnames all day); masking one costs a pinyin lookup.
_masked_name = lru_cache(maxsize=4096)(mask_name)


def _phone_sql(column: str):
    """Rows whose phone ``column`` (number | last4) equals the key, by phone id; every card (archived
    ones too: the desk must learn the owner of anyone who walks in)."""

    def build(pg: bool) -> str:
        source = "phone p JOIN customer c ON c.id = p.customer_id"
        return _HIT_SELECT.format(phone="p.number", source=source) + f" WHERE p.{column} = ? ORDER BY p.id LIMIT ?"

    return build


def _prefix_sql(column: str):
    """Current cards whose ``column`` (name | name_initials) lies in [prefix, next prefix), walking that
    column's index so LIMIT stops early. On SQLite ``archived + 0`` keeps the planner from walking the
    (archived, id) index over every card instead; PostgreSQL has no boolean + integer."""

    def build(pg: bool) -> str:
        live = "c.archived = false" if pg else "(c.archived + 0) = 0"
        return _HIT_SELECT.format(phone=FIRST_PHONE_SQL, source="customer c") + (
            f" WHERE c.{column} >= ? AND c.{column} < ? AND {live} ORDER BY c.{column}, c.id LIMIT ?"
        )

    return build


def _by_ids_sql(n: int) -> str:
    return _HIT_SELECT.format(phone=FIRST_PHONE_SQL, source="customer c") + f" WHERE c.id IN ({marks(n)})"


class FrontDeskService:
    def __init__(self, app):
        self.app = app
        self._takeover_seen: dict[tuple, str] = {}  # see _takeover

    # -- search -------------------------------------------------------------------------------

    def _matching_rows(self, text: str, limit: int) -> list[tuple]:
        """The hit rows (see ``_HIT_SELECT``) for the search text: one indexed query, at most one row per
        customer and ``limit`` rows, in the order the index yields them."""
        text = (text or "").strip()
        if not text:
            return []
        if len(text) > MAX_TEXT:
            raise ValidationError("text", f"搜索内容太长(最多 {MAX_TEXT} 个字符),请输入电话、后四位或姓名。")
        if _PHONEISH.match(text):
            digits = re.sub(r"\D", "", text.translate(_FULLWIDTH_DIGITS))
            if len(digits) == 4:
                sql, key = sql_for(("frontdesk.lookup", "last4"), _phone_sql("last4")), digits
            else:
                try:
                    key, _ = normalize_phone(text, field="text")
                except ValidationError:
                    raise ValidationError("text", "请输入完整的电话号码,或号码的后四位。") from None
                sql = sql_for(("frontdesk.lookup", "number"), _phone_sql("number"))
            # A customer with two matching phones shows once, with the first (by phone id) that matched:
            # the first ``limit`` customers among ``2 * limit`` phones. Usually the first ``limit``
            # phones are already as many customers, and reading them alone is half the work.
            rows = fetch_all(sql, (key, limit))
            if len(rows) == limit and len({r[0] for r in rows}) < limit:
                rows = fetch_all(sql, (key, limit * 2))
            out, seen = [], set()
            for row in rows:
                if row[0] not in seen:
                    seen.add(row[0])
                    out.append(row)
                    if len(out) >= limit:
                        break
            return out
        if _INITIALS.match(text):
            # Pinyin initials (zl → 张丽); a range on the index is wildcard-free and index-only.
            low = text.lower()
            sql = sql_for(("frontdesk.lookup", "name_initials"), _prefix_sql("name_initials"))
        elif _NAMEISH.match(text):
            low = text
            sql = sql_for(("frontdesk.lookup", "name"), _prefix_sql("name"))
        else:
            raise ValidationError("text", "只能按电话号码、后四位、姓名或拼音首字母查询。")
        return fetch_all(sql, (low, _next_prefix(low), limit))

    def _hits_of(self, rows: list[tuple]) -> list[FrontDeskHit]:
        """Masked hits of the rows of ``_HIT_SELECT``, in that order."""
        now = self.app.clock.now()
        lapsed = [r for r in rows if r[3] == "staff" and r[4] == "lapsed"]
        takeover = self._takeover(lapsed, now) if lapsed else {}
        out = []
        for cid, name, number, kind, state, deadline, rule, staff_id, staff_name, dept_name, archived, *_ in rows:
            if kind == "staff" and staff_id is not None:
                owner_name, dept_name = staff_name, dept_name or ""
            else:
                owner_name, dept_name = ("公司资源池" if kind == "pool" else ""), ""
            deadline = datetime_value(_DEADLINE, deadline)
            left = countdown(deadline, now) if deadline is not None else ""
            out.append(
                FrontDeskHit(
                    cid,
                    _masked_name(name),
                    mask_phone(number) if number else "",
                    owner_name,
                    dept_name,
                    claim_label(kind, state),
                    deadline,
                    left,
                    rule or "",
                    archived=bool(archived),
                    deadline_text=f"{fmt_deadline(deadline)}前 · {left}" if deadline is not None else "",
                    takeover=takeover.get(cid, ""),
                )
            )
        return out

    def _takeover(self, rows: list[tuple], now: dt.datetime) -> dict[int, str]:
        """Who may take over each lapsed claim: by the rule whose deadline passed first (SPEC §5).

        The snapshot names the lapsed rules (``ownership.lapsed_rules``, written with every verdict since
        migration 19). A snapshot written before it has them empty: telling which rule lapsed then replays
        the customer's timeline (~1 ms each; a page of 20 hits often has several lapsed claims), so that
        answer is remembered per snapshot: the hit row's owner, state, deadline and rule together with the
        snapshot's ``computed_at`` (rewritten with every new verdict, on any PC, and by `_current` once a
        deadline passes) — a changed snapshot is a new key."""
        out, missing = {}, {}
        for row in rows:
            if row[12]:
                out[row[0]] = takeover_text(row[12].split(","))
                continue
            key = (row[0], row[3], row[4], row[5], row[6], row[7], row[11])
            known = self._takeover_seen.get(key)
            if known is None:
                missing[row[0]] = key
            else:
                out[row[0]] = known
        if missing:
            if len(self._takeover_seen) > 20_000:
                self._takeover_seen.clear()
            for cid, verdict in self.app.timeline.verdicts(list(missing), now).items():
                out[cid] = self._takeover_seen[missing[cid]] = takeover_text(verdict.lapsed_rules)
        return out

    def _rows_by_ids(self, ids: list[int]) -> list[tuple]:
        """The hit rows of ``ids`` in that order (ids without a card are left out), in one query."""
        if not ids:
            return []
        keys = padded(ids)
        sql = sql_for(("frontdesk.hits", len(keys)), lambda pg: _by_ids_sql(len(keys)))
        by_id = {r[0]: r for r in fetch_all(sql, keys)}
        return [by_id[i] for i in map(int, ids) if i in by_id]

    def _hits(self, ids: list[int]) -> list[FrontDeskHit]:
        """The masked hits of ``ids`` in that order (ids without a card are left out)."""
        return self._hits_of(self._current(self._rows_by_ids(ids)))

    def _current(self, rows: list[tuple]) -> list[tuple]:
        """The rows with every passed deadline applied: a customer whose next deadline has passed is
        re-evaluated (and its snapshot stored) before the desk sees it, so a lapsed claim is never
        shown as current — whether or not a deadline sweep has run on any PC."""
        now = self.app.clock.now()
        due = [r[0] for r in rows if r[5] is not None and datetime_value(_DEADLINE, r[5]) <= now]
        if not due:
            return rows
        self.app.timeline.apply_passed_deadlines(due, now)
        fresh = {r[0]: r for r in self._rows_by_ids(due)}
        return [fresh.get(r[0], r) for r in rows]

    def search(self, actor: Actor, text: str, limit: int = 20) -> LookupResult:
        """One search box: full phone, last four digits, name prefix or pinyin initials; masked hits,
        and whether more matched than ``limit`` (the desk then asks for a few more characters).

        Raises:
            PermissionDenied: the role may not use the front-desk lookup.
            ValidationError: text too long, or neither a phone nor a name.
        """
        require(actor, "frontdesk.lookup", "使用前台查询")
        limit = max(1, min(int(limit), 50))
        rows = self._matching_rows(text, limit + 1)
        result = LookupResult(self._hits_of(self._current(rows[:limit])), len(rows) > limit)
        hits = result.hits
        # Who looked up whom (issue 18): one row per search, naming the cards it showed. A record of a
        # read, in one statement whose commit does not wait for the server's disk (models.bulk).
        audit.write(
            actor,
            "frontdesk.lookup",
            "lookup",
            customer_id=hits[0].customer_id if len(hits) == 1 else None,
            new={"text": text.strip(), "customers": [h.customer_id for h in hits]},
            at=self.app.clock.now(),
            unflushed=True,
        )
        return result

    def lookup(self, actor: Actor, text: str, limit: int = 20) -> list[FrontDeskHit]:
        """The hits of `search` alone."""
        return self.search(actor, text, limit).hits

    def hit(self, actor: Actor, customer_id: int) -> FrontDeskHit:
        """The masked hit of one customer (after an action, to show its new state)."""
        require(actor, "frontdesk.lookup", "使用前台查询")
        hits = self._hits([customer_id])
        if not hits:
            raise NotFound(f"顾客档案 {customer_id} 不存在。")
        return hits[0]

    # -- store visit ------------------------------------------------------------------------------

    def duty_choices(self, actor: Actor) -> list[tuple[int, str]]:
        """Active staff members who can be on duty in the store: (id, "name(department)")."""
        require(actor, "frontdesk.store_visit", "登记到店")
        q = (
            Staff.select(Staff.id, Staff.name, Department.name)
            .join(Department, on=(Staff.department == Department.id))
            .where((Staff.active == True) & (Staff.position == "staff"))  # noqa: E712
            .order_by(Department.id, Staff.id)
        )
        return [(sid, f"{name}({dept})") for sid, name, dept in q.tuples()]

    def log_store_visit(self, actor: Actor, customer_id: int, duty_staff_id: int | None = None) -> StoreVisit:
        """到店登记 (SPEC §2, §10): the visit always lands on the customer's timeline.

        - No owner, or a lapsed claim, with a staff member on duty: a feedback_store registration
          for them (R1; for a lapsed claim the rules decide whether it takes over).
        - No owner and nobody on duty (门店无专员): the customer goes to the company pool (R10,
          由公司统一分配), and the visit is recorded.
        - Any other customer (a current claim, or in the pool): the visit is recorded without a
          claim — no duplicate registration, no conflict case, no owner change.

        Raises:
            NotFound: no such card. ValidationError: the duty staff member cannot register.
        """
        require(actor, "frontdesk.store_visit", "登记到店")
        tl = self.app.timeline
        recorder = tl.recorder
        with db.atomic():
            now = self.app.clock.now()
            recorder.check_customer(customer_id)
            tl.apply_passed_deadlines([customer_id], now)
            snap = Ownership.get_or_none(Ownership.customer == customer_id)
            kind = snap.owner_kind if snap else "none"
            open_claim = kind == "none" or (kind == "staff" and snap.claim_state == "lapsed")
            staff = recorder.staff_at(duty_staff_id, now, field="duty_staff") if duty_staff_id is not None else None
            if open_claim and staff is not None:
                rec = recorder.record(
                    actor,
                    customer_id,
                    "register",
                    now,
                    staff=staff.id,
                    channel="feedback_store",
                    details={"front_desk": True},
                    audit_action="event.register",
                )
                hit = self._hits([customer_id])[0]
                if rec.verdict.owner == staff.id:
                    msg = f"已登记到店,归 {staff.name}({hit.department}),{hit.claim}。"
                else:
                    where = f"{hit.owner}({hit.department})" if hit.department else (hit.owner or "(未定)")
                    msg = f"已登记到店,{staff.name} 的报名已记录;顾客仍归 {where}。"
                    if hit.takeover:
                        msg += hit.takeover + "。"
                return StoreVisit(customer_id, "registered", msg, hit)
            recorder.record(
                actor,
                customer_id,
                "store_visit",
                now,
                details={"duty_staff": staff.id if staff else None},
                audit_action="frontdesk.store_visit",
            )
            if kind == "none":
                recorder.record(
                    actor,
                    customer_id,
                    "reassign",
                    now,
                    details={"to": "pool", "reason": NO_DUTY_REASON},
                    audit_action="ownership.reassign",
                )
                hit = self._hits([customer_id])[0]
                return StoreVisit(customer_id, "pool", "门店无专员:顾客已转入公司资源池,由公司统一分配。", hit)
            hit = self._hits([customer_id])[0]
            if kind == "pool":
                return StoreVisit(
                    customer_id, "logged", "顾客在公司资源池,到店已记录(不登记归属),由公司统一分配。", hit
                )
            msg = f"到店已记录,请通知归属专员 {hit.owner}({hit.department})接待。"
            if hit.takeover:
                msg = f"到店已记录。{hit.owner}({hit.department})的归属已失效:{hit.takeover}。"
            return StoreVisit(customer_id, "owner", msg, hit)

    def walk_in(self, actor: Actor, name: str, phone: str, duty_staff_id: int | None = None) -> StoreVisit:
        """A new customer at the desk (SPEC §2, §10): a card with the name and phone (channel 门店回馈),
        then the store visit as `log_store_visit` records it — registered to the staff member on duty,
        or with nobody on duty to the company pool. One transaction: no card without its visit.

        Raises:
            ValidationError: no name, a bad phone, or a phone already on a card (the desk then looks
                that customer up; no card number or name of the other card is shown).
        """
        require(actor, "frontdesk.store_visit", "登记到店")
        with db.atomic():
            try:
                card = self.app.customers.create_checked_elsewhere(
                    actor, name, [phone], source_channel="feedback_store"
                )
            except DuplicateFound:
                raise ValidationError("phone", "这个电话已经有顾客档案了:请按电话查到这位顾客,再登记到店。") from None
            return self.log_store_visit(actor, card.id, duty_staff_id)

    # -- meetings --------------------------------------------------------------------------------

    def todays_meetings(self, actor: Actor) -> list[TodayMeeting]:
        """Today's meetings with how many were invited and how many have checked in."""
        require(actor, "frontdesk.lookup", "使用前台查询")
        today = self.app.clock.now().date()
        ids = [
            m
            for (m,) in Meeting.select(Meeting.id)
            .where(Meeting.date == today)
            .order_by(Meeting.slot.desc(), Meeting.id)
            .tuples()
        ]
        if not ids:
            return []
        counts: dict[tuple[int, str], int] = {}
        q = (
            Event.select(Event.meeting, Event.type, fn.COUNT(Event.customer.distinct()))
            .where(Event.meeting.in_(ids) & Event.type.in_(["invite", "attend"]))
            .group_by(Event.meeting, Event.type)
        )
        for mid, etype, n in q.tuples():
            counts[(mid, etype)] = n
        out = []
        for mid in ids:
            m = self.app.meetings.get(mid)
            out.append(
                TodayMeeting(mid, m.title, m.slot, counts.get((mid, "invite"), 0), counts.get((mid, "attend"), 0))
            )
        return out

    def check_in(
        self, actor: Actor, meeting_id: int, *, customer_id: int | None = None, phone: str | None = None
    ) -> CheckIn:
        """会议签到: attendance at today's meeting — invited (on the invitation list) or a walk-in.

        Raises:
            ValidationError: not today's meeting, an unknown or ambiguous phone, a second check-in.
        """
        require(actor, "event.attendance", "会议签到")
        with db.atomic():
            m = Meeting.get_or_none(Meeting.id == meeting_id)
            if m is None:
                raise ValidationError("meeting", f"会议 {meeting_id} 不存在。")
            if m.date != self.app.clock.now().date():
                raise ValidationError("meeting", f"这场会议在 {m.date:%Y-%m-%d},不是今天,不能签到。")
            if customer_id is None:
                if not phone:
                    raise ValidationError("customer", "请先找到顾客(电话或档案)再签到。")
                number, _ = normalize_phone(phone, field="phone")
                ids = self.app.customers.find_by_phone(number)
                if not ids:
                    raise ValidationError("phone", f"没有登记电话 {mask_phone(number)} 的顾客档案。")
                if len(ids) > 1:
                    raise ValidationError("phone", "这个电话对应多张档案,请在查询结果中选定一位顾客再签到。")
                customer_id = ids[0]
            invited = (
                Event.select()
                .where((Event.customer == customer_id) & (Event.meeting == meeting_id) & (Event.type == "invite"))
                .exists()
            )
            self.app.timeline.attend(actor, customer_id, meeting_id)
            hit = self._hits([customer_id])[0]
            if invited:
                msg = f"{hit.name} 已签到(受邀来宾)。"
            else:
                msg = f"{hit.name} 已签到(未在邀约名单上,按现场来宾登记)。"
            return CheckIn(customer_id, meeting_id, invited, msg, hit)


__all__ = ["FrontDeskHit", "FrontDeskService", "StoreVisit", "CheckIn", "TodayMeeting", "countdown"]
