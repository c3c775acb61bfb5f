"""Scans: damaged files are refused with a Chinese reason; good ones are stored by hash and queued."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from models import Scan
from services.intake.scans import check_file, pdf_page_count
from services.intake.service import IntakeForm
from services.platform.errors import ValidationError
from tests.services.scan_samples import huge_png_bytes, jpeg_bytes, pdf_bytes, png_bytes, tiff_pages_bytes, write


@pytest.fixture(autouse=True)
def own_data_folder(app, tmp_path):
    """Each test its own data folder (on PostgreSQL the default one would be shared by all tests)."""
    app.data_dir = tmp_path / "data"


@pytest.mark.parametrize(
    ("name", "data", "words"),
    [
        ("empty.png", b"", "空文件"),
        ("cut.png", png_bytes()[:60], "无法读取"),
        ("fake.pdf", b"this is not a pdf at all", "不是 PDF"),
        ("cut.pdf", pdf_bytes(2)[:300], "不完整"),
        ("bomb.png", huge_png_bytes(), "超出范围"),
        ("pdf_renamed.png", pdf_bytes(1), "无法读取"),
        ("notes.txt", b"hello", "不是支持的扫描件格式"),
    ],
)
def test_damaged_files_are_refused_clearly_and_nothing_is_stored(app, office, tmp_path, name, data, words):
    path = write(tmp_path, name, data)
    with pytest.raises(ValidationError) as err:
        app.scans.add(office.users["clerk"], path)
    assert words in err.value.message and name in err.value.message
    assert Scan.select().count() == 0
    assert not (Path(app.data_dir) / "scans").exists()


def test_good_files_report_kind_and_pages(tmp_path):
    assert check_file(write(tmp_path, "a.png", png_bytes())).pages == 1
    assert check_file(write(tmp_path, "b.jpg", jpeg_bytes())).kind == "image"
    pdf = check_file(write(tmp_path, "c.pdf", pdf_bytes(3)))
    assert (pdf.kind, pdf.pages) == ("pdf", 3)
    tiff = check_file(write(tmp_path, "stack.tif", tiff_pages_bytes(3)))  # a scanner's multi-page TIFF
    assert (tiff.kind, tiff.pages) == ("image", 3)


def test_page_count_inside_compressed_object_streams():
    # The page tree of a PDF 1.5 file may sit in a compressed stream; the count must still be found.
    import zlib

    body = zlib.compress(b"<< /Type /Pages /Kids [4 0 R 5 0 R] /Count 2 >>")
    data = b"%PDF-1.5\n1 0 obj << /Type /ObjStm /Filter /FlateDecode >>\nstream\n" + body + b"\nendstream\n%%EOF\n"
    assert pdf_page_count(data) == 2


def test_stored_once_under_the_content_hash(app, office, tmp_path):
    clerk = office.users["clerk"]
    a = write(tmp_path, "a.png", png_bytes())
    b = write(tmp_path, "copy-of-a.png", png_bytes())
    first, second = app.scans.add(clerk, a), app.scans.add(clerk, b)
    path1, _, _ = app.scans.file_of(first)
    path2, _, _ = app.scans.file_of(second)
    assert path1 == path2 and Path(path1).read_bytes() == a.read_bytes()
    import hashlib

    assert Path(path1).name.startswith(hashlib.sha256(a.read_bytes()).hexdigest())


def test_folder_queue_lists_pages_not_yet_entered_and_skips_damaged_files(app, office, tmp_path):
    folder = tmp_path / "today"
    folder.mkdir()
    write(folder, "01.png", png_bytes(shade=10))
    write(folder, "02.jpg", jpeg_bytes())
    write(folder, "03.pdf", pdf_bytes(3))
    write(folder, "04.png", b"\x89PNG broken")
    write(folder, "readme.txt", b"not a scan")
    queue = app.scans.open_queue(folder)
    assert [(Path(i.path).name, i.page) for i in queue.items] == [
        ("01.png", 0),
        ("02.jpg", 0),
        ("03.pdf", 0),
        ("03.pdf", 1),
        ("03.pdf", 2),
    ]
    assert queue.problems and queue.problems[0][0] == "04.png"
    # Enter page 2 of the PDF: reopening the folder no longer offers it.
    item = queue.items[3]
    app.intake.save_card(
        office.users["clerk"],
        IntakeForm(name="王芳", phones=("13900000001",), channel="kepu", staff_id=office.s1),
        scan_file=(item.path, item.page),
    )
    again = app.scans.open_queue(folder)
    assert len(again.items) == 4 and again.total_pages == 5
    assert ("03.pdf", 1) not in [(Path(i.path).name, i.page) for i in again.items]


def test_single_damaged_file_as_queue_is_an_error(app, tmp_path):
    with pytest.raises(ValidationError, match="不是 PDF"):
        app.scans.open_queue(write(tmp_path, "x.pdf", b"PK\x03\x04 zip really"))


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.binary(max_size=2000), suffix=st.sampled_from([".png", ".jpg", ".tif", ".bmp", ".pdf"]))
def test_random_bytes_never_crash_and_store_nothing(app, office, tmp_path, data, suffix):
    path = write(tmp_path, "random" + suffix, data)
    before = Scan.select().count()
    try:
        app.scans.add(office.users["clerk"], path)
    except ValidationError as exc:
        assert exc.message
        assert Scan.select().count() == before


def test_data_folder_sits_beside_the_database_unless_configured(monkeypatch, tmp_path):
    from services.intake.scans import default_data_dir

    monkeypatch.delenv("KEYUAN_DATA_DIR", raising=False)
    monkeypatch.setenv("HOME", str(tmp_path))
    assert default_data_dir("postgresql://u@h/db") == tmp_path / "keyuan-data"
    monkeypatch.setenv("KEYUAN_DATA_DIR", str(tmp_path / "shared"))
    assert default_data_dir("/x/keyuan.db") == tmp_path / "shared"
    monkeypatch.delenv("KEYUAN_DATA_DIR")
    assert default_data_dir("/x/keyuan.db") == Path("/x/keyuan-data")
    assert default_data_dir(":memory:").name.startswith("keyuan-data-")
