"""Conflict arbitration (冲突仲裁, SPEC §6): the case queue, case views, rulings, escalation and the
case register."""

from services._exports import lazy

__all__ = ["CaseService"]
__getattr__ = lazy(__name__, {"CaseService": "service"})
