"""The benchmark corpus (``benchmarks/corpus.py``): deterministic, valid dossiers in the format of
``shared/spec/dossier.md``, coherent in time, with the mix of stages and failures it promises;
and the k-fold rule files of ``benchmarks/rulegrowth.py`` check and decide like the original."""

from __future__ import annotations

import datetime as dt
import json
import os
import subprocess
import sys
from collections import Counter
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

import regcore  # noqa: E402
from benchmarks.corpus import AS_OF, IN_FORCE, generate  # noqa: E402
from benchmarks.rulegrowth import replicate  # noqa: E402
from regcore.resources import bundled_regulation  # noqa: E402

N = 300


@pytest.fixture(scope="module")
def rules() -> regcore.RuleSet:
    return regcore.load()


@pytest.fixture(scope="module")
def corpus() -> list[dict[str, Any]]:
    return list(generate(N, seed=11))


@pytest.fixture(scope="module")
def results(rules: regcore.RuleSet, corpus: list[dict[str, Any]]) -> list[Any]:
    return list(rules.evaluate_many(corpus, as_of=AS_OF))


_PLANNED = {"end", "valid_until"}  # dates of plans (a contract's end), not of acts


def _dates(value: Any) -> list[dt.date]:
    if isinstance(value, dict):
        return [d for k, v in value.items() if k not in _PLANNED for d in _dates(v)]
    if isinstance(value, list):
        return [d for v in value for d in _dates(v)]
    if isinstance(value, str) and len(value) == 10 and value[4] == "-" and value[7] == "-":
        return [dt.date.fromisoformat(value)]
    return []


def _on(d: dict[str, Any], path: str) -> dt.date | None:
    value: Any = d
    for part in path.split("."):
        value = value.get(part) if isinstance(value, dict) else None
    return dt.date.fromisoformat(value) if isinstance(value, str) else None


def test_deterministic_and_json(corpus: list[dict[str, Any]]) -> None:
    again = list(generate(N, seed=11))
    assert again == corpus
    assert json.loads(json.dumps(corpus, ensure_ascii=False)) == corpus
    assert list(generate(5, seed=12)) != corpus[:5]
    # the i-th dossier does not depend on how many are generated
    assert list(generate(3, seed=11)) == corpus[:3]


def test_every_dossier_loads_without_errors_or_warnings(
    corpus: list[dict[str, Any]], results: list[Any]
) -> None:
    errors = [r.to_dict() for r in results if r.status == "error"]
    assert errors == []
    assert [w for r in results for w in r.warnings] == []
    assert [r.dossier for r in results] == [d["id"] for d in corpus]


def test_levels_kinds_and_stages(corpus: list[dict[str, Any]]) -> None:
    levels = Counter(d["level"] for d in corpus)
    kinds = Counter((d["level"], d["kind"]) for d in corpus)
    assert levels["tinh"] > levels["co_so"] > N // 10
    for kind in ("de_an", "de_tai", "du_an_sxtn", "du_an_khcn"):
        assert kinds[("tinh", kind)] > 0
    for kind in ("de_tai", "du_an_khcn"):
        assert kinds[("co_so", kind)] > 0
    stages = Counter(k for d in corpus for k in d)
    for stage in (
        "proposal",
        "call",
        "applications",
        "selection",
        "appraisal",
        "approval",
        "contract",
        "extensions",
        "inspections",
        "changes",
        "acceptance",
        "experts",
    ):
        assert stages[stage] > 0, stage
    whole = sum(1 for d in corpus if "proposal" in d and "acceptance" in d)
    assert whole > N // 2


def test_dates_are_coherent(corpus: list[dict[str, Any]]) -> None:
    order = (
        "proposal.meeting_on",
        "call.announced_on",
        "call.closes_on",
        "selection.meeting_on",
        "appraisal.meeting_on",
        "approval.decided_on",
        "contract.signed_on",
        "contract.end",
        "acceptance.council_established_on",
        "acceptance.meeting_on",
    )
    for d in corpus:
        assert all(x <= AS_OF for x in _dates(d)), d["id"]
        seen = [x for x in (_on(d, p) for p in order) if x is not None]
        assert seen == sorted(seen), d["id"]
        start = _on(d, "contract.start")
        for e in d.get("extensions", []):
            assert start is not None
            assert start <= dt.date.fromisoformat(e["requested_on"])


def test_a_realistic_mix_of_failures(corpus: list[dict[str, Any]]) -> None:
    lateness = [
        (submitted - end).days
        for d in corpus
        if (submitted := _on(d, "acceptance.submitted_on")) and (end := _on(d, "contract.end"))
    ]
    assert sum(days > 120 for days in lateness) > 2  # more than 3 months after the end
    exts = [e for d in corpus for e in d.get("extensions", [])]
    assert any(e["months"] > 12 for e in exts)
    assert sum(len(d.get("extensions", [])) > 1 for d in corpus) > 2
    ballots = [b for d in corpus for b in d.get("acceptance", {}).get("ballots", [])]
    assert any(None in b.get("scores", {None: None}).values() for b in ballots)
    assert any(min(_dates(d), default=AS_OF) < IN_FORCE for d in corpus)
    assert any("contract" in d and "duration_months" not in d["contract"] for d in corpus)
    absent = [
        m
        for d in corpus
        for m in d.get("proposal", {}).get("council", {}).get("members", [])
        if m.get("present") is False
    ]
    assert absent


def test_statuses_and_outcomes_are_mixed(results: list[Any]) -> None:
    statuses = Counter(r.status for r in results)
    outcomes = Counter(x.outcome for r in results for x in r.decisions)
    assert {"compliant", "non_compliant", "needs_review"} <= set(statuses)
    assert statuses["compliant"] > N // 10
    for outcome in ("satisfied", "violated", "referred", "not_applicable", "unknown", "pending"):
        assert outcomes[outcome] > 0, outcome
    grades = Counter(
        x.value for r in results for x in r.decisions if x.id == "acceptance.classification"
    )
    assert {"xuat_sac", "dat", "khong_dat"} <= set(grades)


@pytest.mark.parametrize("hash_seed", ["1", "2"])
def test_command_line_writes_the_same_dossiers(hash_seed: str) -> None:
    # in a new process with another string-hash seed: no set order leaks into the dossiers
    proc = subprocess.run(
        [sys.executable, str(ROOT / "benchmarks" / "corpus.py"), "-n", "60", "--seed", "11"],
        capture_output=True,
        text=True,
        check=True,
        env={**os.environ, "PYTHONHASHSEED": hash_seed},
    )
    lines = proc.stdout.splitlines()
    assert [json.loads(x) for x in lines] == list(generate(60, seed=11))


def test_k_fold_rule_file_checks_and_decides_like_the_original(
    rules: regcore.RuleSet, corpus: list[dict[str, Any]]
) -> None:
    engine = rules.engine
    text = replicate(
        bundled_regulation().read_text(encoding="utf-8"),
        2,
        engine.order,
        lambda i: engine._is_input_path(tuple(i.split("."))),
    )
    twice = regcore.loads(text, "x2.reg")
    assert len(twice.engine.order) == 2 * len(engine.order)
    for d in corpus[:20]:
        one = rules.evaluate(d, as_of=AS_OF)
        two = twice.evaluate(d, as_of=AS_OF)
        base = [(x.id, x.subject, x.outcome, x.value) for x in one.decisions]
        copy = [
            (x.id.removeprefix("b2."), x.subject, x.outcome, x.value)
            for x in two.decisions
            if x.id.startswith("b2.")
        ]
        assert copy == base
