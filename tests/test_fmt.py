"""Tests of the canonical printer (regcore.fmt): exact layout, keyword-set conversion,
round trip through the parser, idempotence and comments."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from fractions import Fraction
from pathlib import Path

import pytest

from regcore import ast
from regcore.errors import RegError, RuleSyntaxError
from regcore.fmt import format_document, format_text
from regcore.parser import parse

# The example rule file the project started from (a copy of /tmp/t1.reg).
EXAMPLE = '''văn bản "09/2024/TT-BKHCN"
  tên "Quy định quản lý nhiệm vụ khoa học và công nghệ cấp tỉnh, cấp cơ sở sử dụng ngân sách nhà nước"
  ban hành 27/12/2024
  có hiệu lực từ 10/02/2025 theo khoản 1 Điều 45

danh mục Cấp "Cấp quản lý": "tinh" "Cấp tỉnh", "co_so" "Cấp cơ sở"

bản ghi Extension "Gia hạn"
  trường requested_on: ngày_tháng bắt buộc "Ngày đề nghị"
  trường months: tháng bắt buộc "Số tháng"
  trường approved_by: chuỗi mặc định rỗng "Người phê duyệt"

đầu vào "Hồ sơ nhiệm vụ"
  trường level: Cấp bắt buộc "Cấp"
  trường extensions: danh sách Extension mặc định [] "Gia hạn"

thẩm quyền chu_tich_ubnd "Chủ tịch Ủy ban nhân dân cấp tỉnh" tiếng anh "Chair of the provincial People's Committee"

Chương II. NHIỆM VỤ CẤP TỈNH
Điều 21. Điều chỉnh trong quá trình thực hiện nhiệm vụ
khoản 3.
điểm c)
"""
c) Gia hạn thời gian thực hiện nhiệm vụ: ...
"""
quyết định extension.max_months "Thời gian gia hạn tối đa"
  giá trị nếu contract.duration_months >= 24 tháng thì 12 tháng ngược lại 6 tháng

quyết định extension.length
  với mỗi e trong extensions
  đối tượng vị_trí(e)
  yêu cầu e.months không quá extension.max_months
    lý do "Số tháng gia hạn vượt quá mức tối đa"
    nếu không thì chuyển chu_tich_ubnd
    trừ khi e.approved_by thuộc ["chu_tich_ubnd"]

quyết định acceptance.submission_deadline
  thời hạn acceptance.submitted_on: trong vòng 30 ngày kể từ acceptance.implementation_end, lùi sang ngày làm việc
  theo khoản 1 Điều 24
quyết định q
  yêu cầu tỉ lệ(m trong council.members mà m.present) ít nhất 2/3 và đếm(x trong xs: x.a) = 1.200.000 đồng
  yêu cầu x.total = 84,5 điểm
'''  # noqa: E501

# A small file written carelessly: odd spacing and case, everything on few lines, comments.
SMALL = '''VĂN BẢN   "09/2024/TT-BKHCN"   tên "Thông tư \\"mẫu\\" \\\\ 1"
ban hành 27/12/2024 có hiệu lực từ 2025-02-10 theo khoản 1 Điều 45
# Chương đầu
chương ii.   Quy định chung
điều 3.Giải thích từ ngữ
khoản 1. điểm a)
"""
    a) Nhiệm vụ ... # không phải chú thích
      tiếp theo
"""
quyết định   tuoi_hop_le "Tuổi hợp lệ"   khi có x.tuoi
  giá trị (x.tuoi >= 18) và không (x.a hoặc x.b)   theo điểm a
  lý do "Đủ tuổi" tiếng anh "Of age"
quyết định tien   giá trị 1200000 đồng + 10000 * (2 - 1) # tiền
  yêu cầu x.han TRƯỚC 1/3/2025 nếu không thì chuyển hoi_dong
'''

SMALL_CANONICAL = '''văn bản "09/2024/TT-BKHCN"
  tên "Thông tư \\"mẫu\\" \\\\ 1"
  ban hành 27/12/2024
  có hiệu lực từ 10/02/2025 theo khoản 1 Điều 45

# Chương đầu
Chương II. Quy định chung

Điều 3. Giải thích từ ngữ
khoản 1.
điểm a)
"""
a) Nhiệm vụ ... # không phải chú thích
  tiếp theo
