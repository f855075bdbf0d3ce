"""The Python API and the evaluating commands: exit codes, formats, determinism, bad input."""

from __future__ import annotations

import datetime as dt
import json
import pickle
import subprocess
import sys
from pathlib import Path

import pytest

import regcore
from regcore.api import ErrorResult, RuleSet, load
from regcore.cli import main

ROOT = Path(__file__).parent.parent
EXAMPLES = ROOT / "examples"
SAMPLE = ROOT / "regulations" / "samples" / "provisions_vi.reg"
AS_OF = "2028-04-01"


@pytest.fixture(scope="module")
def rules() -> RuleSet:
    return load(SAMPLE)


def run_cli(*args: str, stdin: str | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "regcore.cli", *args],
        capture_output=True,
        text=True,
        input=stdin,
        cwd=ROOT,
        check=False,
    )


def test_api_evaluates_a_file(rules: RuleSet) -> None:
    r = rules.evaluate(EXAMPLES / "tth-2025-sxtn-duoc-lieu.json", as_of=dt.date(2028, 4, 1))
    assert r.status == "non_compliant"
    d = r["acceptance.submission_deadline"]
    assert (d.outcome, d.due, d.done_on) == (
        "violated",
        dt.date(2028, 1, 31),
        dt.date(2028, 2, 15),
    )
    assert r[("extension.count", "2")].outcome == "referred"
    assert r["acceptance.classification"].value == "khong_dat"
    out = r.to_dict()
    assert out["receipt"]["calendar"] == "vn-2026.1"
    assert out["receipt"]["rules"][0]["file"] == "provisions_vi.reg"
    assert len(out["receipt"]["dossier_sha256"]) == 64


def test_rule_set_pickles(rules: RuleSet) -> None:
    again = pickle.loads(pickle.dumps(rules))
    a = rules.evaluate(EXAMPLES / "dn-2025-dt-ecmo.json", as_of=dt.date(2028, 1, 1)).to_json()
    b = again.evaluate(EXAMPLES / "dn-2025-dt-ecmo.json", as_of=dt.date(2028, 1, 1)).to_json()
    assert a == b


def test_evaluate_many_keeps_every_input_in_order(rules: RuleSet) -> None:
    good = json.loads((EXAMPLES / "dn-2025-dt-ecmo.json").read_text(encoding="utf-8"))
    bad = {**good, "id": "BAD", "level": "huyen"}
    items = [good, bad, str(EXAMPLES / "tth-2025-sxtn-duoc-lieu.json")]
    out = list(rules.evaluate_many(items, as_of=dt.date(2028, 4, 1)))
    assert len(out) == 3
    assert isinstance(out[1], ErrorResult)
    assert out[1].path == "level"
    assert [getattr(r, "dossier", None) for r in (out[0], out[2])] == [
        "DN-2025-DT-03",
        "TTH-2025-SXTN-11",
    ]
    parallel = list(rules.evaluate_many(items, as_of=dt.date(2028, 4, 1), workers=2))
    assert [r.to_dict() for r in parallel] == [r.to_dict() for r in out]


def test_two_processes_give_byte_identical_json() -> None:
    args = [
        "eval",
        "--rules",
        str(SAMPLE),
        "--as-of",
        AS_OF,
        "--format",
        "json",
        str(EXAMPLES / "tth-2025-sxtn-duoc-lieu.json"),
    ]
    first, second = run_cli(*args), run_cli(*args)
    assert first.returncode == second.returncode == 1
    assert first.stdout == second.stdout
    assert json.loads(first.stdout)["status"] == "non_compliant"


def test_exit_codes(tmp_path: Path) -> None:
    base = ["eval", "--rules", str(SAMPLE), "--as-of", AS_OF]
    assert run_cli(*base, str(EXAMPLES / "tth-2025-sxtn-duoc-lieu.json")).returncode == 1
    bad = tmp_path / "bad.json"
    bad.write_text(
        '{"id": "X", "level": "tinh", "contract": {"end": "2027-02-30"}}', encoding="utf-8"
    )
    proc = run_cli(*base, str(bad))
    assert proc.returncode == 2
    assert "contract.end" in proc.stderr
    assert "Traceback" not in proc.stderr + proc.stdout
    broken = tmp_path / "broken.json"
    broken.write_text('{"id": "X", "level": ', encoding="utf-8")
    proc = run_cli(*base, str(broken))
    assert proc.returncode == 2 and "Traceback" not in proc.stderr
    proc = run_cli(*base, str(tmp_path / "missing.json"))
    assert proc.returncode == 2 and "Traceback" not in proc.stderr
    proc = run_cli("eval", "--as-of", "hôm qua", str(bad))
    assert proc.returncode == 2 and "Traceback" not in proc.stderr


