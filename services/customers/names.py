"""Name helpers: pinyin initials for search and tone-less pinyin for sound-alike duplicates."""

from __future__ import annotations

from functools import lru_cache

# pypinyin is imported on first use: its dictionaries take ~0.4 s to load and the program's start
# (the main window, the card list) does not need them.


@lru_cache(maxsize=4096)
def initials(name: str) -> str:
    """``张丽`` → ``zl`` (first letter of each syllable; other characters kept lower-cased)."""
    from pypinyin import Style, lazy_pinyin

    return "".join(p[0] for p in lazy_pinyin(name, style=Style.FIRST_LETTER, errors="default") if p).lower()


@lru_cache(maxsize=4096)
def toneless(name: str) -> str:
    """``张丽`` and ``章莉`` both → ``zhang li``."""
    from pypinyin import Style, lazy_pinyin

    return " ".join(lazy_pinyin(name, style=Style.NORMAL)).lower()


def mask_name(name: str) -> str:
    """Surname plus the given name's pinyin initial: ``王大爷`` → ``王D``."""
    name = (name or "").strip()
    if len(name) <= 1:
        return name
    given = initials(name[1:])
    return name[0] + (given[:1].upper() if given else "*")
