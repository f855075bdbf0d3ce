"""The contract of provisions.md, row by row: on a whole-life dossier of each level every decision
id appears, and each decision cites the provision its row lists (the Chương III one for a cấp cơ
sở task, with the Chương II one it applies in ``because``); rows of the other level are
not_applicable."""

from __future__ import annotations

import copy
import datetime as dt
import json
import re
from pathlib import Path
from typing import Any

import pytest

import regcore
from regcore.result import Decision

ROOT = Path(__file__).parent.parent
SPEC = ROOT.parent / "shared" / "spec" / "provisions.md"
DOSSIERS = ROOT / "tests" / "cases" / "dossiers"
AS_OF = dt.date(2027, 10, 1)

Unit = tuple[int, int | None, str | None]

_UNIT = re.compile(
    r"(?:điểm (?P<points>[a-zđ](?:, [a-zđ])*) )?"
    r"(?:khoản (?P<clauses>\d+(?:, \d+)*) )?"
    r"Điều (?P<article>\d+)"
)


def _units(text: str) -> set[Unit]:
    out: set[Unit] = set()
    for m in _UNIT.finditer(text):
        article = int(m["article"])
        clauses: list[int | None] = (
            [int(c) for c in m["clauses"].split(", ")] if m["clauses"] else [None]
        )
        points: list[str | None] = m["points"].split(", ") if m["points"] else [None]
        out.update((article, c, p) for c in clauses for p in points)
    return out


def _targets() -> dict[str, set[Unit]]:
    """id → the provisions a row maps to («khoản 1 Điều 14 → điểm a khoản 4 Điều 7»)."""
    out: dict[str, set[Unit]] = {}
    for line in SPEC.read_text(encoding="utf-8").splitlines():
        m = re.match(r"\| `([a-z_.]+)` \| ([^|]+) \|", line)
        if m and " → " in m[2]:
            out[m[1]] = _units(m[2].split(" → ")[1].split(" (")[0])
    return out


def _rows() -> dict[str, tuple[set[Unit], set[Unit], str]]:
    """id → (units for cấp tỉnh, units for cấp cơ sở, "tinh" | "co_so" | "both")."""
    rows: dict[str, tuple[set[Unit], set[Unit], str]] = {}
    for line in SPEC.read_text(encoding="utf-8").splitlines():
        m = re.match(r"\| `([a-z_.]+)` \| ([^|]+) \|", line)
        if not m:
            continue
        ident, prov = m[1], m[2].strip()
        only = "tinh" if "(**tỉnh**)" in prov else "co_so" if "(**cơ sở**)" in prov else "both"
        main = prov.partition(" (")[0]
        first = main.split(" → ")[0]
        co_so = re.search(r"cơ sở: ([^)]*)\)", prov)
        tinh_units = _units(first)
        co_so_units = _units(co_so[1].split(", when")[0]) if co_so else set()
        if only == "co_so":
            co_so_units, tinh_units = tinh_units, set()
        rows[ident] = (tinh_units, co_so_units, only)
    return rows


ROWS = _rows()


def _within(d: Decision, units: set[Unit], ancestors: bool = False) -> bool:
    """The decision cites one of ``units`` or a point inside it (or, with ``ancestors``, the
    clause or article that holds it)."""
    c = d.citation
    for a, cl, p in units:
        if c.article != a:
            continue
        if ancestors and (c.clause is None or (c.clause == cl and c.point is None)):
            return True
        if cl is not None and c.clause != cl:
            continue
        if p is not None and c.point != p:
            continue
        return True
    return False


def _whole_life(name: str) -> dict[str, Any]:
    """A base dossier with every per-subject stage filled: an extension, one change of each kind,
    two independent experts."""
    d = copy.deepcopy(json.loads((DOSSIERS / name).read_text(encoding="utf-8")))
    approver = "co_quan_quan_ly"
    d["extensions"] = [{"requested_on": "2027-05-20", "months": 3, "approved_by": approver}]
    new_org = {"name": "Viện Y", "legal_entity": True, "field_matches": True}
    new_pi = {"name": "Đỗ Thị Hạnh", "qualified": True, "has_time": True}
    d["changes"] = [
        {"kind": "budget", "on": "2026-02-02"},
        {"kind": "host", "on": "2026-03-02", "reason": "sap_nhap", "new_organization": new_org},
        {"kind": "pi", "on": "2026-04-01", "new_pi": new_pi},
        {
            "kind": "non_state_budget",
            "on": "2026-05-04",
            "non_state_budget_vnd": 100000000,
            "reported_on": "2026-05-05",
        },
        {"kind": "other", "on": "2026-06-01", "description": "Điều chỉnh tiến độ nội dung 3"},
    ]
    d["experts"] = [
        {"name": "Trịnh Quốc Khánh", "organization": "Đại học Bách khoa Hà Nội"},
        {"name": "Vũ Thị Thu", "organization": "Viện Hàn lâm Khoa học và Công nghệ Việt Nam"},
    ]
    d["acceptance"]["components"] = [*d["acceptance"]["components"], "van_ban_thay_doi"]
    return d


