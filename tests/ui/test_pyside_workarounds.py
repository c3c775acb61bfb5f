"""Thousands of Python signal emits must not crash the interpreter (PySide6 6.12 loses a True per emit)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]

SCRIPT = """
import sys
import ui  # applies the work-around
from PySide6.QtCore import QObject, Signal

class S(QObject):
    ping = Signal(object)

s = S()
s.ping.connect(lambda v: None)
for i in range(20000):
    s.ping.emit(i)
print("done")
"""


def test_many_emits_then_a_clean_exit():
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", PYTHONPATH=str(ROOT))
    run = subprocess.run([sys.executable, "-c", SCRIPT], cwd=ROOT, env=env, capture_output=True, text=True, timeout=60)
    assert (run.returncode, run.stdout.strip()) == (0, "done"), run.stderr[-2000:]
