"""Meetings (联谊会): meetings, invitations, joint-meeting lists (R11) and the check-in desk."""

from services._exports import lazy

__all__ = ["MeetingService"]
__getattr__ = lazy(__name__, {"MeetingService": "service"})
