"""The demo office's scans (演示扫描件): the clerk's day starts from a stack of scanned forms.

The stack of activity forms handed in yesterday (the batch waiting to be processed) has a few more
forms than were typed last night: they wait, scanned, in the office's scans inbox
(`ScanService.inbox_folder`: the data folder's 待录入扫描件/<批次名>/), where the intake tab opens
them when the clerk picks the batch. The forms are drawn by services.intake.form_image (the OCR
benchmark's forms), from their own random stream: the same seed and day give the same pages, and
the rest of the demo is not changed by them.

One form of the stack (表02) was filled in by somebody who is already a customer of the office — as
at every event, a regular comes back — so the clerk's day meets 查重 on a real form: `returning`
picks that person from the office (the same one for the same database) and `stack` gives the stack
as it is drawn.
"""

from __future__ import annotations

import datetime as dt
import random
from pathlib import Path

from models import Customer, Ownership, Phone
from services.cli.demo_people import PeopleMaker
from services.intake.form_image import LAYOUTS, Card, degrade, draw, make_card
from services.platform.resources import resource_path

SCANS = 5  # pages in the stack
DPI = 150
RETURNING = 1  # the index of the regular's form in the stack (表02)


def scan_cards(seed: int, day: dt.date, count: int = SCANS) -> list[Card]:
    """What the demo's scanned forms say (the journeys type them from here, as the clerk reads them)."""
    rng = random.Random(f"scans:{seed}:{day.isoformat()}")
    people = PeopleMaker(random.Random(f"scan-people:{seed}:{day.isoformat()}"))
    return [make_card(rng, people, channel="activity") for _ in range(count)]


def returning() -> tuple[int, Card] | None:
    """The regular who filled in 表02: the first current card (by id) owned by a staff member that a
    clerk sees in full (not A-class, SPEC §2), with its first phone; None in an office without one."""
    row = (
        Customer.select(Customer, Phone.number)
        .join(Ownership, on=(Ownership.customer == Customer.id))
        .switch(Customer)
        .join(Phone, on=((Phone.customer == Customer.id) & (Phone.position == 0)))
        .where(
            (Ownership.owner_kind == "staff")
            & (Customer.archived == False)  # noqa: E712
            & (Customer.abc_class != "A")
            & Customer.birth_year.is_null(False)
            & (Customer.address != "")
        )
        .order_by(Customer.id)
        .objects()
        .first()
    )
    if row is None:
        return None
    card = Card(
        name=row.name,
        sex=row.sex if row.sex in ("M", "F") else "F",
        birth_year=row.birth_year,
        phone=row.number,
        address=row.address,
        occupation=row.occupation or "other",
        channel="activity",
        interests="",
        age_written=False,
    )
    return row.id, card


def stack(seed: int, day: dt.date, count: int = SCANS) -> list[Card]:
    """The stack as drawn: `scan_cards`, with the regular's form (`returning`) as 表02."""
    cards = scan_cards(seed, day, count)
    regular = returning()
    if regular is not None and count > RETURNING:
        cards[RETURNING] = regular[1]
    return cards


def write_scans(folder: Path, seed: int, day: dt.date, count: int = SCANS) -> list[Path]:
    """Draw the stack into ``folder`` (表01.png …; the last one a poor scan, as a JPEG); returns the files."""
    font = str(resource_path("fonts", "wqy-microhei.ttc"))
    rng = random.Random(f"scan-ink:{seed}:{day.isoformat()}")
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for i, card in enumerate(stack(seed, day, count), 1):
        im = draw(card, rng, layout=LAYOUTS[i % 2], dpi=DPI, label_font=font, value_font=font, this_year=day.year)
        path = folder / f"表{i:02d}.png"
        if i == count:
            written.append(degrade(im, rng, path))
        else:
            im.save(path)
            written.append(path)
    return written
