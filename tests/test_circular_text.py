"""The bundled circular reads as the law: all 45 articles, in the law's structure, with the
published text verbatim (compared with ``../shared/law/`` beside the checkout)."""

from __future__ import annotations

import re
import unicodedata
from pathlib import Path

import pytest

from regcore import ast
from regcore.parser import parse_file

ROOT = Path(__file__).resolve().parent.parent
CIRCULAR = ROOT / "regulations" / "circular_09_2024.reg"
LAW = ROOT.parent / "shared" / "law" / "thong-tu-09-2024-TT-BKHCN.txt"

needs_law = pytest.mark.skipif(
    not LAW.is_file(),
    reason=f"the published text of the circular is not beside the checkout ({LAW})",
)

# The law's structure: chapter -> (sections, articles).
CHAPTERS = {
    "I": ([], range(1, 4)),
    "II": ([1, 2, 3, 4, 5], range(4, 33)),
    "III": ([], range(33, 42)),
    "IV": ([], range(42, 45)),
    "V": ([], range(45, 46)),
}


def _norm(text: str) -> str:
    return " ".join(unicodedata.normalize("NFC", text).split())


@pytest.fixture(scope="module")
def doc() -> ast.Document:
    return parse_file(str(CIRCULAR))


@pytest.fixture(scope="module")
def law_lines() -> list[str]:
    """The law's non-empty lines from "Chương I" to the end of Điều 45 (whitespace normalised)."""
    lines = [_norm(ln) for ln in LAW.read_text(encoding="utf-8").split("\n")]
    lines = [ln for ln in lines if ln]
    return lines[lines.index("Chương I") :]


def _headings(doc: ast.Document, level: str) -> list[ast.Heading]:
    return [i for i in doc.items if isinstance(i, ast.Heading) and i.level == level]


def _text_at(
    doc: ast.Document, article: int, clause: int | None, point: str | None, ordinal: int = 1
) -> str:
    """The text block right under a provision's heading."""
    found = [
        i
        for i in doc.items
        if isinstance(i, ast.LawText)
        and (i.pos.article, i.pos.clause, i.pos.point) == (article, clause, point)
        and i.pos.point_ordinal == ordinal
    ]
    assert len(found) == 1, f"{len(found)} text blocks at {point} {clause} {article}"
    return found[0].text


def _law_unit(
    law_lines: list[str], article: int, clause: int | None, point: str | None, ordinal: int = 1
) -> str:
    """A provision's text cut out of the law by its numbering alone: an article's text up to
    its first clause; a clause's lead text up to its first point; a point up to the next
    point (unnumbered paragraphs and dashed items included)."""

    def upto(lines: list[str], pattern: str) -> list[str]:
        return lines[
            : next((i for i, ln in enumerate(lines) if i and re.match(pattern, ln)), len(lines))
        ]

    start = next(i for i, ln in enumerate(law_lines) if ln.startswith(f"Điều {article}. "))
    body = upto(law_lines[start:], r"(Điều \d+\.|Chương |Mục )")[1:]
    if clause is None:
        return " ".join(upto(["", *body], r"\d+\. ")[1:])
    first = next(i for i, ln in enumerate(body) if ln.startswith(f"{clause}. "))
    body = upto(body[first:], rf"{clause + 1}\. ")
    if point is None:
        return " ".join(upto(body, r"[a-zđ]\) "))
    first = [i for i, ln in enumerate(body) if ln.startswith(f"{point}) ")][ordinal - 1]
    return " ".join(upto(body[first:], r"[a-zđ]\) "))


def _title_lines(law_lines: list[str]) -> set[int]:
    """Indexes of the lines that are headings: "Chương I", "Mục 1", their title lines (up to
    the next "Mục" or "Điều"), and "Điều N. Title"."""
    out: set[int] = set()
    in_title = False
    for i, ln in enumerate(law_lines):
        if re.match(r"(Chương [IVX]+|Mục \d+)$", ln):
            in_title = True
        elif re.match(r"Điều \d+\. ", ln):
            in_title = False
            out.add(i)
        if in_title:
            out.add(i)
    return out


