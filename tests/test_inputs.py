"""The bundled circular's input declarations are the dossier format of ``shared/spec/dossier.md``:
the same keys at every level (read from the spec's example when it is beside the checkout), its
defaults, its enums (a value outside its list is an input error naming the JSON path), and the
project's example dossiers load without a warning."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest

import regcore
from regcore.dossier import DossierInputError
from regcore.schema import json_schema

ROOT = Path(__file__).resolve().parent.parent
SPEC = ROOT.parent / "shared" / "spec" / "dossier.md"
EXAMPLES = sorted((ROOT / "examples").glob("*.json"))

needs_spec = pytest.mark.skipif(
    not SPEC.is_file(), reason=f"the dossier format is not beside the checkout ({SPEC})"
)

# The top-level keys of dossier.md's example, in its order (checked against the spec itself by
# test_spec_lists_the_same_top_level_keys when the spec is present).
TOP_LEVEL = [
    "format", "id", "level", "kind", "research_field", "title", "state_secret", "complex",
    "measurable_products", "host", "pi", "secretary", "main_members", "participants", "partners",
    "proposal", "call", "applications", "selection", "appraisal", "approval", "contract",
    "extensions", "changes", "inspections", "acceptance", "experts",
]  # fmt: skip


@pytest.fixture(scope="module")
def rules() -> regcore.RuleSet:
    return regcore.load()


@pytest.fixture(scope="module")
def schema(rules: regcore.RuleSet) -> dict[str, Any]:
    return json_schema(rules.checked)


# ----------------------------------------------------------------------------- the spec's example


def _strip_comments(text: str) -> str:
    """JSONC without its ``//`` and ``/* … */`` comments (never inside a string)."""
    out: list[str] = []
    i, n = 0, len(text)
    in_string = False
    while i < n:
        ch = text[i]
        if in_string:
            out.append(ch)
            if ch == "\\" and i + 1 < n:
                out.append(text[i + 1])
                i += 1
            elif ch == '"':
                in_string = False
        elif ch == '"':
            in_string = True
            out.append(ch)
        elif text.startswith("//", i):
            while i < n and text[i] != "\n":
                i += 1
            continue
        elif text.startswith("/*", i):
            end = text.find("*/", i + 2)
            i = n if end < 0 else end + 2
            continue
        else:
            out.append(ch)
        i += 1
    return "".join(out)


def _jsonc_blocks() -> list[Any]:
    text = SPEC.read_text(encoding="utf-8")
    blocks = re.findall(r"```jsonc\n(.*?)```", text, flags=re.DOTALL)
    return [json.loads(_strip_comments(block)) for block in blocks]


def _resolve(node: dict[str, Any], schema: dict[str, Any]) -> dict[str, Any]:
    ref = node.get("$ref")
    if ref is None:
        return node
    return schema["$defs"][ref.removeprefix("#/$defs/")]


def _undeclared(value: Any, node: dict[str, Any], schema: dict[str, Any], path: str) -> list[str]:
    """The keys of ``value`` (at every level) that the schema ``node`` does not declare."""
    node = _resolve(node, schema)
    missing: list[str] = []
    if isinstance(value, dict):
        props = node.get("properties", {})
        for key, item in value.items():
            where = f"{path}.{key}" if path else key
            if key not in props:
                missing.append(where)
            else:
                missing += _undeclared(item, props[key], schema, where)
    elif isinstance(value, list) and "items" in node:
        for i, item in enumerate(value):
            missing += _undeclared(item, node["items"], schema, f"{path}[{i}]")
    return missing


def test_schema_has_exactly_the_top_level_keys(schema: dict[str, Any]) -> None:
    assert list(schema["properties"]) == TOP_LEVEL
    assert schema["required"] == ["id", "level", "kind"]


@needs_spec
def test_spec_lists_the_same_top_level_keys() -> None:
    example = _jsonc_blocks()[0]
    assert list(example) == TOP_LEVEL