@pytest.fixture(scope="module")
def results() -> dict[str, Any]:
    rules = regcore.load()
    return {
        level: rules.evaluate(_whole_life(f"{level}_de_tai.json"), as_of=AS_OF)
        for level in ("tinh", "co_so")
    }


def test_the_spec_parses() -> None:
    assert len(ROWS) == 69
    assert ROWS["eligibility.organization"][0] == {(11, 1, None), (11, 2, None)}
    assert ROWS["selection.council.quorum"][:2] == ({(14, 1, None)}, {(37, 4, None)})
    assert ROWS["identification.approval_deadline"] == (set(), {(35, 2, "d")}, "co_so")
    assert ROWS["call.second_round"][2] == "tinh"


@pytest.mark.parametrize("level", ["tinh", "co_so"])
def test_every_decision_id_appears(results: dict[str, Any], level: str) -> None:
    ids = {d.id for d in results[level].decisions}
    assert sorted(set(ROWS) - ids) == []


CHAPTER_III = set(range(33, 42))


@pytest.mark.parametrize("ident", sorted(ROWS))
def test_each_row_cites_its_provision(results: dict[str, Any], ident: str) -> None:
    tinh_units, co_so_units, only = ROWS[ident]
    for level in ("tinh", "co_so"):
        decisions = [d for d in results[level].decisions if d.id == ident]
        assert decisions, (level, ident)
        other_level = (only == "tinh" and level == "co_so") or (only == "co_so" and level == "tinh")
        for d in decisions:
            if other_level:
                assert d.outcome == "not_applicable", (level, ident, d.outcome)
            if other_level or d.outcome == "not_applicable":
                # not_applicable cites the row's provision (or the clause holding it)
                assert _within(d, tinh_units | co_so_units, ancestors=True) or (
                    level == "co_so" and d.citation.article in CHAPTER_III
                ), (level, ident, d.cite)
            elif level == "tinh":
                assert _within(d, tinh_units), (level, ident, d.cite, tinh_units)
            elif co_so_units:
                assert _within(d, co_so_units), (level, ident, d.cite, co_so_units)
            else:
                # No cấp cơ sở provision in the row: the Chương II/IV provision itself, or the
                # Chương III provision through which cấp cơ sở applies it (the Levels paragraph).
                assert _within(d, tinh_units) or d.citation.article in CHAPTER_III, (
                    ident,
                    d.cite,
                )


# cấp cơ sở provisions that state their own rule rather than apply one of Chương II (so their
# decisions have no Chương II provision to show): their own periods (15 days: điểm đ khoản 2
# Điều 35, điểm a khoản 1 and điểm a khoản 6 Điều 41; 10 days: điểm a khoản 2 Điều 36), their own
# list (điểm b khoản 1 Điều 41) and their own definition of a valid application (điểm b khoản 2
# Điều 36).
STANDALONE = {
    "call.period",
    "call.opening_deadline",
    "application.valid",
    "acceptance.components",
    "acceptance.implementation_end",
    "acceptance.submission_deadline",
    "acceptance.completion_deadline",
}
TARGETS = _targets()


@pytest.mark.parametrize("ident", sorted(i for i, r in ROWS.items() if r[2] == "both" and r[1]))
def test_co_so_decisions_show_the_chapter_ii_provision(results: dict[str, Any], ident: str) -> None:
    if ident in STANDALONE:
        pytest.skip("the cấp cơ sở provision states its own rule")
    shown = ROWS[ident][0] | TARGETS.get(ident, set())
    for d in results["co_so"].decisions:
        if d.id != ident or d.outcome == "not_applicable":
            continue
        cited = {
            (b.citation.article, b.citation.clause, b.citation.point)
            for b in d.because
            if b.citation
        }
        assert any(
            a == ua and (uc is None or c == uc) for a, c, _p in cited for ua, uc, _up in shown
        ), (ident, d.cite, cited)
