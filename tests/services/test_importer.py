"""Excel import: every bad row reported with its number and reason; all accepted rows or nothing."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from openpyxl import Workbook, load_workbook

from models import Customer, Event
from services.intake.importer import SHEET_NAME, ImportCancelled, write_template
from services.intake.service import IntakeForm
from services.platform.errors import ValidationError
from tests.services.scan_samples import pdf_bytes


def sheet(tmp_path, rows, header=None, name="cards.xlsx"):
    """A workbook from the program's own template, with ``rows`` typed below the header."""
    path = tmp_path / name
    write_template(path)
    wb = load_workbook(path)
    ws = wb[SHEET_NAME]
    if header is not None:
        for col, text in enumerate(header, start=1):
            ws.cell(row=1, column=col, value=text)
    for row in rows:
        ws.append(list(row))
    wb.save(path)
    return path


# Template order: 姓名 性别 出生年份 电话 电话2 地址 职业 来源渠道 登记员工 活动/批次 备注
def test_template_has_chinese_headers_dropdowns_and_a_notes_sheet(tmp_path):
    path = tmp_path / "t.xlsx"
    write_template(path)
    wb = load_workbook(path)
    assert wb.sheetnames == ["顾客档案", "填写说明"]
    headers = [c.value for c in wb["顾客档案"][1]]
    assert headers[:4] == ["姓名", "性别", "出生年份", "电话"]
    lists = [dv.formula1 for dv in wb["顾客档案"].data_validations.dataValidation]
    assert any("科普" in f for f in lists) and any("男,女" in f for f in lists)
    notes = " ".join(str(c.value) for row in wb["填写说明"].iter_rows() for c in row if c.value)
    assert "kepu_large" in notes and "大型科普" in notes


def test_good_rows_become_cards_registered_for_the_named_staff(app, office, tmp_path):
    path = sheet(
        tmp_path,
        [
            ["张丽", "女", 1956, "138 0013 8000", None, "学院路 1 号", "教师", "科普", "张三", "三月科普", None],
            ["王芳", None, "1950/3/1", 13900000001, "010-62345678", None, None, None, None, None, "腿脚不便"],
            ["李强", "男", dt.datetime(1948, 5, 1), "13900000002", None, None, None, "community", "王五", None, None],
            ["赵敏", "女", "1949年2月3日", "13900000003", None, None, None, None, None, None, None],
            ["孙洁", "女", 19000, "13900000004", None, None, None, None, None, None, None],  # Excel serial 1952
        ],
    )
    report = app.importer.import_cards(office.users["clerk"], path, staff_id=office.s2, channel="scatter")
    assert report.problems == [] and report.imported == 5 and report.committed
    years = dict(Customer.select(Customer.name, Customer.birth_year).tuples())
    assert years == {"张丽": 1956, "王芳": 1950, "李强": 1948, "赵敏": 1949, "孙洁": 1952}
    owners = {e.customer.name: (e.staff_id, e.channel) for e in Event.select()}
    assert owners["张丽"] == (office.s1, "kepu") and owners["王芳"] == (office.s2, "scatter")
    assert owners["李强"] == (office.s3, "community")


def test_every_bad_row_is_reported_with_row_number_and_reason(app, office, tmp_path):
    clerk = office.users["clerk"]
    app.intake.save_card(clerk, IntakeForm(name="老客户", phones=("13700000000",), channel="kepu", staff_id=office.s3))
    path = sheet(
        tmp_path,
        [
            ["好人", None, 1950, "13900000010"],  # row 2: fine
            [None, None, 1950, "13900000011"],  # row 3: no name
            ["坏电话", None, 1950, "12345"],  # row 4
            ["重复行", None, 1950, "13900000010"],  # row 5: same phone as row 2: left out
            ["老客户甲", None, None, "137-0000-0000"],  # row 6: phone of an existing card: attached to it
            ["怪年份", None, "十九五零", "13900000012"],  # row 7
            ["无名员工", None, None, "13900000013", None, None, None, None, "查无此人"],  # row 8
            ["公式", None, None, "=1+1"],  # row 9: a formula without a cached value
        ],
    )
    report = app.importer.import_cards(clerk, path, staff_id=office.s1)
    by_row = {p.row: p for p in report.problems}
    assert sorted(by_row) == [3, 4, 7, 8, 9]
    assert by_row[3].field == "姓名" and "姓名" in by_row[3].reason
    assert by_row[4].field == "电话" and "11 位" in by_row[4].reason
    assert by_row[7].field == "出生年份"
    assert "查无此人" in by_row[8].reason
    dups = {d.row: d for d in report.duplicate_rows}
    assert (dups[5].level, dups[5].same_as_row, dups[5].action) == ("in_file", 2, "skip")
    assert dups[6].level == "duplicate" and dups[6].action == "merge" and "王五" in dups[6].reason
    assert report.imported == 1 and report.attached == 1 and report.duplicates == 2
    assert Customer.select().count() == 2


