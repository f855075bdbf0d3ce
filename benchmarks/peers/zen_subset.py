"""The speed-limit subset as a GoRules JSON Decision Model, run by ``zen-engine`` (Rust).

The graph (``circular_subset.jdm.json`` beside this file, written from :func:`graph`) is what a
GoRules user would draw: an expression node of facts, a custom node for the one thing the ZEN
expression language cannot do — the Vietnamese working-day calendar (it has ``d(…).add(n,
"M")`` with clamping, but no holiday calendar) — a decision table for the grade of khoản 2
Điều 28, and an expression node that assembles the decision records (id, subject, outcome,
value, citation, authority, missing paths, due date). The custom node calls back into Python
(``regcore.calendar.LegalCalendar.roll_forward``) on two dates per dossier; that cost is paid
inside the engine's evaluation, as it would be in production.

The glue (:func:`benchmarks.peers.common.records`) only converts the engine's JSON (numbers as
floats, dates as text) to :class:`benchmarks.speed_limit.Record`. Three-valued logic is spelt
out: ZEN's ``and``/``or`` fail on a null left operand, so "unknown" is carried as null and
tested with ``== null``.

    python -m benchmarks.peers.zen_subset --write      # regenerate the JDM file
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any, Final

from benchmarks.peers.common import records
from benchmarks.speed_limit import AUTHORITY, Record
from regcore.calendar import LegalCalendar

JDM_PATH: Final = Path(__file__).with_name("circular_subset.jdm.json")

_POS = {"x": 0, "y": 0}
_NA = '"not_applicable"'


def _node(ident: str, kind: str, name: str, content: Any = None) -> dict[str, Any]:
    node: dict[str, Any] = {"id": ident, "type": kind, "name": name, "position": _POS}
    if content is not None:
        node["content"] = content
    return node


def _expressions(pairs: Sequence[tuple[str, str]], pass_through: bool = False) -> dict[str, Any]:
    return {
        "expressions": [
            {"id": f"e{i}", "key": k, "value": " ".join(v.split())}
            for i, (k, v) in enumerate(pairs)
        ],
        "passThrough": pass_through,
    }


_CRITERIA = (("a", 20), ("b", 5), ("c", 25), ("d", 30), ("dd", 5), ("e", 5), ("g", 10))
_VALID = " and ".join(
    f"#.scores.{c} != null and #.scores.{c} >= 0 and #.scores.{c} <= {m}" for c, m in _CRITERIA
)
_TOTAL = " + ".join(f"#.scores.{c}" for c, _ in _CRITERIA)

# ---------------------------------------------------------------- node 1: facts
FACTS: Final = (
    ("f.tinh", 'level == "tinh"'),
    ("f.auth", f'level == "tinh" ? "{AUTHORITY["tinh"]}" : "{AUTHORITY["co_so"]}"'),
    ("f.extCite", 'level == "tinh" ? [21, 3, "c"] : [40, 2, null]'),
    ("f.endCite", 'level == "tinh" ? [24, 1, null] : [41, 1, "a"]'),
    ("f.ballotCite", 'level == "tinh" ? [26, 3, null] : [41, 5, null]'),
    ("f.scoreCite", 'level == "tinh" ? [28, 1, "b"] : [41, 5, null]'),
    ("f.classCite", 'level == "tinh" ? [28, 2, null] : [41, 5, null]'),
    ("f.days", 'level == "tinh" ? 30 : 15'),
    ("f.duration", "contract == null ? null : contract.duration_months"),
    ("f.maxMonths", "$.f.duration == null ? null : ($.f.duration >= 24 ? 12 : 6)"),
    ("f.end", "contract == null ? null : contract.end"),
    ("f.ext", "extensions ?? []"),
    # per extension: what was granted before it (điểm c khoản 3 Điều 21)
    (
        "f.rows",
        """map([0..len($.f.ext) - 1], {
            pos: # + 1,
            months: (extensions ?? [])[#].months,
            pre: d((extensions ?? [])[#].requested_on) < d("2025-02-10"),
            exc: (extensions ?? [])[#].approved_by in
                 ["chu_tich_ubnd", "uy_quyen_chu_tich", "thu_truong_co_so"],
            before: # == 0 ? 0 : len(filter((extensions ?? [])[0:# - 1], #.approved_by != null)),
            timingOk: contract == null or contract.end == null ? null :
                d((extensions ?? [])[#].requested_on) <=
                d(contract.end).add(# == 0 ? 0 : sum(map(filter((extensions ?? [])[0:# - 1],
                    #.approved_by != null), #.months)), "M").sub(1, "M")
        })""",
    ),
    ("f.granted", "sum(map(filter($.f.ext, #.approved_by != null), #.months))"),
    ("f.grantedCount", "len(filter($.f.ext, #.approved_by != null))"),
    (
        "f.implEnd",
        '$.f.end == null ? null : d($.f.end).add($.f.granted, "M").format("%Y-%m-%d")',
    ),
    (
        "f.rawDue",
        '$.f.implEnd == null ? null : d($.f.implEnd).add($.f.days, "d").format("%Y-%m-%d")',
    ),
    ("f.rawLate", '$.f.implEnd == null ? null : d($.f.implEnd).add(3, "M").format("%Y-%m-%d")'),
    ("f.hasContract", "contract != null"),
    ("f.hasAcc", "acceptance != null"),
    ("f.asOf", "asOf"),
    ("f.submitted", "acceptance == null ? null : acceptance.submitted_on"),
    ("f.meeting", "acceptance == null ? null : acceptance.meeting_on"),
    ("f.preForce", '$.f.meeting == null ? false : d($.f.meeting) < d("2025-02-10")'),
    ("f.noBallots", "acceptance == null or acceptance.ballots == null"),
    (
        "f.checked",
        f"""map((acceptance == null ? null : acceptance.ballots) ?? [],
              #.scores != null and {_VALID} ? {{member: #.member, valid: true, total: {_TOTAL}}} :
              {{member: #.member, valid: false}})""",
    ),
    ("f.validTotals", "map(filter($.f.checked, #.valid), #.total)"),
    ("f.validN", "len($.f.validTotals)"),
    ("f.validSum", "sum($.f.validTotals)"),
    ("f.score", "$.f.validN == 0 ? null : $.f.validSum / $.f.validN"),
    ("f.low", "$.f.validN == 0 ? null : $.f.validSum < 70 * $.f.validN"),
    ("f.completed", "acceptance == null ? null : acceptance.completed_per_contract"),
    ("f.outstanding", "acceptance == null ? null : acceptance.outstanding_product"),
)

# ---------------------------------------------------------------- node 3: grade inputs
GRADE_INPUTS: Final = (
    (
        "g.late",
        "f.submitted == null or f.implEnd == null ? null : d(f.submitted) > d(cal.lateLimit)",
    ),
    ("g.low", "f.low"),
    (
        "g.xs",
        """f.score == null ? null :
           (f.validSum < 90 * f.validN or f.completed == false or f.grantedCount > 0
            or f.outstanding == false) ? false :
           (f.completed == null or f.outstanding == null ? null : true)""",
    ),
)

# ---------------------------------------------------------------- node 5: the records


def _ext(outcome: str, extra: str = "") -> str:
    """A per-extension record (`#`: the extension's row)."""
    return f"{{subject: #.pos, outcome: {outcome}, cite: f.extCite{extra}}}"


_SAT, _NA_EXT = _ext('"satisfied"'), _ext(_NA)
_REFERRED = _ext('"referred"', ", authority: f.auth")

RECORDS: Final = (
    (
        "r.max",
        f"""f.hasContract == false ? {{outcome: {_NA}, cite: f.extCite, hasValue: false}} :
           (f.maxMonths == null ?
              {{outcome: "unknown", cite: f.extCite, hasValue: true, value: null,
                missing: ["contract.duration_months"]}} :
              {{outcome: "satisfied", cite: f.extCite, hasValue: true, value: f.maxMonths}})""",
    ),
    (
        "r.count",
        f"map(f.rows, #.pre ? {_NA_EXT} : (#.before == 0 or #.exc ? {_SAT} : {_REFERRED}))",
    ),
    (
        "r.length",
        f"""map(f.rows, #.pre ? {_NA_EXT} :
           (f.maxMonths == null ?
              {_ext('"unknown"', ', missing: f.hasContract ? ["contract.duration_months"] : []')} :
              (#.months <= f.maxMonths or #.exc ? {_SAT} : {_REFERRED})))""",
    ),
    (
        "r.timing",
        f"""map(f.rows, #.pre or f.hasContract == false ? {_NA_EXT} :
           (#.timingOk == null ? {_ext('"unknown"', ', missing: ["contract.end"]')} :
              (#.timingOk or #.exc ? {_SAT} : {_REFERRED})))""",
    ),
    (
        "r.end",
        f"""f.implEnd == null ? {{outcome: {_NA}, hasValue: false, cite: f.endCite}} :
           {{outcome: "satisfied", hasValue: true, value: f.implEnd, cite: f.endCite}}""",
    ),
    (
        "r.deadline",
        f"""f.implEnd == null or d(f.implEnd) < d("2025-02-10") ?
              {{outcome: {_NA}, cite: f.endCite}} :
           (f.submitted != null ?
              {{outcome: d(f.submitted) <= d(cal.due) ? "satisfied" : "violated",
                due: cal.due, doneOn: f.submitted, cite: f.endCite}} :
              {{outcome: d(cal.due) >= d(f.asOf) ? "pending" : "violated", due: cal.due,
                cite: f.endCite}})""",
    ),
    (
        "r.ballots",
        f"""f.noBallots ? [{{subject: null, outcome: {_NA}, cite: f.ballotCite}}] :
           map(f.checked, {{subject: #.member, cite: f.ballotCite,
              outcome: f.preForce ? {_NA} : (#.valid ? "satisfied" : "violated")}})""",
    ),
    (
        "r.score",
        f"""f.hasAcc == false or f.preForce ?
              {{outcome: {_NA}, hasValue: false, cite: f.scoreCite}} :
           (f.validN == 0 ?
              {{outcome: "unknown", hasValue: true, value: null, cite: f.scoreCite,
                missing: ["acceptance.ballots"]}} :
              {{outcome: "satisfied", hasValue: true, value: f.score, cite: f.scoreCite}})""",
    ),
    (
        "r.class",
        f"""f.hasAcc == false or f.preForce ?
              {{outcome: {_NA}, hasValue: false, cite: f.classCite}} :
           (cls.grade == null ?
              {{outcome: "unknown", hasValue: true, value: null, cite: f.classCite,
                missing: filter(["acceptance.ballots", "acceptance.completed_per_contract",
                                 "acceptance.outstanding_product", "acceptance.submitted_on"],
                  g.late == true or g.low == true ? false :
                  (g.late == null or g.low == null ?
                     (# == "acceptance.submitted_on" and g.late == null and f.submitted == null)
                     or (# == "acceptance.ballots" and g.low == null) :
                     (# == "acceptance.completed_per_contract" and f.completed == null)
                     or (# == "acceptance.outstanding_product" and f.outstanding == null)))}} :
              {{outcome: "satisfied", hasValue: true, value: cls.grade,
                cite: f.tinh ? [28, 2, cls.point] : f.classCite}})""",
    ),
)

# ---------------------------------------------------------------- node 4: the grade table
_GRADES = (
    # (late, low, xs) -> (grade, point): the first row that matches (hit policy "first")
    (("true", "", ""), ('"khong_dat"', '"c"')),
    (("", "true", ""), ('"khong_dat"', '"c"')),
    (("null", "", ""), ("null", "null")),
    (("", "null", ""), ("null", "null")),
    (("", "", "false"), ('"dat"', '"b"')),
    (("", "", "null"), ("null", "null")),
    (("", "", ""), ('"xuat_sac"', '"a"')),
)


def _grade_table() -> dict[str, Any]:
    inputs = [
        {"id": "late", "name": "Nộp chậm quá 03 tháng", "field": "g.late"},
        {"id": "low", "name": "Điểm dưới 70", "field": "g.low"},
        {"id": "xs", "name": "Đủ điều kiện Xuất sắc", "field": "g.xs"},
    ]
    outputs = [
        {"id": "grade", "name": "Xếp loại", "field": "cls.grade"},
        {"id": "point", "name": "Điểm (khoản 2 Điều 28)", "field": "cls.point"},
    ]
    rules = []
    for i, ((late, low, xs), (grade, point)) in enumerate(_GRADES):
        rules.append(
            {"_id": f"r{i}", "late": late, "low": low, "xs": xs, "grade": grade, "point": point}
        )
    return {"hitPolicy": "first", "inputs": inputs, "outputs": outputs, "rules": rules}


def graph() -> dict[str, Any]:
    """The JDM of the subset."""
    nodes = [
        _node("input", "inputNode", "Hồ sơ"),
        _node("facts", "expressionNode", "Dữ kiện", _expressions(FACTS)),
        _node(
            "calendar",
            "customNode",
            "Lịch làm việc",
            {
                "kind": "roll_forward",
                "config": {"due": "{{ f.rawDue }}", "lateLimit": "{{ f.rawLate }}"},
            },
        ),
        _node("grade_in", "expressionNode", "Điều kiện xếp loại", _expressions(GRADE_INPUTS)),
        _node("grade", "decisionTableNode", "Xếp loại (khoản 2 Điều 28)", _grade_table()),
        _node("records", "expressionNode", "Quyết định", _expressions(RECORDS)),
        _node("output", "outputNode", "Kết quả"),
    ]
    edges = [
        ("input", "facts"),
        ("facts", "calendar"),
        ("facts", "grade_in"),
        ("calendar", "grade_in"),
        ("grade_in", "grade"),
        ("facts", "records"),
        ("calendar", "records"),
        ("grade_in", "records"),
        ("grade", "records"),
        ("records", "output"),
    ]
    return {
        "contentType": "application/vnd.gorules.decision",
        "nodes": nodes,
        "edges": [
            {"id": f"{s}-{t}", "sourceId": s, "targetId": t, "type": "edge"} for s, t in edges
        ],
    }


# ---------------------------------------------------------------- running it


class ZenSubset:
    """The JDM loaded once into a ``zen.ZenEngine``, with the calendar node's handler."""

    def __init__(self, calendar: LegalCalendar | None = None, path: Path = JDM_PATH) -> None:
        import zen

        self.calendar = calendar or LegalCalendar.default()
        roll = self.calendar.roll_forward

        def handler(request: Any) -> dict[str, Any]:
            out: dict[str, Any] = {}
            for key in ("due", "lateLimit"):
                raw = request.get_field(key)
                out[key] = roll(dt.date.fromisoformat(raw)).isoformat() if raw else None
            return {"output": {"cal": out}}

        self.engine = zen.ZenEngine({"customHandler": handler})
        self.decision = self.engine.create_decision(path.read_text(encoding="utf-8"))

    def run(self, dossier: Mapping[str, Any], as_of: dt.date) -> dict[str, Any]:
        context = {**dossier, "asOf": as_of.isoformat()}
        result: dict[str, Any] = self.decision.evaluate(context)["result"]
        return result

    def evaluate(self, dossier: Mapping[str, Any], as_of: dt.date) -> list[Record]:
        return records(self.run(dossier, as_of)["r"])


def main(argv: Sequence[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description="Write the subset's JDM file.")
    ap.add_argument("--write", action="store_true", help=f"write {JDM_PATH.name}")
    args = ap.parse_args(argv)
    text = json.dumps(graph(), ensure_ascii=False, indent=1) + "\n"
    if args.write:
        JDM_PATH.write_text(text, encoding="utf-8")
    else:
        print(text, end="")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
