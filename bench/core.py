"""Bench plumbing: cached demo databases, working copies, medians and the machine description."""

from __future__ import annotations

import gc
import json
import os
import platform
import shutil
import sqlite3
import statistics
import sys
import time
from collections.abc import Callable
from contextlib import contextmanager
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

# The big databases (4.7 GB at a million customers) can live outside the source tree: KEYUAN_BENCH_CACHE=/dir.
CACHE = Path(os.environ.get("KEYUAN_BENCH_CACHE") or ROOT / "bench" / "cache")
# Bump when services/demo*.py change in a way that makes cached databases unlike new ones.
GENERATOR_VERSION = 3  # 3: the demo anchored to a day (REFERENCE_DAY), callbacks, batches


# Sizes above this are made by `bench.scale.tile` from the demo database of this size (see there):
# the generator tells ~80 stories per second: 100,000 would take 20 minutes and 1,000,000 three and a half hours.
TILE_BASE = 10_000


def cached_db(
    customers: int, seed: int, cache: Path = CACHE, log=print, tile_base: int = TILE_BASE
) -> tuple[Path, dict]:
    """The cached demo database for (customers, seed), built first when missing: by the demo generator
    up to ``tile_base`` customers, above that by tiling the ``tile_base`` database (bench/scale.py)."""
    cache.mkdir(parents=True, exist_ok=True)
    path = cache / f"demo-v{GENERATOR_VERSION}-{customers}-{seed}.db"
    facts = path.with_suffix(".json")  # how the cached database was built (rate, events)
    if path.exists():
        built = json.loads(facts.read_text("utf-8")) if facts.exists() else {"customers": customers}
        return path, {**built, "cached": True}
    part = path.with_suffix(".part")
    for suffix in ("", "-wal", "-shm"):
        Path(f"{part}{suffix}").unlink(missing_ok=True)
    if customers > tile_base:
        if customers % tile_base:
            raise ValueError(f"{customers} customers: sizes above {tile_base} must be multiples of it")
        return _tiled(customers, seed, cache, path, part, log, tile_base)
    return _generated(customers, seed, path, part, log)


def _tiled(customers: int, seed: int, cache: Path, path: Path, part: Path, log, base_size: int) -> tuple[Path, dict]:
    from bench.scale import tile, verify

    base, _ = cached_db(base_size, seed, cache, log, base_size)
    log(f"  tiling {base.name} ×{customers // base_size}")
    built = tile(base, part, customers // base_size, seed + customers, log)
    built["verified_customers"] = verify(part)
    os.replace(part, path)
    path.with_suffix(".json").write_text(json.dumps(built), encoding="utf-8")
    return path, {**built, "cached": False}


def _generated(customers: int, seed: int, path: Path, part: Path, log) -> tuple[Path, dict]:
    from services.cli.demo import REFERENCE_DAY, build_demo

    facts = path.with_suffix(".json")
    started = time.perf_counter()
    step = max(1, customers // 10)

    def progress(done: int, total: int) -> None:
        if done % step == 0:
            rate = done / max(time.perf_counter() - started, 1e-9)
            log(f"  building {total}: {done} ({rate:.0f} customers/s)")

    cpu = time.process_time()
    info = build_demo(str(part), customers, seed, progress=progress, today=REFERENCE_DAY)
    cpu = time.process_time() - cpu
    os.replace(part, path)
    built = {
        "customers": info.customers,
        "events": info.events,
        "seconds": round(info.seconds, 2),
        "customers_per_second": round(info.customers_per_second, 1),
        # CPU time is what the build itself cost; wall time also counts waiting for a busy machine.
        "cpu_seconds": round(cpu, 2),
        "customers_per_cpu_second": round(info.customers / cpu, 1) if cpu else None,
        "load_average": os.getloadavg() if hasattr(os, "getloadavg") else None,
    }
    facts.write_text(json.dumps(built), encoding="utf-8")
    return path, {**built, "cached": False}


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
    """Wall-clock milliseconds of one call; its CPU time goes to `last_cpu_ms`."""
    global last_cpu_ms
    cpu = time.process_time()
    started = time.perf_counter()
    fn()
    wall = (time.perf_counter() - started) * 1000
    last_cpu_ms = (time.process_time() - cpu) * 1000
    return wall


last_cpu_ms = 0.0


def timed2(fn: Callable[[], object]) -> tuple[float, float]:
    """(wall, CPU) milliseconds of one call. CPU time is what the program itself spent: on a busy
    machine it stays close to the idle wall time, while wall time grows with the load."""
    wall = timed(fn)
    return wall, last_cpu_ms


@contextmanager
def program_gc():
    """Garbage collection as in the program: ui/gc_guard.py turns automatic collection off and collects
    between events on the GUI thread, so a lookup never pays for a full collection of the (here much
    bigger: the bench holds every figure's leftovers) heap. Collect once, then time with it off."""
    was = gc.isenabled()
    gc.collect()
    gc.disable()
    try:
        yield
    finally:
        if was:
            gc.enable()


def median_ms(calls: list[Callable[[], object]], runs: int) -> tuple[float, float]:
    """Median (wall, CPU) milliseconds over ``runs`` rounds of every call (one warm-up round first)."""
    with program_gc():
        for call in calls:
            call()
        pairs = [timed2(call) for _ in range(runs) for call in calls]
    return statistics.median(w for w, _ in pairs), statistics.median(c for _, c in pairs)


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
