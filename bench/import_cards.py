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

from models import Customer, close_db, init_db  # noqa: E402
from services.app import Services  # noqa: E402
from services.intake.template import COLUMNS, SHEET_NAME  # noqa: E402
from services.platform.clock import FixedClock  # noqa: E402
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


def measure(rows: int = 50_000, with_staff: bool = False, workdir: str | None = None) -> dict:
    """Import ``rows`` template rows into a fresh database through ``importer.import_cards`` (every
    check), beside a bare baseline: openpyxl read-only and sqlite3 inserts of the same cards and phones
    into the same schema, without any check. Seconds are wall time; the workbook is written first."""
    with tempfile.TemporaryDirectory(dir=workdir) as tmp:
        folder = Path(tmp)
        init_db(str(folder / "bench.db"))
        app = Services(FixedClock(dt.datetime(2026, 3, 1, 8)))
        admin = app.auth.create_first_admin("admin", "admin123", "管理员")
        office = make_office(app, admin)
        path = folder / "cards.xlsx"
        t0 = time.perf_counter()
        write_rows(path, rows, "张三" if with_staff else None)
        t1 = time.perf_counter()
        phases: dict[str, float] = {}

        def progress(phase: str, done: int, total: int) -> None:
            phases.setdefault(phase, time.perf_counter())

        cpu = time.process_time()
        report = app.importer.import_cards(office.users["clerk"], path, progress=progress)
        cpu = time.process_time() - cpu
        t2 = time.perf_counter()
        write_start = phases.get("write", t2)
        in_db = Customer.select().count()
        close_db()
        init_db(str(folder / "bare.db"))  # the same schema, empty
        close_db()
        base_cpu = time.process_time()
        t3 = time.perf_counter()
        bare_rows = bare_import(path, folder / "bare.db")
        t4 = time.perf_counter()
        base_cpu = time.process_time() - base_cpu
    return {
        "rows": rows,
        "imported": report.imported,
        "rejected": report.rejected,
        "customers_in_db": in_db,
        "write_workbook_s": round(t1 - t0, 2),
        "check_s": round(write_start - t1, 2),
        "commit_s": round(t2 - write_start, 2),
        "s": round(t2 - t1, 2),
        "cpu_s": round(cpu, 2),
        "baseline_s": round(t4 - t3, 2),
        "baseline_cpu_s": round(base_cpu, 2),
        "baseline_rows": bare_rows,
    }


def bare_import(path: Path, db_path: Path) -> int:
    """The baseline: read the template with openpyxl read-only, insert the cards and their phones
    with sqlite3 in one transaction, and each card's unregistered snapshot row (one statement, as the
    service writes one per card). No check, no duplicate search, no events."""
    import sqlite3

    from openpyxl import load_workbook

    from models.timeline import fill_missing_snapshots_sql
    from services.customers.names import initials, toneless

    wb = load_workbook(str(path), read_only=True)
    ws = wb[SHEET_NAME]
    con = sqlite3.connect(str(db_path))
    now = "2026-03-01 08:00:00"
    count = 0
    with con:
        for row in ws.iter_rows(min_row=2, values_only=True):
            name, sex, year, phone, _phone2, address, occupation, source, _staff = (*row, *(None,) * 9)[:9]
            cur = con.execute(
                "INSERT INTO customer (name, name_initials, name_pinyin, sex, birth_year, address, occupation, "
                "income_band, abc_class, value_level, source_channel, notes, archived, created_at, version) "
                "VALUES (?, ?, ?, ?, ?, ?, ?, '', '', '', ?, '', 0, ?, 1)",
                (name, initials(name), toneless(name), sex, year, address or "", occupation or "", source or "", now),
            )
            con.execute(
                "INSERT INTO phone (customer_id, number, last4, kind, position) VALUES (?, ?, ?, 'mobile', 0)",
                (cur.lastrowid, str(phone), str(phone)[-4:]),
            )
            count += 1
        con.execute(*fill_missing_snapshots_sql())  # each card's unregistered snapshot, as the service writes
    con.close()
    wb.close()
    return count


def main() -> None:
    rows = int(sys.argv[1]) if len(sys.argv) > 1 and sys.argv[1].isdigit() else 50_000
    with_staff = "--staff" in sys.argv
    r = measure(rows, with_staff)
    print(f"rows={rows} staff={'yes' if with_staff else 'no'} imported={r['imported']} rejected={r['rejected']}")
    print(
        f"write workbook {r['write_workbook_s']:.1f} s; read+check {r['check_s']:.1f} s; commit {r['commit_s']:.1f} s"
    )
    print(f"import total {r['s']:.1f} s; customers in db {r['customers_in_db']}")
    print(f"bare openpyxl + sqlite3 inserts of the same rows {r['baseline_s']:.1f} s")


if __name__ == "__main__":
    main()
