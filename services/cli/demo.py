"""The demo office (演示办公室): a new database filled through the services with a fixed seed.

`build_demo` sets up an invented office (three departments, about 30 staff, a user
for every role), a meeting calendar, then N customers with six months of timelines
ending at `END`, each customer's story one transaction. Afterwards the office-wide
events: joint-meeting lists, one staff member leaving, reassignments, a coordinator
ruling, and the deadline sweep at `END`. Nothing is inserted behind the services'
back, so the rules engine decides every owner as it would in the office. The same
seed always gives the same database (apart from password salts and timestamps of
the build itself).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import os
import random
import shutil
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from peewee import fn

from models import ConflictCase, Customer, Department, Event, Ownership, close_db, db, init_db
from services.app import Services
from services.cli.demo_people import PeopleMaker
from services.cli.demo_scans import write_scans
from services.cli.demo_story import CustomerStory, Dept, MeetingSlot, StaffMember, World, working_time
from services.cli.demo_today import Staged, TodayStage, batch_size
from services.intake.scans import INBOX, default_data_dir
from services.office.auth import actor_for
from services.office.permissions import Actor
from services.platform.clock import FixedClock, SystemClock
from services.platform.errors import RuleRefused, ServiceError, ValidationError
from services.rules.meetings import list_deadline
from services.rules.model import POOL, MeetingInfo

OFFICE_NAME = "康健会销体验店(江川店)"
OPENS = dt.time(8, 30)  # the demo's "now": its day, as the office opens
HISTORY = dt.timedelta(days=183)
REFERENCE_DAY = dt.date(2026, 11, 20)  # the fixed day of the benchmark databases


def demo_end(day: dt.date) -> dt.datetime:
    """The instant a demo built for ``day`` ends: that morning, as the office opens."""
    return dt.datetime.combine(day, OPENS)


END = demo_end(REFERENCE_DAY)
DEPARTMENTS = ("健康一部", "健康二部", "健康三部")
STAFF_PER_DEPT = 8  # plus one manager and one or two experts each
DEFAULT_SEED = 20260301
STORIES_PER_COMMIT = 50
BUILD_CACHE_KB = 256 * 1024  # page cache of the build's connection (a 10,000-customer office is ~65 MB)


@dataclass(frozen=True)
class DemoLogin:
    username: str
    password: str
    role: str
    display_name: str


# Every demo account and its password (also in docs/DEMO.md).
ADMIN_LOGIN = DemoLogin("admin", "admin123", "admin", "系统管理员")
OFFICE_LOGINS = (
    DemoLogin("clerk", "clerk123", "clerk", "录入员"),
    DemoLogin("director", "director123", "director", "顾客资源总监"),
    DemoLogin("coord", "coord123", "coordinator", "协调助理"),
    DemoLogin("boss", "boss123", "gm", "总经理"),
    DemoLogin("front", "front123", "front_desk", "前台"),
)
MANAGER_PASSWORD = "manager123"  # manager1 … manager3
EXPERT_PASSWORD = "expert123"  # expert1 …
STAFF_PASSWORD = "staff123"  # staff01 …


@dataclass(frozen=True)
class DemoInfo:
    """What was built, for the command line, the tests and the benchmarks."""

    path: str
    office_name: str
    seed: int
    end: dt.datetime
    customers: int
    events: int
    refused: int
    staff: int
    departments: tuple[str, ...]
    logins: tuple[DemoLogin, ...]
    owners_by_department: dict[str, int]
    pool: int
    unowned: int
    open_cases: int
    seconds: float  # the whole build
    setup_seconds: float = 0.0  # office, users (slow password hashes) and meetings
    day: dt.date | None = None  # the day the demo is anchored to (its "now" is that morning)
    staged: Staged | None = None  # what waits on that day

    @property
    def customers_per_second(self) -> float:
        """Customers per second of the build after the office setup (timelines, lists, sweep)."""
        spent = self.seconds - self.setup_seconds
        return self.customers / spent if spent > 0 else 0.0


class DemoExists(ServiceError):
    """The target file already holds data: a demo is only ever built into a new database."""


class DemoCancelled(ServiceError):
    def __init__(self):
        super().__init__("已取消生成演示数据库,未完成的文件已删除。")


def build_demo(
    path: str,
    customers: int = 5000,
    seed: int = DEFAULT_SEED,
    progress: Callable[[int, int], None] | None = None,
    cancelled: Callable[[], bool] | None = None,
    today: dt.date | None = None,
) -> DemoInfo:
    """Create the demo office in a NEW SQLite database at ``path`` and close it again.

    The office's six months of history end on the morning of ``today`` (default: the system's
    today), so a demo opened that day finds today's meetings, tonight's joint-meeting lists, visits
    due today and this week. The same seed and day always give the same office.

    Args:
        customers: how many customer cards (spouses count as cards).
        progress: called as ``progress(done, total)`` after each customer.
        cancelled: polled between customers; when it returns True the partial file is removed.

    Raises:
        DemoExists: ``path`` exists and is not empty (nothing is changed).
        DemoCancelled: the build was cancelled.
    """
    p = Path(path)
    if p.exists() and (p.is_dir() or p.stat().st_size > 0):
        raise DemoExists(f"文件 {path} 已存在且不是空文件,演示数据只能生成到新的数据库文件。")
    if customers < 1:
        raise ValidationError("customers", "顾客数量至少为 1。")
    started = time.perf_counter()
    init_db(str(p))
    try:
        _build_pragmas()
        day = today or SystemClock().now().date()
        info = _build(str(p), customers, seed, progress, cancelled, started, day)
    except BaseException:
        close_db()
        remove_database(p)
        raise
    close_db()
    return info


def _build_pragmas() -> None:
    """The file is new and nobody opens it before the build ends (a failed build removes it), so commits
    need not wait for the disk, and the whole office fits in the page cache. Only this connection is
    affected: the finished database is opened with the program's usual settings."""
    db.execute_sql("PRAGMA synchronous=OFF")
    db.execute_sql(f"PRAGMA cache_size=-{BUILD_CACHE_KB}")
    db.execute_sql("PRAGMA temp_store=MEMORY")


