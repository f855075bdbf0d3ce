"""A Pygments lexer for ``.reg`` rule files (``pygmentize -l reg``, Sphinx, MkDocs…).

Pygments is not a dependency of regcore: this module is the only one that imports it, and
Pygments finds the lexer through the ``pygments.lexers`` entry point of regcore's metadata
(``pyproject.toml``). Install Pygments to use it (``pip install regcore[dev]`` has it).

The keyword patterns are generated from :mod:`regcore.keywords`, both keyword sets at once,
so the highlighter never drifts from the language. The same helpers build the TextMate
grammar of the VS Code extension (``tools/gen_textmate.py`` → ``editors/vscode``); they give
patterns that Python's ``re`` and Oniguruma (TextMate, VS Code) read the same way.

What the lexer shows, token type by token type:

* ``Comment.Single`` — ``# …`` to the end of the line;
* ``String.Doc`` — the law's text, ``\"\"\"…\"\"\"`` (over several lines);
* ``Generic.Heading`` — ``Chương II. …``, ``Mục 1. …``, ``Điều 21. …`` (the whole line) and
  ``Generic.Subheading`` — ``khoản 3.``, ``điểm c)``; headings start a line, as in the law;
* ``Keyword.Declaration`` (``quyết định``, ``bản ghi``…), ``Keyword`` (``khi``, ``yêu cầu``…),
  ``Operator.Word`` (``và``, ``thuộc``, ``không quá``…), ``Keyword.Constant`` (``đúng``,
  ``rỗng``…) and ``Keyword.Type`` for the units (``ngày``, ``ngày làm việc``, ``tháng``,
  ``năm``, ``điểm``, ``đồng`` and the English ones);
* ``Name.Function`` / ``Name.Class`` / ``Name.Constant`` / ``Name.Attribute`` — the name a
  declaration introduces (``quyết định X``, ``danh mục X``, ``thẩm quyền X``, ``trường x``);
* ``Name.Builtin`` — aggregates (``tổng(…)``), built-in functions (``vị_trí(…)``) and types
  (``số_nguyên``, ``ngày_tháng``…); ``Name.Label`` — the letter of a point in a reference
  (``điểm c khoản 3 Điều 21``);
* ``Literal.Date`` (``27/12/2024``, ``2024-12-27``), ``Number`` (fractions ``2/3``),
  ``Number.Float`` (``84,5``), ``Number.Integer`` (``1.200.000.000``);
* ``String.Double`` / ``String.Escape``, ``Operator``, ``Punctuation``, ``Name``.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator
from typing import TYPE_CHECKING, ClassVar

from pygments.lexer import Lexer, RegexLexer
from pygments.token import (
    Comment,
    Generic,
    Keyword,
    Literal,
    Name,
    Number,
    Operator,
    Punctuation,
    String,
    Whitespace,
)

from regcore.keywords import (
    AGGREGATES,
    BUILTIN_FUNCTIONS,
    BUILTIN_TYPES,
    COMPARISONS,
    KEYWORDS,
    UNIT_WORDS,
)

if TYPE_CHECKING:
    from pygments.token import _TokenType

__all__ = [
    "DATE",
    "DECIMAL",
    "EXTRA_SPELLINGS",
    "FRACTION",
    "HEADINGS",
    "INTEGER",
    "KEYWORD_CLASSES",
    "NAMING_KEYWORDS",
    "OPERATOR",
    "PUNCTUATION",
    "WORD_CHARS",
    "RegLexer",
    "aggregate_pattern",
    "builtin_function_pattern",
    "builtin_type_pattern",
    "declared_name_rules",
    "heading_patterns",
    "keyword_class",
    "keyword_rules",
    "keyword_spellings",
    "name_pattern",
    "phrase_pattern",
    "point_reference_pattern",
    "words_pattern",
]

# ---------------------------------------------------------------- patterns shared with TextMate
# The characters of a word. Python's ``\w`` is Unicode-aware (Vietnamese letters such as
# ``ư``, ``đ``, ``ế`` are word characters) but leaves out combining marks, which a file in
# decomposed form (NFD) has; Oniguruma's ``\w`` already has them, so TextMate uses ``\w``.
WORD_CHARS = r"[\w\u0300-\u036f]"

# Spellings the grammar (grammar/reg.lark) accepts besides the two of regcore.keywords.
EXTRA_SPELLINGS: dict[str, tuple[str, ...]] = {
    "KW_BELONGS": ("belongs to",),
    "KW_WORKING_DAYS": ("working day",),
    "KW_DAYS": ("day",),
    "KW_MONTHS": ("month",),
    "KW_YEARS": ("year",),
}

# How each keyword is shown. A terminal not named here is a plain keyword ("control").
KEYWORD_CLASSES: tuple[str, ...] = ("declaration", "control", "operator", "constant", "unit")
_DECLARATIONS = frozenset(
    {
        "KW_DOCUMENT",
        "KW_ENUM",
        "KW_RECORD",
        "KW_INPUT",
        "KW_FIELD",
        "KW_AUTHORITY",
        "KW_RUBRIC",
        "KW_CRITERION",
        "KW_DEFINE",
        "KW_DECISION",
    }
)
_CONSTANTS = frozenset({"KW_TRUE", "KW_FALSE", "KW_NULL"})
_OPERATORS = frozenset(
    {
        "KW_AND",
        "KW_OR",
        "KW_NOT",
        "KW_IN",
        "KW_BELONGS",
        "KW_NOT_IN",
        "KW_PRESENT",
        "KW_MISSING",
        "KW_IF_MISSING",
        *(terminal for terminal in COMPARISONS if terminal.startswith("KW_")),
    }
)
_UNITS = frozenset(UNIT_WORDS.values())

# Declarations that introduce a name: terminal -> what the name is.
NAMING_KEYWORDS: dict[str, str] = {
    "KW_DECISION": "function",
    "KW_DEFINE": "function",
    "KW_ENUM": "type",
    "KW_RECORD": "type",
    "KW_RUBRIC": "type",
    "KW_AUTHORITY": "constant",
    "KW_FIELD": "property",
    "KW_CRITERION": "property",
}

# Headings, written as the law prints them: level -> (Vietnamese, English) word.
_HEADING_WORDS: dict[str, tuple[str, str]] = {
    "chapter": ("chương", "chapter"),
    "section": ("mục", "section"),
    "article": KEYWORDS["KW_ARTICLE"],
    "clause": KEYWORDS["KW_CLAUSE"],
    "point": ("điểm", "point"),
}
HEADINGS: tuple[str, ...] = tuple(_HEADING_WORDS)

DATE = r"(?:[0-9]{1,2}/[0-9]{1,2}/[0-9]{4}|[0-9]{4}-[0-9]{2}-[0-9]{2})(?![0-9])"
# Vietnamese convention: "." groups thousands (1.200.000.000), "," is the decimal mark (84,5).
FRACTION = r"[0-9]+/[0-9]+(?![0-9/])"
DECIMAL = r"[0-9]+(?:\.[0-9]{3})*,[0-9]+"
INTEGER = r"[0-9]+(?:\.[0-9]{3})*"
OPERATOR = r"=>|!=|<=|>=|[=<>≠≤≥+\-*/]"
PUNCTUATION = r"[()\[\]{},:.]"


def phrase_pattern(spelling: str) -> str:
    """A keyword's spelling as a regex: any run of spaces or tabs between its words."""
    return r"[ \t]+".join(re.escape(word) for word in spelling.split())


