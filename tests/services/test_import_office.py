"""An office's own workbook (issue 21): its headers, its dates, its phones, its duplicates — through the
service, the `import-cards` command and the preview dialog's options (same service)."""

from __future__ import annotations

import datetime as dt
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from openpyxl import Workbook, load_workbook

from models import AuditLog, Customer, Event, HouseholdLink, Phone
from services.intake.importer import write_problem_rows
from services.intake.service import IntakeForm
from services.platform.errors import ValidationError

ROOT = Path(__file__).resolve().parents[2]
HEADERS = ["序号", "姓名", "手机", "来源", "登记日期", "住址", "登记员工", "出生年份", "微信"]


def office_book(tmp_path, rows, name="office.xlsx") -> Path:
    """A workbook as an office keeps it: its own headers, an extra column, no template."""
    wb = Workbook()
    ws = wb.active
    ws.title = "三月登记"
    ws.append(HEADERS)
    for i, row in enumerate(rows, start=1):
        ws.append([i, *row])
    path = tmp_path / name
    wb.save(path)
    return path


ROWS = [
    # 姓名, 手机, 来源, 登记日期, 住址, 登记员工, 出生年份, 微信
    ["周梅", "139 0000 0001", "科普", "2026-02-20", "幸福里小区3栋1单元101", "张三", 1950, "zm"],  # row 2
    ["吴刚", "+86 139-0000-0002", "社区", "2026/2/21", None, "李四", 1951, None],  # row 3
    ["郑洁", "１３９０００００００３", "转介", "2026年2月22日", None, "张三", 1952, None],  # row 4: full-width
    ["冯军", "010-6234 5678", "散收", dt.datetime(2026, 2, 23), None, None, 1953, None],  # row 5: landline, date cell
    ["陈红", "13900000005", "科普", "2026-13-45", None, "张三", 1954, None],  # row 6: bad date
    ["周梅", "13900000001", "科普", "2026-02-24", None, "张三", 1950, None],  # row 7: same phone as row 2
]


@pytest.fixture
def book(tmp_path):
    return office_book(tmp_path, ROWS)


def test_headers_of_an_office_are_recognised_and_extra_columns_named(app, office, book):
    layout = app.importer.inspect(office.users["director"], book)
    assert layout.sheet == "三月登记" and layout.header_row == 1
    fields = {layout.headers[i]: key for i, key in layout.mapping.items()}
    assert fields == {
        "姓名": "name",
        "手机": "phone1",
        "来源": "channel",
        "登记日期": "registered_on",
        "住址": "address",
        "登记员工": "staff",
        "出生年份": "birth_year",
    }
    assert layout.ignored == ["序号", "微信"]


