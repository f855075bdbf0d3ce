"""Text → AST (first stage of the pipeline): NFC, the Lark LALR parser, a transformer that only
builds nodes, and the placing of every item under the provision it belongs to.

A text is first parsed by the fast path (``regcore.lalr``: Lark's own tables and scanners, the
builder called at each reduction, no parse tree); whatever it cannot take (any error) is parsed
again by Lark and the builder over its tree, which report every error as they always have.

Syntax errors never escape as Lark exceptions: they become ``RuleSyntaxError`` with a
diagnostic that names what was expected in the law's words, never a terminal name.
"""

from __future__ import annotations

import datetime as dt
import functools
import hashlib
import os
import re
import unicodedata
from collections.abc import Iterable, Iterator
from fractions import Fraction
from typing import Any, cast

import attrs
import lark
from lark import Lark, Token, Transformer, v_args
from lark.exceptions import UnexpectedInput
from lark.tree import Meta

from regcore import ast
from regcore.diagnostics import Diagnostic
from regcore.errors import RuleSyntaxError
from regcore.keywords import (
    BUILTIN_FUNCTIONS,
    BUILTIN_TYPES,
    COMPARISONS,
    KEYWORDS,
    builtin_by_spelling,
)
from regcore.lalr import Driver, Pos
from regcore.resources import grammar_path

__all__ = ["lexer_tokens", "parse", "parse_file"]


@functools.cache
def _lark() -> Lark:
    """The parser, built once per process (LALR, contextual lexer, positions kept), with the
    tables of the fast path over it (see ``_driver``)."""
    grammar = grammar_path().read_text(encoding="utf-8")
    lark = Lark(
        grammar,
        parser="lalr",
        lexer="contextual",
        propagate_positions=True,
        maybe_placeholders=True,
        strict=False,  # strict=True is exercised by tests/test_grammar.py
        cache=_cache_file(grammar) or False,
    )
    _driver_for(lark)
    return lark


def _cache_file(grammar: str) -> str | None:
    """Where Lark keeps the analysed grammar between processes (building it costs ~1 s; a
    cached one loads in ~0.1 s): ``$REGCORE_CACHE_DIR``, else ``$XDG_CACHE_HOME/regcore`` or
    ``~/.cache/regcore``, a folder only the user can write (the file is a pickle). The name
    carries a hash of the grammar and of Lark's version, and Lark checks both again on
    loading. ``REGCORE_CACHE_DIR=off`` (or a folder that cannot be made) turns it off."""
    folder = os.environ.get("REGCORE_CACHE_DIR")
    if folder is None:
        xdg = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
        folder = os.path.join(xdg, "regcore")
    if folder.lower() in ("", "off", "0", "no"):
        return None
    try:
        os.makedirs(folder, mode=0o700, exist_ok=True)
    except OSError:
        return None
    key = hashlib.sha256(f"{lark.__version__}\n{grammar}".encode()).hexdigest()[:20]
    return os.path.join(folder, f"grammar-{key}.lark")


def lexer_tokens(text: str) -> Iterator[Token]:
    """The tokens of a text (for fmt's comment handling and the keyword-set detection)."""
    return _lark().lex(unicodedata.normalize("NFC", text))


# ----------------------------------------------------------------------------- the transformer


def _span(file: str, meta: Pos | Meta | Token | None) -> ast.Span:
    if isinstance(meta, tuple):  # the fast path's positions (regcore.lalr)
        return ast.Span(file, meta[0], meta[1], meta[3], meta[4], meta[2], meta[5])
    if meta is None:
        return ast.NOWHERE
    if isinstance(meta, Token):
        return ast.Span(
            file,
            meta.line or 1,
            meta.column or 1,
            meta.end_line or meta.line or 1,
            meta.end_column or meta.column or 1,
            meta.start_pos or 0,
            meta.end_pos or 0,
        )
    if getattr(meta, "empty", True):
        return ast.NOWHERE
    return ast.Span(
        file, meta.line, meta.column, meta.end_line, meta.end_column, meta.start_pos, meta.end_pos
    )


def _string(tok: Token) -> str:
    body = str(tok)[1:-1]
    return re.sub(r"\\(.)", r"\1", body)


