"""The JSON Schema of dossiers, generated from the sample's input declarations: a valid draft
2020-12 schema that accepts what the loader accepts and rejects wrong types."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from regcore.checker import CheckedRules
from regcore.dossier import load_dossier
from regcore.loader import load_documents, load_texts
from regcore.schema import DRAFT, json_schema

jsonschema = pytest.importorskip("jsonschema")

ROOT = Path(__file__).parent.parent
SAMPLE = ROOT / "regulations" / "samples" / "provisions_vi.reg"


@pytest.fixture(scope="module")
def rules() -> CheckedRules:
    return load_documents([SAMPLE])


@pytest.fixture(scope="module")
def validator(rules: CheckedRules) -> Any:
    schema = json_schema(rules)
    jsonschema.Draft202012Validator.check_schema(schema)
    return jsonschema.Draft202012Validator(
        schema, format_checker=jsonschema.Draft202012Validator.FORMAT_CHECKER
    )


def dossier() -> dict[str, Any]:
    return {
        "format": 1,
        "id": "QB-2025-DT-07",
        "level": "tinh",
        "proposal": {
            "council": {"members": [{"role": "chu_tich"}, {"role": "uy_vien", "present": False}]},
            "meeting_on": "2025-03-10",
        },
        "applications": [
            {
                "id": "HS-01",
                "submission": {"channel": "post", "postmarked_on": "2025-05-02"},
                "requested_state_budget_vnd": 1200000000,
                "excellent_rating_on": None,
                "ballots": [{"total": 82, "content_score": 26.5}],
            }
        ],
        "selection": None,
        "contract": {"end": "2027-07-31", "duration_months": 24},
        "extensions": [{"requested_on": "2027-06-15", "months": 6, "approved_by": None}],
        "acceptance": {"submitted_on": "2027-08-20", "ballots": [{"member": "A", "scores": {}}]},
    }


def error_paths(validator: Any, instance: Any) -> list[str]:
    return sorted({e.json_path for e in validator.iter_errors(instance)})


def test_a_valid_dossier_is_valid(validator: Any, rules: CheckedRules) -> None:
    load_dossier(dossier(), rules)  # the loader agrees
    assert error_paths(validator, dossier()) == []


@pytest.mark.parametrize(
    ("where", "value", "path"),
    [
        (("level",), "huyen", "$.level"),
        (("proposal", "meeting_on"), "10/03/2025", "$.proposal.meeting_on"),
        (("proposal", "meeting_on"), "2025-02-30", "$.proposal.meeting_on"),
        (("contract", "duration_months"), "24", "$.contract.duration_months"),
        (("contract", "duration_months"), True, "$.contract.duration_months"),
        (("contract",), [], "$.contract"),
        (("applications",), {}, "$.applications"),
        (("id",), 7, "$.id"),
    ],
)
def test_wrong_types_are_rejected(
    validator: Any, where: tuple[str, ...], value: object, path: str
) -> None:
    bad = dossier()
    target = bad
    for key in where[:-1]:
        target = target[key]
    target[where[-1]] = value
    assert error_paths(validator, bad) == [path]


def test_nested_wrong_types_and_required(validator: Any) -> None:
    bad = dossier()
    bad["proposal"]["council"]["members"][1]["present"] = "yes"
    bad["applications"][0]["submission"]["channel"] = "fax"
    del bad["extensions"][0]["months"]
    del bad["level"]
    assert error_paths(validator, bad) == [
        "$",
        "$.applications[0].submission.channel",
        "$.extensions[0]",
        "$.proposal.council.members[1].present",
    ]
    required = dossier()
    required["level"] = None
    assert error_paths(validator, required) == ["$.level"]


def test_the_shape_of_the_schema(rules: CheckedRules) -> None:
    schema = json_schema(rules)
    json.dumps(schema)  # plain JSON values
    assert schema["$schema"] == DRAFT
    assert schema["title"] == rules.documents[0].header.title  # type: ignore[union-attr]
    assert schema["type"] == "object" and schema["additionalProperties"] is True
    assert schema["required"] == ["id", "level"]
    defs = schema["$defs"]
    assert set(defs) == set(rules.records)
    assert schema["properties"]["level"] == {
        "title": "Cấp quản lý",
        "description": "tinh: Cấp tỉnh; co_so: Cấp cơ sở",
        "type": "string",
        "enum": ["tinh", "co_so"],
    }
    channel = defs["NộpHồSơ"]["properties"]["channel"]
    assert channel["enum"] == ["post", "direct", "online"]
    assert schema["properties"]["contract"] == {
        "title": "Hợp đồng",
        "type": ["object", "null"],
        "$ref": "#/$defs/HợpĐồng",
    }
    assert schema["properties"]["extensions"]["default"] == []
    assert schema["properties"]["extensions"]["items"] == {
        "type": "object",
        "$ref": "#/$defs/GiaHạn",
    }
    contract = defs["HợpĐồng"]
    assert contract["title"] == "Hợp đồng" and contract["additionalProperties"] is True
    end = contract["properties"]["end"]
    assert end["type"] == ["string", "null"] and end["format"] == "date"
    months = contract["properties"]["duration_months"]
    assert months["type"] == ["number", "null"] and "tháng" in months["description"]
    member = defs["ThànhViên"]
    assert member["required"] == ["role"]
    assert member["properties"]["present"]["default"] is True
    assert defs["GiaHạn"]["properties"]["approved_by"]["default"] is None
    assert defs["HồSơĐăngKý"]["properties"]["requested_state_budget_vnd"]["type"] == [
        "number",
        "null",
    ]
    english = json_schema(rules, lang="en")["$defs"]["HợpĐồng"]["properties"]
    assert english["duration_months"]["description"] == "Unit: months"
    assert english["end"]["description"] == "A date, YYYY-MM-DD"


DEFAULTS = """văn bản "X"
bản ghi R
  trường partners: danh sách chuỗi mặc định []
  trường has_partners: đúng_sai mặc định có partners
  trường n: số_nguyên mặc định 3
  trường x: số mặc định 1,5
  trường on: ngày_tháng mặc định 01/02/2025
  trường sum: số mặc định 1 + 2
đầu vào
  trường r: R bắt buộc
"""


def test_defaults_in_the_schema() -> None:
    schema = json_schema(load_texts([(DEFAULTS, "t.reg")]))
    props = schema["$defs"]["R"]["properties"]
    assert schema["title"] == "X"
    assert props["partners"]["default"] == []
    assert props["n"] == {"type": ["integer", "null"], "default": 3}
    assert props["x"]["default"] == 1.5
    assert props["on"]["default"] == "2025-02-01"
    assert (
        "default" not in props["has_partners"]
        and "partners" in props["has_partners"]["description"]
    )
    assert "default" not in props["sum"] and "quy tắc" in props["sum"]["description"]
    assert schema["required"] == ["r"]
    assert schema["properties"]["r"] == {"type": "object", "$ref": "#/$defs/R"}
