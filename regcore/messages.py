"""The message catalogue: every diagnostic's text, in Vietnamese and English, in one place.

Codes are stable: E1xx syntax, E2xx names and the law's structure, E3xx types and units,
W4xx lint. Placeholders ({name}) are filled from the diagnostic's arguments; a placeholder
ending in ``_en`` carries the English form of the same value.
"""

from __future__ import annotations

from attrs import frozen

__all__ = ["CATALOGUE", "Message"]


@frozen
class Message:
    vi: str
    en: str
    hint_vi: str | None = None
    hint_en: str | None = None
    label_vi: str | None = None
    label_en: str | None = None

    def message(self, lang: str) -> str:
        return self.en if lang == "en" else self.vi

    def hint(self, lang: str) -> str | None:
        return self.hint_en if lang == "en" else self.hint_vi

    def label(self, lang: str) -> str | None:
        return self.label_en if lang == "en" else self.label_vi


CATALOGUE: dict[str, Message] = {
    # ------------------------------------------------------------------ E1xx syntax
    "E100": Message(
        "Không đọc được {found} ở đây",
        "Unexpected {found_en} here",
        "ở chỗ này cần: {expected}",
        "expected here: {expected_en}",
        "không mong đợi",
        "unexpected",
    ),
    "E101": Message(
        "Ký tự «{char}» không dùng được ở đây",
        "The character «{char}» cannot be used here",
        "ở chỗ này cần: {expected}",
        "expected here: {expected_en}",
    ),
    "E102": Message(
        'Khối văn bản """ chưa được đóng',
        'Text block """ is never closed',
        'đóng khối văn bản bằng """ ở cuối đoạn trích luật',
        'close the text block with """ after the quoted law text',
        'mở ở đây',
        'opened here',
    ),
    "E103": Message(
        "Chuỗi chưa được đóng ngoặc kép",
        "Quoted text is never closed",
        'chuỗi phải nằm trên một dòng, mở và đóng bằng "…"; dùng """…""" cho văn bản nhiều dòng',
        'quoted text stays on one line, between "…"; use """…""" for text on several lines',
    ),
    "E104": Message(
        "Thiếu «thì» sau điều kiện",
        "Missing «then» after the condition",
        "nếu … thì … ngược lại …",
        "if … then … else …",
        "ở đây cần từ khóa «thì»",
        "«then» is needed here",
    ),
    "E105": Message(
        "Số thập phân {found} dùng dấu chấm",
        "The decimal number {found} is written with a point",
        "viết số thập phân với dấu phẩy: {fixed}; dấu chấm chỉ để phân cách hàng nghìn "
        "(1.200.000.000)",
        "write decimals with a comma: {fixed}; a point only groups thousands (1.200.000.000)",
    ),
    "E106": Message(
        "Tệp kết thúc giữa chừng",
        "The file ends too early",
        "ở cuối tệp còn thiếu: {expected}",
        "still missing at the end of the file: {expected_en}",
    ),
    "E107": Message(
        "Thiếu «ngược lại» trong biểu thức nếu … thì …",
        "Missing «else» in an if … then … expression",
        "nếu … thì … ngược lại …: biểu thức điều kiện phải có cả hai nhánh",
        "if … then … else …: a conditional expression needs both branches",
    ),
    "E108": Message(
        "Thời hạn viết chưa đúng mẫu",
        "A deadline is not written in the expected form",
        "thời hạn <việc>: trong vòng N ngày kể từ <sự kiện>, lùi sang ngày làm việc  —  hoặc  "
        "thời hạn <việc>: ít nhất N ngày làm việc trước <cuộc họp>",
        "deadline <act>: within N days from <event>, rolled forward  —  or  "
        "deadline <act>: at least N working days before <meeting>",
    ),
    "E109": Message(
        "Tiêu đề {found} thiếu dấu chấm sau số",
        "The heading {found_en} needs a period after its number",
        "viết như văn bản luật: «Điều 21. Điều chỉnh …», «khoản 3.»; không có dấu chấm thì đó là "
        "một trích dẫn, chỉ dùng sau «theo», «căn cứ», «áp dụng»",
        "write it as the law does: «Article 21. Title», «clause 3.»; without the period it is a "
        "reference, which only follows «per», «citing» or «apply»",
    ),
    "E110": Message(
        "Tiêu đề điểm {found} thiếu dấu đóng ngoặc",
        "The point heading {found_en} needs a closing parenthesis",
        "viết như văn bản luật: «điểm c)»",
        "write it as the law does: «point c)»",
    ),
    "E111": Message(
        "Ngày {date} không có thật",
        "{date} is not a real date",
        "viết ngày theo dạng dd/mm/yyyy (27/12/2024) hoặc yyyy-mm-dd (2024-12-27)",
        "write dates as dd/mm/yyyy (27/12/2024) or yyyy-mm-dd (2024-12-27)",
    ),
    "E112": Message(
        "Sau số {found} cần một đơn vị thời gian",
        "A unit of time is needed, not {found_en}",
        "ngày, ngày làm việc, tháng hoặc năm",
        "days, working days, months or years",
    ),
    "E113": Message(
        "Thiếu «kể từ» trong thời hạn",
        "Missing «from» in the deadline",
        "trong vòng 30 ngày kể từ <sự kiện>",
        "within 30 days from <event>",
    ),
    "E114": Message(
        "Thiếu biểu thức trước {found}",
        "An expression is missing before {found_en}",
        "mỗi mệnh đề (khi, giá trị, yêu cầu, …) phải có nội dung ngay sau từ khóa của nó",
        "each clause (when, value, require, …) needs its content right after its keyword",
    ),
    "E120": Message(
        "Biểu thức lồng quá sâu",
        "The expression is nested too deeply",
        "tách biểu thức thành các định nghĩa nhỏ hơn",
        "split the expression into smaller definitions",
    ),
}
