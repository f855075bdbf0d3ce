"""AST → canonical text: the printer behind ``regcore fmt`` (the inverse of ``parser``).

It sits beside the pipeline rather than in it: ``parse`` turns a rule file into an
``ast.Document``, and :func:`format_document` prints that document back in one canonical
layout, optionally converting every keyword to the Vietnamese or the English set. The
guarantees, checked by ``tests/test_fmt.py`` and ``tests/test_robustness.py``:

- round trip: ``parse(format_text(x)) == parse(x)`` (AST equality ignores spans);
- idempotence: ``format_text(format_text(x)) == format_text(x)``;
- keyword sets: converting vi → en → vi gives the same AST;
- no ``#`` comment is lost.

Layout decisions (the ones a reader might otherwise wonder about):

- Header lines are indented by 2 under ``văn bản``/``document``, in the order title, issued,
  in force, extends (a repeated header line keeps only the value the parser kept: the last).
- Headings sit at column 0 as the grammar wants them: ``Chương II. TITLE``, ``Mục 1. TITLE``,
  ``Điều 21. Title``, ``khoản 3.``, ``điểm c)`` (English: ``Chapter``, ``Section``,
  ``Article``, ``clause``, ``point``). A blank line comes before every item, except that a
  ``khoản``/``điểm`` heading, a law text block or ``chỉ có văn bản`` directly under a heading
  stays on the next line, so "Điều 21 … khoản 3. điểm c) \"\"\"…\"\"\"" reads as one unit,
  and so does ``chỉ có văn bản`` right after a law text block.
- A law text block is ``\"\"\"`` on its own line, the stored (dedented) lines, ``\"\"\"``. The
  law text is never translated: it is the law's Vietnamese text in either keyword set.
- Declarations and rules start at column 0, their fields and clauses at 2; the continuation
  parts of a clause (``theo …``, ``lý do …``, ``nếu không thì chuyển …``, ``trừ khi …``) at 4
  on their own lines. The rungs of ``phân loại`` and the keys of ``xếp hạng`` are at 4, their
  own continuations at 6.
- Lines are kept to 100 columns where the grammar's structure offers a break, as the
  hand-written files do: a ``tiếng anh "…"`` moves to its own line (2 deeper than the line it
  continues); the top-level ``và``/``hoặc`` chain of a clause's expression puts each further
  operand on its own line, 4 deeper (``    hoặc …``); a ``chọn … { … }`` that is a whole
  expression puts one case per line; ``thay …`` bindings move to the next line; an enum's
  values fill lines of 100 columns. Everything else stays on one line however long (law
  text, headings, labels, nested expressions).
- Dates: ``dd/mm/yyyy`` in the Vietnamese set, ``yyyy-mm-dd`` in the English set.
- Numbers use the Vietnamese convention in both sets: decimal comma (``84,5``); thousands are
  grouped with ``.`` only from 10.000 up (``1.200.000``, but ``2024`` and ``1200``), so years
  and small amounts read naturally. Clause and article numbers in a reference are never
  grouped: ``khoản 31.614`` would read as the heading ``khoản 31.``. A ``Num`` whose value is
  not a finite decimal (only an AST built by hand can hold one: the parser reads decimals)
  is printed as a division ``(p/q)``; it then parses back as that division, not as a ``Num``.
- Binary operators have a space on each side, except a division of two numbers, printed as
  the law writes a fraction: ``2/3``. Any other division is spaced (``x / 2``), so a chain
  like ``1/2 / 2024`` can never read as the date 1/2/2024.
  Parentheses are the fewest the grammar's precedence allows: if/else lowest, then
  ``nếu thiếu thì``, or, and, not, comparisons (non-associative), ``+ -``, ``* /``, unary
  ``-``, atoms.
- Comparisons keep the author's spelling (``<=``, ``≤``, ``không quá``), a keyword spelling
  converted to the target set; membership is printed ``thuộc``/``in``.
- Strings are re-quoted with ``"``, escaping only ``"`` and ``\\`` (the only escapes the
  parser gives a meaning to).

Comments: the AST does not keep ``#`` comments, so they are recovered from ``doc.source``.
The source is tokenised again by the parser's own (contextual) lexer, so a ``#`` inside a
string, a heading title or a ``\"\"\"`` block is never taken for a comment (a ``#`` after
``Chương``/``Mục``/``Điều N.`` is part of the title: those headings take the rest of their
line). Each comment is attached to a layout unit: the header or one of its lines, an item, a
clause, a field, a criterion, a rung, a rank key, or an operand of a ``và``/``hoặc`` chain
that a clause's expression may print one per line.

- A comment on a line of its own is printed on its own line before the unit that starts with
  the next token, at that unit's indentation; when that token is in the middle of a unit (a
  continuation line such as ``lý do …``), before that unit.
- A comment after code stays after code, two spaces after the first printed line of the
  innermost unit that starts on the comment's line (``khi x > 1  # …``; a chain operand
  only if it begins its line, and the first operand's comment goes to the end of its unit's
  first line, where that operand is printed). If no unit starts on that line (a continuation
  line), or the unit is a law text or a titled heading, it moves to its own line before the
  unit.
- An operand of a chain that carries a comment is printed on its own line, so that each
  ``và …  # …`` keeps its comment however short the chain.
- Comments after the last token stay at the end of the file; a blank line after a comment on
  a line of its own is kept (one, however many there were), so a banner comment stays apart
  from the item after it.
"""

