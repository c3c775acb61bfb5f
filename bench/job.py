"""One heavy bench job in a fresh process, so its peak resident memory is its own (issue 9, peak_memory).

    python -m bench.job MODULE FUNCTION '{"keyword": "arguments"}'

Calls ``MODULE.FUNCTION(**arguments)`` and prints, as its last line,
``JOB {"result": …, "peak_rss_mb": …, "ms": …}`` — the peak resident memory (`peak_rss_mb`) covers
C allocations (sqlite, lxml, zlib, reportlab) that tracemalloc does not see. The parent side is
`run_job`.
"""

from __future__ import annotations

import importlib
import json
import os
import resource
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PREFIX = "JOB "


def peak_rss_mb() -> float:
    """This process's peak resident memory so far, in MB.

    On Linux the high-water mark of this process's own memory (VmHWM): ``ru_maxrss`` of a spawned
    child also counts its parent's resident memory at the fork (the kernel carries it over the exec),
    so a child of a 300 MB bench would never report less than 300 MB. Elsewhere ``ru_maxrss``."""
    try:
        with open("/proc/self/status", encoding="ascii") as fh:
            for line in fh:
                if line.startswith("VmHWM:"):
                    return round(int(line.split()[1]) / 1024, 1)
    except OSError:
        pass
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return round(peak / (2**20 if sys.platform == "darwin" else 1024), 1)


def run_job(module: str, function: str, timeout: float | None = None, **kwargs) -> dict:
    """Run one job in a child process; returns its result with ``peak_rss_mb`` and ``ms`` (the call's wall time)."""
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    proc = subprocess.run(
        [sys.executable, "-m", "bench.job", module, function, json.dumps(kwargs)],
        capture_output=True,
        text=True,
        cwd=ROOT,
        env=env,
        timeout=timeout,
    )
    lines = [line for line in proc.stdout.splitlines() if line.startswith(PREFIX)]
    if proc.returncode != 0 or not lines:
        tail = (proc.stderr or proc.stdout).strip().splitlines()[-5:]
        raise RuntimeError(f"bench job {module}.{function} failed ({proc.returncode}): " + " | ".join(tail))
    return json.loads(lines[-1][len(PREFIX) :])


def main(argv: list[str]) -> int:
    module, function, kwargs = argv[0], argv[1], json.loads(argv[2]) if len(argv) > 2 else {}
    if str(ROOT) not in sys.path:
        sys.path.insert(0, str(ROOT))
    fn = getattr(importlib.import_module(module), function)
    started = time.perf_counter()
    result = fn(**kwargs)
    ms = (time.perf_counter() - started) * 1000
    out = {"result": result, "peak_rss_mb": peak_rss_mb(), "ms": round(ms, 1)}
    print(PREFIX + json.dumps(out, ensure_ascii=False, default=str), flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
