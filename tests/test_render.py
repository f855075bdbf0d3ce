"""The renderers (``regcore.render``): explanations of single decisions, the terminal report,
Markdown, HTML and JSON Lines.

Golden explanations: ``tests/golden/explain/NN_case.LANG.txt`` is ``explain_text`` of one
decision of a hand-made dossier evaluated on ``regulations/samples/provisions_vi.reg``, and
``NN_case.LANG.md`` is ``explain_markdown`` of it followed by the decision's JSON
(``Decision.to_dict(LANG)``), so that a change of any explanation, citation or value is a
reviewed diff. The cases (see ``tests/golden/explain/README.md`` for what was checked by hand):

- ``01_violated_deadline``: the acceptance dossier submitted after its due date;
- ``02_referred_extension``: a second extension requested after one was granted
  (``extension.count``, subject "2"), referred to the provincial chair;
- ``03_unknown_score``: ballots each missing a criterion, so no valid ballot and the
  score is unknown;
- ``04_classification_dat``: a score of 84,5 classified "Đạt".

Updating the expected files after an intended change:

    REGCORE_UPDATE_GOLDEN=1 /work/venv/bin/pytest tests/test_render.py

rewrites every expected file that is not an xfail target; then READ the diff. A case whose
explanation the evaluator gets wrong may be marked ``xfail`` in ``CASES`` (strict: once the fix
lands the test XPASSes, which fails the run; then delete the mark), its expected files holding
what the fix gives; ``REGCORE_UPDATE_GOLDEN=all`` rewrites those too. No case is marked today.

The renderer itself is pinned independently of the evaluator's wording by the exact-output
tests on hand-built decisions further down.
"""

from __future__ import annotations

import datetime as dt
import functools
import html
import json
import os
import re
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any, Literal, NamedTuple

import attrs
import pytest

from regcore.evaluator import Engine
from regcore.loader import load_documents
from regcore.render import (
    explain_markdown,
    explain_text,
    render_html,
    render_jsonl,
    render_markdown,
    render_text,
)
from regcore.result import Because, Citation, DeadlineEntry, Decision, Result

ROOT = Path(__file__).resolve().parent.parent
GOLDEN = ROOT / "tests" / "golden" / "explain"
RULES = ROOT / "regulations" / "samples" / "provisions_vi.reg"
UPDATE = os.environ.get("REGCORE_UPDATE_GOLDEN", "")

D = dt.date.fromisoformat
AS_OF = D("2027-11-22")
Lang = Literal["vi", "en"]
LANGS: tuple[Lang, ...] = ("vi", "en")
KINDS = ("txt", "md")


@functools.cache
def _engine() -> Engine:
    return Engine(load_documents([RULES]))


def _ballot(member: str, **scores: int | None) -> dict[str, Any]:
    """An acceptance ballot (khoản 4 Điều 27); ``name=None`` leaves that criterion out."""
    base: dict[str, int | None] = {"a": 18, "b": 4, "c": 22, "d": 25, "dd": 4, "e": 5, "g": 6}
    base.update(scores)
    return {"member": member, "scores": {k: v for k, v in base.items() if v is not None}}


def _task(**over: Any) -> dict[str, Any]:
    """A cấp tỉnh task of 24 months whose contract ends on 31/07/2027."""
    data: dict[str, Any] = {
        "level": "tinh",
        "contract": {"end": D("2027-07-31"), "duration_months": 24},
        "extensions": [],
    }
    data.update(over)
    return data


def _acceptance(submitted_on: str, *ballots: dict[str, Any]) -> dict[str, Any]:
    return {
        "submitted_on": D(submitted_on),
        "meeting_on": D("2027-10-20"),
        "completed_per_contract": True,
        "outstanding_product": False,
        "ballots": list(ballots),
    }


class Case(NamedTuple):
    name: str
    dossier: Callable[[], dict[str, Any]]
    decision: str
    subject: str | None
    # target ("vi.txt", "en.md" …) -> why today's output is wrong (the fix: PROPOSED_FIXES.diff)
    xfail: Mapping[str, str]

    def expected_file(self, lang: Lang, kind: str) -> Path:
        return GOLDEN / f"{self.name}.{lang}.{kind}"


_ALL = tuple(f"{lang}.{kind}" for lang in LANGS for kind in KINDS)


