"""Bench plumbing: cached demo databases, working copies, medians and the machine description."""

from __future__ import annotations

import os
import platform
import shutil
import sqlite3
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

CACHE = ROOT / "bench" / "cache"
# Bump when services/demo*.py change in a way that makes cached databases unlike new ones.
GENERATOR_VERSION = 1


def cached_db(customers: int, seed: int, cache: Path = CACHE, log=print) -> tuple[Path, dict]:
    """The cached demo database for (customers, seed), built first when missing."""
    from services.demo import build_demo

    cache.mkdir(parents=True, exist_ok=True)
    path = cache / f"demo-v{GENERATOR_VERSION}-{customers}-{seed}.db"
    if path.exists():
        return path, {"customers": customers, "cached": True}
    part = path.with_suffix(".part")
    for suffix in ("", "-wal", "-shm"):
        Path(f"{part}{suffix}").unlink(missing_ok=True)
    started = time.perf_counter()
    step = max(1, customers // 10)

    def progress(done: int, total: int) -> None:
        if done % step == 0:
            rate = done / max(time.perf_counter() - started, 1e-9)
            log(f"  building {total}: {done} ({rate:.0f} customers/s)")

    info = build_demo(str(part), customers, seed, progress=progress)
    os.replace(part, path)
    return path, {
        "customers": info.customers,
        "events": info.events,
        "seconds": round(info.seconds, 2),
        "customers_per_second": round(info.customers_per_second, 1),
        "cached": False,
    }


def working_copy(src: Path, dest_dir: Path, name: str = "work.db") -> Path:
    """A throw-away copy of a cached database, so measurements that write never touch the cache."""
    dest = dest_dir / name
    for suffix in ("", "-wal", "-shm"):
        Path(f"{dest}{suffix}").unlink(missing_ok=True)
    shutil.copyfile(src, dest)
    return dest


def bare(path: Path) -> sqlite3.Connection:
    """A bare sqlite3 connection with the same pragmas the program uses (the baseline side)."""
    con = sqlite3.connect(str(path))
    con.execute("PRAGMA case_sensitive_like=ON")
    con.execute("PRAGMA cache_size=-32000")
    return con


def timed(fn: Callable[[], object]) -> float:
    started = time.perf_counter()
    fn()
    return (time.perf_counter() - started) * 1000


def median_ms(calls: list[Callable[[], object]], runs: int) -> float:
    """Median in milliseconds over ``runs`` rounds of every call (one warm-up round first)."""
    for call in calls:
        call()
    return statistics.median(timed(call) for _ in range(runs) for call in calls)


def machine() -> dict:
    mem = None
    try:
        with open("/proc/meminfo") as fh:
            mem = int(fh.readline().split()[1]) // 1024
    except OSError:
        pass
    return {
        "platform": platform.platform(),
        "python": platform.python_version(),
        "sqlite": sqlite3.sqlite_version,
        "cpus": os.cpu_count(),
        "memory_mb": mem,
        "processor": platform.processor() or platform.machine(),
        "load_average": os.getloadavg() if hasattr(os, "getloadavg") else None,
    }
