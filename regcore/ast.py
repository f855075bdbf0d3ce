"""The abstract syntax of a .reg rule file: typed, immutable nodes (second stage of the pipeline).

``parser`` builds these nodes from the Lark parse tree; nothing here knows about Lark. Every
node carries a :class:`Span` (where it is in the rule file, ignored by equality so that a
reformatted file has an equal tree) and items carry the :class:`LawPos` of the provision they
sit under (where they are in the law).
"""

from __future__ import annotations

import datetime as dt
from fractions import Fraction
from typing import Any, Literal

from attrs import field, frozen

__all__ = [
    "Aggregate",
    "Apply",
    "AuthorityDecl",
    "BinOp",
    "Bool",
    "Call",
    "Case",
    "ChecksForce",
    "Citing",
    "Classify",
    "Clause",
    "Coalesce",
    "Criterion",
    "DateLit",
    "Deadline",
    "Define",
    "Document",
    "Effective",
    "EnumDecl",
    "EnumValue",
    "ExceptionTo",
    "Explain",
    "Expr",
    "Field",
    "ForEach",
    "Governed",
    "Header",
    "Heading",
    "If",
    "InputDecl",
    "Item",
    "LawPos",
    "LawText",
    "Let",
    "ListLit",
    "Match",
    "Name",
    "Neg",
    "Not",
    "Notice",
    "Null",
    "Num",
    "Overrides",
    "Present",
    "Provision",
    "Quantity",
    "Rank",
    "RankKey",
    "RecordDecl",
    "Ref",
    "ReferWhen",
    "Referral",
    "Require",
    "RubricDecl",
    "Rule",
    "Rung",
    "Scope",
    "Span",
    "Str",
    "Subject",
    "Text",
    "TextOnly",
    "TypeRef",
    "Unit",
    "Value",
    "ViolatedWhen",
    "When",
    "Within",
]

Unit = Literal["days", "working_days", "months", "years", "points", "dong"]
UNITS: tuple[Unit, ...] = ("days", "working_days", "months", "years", "points", "dong")


@frozen
class Span:
    """A region of a rule file: 1-based line and column, 0-based character offsets."""

    file: str
    line: int
    column: int
    end_line: int
    end_column: int
    start: int
    end: int

    def __str__(self) -> str:
        return f"{self.file}:{self.line}:{self.column}"


NOWHERE = Span("<none>", 1, 1, 1, 1, 0, 0)


def _span() -> Any:
    """A span field: kept for diagnostics, ignored by equality (fmt must not change trees)."""
    return field(default=NOWHERE, eq=False, repr=False)


@frozen
class LawPos:
    """Where in the law an item sits: the chain Chương / Mục / Điều / khoản / điểm.

    ``point_ordinal`` tells apart points published with the same letter (khoản 2 Điều 29 has
    two points "h)"): the first is 1, the second 2.
    """

    chapter: str | None = None
    section: int | None = None
    article: int | None = None
    clause: int | None = None
    point: str | None = None
    point_ordinal: int = 1

    def cite(self) -> str:
        """The Vietnamese citation, smallest unit first: "điểm c khoản 3 Điều 21"."""
        parts: list[str] = []
        if self.point is not None:
            parts.append(f"điểm {self.point}")
        if self.clause is not None:
            parts.append(f"khoản {self.clause}")
        if self.article is not None:
            parts.append(f"Điều {self.article}")
        if not parts and self.section is not None:
            parts.append(f"Mục {self.section}")
        if not parts and self.chapter is not None:
            parts.append(f"Chương {self.chapter}")
        return " ".join(parts)


# ----------------------------------------------------------------------------- small parts


@frozen
class Text:
    """A text in Vietnamese with an optional English rendering."""

    vi: str
    en: str | None = None


@frozen
class Ref:
    """A reference to provisions: points, clauses, articles, optionally of another document.

    Missing outer parts are relative to the position of the reference ("điểm a" inside
    khoản 2 Điều 11 means điểm a khoản 2 Điều 11).
    """

    points: tuple[str, ...] = ()
    clauses: tuple[int, ...] = ()
    articles: tuple[int, ...] = ()
    document: str | None = None
    span: Span = _span()


# ----------------------------------------------------------------------------- expressions


@frozen
class Num:
    value: Fraction
    span: Span = _span()


@frozen
class Quantity:
    value: Fraction
    unit: Unit
    span: Span = _span()


@frozen
class Str:
    value: str
    span: Span = _span()


@frozen
class DateLit:
    value: dt.date
    span: Span = _span()


@frozen
class Bool:
    value: bool
    span: Span = _span()


@frozen
class Null:
    span: Span = _span()