from __future__ import annotations

import bisect
import datetime as dt
import itertools
from collections.abc import Iterable
from fractions import Fraction
from typing import Literal, NamedTuple

from lark.exceptions import LarkError

from regcore import ast
from regcore.diagnostics import Diagnostic
from regcore.errors import RuleSyntaxError
from regcore.keywords import (
    AGGREGATES,
    BUILTIN_FUNCTIONS,
    BUILTIN_TYPES,
    COMPARISONS,
    KEYWORDS,
    UNIT_WORDS,
)
from regcore.parser import _lark, parse

__all__ = ["format_document", "format_text"]

Lang = Literal["vi", "en"]

_WIDTH = 100

# Heading words as the law prints them (the grammar accepts any case).
_HEADING_WORDS: dict[str, tuple[str, str]] = {
    "chapter": ("Chương", "Chapter"),
    "section": ("Mục", "Section"),
    "article": ("Điều", "Article"),
    "clause": ("khoản", "clause"),
    "point": ("điểm", "point"),
}
# In a reference: "điểm e, g khoản 7 Điều 7" / "point e, g clause 7 article 7".
_REF_POINT = ("điểm", "point")
_REF_ARTICLE = ("Điều", "article")

# Comparison spellings the parser records, and the operator each one means.
_SPELLINGS = COMPARISONS

# Precedence levels, loosest first (the grammar's ?expr … ?atom ladder).
_IF, _COALESCE, _OR, _AND, _NOT, _CMP, _SUM, _PRODUCT, _UNARY, _ATOM = range(10)
_COMPARISON_OPS = frozenset({"=", "!=", "<", "<=", ">", ">=", "in", "not in"})

_HEADER_TERMINALS = {
    "KW_TITLE": "title",
    "KW_ISSUED": "issued",
    "KW_IN_FORCE": "in_force",
    "KW_EXTENDS": "extends",
}


def format_text(text: str, file: str = "<string>", keywords: Lang | None = None) -> str:
    """Parse a rule file's text and print it in canonical layout (raises ``RegError``)."""
    return format_document(parse(text, file), keywords)


def format_document(doc: ast.Document, keywords: Lang | None = None) -> str:
    """The canonical text of a parsed rule file.

    ``keywords=None`` keeps the file's own keyword set (a file mixing both is printed in
    Vietnamese); ``"vi"`` or ``"en"`` converts every keyword, aggregate word, unit and
    comparison word to that set. Comments in ``doc.source`` are kept (see the module notes).
    """
    if keywords is None:
        lang: Lang = "en" if doc.keywords == "en" else "vi"
    elif keywords in ("vi", "en"):
        lang = keywords
    else:
        raise ValueError(f"keywords must be 'vi', 'en' or None, not {keywords!r}")
    comments = _Comments.collect(doc)
    try:
        return _Printer(lang, comments).document(doc)
    except RecursionError:
        span = ast.Span(doc.file, 1, 1, 1, 2, 0, 1)
        raise RuleSyntaxError([Diagnostic("E120", span, {}, source=doc.source)]) from None


# ----------------------------------------------------------------------------- comments


class _Anchor(NamedTuple):
    """A layout unit a comment can be printed with: its source extent and nesting depth."""

    start: int
    end: int
    depth: int
    key: object
    # Whether a comment may follow the unit's first printed line: not after a law text's
    # opening quotes, nor after a heading whose title takes the rest of the line.
    trailing_ok: bool = True
    # An operand of a chain takes a comment after code only when it begins its line.
    line_start_only: bool = False
    # The first operand of a chain: a comment after it belongs to this unit's first line
    # (the operand is printed there), so it is given to the unit (``owner``).
    owner: object = None


class _Comment(NamedTuple):
    offset: int
    text: str
    trailing: bool  # printed at the end of its unit's first line, not before it
    blank_after: bool  # a blank line followed it in the source


class _Comments:
    """The ``#`` comments of a source, each attached to the layout unit it is printed with."""

    def __init__(self) -> None:
        self.by_key: dict[object, list[_Comment]] = {}
        self.at_end: list[_Comment] = []

    @classmethod
    def collect(cls, doc: ast.Document) -> _Comments:
        self = cls()
        source = doc.source
        if "#" not in source:
            return self
        try:
            tokens = [
                (tok.start_pos or 0, tok.end_pos or 0, tok.type)
                for tok in _lark().parse_interactive(source).iter_parse()
            ]
        except LarkError:
            # Not the text this document was parsed from (an AST built by hand): no comments.
            return self
        starts = [t[0] for t in tokens]
        anchors = list(_anchors(doc, tokens))
        for pos, text in _comment_runs(source, tokens):
            line_start = source.rfind("\n", 0, pos) + 1
            after = pos + len(text)
            while after < len(source) and source[after] in " \t\f\r\n":
                after += 1
            idx = bisect.bisect_left(starts, pos)
            found: tuple[object, bool] | None = None
            if source[line_start:pos].strip():
                # After code: with the unit that starts on this line, else before the one the
                # line belongs to.
                if idx > 0:
                    found = _anchor_for_trailing(anchors, tokens[idx - 1][0], source, line_start)
                blank_after = False
            else:
                if idx < len(tokens):
                    found = _anchor_before(anchors, tokens[idx][0])
                blank_after = source.count("\n", pos, after) >= 2
            if found is None:
                self.at_end.append(_Comment(pos, text, False, blank_after))
            else:
                key, trailing = found
                self.by_key.setdefault(key, []).append(_Comment(pos, text, trailing, blank_after))
        return self

    def has(self, key: object) -> bool:
        return key in self.by_key

    def take(self, key: object) -> tuple[list[str], list[str]]:
        """A unit's comments: lines to print before it (with the blank lines kept after
        them), and the comment to put at the end of its first line (at most one)."""
        found = self.by_key.pop(key, [])
        trailing = [c for c in found if c.trailing]
        before = [c for c in found if not c.trailing] + trailing[:-1]
        return _with_blanks(before), [c.text for c in trailing[-1:]]

    def rest(self) -> list[str]:
        """Comments not printed yet (those after the last token, and any unit not printed)."""
        left = list(self.at_end)
        for found in self.by_key.values():
            left.extend(found)
        self.by_key.clear()
        self.at_end = []
        return _with_blanks(sorted(left))


