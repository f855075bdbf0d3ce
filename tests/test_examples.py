"""The bundled examples (``examples/``, described in ``examples/README.md``): whole-life dossiers
built on real provincial tasks of ``shared/data/seed_tasks.json``, each evaluated with the bundled
circular at its own evaluation date, with the exact status and the exact decisions that fail."""

from __future__ import annotations

import datetime as dt
import json
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

import regcore
from regcore.result import Decision, Result

ROOT = Path(__file__).parent.parent
EXAMPLES = ROOT / "examples"
README = EXAMPLES / "README.md"
PROVISIONS = ROOT.parent / "shared" / "spec" / "provisions.md"
DOC = " Thông tư 09/2024/TT-BKHCN"
IN_FORCE = dt.date(2025, 2, 10)

FAILING = ("violated", "referred", "unknown")
CHU_TICH = (
    "Chủ tịch Ủy ban nhân dân cấp tỉnh hoặc người được Chủ tịch Ủy ban nhân dân cấp tỉnh "
    "phân cấp/ủy quyền"
)
UBND = (
    "Ủy ban nhân dân cấp tỉnh hoặc cơ quan, đơn vị được Ủy ban nhân dân cấp tỉnh phân cấp/ủy quyền"
)
THU_TRUONG = "Thủ trưởng cơ quan, đơn vị cấp cơ sở"

PROVINCES = {"bth", "dn", "ht", "kh", "qb", "qng", "qt", "th", "tth", "nt"}
KIND_CODES = {"dt": "de_tai", "da": "de_an", "sxtn": "du_an_sxtn", "dakh": "du_an_khcn"}

#: (id, subject, outcome, citation without the document's name)
Fail = tuple[str, str | None, str, str]


@dataclass(frozen=True)
class Example:
    level: str
    kind: str
    as_of: dt.date
    status: str
    classification: str | None
    failing: tuple[Fail, ...] = ()
    whole_life: bool = True