def _xfail(reason: str, targets: tuple[str, ...] = _ALL) -> dict[str, str]:
    return dict.fromkeys(targets, reason)


CASES = [
    Case(
        "01_violated_deadline",
        lambda: _task(
            acceptance=_acceptance("2027-09-15", _ballot("A"), _ballot("B", g=7)),
        ),
        "acceptance.submission_deadline",
        None,
        {},
    ),
    Case(
        "02_referred_extension",
        lambda: _task(
            extensions=[
                {"requested_on": D("2027-05-15"), "months": 6, "approved_by": "co_quan_quan_ly"},
                {"requested_on": D("2027-12-20"), "months": 3, "approved_by": None},
            ]
        ),
        "extension.count",
        "2",
        {},
    ),
    Case(
        "03_unknown_score",
        lambda: _task(
            acceptance=_acceptance(
                "2027-08-20", _ballot("A", g=None), _ballot("B", dd=None, e=None)
            ),
        ),
        "acceptance.score",
        None,
        {},
    ),
    Case(
        "04_classification_dat",
        lambda: _task(
            acceptance=_acceptance("2027-08-20", _ballot("A"), _ballot("B", g=7)),
        ),
        "acceptance.classification",
        None,
        {},
    ),
]


@functools.cache
def _result(name: str) -> Result:
    case = next(c for c in CASES if c.name == name)
    dossier_id = "QT-2025-" + name[:2]
    return _engine().evaluate(case.dossier(), AS_OF, dossier_id, [], {"engine": "regcore"})


def _decision(case: Case) -> Decision:
    return _result(case.name)[(case.decision, case.subject)]


def golden_text(case: Case, lang: Lang, kind: str) -> str:
    """What an expected file holds (public so that a script can regenerate the files)."""
    result, decision = _result(case.name), _decision(case)
    if kind == "txt":
        return explain_text(decision, lang, result=result) + "\n"
    data = json.dumps(decision.to_dict(lang), ensure_ascii=False, indent=2)
    return f"{explain_markdown(decision, lang, result=result)}\n\n```json\n{data}\n```\n"


def _marks(case: Case, lang: Lang, kind: str) -> list[pytest.MarkDecorator]:
    reason = case.xfail.get(f"{lang}.{kind}")
    if reason is None:
        return []
    return [pytest.mark.xfail(strict=True, reason=f"{case.name}: {reason}")]


# ----------------------------------------------------------------------------- golden files


def test_the_golden_cases_are_well_formed() -> None:
    names = {c.name for c in CASES}
    assert len(names) == len(CASES)
    for case in CASES:
        assert re.fullmatch(r"\d\d_[a-z0-9_]+", case.name), case.name
        assert set(case.xfail) <= set(_ALL), case.name
    stray = {
        p.name
        for p in GOLDEN.iterdir()
        if p.suffix in (".txt", ".md")
        and p.name != "README.md"
        and p.name.split(".", 1)[0] not in names
    }
    assert not stray, f"expected files without a case: {sorted(stray)}"
    if any(c.xfail for c in CASES):
        assert (GOLDEN / "PROPOSED_FIXES.diff").exists()


@pytest.mark.parametrize(
    ("case", "lang", "kind"),
    [
        pytest.param(c, lang, kind, id=f"{c.name}-{lang}-{kind}", marks=_marks(c, lang, kind))
        for c in CASES
        for lang in LANGS
        for kind in KINDS
    ],
)
def test_golden_explanation(case: Case, lang: Lang, kind: str) -> None:
    actual = golden_text(case, lang, kind)
    expected_file = case.expected_file(lang, kind)
    if UPDATE == "all" or (UPDATE == "1" and f"{lang}.{kind}" not in case.xfail):
        expected_file.write_text(actual, encoding="utf-8")
        return
    assert expected_file.exists(), (
        f"{expected_file.name} is missing: run with REGCORE_UPDATE_GOLDEN=1, then read it"
    )
    assert actual == expected_file.read_text(encoding="utf-8")


# ----------------------------------------------------------------------------- what the cases
# compute (true today and after the proposed fix: the computation, not its wording)


