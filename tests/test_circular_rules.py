"""Rules of the bundled circular beyond the sample provisions: outcome, value and citation."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

import regcore
from regcore.api import RuleSet

AS_OF = dt.date(2026, 11, 22)


@pytest.fixture(scope="module")
def rules() -> RuleSet:
    return regcore.load()


def dossier(**over: Any) -> dict[str, Any]:
    d: dict[str, Any] = {"id": "T-1", "level": "tinh", "kind": "de_tai", "research_field": "khac"}
    d.update(over)
    return d


@pytest.mark.parametrize(
    ("level", "kind", "outcome"),
    [
        ("tinh", "de_an", "satisfied"),
        ("tinh", "du_an_sxtn", "satisfied"),
        ("co_so", "du_an_khcn", "satisfied"),
        ("co_so", "de_an", "violated"),
        ("co_so", "du_an_sxtn", "violated"),
    ],
)
def test_scope_kind(rules: RuleSet, level: str, kind: str, outcome: str) -> None:
    r = rules.evaluate(dossier(level=level, kind=kind), as_of=AS_OF)
    d = r["scope.kind"]
    assert d.outcome == outcome
    assert d.cite == "Điều 1 Thông tư 09/2024/TT-BKHCN"
    if outcome == "violated":
        assert r.status == "out_of_scope"


def test_identification_form_by_kind(rules: RuleSet) -> None:
    meeting = {"meeting_on": "2025-03-10"}
    r = rules.evaluate(dossier(kind="du_an_sxtn", proposal=meeting), as_of=AS_OF)
    d = r["identification.form"]
    assert (d.outcome, d.value) == ("satisfied", "I.02-ĐXNV.DA")
    assert d.cite == "khoản 2 Điều 5 Thông tư 09/2024/TT-BKHCN"
    wrong = dossier(kind="de_an", proposal={**meeting, "form": "I.01-ĐXNV.ĐT"})
    d = rules.evaluate(wrong, as_of=AS_OF)["identification.form"]
    assert (d.outcome, d.value) == ("violated", "I.03-ĐXNV.ĐA")


def test_identification_form_at_grassroots_cites_article_35(rules: RuleSet) -> None:
    r = rules.evaluate(dossier(level="co_so", proposal={"form": "I.02-ĐXNV.DA"}), as_of=AS_OF)
    d = r["identification.form"]
    assert (d.outcome, d.value) == ("violated", "I.01-ĐXNV.ĐT")
    assert d.cite == "điểm b khoản 2 Điều 35 Thông tư 09/2024/TT-BKHCN"
    assert any(
        b.citation is not None and (b.citation.article, b.citation.clause) == (5, 2)
        for b in d.because
    )


def test_only_still_judges_the_force_of_the_circular(rules: RuleSet) -> None:
    data = dossier(
        contract={"end": "2027-07-31", "duration_months": 24},
        extensions=[{"requested_on": "2027-06-01", "months": 3}],
    )
    r = rules.evaluate(data, as_of=AS_OF, only="scope.")
    assert [d.id for d in r.decisions] == ["scope.kind", "scope.in_force"]
    assert r["scope.in_force"].outcome == "satisfied"
    assert r.status == "compliant"


@pytest.mark.parametrize(
    ("closes_on", "outcome"),
    # 01/04/2025 + 30 days = 01/05/2025, a holiday; 02/05 is a day off (swapped with Saturday
    # 26/04) and 03–04/05 a weekend: the minimum period ends on Monday 05/05/2025.
    [("2025-05-02", "violated"), ("2025-05-05", "satisfied")],
)
def test_call_period_rolls_over_the_may_holidays(
    rules: RuleSet, closes_on: str, outcome: str
) -> None:
    r = rules.evaluate(
        dossier(call={"announced_on": "2025-04-01", "closes_on": closes_on}), as_of=AS_OF
    )
    d = r["call.period"]
    assert d.outcome == outcome
    assert d.cite == "khoản 1 Điều 10 Thông tư 09/2024/TT-BKHCN"


def test_call_period_is_15_days_at_grassroots(rules: RuleSet) -> None:
    # 01/04/2025 + 15 days = 16/04/2025, a Wednesday
    call = {"announced_on": "2025-04-01", "closes_on": "2025-04-16"}
    d = rules.evaluate(dossier(level="co_so", call=call), as_of=AS_OF)["call.period"]
    assert (d.outcome, d.cite) == ("satisfied", "điểm đ khoản 2 Điều 35 Thông tư 09/2024/TT-BKHCN")
    call["closes_on"] = "2025-04-15"
    assert rules.evaluate(dossier(level="co_so", call=call), as_of=AS_OF)[
        "call.period"
    ].outcome == ("violated")


@pytest.mark.parametrize(
    ("opened_on", "outcome"),
    [("2025-05-15", "satisfied"), ("2025-05-16", "violated"), ("2025-05-05", "violated")],
)
def test_call_opening_deadline(rules: RuleSet, opened_on: str, outcome: str) -> None:
    call = {"announced_on": "2025-04-01", "closes_on": "2025-05-05", "opened_on": opened_on}
    d = rules.evaluate(dossier(call=call), as_of=AS_OF)["call.opening_deadline"]
    assert (d.outcome, d.due) == (outcome, dt.date(2025, 5, 15))
    assert d.cite == "điểm a khoản 4 Điều 12 Thông tư 09/2024/TT-BKHCN"


def test_call_opening_pending_then_overdue(rules: RuleSet) -> None:
    call = {"announced_on": "2025-04-01", "closes_on": "2025-05-05"}
    d = rules.evaluate(dossier(call=call), as_of=dt.date(2025, 5, 10))["call.opening_deadline"]
    assert (d.outcome, d.due) == ("pending", dt.date(2025, 5, 15))
    d = rules.evaluate(dossier(call=call), as_of=dt.date(2025, 5, 16))["call.opening_deadline"]
    assert d.outcome == "violated"


def test_explanations_use_the_label_of_their_language(rules: RuleSet) -> None:
    call = {"announced_on": "2025-04-01", "closes_on": "2025-05-05"}
    d = rules.evaluate(dossier(call=call), as_of=AS_OF)["call.period"]
    assert d.explanation_vi.startswith("Thời gian thông báo tuyển chọn: đáp ứng")
    assert d.explanation_en.startswith("Length of the call for applications: met")
