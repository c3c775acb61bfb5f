"""Even distribution (平均分配, SPEC §4) — pure functions, no database.

The guarantees, for every batch:

* every card goes to exactly one recipient, and the cards of one household (家庭) go to the same one;
* within the batch the counts differ by at most one — by at most the size of the largest household
  when households are kept together;
* the extra cards of a remainder go to the recipients with the fewest cards received from
  allocations so far; ties are broken by the stable order the caller gives (and the user sees).

How: units (a household, or a single card) are handed out largest first, each to the recipient that
is least served by (cards in this batch, cards received so far, position in the stable order). With
single cards only this is exactly "everyone gets n // k, the first n % k of the tie order one more".
With households the recipient that receives a unit was the least loaded at that moment, so it can end
above the least loaded one by at most that unit's size.
"""

from __future__ import annotations

import heapq
from collections.abc import Hashable, Mapping, Sequence
from dataclasses import dataclass, field

Key = Hashable


@dataclass(frozen=True)
class Card:
    """One card: the customer id and, when it belongs to a household of the batch, its key."""

    customer_id: int
    household: int | None = None


@dataclass
class Distribution:
    """Who gets which cards; ``tie_order`` is the order remainders were handed out in (shown to users)."""

    assignment: dict[Key, list[int]]
    tie_order: list[Key]
    history: dict[Key, int]

    def counts(self) -> dict[Key, int]:
        return {r: len(cards) for r, cards in self.assignment.items()}


@dataclass
class TwoLevel:
    """Procedures B and C: cards to departments, then each department's cards to its staff."""

    departments: Distribution
    staff: dict[Key, Distribution] = field(default_factory=dict)

    def by_staff(self) -> dict[Key, list[int]]:
        out: dict[Key, list[int]] = {}
        for dist in self.staff.values():
            out.update(dist.assignment)
        return out


def units_of(cards: Sequence[Card]) -> list[list[int]]:
    """Group cards into households (first-appearance order); a card without household is its own unit."""
    units: list[list[int]] = []
    index: dict[int, int] = {}
    seen: set[int] = set()
    for card in cards:
        if card.customer_id in seen:
            raise ValueError(f"card {card.customer_id} appears twice")
        seen.add(card.customer_id)
        if card.household is None:
            units.append([card.customer_id])
        elif card.household in index:
            units[index[card.household]].append(card.customer_id)
        else:
            index[card.household] = len(units)
            units.append([card.customer_id])
    return units


def tie_order(recipients: Sequence[Key], history: Mapping[Key, int]) -> list[Key]:
    """Fewest cards received so far first; equal histories keep the caller's stable order."""
    position = {r: i for i, r in enumerate(recipients)}
    return sorted(recipients, key=lambda r: (history.get(r, 0), position[r]))


def distribute(
    cards: Sequence[Card], recipients: Sequence[Key], history: Mapping[Key, int] | None = None
) -> Distribution:
    """Share ``cards`` evenly among ``recipients`` (see the module docstring for the guarantees).

    Raises:
        ValueError: no recipients while there are cards, a recipient listed twice, a card twice.
    """
    history = dict(history or {})
    if len(set(recipients)) != len(recipients):
        raise ValueError("a recipient is listed twice")
    units = units_of(cards)
    if units and not recipients:
        raise ValueError("cards but no recipients")
    order = tie_order(recipients, history)
    rank = {r: i for i, r in enumerate(order)}
    assignment: dict[Key, list[int]] = {r: [] for r in recipients}
    # A heap of (cards so far in this batch, tie rank): the least served recipient is on top.
    heap = [(0, rank[r]) for r in order]
    # Largest units first (stable), so single cards fill the gaps households leave.
    for unit in sorted(units, key=len, reverse=True):
        count, r = heapq.heappop(heap)
        assignment[order[r]].extend(unit)
        heapq.heappush(heap, (count + len(unit), r))
    return Distribution(assignment, order, {r: history.get(r, 0) for r in recipients})


def two_level(
    cards: Sequence[Card],
    staff_of: Mapping[Key, Sequence[Key]],
    dept_history: Mapping[Key, int],
    staff_history: Mapping[Key, int],
    collected_by: Mapping[int, Key] | None = None,
) -> TwoLevel:
    """Procedure C (``collected_by`` None): evenly to the departments, then to their staff.

    Procedure B (``collected_by`` given): each department gets exactly the cards it collected,
    then shares them evenly among its staff (a household split over two collecting departments
    stays split: "exactly its own cards" comes first). ``staff_of`` lists each department's staff in the
    stable order; its key order is the departments' stable order.

    Raises:
        ValueError: a department with cards but no staff, a card collected by an unknown department.
    """
    depts = list(staff_of)
    if collected_by is None:
        level1 = distribute(cards, depts, dept_history)
    else:
        mine: dict[Key, list[int]] = {d: [] for d in depts}
        for card in cards:
            dept = collected_by.get(card.customer_id)
            if dept not in mine:
                raise ValueError(f"card {card.customer_id} collected by unknown department {dept!r}")
            mine[dept].append(card.customer_id)
        level1 = Distribution(mine, tie_order(depts, dept_history), {d: dept_history.get(d, 0) for d in depts})
    household = {c.customer_id: c.household for c in cards}
    result = TwoLevel(level1)
    for dept in depts:
        dept_cards = [Card(cid, household[cid]) for cid in level1.assignment[dept]]
        result.staff[dept] = distribute(dept_cards, list(staff_of[dept]), staff_history)
    return result
