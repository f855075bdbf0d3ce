"""The two keyword sets of the rule language, Vietnamese and English, keyed by grammar terminal.

The grammar (``grammar/reg.lark``) accepts both spellings of every keyword; this table gives
the canonical spelling of each for ``fmt`` (and for converting a file from one set to the
other) and the words diagnostics use to name what was expected.
"""

from __future__ import annotations

__all__ = [
    "AGGREGATES",
    "BUILTIN_FUNCTIONS",
    "BUILTIN_TYPES",
    "COMPARISONS",
    "KEYWORDS",
    "UNIT_NAMES",
    "UNIT_WORDS",
    "builtin_by_spelling",
    "keyword",
]

KEYWORDS: dict[str, tuple[str, str]] = {
    "KW_DOCUMENT": ("văn bản", "document"),
    "KW_TITLE": ("tên", "titled"),
    "KW_ISSUED": ("ban hành", "issued"),
    "KW_IN_FORCE": ("có hiệu lực từ", "in force from"),
    "KW_EXTENDS": ("mở rộng", "extends"),
    "KW_ARTICLE": ("điều", "article"),
    "KW_CLAUSE": ("khoản", "clause"),
    "KW_TEXT_ONLY": ("chỉ có văn bản", "text only"),
    "KW_ENUM": ("danh mục", "enum"),
    "KW_RECORD": ("bản ghi", "record"),
    "KW_INPUT": ("đầu vào", "input"),
    "KW_FIELD": ("trường", "field"),
    "KW_REQUIRED": ("bắt buộc", "required"),
    "KW_DEFAULT": ("mặc định", "default"),
    "KW_LIST": ("danh sách", "list of"),
    "KW_AUTHORITY": ("thẩm quyền", "authority"),
    "KW_ENGLISH": ("tiếng anh", "english"),
    "KW_RUBRIC": ("thang điểm", "rubric"),
    "KW_CRITERION": ("tiêu chí", "criterion"),
    "KW_MAXIMUM": ("tối đa", "maximum"),
    "KW_DEFINE": ("định nghĩa", "define"),
    "KW_DECISION": ("quyết định", "decision"),
    "KW_WHEN": ("khi", "when"),
    "KW_FOR_EACH": ("với mỗi", "for each"),
    "KW_IN": ("trong", "in"),
    "KW_BELONGS": ("thuộc", "in"),
    "KW_NOT_IN": ("không thuộc", "not in"),
    "KW_WHERE": ("mà", "where"),
    "KW_SUBJECT": ("đối tượng", "subject"),
    "KW_LET": ("đặt", "let"),
    "KW_VALUE": ("giá trị", "value"),
    "KW_REQUIRE": ("yêu cầu", "require"),
    "KW_VIOLATED_WHEN": ("vi phạm khi", "violated when"),
    "KW_OTHERWISE_REFER": ("nếu không thì chuyển", "otherwise refer to"),
    "KW_REFER": ("chuyển", "refer to"),
    "KW_UNLESS": ("trừ khi", "unless"),
    "KW_DEADLINE": ("thời hạn", "deadline"),
    "KW_WITHIN": ("trong vòng", "within"),
    "KW_FROM": ("kể từ", "from"),
    "KW_ROLLED": ("lùi sang ngày làm việc", "rolled forward"),
    "KW_NOT_ROLLED": ("không lùi", "not rolled"),
    "KW_CLASSIFY": ("phân loại", "classify"),
    "KW_GRADE": ("mức", "grade"),
    "KW_RANK": ("xếp hạng", "rank"),
    "KW_HIGHEST": ("cao nhất", "highest"),
    "KW_LOWEST": ("thấp nhất", "lowest"),
    "KW_PREFER": ("ưu tiên khi", "prefer"),
    "KW_TIE_REFER": ("nếu vẫn bằng nhau thì chuyển", "if still tied refer to"),
    "KW_APPLY": ("áp dụng", "apply"),
    "KW_REPLACING": ("thay", "replacing"),
    "KW_OVERRIDES": ("thay thế", "overrides"),
    "KW_EXCEPTION_TO": ("ngoại lệ của", "exception to"),
    "KW_PRIORITY": ("thứ tự ưu tiên", "priority"),
    "KW_CITING": ("căn cứ", "citing"),
    "KW_GOVERNED_BY": ("xét theo ngày", "governed by"),
    "KW_FROM_DATE": ("áp dụng từ", "effective from"),
    "KW_SCOPE": ("xác định phạm vi", "defines scope"),
    "KW_CHECKS_FORCE": ("kiểm tra hiệu lực", "checks force"),
    "KW_EXPLAIN": ("giải thích", "explain"),
    "KW_PER": ("theo", "per"),
    "KW_OF": ("của", "of"),
    "KW_REASON": ("lý do", "reason"),
    "KW_IF": ("nếu", "if"),
    "KW_THEN": ("thì", "then"),
    "KW_ELSE": ("ngược lại", "else"),
    "KW_OTHERWISE": ("còn lại", "otherwise"),
    "KW_IF_MISSING": ("nếu thiếu thì", "if missing then"),
    "KW_OR": ("hoặc", "or"),
    "KW_AND": ("và", "and"),
    "KW_NOT": ("không", "not"),
    "KW_PRESENT": ("có", "given"),
    "KW_MISSING": ("thiếu", "missing"),
    "KW_AT_MOST": ("không quá", "at most"),
    "KW_AT_LEAST": ("ít nhất", "at least"),
    "KW_BEFORE": ("trước", "before"),
    "KW_AFTER": ("sau", "after"),
    "KW_NOT_BEFORE": ("không trước", "not before"),
    "KW_NOT_AFTER": ("không sau", "not after"),
    "KW_MORE_THAN": ("lớn hơn", "more than"),
    "KW_LESS_THAN": ("nhỏ hơn", "less than"),
    "KW_TRUE": ("đúng", "true"),
    "KW_FALSE": ("sai", "false"),
    "KW_NULL": ("rỗng", "null"),
    "KW_MATCH": ("chọn", "match"),
    "KW_WORKING_DAYS": ("ngày làm việc", "working days"),
    "KW_DAYS": ("ngày", "days"),
    "KW_MONTHS": ("tháng", "months"),
    "KW_YEARS": ("năm", "years"),
    "KW_POINTS": ("điểm", "points"),
    "KW_DONG": ("đồng", "VND"),
}

