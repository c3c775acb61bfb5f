"""`rules replay` / `rules check` (SPEC §9): scenarios through the same services as the interface.

A scenario is validated as a whole first (unknown ids or types, bad times,
missing keys → `ScenarioError` with its position). It is then replayed on a
fresh in-memory database in the order of recorded time (an event's ``recorded_at``,
by default its ``at``; equal times in file order), the clock set to each event's
recorded time and the event recorded by a user of its role (``by``: staff or a
manager), so the back-entry limit of SPEC §5 applies; refused events are reported
and skipped. Each expectation is answered from the events recorded by its ``at``.
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from services.platform.errors import RuleRefused, ServiceError
from services.rules.model import CHANNELS, POOL

TIME_FORMAT = "%Y-%m-%d %H:%M"
#: Who records an event (``by``, SPEC §9): the default user of its kind, or a manager (SPEC §5 back-entry).
RECORDERS = ("staff", "manager")
#: The reason a manager's late entry carries when the scenario names none (SPEC §5 asks for one).
LATE_REASON = "场景回放:经理补录"
MIN_YEAR, MAX_YEAR = 1900, 2200

EVENT_KEYS: dict[str, tuple[str, ...]] = {
    "register": ("customer", "staff", "channel"),
    "allocate": ("customer", "staff"),
    "preheat": ("customer", "staff"),
    "visit": ("customer", "staff", "kind"),
    "invite": ("customer", "staff", "meeting"),
    "submit_list": ("dept", "meeting", "customers"),
    "attend": ("customer", "meeting"),
    "purchase": ("customer", "amount"),
    "complaint": ("customer", "id"),
    "complaint_resolved": ("id",),
    "staff_left": ("staff",),
    "reassign": ("customer", "to", "reason"),
    "ruling": ("customer", "to", "by", "reason"),
}


class ScenarioError(Exception):
    """A malformed scenario; ``position`` says where (e.g. ``events[3].at``)."""

    def __init__(self, position: str, reason: str):
        super().__init__(f"{position}: {reason}")
        self.position = position
        self.reason = reason


def parse_time(value: Any, position: str) -> dt.datetime:
    if not isinstance(value, str):
        raise ScenarioError(position, f'time must be a string "YYYY-MM-DD HH:MM", got {value!r}')
    try:
        at = dt.datetime.strptime(value, TIME_FORMAT)
    except ValueError:
        raise ScenarioError(position, f'bad time {value!r}, expected "YYYY-MM-DD HH:MM"') from None
    _check_year(at.year, value, position)
    return at


def _check_year(year: int, value: str, position: str) -> None:
    """Deadlines are counted in days and months from each event: a year near 1 or 9999 would run
    off the calendar (OverflowError). An office's events lie in a plain range."""
    if not MIN_YEAR <= year <= MAX_YEAR:
        raise ScenarioError(position, f"time {value!r} is outside the years {MIN_YEAR}–{MAX_YEAR}")


def _ids(items: Any, position: str, required: tuple[str, ...]) -> dict[str, dict]:
    if items is None:
        return {}
    if not isinstance(items, list):
        raise ScenarioError(position, "must be a list")
    out: dict[str, dict] = {}
    for i, item in enumerate(items):
        pos = f"{position}[{i}]"
        if not isinstance(item, dict):
            raise ScenarioError(pos, "must be an object")
        for key in ("id",) + required:
            if key not in item:
                raise ScenarioError(pos, f"missing key {key!r}")
        ident = item["id"]
        if not isinstance(ident, str) or not ident:
            raise ScenarioError(f"{pos}.id", "id must be a non-empty string")
        if ident in out:
            raise ScenarioError(f"{pos}.id", f"duplicate id {ident!r}")
        out[ident] = item
    return out


@dataclass
class Scenario:
    name: str
    departments: dict[str, dict]
    staff: dict[str, dict]
    customers: dict[str, dict]
    meetings: dict[str, dict]
    events: list[dict]
    expect: list[dict]
    complaints: dict[str, str] = field(default_factory=dict)  # complaint id -> customer id


def _ref(value: Any, table: dict, position: str, what: str) -> None:
    """``value`` must be a string id present in ``table``."""
    if not isinstance(value, str) or value not in table:
        raise ScenarioError(position, f"unknown {what} {value!r}")


