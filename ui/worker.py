"""Long jobs off the GUI thread: `run_in_pool(fn, *args, on_done=..., on_error=..., on_progress=...)`.

The function runs on a QThreadPool thread and never sees a widget; its result, its exception and
its progress come back to the GUI thread by queued signals, through a `Job` that lives in the GUI
thread (so callbacks are never called from the worker thread, whatever they are).

Reads may run in parallel on the global pool. Anything that writes the database passes
``writes=True`` and goes through ONE single-thread pool, so two writes never race for the SQLite
lock and run in the order they were asked for. After every job the worker thread gives back its own
database connection (peewee keeps one per thread).

Example::

    job = run_in_pool(services.timeline.service.sweep, actor, writes=True, cancellable=True,
                      on_done=self.on_sweep_done, on_error=lambda e: show_error(self, e),
                      on_progress=self.on_sweep_progress)
    job.cancel()   # asks the function to stop (it receives ``cancelled``)
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from typing import Any

import shiboken6
from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal, Slot

from services.platform.database import release_thread_connection

log = logging.getLogger(__name__)

_write_pool: QThreadPool | None = None
_live: set[Job] = set()  # jobs are kept alive until their result has been delivered


def write_pool() -> QThreadPool:
    """The one single-thread pool for database writes."""
    global _write_pool
    if _write_pool is None:
        _write_pool = QThreadPool()
        _write_pool.setMaxThreadCount(1)
        _write_pool.setObjectName("keyuan-writes")
    return _write_pool


class WorkerSignals(QObject):
    """Emitted from the worker thread; connected (queued) to the Job in the GUI thread."""

    result = Signal(object)
    error = Signal(object)  # the exception object, with its __traceback__
    progress = Signal(object)


class Job(QObject):
    """The GUI-thread handle of one background job.

    Signals are delivered in the GUI thread: ``done(result)``, ``failed(exception)``,
    ``progress(value)`` and, after either of the first two, ``finished()``.
    """

    done = Signal(object)
    failed = Signal(object)
    progress = Signal(object)
    finished = Signal()

    def __init__(self) -> None:
        super().__init__()
        self._cancel = threading.Event()
        self.running = True
        self.result: Any = None
        self.error: BaseException | None = None
        self.signals = WorkerSignals()
        self.signals.result.connect(self.on_result)
        self.signals.error.connect(self.on_error)
        # Through a slot of the Job (a GUI-thread object), so the hop between threads is queued.
        self.signals.progress.connect(self.on_progress)

    def cancel(self) -> None:
        """Ask the function to stop; it sees ``cancelled()`` turn true (only if it was given one)."""
        self._cancel.set()

    def is_cancelled(self) -> bool:
        return self._cancel.is_set()

    @Slot(object)
    def on_progress(self, value: object) -> None:
        self.progress.emit(value)

    @Slot(object)
    def on_result(self, value: object) -> None:
        self.result = value
        self.running = False
        self.done.emit(value)
        self._end()

    @Slot(object)
    def on_error(self, exc: object) -> None:
        self.error = exc  # type: ignore[assignment]
        self.running = False
        self.failed.emit(exc)
        self._end()

    def _end(self) -> None:
        self.finished.emit()
        _live.discard(self)


class _Runnable(QRunnable):
    def __init__(self, job: Job, fn: Callable[..., Any], args: tuple, kwargs: dict):
        super().__init__()
        self.job, self.fn, self.args, self.kwargs = job, fn, args, kwargs
        # The pool deletes the runnable after run(); results travel on the Job's signals, which
        # the module keeps alive (``_live``) until they have been delivered.
        self.setAutoDelete(True)

    def run(self) -> None:
        signals = self.job.signals
        try:
            value = self.fn(*self.args, **self.kwargs)
        except BaseException as exc:  # noqa: BLE001 - every failure goes back to the GUI thread
            signals.error.emit(exc)
        else:
            signals.result.emit(value)
        finally:
            try:
                release_thread_connection()
            except Exception:  # noqa: BLE001 - a failed close must not hide the job's own outcome
                log.exception("closing the worker thread's database connection failed")


def _while_alive(owner: QObject, callback: Callable[[Any], None]) -> Callable[[Any], None]:
    def deliver(value: Any) -> None:
        if shiboken6.isValid(owner):
            callback(value)

    return deliver


def run_in_pool(
    fn: Callable[..., Any],
    *args: Any,
    on_done: Callable[[Any], None] | None = None,
    on_error: Callable[[BaseException], None] | None = None,
    on_progress: Callable[[Any], None] | None = None,
    writes: bool = False,
    cancellable: bool = False,
    pool: QThreadPool | None = None,
    owner: QObject | None = None,
    **kwargs: Any,
) -> Job:
    """Run ``fn(*args, **kwargs)`` on a pool thread and deliver the outcome in the GUI thread.

    Args:
        on_done: called with the return value.
        on_error: called with the exception; without it the exception is logged.
        on_progress: called with whatever the function reports; the function then receives a
            ``progress`` keyword argument (a callable taking one value, or several as a tuple).
        writes: the function writes the database: run it on the single-thread write pool.
        cancellable: pass ``cancelled`` (a callable returning True once `Job.cancel` was called).
        pool: another pool (default: the write pool for writes, else the global pool).
        owner: the widget the callbacks belong to: once it is deleted (its window closed while the
            job ran), the outcome is dropped instead of reaching a half-deleted widget. Callbacks
            that are a QObject's own slots are disconnected by Qt anyway; lambdas are not.
    """
    if owner is not None:
        on_done, on_error, on_progress = (
            _while_alive(owner, f) if f is not None else None for f in (on_done, on_error, on_progress)
        )
    job = Job()
    if on_done is not None:
        job.done.connect(on_done)
    if on_error is not None:
        job.failed.connect(on_error)
    else:
        job.failed.connect(_log_failure)
    if on_progress is not None:
        job.progress.connect(on_progress)

        def report(*values: Any) -> None:
            job.signals.progress.emit(values[0] if len(values) == 1 else values)

        kwargs["progress"] = report
    if cancellable:
        kwargs["cancelled"] = job.is_cancelled
    _live.add(job)
    target = pool or (write_pool() if writes else QThreadPool.globalInstance())
    target.start(_Runnable(job, fn, args, kwargs))
    return job


def _log_failure(exc: BaseException) -> None:
    log.error("background job failed", exc_info=(type(exc), exc, exc.__traceback__))


def wait_for_writes(msecs: int = 30000) -> bool:
    """Block until queued database writes are done (at exit, so no write is cut short)."""
    return write_pool().waitForDone(msecs)