def test_jsonl_on_stdin_keeps_order_and_bad_lines() -> None:
    good = json.loads((EXAMPLES / "tth-2025-sxtn-duoc-lieu.json").read_text(encoding="utf-8"))
    lines = "\n".join([json.dumps(good), "{not json", json.dumps({**good, "id": "Z"})])
    proc = run_cli(
        "eval", "--rules", str(SAMPLE), "--as-of", AS_OF, "--format", "jsonl", "-", stdin=lines
    )
    rows = [json.loads(x) for x in proc.stdout.splitlines()]
    assert [r["status"] for r in rows] == ["non_compliant", "error", "non_compliant"]
    assert rows[2]["dossier"] == "Z"
    assert proc.returncode == 2


def test_explain_and_deadlines(capsys: pytest.CaptureFixture[str]) -> None:
    code = main(
        [
            "explain",
            str(EXAMPLES / "tth-2025-sxtn-duoc-lieu.json"),
            "acceptance.submission_deadline",
            "--rules",
            str(SAMPLE),
            "--as-of",
            AS_OF,
        ]
    )
    out = capsys.readouterr().out
    assert code == 1
    assert "31/01/2028" in out and "khoản 1 Điều 24" in out
    code = main(
        [
            "deadlines",
            str(EXAMPLES / "tth-2025-sxtn-duoc-lieu.json"),
            "--rules",
            str(SAMPLE),
            "--as-of",
            AS_OF,
            "--format",
            "ics",
        ]
    )
    ics = capsys.readouterr().out
    assert code == 0
    assert "BEGIN:VCALENDAR" in ics and "DTSTART;VALUE=DATE:20280131" in ics


def test_schema_command(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["schema", "--rules", str(SAMPLE)]) == 0
    schema = json.loads(capsys.readouterr().out)
    assert "level" in schema["properties"]
    assert schema["properties"]["level"]


def test_public_names() -> None:
    assert regcore.load is load
    assert issubclass(regcore.DossierError, regcore.RegError)


def test_only_keeps_decisions_with_the_prefix() -> None:
    proc = run_cli(
        "eval",
        "--rules",
        str(SAMPLE),
        "--as-of",
        AS_OF,
        "--format",
        "json",
        "--only",
        "extension.",
        str(EXAMPLES / "tth-2025-sxtn-duoc-lieu.json"),
    )
    ids = {d["id"] for d in json.loads(proc.stdout)["decisions"]}
    assert ids == {
        "extension.max_months",
        "extension.count",
        "extension.length",
        "extension.request_timing",
    }
    assert proc.returncode == 3  # only referrals among these: needs review


def test_a_closed_pipe_is_not_a_traceback() -> None:
    proc = subprocess.run(
        f'"{sys.executable}" -m regcore.cli eval --rules "{SAMPLE}" --as-of {AS_OF} '
        f'"{EXAMPLES / "tth-2025-sxtn-duoc-lieu.json"}" | head -n 2',
        shell=True,
        capture_output=True,
        text=True,
        cwd=ROOT,
        check=False,
    )
    assert proc.stdout.splitlines()[0] == "Hồ sơ: TTH-2025-SXTN-11"
    assert "Traceback" not in proc.stderr


def test_evaluate_many_reads_its_input_lazily(rules: RuleSet) -> None:
    import itertools

    good = json.loads((EXAMPLES / "dn-2025-dt-ecmo.json").read_text(encoding="utf-8"))
    endless = ({**good, "id": f"D{i}"} for i in itertools.count())
    for workers in (1, 2):
        first = list(
            itertools.islice(
                rules.evaluate_many(endless, as_of=dt.date(2027, 10, 1), workers=workers), 3
            )
        )
        assert [r.status for r in first] == ["compliant"] * 3
