"""Name helpers: what a name may hold, pinyin initials for search and tone-less pinyin for
sound-alike duplicates."""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

from services.platform.errors import ValidationError
from services.platform.text import clean_text

_SPACE = re.compile(r"\s+")
_CJK = re.compile(r"[\u3400-\u9fff]")
# Names (SPEC §3): Chinese characters, the middle dot of transcribed names (阿依古丽·买买提) and Latin
# letters (a customer who writes the name in pinyin, a foreigner). No digits, no emoji, no other signs.
_DOTS = str.maketrans({"•": "·", "・": "·", "‧": "·", "∙": "·", "⋅": "·", "．": "·", "･": "·"})
_HAN = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0003134f"
_NAME_CHAR = re.compile(f"[{_HAN}A-Za-z· ]")
_WORD = f"[{_HAN}A-Za-z]+(?: [A-Za-z]+)*"
_NAME_SHAPE = re.compile(f"^{_WORD}(?:·{_WORD})*$")


def normalize_name(name: str) -> str:
    """What "same name" compares: full-width → half-width, trimmed; a Chinese name loses its
    inner spaces (张 丽 = 张丽), a Latin one keeps single spaces."""
    text = _SPACE.sub(" ", unicodedata.normalize("NFKC", clean_text(name))).strip()
    if _CJK.search(text):
        text = text.replace(" ", "")
    return text


def check_name(raw: str, field: str = "name", label: str = "姓名") -> str:
    """The name as it will be stored, or a Chinese `ValidationError` naming the field and the character.

    Full-width letters become half-width, look-alike dots (•・．) become ·, spaces between Chinese
    characters go (张 丽 = 张丽).
    """
    text = normalize_name((raw or "").translate(_DOTS))
    if not text:
        raise ValidationError(field, f"请填写{label}。")
    if len(text) > 64:
        raise ValidationError(field, f"{label}太长(最多 64 个字符)。")
    bad = next((c for c in text if not _NAME_CHAR.match(c)), None)
    if bad is not None:
        if bad.isdigit():
            what = "数字"
        elif unicodedata.category(bad) in ("So", "Sk", "Cs") or ord(bad) > 0xFFFF:
            what = "表情符号"
        else:
            what = "符号"
        raise ValidationError(field, f"{label}“{text[:20]}”含有{what}“{bad}”:{label}只能用汉字、间隔号“·”和英文字母。")
    if not _NAME_SHAPE.match(text):
        raise ValidationError(field, f"{label}“{text[:20]}”里间隔号“·”或空格的位置不对,例如:阿依古丽·买买提。")
    return text


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