"""

quyết định tuoi_hop_le "Tuổi hợp lệ"
  khi có x.tuoi
  giá trị x.tuoi >= 18 và không (x.a hoặc x.b)
    theo điểm a
    lý do "Đủ tuổi" tiếng anh "Of age"

quyết định tien
  giá trị 1.200.000 đồng + 10.000 * (2 - 1)  # tiền
  yêu cầu x.han trước 01/03/2025
    nếu không thì chuyển hoi_dong
'''

SMALL_ENGLISH = '''document "09/2024/TT-BKHCN"
  titled "Thông tư \\"mẫu\\" \\\\ 1"
  issued 2024-12-27
  in force from 2025-02-10 per clause 1 article 45

# Chương đầu
Chapter II. Quy định chung

Article 3. Giải thích từ ngữ
clause 1.
point a)
"""
a) Nhiệm vụ ... # không phải chú thích
  tiếp theo
"""

decision tuoi_hop_le "Tuổi hợp lệ"
  when given x.tuoi
  value x.tuoi >= 18 and not (x.a or x.b)
    per point a
    reason "Đủ tuổi" english "Of age"

decision tien
  value 1.200.000 VND + 10.000 * (2 - 1)  # tiền
  require x.han before 2025-03-01
    otherwise refer to hoi_dong
'''

EXAMPLE_ENGLISH = """document "09/2024/TT-BKHCN"
  titled "Quy định quản lý nhiệm vụ khoa học và công nghệ cấp tỉnh, cấp cơ sở sử dụng ngân sách nhà nước"
  issued 2024-12-27
  in force from 2025-02-10 per clause 1 article 45

enum Cấp "Cấp quản lý": "tinh" "Cấp tỉnh", "co_so" "Cấp cơ sở"

record Extension "Gia hạn"
  field requested_on: date required "Ngày đề nghị"
  field months: months required "Số tháng"
  field approved_by: text default null "Người phê duyệt"

input "Hồ sơ nhiệm vụ"
  field level: Cấp required "Cấp"
  field extensions: list of Extension default [] "Gia hạn"

authority chu_tich_ubnd "Chủ tịch Ủy ban nhân dân cấp tỉnh"
  english "Chair of the provincial People's Committee"

Chapter II. NHIỆM VỤ CẤP TỈNH

Article 21. Điều chỉnh trong quá trình thực hiện nhiệm vụ
clause 3.
point c)
\"\"\"
c) Gia hạn thời gian thực hiện nhiệm vụ: ...
\"\"\"

decision extension.max_months "Thời gian gia hạn tối đa"
  value if contract.duration_months >= 24 months then 12 months else 6 months

decision extension.length
  for each e in extensions
  subject position(e)
  require e.months at most extension.max_months
    reason "Số tháng gia hạn vượt quá mức tối đa"
    otherwise refer to chu_tich_ubnd
    unless e.approved_by in ["chu_tich_ubnd"]

decision acceptance.submission_deadline
  deadline acceptance.submitted_on: within 30 days from acceptance.implementation_end, rolled forward
    per clause 1 article 24

decision q
  require share(m in council.members where m.present) at least 2/3
      and count(x in xs: x.a) = 1.200.000 VND
  require x.total = 84,5 points
"""  # noqa: E501

# Every kind of item and clause, in the Vietnamese keyword set.
KITCHEN_SINK = """văn bản "X/2025"
  tên "Kiểm thử"
  ban hành 01/01/2025
  có hiệu lực từ 01/02/2025
  mở rộng "09/2024/TT-BKHCN"

danh mục Cấp: "tinh" "Cấp tỉnh", "co_so"

bản ghi Member
  trường name: text
  trường score: điểm mặc định 0 điểm

đầu vào
  trường members: danh sách Member bắt buộc
  trường ngay: date

thẩm quyền hoi_dong "Hội đồng"

thang điểm danh_gia "Đánh giá" theo khoản 2 Điều 20
  tiêu chí noi_dung "Nội dung" tối đa 40 điểm
  tiêu chí khac tối đa 10

định nghĩa tong_diem(m) = tổng(c trong m.criteria: c.score)

Mục 1. HỘI ĐỒNG
Điều 20. Đánh giá
chỉ có văn bản "Chưa mã hóa"

quyết định xep_loai "Xếp loại"
  xác định phạm vi
  kiểm tra hiệu lực
  căn cứ khoản 2 Điều 20
  xét theo ngày ngay
  áp dụng từ 01/03/2025
  đặt t = tong_diem(x) nếu thiếu thì 0
  phân loại
    mức "Đạt" khi t ít nhất 70 theo điểm a khoản 3 lý do "Đủ điểm"
    mức "Không đạt" còn lại
  giải thích "Xếp loại theo tổng điểm" tiếng anh "Graded by total"