def _with_blanks(comments: list[_Comment]) -> list[str]:
    lines: list[str] = []
    for c in sorted(comments):
        lines.append(c.text)
        if c.blank_after:
            lines.append("")
    return lines


def _comment_runs(source: str, tokens: list[tuple[int, int, str]]) -> Iterable[tuple[int, str]]:
    """Every comment, as (offset, text): a ``#`` in the gaps between tokens, to the line end."""
    gaps = [0, *(x for start, end, _ in tokens for x in (start, end)), len(source)]
    for gap_start, gap_end in zip(gaps[::2], gaps[1::2], strict=True):
        i = source.find("#", gap_start, gap_end)
        while i != -1:
            j = source.find("\n", i, gap_end)
            if j == -1:
                j = gap_end
            yield i, source[i:j].rstrip()
            i = source.find("#", j, gap_end)


def _line_exprs(node: object) -> list[ast.Expr]:
    """The expressions ``_Printer.emit_expr`` prints for a unit (their chains may break)."""
    if isinstance(node, ast.Define):
        return [node.expr]
    if isinstance(node, ast.When | ast.ViolatedWhen):
        return [node.cond]
    if isinstance(node, ast.Subject | ast.Let | ast.Value | ast.Governed):
        return [node.expr]
    if isinstance(node, ast.Require):
        referral = node.referral
        extra = [] if referral is None else [referral.authority, referral.unless]
        return [e for e in [node.cond, *extra] if e is not None]
    if isinstance(node, ast.ReferWhen):
        return [e for e in [node.cond, node.unless] if e is not None]
    if isinstance(node, ast.Rung):
        return [node.cond] if node.cond is not None else []
    if isinstance(node, ast.RankKey):
        return [node.expr]
    if isinstance(node, ast.Rank):
        return [node.tie_authority] if node.tie_authority is not None else []
    return []


def _chain(e: ast.Expr) -> list[ast.Expr]:
    """The operands of a top-level ``và``/``hoặc`` chain (left-associative), else []."""
    if not (isinstance(e, ast.BinOp) and e.op in ("and", "or")):
        return []
    operands: list[ast.Expr] = []
    node: ast.Expr = e
    while isinstance(node, ast.BinOp) and node.op == e.op:
        operands.append(node.right)
        node = node.left
    operands.append(node)
    operands.reverse()
    return operands


def _anchors(doc: ast.Document, tokens: list[tuple[int, int, str]]) -> Iterable[_Anchor]:
    starts = [t[0] for t in tokens]

    def anchor(node: object, span: ast.Span, depth: int) -> Iterable[_Anchor]:
        if span.end <= span.start:
            return
        titled = isinstance(node, ast.Heading) and node.level in ("chapter", "section", "article")
        ok = not (titled or isinstance(node, ast.LawText))
        yield _Anchor(span.start, span.end, depth, id(node), ok)
        # The operands of a chain that may be printed one per line: each from its "và"/"hoặc"
        # (the last one before it) to its end. The first one shares its unit's first line.
        for e in _line_exprs(node):
            operands = _chain(e)
            if operands and operands[0].span.end > operands[0].span.start:
                first = operands[0].span
                yield _Anchor(first.start, first.end, depth + 1, None, True, True, id(node))
            for prev, operand in itertools.pairwise(operands):
                lo, hi = prev.span.end, operand.span.start
                ops = [
                    tokens[i][0]
                    for i in range(bisect.bisect_left(starts, lo), bisect.bisect_left(starts, hi))
                    if tokens[i][2] in ("KW_AND", "KW_OR")
                ]
                if operand.span.end > operand.span.start:
                    begin = ops[-1] if ops else operand.span.start
                    yield _Anchor(begin, operand.span.end, depth + 1, id(operand), True, True)

    header = doc.header
    if header is not None:
        yield from anchor(header, header.span, 0)
        lines = [
            (start, kind)
            for start, _, typ in tokens
            if header.span.start <= start < header.span.end
            and (kind := _HEADER_TERMINALS.get(typ)) is not None
        ]
        for i, (start, kind) in enumerate(lines):
            end = lines[i + 1][0] if i + 1 < len(lines) else header.span.end
            yield _Anchor(start, end, 1, ("header", kind))
    for item in doc.items:
        yield from anchor(item, item.span, 0)
        if isinstance(item, ast.Rule):
            for clause in item.clauses:
                yield from anchor(clause, clause.span, 1)
                if isinstance(clause, ast.Classify):
                    for rung in clause.rungs:
                        yield from anchor(rung, rung.span, 2)
                elif isinstance(clause, ast.Rank):
                    for key in clause.keys:
                        yield from anchor(key, key.span, 2)
        elif isinstance(item, ast.RecordDecl | ast.InputDecl):
            for fld in item.fields:
                yield from anchor(fld, fld.span, 1)
        elif isinstance(item, ast.RubricDecl):
            for crit in item.criteria:
                yield from anchor(crit, crit.span, 1)


