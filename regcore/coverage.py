"""Coverage by provision: which articles, clauses and points carry executable rules, which are
kept as text only, which are neither; and which executable ones the example cases exercise.

A unit is *executable* when a rule sits under its heading or cites it (``căn cứ``, ``theo``,
a grade's citation); *text only* when it, or a unit above it, is marked ``chỉ có văn bản`` and
nothing under it is executable; *missing* otherwise. A unit with executable units below it is
*partial* unless it is executable itself. An executable unit is *tested* when some case's
expectation matched a decision of one of its rules citing it, or a decision whose argument
cites it (a rule applied by reference).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any, Literal

from attrs import field, frozen

from regcore import ast
from regcore.checker import CheckedRules, ref_targets
from regcore.result import Because, Citation, Decision

__all__ = ["Coverage", "Unit", "coverage", "render_coverage", "untested_or_missing"]

Status = Literal["executable", "partial", "text", "missing"]
Key = tuple[int, int | None, str | None, int]


@frozen
class Unit:
    level: Literal["article", "clause", "point"]
    key: Key
    title: str | None
    has_text: bool
    status: Status
    rules: tuple[str, ...] = ()
    tested: bool | None = None  # None when not executable
    reason: str | None = None
    children: tuple[Unit, ...] = ()

    def cite(self) -> str:
        a, c, p, _ = self.key
        return ast.LawPos(article=a, clause=c, point=p).cite()


@frozen
class Coverage:
    document: str
    units: tuple[Unit, ...]  # articles, with their clauses and points
    with_tests: bool = False
    counts: dict[str, int] = field(factory=dict)


@frozen
class _Builder:
    level: str
    key: Key
    title: str | None
    has_text: list[bool]
    text_only: list[str | None]
    marked: list[bool]
    rules: list[str]
    children: list[_Builder]


def _key(pos: ast.LawPos) -> Key:
    return (pos.article or 0, pos.clause, pos.point, pos.point_ordinal if pos.point else 1)


def _cited_units(rule: ast.Rule, document: str) -> set[tuple[int, int | None, str | None]]:
    refs: list[ast.Ref] = []
    for c in rule.clauses:
        cite = getattr(c, "cite", None)
        if isinstance(cite, ast.Ref):
            refs.append(cite)
        if isinstance(c, ast.Citing):
            refs.append(c.ref)
        if isinstance(c, ast.Classify):
            refs.extend(r.cite for r in c.rungs if r.cite is not None)
    out: set[tuple[int, int | None, str | None]] = set()
    for ref in refs:
        if ref.document not in (None, document):
            continue
        targets = ref_targets(ref, rule.pos, document)
        if targets is not None:
            out.update(targets[1])
    return out


def _exercised(decisions: Iterable[Decision]) -> dict[str, set[tuple[Any, ...]]]:
    """For each decision id, the units its exercised decisions cited, and (key "") every unit
    any exercised decision's argument cites."""
    out: dict[str, set[tuple[Any, ...]]] = {"": set()}

    def unit(c: Citation) -> tuple[Any, ...]:
        return (c.document, c.article, c.clause, c.point)

    def walk(nodes: Iterable[Because]) -> None:
        for n in nodes:
            if n.citation is not None:
                out[""].add(unit(n.citation))
            walk(n.children)

    for d in decisions:
        out.setdefault(d.id, set()).add(unit(d.citation))
        walk(d.because)
    return out


def _inside(x: tuple[Any, ...], unit: tuple[Any, ...]) -> bool:
    """``x`` (document, article, clause, point) is ``unit`` or a point or clause inside it."""
    doc, a, c, p = unit
    return x[0] == doc and x[1] == a and (c is None or x[2] == c) and (p is None or x[3] == p)


