"""Phone normalisation (SPEC §3): one canonical form per number, or a clear field error."""

from __future__ import annotations

import re

from services.platform.errors import ValidationError

_FULLWIDTH = {ord(c): ord(c) - 0xFEE0 for c in "０１２３４５６７８９＋（）－"}
_DROP = re.compile(r"[\s\-()（）\u3000._/]")


def normalize_phone(raw: str, field: str = "phone") -> tuple[str, str]:
    """Return ``(number, kind)`` with kind ``mobile`` or ``landline``.

    Full-width digits become ASCII; spaces, dashes and brackets go; a leading
    +86 or 0086 goes. A mobile is 11 digits starting with 1; a landline keeps its
    area code (0 + 2–3 digits) and has 10–12 digits in all.

    Raises:
        ValidationError: naming ``field`` with the reason in Chinese.
    """
    text = (raw or "").translate(_FULLWIDTH).replace("－", "-")
    text = _DROP.sub("", text)
    if not text:
        raise ValidationError(field, "电话号码不能为空。")
    if text.startswith("+86"):
        text = text[3:]
    elif text.startswith("0086"):
        text = text[4:]
    elif text.startswith("+"):
        raise ValidationError(field, f"电话号码“{raw}”不是中国大陆号码(只接受 +86)。")
    if not text.isdigit():
        raise ValidationError(field, f"电话号码“{raw}”含有数字以外的字符。")
    if text.startswith("1"):
        if len(text) != 11:
            raise ValidationError(field, f"手机号码“{raw}”应为以 1 开头的 11 位数字,现在是 {len(text)} 位。")
        return text, "mobile"
    if text.startswith("0"):
        # Area codes start 0 + a non-zero digit; "00…" is an international prefix, never a Chinese landline
        # (this also keeps normalising idempotent: no result starts with 0086).
        if text.startswith("00"):
            raise ValidationError(field, f"电话号码“{raw}”无效:区号不能以 00 开头(国际号码只接受 +86 / 0086)。")
        if not 10 <= len(text) <= 12:
            raise ValidationError(field, f"固定电话“{raw}”应带区号,共 10–12 位数字,现在是 {len(text)} 位。")
        return text, "landline"
    raise ValidationError(field, f"电话号码“{raw}”无效:手机号以 1 开头,固定电话须带以 0 开头的区号。")


def mask_phone(number: str) -> str:
    """138****0001 — what the front desk and other departments see."""
    if len(number) <= 7:
        return "*" * len(number)
    return number[:3] + "*" * (len(number) - 7) + number[-4:]