def _number(text: str) -> Fraction:
    text = text.replace(".", "").replace(",", ".")
    return Fraction(text)


_UNIT_OF_TERMINAL: dict[str, ast.Unit] = {
    "KW_DAYS": "days",
    "KW_WORKING_DAYS": "working_days",
    "KW_MONTHS": "months",
    "KW_YEARS": "years",
    "KW_POINTS": "points",
    "KW_DONG": "dong",
}

_TYPE_SPELLINGS = builtin_by_spelling(BUILTIN_TYPES)
_FUNCTION_SPELLINGS = builtin_by_spelling(BUILTIN_FUNCTIONS)
_COMPARISONS = cast(dict[str, ast.BinOpName], COMPARISONS)

_AGGREGATES: dict[str, ast.AggregateOp] = {
    "đếm": "count",
    "count": "count",
    "tổng": "sum",
    "sum": "sum",
    "trung bình": "mean",
    "mean": "mean",
    "lớn nhất": "max",
    "max": "max",
    "nhỏ nhất": "min",
    "min": "min",
    "mọi": "every",
    "every": "every",
    "tồn tại": "some",
    "some": "some",
    "tỉ lệ": "share",
    "share": "share",
    "gom": "collect",
    "collect": "collect",
}

_HEAD = re.compile(r"^(\S+)[ \t]+([0-9IVXLCivxlc]+|[^\W\d])[ \t]*[.)][ \t]*(.*)$")


class _Invalid(Exception):
    """A literal that parsed but means nothing (31/02/2025): becomes a diagnostic."""

    def __init__(self, code: str, tok: Token, **args: object) -> None:
        super().__init__(code)
        self.code = code
        self.tok = tok
        self.args_ = args