def test_violated_deadline_is_true_and_cited() -> None:
    case = CASES[0]
    d = _decision(case)
    assert d.outcome == "violated"
    # 30 days from the end of implementation (31/07/2027, no extension): Monday 30/08/2027
    assert (d.due, d.done_on) == (D("2027-08-30"), D("2027-09-15"))
    assert d.cite == "khoản 1 Điều 24 Thông tư 09/2024/TT-BKHCN"
    vi = explain_text(d, "vi", result=_result(case.name))
    en = explain_text(d, "en", result=_result(case.name))
    assert vi.splitlines()[0] == "acceptance.submission_deadline — vi phạm"
    assert "Hạn: 30/08/2027\nThực hiện: 15/09/2027" in vi
    assert "Due: 2027-08-30\nDone on: 2027-09-15" in en
    assert "sau hạn 30/08/2027" in d.explanation("vi")
    assert not re.search(r"\d{4}-\d\d-\d\d", vi), "ISO dates in Vietnamese text"
    status = _result(case.name)
    assert status.status == "non_compliant"
    assert [e.state for e in status.deadlines] == ["missed"]


def test_referred_extension_is_true_and_cited() -> None:
    case = CASES[1]
    d = _decision(case)
    assert (d.outcome, d.subject) == ("referred", "2")
    assert d.cite == "điểm c khoản 3 Điều 21 Thông tư 09/2024/TT-BKHCN"
    assert d.authority_vi is not None and d.authority_vi.startswith("Chủ tịch Ủy ban nhân dân")
    vi = explain_text(d, "vi")
    assert vi.splitlines()[0] == "extension.count [2] — chuyển cấp có thẩm quyền"
    assert f"Thẩm quyền quyết định: {d.authority_vi}" in vi
    assert "Authority to decide: The Chairperson" in explain_text(d, "en")
    # the first extension, granted, is within the rules
    assert _result(case.name)[("extension.count", "1")].outcome == "satisfied"
    assert _result(case.name).status == "needs_review"


def test_unknown_score_is_true_and_cited() -> None:
    case = CASES[2]
    result = _result(case.name)
    d = _decision(case)
    assert (d.outcome, d.value, d.missing) == ("unknown", None, ("acceptance.ballots",))
    assert d.cite == "điểm b khoản 1 Điều 28 Thông tư 09/2024/TT-BKHCN"
    assert [b.outcome for b in result.all("acceptance.ballot")] == ["violated", "violated"]
    assert result["acceptance.classification"].outcome == "unknown"
    text = explain_text(d, "vi", result=result)
    assert text.splitlines()[0] == "acceptance.score — chưa đủ thông tin"
    assert "Thiếu: acceptance.ballots" in text
    # every ballot is in the argument, with its subject and the provision that rejects it
    assert text.count("[A]") == 1 and text.count("[B]") == 1
    assert text.count("(khoản 4 Điều 27 Thông tư 09/2024/TT-BKHCN)") == 2


def test_classification_dat_is_true_and_cited() -> None:
    case = CASES[3]
    result = _result(case.name)
    d = _decision(case)
    assert (d.outcome, d.value) == ("satisfied", "dat")
    assert d.cite == "điểm b khoản 2 Điều 28 Thông tư 09/2024/TT-BKHCN"
    # (18+4+22+25+4+5+6 = 84, and 85 with g = 7): 84,5
    assert result["acceptance.score"].value == 84.5
    vi = explain_text(d, "vi", result=result)
    en = explain_text(d, "en", result=result)
    assert ": 84,5" in vi and "84.5" not in vi
    assert ": 84.5" in en and "84,5" not in en
    assert "điểm b khoản 2 Điều 28" in vi
    assert result.status == "compliant"


# ----------------------------------------------------------------------------- the renderer on
# hand-built decisions (independent of the evaluator's wording)

CIRCULAR = "09/2024/TT-BKHCN"


def _hand_decision() -> Decision:
    leaf = Because("Lá «x» | y", "Leaf «x» | y", citation=Citation(CIRCULAR, 14, 4, "g"))
    return Decision(
        id="selection.demo",
        subject="HS|01",
        outcome="violated",
        citation=Citation(CIRCULAR, 14, 4, "h"),
        explanation_vi=f"Minh họa: không đáp ứng (điểm h khoản 4 Điều 14 Thông tư {CIRCULAR}).",
        explanation_en=f"Demo: not met (point h, clause 4, Article 14 of Circular {CIRCULAR}).",
        value=1234567.5,
        has_value=True,
        because=(
            Because(
                "selection.score: 81",
                "selection.score: 81",
                citation=Citation(CIRCULAR, 14, 4, "g"),
                id="selection.score",
                subject="HS-01",
                children=(leaf,),
            ),
            Because("Không có căn cứ", "No citation"),
            Because(
                "Áp dụng khoản 1 Điều 14 Thông tư 09/2024/TT-BKHCN",
                "Applies clause 1, Article 14 of Circular 09/2024/TT-BKHCN",
                citation=Citation(CIRCULAR, 14, 1),
            ),
        ),
        due=D("2025-05-02"),
        done_on=None,
        is_deadline=True,
    )


