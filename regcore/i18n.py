"""Values as people read them (used by explanations and renderers): Vietnamese conventions in
Vietnamese text (84,5; 1.200.000.000; 30/08/2027), English ones in English text.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from decimal import Decimal
from fractions import Fraction
from typing import Any

from regcore.keywords import UNIT_NAMES

__all__ = ["OUTCOME_WORDS", "fmt_date", "fmt_number", "fmt_quantity", "fmt_value"]


def fmt_date(d: dt.date | None, lang: str = "vi") -> str:
    if d is None:
        return "—"
    return d.isoformat() if lang == "en" else d.strftime("%d/%m/%Y")


def fmt_number(x: Fraction | int | float, lang: str = "vi", places: int = 2) -> str:
    """84,5 and 1.200.000.000 in Vietnamese; 84.5 and 1,200,000,000 in English."""
    q = Decimal(x.numerator) / Decimal(x.denominator) if isinstance(x, Fraction) else Decimal(x)
    q = q.quantize(Decimal(1).scaleb(-places)).normalize()
    sign = "-" if q < 0 else ""
    q = abs(q)
    whole, _, frac = f"{q:f}".partition(".")
    groups: list[str] = []
    while len(whole) > 3:
        groups.insert(0, whole[-3:])
        whole = whole[:-3]
    groups.insert(0, whole)
    thousands, decimal = (",", ".") if lang == "en" else (".", ",")
    text = thousands.join(groups)
    if len(text.replace(thousands, "")) <= 4 and lang == "vi":
        text = text.replace(thousands, "")  # 2024, 1200: no grouping below 10.000
    elif len(text.replace(thousands, "")) <= 4:
        text = text.replace(thousands, "")
    return sign + text + (decimal + frac if frac else "")


def fmt_value(v: Any, lang: str = "vi") -> str:
    if v is None:
        return "—"
    if isinstance(v, bool):
        return ("có" if v else "không") if lang == "vi" else ("yes" if v else "no")
    if isinstance(v, dt.date):
        return fmt_date(v, lang)
    if isinstance(v, Fraction | int | float):
        return fmt_number(v, lang)
    if isinstance(v, str):
        return f"“{v}”"
    if isinstance(v, tuple | list):
        return "[" + ", ".join(fmt_value(x, lang) for x in v) + "]"
    return str(v)


def fmt_quantity(v: Any, unit: str | None, lang: str = "vi") -> str:
    """A value with the unit the rule gives it: 12 tháng, 84,5 điểm, 1.200.000.000 đồng."""
    text = fmt_value(v, lang)
    if unit in UNIT_NAMES and isinstance(v, Fraction | int | float) and not isinstance(v, bool):
        return f"{text} {UNIT_NAMES[unit][1 if lang == 'en' else 0]}"
    return text


# Outcome codes as people read them.
OUTCOME_WORDS: Mapping[str, Mapping[str, str]] = {
    "vi": {
        "satisfied": "đáp ứng",
        "violated": "vi phạm",
        "referred": "chuyển cấp có thẩm quyền",
        "unknown": "chưa đủ thông tin",
        "not_applicable": "không áp dụng",
        "pending": "còn trong thời hạn",
    },
    "en": {
        "satisfied": "met",
        "violated": "violated",
        "referred": "referred to the competent authority",
        "unknown": "not enough information",
        "not_applicable": "not applicable",
        "pending": "still within time",
    },
}