@frozen
class Name:
    """A dotted name: a local, a definition, a decision id, or a path into the dossier.

    Which one is decided by name resolution, not by the parser.
    """

    parts: tuple[str, ...]
    span: Span = _span()

    @property
    def dotted(self) -> str:
        return ".".join(self.parts)


@frozen
class Call:
    func: Name
    args: tuple[Expr, ...]
    span: Span = _span()


@frozen
class ListLit:
    items: tuple[Expr, ...]
    span: Span = _span()


AggregateOp = Literal["count", "sum", "mean", "max", "min", "every", "some", "share", "collect"]


@frozen
class Aggregate:
    """``đếm(m trong hội_đồng.members mà m.present)`` and its kin."""

    op: AggregateOp
    var: str
    source: Expr
    where: Expr | None
    body: Expr | None
    span: Span = _span()


@frozen
class Case:
    keys: tuple[Expr, ...]  # empty for the "còn lại / otherwise" case
    result: Expr
    span: Span = _span()


@frozen
class Match:
    subject: Expr
    cases: tuple[Case, ...]
    span: Span = _span()


@frozen
class If:
    cond: Expr
    then: Expr
    otherwise: Expr
    span: Span = _span()


@frozen
class Coalesce:
    """``a nếu thiếu thì b``: a when the dossier has it, else b (the trace says which)."""

    left: Expr
    right: Expr
    span: Span = _span()


BinOpName = Literal[
    "and", "or", "+", "-", "*", "/", "=", "!=", "<", "<=", ">", ">=", "in", "not in"
]


@frozen
class BinOp:
    op: BinOpName
    left: Expr
    right: Expr
    # How the author wrote a comparison ("<=", "không quá", "trước" …); kept for fmt only.
    spelling: str | None = field(default=None, eq=False)
    span: Span = _span()


@frozen
class Not:
    operand: Expr
    span: Span = _span()


@frozen
class Neg:
    operand: Expr
    span: Span = _span()


@frozen
class Present:
    """``có x`` (negated=False) or ``thiếu x`` (negated=True): never unknown."""

    operand: Expr
    negated: bool
    span: Span = _span()


Expr = (
    Num
    | Quantity
    | Str
    | DateLit
    | Bool
    | Null
    | Name
    | Call
    | ListLit
    | Aggregate
    | Match
    | If
    | Coalesce
    | BinOp
    | Not
    | Neg
    | Present
)


# ----------------------------------------------------------------------------- rule clauses


@frozen
class When:
    cond: Expr
    span: Span = _span()


@frozen
class ForEach:
    var: str
    source: Expr
    where: Expr | None
    span: Span = _span()


@frozen
class Subject:
    expr: Expr
    span: Span = _span()


@frozen
class Let:
    name: str
    expr: Expr
    span: Span = _span()


@frozen
class Value:
    expr: Expr
    cite: Ref | None
    reason: Text | None
    span: Span = _span()


@frozen
class Referral:
    authority: Expr
    unless: Expr | None
    span: Span = _span()


@frozen
class Require:
    cond: Expr
    cite: Ref | None
    reason: Text | None
    referral: Referral | None
    span: Span = _span()


@frozen
class ViolatedWhen:
    cond: Expr
    cite: Ref | None
    reason: Text | None
    span: Span = _span()


@frozen
class ReferWhen:
    authority: Expr
    cond: Expr
    cite: Ref | None
    reason: Text | None
    unless: Expr | None
    span: Span = _span()


@frozen
class Within:
    """An act within N units of an event (rolled forward to a working day, or not)."""

    amount: Fraction
    unit: Unit
    event: Expr
    rolled: bool | None  # None when the author did not say
    span: Span = _span()


@frozen
class Notice:
    """An act at least N units before a meeting (never rolled)."""

    amount: Fraction
    unit: Unit
    meeting: Expr
    span: Span = _span()


@frozen
class Deadline:
    act: Expr
    period: Within | Notice
    cite: Ref | None
    reason: Text | None
    span: Span = _span()


@frozen
class Rung:
    grade: Expr
    cond: Expr | None  # None: "còn lại" (otherwise)
    cite: Ref | None
    reason: Text | None
    span: Span = _span()


@frozen
class Classify:
    rungs: tuple[Rung, ...]
    span: Span = _span()


@frozen
class RankKey:
    direction: Literal["highest", "lowest", "prefer"]
    expr: Expr
    reason: Text | None
    span: Span = _span()


@frozen
class Rank:
    var: str
    source: Expr
    where: Expr | None
    keys: tuple[RankKey, ...]
    tie_authority: Expr | None
    span: Span = _span()


@frozen
class Apply:
    ref: Ref
    bindings: tuple[tuple[str, Expr], ...]
    span: Span = _span()


