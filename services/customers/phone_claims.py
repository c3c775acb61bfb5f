"""A phone number identifies one card, and the database holds that (SPEC §3 查重, issue 16).

The unique index ``phone_number_claim`` (migration 16) covers the normalised number of every phone row
that is not ``shared``. The service's own duplicate check still answers first, with the card; the index
answers when two PCs save the same new number at the same moment, after both checks passed (PostgreSQL,
READ COMMITTED: neither saw the other's card). `claiming` turns that refusal into the same `DuplicateFound`
a clerk gets for a number typed twice, naming the card that got it first.

A row is ``shared`` only when the office knowingly gives a number that another card already holds
(a family's landline when linking a household, a card split back out of a merge): `shared_numbers`
says which of a new card's numbers those are.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from contextlib import contextmanager

import peewee

from models import Phone, db
from services.platform.errors import DuplicateFound

INDEX = "phone_number_claim"
_CHUNK = 500


def duplicate_message(customer_id: int) -> str:
    return f"电话号码已登记在另一张顾客档案上(档案号 {customer_id}),请先查重处理。"


def _held(column: peewee.Field, numbers: Iterable[str], exclude: int | None) -> set:
    """``column`` of the phone rows holding any of ``numbers`` on a card other than ``exclude``."""
    wanted = sorted(set(numbers))
    found: set = set()
    for i in range(0, len(wanted), _CHUNK):
        q = Phone.select(column).where(Phone.number.in_(wanted[i : i + _CHUNK]))
        if exclude is not None:
            q = q.where(Phone.customer != exclude)
        found |= {value for (value,) in q.tuples()}
    return found


def holders(numbers: Iterable[str], *, exclude: int | None = None) -> list[int]:
    """Ids of the cards (other than ``exclude``) holding any of ``numbers``, lowest first."""
    return sorted(_held(Phone.customer, numbers, exclude))


def shared_numbers(numbers: Iterable[str], *, exclude: int | None = None) -> set[str]:
    """Which of ``numbers`` another card already holds (they are written ``shared``)."""
    return _held(Phone.number, numbers, exclude)


def is_claim_conflict(exc: BaseException) -> bool:
    """Whether a database IntegrityError is the phone number's unique index (PostgreSQL names the index,
    SQLite the column)."""
    text = str(exc)
    return INDEX in text or "phone.number" in text


@contextmanager
def claiming(numbers: Iterable[str], *, exclude: int | None = None) -> Iterator[None]:
    """A transaction (a savepoint inside the caller's) that writes phone rows for ``numbers``.

    Raises:
        DuplicateFound: another card got one of the numbers first (nothing of the block is kept).
    """
    numbers = list(numbers)
    try:
        with db.atomic():
            yield
    except peewee.IntegrityError as exc:
        if not is_claim_conflict(exc):
            raise
        # The block is rolled back; the other PC's card is committed (the index waited for it).
        ids = holders(numbers, exclude=exclude)
        if not ids:
            raise
        raise DuplicateFound(duplicate_message(ids[0]), ids) from exc