EXPECTED: dict[str, Example] = {
    # ------------------------------------------------------------------ cấp tỉnh, compliant
    "dn-2025-dt-ecmo.json": Example("tinh", "de_tai", dt.date(2027, 10, 1), "compliant", "dat"),
    "ht-2025-da-tfp.json": Example("tinh", "de_an", dt.date(2027, 6, 1), "compliant", "xuat_sac"),
    # a score below 70 is a lawful «Không đạt», not a breach of the process
    "qb-2025-sxtn-lac-den.json": Example(
        "tinh", "du_an_sxtn", dt.date(2027, 5, 3), "compliant", "khong_dat"
    ),
    # a 14-month extension (more than 12) granted by the Chủ tịch UBND tỉnh by exception
    "ht-2025-dakh-bo-lai.json": Example(
        "tinh", "du_an_khcn", dt.date(2029, 2, 1), "compliant", "dat"
    ),
    # ------------------------------------------------------------------ cấp tỉnh, failing
    "th-2025-dt-blockchain.json": Example(
        "tinh",
        "de_tai",
        dt.date(2028, 1, 3),
        "non_compliant",
        "dat",
        (("acceptance.submission_deadline", None, "violated", "khoản 1 Điều 24"),),
    ),
    "qng-2025-dt-thalassemia.json": Example(
        "tinh",
        "de_tai",
        dt.date(2028, 1, 3),
        "non_compliant",
        "dat",
        (("acceptance.council.quorum", None, "violated", "khoản 3 Điều 25"),),
    ),
    "kh-2025-dt-sieu-am-noi-mach.json": Example(
        "tinh",
        "de_tai",
        dt.date(2027, 6, 1),
        "non_compliant",
        "dat",
        (
            ("eligibility.pi", "HS-01", "violated", "khoản 4 Điều 11"),
            ("eligibility.applicant", "HS-01", "violated", "Điều 11"),
            ("selection.cancellation", None, "violated", "điểm b khoản 1 Điều 18"),
        ),
    ),
    "ht-2025-dt-nhan-dang-doi-tuong.json": Example(
        "tinh",
        "de_tai",
        dt.date(2027, 7, 1),
        "non_compliant",
        "dat",
        (("state_secret.in_person", None, "violated", "khoản 2 Điều 32"),),
    ),
    "bth-2025-dakh-thanh-long.json": Example(
        "tinh",
        "du_an_khcn",
        dt.date(2028, 1, 3),
        "non_compliant",
        "dat",
        (
            (
                "appraisal.quotes",
                "Máy sấy lạnh thực phẩm 50 kg/mẻ",
                "violated",
                "điểm d khoản 1 Điều 15",
            ),
        ),
    ),
    "tth-2025-dakh-truc-chi.json": Example(
        "tinh",
        "du_an_khcn",
        dt.date(2028, 4, 3),
        "needs_review",
        "dat",
        (
            ("extension.count", "2", "referred", "điểm c khoản 3 Điều 21"),
            ("extension.request_timing", "2", "referred", "điểm c khoản 3 Điều 21"),
        ),
    ),
    "bth-2025-da-thuong-hieu-du-lich.json": Example(
        "tinh",
        "de_an",
        dt.date(2028, 4, 3),
        "needs_review",
        "dat",
        (("extension.length", "1", "referred", "điểm c khoản 3 Điều 21"),),
    ),
    # every decision of provisions.md, at cấp tỉnh
    "tth-2025-dt-quan-ly-nhiem-vu.json": Example(
        "tinh",
        "de_tai",
        dt.date(2027, 10, 1),
        "needs_review",
        "dat",
        (
            ("change.budget", "3", "referred", "điểm b khoản 3 Điều 21"),
            ("change.non_state_budget", "4", "referred", "khoản 5 Điều 21"),
            ("change.other", "5", "referred", "khoản 6 Điều 21"),
        ),
    ),
    # from the contract on only (signed in 2024): not a whole-life dossier
    "tth-2025-sxtn-duoc-lieu.json": Example(
        "tinh",
        "du_an_sxtn",
        dt.date(2028, 4, 1),
        "non_compliant",
        "khong_dat",
        (
            ("extension.count", "2", "referred", "điểm c khoản 3 Điều 21"),
            ("extension.request_timing", "2", "referred", "điểm c khoản 3 Điều 21"),
            ("acceptance.submission_deadline", None, "violated", "khoản 1 Điều 24"),
            ("acceptance.expert_team", None, "unknown", "khoản 2 Điều 25"),
        ),
        whole_life=False,
    ),
    # ------------------------------------------------------------------ cấp cơ sở
    "th-2025-dt-dai-thao-duong.json": Example(
        "co_so", "de_tai", dt.date(2026, 8, 3), "compliant", "dat"
    ),
    "th-2025-dt-troponin.json": Example(
        "co_so",
        "de_tai",
        dt.date(2026, 11, 2),
        "non_compliant",
        "khong_dat",
        (("acceptance.submission_deadline", None, "violated", "điểm a khoản 1 Điều 41"),),
    ),
    # every decision of provisions.md, at cấp cơ sở
    "nt-2025-dakh-khoi-nghiep.json": Example(
        "co_so",
        "du_an_khcn",
        dt.date(2027, 6, 1),
        "needs_review",
        "dat",
        (
            ("change.budget", "3", "referred", "khoản 2 Điều 40"),
            ("change.non_state_budget", "4", "referred", "khoản 2 Điều 40"),
            ("change.other", "5", "referred", "khoản 2 Điều 40"),
        ),
    ),
    "qt-2025-dakh-elisa.json": Example(
        "co_so",
        "du_an_khcn",
        dt.date(2027, 3, 1),
        "incomplete",
        None,
        (
            ("acceptance.classification", None, "unknown", "khoản 5 Điều 41"),
            ("acceptance.completion_deadline", None, "unknown", "điểm a khoản 6 Điều 41"),
        ),
    ),
}

#: Facts an unknown decision names as missing.
MISSING = {
    ("qt-2025-dakh-elisa.json", "acceptance.classification"): ["acceptance.completed_per_contract"],
    ("qt-2025-dakh-elisa.json", "acceptance.completion_deadline"): [
        "acceptance.completed_per_contract"
    ],
    ("tth-2025-sxtn-duoc-lieu.json", "acceptance.expert_team"): ["acceptance.council"],
}

#: The examples that produce every decision id of provisions.md, one per level.
FULL = {"tinh": "tth-2025-dt-quan-ly-nhiem-vu.json", "co_so": "nt-2025-dakh-khoi-nghiep.json"}


@pytest.fixture(scope="module")
def rules() -> regcore.RuleSet:
    return regcore.load()


@pytest.fixture(scope="module")
def results(rules: regcore.RuleSet) -> dict[str, Result]:
    return {name: rules.evaluate(EXAMPLES / name, as_of=ex.as_of) for name, ex in EXPECTED.items()}


def _load(name: str) -> dict[str, Any]:
    data: dict[str, Any] = json.loads((EXAMPLES / name).read_text(encoding="utf-8"))
    return data


def _failing(result: Result) -> list[Decision]:
    return [d for d in result.decisions if d.outcome in FAILING]


def _provision_ids() -> list[str]:
    ids = []
    for line in PROVISIONS.read_text(encoding="utf-8").splitlines():
        m = re.match(r"\| `([^`]+)` \|", line)
        if m:
            ids.append(m[1])
    return ids


# ----------------------------------------------------------------------------- the set of examples