def _unique(spellings: Iterable[str]) -> list[str]:
    seen: dict[str, str] = {}
    for spelling in spellings:
        seen.setdefault(" ".join(spelling.casefold().split()), spelling)
    return list(seen.values())


def words_pattern(
    spellings: Iterable[str],
    *,
    word: str = WORD_CHARS,
    case: bool = False,
    then: str | None = None,
) -> str:
    """One regex for whole words or phrases, longest first, case-insensitive unless ``case``.

    ``(?<!w)`` and ``(?!w)`` (``w`` the word characters) are the word boundaries; ``then``
    replaces the closing one (with a lookahead such as ``(?=\\s*\\()``, or nothing).
    """
    alternatives = sorted(_unique(spellings), key=lambda s: (-len(s.split()), -len(s), s))
    body = "|".join(phrase_pattern(s) for s in alternatives)
    group = f"(?:{body})" if case else f"(?i:{body})"
    return f"(?<!{word}){group}{f'(?!{word})' if then is None else then}"


def keyword_class(terminal: str) -> str:
    """How a keyword terminal is shown: one of :data:`KEYWORD_CLASSES`."""
    if terminal in _DECLARATIONS:
        return "declaration"
    if terminal in _CONSTANTS:
        return "constant"
    if terminal in _OPERATORS:
        return "operator"
    if terminal in _UNITS:
        return "unit"
    return "control"


def keyword_spellings() -> dict[str, list[str]]:
    """Keyword class -> every spelling of its keywords, Vietnamese and English."""
    out: dict[str, list[str]] = {cls: [] for cls in KEYWORD_CLASSES}
    for terminal, (vi, en) in KEYWORDS.items():
        out[keyword_class(terminal)].extend((vi, en, *EXTRA_SPELLINGS.get(terminal, ())))
    return {cls: _unique(spellings) for cls, spellings in out.items()}


