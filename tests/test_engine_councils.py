"""A ranking key needed to break a tie, missing for a tied candidate, makes the ranking unknown
(never a guess that ranks the candidate last); a key that no tie needs may be missing."""

from __future__ import annotations

import datetime as dt
from typing import Any

import regcore
from regcore.result import Result

RULES = """văn bản "X/2025/TT-Y"
bản ghi Ứng "Ứng viên"
  trường id: chuỗi bắt buộc
  trường score: số
  trường cost: số
  trường bonus: đúng_sai mặc định sai
  trường extra: số
đầu vào
  trường id: chuỗi bắt buộc
  trường candidates: danh sách Ứng
thẩm quyền ban "Ban xét chọn"
Điều 1. Xếp hạng
quyết định pick "Ứng viên được chọn"
  khi có candidates
  xếp hạng x trong candidates mà x.score >= 70
    cao nhất x.score
    thấp nhất x.cost
      lý do "Chi phí thấp hơn"
    ưu tiên khi x.bonus
      lý do "Có điểm thưởng"
    cao nhất x.extra
      lý do "Điểm phụ cao hơn"
    nếu vẫn bằng nhau thì chuyển ban
  giá trị x.id
"""
AS_OF = dt.date(2026, 1, 1)


def pick(*candidates: dict[str, Any]) -> Result:
    rules = regcore.loads(RULES, "rank.reg")
    return rules.evaluate({"id": "T", "candidates": list(candidates)}, as_of=AS_OF)


def test_a_missing_key_needed_for_a_tie_makes_the_ranking_unknown() -> None:
    r = pick({"id": "A", "score": 80, "cost": 5}, {"id": "B", "score": 80})
    d = r["pick"]
    assert (d.outcome, d.value) == ("unknown", None)
    assert d.missing == ("candidates[1].cost",)


def test_a_missing_key_that_no_tie_needs_does_not_matter() -> None:
    # the score decides; B's cost is never looked at
    d = pick({"id": "A", "score": 90, "cost": 5}, {"id": "B", "score": 80})["pick"]
    assert (d.outcome, d.value) == ("satisfied", "A")
    # the cost decides; neither gives «extra», the later key
    d = pick({"id": "A", "score": 80, "cost": 5}, {"id": "B", "score": 80, "cost": 4})["pick"]
    assert (d.outcome, d.value) == ("satisfied", "B")
    # a single candidate needs no key beyond the condition
    d = pick({"id": "A", "score": 75})["pick"]
    assert (d.outcome, d.value) == ("satisfied", "A")


def test_only_the_candidates_tied_at_the_top_need_the_key() -> None:
    d = pick(
        {"id": "A", "score": 80, "cost": 5, "extra": 1},
        {"id": "B", "score": 80, "cost": 5, "extra": 2},
        {"id": "C", "score": 75},  # behind on the score: its missing cost and extra do not matter
    )["pick"]
    assert (d.outcome, d.value) == ("satisfied", "B")
    d = pick(
        {"id": "A", "score": 80, "cost": 5, "extra": 1},
        {"id": "B", "score": 80, "cost": 5},
    )["pick"]
    assert d.outcome == "unknown"
    assert d.missing == ("candidates[1].extra",)


def test_a_full_tie_is_still_referred() -> None:
    d = pick(
        {"id": "A", "score": 80, "cost": 5, "extra": 1},
        {"id": "B", "score": 80, "cost": 5, "extra": 1},
    )["pick"]
    assert (d.outcome, d.value, d.authority_vi) == ("referred", None, "Ban xét chọn")
