"""The speed-limit subset in ``rule-engine`` (pure Python, ``rule_engine.Rule`` expressions).

rule-engine evaluates one expression against one object, so the subset is a short chain of
rules over a working memory, as a rule-engine user would write it: the facts of the dossier, the
facts derived from them, the grade of khoản 2 Điều 28, and the decision records (each a mapping:
outcome, value, citation, authority, missing paths, due date). Between two rules the glue only
merges the previous rule's mapping into the object the next one reads.

rule-engine has no month arithmetic and no working-day calendar, so three builtins are added
(``$add_months``, ``$add_days``, ``$roll``), backed by :class:`regcore.calendar.LegalCalendar`;
dates stay ISO text, which compares in date order. Its ``and``/``or`` treat null as false, so
"unknown" is carried as null and tested with ``== null``, as in the ZEN graph.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any, Final

from benchmarks.peers.common import records
from benchmarks.speed_limit import AUTHORITY, Record
from regcore.calendar import LegalCalendar

_CRITERIA = (("a", 20), ("b", 5), ("c", 25), ("d", 30), ("dd", 5), ("e", 5), ("g", 10))
_VALID = 'p&["scores"] != null and ' + " and ".join(
    f'p["scores"]&["{c}"] != null and p["scores"]["{c}"] >= 0 and p["scores"]["{c}"] <= {m}'
    for c, m in _CRITERIA
)
_TOTAL = " + ".join(f'p["scores"]["{c}"]' for c, _ in _CRITERIA)
_APPROVED = 'x&["approved_by"] != null'
_NA = '"not_applicable"'

#: 1. Facts read from the dossier (``x["k"]`` for a required key, ``x&["k"]`` for an optional
#: one: rule-engine's item access; its ``x.k`` on a mapping is a slow fallback).
FACTS: Final = f"""{{
  "tinh": level == "tinh",
  "auth": level == "tinh" ? "{AUTHORITY["tinh"]}" : "{AUTHORITY["co_so"]}",
  "ext_cite": level == "tinh" ? [21, 3, "c"] : [40, 2, null],
  "end_cite": level == "tinh" ? [24, 1, null] : [41, 1, "a"],
  "ballot_cite": level == "tinh" ? [26, 3, null] : [41, 5, null],
  "score_cite": level == "tinh" ? [28, 1, "b"] : [41, 5, null],
  "class_cite": level == "tinh" ? [28, 2, null] : [41, 5, null],
  "days": level == "tinh" ? 30 : 15,
  "has_contract": contract != null,
  "max_months": contract&["duration_months"] == null ? null :
                (contract["duration_months"] >= 24 ? 12 : 6),
  "end": contract&["end"],
  "exts": extensions == null ? [] : extensions,
  "has_acc": acceptance != null,
  "submitted": acceptance&["submitted_on"],
  "meeting": acceptance&["meeting_on"],
  "no_ballots": acceptance&["ballots"] == null,
  "checked": [{{"member": p["member"], "valid": {_VALID}, "total": ({_VALID}) ? {_TOTAL} : 0}}
              for p in (acceptance&["ballots"] == null ? [] : acceptance["ballots"])],
  "completed": acceptance&["completed_per_contract"],
  "outstanding": acceptance&["outstanding_product"]
}}"""

#: 2. Facts derived from them (điểm c khoản 3 Điều 21; khoản 1 Điều 24; Điều 28).
DERIVED: Final = f"""{{
  "rows": [{{
      "pos": i + 1,
      "months": exts[i]["months"],
      "pre": exts[i]["requested_on"] < "2025-02-10",
      "exc": exts[i]&["approved_by"] in ["chu_tich_ubnd", "uy_quyen_chu_tich", "thu_truong_co_so"],
      "before": [x for x in exts[:i] if {_APPROVED}].length,
      "timing_ok": end == null ? null : exts[i]["requested_on"] <=
          $add_months($add_months(end, $sum([x["months"] for x in exts[:i] if {_APPROVED}])), -1)
    }} for i in $range(exts.length)],
  "granted_count": [x for x in exts if {_APPROVED}].length,
  "impl_end": end == null ? null :
              $add_months(end, $sum([x["months"] for x in exts if {_APPROVED}])),
  "valid_n": [c for c in checked if c["valid"]].length,
  "valid_sum": $sum([c["total"] for c in checked if c["valid"]]),
  "pre_force": meeting != null and meeting < "2025-02-10"
}}"""

#: 3. Dates on the calendar, the score, and the conditions of the grades.
GRADED: Final = """{
  "due": impl_end == null ? null : $roll($add_days(impl_end, days)),
  "late": submitted == null or impl_end == null ? null :
          submitted > $roll($add_months(impl_end, 3)),
  "score": valid_n == 0 ? null : valid_sum / valid_n,
  "low": valid_n == 0 ? null : valid_sum < 70 * valid_n,
  "xs": valid_n == 0 ? null :
        (valid_sum < 90 * valid_n or completed == false or granted_count > 0
         or outstanding == false) ? false :
        (completed == null or outstanding == null ? null : true)
}"""

#: 4. khoản 2 Điều 28: the first grade whose condition holds (null: unknown).
GRADE: Final = """{
  "grade": late == true or low == true ? "khong_dat" :
           (late == null or low == null ? null : (xs == false ? "dat" :
           (xs == null ? null : "xuat_sac"))),
  "point": late == true or low == true ? "c" :
           (late == null or low == null ? null : (xs == false ? "b" :
           (xs == null ? null : "a")))
}"""

_MISSING_CLASS = """[p for p in ["acceptance.ballots", "acceptance.completed_per_contract",
                        "acceptance.outstanding_product", "acceptance.submitted_on"]
   if (late == null or low == null) ?
        (p == "acceptance.submitted_on" and late == null and submitted == null)
        or (p == "acceptance.ballots" and low == null) :
        (p == "acceptance.completed_per_contract" and completed == null)
        or (p == "acceptance.outstanding_product" and outstanding == null)]"""


def _ext(outcome: str, extra: str = "") -> str:
    """A per-extension record (`r`: the extension's row)."""
    return f'{{"subject": r["pos"], "outcome": {outcome}, "cite": ext_cite{extra}}}'


_SAT, _NA_EXT = _ext('"satisfied"'), _ext(_NA)
_REFERRED = _ext('"referred"', ', "authority": auth')
_UNKNOWN_LENGTH = _ext('"unknown"', ', "missing": has_contract ? ["contract.duration_months"] : []')

#: 5. The decision records.
RECORDS: Final = f"""{{
  "max": has_contract == false ? {{"outcome": {_NA}, "cite": ext_cite}} :
         (max_months == null ?
            {{"outcome": "unknown", "cite": ext_cite, "hasValue": true, "value": null,
              "missing": ["contract.duration_months"]}} :
            {{"outcome": "satisfied", "cite": ext_cite, "hasValue": true, "value": max_months}}),
  "count": [r["pre"] ? {_NA_EXT} :
            (r["before"] == 0 or r["exc"] ? {_SAT} : {_REFERRED})
            for r in rows],
  "length": [r["pre"] ? {_NA_EXT} :
             (max_months == null ?
                {_UNKNOWN_LENGTH} :
                (r["months"] <= max_months or r["exc"] ? {_SAT} : {_REFERRED}))
             for r in rows],
  "timing": [r["pre"] or has_contract == false ? {_NA_EXT} :
             (r["timing_ok"] == null ? {_ext('"unknown"', ', "missing": ["contract.end"]')} :
                (r["timing_ok"] or r["exc"] ? {_SAT} : {_REFERRED}))
             for r in rows],
  "end": impl_end == null ? {{"outcome": {_NA}, "cite": end_cite}} :
         {{"outcome": "satisfied", "cite": end_cite, "hasValue": true, "value": impl_end}},
  "deadline": impl_end == null or impl_end < "2025-02-10" ?
                {{"outcome": {_NA}, "cite": end_cite}} :
              (submitted != null ?
                {{"outcome": submitted <= due ? "satisfied" : "violated", "cite": end_cite,
                  "due": due, "doneOn": submitted}} :
                {{"outcome": due >= as_of ? "pending" : "violated", "cite": end_cite,
                  "due": due}}),
  "ballots": no_ballots ? [{{"subject": null, "outcome": {_NA}, "cite": ballot_cite}}] :
             [{{"subject": c["member"], "cite": ballot_cite,
                "outcome": pre_force ? {_NA} : (c["valid"] ? "satisfied" : "violated")}}
              for c in checked],
  "score": has_acc == false or pre_force ? {{"outcome": {_NA}, "cite": score_cite}} :
           (valid_n == 0 ?
              {{"outcome": "unknown", "cite": score_cite, "hasValue": true, "value": null,
                "missing": ["acceptance.ballots"]}} :
              {{"outcome": "satisfied", "cite": score_cite, "hasValue": true, "value": score}}),
  "class": has_acc == false or pre_force ? {{"outcome": {_NA}, "cite": class_cite}} :
           (grade == null ?
              {{"outcome": "unknown", "cite": class_cite, "hasValue": true, "value": null,
                "missing": {_MISSING_CLASS}}} :
              {{"outcome": "satisfied", "hasValue": true, "value": grade,
                "cite": tinh ? [28, 2, point] : class_cite}})
}}"""


class RuleEngineSubset:
    """The chain of rules, compiled once, with the calendar builtins."""

    def __init__(self, calendar: LegalCalendar | None = None) -> None:
        import rule_engine
        from rule_engine import builtins

        cal = calendar or LegalCalendar.default()

        def add_months(day: str, n: Any) -> str:
            return cal.add_months(dt.date.fromisoformat(day), int(n)).isoformat()

        def add_days(day: str, n: Any) -> str:
            return cal.add_days(dt.date.fromisoformat(day), int(n)).isoformat()

        def roll(day: str) -> str:
            return cal.roll_forward(dt.date.fromisoformat(day)).isoformat()

        context = rule_engine.Context(default_value=None)
        context.builtins = builtins.Builtins.from_defaults(
            values={"add_months": add_months, "add_days": add_days, "roll": roll}
        )
        self.chain = tuple(
            rule_engine.Rule(text, context=context)
            for text in (FACTS, DERIVED, GRADED, GRADE, RECORDS)
        )

    def run(self, dossier: Mapping[str, Any], as_of: dt.date) -> Mapping[str, Any]:
        facts, derived, graded, grade, make_records = self.chain
        memory: dict[str, Any] = {**facts.evaluate(dossier), "as_of": as_of.isoformat()}
        memory.update(derived.evaluate(memory))
        memory.update(graded.evaluate(memory))
        memory.update(grade.evaluate(memory))
        out: Mapping[str, Any] = make_records.evaluate(memory)
        return out

    def evaluate(self, dossier: Mapping[str, Any], as_of: dt.date) -> list[Record]:
        return records(self.run(dossier, as_of))
