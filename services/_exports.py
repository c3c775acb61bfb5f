"""Lazy exports for the domain packages' ``__init__`` (PEP 562).

Each package names its service class in ``__init__``, but importing it there at once would load the
whole domain (and, through it, others) whenever any small module of the package is imported — the
phone normaliser would pull in the card service, which imports the phone normaliser. The class is
imported on first use of the name instead.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from typing import Any


def lazy(package: str, names: dict[str, str]) -> Callable[[str], Any]:
    """A module ``__getattr__`` giving each of ``names`` (export → submodule) from its submodule."""

    def __getattr__(name: str) -> Any:
        module = names.get(name)
        if module is None:
            raise AttributeError(f"module {package!r} has no attribute {name!r}")
        return getattr(importlib.import_module(f"{package}.{module}"), name)

    return __getattr__