quyết định chon
  xếp hạng m trong members mà m.score > 0
    cao nhất m.score lý do "Điểm cao"
    thấp nhất m.age
    ưu tiên khi m.local
    nếu vẫn bằng nhau thì chuyển hoi_dong

quyết định vi_pham
  vi phạm khi ngay sau 31/12/2025 theo Điều 5 của "09/2024/TT-BKHCN"
  chuyển hoi_dong khi không có ngay trừ khi ngay trước 01/01/2025
  ngoại lệ của điểm e, g khoản 7 Điều 7 thứ tự ưu tiên 2
  áp dụng Điều 7 thay a = 1, b = [1, 2,5]
  thay thế khoản 1, 2 Điều 8

quyết định hop
  thời hạn gui_moi: ít nhất 5 ngày làm việc trước ngay_hop
  thời hạn nop: trong vòng 1,5 tháng kể từ ngay, không lùi
  giá trị chọn cap { "tinh" => 1, "co_so", "xa" => 2, còn lại => 3 }
  yêu cầu mọi(m trong members: m.score không trước 0) hoặc thiếu x.y
  yêu cầu a ≤ b và c lớn hơn d và e nhỏ hơn f và g không sau h và i != j và k thuộc l
  yêu cầu m không thuộc n
  giá trị nếu đúng thì sai ngược lại rỗng
  giá trị -(a + b) * -c / 2 - (d - e) + 2025-01-01
"""

FILES = {"example": EXAMPLE, "small": SMALL, "kitchen_sink": KITCHEN_SINK}


def _rule(expr: str) -> str:
    return f"quyết định a\n  giá trị {expr}\n"


# ----------------------------------------------------------------------------- exact layout


def test_small_file_canonical_layout() -> None:
    assert format_text(SMALL) == SMALL_CANONICAL


def test_small_file_in_english() -> None:
    assert format_text(SMALL, keywords="en") == SMALL_ENGLISH


def test_english_back_to_vietnamese() -> None:
    assert format_text(SMALL_ENGLISH, keywords="vi") == SMALL_CANONICAL


def test_english_file_keeps_english_by_default() -> None:
    assert format_text(SMALL_ENGLISH) == SMALL_ENGLISH


def test_example_header_and_headings() -> None:
    lines = format_text(EXAMPLE).split("\n")
    assert lines[:5] == [
        'văn bản "09/2024/TT-BKHCN"',
        '  tên "Quy định quản lý nhiệm vụ khoa học và công nghệ cấp tỉnh, cấp cơ sở sử dụng '
        'ngân sách nhà nước"',
        "  ban hành 27/12/2024",
        "  có hiệu lực từ 10/02/2025 theo khoản 1 Điều 45",
        "",
    ]
    at = lines.index("Chương II. NHIỆM VỤ CẤP TỈNH")
    assert lines[at - 1 : at + 10] == [
        "",
        "Chương II. NHIỆM VỤ CẤP TỈNH",
        "",
        "Điều 21. Điều chỉnh trong quá trình thực hiện nhiệm vụ",
        "khoản 3.",
        "điểm c)",
        '"""',
        "c) Gia hạn thời gian thực hiện nhiệm vụ: ...",
        '"""',
        "",
        'quyết định extension.max_months "Thời gian gia hạn tối đa"',
    ]


def test_blank_lines_between_items() -> None:
    text = (
        'Chương I. A\nMục 1. B\nĐiều 5. X\n"""\na\n"""\nchỉ có văn bản "r"\nkhoản 1.\n'
        "chỉ có văn bản\nđiểm a)\nquyết định q\nđiểm b)\n\n\n\nđịnh nghĩa d = 1\n"
    )
    assert format_text(text) == (
        "Chương I. A\n\nMục 1. B\n\nĐiều 5. X\n"
        '"""\na\n"""\n'
        'chỉ có văn bản "r"\n\n'
        "khoản 1.\nchỉ có văn bản\n\n"
        "điểm a)\n\nquyết định q\n\n"
        "điểm b)\n\nđịnh nghĩa d = 1\n"
    )


def test_example_in_english() -> None:
    assert format_text(EXAMPLE, keywords="en") == EXAMPLE_ENGLISH


