"""The demo office's scans (演示扫描件): the clerk's day starts from a stack of scanned forms.

The stack of activity forms handed in yesterday (the batch waiting to be processed) has a few more
forms than were typed last night: they wait, scanned, in the office's scans inbox
(`ScanService.inbox_folder`: the data folder's 待录入扫描件/<批次名>/), where the intake tab opens
them when the clerk picks the batch. The forms are drawn by services.intake.form_image (the OCR
benchmark's forms), from their own random stream: the same seed and day give the same pages, and
the rest of the demo is not changed by them.
"""

from __future__ import annotations

import datetime as dt
import random
from pathlib import Path

from services.cli.demo_people import PeopleMaker
from services.intake.form_image import LAYOUTS, Card, degrade, draw, make_card
from services.platform.resources import resource_path

SCANS = 5  # pages in the stack
DPI = 150


def scan_cards(seed: int, day: dt.date, count: int = SCANS) -> list[Card]:
    """What the demo's scanned forms say (the journeys type them from here, as the clerk reads them)."""
    rng = random.Random(f"scans:{seed}:{day.isoformat()}")
    people = PeopleMaker(random.Random(f"scan-people:{seed}:{day.isoformat()}"))
    return [make_card(rng, people, channel="activity") for _ in range(count)]


def write_scans(folder: Path, seed: int, day: dt.date, count: int = SCANS) -> list[Path]:
    """Draw the stack into ``folder`` (表01.png …; the last one a poor scan, as a JPEG); returns the files."""
    font = str(resource_path("fonts", "wqy-microhei.ttc"))
    rng = random.Random(f"scan-ink:{seed}:{day.isoformat()}")
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for i, card in enumerate(scan_cards(seed, day, count), 1):
        im = draw(card, rng, layout=LAYOUTS[i % 2], dpi=DPI, label_font=font, value_font=font, this_year=day.year)
        path = folder / f"表{i:02d}.png"
        if i == count:
            written.append(degrade(im, rng, path))
        else:
            im.save(path)
            written.append(path)
    return written