@v_args(meta=True)
class _Builder(Transformer[Token, Any]):
    """Builds AST nodes from the parse tree; no semantics here."""

    def __init__(self, file: str) -> None:
        super().__init__(visit_tokens=False)
        self.file = file

    def _s(self, meta: Pos | Meta | Token | None) -> ast.Span:
        return _span(self.file, meta)

    # -- header
    def header(self, meta: Meta, ch: list[Any]) -> ast.Header:
        values: dict[str, Any] = {
            "title": None,
            "issued": None,
            "in_force": None,
            "force_ref": None,
            "extends": None,
            "extends_span": None,
        }
        for kind, value in ch[2:]:
            if kind == "in_force":
                values["in_force"], values["force_ref"] = value
            elif kind == "extends":
                values["extends"], values["extends_span"] = value
            else:
                values[kind] = value
        return ast.Header(number=_string(ch[1]), span=self._s(meta), **values)

    def h_title(self, meta: Meta, ch: list[Any]) -> tuple[str, Any]:
        return ("title", _string(ch[1]))

    def h_issued(self, meta: Meta, ch: list[Any]) -> tuple[str, Any]:
        return ("issued", self._date(ch[1]))

    def h_in_force(self, meta: Meta, ch: list[Any]) -> tuple[str, Any]:
        return ("in_force", (self._date(ch[1]), ch[3]))

    def h_extends(self, meta: Meta, ch: list[Any]) -> tuple[str, Any]:
        return ("extends", (_string(ch[1]), self._s(ch[1])))

    def start(self, meta: Meta, ch: list[Any]) -> tuple[ast.Header | None, list[Any]]:
        if ch and isinstance(ch[0], ast.Header):
            return ch[0], ch[1:]
        if ch and ch[0] is None:
            return None, ch[1:]
        return None, ch

    # -- headings and text
    def _heading(self, level: str, meta: Meta, tok: Token) -> ast.Heading:
        m = _HEAD.match(str(tok).strip())
        assert m is not None  # the terminal's pattern guarantees the shape
        title = m.group(3).strip() or None
        number = m.group(2)
        if level == "point":
            number = number.lower()
        elif level == "chapter":
            number = number.upper()
        return ast.Heading(level, number, title, span=self._s(tok))  # type: ignore[arg-type]

    def chapter_head(self, meta: Meta, ch: list[Token]) -> ast.Heading:
        return self._heading("chapter", meta, ch[0])

    def section_head(self, meta: Meta, ch: list[Token]) -> ast.Heading:
        return self._heading("section", meta, ch[0])

    def article_head(self, meta: Meta, ch: list[Token]) -> ast.Heading:
        return self._heading("article", meta, ch[0])

    def clause_head(self, meta: Meta, ch: list[Token]) -> ast.Heading:
        return self._heading("clause", meta, ch[0])

    def point_head(self, meta: Meta, ch: list[Token]) -> ast.Heading:
        return self._heading("point", meta, ch[0])

    def law_text(self, meta: Meta, ch: list[Token]) -> ast.LawText:
        return ast.LawText(_dedent(str(ch[0])[3:-3]), span=self._s(meta))

    def text_only(self, meta: Meta, ch: list[Any]) -> ast.TextOnly:
        reason = _string(ch[1]) if ch[1] is not None else None
        return ast.TextOnly(reason, span=self._s(meta))

    # -- declarations
    def enum_decl(self, meta: Meta, ch: list[Any]) -> ast.EnumDecl:
        label = _string(ch[2]) if ch[2] is not None else None
        values = tuple(v for v in ch[3:] if isinstance(v, ast.EnumValue))
        return ast.EnumDecl(str(ch[1]), label, values, span=self._s(meta))

    def enum_value(self, meta: Meta, ch: list[Any]) -> ast.EnumValue:
        label = _string(ch[1]) if ch[1] is not None else None
        return ast.EnumValue(_string(ch[0]), label, span=self._s(meta))

    def record_decl(self, meta: Meta, ch: list[Any]) -> ast.RecordDecl:
        label = _string(ch[2]) if ch[2] is not None else None
        fields = tuple(f for f in ch[3:] if isinstance(f, ast.Field))
        return ast.RecordDecl(str(ch[1]), label, fields, span=self._s(meta))

    def input_decl(self, meta: Meta, ch: list[Any]) -> ast.InputDecl:
        label = _string(ch[1]) if ch[1] is not None else None
        fields = tuple(f for f in ch[2:] if isinstance(f, ast.Field))
        return ast.InputDecl(label, fields, span=self._s(meta))

    def field(self, meta: Meta, ch: list[Any]) -> ast.Field:
        name, type_ref = str(ch[1]), ch[2]
        required, default, label = False, None, None
        for part in ch[3:]:
            if part is None:
                continue
            if isinstance(part, Token) and part.type == "STRING":
                label = _string(part)
            elif part == ("required",):
                required = True
            elif isinstance(part, tuple) and part[0] == "default":
                default = part[1]
        return ast.Field(name, type_ref, required, default, label, span=self._s(meta))

    def f_required(self, meta: Meta, ch: list[Any]) -> tuple[str]:
        return ("required",)

    def f_default(self, meta: Meta, ch: list[Any]) -> tuple[str, Any]:
        return ("default", ch[1])

    def list_type(self, meta: Meta, ch: list[Any]) -> ast.TypeRef:
        inner: ast.TypeRef = ch[1]
        return attrs.evolve(inner, is_list=True, span=self._s(meta))

    def named_type(self, meta: Meta, ch: list[Token]) -> ast.TypeRef:
        # Built-in types are stored by their canonical name, whichever keyword set spelt them.
        name = str(ch[0])
        return ast.TypeRef(_TYPE_SPELLINGS.get(name, name), span=self._s(meta))

    def unit_type(self, meta: Meta, ch: list[Any]) -> ast.TypeRef:
        return ast.TypeRef(ch[0][0], is_unit=True, span=self._s(meta))

    def authority_decl(self, meta: Meta, ch: list[Any]) -> ast.AuthorityDecl:
        text = ast.Text(_string(ch[2]), ch[3])
        return ast.AuthorityDecl(str(ch[1]), text, span=self._s(meta))

    def english(self, meta: Meta, ch: list[Token]) -> str:
        return _string(ch[1])

    def rubric_decl(self, meta: Meta, ch: list[Any]) -> ast.RubricDecl:
        label = _string(ch[2]) if ch[2] is not None else None
        criteria = tuple(c for c in ch[5:] if isinstance(c, ast.Criterion))
        return ast.RubricDecl(str(ch[1]), label, ch[4], criteria, span=self._s(meta))

    def criterion(self, meta: Meta, ch: list[Any]) -> ast.Criterion:
        label = _string(ch[2]) if ch[2] is not None else None
        unit = ch[5][0] if len(ch) > 5 and ch[5] is not None else None
        return ast.Criterion(str(ch[1]), label, ch[4], unit, span=self._s(meta))

    def define_decl(self, meta: Meta, ch: list[Any]) -> ast.Define:
        params: tuple[str, ...] = ch[2] if ch[2] is not None else ()
        return ast.Define(str(ch[1]), params, ch[3], span=self._s(meta))

    def params(self, meta: Meta, ch: list[Token]) -> tuple[str, ...]:
        return tuple(str(t) for t in ch)

    # -- rules
    def rule(self, meta: Meta, ch: list[Any]) -> ast.Rule:
        label = _string(ch[2]) if ch[2] is not None else None
        clauses = tuple(c for c in ch[4:] if c is not None)
        return ast.Rule(
            str(ch[1]), label, clauses, ch[3], span=self._s(meta), id_span=self._s(ch[1])
        )

    def c_when(self, meta: Meta, ch: list[Any]) -> ast.When:
        return ast.When(ch[1], span=self._s(meta))

    def c_for_each(self, meta: Meta, ch: list[Any]) -> ast.ForEach:
        return ast.ForEach(str(ch[1]), ch[3], ch[5], span=self._s(meta))

    def c_subject(self, meta: Meta, ch: list[Any]) -> ast.Subject:
        return ast.Subject(ch[1], span=self._s(meta))

    def c_let(self, meta: Meta, ch: list[Any]) -> ast.Let:
        return ast.Let(str(ch[1]), ch[2], span=self._s(meta))

    def c_value(self, meta: Meta, ch: list[Any]) -> ast.Value:
        return ast.Value(ch[1], ch[2], ch[3], span=self._s(meta))

    def c_require(self, meta: Meta, ch: list[Any]) -> ast.Require:
        return ast.Require(ch[1], ch[2], ch[3], ch[4], span=self._s(meta))

    def c_violated_when(self, meta: Meta, ch: list[Any]) -> ast.ViolatedWhen:
        return ast.ViolatedWhen(ch[1], ch[2], ch[3], span=self._s(meta))

    def c_refer_when(self, meta: Meta, ch: list[Any]) -> ast.ReferWhen:
        return ast.ReferWhen(ch[1], ch[3], ch[4], ch[5], ch[6], span=self._s(meta))

    def c_deadline(self, meta: Meta, ch: list[Any]) -> ast.Deadline:
        return ast.Deadline(ch[1], ch[2], ch[3], ch[4], span=self._s(meta))

    def c_classify(self, meta: Meta, ch: list[Any]) -> ast.Classify:
        return ast.Classify(tuple(ch[1:]), span=self._s(meta))

    def c_rank(self, meta: Meta, ch: list[Any]) -> ast.Rank:
        keys = tuple(k for k in ch[6:] if isinstance(k, ast.RankKey))
        tie = ch[-1][1] if isinstance(ch[-1], tuple) else None
        return ast.Rank(str(ch[1]), ch[3], ch[5], keys, tie, span=self._s(meta))

    def c_apply(self, meta: Meta, ch: list[Any]) -> ast.Apply:
        bindings = tuple(b for b in ch[2:] if isinstance(b, tuple))
        return ast.Apply(ch[1], bindings, span=self._s(meta))

    def c_exception(self, meta: Meta, ch: list[Any]) -> ast.ExceptionTo:
        priority = int(_number(str(ch[3]))) if ch[3] is not None else 0
        return ast.ExceptionTo(ch[1], priority, span=self._s(meta))

    def c_overrides(self, meta: Meta, ch: list[Any]) -> ast.Overrides:
        return ast.Overrides(ch[1], span=self._s(meta))

    def c_citing(self, meta: Meta, ch: list[Any]) -> ast.Citing:
        return ast.Citing(ch[1], span=self._s(meta))

    def c_governed(self, meta: Meta, ch: list[Any]) -> ast.Governed:
        return ast.Governed(ch[1], span=self._s(meta))

    def c_effective(self, meta: Meta, ch: list[Any]) -> ast.Effective:
        return ast.Effective(self._date(ch[1]), span=self._s(meta))

    def c_scope(self, meta: Meta, ch: list[Any]) -> ast.Scope:
        return ast.Scope(span=self._s(meta))

    def c_checks_force(self, meta: Meta, ch: list[Any]) -> ast.ChecksForce:
        return ast.ChecksForce(span=self._s(meta))

    def c_explain(self, meta: Meta, ch: list[Any]) -> ast.Explain:
        en = ch[2]
        return ast.Explain(ast.Text(_string(ch[1]), en), span=self._s(meta))

    def cite(self, meta: Meta, ch: list[Any]) -> ast.Ref:
        ref: ast.Ref = ch[1]
        return ref

    def reason(self, meta: Meta, ch: list[Any]) -> ast.Text:
        return ast.Text(_string(ch[1]), ch[2])

    def referral(self, meta: Meta, ch: list[Any]) -> ast.Referral:
        return ast.Referral(ch[1], ch[2], span=self._s(meta))

    def unless(self, meta: Meta, ch: list[Any]) -> Any:
        return ch[1]

    def within(self, meta: Meta, ch: list[Any]) -> ast.Within:
        return ast.Within(ch[1], ch[2][0], ch[4], ch[5], span=self._s(meta))

    def notice(self, meta: Meta, ch: list[Any]) -> ast.Notice:
        return ast.Notice(ch[1], ch[2][0], ch[4], span=self._s(meta))

    def rolled(self, meta: Meta, ch: list[Any]) -> bool:
        return True

    def not_rolled(self, meta: Meta, ch: list[Any]) -> bool:
        return False

    def rung(self, meta: Meta, ch: list[Any]) -> ast.Rung:
        return ast.Rung(ch[1], ch[3], ch[4], ch[5], span=self._s(meta))

    def rung_otherwise(self, meta: Meta, ch: list[Any]) -> ast.Rung:
        return ast.Rung(ch[1], None, ch[3], ch[4], span=self._s(meta))

    def _key(self, direction: str, meta: Meta, ch: list[Any]) -> ast.RankKey:
        return ast.RankKey(direction, ch[1], ch[2], span=self._s(meta))  # type: ignore[arg-type]

    def highest(self, meta: Meta, ch: list[Any]) -> ast.RankKey:
        return self._key("highest", meta, ch)

    def lowest(self, meta: Meta, ch: list[Any]) -> ast.RankKey:
        return self._key("lowest", meta, ch)

    def prefer(self, meta: Meta, ch: list[Any]) -> ast.RankKey:
        return self._key("prefer", meta, ch)

    def tie(self, meta: Meta, ch: list[Any]) -> tuple[str, Any]:
        return ("tie", ch[1])

    def binding(self, meta: Meta, ch: list[Any]) -> tuple[str, Any]:
        return (str(ch[0]), ch[1])

    # -- references
    def ref(self, meta: Meta, ch: list[Any]) -> ast.Ref:
        parts: dict[str, Any] = {}
        for kind, value in ch:
            parts[kind] = value
        return ast.Ref(span=self._s(meta), **parts)

    def ref_points(self, meta: Meta, ch: list[Token]) -> tuple[str, tuple[str, ...]]:
        first = str(ch[0]).split()[-1].lower()
        return ("points", (first, *(str(t).lower() for t in ch[1:])))

    def ref_clauses(self, meta: Meta, ch: list[Token]) -> tuple[str, tuple[int, ...]]:
        return ("clauses", tuple(int(_number(str(t))) for t in ch[1:]))

    def ref_articles(self, meta: Meta, ch: list[Token]) -> tuple[str, tuple[int, ...]]:
        return ("articles", tuple(int(_number(str(t))) for t in ch[1:]))

    def ref_doc(self, meta: Meta, ch: list[Token]) -> tuple[str, str]:
        return ("document", _string(ch[1]))

    # -- expressions
    def if_expr(self, meta: Meta, ch: list[Any]) -> ast.If:
        return ast.If(ch[1], ch[3], ch[5], span=self._s(meta))

    def coalesce(self, meta: Meta, ch: list[Any]) -> ast.Coalesce:
        return ast.Coalesce(ch[0], ch[2], span=self._s(meta))

    def or_op(self, meta: Meta, ch: list[Any]) -> ast.BinOp:
        return ast.BinOp("or", ch[0], ch[2], span=self._s(meta))

    def and_op(self, meta: Meta, ch: list[Any]) -> ast.BinOp:
        return ast.BinOp("and", ch[0], ch[2], span=self._s(meta))

    def not_op(self, meta: Meta, ch: list[Any]) -> ast.Not:
        return ast.Not(ch[1], span=self._s(meta))

    def compare(self, meta: Meta, ch: list[Any]) -> ast.BinOp:
        tok: Token = ch[1]
        key = tok.type if tok.type in _COMPARISONS else str(tok)
        spelling = tok.type if tok.type.startswith("KW_") else str(tok)
        return ast.BinOp(_COMPARISONS[key], ch[0], ch[2], spelling, span=self._s(meta))

    def comp_op(self, meta: Meta, ch: list[Token]) -> Token:
        return ch[0]

    def member(self, meta: Meta, ch: list[Any]) -> ast.BinOp:
        return ast.BinOp("in", ch[0], ch[2], span=self._s(meta))

    def not_member(self, meta: Meta, ch: list[Any]) -> ast.BinOp:
        return ast.BinOp("not in", ch[0], ch[2], span=self._s(meta))

    def present(self, meta: Meta, ch: list[Any]) -> ast.Present:
        return ast.Present(ch[1], False, span=self._s(meta))

    def missing(self, meta: Meta, ch: list[Any]) -> ast.Present:
        return ast.Present(ch[1], True, span=self._s(meta))

    def _bin(self, op: ast.BinOpName, meta: Meta, ch: list[Any]) -> ast.BinOp:
        return ast.BinOp(op, ch[0], ch[-1], span=self._s(meta))

    def add(self, meta: Meta, ch: list[Any]) -> ast.BinOp:
        return self._bin("+", meta, ch)

    def sub(self, meta: Meta, ch: list[Any]) -> ast.BinOp:
        return self._bin("-", meta, ch)

    def mul(self, meta: Meta, ch: list[Any]) -> ast.BinOp:
        return self._bin("*", meta, ch)

    def div(self, meta: Meta, ch: list[Any]) -> ast.BinOp:
        return self._bin("/", meta, ch)

    def neg(self, meta: Meta, ch: list[Any]) -> ast.Neg:
        return ast.Neg(ch[-1], span=self._s(meta))

    def num(self, meta: Meta, ch: list[Any]) -> ast.Num:
        return ast.Num(ch[0], span=self._s(meta))

    def quantity(self, meta: Meta, ch: list[Any]) -> ast.Quantity:
        return ast.Quantity(ch[0], ch[1][0], span=self._s(meta))

    def string(self, meta: Meta, ch: list[Token]) -> ast.Str:
        return ast.Str(_string(ch[0]), span=self._s(meta))

    def date(self, meta: Meta, ch: list[Token]) -> ast.DateLit:
        return ast.DateLit(self._date(ch[0]), span=self._s(meta))

    def true(self, meta: Meta, ch: list[Any]) -> ast.Bool:
        return ast.Bool(True, span=self._s(meta))

    def false(self, meta: Meta, ch: list[Any]) -> ast.Bool:
        return ast.Bool(False, span=self._s(meta))

    def null(self, meta: Meta, ch: list[Any]) -> ast.Null:
        return ast.Null(span=self._s(meta))

    def name(self, meta: Meta, ch: list[Token]) -> ast.Name:
        return ast.Name(tuple(str(ch[0]).split(".")), span=self._s(meta))

    def call(self, meta: Meta, ch: list[Any]) -> ast.Call:
        name = str(ch[0])
        name = _FUNCTION_SPELLINGS.get(name, name)  # built-ins by their canonical name
        func = ast.Name(tuple(name.split(".")), span=self._s(ch[0]))
        args = tuple(a for a in ch[1:] if a is not None)
        return ast.Call(func, args, span=self._s(meta))

    def list_lit(self, meta: Meta, ch: list[Any]) -> ast.ListLit:
        return ast.ListLit(tuple(a for a in ch if a is not None), span=self._s(meta))

    def aggregate(self, meta: Meta, ch: list[Any]) -> ast.Aggregate:
        op = _AGGREGATES[" ".join(str(ch[0]).lower().split())]
        return ast.Aggregate(op, str(ch[1]), ch[3], ch[5], ch[6], span=self._s(meta))

    def match(self, meta: Meta, ch: list[Any]) -> ast.Match:
        cases = tuple(c for c in ch[2:] if isinstance(c, ast.Case))
        return ast.Match(ch[1], cases, span=self._s(meta))

    def case(self, meta: Meta, ch: list[Any]) -> ast.Case:
        return ast.Case(tuple(ch[:-1]), ch[-1], span=self._s(meta))

    def case_otherwise(self, meta: Meta, ch: list[Any]) -> ast.Case:
        return ast.Case((), ch[-1], span=self._s(meta))

    def number(self, meta: Meta, ch: list[Token]) -> Fraction:
        return _number(str(ch[0]))

    def unit(self, meta: Meta, ch: list[Token]) -> tuple[ast.Unit]:
        return (_UNIT_OF_TERMINAL[ch[0].type],)

    # -- literals that can be wrong after parsing
    def _date(self, tok: Token) -> dt.date:
        text = str(tok)
        try:
            if "/" in text:
                d, m, y = (int(p) for p in text.split("/"))
            else:
                y, m, d = (int(p) for p in text.split("-"))
            return dt.date(y, m, d)
        except ValueError:
            raise _Invalid("E111", tok, date=text) from None


