"""Files the user keeps (exports, sheets): written in full to a temporary name, then put in place with
the permissions any file the user saves gets (their umask), not the owner-only 0600 of a temp file."""

from __future__ import annotations

import os
from pathlib import Path


def _read_umask() -> int:
    # os.umask can only be read by setting it: done once, at import, before any worker thread exists.
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


UMASK = _read_umask()


def publish(tmp: str | Path, target: str | Path) -> None:
    """Give the finished temporary file the user's normal permissions and move it to ``target``."""
    if os.name == "posix":
        os.chmod(tmp, 0o666 & ~UMASK)
    os.replace(tmp, target)