def keyword_rules(word: str = WORD_CHARS) -> list[tuple[str, str]]:
    """``(class, regex)`` for every keyword, to be tried in this order.

    Rules with more words come first, so that the longest keyword wins wherever one keyword
    starts another of another class (``trong vòng`` before ``trong``, ``không quá`` before
    ``không``, ``lùi sang ngày làm việc`` before ``ngày``): both Pygments and TextMate take
    the first rule that matches at a position.
    """
    by_class = keyword_spellings()
    most = max(len(s.split()) for spellings in by_class.values() for s in spellings)
    rules: list[tuple[str, str]] = []
    for count in range(most, 0, -1):
        for cls in KEYWORD_CLASSES:
            spellings = [s for s in by_class[cls] if len(s.split()) == count]
            if spellings:
                rules.append((cls, words_pattern(spellings, word=word)))
    return rules


def name_pattern(word: str = WORD_CHARS, *, dotted: bool = True) -> str:
    """A name (``contract.end``): a word not starting with a digit, then any ``.field``."""
    letter = r"[^\W\d]"
    return f"{letter}{word}*(?:\\.{word}+)*" if dotted else f"{letter}{word}*"


def declared_name_rules(word: str = WORD_CHARS) -> list[tuple[str, str]]:
    """``(kind, regex)``: a declaring keyword, blanks and the name it declares, as 3 groups.

    A field's name may be any word (dossier keys such as ``months`` share a keyword's
    spelling), the others are names, never keywords.
    """
    kinds: dict[str, list[str]] = {}
    for terminal, kind in NAMING_KEYWORDS.items():
        kinds.setdefault(kind, []).extend(KEYWORDS[terminal])
    rules: list[tuple[str, str]] = []
    for kind, spellings in kinds.items():
        name = name_pattern(word, dotted=kind != "property")
        keyword = words_pattern(spellings, word=word, then="")
        rules.append((kind, f"({keyword})([ \\t]+)({name})"))
    return rules


def heading_patterns() -> dict[str, str]:
    """Level -> regex of a heading's head (``Chương II.``, ``khoản 3.``, ``điểm c)``).

    A chapter, section or article heading goes on with its title, the rest of the line.
    """

    def head(level: str) -> str:
        return "|".join(phrase_pattern(w) for w in _HEADING_WORDS[level])

    return {
        "chapter": rf"(?i:(?:{head('chapter')})[ \t]+(?:[ivxlc]+|[0-9]+)[ \t]*\.)",
        "section": rf"(?i:(?:{head('section')})[ \t]+[0-9]+[ \t]*\.)",
        "article": rf"(?i:(?:{head('article')})[ \t]+[0-9]+[ \t]*\.)",
        "clause": rf"(?i:(?:{head('clause')})[ \t]+[0-9]+[ \t]*\.)",
        "point": rf"(?i:(?:{head('point')})[ \t]+[a-zđ][ \t]*\))",
    }


def point_reference_pattern(word: str = WORD_CHARS) -> str:
    """``điểm c`` / ``point c`` in a reference, as 3 groups: the word, blanks, the letter(s)."""
    words = "|".join(phrase_pattern(w) for w in _HEADING_WORDS["point"])
    return f"(?<!{word})((?i:{words}))([ \\t]+)((?i:[a-zđ]{{1,2}}))(?!{word})"


def aggregate_pattern(word: str = WORD_CHARS) -> str:
    """An aggregate (``tổng``, ``trung bình``, ``count``…) before its ``(``."""
    spellings = [s for pair in AGGREGATES.values() for s in pair]
    return words_pattern(spellings, word=word, then=r"(?=\s*\()")


def builtin_function_pattern(word: str = WORD_CHARS) -> str:
    """A built-in function (``vị_trí``, ``next_working_day``…) before its ``(``."""
    spellings = [s for pair in BUILTIN_FUNCTIONS.values() for s in pair]
    return words_pattern(spellings, word=word, case=True, then=r"(?=\s*\()")


def builtin_type_pattern(word: str = WORD_CHARS) -> str:
    """A built-in type name (``số_nguyên``, ``ngày_tháng``, ``bool``…)."""
    spellings = [s for pair in BUILTIN_TYPES.values() for s in pair]
    return words_pattern(spellings, word=word, case=True)


# ---------------------------------------------------------------- the lexer
_Callback = Callable[[Lexer, "re.Match[str]"], Iterator[tuple[int, "_TokenType", str]]]