def _anchor_before(anchors: list[_Anchor], offset: int) -> tuple[object, bool] | None:
    """The unit a comment on a line of its own is printed before: the outermost unit that
    starts with the next token, or else the innermost unit that contains it."""
    containing = [a for a in anchors if a.start <= offset < a.end and a.owner is None]
    starting = [a for a in containing if a.start == offset]
    if starting:
        return min(starting, key=lambda a: a.depth).key, False
    if containing:
        return max(containing, key=lambda a: a.depth).key, False
    return None


def _anchor_for_trailing(
    anchors: list[_Anchor], offset: int, source: str, line_start: int
) -> tuple[object, bool] | None:
    """The unit of a comment after code (the last token of that code at ``offset``).

    The innermost unit containing that token that starts on the comment's line keeps the
    comment at the end of its first line (``quyết định a  giá trị 1  # c``: the clause); if
    none starts there (a continuation line), the comment goes before the innermost unit that
    contains the token.
    """
    containing = [a for a in anchors if a.start <= offset < a.end]
    on_line = [
        a
        for a in containing
        if a.start >= line_start
        and not (a.line_start_only and source[line_start : a.start].strip())
    ]
    if on_line:
        best = max(on_line, key=lambda a: a.depth)
        if best.owner is not None:
            return best.owner, True
        return best.key, best.trailing_ok
    containing = [a for a in containing if a.owner is None]
    if containing:
        return max(containing, key=lambda a: a.depth).key, False
    return None


# ----------------------------------------------------------------------------- literals


def _group(n: int) -> str:
    return f"{n:,}".replace(",", ".") if n >= 10_000 else str(n)


def _decimal(value: Fraction) -> str | None:
    """A number in the Vietnamese convention, or None if it is not a finite decimal."""
    den = value.denominator
    twos = fives = 0
    while den % 2 == 0:
        den //= 2
        twos += 1
    while den % 5 == 0:
        den //= 5
        fives += 1
    if den != 1:
        return None
    places = max(twos, fives)
    scaled = abs(value.numerator) * 10**places // value.denominator
    whole, frac = divmod(scaled, 10**places)
    text = _group(whole)
    if places:
        text += "," + str(frac).rjust(places, "0")
    return "-" + text if value < 0 else text


def _number(value: Fraction | int) -> str:
    """A number where the grammar wants a number token (amounts, maxima, references)."""
    text = _decimal(Fraction(value))
    if text is None or text.startswith("-"):
        raise ValueError(f"{value} cannot be written as a number in a rule file")
    return text


def _plain(n: int) -> str:
    """A clause or article number in a reference: digits only."""
    if n < 0:
        raise ValueError(f"{n} cannot be a clause or article number")
    return str(n)


def _quote(text: str) -> str:
    if "\n" in text:
        raise ValueError(f"a string of a rule file cannot hold a line break: {text!r}")
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


# ----------------------------------------------------------------------------- the printer