def test_dry_run_checks_everything_and_imports_nothing(app, office, tmp_path):
    path = sheet(tmp_path, [["好人", None, 1950, "13900000010"], ["坏人", None, 1950, "1"]])
    report = app.importer.import_cards(office.users["clerk"], path, dry_run=True)
    assert (report.accepted, report.imported, report.rejected, report.committed) == (1, 0, 1, False)
    assert report.to_dict()["rejected"] == [{"row": 3, "column": "电话", "reason": report.problems[0].reason}]
    assert Customer.select().count() == 0


def test_all_or_nothing_imports_nothing_when_a_row_is_bad(app, office, tmp_path):
    path = sheet(tmp_path, [["好人", None, 1950, "13900000010"], ["坏人", None, 1950, "1"]])
    report = app.importer.import_cards(office.users["clerk"], path, all_or_nothing=True)
    assert not report.committed and report.imported == 0 and report.rejected == 1
    assert Customer.select().count() == 0


def test_columns_are_matched_by_header_text_and_extra_columns_ignored(app, office, tmp_path):
    path = tmp_path / "own.xlsx"
    wb = Workbook()
    ws = wb.active
    ws.append(["客户编号", "手机", "名字", "住址"])
    ws.append([17, "13900000020", "周梅", "长安街 2 号"])
    wb.save(path)
    report = app.importer.import_cards(office.users["clerk"], path)
    assert report.imported == 1 and report.ignored_columns == ["客户编号"]
    assert Customer.get().address == "长安街 2 号"


def test_missing_required_column_is_one_clear_error(app, office, tmp_path):
    path = tmp_path / "noname.xlsx"
    wb = Workbook()
    wb.active.append(["姓名", "地址"])
    wb.active.append(["周梅", "x"])
    wb.save(path)
    with pytest.raises(ValidationError, match="缺少必填列:电话"):
        app.importer.import_cards(office.users["clerk"], path)


def test_cancel_imports_nothing(app, office, tmp_path):
    path = sheet(tmp_path, [[f"客{chr(0x4E00 + i)}", None, None, f"139{i:08d}"] for i in range(450)])
    with pytest.raises(ImportCancelled):
        app.importer.import_cards(office.users["clerk"], path, cancelled=lambda: True)
    calls = []

    def cancel_while_writing():
        calls.append(1)
        return len(calls) > 3  # the read pass polls twice; cancel during the write pass

    with pytest.raises(ImportCancelled):
        app.importer.import_cards(office.users["clerk"], path, cancelled=cancel_while_writing)
    assert Customer.select().count() == 0


def test_huge_cells_are_row_errors_not_crashes(app, office, tmp_path):
    path = sheet(tmp_path, [["名" * 100_000, None, None, "13900000030"], ["好人", None, None, "13900000031"]])
    report = app.importer.import_cards(office.users["clerk"], path)
    assert [p.row for p in report.problems] == [2] and "太长" in report.problems[0].reason
    assert report.imported == 1


@pytest.mark.parametrize(
    ("data", "words"),
    [
        (b"", "空文件"),
        (b"\x00\x01random bytes \xff" * 50, "不是 Excel"),
        (pdf_bytes(1), "不是 Excel"),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 500, "密码"),
        (b"PK\x03\x04" + b"\0" * 200, "损坏"),
    ],
)
def test_damaged_workbooks_give_a_clear_error_and_change_nothing(app, office, tmp_path, data, words):
    path = tmp_path / "bad.xlsx"
    path.write_bytes(data)
    with pytest.raises(ValidationError) as err:
        app.importer.import_cards(office.users["clerk"], path)
    assert words in err.value.message
    assert Customer.select().count() == 0


