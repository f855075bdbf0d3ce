"""Property tests of the front end: rule files generated from the grammar survive ``fmt``
unchanged in meaning, and any text at all either parses or raises ``RegError`` at a place
inside the text (never another exception).

Generation uses ``hypothesis.extra.lark.from_lark`` on ``grammar/reg.lark`` itself, with two
adjustments:

- from_lark joins tokens without separators, so every terminal gets an explicit strategy that
  draws a realistic spelling and appends whitespace (headings end with their line break, as
  the grammar wants); comments (``%ignore``'d, drawn by from_lark between symbols) carry a
  marker so that the test can count them through ``fmt``;
- drawn as is, the expression rules branch more than they end (``expr`` has a three-expression
  ``nếu … thì … ngược lại …``, every operator level a two-operand alternative), so nearly every
  draw that enters an expression overruns and is discarded, and the generated files hold no
  expressions at all. :class:`_Bounded` therefore unrolls every recursive rule of the compiled
  grammar into copies ``rule@d`` whose recursive references go to ``@d-1``, and drops the
  recursive alternatives at depth 0: the language is the grammar's, cut at a nesting depth
  (and repetitions at a few items). It also adds a start symbol that draws a whole file and
  then up to two more rules, since a rule is only one item kind in fourteen. It wraps Lark's
  ``Grammar.compile`` (the method from_lark calls); if a new Lark or Hypothesis changes that,
  this test fails loudly rather than testing less.

Texts that happen not to parse (a keyword glued to what follows in a way the contextual lexer
reads differently) are discarded with ``assume``.

Even bounded, generation from the grammar reaches only shallow expressions and few clauses
per example, so a hand-written strategy (:func:`documents`) builds ASTs of the shape the
parser produces, with deep expressions and every clause kind, and checks that printing then
parsing gives the same tree in both keyword sets.
"""

from __future__ import annotations

import functools
import unicodedata
from fractions import Fraction
from typing import Any

from hypothesis import HealthCheck, assume, example, given, settings
from hypothesis import strategies as st
from hypothesis.extra.lark import from_lark
from lark import Lark
from lark.grammar import NonTerminal, Rule, Symbol

from regcore import ast
from regcore.errors import RegError, RuleSyntaxError
from regcore.fmt import format_document, format_text
from regcore.keywords import AGGREGATES, BUILTIN_FUNCTIONS, KEYWORDS, builtin_by_spelling
from regcore.parser import parse
from regcore.resources import grammar_path

# ----------------------------------------------------------------------------- generation

COMMENT_MARK = "#@"
# Levels of recursive rules a derivation may go through (a bare atom in a clause takes about
# ten: expr, coalesce, or, and, not, comparison, sum, product, unary, atom).
EXPRESSION_DEPTH = 12
# Repetitions (items of a file, clauses of a rule, …) at most one more than this.
LIST_LENGTH = 3

NAMES = [
    "x",
    "e",
    "m",
    "tuoi",
    "score",
    "vị_trí",
    "thành_viên",
    "chu_tich_ubnd",
    "hop_dong.thoi_gian",
    "e.months",
    "contract.duration_months",
    "council.members",
    "m.present",
    "a1",
]
FIELD_NAMES = ["months", "reason", "requested_on", "level", "tuổi", "x"]
TITLES = ["NHIỆM VỤ CẤP TỈNH", "Quy định chung", "", "Title # part of the title", "Điều chỉnh"]

_SEP = st.sampled_from([" ", " ", "  ", "\n", "\n  ", "\t"])
# Characters for strings and law text: Vietnamese, quotes, a hash (not a comment there).
_TEXT_CHARS = st.sampled_from(list("aăâbđêôơưyzĐỆ019 .,:;()#'/-_"))


def _spaced(s: st.SearchStrategy[str]) -> st.SearchStrategy[str]:
    return st.tuples(s, _SEP).map("".join)


