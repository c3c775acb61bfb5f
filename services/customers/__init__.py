"""Customer cards (顾客档案): the card list and search, editing, duplicates (查重), households, the
occupation taxonomy, names, phones and the masking of what SPEC §2 hides."""

from services._exports import lazy

__all__ = ["CustomerService"]
__getattr__ = lazy(__name__, {"CustomerService": "service"})
