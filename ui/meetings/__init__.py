"""会议 tab: meetings, invitations, joint-meeting lists, the duplicate-invitation check."""