def _text(item: dict, key: str, position: str, *, required: bool = True, limit: int = 64) -> None:
    value = item.get(key)
    if value is None and not required:
        return
    if not isinstance(value, str) or not value.strip():
        raise ScenarioError(f"{position}.{key}", "must be a non-empty string")
    if len(value) > limit:
        raise ScenarioError(f"{position}.{key}", f"longer than {limit} characters")


def _check_people(depts: dict, staff: dict, customers: dict) -> None:
    from services.customers.phones import normalize_phone
    from services.platform.errors import ValidationError

    names: set[str] = set()
    for did, d in depts.items():
        _text(d, "name", f"departments[{did}]")
        if d["name"].strip() in names:
            raise ScenarioError(f"departments[{did}].name", f"duplicate department name {d['name']!r}")
        names.add(d["name"].strip())
    for sid, s in staff.items():
        _text(s, "name", f"staff[{sid}]")
        _ref(s["dept"], depts, f"staff[{sid}].dept", "department")
    for cid, c in customers.items():
        _text(c, "name", f"customers[{cid}]")
        phone = c.get("phone")
        if phone is not None:
            if not isinstance(phone, str):
                raise ScenarioError(f"customers[{cid}].phone", "must be a string")
            try:
                normalize_phone(phone)
            except ValidationError as exc:
                raise ScenarioError(f"customers[{cid}].phone", exc.message) from None


