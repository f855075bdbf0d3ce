"""What an evaluation gives back (the last data stage before rendering): decisions with their
outcome, value, citation and ``because`` tree, the dossier's deadline calendar, the status and
the reproducibility receipt, in the exact JSON shape of ``shared/spec/output.md``.
"""

from __future__ import annotations

import datetime as dt
import functools
import json
import operator
from collections.abc import Iterator, Mapping
from fractions import Fraction
from typing import Any, Literal, TypeVar, cast

import attrs
from attrs import field, frozen

__all__ = [
    "Because",
    "Citation",
    "DeadlineEntry",
    "Decision",
    "Outcome",
    "Result",
    "to_json_value",
]

Outcome = Literal["satisfied", "violated", "referred", "unknown", "not_applicable", "pending"]

_T = TypeVar("_T")


def _pickled_by_fields(cls: type[_T]) -> type[_T]:
    """Pickle an attrs class as its constructor and field values (a rebuilt object is made by
    ``__init__``): several times faster to load than attrs' default state, which matters when
    worker processes send results back (``evaluate_many(workers=…)``)."""
    get = operator.attrgetter(*(f.name for f in attrs.fields(cast(Any, cls))))

    def __reduce__(self: Any) -> tuple[Any, ...]:
        values = get(self)
        return (cls, values if isinstance(values, tuple) else (values,))

    setattr(cls, "__reduce__", __reduce__)  # noqa: B010
    return cls


# Document kinds by the abbreviation in a Vietnamese legal document's number
# (Nghị định 34/2016/NĐ-CP, Điều 8: "Số, ký hiệu của văn bản").
_DOC_KINDS = {
    "TTLT": ("Thông tư liên tịch", "Joint Circular"),
    "TT": ("Thông tư", "Circular"),
    "NĐ": ("Nghị định", "Decree"),
    "QĐ": ("Quyết định", "Decision"),
    "NQ": ("Nghị quyết", "Resolution"),
    "CT": ("Chỉ thị", "Directive"),
    "QH": ("Luật", "Law"),
}


def document_name(number: str, lang: str = "vi") -> str:
    """ "09/2024/TT-BKHCN" → "Thông tư 09/2024/TT-BKHCN" (the kind read from the number)."""
    parts = number.split("/")
    abbrev = parts[-1].split("-")[0] if len(parts) >= 3 else ""
    kind = _DOC_KINDS.get(abbrev)
    if kind is None:
        return number
    return f"{kind[1 if lang == 'en' else 0]} {number}"


@_pickled_by_fields
@frozen(cache_hash=True)
class Citation:
    """A provision: the smallest unit that decided, and its document."""

    document: str
    article: int | None = None
    clause: int | None = None
    point: str | None = None

    def cite(self, lang: str = "vi") -> str:
        return _cite(self.document, self.article, self.clause, self.point, lang)

    def to_dict(self) -> dict[str, Any]:
        return {
            "document": self.document,
            "article": self.article,
            "clause": self.clause,
            "point": self.point,
        }


@functools.lru_cache(maxsize=4096)
def _cite(
    document: str, article: int | None, clause: int | None, point: str | None, lang: str
) -> str:
    """A citation's words (cached: every decision and many explanations cite)."""
    parts: list[str] = []
    if lang == "en":
        if point is not None:
            parts.append(f"point {point}")
        if clause is not None:
            parts.append(f"clause {clause}")
        if article is not None:
            parts.append(f"Article {article}")
        unit = ", ".join(parts)
        return f"{unit} of {document_name(document, 'en')}" if unit else document
    if point is not None:
        parts.append(f"điểm {point}")
    if clause is not None:
        parts.append(f"khoản {clause}")
    if article is not None:
        parts.append(f"Điều {article}")
    parts.append(document_name(document))
    return " ".join(parts)


@_pickled_by_fields
@frozen(cache_hash=True)
class Because:
    """One node of the argument behind a decision: a fact, a sub-decision, a rule applied."""

    text_vi: str
    text_en: str
    citation: Citation | None = None
    id: str | None = None
    subject: str | None = None
    value: Any = None
    has_value: bool = False
    children: tuple[Because, ...] = ()

    def to_dict(self, lang: str = "vi") -> dict[str, Any]:
        out: dict[str, Any] = {}
        if self.id is not None:
            out["id"] = self.id
        if self.subject is not None:
            out["subject"] = self.subject
        if self.has_value:
            out["value"] = to_json_value(self.value)
        out["text"] = self.text_en if lang == "en" else self.text_vi
        if self.citation is not None:
            out["cite"] = self.citation.cite(lang)
        if self.children:
            out["because"] = [c.to_dict(lang) for c in self.children]
        return out