def test_every_example_file_is_expected() -> None:
    assert sorted(p.name for p in EXAMPLES.glob("*.json")) == sorted(EXPECTED)


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_file_name_matches_id_level_and_kind(name: str) -> None:
    data = _load(name)
    ex = EXPECTED[name]
    province, year, code, slug = name.removesuffix(".json").split("-", 3)
    assert province in PROVINCES and year.isdigit() and slug
    assert data["id"].lower().startswith(f"{province}-{year}-{code}-"), data["id"]
    assert KIND_CODES[code] == data["kind"] == ex.kind
    assert data["level"] == ex.level


def test_the_examples_cover_both_levels_and_every_kind() -> None:
    pairs = {(ex.level, ex.kind) for ex in EXPECTED.values()}
    tinh = {("tinh", k) for k in ("de_an", "de_tai", "du_an_sxtn", "du_an_khcn")}
    co_so = {("co_so", k) for k in ("de_tai", "du_an_khcn")}
    assert tinh | co_so <= pairs
    whole = [ex for ex in EXPECTED.values() if ex.whole_life]
    assert len(whole) >= 10
    assert sum(ex.status == "compliant" for ex in whole) >= 4
    assert sum(ex.status != "compliant" for ex in whole) >= 4
    assert {ex.status for ex in whole} == {
        "compliant",
        "non_compliant",
        "needs_review",
        "incomplete",
    }
    # a «Không đạt» classification is not a breach: some compliant example has one
    assert any(ex.status == "compliant" and ex.classification == "khong_dat" for ex in whole)


# ----------------------------------------------------------------------------- each example


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_status_and_failing_decisions(name: str, results: dict[str, Result]) -> None:
    ex = EXPECTED[name]
    result = results[name]
    assert result.status == ex.status
    assert result.dossier == _load(name)["id"]
    got = []
    for d in _failing(result):
        cite = d.cite.removesuffix(DOC)
        got.append((d.id, d.subject, d.outcome, cite))
    assert sorted(got, key=str) == sorted(ex.failing, key=str)
    if ex.status == "compliant":
        assert not _failing(result)
    # every act of these finished tasks is recorded: nothing is left pending at the as_of
    assert [d.id for d in result.decisions if d.outcome == "pending"] == []
    assert result.warnings == ()


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_classification(name: str, results: dict[str, Result]) -> None:
    d = results[name]["acceptance.classification"]
    assert d.value == EXPECTED[name].classification
    if d.value == "khong_dat":
        # a lawful determination (khoản 2 Điều 28), never a violation
        assert d.outcome == "satisfied"


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_referrals_name_the_authority_of_the_level(name: str, results: dict[str, Result]) -> None:
    for d in results[name].decisions:
        if d.outcome != "referred":
            continue
        if EXPECTED[name].level == "co_so":
            assert d.authority == THU_TRUONG
        elif d.id.startswith("extension."):
            assert d.authority == CHU_TICH
        elif d.id in ("change.budget", "change.non_state_budget"):
            assert d.authority == UBND
        else:
            assert d.authority


@pytest.mark.parametrize("key", sorted(MISSING))
def test_unknown_decisions_name_the_missing_facts(
    key: tuple[str, str], results: dict[str, Result]
) -> None:
    name, ident = key
    d = results[name][ident]
    assert d.outcome == "unknown"
    assert list(d.missing) == MISSING[key]


def test_the_examples_show_what_the_reports_complain_of(results: dict[str, Result]) -> None:
    """The explanations give the reasons the examples were built for."""

    def text(name: str, ident: str, subject: str | None = None) -> str:
        return results[name][(ident, subject)].explanation("vi")

    late = results["th-2025-dt-blockchain.json"]["acceptance.submission_deadline"]
    assert (late.due, late.done_on) == (dt.date(2027, 8, 30), dt.date(2027, 9, 21))
    late = results["th-2025-dt-troponin.json"]["acceptance.submission_deadline"]
    assert (late.due, late.done_on) == (dt.date(2026, 6, 15), dt.date(2026, 9, 14))
    assert "phản biện" in text("qng-2025-dt-thalassemia.json", "acceptance.council.quorum")
    assert "01 năm" in text("kh-2025-dt-sieu-am-noi-mach.json", "eligibility.pi", "HS-01")
    ineligible = results["kh-2025-dt-sieu-am-noi-mach.json"]["call.second_round"]
    assert ineligible.value is True and ineligible.citation.point == "d"
    assert "trực tuyến" in text("ht-2025-dt-nhan-dang-doi-tuong.json", "state_secret.in_person")
    quote = "Máy sấy lạnh thực phẩm 50 kg/mẻ"
    assert "90 ngày" in text("bth-2025-dakh-thanh-long.json", "appraisal.quotes", quote)
    truc_chi = "tth-2025-dakh-truc-chi.json"
    assert "đã được gia hạn một lần" in text(truc_chi, "extension.count", "2")
    assert "01 tháng" in text(truc_chi, "extension.request_timing", "2")
    assert "vượt quá" in text("bth-2025-da-thuong-hieu-du-lich.json", "extension.length", "1")
    exception = results["ht-2025-dakh-bo-lai.json"][("extension.length", "1")]
    assert exception.outcome == "satisfied" and "ngoại lệ" in exception.explanation("vi")
    assert results["ht-2025-dakh-bo-lai.json"]["extension.max_months"].value == 12