def validate(data: Any) -> Scenario:
    """Check a whole scenario; raises `ScenarioError` at the first fault."""
    if not isinstance(data, dict):
        raise ScenarioError("$", "a scenario must be a JSON object")
    depts = _ids(data.get("departments"), "departments", ("name",))
    staff = _ids(data.get("staff"), "staff", ("name", "dept"))
    customers = _ids(data.get("customers"), "customers", ("name",))
    _check_people(depts, staff, customers)
    meetings = _ids(data.get("meetings"), "meetings", ("date",))
    for mid, m in meetings.items():
        pos = f"meetings[{mid}]"
        try:
            if not isinstance(m["date"], str):
                raise ValueError
            day = dt.date.fromisoformat(m["date"])
        except ValueError:
            raise ScenarioError(f"{pos}.date", f"bad date {m['date']!r}, expected YYYY-MM-DD") from None
        _check_year(day.year, m["date"], f"{pos}.date")
        if m.get("slot", "afternoon") not in ("afternoon", "evening"):
            raise ScenarioError(f"{pos}.slot", f"slot must be afternoon or evening, got {m.get('slot')!r}")
        if not isinstance(m.get("joint", False), bool):
            raise ScenarioError(f"{pos}.joint", "joint must be true or false")
        listed = m.get("departments", []) or []
        if not isinstance(listed, list):
            raise ScenarioError(f"{pos}.departments", "must be a list of department ids")
        for d in listed:
            _ref(d, depts, f"{pos}.departments", "department")
    events = data.get("events")
    if not isinstance(events, list):
        raise ScenarioError("events", "missing or not a list")
    complaints: dict[str, str] = {}
    for i, ev in enumerate(events):
        pos = f"events[{i}]"
        if not isinstance(ev, dict):
            raise ScenarioError(pos, "must be an object")
        if "at" not in ev:
            raise ScenarioError(pos, "missing key 'at'")
        at = parse_time(ev["at"], f"{pos}.at")
        if "recorded_at" in ev and parse_time(ev["recorded_at"], f"{pos}.recorded_at") < at:
            raise ScenarioError(
                f"{pos}.recorded_at", "recorded_at is earlier than at (nothing is recorded before it happens)"
            )
        etype = ev.get("type")
        if not isinstance(etype, str) or etype not in EVENT_KEYS:
            raise ScenarioError(f"{pos}.type", f"unknown event type {etype!r}")
        for key in EVENT_KEYS[etype]:
            if key not in ev:
                raise ScenarioError(pos, f"{etype} needs key {key!r}")
        refs = {"customer": customers, "staff": staff, "meeting": meetings, "dept": depts, "referrer": customers}
        for key, table in refs.items():
            if key in ev and not (key in ("referrer", "meeting") and ev[key] is None and etype != "invite"):
                _ref(ev[key], table, f"{pos}.{key}", key)
        for key in ("channel", "kind", "to", "by", "id"):
            if key in ev and not isinstance(ev[key], str):
                raise ScenarioError(f"{pos}.{key}", "must be a string")
        if "reason" in ev and not isinstance(ev["reason"], str):
            raise ScenarioError(f"{pos}.reason", "must be a string")
        if etype in ("reassign", "ruling") and not ev["reason"].strip():
            raise ScenarioError(f"{pos}.reason", "a reason is required")
        if "signed" in ev and not isinstance(ev["signed"], bool):
            raise ScenarioError(f"{pos}.signed", "must be true or false")
        if etype == "register" and ev["channel"] not in CHANNELS:
            raise ScenarioError(f"{pos}.channel", f"unknown channel {ev['channel']!r}")
        if etype == "visit" and ev["kind"] not in ("home", "phone"):
            raise ScenarioError(f"{pos}.kind", f"kind must be home or phone, got {ev['kind']!r}")
        if etype in ("reassign", "ruling") and ev["to"] != POOL and ev["to"] not in staff:
            raise ScenarioError(f"{pos}.to", f'unknown staff {ev["to"]!r} (or "pool")')
        if etype == "ruling" and ev["by"] not in ("coordinator", "gm"):
            raise ScenarioError(f"{pos}.by", "by must be coordinator or gm")
        if etype != "ruling" and ev.get("by", "staff") not in RECORDERS:
            raise ScenarioError(f"{pos}.by", "by must be staff or manager")
        if etype == "purchase" and (
            isinstance(ev["amount"], bool) or not isinstance(ev["amount"], (int, float)) or not 0 < ev["amount"] < 1e12
        ):
            raise ScenarioError(f"{pos}.amount", "amount must be a positive number")
        if etype == "submit_list":
            if not isinstance(ev["customers"], list):
                raise ScenarioError(f"{pos}.customers", "must be a list of customer ids")
            for c in ev["customers"]:
                _ref(c, customers, f"{pos}.customers", "customer")
        if "referral_complete" in ev and not isinstance(ev["referral_complete"], bool):
            raise ScenarioError(f"{pos}.referral_complete", "must be true or false")
        if etype == "complaint":
            if ev["id"] in complaints:
                raise ScenarioError(f"{pos}.id", f"duplicate complaint id {ev['id']!r}")
            complaints[ev["id"]] = ev["customer"]
        if etype == "complaint_resolved" and ev["id"] not in complaints:
            raise ScenarioError(f"{pos}.id", f"unknown complaint {ev['id']!r}")
    expect = data.get("expect", [])
    if not isinstance(expect, list):
        raise ScenarioError("expect", "must be a list")
    for i, x in enumerate(expect):
        pos = f"expect[{i}]"
        if not isinstance(x, dict):
            raise ScenarioError(pos, "must be an object")
        if "points_of" in x:
            need, table_key = ("at", "points_of", "points"), "points_of"
        elif "credited_to" in x:
            need, table_key = ("meeting", "customer", "credited_to"), "customer"
        else:
            need, table_key = ("at", "customer", "owner"), "customer"
        for key in need:
            if key not in x:
                raise ScenarioError(pos, f"missing key {key!r}")
        _ref(x[table_key], customers, f"{pos}.{table_key}", "customer")
        if "at" in x:
            parse_time(x["at"], f"{pos}.at")
        if "meeting" in x:
            _ref(x["meeting"], meetings, f"{pos}.meeting", "meeting")
    return Scenario(str(data.get("name", "")), depts, staff, customers, meetings, events, expect, complaints)


def load(path: str | Path) -> Scenario:
    try:
        text = Path(path).read_text(encoding="utf-8")
    except OSError as exc:
        raise ScenarioError("$", f"cannot read file: {exc.strerror}") from None
    except UnicodeDecodeError:
        raise ScenarioError("$", "file is not UTF-8 text") from None
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise ScenarioError(f"line {exc.lineno} column {exc.colno}", f"invalid JSON: {exc.msg}") from None
    except RecursionError:
        raise ScenarioError("$", "JSON nested too deeply (a scenario is a few levels deep)") from None
    return validate(data)