def _keyword_spellings(vi: str, en: str) -> list[str]:
    # Multi-word keywords stay on one line (the grammar joins their words with [ \t]+).
    return [vi, en, vi.upper(), en.capitalize(), vi.replace(" ", "  "), en.replace(" ", " \t")]


def _string() -> st.SearchStrategy[str]:
    piece = st.one_of(_TEXT_CHARS, st.sampled_from(['\\"', "\\\\", "\\n"]))
    return st.lists(piece, max_size=8).map(lambda parts: '"' + "".join(parts) + '"')


def _text_block() -> st.SearchStrategy[str]:
    line = st.lists(_TEXT_CHARS, max_size=12).map("".join)
    body = st.lists(st.tuples(st.sampled_from(["", "  ", "    "]), line).map("".join), max_size=3)
    return body.map(lambda lines: '"""\n' + "\n".join(lines) + '\n"""')


def _int() -> st.SearchStrategy[str]:
    n = st.integers(min_value=0, max_value=3_000_000)
    return st.one_of(n.map(str), n.map(lambda v: f"{v:,}".replace(",", ".")))


def _date() -> st.SearchStrategy[str]:
    d = st.dates()
    return st.one_of(d.map(lambda v: f"{v.day}/{v.month}/{v.year:04d}"), d.map(str))


def _heading(
    words: tuple[str, ...], numbers: st.SearchStrategy[str], end: str
) -> st.SearchStrategy[str]:
    return st.builds(
        lambda w, n, t: f"{w} {n}{end} {t}".rstrip(" "),
        st.sampled_from(words),
        numbers,
        st.sampled_from(TITLES) if end == "." else st.just(""),
    ).map(lambda s: s + "\n")


# The start symbol of generation: a whole file, then up to two more rules or definitions.
# Drawn from "start" alone, items are mostly headings and declarations (a rule is one item
# kind in fourteen, and the one most often discarded for size).
GEN_START = "gen_start"


class _Bounded:
    """A stand-in for ``Lark.grammar`` whose ``compile`` unrolls recursive rules to a depth
    and adds the rule ``gen_start``."""

    def __init__(self, inner: Any, depth: int) -> None:
        self.inner = inner
        self.depth = depth

    def compile(self, start: Any, terminals_to_keep: Any) -> tuple[Any, list[Rule], Any]:
        starts = ["start", "rule", "define_decl"] if list(start) == [GEN_START] else start
        terminals, rules, ignore = self.inner.compile(starts, terminals_to_keep)
        rules = _unroll(rules, self.depth)
        if list(start) == [GEN_START]:
            tails: list[list[Symbol]] = [[], [NonTerminal("rule")], [NonTerminal("define_decl")]]
            tails += [[NonTerminal("rule"), NonTerminal("rule")]]
            rules += [Rule(NonTerminal(GEN_START), [NonTerminal("start"), *t]) for t in tails]
        return terminals, rules, ignore


def _unroll(rules: list[Rule], depth: int) -> list[Rule]:
    graph: dict[str, set[str]] = {}
    for r in rules:
        graph.setdefault(r.origin.name, set()).update(
            s.name for s in r.expansion if isinstance(s, NonTerminal)
        )

    def reaches(a: str, b: str) -> bool:
        seen, todo = set(), [a]
        while todo:
            for nxt in graph.get(todo.pop(), ()):
                if nxt == b:
                    return True
                if nxt not in seen:
                    seen.add(nxt)
                    todo.append(nxt)
        return False

    recursive = {n for n in graph if reaches(n, n)}
    # Nonterminals in one cycle with each other: references between them cost one level.
    same_cycle = {(a, b) for a in recursive for b in graph[a] if b in recursive and reaches(b, a)}

    # Lark's helpers for "x*" and "x+" that only repeat themselves are lists: their depth is
    # their length, kept short so that a file has a few items, a rule a few clauses.
    lists = {
        n for n in recursive if n.startswith("__") and {b for a, b in same_cycle if a == n} == {n}
    }

    def top(name: str) -> int:
        return LIST_LENGTH if name in lists else depth

    def at(name: str, d: int) -> NonTerminal:
        return NonTerminal(f"{name}@{d}" if name in recursive else name)

    out: list[Rule] = []
    for r in rules:
        origin = r.origin.name
        for d in range(top(origin) + 1) if origin in recursive else [0]:
            expansion: list[Symbol] = []
            for s in r.expansion:
                if not isinstance(s, NonTerminal):
                    expansion.append(s)
                elif (origin, s.name) in same_cycle:
                    expansion.append(at(s.name, d - 1))
                else:
                    expansion.append(at(s.name, top(s.name)))
            if all(not x.name.endswith("@-1") for x in expansion):
                out.append(Rule(at(origin, d), expansion, r.order, r.alias, r.options))
    return out