def test_explain_text_exact() -> None:
    assert explain_text(_hand_decision(), "vi") == (
        "selection.demo [HS|01] — vi phạm — giá trị 1.234.567,5\n"
        "Minh họa: không đáp ứng (điểm h khoản 4 Điều 14 Thông tư 09/2024/TT-BKHCN).\n"
        "Căn cứ: điểm h khoản 4 Điều 14 Thông tư 09/2024/TT-BKHCN\n"
        "Hạn: 02/05/2025\n"
        "Thực hiện: chưa thực hiện\n"
        "Vì:\n"
        "  - selection.score [HS-01]: 81 (điểm g khoản 4 Điều 14 Thông tư 09/2024/TT-BKHCN)\n"
        "    - Lá «x» | y (điểm g khoản 4 Điều 14 Thông tư 09/2024/TT-BKHCN)\n"
        "  - Không có căn cứ\n"
        "  - Áp dụng khoản 1 Điều 14 Thông tư 09/2024/TT-BKHCN"
    )
    assert explain_text(_hand_decision(), "en") == (
        "selection.demo [HS|01] — violated — value 1,234,567.5\n"
        "Demo: not met (point h, clause 4, Article 14 of Circular 09/2024/TT-BKHCN).\n"
        "Provision: point h, clause 4, Article 14 of Circular 09/2024/TT-BKHCN\n"
        "Due: 2025-05-02\n"
        "Done on: not done\n"
        "Because:\n"
        "  - selection.score [HS-01]: 81 (point g, clause 4, Article 14 of Circular "
        "09/2024/TT-BKHCN)\n"
        "    - Leaf «x» | y (point g, clause 4, Article 14 of Circular 09/2024/TT-BKHCN)\n"
        "  - No citation\n"
        "  - Applies clause 1, Article 14 of Circular 09/2024/TT-BKHCN"
    )


def test_explain_markdown_exact() -> None:
    assert explain_markdown(_hand_decision(), "vi") == (
        "### `selection.demo` \\[HS\\|01\\] — vi phạm — giá trị 1.234.567,5\n"
        "\n"
        "Minh họa: không đáp ứng (điểm h khoản 4 Điều 14 Thông tư 09/2024/TT-BKHCN).\n"
        "\n"
        "- **Căn cứ:** điểm h khoản 4 Điều 14 Thông tư 09/2024/TT-BKHCN\n"
        "- **Hạn:** 02/05/2025\n"
        "- **Thực hiện:** chưa thực hiện\n"
        "\n"
        "**Vì:**\n"
        "\n"
        "- selection.score \\[HS-01]: 81 — *điểm g khoản 4 Điều 14 Thông tư 09/2024/TT-BKHCN*\n"
        "  - Lá «x» \\| y — *điểm g khoản 4 Điều 14 Thông tư 09/2024/TT-BKHCN*\n"
        "- Không có căn cứ\n"
        "- Áp dụng khoản 1 Điều 14 Thông tư 09/2024/TT-BKHCN"
    )


def test_explain_expands_sub_decisions_once() -> None:
    """With the result, a node standing for a decision carries that decision's argument, and a
    decision that is not met says why; a decision reached twice is expanded once."""
    result = _result("03_unknown_score")
    score = result["acceptance.score"]
    text = explain_text(score, "vi", result=result)
    flat = explain_text(score, "vi")
    assert len(text.splitlines()) > len(flat.splitlines())
    ballot_a = result[("acceptance.ballot", "A")]
    assert ballot_a.explanation("vi").rsplit(" (", 1)[0] in text
    cls = result["acceptance.classification"]
    twice = attrs.evolve(cls, because=cls.because + cls.because)
    lines = explain_text(twice, "vi", result=result).splitlines()
    assert sum(1 for line in lines if "[A]" in line) == 1


