"""Dossiers: reading (mapping, JSON, YAML), checking against the sample's input declarations,
normalising (dates, exact numbers, defaults), paths in errors and warnings, the input hash."""

from __future__ import annotations

import copy
import datetime as dt
import hashlib
import json
import pickle
from fractions import Fraction
from pathlib import Path
from typing import Any

import pytest
import yaml

from regcore.checker import CheckedRules
from regcore.dossier import (
    Dossier,
    DossierInputError,
    DossierWarning,
    FrozenDict,
    canonical_json,
    compile_validator,
    load_dossier,
    parse_dossier_text,
)
from regcore.errors import DossierError, RegError
from regcore.loader import load_documents, load_texts

ROOT = Path(__file__).parent.parent
SAMPLE = ROOT / "regulations" / "samples" / "provisions_vi.reg"
D = dt.date.fromisoformat


@pytest.fixture(scope="module")
def rules() -> CheckedRules:
    return load_documents([SAMPLE])


def member(role: str, **more: Any) -> dict[str, Any]:
    return {"role": role, **more}


def valid() -> dict[str, Any]:
    """A dossier of the sample's shape, as JSON gives it."""
    return {
        "id": "QB-2025-DT-07",
        "level": "tinh",
        "proposal": {
            "council": {"members": [member("chu_tich"), member("uy_vien", present=False)]},
            "meeting_on": "2025-03-10",
        },
        "applications": [
            {
                "id": "HS-01",
                "submission": {"channel": "post", "postmarked_on": "2025-05-02"},
                "requested_state_budget_vnd": 1200000000,
                "ballots": [{"total": 82, "content_score": 26.5}],
            },
            {
                "id": "HS-02",
                "submission": {"channel": "direct", "received_on": "2025-05-01"},
                "excellent_rating_on": "2023-06-01",
            },
        ],
        "contract": {"end": "2027-07-31", "duration_months": 24},
        "acceptance": {
            "submitted_on": "2027-08-20",
            "meeting_on": "2027-09-25",
            "completed_per_contract": True,
            "ballots": [{"member": "A", "scores": {"a": 18, "b": 4.5, "g": 8}}],
        },
    }


def errors_of(source: Any, rules: CheckedRules) -> list[tuple[str, str]]:
    with pytest.raises(DossierInputError) as info:
        load_dossier(source, rules)
    return info.value.errors


def paths_of(source: Any, rules: CheckedRules) -> list[str]:
    return [path for path, _ in errors_of(source, rules)]


# ----------------------------------------------------------------------------- normalising


def test_a_valid_dossier_is_normalised(rules: CheckedRules) -> None:
    d = load_dossier(valid(), rules)
    assert isinstance(d, Dossier) and d.warnings == () and d.source is None
    data = d.data
    assert data["level"] == "tinh"
    assert data["proposal"]["meeting_on"] == D("2025-03-10")
    first, second = data["applications"]
    assert first["submission"]["postmarked_on"] == D("2025-05-02")
    assert second["excellent_rating_on"] == D("2023-06-01")
    assert data["contract"] == {"end": D("2027-07-31"), "duration_months": 24}
    # ints stay int; a decimal is an exact fraction of what was written
    assert type(first["requested_state_budget_vnd"]) is int
    assert type(data["contract"]["duration_months"]) is int
    assert first["ballots"][0]["content_score"] == Fraction(53, 2)
    assert data["acceptance"]["ballots"][0]["scores"]["b"] == Fraction(9, 2)
    # objects are read-only dicts, lists tuples
    assert isinstance(data, FrozenDict) and isinstance(data, dict)
    assert isinstance(data["applications"], tuple)


def test_defaults_apply_when_absent(rules: CheckedRules) -> None:
    raw = valid()
    raw["extensions"] = [{"requested_on": "2027-06-15", "months": 6}]
    data = load_dossier(raw, rules).data
    members = data["proposal"]["council"]["members"]
    assert members[0]["present"] is True and members[0]["chair_authorized"] is False
    assert members[1]["present"] is False  # given: the default does not apply
    assert data["applications"][0]["excellent_rating_on"] is None  # mặc định rỗng
    assert data["applications"][1]["ballots"] == ()  # mặc định []
    assert data["extensions"][0] == {
        "requested_on": D("2027-06-15"),
        "months": 6,
        "approved_by": None,
    }
    assert load_dossier(valid(), rules).data["extensions"] == ()


