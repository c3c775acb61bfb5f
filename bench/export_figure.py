"""Export of N rows: services.output.export.write_xlsx against bare openpyxl write-only with the same cells."""

from __future__ import annotations

import datetime as dt
import tempfile
from pathlib import Path

from bench.core import timed2

COLUMNS = ("档案号", "姓名", "电话", "性别", "出生年份", "地址", "职业", "来源", "归属员工", "部门", "状态", "建档时间")


def export_rows(con, n: int) -> list[tuple]:
    """``n`` list rows read from the database (cycled when it holds fewer customers)."""
    rows = con.execute(
        "SELECT c.id, c.name, p.number, c.sex, c.birth_year, c.address, c.occupation, c.source_channel, "
        "s.name, d.name, o.claim_state, c.created_at FROM customer c "
        "LEFT JOIN phone p ON p.customer_id = c.id AND p.position = 0 "
        "LEFT JOIN ownership o ON o.customer_id = c.id LEFT JOIN staff s ON s.id = o.owner_id "
        "LEFT JOIN department d ON d.id = o.owner_department_id ORDER BY c.id LIMIT ?",
        (n,),
    ).fetchall()
    out = []
    for i in range(n):
        r = list(rows[i % len(rows)])
        r[11] = dt.datetime.fromisoformat(r[11]) if isinstance(r[11], str) else r[11]
        out.append(tuple(r))
    return out


def export_figure(con, n: int, runs: int) -> dict:
    from openpyxl import Workbook

    from services.output.export import Column, write_xlsx

    rows = export_rows(con, n)
    columns = [Column(t) for t in COLUMNS[:-1]] + [Column(COLUMNS[-1], number_format="yyyy-mm-dd hh:mm")]

    def bare(path: Path) -> None:
        wb = Workbook(write_only=True)
        ws = wb.create_sheet("Sheet1")
        ws.append(list(COLUMNS))
        for r in rows:
            ws.append(list(r))
        wb.save(path)

    service_times, bare_times = [], []
    with tempfile.TemporaryDirectory() as tmp:
        for i in range(runs):
            service_times.append(timed2(lambda i=i: write_xlsx(Path(tmp) / f"s{i}.xlsx", "顾客名单", columns, rows)))
            bare_times.append(timed2(lambda i=i: bare(Path(tmp) / f"b{i}.xlsx")))
    ms, cpu = sorted(service_times)[len(service_times) // 2]
    base, base_cpu = sorted(bare_times)[len(bare_times) // 2]
    return {
        "ms": round(ms, 1),
        "cpu_ms": round(cpu, 1),
        "baseline_ms": round(base, 1),
        "baseline_cpu_ms": round(base_cpu, 1),
        "ratio": round(ms / base, 2),
        "cpu_ratio": round(cpu / base_cpu, 2) if base_cpu else None,
        "runs": runs,
        "rows": n,
        "note": "write_xlsx (title, header, widths, formula guard) vs bare openpyxl write-only",
    }