@functools.cache
def _grammar() -> Lark:
    grammar = Lark(grammar_path().read_text(encoding="utf-8"), parser="lalr", lexer="contextual")
    grammar.grammar = _Bounded(grammar.grammar, depth=EXPRESSION_DEPTH)  # type: ignore[assignment]
    return grammar


@functools.cache
def rule_files() -> st.SearchStrategy[str]:
    grammar = _grammar()
    explicit: dict[str, st.SearchStrategy[str]] = {}
    for term in grammar.terminals:
        name = term.name
        if name in KEYWORDS:
            explicit[name] = _spaced(st.sampled_from(_keyword_spellings(*KEYWORDS[name])))
        elif term.pattern.type == "str":
            explicit[name] = _spaced(st.just(term.pattern.value))
    roman = st.sampled_from(["I", "II", "IV", "ix", "XII"])
    digits = st.integers(min_value=1, max_value=60).map(str)
    letter = st.sampled_from(list("abcdđeghk"))
    explicit.update(
        {
            "NAME": _spaced(st.sampled_from(NAMES)),
            "FIELD_NAME": _spaced(st.sampled_from(FIELD_NAMES)),
            "STRING": _spaced(_string()),
            "TEXT_BLOCK": _spaced(_text_block()),
            "INT": _spaced(_int()),
            "DECIMAL": _spaced(st.sampled_from(["84,5", "0,25", "1.200,75", "3,0"])),
            "DATE": _spaced(_date()),
            "POINT": _spaced(
                st.builds(lambda w, x: f"{w} {x}", st.sampled_from(["điểm", "point"]), letter)
            ),
            "AGGREGATE": _spaced(
                st.sampled_from([w for pair in AGGREGATES.values() for w in pair])
            ),
            "CHAPTER_HEAD": _heading(("Chương", "chương", "Chapter"), roman, "."),
            "SECTION_HEAD": _heading(("Mục", "Section"), digits, "."),
            "ARTICLE_HEAD": _heading(("Điều", "điều", "Article"), digits, "."),
            "CLAUSE_HEAD": _heading(("khoản", "Clause"), digits, ".").map(
                lambda s: s.rstrip() + " "
            ),
            "POINT_HEAD": _heading(("điểm", "point"), letter, ")").map(lambda s: s.rstrip() + "\n"),
            "COMMENT": st.sampled_from([f"{COMMENT_MARK} ghi chú\n", f"  {COMMENT_MARK}x # y\n"]),
            "WS": st.sampled_from([" ", "\n", "\n\n  "]),
        }
    )
    # Terminals added to the grammar later get their regex (still valid, if less readable).
    return from_lark(grammar, start=GEN_START, explicit=explicit)


def _comment_count(text: str) -> int:
    return sum(line.count(COMMENT_MARK) for line in text.split("\n"))


_GEN_SETTINGS = settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=[
        HealthCheck.too_slow,
        HealthCheck.filter_too_much,
        HealthCheck.data_too_large,
    ],
)


