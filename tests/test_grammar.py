"""The grammar builds strictly, and the keyword table agrees with it."""

from __future__ import annotations

import unicodedata

import pytest
from lark import Lark

from regcore.keywords import AGGREGATES, KEYWORDS
from regcore.parser import _lark
from regcore.resources import grammar_path


def test_grammar_builds_with_strict_lalr() -> None:
    # strict=True rejects shift/reduce conflicts and colliding terminals (needs interegular).
    Lark(
        grammar_path().read_text(encoding="utf-8"),
        parser="lalr",
        lexer="contextual",
        strict=True,
        propagate_positions=True,
        maybe_placeholders=True,
    )


@pytest.mark.parametrize("terminal", sorted(KEYWORDS))
@pytest.mark.parametrize("lang", [0, 1])
def test_each_keyword_spelling_lexes_to_its_terminal(terminal: str, lang: int) -> None:
    word = KEYWORDS[terminal][lang]
    if (terminal, lang) == ("KW_BELONGS", 1):
        terminal = "KW_IN"  # English membership is written «in», the word of «for each … in»
    pattern = next(t.pattern for t in _lark().terminals if t.name == terminal)
    import re

    assert re.fullmatch(pattern.to_regexp(), word, re.IGNORECASE | re.UNICODE), (terminal, word)


@pytest.mark.parametrize("terminal", sorted(KEYWORDS))
def test_no_keyword_is_a_name(terminal: str) -> None:
    import re

    name = next(t.pattern for t in _lark().terminals if t.name == "NAME").to_regexp()
    for word in KEYWORDS[terminal]:
        first = word.split()[0]
        m = re.match(name, word, re.IGNORECASE)
        # A keyword may only be read as a name when it is not the whole word.
        assert m is None or m.group(0) != word, (terminal, word)
        if " " not in word:
            m = re.match(name, first, re.IGNORECASE)
            assert m is None, (terminal, word)


def test_aggregate_words_are_in_the_grammar() -> None:
    import re

    pattern = next(t.pattern for t in _lark().terminals if t.name == "AGGREGATE").to_regexp()
    for vi, en in AGGREGATES.values():
        assert re.match(pattern, vi + "(", re.IGNORECASE), vi
        assert re.match(pattern, en + "(", re.IGNORECASE), en


def test_vietnamese_identifiers_are_normalised_to_nfc() -> None:
    from regcore.parser import parse

    nfd = unicodedata.normalize("NFD", "định nghĩa hội_đồng_đủ = đúng\n")
    doc = parse(nfd)
    assert doc.items[0].name == "hội_đồng_đủ"  # type: ignore[union-attr]
    assert unicodedata.is_normalized("NFC", doc.items[0].name)  # type: ignore[union-attr]
