"""Benchmark of the output (SPEC §8, issue 8): Excel export and printed 回访表, each beside bare library code.

Run: ``.venv/bin/python -m bench.bench_output [--rows 100000] [--forms 1000] [--runs 1] [--profile]``.

(a) ``services.output.export.write_xlsx`` writing N list rows (title, header, widths, date formats,
    formula guard, temp file then rename) against bare openpyxl write-only appending the same
    cells; then the peak Python memory (tracemalloc) of write_xlsx at 10k / 50k / N rows, fed by
    a generator as the card-list export feeds it — flat means the rows are not kept.
(b) ``services.output.pdf.callback_forms_pdf`` writing 1,000 回访表 in one PDF against bare reportlab
    drawing the same text and grid on a canvas with the same embedded font.

Targets (issue 8): both ratios ≤ 1.5×; memory flat as rows grow. Times are CPU seconds of this
process (the shared machine is loaded: wall time would mostly measure the neighbours) and wall
seconds beside them. Prints a JSON object; ``--out FILE`` writes it too.
"""

from __future__ import annotations

import argparse
import cProfile
import datetime as dt
import json
import pstats
import subprocess
import sys
import tempfile
import time
import tracemalloc
from collections.abc import Callable, Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from services.output import pdf  # noqa: E402
from services.output.export import Column, write_xlsx  # noqa: E402

TITLES = (
    "档案号",
    "姓名",
    "电话",
    "性别",
    "出生年份",
    "住址",
    "职业",
    "部门",
    "归属员工",
    "归属状态",
    "建档时间",
    "兴趣标签",
)
COLUMNS = [Column(t) for t in TITLES[:10]] + [Column(TITLES[10], number_format="yyyy-mm-dd"), Column(TITLES[11])]
SURNAMES = "王李张刘陈杨赵黄周吴"
GIVEN = ("秀英", "桂兰", "建国", "淑珍", "玉梅", "志强", "凤英", "国华", "德明", "素芳")
OFFICE = "幸福健康会馆"
PRINTED = dt.datetime(2026, 3, 2, 8, 30)