def test_absent_optional_facts_stay_absent(rules: CheckedRules) -> None:
    data = load_dossier(
        {"id": "T", "level": "co_so", "contract": {"end": "2027-07-31"}}, rules
    ).data
    assert set(data) == {"id", "level", "contract", "extensions"}
    assert "selection" not in data and "acceptance" not in data
    assert "duration_months" not in data["contract"]  # no default: the evaluator names it
    acceptance = load_dossier(valid(), rules).data["acceptance"]
    assert "outstanding_product" not in acceptance
    assert "c" not in acceptance["ballots"][0]["scores"]


def test_null_is_the_default_or_not_given(rules: CheckedRules) -> None:
    raw = valid()
    raw["selection"] = None
    raw["extensions"] = None
    raw["contract"]["duration_months"] = None
    raw["proposal"]["council"]["members"][0]["present"] = None
    data = load_dossier(raw, rules).data
    assert "selection" not in data
    assert data["extensions"] == ()
    assert "duration_months" not in data["contract"]
    assert data["proposal"]["council"]["members"][0]["present"] is True


def test_dates_from_python_are_taken(rules: CheckedRules) -> None:
    raw = valid()
    raw["contract"]["end"] = D("2027-07-31")
    assert load_dossier(raw, rules).data["contract"]["end"] == D("2027-07-31")


# ----------------------------------------------------------------------------- errors


def test_a_bad_date_names_its_path(rules: CheckedRules) -> None:
    raw = valid()
    raw["applications"][1]["submission"]["postmarked_on"] = "2025-13-01"
    with pytest.raises(DossierError) as info:
        load_dossier(raw, rules)
    exc = info.value
    assert isinstance(exc, DossierInputError) and isinstance(exc, RegError)
    assert exc.path == "applications[1].submission.postmarked_on"
    assert exc.errors == [
        (
            "applications[1].submission.postmarked_on",
            'cần một ngày dạng YYYY-MM-DD / expected a date YYYY-MM-DD, got "2025-13-01"',
        )
    ]
    assert "applications[1].submission.postmarked_on" in str(exc)


@pytest.mark.parametrize(
    "bad", ["2025-02-30", "2025-5-2", "02/05/2025", "2025-05-02T10:00", 20250502]
)
def test_dates_are_strict_iso(rules: CheckedRules, bad: object) -> None:
    raw = valid()
    raw["contract"]["end"] = bad
    assert paths_of(raw, rules) == ["contract.end"]


@pytest.mark.parametrize("bad", ["yes", "true", "1", 1, 0, 1.0])
def test_a_bool_must_be_true_or_false(rules: CheckedRules, bad: object) -> None:
    raw = valid()
    raw["proposal"]["council"]["members"][1]["present"] = bad
    ((path, message),) = errors_of(raw, rules)
    assert path == "proposal.council.members[1].present"
    assert "expected true or false, got " + json.dumps(bad) in message


def test_an_enum_value_outside_its_list(rules: CheckedRules) -> None:
    raw = valid()
    raw["level"] = "huyen"
    ((path, message),) = errors_of(raw, rules)
    assert path == "level"
    assert message == (
        'cần một trong "tinh", "co_so" / expected one of "tinh", "co_so", got "huyen"'
    )


@pytest.mark.parametrize(
    ("value", "ok"),
    [(24, True), (24.5, True), (True, False), ("24", False), (float("nan"), False)],
)
def test_quantities_are_numbers(rules: CheckedRules, value: object, ok: bool) -> None:
    raw = valid()
    raw["contract"]["duration_months"] = value
    if ok:
        assert load_dossier(raw, rules).data["contract"]["duration_months"] == value
    else:
        ((path, message),) = errors_of(raw, rules)
        assert path == "contract.duration_months"
        assert "cần một số (tháng) / expected a number of months" in message


def test_types_of_containers(rules: CheckedRules) -> None:
    raw = valid()
    raw["contract"] = ["2027-07-31"]
    raw["applications"] = {"id": "HS-01"}
    raw["proposal"]["council"]["members"] = [None, "chu_tich"]
    assert paths_of(raw, rules) == [
        "proposal.council.members[0]",
        "proposal.council.members[1]",
        "applications",
        "contract",
    ]


def test_required_fields(rules: CheckedRules) -> None:
    raw = valid()
    del raw["level"]
    raw["id"] = None
    raw["applications"][0]["id"] = None
    raw["extensions"] = [{"months": 3}]
    raw["proposal"]["council"] = {}
    errors = errors_of(raw, rules)
    assert [p for p, _ in errors] == [
        "id",
        "level",
        "proposal.council.members",
        "applications[0].id",
        "extensions[0].requested_on",
    ]
    assert errors[1][1] == "thiếu trường bắt buộc «Cấp quản lý» / required field missing"