def test_kitchen_sink_in_english() -> None:
    out = format_text(KITCHEN_SINK, keywords="en")
    for block in [
        'document "X/2025"\n  titled "Kiểm thử"\n  issued 2025-01-01\n'
        '  in force from 2025-02-01\n  extends "09/2024/TT-BKHCN"\n',
        "record Member\n  field name: text\n  field score: points default 0 points\n",
        'rubric danh_gia "Đánh giá" per clause 2 article 20\n'
        '  criterion noi_dung "Nội dung" maximum 40 points\n  criterion khac maximum 10\n',
        "define tong_diem(m) = sum(c in m.criteria: c.score)\n",
        'Section 1. HỘI ĐỒNG\n\nArticle 20. Đánh giá\ntext only "Chưa mã hóa"\n',
        "  let t = tong_diem(x) if missing then 0\n"
        "  classify\n"
        '    grade "Đạt" when t at least 70\n'
        "      per point a clause 3\n"
        '      reason "Đủ điểm"\n'
        '    grade "Không đạt" otherwise\n',
        "  rank m in members where m.score > 0\n"
        "    highest m.score\n"
        '      reason "Điểm cao"\n'
        "    lowest m.age\n"
        "    prefer m.local\n"
        "    if still tied refer to hoi_dong\n",
        "  refer to hoi_dong when not given ngay\n    unless ngay before 2025-01-01\n",
        "  exception to point e, g clause 7 article 7 priority 2\n",
        "  apply article 7 replacing a = 1, b = [1, 2,5]\n",
        "  overrides clause 1, 2 article 8\n",
        "  deadline gui_moi: at least 5 working days before ngay_hop\n",
        "  deadline nop: within 1,5 months from ngay, not rolled\n",
        '  value match cap { "tinh" => 1, "co_so", "xa" => 2, otherwise => 3 }\n',
        "  require every(m in members: m.score not before 0) or missing x.y\n",
        "  require a ≤ b and c more than d and e less than f and g not after h and i != j "
        "and k in l\n",
        "  require m not in n\n",
        "  value if true then false else null\n",
        "  value -(a + b) * -c / 2 - (d - e) + 2025-01-01\n",
    ]:
        assert block in out


def test_kitchen_sink_vietnamese_layout() -> None:
    out = format_text(KITCHEN_SINK)
    assert (
        "quyết định vi_pham\n"
        "  vi phạm khi ngay sau 31/12/2025\n"
        '    theo Điều 5 của "09/2024/TT-BKHCN"\n'
        "  chuyển hoi_dong khi không có ngay\n"
        "    trừ khi ngay trước 01/01/2025\n"
        "  ngoại lệ của điểm e, g khoản 7 Điều 7 thứ tự ưu tiên 2\n"
        "  áp dụng Điều 7 thay a = 1, b = [1, 2,5]\n"
        "  thay thế khoản 1, 2 Điều 8\n"
    ) in out
    assert "  giá trị -(a + b) * -c / 2 - (d - e) + 01/01/2025\n" in out
    assert 'Mục 1. HỘI ĐỒNG\n\nĐiều 20. Đánh giá\nchỉ có văn bản "Chưa mã hóa"\n' in out


LONG_LINES = (
    'danh mục VaiTrò "Vai trò": "chu_tich" "Chủ tịch", "pho_chu_tich" "Phó Chủ tịch", '
    '"phan_bien" "Ủy viên phản biện", "thu_ky" "Ủy viên thư ký khoa học", "uy_vien" "Ủy viên"\n'
    'thẩm quyền chu_tich_ubnd "Chủ tịch Ủy ban nhân dân cấp tỉnh hoặc người được ủy quyền" '
    'tiếng anh "The Chairperson of the provincial People\'s Committee"\n'
    'định nghĩa ngày_nhận(h) = chọn h.submission.channel { "post" => h.submission.postmarked_on, '
    '"direct" => h.submission.received_on, còn lại => h.submission.recorded_on }\n'
    "quyết định q\n"
    '  yêu cầu tồn tại(m trong hội_đồng.members mà m.present và m.role = "chu_tich") hoặc '
    'tồn tại(m trong hội_đồng.members mà m.present và m.role = "pho_chu_tich") hoặc x\n'
    '    lý do "Không có Chủ tịch, hoặc Phó Chủ tịch được ủy quyền, chủ trì phiên họp" '
    'tiếng anh "Neither the chair nor an authorised vice-chair chaired the meeting"\n'
    "  áp dụng điểm a khoản 4 Điều 7 thay hội_đồng = selection.council, "
    "ngày_họp = selection.council.meeting_on\n"
    "  xếp hạng h trong hs\n"
    "    ưu tiên khi có h.excellent_rating_on và h.excellent_rating_on không trước "
    "ngày_nhận(h) - 3 năm và (a hoặc b)\n"
)