@_GEN_SETTINGS
@given(st.data())
def test_generated_files_round_trip(data: st.DataObject) -> None:
    text = data.draw(rule_files())
    try:
        doc = parse(text)
    except RegError:
        assume(False)
        raise  # unreachable: assume(False) always raises
    out = format_document(doc)
    again = parse(out)
    assert again == doc
    assert format_document(again) == out
    # Every comment is kept.
    assert _comment_count(out) == _comment_count(text)
    # Keyword sets: vi -> en -> vi is the same tree, and each output is a fixed point.
    english = format_document(doc, keywords="en")
    in_english = parse(english)
    assert in_english == doc
    assert format_document(in_english, keywords="en") == english
    vietnamese = format_document(in_english, keywords="vi")
    assert vietnamese == format_document(doc, keywords="vi")


# ----------------------------------------------------------------------------- documents
# A hand-written strategy for the ASTs the parser produces: deep expressions and every kind of
# clause, which the depth-bounded grammar above reaches only shallowly. Printing such a tree
# and parsing it back must give the same tree, in both keyword sets.

_FUNCTIONS = builtin_by_spelling(BUILTIN_FUNCTIONS)
_WORD_CHARS = "abcdeghiklmnopqrstuvxyăâđêôơư"
# (no built-in function or type names here: the parser stores those by their canonical name)
_PLAIN = st.sampled_from(
    ["x", "e", "m", "tuoi", "score", "vị_trí_hs", "hội_đồng", "a1", "ngày_họp"]
)
_DOTTED = st.sampled_from(["e.months", "hop_dong.thoi_gian", "council.members", "m.present"])
_TEXT = st.text(alphabet=st.sampled_from(list(_WORD_CHARS + "ĐỆ019 .,:;()#'/-_\"\\")), max_size=12)
_LINE = st.text(alphabet=st.sampled_from(list(_WORD_CHARS + "ĐỆ019 .,:;()#'/-_")), max_size=16)


def _decimal_fraction() -> st.SearchStrategy[Fraction]:
    return st.builds(
        lambda n, k: Fraction(n, 10**k),
        st.integers(min_value=0, max_value=3_000_000),
        st.integers(min_value=0, max_value=3),
    )


def _name() -> st.SearchStrategy[ast.Name]:
    return st.one_of(_PLAIN, _DOTTED).map(lambda n: ast.Name(tuple(n.split("."))))


_SPELLINGS = {
    "=": ["="],
    "!=": ["!=", "≠"],
    "<": ["<", "KW_BEFORE", "KW_LESS_THAN"],
    "<=": ["<=", "≤", "KW_AT_MOST", "KW_NOT_AFTER"],
    ">": [">", "KW_AFTER", "KW_MORE_THAN"],
    ">=": [">=", "≥", "KW_AT_LEAST", "KW_NOT_BEFORE"],
}


def _binop(op: str, left: ast.Expr, right: ast.Expr, spelling: str | None) -> ast.BinOp:
    return ast.BinOp(op, left, right, spelling)  # type: ignore[arg-type]


def _expressions() -> st.SearchStrategy[ast.Expr]:
    leaves: st.SearchStrategy[ast.Expr] = st.one_of(
        _decimal_fraction().map(ast.Num),
        st.builds(ast.Quantity, _decimal_fraction(), st.sampled_from(ast.UNITS)),
        _TEXT.map(ast.Str),
        st.dates().map(ast.DateLit),
        st.booleans().map(ast.Bool),
        st.just(ast.Null()),
        _name(),
    )

    def extend(sub: st.SearchStrategy[ast.Expr]) -> st.SearchStrategy[ast.Expr]:
        small = st.lists(sub, max_size=3).map(tuple)
        comparison = st.sampled_from(sorted(_SPELLINGS)).flatmap(
            lambda op: st.builds(_binop, st.just(op), sub, sub, st.sampled_from(_SPELLINGS[op]))
        )
        other = st.builds(
            _binop,
            st.sampled_from(["and", "or", "+", "-", "*", "/", "in", "not in"]),
            sub,
            sub,
            st.none(),
        )
        case = st.builds(ast.Case, st.lists(sub, min_size=1, max_size=2).map(tuple), sub)
        cases = st.tuples(
            st.lists(case, min_size=1, max_size=3),
            st.none() | sub.map(lambda r: ast.Case((), r)),
        ).map(lambda t: tuple(t[0]) + ((t[1],) if t[1] is not None else ()))
        return st.one_of(
            comparison,
            other,
            st.builds(ast.Not, sub),
            st.builds(ast.Neg, sub),
            st.builds(ast.Present, sub, st.booleans()),
            st.builds(ast.Coalesce, sub, sub),
            st.builds(ast.If, sub, sub, sub),
            # The parser stores a built-in function by its canonical name ("vị_trí": position).
            st.builds(ast.Call, _PLAIN.map(lambda n: ast.Name((_FUNCTIONS.get(n, n),))), small),
            small.map(ast.ListLit),
            st.builds(
                ast.Aggregate,
                st.sampled_from(sorted(AGGREGATES)),
                _PLAIN,
                sub,
                st.none() | sub,
                st.none() | sub,
            ),
            st.builds(ast.Match, sub, cases),
        )

    return st.recursive(leaves, extend, max_leaves=8)


