"""The second backend (regcore/codegen.py): aggregates compiled to generated Python functions
decide exactly as the closures do, and no text of a rule file reaches the generated source."""

from __future__ import annotations

import ast as pyast
import datetime as dt
import sys
from pathlib import Path
from typing import Any

import pytest

import regcore
from regcore.cases import load_cases
from regcore.codegen import IDENT
from regcore.evaluator import Engine
from regcore.loader import load_texts
from regcore.result import Result

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from benchmarks.corpus import AS_OF, generate  # noqa: E402

D = dt.date.fromisoformat


@pytest.fixture(scope="module")
def rules() -> regcore.RuleSet:
    return regcore.load()


@pytest.fixture(scope="module")
def closures(rules: regcore.RuleSet) -> Engine:
    return Engine(rules.checked, rules.calendar, codegen=False)


def _both(rules: regcore.RuleSet, closures: Engine, data: Any, as_of: dt.date) -> tuple[Any, Any]:
    d = rules.load_dossier(data)
    generated = rules.engine.evaluate(d.data, as_of, d.id, d.warnings, {})
    plain = closures.evaluate(d.data, as_of, d.id, d.warnings, {})
    return generated.to_dict(), plain.to_dict()


def test_the_circular_uses_generated_aggregates(rules: regcore.RuleSet) -> None:
    assert rules.engine.codegen is not None
    rules.evaluate(next(iter(generate(1, seed=3))), as_of=AS_OF)
    assert len(rules.engine.codegen.sources) > 30  # compiled at first use


def test_same_results_as_closures_on_the_generated_corpus(
    rules: regcore.RuleSet, closures: Engine
) -> None:
    for data in generate(120, seed=77):
        generated, plain = _both(rules, closures, data, AS_OF)
        assert generated == plain, data["id"]


def test_same_results_as_closures_on_every_rule_case(
    rules: regcore.RuleSet, closures: Engine
) -> None:
    cases = [c for c in load_cases([ROOT / "tests" / "cases"]) if not c.rules]
    assert len(cases) > 400
    for case in cases:
        generated, plain = _both(rules, closures, case.dossier, case.as_of)
        assert generated == plain, case.name


_AGG_RULES = """văn bản "X/2025/TT-Y"
bản ghi Phiếu
  trường total: số
  trường member: chuỗi
đầu vào
  trường ballots: danh sách Phiếu
  trường names: danh sách chuỗi
  trường who: chuỗi
Điều 1.
quyết định n "Đếm"
  giá trị đếm(b trong ballots mà b.total >= 50)
quyết định avg "Trung bình"
  giá trị trung bình(b trong ballots mà b.total >= 50: b.total)
quyết định share "Tỉ lệ"
  giá trị tỉ lệ(b trong ballots mà b.total >= 50)
quyết định found "Tồn tại"
  yêu cầu tồn tại(x trong names mà chuẩn_hóa_tên(x) = chuẩn_hóa_tên(who))
quyết định pos "Vị trí"
  giá trị tổng(b trong ballots mà b.total >= 50: vị_trí(b))
quyết định nested "Lồng nhau"
  giá trị đếm(b trong ballots mà tồn tại(x trong names mà x = b.member))
"""


def _agg(data: dict[str, Any], codegen: bool) -> Result:
    engine = Engine(load_texts([(_AGG_RULES, "agg.reg")]), codegen=codegen)
    return engine.evaluate(data, D("2026-01-01"), None, [], {})


@pytest.mark.parametrize("codegen", [True, False])
def test_aggregate_values_and_unknowns(codegen: bool) -> None:
    data = {
        "ballots": [
            {"total": 80, "member": "An"},
            {"member": "Bình"},
            {"total": 40, "member": "Dũng"},
        ],
        "names": [" An ", "Chi"],
        "who": "An",
    }
    r = _agg(data, codegen)
    # the second ballot has no total: count, mean and share cannot be decided
    assert r["n"].outcome == "unknown" and r["n"].missing == ("ballots[1].total",)
    assert r["avg"].outcome == "unknown" and r["share"].outcome == "unknown"
    assert r["found"].outcome == "satisfied"  # " An " is "An" once normalised
    data["ballots"][1]["total"] = 60
    data["names"] = ["Chi", "An"]
    assert _agg({**data, "who": "Bình"}, codegen)["found"].outcome == "violated"
    r = _agg(data, codegen)
    assert (r["n"].outcome, r["n"].value) == ("satisfied", 2)
    assert r["avg"].value == 70
    assert r["share"].value == pytest.approx(2 / 3)
    assert r["found"].outcome == "satisfied"
    assert r["pos"].value == 3  # positions 1 and 2
    assert r["nested"].value == 1  # only An's ballot names someone in the list


@pytest.mark.parametrize("codegen", [True, False])
def test_mean_of_nothing_says_why(codegen: bool) -> None:
    r = _agg({"ballots": [{"total": 10, "member": "A"}], "names": [], "who": "A"}, codegen)
    assert r["avg"].outcome == "unknown"
    assert "không phần tử nào thỏa «b.total >= 50»" in r["avg"].explanation_vi
    assert r["share"].value == 0 and r["n"].value == 0


def _generated_names(source: str) -> tuple[set[str], set[str], list[Any]]:
    tree = pyast.parse(source)
    names = {n.id for n in pyast.walk(tree) if isinstance(n, pyast.Name)}
    names |= {n.name for n in pyast.walk(tree) if isinstance(n, pyast.FunctionDef)}
    names |= {a.arg for n in pyast.walk(tree) if isinstance(n, pyast.arguments) for a in n.args}
    attrs = {n.attr for n in pyast.walk(tree) if isinstance(n, pyast.Attribute)}
    consts = [n.value for n in pyast.walk(tree) if isinstance(n, pyast.Constant)]
    return names, attrs, consts


def test_hostile_rule_file_cannot_reach_the_generated_source(tmp_path: Path) -> None:
    marker = tmp_path / "pwned"
    payload = f"__import__('os').system('touch {marker}')"
    hostile = f"""văn bản "X/2025/TT-Y"
bản ghi R
  trường v: chuỗi
đầu vào
  trường xs: danh sách R
Điều 1.
quyết định q "{payload}"
  yêu cầu tồn tại(x trong xs mà x.v = "{payload}\\n\\"); {payload}; #")
    lý do "{{{payload}}}"
quyết định r "r"
  giá trị đếm(__class__ trong xs mà __class__.v != "') or {payload} or ('")
"""
    engine = Engine(load_texts([(hostile, "hostile.reg")]))
    r = engine.evaluate({"xs": [{"v": "a"}, {"v": "b"}]}, D("2026-01-01"), None, [], {})
    assert r["q"].outcome == "violated"
    assert r["r"].outcome == "satisfied" and r["r"].value == 2
    assert not marker.exists()
    assert engine.codegen is not None and len(engine.codegen.sources) == 2
    for source in engine.codegen.sources:
        assert "__import__" not in source and "touch" not in source
        names, attrs, consts = _generated_names(source)
        assert all(IDENT.match(n) for n in names), names
        assert "__class__" not in names  # the rule file's name became a generated local
        assert attrs <= {"__class__", "root", "values", "bind", "append"}, attrs
        assert all(c in (None, True, False, 0, 1) for c in consts), consts