def test_dates_phones_and_an_in_file_duplicate(app, office, book):
    director = office.users["director"]
    preview = app.importer.import_cards(director, book, dry_run=True)
    assert preview.rows_read == 6 and preview.accepted == 4 and not preview.committed
    assert Customer.select().count() == 0  # the preview writes nothing
    assert [(p.row, p.field) for p in preview.problems] == [(6, "登记日期")]
    assert "2026-13-45" in preview.problems[0].reason
    assert [(d.row, d.level, d.same_as_row) for d in preview.duplicate_rows] == [(7, "in_file", 2)]
    assert [s.row for s in preview.samples] == [2, 3, 4, 5, 6, 7]
    assert "2026-13-45" in preview.samples[4].values["registered_on"] and "第 2 行" in preview.samples[5].status
    assert preview.samples[0].values["channel"] == "科普" and preview.samples[2].values["phone1"] == "13900000003"

    # 登记日期 older than the back-entry limit (SPEC §5): the import needs the director's reason.
    with pytest.raises(ValidationError) as err:
        app.importer.import_cards(director, book)
    assert err.value.field == "late_reason" and "第 2、3、4 行" in err.value.message
    assert "补录期限 24 小时" in err.value.message and Customer.select().count() == 0
    report = app.importer.import_cards(director, book, late_reason="三月纸质登记表迁入")
    assert report.committed and report.imported == 4
    cards = {c.name: c for c in Customer.select()}
    assert set(cards) == {"周梅", "吴刚", "郑洁", "冯军"}
    assert {p.number for p in Phone.select()} == {"13900000001", "13900000002", "13900000003", "01062345678"}
    # 来源 is each card's channel, 登记日期 its original date and the time of its registration.
    assert cards["吴刚"].source_channel == "community" and cards["冯军"].source_channel == "scatter"
    assert cards["周梅"].created_at == dt.datetime(2026, 2, 20)
    assert cards["冯军"].created_at == dt.datetime(2026, 2, 23)
    regs = {e.customer.name: e for e in Event.select().where(Event.type == "register")}
    assert set(regs) == {"周梅", "吴刚", "郑洁"}  # 冯军's row names no staff member
    assert regs["吴刚"].at == dt.datetime(2026, 2, 21) and regs["郑洁"].at == dt.datetime(2026, 2, 22)
    assert regs["周梅"].recorded_at == app.clock.now()  # recorded now, dated then: a back-entry
    assert report.back_entries == 3
    # Each late registration keeps the reason, as a single late entry does, and its audit row says it.
    assert regs["周梅"].details["late_reason"] == "三月纸质登记表迁入" and regs["周梅"].details["late_hours"] > 24
    row = AuditLog.get((AuditLog.entity == "event") & (AuditLog.entity_id == regs["吴刚"].id))
    assert (row.reason, row.event_at) == ("三月纸质登记表迁入", dt.datetime(2026, 2, 21))


def test_a_clerk_may_not_back_date_registrations(app, office, book):
    report = app.importer.import_cards(office.users["clerk"], book, dry_run=True)
    back_dated = {p.row for p in report.problems if p.field == "登记日期" and "补录" in p.reason}
    assert back_dated == {2, 3, 4, 7}  # 冯军 (row 5) names no staff member: only the card keeps the date


def test_problem_rows_keep_their_cells_in_the_same_columns(app, office, book, tmp_path):
    report = app.importer.import_cards(office.users["director"], book, dry_run=True)
    out = tmp_path / "problems.xlsx"
    assert write_problem_rows(report, out) == 2
    rows = [r for r in load_workbook(out).active.iter_rows(values_only=True) if any(r)]
    header = next(r for r in rows if r[1] == "姓名")
    assert list(header[: len(HEADERS)]) == HEADERS
    data = rows[rows.index(header) + 1 :]
    assert [r[1] for r in data] == ["陈红", "周梅"] and data[0][4] == "2026-13-45" and data[0][0] == 5
    assert "2026-13-45" in data[0][-1] and "第 2 行" in data[1][-1]


def test_an_existing_cards_row_attaches_its_form(app, office, tmp_path):
    clerk = office.users["clerk"]
    old = app.intake.save_card(
        clerk, IntakeForm(name="周梅", phones=("13900000001",), channel="kepu", staff_id=office.s1)
    )
    path = office_book(tmp_path, [["周梅", "13900000001", "科普", None, "幸福里小区3栋1单元101", None, 1950, None]])
    report = app.importer.import_cards(clerk, path)
    assert report.committed and report.imported == 0 and report.attached == 1
    assert [(d.row, d.level, d.customer_id, d.action) for d in report.duplicate_rows] == [
        (2, "duplicate", old.customer_id, "merge")
    ]
    card = Customer.get_by_id(old.customer_id)
    assert Customer.select().count() == 1 and card.address == "幸福里小区3栋1单元101" and card.birth_year == 1950