@_pickled_by_fields
@frozen
class Decision:
    id: str
    subject: str | None
    outcome: Outcome
    citation: Citation
    explanation_vi: str
    explanation_en: str
    value: Any = None
    has_value: bool = False
    because: tuple[Because, ...] = ()
    authority_vi: str | None = None
    authority_en: str | None = None
    missing: tuple[str, ...] = ()
    due: dt.date | None = None
    done_on: dt.date | None = None
    is_deadline: bool = False
    # Internal: the governing date (temporal force) and whether the rule marks the scope.
    governing: dt.date | None = field(default=None, eq=False, repr=False)
    scope: bool = field(default=False, eq=False, repr=False)
    # Internal: the rule's label and the unit of the value, for explanations.
    label: str | None = field(default=None, eq=False, repr=False)
    label_en: str | None = field(default=None, eq=False, repr=False)
    unit: str | None = field(default=None, eq=False, repr=False)

    @property
    def cite(self) -> str:
        return self.citation.cite("vi")

    @property
    def authority(self) -> str | None:
        return self.authority_vi

    def explanation(self, lang: str = "vi") -> str:
        return self.explanation_en if lang == "en" else self.explanation_vi

    def to_dict(self, lang: str = "vi") -> dict[str, Any]:
        out: dict[str, Any] = {
            "id": self.id,
            "subject": self.subject,
            "outcome": self.outcome,
        }
        if self.has_value:
            out["value"] = to_json_value(self.value)
        out["citation"] = self.citation.to_dict()
        out["cite"] = self.citation.cite(lang)
        out["explanation"] = self.explanation(lang)
        out["because"] = [b.to_dict(lang) for b in self.because]
        out["authority"] = self.authority_en if lang == "en" else self.authority_vi
        out["missing"] = list(self.missing)
        out["due"] = to_json_value(self.due)
        out["done_on"] = to_json_value(self.done_on)
        return out


@_pickled_by_fields
@frozen
class DeadlineEntry:
    id: str
    subject: str | None
    due: dt.date
    done_on: dt.date | None
    state: Literal["met", "missed", "open", "overdue"]
    citation: Citation

    def to_dict(self, lang: str = "vi") -> dict[str, Any]:
        return {
            "id": self.id,
            "subject": self.subject,
            "due": self.due.isoformat(),
            "done_on": to_json_value(self.done_on),
            "state": self.state,
            "cite": self.citation.cite(lang),
        }


@frozen
class Result:
    """The evaluation of one dossier (``shared/spec/output.md``)."""

    regulation: Mapping[str, Any]
    dossier: str | None
    as_of: dt.date
    status: Literal["out_of_scope", "non_compliant", "needs_review", "incomplete", "compliant"]
    decisions: tuple[Decision, ...]
    deadlines: tuple[DeadlineEntry, ...]
    warnings: tuple[Mapping[str, str], ...]
    receipt: Mapping[str, Any]

    def __getitem__(self, key: str | tuple[str, str | None]) -> Decision:
        """The decision with this id (and subject, for per-subject decisions)."""
        if isinstance(key, tuple):
            ident, subject = key
            for d in self.decisions:
                if d.id == ident and d.subject == subject:
                    return d
            raise KeyError(key)
        matches = [d for d in self.decisions if d.id == key]
        if not matches:
            raise KeyError(key)
        return matches[0]

    def all(self, ident: str) -> tuple[Decision, ...]:
        """Every decision with this id (one per subject)."""
        return tuple(d for d in self.decisions if d.id == ident)

    def __iter__(self) -> Iterator[Decision]:
        return iter(self.decisions)

    def to_dict(self, lang: str = "vi") -> dict[str, Any]:
        return {
            "format": 1,
            "regulation": dict(self.regulation),
            "dossier": self.dossier,
            "as_of": self.as_of.isoformat(),
            "status": self.status,
            "decisions": [d.to_dict(lang) for d in self.decisions],
            "deadlines": [d.to_dict(lang) for d in self.deadlines],
            "warnings": [dict(w) for w in self.warnings],
            "receipt": dict(self.receipt),
        }

    def to_json(self, lang: str = "vi", indent: int | None = 2) -> str:
        return json.dumps(self.to_dict(lang), ensure_ascii=False, indent=indent)

    def explain(self, ident: str, lang: str = "vi", subject: str | None = None) -> str:
        from regcore.render import explain_text

        decision = self[(ident, subject)] if subject is not None else self[ident]
        text: str = explain_text(decision, lang, result=self)
        return text


def to_json_value(value: Any) -> Any:
    """Values as the JSON output shows them: dates ISO, exact fractions as numbers."""
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, Fraction):
        if value.denominator == 1:
            return int(value)
        return float(value)
    if isinstance(value, bool | int | float | str) or value is None:
        return value
    if isinstance(value, tuple | list):
        return [to_json_value(v) for v in value]
    if isinstance(value, Mapping):
        return {str(k): to_json_value(v) for k, v in value.items()}
    return str(value)
