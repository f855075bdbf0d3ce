"""Agreement checks: another implementation of the speed-limit subset against regcore.

Both sides are reduced to rows of what the JSON output carries for a decision — id, subject,
outcome, whether it has a value and the value (as JSON gives it), citation (Điều, khoản, điểm),
authority, missing paths, due, done_on — and compared per dossier as multisets.

regcore is asked for exactly the subset through ``only``: the engine tests ``id.startswith(only)``,
so a tuple of the subset's ids evaluates those decisions (and what they depend on) in one pass,
as ``--only`` does for one prefix (``benchmarks/run.py`` checks that it still does).

Known deviations: where the rule file cites a different provision than ``provisions.md`` asks
for, the hand-written code follows the spec; each such difference is listed in
:data:`KNOWN_DEVIATIONS` (decision, level, regcore's citation, the spec's) and counted apart, so
that it shows in RESULTS.md without hiding any other disagreement. A row that differs in
anything else, or in a citation not listed, is a disagreement.
"""

from __future__ import annotations

import datetime as dt
import math
from collections import Counter
from collections.abc import Callable, Iterable, Mapping, Sequence
from typing import Any, Final, cast

import attrs

from benchmarks.speed_limit import SUBSET, Record
from regcore import RuleSet
from regcore.result import Decision, to_json_value

CiteKey = tuple[int | None, int | None, str | None]

#: (decision id, level, regcore's citation, provisions.md's citation) -> why. Entries are removed
#: once the rule file and the spec agree (the cấp cơ sở citations of Điều 40–41 and the citation
#: of a not-applicable cấp cơ sở decision were listed here until the rule file was fixed).
KNOWN_DEVIATIONS: Final[dict[tuple[str, str, CiteKey, CiteKey], str]] = {
    ("acceptance.ballot", "tinh", (27, 4, None), (26, 3, None)): (
        "a ballot with a score below 0 or above its criterion's maximum. provisions.md: a "
        "violated decision cites the unit breached, the first when several were; such a ballot "
        "is «đánh giá không theo quy định», invalid by khoản 3 Điều 26, the scale of khoản 4 "
        "Điều 27 being the rule it breaks, so the hand-written code cites khoản 3 Điều 26. The "
        "rule file's comment reads it otherwise (a blank criterion: khoản 3 Điều 26; a score "
        "out of scale: khoản 4 Điều 27). A reading for the rule's authors to settle"
    ),
}

Row = tuple[Any, ...]
_CITE = 5  # index of the citation in a row


def subset_only() -> str:
    """The value passed as regcore's ``only`` for the subset (a tuple, typed as the API's str)."""
    return cast(str, SUBSET)


def _cite_key(article: int | None, clause: int | None, point: str | None) -> CiteKey:
    return (article, clause, point)


def _value(v: Any) -> Any:
    out = to_json_value(v)
    return float(out) if isinstance(out, int) and not isinstance(out, bool) else out


def regcore_row(d: Decision) -> Row:
    c = d.citation
    return (
        d.id,
        d.subject,
        d.outcome,
        d.has_value,
        _value(d.value) if d.has_value else None,
        _cite_key(c.article, c.clause, c.point),
        d.authority_vi,
        tuple(d.missing),
        d.due,
        d.done_on,
    )


def record_row(r: Record) -> Row:
    c = r.citation
    return (
        r.id,
        r.subject,
        r.outcome,
        r.has_value,
        _value(r.value) if r.has_value else None,
        _cite_key(c.article, c.clause, c.point),
        r.authority,
        tuple(r.missing),
        r.due,
        r.done_on,
    )


def _same(a: Row, b: Row, rel: float) -> bool:
    if a == b:
        return True
    if rel == 0.0:
        return False
    for x, y in zip(a, b, strict=True):
        if x == y:
            continue
        if isinstance(x, float) and isinstance(y, float) and math.isclose(x, y, rel_tol=rel):
            continue
        return False
    return True


