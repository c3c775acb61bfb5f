"""Window-less commands: `main.py demo PATH` builds a demo office, `main.py sweep` applies deadlines.

Messages for the user are Chinese; exit status 0 on success, 2 on bad input (the
target exists, the database cannot be opened) — never a traceback.
"""

from __future__ import annotations

import datetime as dt
import sys
import time
from pathlib import Path

from models import DatabaseOpenError, close_db, init_db
from services.cli.demo import DemoExists, build_demo
from services.platform.errors import ServiceError
from services.platform.instance_lock import lock_database


def _progress_printer(total: int):
    started = time.perf_counter()
    step = max(1, total // 20)

    def progress(done: int, total_: int) -> None:
        if done % step == 0 or done == total_:
            rate = done / max(time.perf_counter() - started, 1e-9)
            print(f"已生成 {done}/{total_} 位顾客({rate:.1f} 位/秒)", file=sys.stderr, flush=True)

    return progress


def cmd_demo(path: str, customers: int, seed: int, today: dt.date | None = None) -> int:
    """Build a demo database at ``path`` for ``today`` (default: the system's today) and print a summary."""
    if customers < 1:
        print("顾客数量至少为 1。", file=sys.stderr)
        return 2
    try:
        info = build_demo(path, customers, seed, progress=_progress_printer(customers), today=today)
    except DemoExists as exc:
        print(exc.message, file=sys.stderr)
        return 2
    except DatabaseOpenError as exc:
        print(exc.message, file=sys.stderr)
        return 2
    except ServiceError as exc:
        print(f"\n生成演示数据库失败:{exc.message}", file=sys.stderr)
        return 1
    print(f"演示办公室:{info.office_name}(种子 {info.seed},数据截至 {info.end:%Y-%m-%d %H:%M},即当天上班时)")
    print(f"数据库:{info.path}")
    print(f"顾客 {info.customers} 位,时间线事件 {info.events} 条,员工 {info.staff} 人")
    owners = ",".join(f"{name} {n}" for name, n in info.owners_by_department.items())
    print(f"各部门归属:{owners};公司资源池 {info.pool};无人归属 {info.unowned}")
    print(f"待仲裁冲突 {info.open_cases} 件;被规则拒绝而跳过的操作 {info.refused} 次")
    if info.staged is not None and info.staged.waiting_batch:
        print("今天待办:一个批次等待处理,一个批次已返还健康一部等待分配;今晚 18:00 前报送联合会议名单;一件投诉明天到期")
    if info.staged is not None and info.staged.scans:
        folder = Path(info.staged.scans[0]).parent
        print(f"录入员的扫描件 {len(info.staged.scans)} 张:{folder}(录入页选定这个批次时自动打开)")
    print(
        f"用时 {info.seconds:.1f} 秒(其中建办公室和账户 {info.setup_seconds:.1f} 秒;"
        f"顾客时间线 {info.customers_per_second:.1f} 位/秒)"
    )
    print("登录:admin / admin123(其他账户见 docs/DEMO.md)")
    return 0


def cmd_sweep(db_target: str | None) -> int:
    """Apply passed deadlines (R2, R6–R9) to the ownership snapshots of the database in use."""
    if not db_target:
        # The per-user default path comes from Qt, which services/ must not import.
        print("请用 --db 或环境变量 KEYUAN_DB 指定要处理的数据库。", file=sys.stderr)
        return 2
    try:
        lock = lock_database(db_target)  # before SQLite opens the file: one writer per file
    except (DatabaseOpenError, ServiceError) as exc:
        print(exc.message, file=sys.stderr)
        return 2
    try:
        init_db(db_target)
    except DatabaseOpenError as exc:
        if lock is not None:
            lock.release()
        print(exc.message, file=sys.stderr)
        return 2
    try:
        from services.app import Services
        from services.office.permissions import SYSTEM

        app = Services()
        started = time.perf_counter()
        changed = app.timeline.sweep(SYSTEM)
        took = time.perf_counter() - started
    finally:
        close_db()
        if lock is not None:
            lock.release()
    print(
        f"已处理到期期限:{changed} 位顾客的归属快照已更新(截至 {dt.datetime.now():%Y-%m-%d %H:%M},用时 {took:.1f} 秒)。"
    )
    return 0
