"""The evaluator on the sample provisions: outcomes, values, due dates and citations."""

from __future__ import annotations

import copy
import datetime as dt
from pathlib import Path
from typing import Any

import pytest

from regcore.evaluator import Engine
from regcore.loader import load_documents, load_texts
from regcore.result import Result

ROOT = Path(__file__).parent.parent
D = dt.date.fromisoformat
AS_OF = D("2026-11-22")


@pytest.fixture(scope="module")
def engine() -> Engine:
    return Engine(load_documents([ROOT / "regulations" / "samples" / "provisions_vi.reg"]))


def ballot(member: str, **scores: int) -> dict[str, Any]:
    base = {"a": 18, "b": 4, "c": 22, "d": 27, "dd": 4, "e": 5, "g": 8}
    base.update(scores)
    return {"member": member, "scores": base}


def dossier(**over: Any) -> dict[str, Any]:
    d: dict[str, Any] = {
        "level": "tinh",
        "contract": {"end": D("2027-07-31"), "duration_months": 24},
        "extensions": [],
        "acceptance": {
            "submitted_on": D("2027-08-20"),
            "meeting_on": D("2027-09-25"),
            "completed_per_contract": True,
            "outstanding_product": False,
            "ballots": [ballot("A"), ballot("B", a=19, g=9)],
        },
    }
    d.update(over)
    return d


def run(engine: Engine, data: dict[str, Any], as_of: dt.date = AS_OF) -> Result:
    return engine.evaluate(data, as_of, "T", [], {})


def test_dat_classification_cites_point_b(engine: Engine) -> None:
    r = run(engine, dossier())
    score = r["acceptance.score"]
    # ballots total 88 and 90: the score is their mean, 89 (below 90: not "xuat_sac")
    assert score.outcome == "satisfied" and score.value == 89
    assert score.cite == "điểm b khoản 1 Điều 28 Thông tư 09/2024/TT-BKHCN"
    c = r["acceptance.classification"]
    assert (c.outcome, c.value) == ("satisfied", "dat")
    assert c.citation.to_dict() == {
        "document": "09/2024/TT-BKHCN",
        "article": 28,
        "clause": 2,
        "point": "b",
    }
    assert any(b.id == "acceptance.score" and b.value == 89 for b in c.because)


def test_xuat_sac_needs_no_granted_extension(engine: Engine) -> None:
    excellent = dossier()
    excellent["acceptance"] = {
        **excellent["acceptance"],
        "outstanding_product": True,
        "ballots": [ballot("A", a=20, c=25, d=30, g=10), ballot("B", a=20, c=25, d=28, g=10)],
    }
    r = run(engine, excellent)
    assert r["acceptance.classification"].value == "xuat_sac"
    assert r["acceptance.classification"].citation.point == "a"
    extended = copy.deepcopy(excellent)
    extended["extensions"] = [
        {"requested_on": D("2027-06-15"), "months": 2, "approved_by": "co_quan_quan_ly"}
    ]
    extended["acceptance"]["submitted_on"] = D("2027-10-15")
    r = run(engine, extended)
    assert r["acceptance.classification"].value == "dat"


def test_late_by_more_than_three_months_is_khong_dat(engine: Engine) -> None:
    late = dossier()
    late["acceptance"] = {**late["acceptance"], "submitted_on": D("2027-11-02")}
    r = run(engine, late)
    c = r["acceptance.classification"]
    assert (c.value, c.citation.point) == ("khong_dat", "c")
    d = r["acceptance.submission_deadline"]
    # 31/07/2027 + 30 days = 30/08/2027 (a Monday, a working day)
    assert (d.outcome, d.due, d.done_on) == ("violated", D("2027-08-30"), D("2027-11-02"))
    assert d.cite == "khoản 1 Điều 24 Thông tư 09/2024/TT-BKHCN"
    assert r.status == "non_compliant"
    entry = r.deadlines[0]
    assert (entry.id, entry.state) == ("acceptance.submission_deadline", "missed")


def test_deadline_pending_then_overdue(engine: Engine) -> None:
    open_ = dossier()
    del open_["acceptance"]["submitted_on"]
    r = run(engine, open_, as_of=D("2027-08-01"))
    d = r["acceptance.submission_deadline"]
    assert (d.outcome, d.due) == ("pending", D("2027-08-30"))
    assert r.deadlines[0].state == "open"
    r = run(engine, open_, as_of=D("2027-08-31"))
    assert r["acceptance.submission_deadline"].outcome == "violated"
    assert r.deadlines[0].state == "overdue"