@attrs.define
class Report:
    """What one agreement check found over a corpus."""

    name: str
    dossiers: int = 0
    rows: int = 0
    agreeing: int = 0
    known: Counter[tuple[str, str, CiteKey, CiteKey]] = attrs.field(factory=Counter)
    disagreements: Counter[str] = attrs.field(factory=Counter)
    examples: dict[str, tuple[str, Row | None, Row | None]] = attrs.field(factory=dict)

    @property
    def ok(self) -> bool:
        return not self.disagreements and self.rows > 0

    def summary(self) -> str:
        known = sum(self.known.values())
        bad = sum(self.disagreements.values())
        return (
            f"{self.name}: {self.dossiers} dossiers, {self.rows} decisions; {self.agreeing} "
            f"agree, {known} differ only by a known citation deviation, {bad} disagree"
        )


def compare(
    report: Report,
    dossier: Mapping[str, Any],
    theirs: Iterable[Row],
    ours: Iterable[Row],
    rel: float = 0.0,
) -> None:
    """Add one dossier's rows to `report` (`theirs`: regcore; `ours`: the implementation)."""
    level = dossier.get("level", "")
    ident = dossier.get("id", "?")
    left = sorted(theirs, key=repr)
    right = sorted(ours, key=repr)
    report.dossiers += 1
    report.rows += len(left)
    pending = list(right)
    for a in left:
        match = next((b for b in pending if _same(a, b, rel)), None)
        if match is not None:
            pending.remove(match)
            report.agreeing += 1
            continue
        # the same decision with only the citation differing, in the list of known deviations
        twin = next(
            (
                b
                for b in pending
                if _same(a[:_CITE] + a[_CITE + 1 :], b[:_CITE] + b[_CITE + 1 :], rel)
            ),
            None,
        )
        if twin is not None:
            key = (a[0], level, a[_CITE], twin[_CITE])
            if key in KNOWN_DEVIATIONS:
                pending.remove(twin)
                report.known[key] += 1
                continue
        twin = twin or next((b for b in pending if b[:2] == a[:2]), None)
        kind = _kind(a, twin, level)
        report.disagreements[kind] += 1
        report.examples.setdefault(kind, (str(ident), a, twin))
        if twin is not None:
            pending.remove(twin)
    for b in pending:
        kind = f"{b[0]} ({level}): only in the implementation"
        report.disagreements[kind] += 1
        report.examples.setdefault(kind, (str(ident), None, b))


_FIELDS = (
    "id",
    "subject",
    "outcome",
    "has_value",
    "value",
    "citation",
    "authority",
    "missing",
    "due",
    "done_on",
)


def _kind(a: Row, b: Row | None, level: str) -> str:
    if b is None:
        return f"{a[0]} ({level}): only in regcore"
    fields = [f for f, x, y in zip(_FIELDS, a, b, strict=True) if x != y]
    return f"{a[0]} ({level}): {', '.join(fields)} differ"


def check(
    name: str,
    rules: RuleSet,
    dossiers: Iterable[Mapping[str, Any]],
    implementation: Callable[[Mapping[str, Any], dt.date], Sequence[Record]],
    as_of: dt.date,
    rel: float = 0.0,
) -> Report:
    """Compare `implementation` with regcore's ``only`` output on every dossier."""
    report = Report(name)
    only = subset_only()
    wanted = set(SUBSET)
    for d in dossiers:
        result = rules.evaluate(d, as_of=as_of, only=only)
        theirs = [regcore_row(x) for x in result.decisions if x.id in wanted]
        ours = [record_row(r) for r in implementation(d, as_of)]
        compare(report, d, theirs, ours, rel)
    return report


def describe(report: Report) -> list[str]:
    """Markdown lines: the summary, each known deviation, each disagreement with an example."""
    lines = [f"- {report.summary()}."]
    for (ident, level, rc, spec), n in sorted(report.known.items()):
        lines.append(
            f"  - known deviation ×{n}: `{ident}` ({level}) regcore cites {_fmt(rc)}, "
            f"provisions.md {_fmt(spec)} — {KNOWN_DEVIATIONS[(ident, level, rc, spec)]}."
        )
    for kind, n in report.disagreements.most_common():
        dossier, a, b = report.examples[kind]
        lines.append(f"  - **disagreement** ×{n}: {kind}; e.g. dossier `{dossier}`:")
        lines.append(f"    regcore `{a}`, implementation `{b}`")
    return lines


def _fmt(c: CiteKey) -> str:
    article, clause, point = c
    parts = [f"điểm {point}"] if point else []
    if clause is not None:
        parts.append(f"khoản {clause}")
    parts.append(f"Điều {article}")
    return " ".join(parts)
