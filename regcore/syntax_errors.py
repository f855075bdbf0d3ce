"""Syntax errors in the law's words (part of the parsing stage).

Lark reports what it found and which terminals it would have accepted. This module turns
that into one of the E1xx diagnostics: it recognises the mistakes legal staff make (a
heading without its period, a missing «thì», an unclosed text block, "84.5" for 84,5 …)
and otherwise names what was expected in words, never as terminal names.
"""

from __future__ import annotations

import re

from lark import Token
from lark.exceptions import UnexpectedCharacters, UnexpectedInput, UnexpectedToken

from regcore.ast import Span
from regcore.diagnostics import Diagnostic
from regcore.keywords import KEYWORDS

__all__ = ["diagnose_syntax", "terminal_word"]

_OTHER_WORDS: dict[str, tuple[str, str]] = {
    "NAME": ("một tên", "a name"),
    "INT": ("một số", "a number"),
    "DECIMAL": ("một số", "a number"),
    "DATE": ("một ngày (dd/mm/yyyy)", "a date (dd/mm/yyyy)"),
    "STRING": ("một chuỗi trong ngoặc kép", "a quoted text"),
    "TEXT_BLOCK": ('một khối văn bản """…"""', 'a text block """…"""'),
    "POINT": ("«điểm» và chữ cái", "«point» and its letter"),
    "AGGREGATE": ("một phép gộp (đếm, tổng, …)", "an aggregate (count, sum, …)"),
    "CHAPTER_HEAD": ("«Chương …»", "«Chapter …»"),
    "SECTION_HEAD": ("«Mục ….»", "«Section ….»"),
    "ARTICLE_HEAD": ("«Điều ….»", "«Article ….»"),
    "CLAUSE_HEAD": ("«khoản ….»", "«clause ….»"),
    "POINT_HEAD": ("«điểm …)»", "«point …)»"),
    "$END": ("hết tệp", "the end of the file"),
}

_PUNCT = {
    "EQUAL": "=",
    "LPAR": "(",
    "RPAR": ")",
    "LSQB": "[",
    "RSQB": "]",
    "LBRACE": "{",
    "RBRACE": "}",
    "COMMA": ",",
    "COLON": ":",
    "PLUS": "+",
    "MINUS": "-",
    "STAR": "*",
    "SLASH": "/",
    "LESSTHAN": "<",
    "MORETHAN": ">",
}

_EXPR_START = {"NAME", "INT", "STRING", "DATE", "KW_TRUE", "KW_FALSE", "LPAR"}
_UNITS = {"KW_WORKING_DAYS", "KW_DAYS", "KW_MONTHS", "KW_YEARS", "KW_POINTS", "KW_DONG"}
_CLAUSE_WORDS = {
    "KW_WHEN",
    "KW_VALUE",
    "KW_REQUIRE",
    "KW_DEADLINE",
    "KW_FOR_EACH",
    "KW_CLASSIFY",
}


def terminal_word(name: str, lang: str) -> str:
    """How a terminal is named to a person: «thì», «=», a name, a date …"""
    i = 1 if lang == "en" else 0
    if name in KEYWORDS:
        return f"«{KEYWORDS[name][i]}»"
    if name in _OTHER_WORDS:
        return _OTHER_WORDS[name][i]
    if name in _PUNCT:
        return f"«{_PUNCT[name]}»"
    if name.startswith("__ANON") or name.isupper():
        return ""
    return ""


def _terminal_literals() -> dict[str, str]:
    from regcore.parser import _lark

    out: dict[str, str] = {}
    for term in _lark().terminals:
        if term.pattern.type == "str":
            out[term.name] = term.pattern.value
    return out


def _word(name: str, lang: str) -> str:
    word = terminal_word(name, lang)
    if word:
        return word
    lit = _terminal_literals().get(name)
    return f"«{lit}»" if lit else ""


def _expected(names: set[str] | frozenset[str], lang: str) -> str:
    words = sorted({w for w in (_word(n, lang) for n in names) if w})
    if len(words) > 8:
        words = [*words[:8], "…"]
    return ", ".join(words)