def test_due_date_on_a_holiday_rolls_forward(engine: Engine) -> None:
    # contract end 2026-03-31 + 30 days = 2026-04-30, a public holiday (30/4), then 1/5
    # (holiday), 2/5 and 3/5 a weekend: the due date rolls to Monday 2026-05-04.
    data = dossier(contract={"end": D("2026-03-31"), "duration_months": 12})
    data["acceptance"] = {**data["acceptance"], "submitted_on": D("2026-05-04")}
    d = run(engine, data)["acceptance.submission_deadline"]
    assert (d.outcome, d.due) == ("satisfied", D("2026-05-04"))
    assert any("30/04/2026" in b.text_vi for b in d.because)


def test_second_extension_is_referred_then_satisfied_by_exception(engine: Engine) -> None:
    exts = [
        {"requested_on": D("2027-06-15"), "months": 6, "approved_by": "co_quan_quan_ly"},
        {"requested_on": D("2027-12-20"), "months": 3, "approved_by": None},
    ]
    r = run(engine, dossier(extensions=exts))
    first, second = r.all("extension.count")
    assert (first.subject, first.outcome) == ("1", "satisfied")
    assert (second.subject, second.outcome) == ("2", "referred")
    assert second.authority is not None and second.authority.startswith("Chủ tịch Ủy ban")
    assert second.cite == "điểm c khoản 3 Điều 21 Thông tư 09/2024/TT-BKHCN"
    assert r.status == "needs_review"
    exts[1]["approved_by"] = "chu_tich_ubnd"
    second = run(engine, dossier(extensions=exts))[("extension.count", "2")]
    assert second.outcome == "satisfied"
    assert "ngoại lệ" in second.explanation_vi


def test_extension_length_limit_and_request_timing(engine: Engine) -> None:
    short = dossier(contract={"end": D("2027-07-31"), "duration_months": 18})
    short["extensions"] = [{"requested_on": D("2027-07-01"), "months": 7, "approved_by": None}]
    r = run(engine, short)
    assert r["extension.max_months"].value == 6
    assert r[("extension.length", "1")].outcome == "referred"
    # exactly one month before the end (31/07 − 1 month = 30/06) is in time; 01/07 is late
    assert r[("extension.request_timing", "1")].outcome == "referred"
    short["extensions"][0]["requested_on"] = D("2027-06-30")
    assert run(engine, short)[("extension.request_timing", "1")].outcome == "satisfied"


def test_missing_facts_are_unknown_and_named(engine: Engine) -> None:
    data = dossier()
    data["acceptance"] = {**data["acceptance"], "ballots": [{"member": "A", "scores": {"a": 18}}]}
    r = run(engine, data)
    assert r[("acceptance.ballot", "A")].outcome == "violated"
    s = r["acceptance.score"]
    assert s.outcome == "unknown"
    assert s.missing == ("acceptance.ballots",)
    c = r["acceptance.classification"]
    assert c.outcome == "unknown"
    assert r.status in ("non_compliant",)


def test_absent_stage_is_not_applicable(engine: Engine) -> None:
    data = dossier()
    del data["acceptance"]
    r = run(engine, data)
    assert r["acceptance.score"].outcome == "not_applicable"
    assert r["acceptance.classification"].outcome == "not_applicable"
    # The period runs from the end of the contract, which is recorded: the act is awaited.
    d = r["acceptance.submission_deadline"]
    assert (d.outcome, d.due) == ("pending", D("2027-08-30"))


def test_acts_before_the_circular_are_not_applicable(engine: Engine) -> None:
    old = dossier(
        extensions=[{"requested_on": D("2024-12-01"), "months": 6, "approved_by": None}],
    )
    r = run(engine, old)
    d = r[("extension.length", "1")]
    assert d.outcome == "not_applicable"
    assert d.because[0].citation is not None
    assert d.because[0].citation.cite() == "khoản 1 Điều 45 Thông tư 09/2024/TT-BKHCN"


def test_scope_in_force(engine: Engine) -> None:
    r = run(engine, dossier())
    f = r["scope.in_force"]
    assert (f.outcome, f.value) == ("satisfied", D("2025-02-10"))
    ancient = {"level": "tinh", "acceptance": {"meeting_on": D("2024-01-10"), "ballots": []}}
    r = run(engine, ancient)
    assert r["scope.in_force"].outcome == "not_applicable"
    assert r.status == "out_of_scope"


