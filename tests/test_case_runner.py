"""The case runner itself (regcore test): reading, matching, diffs, JUnit."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

import regcore
from regcore.cases import CaseError, junit_xml, load_case_file, render_result, run_cases
from regcore.cli import main

BASE = Path(__file__).parent / "cases" / "dossiers" / "tinh_de_tai.json"


def _write(tmp_path: Path, text: str) -> Path:
    p = tmp_path / "c.yaml"
    p.write_text(text.replace("BASE", str(BASE)), encoding="utf-8")
    return p


CASE = """
base: BASE
as_of: 2026-11-22
cases:
  - name: ok
    set: {extensions: [{requested_on: 2027-06-30, months: 12, approved_by: co_quan_quan_ly}]}
    expect:
      - {id: extension.max_months, outcome: satisfied, value: 12, cite: điểm c khoản 3 Điều 21}
  - name: wrong
    set: {extensions: [{requested_on: 2027-07-01, months: 6}]}
    expect:
      - {id: extension.request_timing, subject: 1, outcome: satisfied}
      - {id: extension.max_months, value: 6, cite: khoản 3 Điều 21}
      - {id: no.such.decision, absent: true}
"""


def test_pass_and_fail_with_diff(tmp_path: Path) -> None:
    cases = load_case_file(_write(tmp_path, CASE))
    results = run_cases(cases, lambda paths: regcore.load(*paths))
    assert [r.passed for r in results] == [True, False]
    text = render_result(results[1])
    assert "extension.request_timing [1]" in text
    assert "- mong đợi / expected: satisfied" in text
    assert "+ thực tế / actual:    referred" in text
    assert "+ thực tế / actual:    12" in text
    assert "+ thực tế / actual:    điểm c khoản 3 Điều 21" in text
    assert {(m.decision, m.field) for m in results[1].mismatches} == {
        ("extension.request_timing [1]", "outcome"),
        ("extension.max_months", "value"),
        ("extension.max_months", "cite"),
    }


def test_junit_is_read_by_a_junit_parser(tmp_path: Path) -> None:
    cases = load_case_file(_write(tmp_path, CASE))
    xml = junit_xml(run_cases(cases, lambda paths: regcore.load(*paths)))
    root = ET.fromstring(xml.encode("utf-8"))
    assert root.tag == "testsuites"
    assert (root.get("tests"), root.get("failures")) == ("2", "1")
    failed = root.findall(".//testcase[failure]")
    assert [tc.get("name") for tc in failed] == ["wrong"]


def test_cli_exit_codes_and_junit_file(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = _write(tmp_path, CASE)
    junit = tmp_path / "report.xml"
    assert main(["test", str(path), "--junit", str(junit)]) == 1
    out = capsys.readouterr().out
    assert "2 trường hợp: 1 đạt, 1 không đạt" in out
    assert ET.parse(junit).getroot().get("failures") == "1"
    ok = _write(tmp_path, CASE.split("  - name: wrong")[0])
    assert main(["test", str(ok), "--lang", "en"]) == 0
    assert "1 cases: 1 passed, 0 failed" in capsys.readouterr().out


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("as_of: 2026-11-22\ncases: [{name: x, expct: []}]", "unknown key 'expct'"),
        ("cases: [{name: x, expect: [{id: a}]}]", "as_of is missing"),
        ("as_of: 2026-11-22\ncases: [{expect: [{id: a}], set: {'a..b': 1}}]", "bad path"),
        ("as_of: 2026-13-01\nexpect: [{id: a}]", "expected a date"),
        ("as_of: 2026-11-22\nexpect: [{outcome: x}]", "expected a mapping with an id"),
        ("as_of: 2026-11-22\nexpect: [{id: a}]\nunset: [acceptance]", "not present"),
    ],
)
def test_bad_case_files_name_the_place(tmp_path: Path, text: str, message: str) -> None:
    with pytest.raises(CaseError) as info:
        load_case_file(_write(tmp_path, text))
    assert message in info.value.message
    assert str(tmp_path / "c.yaml") in info.value.message


def test_cli_bad_case_file_exit_2(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = _write(tmp_path, "as_of: 2026-11-22\ncases: [{expect: [{id: a}], bogus: 1}]")
    assert main(["test", str(path)]) == 2
    assert "unknown key 'bogus'" in capsys.readouterr().err


def test_junit_into_a_missing_folder_is_an_error_not_a_traceback(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = _write(tmp_path, CASE.split("  - name: wrong")[0])
    assert main(["test", str(path), "--junit", str(tmp_path / "no" / "j.xml")]) == 2
    assert "--junit" in capsys.readouterr().err


LAYER = Path(__file__).parent.parent / "regulations" / "examples" / "da_nang_2025.reg"

BROKEN_RULES = """
base: BASE
as_of: 2026-11-22
cases:
  - name: broken one
    rules: [broken.reg]
    expect: [{id: call.period, outcome: satisfied}]
  - name: broken two
    rules: [broken.reg]
    status: compliant
  - name: fine
    expect: [{id: call.period, outcome: satisfied}]