def remove_database(p: str | Path) -> None:
    """Remove a demo SQLite file with its journal files and its scans inbox (a demo only: nothing else is
    ever removed)."""
    for suffix in ("", "-wal", "-shm"):
        try:
            os.remove(f"{p}{suffix}")
        except FileNotFoundError:
            pass
    shutil.rmtree(default_data_dir(str(p)) / INBOX, ignore_errors=True)


def replace_database(new: str | Path, old: str | Path) -> None:
    """Put a freshly built demo (closed, so without journal files) in place of the old demo."""
    for suffix in ("-wal", "-shm"):
        try:
            os.remove(f"{old}{suffix}")
        except FileNotFoundError:
            pass
    os.replace(new, old)
    # The new demo's scans take the place of the old ones (the scans inbox beside each database).
    new_inbox, old_inbox = default_data_dir(str(new)) / INBOX, default_data_dir(str(old)) / INBOX
    if new_inbox != old_inbox:
        shutil.rmtree(old_inbox, ignore_errors=True)
        if new_inbox.exists():
            old_inbox.parent.mkdir(parents=True, exist_ok=True)
            shutil.move(str(new_inbox), str(old_inbox))


def _build(path, customers, seed, progress, cancelled, started, day: dt.date) -> DemoInfo:
    rng = random.Random(seed)
    end = demo_end(day)
    start = end - HISTORY
    app = Services(FixedClock(start - dt.timedelta(days=30)))
    world, logins, admin, coord = _setup_office(app, rng, start, end)
    setup = time.perf_counter() - started
    story = CustomerStory(world)
    per_batch = batch_size(customers)
    made = 2 * per_batch + (len(DEPARTMENTS) if per_batch else 0)  # the demo day's batches and walk-ins
    while made < customers:
        # Several stories per transaction (each service call inside is still its own savepoint, so a
        # refused action undoes only itself): one commit per customer cost as much as the story.
        with db.atomic():
            for _ in range(STORIES_PER_COMMIT):
                if made >= customers:
                    break
                if cancelled and cancelled():
                    raise DemoCancelled()
                made += story.tell(spouse_allowed=made + 1 < customers)
                if progress:
                    progress(made, customers)
    app.clock.set(end)
    with db.atomic():
        _submit_joint_lists(app, world)
    _office_events(app, world, admin, coord)
    staged = TodayStage(world, admin, coord, _actor_by_role("director")).stage(per_batch)
    app.timeline.sweep(admin, end)
    if staged.waiting_batch is not None:  # the rest of yesterday's stack, scanned: the clerk's day starts there
        # after the sweep: 表02's regular is picked from the owners the office opens with
        waiting = app.allocation.get(admin, staged.waiting_batch)
        staged.scans = tuple(str(f) for f in write_scans(Path(app.data_dir) / INBOX / waiting.name, seed, day))
    app.settings.stamp_demo(admin, day, customers, seed)
    info = _summary(app, world, path, seed, logins, story.events, time.perf_counter() - started, setup)
    return dataclasses.replace(info, day=day, end=end, staged=staged)