class _Printer:
    def __init__(self, lang: Lang, comments: _Comments) -> None:
        self.lang: Lang = lang
        self.en = lang == "en"
        self.comments = comments
        self.out: list[str] = []
        # A comment waiting for the next line printed: the first line of its unit.
        self.trailing: list[str] = []

    # -- output helpers
    def kw(self, terminal: str) -> str:
        vi, en = KEYWORDS[terminal]
        return en if self.en else vi

    def pick(self, pair: tuple[str, str]) -> str:
        return pair[1] if self.en else pair[0]

    def emit(self, indent: int, text: str) -> None:
        line = " " * indent + text
        if self.trailing:
            line += "  " + self.trailing.pop()
        self.out.append(line)

    def comments_for(self, key: object, indent: int) -> None:
        """Print a unit's comments that go before it; keep the one for its first line."""
        before, trailing = self.comments.take(key)
        for text in before:
            if text:
                self.out.append(" " * indent + text)
            else:
                self.out.append("")
        if trailing:
            self.trailing = trailing

    # -- document
    def document(self, doc: ast.Document) -> str:
        if doc.header is not None:
            self.comments_for(id(doc.header), 0)
            self.header(doc.header)
        prev: ast.Item | None = None
        for item in doc.items:
            if self.out and not _tight(prev, item):
                self.out.append("")
            self.comments_for(id(item), 0)
            self.item(item)
            prev = item
        rest = self.comments.rest()
        if rest:
            if self.out:
                self.out.append("")
            self.out.extend(rest)
        while self.out and not self.out[-1]:
            self.out.pop()
        return "".join(line.rstrip() + "\n" for line in self.out)

    def header(self, h: ast.Header) -> None:
        self.emit(0, f"{self.kw('KW_DOCUMENT')} {_quote(h.number)}")
        if h.title is not None:
            self.comments_for(("header", "title"), 2)
            self.emit(2, f"{self.kw('KW_TITLE')} {_quote(h.title)}")
        if h.issued is not None:
            self.comments_for(("header", "issued"), 2)
            self.emit(2, f"{self.kw('KW_ISSUED')} {self.date(h.issued)}")
        if h.in_force is not None:
            self.comments_for(("header", "in_force"), 2)
            line = f"{self.kw('KW_IN_FORCE')} {self.date(h.in_force)}"
            if h.force_ref is not None:
                line += f" {self.kw('KW_PER')} {self.ref(h.force_ref)}"
            self.emit(2, line)
        if h.extends is not None:
            self.comments_for(("header", "extends"), 2)
            self.emit(2, f"{self.kw('KW_EXTENDS')} {_quote(h.extends)}")

    # -- items
    def item(self, item: ast.Item) -> None:
        if isinstance(item, ast.Heading):
            self.emit(0, self.heading(item))
        elif isinstance(item, ast.LawText):
            if '"""' in item.text:
                raise ValueError('a law text block cannot hold """')
            self.emit(0, '"""')
            self.out.extend(item.text.split("\n") if item.text else [])
            self.emit(0, '"""')
        elif isinstance(item, ast.TextOnly):
            line = self.kw("KW_TEXT_ONLY")
            if item.reason is not None:
                line += f" {_quote(item.reason)}"
            self.emit(0, line)
        elif isinstance(item, ast.EnumDecl):
            self.enum(item)
        elif isinstance(item, ast.RecordDecl):
            self.emit(0, f"{self.kw('KW_RECORD')} {item.name}{_label(item.label)}")
            self.fields(item.fields)
        elif isinstance(item, ast.InputDecl):
            self.emit(0, f"{self.kw('KW_INPUT')}{_label(item.label)}")
            self.fields(item.fields)
        elif isinstance(item, ast.AuthorityDecl):
            self.emit_text(0, f"{self.kw('KW_AUTHORITY')} {item.name} ", item.text)
        elif isinstance(item, ast.RubricDecl):
            line = f"{self.kw('KW_RUBRIC')} {item.name}{_label(item.label)}"
            if item.cite is not None:
                line += f" {self.kw('KW_PER')} {self.ref(item.cite)}"
            self.emit(0, line)
            for crit in item.criteria:
                self.comments_for(id(crit), 2)
                line = f"{self.kw('KW_CRITERION')} {crit.name}{_label(crit.label)}"
                line += f" {self.kw('KW_MAXIMUM')} {_number(crit.maximum)}"
                if crit.unit is not None:
                    line += f" {self.unit(crit.unit)}"
                self.emit(2, line)
        elif isinstance(item, ast.Define):
            params = f"({', '.join(item.params)})" if item.params else ""
            self.emit_expr(0, f"{self.kw('KW_DEFINE')} {item.name}{params} = ", item.expr)
        elif isinstance(item, ast.Rule):
            head = f"{self.kw('KW_DECISION')} {item.id}{_label(item.label)}"
            if item.label_en is not None:
                english = f"{self.kw('KW_ENGLISH')} {_quote(item.label_en)}"
                if len(head) + 1 + len(english) <= _WIDTH:
                    head += f" {english}"
                else:
                    self.emit(0, head)
                    head = ""
                    self.emit(2, english)
            if head:
                self.emit(0, head)
            for clause in item.clauses:
                self.comments_for(id(clause), 2)
                self.clause(clause, 2)
        else:
            raise TypeError(f"fmt does not know the item {type(item).__name__}")

    def heading(self, h: ast.Heading) -> str:
        word = self.pick(_HEADING_WORDS[h.level])
        if h.level in ("clause", "point"):
            if h.title is not None:
                raise ValueError(f"a {h.level} heading has no title in a rule file")
            return f"{word} {h.number}{'.' if h.level == 'clause' else ')'}"
        return f"{word} {h.number}." + (f" {h.title}" if h.title else "")

    def enum(self, e: ast.EnumDecl) -> None:
        head = f"{self.kw('KW_ENUM')} {e.name}{_label(e.label)}:"
        values = [_quote(v.value) + _label(v.label) for v in e.values]
        one_line = f"{head} {', '.join(values)}"
        if len(one_line) <= _WIDTH:
            self.emit(0, one_line)
            return
        self.emit(0, head)
        line = ""
        for i, value in enumerate(values):
            piece = value + ("," if i + 1 < len(values) else "")
            if line and 2 + len(line) + 1 + len(piece) > _WIDTH:
                self.emit(2, line)
                line = piece
            else:
                line = f"{line} {piece}" if line else piece
        self.emit(2, line)

    def fields(self, fields: tuple[ast.Field, ...]) -> None:
        for f in fields:
            self.comments_for(id(f), 2)
            line = f"{self.kw('KW_FIELD')} {f.name}: {self.type_ref(f.type)}"
            if f.required:
                line += f" {self.kw('KW_REQUIRED')}"
            if f.default is not None:
                line += f" {self.kw('KW_DEFAULT')} {self.expr(f.default)}"
            self.emit(2, line + _label(f.label))

    def type_ref(self, t: ast.TypeRef) -> str:
        if t.is_unit:
            name = self.kw(UNIT_WORDS[t.name])
        elif t.name in BUILTIN_TYPES:
            name = self.pick(BUILTIN_TYPES[t.name])
        else:
            name = t.name
        return f"{self.kw('KW_LIST')} {name}" if t.is_list else name

    # -- rule clauses
    def clause(self, c: ast.Clause, indent: int) -> None:
        more = indent + 2
        if isinstance(c, ast.When):
            self.emit_expr(indent, f"{self.kw('KW_WHEN')} ", c.cond)
        elif isinstance(c, ast.ForEach):
            self.emit(indent, f"{self.kw('KW_FOR_EACH')} {self.binder(c.var, c.source, c.where)}")
        elif isinstance(c, ast.Subject):
            self.emit_expr(indent, f"{self.kw('KW_SUBJECT')} ", c.expr)
        elif isinstance(c, ast.Let):
            self.emit_expr(indent, f"{self.kw('KW_LET')} {c.name} = ", c.expr)
        elif isinstance(c, ast.Value):
            self.emit_expr(indent, f"{self.kw('KW_VALUE')} ", c.expr)
            self.cite_reason(c.cite, c.reason, more)
        elif isinstance(c, ast.Require):
            self.emit_expr(indent, f"{self.kw('KW_REQUIRE')} ", c.cond)
            self.cite_reason(c.cite, c.reason, more)
            if c.referral is not None:
                referral = c.referral
                self.emit_expr(more, f"{self.kw('KW_OTHERWISE_REFER')} ", referral.authority)
                self.unless(referral.unless, more)
        elif isinstance(c, ast.ViolatedWhen):
            self.emit_expr(indent, f"{self.kw('KW_VIOLATED_WHEN')} ", c.cond)
            self.cite_reason(c.cite, c.reason, more)
        elif isinstance(c, ast.ReferWhen):
            line = f"{self.kw('KW_REFER')} {self.expr(c.authority)}"
            self.emit_expr(indent, f"{line} {self.kw('KW_WHEN')} ", c.cond)
            self.cite_reason(c.cite, c.reason, more)
            self.unless(c.unless, more)
        elif isinstance(c, ast.Deadline):
            line = f"{self.kw('KW_DEADLINE')} {self.expr(c.act)}: {self.period(c.period)}"
            self.emit(indent, line)
            self.cite_reason(c.cite, c.reason, more)
        elif isinstance(c, ast.Classify):
            self.emit(indent, self.kw("KW_CLASSIFY"))
            for rung in c.rungs:
                self.comments_for(id(rung), more)
                line = f"{self.kw('KW_GRADE')} {self.expr(rung.grade)}"
                if rung.cond is None:
                    self.emit(more, f"{line} {self.kw('KW_OTHERWISE')}")
                else:
                    self.emit_expr(more, f"{line} {self.kw('KW_WHEN')} ", rung.cond)
                self.cite_reason(rung.cite, rung.reason, more + 2)
        elif isinstance(c, ast.Rank):
            self.emit(indent, f"{self.kw('KW_RANK')} {self.binder(c.var, c.source, c.where)}")
            for key in c.keys:
                self.comments_for(id(key), more)
                word = {"highest": "KW_HIGHEST", "lowest": "KW_LOWEST", "prefer": "KW_PREFER"}
                self.emit_expr(more, f"{self.kw(word[key.direction])} ", key.expr)
                self.cite_reason(None, key.reason, more + 2)
            if c.tie_authority is not None:
                self.emit_expr(more, f"{self.kw('KW_TIE_REFER')} ", c.tie_authority)
        elif isinstance(c, ast.Apply):
            line = f"{self.kw('KW_APPLY')} {self.ref(c.ref)}"
            if c.bindings:
                bound = ", ".join(f"{name} = {self.expr(e)}" for name, e in c.bindings)
                tail = f"{self.kw('KW_REPLACING')} {bound}"
                if indent + len(line) + 1 + len(tail) <= _WIDTH:
                    line += f" {tail}"
                else:
                    self.emit(indent, line)
                    line, indent = tail, more
            self.emit(indent, line)
        elif isinstance(c, ast.ExceptionTo):
            line = f"{self.kw('KW_EXCEPTION_TO')} {self.ref(c.ref)}"
            if c.priority:
                line += f" {self.kw('KW_PRIORITY')} {_number(c.priority)}"
            self.emit(indent, line)
        elif isinstance(c, ast.Overrides):
            self.emit(indent, f"{self.kw('KW_OVERRIDES')} {self.ref(c.ref)}")
        elif isinstance(c, ast.Citing):
            self.emit(indent, f"{self.kw('KW_CITING')} {self.ref(c.ref)}")
        elif isinstance(c, ast.Governed):
            self.emit_expr(indent, f"{self.kw('KW_GOVERNED_BY')} ", c.expr)
        elif isinstance(c, ast.Effective):
            self.emit(indent, f"{self.kw('KW_FROM_DATE')} {self.date(c.date)}")
        elif isinstance(c, ast.Scope):
            self.emit(indent, self.kw("KW_SCOPE"))
        elif isinstance(c, ast.ChecksForce):
            self.emit(indent, self.kw("KW_CHECKS_FORCE"))
        elif isinstance(c, ast.Explain):
            self.emit_text(indent, f"{self.kw('KW_EXPLAIN')} ", c.text)
        else:
            raise TypeError(f"fmt does not know the clause {type(c).__name__}")

    def binder(self, var: str, source: ast.Expr, where: ast.Expr | None) -> str:
        text = f"{var} {self.kw('KW_IN')} {self.expr(source)}"
        if where is not None:
            text += f" {self.kw('KW_WHERE')} {self.expr(where)}"
        return text

    def cite_reason(self, cite: ast.Ref | None, reason: ast.Text | None, indent: int) -> None:
        if cite is not None:
            self.emit(indent, f"{self.kw('KW_PER')} {self.ref(cite)}")
        if reason is not None:
            self.emit_text(indent, f"{self.kw('KW_REASON')} ", reason)

    def unless(self, cond: ast.Expr | None, indent: int) -> None:
        if cond is not None:
            self.emit_expr(indent, f"{self.kw('KW_UNLESS')} ", cond)

    def emit_expr(self, indent: int, prefix: str, e: ast.Expr) -> None:
        """A line ending with a whole expression, broken as the module notes say if too long."""
        flat = prefix + self.expr(e)
        chain = _chain(e)
        # An operand that carries a comment gets its own line, whatever the width.
        commented = any(self.comments.has(id(x)) for x in chain[1:])
        if indent + len(flat) <= _WIDTH and not commented:
            self.emit(indent, flat)
        elif chain and isinstance(e, ast.BinOp):
            level, word = (_OR, "KW_OR") if e.op == "or" else (_AND, "KW_AND")
            first, *rest = chain
            self.emit(indent, prefix + self.expr(first, level))
            for operand in rest:
                self.comments_for(id(operand), indent + 4)
                self.emit(indent + 4, f"{self.kw(word)} {self.expr(operand, level + 1)}")
        elif isinstance(e, ast.Match) and e.cases:
            self.emit(indent, f"{prefix}{self.kw('KW_MATCH')} {self.expr(e.subject)} {{")
            for i, case in enumerate(e.cases):
                self.emit(indent + 2, self.case(case) + ("," if i + 1 < len(e.cases) else ""))
            self.emit(indent, "}")
        else:
            self.emit(indent, flat)

    def emit_text(self, indent: int, prefix: str, t: ast.Text) -> None:
        """A line ending with a text; its English rendering on the next line if too long."""
        line = prefix + self.text(t)
        if t.en is None or indent + len(line) <= _WIDTH:
            self.emit(indent, line)
        else:
            self.emit(indent, prefix + _quote(t.vi))
            self.emit(indent + 2, f"{self.kw('KW_ENGLISH')} {_quote(t.en)}")

    def period(self, p: ast.Within | ast.Notice) -> str:
        amount = f"{_number(p.amount)} {self.unit(p.unit)}"
        if isinstance(p, ast.Notice):
            meeting = self.expr(p.meeting)
            return f"{self.kw('KW_AT_LEAST')} {amount} {self.kw('KW_BEFORE')} {meeting}"
        text = f"{self.kw('KW_WITHIN')} {amount} {self.kw('KW_FROM')} {self.expr(p.event)}"
        if p.rolled is not None:
            text += ", " + self.kw("KW_ROLLED" if p.rolled else "KW_NOT_ROLLED")
        return text

    # -- small parts
    def text(self, t: ast.Text) -> str:
        if t.en is None:
            return _quote(t.vi)
        return f"{_quote(t.vi)} {self.kw('KW_ENGLISH')} {_quote(t.en)}"

    def date(self, d: dt.date) -> str:
        if self.en:
            return f"{d.year:04d}-{d.month:02d}-{d.day:02d}"
        return f"{d.day:02d}/{d.month:02d}/{d.year:04d}"

    def unit(self, unit: ast.Unit) -> str:
        return self.kw(UNIT_WORDS[unit])

    def ref(self, r: ast.Ref) -> str:
        parts: list[str] = []
        if r.points:
            parts.append(f"{self.pick(_REF_POINT)} {', '.join(r.points)}")
        # Never "khoản 31.614": a grouped number after "khoản"/"Điều" would read as a heading.
        if r.clauses:
            parts.append(f"{self.kw('KW_CLAUSE')} {', '.join(_plain(n) for n in r.clauses)}")
        if r.articles:
            parts.append(f"{self.pick(_REF_ARTICLE)} {', '.join(_plain(n) for n in r.articles)}")
        if not parts:
            raise ValueError("a reference needs a point, a clause or an article")
        if r.document is not None:
            parts.append(f"{self.kw('KW_OF')} {_quote(r.document)}")
        return " ".join(parts)

    # -- expressions
    def expr(self, e: ast.Expr, level: int = _IF) -> str:
        """``e`` printed where the grammar wants an expression of at least ``level``."""
        text, own = self.expr_level(e)
        return f"({text})" if own < level else text

    def expr_level(self, e: ast.Expr) -> tuple[str, int]:
        if isinstance(e, ast.If):
            cond, then, other = self.expr(e.cond), self.expr(e.then), self.expr(e.otherwise)
            text = f"{self.kw('KW_IF')} {cond} {self.kw('KW_THEN')} {then}"
            return f"{text} {self.kw('KW_ELSE')} {other}", _IF
        if isinstance(e, ast.Coalesce):
            left, right = self.expr(e.left, _COALESCE), self.expr(e.right, _OR)
            return f"{left} {self.kw('KW_IF_MISSING')} {right}", _COALESCE
        if isinstance(e, ast.BinOp):
            return self.binop(e)
        if isinstance(e, ast.Not):
            return f"{self.kw('KW_NOT')} {self.expr(e.operand, _NOT)}", _NOT
        if isinstance(e, ast.Present):
            word = self.kw("KW_MISSING" if e.negated else "KW_PRESENT")
            return f"{word} {self.expr(e.operand, _SUM)}", _CMP
        if isinstance(e, ast.Neg):
            return f"-{self.expr(e.operand, _UNARY)}", _UNARY
        if isinstance(e, ast.Num):
            return _num_literal(e.value)
        if isinstance(e, ast.Quantity):
            return self.quantity(e)
        if isinstance(e, ast.Str):
            return _quote(e.value), _ATOM
        if isinstance(e, ast.DateLit):
            return self.date(e.value), _ATOM
        if isinstance(e, ast.Bool):
            return self.kw("KW_TRUE" if e.value else "KW_FALSE"), _ATOM
        if isinstance(e, ast.Null):
            return self.kw("KW_NULL"), _ATOM
        if isinstance(e, ast.Name):
            return e.dotted, _ATOM
        if isinstance(e, ast.Call):
            func = e.func.dotted
            if func in BUILTIN_FUNCTIONS:
                func = self.pick(BUILTIN_FUNCTIONS[func])
            return f"{func}({self.exprs(e.args)})", _ATOM
        if isinstance(e, ast.ListLit):
            return f"[{self.exprs(e.items)}]", _ATOM
        if isinstance(e, ast.Aggregate):
            text = f"{self.pick(AGGREGATES[e.op])}({self.binder(e.var, e.source, e.where)}"
            if e.body is not None:
                text += f": {self.expr(e.body)}"
            return text + ")", _ATOM
        if isinstance(e, ast.Match):
            cases = ", ".join(self.case(c) for c in e.cases)
            return f"{self.kw('KW_MATCH')} {self.expr(e.subject)} {{ {cases} }}", _ATOM
        raise TypeError(f"fmt does not know the expression {type(e).__name__}")

    def exprs(self, items: tuple[ast.Expr, ...]) -> str:
        return ", ".join(self.expr(x) for x in items)

    def case(self, c: ast.Case) -> str:
        keys = self.exprs(c.keys) if c.keys else self.kw("KW_OTHERWISE")
        return f"{keys} => {self.expr(c.result)}"

    def binop(self, e: ast.BinOp) -> tuple[str, int]:
        op = e.op
        if op in _COMPARISON_OPS:
            if op == "in":
                word = self.kw("KW_BELONGS")
            elif op == "not in":
                word = self.kw("KW_NOT_IN")
            elif e.spelling is not None and _SPELLINGS.get(e.spelling) == op:
                word = self.kw(e.spelling) if e.spelling.startswith("KW_") else e.spelling
            else:
                word = op
            left, right = self.expr(e.left, _SUM), self.expr(e.right, _SUM)
            return f"{left} {word} {right}", _CMP
        level, word = {
            "or": (_OR, "KW_OR"),
            "and": (_AND, "KW_AND"),
            "+": (_SUM, "+"),
            "-": (_SUM, "-"),
            "*": (_PRODUCT, "*"),
            "/": (_PRODUCT, "/"),
        }[op]
        if word.startswith("KW_"):
            word = self.kw(word)
        # Left-associative: the right operand binds one level tighter.
        left, right = self.expr(e.left, level), self.expr(e.right, level + 1)
        if op == "/" and isinstance(e.left, ast.Num) and isinstance(e.right, ast.Num):
            return f"{left}/{right}", level
        return f"{left} {word} {right}", level

    def quantity(self, q: ast.Quantity) -> tuple[str, int]:
        unit = self.unit(q.unit)
        text = _decimal(abs(q.value))
        if text is None:
            # Only a hand-built AST: "(2 tháng / 3)" means the same amount.
            num, den = abs(q.value).numerator, q.value.denominator
            text, level = f"({_group(num)} {unit} / {_group(den)})", _ATOM
        else:
            text, level = f"{text} {unit}", _ATOM
        if q.value < 0:
            return f"-{text}", _UNARY
        return text, level


def _num_literal(value: Fraction) -> tuple[str, int]:
    text = _decimal(abs(value))
    if text is None:
        text = f"({_group(abs(value).numerator)}/{_group(value.denominator)})"
    if value < 0:
        return f"-{text}", _UNARY
    return text, _ATOM


def _label(label: str | None) -> str:
    return f" {_quote(label)}" if label is not None else ""


def _tight(prev: ast.Item | None, item: ast.Item) -> bool:
    """Whether ``item`` goes on the line right after ``prev`` (no blank line between)."""
    if isinstance(prev, ast.LawText):
        # "chỉ có văn bản" says of the text just above that it has no rule.
        return isinstance(item, ast.TextOnly)
    if not isinstance(prev, ast.Heading):
        return False
    if isinstance(item, ast.Heading):
        return item.level in ("clause", "point")
    return isinstance(item, ast.LawText | ast.TextOnly)