def test_every_error_is_collected(rules: CheckedRules) -> None:
    raw = valid()
    raw["level"] = "huyen"
    raw["applications"][0]["submission"]["channel"] = "fax"
    raw["applications"][1]["submission"]["received_on"] = "hôm qua"
    raw["acceptance"]["completed_per_contract"] = "yes"
    raw["acceptance"]["ballots"][0]["scores"]["a"] = "18"
    with pytest.raises(DossierInputError) as info:
        load_dossier(raw, rules)
    exc = info.value
    paths = [
        "level",
        "applications[0].submission.channel",
        "applications[1].submission.received_on",
        "acceptance.ballots[0].scores.a",
        "acceptance.completed_per_contract",
    ]
    assert [p for p, _ in exc.errors] == paths
    assert exc.path == "level"
    text = str(exc)
    assert text.startswith("5 lỗi trong hồ sơ / 5 errors in the dossier:")
    assert all(p in text for p in paths)
    again = pickle.loads(pickle.dumps(exc))
    assert (again.errors, again.path, str(again)) == (exc.errors, exc.path, text)


def test_the_dossier_must_be_an_object(rules: CheckedRules) -> None:
    assert errors_of([valid()], rules) == [
        ("", "hồ sơ phải là một đối tượng JSON / the dossier must be a JSON object, got a list")
    ]


def test_keys_must_be_text(rules: CheckedRules) -> None:
    raw: dict[Any, Any] = valid()
    raw["contract"][1] = "x"
    assert paths_of(raw, rules) == ['contract["1"]']


# ----------------------------------------------------------------------------- unknown keys


def test_unknown_keys_warn_and_are_dropped(rules: CheckedRules) -> None:
    raw = valid()
    raw["format"] = 1
    raw["applications"][1]["foo"] = {"deep": [1, 2]}
    raw["contract"]["end_on"] = "2027-07-31"
    raw["contract"]["số tiền"] = 5
    d = load_dossier(raw, rules)
    assert [w.path for w in d.warnings] == [
        "format",
        "applications[1].foo",
        "contract.end_on",
        'contract["số tiền"]',
    ]
    assert all(w.message.startswith("khóa không được khai báo / unknown key") for w in d.warnings)
    assert "did you mean «end»?" in d.warnings[2].message
    assert d.warnings[0].to_dict() == {
        "path": "format",
        "message": "khóa không được khai báo / unknown key",
    }
    assert "format" not in d.data and d.data["id"] == "QB-2025-DT-07"
    assert "foo" not in d.data["applications"][1]
    assert set(d.data["contract"]) == {"end", "duration_months"}
    assert d.id == "QB-2025-DT-07"


# ----------------------------------------------------------------------------- input safety


def test_the_input_is_not_mutated_nor_shared(rules: CheckedRules) -> None:
    raw = valid()
    raw["extra"] = {"x": [1]}
    before = copy.deepcopy(raw)
    d = load_dossier(raw, rules)
    assert raw == before
    assert d.data["applications"][0] is not raw["applications"][0]
    raw["applications"][0]["id"] = "changed"
    assert d.data["applications"][0]["id"] == "HS-01"


def test_the_result_is_read_only_and_picklable(rules: CheckedRules) -> None:
    d = load_dossier(valid(), rules)
    with pytest.raises(TypeError):
        d.data["level"] = "co_so"  # type: ignore[index]
    with pytest.raises(TypeError):
        d.data["contract"].update(end=None)
    again = pickle.loads(pickle.dumps(d))
    assert again == d and isinstance(again.data["contract"], FrozenDict)
    assert copy.deepcopy(d) == d


def test_the_validator_is_built_once_per_rule_set(rules: CheckedRules) -> None:
    assert compile_validator(rules) is compile_validator(rules)
    other = load_documents([SAMPLE])
    assert compile_validator(other) is not compile_validator(rules)
    assert compile_validator(rules)(valid()) == load_dossier(valid(), rules)


# ----------------------------------------------------------------------------- text and files