LONG_LINES_CANONICAL = """danh mục VaiTrò "Vai trò":
  "chu_tich" "Chủ tịch", "pho_chu_tich" "Phó Chủ tịch", "phan_bien" "Ủy viên phản biện",
  "thu_ky" "Ủy viên thư ký khoa học", "uy_vien" "Ủy viên"

thẩm quyền chu_tich_ubnd "Chủ tịch Ủy ban nhân dân cấp tỉnh hoặc người được ủy quyền"
  tiếng anh "The Chairperson of the provincial People's Committee"

định nghĩa ngày_nhận(h) = chọn h.submission.channel {
  "post" => h.submission.postmarked_on,
  "direct" => h.submission.received_on,
  còn lại => h.submission.recorded_on
}

quyết định q
  yêu cầu tồn tại(m trong hội_đồng.members mà m.present và m.role = "chu_tich")
      hoặc tồn tại(m trong hội_đồng.members mà m.present và m.role = "pho_chu_tich")
      hoặc x
    lý do "Không có Chủ tịch, hoặc Phó Chủ tịch được ủy quyền, chủ trì phiên họp"
      tiếng anh "Neither the chair nor an authorised vice-chair chaired the meeting"
  áp dụng điểm a khoản 4 Điều 7
    thay hội_đồng = selection.council, ngày_họp = selection.council.meeting_on
  xếp hạng h trong hs
    ưu tiên khi có h.excellent_rating_on
        và h.excellent_rating_on không trước ngày_nhận(h) - 3 năm
        và (a hoặc b)
"""


def test_long_lines_are_broken_where_the_grammar_allows() -> None:
    out = format_text(LONG_LINES)
    assert out == LONG_LINES_CANONICAL
    assert parse(out) == parse(LONG_LINES)
    assert format_text(out) == out


# ----------------------------------------------------------------------------- properties


@pytest.mark.parametrize("name", sorted(FILES))
@pytest.mark.parametrize("keywords", [None, "vi", "en"])
def test_round_trip_and_idempotence(name: str, keywords: str | None) -> None:
    text = FILES[name]
    out = format_text(text, keywords=keywords)  # type: ignore[arg-type]
    assert parse(out) == parse(text)
    assert format_text(out) == out
    assert format_text(out, keywords=keywords) == out  # type: ignore[arg-type]


@pytest.mark.parametrize("name", sorted(FILES))
def test_vietnamese_english_vietnamese(name: str) -> None:
    text = FILES[name]
    english = format_text(text, keywords="en")
    back = format_text(english, keywords="vi")
    assert parse(back) == parse(english) == parse(text)
    assert back == format_text(text, keywords="vi")


def test_output_ends_with_one_newline_and_no_trailing_spaces() -> None:
    for text in FILES.values():
        for keywords in ("vi", "en"):
            out = format_text(text, keywords=keywords)  # type: ignore[arg-type]
            assert out.endswith("\n") and not out.endswith("\n\n")
            assert all(line == line.rstrip() for line in out.split("\n"))


def test_empty_file() -> None:
    assert format_text("") == ""
    assert format_text("\n\n  \n") == ""


def test_bad_file_raises_reg_error() -> None:
    with pytest.raises(RuleSyntaxError):
        format_text("quyết định\n")


def test_bad_keywords_argument() -> None:
    with pytest.raises(ValueError, match="keywords"):
        format_document(parse(SMALL), keywords="fr")  # type: ignore[arg-type]


# ----------------------------------------------------------------------------- expressions


