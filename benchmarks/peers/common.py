"""Glue shared by the peers: an engine's JSON-like output (numbers as floats or Decimals, dates
as ISO text) as :class:`benchmarks.speed_limit.Record`. Types only — every field of a record
(outcome, value, citation, authority, missing paths, due date) comes from the engine.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from decimal import Decimal
from typing import Any

from benchmarks.speed_limit import Cite, Record

__all__ = ["records"]


def _num(v: Any) -> Any:
    if isinstance(v, Decimal):
        return int(v) if v == v.to_integral_value() else float(v)
    if isinstance(v, float) and v.is_integer():
        return int(v)
    return v


def _cite(v: Sequence[Any]) -> Cite:
    return Cite(int(v[0]), None if v[1] is None else int(v[1]), v[2])


def _day(v: str | None) -> dt.date | None:
    return None if v is None else dt.date.fromisoformat(v)


def _record(ident: str, r: Mapping[str, Any]) -> Record:
    value = r.get("value")
    if ident == "acceptance.implementation_end":
        value = _day(value)
    subject = r.get("subject")
    return Record(
        id=ident,
        subject=None if subject is None else str(_num(subject)),
        outcome=r["outcome"],
        citation=_cite(r["cite"]),
        value=_num(value),
        has_value=bool(r.get("hasValue", False)),
        authority=r.get("authority"),
        missing=tuple(r.get("missing") or ()),
        due=_day(r.get("due")),
        done_on=_day(r.get("doneOn")),
    )


def records(r: Mapping[str, Any]) -> list[Record]:
    """The records of the subset from an engine's output mapping (keys as in the JDM)."""
    out = [_record("extension.max_months", r["max"])]
    out += [_record("extension.count", x) for x in r["count"]]
    out += [_record("extension.length", x) for x in r["length"]]
    out += [_record("extension.request_timing", x) for x in r["timing"]]
    out.append(_record("acceptance.implementation_end", r["end"]))
    out.append(_record("acceptance.submission_deadline", r["deadline"]))
    out += [_record("acceptance.ballot", x) for x in r["ballots"]]
    out.append(_record("acceptance.score", r["score"]))
    out.append(_record("acceptance.classification", r["class"]))
    return out
