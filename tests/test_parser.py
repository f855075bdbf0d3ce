"""The parser builds the AST of the law's structure and of each construct."""

from __future__ import annotations

import datetime as dt
from fractions import Fraction
from pathlib import Path

import pytest

from regcore import ast
from regcore.errors import RegError, RuleSyntaxError
from regcore.parser import parse

SAMPLES = Path(__file__).parent.parent / "regulations" / "samples"


def test_header_and_law_positions() -> None:
    doc = parse((SAMPLES / "provisions_vi.reg").read_text(encoding="utf-8"), "vi.reg")
    assert doc.header is not None
    assert doc.header.number == "09/2024/TT-BKHCN"
    assert doc.header.issued == dt.date(2024, 12, 27)
    assert doc.header.in_force == dt.date(2025, 2, 10)
    assert doc.header.force_ref == ast.Ref(clauses=(1,), articles=(45,))
    rules = {r.id: r for r in doc.items if isinstance(r, ast.Rule) and r.pos.chapter == "II"}
    assert rules["extension.length"].pos.cite() == "điểm c khoản 3 Điều 21"
    assert rules["selection.winner"].pos.cite() == "điểm h khoản 4 Điều 14"
    assert rules["acceptance.submission_deadline"].pos.cite() == "khoản 1 Điều 24"
    assert rules["identification.council.quorum"].pos.cite() == "điểm a khoản 4 Điều 7"
    assert rules["acceptance.classification"].pos.section == 5


def test_duplicate_point_letters_get_ordinals() -> None:
    text = 'Điều 29. Phiên họp\nkhoản 2.\nđiểm h)\n"""h) thứ nhất"""\nđiểm h)\n"""h) thứ hai"""\n'
    doc = parse(text)
    texts = [i for i in doc.items if isinstance(i, ast.LawText)]
    assert [(t.pos.point, t.pos.point_ordinal) for t in texts] == [("h", 1), ("h", 2)]


def test_deadline_clause() -> None:
    doc = parse(
        "Điều 24. Nộp hồ sơ\nkhoản 1.\nquyết định d\n"
        "  thời hạn a.b: trong vòng 30 ngày kể từ c.d, lùi sang ngày làm việc\n"
        "quyết định n\n  thời hạn x: ít nhất 5 ngày làm việc trước y\n"
    )
    d1, d2 = (i for i in doc.items if isinstance(i, ast.Rule))
    deadline = d1.clauses[0]
    assert isinstance(deadline, ast.Deadline)
    assert deadline.period == ast.Within(Fraction(30), "days", ast.Name(("c", "d")), True)
    notice = d2.clauses[0]
    assert isinstance(notice, ast.Deadline)
    assert notice.period == ast.Notice(Fraction(5), "working_days", ast.Name(("y",)))


def test_vietnamese_numbers() -> None:
    doc = parse("định nghĩa a = 1.200.000.000 đồng\nđịnh nghĩa b = 84,5 điểm\n")
    a, b = doc.items
    assert isinstance(a, ast.Define) and isinstance(b, ast.Define)
    assert a.expr == ast.Quantity(Fraction(1_200_000_000), "dong")
    assert b.expr == ast.Quantity(Fraction(169, 2), "points")


def test_english_keywords_give_the_same_tree() -> None:
    vi = parse(
        "Điều 21. X\nkhoản 3.\nđiểm c)\nquyết định a\n  khi b = 1 và không c\n"
        "  yêu cầu d không quá 12 tháng theo điểm c\n"
    )
    en = parse(
        "Article 21. X\nclause 3.\npoint c)\ndecision a\n  when b = 1 and not c\n"
        "  require d at most 12 months per point c\n"
    )
    assert vi.items == en.items
    assert vi.keywords == "vi" and en.keywords == "en"


@pytest.mark.parametrize(
    "text",
    ["", "   \n", "# chỉ có chú thích\n"],
)
def test_empty_files_parse(text: str) -> None:
    assert parse(text).items == ()


@pytest.mark.parametrize(
    ("text", "code", "line", "column"),
    [
        ("Điều 1. A\nquyết định x\n  giá trị nếu a thì b\n", "E107", 3, 21),
        ("Điều 1. A\nquyết định x\n  giá trị nếu a b ngược lại c\n", "E104", 3, 17),
        ('Điều 1. A\n"""\nchưa đóng\n', "E102", 2, 1),
        ("định nghĩa x = 84.5\n", "E105", 1, 16),
        ("định nghĩa x = 31/02/2025\n", "E111", 1, 16),
        ("Điều 21 Tên điều\n", "E109", 1, 1),
    ],
)
def test_syntax_errors_name_the_place(text: str, code: str, line: int, column: int) -> None:
    with pytest.raises(RuleSyntaxError) as info:
        parse(text, "f.reg")
    d = info.value.diagnostics[0]
    assert (d.code, d.span.line, d.span.column) == (code, line, column)
    assert isinstance(info.value, RegError)
    assert "$END" not in str(info.value) and "__ANON" not in str(info.value)


def test_a_byte_order_mark_is_ignored() -> None:
    doc = parse('\ufeffvăn bản "X/2025/TT-Y"\n')
    assert doc.header is not None and doc.header.number == "X/2025/TT-Y"
