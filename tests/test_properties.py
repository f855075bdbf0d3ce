"""Properties of the law, checked with Hypothesis on the sample provisions."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from regcore.calendar import LegalCalendar
from regcore.evaluator import Engine
from regcore.loader import load_documents

ROOT = Path(__file__).parent.parent
ENGINE = Engine(load_documents([ROOT / "regulations" / "samples" / "provisions_vi.reg"]))
CAL = LegalCalendar.default()
AS_OF = dt.date(2030, 1, 1)
GRADES = {"khong_dat": 0, "dat": 1, "xuat_sac": 2}

# Ends late enough that a request 60 days before is after the circular came into force.
dates = st.dates(dt.date(2025, 6, 1), dt.date(2026, 12, 31))


def base(end: dt.date, scores: list[dict[str, int]], **acceptance: Any) -> dict[str, Any]:
    return {
        "level": "tinh",
        "contract": {"end": end, "duration_months": 24},
        "extensions": [],
        "acceptance": {
            "submitted_on": end + dt.timedelta(days=10),
            "meeting_on": end + dt.timedelta(days=40),
            "completed_per_contract": True,
            "outstanding_product": True,
            "ballots": [{"member": f"M{i}", "scores": s} for i, s in enumerate(scores)],
            **acceptance,
        },
    }


criteria = st.fixed_dictionaries(
    {
        "a": st.integers(0, 20),
        "b": st.integers(0, 5),
        "c": st.integers(0, 25),
        "d": st.integers(0, 30),
        "dd": st.integers(0, 5),
        "e": st.integers(0, 5),
        "g": st.integers(0, 10),
    }
)


@settings(max_examples=60, deadline=None)
@given(dates)
def test_every_rolled_due_date_is_a_working_day(end: dt.date) -> None:
    r = ENGINE.evaluate(base(end, []), AS_OF, None, [], {})
    d = r["acceptance.submission_deadline"]
    assert d.due is not None and CAL.is_working_day(d.due)
    assert d.due >= end + dt.timedelta(days=30)
    assert d.due == CAL.roll_forward(end + dt.timedelta(days=30))


@settings(max_examples=60, deadline=None)
@given(dates, criteria, st.integers(0, 10))
def test_classification_is_monotone_in_the_score(
    end: dt.date, scores: dict[str, int], bump: int
) -> None:
    low = ENGINE.evaluate(base(end, [scores]), AS_OF, None, [], {})
    higher = dict(scores)
    higher["g"] = min(10, scores["g"] + bump)
    high = ENGINE.evaluate(base(end, [higher]), AS_OF, None, [], {})
    a = low["acceptance.classification"].value
    b = high["acceptance.classification"].value
    assert GRADES[b] >= GRADES[a]
    total = sum(scores.values())
    assert (a == "khong_dat") == (total < 70)


@settings(max_examples=60, deadline=None)
@given(st.integers(1, 36), st.integers(1, 18), dates)
def test_an_extension_never_exceeds_its_maximum_without_a_referral(
    duration: int, months: int, end: dt.date
) -> None:
    data = base(end, [])
    data["contract"]["duration_months"] = duration
    data["extensions"] = [
        {"requested_on": end - dt.timedelta(days=60), "months": months, "approved_by": None}
    ]
    r = ENGINE.evaluate(data, AS_OF, None, [], {})
    maximum = 12 if duration >= 24 else 6
    assert r["extension.max_months"].value == maximum
    outcome = r[("extension.length", "1")].outcome
    assert outcome == ("satisfied" if months <= maximum else "referred")
