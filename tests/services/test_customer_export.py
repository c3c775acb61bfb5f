"""Export what the card list shows: read the .xlsx back as the user's Excel would see it."""

from __future__ import annotations

import datetime as dt
import re

import openpyxl
import pytest

from models import AuditLog
from services.customers import export as customer_export
from services.customers.search import CustomerQuery
from services.output.export import ExportCancelled
from services.platform.errors import PermissionDenied, ValidationError

NAMES = ["王秀英", "李桂兰", "张建国", "刘淑珍", "陈玉梅", "杨志强", "赵凤英", "黄国华"]


def _cards(app, office, n=24):
    """``n`` cards: even ones registered by s1 (department 1), odd ones by s3 (department 2)."""
    clerk = office.users["clerk"]
    ids = []
    for i in range(n):
        c = app.customers.create(
            clerk,
            NAMES[i % len(NAMES)] + ("" if i < len(NAMES) else str(i)),
            [f"1391234{i:04d}"],
            birth_year=1945 + i,
            address=f"幸福路{i}号",
            source_channel="scatter",
        )
        if i % 2 == 0:
            app.timeline.register(office.users["s1"], c.id, office.s1, "scatter")
        else:
            app.timeline.register(office.users["s3"], c.id, office.s3, "scatter")
        ids.append(c.id)
    return ids


def _read(path):
    ws = openpyxl.load_workbook(path).active
    rows = list(ws.iter_rows(values_only=True))
    return ws, rows[0], list(rows[1]), [list(r) for r in rows[2:]]


def test_every_matching_card_across_pages_with_the_shown_columns_and_types(app, office, tmp_path, monkeypatch):
    ids = _cards(app, office)
    monkeypatch.setattr(customer_export, "PAGE", 5)  # the 24 cards take five keyset pages
    path = tmp_path / "名单.xlsx"
    shown = ["name", "id", "birth_year", "created", "owner"]
    director = office.users["director"]
    query = CustomerQuery(sort="created", descending=False)
    n = customer_export.export_list(app, director, query, shown, path)
    ws, title, header, rows = _read(path)
    assert n == 24 and len(rows) == 24
    assert title[0] == "顾客档案"
    assert header == ["姓名", "档案号", "出生年份", "建档时间", "归属员工"]
    assert ws.freeze_panes == "A3"
    assert [r[1] for r in rows] == sorted(ids)  # the list's order: entry order, ascending
    assert rows[0][0] == "王秀英" and isinstance(rows[0][1], int) and rows[0][2] == 1945
    assert isinstance(rows[0][3], dt.datetime)  # an Excel date, not text
    assert {r[4] for r in rows} == {"张三", "王五"}
    assert AuditLog.select().where(AuditLog.action == "customer.export").count() == 1


def test_the_lists_filter_and_search_box_apply(app, office, tmp_path):
    _cards(app, office)
    path = tmp_path / "一部.xlsx"
    director = office.users["director"]
    query = CustomerQuery(text="王", department_id=office.d1, sort="name", descending=False)
    customer_export.export_list(app, director, query, ["name", "department"], path)
    _, _, _, rows = _read(path)
    expected = [r.name for r in app.customers.search(director, query, limit=100).rows]
    assert [r[0] for r in rows] == expected and expected
    assert all(r[0].startswith("王") and r[1] == "一部" for r in rows)


def test_a_staff_member_never_gets_full_phones_of_cards_not_theirs(app, office, tmp_path):
    _cards(app, office, 8)
    path = tmp_path / "s1.xlsx"
    s1 = office.users["s1"]
    customer_export.export_list(app, s1, CustomerQuery(), ["name", "phone", "address", "department"], path)
    _, _, header, rows = _read(path)
    assert header == ["姓名", "电话", "住址", "部门"]
    assert len(rows) == 8  # everyone may find every card; details are masked
    others = [r for r in rows if r[3] != "一部"]
    mine = [r for r in rows if r[3] == "一部"]
    assert others and mine
    for r in others:
        assert not re.search(r"\d{11}", r[1]) and "****" in r[1]
        assert r[2] == "(已隐藏)"
    assert all(re.fullmatch(r"1391234\d{4}", r[1]) for r in mine)


def test_front_desk_may_not_export_and_unknown_columns_are_named(app, office, tmp_path):
    tmp_path = tmp_path / "out"
    tmp_path.mkdir()
    with pytest.raises(PermissionDenied):
        customer_export.export_list(app, office.users["front"], CustomerQuery(), ["name"], tmp_path / "x.xlsx")
    with pytest.raises(ValidationError, match="nope"):
        customer_export.export_list(app, office.users["director"], CustomerQuery(), ["nope"], tmp_path / "x.xlsx")
    assert list(tmp_path.iterdir()) == []


def test_cancel_leaves_no_file_and_no_audit_row(app, office, tmp_path):
    _cards(app, office, 6)
    (tmp_path / "out").mkdir()
    path = tmp_path / "out" / "c.xlsx"
    with pytest.raises(ExportCancelled):
        customer_export.export_list(
            app, office.users["director"], CustomerQuery(), ["name"], path, cancelled=lambda: True
        )
    assert list(path.parent.iterdir()) == []
    assert AuditLog.select().where(AuditLog.action == "customer.export").count() == 0