@pytest.mark.parametrize(
    ("source", "canonical"),
    [
        ("(a + b) * c", "(a + b) * c"),
        ("a + (b * c)", "a + b * c"),
        ("a - (b - c)", "a - (b - c)"),
        ("(a - b) - c", "a - b - c"),
        ("a / (b / c)", "a / (b / c)"),
        ("x/2", "x / 2"),
        ("(a + b) / 2", "(a + b) / 2"),
        ("(1/2)/2024", "1/2 / 2024"),
        ("x / -2", "x / -2"),
        ("2/3", "2/3"),
        ("2 / 3 * x", "2/3 * x"),
        ("-(-a)", "--a"),
        ("-(a * b)", "-(a * b)"),
        ("(-a) * b", "-a * b"),
        ("(a hoặc b) và c", "(a hoặc b) và c"),
        ("a hoặc (b và c)", "a hoặc b và c"),
        ("a hoặc (b hoặc c)", "a hoặc (b hoặc c)"),
        ("không (a = b)", "không a = b"),
        ("không (a và b)", "không (a và b)"),
        ("không không a", "không không a"),
        ("(a = b) = c", "(a = b) = c"),
        ("(a thuộc b) = đúng", "(a thuộc b) = đúng"),
        ("a trong b", "a thuộc b"),
        ("có (a + b)", "có a + b"),
        ("thiếu (a = b)", "thiếu (a = b)"),
        ("(a nếu thiếu thì b) nếu thiếu thì c", "a nếu thiếu thì b nếu thiếu thì c"),
        ("a nếu thiếu thì (b nếu thiếu thì c)", "a nếu thiếu thì (b nếu thiếu thì c)"),
        ("a nếu thiếu thì (b hoặc c)", "a nếu thiếu thì b hoặc c"),
        ("(a nếu thiếu thì b) hoặc c", "(a nếu thiếu thì b) hoặc c"),
        ("(nếu a thì b ngược lại c) + 1", "(nếu a thì b ngược lại c) + 1"),
        (
            "nếu a thì b ngược lại (nếu c thì d ngược lại e)",
            "nếu a thì b ngược lại nếu c thì d ngược lại e",
        ),
        (
            "nếu (nếu a thì b ngược lại c) thì d ngược lại e",
            "nếu nếu a thì b ngược lại c thì d ngược lại e",
        ),
        ("f((a), [ (b) ])", "f(a, [b])"),
        ("((x))", "x"),
        ("x ≠ 1", "x ≠ 1"),
        ("x ≥ 1 và y <= 2", "x ≥ 1 và y <= 2"),
        ("x KHÔNG QUÁ 1", "x không quá 1"),
        ("lớn nhất(m trong ms: m.a)", "lớn nhất(m trong ms: m.a)"),
        ("chọn x { 1 => 2, còn lại => (3) }", "chọn x { 1 => 2, còn lại => 3 }"),
    ],
)
def test_expression_layout(source: str, canonical: str) -> None:
    out = format_text(_rule(source))
    assert out == _rule(canonical)
    assert parse(out) == parse(_rule(source))


@pytest.mark.parametrize(
    ("source", "canonical"),
    [
        ("10000", "10.000"),
        ("10.000", "10.000"),
        ("9999", "9999"),
        ("1.200", "1200"),
        ("2024", "2024"),
        ("1234567,25", "1.234.567,25"),
        ("0,50", "0,5"),
        ("84,5 điểm", "84,5 điểm"),
        ("007", "7"),
    ],
)
def test_numbers(source: str, canonical: str) -> None:
    assert format_text(_rule(source)) == _rule(canonical)


@pytest.mark.parametrize(
    ("source", "vi", "en"),
    [
        ("x không quá y", "x không quá y", "x at most y"),
        ("x trước 1/2/2025", "x trước 01/02/2025", "x before 2025-02-01"),
        ("x not after 2025-02-01", "x không sau 01/02/2025", "x not after 2025-02-01"),
        ("x <= 1", "x <= 1", "x <= 1"),
        ("x belongs to y", "x thuộc y", "x in y"),
        ("x not in y", "x không thuộc y", "x not in y"),
        ("3 working days", "3 ngày làm việc", "3 working days"),
        ("1 day + 2 month + 3 year", "1 ngày + 2 tháng + 3 năm", "1 days + 2 months + 3 years"),
        ("5 vnd", "5 đồng", "5 VND"),
        ("trung bình(x trong xs)", "trung bình(x trong xs)", "mean(x in xs)"),
        ("tồn tại(x trong xs mà x.a)", "tồn tại(x trong xs mà x.a)", "some(x in xs where x.a)"),
        ("gom(x in xs: x.b)", "gom(x trong xs: x.b)", "collect(x in xs: x.b)"),
    ],
)
def test_keyword_words_in_both_sets(source: str, vi: str, en: str) -> None:
    text = _rule(source)
    assert format_text(text, keywords="vi") == _rule(vi)
    assert format_text(text, keywords="en") == f"decision a\n  value {en}\n"


def test_strings_are_requoted() -> None:
    text = 'quyết định a "tên \\"x\\" \\\\ y \\z"\n'
    out = format_text(text)
    assert out == 'quyết định a "tên \\"x\\" \\\\ y z"\n'
    assert parse(out).items[0] == parse(text).items[0]