def _groups(*tokens: _TokenType) -> _Callback:
    """Like ``pygments.lexer.bygroups`` (untyped): group i gets ``tokens[i - 1]``."""

    def callback(lexer: Lexer, match: re.Match[str]) -> Iterator[tuple[int, _TokenType, str]]:
        for i, token in enumerate(tokens, start=1):
            text = match.group(i)
            if text:
                yield match.start(i), token, text

    return callback


_KEYWORD_TOKENS: dict[str, _TokenType] = {
    "declaration": Keyword.Declaration,
    "control": Keyword,
    "operator": Operator.Word,
    "constant": Keyword.Constant,
    "unit": Keyword.Type,
}
_NAME_TOKENS: dict[str, _TokenType] = {
    "function": Name.Function,
    "type": Name.Class,
    "constant": Name.Constant,
    "property": Name.Attribute,
}
_HEADING_TOKENS: dict[str, tuple[_TokenType, bool]] = {
    # level -> (token, whether the title on the rest of the line is part of the heading)
    "chapter": (Generic.Heading, True),
    "section": (Generic.Heading, True),
    "article": (Generic.Heading, True),
    "clause": (Generic.Subheading, False),
    "point": (Generic.Subheading, False),
}


def _root_rules() -> list[tuple[str, _TokenType | _Callback] | tuple[str, _TokenType, str]]:
    rules: list[tuple[str, _TokenType | _Callback] | tuple[str, _TokenType, str]] = []
    for level, head in heading_patterns().items():
        token, titled = _HEADING_TOKENS[level]
        title = r"[^\n]*" if titled else ""
        rules.append((rf"^([ \t]*)({head}{title})", _groups(Whitespace, token)))
    rules += [
        (r"\n", Whitespace),
        (r"[^\S\n]+", Whitespace),
        (r"#[^\n]*", Comment.Single),
        (r'"""[\s\S]*?"""', String.Doc),
        (r'"""[\s\S]*', String.Doc),  # not closed yet: the rest of the file
        (r'"', String.Double, "string"),
        (DATE, Literal.Date),
        (FRACTION, Number),
        (DECIMAL, Number.Float),
        (INTEGER, Number.Integer),
        (point_reference_pattern(), _groups(Keyword, Whitespace, Name.Label)),
    ]
    for kind, pattern in declared_name_rules():
        rules.append((pattern, _groups(Keyword.Declaration, Whitespace, _NAME_TOKENS[kind])))
    rules += [
        (aggregate_pattern(), Name.Builtin),
        (builtin_function_pattern(), Name.Builtin),
    ]
    rules += [(pattern, _KEYWORD_TOKENS[cls]) for cls, pattern in keyword_rules()]
    rules += [
        (builtin_type_pattern(), Name.Builtin),
        (OPERATOR, Operator),
        (PUNCTUATION, Punctuation),
        (name_pattern(), Name),
    ]
    return rules


class RegLexer(RegexLexer):
    """Lexer for the ``.reg`` rule language of regcore (Vietnamese and English keywords)."""

    name = "regcore"
    aliases: ClassVar[list[str]] = ["reg", "regcore"]
    filenames: ClassVar[list[str]] = ["*.reg"]
    mimetypes: ClassVar[list[str]] = ["text/x-regcore"]
    # Pygments' RegeditLexer (Windows registry files) claims *.reg too: prefer this one
    # unless the text is a registry file (see analyse_text).
    priority = 0.1
    flags = re.MULTILINE | re.UNICODE

    tokens = {  # noqa: RUF012 (Pygments reads it, as a class attribute)
        "root": _root_rules(),
        "string": [
            (r'[^"\\\n]+', String.Double),
            (r"\\.", String.Escape),
            (r'"', String.Double, "#pop"),
            (r"\\", String.Double),
            (r"\n", Whitespace, "#pop"),  # not closed on its line
        ],
    }

    @staticmethod
    def analyse_text(text: str) -> float:
        """How likely ``text`` is a rule file (Pygments asks when several lexers fit)."""
        if re.match(r"\s*(?:Windows Registry Editor|REGEDIT4)", text):
            return 0.0
        header = words_pattern((*KEYWORDS["KW_DOCUMENT"], *KEYWORDS["KW_DECISION"]))
        if re.search(rf"^[ \t]*{header}[ \t]+\S", text, re.MULTILINE):
            return 0.9
        heads = "|".join(heading_patterns().values())
        if re.search(rf"^[ \t]*(?:{heads})", text, re.MULTILINE):
            return 0.5
        return 0.0