def recorded_at(ev: dict) -> dt.datetime:
    """When a (validated) scenario event is recorded: its ``recorded_at``, else its ``at``."""
    return parse_time(ev.get("recorded_at", ev["at"]), "")


@dataclass
class ReplayResult:
    results: list[dict]
    refusals: list[str]


def replay(sc: Scenario, db_target: str = ":memory:") -> ReplayResult:
    """Replay a validated scenario on a fresh database (in memory unless the tests name an empty one)."""
    from models import close_db, init_db
    from services.app import Services
    from services.platform.clock import FixedClock

    events = sorted(enumerate(sc.events), key=lambda pair: (recorded_at(pair[1]), pair[0]))
    start = min(parse_time(e["at"], "") for _, e in events) if events else dt.datetime(2000, 1, 1)
    clock = FixedClock(start - dt.timedelta(days=365))
    init_db(db_target)
    try:
        app = Services(clock)
        try:
            runner = _Runner(app, sc)
        except ServiceError as exc:  # e.g. a meeting of a single department marked joint
            raise ScenarioError("setup", exc.message) from None
        refusals = []
        for index, ev in events:
            clock.set(recorded_at(ev))
            try:
                runner.apply(ev)
            except RuleRefused as exc:
                refusals.append(f"events[{index}] ({ev['type']} {ev['at']}): {exc.message}")
            except ServiceError as exc:
                refusals.append(f"events[{index}] ({ev['type']} {ev['at']}): {exc.message}")
        end = max([recorded_at(e) for _, e in events] + [clock.now()])
        clock.set(end)
        return ReplayResult([runner.answer(x, end) for x in sc.expect], refusals)
    finally:
        close_db()


