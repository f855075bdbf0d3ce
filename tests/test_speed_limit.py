"""The hand-written subset of the benchmarks (``benchmarks/speed_limit.py``) decides what regcore
decides, on generated dossiers and on the examples; so do the peers when they are installed
(``pip install -e ".[bench]"``). Citations where the rule file and provisions.md differ are
listed, one by one, in ``benchmarks.agreement.KNOWN_DEVIATIONS``; any other difference fails."""

from __future__ import annotations

import datetime as dt
import json
import sys
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

import regcore  # noqa: E402
from benchmarks import agreement, speed_limit  # noqa: E402
from benchmarks.corpus import AS_OF, generate  # noqa: E402
from benchmarks.speed_limit import Cite, Record  # noqa: E402


@pytest.fixture(scope="module")
def rules() -> regcore.RuleSet:
    return regcore.load()


@pytest.fixture(scope="module")
def corpus() -> list[dict[str, Any]]:
    return list(generate(300, seed=23))


def _assert_agrees(report: agreement.Report) -> None:
    assert report.rows > 0
    assert report.ok, "\n".join(agreement.describe(report))


def test_hand_written_subset_agrees_with_regcore(
    rules: regcore.RuleSet, corpus: list[dict[str, Any]]
) -> None:
    report = agreement.check("hand-written", rules, corpus, speed_limit.evaluate, AS_OF)
    _assert_agrees(report)
    # the corpus exercises every decision of the subset and the outcomes that matter
    seen = {
        (r[0], r[2])
        for d in corpus
        for r in map(agreement.record_row, speed_limit.evaluate(d, AS_OF))
    }
    assert {i for i, _ in seen} == set(speed_limit.SUBSET)
    for pair in (
        ("extension.count", "referred"),
        ("extension.length", "referred"),
        ("extension.request_timing", "referred"),
        ("acceptance.submission_deadline", "violated"),
        ("acceptance.submission_deadline", "pending"),
        ("acceptance.ballot", "violated"),
        ("acceptance.classification", "unknown"),
    ):
        assert pair in seen, pair


@pytest.mark.parametrize("name", ["dn-2025-dt-ecmo.json", "tth-2025-sxtn-duoc-lieu.json"])
def test_hand_written_subset_agrees_on_the_examples(rules: regcore.RuleSet, name: str) -> None:
    dossier = json.loads((ROOT / "examples" / name).read_text(encoding="utf-8"))
    report = agreement.check(name, rules, [dossier], speed_limit.evaluate, dt.date(2028, 6, 30))
    _assert_agrees(report)


def test_hand_written_records() -> None:
    dossier = {
        "id": "T",
        "level": "tinh",
        "kind": "de_tai",
        "contract": {"end": "2027-01-31", "duration_months": 24},
        "extensions": [
            {"requested_on": "2026-12-01", "months": 6, "approved_by": "co_quan_quan_ly"},
            {"requested_on": "2027-06-20", "months": 14},
        ],
        "acceptance": {
            "submitted_on": "2027-08-20",
            "meeting_on": "2027-09-10",
            "ballots": [
                {
                    "member": "A",
                    "scores": {"a": 18, "b": 4, "c": 22, "d": 27, "dd": 4, "e": 5, "g": 8},
                },
                {
                    "member": "B",
                    "scores": {"a": 18, "b": 4, "c": 22, "d": 31, "dd": 4, "e": 5, "g": 8},
                },
            ],
            "completed_per_contract": True,
            "outstanding_product": True,
        },
    }
    got = {(r.id, r.subject): r for r in speed_limit.evaluate(dossier, dt.date(2028, 1, 1))}
    assert got[("extension.max_months", None)].value == 12
    assert got[("extension.count", "2")].outcome == "referred"
    assert got[("extension.length", "2")].outcome == "referred"
    # the end in force at the second request: 31/01/2027 + 6 months = 31/07/2027; − 1 month
    assert got[("extension.request_timing", "2")].outcome == "satisfied"
    end = got[("acceptance.implementation_end", None)]
    assert end.value == dt.date(2027, 7, 31)
    deadline = got[("acceptance.submission_deadline", None)]
    # 31/07/2027 + 30 days = Mon 30/08/2027
    assert (deadline.outcome, deadline.due) == ("satisfied", dt.date(2027, 8, 30))
    assert got[("acceptance.ballot", "B")].outcome == "violated"
    assert got[("acceptance.score", None)].value == 88
    grade = got[("acceptance.classification", None)]
    assert (grade.value, grade.citation) == ("dat", Cite(28, 2, "b"))


def test_peer_jdm_file_is_the_builders_output() -> None:
    from benchmarks.peers import zen_subset

    on_disk = json.loads(zen_subset.JDM_PATH.read_text(encoding="utf-8"))
    assert on_disk == json.loads(json.dumps(zen_subset.graph()))


def test_zen_engine_subset_agrees(rules: regcore.RuleSet, corpus: list[dict[str, Any]]) -> None:
    pytest.importorskip("zen")
    from benchmarks.peers.zen_subset import ZenSubset

    report = agreement.check("zen", rules, corpus[:150], ZenSubset().evaluate, AS_OF, 1e-9)
    _assert_agrees(report)


def test_rule_engine_subset_agrees(rules: regcore.RuleSet, corpus: list[dict[str, Any]]) -> None:
    pytest.importorskip("rule_engine")
    from benchmarks.peers.rule_engine_subset import RuleEngineSubset

    impl = RuleEngineSubset().evaluate
    report = agreement.check("rule-engine", rules, corpus[:60], impl, AS_OF, 1e-9)
    _assert_agrees(report)


def test_records_compare_field_by_field() -> None:
    row = agreement.record_row(
        Record("acceptance.score", None, "satisfied", Cite(28, 1, "b"), 85.4, True)
    )
    assert row == (
        "acceptance.score",
        None,
        "satisfied",
        True,
        85.4,
        (28, 1, "b"),
        None,
        (),
        None,
        None,
    )
    report = agreement.Report("x")
    agreement.compare(report, {"id": "d", "level": "tinh"}, [row], [(*row[:4], 85.5, *row[5:])])
    assert not report.ok
    assert list(report.disagreements) == ["acceptance.score (tinh): value differ"]