# Aggregates: canonical operation -> (Vietnamese, English).
AGGREGATES: dict[str, tuple[str, str]] = {
    "count": ("đếm", "count"),
    "sum": ("tổng", "sum"),
    "mean": ("trung bình", "mean"),
    "max": ("lớn nhất", "max"),
    "min": ("nhỏ nhất", "min"),
    "every": ("mọi", "every"),
    "some": ("tồn tại", "some"),
    "share": ("tỉ lệ", "share"),
    "collect": ("gom", "collect"),
}

# Units: canonical unit -> (Vietnamese, English) as people read them.
UNIT_NAMES: dict[str, tuple[str, str]] = {
    "days": ("ngày", "days"),
    "working_days": ("ngày làm việc", "working days"),
    "months": ("tháng", "months"),
    "years": ("năm", "years"),
    "points": ("điểm", "points"),
    "dong": ("đồng", "VND"),
}

# Comparison spellings (a symbol, or a keyword terminal) -> the operator each one means.
COMPARISONS: dict[str, str] = {
    "=": "=",
    "!=": "!=",
    "≠": "!=",
    "<": "<",
    "<=": "<=",
    "≤": "<=",
    ">": ">",
    ">=": ">=",
    "≥": ">=",
    "KW_AT_MOST": "<=",
    "KW_AT_LEAST": ">=",
    "KW_BEFORE": "<",
    "KW_AFTER": ">",
    "KW_NOT_BEFORE": ">=",
    "KW_NOT_AFTER": "<=",
    "KW_MORE_THAN": ">",
    "KW_LESS_THAN": "<",
}

# Units: canonical unit -> terminal.
UNIT_WORDS: dict[str, str] = {
    "days": "KW_DAYS",
    "working_days": "KW_WORKING_DAYS",
    "months": "KW_MONTHS",
    "years": "KW_YEARS",
    "points": "KW_POINTS",
    "dong": "KW_DONG",
}


def keyword(terminal: str, lang: str) -> str:
    """The spelling of a keyword terminal in a keyword set ("vi" or "en")."""
    vi, en = KEYWORDS[terminal]
    return en if lang == "en" else vi


# Built-in type names: canonical -> (Vietnamese, English). Units are types too (``tháng``).
BUILTIN_TYPES: dict[str, tuple[str, str]] = {
    "bool": ("đúng_sai", "bool"),
    "integer": ("số_nguyên", "integer"),
    "number": ("số", "number"),
    "date": ("ngày_tháng", "date"),
    "text": ("chuỗi", "text"),
}

# Built-in functions: canonical -> (Vietnamese, English).
BUILTIN_FUNCTIONS: dict[str, tuple[str, str]] = {
    "position": ("vị_trí", "position"),
    "latest": ("muộn_nhất", "latest"),
    "earliest": ("sớm_nhất", "earliest"),
    "roll": ("ngày_làm_việc_kế_tiếp", "next_working_day"),
    "length": ("số_phần_tử", "length"),
    "flatten": ("gộp_danh_sách", "flatten"),
    "normalize": ("chuẩn_hóa_tên", "normalize_name"),
    "rubric_valid": ("phiếu_hợp_lệ", "valid_ballot"),
    "rubric_total": ("tổng_điểm", "total_score"),
}


def builtin_by_spelling(table: dict[str, tuple[str, str]]) -> dict[str, str]:
    """Either spelling -> canonical name."""
    out: dict[str, str] = {}
    for canonical, (vi, en) in table.items():
        out[canonical] = canonical
        out[vi] = canonical
        out[en] = canonical
    return out