# ----------------------------------------------------------------------------- whole lives


#: Dates of other tasks (a suspension, an excellent rating), not events of this one.
OTHER_TASKS = {"suspended_on", "excellent_rating_on"}


def _dates(value: Any) -> list[dt.date]:
    """The dates of the task's own events."""
    out: list[dt.date] = []
    if isinstance(value, dict):
        for k, v in value.items():
            if k not in OTHER_TASKS:
                out += _dates(v)
    elif isinstance(value, list):
        for v in value:
            out += _dates(v)
    elif isinstance(value, str) and re.fullmatch(r"\d{4}-\d\d-\d\d", value):
        out.append(dt.date.fromisoformat(value))
    return out


@pytest.mark.parametrize("name", sorted(n for n, ex in EXPECTED.items() if ex.whole_life))
def test_whole_life_dossiers_are_coherent_in_time(name: str) -> None:
    d = _load(name)
    ex = EXPECTED[name]
    for stage in ("proposal", "call", "applications", "selection", "appraisal", "approval"):
        assert d.get(stage), stage
    for stage in ("contract", "acceptance"):
        assert d.get(stage), stage
    assert min(_dates(d)) >= IN_FORCE
    p = d["proposal"]
    chain = [
        p.get("meeting_on") or p["experts_opinion_on"],
        d["call"]["announced_on"],
        d["call"]["closes_on"],
        d["call"]["opened_on"],
        d["selection"]["meeting_on"],
        d["appraisal"].get("meeting_on"),
        d["approval"]["decided_on"],
        d["contract"]["start"],
        d["contract"]["end"],
        d["acceptance"]["submitted_on"],
        d["acceptance"].get("council_established_on"),
        d["acceptance"]["meeting_on"],
    ]
    days = [dt.date.fromisoformat(x) for x in chain if x]
    assert days == sorted(days) and len(set(days)) == len(days), days
    assert days[-1] < ex.as_of
    start = dt.date.fromisoformat(d["contract"]["start"])
    submitted = dt.date.fromisoformat(d["acceptance"]["submitted_on"])
    during = [e["requested_on"] for e in d.get("extensions", [])]
    during += [c["on"] for c in d.get("changes", [])]
    during += [i["on"] for i in d.get("inspections", [])]
    assert all(start <= dt.date.fromisoformat(x) < submitted for x in during)
    for app in d["applications"]:
        sub = app["submission"]
        received = sub.get("received_on") or sub.get("postmarked_on") or sub.get("recorded_on")
        assert dt.date.fromisoformat(d["call"]["announced_on"]) < dt.date.fromisoformat(received)


@pytest.mark.parametrize("level", sorted(FULL))
def test_one_whole_life_example_per_level_gives_every_decision(
    level: str, results: dict[str, Result]
) -> None:
    ids = _provision_ids()
    assert len(ids) == len(set(ids)) >= 69
    name = FULL[level]
    assert EXPECTED[name].level == level and EXPECTED[name].whole_life
    got = {d.id for d in results[name].decisions}
    assert [i for i in ids if i not in got] == []


def test_the_statuses_hold_at_a_later_date(rules: regcore.RuleSet) -> None:
    """What the README's one-line command shows: the tasks are finished, so a later
    evaluation date changes nothing."""
    names = sorted(EXPECTED)
    later = rules.evaluate_many([EXAMPLES / n for n in names], as_of=dt.date(2029, 3, 1))
    assert [getattr(r, "status", None) for r in later] == [EXPECTED[n].status for n in names]


# ----------------------------------------------------------------------------- the README


def test_the_readme_tables_list_every_example() -> None:
    rows: dict[str, list[tuple[str, str]]] = {}
    for line in README.read_text(encoding="utf-8").splitlines():
        if not line.startswith("| `") or ".json`" not in line.split("|")[1]:
            continue
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        name = cells[0].strip("`")
        status = re.search(r"`([a-z_]+)`", cells[6])
        assert status, line
        rows.setdefault(name, []).append((cells[5], status[1]))
    assert sorted(rows) == sorted(EXPECTED)
    for name, found in rows.items():
        ex = EXPECTED[name]
        # the Vietnamese table, then the English one
        assert found == [(ex.as_of.isoformat(), ex.status)] * 2, name