def _dedent(text: str) -> str:
    """The text of a \"\"\"…\"\"\" block without the indentation the file gave it."""
    lines = text.split("\n")
    if lines and not lines[0].strip():
        lines = lines[1:]
    if lines and not lines[-1].strip():
        lines = lines[:-1]
    indents = [len(ln) - len(ln.lstrip()) for ln in lines if ln.strip()]
    cut = min(indents, default=0)
    return "\n".join(ln[cut:].rstrip() for ln in lines)


# ----------------------------------------------------------------------------- law positions


def place(items: list[Any]) -> tuple[ast.Item, ...]:
    """Give every item the law position (Chương … điểm) of the last headings before it."""
    pos = ast.LawPos()
    seen_points: dict[tuple[int | None, int | None], dict[str, int]] = {}
    out: list[ast.Item] = []
    for item in items:
        if isinstance(item, ast.Heading):
            if item.level == "chapter":
                pos = ast.LawPos(chapter=item.number)
            elif item.level == "section":
                pos = ast.LawPos(chapter=pos.chapter, section=int(item.number))
            elif item.level == "article":
                pos = ast.LawPos(chapter=pos.chapter, section=pos.section, article=int(item.number))
            elif item.level == "clause":
                pos = attrs.evolve(pos, clause=int(item.number), point=None, point_ordinal=1)
            else:
                counts = seen_points.setdefault((pos.article, pos.clause), {})
                counts[item.number] = counts.get(item.number, 0) + 1
                pos = attrs.evolve(pos, point=item.number, point_ordinal=counts[item.number])
        out.append(attrs.evolve(item, pos=pos))
    return tuple(out)