def test_result_explain_uses_the_renderer() -> None:
    result = _result("02_referred_extension")
    assert result.explain("extension.count", "vi", subject="2") == explain_text(
        result[("extension.count", "2")], "vi"
    )


# ----------------------------------------------------------------------------- reports

HOSTILE = "<script>alert(1)</script>"


def _hostile(result: Result) -> Result:
    """The same result with dossier text an attacker controls: the id, a subject, a warning."""
    first = result.decisions[0]
    return attrs.evolve(
        result,
        dossier=HOSTILE + "\x1b[2J|x",
        decisions=(
            attrs.evolve(first, subject='"><img src=x onerror=alert(2)>'),
            *result.decisions[1:],
        ),
        warnings=({"path": "x<b>", "message": "</td><script>alert(3)</script>"},),
    )


def _all() -> list[Result]:
    return [_result(c.name) for c in CASES]


def test_html_is_self_contained_and_escapes_dossier_text() -> None:
    page = render_html(
        [_hostile(_result("01_violated_deadline")), _result("04_classification_dat")]
    )
    assert page.startswith('<!DOCTYPE html>\n<html lang="vi">')
    assert "<script" not in page and "<img" not in page and "onerror=alert(2)>" not in page
    assert html.escape(HOSTILE) in page
    assert "http://" not in page and "https://" not in page
    assert not re.search(r"<(link|iframe|object|embed|img|script)\b|<[^>]*\b(src|href)=", page)
    assert "url(" not in page and "@import" not in page
    assert "@media print" in page and "<style>" in page
    assert "\x1b" not in page
    assert '<html lang="en">' in render_html(_all(), lang="en")


def test_html_has_the_content_of_the_markdown() -> None:
    results = _all()
    page = render_html(results)
    text = re.sub(r"<[^>]+>", "", page)  # the text a reader sees (tags keep dates on one line)
    for r in results:
        assert html.escape(str(r.dossier)) in page
        for d in r.decisions:
            assert html.escape(d.id) in page
            assert html.escape(d.citation.cite("vi")) in text
        for e in r.deadlines:
            assert e.due.strftime("%d/%m/%Y") in page
    assert page.count('<section class="dossier">') == len(results)
    assert "Tổng hợp" in page and "đáp ứng" in page


def test_text_report_has_no_escape_codes_unless_asked() -> None:
    r = _hostile(_result("02_referred_extension"))
    plain = render_text(r)
    assert "\x1b" not in plain
    assert "\\x1b[2J" in plain  # the dossier's escape shown, not obeyed
    coloured = render_text(r, color=True)
    assert "\x1b[" in coloured
    assert re.sub(r"\x1b\[[0-9;]*m", "", coloured) == plain


def test_text_report_layout() -> None:
    r = _result("02_referred_extension")
    text = render_text(r)
    lines = text.splitlines()
    assert lines[:4] == [
        "Hồ sơ: QT-2025-02",
        "Tình trạng: cần xem xét",
        "Ngày xét: 22/11/2027",
        "Văn bản: Thông tư 09/2024/TT-BKHCN — Quy định quản lý nhiệm vụ khoa học và công nghệ "
        "cấp tỉnh, cấp cơ sở sử dụng ngân sách nhà nước (hiệu lực từ 10/02/2025)",
    ]
    # most serious first: the referral before the pending deadline before what is met
    assert text.index("[→] extension.count [2]") < text.index("[⧗]") < text.index("[✓]")
    assert "Thẩm quyền quyết định: Chủ tịch Ủy ban nhân dân cấp tỉnh" in text
    assert "Lịch thời hạn" in text
    row = next(line for line in lines if line.startswith("  01/03/2028"))
    assert row.split()[:4] == ["01/03/2028", "—", "chưa", "đến"]
    en = render_text(r, lang="en")
    assert "Status: needs review" in en and "2028-03-01" in en
    for d in r.decisions:  # every decision cites its provision
        assert d.citation.cite("vi") in text


def test_text_report_of_an_error_result() -> None:
    from regcore.api import ErrorResult

    text = render_text(ErrorResult("bad.json", "dòng 3: thiếu «level»", "level"))
    assert text.splitlines()[1] == "Tình trạng: lỗi"
    assert "level: dòng 3: thiếu «level»" in text


