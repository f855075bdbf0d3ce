"""regcore diff: the decisions an edit changes, over a corpus of dossiers."""

from __future__ import annotations

import copy
import json
from pathlib import Path

import pytest

from regcore.cli import main

ROOT = Path(__file__).parent.parent
CIRCULAR = ROOT / "regulations" / "circular_09_2024.reg"
BASE = json.loads((ROOT / "tests" / "cases" / "dossiers" / "tinh_de_tai.json").read_text("utf-8"))
OLD_LINE = "        hoặc acceptance.score < 70 điểm\n"


def _dossier(ident: str, total: int) -> dict[str, object]:
    """The base dossier with 5 acceptance ballots each totalling ``total`` points."""
    d = copy.deepcopy(BASE)
    d["id"] = ident
    scores = {"a": 18, "b": 4, "c": 20, "d": 25, "dd": 4, "e": 5, "g": 0}  # 76 points
    scores["d"] += total - 76  # d (max 30) takes up the difference: 60 → 9, 80 → 29
    for b in d["acceptance"]["ballots"]:  # type: ignore[index]
        b["scores"] = dict(scores)
    return d


@pytest.fixture
def corpus(tmp_path: Path) -> Path:
    folder = tmp_path / "dossiers"
    folder.mkdir()
    for ident, total in (("D-72", 72), ("D-75", 75), ("D-80", 80), ("D-60", 60)):
        (folder / f"{ident}.json").write_text(
            json.dumps(_dossier(ident, total), ensure_ascii=False), encoding="utf-8"
        )
    return folder


@pytest.fixture
def edited(tmp_path: Path) -> Path:
    text = CIRCULAR.read_text(encoding="utf-8")
    assert text.count(OLD_LINE) == 1
    path = tmp_path / "edited.reg"
    path.write_text(text.replace(OLD_LINE, OLD_LINE.replace("70", "75")), encoding="utf-8")
    return path


def test_70_to_75_changes_exactly_the_classification_of_scores_in_between(
    corpus: Path, edited: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code = main(
        [
            "diff",
            str(CIRCULAR),
            str(edited),
            str(corpus),
            "--as-of",
            "2028-12-01",
            "--format",
            "json",
        ]
    )
    report = json.loads(capsys.readouterr().out)
    assert code == 1
    assert report["dossiers"] == 4
    changed = {(c["dossier"], c["id"]) for c in report["changes"]}
    # Only the dossier scoring 72 is classified differently: «Đạt» under 70, «Không đạt» under 75;
    # its completion-report deadline applies only to «Đạt» or better, so it changes too.
    assert ("D-72", "acceptance.classification") in changed
    assert {d for d, _ in changed} == {"D-72"}
    cls = next(c for c in report["changes"] if c["id"] == "acceptance.classification")
    assert (cls["old"]["value"], cls["new"]["value"]) == ("dat", "khong_dat")
    assert cls["old"]["cite"] == "điểm b khoản 2 Điều 28 Thông tư 09/2024/TT-BKHCN"
    assert cls["new"]["cite"] == "điểm c khoản 2 Điều 28 Thông tư 09/2024/TT-BKHCN"
    assert cls["fields"] == ["value", "cite"]
    others = {i for d, i in changed} - {"acceptance.classification"}
    assert others <= {"acceptance.completion_deadline"}


def test_text_report_and_no_change(
    corpus: Path, edited: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["diff", str(CIRCULAR), str(edited), str(corpus), "--as-of", "2028-12-01"]) == 1
    out = capsys.readouterr().out
    assert "D-72" in out and "acceptance.classification" in out
    assert "dat" in out and "khong_dat" in out
    assert "Tổng hợp theo quyết định" in out
    assert main(["diff", str(CIRCULAR), str(CIRCULAR), str(corpus), "--as-of", "2028-12-01"]) == 0
    assert "Không có quyết định nào thay đổi trên 4 hồ sơ." in capsys.readouterr().out


def test_bad_rule_file_is_exit_2(
    corpus: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    bad = tmp_path / "bad.reg"
    bad.write_text('văn bản "X"\nquyết định\n', encoding="utf-8")
    assert main(["diff", str(CIRCULAR), str(bad), str(corpus)]) == 2
    err = capsys.readouterr().err
    assert "bad.reg:2" in err


def test_70_to_75_on_the_bundled_examples(edited: Path, capsys: pytest.CaptureFixture[str]) -> None:
    examples = ROOT / "examples"
    args = ["diff", str(CIRCULAR), str(edited), str(examples), "--as-of", "2029-03-01"]
    assert main([*args, "--format", "json"]) == 1
    report = json.loads(capsys.readouterr().out)
    assert report["dossiers"] == len(list(examples.glob("*.json")))
    changes = [
        (c["dossier"], c["id"], c["old"]["outcome"], c["new"]["outcome"]) for c in report["changes"]
    ]
    # the cấp cơ sở đề tài of Thanh Hóa scores 71.7: «Đạt» under 70, «Không đạt» under 75, and its
    # completion-report deadline (for «Đạt» or better only) no longer applies
    assert changes == [
        ("TH-2025-DT-21", "acceptance.classification", "satisfied", "satisfied"),
        ("TH-2025-DT-21", "acceptance.completion_deadline", "satisfied", "not_applicable"),
    ]
    cls = report["changes"][0]
    assert (cls["old"]["value"], cls["new"]["value"]) == ("dat", "khong_dat")
    assert cls["new"]["cite"] == "khoản 5 Điều 41 Thông tư 09/2024/TT-BKHCN"
    assert report["changes"][1]["new"]["cite"] == "điểm a khoản 6 Điều 41 Thông tư 09/2024/TT-BKHCN"
