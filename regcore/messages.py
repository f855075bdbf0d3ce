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
    # Used instead of the hint when its "suggestion" argument is empty (nothing close).
    alt_vi: str | None = None
    alt_en: str | None = None

    def message(self, lang: str) -> str:
        return self.en if lang == "en" else self.vi

    def hint(self, lang: str, args: dict[str, str] | None = None) -> str | None:
        if args is not None and args.get("suggestion") == "" and (self.alt_vi or self.alt_en):
            return self.alt_en if lang == "en" else self.alt_vi
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
        "mở ở đây",
        "opened here",
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
        "ở đây cần «ngược lại …»",
        "«else …» is needed here",
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
        "Sau số cần một đơn vị thời gian, không phải {found}",
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
    # ------------------------------------------------------------------ E2xx names, structure
    "E201": Message(
        "Điều {n} xuất hiện hai lần",
        "Article {n} appears twice",
        "Điều {n} đã có ở dòng {line}; mỗi Điều chỉ viết một lần, các khoản đặt dưới nó",
        "Article {n} is already at line {line}; write each article once, with its clauses under it",
    ),
    "E202": Message(
        "Khoản {n} Điều {article} xuất hiện hai lần",
        "Clause {n} of Article {article} appears twice",
        "khoản {n} đã có ở dòng {line}",
        "clause {n} is already at line {line}",
    ),
    "E203": Message(
        "«{letter}» không phải chữ cái đánh số điểm",
        "«{letter}» is not a letter used to number points",
        "các điểm được đánh số a, b, c, d, đ, e, g, h, i, k, l … (không có f, j)",
        "points are lettered a, b, c, d, đ, e, g, h, i, k, l … (no f, j)",
    ),
    "E204": Message(
        "{what} nằm ngoài Điều nào",
        "{what_en} is not inside an article",
        "đặt khoản dưới một «Điều N.» và điểm dưới một «khoản N.»",
        "put clauses under an «Article N.» and points under a «clause N.»",
    ),
    "E205": Message(
        "Quyết định «{id}» không có căn cứ pháp lý",
        "Decision «{id}» cites no provision",
        "đặt quyết định dưới Điều, khoản, điểm mà nó thể hiện, hoặc thêm «căn cứ khoản … Điều …»",
        "put the decision under the article, clause or point it encodes, or add "
        "«citing clause … article …»",
    ),
    "E206": Message(
        "Tên «{name}» đã được khai báo",
        "The name «{name}» is already declared",
        "mỗi kiểu, danh mục, trường, thẩm quyền, định nghĩa phải có một tên riêng",
        "each type, enum, field, authority and definition needs a name of its own",
    ),
    "E207": Message(
        "Hai quy tắc cùng quyết định «{id}» mà không khai báo ngoại lệ",
        "Two rules decide «{id}» and neither is declared an exception",
        "quy tắc kia ở {file}:{line}; thêm «ngoại lệ của …» vào một trong hai, hoặc cho hai "
        'quy tắc điều kiện «khi» loại trừ nhau (ví dụ level = "tinh" và level = "co_so")',
        "the other rule is at {file}:{line}; add «exception to …» to one of them, or give them "
        '«when» conditions that exclude each other (e.g. level = "tinh" and level = "co_so")',
    ),
    "E208": Message(
        'Giá trị "{value}" lặp lại trong danh mục {name}',
        'The value "{value}" is repeated in enum {name}',
        "mỗi giá trị của danh mục chỉ viết một lần",
        "write each value of an enum once",
    ),
    "E209": Message(
        "Số chương «{number}» không phải số La Mã",
        "Chapter number «{number}» is not a Roman numeral",
        "chương được đánh số La Mã: I, II, III, IV …",
        "chapters are numbered in Roman numerals: I, II, III, IV …",
    ),
    "E210": Message(
        "Không tìm thấy tên «{name}»",
        "Unknown name «{name}»",
        "có phải ý bạn là: {suggestion}",
        "did you mean: {suggestion}",
        "không có trong đầu vào, định nghĩa hay quyết định nào",
        "not an input, a definition or a decision",
        "khai báo nó trong «đầu vào» (hoặc một «bản ghi»), hay viết «định nghĩa» hoặc "
        "«quyết định» cho nó",
        "declare it in the «input» (or a «record»), or write a «define» or a «decision» for it",
    ),
    "E211": Message(
        "«{type}» không có trường «{field}»",
        "«{type}» has no field «{field}»",
        "có phải ý bạn là: {suggestion}",
        "did you mean: {suggestion}",
        None,
        None,
        "xem các trường đã khai báo của «{type}»",
        "see the fields declared for «{type}»",
    ),
    "E212": Message(
        "Không lấy trường «{field}» từ một danh sách ({type}) được",
        "Cannot take the field «{field}» of a list ({type_en})",
        "dùng «với mỗi x trong …» hoặc một phép gộp: đếm(x trong …), mọi(x trong …: …)",
        "use «for each x in …» or an aggregate: count(x in …), every(x in …: …)",
    ),
    "E213": Message(
        "Quyết định «{id}» được đưa ra cho từng phần tử",
        "Decision «{id}» is decided for each element",
        "chỉ rõ phần tử: {id}(x)",
        "name the element: {id}(x)",
    ),
    "E215": Message(
        "Không có kiểu «{name}»",
        "Unknown type «{name}»",
        "có phải ý bạn là: {suggestion}; kiểu có sẵn: chuỗi, số, số_nguyên, đúng_sai, "
        "ngày_tháng, và các đơn vị ngày, tháng, năm, điểm, đồng",
        "did you mean: {suggestion}; built-in types: text, number, integer, bool, date, and the "
        "units days, months, years, points, VND",
        None,
        None,
        "kiểu có sẵn: chuỗi, số, số_nguyên, đúng_sai, ngày_tháng, và các đơn vị ngày, tháng, năm, "
        "điểm, đồng; hoặc một danh mục, bản ghi đã khai báo",
        "built-in types: text, number, integer, bool, date, and the units days, months, years, "
        "points, VND; or a declared enum or record",
    ),
    "E220": Message(
        "{ref} không có trong văn bản {document}",
        "{ref_en} does not exist in {document}",
        "{near}",
        "{near_en}",
    ),
    "E221": Message(
        "Không có quy tắc nào tại {ref} để áp dụng",
        "There is no rule at {ref_en} to apply",
        "«áp dụng» dùng lại một quy tắc đã viết dưới điều khoản được dẫn chiếu",
        "«apply» reuses a rule written under the provision it refers to",
    ),
    "E222": Message(
        "Tại {ref} có nhiều quy tắc ({ids}): không rõ áp dụng quy tắc nào",
        "Several rules stand at {ref_en} ({ids}): which one applies is unclear",
        "dẫn chiếu đến điểm hoặc khoản cụ thể hơn",
        "refer to a more precise point or clause",
    ),
    "E223": Message(
        "Quy tắc «{id}» không có giá trị «{name}» để thay",
        "Rule «{id}» has no value «{name}» to replace",
        "chỉ thay được các tên đặt bằng «đặt» trong quy tắc được áp dụng; có phải ý bạn là: "
        "{suggestion}",
        "only names set with «let» in the applied rule can be replaced; did you mean: {suggestion}",
    ),
    "E224": Message(
        "Tại {ref} không có quy tắc nào quyết định «{id}» để làm ngoại lệ",
        "No rule at {ref_en} decides «{id}», so this cannot be an exception to it",
        "ngoại lệ phải dẫn chiếu đến quy tắc chung cùng quyết định",
        "an exception refers to the general rule of the same decision",
    ),
    "E225": Message(
        "Dẫn chiếu thiếu Điều",
        "The reference names no article",
        "dẫn chiếu rút gọn («điểm a», «khoản 2») chỉ dùng được bên trong một Điều; ở đây hãy ghi "
        "đủ: «điểm a khoản 2 Điều 11»",
        "a short reference («point a», «clause 2») only works inside an article; write it in "
        "full here: «point a clause 2 article 11»",
    ),
    "E226": Message(
        "Không có văn bản «{document}» trong các tệp đã nạp",
        "The document «{document}» is not among the loaded files",
        "kiểm tra số hiệu văn bản sau «mở rộng», và kiểm tra văn bản gốc cùng tệp mở rộng nó: "
        "regcore check gốc.reg tỉnh.reg",
        "check the document number after «extends», and check the base document together "
        "with the file that extends it: regcore check base.reg local.reg",
    ),
    "E230": Message(
        "Định nghĩa vòng tròn: {cycle}",
        "Circular definition: {cycle}",
        "một giá trị không được phụ thuộc vào chính nó",
        "a value cannot depend on itself",
    ),
    "E240": Message(
        "Quy tắc «{id}» không quyết định điều gì",
        "Rule «{id}» decides nothing",
        "thêm ít nhất một mệnh đề: giá trị, yêu cầu, vi phạm khi, chuyển … khi, thời hạn, phân "
        "loại, xếp hạng hoặc áp dụng",
        "add at least one clause: value, require, violated when, refer to … when, deadline, "
        "classify, rank or apply",
    ),
    "E241": Message(
        "Quy tắc «{id}» có hơn một thời hạn",
        "Rule «{id}» has more than one deadline",
        "mỗi thời hạn là một quyết định riêng, với mã riêng",
        "each deadline is a decision of its own, with its own id",
    ),
    "E242": Message(
        "«đối tượng» chỉ dùng sau «với mỗi»",
        "«subject» only follows «for each»",
        "với mỗi e trong extensions  đối tượng vị_trí(e)",
        "for each e in extensions  subject position(e)",
    ),
    # ------------------------------------------------------------------ E3xx types and units
    "E301": Message(
        "Không cộng {unit} vào một ngày được",
        "Cannot add {unit_en} to a date",
        "một ngày chỉ cộng với ngày, ngày làm việc, tháng hoặc năm (ngày + 3 tháng là một ngày)",
        "a date only adds days, working days, months or years (date + 3 months is a date)",
    ),
    "E302": Message(
        "Trộn ngày và ngày làm việc: {left} với {right}",
        "Calendar days and working days mixed: {left_en} with {right_en}",
        "ngày làm việc bỏ qua ngày nghỉ; đổi một bên cho cùng đơn vị",
        "working days skip days off; use the same unit on both sides",
    ),
    "E303": Message(
        "Không so sánh {left} với {right} được",
        "Cannot compare {left_en} with {right_en}",
        "hai vế của phép so sánh phải cùng loại (ngày với ngày, số với số)",
        "both sides of a comparison must be of one kind (date with date, number with number)",
    ),
    "E304": Message(
        "Ở đây cần một điều kiện đúng/sai, không phải {type}",
        "A true/false condition is needed here, not {type_en}",
        "viết một phép so sánh, ví dụ: x >= 70 điểm, hoặc «có x»",
        "write a comparison, for example: x >= 70 points, or «given x»",
    ),
    "E305": Message(
        '"{value}" không thuộc danh mục {enum}',
        '"{value}" is not a value of {enum}',
        "có phải ý bạn là: {suggestion}; các giá trị: {allowed}",
        "did you mean: {suggestion}; the values are: {allowed}",
        None,
        None,
        "các giá trị: {allowed}",
        "the values are: {allowed}",
    ),
    "E306": Message(
        "Phép tính «{op}» không dùng được cho {left} và {right}",
        "The operation «{op}» does not apply to {left_en} and {right_en}",
        "chỉ cộng, trừ số với số cùng đơn vị, hoặc ngày với một khoảng thời gian",
        "only numbers of one unit, or a date and a period, can be added or subtracted",
    ),
    "E307": Message(
        "Ở đây cần {want}, không phải {type}",
        "{want_en} is needed here, not {type_en}",
        "thời hạn tính từ một ngày đến một ngày",
        "a deadline runs from a date to a date",
    ),
    "E308": Message(
        "Thời hạn tính bằng {unit} phải nói rõ có lùi sang ngày làm việc hay không",
        "A period in {unit_en} must say whether it is rolled forward to a working day",
        "thêm «, lùi sang ngày làm việc» (khoản 5 Điều 148 Bộ luật Dân sự) hoặc «, không lùi»",
        "add «, rolled forward» (clause 5, Article 148 of the Civil Code) or «, not rolled»",
    ),
    "E309": Message(
        "Thời hạn tính bằng ngày làm việc không lùi được",
        "A period in working days cannot be rolled forward",
        "ngày cuối của thời hạn tính bằng ngày làm việc luôn là ngày làm việc; bỏ «lùi sang ngày "
        "làm việc»",
        "the last day of a period in working days is always a working day; remove «rolled forward»",
    ),
    "E310": Message(
        "Đơn vị không khớp: {left} với {right}",
        "Units do not match: {left_en} with {right_en}",
        "hai vế phải cùng đơn vị (điểm với điểm, tháng với tháng, đồng với đồng)",
        "both sides need the same unit (points with points, months with months, VND with VND)",
    ),
    "E311": Message(
        "«{name}» cần {want} đối số, ở đây có {got}",
        "«{name}» takes {want} argument(s), {got} given",
        None,
        None,
    ),
    "E312": Message(
        "Ở đây cần một danh sách, không phải {type}",
        "A list is needed here, not {type_en}",
        "«với mỗi», «xếp hạng», «thuộc» và các phép gộp đi qua một danh sách",
        "«for each», «rank», «in» and aggregates go through a list",
    ),
    "E313": Message(
        "Ở đây cần một thẩm quyền (hoặc thang điểm) đã khai báo, không phải {type}",
        "A declared authority (or rubric) is needed here, not {type_en}",
        "đã khai báo: {suggestion}",
        "declared: {suggestion}",
    ),
    "E314": Message(
        "Phép gộp «{op}» cần giá trị sau dấu «:»",
        "The aggregate «{op}» needs a value after «:»",
        "tổng(b trong ballots: b.total)",
        "sum(b in ballots: b.total)",
    ),
    "E316": Message(
        "Không sắp xếp hay tính toán được trên {type}",
        "Cannot order or compute with {type_en}",
        "ở đây cần một số hoặc một ngày",
        "a number or a date is needed here",
    ),
    "E317": Message(
        "«vị_trí» cần tên của phần tử đang xét",
        "«position» needs the name of the element at hand",
        "với mỗi e trong extensions  đối tượng vị_trí(e)",
        "for each e in extensions  subject position(e)",
    ),
    "E318": Message(
        "Không nhân hai đại lượng có đơn vị: {left} × {right}",
        "Cannot multiply two quantities with units: {left_en} × {right_en}",
        "nhân một đại lượng với một số không đơn vị: thời_gian * 2",
        "multiply a quantity by a plain number: duration * 2",
    ),
    "E319": Message(
        "Thời hạn báo trước tính bằng {unit}",
        "A notice period given in {unit_en}",
        "«ít nhất N … trước» tính bằng ngày hoặc ngày làm việc",
        "«at least N … before» is counted in days or working days",
    ),
    "W405": Message(
        "«{text}» được đọc là một số thập phân",
        "«{text}» is read as one decimal number",
        "nếu đây là hai số, viết dấu cách sau dấu phẩy: «{fixed}»",
        "if these are two numbers, put a space after the comma: «{fixed}»",
    ),
    # ------------------------------------------------------------------ W4xx lint
    "W401": Message(
        "Điểm {letter}) xuất hiện hai lần trong khoản {clause} Điều {article}",
        "Point {letter}) appears twice in clause {clause} of Article {article}",
        "nếu văn bản gốc in như vậy thì giữ nguyên (dẫn chiếu đến điểm {letter} là điểm đầu "
        "tiên); nếu không, hãy sửa chữ cái",
        "if the published text prints it so, keep it (a reference to point {letter} means the "
        "first); otherwise fix the letter",
    ),
    "W402": Message(
        "Điểm {letter}) đứng sau điểm {prev})",
        "Point {letter}) comes after point {prev})",
        "kiểm tra lại với văn bản gốc",
        "check against the published text",
    ),
    "W403": Message(
        "Điều {n} đứng sau Điều {prev}",
        "Article {n} comes after Article {prev}",
        "các Điều nên theo thứ tự của văn bản",
        "articles should follow the order of the document",
    ),
    "W404": Message(
        "Điểm d) xuất hiện hai lần: điểm thứ hai có phải là đ)?",
        "Point d) appears twice: is the second one đ)?",
        "sau điểm d là điểm đ (chữ đ có gạch ngang)",
        "after point d comes point đ (d with a stroke)",
    ),
    "W410": Message(
        "Đầu vào «{name}» được khai báo nhưng không quy tắc nào dùng đến",
        "Input «{name}» is declared but no rule uses it",
        "xóa khai báo, hoặc viết quy tắc cần đến nó",
        "remove the declaration, or write the rule that needs it",
    ),
}