@needs_spec
def test_every_key_of_the_spec_example_is_declared(schema: dict[str, Any]) -> None:
    example, member = _jsonc_blocks()[:2]
    assert _undeclared(example, schema, schema, "") == []
    member_schema = schema["$defs"]["ThànhViên"]
    assert _undeclared(member, member_schema, schema, "Member") == []
    assert set(member) == set(member_schema["properties"])
    council = schema["$defs"]["HộiĐồng"]["properties"]
    assert set(council) == {"members", "vote_counting"}
    vote_counting = {"head": "…", "members": ["…", "…", "…"]}
    assert _undeclared(vote_counting, council["vote_counting"], schema, "vote_counting") == []


def test_spec_types(schema: dict[str, Any]) -> None:
    defs = schema["$defs"]

    def prop(record: str, name: str) -> dict[str, Any]:
        return defs[record]["properties"][name]

    assert prop("GiaHạn", "approved_on")["format"] == "date"
    assert prop("PhêDuyệt", "posted_days")["description"].startswith("Đơn vị: ngày")
    assert prop("HợpĐồng", "duration_months")["description"].startswith("Đơn vị: tháng")
    assert prop("HồSơĐăngKý", "requested_state_budget_vnd")["description"].startswith(
        "Đơn vị: đồng"
    )
    assert "integer" in schema["properties"]["format"]["type"]
    assert "integer" in prop("ThôngBáo", "round")["type"]
    # payment_mode is free text: the rule appraisal.payment_mode judges it.
    assert "enum" not in prop("ThẩmĐịnh", "payment_mode")
    assert "enum" not in prop("HợpĐồng", "payment_mode")
    assert prop("GiaHạn", "approved_by")["enum"] == [
        "co_quan_quan_ly", "chu_tich_ubnd", "uy_quyen_chu_tich", "thu_truong_co_so", None,
    ]  # fmt: skip
    assert schema["properties"]["kind"]["enum"] == ["de_an", "de_tai", "du_an_sxtn", "du_an_khcn"]
    assert prop("ThayĐổi", "kind")["enum"] == ["budget", "host", "pi", "non_state_budget", "other"]


# ----------------------------------------------------------------------------- defaults


MINIMAL = {"id": "T-1", "level": "tinh", "kind": "de_tai"}


def test_defaults_of_a_minimal_dossier(rules: regcore.RuleSet) -> None:
    data = rules.load_dossier(MINIMAL).data
    for name in ("state_secret", "complex", "measurable_products"):
        assert data[name] is False
    for name in ("extensions", "changes", "inspections", "experts"):
        assert data[name] == ()
    # The task's own performers are taken from the winning application when absent
    # (provisions.md, General): absent, not defaulted to [].
    for name in ("host", "pi", "main_members", "participants", "partners", "applications"):
        assert name not in data


def test_defaults_inside_records(rules: regcore.RuleSet) -> None:
    dossier = {
        **MINIMAL,
        "selection": {"council": {"members": [{"role": "chu_tich"}]}},
        "applications": [
            {"id": "HS-01", "organization": {"name": "X"}, "pi": {"name": "Y"}},
            {"id": "HS-02", "partners": ["Z"]},
        ],
        "extensions": [{"requested_on": "2027-06-15", "months": 6}],
        "experts": [{"name": "E"}],
    }
    data = rules.load_dossier(dossier).data
    member = data["selection"]["council"]["members"][0]
    assert member["present"] is True
    for name in ("online", "chair_authorized", "sanctioned", "conflict_of_interest"):
        assert member[name] is False
    assert member["relatives"] == ()
    first, second = data["applications"]
    org = first["organization"]
    assert org["unrefunded_vnd"] == 0
    assert org["suspended_on"] is None
    assert org["unregistered_results"] is False
    assert org["overdue_acceptance_dossier"] is False
    assert first["pi"]["suspended_on"] is None
    for name in ("has_experts", "counterpart_funding", "fraud", "duplicate_funding", "withdrew"):
        assert first[name] is False
    assert first["excellent_rating_on"] is None
    assert first["partners"] == first["participants"] == first["main_members"] == ()
    assert first["has_partners"] is False
    assert second["has_partners"] is True
    assert "ballots" not in first  # no default: the score is unknown, naming it
    assert data["extensions"][0]["approved_by"] is None
    expert = data["experts"][0]
    assert expert["relatives"] == ()
    assert expert["sanctioned"] is False
    assert expert["conflict_of_interest"] is False


