"""The speed limit: a fixed subset of the circular's decisions, written by hand in plain Python.

What regcore's evaluator is measured against (``benchmarks/run.py``, section 3). The subset:

- điểm c khoản 3 Điều 21 (cơ sở: khoản 2 Điều 40): ``extension.max_months``, and per extension
  ``extension.count``, ``extension.length``, ``extension.request_timing``;
- khoản 1 Điều 24 (cơ sở: điểm a khoản 1 Điều 41): ``acceptance.implementation_end`` and
  ``acceptance.submission_deadline``, counted on the legal working-day calendar;
- Điều 26–28 (cơ sở: khoản 5 Điều 41): per ballot ``acceptance.ballot``, ``acceptance.score``
  and ``acceptance.classification``.

Each decision comes back as a :class:`Record` with what regcore's decisions carry for it: id,
subject, outcome, value, citation, authority (referred), missing paths (unknown), due and
done_on (deadlines), and the facts it used — everything but the prose, which neither side is
asked to render here. The rules are those of ``shared/spec/provisions.md`` and ``time.md``, read
independently of the rule file; ``benchmarks/agreement.py`` checks them against regcore.

No regcore evaluator is used: only :mod:`regcore.calendar` for working days. The input is the
dossier as JSON gives it (a dict, dates as ISO text); there is no validation — the function
trusts its input, as hand-written code usually does.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any, Final, NamedTuple

from dateutil.relativedelta import relativedelta

from regcore.calendar import LegalCalendar

DOCUMENT: Final = "09/2024/TT-BKHCN"
IN_FORCE: Final = dt.date(2025, 2, 10)

#: The decision ids of the subset, in the order of the provisions.
SUBSET: Final = (
    "extension.max_months",
    "extension.count",
    "extension.length",
    "extension.request_timing",
    "acceptance.implementation_end",
    "acceptance.submission_deadline",
    "acceptance.ballot",
    "acceptance.score",
    "acceptance.classification",
)

AUTHORITY: Final = {
    "tinh": "Chủ tịch Ủy ban nhân dân cấp tỉnh hoặc người được Chủ tịch Ủy ban nhân dân cấp tỉnh"
    " phân cấp/ủy quyền",
    "co_so": "Thủ trưởng cơ quan, đơn vị cấp cơ sở",
}
EXCEPTION_AUTHORITIES: Final = frozenset({"chu_tich_ubnd", "uy_quyen_chu_tich", "thu_truong_co_so"})
CRITERIA_MAX: Final = (("a", 20), ("b", 5), ("c", 25), ("d", 30), ("dd", 5), ("e", 5), ("g", 10))


class Cite(NamedTuple):
    """A provision: Điều (article), khoản (clause), điểm (point)."""

    article: int
    clause: int | None = None
    point: str | None = None
    document: str = DOCUMENT


class Record(NamedTuple):
    """One decision, as regcore's JSON carries it (prose aside)."""

    id: str
    subject: str | None
    outcome: str
    citation: Cite
    value: Any = None
    has_value: bool = False
    authority: str | None = None
    missing: tuple[str, ...] = ()
    due: dt.date | None = None
    done_on: dt.date | None = None
    facts: tuple[tuple[str, Any], ...] = ()


# Citations, by level (provisions.md: a cấp cơ sở decision cites the Chương III provision, the
# Chương II provision it applies goes in the facts).
_EXT = {"tinh": Cite(21, 3, "c"), "co_so": Cite(40, 2)}
_END = {"tinh": Cite(24, 1), "co_so": Cite(41, 1, "a")}
_BALLOT = {"tinh": Cite(26, 3), "co_so": Cite(41, 5)}
_SCORE = {"tinh": Cite(28, 1, "b"), "co_so": Cite(41, 5)}
_CLASS = {"tinh": Cite(28, 2), "co_so": Cite(41, 5)}
_GRADE_POINT = {"khong_dat": "c", "xuat_sac": "a", "dat": "b"}
_FORCE: Final = (("khoản 1 Điều 45", IN_FORCE),)
_SUBMISSION_DAYS = {"tinh": 30, "co_so": 15}


def _date(v: Any) -> dt.date | None:
    return dt.date.fromisoformat(v) if v is not None else None


