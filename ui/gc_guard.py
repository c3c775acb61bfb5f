"""Garbage collection on the GUI thread only.

Python's cyclic collector runs in whichever thread happens to allocate when a threshold is reached.
If that is a worker thread (ui/worker.py) and the garbage holds Qt widgets, Qt destroys widgets
off the GUI thread and the process crashes (seen in the suite: a segmentation fault while a
worker counted customers). So automatic collection is switched off and a timer on the GUI thread
collects instead, generation by generation, as the thresholds would have.
"""

from __future__ import annotations

import gc

from PySide6.QtCore import QObject, QTimer

INTERVAL_MS = 500


class GuiThreadCollector(QObject):
    def __init__(self, parent: QObject | None = None, interval_ms: int = INTERVAL_MS):
        super().__init__(parent)
        self.thresholds = gc.get_threshold()
        gc.disable()
        self.timer = QTimer(self)
        self.timer.timeout.connect(self.check)
        self.timer.start(interval_ms)

    def check(self) -> None:
        """Collect the generations whose counts passed their thresholds (what automatic gc would do)."""
        counts = gc.get_count()
        if counts[0] > self.thresholds[0]:
            generation = 0
            if counts[1] > self.thresholds[1]:
                generation = 1
                if counts[2] > self.thresholds[2]:
                    generation = 2
            gc.collect(generation)


_collector: GuiThreadCollector | None = None


def install(app: QObject) -> GuiThreadCollector:
    """Once per process, parented to the QApplication."""
    global _collector
    if _collector is None:
        _collector = GuiThreadCollector(app)
    return _collector
