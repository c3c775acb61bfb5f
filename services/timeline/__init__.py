"""The timeline (时间线): recording events through the rules engine (services.rules), the ownership
snapshot, the deadline sweep and rebuild, rule parameters, and ownership explained for people."""

from services._exports import lazy

__all__ = ["OwnershipViewService", "TimelineService"]
__getattr__ = lazy(__name__, {"OwnershipViewService": "ownership_view", "TimelineService": "service"})
