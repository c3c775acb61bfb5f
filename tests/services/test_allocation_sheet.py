"""The allocation sheet (分配表) an office posts and signs: read back from the .xlsx and the PDF."""

from __future__ import annotations

import shutil
import subprocess

import pytest
from openpyxl import load_workbook

from tests.conftest import T0


def account(app, office, login, role, **kw):
    from models import User
    from services.office.auth import actor_for

    return actor_for(User.get_by_id(app.auth.create_user(office.admin, login, None, role, **kw).id))


@pytest.fixture
def distributed(app, office):
    """A kepu of 81 forms (one already 王五's), a swap with its reason, confirmed by 一部's manager.
    The clerk's account has a display name, the manager's belongs to a staff member, the director's
    (who returns the batch) has neither."""
    clerk = account(app, office, "crm", "clerk", display_name="周敏")
    manager = app.org.create_staff(office.admin, "陈刚", office.d1, position="manager").id
    mgr = account(app, office, "chen", "manager", staff_id=manager, department_id=office.d1)
    owned = app.customers.create(clerk, "李大爷", ["13700000007"]).id
    app.timeline.register(office.admin, owned, office.s3, "scatter")
    b = app.allocation.create_batch(
        clerk,
        "幸福社区科普",
        "kepu",
        event_date=T0.date(),
        organiser_id=office.d1,
        handed_in_by_id=office.s1,
        participant_ids=[office.s1, office.s2],
    )
    ids = [app.customers.create(clerk, f"顾客{i}", [f"1380000{i:04d}"]).id for i in range(80)]
    app.allocation.add_cards(clerk, b.id, ids + [owned])
    version = app.allocation.process(clerk, b.id).batch.version
    app.allocation.return_batch(office.users["director"], b.id, version)
    pv = app.allocation.preview(mgr, b.id)
    moved = pv.recipients[0].cards[0].customer_id
    pv = app.allocation.swap(mgr, b.id, moved, office.s2, "李四熟悉该小区")
    app.allocation.confirm(mgr, b.id, pv.version)
    return b.id, moved


def test_sheet_xlsx_has_the_facts_the_cards_the_swaps_the_left_outs_and_signature_lines(
    app, office, distributed, tmp_path
):
    batch_id, moved = distributed
    path = tmp_path / "分配表.xlsx"
    assert app.allocation.export_sheet(office.users["manager1"], batch_id, path) == 80
    ws = load_workbook(path).active
    rows = [[v for v in row] for row in ws.iter_rows(values_only=True)]
    text = "\n".join(" ".join(str(v) for v in r if v is not None) for r in rows)
    assert "None" not in text
    for fact in ("分配程序 A 部门科普", "来源活动 幸福社区科普", "活动日期 2026-03-01", "交档案人 张三"):
        assert fact in text
    # People by name, not by login; the login only where the account has no name at all.
    assert "处理人 周敏 2026-03-01 08:00" in text and "分配确认 陈刚 2026-03-01 08:00" in text
    assert "返还 director 2026-03-01 08:00" in text and "已分配(陈刚 2026-03-01 08:00 确认)" in text
    assert "crm" not in text and "chen" not in text
    head = next(i for i, r in enumerate(rows) if r[:2] == ["部门", "员工"])
    body = rows[head + 1 : head + 81]
    assert all(r[1] in ("张三", "李四") for r in body)  # the recipient on every row
    assert sorted({r[1]: r[4] for r in body if r[4]}.values()) == [39, 41]
    assert all(r[7].startswith("138****") for r in body)  # phones masked on the posted sheet
    assert any(str(moved) in " ".join(map(str, r)) and "李四熟悉该小区" in r for r in rows)
    assert "已归 王五 所有" in text and "李D" in text and "李大爷" not in text
    assert "实际分配 80 张:张三 39 张、李四 41 张;未分配 1 张(已有归属 1 张)。" in text
    assert "每人 39–41 张,相差 2 张" in text
    for who in ("交档案人签字:", "处理人签字:", "分配人签字:", "部门经理签字:"):
        assert who in text
    assert ws.print_title_rows == f"${head + 1}:${head + 1}"
    assert int(ws.page_setup.paperSize) == 9  # A4


@pytest.mark.skipif(shutil.which("pdftotext") is None, reason="poppler-utils missing")
def test_sheet_pdf_repeats_the_recipient_on_continuation_pages_and_ends_with_signatures(
    app, office, distributed, tmp_path
):
    batch_id, _moved = distributed
    pdf = app.allocation.print_sheet(office.users["manager1"], batch_id, tmp_path / "sheet.pdf")
    pages = []
    n = 1
    while True:
        out = subprocess.run(
            ["pdftotext", "-layout", "-f", str(n), "-l", str(n), str(pdf), "-"], capture_output=True, text=True
        )
        if out.returncode != 0 or not out.stdout.strip():
            break
        pages.append(out.stdout)
        n += 1
    assert len(pages) >= 2
    whole = "\n".join(pages)
    assert "None" not in whole
    assert "交档案人 张三" in " ".join(whole.split())
    assert "处理人 周敏" in " ".join(whole.split()) and "分配确认 陈刚" in " ".join(whole.split())
    assert "crm" not in whole and "chen" not in whole
    # Every page that continues the table starts its first card row with the recipient's name.
    for page in pages[1:]:
        rows = [line.split() for line in page.splitlines() if "138****" in line]
        if rows:
            assert rows[0][:2] in (["一部", "张三"], ["一部", "李四"]), rows[0]
    # A phone never wraps: each masked phone is whole on its line.
    assert whole.count("138****") == 80
    flat = "".join(whole.split())
    assert "部门经理签字:" in flat and "已归王五所有" in flat and "李四熟悉该小区" in flat