YAML = """\
id: QB-2025-DT-07
level: tinh
proposal:
  council:
    members:
      - role: chu_tich
      - {role: uy_vien, present: false}
  meeting_on: 2025-03-10
applications:
  - id: HS-01
    submission: {channel: post, postmarked_on: 2025-05-02}
    requested_state_budget_vnd: 1200000000
    ballots: [{total: 82, content_score: 26.5}]
  - id: HS-02
    submission: {channel: direct, received_on: "2025-05-01"}
    excellent_rating_on: 2023-06-01
contract: {end: 2027-07-31, duration_months: 24}
acceptance:
  submitted_on: 2027-08-20
  meeting_on: 2027-09-25
  completed_per_contract: true
  ballots:
    - member: A
      scores: {a: 18, b: 4.5, g: 8}
"""


def test_the_hash_is_that_of_the_input_in_any_form(rules: CheckedRules) -> None:
    raw = valid()
    as_dict = load_dossier(raw, rules)
    as_json = load_dossier(parse_dossier_text(json.dumps(raw, indent=2)), rules)
    as_yaml = load_dossier(parse_dossier_text(YAML, "yaml"), rules)
    expected = hashlib.sha256(
        json.dumps(raw, sort_keys=True, ensure_ascii=False, separators=(",", ":")).encode()
    ).hexdigest()
    assert as_dict.sha256 == as_json.sha256 == as_yaml.sha256 == expected
    assert as_dict.data == as_json.data == as_yaml.data
    # Python dates hash as their ISO text; any change changes the hash
    with_dates = valid()
    with_dates["contract"]["end"] = D("2027-07-31")
    assert load_dossier(with_dates, rules).sha256 == expected
    raw["contract"]["duration_months"] = 12
    assert load_dossier(raw, rules).sha256 != expected
    assert canonical_json({"b": 1, "a": "ờ"}) == '{"a":"ờ","b":1}'


def test_yaml_is_read_as_json_is() -> None:
    raw = parse_dossier_text("on: 2026-08-12\nanswer: no\nn: 017\nt: 1:30\nd: 2025-5-2\n", "yaml")
    assert raw == {"on": "2026-08-12", "answer": "no", "n": "017", "t": "1:30", "d": "2025-5-2"}
    assert parse_dossier_text("a: [true, false, null, ~, 1, -2, 1.5, 1e3]", "yaml") == {
        "a": [True, False, None, None, 1, -2, 1.5, 1000.0]
    }
    assert parse_dossier_text("a: !!timestamp 2025-05-02", "yaml") == {"a": "2025-05-02"}


def test_yaml_non_iso_date_is_refused(rules: CheckedRules) -> None:
    # YAML 1.1 reads 2025-5-2 as a date; here it stays the text written, not ISO: refused
    raw = parse_dossier_text("id: X\nlevel: tinh\ncontract:\n  end: 2025-5-2\n", "yaml")
    assert paths_of(raw, rules) == ["contract.end"]


def test_files(rules: CheckedRules, tmp_path: Path) -> None:
    (tmp_path / "d.yaml").write_text(YAML, encoding="utf-8")
    (tmp_path / "d.json").write_text("\ufeff" + json.dumps(valid()), encoding="utf-8")
    from_yaml = load_dossier(tmp_path / "d.yaml", rules)
    from_json = load_dossier(str(tmp_path / "d.json"), rules)
    assert from_yaml.source == str(tmp_path / "d.yaml")
    assert from_yaml.data == from_json.data and from_yaml.sha256 == from_json.sha256
    (tmp_path / "d.txt").write_text("{}", encoding="utf-8")
    with pytest.raises(DossierInputError, match=r"\.json, \.yaml"):
        load_dossier(tmp_path / "d.txt", rules)
    with pytest.raises(DossierInputError) as info:
        load_dossier(tmp_path / "none.json", rules)
    assert info.value.file == str(tmp_path / "none.json")
    (tmp_path / "latin.json").write_bytes('{"level": "tỉnh"}'.encode("cp1258", "replace") + b"\xff")
    with pytest.raises(DossierInputError, match="UTF-8"):
        load_dossier(tmp_path / "latin.json", rules)


def test_errors_in_a_file_name_the_file(rules: CheckedRules, tmp_path: Path) -> None:
    raw = valid()
    raw["level"] = "huyen"
    (tmp_path / "d.json").write_text(json.dumps(raw), encoding="utf-8")
    with pytest.raises(DossierInputError) as info:
        load_dossier(tmp_path / "d.json", rules)
    assert info.value.file == str(tmp_path / "d.json")
    assert str(info.value).startswith(f"{tmp_path / 'd.json'}: level: ")