def test_hand_built_numbers() -> None:
    def value(e: ast.Expr) -> str:
        doc = ast.Document(
            file="<t>",
            source="",
            header=None,
            items=(ast.Rule("a", None, (ast.Value(e, None, None),)),),
        )
        return format_document(doc).split("\n")[1].removeprefix("  giá trị ")

    assert value(ast.Num(Fraction(2, 3))) == "(2/3)"
    assert value(ast.Num(Fraction(1, 20))) == "0,05"
    assert value(ast.Num(Fraction(-5))) == "-5"
    assert value(ast.BinOp("*", ast.Num(Fraction(-5)), ast.Name(("x",)))) == "-5 * x"
    assert value(ast.BinOp("/", ast.Num(Fraction(2)), ast.Num(Fraction(3)))) == "2/3"
    assert value(ast.Quantity(Fraction(3, 2), "months")) == "1,5 tháng"
    assert value(ast.DateLit(dt.date(999, 1, 2))) == "02/01/0999"
    # A value that is not a finite decimal parses back as the division it was printed as.
    printed = value(ast.Num(Fraction(2, 3)))
    assert parse(_rule(printed)).items[0] == parse(_rule("2/3")).items[0]


def test_hand_built_unprintable_values() -> None:
    rule = ast.Rule("a", None, (ast.Value(ast.Str("two\nlines"), None, None),))
    doc = ast.Document(file="<t>", source="", header=None, items=(rule,))
    with pytest.raises(ValueError, match="line break"):
        format_document(doc)


def test_deep_expression_is_a_reg_error_not_a_crash() -> None:
    # A hand-built AST deeper than Python's recursion limit.
    e: ast.Expr = ast.Name(("x",))
    for _ in range(5000):
        e = ast.Not(e)
    doc = ast.Document(
        file="<t>", source="", header=None, items=(ast.Rule("a", None, (ast.When(e),)),)
    )
    with pytest.raises(RegError):
        format_document(doc)


# ----------------------------------------------------------------------------- comments

COMMENTED = '''# file comment
văn bản "X" # after the document number
  # before the title
  tên "T # not a comment"
# before the rule
quyết định a "lbl # not a comment"
  # before when
  khi x > 1 # trailing on when
  giá trị 1
    # inside the value clause
    lý do "r"
  phân loại
    # before a rung
    mức "A" khi s >= 90
    mức "B" còn lại # trailing on a rung
bản ghi R
  # before a field
  trường a: chuỗi
Điều 5. Title # part of the title
"""
# law text, not a comment
"""
# at the end
'''

COMMENTED_CANONICAL = '''# file comment
văn bản "X"  # after the document number
  # before the title
  tên "T # not a comment"

# before the rule
quyết định a "lbl # not a comment"
  # before when
  khi x > 1  # trailing on when
  # inside the value clause
  giá trị 1
    lý do "r"
  phân loại
    # before a rung
    mức "A" khi s >= 90
    mức "B" còn lại  # trailing on a rung

bản ghi R
  # before a field
  trường a: chuỗi

Điều 5. Title # part of the title
"""
# law text, not a comment
"""

# at the end
'''


def test_comments_are_kept_before_their_unit() -> None:
    assert format_text(COMMENTED) == COMMENTED_CANONICAL
    assert format_text(COMMENTED_CANONICAL) == COMMENTED_CANONICAL
    assert parse(COMMENTED_CANONICAL) == parse(COMMENTED)


def test_comments_survive_keyword_conversion() -> None:
    english = format_text(COMMENTED, keywords="en")
    comments = [ln.strip() for ln in COMMENTED_CANONICAL.split("\n") if ln.lstrip().startswith("#")]
    assert [ln.strip() for ln in english.split("\n") if ln.lstrip().startswith("#")] == comments
    assert "  # before a field\n  field a: text\n" in english
    assert "  when x > 1  # trailing on when\n" in english
    assert format_text(english, keywords="vi") == COMMENTED_CANONICAL


CHAIN_COMMENTS = """định nghĩa so_sánh =
  acceptance.score không quá 100 điểm            # <=
  và acceptance.score ít nhất 70 điểm             # >=
  # dates
  và contract.signed_on trước contract.end        # <
"""


def test_comments_on_chain_operands_stay_on_their_lines() -> None:
    out = format_text(CHAIN_COMMENTS)
    assert out == (
        "định nghĩa so_sánh = acceptance.score không quá 100 điểm  # <=\n"
        "    và acceptance.score ít nhất 70 điểm  # >=\n"
        "    # dates\n"
        "    và contract.signed_on trước contract.end  # <\n"
    )
    assert format_text(out) == out
    assert parse(out) == parse(CHAIN_COMMENTS)