def test_staff_users_may_not_import(app, office, tmp_path):
    from services.platform.errors import PermissionDenied

    with pytest.raises(PermissionDenied):
        app.importer.import_cards(office.users["s1"], sheet(tmp_path, [["甲", None, None, "13900000040"]]))


# Text openpyxl can write (it refuses control characters; the importer never sees them from Excel).
text = st.text(alphabet=st.characters(blacklist_categories=("Cc", "Cs")), max_size=30)
cell = st.one_of(
    st.none(),
    text,
    st.integers(-(10**12), 10**12),
    st.floats(allow_nan=False, allow_infinity=False),
    st.sampled_from(["=1+1", '=HYPERLINK("x")', "+86 138 0013 8000", "男", "科普", "张三", "1956年", "名" * 5000]),
    st.datetimes(min_value=dt.datetime(1900, 1, 1), max_value=dt.datetime(2100, 1, 1)),
)


@settings(max_examples=20, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(rows=st.lists(st.lists(cell, min_size=0, max_size=12), max_size=8), all_or_nothing=st.booleans())
def test_random_rows_never_crash_and_never_half_commit(app, office, tmp_path, rows, all_or_nothing):
    path = sheet(tmp_path, rows, name="random.xlsx")
    before = Customer.select().count()
    report = app.importer.import_cards(office.users["clerk"], path, staff_id=office.s1, all_or_nothing=all_or_nothing)
    after = Customer.select().count()
    assert after == before + report.imported
    if all_or_nothing and report.problems:
        assert after == before and not report.committed
    assert all(p.row >= 2 and p.reason for p in report.problems)


def test_cards_on_another_sheet_and_merged_cells_are_found(app, office, tmp_path):
    path = tmp_path / "archive.xlsx"
    wb = Workbook()
    wb.active.title = "说明"
    wb.active.append(["这是说明页,没有表头"])
    ws = wb.create_sheet("2019年档案")
    ws.append(["老档案汇总"])  # a title row above the header
    ws.merge_cells("A1:D1")
    ws.append(["姓名", "电话", "地址", "出生年份"])
    ws.append(["周梅", "13900000050", "长安街 2 号", 1950])
    ws.append(["吴兰", "13900000051", None, None])
    ws.merge_cells("C3:C4")  # one address typed across two rows: only the first row gets it
    wb.save(path)
    report = app.importer.import_cards(office.users["clerk"], path)
    assert report.sheet == "2019年档案" and report.imported == 2 and report.problems == []
    assert dict(Customer.select(Customer.name, Customer.address).tuples()) == {"周梅": "长安街 2 号", "吴兰": ""}


def test_a_row_refused_while_writing_is_reported_or_stops_everything(app, office, tmp_path, monkeypatch):
    # Another PC saves a card with row 3's phone after the check pass: creating it is refused then.
    from services.intake.importer import ImportService

    clerk = office.users["clerk"]
    app.intake.save_card(clerk, IntakeForm(name="别处", phones=("13900000061",), channel="kepu", staff_id=office.s3))
    monkeypatch.setattr(  # as if the check pass had run before the other PC saved
        ImportService,
        "_plan",
        lambda self, actor, rows, report, decisions, on_possible: [(r, v, "new", None) for r, v in rows],
    )
    path = sheet(tmp_path, [["甲", None, None, "13900000060"], ["乙", None, None, "13900000061"]])
    with pytest.raises(ValidationError, match="第 3 行"):
        app.importer.import_cards(clerk, path, all_or_nothing=True, staff_id=office.s1)
    assert Customer.select().count() == 1
    report = app.importer.import_cards(clerk, path, staff_id=office.s1)
    assert report.imported == 1 and [p.row for p in report.problems] == [3]
    assert "电话" in report.problems[0].reason and Customer.select().count() == 2