def _setup_office(
    app: Services, rng: random.Random, start: dt.datetime, end: dt.datetime
) -> tuple[World, tuple[DemoLogin, ...], Actor, Actor]:
    people = PeopleMaker(rng)
    admin = app.auth.create_first_admin(ADMIN_LOGIN.username, ADMIN_LOGIN.password, ADMIN_LOGIN.display_name)
    app.settings.set(admin, "office.name", OFFICE_NAME)
    logins = [ADMIN_LOGIN]
    actors: dict[str, Actor] = {}
    for login in OFFICE_LOGINS:
        info = app.auth.create_user(admin, login.username, login.password, login.role, display_name=login.display_name)
        actors[login.role] = _actor(info.id)
        logins.append(login)
    depts: list[Dept] = []
    expert_no = staff_no = 0
    for n, dept_name in enumerate(DEPARTMENTS, start=1):
        d = app.org.create_department(admin, dept_name)
        members: list[tuple[str, str]] = [("manager", f"manager{n}")]
        members += [("expert", "")] * (2 if n == 1 else 1)
        members += [("staff", "")] * STAFF_PER_DEPT
        dept = Dept(d.id, dept_name, None, [], [])  # type: ignore[arg-type]
        for position, username in members:
            person = people.person(birth_year=rng.randint(1975, 2000))
            s = app.org.create_staff(admin, person.name, d.id, position, person.phone)
            if position == "manager":
                password = MANAGER_PASSWORD
            elif position == "expert":
                expert_no += 1
                username, password = f"expert{expert_no}", EXPERT_PASSWORD
            else:
                staff_no += 1
                username, password = f"staff{staff_no:02d}", STAFF_PASSWORD
            role = "manager" if position == "manager" else ("expert" if position == "expert" else "staff")
            info = app.auth.create_user(
                admin, username, password, role, display_name=person.name, staff_id=s.id, department_id=d.id
            )
            logins.append(DemoLogin(username, password, role, f"{person.name}({dept_name})"))
            member = StaffMember(s.id, d.id, _actor(info.id))
            if position == "manager":
                dept.manager = member.actor
            elif position == "expert":
                dept.experts.append(member)
            else:
                dept.staff.append(member)
        depts.append(dept)
    meetings = _schedule_meetings(app, actors["director"], depts, end.date())
    world = World(app, rng, people, start, end, depts, actors["clerk"], meetings, app.settings.params())
    # One staff member of the second department leaves half-way (R10); stories avoid them afterwards.
    world.depts[1].staff[-1].left_at = dt.datetime.combine(start.date() + dt.timedelta(days=110), dt.time(9, 0))
    return world, tuple(logins), admin, actors["coordinator"]


def _actor(user_id: int) -> Actor:
    from models import User

    return actor_for(User.get_by_id(user_id))