def _span_at(file: str, text: str, pos: int, length: int = 1) -> Span:
    line = text.count("\n", 0, pos) + 1
    col = pos - (text.rfind("\n", 0, pos) + 1) + 1
    return Span(file, line, col, line, col + max(1, length), pos, pos + max(1, length))


def _token_span(file: str, tok: Token, text: str) -> Span:
    if tok.type == "$END" or tok.start_pos is None:
        pos = len(text.rstrip())
        return _span_at(file, text, max(0, pos - 1) if pos else 0)
    end = tok.end_pos if tok.end_pos is not None else tok.start_pos + 1
    first_line_end = text.find("\n", tok.start_pos)
    if first_line_end != -1:
        end = min(end, first_line_end)
    return _span_at(file, text, tok.start_pos, end - tok.start_pos)


_UNCLOSED_BLOCK = re.compile(r'"""')


def _unclosed_text_block(text: str) -> int | None:
    """Position of a \"\"\" that opens a text block never closed, if any."""
    pos = 0
    while True:
        start = text.find('"""', pos)
        if start == -1:
            return None
        end = text.find('"""', start + 3)
        if end == -1:
            return start
        pos = end + 3


def _end_of_previous(text: str, pos: int) -> int:
    """The position just after the last word before pos (blank lines and comments skipped)."""
    end = pos
    while True:
        end = len(text[:end].rstrip())
        start = text.rfind("\n", 0, end) + 1
        m = re.search(r'#[^"\n]*$', text[start:end])
        if m is None:
            return end
        end = start + m.start()


def _block_closed_just_before(text: str, pos: int) -> int | None:
    """If a \"\"\" block ends just before pos, the position of the \"\"\" that opened it."""
    closer = len(text[:pos].rstrip()) - 3
    if closer < 0 or text[closer : closer + 3] != '"""':
        return None
    p = 0
    while True:
        start = text.find('"""', p)
        end = text.find('"""', start + 3) if start != -1 else -1
        if start == -1 or end == -1 or end > closer:
            return None
        if end == closer:
            return start
        p = end + 3


_DEADLINE_START = re.compile(r"(?im)^[ \t]*(?:thời\s+hạn|deadline)\b")


def _deadline_without_colon(text: str, pos: int) -> bool:
    """A «thời hạn X …» line where the «:» before the period is missing."""
    line_start = text.rfind("\n", 0, pos) + 1
    m = _DEADLINE_START.match(text, line_start)
    return m is not None and ":" not in text[m.end() : pos]


