"""Callbacks (回访, SPEC §7): duties after a purchase and each month, callback records, due lists,
figures and the monthly assessment."""

from services._exports import lazy

__all__ = ["CallbackService"]
__getattr__ = lazy(__name__, {"CallbackService": "service"})
