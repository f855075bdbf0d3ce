"""«A nếu thiếu thì B» when neither A nor B is given: unknown, naming both paths."""

from __future__ import annotations

import datetime as dt

from regcore.evaluator import Engine
from regcore.loader import load_texts

AS_OF = dt.date(2026, 11, 22)

RULES = """văn bản "X/2025/TT-Y"
bản ghi HợpĐồng
  trường mode: chuỗi
bản ghi ThẩmĐịnh
  trường mode: chuỗi
đầu vào
  trường contract: HợpĐồng
  trường appraisal: ThẩmĐịnh
Điều 1. Phương thức
quyết định q "Phương thức"
  đặt phương_thức = contract.mode nếu thiếu thì appraisal.mode
  yêu cầu phương_thức != "cuoi_cung"
"""


def engine() -> Engine:
    return Engine(load_texts([(RULES, "coalesce.reg")]))


def test_both_sides_missing_names_both_paths_and_notes_no_fallback() -> None:
    r = engine().evaluate({"contract": {}, "appraisal": {}}, AS_OF, None, [], {})
    d = r["q"]
    assert d.outcome == "unknown"
    assert d.missing == ("appraisal.mode", "contract.mode")
    assert not any("Unknown" in b.text_vi or "dùng" in b.text_vi for b in d.because)


def test_fallback_used_is_noted() -> None:
    r = engine().evaluate({"contract": {}, "appraisal": {"mode": "cuoi_cung"}}, AS_OF, None, [], {})
    d = r["q"]
    assert d.outcome == "violated"
    assert any("dùng appraisal.mode" in b.text_vi for b in d.because)


def test_first_side_given_wins() -> None:
    data = {"contract": {"mode": "tung_phan"}, "appraisal": {"mode": "cuoi_cung"}}
    assert engine().evaluate(data, AS_OF, None, [], {})["q"].outcome == "satisfied"