def diagnose_syntax(exc: UnexpectedInput, text: str, file: str) -> Diagnostic:
    def diag(code: str, span: Span, **args: object) -> Diagnostic:
        return Diagnostic(code, span, args, source=text)

    opener = _unclosed_text_block(text)
    err_pos = getattr(exc, "pos_in_stream", None)
    if isinstance(exc, UnexpectedToken) and exc.token.start_pos is not None:
        err_pos = exc.token.start_pos
    if opener is not None and (err_pos is None or err_pos >= opener):
        return diag("E102", _span_at(file, text, opener, 3))
    if text.count('"""') % 2 == 1 and err_pos is not None:
        # A block left open in the middle of the file: the lexer closed it with the next
        # block's opening \"\"\", so the error comes right after that mark.
        start = _block_closed_just_before(text, err_pos)
        if start is not None:
            return diag("E102", _span_at(file, text, start, 3))

    if isinstance(exc, UnexpectedCharacters):
        pos = exc.pos_in_stream or 0
        rest = text[pos:]
        if rest.startswith('"'):
            return diag("E103", _span_at(file, text, pos))
        m = re.match(r"\d+\.\d+(?!\d)", rest)
        if m and not re.match(r"\d{1,3}(\.\d{3})+\b", rest):
            fixed = m.group(0).replace(".", ",")
            return diag(
                "E105", _span_at(file, text, pos, len(m.group(0))), found=m.group(0), fixed=fixed
            )
        m = re.match(r"\d+/\d+/\d+", rest)
        if m:
            return diag("E111", _span_at(file, text, pos, len(m.group(0))), date=m.group(0))
        ch = rest[:1]
        return diag(
            "E101",
            _span_at(file, text, pos),
            char=ch,
            expected=_expected(exc.allowed or set(), "vi"),
            expected_en=_expected(exc.allowed or set(), "en"),
        )

    assert isinstance(exc, UnexpectedToken)
    tok: Token = exc.token
    expected = set(exc.accepts or exc.expected or set())
    span = _token_span(file, tok, text)
    if tok.start_pos is not None and _deadline_without_colon(text, tok.start_pos):
        found = str(tok)
        return diag("E108", span, found=f"«{found}»", found_en=f"«{found}»")
    found = str(tok) if tok.type != "$END" else ""
    found_vi = f"«{found}»" if found else "hết tệp"
    found_en = f"«{found}»" if found else "the end of the file"

    def generic(code: str = "E100") -> Diagnostic:
        return diag(
            code,
            span,
            found=found_vi,
            found_en=found_en,
            expected=_expected(expected, "vi"),
            expected_en=_expected(expected, "en"),
        )

    # A string closed by the quote meant to open the next one: lý do "… 70 tiếng anh "The …"
    if tok.start_pos is not None and tok.start_pos >= 2 and text[tok.start_pos - 1] == '"':
        line_start = text.rfind("\n", 0, tok.start_pos) + 1
        for m in re.finditer(r'"(?:[^"\\\n]|\\.)*"', text[line_start : tok.start_pos]):
            if line_start + m.end() == tok.start_pos and m.group(0)[-2:-1].isspace():
                return diag("E103", _span_at(file, text, line_start + m.start()))
    # A heading written without its period: "Điều 21 Title", "khoản 3".
    if tok.type in ("KW_ARTICLE", "KW_CLAUSE") and "ARTICLE_HEAD" in expected:
        return diag("E109", span, found=found_vi, found_en=found_en)
    if tok.type == "POINT" and "POINT_HEAD" in expected:
        return diag("E110", span, found=found_vi, found_en=found_en)
    # Where a missing word goes: on the last character before the unexpected token (as the
    # end-of-file diagnostics do), not on the next line's heading or clause.
    next_pos = len(text) if tok.type == "$END" or tok.start_pos is None else tok.start_pos
    after = _span_at(file, text, max(0, _end_of_previous(text, next_pos) - 1))
    if tok.type == "$END":
        if "KW_THEN" in expected:
            return diag("E104", span)
        if "KW_ELSE" in expected:
            return diag("E107", after)
        return generic("E106")
    if "KW_THEN" in expected and tok.type not in expected:
        return diag("E104", span)
    if "KW_ELSE" in expected and tok.type not in expected and len(expected) <= 3:
        return diag("E107", after)
    if expected == {"COLON"} or ("COLON" in expected and tok.type in ("KW_WITHIN", "KW_AT_LEAST")):
        return diag("E108", span, found=found_vi, found_en=found_en)
    if tok.type == "KW_FROM" and "KW_WITHIN" in expected:
        return diag("E108", span, found=found_vi, found_en=found_en)
    if (
        expected & {"KW_WORKING_DAYS", "KW_DAYS"}
        and expected <= _UNITS
        and tok.type not in expected
    ):
        return diag("E112", span, found=found_vi, found_en=found_en)
    if "KW_FROM" in expected and tok.type != "KW_FROM":
        return diag("E113", span, found=found_vi, found_en=found_en)
    if tok.type == "KW_WHEN" and "KW_THEN" in expected:
        return diag("E104", span)
    if tok.type == "EQUAL" and "NAME" not in expected and expected & _EXPR_START:
        return generic()
    if (
        tok.type.startswith("KW_")
        and tok.type in _CLAUSE_WORDS
        and expected
        <= _EXPR_START
        | {
            "MINUS",
            "LSQB",
            "KW_NULL",
            "AGGREGATE",
            "KW_MATCH",
            "KW_IF",
            "KW_NOT",
            "KW_PRESENT",
            "KW_MISSING",
            "DECIMAL",
        }
        | {"LPAR"}
    ):
        return diag("E114", span, found=found_vi, found_en=found_en)
    return generic()
