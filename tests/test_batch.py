"""Batch evaluation: progress on stderr, results in input order, a summary that matches them."""

from __future__ import annotations

import copy
import datetime as dt
import io
import json
from collections import Counter
from pathlib import Path

import pytest

from regcore.batch import Summary, render_summary
from regcore.cli import main

ROOT = Path(__file__).parent.parent
BASE = json.loads((ROOT / "tests" / "cases" / "dossiers" / "tinh_de_tai.json").read_text("utf-8"))


def _corpus(n: int) -> list[dict[str, object]]:
    out = []
    for i in range(n):
        d = copy.deepcopy(BASE)
        d["id"] = f"B-{i:03d}"
        if i % 3 == 1:  # 31 days late: acceptance.submission_deadline violated
            d["acceptance"]["submitted_on"] = "2027-09-01"  # type: ignore[index]
        if i % 5 == 2:  # an extension asked 11 days before the end (not granted): referred
            d["extensions"] = [{"requested_on": "2027-07-20", "months": 2}]
        out.append(d)
    return out


def test_jsonl_stream_in_order_with_progress_and_summary(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    corpus = _corpus(24)
    lines = "\n".join(json.dumps(d, ensure_ascii=False) for d in corpus) + "\n"
    monkeypatch.setattr("sys.stdin", io.StringIO(lines))
    args = ["eval", "-", "--format", "jsonl", "--as-of", "2028-12-01", "--workers", "2"]
    code = main([*args, "--progress", "always"])
    out, err = capsys.readouterr()
    results = [json.loads(line) for line in out.splitlines()]
    assert [r["dossier"] for r in results] == [d["id"] for d in corpus]
    statuses = Counter(r["status"] for r in results)
    assert code == (1 if statuses["non_compliant"] else 0)
    # progress bar on stderr, then the summary table
    assert "24/24" in err
    assert f"│ không tuân thủ │ {statuses['non_compliant']:>8} │" in err
    violated = sum(
        1
        for r in results
        if any(
            d["id"] == "acceptance.submission_deadline" and d["outcome"] == "violated"
            for d in r["decisions"]
        )
    )
    assert violated == 8
    assert "acceptance.submission_deadline" in err
    assert f"│ {violated:>8} │" in err


def test_summary_counts_dossiers_not_decisions() -> None:
    from regcore import load

    rules = load()
    results = list(rules.evaluate_many(_corpus(15), as_of=dt.date(2028, 12, 1)))
    s = Summary()
    for r in results:
        s.add(r)
    data = s.to_dict()
    assert data["dossiers"] == 15
    assert sum(data["by_status"].values()) == 15
    assert data["by_status"] == dict(Counter(r.status for r in results))
    top = {v["id"]: v["dossiers"] for v in data["violations"]}
    assert top["acceptance.submission_deadline"] == 5
    refs = {v["id"]: v["dossiers"] for v in data["referrals"]}
    assert refs["extension.request_timing"] == 3
    text = render_summary(s, lang="en")
    assert "Summary of 15 dossiers" in text and "Most frequent referrals" in text


def test_no_progress_when_not_a_terminal_and_no_summary_for_one(
    capsys: pytest.CaptureFixture[str],
) -> None:
    example = str(ROOT / "examples" / "dn-2025-dt-ecmo.json")
    assert main(["eval", example, "--as-of", "2027-10-01", "--format", "json"]) == 0
    err = capsys.readouterr().err
    assert err == ""
