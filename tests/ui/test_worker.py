"""The background-job helper: results, errors and progress arrive in the GUI thread; writes queue."""

from __future__ import annotations

import threading

from PySide6.QtCore import QThread

from ui.worker import run_in_pool, write_pool


def test_result_arrives_in_the_gui_thread(qtbot):
    seen = {}

    def work(a, b):
        seen["worker"] = QThread.currentThread()
        return a + b

    def done(value):
        seen["value"] = value
        seen["callback"] = QThread.currentThread()

    job = run_in_pool(work, 2, 3, on_done=done)
    with qtbot.waitSignal(job.finished, timeout=5000):
        pass
    assert seen["value"] == 5
    assert seen["callback"] is qtbot_thread()
    assert seen["worker"] is not seen["callback"]


def qtbot_thread():
    from PySide6.QtWidgets import QApplication

    return QApplication.instance().thread()


def test_error_goes_to_on_error_not_to_the_caller(qtbot):
    errors = []

    def boom():
        raise ValueError("坏了")

    job = run_in_pool(boom, on_error=errors.append)
    with qtbot.waitSignal(job.finished, timeout=5000):
        pass
    assert [str(e) for e in errors] == ["坏了"]
    assert job.error is errors[0] and job.result is None


def test_progress_and_cancel(qtbot):
    reports = []
    started = threading.Event()
    release = threading.Event()

    def count(progress, cancelled):
        for i in range(1, 1000):
            progress(i, 999)
            if i == 3:
                started.set()
                release.wait(5)
            if cancelled():
                return i
        return 999

    job = run_in_pool(count, on_progress=reports.append, cancellable=True)
    assert started.wait(5)
    job.cancel()
    release.set()
    with qtbot.waitSignal(job.finished, timeout=5000):
        pass
    assert job.result == 3
    assert reports[:3] == [(1, 999), (2, 999), (3, 999)]


def test_writes_run_one_at_a_time_in_order(qtbot):
    assert write_pool().maxThreadCount() == 1
    order = []
    active = []

    def write(n):
        active.append(n)
        overlap = len(active) > 1
        order.append(n)
        active.remove(n)
        return overlap

    jobs = [run_in_pool(write, n, writes=True) for n in range(5)]
    qtbot.waitUntil(lambda: all(not j.running for j in jobs), timeout=5000)
    assert order == [0, 1, 2, 3, 4]
    assert [j.result for j in jobs] == [False] * 5


def test_an_outcome_for_a_widget_closed_meanwhile_is_dropped(qtbot):
    """A count still running when its window closes must not reach the deleted widget (the customers
    tab's count label raised "already deleted" when its test's window went away first)."""
    import shiboken6
    from PySide6.QtWidgets import QLabel

    release = threading.Event()
    label, kept = QLabel(), QLabel()
    qtbot.addWidget(kept)
    shown = []

    def count():
        release.wait(5)
        return 7

    gone = run_in_pool(count, on_done=lambda n: shown.append(("gone", label.text())), owner=label)
    alive = run_in_pool(count, on_done=lambda n: shown.append(("kept", n)), owner=kept)
    shiboken6.delete(label)  # the window closed while the job ran
    release.set()
    with qtbot.waitSignal(gone.finished, timeout=5000), qtbot.waitSignal(alive.finished, timeout=5000):
        pass
    assert shown == [("kept", 7)]