@pytest.mark.parametrize(
    ("source", "canonical"),
    [
        # A comment after a short chain stays after it, on one line.
        ("định nghĩa a = x > 1 và y < 2  # all\n", "định nghĩa a = x > 1 và y < 2  # all\n"),
        # Only the first operand has a comment: it ends the unit's line.
        ("định nghĩa a =\n  x > 1  # one\n  và y < 2\n", "định nghĩa a = x > 1 và y < 2  # one\n"),
        # After the rule's name, the clause on the same line gets the comment.
        ("quyết định q khi a # c\n", "quyết định q\n  khi a  # c\n"),
        # A comment on a continuation line moves before its unit.
        (
            'quyết định q\n  giá trị 1\n    lý do "r" # c\n',
            'quyết định q\n  # c\n  giá trị 1\n    lý do "r"\n',
        ),
        # Not into a law text block, nor into a heading's title.
        ('"""\na\n"""  # c\n', '# c\n"""\na\n"""\n'),
        ('"""a"""  # c\n', '# c\n"""\na\n"""\n'),
        ("khoản 3. # c\nđiểm a) # d\n", "khoản 3.  # c\nđiểm a)  # d\n"),
    ],
)
def test_comments_after_code(source: str, canonical: str) -> None:
    out = format_text(source)
    assert out == canonical
    assert format_text(out) == out
    assert parse(out) == parse(source)


def test_comment_only_file() -> None:
    assert format_text("# one\n   # two  \n") == "# one\n# two\n"
    assert format_text("# one\n\n\n   # two  \n\n") == "# one\n\n# two\n"


def test_comment_between_headings_stays_between_them() -> None:
    text = "Điều 1. A\n# about khoản 2\nkhoản 2.\n"
    assert format_text(text) == "Điều 1. A\n# about khoản 2\nkhoản 2.\n"


def test_english_file_with_a_vietnamese_looking_field_name_stays_english() -> None:
    text = 'input "Dossier"\n  field ngày: date required\n'
    assert format_text(text) == text


def test_windows_line_endings() -> None:
    text = 'quyết định a # c\r\n  giá trị 1\r\n\r\nĐiều 5. X\r\n"""\r\n  a\r\n  b\r\n"""\r\n'
    out = format_text(text)
    assert out == 'quyết định a  # c\n  giá trị 1\n\nĐiều 5. X\n"""\na\nb\n"""\n'
    assert parse(out) == parse(text)


# ----------------------------------------------------------------------------- keywords on one line

OTHERWISE_THEN_REFER = """quyết định a
  phân loại
    mức 1 còn lại
  chuyển x khi y
"""


def test_otherwise_before_refer_in_english() -> None:
    # "grade 1 otherwise" then "refer to …" on the next line: the grammar keeps multi-word
    # keywords on one line, so this does not read as "otherwise refer to".
    english = format_text(OTHERWISE_THEN_REFER, keywords="en")
    assert english.endswith("    grade 1 otherwise\n  refer to x when y\n")
    assert parse(english) == parse(OTHERWISE_THEN_REFER)


# ----------------------------------------------------------------------------- the project's files

ROOT = Path(__file__).resolve().parent.parent
PROJECT_FILES = sorted(
    p.relative_to(ROOT).as_posix()
    for pattern in ("docs/examples/*.reg", "regulations/**/*.reg", "examples/**/*.reg")
    for p in ROOT.glob(pattern)
)


@pytest.mark.parametrize("name", PROJECT_FILES)
def test_project_files_round_trip(name: str) -> None:
    text = (ROOT / name).read_text(encoding="utf-8")
    try:
        doc = parse(text, file=name)
    except RegError:
        pytest.skip(f"{name} does not parse (not fmt's business)")
    out = format_document(doc)
    assert parse(out, file=name) == doc
    assert format_text(out, file=name) == out
    english = format_document(doc, keywords="en")
    assert parse(english, file=name) == doc
    assert format_text(english, file=name, keywords="vi") == format_document(doc, keywords="vi")
    # Every comment on a line of its own is still one (comments after code stay after code,
    # or move to a line of their own before their unit).
    comments = Counter(ln.strip() for ln in text.split("\n") if ln.lstrip().startswith("#"))
    kept = Counter(ln.strip() for ln in out.split("\n") if ln.lstrip().startswith("#"))
    assert not comments - kept
    # Nothing else holding a "#" (strings, titles, law text) is lost or doubled either.
    assert out.count("#") == text.count("#")


def test_long_rule_label_puts_its_english_on_the_next_line() -> None:
    label = "Thời gian thông báo tuyển chọn tổ chức, cá nhân thực hiện nhiệm vụ"
    src = f'quyết định call.period "{label}" tiếng anh "Length of the call for applications"\n'
    src += "  giá trị 1\n"
    out = format_text(src)
    assert out.splitlines()[:2] == [
        f'quyết định call.period "{label}"',
        '  tiếng anh "Length of the call for applications"',
    ]
    assert format_text(out) == out