@frozen
class ExceptionTo:
    ref: Ref
    priority: int
    span: Span = _span()


@frozen
class Overrides:
    """In a provincial file: this rule replaces the base document's rule at ``ref``."""

    ref: Ref
    span: Span = _span()


@frozen
class Citing:
    ref: Ref
    span: Span = _span()


@frozen
class Governed:
    expr: Expr
    span: Span = _span()


@frozen
class Effective:
    date: dt.date
    span: Span = _span()


@frozen
class Scope:
    span: Span = _span()


@frozen
class ChecksForce:
    span: Span = _span()


@frozen
class Explain:
    text: Text
    span: Span = _span()


Clause = (
    When
    | ForEach
    | Subject
    | Let
    | Value
    | Require
    | ViolatedWhen
    | ReferWhen
    | Deadline
    | Classify
    | Rank
    | Apply
    | ExceptionTo
    | Overrides
    | Citing
    | Governed
    | Effective
    | Scope
    | ChecksForce
    | Explain
)


# ----------------------------------------------------------------------------- items


@frozen
class Heading:
    level: Literal["chapter", "section", "article", "clause", "point"]
    number: str  # "II", "1", "21", "3", "c"
    title: str | None
    pos: LawPos = field(default=LawPos(), eq=False)
    span: Span = _span()


@frozen
class LawText:
    text: str
    pos: LawPos = field(default=LawPos(), eq=False)
    span: Span = _span()


@frozen
class TextOnly:
    reason: str | None
    pos: LawPos = field(default=LawPos(), eq=False)
    span: Span = _span()


@frozen
class EnumValue:
    value: str
    label: str | None
    span: Span = _span()


@frozen
class EnumDecl:
    name: str
    label: str | None
    values: tuple[EnumValue, ...]
    pos: LawPos = field(default=LawPos(), eq=False)
    span: Span = _span()


@frozen
class TypeRef:
    """``chuỗi``, ``đồng``, ``danh sách Member`` …"""

    name: str  # a type name or a unit (Unit) for quantity types
    is_list: bool = False
    is_unit: bool = False
    span: Span = _span()


@frozen
class Field:
    name: str
    type: TypeRef
    required: bool
    default: Expr | None
    label: str | None
    span: Span = _span()


@frozen
class RecordDecl:
    name: str
    label: str | None
    fields: tuple[Field, ...]
    pos: LawPos = field(default=LawPos(), eq=False)
    span: Span = _span()


@frozen
class InputDecl:
    label: str | None
    fields: tuple[Field, ...]
    pos: LawPos = field(default=LawPos(), eq=False)
    span: Span = _span()


@frozen
class AuthorityDecl:
    name: str
    text: Text
    pos: LawPos = field(default=LawPos(), eq=False)
    span: Span = _span()


@frozen
class Criterion:
    name: str
    label: str | None
    maximum: Fraction
    unit: Unit | None
    span: Span = _span()


@frozen
class RubricDecl:
    name: str
    label: str | None
    cite: Ref | None
    criteria: tuple[Criterion, ...]
    pos: LawPos = field(default=LawPos(), eq=False)
    span: Span = _span()


@frozen
class Define:
    name: str
    params: tuple[str, ...]
    expr: Expr
    pos: LawPos = field(default=LawPos(), eq=False)
    span: Span = _span()


@frozen
class Rule:
    id: str
    label: str | None
    clauses: tuple[Clause, ...]
    label_en: str | None = None
    pos: LawPos = field(default=LawPos(), eq=False)
    span: Span = _span()
    id_span: Span = _span()


Item = (
    Heading
    | LawText
    | TextOnly
    | EnumDecl
    | RecordDecl
    | InputDecl
    | AuthorityDecl
    | RubricDecl
    | Define
    | Rule
)


@frozen
class Header:
    number: str
    title: str | None
    issued: dt.date | None
    in_force: dt.date | None
    force_ref: Ref | None
    extends: str | None
    span: Span = _span()
    extends_span: Span | None = field(default=None, eq=False, repr=False)


@frozen
class Provision:
    """A unit of the law's structure rebuilt from the headings, with its text blocks."""

    level: Literal["document", "chapter", "section", "article", "clause", "point"]
    number: str
    title: str | None
    pos: LawPos
    texts: tuple[str, ...]
    children: tuple[Provision, ...]
    text_only: bool = False
    span: Span = _span()


@frozen
class Document:
    """A parsed rule file."""

    file: str
    source: str = field(eq=False, repr=False)
    header: Header | None
    items: tuple[Item, ...]
    keywords: Literal["vi", "en", "mixed"] = field(default="vi", eq=False)