_EXPR = _expressions()
_OPT_EXPR = st.none() | _EXPR
_LABEL = st.none() | _TEXT
_TEXTS = st.builds(ast.Text, _TEXT, st.none() | _TEXT)
_REASON = st.none() | _TEXTS
_LETTER = st.sampled_from(list("abcdđegh"))
_NUMS = st.lists(st.integers(min_value=1, max_value=120), max_size=2).map(tuple)


@st.composite
def _refs(draw: st.DrawFn) -> ast.Ref:
    points = tuple(draw(st.lists(_LETTER, max_size=2)))
    clauses, articles = draw(_NUMS), draw(_NUMS)
    if not (points or clauses or articles):
        articles = (draw(st.integers(min_value=1, max_value=45)),)
    return ast.Ref(points, clauses, articles, draw(st.none() | _TEXT))


_CITE = st.none() | _refs()


def _clauses() -> st.SearchStrategy[ast.Clause]:
    period = st.one_of(
        st.builds(
            ast.Within,
            _decimal_fraction(),
            st.sampled_from(ast.UNITS),
            _EXPR,
            st.none() | st.booleans(),
        ),
        st.builds(ast.Notice, _decimal_fraction(), st.sampled_from(ast.UNITS), _EXPR),
    )
    rung = st.builds(ast.Rung, _EXPR, _OPT_EXPR, _CITE, _REASON)
    key = st.builds(ast.RankKey, st.sampled_from(["highest", "lowest", "prefer"]), _EXPR, _REASON)
    binding = st.tuples(_PLAIN, _EXPR)
    return st.one_of(
        st.builds(ast.When, _EXPR),
        st.builds(ast.ForEach, _PLAIN, _EXPR, _OPT_EXPR),
        st.builds(ast.Subject, _EXPR),
        st.builds(ast.Let, _PLAIN, _EXPR),
        st.builds(ast.Value, _EXPR, _CITE, _REASON),
        st.builds(
            ast.Require,
            _EXPR,
            _CITE,
            _REASON,
            st.none() | st.builds(ast.Referral, _EXPR, _OPT_EXPR),
        ),
        st.builds(ast.ViolatedWhen, _EXPR, _CITE, _REASON),
        st.builds(ast.ReferWhen, _EXPR, _EXPR, _CITE, _REASON, _OPT_EXPR),
        st.builds(ast.Deadline, _EXPR, period, _CITE, _REASON),
        st.lists(rung, min_size=1, max_size=3).map(lambda r: ast.Classify(tuple(r))),
        st.builds(
            ast.Rank,
            _PLAIN,
            _EXPR,
            _OPT_EXPR,
            st.lists(key, min_size=1, max_size=3).map(tuple),
            _OPT_EXPR,
        ),
        st.builds(ast.Apply, _refs(), st.lists(binding, max_size=2).map(tuple)),
        st.builds(ast.ExceptionTo, _refs(), st.integers(min_value=0, max_value=20_000)),
        st.builds(ast.Overrides, _refs()),
        st.builds(ast.Citing, _refs()),
        st.builds(ast.Governed, _EXPR),
        st.builds(ast.Effective, st.dates()),
        st.just(ast.Scope()),
        st.just(ast.ChecksForce()),
        st.builds(ast.Explain, _TEXTS),
    )


