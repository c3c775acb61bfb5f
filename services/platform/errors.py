"""Typed errors raised by services. Only ui/ turns them into messages; each carries Chinese text."""

from __future__ import annotations


class ServiceError(Exception):
    """Base of every error a user can be shown. ``message`` is one Chinese sentence."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


class PermissionDenied(ServiceError):
    """The acting user's role may not do this."""


class RuleRefused(ServiceError):
    """The ownership rules refuse the action; ``rule`` names the rule (e.g. "R11")."""

    def __init__(self, rule: str, message: str):
        super().__init__(message)
        self.rule = rule


class ValidationError(ServiceError):
    """Bad input; ``field`` names the field (or row) at fault."""

    def __init__(self, field: str, message: str):
        super().__init__(message)
        self.field = field


class NotFound(ServiceError):
    """The record asked for does not exist (or is not visible to the user)."""


class StaleRecord(ServiceError):
    """Someone else saved the record first; the save was refused, nothing overwritten."""


class LoginFailed(ServiceError):
    """Wrong user name or password, a locked or disabled account."""


class DuplicateFound(ServiceError):
    """A card with the same phone exists; ``customer_ids`` lists them. Nothing was created."""

    def __init__(self, message: str, customer_ids: list[int]):
        super().__init__(message)
        self.customer_ids = customer_ids
