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
