"""The evaluating commands with a provincial layer alone (its bundled base loaded first), and
the words they print in the reader's language (deadline states, diff citations)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from regcore.cli import main

ROOT = Path(__file__).parent.parent
CIRCULAR = ROOT / "regulations" / "circular_09_2024.reg"
LAYER = ROOT / "regulations" / "examples" / "da_nang_2025.reg"
DOSSIER = ROOT / "tests" / "cases" / "dossiers" / "tinh_de_tai.json"
AS_OF = "2026-11-22"


def _dossier(tmp_path: Path, name: str, change: Any) -> Path:
    data = json.loads(DOSSIER.read_text(encoding="utf-8"))
    change(data)
    path = tmp_path / name
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    return path


@pytest.fixture
def call_45_days(tmp_path: Path) -> Path:
    """A call announced 01/08/2025 that closes 45 days later (the city's minimum)."""

    def change(d: dict[str, Any]) -> None:
        d["call"]["announced_on"] = "2025-08-01"
        d["call"]["closes_on"] = "2025-09-15"

    return _dossier(tmp_path, "call45.json", change)


@pytest.fixture
def stricter_layer(tmp_path: Path) -> Path:
    """The Đà Nẵng layer with 60 days instead of 45 (an edit to diff)."""
    text = LAYER.read_text(encoding="utf-8")
    assert "call.announced_on + 45 ngày" in text
    path = tmp_path / "da_nang_60.reg"
    path.write_text(text.replace("call.announced_on + 45 ngày", "call.announced_on + 60 ngày"))
    return path


# ----------------------------------------------------------------------------- 1. layers alone


def _eval_json(capsys: pytest.CaptureFixture[str], *rules: Path) -> tuple[int, dict[str, Any]]:
    args = ["eval", str(DOSSIER), "--as-of", AS_OF, "--format", "json"]
    for r in rules:
        args += ["--rules", str(r)]
    code = main(args)
    return code, json.loads(capsys.readouterr().out)


def test_eval_with_a_layer_alone_loads_the_bundled_circular_first(
    capsys: pytest.CaptureFixture[str],
) -> None:
    code, alone = _eval_json(capsys, LAYER)
    assert [r["file"] for r in alone["receipt"]["rules"]] == [
        "circular_09_2024.reg",
        "da_nang_2025.reg",
    ]
    assert "da_nang.online_application" in {d["id"] for d in alone["decisions"]}
    both_code, both = _eval_json(capsys, CIRCULAR, LAYER)
    assert (code, alone) == (both_code, both)


def test_a_base_given_is_not_loaded_twice(capsys: pytest.CaptureFixture[str]) -> None:
    # Given in the wrong order, the base still comes first, once.
    _, result = _eval_json(capsys, LAYER, CIRCULAR)
    assert [r["file"] for r in result["receipt"]["rules"]] == [
        "circular_09_2024.reg",
        "da_nang_2025.reg",
    ]


def test_explain_and_deadlines_with_a_layer_alone(
    capsys: pytest.CaptureFixture[str], call_45_days: Path
) -> None:
    code = main(
        ["explain", str(call_45_days), "call.period", "--rules", str(LAYER), "--as-of", AS_OF]
    )
    out = capsys.readouterr().out
    assert code in (0, 1, 3)
    assert "Điều 2 Quyết định 25/2025/QĐ-UBND" in out
    assert main(["deadlines", str(DOSSIER), "--rules", str(LAYER), "--as-of", AS_OF]) == 0
    assert "khoản 1 Điều 24 Thông tư 09/2024/TT-BKHCN" in capsys.readouterr().out


def test_test_command_with_a_layer_alone(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    cases = tmp_path / "layer.yaml"
    cases.write_text(
        f"rules: [{LAYER}]\n"
        f"base: {DOSSIER}\n"
        f"as_of: {AS_OF}\n"
        "cases:\n"
        "  - name: 45 ngày là đáp ứng\n"
        "    set: {call.announced_on: 2025-08-01, call.closes_on: 2025-09-15}\n"
        "    expect:\n"
        "      - {id: call.period, outcome: satisfied, cite: Điều 2 Quyết định 25/2025/QĐ-UBND}\n",
        encoding="utf-8",
    )
    assert main(["test", str(cases)]) == 0
    assert capsys.readouterr().out.splitlines()[-1] == "1 trường hợp: 1 đạt, 0 không đạt"


def test_diff_of_a_layer_alone(
    capsys: pytest.CaptureFixture[str], call_45_days: Path, stricter_layer: Path
) -> None:
    args = ["diff", str(LAYER), str(stricter_layer), str(call_45_days), "--as-of", AS_OF]
    assert main([*args, "--format", "json"]) == 1
    report = json.loads(capsys.readouterr().out)
    assert [(c["id"], c["old"]["outcome"], c["new"]["outcome"]) for c in report["changes"]] == [
        ("call.period", "satisfied", "violated")
    ]


# ----------------------------------------------------------------------------- 2. deadline states


@pytest.fixture
def no_acceptance(tmp_path: Path) -> Path:
    """A dossier whose acceptance dossier is not submitted yet (due 30/08/2027)."""
    return _dossier(tmp_path, "no_acceptance.json", lambda d: d.pop("acceptance"))


def _deadline_line(capsys: pytest.CaptureFixture[str], dossier: Path, *args: str) -> str:
    assert main(["deadlines", str(dossier), *args]) == 0
    lines = capsys.readouterr().out.splitlines()
    return next(line for line in lines if "acceptance.submission_deadline" in line)


def test_deadline_states_in_vietnamese(
    capsys: pytest.CaptureFixture[str], no_acceptance: Path
) -> None:
    line = _deadline_line(capsys, no_acceptance, "--as-of", "2027-08-01")
    assert line.startswith("30/08/2027  chưa đến hạn acceptance.submission_deadline  — ")
    line = _deadline_line(capsys, no_acceptance, "--as-of", "2027-09-01")
    assert line.startswith("30/08/2027  quá hạn      acceptance.submission_deadline  — ")
    line = _deadline_line(capsys, DOSSIER, "--as-of", "2027-09-01")
    assert line.startswith("30/08/2027  đúng hạn     acceptance.submission_deadline (20/08/2027)")
    assert line.endswith("— khoản 1 Điều 24 Thông tư 09/2024/TT-BKHCN")


def test_deadline_states_in_english(
    capsys: pytest.CaptureFixture[str], no_acceptance: Path
) -> None:
    line = _deadline_line(capsys, no_acceptance, "--as-of", "2027-08-01", "--lang", "en")
    assert line.startswith("2027-08-30  open     acceptance.submission_deadline  — ")
    line = _deadline_line(capsys, no_acceptance, "--as-of", "2027-09-01", "--lang", "en")
    assert line.startswith("2027-08-30  overdue  acceptance.submission_deadline  — ")
    assert line.endswith("— clause 1, Article 24 of Circular 09/2024/TT-BKHCN")


def test_deadline_json_keeps_the_state_codes(
    capsys: pytest.CaptureFixture[str], no_acceptance: Path
) -> None:
    args = ["deadlines", str(no_acceptance), "--as-of", "2027-09-01", "--format", "json"]
    assert main(args) == 0
    rows = json.loads(capsys.readouterr().out)
    states = {r["id"]: r["state"] for r in rows}
    assert states["acceptance.submission_deadline"] == "overdue"
    assert set(states.values()) <= {"met", "missed", "open", "overdue"}


# ----------------------------------------------------------------------------- 3. diff in English


def test_diff_in_english_cites_in_english(
    capsys: pytest.CaptureFixture[str], call_45_days: Path, stricter_layer: Path
) -> None:
    args = ["diff", str(LAYER), str(stricter_layer), str(call_45_days), "--as-of", AS_OF]
    assert main([*args, "--lang", "en", "--format", "md"]) == 1
    md = capsys.readouterr().out
    assert (
        "| DN-2025-DT-03 | call.period |  | satisfied → violated "
        "| Article 2 of Decision 25/2025/QĐ-UBND |" in md
    )
    assert "| call.period | Article 2 of Decision 25/2025/QĐ-UBND | 1 |" in md
    assert "Điều 2" not in md
    assert main([*args, "--lang", "en"]) == 1
    text = capsys.readouterr().out
    assert "Article 2 of Decision 25/2025/QĐ-UBND" in text and "Điều 2" not in text
    assert main([*args, "--lang", "en", "--format", "json"]) == 1
    change = json.loads(capsys.readouterr().out)["changes"][0]
    assert (
        change["old"]["cite"] == change["new"]["cite"] == ("Article 2 of Decision 25/2025/QĐ-UBND")
    )
    assert main([*args, "--format", "md"]) == 1
    assert "| call.period | Điều 2 Quyết định 25/2025/QĐ-UBND | 1 |" in capsys.readouterr().out