"""


def test_a_broken_rule_file_is_an_error_case_in_junit_and_exit_2(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    text = LAYER.read_text(encoding="utf-8")
    assert "call.announced_on + 45 ngày" in text
    broken = text.replace("call.announced_on + 45 ngày", "call.announced_onn + 45 ngày")
    (tmp_path / "broken.reg").write_text(broken, encoding="utf-8")
    path = _write(tmp_path, BROKEN_RULES)
    junit = tmp_path / "report.xml"
    assert main(["test", str(path), "--junit", str(junit)]) == 2
    captured = capsys.readouterr()
    line = (
        "    lỗi / error: tệp quy tắc có 1 lỗi / the rule file has 1 error(s): "
        f"{tmp_path / 'broken.reg'}:45:60 E211 «ThôngBáo» has no field «announced_onn»"
    )
    assert captured.out.splitlines() == [
        f"FAIL  {path} :: broken one",
        line,
        f"FAIL  {path} :: broken two",
        line,
        f"PASS  {path} :: fine",
        "3 trường hợp: 1 đạt, 2 không đạt",
    ]
    # The diagnostics, once, as `regcore check` prints them.
    assert captured.err.count("E211 «ThôngBáo» không có trường «announced_onn»") == 1
    assert f" --> {tmp_path / 'broken.reg'}:45:60" in captured.err
    root = ET.parse(junit).getroot()
    assert (root.get("tests"), root.get("failures"), root.get("errors")) == ("3", "0", "2")
    errors = root.findall(".//testcase/error")
    assert [e.get("message") for e in errors] == [line.split("error: ", 1)[1]] * 2
    assert all("E211" in (e.text or "") and "announced_onn" in (e.text or "") for e in errors)
    assert [tc.get("name") for tc in root.iter("testcase") if not len(tc)] == ["fine"]


def test_a_missing_rule_file_is_an_error_case_and_exit_2(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = _write(tmp_path, BROKEN_RULES.replace("broken.reg", "nothere.reg"))
    junit = tmp_path / "report.xml"
    assert main(["test", str(path), "--junit", str(junit), "-q"]) == 2
    captured = capsys.readouterr()
    assert f"{tmp_path / 'nothere.reg'}: No such file or directory" in captured.err
    root = ET.parse(junit).getroot()
    assert (root.get("tests"), root.get("errors")) == ("3", "2")


UNKNOWN_ID = """
base: BASE
as_of: 2026-11-22
cases:
  - name: typo
    expect:
      - {id: call.perod, outcome: satisfied}
      - {id: totally.unknown.thing, outcome: satisfied}
      - {id: call.period, outcome: satisfied}
"""


def test_an_expected_id_the_rules_do_not_have_is_named_with_the_closest(tmp_path: Path) -> None:
    cases = load_case_file(_write(tmp_path, UNKNOWN_ID))
    [result] = run_cases(cases, lambda paths: regcore.load(*paths))
    assert [(m.decision, m.field, m.expected, m.actual) for m in result.mismatches] == [
        (
            "call.perod",
            "decision",
            "present",
            "không có mã quyết định này trong các quy tắc / no such decision id in the rules: "
            "call.perod; có phải ý bạn là / did you mean: call.period, call.second_round?",
        ),
        (
            "totally.unknown.thing",
            "decision",
            "present",
            "không có mã quyết định này trong các quy tắc / no such decision id in the rules: "
            "totally.unknown.thing",
        ),
    ]
    assert (
        "        + thực tế / actual:    không có mã quyết định này trong các quy tắc / no such "
        "decision id in the rules: call.perod; có phải ý bạn là / did you mean: call.period, "
        "call.second_round?" in render_result(result).splitlines()
    )


def test_a_known_id_without_a_decision_for_this_dossier_is_no_decision(tmp_path: Path) -> None:
    # extension.request_timing is decided for each extension: none requested, no decision.
    text = "base: BASE\nas_of: 2026-11-22\nset: {extensions: []}\n"
    text += "expect: [{id: extension.request_timing, outcome: satisfied}]\n"
    [result] = run_cases(load_case_file(_write(tmp_path, text)), lambda p: regcore.load(*p))
    assert [(m.field, m.actual) for m in result.mismatches] == [("decision", "∅ (no decision)")]