_CLAUSES = _clauses()


def _law_text(lines: list[tuple[int, str]]) -> str:
    """A text block as the parser stores it: lines right-stripped, common indent removed."""
    full = [(" " * n + line).rstrip() for n, line in lines]
    cut = min((len(ln) - len(ln.lstrip()) for ln in full if ln), default=0)
    return "\n".join(ln[cut:] for ln in full)


def _items() -> st.SearchStrategy[ast.Item]:
    title = st.none() | _LINE.map(str.strip).filter(bool)
    heading = st.one_of(
        st.builds(
            ast.Heading, st.just("chapter"), st.sampled_from(["I", "II", "IV", "XII"]), title
        ),
        st.builds(ast.Heading, st.just("section"), st.integers(1, 9).map(str), title),
        st.builds(ast.Heading, st.just("article"), st.integers(1, 45).map(str), title),
        st.builds(ast.Heading, st.just("clause"), st.integers(1, 12).map(str), st.none()),
        st.builds(ast.Heading, st.just("point"), _LETTER, st.none()),
    )
    law_line = st.tuples(st.integers(min_value=0, max_value=4), _LINE)
    type_ref = st.one_of(
        st.builds(ast.TypeRef, st.sampled_from(["text", "date", "Member"]), st.booleans()),
        st.builds(ast.TypeRef, st.sampled_from(ast.UNITS), st.booleans(), st.just(True)),
    )
    fld = st.builds(
        ast.Field,
        st.sampled_from(FIELD_NAMES),
        type_ref,
        st.booleans(),
        _OPT_EXPR,
        _LABEL,
    )
    fields = st.lists(fld, max_size=3).map(tuple)
    criterion = st.builds(
        ast.Criterion, _PLAIN, _LABEL, _decimal_fraction(), st.none() | st.sampled_from(ast.UNITS)
    )
    return st.one_of(
        heading,
        st.lists(law_line, max_size=4).map(lambda ls: ast.LawText(_law_text(ls))),
        st.builds(ast.TextOnly, _LABEL),
        st.builds(
            ast.EnumDecl,
            _PLAIN,
            _LABEL,
            st.lists(st.builds(ast.EnumValue, _TEXT, _LABEL), min_size=1, max_size=6).map(tuple),
        ),
        st.builds(ast.RecordDecl, _PLAIN, _LABEL, fields),
        st.builds(ast.InputDecl, _LABEL, fields),
        st.builds(ast.AuthorityDecl, _PLAIN, _TEXTS),
        st.builds(
            ast.RubricDecl,
            _PLAIN,
            _LABEL,
            _CITE,
            st.lists(criterion, min_size=1, max_size=3).map(tuple),
        ),
        st.builds(ast.Define, _PLAIN, st.lists(_PLAIN, max_size=2).map(tuple), _EXPR),
        st.builds(
            ast.Rule,
            st.one_of(_PLAIN, _DOTTED),
            _LABEL,
            st.lists(_CLAUSES, max_size=3).map(tuple),
        ),
    )


_ITEMS = _items()


@st.composite
def documents(draw: st.DrawFn) -> ast.Document:
    header = None
    if draw(st.booleans()):
        in_force = draw(st.none() | st.dates())
        header = ast.Header(
            number=draw(_TEXT),
            title=draw(_LABEL),
            issued=draw(st.none() | st.dates()),
            in_force=in_force,
            force_ref=draw(_CITE) if in_force is not None else None,
            extends=draw(_LABEL),
        )
    items = tuple(draw(st.lists(_ITEMS, max_size=4)))
    return ast.Document(file="<gen>", source="", header=header, items=items)