def test_a_json_syntax_error_names_line_and_column(tmp_path: Path, rules: CheckedRules) -> None:
    text = '{\n  "level": "tinh",\n  "contract": {"end": "2027-07-31",}\n}\n'
    with pytest.raises(DossierInputError) as info:
        parse_dossier_text(text, "json", file="d.json")
    exc = info.value
    assert (exc.line, exc.column) == (3, 36)
    assert exc.file == "d.json"
    assert "dòng 3, cột 36" in str(exc) and "line 3, column 36" in str(exc)
    (tmp_path / "bad.json").write_text(text, encoding="utf-8")
    with pytest.raises(DossierInputError, match="line 3, column 36"):
        load_dossier(tmp_path / "bad.json", rules)


def test_a_yaml_syntax_error_names_line_and_column() -> None:
    with pytest.raises(DossierInputError) as info:
        parse_dossier_text("level: tinh\ncontract: {end: [\n", "yaml", file="d.yaml")
    assert info.value.line == 3 and info.value.file == "d.yaml"
    assert "line 3" in str(info.value)
    with pytest.raises(ValueError, match="toml"):
        parse_dossier_text("", "toml")  # type: ignore[arg-type]


# ----------------------------------------------------------------------------- defaults


DEFAULTS = """văn bản "X"
danh mục K: "a", "b"
bản ghi R
  trường partners: danh sách chuỗi mặc định []
  trường has_partners: đúng_sai mặc định có partners
  trường no_partners: đúng_sai mặc định thiếu partners
  trường lead: chuỗi
  trường co_lead: chuỗi mặc định lead
  trường n: số_nguyên mặc định 3
  trường vnd: đồng mặc định 0 đồng
  trường on: ngày_tháng mặc định 01/02/2025
  trường k: K mặc định "a"
  trường x: số mặc định 1,5
  trường y: số mặc định -1
  trường z: danh sách số mặc định [1, 2]
  trường sum: số mặc định 1 + 2
  trường req: chuỗi bắt buộc mặc định "r"
đầu vào
  trường r: R bắt buộc
"""


@pytest.fixture(scope="module")
def defaults() -> CheckedRules:
    return load_texts([(DEFAULTS, "t.reg")])


def test_literal_defaults(defaults: CheckedRules) -> None:
    r = load_dossier({"r": {}}, defaults).data["r"]
    assert r["partners"] == () and r["n"] == 3 and r["vnd"] == 0 and type(r["vnd"]) is int
    assert r["on"] == D("2025-02-01") and r["k"] == "a" and r["req"] == "r"
    assert r["x"] == Fraction(3, 2) and r["y"] == -1 and r["z"] == (1, 2)
    assert "sum" not in r  # not a literal: left for the evaluator


def test_defaults_read_from_siblings(defaults: CheckedRules) -> None:
    empty = load_dossier({"r": {}}, defaults).data["r"]
    assert empty["has_partners"] is False and empty["no_partners"] is True
    assert "lead" not in empty and "co_lead" not in empty
    given = load_dossier({"r": {"partners": ["Y"], "lead": "B"}}, defaults).data["r"]
    assert given["has_partners"] is True and given["no_partners"] is False
    assert given["co_lead"] == "B"
    told = load_dossier({"r": {"partners": ["Y"], "has_partners": False}}, defaults).data["r"]
    assert told["has_partners"] is False


def test_a_required_record_is_missing(defaults: CheckedRules) -> None:
    assert paths_of({}, defaults) == ["r"]


def test_deep_nesting_is_an_input_error(rules: CheckedRules) -> None:
    deep = "[" * 100_000 + "]" * 100_000
    with pytest.raises(DossierInputError, match="nested too deeply"):
        parse_dossier_text(deep)
    with pytest.raises(DossierInputError, match="nested too deeply"):
        parse_dossier_text("a: " + deep, "yaml")
    nested: Any = []
    for _ in range(100_000):
        nested = [nested]
    with pytest.raises(DossierInputError, match="nested too deeply"):
        load_dossier({**valid(), "extra": nested}, rules)


def test_the_cache_does_not_keep_rule_sets_alive() -> None:
    import gc
    import weakref

    rules = load_documents([SAMPLE])
    compile_validator(rules)
    ref = weakref.ref(rules)
    del rules
    gc.collect()
    assert ref() is None


def test_warning_shape() -> None:
    assert DossierWarning("a.b", "m").to_dict() == {"path": "a.b", "message": "m"}


def test_yaml_safe_loader_only() -> None:
    with pytest.raises(DossierInputError):
        parse_dossier_text("a: !!python/object/apply:os.system ['true']", "yaml")
    assert yaml.__version__