def _schedule_meetings(app: Services, director: Actor, depts: list[Dept], today: dt.date) -> list[MeetingSlot]:
    """A meeting every three days, counted from the demo's day: that afternoon 健康一部's own meeting,
    in three days a joint meeting (its lists are due every evening before it, tonight's too), and so
    on backwards over the six months; every fourth meeting is joint."""
    out = []
    n = -(HISTORY.days // 3) + 3  # the first meeting, about eight days into the history
    while n <= 4:
        day = today + dt.timedelta(days=3 * n)
        joint = n % 4 == 1
        ids = [d.id for d in depts] if joint else [depts[n % len(depts)].id]
        slot = "evening" if n % 5 == 2 else "afternoon"
        app.clock.set(dt.datetime.combine(day - dt.timedelta(days=14), dt.time(9, 0)))
        m = app.meetings.create(director, day, slot, joint, ids, name=f"{day:%m月%d日}{'联合' if joint else ''}联谊会")
        out.append(MeetingSlot(m.id, day, slot, joint, tuple(ids)))
        n += 1
    return out


def _submit_joint_lists(app: Services, world: World) -> None:
    """R11: each department's daily list of confirmations; most on time, one in ten late (19:10)."""
    rng = world.rng
    managers = {d.id: d.manager for d in world.depts}
    meetings = {m.id: m for m in world.meetings}
    for (mid, dept_id, day), cids in sorted(world.joint_confirmations.items()):
        m = meetings[mid]
        deadline = list_deadline(MeetingInfo(m.date, m.slot, True), day, world.params)
        if rng.random() < 0.1 and day < m.date:
            at = dt.datetime.combine(day, dt.time(19, 10))
        else:
            at = deadline - dt.timedelta(minutes=rng.randint(5, 40))
        if at > world.end:
            continue
        app.clock.set(at)  # submitted then (a list recorded days late would need a reason, SPEC §5)
        try:
            app.timeline.submit_list(managers[dept_id], dept_id, mid, cids, at=at)
        except RuleRefused:
            world.refused += 1


def _office_events(app: Services, world: World, admin: Actor, coord: Actor) -> None:
    """Staff leaving (R10), pool reassignments, manager reassignments and one coordinator ruling."""
    rng, tl = world.rng, app.timeline
    leaver = world.depts[1].staff[-1]
    app.clock.set(leaver.left_at)  # each office action is recorded when it happens (SPEC §5 back-entry limit)
    with db.atomic():
        moved = tl.staff_left(admin, leaver.id, at=leaver.left_at)
    app.clock.set(world.end)
    director = _actor_by_role("director")
    pool_ids = [r.customer_id for r in moved]
    for cid in pool_ids[: len(pool_ids) // 2]:
        # The director hands the pool customers to another department's staff member.
        target = rng.choice([s for d in world.depts if d.id != leaver.dept for s in d.staff])
        at = leaver.left_at + dt.timedelta(days=2, hours=1)
        _try(app, world.end, tl.reassign, director, cid, target.id, "员工离职,顾客资源由公司统一分配", at=at)
        _try(app, world.end, tl.preheat, target.actor, cid, target.id, at=at + dt.timedelta(hours=20))
    # Managers move a few customers whose claim lapsed to a colleague in the department.
    for dept in world.depts:
        rows = (
            Ownership.select(Ownership.customer, Ownership.owner)
            .where((Ownership.owner_department == dept.id) & (Ownership.claim_state == "lapsed"))
            .order_by(Ownership.customer)
            .limit(3)
            .tuples()
        )
        for cid, owner in rows:
            target = world.pick_staff(dept, world.end - dt.timedelta(days=4), not_id=owner)
            if target:
                at = working_time(rng, world.end - dt.timedelta(days=rng.randint(3, 6)))
                if _try(app, world.end, tl.reassign, dept.manager, cid, target.id, "原专员跟进不到位,经理调整", at=at):
                    if rng.random() < 0.7:
                        _try(app, world.end, tl.preheat, target.actor, cid, target.id, at=at + dt.timedelta(hours=3))
    case = (
        ConflictCase.select()
        .where((ConflictCase.state == "open") & (ConflictCase.opened_at < world.end - dt.timedelta(days=3)))
        .order_by(ConflictCase.opened_at.desc())
        .first()
    )
    if case is not None and case.parties:
        to = int(case.proposed_owner) if case.proposed_owner.isdigit() else case.parties[0]
        at = case.opened_at + dt.timedelta(days=1)
        _try(
            app,
            world.end,
            tl.ruling,
            coord,
            case.customer_id,
            to,
            "coordinator",
            "双方预热记录核实后,按协调会意见归属",
            at=at,
        )


def _actor_by_role(role: str) -> Actor:
    from models import User

    return actor_for(User.get(User.role == role))


def _try(app: Services, end: dt.datetime, fn, *args, at: dt.datetime, **kwargs) -> bool:
    """One office action, recorded when it happens as the office would (SPEC §5 back-entry limit); refused
    ones (rules, a staff member who has left, a time after the demo's ``end``) are skipped."""
    if at > end:
        return False
    app.clock.set(at)
    try:
        with db.atomic():
            fn(*args, at=at, **kwargs)
        return True
    except (RuleRefused, ValidationError):
        return False
    finally:
        app.clock.set(end)


def _summary(app, world, path, seed, logins, events, seconds, setup) -> DemoInfo:
    names = dict(Department.select(Department.id, Department.name).order_by(Department.id).tuples())
    per_dept = {name: 0 for name in names.values()}
    for dept_id, n in (
        Ownership.select(Ownership.owner_department, fn.COUNT(Ownership.customer))
        .where(Ownership.owner_kind == "staff")
        .group_by(Ownership.owner_department)
        .tuples()
    ):
        per_dept[names[dept_id]] = n
    kinds = dict(
        Ownership.select(Ownership.owner_kind, fn.COUNT(Ownership.customer)).group_by(Ownership.owner_kind).tuples()
    )
    total = Customer.select().count()
    return DemoInfo(
        path=path,
        office_name=OFFICE_NAME,
        seed=seed,
        end=world.end,
        customers=total,
        events=Event.select().count(),
        refused=world.refused,
        staff=sum(len(d.staff) + len(d.experts) + 1 for d in world.depts),
        departments=DEPARTMENTS,
        logins=logins,
        owners_by_department=per_dept,
        pool=kinds.get(POOL, 0),
        unowned=total - kinds.get("staff", 0) - kinds.get(POOL, 0),
        open_cases=ConflictCase.select().where(ConflictCase.state == "open").count(),
        seconds=seconds,
        setup_seconds=setup,
    )