def test_possible_duplicates_are_skipped_unless_the_user_chooses(app, office, tmp_path):
    clerk = office.users["clerk"]
    old = app.intake.save_card(
        clerk,
        IntakeForm(
            name="张丽", phones=("13800138000",), address="幸福里小区11栋2单元1603", channel="kepu", staff_id=office.s1
        ),
    )
    rows = [
        ["张丽", "13700000001", None, None, "幸福里小区11栋2单1603室", None, None, None],  # row 2: same person?
        ["章莉", "13700000002", None, None, "幸福里小区11幢2单元1603", None, None, None],  # row 3: sound-alike
        ["王芳", "13700000003", None, None, "幸福里小区11栋2单元1603", None, None, None],  # row 4: a relative
    ]
    path = office_book(tmp_path, rows)
    preview = app.importer.import_cards(clerk, path, dry_run=True)
    assert [(d.row, d.level, d.customer_id, d.action) for d in preview.duplicate_rows] == [
        (2, "possible", old.customer_id, "skip"),
        (3, "possible", old.customer_id, "skip"),
    ]
    report = app.importer.import_cards(clerk, path, decisions={2: "merge", 3: "spouse"})
    assert report.committed and report.attached == 1 and report.imported == 2
    assert Phone.get(Phone.number == "13700000001").customer_id == old.customer_id
    spouse = Customer.get(Customer.name == "章莉")
    links = HouseholdLink.select().where(HouseholdLink.customer.in_([spouse.id, old.customer_id]))
    assert {(link.customer_id, link.other_id) for link in links} & {
        (spouse.id, old.customer_id),
        (old.customer_id, spouse.id),
    }


def run_cli(db_target, *args):
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    return subprocess.run(
        [sys.executable, str(ROOT / "main.py"), "--db", db_target, "import-cards", *map(str, args)],
        capture_output=True,
        text=True,
        env=env,
        cwd=ROOT,
        timeout=120,
    )


def test_import_cards_command_prints_a_json_summary_and_exit_status(app, office, book, db_target, tmp_path):
    dry = run_cli(db_target, book, "--as", "director", "--dry-run")
    assert dry.returncode == 1, dry.stderr  # row 6 is rejected
    summary = json.loads(dry.stdout)
    assert summary["rows_read"] == 6 and summary["imported"] == 0 and not summary["committed"]
    assert summary["rejected"] == [{"row": 6, "column": "登记日期", "reason": summary["rejected"][0]["reason"]}]
    assert summary["duplicates"][0]["row"] == 7 and summary["duplicates"][0]["same_as_row"] == 2
    assert summary["ignored_columns"] == ["序号", "微信"]
    assert Customer.select().count() == 0

    unexplained = run_cli(db_target, book, "--as", "director", "--batch", "三月科普")
    assert unexplained.returncode == 2 and "补录原因" in unexplained.stderr  # back-dated rows, no reason
    assert Customer.select().count() == 0
    done = run_cli(db_target, book, "--as", "director", "--batch", "三月科普", "--late-reason", "纸质登记表迁入")
    assert done.returncode == 1 and json.loads(done.stdout)["imported"] == 4
    assert Customer.select().count() == 4
    batches = {e.details.get("batch") for e in Event.select().where(Event.type == "register")}
    assert batches == {"三月科普"}

    clean = office_book(tmp_path, [["孙洁", "13900000099", "科普", None, None, None, 1950, None]], "clean.xlsx")
    assert run_cli(db_target, clean, "--as", "director").returncode == 0
    broken = tmp_path / "broken.xlsx"
    broken.write_bytes(b"not a workbook")
    bad = run_cli(db_target, broken, "--as", "director")
    assert bad.returncode == 2 and "不是 Excel" in bad.stderr
    nobody = run_cli(db_target, clean, "--as", "nobody")
    assert nobody.returncode == 2 and "nobody" in nobody.stderr


@pytest.mark.sqlite_only
def test_import_cards_command_is_refused_while_another_program_holds_the_database(app, office, book, db_target):
    """One writer per file: the command takes the window's instance lock before it opens the database."""
    from services.platform.instance_lock import InstanceLock

    window = InstanceLock(db_target).acquire()  # the running window
    try:
        out = run_cli(db_target, book, "--as", "director", "--batch", "三月科普", "--late-reason", "纸质登记表迁入")
        assert out.returncode == 2 and "正在被另一个客源管家程序使用" in out.stderr
        assert Customer.select().count() == 0
    finally:
        window.release()
    done = run_cli(db_target, book, "--as", "director", "--batch", "三月科普", "--late-reason", "纸质登记表迁入")
    assert done.returncode == 1 and json.loads(done.stdout)["imported"] == 4