def coverage(rules: CheckedRules, exercised: Iterable[Decision] | None = None) -> Coverage:
    """The coverage of the first (base) document of a checked rule set."""
    doc = rules.documents[0]
    number = doc.header.number if doc.header else doc.file
    articles: list[_Builder] = []
    by_key: dict[Key, _Builder] = {}
    current: _Builder | None = None
    cited: dict[tuple[int, int | None, str | None], list[str]] = {}
    # the units each unit's rules may cite: the unit itself and their «căn cứ», «theo» targets
    targets: dict[Key, set[tuple[int, int | None, str | None]]] = {}
    for item in doc.items:
        if isinstance(item, ast.Heading):
            if item.level in ("chapter", "section"):
                current = None
                continue
            b = _Builder(item.level, _key(item.pos), item.title, [False], [None], [False], [], [])
            by_key[b.key] = b
            if item.level == "article":
                articles.append(b)
            else:
                a, c, _p, _o = b.key
                up = (a, c, None, 1) if item.level == "point" else (a, None, None, 1)
                parent = by_key.get(up)
                if parent is not None:
                    parent.children.append(b)
            current = b
        elif current is None:
            continue
        elif isinstance(item, ast.LawText):
            current.has_text[0] = True
        elif isinstance(item, ast.TextOnly):
            current.marked[0] = True
            current.text_only[0] = item.reason
        elif isinstance(item, ast.Rule):
            current.rules.append(item.id)
            units = _cited_units(item, number)
            targets.setdefault(current.key, set()).update(units)
            for target in units:
                cited.setdefault(target, []).append(item.id)
        elif isinstance(item, ast.RubricDecl):
            current.rules.append(f"{item.name} (thang điểm)")

    seen = _exercised(exercised) if exercised is not None else None
    counts = {"executable": 0, "tested": 0, "text": 0, "missing": 0}

    def tested(b: _Builder, ids: list[str]) -> bool:
        """Some exercised decision of a rule here cites this unit or a unit the rule cites (a
        rule under điểm đ citing its clause), or some decision's argument cites this unit."""
        assert seen is not None
        a, c, p, _ = b.key
        here = (number, a, c, p)
        if here in seen[""]:
            return True
        units = {here} | {(number, *t) for t in targets.get(b.key, ())}
        return any(_inside(x, u) for i in ids for x in seen.get(i, ()) for u in units)

    def build(b: _Builder, inherited: str | None, marked_above: bool) -> Unit:
        marked = b.marked[0] or marked_above
        reason = b.text_only[0] if b.marked[0] else inherited
        kids = tuple(build(k, reason, marked) for k in b.children)
        a, c, p, _ = b.key
        ids = list(dict.fromkeys(b.rules + cited.get((a, c, p), [])))
        status: Status
        if ids:
            status = "executable"
        elif any(k.status in ("executable", "partial") for k in kids):
            status = "partial"
        elif marked or (kids and all(k.status == "text" for k in kids)):
            status = "text"
        else:
            status = "missing"
        is_tested = None
        if status == "executable" and seen is not None:
            is_tested = tested(b, ids)
        return Unit(
            level=b.level,  # type: ignore[arg-type]
            key=b.key,
            title=b.title,
            has_text=b.has_text[0],
            status=status,
            rules=tuple(ids),
            tested=is_tested,
            reason=reason if status == "text" else None,
            children=kids,
        )

    tree = tuple(build(b, None, False) for b in articles)

    def count(u: Unit) -> None:
        if u.status == "executable":
            counts["executable"] += 1
            if u.tested:
                counts["tested"] += 1
        elif u.status == "text" and (not u.children):
            counts["text"] += 1
        elif u.status == "missing" and not u.children:
            counts["missing"] += 1
        for k in u.children:
            count(k)

    for top in tree:
        count(top)
    return Coverage(number, tree, with_tests=seen is not None, counts=counts)


# ----------------------------------------------------------------------------- rendering

_WORDS = {
    "vi": {
        "executable": "có quy tắc",
        "partial": "một phần",
        "text": "chỉ có văn bản",
        "missing": "chưa xử lý",
        "tested": "đã kiểm thử",
        "untested": "CHƯA KIỂM THỬ",
        "title": "Độ phủ theo điều khoản",
        "total": (
            "Tổng: {executable} đơn vị có quy tắc ({tested} đã kiểm thử), "
            "{text} đơn vị chỉ có văn bản, {missing} đơn vị chưa xử lý"
        ),
    },
    "en": {
        "executable": "executable",
        "partial": "partial",
        "text": "text only",
        "missing": "missing",
        "tested": "tested",
        "untested": "NOT TESTED",
        "title": "Coverage by provision",
        "total": (
            "Total: {executable} executable units ({tested} tested), "
            "{text} text-only units, {missing} missing"
        ),
    },
}


def _label(u: Unit, lang: str) -> str:
    a, c, p, _ = u.key
    if u.level == "article":
        return f"Article {a}" if lang == "en" else f"Điều {a}"
    if u.level == "clause":
        return f"clause {c}" if lang == "en" else f"khoản {c}"
    return f"point {p}" if lang == "en" else f"điểm {p}"


def render_coverage(cov: Coverage, lang: str = "vi", fmt: str = "text") -> str:
    w = _WORDS["en" if lang == "en" else "vi"]
    if fmt == "json":
        import json

        return json.dumps(_to_json(cov), ensure_ascii=False, indent=2)
    lines = [f"{cov.document} — {w['title']}", ""]

    def line(u: Unit, depth: int) -> None:
        status = w[u.status]
        extra = ""
        if u.status == "executable":
            extra = ": " + ", ".join(u.rules)
            if u.tested is not None:
                extra += f"  [{w['tested'] if u.tested else w['untested']}]"
        elif u.status == "text" and u.reason and u.level == "article":
            extra = f": {u.reason}"
        title = f" {u.title}" if u.title and u.level == "article" else ""
        if fmt == "md":
            lines.append(f"{'  ' * depth}- **{_label(u, lang)}**{title} — {status}{extra}")
        else:
            lines.append(f"{'  ' * depth}{_label(u, lang)}{title} — {status}{extra}")
        if u.status in ("partial", "executable", "missing") or u.level == "article":
            if u.status == "text":
                return
            for k in u.children:
                line(k, depth + 1)

    for u in cov.units:
        line(u, 0)
    lines.append("")
    lines.append(w["total"].format(**cov.counts))
    return "\n".join(lines)


def _to_json(cov: Coverage) -> dict[str, Any]:
    def unit(u: Unit) -> dict[str, Any]:
        out: dict[str, Any] = {"unit": u.cite(), "status": u.status}
        if u.rules:
            out["rules"] = list(u.rules)
        if u.tested is not None:
            out["tested"] = u.tested
        if u.reason:
            out["reason"] = u.reason
        if u.children:
            out["children"] = [unit(k) for k in u.children]
        return out

    return {
        "document": cov.document,
        "counts": cov.counts,
        "units": [unit(u) for u in cov.units],
    }


def untested_or_missing(cov: Coverage) -> Sequence[Unit]:
    """Executable units no case exercises, and leaf units neither executable nor text."""
    out: list[Unit] = []

    def walk(u: Unit) -> None:
        if (u.status == "executable" and u.tested is False) or (
            u.status == "missing" and not u.children
        ):
            out.append(u)
        for k in u.children:
            walk(k)

    for u in cov.units:
        walk(u)
    return out
