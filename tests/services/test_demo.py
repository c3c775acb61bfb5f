"""The demo office: built through the services, reproducible, logins as documented, timelines complete."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest
from peewee import JOIN

from models import Customer, Event, HouseholdLink, Ownership, Phone, Staff, close_db, init_db
from services.app import Services
from services.cli.commands import cmd_demo, cmd_sweep
from services.cli.demo import DemoCancelled, DemoExists, build_demo, demo_end
from services.customers.taxonomy import is_occupation
from services.platform.clock import FixedClock

N = 120
DAY = dt.date(2026, 12, 3)
END = demo_end(DAY)
DEMO_MD = Path(__file__).resolve().parents[2] / "docs" / "DEMO.md"


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    folder = tmp_path_factory.mktemp("demo")
    first = build_demo(str(folder / "a.db"), N, seed=7, today=DAY)
    second = build_demo(str(folder / "b.db"), N, seed=7, today=DAY)
    return folder, first, second


def _owners(path: Path) -> list[tuple]:
    init_db(str(path))
    try:
        rows = (
            Customer.select(Customer.name, Ownership.owner_kind, Staff.name, Ownership.rule, Ownership.claim_state)
            .join(Ownership)
            .join(Staff, join_type=JOIN.LEFT_OUTER, on=(Ownership.owner == Staff.id))
            .order_by(Customer.id)
            .tuples()
        )
        return list(rows)
    finally:
        close_db()


def test_demo_builds_the_asked_number_of_customers_each_with_a_snapshot(built):
    folder, info, _ = built
    assert info.customers == N
    assert info.events > 4 * N
    assert sum(info.owners_by_department.values()) + info.pool + info.unowned == N
    rows = _owners(folder / "a.db")
    # Every customer has an ownership snapshot; the cards of today's batches (not yet allocated) own nobody.
    assert len(rows) == N and info.unowned == 2 * (N // 25)
    assert sum(1 for r in rows if r[1] == "none") == info.unowned
    assert sum(1 for r in rows if r[1] == "staff") > N * 0.8


def test_same_seed_gives_the_same_owners(built):
    folder, first, second = built
    assert _owners(folder / "a.db") == _owners(folder / "b.db")
    assert first.owners_by_department == second.owners_by_department


def test_timelines_hold_the_office_events_and_cards_look_real(built):
    folder, info, _ = built
    init_db(str(folder / "a.db"))
    try:
        types = {t for (t,) in Event.select(Event.type).distinct().tuples()}
        assert {"register", "allocate", "preheat", "invite", "attend", "purchase", "visit", "listed"} <= types
        assert {"staff_left", "reassign"} <= types
        assert Event.select().where(Event.at > END).count() == 0
        numbers = [n for (n,) in Phone.select(Phone.number).tuples()]
        assert len(numbers) == len(set(numbers)) >= N
        assert all(re.fullmatch(r"1[3-9]\d{9}", n) for n in numbers)
        for name, address, year, occupation in Customer.select(
            Customer.name, Customer.address, Customer.birth_year, Customer.occupation
        ).tuples():
            assert 2 <= len(name) <= 4
            assert address.startswith("江川市")
            assert 1935 <= year <= 1975
            assert is_occupation(occupation)
        assert HouseholdLink.select().where(HouseholdLink.relation == "spouse").count() >= 1
        left = Staff.get(Staff.left_at.is_null(False))
        assert not Ownership.select().where(Ownership.owner == left.id).exists()
    finally:
        close_db()


def test_every_login_in_demo_md_works(built):
    folder, info, _ = built
    table = re.findall(r"^\| `([a-z0-9]+)`(?: … `([a-z0-9]+)`)? \| `([^`]+)` \|", DEMO_MD.read_text("utf-8"), re.M)
    documented = {}
    for first, last, password in table:
        if last:  # staff01 … staff08
            prefix = first.rstrip("0123456789")
            lo, hi = int(first[len(prefix) :]), int(last[len(prefix) :])
            documented.update({f"{prefix}{i:02d}": password for i in range(lo, hi + 1)})
        else:
            documented[first] = password
    assert {lg.username: lg.password for lg in info.logins} == documented
    init_db(str(folder / "a.db"))
    try:
        app = Services(FixedClock(END))
        roles = {app.auth.login(u, p).role for u, p in documented.items()}
        assert roles == {"admin", "clerk", "director", "coordinator", "gm", "front_desk", "manager", "expert", "staff"}
    finally:
        close_db()


def test_demo_refuses_an_existing_database(built):
    folder, _, _ = built
    before = (folder / "a.db").stat().st_size
    with pytest.raises(DemoExists, match="已存在"):
        build_demo(str(folder / "a.db"), 10)
    assert (folder / "a.db").stat().st_size == before


def test_demo_and_sweep_commands(tmp_path, capsys):
    target = tmp_path / "cli.db"
    assert cmd_demo(str(target), 25, 3, DAY) == 0
    out = capsys.readouterr().out
    assert "数据截至 2026-12-03 08:30" in out
    assert "顾客 25 位" in out and "公司资源池" in out and "用时" in out
    assert cmd_demo(str(target), 25, 3) == 2
    assert "已存在" in capsys.readouterr().err
    assert cmd_sweep(str(target)) == 0
    assert "归属快照已更新" in capsys.readouterr().out
    assert cmd_sweep(None) == 2


def test_cancelled_build_reports_progress_and_leaves_no_file(tmp_path):
    target = tmp_path / "cancel.db"
    seen: list[tuple[int, int]] = []
    with pytest.raises(DemoCancelled):
        build_demo(
            str(target), 50, progress=lambda done, total: seen.append((done, total)), cancelled=lambda: len(seen) >= 3
        )
    assert len(seen) == 3 and all(total == 50 for _, total in seen)
    assert [d for d, _ in seen] == sorted({d for d, _ in seen}) and seen[0][0] >= 1  # counts up, one call per card
    assert not target.exists() and not (tmp_path / "cancel.db-wal").exists()


# -- the demo is alive on the day it is built for (issue 17) ---------------------------------------


def test_the_demo_ends_on_the_morning_of_its_day_and_remembers_it(built):
    folder, info, _ = built
    assert info.day == DAY and info.end == dt.datetime(2026, 12, 3, 8, 30)
    init_db(str(folder / "a.db"))
    try:
        assert Event.select().where(Event.at > END).count() == 0
        assert Event.select().where(Event.at > END - dt.timedelta(days=1)).count() > 0  # yesterday was a working day
        stamp = Services(FixedClock(END)).settings.demo_stamp()
        assert (stamp.day, stamp.customers, stamp.seed) == (DAY, N, 7)
    finally:
        close_db()


def test_today_has_its_meeting_tonights_lists_a_complaint_due_tomorrow_and_waiting_batches(built):
    from models import Batch, BatchCard, Complaint, ConflictCase, Meeting

    folder, info, _ = built
    init_db(str(folder / "a.db"))
    try:
        app = Services(FixedClock(END + dt.timedelta(minutes=30)))
        assert [m.slot for m in Meeting.select().where(Meeting.date == DAY)] == ["afternoon"]
        joint = Meeting.get((Meeting.joint == True) & (Meeting.date > DAY))  # noqa: E712
        assert joint.date <= DAY + dt.timedelta(days=7)
        # Confirmations made last night count for today: their list is due by 18:00 tonight, not yet sent.
        due_tonight = [
            d
            for d in app.meetings.list_duties(joint.id)
            if d.day == DAY and d.submitted_at is None and d.missing and d.deadline > END
        ]
        assert due_tonight and all(d.deadline == dt.datetime(2026, 12, 3, 18, 1) for d in due_tonight)
        open_complaints = list(Complaint.select().where(Complaint.resolved_at.is_null()))
        # due_at is the first instant after the deadline: resolved by the end of tomorrow, or R9 applies.
        last_day = [(c.due_at - dt.timedelta(seconds=1)).date() for c in open_complaints if c.due_at > END]
        assert last_day == [DAY + dt.timedelta(days=1)]
        states = {b.state: b for b in Batch.select()}
        assert {"open", "returned"} <= set(states)
        assert BatchCard.select().where(BatchCard.batch == states["open"]).count() >= 4
        # The coordinator kept up: what is open is from yesterday or today, of two kinds, one with the GM.
        waiting = list(ConflictCase.select().where(ConflictCase.state.in_(["open", "escalated"])))
        assert all(c.opened_at >= END - dt.timedelta(days=2) for c in waiting)
        assert len({c.kind for c in waiting if c.state == "open"}) >= 2
        assert [c.state for c in waiting].count("escalated") == 1
        assert info.staged.complaint and info.staged.returned_batch and info.staged.waiting_batch
    finally:
        close_db()


def test_callbacks_are_recorded_as_an_office_records_them(built):
    from models import Callback, CallbackTask, Customer, CustomerTag

    folder, _, _ = built
    init_db(str(folder / "a.db"))
    try:
        purchases = list(Event.select().where(Event.type == "purchase"))
        assert purchases and all((p.details or {}).get("expert") for p in purchases)  # experts named on shipments
        assert all((p.details or {}).get("service_staff") for p in purchases)
        first_visit = []
        for p in purchases:
            home = (
                Callback.select(Callback.at)
                .where((Callback.customer == p.customer_id) & (Callback.kind == "home") & (Callback.at > p.at))
                .order_by(Callback.at)
                .first()
            )
            first_visit.append(None if home is None else (home.at.date() - p.at.date()).days)
        on_time = sum(1 for d in first_visit if d is not None and d <= 2)
        assert on_time >= 0.7 * len(purchases)  # most on time …
        assert any(d is None or d > 2 for d in first_visit)  # … some late or missed
        kinds = {k for (k,) in Callback.select(Callback.kind).distinct().tuples()}
        assert {"home", "joint", "expert_phone"} <= kinds
        # Visits due today and this week, and a few overdue — not hundreds.
        open_tasks = CallbackTask.select().where(CallbackTask.closed_at.is_null())
        soon = open_tasks.where((CallbackTask.due_at > END) & (CallbackTask.due_at < END + dt.timedelta(days=8)))
        assert soon.count() >= 1
        pending_soon = Ownership.select().where(
            (Ownership.claim_state == "pending") & (Ownership.next_deadline < END + dt.timedelta(days=3))
        )
        assert pending_soon.count() >= 1  # pre-heats due today or tomorrow
        classes = {a for (a,) in Customer.select(Customer.abc_class).distinct().tuples()}
        assert {"B", "C"} <= classes
        assert CustomerTag.select(CustomerTag.customer).distinct().count() >= N * 0.3
    finally:
        close_db()


def test_opening_the_demo_on_its_day_moves_no_one_and_the_next_day_few(built, tmp_path):
    import shutil

    from models import User
    from services.office.auth import actor_for

    folder, _, _ = built
    shutil.copyfile(folder / "a.db", tmp_path / "c.db")
    init_db(str(tmp_path / "c.db"))
    try:
        owners = lambda: dict(Ownership.select(Ownership.customer, Ownership.owner).tuples())  # noqa: E731
        app = Services(FixedClock(dt.datetime(2026, 12, 3, 17, 0)))
        admin = actor_for(User.get(User.username == "admin"))
        before = owners()
        app.timeline.sweep(admin)
        assert owners() == before
        app.clock.set(dt.datetime(2026, 12, 4, 9, 0))
        app.timeline.sweep(admin)
        after = owners()
        assert sum(after[c] != before[c] for c in before) <= N * 0.05
    finally:
        close_db()


def test_the_clerks_day_starts_from_scans_of_the_waiting_batch(built, tmp_path):
    """The waiting batch's remaining forms wait, scanned, in the scans inbox beside the database: the same
    pages for the same seed and day, each one a readable image of a form, the service finds them by batch."""
    from PIL import Image

    from services.cli.demo import replace_database
    from services.cli.demo_scans import RETURNING, SCANS, returning, scan_cards, stack
    from services.intake.scans import INBOX, check_file

    folder, info, second = built
    pages = [Path(p) for p in info.staged.scans]
    assert len(pages) == SCANS and all(p.parent.parent == folder / "a-data" / INBOX for p in pages)
    assert [p.read_bytes() for p in pages] == [Path(p).read_bytes() for p in second.staged.scans]
    assert all(check_file(p).pages == 1 for p in pages)  # what the intake queue accepts
    with Image.open(pages[0]) as first:
        assert first.size[0] > 1000  # a page at scanning resolution, not a thumbnail
    assert [c.channel for c in scan_cards(7, DAY)] == ["activity"] * SCANS  # forms of the activity
    init_db(str(folder / "a.db"))
    try:
        app = Services(FixedClock(END))
        waiting = app.allocation.get(app.auth.login("admin", "admin123"), info.staged.waiting_batch)
        assert app.scans.inbox_folder(waiting.name) == pages[0].parent
        assert app.scans.inbox_folder("../a-data") is None and app.scans.inbox_folder("没有这个批次") is None
        # 表02 is a regular's form: a current card a clerk sees in full, owned, with the phone written on it
        customer_id, regular = returning()
        clerk = app.auth.login("clerk", "clerk123")
        card = app.customers.get(clerk, customer_id)
        assert (card.name, card.phones[0]) == (regular.name, regular.phone)
        assert app.timeline.verdict(customer_id).owner is not None
        drawn = stack(7, DAY)
        assert drawn[RETURNING] == regular and drawn[:RETURNING] == scan_cards(7, DAY)[:RETURNING]
    finally:
        close_db()
    # A demo rebuilt for another day takes the old demo's place, scans included.
    old = tmp_path / "demo.db"
    (tmp_path / "demo-data" / INBOX / "旧批次").mkdir(parents=True)
    old.write_bytes(b"")
    replace_database(folder / "b.db", old)
    moved = tmp_path / "demo-data" / INBOX
    assert sorted(p.name for p in moved.iterdir()) == [pages[0].parent.name]
    assert not (folder / "b-data" / INBOX).exists()
