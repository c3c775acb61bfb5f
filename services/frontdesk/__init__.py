"""The front desk (前台): the masked ownership lookup, store visits and check-in."""

from services._exports import lazy

__all__ = ["FrontDeskService"]
__getattr__ = lazy(__name__, {"FrontDeskService": "service"})