def evaluate(
    dossier: Mapping[str, Any], as_of: dt.date, calendar: LegalCalendar | None = None
) -> list[Record]:
    """The subset's decisions for one dossier, in the order regcore lists them."""
    cal = calendar or _CALENDAR
    level = dossier["level"]
    out: list[Record] = []
    add = out.append
    contract = dossier.get("contract")
    extensions = dossier.get("extensions") or ()
    acc = dossier.get("acceptance")
    applied = (("áp dụng", Cite(21, 3, "c")),) if level == "co_so" else ()
    authority = AUTHORITY[level]

    # -- extension.max_months (điểm c khoản 3 Điều 21): a computed fact, never gated
    ext_cite = _EXT[level]
    max_months: int | None = None
    max_missing: tuple[str, ...] = ()
    if contract is None:
        add(Record("extension.max_months", None, "not_applicable", ext_cite))
    else:
        duration = contract.get("duration_months")
        if duration is None:
            max_missing = ("contract.duration_months",)
            add(
                Record(
                    "extension.max_months",
                    None,
                    "unknown",
                    ext_cite,
                    None,
                    True,
                    missing=max_missing,
                    facts=applied,
                )
            )
        else:
            max_months = 12 if duration >= 24 else 6
            add(
                Record(
                    "extension.max_months",
                    None,
                    "satisfied",
                    ext_cite,
                    max_months,
                    True,
                    facts=(*applied, ("contract.duration_months", duration)),
                )
            )

    # -- per extension: count, length, request timing
    contract_end = _date(contract.get("end")) if contract is not None else None
    granted_months = 0  # running totals: what was granted before each extension, then in all
    granted_count = 0
    ext_rows: list[tuple[str, dt.date, dict[str, Any], int, int]] = []
    for i, e in enumerate(extensions):
        requested = dt.date.fromisoformat(e["requested_on"])
        ext_rows.append((str(i + 1), requested, e, granted_count, granted_months))
        if e.get("approved_by") is not None:
            granted_count += 1
            granted_months += e["months"]
    for ident in ("extension.count", "extension.length", "extension.request_timing"):
        for subject, requested, e, before_count, before_months in ext_rows:
            if requested < IN_FORCE:
                add(Record(ident, subject, "not_applicable", ext_cite, facts=_FORCE))
                continue
            approved_by = e.get("approved_by")
            facts: tuple[tuple[str, Any], ...]
            if ident == "extension.count":
                ok: bool | None = before_count == 0
                facts = (("gia_hạn_đã_chấp_thuận_trước", before_count),)
                missing: tuple[str, ...] = ()
            elif ident == "extension.length":
                months = e["months"]
                ok = None if max_months is None else months <= max_months
                facts = (("months", months), ("extension.max_months", max_months))
                missing = max_missing
            else:
                if contract_end is None:
                    if contract is None:  # the contract stage is absent
                        add(Record(ident, subject, "not_applicable", ext_cite))
                        continue
                    ok, missing, facts = None, ("contract.end",), ()
                else:
                    end_in_force = contract_end + relativedelta(months=before_months)
                    latest = end_in_force + relativedelta(months=-1)
                    ok = requested <= latest
                    facts = (("kết_thúc", end_in_force), ("hạn_đề_nghị", latest))
                    missing = ()
            if ok is None:
                add(Record(ident, subject, "unknown", ext_cite, missing=missing, facts=facts))
            elif ok:
                add(Record(ident, subject, "satisfied", ext_cite, facts=(*applied, *facts)))
            elif approved_by in EXCEPTION_AUTHORITIES:
                facts = (*applied, *facts, ("ngoại_lệ", approved_by))
                add(Record(ident, subject, "satisfied", ext_cite, facts=facts))
            else:
                add(
                    Record(
                        ident,
                        subject,
                        "referred",
                        ext_cite,
                        authority=authority,
                        facts=(*applied, *facts),
                    )
                )

    # -- acceptance.implementation_end (khoản 1 Điều 24): contract end + granted extensions
    end_cite = _END[level]
    impl_end: dt.date | None = None
    if contract_end is None:
        add(Record("acceptance.implementation_end", None, "not_applicable", end_cite))
    else:
        impl_end = contract_end + relativedelta(months=granted_months)
        add(
            Record(
                "acceptance.implementation_end",
                None,
                "satisfied",
                end_cite,
                impl_end,
                True,
                facts=(("contract.end", contract_end), ("tháng_gia_hạn", granted_months)),
            )
        )

    # -- acceptance.submission_deadline: within 30 days (cơ sở 15) of the end, rolled forward
    submitted = _date(acc.get("submitted_on")) if acc is not None else None
    if impl_end is None:
        add(Record("acceptance.submission_deadline", None, "not_applicable", end_cite))
    elif impl_end < IN_FORCE:
        add(
            Record("acceptance.submission_deadline", None, "not_applicable", end_cite, facts=_FORCE)
        )
    else:
        due = cal.roll_forward(impl_end + dt.timedelta(days=_SUBMISSION_DAYS[level]))
        if submitted is not None:
            outcome = "satisfied" if submitted <= due else "violated"
        else:
            outcome = "pending" if due >= as_of else "violated"
        add(
            Record(
                "acceptance.submission_deadline",
                None,
                outcome,
                end_cite,
                due=due,
                done_on=submitted,
                facts=(("acceptance.implementation_end", impl_end), ("hạn", due)),
            )
        )

    # -- acceptance.ballot (khoản 3 Điều 26, khoản 4 Điều 27), per ballot
    ballot_cite = _BALLOT[level]
    meeting = _date(acc.get("meeting_on")) if acc is not None else None
    pre_force = meeting is not None and meeting < IN_FORCE
    ballots = acc.get("ballots") if acc is not None else None
    valid_total = 0  # the sum of the valid ballots' totals, and how many there are
    valid_n = 0
    ballot_facts: list[tuple[str, Any]] = []
    if ballots is None:
        add(Record("acceptance.ballot", None, "not_applicable", ballot_cite))
    else:
        for b in ballots:
            member = b["member"]
            if pre_force:
                add(
                    Record("acceptance.ballot", member, "not_applicable", ballot_cite, facts=_FORCE)
                )
                continue
            scores = b.get("scores") or {}
            total = 0
            bad: list[str] = []
            for crit, mx in CRITERIA_MAX:
                v = scores.get(crit)
                if v is None or not 0 <= v <= mx:
                    bad.append(crit)
                else:
                    total += v
            if bad:
                add(
                    Record(
                        "acceptance.ballot",
                        member,
                        "violated",
                        ballot_cite,
                        facts=(("tiêu_chí_không_hợp_lệ", tuple(bad)),),
                    )
                )
            else:
                valid_total += total
                valid_n += 1
                add(
                    Record(
                        "acceptance.ballot",
                        member,
                        "satisfied",
                        ballot_cite,
                        facts=(("tổng_điểm", total),),
                    )
                )
            ballot_facts.append(("acceptance.ballot", member))

    # -- acceptance.score (điểm b khoản 1 Điều 28): mean of the valid ballots' totals
    score_cite = _SCORE[level]
    score: float | None = None
    score_missing: tuple[str, ...] = ()
    if acc is None or pre_force:
        add(
            Record(
                "acceptance.score",
                None,
                "not_applicable",
                score_cite,
                facts=_FORCE if pre_force else (),
            )
        )
    elif valid_n == 0:
        score_missing = ("acceptance.ballots",)
        add(
            Record(
                "acceptance.score",
                None,
                "unknown",
                score_cite,
                None,
                True,
                missing=score_missing,
                facts=tuple(ballot_facts),
            )
        )
    else:
        score = valid_total / valid_n
        add(
            Record(
                "acceptance.score",
                None,
                "satisfied",
                score_cite,
                score,
                True,
                facts=(*ballot_facts, ("số_phiếu_hợp_lệ", valid_n)),
            )
        )

    # -- acceptance.classification (khoản 2 Điều 28): the first grade whose condition holds
    class_cite = _CLASS[level]
    if acc is None or pre_force:
        add(
            Record(
                "acceptance.classification",
                None,
                "not_applicable",
                class_cite,
                facts=_FORCE if pre_force else (),
            )
        )
        return out
    # điểm c: more than 3 months late (rolled forward), or a score below 70 — three-valued
    late: bool | None
    late_missing: tuple[str, ...] = ()
    if submitted is None or impl_end is None:
        late = None
        late_missing = ("acceptance.submitted_on",) if submitted is None else ()
    else:
        late = submitted > cal.roll_forward(impl_end + relativedelta(months=3))
    low = None if score is None else valid_total < 70 * valid_n
    grade: str | None
    missing = ()
    if late or low:
        grade = "khong_dat"
    elif late is None or low is None:
        grade = None
        missing = tuple(sorted({*late_missing, *(score_missing if low is None else ())}))
    else:
        # điểm a: at least 90, completed per contract, no extension granted, outstanding
        completed = acc.get("completed_per_contract")
        outstanding = acc.get("outstanding_product")
        parts = (valid_total >= 90 * valid_n, completed, granted_count == 0, outstanding)
        if False in parts:
            grade = "dat"
        elif None in parts:
            grade = None
            missing = tuple(
                sorted(
                    p
                    for p, v in (
                        ("acceptance.completed_per_contract", completed),
                        ("acceptance.outstanding_product", outstanding),
                    )
                    if v is None
                )
            )
        else:
            grade = "xuat_sac"
    facts = (("acceptance.implementation_end", impl_end), ("acceptance.score", score))
    if level == "co_so":
        facts = (("áp dụng", Cite(28, 2)), *facts)
    if grade is None:
        add(
            Record(
                "acceptance.classification",
                None,
                "unknown",
                class_cite,
                None,
                True,
                missing=missing,
                facts=facts,
            )
        )
    else:
        cite = class_cite if level == "co_so" else Cite(28, 2, _GRADE_POINT[grade])
        add(
            Record(
                "acceptance.classification",
                None,
                "satisfied",
                cite,
                grade,
                True,
                facts=(*facts, ("mức", Cite(28, 2, _GRADE_POINT[grade]))),
            )
        )
    return out


_CALENDAR: Final = LegalCalendar.default()
