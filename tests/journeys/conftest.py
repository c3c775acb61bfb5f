"""One demo office per source version (built once, for a fixed day), copied fresh for each journey.

The template is kept in the temporary folder under a hash of services/ and models/: a second run
on unchanged code starts at once, any change to the program builds it again. As for the other UI
tests, per-PC settings go to a temporary folder and garbage is collected on the GUI thread.
"""

from __future__ import annotations

import fcntl
import hashlib
import shutil
import tempfile
import time
from pathlib import Path

import pytest

from services.cli.demo import REFERENCE_DAY
from tests.journeys.driver import DEMO_CUSTOMERS, build_template, copy_office, fresh_copy
from tests.ui.conftest import collect_on_the_gui_thread, isolated_qsettings  # noqa: F401 - autouse fixtures

ROOT = Path(__file__).resolve().parents[2]
STALE_SECONDS = 6 * 3600  # templates of other source versions older than this are removed


def _source_hash() -> str:
    h = hashlib.sha256(f"{REFERENCE_DAY}:{DEMO_CUSTOMERS}".encode())
    for folder in ("services", "models", "resources/fonts"):
        for path in sorted(p for p in (ROOT / folder).rglob("*") if p.suffix in (".py", ".ttc")):
            h.update(path.relative_to(ROOT).as_posix().encode())
            h.update(path.read_bytes())
    return h.hexdigest()[:16]


@pytest.fixture(scope="session")
def demo_template(tmp_path_factory):
    folder = Path(tempfile.gettempdir()) / "keyuan-journeys"
    folder.mkdir(exist_ok=True)
    template = folder / f"demo-{_source_hash()}.db"
    # Two pytest-xdist workers (or two test runs) may both find it missing: one builds, the other waits.
    with open(folder / "build.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if not template.exists():
            for old in folder.glob("demo-*"):
                if time.time() - old.stat().st_mtime > STALE_SECONDS:  # another checkout's may be in use
                    shutil.rmtree(old) if old.is_dir() else old.unlink(missing_ok=True)
            part = tmp_path_factory.mktemp("journeys") / "template.db"
            build_template(part, REFERENCE_DAY)
            _copy(part, template)
    return template


def _copy(source: Path, target: Path) -> None:
    """The template with its scans inbox (NAME.part shares NAME.db's data folder); the database last,
    so a half-copied template is never used."""
    part = target.with_suffix(".part")
    copy_office(source, part)
    part.replace(target)


@pytest.fixture
def demo_db(demo_template, tmp_path):
    return fresh_copy(demo_template, tmp_path / "office")