def list_rows(n: int) -> Iterator[tuple]:
    """``n`` rows shaped like the card list's export: ints, Chinese text, a masked phone, a date."""
    base = dt.datetime(2020, 1, 1, 9, 0)
    for i in range(n):
        name = SURNAMES[i % 10] + GIVEN[(i // 10) % 10]
        phone = f"139{i % 10**8:08d}" if i % 3 else f"139****{i % 10000:04d}"
        yield (
            i + 1,
            name,
            phone,
            "女" if i % 2 else "男",
            1935 + i % 45,
            f"幸福路{i % 800}号{i % 12}单元",
            "退休教师",
            f"{i % 6 + 1}部",
            SURNAMES[(i + 3) % 10] + GIVEN[i % 10],
            "有效",
            base + dt.timedelta(minutes=17 * i),
            "保健品、旅游" if i % 4 else "",
        )


def service_export(path: Path, n: int) -> int:
    return write_xlsx(path, "顾客档案", COLUMNS, list_rows(n), subtitle=OFFICE)


def bare_export(path: Path, n: int) -> int:
    """The same cells with nothing but openpyxl write-only: title, header, the rows as they are."""
    from openpyxl import Workbook

    wb = Workbook(write_only=True)
    ws = wb.create_sheet("Sheet1")
    ws.append(["顾客档案", OFFICE])
    ws.append(list(TITLES))
    count = 0
    for row in list_rows(n):
        ws.append(list(row))
        count += 1
    wb.save(path)
    return count


def clock(fn: Callable[[], object]) -> tuple[float, float]:
    """(CPU seconds, wall seconds) of one call."""
    cpu, wall = time.process_time(), time.perf_counter()
    fn()
    return time.process_time() - cpu, time.perf_counter() - wall


def best(fn: Callable[[], object], runs: int) -> tuple[float, float]:
    """The fastest of ``runs`` (by CPU): the run least disturbed by the machine's other work."""
    return min((clock(fn) for _ in range(runs)), key=lambda t: t[0])


def peak_mb(fn: Callable[[], object]) -> float:
    """Peak memory allocated by Python while ``fn`` runs (tracemalloc), in MB."""
    tracemalloc.start()
    try:
        fn()
        return tracemalloc.get_traced_memory()[1] / 2**20
    finally:
        tracemalloc.stop()


def child_rss_mb(kind: str, n: int, tmp: Path) -> float:
    """Peak resident memory (MB) of a fresh process writing ``n`` rows: C allocations (lxml, zlib)
    included, which tracemalloc does not see. The interpreter and libraries alone take ~60 MB."""
    code = (  # VmHWM, not ru_maxrss: a spawned child's ru_maxrss also counts this parent's memory
        "import sys; from pathlib import Path; from bench import bench_output as b; "
        "from bench.job import peak_rss_mb; "
        f"getattr(b, '{kind}_export')(Path(sys.argv[1]), {n}); "
        "print(peak_rss_mb())"
    )
    out = subprocess.run(
        [sys.executable, "-c", code, str(tmp / f"rss-{kind}.xlsx")],
        capture_output=True,
        text=True,
        check=True,
        cwd=ROOT,
    )
    return float(out.stdout.strip().splitlines()[-1])


def export_figures(rows: int, runs: int, tmp: Path, log=print) -> dict:
    log(f"export: {rows:,} rows, service then bare openpyxl, {runs} run(s) each …")
    service = best(lambda: service_export(tmp / "service.xlsx", rows), runs)
    bare = best(lambda: bare_export(tmp / "bare.xlsx", rows), runs)
    memory = {}
    for n in [s for s in (10_000, 50_000) if s < rows] + [rows]:
        log(f"export memory: {n:,} rows …")
        memory[str(n)] = {
            "service_peak_mb": round(peak_mb(lambda n=n: service_export(tmp / "m.xlsx", n)), 1),
            "bare_peak_mb": round(peak_mb(lambda n=n: bare_export(tmp / "mb.xlsx", n)), 1),
            "service_rss_mb": round(child_rss_mb("service", n, tmp), 1),
            "bare_rss_mb": round(child_rss_mb("bare", n, tmp), 1),
        }
    peaks = [m["service_rss_mb"] for m in memory.values()]
    return {
        "rows": rows,
        "cpu_s": round(service[0], 2),
        "wall_s": round(service[1], 2),
        "baseline_cpu_s": round(bare[0], 2),
        "baseline_wall_s": round(bare[1], 2),
        "ratio": round(service[0] / bare[0], 2),
        "target_ratio": 1.5,
        "memory_by_rows": memory,
        "memory_flat": max(peaks) <= 1.2 * min(peaks),  # resident memory, 10k rows vs the most
        "file_mb": round((tmp / "service.xlsx").stat().st_size / 2**20, 1),
    }


# -- 回访表 ------------------------------------------------------------------------------------------


def forms(n: int) -> list[pdf.CallbackFormPrint]:
    """``n`` 回访表 with the content a real one has: card fields, two purchases, three visits."""
    out = []
    for i in range(n):
        name = SURNAMES[i % 10] + GIVEN[(i // 10) % 10]
        fields = [
            ("电话", f"139{i:08d}"),
            ("职业", "退休教师"),
            ("地址", f"幸福路{i % 800}号{i % 12}单元"),
            ("顾客分类", "B"),
            ("服务专员", "张三"),
        ]
        purchases = [("2026-01-12", "3,680", "灵芝孢子粉", "1月12日会议"), ("2026-02-20", "1,280", "深海鱼油", "")]
        visits = [
            ("2026-02-23", "家访", "张三", "是", "身体好转,按时服用"),
            ("2026-02-10", "电话", "张三", "否", "血压平稳"),
            ("2026-01-15", "家访", "张三", "是", "询问用法"),
        ]
        out.append(
            pdf.CallbackFormPrint(f"{name}(女,1948年生)", fields, purchases, visits, staff_name="张三", due="3月2日")
        )
    return out


def service_forms(path: Path, items: list[pdf.CallbackFormPrint]) -> Path:
    return pdf.callback_forms_pdf(path, items, office=OFFICE, printed_at=PRINTED)


def bare_forms(path: Path, items: list[pdf.CallbackFormPrint]) -> Path:
    """The same forms drawn straight on a reportlab canvas: the text, the grids, the footer."""
    from reportlab.lib import colors
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.units import mm
    from reportlab.pdfgen import canvas

    pdf.register_fonts()
    font = pdf.FONT
    c = canvas.Canvas(str(path), pagesize=A4)
    w, h = A4
    left, width = 15 * mm, w - 30 * mm
    total = len(items)

    head_fill, stripe, label_fill = (colors.HexColor(h) for h in ("#3d5a80", "#f2f4f7", "#e8ecf2"))

    def grid(top: float, header: tuple | None, rows: list, widths: list[float], row_h: float) -> float:
        """A table as the form shows it: filled header row, striped rows (or shaded label columns), ruled cells."""
        y = top
        c.setFont(font, 9.5)
        lines = [header, *rows] if header else rows
        for r, cells in enumerate(lines):
            x = left
            for col, (value, cw) in enumerate(zip(cells, widths, strict=False)):
                fill = None
                if header and r == 0:
                    fill = head_fill
                elif header and r % 2 == 0:
                    fill = stripe
                elif not header and col % 2 == 0:
                    fill = label_fill
                if fill is not None:
                    c.setFillColor(fill)
                    c.rect(x, y - row_h, cw, row_h, stroke=1, fill=1)
                    c.setFillColor(colors.white if header and r == 0 else colors.black)
                else:
                    c.rect(x, y - row_h, cw, row_h)
                c.drawString(x + 6, y - row_h / 2 - 3, str(value))
                x += cw
            y -= row_h
        return y

    def heading(y: float, text: str, size: float = 12) -> None:
        c.setFont(font, size)
        c.setFillColor(colors.black)
        c.drawString(left, y, text)

    for page, f in enumerate(items, start=1):
        c.setFont(font, 16)
        c.setFillColor(colors.black)
        c.drawCentredString(w / 2, h - 22 * mm, f"{OFFICE} 顾客回访表")
        c.setFont(font, 10)
        c.drawCentredString(w / 2, h - 30 * mm, f"回访员工:{f.staff_name}    应回访日期:{f.due}")
        pairs = [("顾客", f.customer_title), *f.fields]
        rows = [
            [pairs[i][0], pairs[i][1], *(pairs[i + 1] if i + 1 < len(pairs) else ("", ""))]
            for i in range(0, len(pairs), 2)
        ]
        half = (width - 44 * mm) / 2
        y = grid(h - 36 * mm, None, rows, [22 * mm, half, 22 * mm, half], 7 * mm)
        heading(y - 8 * mm, "购买记录")
        y = grid(
            y - 10 * mm,
            ("日期", "金额(元)", "产品", "会议"),
            list(f.purchases),
            [25 * mm, 25 * mm, width - 100 * mm, 50 * mm],
            6 * mm,
        )
        heading(y - 8 * mm, "最近回访")
        y = grid(
            y - 10 * mm, ("日期", "方式", "员工", "签字", "记录"), list(f.last_visits),
            [25 * mm, 18 * mm, 22 * mm, 14 * mm, width - 79 * mm], 6 * mm,
        )  # fmt: skip
        heading(y - 8 * mm, "回访内容")
        y = grid(y - 10 * mm, ("问题", "顾客回答"), [(q, "") for q in f.questions], [70 * mm, width - 70 * mm], 13 * mm)
        heading(y - 8 * mm, "满意度:  □ 非常满意   □ 满意   □ 一般   □ 不满意   □ 很不满意", 10)
        heading(y - 16 * mm, "顾客签字:____________________        日期:______年____月____日", 10)
        c.setFont(font, 8.5)
        c.drawString(15 * mm, 9 * mm, f"{OFFICE}  打印于 {PRINTED:%Y-%m-%d %H:%M}")
        c.drawRightString(w - 15 * mm, 9 * mm, f"第 {page} 页 / 共 {total} 页")
        c.showPage()
    c.save()
    return path


def pdf_figures(n: int, runs: int, tmp: Path, log=print) -> dict:
    items = forms(n)
    pdf.register_fonts()  # loading the font file is not what is measured
    log(f"pdf: {n:,} 回访表, service then bare reportlab, {runs} run(s) each …")
    service = best(lambda: service_forms(tmp / "service.pdf", items), runs)
    bare = best(lambda: bare_forms(tmp / "bare.pdf", items), runs)
    # The same baseline with binary streams, as the service writes them (see services/pdf.py).
    from reportlab import rl_config

    rl_config.useA85 = 0
    try:
        bare_binary = best(lambda: bare_forms(tmp / "bare-binary.pdf", items), runs)
    finally:
        rl_config.useA85 = 1
    return {
        "forms": n,
        "cpu_s": round(service[0], 2),
        "wall_s": round(service[1], 2),
        "baseline_cpu_s": round(bare[0], 2),
        "baseline_wall_s": round(bare[1], 2),
        "ratio": round(service[0] / bare[0], 2),
        "target_ratio": 1.5,
        "baseline_binary_streams_cpu_s": round(bare_binary[0], 2),
        "ratio_same_streams": round(service[0] / bare_binary[0], 2),
        "service_peak_mb": round(peak_mb(lambda: service_forms(tmp / "m.pdf", items[: min(n, 200)])), 1),
        "file_mb": round((tmp / "service.pdf").stat().st_size / 2**20, 2),
        "baseline_file_mb": round((tmp / "bare.pdf").stat().st_size / 2**20, 2),
    }


def profile(fn: Callable[[], object], top: int = 18) -> None:
    prof = cProfile.Profile()
    prof.runcall(fn)
    pstats.Stats(prof, stream=sys.stderr).sort_stats("cumulative").print_stats(top)


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--rows", type=int, default=100_000, help="rows of the export (0: skip)")
    p.add_argument("--forms", type=int, default=1_000, help="回访表 in the PDF (0: skip)")
    p.add_argument("--runs", type=int, default=1)
    p.add_argument("--profile", action="store_true", help="profile the service side of each figure")
    p.add_argument("--out", type=Path)
    args = p.parse_args(argv)

    def log(m: str) -> None:
        print(m, file=sys.stderr, flush=True)

    results: dict = {"date": dt.datetime.now().isoformat(timespec="seconds")}
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        if args.profile:
            if args.rows:
                profile(lambda: service_export(folder / "p.xlsx", min(args.rows, 20_000)))
            if args.forms:
                profile(lambda: service_forms(folder / "p.pdf", forms(min(args.forms, 200))))
        if args.rows:
            results["export"] = export_figures(args.rows, args.runs, folder, log)
        if args.forms:
            results["pdf"] = pdf_figures(args.forms, args.runs, folder, log)
    text = json.dumps(results, ensure_ascii=False, indent=2)
    print(text)
    if args.out:
        args.out.write_text(text + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