def test_quorum_reused_by_reference_cites_the_referring_clause(engine: Engine) -> None:
    members = [
        {"role": "chu_tich", "present": False, "chair_authorized": False},
        {"role": "pho_chu_tich", "present": True, "chair_authorized": True},
        {"role": "phan_bien", "present": True, "chair_authorized": False},
        {"role": "phan_bien", "present": True, "chair_authorized": False},
        {"role": "thu_ky_khoa_hoc", "present": True, "chair_authorized": False},
        {"role": "uy_vien", "present": False, "chair_authorized": False},
    ]
    data = dossier(selection={"meeting_on": D("2025-05-28"), "council": {"members": members}})
    d = run(engine, data)["selection.council.quorum"]
    # 4 of 6 present: exactly 2/3, and an authorised vice-chair chairs
    assert d.outcome == "satisfied"
    assert d.cite == "khoản 1 Điều 14 Thông tư 09/2024/TT-BKHCN"
    assert any(
        b.citation and b.citation.point == "a" and b.citation.article == 7 for b in d.because
    )
    members[4]["present"] = False  # 3 of 6, and no secretary
    d = run(engine, data)["selection.council.quorum"]
    assert d.outcome == "violated"
    assert d.cite == "khoản 1 Điều 14 Thông tư 09/2024/TT-BKHCN"


def test_winner_tie_breaks(engine: Engine) -> None:
    def app(ident: str, budget: int, totals: list[int], content: int = 25) -> dict[str, Any]:
        return {
            "id": ident,
            "requested_state_budget_vnd": budget,
            "excellent_rating_on": None,
            "submission": {"channel": "post", "postmarked_on": D("2025-05-02")},
            "ballots": [{"total": t, "content_score": content} for t in totals],
        }

    sel = {"meeting_on": D("2025-05-28")}
    r = run(
        engine, dossier(selection=sel, applications=[app("A", 9, [81, 81]), app("B", 8, [80, 82])])
    )
    w = r["selection.winner"]
    assert (w.outcome, w.value) == ("satisfied", "B")
    assert any("kinh phí" in b.text_vi for b in w.because)
    r = run(engine, dossier(selection=sel, applications=[app("A", 8, [81]), app("B", 8, [81])]))
    w = r["selection.winner"]
    assert (w.outcome, w.value) == ("referred", None)
    assert w.authority == "Hội đồng tuyển chọn"
    r = run(engine, dossier(selection=sel, applications=[app("A", 8, [69]), app("B", 8, [70])]))
    assert r["selection.winner"].value == "B"  # exactly 70 qualifies
    r = run(engine, dossier(selection=sel, applications=[app("A", 8, [69])]))
    assert (r["selection.winner"].outcome, r["selection.winner"].value) == ("satisfied", None)


def test_input_is_not_mutated_and_output_is_deterministic(engine: Engine) -> None:
    data = dossier()
    before = copy.deepcopy(data)
    a = run(engine, data).to_json()
    b = run(engine, data).to_json()
    assert a == b
    assert data == before


def test_hostile_rule_text_is_data_not_code(tmp_path: Path) -> None:
    marker = tmp_path / "pwned"
    hostile = f"""văn bản "X/2025/TT-Y"
đầu vào
  trường a: chuỗi
Điều 1. "__import__('os').system('touch {marker}')"
quyết định q "{{__import__('os').system('touch {marker}')}}"
  giá trị a
  yêu cầu a = "__import__('os').system('touch {marker}')"
    lý do "{{0.__class__}} __import__('os')"
"""
    engine = Engine(load_texts([(hostile, "hostile.reg")]))
    r = engine.evaluate({"a": "x"}, AS_OF, None, [], {})
    assert r["q"].outcome == "violated"
    assert "__import__('os')" in r["q"].explanation_vi
    assert not marker.exists()


def test_a_candidate_with_an_unknown_score_makes_the_winner_unknown(engine: Engine) -> None:
    def app(ident: str, totals: list[int]) -> dict[str, Any]:
        return {
            "id": ident,
            "requested_state_budget_vnd": 9,
            "excellent_rating_on": None,
            "submission": {"channel": "post", "postmarked_on": D("2025-05-02")},
            "ballots": [{"total": t, "content_score": 20} for t in totals],
        }

    data = dossier(
        selection={"meeting_on": D("2025-05-28")}, applications=[app("A", []), app("B", [75])]
    )
    r = run(engine, data)
    score = r[("selection.score", "A")]
    assert score.outcome == "unknown"
    assert score.missing == ("applications[0].ballots",)
    w = r["selection.winner"]
    assert w.outcome == "unknown" and w.value is None
    assert "applications[0].ballots" in w.missing
