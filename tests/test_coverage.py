"""regcore coverage: executable / text only / missing by provision, and tested by the cases."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

import regcore
from regcore.cases import load_case_file, run_cases
from regcore.cli import main
from regcore.coverage import coverage, render_coverage, untested_or_missing

RULES = """văn bản "01/2025/TT-TEST"
  có hiệu lực từ 01/01/2025 theo khoản 1 Điều 3

đầu vào
  trường n: số "Số"

Điều 1. Có quy tắc
khoản 1.
\"\"\"
1. n không quá 3, điểm a khoản 2 nói rõ hơn.
\"\"\"
quyết định a.small "n nhỏ"
  yêu cầu n không quá 3 theo điểm a khoản 2

khoản 2.
điểm a)
\"\"\"
a) n không quá 3.
\"\"\"
điểm b)
\"\"\"
b) Thủ tục.
\"\"\"
chỉ có văn bản "Thủ tục"

Điều 2. Chỉ có văn bản
chỉ có văn bản "Không có gì để tính"
khoản 1.
\"\"\"
1. Một việc.
\"\"\"

Điều 3. Hiệu lực
khoản 1.
\"\"\"
1. Có hiệu lực.
\"\"\"
khoản 2.
\"\"\"
2. Chưa xử lý.
\"\"\"
"""


def _units(cov: object) -> dict[str, tuple[str, bool | None]]:
    out: dict[str, tuple[str, bool | None]] = {}

    def walk(u: object) -> None:
        out[u.cite()] = (u.status, u.tested)  # type: ignore[attr-defined]
        for k in u.children:  # type: ignore[attr-defined]
            walk(k)

    for u in cov.units:  # type: ignore[attr-defined]
        walk(u)
    return out


def test_statuses_without_tests() -> None:
    rules = regcore.loads(RULES, "t.reg")
    cov = coverage(rules.checked)
    units = _units(cov)
    assert units["khoản 1 Điều 1"] == ("executable", None)
    assert units["điểm a khoản 2 Điều 1"] == ("executable", None)  # cited by «theo»
    assert units["điểm b khoản 2 Điều 1"] == ("text", None)
    assert units["khoản 2 Điều 1"] == ("partial", None)
    assert units["Điều 1"] == ("partial", None)
    assert units["khoản 1 Điều 2"] == ("text", None)  # inherited from the article's mark
    assert units["khoản 2 Điều 3"] == ("missing", None)
    assert cov.counts == {"executable": 2, "tested": 0, "text": 2, "missing": 2}
    text = render_coverage(cov)
    assert "Điều 2 Chỉ có văn bản — chỉ có văn bản: Không có gì để tính" in text
    assert "điểm a — có quy tắc: a.small" in text


def test_tested_by_cases(tmp_path: Path) -> None:
    case = tmp_path / "c.yaml"
    case.write_text(
        "as_of: 2025-06-01\ncases:\n"
        "  - name: nhỏ\n    dossier: {n: 2}\n"
        "    expect: [{id: a.small, outcome: satisfied, cite: khoản 1 Điều 1}]\n",
        encoding="utf-8",
    )
    rules = regcore.loads(RULES, "t.reg")
    results = run_cases(load_case_file(case), lambda paths: rules)
    assert all(r.passed for r in results)
    cov = coverage(rules.checked, [d for r in results for d in r.exercised])
    units = _units(cov)
    assert units["khoản 1 Điều 1"] == ("executable", True)
    assert units["điểm a khoản 2 Điều 1"] == ("executable", False)
    assert [u.cite() for u in untested_or_missing(cov)] == [
        "điểm a khoản 2 Điều 1",
        "khoản 1 Điều 3",
        "khoản 2 Điều 3",
    ]


def test_cli_json_and_strict(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "t.reg"
    path.write_text(RULES, encoding="utf-8")
    assert main(["coverage", "--rules", str(path), "--format", "json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["counts"]["missing"] == 2
    assert data["units"][0]["children"][0] == {
        "unit": "khoản 1 Điều 1",
        "status": "executable",
        "rules": ["a.small"],
    }
    # --strict measures testing: without cases to run it is a usage error
    assert main(["coverage", "--rules", str(path), "--strict"]) == 2
    case = tmp_path / "c.yaml"
    case.write_text(
        "as_of: 2025-06-01\ncases:\n  - name: nhỏ\n    dossier: {n: 2}\n"
        "    expect: [{id: a.small, outcome: satisfied}]\n",
        encoding="utf-8",
    )
    strict = ["coverage", "--rules", str(path), "--tests", str(case), "--strict"]
    assert main(strict) == 1  # khoản 2 Điều 3 is missing


def test_bundled_circular_has_no_missing_article_marks() -> None:
    cov = coverage(regcore.load().checked)
    units = _units(cov)
    assert units["Điều 2"][0] == "text"
    assert units["Điều 6"][0] == "text"
    assert units["khoản 2 Điều 5"][0] == "executable"