def test_an_explicit_value_beats_the_default(rules: regcore.RuleSet) -> None:
    dossier = {
        **MINIMAL,
        "applications": [{"id": "HS-01", "partners": ["Z"], "has_partners": False}],
    }
    assert rules.load_dossier(dossier).data["applications"][0]["has_partners"] is False


# ----------------------------------------------------------------------------- input errors


@pytest.mark.parametrize(
    ("change", "path"),
    [
        ({"kind": "du_an"}, "kind"),
        ({"level": "huyen"}, "level"),
        ({"research_field": "tu_nhien"}, "research_field"),
        (
            {"applications": [{"id": "HS-01", "submission": {"channel": "fax"}}]},
            "applications[0].submission.channel",
        ),
        ({"changes": [{"kind": "host", "reason": "doi_ten"}]}, "changes[0].reason"),
        ({"changes": [{"kind": "rename"}]}, "changes[0].kind"),
        (
            {"extensions": [{"requested_on": "2027-06-15", "months": 6, "approved_by": "ubnd"}]},
            "extensions[0].approved_by",
        ),
        ({"appraisal": {"team": [{"role": "chu_tich"}]}}, "appraisal.team[0].role"),
        (
            {"selection": {"council": {"members": [{"role": "thanh_vien"}]}}},
            "selection.council.members[0].role",
        ),
    ],
)
def test_an_enum_value_outside_its_list_is_an_error(
    rules: regcore.RuleSet, change: dict[str, Any], path: str
) -> None:
    with pytest.raises(DossierInputError) as info:
        rules.load_dossier({**MINIMAL, **change})
    assert [p for p, _ in info.value.errors] == [path]


@pytest.mark.parametrize("missing", ["id", "level", "kind"])
def test_id_level_and_kind_are_required(rules: regcore.RuleSet, missing: str) -> None:
    dossier = {k: v for k, v in MINIMAL.items() if k != missing}
    with pytest.raises(DossierInputError) as info:
        rules.load_dossier(dossier)
    assert [p for p, _ in info.value.errors] == [missing]


def test_payment_mode_is_free_text(rules: regcore.RuleSet) -> None:
    dossier = {**MINIMAL, "appraisal": {"payment_mode": "khoan_tron_goi"}}
    assert rules.load_dossier(dossier).data["appraisal"]["payment_mode"] == "khoan_tron_goi"


def test_a_wrong_type_names_its_path(rules: regcore.RuleSet) -> None:
    dossier = {
        **MINIMAL,
        "applications": [
            {"id": "HS-01", "submission": {"channel": "post", "postmarked_on": "2/5"}}
        ],
        "approval": {"posted_days": "45"},
    }
    with pytest.raises(DossierInputError) as info:
        rules.load_dossier(dossier)
    assert sorted(p for p, _ in info.value.errors) == [
        "applications[0].submission.postmarked_on",
        "approval.posted_days",
    ]


# ----------------------------------------------------------------------------- the examples


def test_there_are_examples() -> None:
    assert EXAMPLES


@pytest.mark.parametrize("path", EXAMPLES, ids=lambda p: p.name)
def test_examples_load_without_warnings(rules: regcore.RuleSet, path: Path) -> None:
    dossier = rules.load_dossier(path)
    assert dossier.warnings == ()
    assert dossier.data["format"] == 1
    assert dossier.data["title"]
    assert dossier.data["host"]["name"]
    assert dossier.data["pi"]["name"]


@needs_spec
@pytest.mark.parametrize("path", EXAMPLES, ids=lambda p: p.name)
def test_examples_are_built_on_real_tasks(path: Path) -> None:
    seed = SPEC.parent.parent / "data" / "seed_tasks.json"
    if not seed.is_file():
        pytest.skip(f"no seed tasks beside the checkout ({seed})")
    titles = {task["title"] for task in json.loads(seed.read_text(encoding="utf-8"))}
    assert json.loads(path.read_text(encoding="utf-8"))["title"] in titles
