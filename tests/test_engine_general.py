"""The engine stays general: nothing specific to the circular lives in the package's Python code.

Decision ids, enum values, form and component codes, authorities, record and field names and the
thresholds with units (points, days, months, đồng) are written only in the rule file; this test
collects them from the bundled circular's syntax tree and looks for them among the constants of
every module under regcore/ (docstrings excepted: they may show the API with an example id).
"""

from __future__ import annotations

import ast as pyast
from fractions import Fraction
from pathlib import Path
from typing import Any

import attrs

import regcore
from regcore import ast

PACKAGE = Path(regcore.__file__).parent


def _walk(node: Any, out: dict[str, set[Any]]) -> None:
    if isinstance(node, tuple | list):
        for x in node:
            _walk(x, out)
        return
    if not attrs.has(type(node)):
        return
    if isinstance(node, ast.Str):
        out["strings"].add(node.value)
    elif isinstance(node, ast.Quantity):
        out["quantities"].add(node.value)
    elif isinstance(node, ast.Rule):
        out["strings"].add(node.id)
    elif isinstance(node, ast.EnumValue):
        out["strings"].add(node.value)
    elif isinstance(node, ast.AuthorityDecl):
        out["strings"].add(node.name)
    elif isinstance(node, ast.Field):
        out["fields"].add(node.name)
    for a in attrs.fields(type(node)):
        if a.name not in ("span", "pos", "id_span"):
            _walk(getattr(node, a.name), out)


def _circular_constants() -> dict[str, set[Any]]:
    out: dict[str, set[Any]] = {"strings": set(), "quantities": set(), "fields": set()}
    doc = regcore.load().checked.documents[0]
    _walk(doc.items, out)
    return out


def _docstrings(tree: pyast.AST) -> set[int]:
    ids: set[int] = set()
    for n in pyast.walk(tree):
        body = getattr(n, "body", None)
        first = body[0] if isinstance(body, list) and body else None
        value = first.value if isinstance(first, pyast.Expr) else None
        if isinstance(value, pyast.Constant) and isinstance(value.value, str):
            ids.add(id(value))
    return ids


def _package_constants() -> list[tuple[str, int, Any]]:
    found: list[tuple[str, int, Any]] = []
    for path in sorted(PACKAGE.rglob("*.py")):
        tree = pyast.parse(path.read_text(encoding="utf-8"))
        skip = _docstrings(tree)
        for n in pyast.walk(tree):
            if isinstance(n, pyast.Constant) and id(n) not in skip:
                found.append((path.name, n.lineno, n.value))
    return found


def test_the_walk_finds_the_circulars_vocabulary() -> None:
    c = _circular_constants()
    # Proof the collection sees what it must keep out of the package:
    assert {"acceptance.classification", "chu_tich_ubnd", "I.01-ĐXNV.ĐT", "xuat_sac"} <= c[
        "strings"
    ]
    assert {Fraction(70), Fraction(90), Fraction(30)} <= c["quantities"]


# Field names that are also the package's own words: the dossier envelope of dossier.md
# ("format", "id"), point letters (every Vietnamese law letters its points), keys of the result
# schema and diff formats ("name", "title", "description", "total", "reason", "changes"), the unit
# "months" and the sibling-default mode "present". None is a fact of the circular.
GENERIC = {"format", "id", "name", "title", "description", "total", "reason", "months", "present"}
GENERIC |= {"changes"}
GENERIC |= set("abcdeg")


def test_no_circular_strings_in_the_package() -> None:
    c = _circular_constants()
    assert "approved_by" in c["fields"]
    vocabulary = c["strings"] | (c["fields"] - GENERIC)
    hits = [
        (f, line, v)
        for f, line, v in _package_constants()
        if isinstance(v, str) and v in vocabulary
    ]
    assert hits == []


def test_no_circular_thresholds_in_the_package() -> None:
    # Thresholds with units larger than a calendar's own numbers (12 months, 31 days) are the
    # circular's: 70 and 90 points, 15, 30 and 90 days, 24 months … (100, the top of the
    # 100-point scale, is also the formatter's line width, so it is left out.)
    thresholds = {q for q in _circular_constants()["quantities"] if q > 12 and q not in (31, 100)}
    assert {Fraction(15), Fraction(24), Fraction(30), Fraction(70), Fraction(90)} <= thresholds
    hits = [
        (f, line, v)
        for f, line, v in _package_constants()
        if isinstance(v, int | float) and not isinstance(v, bool) and Fraction(v) in thresholds
    ]
    assert hits == []
    # nor the council fractions
    source = "\n".join(p.read_text(encoding="utf-8") for p in PACKAGE.rglob("*.py"))
    assert "Fraction(2, 3)" not in source
    assert "Fraction(3, 4)" not in source