# ----------------------------------------------------------------------------- entry points


def _builder_function(name: str) -> Any:
    """The plain function of the builder's method for a rule (None: Lark would make a Tree)."""
    method = getattr(_Builder, name, None)
    return getattr(method, "base_func", None)


def _driver() -> Driver | None:
    """The fast path over the parser's tables (None if this Lark cannot be driven that way)."""
    return _driver_for(_lark())


@functools.cache
def _driver_for(lark: Lark) -> Driver | None:
    try:
        return Driver(lark, _builder_function)
    except Exception:  # a Lark or a Python whose internals differ: Lark alone, as before
        return None


def parse(text: str, file: str = "<string>") -> ast.Document:
    """Parse a rule file's text into a Document, or raise RuleSyntaxError."""
    text = unicodedata.normalize("NFC", text.removeprefix("\ufeff"))  # a byte-order mark
    driver = _driver()
    if driver is not None:
        try:
            (header, items), keywords = driver.parse(text, _Builder(file), _KEYWORDISH)
        except Exception:  # Fallback, or anything else: Lark below gives the error
            pass  # (or the nesting diagnostic) as it always has
        else:
            return _document(text, file, header, items, keywords)
    return _parse_with_lark(text, file)


def _document(
    text: str, file: str, header: Any, items: list[Any], keywords: Iterable[Token]
) -> ast.Document:
    return ast.Document(
        file=file, source=text, header=header, items=place(items), keywords=_keyword_set(keywords)
    )