def test_markdown_report() -> None:
    results = [*_all(), _hostile(_result("03_unknown_score"))]
    md = render_markdown(results)
    assert md.startswith("# Kết quả đánh giá 5 hồ sơ nhiệm vụ\n")
    summary = md.split("## Tổng hợp", 1)[1].split("\n## ", 1)[0]
    assert "| không tuân thủ | 3 |" in summary
    assert "| cần xem xét | 1 | QT-2025-02 |" in summary
    assert "| tuân thủ | 1 | QT-2025-04 |" in summary
    assert md.count("\n## Hồ sơ ") == 5 and md.count("### Lịch thời hạn") == 5
    # the hostile id is one cell, not a new column, and not a tag
    assert "\\<script>alert(1)\\</script>\\\\x1b\\[2J\\|x" in md
    for line in md.splitlines():
        if line.startswith("| [") and "acceptance.ballot" in line:
            assert len(re.findall(r"(?<!\\)\|", line)) == 8, line
    # a decision row: marker, id, subject, outcome, value, provision, explanation
    assert (
        "| [✗] | `acceptance.submission_deadline` |  | vi phạm |  | khoản 1 Điều 24 Thông tư "
        "09/2024/TT-BKHCN | Thời hạn nộp hồ sơ đánh giá, nghiệm thu: thực hiện ngày 15/09/2027, "
        "sau hạn 30/08/2027. |"
    ) in md
    assert "| 30/08/2027 | 15/09/2027 | trễ hạn | `acceptance.submission_deadline` |  |" in md
    one = render_markdown([_result("04_classification_dat")], lang="en")
    assert one.startswith("# Evaluation of a task dossier\n") and "Summary" not in one
    assert "| 84.5 points |" in one


def test_renderers_are_deterministic() -> None:
    results = _all()
    for lang in LANGS:
        assert render_markdown(results, lang) == render_markdown(list(results), lang)
        assert render_html(results, lang) == render_html(list(results), lang)
        for r in results:
            assert render_text(r, lang) == render_text(r, lang)
            for d in r.decisions:
                assert explain_text(d, lang, result=r) == explain_text(d, lang, result=r)
        assert list(render_jsonl(results, lang)) == list(render_jsonl(results, lang))
    again = [
        _engine().evaluate(c.dossier(), AS_OF, "QT-2025-" + c.name[:2], [], {"engine": "regcore"})
        for c in CASES
    ]
    assert render_html(again) == render_html(results)


def test_jsonl() -> None:
    from regcore.api import ErrorResult

    error = ErrorResult("x.json", "không đọc được", "")
    results: list[Any] = [*_all(), error]
    lines = list(render_jsonl(results, lang="en"))
    assert len(lines) == len(results)
    for line, r in zip(lines, results, strict=True):
        assert "\n" not in line and '", "' not in line and '": ' not in line
        assert json.loads(line) == r.to_dict("en")
        assert line == json.dumps(r.to_dict("en"), ensure_ascii=False, separators=(",", ":"))
    assert json.loads(lines[-1])["status"] == "error"
    assert "\\u" not in "".join(lines)  # ensure_ascii=False: Vietnamese as it is


def test_empty_deadlines_and_warnings() -> None:
    r = attrs.evolve(
        _result("04_classification_dat"),
        deadlines=(),
        warnings=({"path": "acceptance.note", "message": "khóa không xác định"},),
    )
    assert "Không có thời hạn nào." in render_text(r)
    md = render_markdown([r])
    assert "Không có thời hạn nào." in md and "- acceptance.note: khóa không xác định" in md
    page = render_html([r])
    assert "<code>acceptance.note</code>: khóa không xác định" in page


def test_deadline_entries_render_their_state_words() -> None:
    r = _result("01_violated_deadline")
    entries = (
        DeadlineEntry("a.x", None, D("2027-01-04"), D("2027-01-03"), "met", Citation(CIRCULAR, 1)),
        DeadlineEntry("a.y", "2", D("2027-01-05"), None, "overdue", Citation(CIRCULAR, 2)),
    )
    r = attrs.evolve(r, deadlines=entries)
    text = render_text(r)
    assert "đúng hạn" in text and "quá hạn" in text and "a.y [2]" in text
    assert "| 05/01/2027 | — | quá hạn | `a.y` | 2 | Điều 2 Thông tư 09/2024/TT-BKHCN |" in (
        render_markdown([r])
    )