class _Runner:
    """Maps scenario ids to database rows and each event to one service call by a fitting user."""

    def __init__(self, app, sc: Scenario):
        from services.office.permissions import Actor

        self.app, self.sc = app, sc
        self.admin = app.auth.create_first_admin("replay-admin", "replay-admin", "回放管理员")
        self.dept = {k: app.org.create_department(self.admin, v["name"]).id for k, v in sc.departments.items()}
        self.staff = {
            k: app.org.create_staff(self.admin, v["name"], self.dept[v["dept"]]).id for k, v in sc.staff.items()
        }
        self.staff_key = {v: k for k, v in self.staff.items()}
        self.users: dict[str, Actor] = {}
        for role in ("clerk", "director", "coordinator", "gm"):
            self.users[role] = self._user(f"replay-{role}", role)
        self.managers = {k: self._user(f"replay-manager-{k}", "manager", department_id=v) for k, v in self.dept.items()}
        self.staff_users = {k: self._user(f"replay-staff-{k}", "staff", staff_id=v) for k, v in self.staff.items()}
        self.customer = {}
        for k, v in sc.customers.items():
            phones = [v["phone"]] if v.get("phone") else []
            self.customer[k] = app.customers.create(self.users["clerk"], v["name"], phones, allow_duplicate=True).id
        self.meeting = {}
        for k, v in sc.meetings.items():
            depts = [self.dept[d] for d in v.get("departments") or []] or list(self.dept.values())
            joint = bool(v.get("joint", False))
            if joint and len(depts) < 2:
                joint = False
            self.meeting[k] = app.meetings.create(
                self.users["director"],
                dt.date.fromisoformat(v["date"]),
                v.get("slot", "afternoon"),
                joint,
                depts,
                name=k,
            ).id

    def _user(self, username: str, role: str, staff_id=None, department_id=None):
        from models import User
        from services.office.auth import actor_for

        info = self.app.auth.create_user(
            self.admin, username, None, role, staff_id=staff_id, department_id=department_id
        )
        return actor_for(User.get_by_id(info.id))

    def _recorder(self, ev: dict, default):
        """Who records ``ev``: its default user, or with ``by: manager`` the manager of the department
        concerned (the director when none is), who gives a reason for a late entry (SPEC §5)."""
        if ev["type"] == "ruling" or ev.get("by", "staff") != "manager":
            return default, {}
        dept = ev.get("dept") or (self.sc.staff[ev["staff"]]["dept"] if ev.get("staff") else None)
        manager = self.managers[dept] if dept else self.users["director"]
        return manager, {"late_reason": ev.get("reason") or LATE_REASON}

    def apply(self, ev: dict) -> None:
        t, tl = ev["type"], self.app.timeline
        at = parse_time(ev["at"], "")
        c = self.customer.get(ev.get("customer"))
        s = self.staff.get(ev.get("staff"))
        defaults = {
            "allocate": self.users["director"],
            "submit_list": self.managers.get(ev.get("dept")),
            "attend": self.users["clerk"],
            "purchase": self.users["clerk"],
            "complaint": self.users["clerk"],
            "complaint_resolved": self.users["clerk"],
            "staff_left": self.admin,
            "reassign": self.users["director"],
            "ruling": self.users.get(ev.get("by")),
        }
        me, late = self._recorder(ev, defaults.get(t, self.staff_users.get(ev.get("staff"))))
        if t == "register":
            tl.register(
                me,
                c,
                s,
                ev["channel"],
                at=at,
                referrer_id=self.customer.get(ev.get("referrer")),
                referral_complete=ev.get("referral_complete", True),
                **late,
            )
        elif t == "allocate":
            tl.allocate(me, c, s, at=at, **late)
        elif t == "preheat":
            tl.preheat(me, c, s, at=at, **late)
        elif t == "visit":
            tl.visit(me, c, s, ev["kind"], at=at, signed=ev.get("signed"), **late)
        elif t == "invite":
            tl.invite(me, c, s, self.meeting[ev["meeting"]], at=at, **late)
        elif t == "submit_list":
            customers = [self.customer[x] for x in ev["customers"]]
            tl.submit_list(me, self.dept[ev["dept"]], self.meeting[ev["meeting"]], customers, at=at, **late)
        elif t == "attend":
            tl.attend(me, c, self.meeting[ev["meeting"]], at=at, **late)
        elif t == "purchase":
            tl.purchase(me, c, ev["amount"], meeting_id=self.meeting.get(ev.get("meeting")), at=at, **late)
        elif t == "complaint":
            tl.complaint(me, c, self._complaint_code(ev["id"]), at=at, **late)
        elif t == "complaint_resolved":
            tl.resolve_complaint(me, self._complaint_code(ev["id"]), at=at, **late)
        elif t == "staff_left":
            tl.staff_left(me, s, at=at, **late)
        elif t == "reassign":
            to = POOL if ev["to"] == POOL else self.staff[ev["to"]]
            tl.reassign(me, c, to, ev["reason"], at=at, **late)
        elif t == "ruling":
            to = POOL if ev["to"] == POOL else self.staff[ev["to"]]
            tl.ruling(me, c, to, ev["by"], ev["reason"], at=at)

    def _complaint_code(self, key: str) -> str:
        return f"scenario-{key}"

    def _owner_key(self, owner: Any) -> Any:
        if owner is None or owner == POOL:
            return owner
        return self.staff_key.get(owner, owner)

    def answer(self, x: dict, end: dt.datetime) -> dict:
        out = dict(x)
        if "points_of" in x:
            at = parse_time(x["at"], "")
            out["points"] = self.app.timeline.points_of(self.customer[x["points_of"]], at, known_at=at)
        elif "credited_to" in x:
            v = self.app.timeline.verdict(self.customer[x["customer"]], end)
            out["credited_to"] = self._owner_key(v.credits.get(self.meeting[x["meeting"]]))
        else:
            at = parse_time(x["at"], "")
            v = self.app.timeline.verdict(self.customer[x["customer"]], at, known_at=at)
            out["owner"] = self._owner_key(v.owner)
            if "rule" in x:
                out["rule"] = v.rule or None
        return out


def differences(expected: list[dict], got: list[dict]) -> list[str]:
    """One line per expectation whose values differ."""
    lines = []
    for i, (want, have) in enumerate(zip(expected, got, strict=False)):
        for key in want:
            if want[key] != have.get(key):
                where = want.get("at") or want.get("meeting")
                subject = want.get("customer") or want.get("points_of")
                lines.append(f"expect[{i}] ({subject} @ {where}): {key} expected {want[key]!r}, got {have.get(key)!r}")
    return lines