def _parse_with_lark(text: str, file: str) -> ast.Document:
    """The parse tree from Lark, then the builder over it: every error is reported from here."""
    try:
        tree = _lark().parse(text)
    except UnexpectedInput as exc:
        raise RuleSyntaxError([diagnose(exc, text, file)]) from None
    except RecursionError:
        raise RuleSyntaxError(
            [Diagnostic("E120", ast.Span(file, 1, 1, 1, 2, 0, 1), {}, source=text)]
        ) from None
    builder = _Builder(file)
    try:
        header, items = builder.transform(tree)
    except RecursionError:
        raise RuleSyntaxError(
            [Diagnostic("E120", ast.Span(file, 1, 1, 1, 2, 0, 1), {}, source=text)]
        ) from None
    except Exception as exc:  # lark wraps errors raised in callbacks
        inner = getattr(exc, "orig_exc", exc)
        if isinstance(inner, _Invalid):
            span = _span(file, inner.tok)
            raise RuleSyntaxError(
                [Diagnostic(inner.code, span, inner.args_, source=text)]
            ) from None
        raise
    keywords = tree.scan_values(lambda v: isinstance(v, Token) and v.type in _KEYWORDISH)
    return _document(text, file, header, items, keywords)


_HEADER = re.compile(r'^\s*(?:văn\s+bản|document)\s+"((?:[^"\\\n]|\\.)*)"', re.I | re.M)
_EXTENDS = re.compile(r'^\s*(?:mở\s+rộng|extends)\s+"((?:[^"\\\n]|\\.)*)"', re.I | re.M)


