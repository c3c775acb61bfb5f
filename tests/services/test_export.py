"""The shared xlsx export: read the file back as a user's Excel would see it."""

import datetime as dt

import openpyxl
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from services.output.export import Column, ExportCancelled, write_xlsx


def test_export_reads_back_with_types_header_and_frozen_panes(tmp_path):
    path = tmp_path / "list.xlsx"
    rows = [("王大爷", dt.date(1950, 3, 1), dt.datetime(2026, 3, 2, 8, 0), 3000.5, 7)]
    n = write_xlsx(
        path, "顾客名单", [Column("姓名"), Column("生日"), Column("预热时间"), Column("金额"), Column("次数")], rows
    )
    assert n == 1
    ws = openpyxl.load_workbook(path).active
    assert ws["A1"].value == "顾客名单"
    assert [c.value for c in ws[2]] == ["姓名", "生日", "预热时间", "金额", "次数"]
    assert ws.freeze_panes == "A3"
    assert ws["A3"].value == "王大爷"
    assert isinstance(ws["B3"].value, dt.datetime) and ws["B3"].value.date() == dt.date(1950, 3, 1)
    assert ws["C3"].value == dt.datetime(2026, 3, 2, 8, 0)
    assert ws["D3"].value == 3000.5 and ws["E3"].value == 7
    assert ws.column_dimensions["A"].width >= 6


@settings(max_examples=40, deadline=None)
@given(st.text(min_size=1, max_size=20))
def test_no_text_ever_becomes_a_formula(tmp_path_factory, text):
    path = tmp_path_factory.mktemp("x") / "t.xlsx"
    write_xlsx(path, "t", [Column("a")], [(text,)])
    cell = openpyxl.load_workbook(path).active["A3"]
    assert cell.data_type != "f"


def test_cancel_leaves_no_file(tmp_path):
    path = tmp_path / "big.xlsx"
    with pytest.raises(ExportCancelled):
        write_xlsx(path, "t", [Column("n")], ((i,) for i in range(5000)), cancelled=lambda: True)
    assert not path.exists()
    assert list(tmp_path.iterdir()) == []


def test_a_target_that_cannot_be_written_is_a_clear_message_and_leaves_nothing(tmp_path):
    from services.platform.errors import ValidationError

    folder = tmp_path / "out"
    folder.mkdir()
    (folder / "list.xlsx").mkdir()  # the name is taken by something that cannot be replaced
    with pytest.raises(ValidationError, match="无法写入 list.xlsx"):
        write_xlsx(folder / "list.xlsx", "t", [Column("n")], [(1,)])
    assert [p.name for p in folder.iterdir()] == ["list.xlsx"]


def test_a_full_disk_is_named(tmp_path, monkeypatch):
    import errno

    from services.platform.errors import ValidationError

    def full(*_a, **_k):
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr("openpyxl.workbook.workbook.Workbook.save", full)
    with pytest.raises(ValidationError, match="磁盘空间不足"):
        write_xlsx(tmp_path / "x.xlsx", "t", [Column("n")], [(1,)])
    assert not (tmp_path / "x.xlsx").exists()
