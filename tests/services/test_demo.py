"""The demo office: built through the services, reproducible, logins as documented, timelines complete."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from peewee import JOIN

from models import Customer, Event, HouseholdLink, Ownership, Phone, Staff, close_db, init_db
from services.app import Services
from services.cli.commands import cmd_demo, cmd_sweep
from services.cli.demo import END, DemoCancelled, DemoExists, build_demo
from services.customers.taxonomy import is_occupation
from services.platform.clock import FixedClock

N = 120
DEMO_MD = Path(__file__).resolve().parents[2] / "docs" / "DEMO.md"


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    folder = tmp_path_factory.mktemp("demo")
    first = build_demo(str(folder / "a.db"), N, seed=7)
    second = build_demo(str(folder / "b.db"), N, seed=7)
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
    assert len(rows) == N  # every customer has an ownership snapshot
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
    assert cmd_demo(str(target), 25, 3) == 0
    out = capsys.readouterr().out
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
