"""The office itself: departments and staff, users and sign-in, passwords, settings, roles and
permissions, approved lookups, and the append-only audit log with its viewer."""

from services._exports import lazy

__all__ = ["AccessService", "AuditViewService", "AuthService", "OrgService", "SettingsService"]
__getattr__ = lazy(
    __name__,
    {
        "AccessService": "access",
        "AuditViewService": "audit_view",
        "AuthService": "auth",
        "OrgService": "org",
        "SettingsService": "settings",
    },
)
