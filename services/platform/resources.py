"""Where the files under resources/ are, from source and from a frozen (PyInstaller) build.

Everyone reads resource files through `resource_path` so that build.spec only has to ship the
``resources`` folder (and pyproject.toml for the version) beside the program.
"""

from __future__ import annotations

import sys
import tomllib
from functools import cache
from pathlib import Path


def base_dir() -> Path:
    """The folder that holds ``resources/``: the unpacked bundle when frozen, else the checkout."""
    frozen = getattr(sys, "_MEIPASS", None)
    if frozen:
        return Path(frozen)
    return Path(__file__).resolve().parents[2]


def resource_path(*parts: str) -> Path:
    """The path of ``resources/<parts...>``, e.g. ``resource_path("i18n", "keyuan_en.qm")``."""
    return base_dir().joinpath("resources", *parts)


@cache
def app_version() -> str:
    """The version written in pyproject.toml (the one place it is kept); "" when not shipped."""
    try:
        with (base_dir() / "pyproject.toml").open("rb") as fh:
            return str(tomllib.load(fh)["project"]["version"])
    except (OSError, KeyError, tomllib.TOMLDecodeError):
        return ""