def test_all_45_articles_in_order_under_their_chapters(doc: ast.Document) -> None:
    articles = _headings(doc, "article")
    assert [int(a.number) for a in articles] == list(range(1, 46))
    assert all(a.title for a in articles)
    assert [c.number for c in _headings(doc, "chapter")] == list(CHAPTERS)
    for a in articles:
        sections, numbers = CHAPTERS[a.pos.chapter or ""]
        assert int(a.number) in numbers, f"Điều {a.number} is in Chương {a.pos.chapter}"
        assert (a.pos.section is None) == (not sections)
    sections = _headings(doc, "section")
    assert [(s.pos.chapter, int(s.number)) for s in sections] == [("II", n) for n in range(1, 6)]
    assert {int(a.number) for a in articles if a.pos.section == 3} == set(range(9, 20))


def test_the_laws_numbering_quirks_are_kept(doc: ast.Document) -> None:
    points = [i for i in _headings(doc, "point") if i.pos.article == 29 and i.pos.clause == 2]
    assert [p.number for p in points] == list("abcdđeghikh")
    points = [i for i in _headings(doc, "point") if i.pos.article == 36 and i.pos.clause == 2]
    assert [p.number for p in points] == ["a", "b", "d", "đ"]


@needs_law
@pytest.mark.parametrize(
    ("article", "clause", "point", "ordinal"),
    [
        (21, 3, "c", 1),
        (24, 1, None, 1),
        (14, 4, "h", 1),
        (29, 2, "h", 2),
        (45, 1, None, 1),
        (3, None, None, 1),
        (23, 5, None, 1),
        (36, 2, "đ", 1),
    ],
)
def test_text_blocks_are_the_laws_text(
    doc: ast.Document,
    law_lines: list[str],
    article: int,
    clause: int | None,
    point: str | None,
    ordinal: int,
) -> None:
    expected = _law_unit(law_lines, article, clause, point, ordinal)
    assert _norm(_text_at(doc, article, clause, point, ordinal)) == expected


@needs_law
def test_second_h_of_clause_2_article_29_is_its_own_text(doc: ast.Document) -> None:
    assert _text_at(doc, 29, 2, "h", 2).startswith("h) Thư ký khoa học ghi chép")
    assert _text_at(doc, 29, 2, "h", 1).startswith("h) Ban kiểm phiếu")


@needs_law
def test_nothing_of_the_law_was_dropped(doc: ast.Document, law_lines: list[str]) -> None:
    """Every line of the law from "Chương I" to the end of Điều 45 is in the file, in order:
    heading lines in the headings, all other lines in the text blocks."""
    texts = _norm("\n".join(i.text for i in doc.items if isinstance(i, ast.LawText)))
    corpus = []
    for i in doc.items:
        if isinstance(i, ast.LawText):
            corpus.append(i.text)
        elif isinstance(i, ast.Heading) and i.level == "chapter":
            corpus.append(f"Chương {i.number} {i.title}")
        elif isinstance(i, ast.Heading) and i.level == "section":
            corpus.append(f"Mục {i.number} {i.title}")
        elif isinstance(i, ast.Heading) and i.level == "article":
            corpus.append(f"Điều {i.number}. {i.title}")
    whole = _norm("\n".join(corpus))
    headings = _title_lines(law_lines)
    at = 0
    for n, line in enumerate(law_lines):
        found = whole.find(line, at)
        assert found >= 0, f"not in the file (in order): {line[:80]!r}"
        at = found + len(line)
        if n not in headings:
            assert line in texts, f"not in a text block: {line[:80]!r}"
    assert law_lines[-1].startswith("4. Trong quá trình thực hiện")
