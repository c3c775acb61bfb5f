"""Benchmark: import N rows (default 50,000) from the program's template into a fresh database.

    .venv/bin/python bench/import_cards.py [ROWS] [--staff]

Prints the seconds to write the workbook, to check the rows and to commit them. Not a test: the
figure depends on the machine (target in issue 4: ≤ 60 s for 50,000 rows with every check).
"""

from __future__ import annotations

import datetime as dt
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from openpyxl import Workbook  # noqa: E402

from models import Customer, init_db  # noqa: E402
from services.app import Services  # noqa: E402
from services.clock import FixedClock  # noqa: E402
from services.importer import COLUMNS, SHEET_NAME  # noqa: E402
from tests.helpers import make_office  # noqa: E402

SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗"
GIVEN = "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华"


def write_rows(path: Path, rows: int, staff: str | None) -> None:
    wb = Workbook(write_only=True)
    ws = wb.create_sheet(SHEET_NAME)
    ws.append([header for _k, header, _r, _e in COLUMNS])
    for i in range(rows):
        name = SURNAMES[i % 20] + GIVEN[(i // 20) % len(GIVEN)] + GIVEN[(i // 480) % len(GIVEN)]
        ws.append(
            [name, "女" if i % 2 else "男", 1930 + i % 50, f"13{i:09d}", None, f"幸福路 {i} 号", None, "科普", staff]
        )
    wb.save(str(path))


def main() -> None:
    rows = int(sys.argv[1]) if len(sys.argv) > 1 and sys.argv[1].isdigit() else 50_000
    with_staff = "--staff" in sys.argv
    tmp = Path(tempfile.mkdtemp())
    init_db(str(tmp / "bench.db"))
    app = Services(FixedClock(dt.datetime(2026, 3, 1, 8)))
    admin = app.auth.create_first_admin("admin", "admin123", "管理员")
    office = make_office(app, admin)
    path = tmp / "cards.xlsx"
    t0 = time.perf_counter()
    write_rows(path, rows, "张三" if with_staff else None)
    t1 = time.perf_counter()
    phases: dict[str, float] = {}

    def progress(phase: str, done: int, total: int) -> None:
        phases.setdefault(phase, time.perf_counter())

    report = app.importer.import_cards(office.users["clerk"], path, progress=progress)
    t2 = time.perf_counter()
    write_start = phases.get("write", t2)
    print(f"rows={rows} staff={'yes' if with_staff else 'no'} imported={report.imported} rejected={report.rejected}")
    print(f"write workbook {t1 - t0:.1f} s; read+check {write_start - t1:.1f} s; commit {t2 - write_start:.1f} s")
    print(f"import total {t2 - t1:.1f} s; customers in db {Customer.select().count()}")


if __name__ == "__main__":
    main()