def document_number(text: str) -> str | None:
    """The document number in a file's header, read without parsing the whole file."""
    m = _HEADER.search(unicodedata.normalize("NFC", text))
    return m.group(1) if m else None


def extends_of(text: str) -> str | None:
    """The number of the document a provincial file extends, if any."""
    m = _EXTENDS.search(unicodedata.normalize("NFC", text))
    return m.group(1) if m else None


def parse_file(path: str) -> ast.Document:
    with open(path, encoding="utf-8") as fh:
        text = fh.read()
    return parse(text, file=path)


# Headings are one token each; their first word tells the keyword set ("Article 21. …").
_HEADING_WORDS = {
    "CHAPTER_HEAD": ("chương", "chapter"),
    "SECTION_HEAD": ("mục", "section"),
    "ARTICLE_HEAD": ("điều", "article"),
    "CLAUSE_HEAD": ("khoản", "clause"),
    "POINT_HEAD": ("điểm", "point"),
}
_KEYWORDISH = frozenset(KEYWORDS) | frozenset(_HEADING_WORDS)


def _keyword_set(tokens: Iterable[Token]) -> Any:
    """Which keyword set a file is written in ("vi", "en" or "mixed"), from its keyword tokens."""
    vi = en = 0
    for tok in tokens:
        pair = _HEADING_WORDS.get(tok.type) or KEYWORDS[tok.type]
        word = " ".join(str(tok).lower().split())
        if tok.type in _HEADING_WORDS:
            word = word.split()[0]
        if word == pair[0]:
            vi += 1
        elif word.startswith(pair[1].lower().rstrip("s")):
            en += 1
    if vi and en:
        return "mixed"
    return "en" if en else "vi"


# ----------------------------------------------------------------------------- syntax errors


def diagnose(exc: UnexpectedInput, text: str, file: str) -> Diagnostic:
    """Turn a Lark error into a diagnostic a legal officer can act on."""
    from regcore.syntax_errors import diagnose_syntax

    return diagnose_syntax(exc, text, file)
