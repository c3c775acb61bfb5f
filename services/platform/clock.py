"""Where services get "now": the system clock, or a fixed clock for replays and tests."""

from __future__ import annotations

import datetime as dt


class SystemClock:
    def now(self) -> dt.datetime:
        return dt.datetime.now().replace(microsecond=0)


class FixedClock:
    """A clock that says what it was told (scenario replay, tests)."""

    def __init__(self, at: dt.datetime):
        self.at = at

    def now(self) -> dt.datetime:
        return self.at

    def set(self, at: dt.datetime) -> None:
        self.at = at
