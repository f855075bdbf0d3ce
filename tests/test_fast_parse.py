"""The fast parse path (regcore.lalr) builds exactly the Document that Lark's parse tree and the
builder give, positions included; whatever it cannot take goes through Lark unchanged."""

from __future__ import annotations

import unicodedata
from pathlib import Path

import attrs
import pytest

from regcore import parser
from regcore.errors import RuleSyntaxError
from regcore.lalr import MAX_DEPTH, Fallback

ROOT = Path(__file__).parent.parent
FILES = sorted(
    {*ROOT.glob("regulations/**/*.reg"), *ROOT.glob("tests/**/*.reg")}, key=lambda p: str(p)
)


def _both(text: str, name: str) -> tuple[object, object]:
    def run(f: object) -> object:
        try:
            doc = f(text, name)  # type: ignore[operator]
        except RuleSyntaxError as exc:
            return ("error", str(exc), [attrs.asdict(d) for d in exc.diagnostics])
        return attrs.asdict(doc)

    lark_text = unicodedata.normalize("NFC", text.removeprefix("\ufeff"))
    return run(parser.parse), run(lambda t, n: parser._parse_with_lark(lark_text, n))


def test_the_fast_path_is_available() -> None:
    assert parser._driver() is not None


@pytest.mark.parametrize("path", FILES, ids=lambda p: str(p.relative_to(ROOT)))
def test_same_document_as_lark(path: Path) -> None:
    fast, slow = _both(path.read_text(encoding="utf-8"), path.name)
    assert fast == slow


def test_the_circular_takes_the_fast_path() -> None:
    driver = parser._driver()
    assert driver is not None
    text = (ROOT / "regulations" / "circular_09_2024.reg").read_text(encoding="utf-8")
    (header, items), keywords = driver.parse(
        unicodedata.normalize("NFC", text), parser._Builder("c.reg"), parser._KEYWORDISH
    )
    assert header is not None and items and keywords


def test_deep_nesting_goes_through_lark() -> None:
    n = MAX_DEPTH + 5
    deep = "quyết định x\n  giá trị " + "-(" * n + "1" + ")" * n + "\n"
    fast, slow = _both(deep, "deep.reg")
    assert fast == slow
    driver = parser._driver()
    assert driver is not None
    with pytest.raises(Fallback):
        driver.parse(deep, parser._Builder("d.reg"), parser._KEYWORDISH)


@pytest.mark.parametrize(
    "text",
    [
        'quyết định x\n  giá trị ngày("31/02/2025")\n',
        "quyết định x\n  giá trị 31/02/2025\n",
        "quyết định x\n  giá trị 31/02/2025\n  giá trị (\n",
        "quyết định x\n  khi a\n  giá trị 1 +\n",
        'Điều 3. Tên\n"""chưa đóng\n',
        "",
        "# chỉ một dòng chú thích\n",
    ],
)
def test_errors_and_edge_cases_as_lark(text: str) -> None:
    fast, slow = _both(text, "e.reg")
    assert fast == slow


def test_first_characters_of_terminals() -> None:
    import re

    from regcore.lalr import _first_chars

    def first(pattern: str) -> frozenset[str] | None:
        return _first_chars(re._parser.parse(pattern, 0))[0]  # type: ignore[attr-defined]

    terminals = {t.name: t.pattern.to_regexp() for t in parser._lark().terminals}
    assert first(terminals["STRING"]) == {'"'}
    assert first(terminals["INT"]) == set("0123456789")
    name = first(terminals["NAME"])
    assert name is not None and not name & set('"0123456789(),=#')
    assert first(r"(?:a|\d)?x") == {"a", "A", "x", "X", *"0123456789"}
    assert first(r".x") is None


def test_dispatched_scanners_match_as_the_full_ones() -> None:
    """At every position that begins with a dispatched character, each state's reduced scanner
    finds the terminal (and the length) its full alternation finds."""
    from regcore.lalr import _DISPATCHED

    driver = parser._driver()
    assert driver is not None
    text = "\n".join(p.read_text(encoding="utf-8") for p in FILES[:20])
    positions = [i for i, ch in enumerate(text) if ch in _DISPATCHED][::7][:400]
    seen: set[int] = set()
    for state in driver.states:  # every state's tables (built on first look-up)
        table = driver.dispatch[state]
        if id(table) in seen:
            continue
        seen.add(id(table))
        full = driver.scanners[state]
        for i in positions:
            a, b = full(text, i), table[text[i]](text, i)
            assert (a and (a.lastgroup, a.end())) == (b and (b.lastgroup, b.end())), (state, i)