@settings(
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
@given(documents(), st.sampled_from(["vi", "en"]))
def test_generated_documents_print_and_parse_back(doc: ast.Document, lang: str) -> None:
    text = format_document(doc, keywords=lang)  # type: ignore[arg-type]
    assert parse(text, file="<gen>") == doc
    assert format_text(text, keywords=lang) == text  # type: ignore[arg-type]


# ----------------------------------------------------------------------------- bad input

BASE = '''văn bản "09/2024/TT-BKHCN"
  tên "Quy định"
  ban hành 27/12/2024
  có hiệu lực từ 10/02/2025 theo khoản 1 Điều 45

danh mục Cấp "Cấp quản lý": "tinh" "Cấp tỉnh", "co_so" "Cấp cơ sở"

bản ghi Extension "Gia hạn"
  trường months: tháng bắt buộc "Số tháng"
  trường approved_by: chuỗi mặc định rỗng "Người phê duyệt"

thẩm quyền chu_tich_ubnd "Chủ tịch" tiếng anh "Chair"

# Chương II
Chương II. NHIỆM VỤ CẤP TỈNH
Điều 21. Điều chỉnh
khoản 3.
điểm c)
"""
c) Gia hạn thời gian thực hiện nhiệm vụ: ...
"""
quyết định extension.max_months "Thời gian gia hạn tối đa"
  giá trị nếu contract.duration_months >= 24 tháng thì 12 tháng ngược lại 6 tháng

quyết định extension.length
  với mỗi e trong extensions
  yêu cầu e.months không quá extension.max_months # tối đa
    lý do "Số tháng gia hạn vượt quá mức tối đa"
    nếu không thì chuyển chu_tich_ubnd
    trừ khi e.approved_by thuộc ["chu_tich_ubnd"]
  thời hạn a.b: trong vòng 30 ngày kể từ a.c, lùi sang ngày làm việc
    theo khoản 1 Điều 24
  phân loại
    mức "A" khi s ít nhất 2/3 và đếm(x trong xs: x.a) = 1.200.000 đồng
    mức "B" còn lại
'''

BASE_ENGLISH = format_text(BASE, keywords="en")

_INSERTS = st.one_of(
    st.characters(),
    st.sampled_from(
        [
            '"',
            '"""',
            "#",
            "\n",
            " ",
            "(",
            ")",
            "{",
            "}",
            ",",
            ":",
            "=",
            "/",
            ".",
            "-",
            "đ",
            "0",
            "31/02/2025",
            "nếu",
            "thì",
            "khi",
            "Điều 9.",
            "khoản",
            "điểm a)",
            "quyết định",
            "mà",
        ]
    ),
)


@st.composite
def mutated(draw: st.DrawFn) -> str:
    text = draw(st.sampled_from([BASE, BASE_ENGLISH]))
    for _ in range(draw(st.integers(min_value=1, max_value=4))):
        kind = draw(st.sampled_from(["delete", "insert", "replace", "swap", "duplicate"]))
        if kind in ("swap", "duplicate"):
            lines = text.split("\n")
            i = draw(st.integers(min_value=0, max_value=len(lines) - 1))
            j = draw(st.integers(min_value=0, max_value=len(lines) - 1))
            if kind == "swap":
                lines[i], lines[j] = lines[j], lines[i]
            else:
                lines.insert(j, lines[i])
            text = "\n".join(lines)
            continue
        i = draw(st.integers(min_value=0, max_value=len(text)))
        if kind == "delete":
            j = draw(st.integers(min_value=i, max_value=min(len(text), i + 12)))
            text = text[:i] + text[j:]
        elif kind == "insert":
            text = text[:i] + draw(_INSERTS) + text[i:]
        else:
            text = text[:i] + draw(_INSERTS) + text[i + 1 :]
    return text


CHAINS = """định nghĩa so_sánh =
  acceptance.score không quá 100 điểm
  và acceptance.score ít nhất 70 điểm hoặc x
  và (a hoặc
      b)
quyết định q
  yêu cầu a và b
    nếu không thì chuyển
      c và d
    trừ khi e
  xếp hạng m trong ms
    ưu tiên khi m.a
        và m.b
"""


@st.composite
def commented(draw: st.DrawFn) -> tuple[str, str]:
    """A valid file with comments put at the ends of lines and on lines of their own."""
    base = draw(st.sampled_from([BASE, BASE_ENGLISH, CHAINS]))
    lines = base.split("\n")
    for n in range(draw(st.integers(min_value=1, max_value=6))):
        i = draw(st.integers(min_value=0, max_value=len(lines) - 1))
        if draw(st.booleans()):
            lines[i] += f"  {COMMENT_MARK}{n}"
        else:
            lines.insert(i, " " * draw(st.integers(0, 6)) + f"{COMMENT_MARK}{n}")
    return base, "\n".join(lines)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(commented())
def test_comments_anywhere_survive_fmt(case: tuple[str, str]) -> None:
    base, text = case
    doc = parse(text)
    # A comment appended to a heading's title or put inside a text block is text, not comment.
    assume(doc == parse(base))
    out = format_text(text)
    assert parse(out) == doc
    assert format_text(out) == out
    assert _comment_count(out) == _comment_count(text)


def _check_error_place(exc: RegError, text: str) -> None:
    if not isinstance(exc, RuleSyntaxError):
        return
    lines = unicodedata.normalize("NFC", text).split("\n")
    assert exc.diagnostics, "a syntax error without a diagnostic"
    span = exc.diagnostics[0].span
    assert (exc.line, exc.column) == (span.line, span.column)
    assert exc.line is not None and exc.column is not None
    assert 1 <= exc.line <= len(lines) + 1
    assert exc.column >= 1
    if exc.line <= len(lines):
        assert exc.column <= len(lines[exc.line - 1]) + 1
    exc.render("vi")
    exc.render("en")


def _parse_or_reg_error(text: str) -> bool:
    """True if the text parses; False if it raised RegError (with a sound place)."""
    try:
        parse(text)
    except RegError as exc:
        _check_error_place(exc, text)
        return False
    return True


def _format_or_reg_error(text: str) -> str | None:
    try:
        return format_text(text)
    except RegError:
        return None


_BAD_SETTINGS = settings(
    max_examples=120, deadline=None, suppress_health_check=[HealthCheck.too_slow]
)


@_BAD_SETTINGS
@given(st.text())
@example("")
@example('"""')
@example("văn bản")
@example("quyết định a\n  giá trị 31/02/2025\n")
@example("quyết định a\n  giá trị (\n")
@example("# only a comment")
def test_any_text_parses_or_raises_reg_error(text: str) -> None:
    parsed = _parse_or_reg_error(text)
    out = _format_or_reg_error(text)
    assert (out is not None) == parsed


@_BAD_SETTINGS
@given(mutated())
def test_mutated_files_parse_or_raise_reg_error(text: str) -> None:
    if not _parse_or_reg_error(text):
        assert _format_or_reg_error(text) is None
        return
    # A mutation that still parses must survive fmt like any other file.
    out = format_text(text)
    assert parse(out) == parse(text)
    assert format_text(out) == out


# ----------------------------------------------------------------------------- parser bugs, fixed
# These were strict xfails for parser bugs, fixed since: they now guard against regressions.


def test_long_operator_chain_is_a_reg_error() -> None:
    text = "quyết định a\n  giá trị " + " + ".join(["1"] * 3000) + "\n"
    _parse_or_reg_error(text)


def test_heading_with_non_ascii_digits_is_a_reg_error() -> None:
    _parse_or_reg_error("Điều ٣. Tiêu đề\n")


def test_english_headings_only_file_stays_english() -> None:
    text = "Article 5. Title\nclause 1.\npoint a)\n"
    assert format_text(text) == text
