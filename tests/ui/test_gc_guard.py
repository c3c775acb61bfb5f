"""Cyclic garbage is collected by the GUI-thread timer, not by whatever thread allocates."""

from __future__ import annotations

import gc

from ui import gc_guard


def test_automatic_collection_is_off_and_the_timer_collects(qtbot, qapp):
    collector = gc_guard.install(qapp)
    assert not gc.isenabled()

    class Node:
        pass

    collected = []
    gc.callbacks.append(lambda phase, info: collected.append(phase))
    try:
        for _ in range(collector.thresholds[0] + 50):
            a, b = Node(), Node()
            a.other, b.other = b, a
        qtbot.waitUntil(lambda: "stop" in collected, timeout=3000)
    finally:
        gc.callbacks.pop()
