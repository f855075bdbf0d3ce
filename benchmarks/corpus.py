"""Generated task dossiers for the benchmarks: realistic, deterministic, whole-life.

Each dossier follows ``shared/spec/dossier.md`` (format 1) through every stage the task reached
by :data:`AS_OF`: identification (council, ballots), the call, applications with their ballots,
selection, cost appraisal, approval, contract, extensions, changes, inspections and acceptance
(council, expert team, ballots), and independent experts. Both levels and every kind appear;
titles, provinces and host organisations come from the real tasks of
``shared/data/seed_tasks.json`` (budgets are not in the reports, so they are drawn). About four
dossiers in five reach the acceptance meeting; one in seven ends at the selection (no valid
application at 70 points: a second round); one in ten starts at the contract (a task carried
over or ordered directly); a few started late enough that :data:`AS_OF` falls inside their life
and hold only what has happened by then, as a real dossier would.

Failures are drawn at rates loosely taken from the provincial reports (``reports-summary.md``):
late acceptance dossiers, extensions too long, too late or a second time, invalid ballots, low
scores, missing quorum, late notices, ineligible applicants, conflicts of interest, facts left
out of the dossier. Every dossier loads without input errors under ``regcore.load()``.

    python benchmarks/corpus.py -n 1000 --seed 7 > corpus.jsonl     # JSON Lines on stdout
    from benchmarks.corpus import generate; for d in generate(1000): ...
"""

from __future__ import annotations

import argparse
import datetime as dt
import functools
import json
import random
import sys
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any, Final

from dateutil.relativedelta import relativedelta

from regcore.calendar import LegalCalendar

ROOT: Final = Path(__file__).resolve().parent.parent
SEEDS_PATH: Final = ROOT.parent / "shared" / "data" / "seed_tasks.json"

#: The evaluation date the corpus is generated for: nothing in a dossier happens after it.
AS_OF: Final = dt.date(2030, 6, 30)
IN_FORCE: Final = dt.date(2025, 2, 10)
#: How often failures are drawn, as a share of the rates written below (see :func:`generate`).
FAULTS: Final = 0.5

Dossier = dict[str, Any]

# ----------------------------------------------------------------------------- seed data

_PROVINCE_CODES: Final = {
    "Ninh Thuận": "NT",
    "Đà Nẵng": "DN",
    "Hà Tĩnh": "HT",
    "Thừa Thiên Huế": "TTH",
    "Quảng Bình": "QB",
    "Khánh Hòa": "KH",
    "Quảng Trị": "QT",
    "Thanh Hóa": "TH",
    "Bình Định": "BD",
    "Bình Thuận": "BTH",
    "Quảng Ngãi": "QNG",
    "Phú Yên": "PY",
    "Quảng Nam": "QNA",
    "Nghệ An": "NA",
}
_KIND_CODES: Final = {"de_tai": "DT", "de_an": "DA", "du_an_sxtn": "SXTN", "du_an_khcn": "DAKH"}

# Used only when the seed file is not beside the checkout (the corpus stays generable).
_FALLBACK_TASKS: Final = (
    ("Nghiên cứu hiệu quả áp dụng phương pháp tim phổi nhân tạo (ECMO) tại Bệnh viện Đà Nẵng",
     "Đà Nẵng", "de_tai", "Bệnh viện Đà Nẵng"),
    ("Xây dựng mô hình trồng thử nghiệm giống lạc đen CNC1 tại huyện Bố Trạch",
     "Quảng Bình", "du_an_sxtn", None),
    ("Ứng dụng công nghệ blockchain truy xuất nguồn gốc nông sản tỉnh Ninh Thuận",
     "Ninh Thuận", "du_an_khcn", None),
    ("Đề án phát triển thương hiệu du lịch tỉnh Bình Thuận", "Bình Thuận", "de_an", None),
)  # fmt: skip


def _kind_of(task_type: str | None, title: str) -> str | None:
    """The kind a seed task most likely is (the reports' wording is loose)."""
    t = title.lower()
    if task_type == "dự án sản xuất thử nghiệm" or task_type == "mô hình":
        return "du_an_sxtn"
    if task_type == "đề tài":
        return "de_tai"
    if task_type == "dự án":
        return "du_an_khcn"
    if t.startswith("đề án"):
        return "de_an"
    if "sản xuất thử nghiệm" in t or "mô hình" in t:
        return "du_an_sxtn"
    if t.startswith(("nghiên cứu", "đánh giá", "điều tra", "thực trạng")):
        return "de_tai"
    if t.startswith(("ứng dụng", "xây dựng", "chuyển giao", "đăng ký", "tạo lập", "quản lý")):
        return "du_an_khcn"
    return None


class Seeds:
    """Titles per kind, provinces and host organisations from the real tasks."""

    def __init__(self, tasks: Sequence[tuple[str, str, str | None, str | None]]) -> None:
        self.titles: dict[str, list[tuple[str, str]]] = {k: [] for k in _KIND_CODES}
        self.all_titles: list[tuple[str, str]] = []
        self.hosts: dict[str, list[str]] = {}
        for title, province, kind, host in tasks:
            entry = (" ".join(title.split()), province)
            self.all_titles.append(entry)
            if kind is not None:
                self.titles[kind].append(entry)
            if host:
                self.hosts.setdefault(province, []).append(host)
        self.provinces = sorted({p for _, p in self.all_titles})

    @classmethod
    def load(cls, path: Path = SEEDS_PATH) -> Seeds:
        try:
            raw = json.loads(path.read_text(encoding="utf-8"))
        except OSError:
            return cls(_FALLBACK_TASKS)
        tasks = []
        for t in raw:
            title, province = t.get("title"), t.get("province")
            if not title or not province:
                continue
            tasks.append((title, province, _kind_of(t.get("task_type"), title), t.get("host_org")))
        return cls(tasks)


@functools.cache
def _default_seeds() -> Seeds:
    return Seeds.load()


# ----------------------------------------------------------------------------- people, orgs

_SURNAMES: Final = [
    "Nguyễn",
    "Nguyễn",
    "Nguyễn",
    "Trần",
    "Trần",
    "Lê",
    "Lê",
    "Phạm",
    "Hoàng",
    "Huỳnh",
    "Phan",
    "Vũ",
    "Võ",
    "Đặng",
    "Bùi",
    "Đỗ",
    "Hồ",
    "Ngô",
    "Dương",
    "Lý",
    "Trương",
    "Đinh",
    "Lâm",
    "Mai",
    "Tạ",
    "Cao",
    "Lương",
    "Đoàn",
]
_MIDDLE: Final = [
    "Văn",
    "Thị",
    "Đức",
    "Minh",
    "Thanh",
    "Quốc",
    "Ngọc",
    "Hữu",
    "Thu",
    "Kim",
    "Xuân",
    "Hoài",
    "Công",
    "Đình",
    "Bảo",
    "Mỹ",
]
_GIVEN: Final = [
    "An",
    "Bình",
    "Cường",
    "Dũng",
    "Duyên",
    "Giang",
    "Hà",
    "Hải",
    "Hạnh",
    "Hằng",
    "Hiếu",
    "Hoa",
    "Hùng",
    "Hương",
    "Huy",
    "Khoa",
    "Lan",
    "Linh",
    "Lộc",
    "Long",
    "Mai",
    "Minh",
    "Nam",
    "Nga",
    "Nhung",
    "Oanh",
    "Phong",
    "Phúc",
    "Quân",
    "Sơn",
    "Tâm",
    "Thảo",
    "Thắng",
    "Trang",
    "Trí",
    "Tú",
    "Tuấn",
    "Vinh",
    "Yến",
    "Khánh",
    "Lợi",
    "Thư",
    "Tùng",
    "Vy",
    "Hưng",
    "Tài",
    "Thuận",
    "Hiền",
]
_HOST_PATTERNS: Final = (
    "Trung tâm Ứng dụng tiến bộ khoa học và công nghệ {where}",
    "Trung tâm Khuyến nông {where}",
    "Bệnh viện Đa khoa {where}",
    "Trung tâm Kiểm soát bệnh tật {where}",
    "Trường Cao đẳng Kỹ thuật Công nghệ {where}",
    "Chi cục Thủy sản {where}",
    "Trung tâm Giống cây trồng vật nuôi {where}",
    "Viện Nghiên cứu Phát triển kinh tế - xã hội {where}",
    "Trung tâm Công nghệ thông tin {where}",
)
_PARTNERS: Final = (
    "Trường Đại học Nông Lâm, Đại học Huế",
    "Trường Đại học Bách khoa, Đại học Đà Nẵng",
    "Viện Nghiên cứu Hải sản",
    "Viện Khoa học Nông nghiệp Việt Nam",
    "Trường Đại học Y - Dược, Đại học Huế",
    "Viện Hàn lâm Khoa học xã hội Việt Nam",
    "Trường Đại học Quy Nhơn",
    "Trường Đại học Nha Trang",
    "Viện Công nghệ sinh học",
    "Trường Đại học Vinh",
)
_COUNCIL_ORGS: Final = (
    "Sở Khoa học và Công nghệ",
    "Sở Nông nghiệp và Môi trường",
    "Sở Y tế",
    "Sở Tài chính",
    "Sở Công Thương",
    "Sở Văn hóa, Thể thao và Du lịch",
    "Sở Giáo dục và Đào tạo",
)
_QUOTE_ITEMS: Final = (
    "Máy chủ lưu trữ dữ liệu",
    "Giống cây trồng",
    "Phân bón hữu cơ vi sinh",
    "Hóa chất phân tích",
    "Thiết bị đo môi trường",
    "Vật tư thí nghiệm",
    "Thuê khoán chuyên môn",
    "Thiết bị cảm biến IoT",
    "Thức ăn chăn nuôi",
    "Dịch vụ kiểm nghiệm sản phẩm",
)
_PROPOSAL_FORMS: Final = {
    "de_tai": "I.01-ĐXNV.ĐT",
    "du_an_khcn": "I.02-ĐXNV.DA",
    "du_an_sxtn": "I.02-ĐXNV.DA",
    "de_an": "I.03-ĐXNV.ĐA",
}
_CRITERIA_MAX: Final = {"a": 20, "b": 5, "c": 25, "d": 30, "dd": 5, "e": 5, "g": 10}


def _iso(d: dt.date) -> str:
    return d.isoformat()


_CALENDAR: Final = LegalCalendar.default()


def _workdays_after(d: dt.date, n: int) -> dt.date:
    """The n-th working day after `d` (before it when n < 0), on the legal calendar: agencies
    count notice periods in working days, so a generated on-time notice is on time."""
    if n >= 0:
        return _CALENDAR.add_working_days(d, n)
    return _CALENDAR.working_days_before(d, -n)


def _weekday_on_or_after(d: dt.date) -> dt.date:
    """`d`, or the next working day: meetings and signatures happen on working days."""
    return _CALENDAR.roll_forward(d)


# ----------------------------------------------------------------------------- one dossier


class _Life:
    """Builds one dossier: a task's timeline and the failures drawn for it."""

    def __init__(
        self, rng: random.Random, seeds: Seeds, index: int, as_of: dt.date, scale: float
    ) -> None:
        self.r = rng
        self.scale = scale
        self.seeds = seeds
        self.index = index
        self.as_of = as_of
        self.used_names: set[str] = set()

    # -- small helpers
    def chance(self, p: float) -> bool:
        return self.r.random() < p

    def fault(self, p: float) -> bool:
        """A failure drawn at rate `p`, scaled by the corpus's fault rate."""
        return self.r.random() < p * self.scale

    def days(self, d: dt.date, lo: int, hi: int) -> dt.date:
        return d + dt.timedelta(days=self.r.randint(lo, hi))

    def happened(self, d: dt.date | None) -> bool:
        return d is not None and d <= self.as_of

    def person(self) -> str:
        for _ in range(50):
            name = f"{self.r.choice(_SURNAMES)} {self.r.choice(_MIDDLE)} {self.r.choice(_GIVEN)}"
            if name not in self.used_names:
                self.used_names.add(name)
                return name
        name = f"{self.r.choice(_SURNAMES)} {self.r.choice(_GIVEN)} {len(self.used_names)}"
        self.used_names.add(name)
        return name

    def host_name(self, province: str) -> str:
        pool = self.seeds.hosts.get(province, [])
        if pool and self.chance(0.35):
            return self.r.choice(pool)
        where = f"thành phố {province}" if province == "Đà Nẵng" else f"tỉnh {province}"
        return self.r.choice(_HOST_PATTERNS).format(where=where)

    # -- councils
    def council(self, size: int, province: str, *, faults: bool) -> dict[str, Any]:
        """A council of `size` members; with `faults`, one flaw of composition or quorum."""
        roles = ["chu_tich", "pho_chu_tich", "phan_bien", "phan_bien", "thu_ky_khoa_hoc"]
        roles += ["uy_vien"] * (size - len(roles))
        fault = self.r.choice(("no_reviewer", "absent_chair", "absent_many", "two_chairs"))
        if faults and fault == "no_reviewer":
            roles[3] = "uy_vien"
        if faults and fault == "two_chairs":
            roles[1] = "chu_tich"
        members: list[dict[str, Any]] = []
        for role in roles:
            org = self.r.choice(_COUNCIL_ORGS)
            m: dict[str, Any] = {
                "name": self.person(),
                "role": role,
                "organization": f"{org} {'thành phố' if province == 'Đà Nẵng' else 'tỉnh'} "
                f"{province}",
            }
            if self.chance(0.05):
                m["online"] = True
            members.append(m)
        # ordinary absences: one member (uy_vien) in a third of the councils
        if self.chance(0.33) and size > 5:
            members[-1]["present"] = False
        if faults and fault == "absent_chair":
            members[0]["present"] = False
            if self.chance(0.5):
                members[1]["chair_authorized"] = True
        if faults and fault == "absent_many":
            for m in members[2:]:
                if self.chance(0.6):
                    m["present"] = False
        council: dict[str, Any] = {"members": members}
        if self.chance(0.4):
            secretary = next((m["name"] for m in members if m["role"] == "thu_ky_khoa_hoc"), None)
            head = secretary or members[0]["name"]
            others = [m["name"] for m in members if m["name"] != head][:2]
            council["vote_counting"] = {"head": head, "members": [head, *others]}
            if faults and self.chance(0.3):
                council["vote_counting"]["members"].append("Người ngoài hội đồng")
        return council

    @staticmethod
    def present(council: dict[str, Any]) -> list[str]:
        return [m["name"] for m in council["members"] if m.get("present", True)]

    # -- the whole life
    def build(self) -> Dossier:
        r = self.r
        level = "co_so" if self.chance(0.25) else "tinh"
        if level == "tinh":
            kind = r.choices(
                ("de_tai", "du_an_sxtn", "du_an_khcn", "de_an"), weights=(50, 15, 20, 15)
            )[0]
        else:
            kind = r.choices(("de_tai", "du_an_khcn"), weights=(70, 30))[0]
        if self.chance(0.005):  # out of the circular's scope: a cấp cơ sở scheme or pilot
            level, kind = "co_so", r.choice(("de_an", "du_an_sxtn"))
        pool = self.seeds.titles.get(kind) or self.seeds.all_titles
        title, province = r.choice(pool)
        code = _PROVINCE_CODES.get(province) or "".join(w[0] for w in province.split()).upper()

        # When the task starts: mostly 2025, some before the circular's force, some late enough
        # that the evaluation date falls inside its life.
        era = r.choices(("pre", "y2025", "y2026", "late"), weights=(4, 66, 22, 8))[0]
        start = {
            "pre": dt.date(2024, 9, 1),
            "y2025": dt.date(2025, 2, 17),
            "y2026": dt.date(2026, 1, 5),
            "late": dt.date(2027, 6, 1),
        }[era]
        start = _weekday_on_or_after(self.days(start, 0, 330))

        d: Dossier = {
            "format": 1,
            "id": f"{code}-{start.year}-{_KIND_CODES[kind]}-{self.index:06d}",
            "level": level,
            "kind": kind,
        }
        if kind == "de_tai":
            d["research_field"] = r.choices(
                ("ung_dung", "xa_hoi_nhan_van", "khac"), weights=(70, 20, 10)
            )[0]
        d["title"] = title
        if self.chance(0.03):
            d["state_secret"] = True
        if self.chance(0.15):
            d["complex"] = True
        d["measurable_products"] = kind != "de_an" and self.chance(0.6)

        budget = (
            r.randrange(400, 3600, 10) * 1_000_000
            if level == "tinh"
            else r.randrange(50, 600, 5) * 1_000_000
        )
        host = self.host_name(province)
        pi = self.person()
        team = [self.person() for _ in range(r.randint(2, 5))]
        others = [self.person() for _ in range(r.randint(0, 4))]
        partners = r.sample(_PARTNERS, r.choice((0, 1, 1, 2)))

        # Path: the full selection (most), or a dossier that starts at the contract
        # (a task carried over from an older system, or an order placed directly).
        from_contract = self.chance(0.1)
        t: dt.date | None = start
        if not from_contract:
            proposed = self.proposal(d, level, kind, province, start)
            t, winner = self.selection_stages(
                d, level, kind, province, proposed, host, pi, team, others, partners, budget
            )
            if winner is None or t is None:
                return self.experts(d, level, host, pi, team)
        if from_contract or self.chance(0.5):
            self.performers(d, host, pi, team, others, partners)
        if t is None or not self.happened(t):
            return self.experts(d, level, host, pi, team)
        end = self.contract(d, level, t, budget)
        impl_end = self.implementation(d, level, kind, end)
        self.acceptance(d, level, province, impl_end, pi, team)
        return self.experts(d, level, host, pi, team)

    def performers(
        self,
        d: Dossier,
        host: str,
        pi: str,
        team: list[str],
        others: list[str],
        partners: list[str],
    ) -> None:
        d["host"] = {"name": host, "legal_entity": True, "field_matches": True}
        d["pi"] = {"name": pi, "qualified": True, "has_time": True}
        d["secretary"] = team[0]
        d["main_members"] = team[1:]
        d["participants"] = others
        d["partners"] = partners

    # -- identification (Điều 5–8; Điều 35)
    def proposal(self, d: Dossier, level: str, kind: str, province: str, t: dt.date) -> dt.date:
        r = self.r
        p: dict[str, Any] = {}
        form = _PROPOSAL_FORMS.get(kind, "I.01-ĐXNV.ĐT")
        if self.fault(0.03):
            form = r.choice([f for f in sorted(set(_PROPOSAL_FORMS.values())) if f != form])
        p["form"] = form
        by_experts = level == "co_so" and self.chance(0.15)
        if by_experts:
            opinion = self.days(t, 7, 20)
            p["experts_opinion_on"] = _iso(opinion)
            decided = _workdays_after(opinion, r.randint(2, 7) if not self.fault(0.10) else 9)
            p["decision_on"] = _iso(decided)
            d["proposal"] = p
            return decided
        council = self.council(r.randint(7, 9), province, faults=self.fault(0.08))
        p["council"] = council
        meeting = _weekday_on_or_after(t)
        sent = _workdays_after(meeting, -(r.randint(3, 8) if not self.fault(0.07) else 2))
        p["documents_sent_on"] = _iso(sent)
        p["meeting_on"] = _iso(meeting)
        if level == "co_so":
            decided = _workdays_after(meeting, r.randint(2, 7) if not self.fault(0.10) else 10)
            p["decision_on"] = _iso(decided)
        else:
            decided = self.days(meeting, 5, 20)
        criteria_names = (
            ("cap_thiet", "khong_trung_lap", "kha_nang_ung_dung", "muc_tieu_ket_qua")
            if kind in ("de_tai", "de_an")
            else ("cap_thiet", "khong_trung_lap", "xuat_xu_cong_nghe", "muc_tieu_ket_qua")
        )
        support = r.choice((0.97, 0.95, 0.9, 0.7))
        ballots = []
        for name in self.present(council):
            crit = {c: self.chance(support) for c in criteria_names}
            if self.fault(0.01):
                del crit[r.choice(criteria_names)]  # a criterion left blank: unknown
            ballots.append({"member": name, "criteria": crit})
        p["ballots"] = ballots
        d["proposal"] = p
        return decided

    # -- call, applications, selection, appraisal, approval (Điều 10–18; 36–38)
    def selection_stages(
        self,
        d: Dossier,
        level: str,
        kind: str,
        province: str,
        t: dt.date,
        host: str,
        pi: str,
        team: list[str],
        others: list[str],
        partners: list[str],
        budget: int,
    ) -> tuple[dt.date | None, dict[str, Any] | None]:
        r = self.r
        announced = _weekday_on_or_after(self.days(t, 7, 30))
        if not self.happened(announced):
            return None, None
        minimum = 30 if level == "tinh" else 15
        period = r.randint(minimum, minimum + 15) if not self.fault(0.06) else minimum - 5
        closes = _weekday_on_or_after(announced + dt.timedelta(days=period))
        opened = self.days(closes, 1, 8) if not self.fault(0.05) else self.days(closes, 11, 20)
        call: dict[str, Any] = {
            "announced_on": _iso(announced),
            "closes_on": _iso(closes),
            "round": 1 if not self.fault(0.08) else 2,
        }
        if self.happened(opened):
            call["opened_on"] = _iso(opened)
        d["call"] = call
        if not self.happened(closes):
            d["applications"] = []
            return None, None

        # the selection council is formed before the applications are scored
        council = self.council(
            r.randint(7, 9) if level == "tinh" else r.randint(5, 7),
            province,
            faults=self.fault(0.07),
        )
        scorers = self.present(council)

        n_apps = r.choices((0, 1, 2, 3, 4), weights=(2, 38, 35, 18, 7))[0]
        apps: list[dict[str, Any]] = []
        quality = r.choices(("strong", "fair", "weak"), weights=(85, 12, 3))[0]
        for i in range(n_apps):
            own = i == 0
            a = self.application(
                d,
                level,
                kind,
                province,
                i,
                closes,
                host if own else self.host_name(province),
                pi if own else self.person(),
                team if own else [self.person() for _ in range(r.randint(2, 4))],
                others if own else [self.person() for _ in range(r.randint(0, 3))],
                partners if own else r.sample(_PARTNERS, r.choice((0, 1))),
                budget if own else int(budget * r.uniform(0.8, 1.2)) // 1_000_000 * 1_000_000,
                scorers,
                # the first application is the task's eventual host: usually the best
                (quality if own else r.choice(("fair", "weak", "fair"))),
            )
            apps.append(a)
        d["applications"] = apps
        invalid = [a.pop("_invalid") for a in apps]
        first_invalid = bool(invalid) and invalid[0]
        if any(invalid) and self.happened(opened):
            notice = self.days(opened, 2, 9) if not self.fault(0.10) else self.days(opened, 11, 18)
            if self.happened(notice):
                call["invalid_notified_on"] = _iso(notice)

        meeting = _weekday_on_or_after(self.days(opened, 7, 20))
        if not apps or not self.happened(meeting):
            return None, None
        # a conflict of interest: a council member from an applicant, or a relative
        if self.fault(0.05):
            m = r.choice(council["members"])
            if self.chance(0.5):
                m["organization"] = apps[0]["organization"]["name"]
            else:
                m["relatives"] = [apps[0]["pi"]["name"]]
        if self.fault(0.02):
            r.choice(council["members"])["sanctioned"] = True
        sent = _workdays_after(meeting, -(r.randint(5, 9) if not self.fault(0.06) else 3))
        notified = self.days(meeting, 3, 10) if not self.fault(0.07) else self.days(meeting, 11, 20)
        sel: dict[str, Any] = {
            "council": council,
            "documents_sent_on": _iso(sent),
            "meeting_on": _iso(meeting),
        }
        if self.happened(notified):
            sel["result_notified_on"] = _iso(notified)
        d["selection"] = sel
        # The first application is the generator's winner: the others score below it (or, when
        # it fails, below 70: no winner, a second round under điểm c khoản 2 Điều 10).
        mean = [
            sum(b["total"] for b in a["ballots"]) / len(a["ballots"]) if a["ballots"] else 0
            for a in apps
        ]
        wins = mean[0] >= 70 and not first_invalid
        cap = int(mean[0]) - 3 if wins else 66
        for a in apps[1:]:
            for b in a["ballots"]:
                if 0 <= b["total"] <= 100:
                    b["total"] = min(b["total"], cap)
                    b["content_score"] = round(b["total"] * 0.32)
        if not wins:
            return None, None
        finalized = (
            self.days(notified, 5, 15) if not self.fault(0.07) else self.days(notified, 16, 25)
        )
        if not self.happened(finalized):
            return None, None
        sel["winner_finalized_on"] = _iso(finalized)
        return self.appraisal(d, level, kind, finalized, council, meeting), apps[0]

    def application(
        self,
        d: Dossier,
        level: str,
        kind: str,
        province: str,
        i: int,
        closes: dt.date,
        org: str,
        pi: str,
        team: list[str],
        others: list[str],
        partners: list[str],
        budget: int,
        scorers: list[str],
        quality: str,
    ) -> dict[str, Any]:
        r = self.r
        organization: dict[str, Any] = {"name": org, "legal_entity": True, "field_matches": True}
        if self.fault(0.03):
            organization["unrefunded_vnd"] = r.randrange(10, 500) * 1_000_000
        if self.fault(0.02):
            organization["overdue_acceptance_dossier"] = True
        if self.fault(0.02):
            organization["suspended_on"] = _iso(self.days(closes, -500, -200))
        if self.fault(0.01):
            organization["field_matches"] = False
        if self.fault(0.01):
            del organization["legal_entity"]  # not stated: unknown
        pi_rec: dict[str, Any] = {"name": pi, "qualified": True, "has_time": True}
        if self.fault(0.03):
            pi_rec["qualified"] = False
        if self.fault(0.02):
            pi_rec["has_time"] = False
        late = self.fault(0.06)
        received = self.days(closes, 1, 6) if late else self.days(closes, -25, 0)
        channel = r.choices(("post", "direct", "online"), weights=(40, 40, 20))[0]
        field = {"post": "postmarked_on", "direct": "received_on", "online": "recorded_on"}[channel]
        submission: dict[str, Any] = {"channel": channel, field: _iso(received)}
        if self.fault(0.01):
            del submission[field]  # the receipt date was not recorded
        if kind == "de_tai":
            form = {"ung_dung": "III.06", "xa_hoi_nhan_van": "III.07"}.get(
                d.get("research_field", "khac"), r.choice(("III.06", "III.07"))
            )
        elif kind == "de_an":
            form = "III.09"
        else:
            form = "III.08"
        has_experts = self.chance(0.2)
        counterpart = kind.startswith("du_an") and self.chance(0.4)
        components = ["III.01", "phap_nhan", form, "III.03"]
        if self.chance(0.7):
            components.append("III.02")
        if has_experts:
            components.append("III.04")
        if partners:
            components.append("III.05")
        if counterpart:
            components.append("von_doi_ung")
        removed = self.fault(0.06)
        if removed:
            components.remove(r.choice(components))
        a: dict[str, Any] = {
            "id": f"HS-{i + 1:02d}",
            "organization": organization,
            "partners": partners,
            "pi": pi_rec,
            "secretary": team[0],
            "main_members": team[1:],
            "participants": others,
            "submission": submission,
            "components": components,
            "has_experts": has_experts,
            "counterpart_funding": counterpart,
            "format_ok": not self.fault(0.03),
            "requested_state_budget_vnd": budget,
        }
        if self.chance(0.05):
            a["excellent_rating_on"] = _iso(self.days(closes, -1400, -100))
        if self.fault(0.005):
            a["fraud"] = True
        if self.fault(0.005):
            a["withdrew"] = True
        centre = {"strong": 82, "fair": 72, "weak": 60}[quality]
        ballots = []
        for name in scorers:
            total = max(0, min(100, round(r.gauss(centre, 6))))
            if self.fault(0.01):
                total = r.choice((105, 120, -5))  # a ballot outside 0..100: left out
            ballots.append(
                {"member": name, "total": total, "content_score": max(0, round(total * 0.32))}
            )
        a["ballots"] = ballots
        # invalid (điểm b khoản 4 Điều 12): late, incomplete, or (cấp tỉnh) badly formatted
        a["_invalid"] = late or removed or (level == "tinh" and not a["format_ok"])
        return a

    def appraisal(
        self,
        d: Dossier,
        level: str,
        kind: str,
        finalized: dt.date,
        council: dict[str, Any],
        selection_meeting: dt.date,
    ) -> dt.date | None:
        r = self.r
        payment = r.choice(("khoan_chi_tung_phan", "khoan_chi_den_san_pham_cuoi_cung"))
        if self.fault(0.01):
            payment = "khoan_chi_toan_bo"  # not a mode the circular knows
        d["_payment"] = payment
        if level == "co_so" and self.chance(0.5):
            # no Tổ thẩm định kinh phí (khoản 6 Điều 37): approval follows the selection meeting
            d["appraisal"] = {"payment_mode": payment}
            return self.approval(d, level, selection_meeting, selection_meeting)
        submitted = self.days(finalized, 0, 7)
        if not self.happened(submitted):
            return None
        lead = next(
            (m for m in council["members"] if m["role"] in ("chu_tich", "pho_chu_tich")),
            council["members"][0],
        )
        team: list[dict[str, Any]] = [
            {"name": self.person(), "role": "to_truong"},
            {"name": self.person(), "role": "tai_chinh"},
            {"name": lead["name"], "role": "hoi_dong", "council_role": lead["role"]},
        ]
        team += [{"name": self.person(), "role": "khac"} for _ in range(r.randint(0, 3))]
        if self.fault(0.03):
            team.pop(1)  # no member from the finance office
        if self.fault(0.04):
            team[0]["present"] = False
        if d.get("state_secret") and self.fault(0.2):
            team[-1]["online"] = True
        meeting = _weekday_on_or_after(self.days(submitted, 5, 15))
        quotes = []
        for item in r.sample(_QUOTE_ITEMS, r.randint(1, 4)):
            age = r.randint(5, 85) if not self.fault(0.06) else r.randint(91, 160)
            q: dict[str, Any] = {"item": item, "dated_on": _iso(submitted - dt.timedelta(age))}
            if self.chance(0.5):
                q["valid_until"] = _iso(
                    submitted + dt.timedelta(r.randint(10, 90) if not self.fault(0.05) else -5)
                )
            quotes.append(q)
        appraisal: dict[str, Any] = {"team": team}
        needs_site = kind.startswith("du_an") or d.get("complex", False)
        if level == "tinh" and needs_site and not self.fault(0.08):
            on = meeting - dt.timedelta(r.randint(2, 10))
            appraisal["site_check"] = {
                "on": _iso(on),
                "leader": self.person(),
                "members": [self.person() for _ in range(2)],
            }
        appraisal.update(
            {
                "dossier_submitted_on": _iso(submitted),
                "quotes": quotes,
                "payment_mode": payment,
            }
        )
        if not self.happened(meeting):
            d["appraisal"] = appraisal
            return None
        notified = self.days(meeting, 2, 7)
        appraisal["meeting_on"] = _iso(meeting)
        appraisal["notified_on"] = _iso(notified)
        received = self.days(notified, 0, 3)
        if self.chance(0.85):
            appraisal["notice_received_on"] = _iso(received)
        d["appraisal"] = appraisal
        return self.approval(d, level, received, meeting)

    def approval(
        self, d: Dossier, level: str, received: dt.date, meeting: dt.date
    ) -> dt.date | None:
        r = self.r
        if level == "tinh":
            finalized = (
                self.days(received, 3, 15) if not self.fault(0.07) else self.days(received, 16, 30)
            )
            decided = self.days(finalized, 3, 12)
        else:
            finalized = (
                self.days(meeting, 2, 10) if not self.fault(0.10) else self.days(meeting, 11, 20)
            )
            decided = _workdays_after(finalized, r.randint(2, 7) if not self.fault(0.10) else 9)
        if not self.happened(decided):
            return None
        ap: dict[str, Any] = {"finalized_on": _iso(finalized), "decided_on": _iso(decided)}
        if level == "tinh":
            published = (
                self.days(decided, 2, 15) if not self.fault(0.07) else self.days(decided, 16, 25)
            )
            ap["published_on"] = _iso(published)
            ap["posted_days"] = r.randint(45, 60) if not self.fault(0.05) else r.randint(20, 44)
        d["approval"] = ap
        return decided

    # -- contract and implementation (Điều 19–22; 39–40)
    def contract(self, d: Dossier, level: str, t: dt.date, budget: int) -> dt.date:
        r = self.r
        signed = _weekday_on_or_after(self.days(t, 5, 25))
        start = signed if self.chance(0.6) else signed + dt.timedelta(days=1)
        months = r.choices((12, 18, 24, 30, 36), weights=(20, 25, 30, 15, 10))[0]
        if level == "co_so":
            months = r.choice((6, 9, 12, 12, 18, 24))
        end = start + relativedelta(months=months) - dt.timedelta(days=1)
        payment = d.pop("_payment", None) or r.choice(
            ("khoan_chi_tung_phan", "khoan_chi_den_san_pham_cuoi_cung")
        )
        c: dict[str, Any] = {
            "signed_on": _iso(signed),
            "start": _iso(start),
            "end": _iso(end),
            "duration_months": months,
            "payment_mode": payment,
            "non_state_budget_vnd": r.randrange(0, max(1, budget // 4_000_000)) * 1_000_000,
        }
        if self.fault(0.02):
            del c["duration_months"]  # not stated: the extension limit is unknown
        d["contract"] = c
        return end

    def implementation(self, d: Dossier, level: str, kind: str, end: dt.date) -> dt.date:
        """Inspections, changes and extensions; returns the end of implementation."""
        r = self.r
        c = d["contract"]
        start = dt.date.fromisoformat(c["start"])
        months = c.get("duration_months", 12)
        limit = 12 if months >= 24 else 6
        authority = "chu_tich_ubnd" if level == "tinh" else "thu_truong_co_so"

        inspections = []
        for k in range(r.choices((0, 1, 2), weights=(30, 50, 20))[0]):
            on = _weekday_on_or_after(
                start + dt.timedelta(days=int((end - start).days * (k + 1) / 3))
            )
            if not self.happened(on):
                break
            ins: dict[str, Any] = {"on": _iso(on)}
            ended = on + dt.timedelta(days=r.choice((0, 0, 1, 2)))
            if self.chance(0.8):
                ins["ended_on"] = _iso(ended)
            sent = _workdays_after(on, -(r.randint(3, 7) if not self.fault(0.08) else 1))
            ins["documents_sent_on"] = _iso(sent)
            confirmed = (
                self.days(ended, 3, 10) if not self.fault(0.10) else self.days(ended, 11, 20)
            )
            if self.happened(confirmed):
                ins["confirmed_on"] = _iso(confirmed)
            inspections.append(ins)
        if inspections:
            d["inspections"] = inspections

        changes = []
        for _ in range(r.choices((0, 1, 2), weights=(70, 24, 6))[0]):
            on = self.days(start, 60, max(61, (end - start).days - 30))
            if not self.happened(on):
                continue
            kind_c = r.choices(
                ("budget", "host", "pi", "non_state_budget", "other"), weights=(25, 10, 25, 15, 25)
            )[0]
            ch: dict[str, Any] = {"kind": kind_c, "on": _iso(on)}
            if kind_c == "host":
                ch["reason"] = r.choice(("sap_nhap", "hop_nhat", "chuyen_doi_loai_hinh"))
                ch["new_organization"] = {
                    "name": f"{self.host_name('Đà Nẵng')} (sau sáp nhập)",
                    "legal_entity": True,
                    "field_matches": True,
                }
            elif kind_c == "pi":
                ch["new_pi"] = {
                    "name": self.person(),
                    "qualified": not self.fault(0.05),
                    "has_time": True,
                }
            elif kind_c == "non_state_budget":
                ch["non_state_budget_vnd"] = c["non_state_budget_vnd"] // 2
                if self.chance(0.7):
                    ch["reported_on"] = _iso(self.days(on, -10, 0))
            elif kind_c == "other":
                ch["description"] = r.choice(
                    ("Điều chỉnh nội dung nghiên cứu", "Điều chỉnh sản phẩm", "Đổi tên nhiệm vụ")
                )
            changes.append(ch)
        if changes:
            d["changes"] = changes

        # Extensions: the reports' commonest problem. None for most tasks, one for a third,
        # a second request for a few; too long, too late, or granted only by the agency.
        extensions: list[dict[str, Any]] = []
        n_ext = r.choices((0, 1, 2), weights=(58, 32, 10))[0]
        current_end = end
        for k in range(n_ext):
            in_time = not self.fault(0.25)
            deadline = current_end - relativedelta(months=1)
            requested = (
                deadline - dt.timedelta(days=r.randint(0, 80))
                if in_time
                else deadline + dt.timedelta(days=r.randint(1, 40))
            )
            if k == 1 and extensions:
                requested = max(requested, dt.date.fromisoformat(extensions[0]["requested_on"]))
                requested += dt.timedelta(days=r.randint(5, 30))
            requested = _weekday_on_or_after(requested)
            if not self.happened(requested):
                break
            length = (
                r.randint(3, limit) if not self.fault(0.22) else r.randint(limit + 1, limit + 8)
            )
            ok = in_time and length <= limit and k == 0
            if ok:
                approver = r.choices(("co_quan_quan_ly", None), weights=(88, 12))[0]
            else:
                approver = r.choices(
                    (authority, "uy_quyen_chu_tich" if level == "tinh" else authority,
                     "co_quan_quan_ly", None),
                    weights=(35, 10, 25, 30),
                )[0]  # fmt: skip
            e: dict[str, Any] = {"requested_on": _iso(requested), "months": length}
            approved_on = self.days(requested, 5, 25)
            if approver is not None and self.happened(approved_on):
                e["approved_by"] = approver
                e["approved_on"] = _iso(approved_on)
                current_end = current_end + relativedelta(months=length)
            elif self.chance(0.5):
                e["approved_by"] = None
            extensions.append(e)
        if extensions:
            d["extensions"] = extensions
        # the end in force, as khoản 1 Điều 24 counts it: the contract's end plus every
        # granted extension, each added in one step
        granted = sum(e["months"] for e in extensions if e.get("approved_by"))
        return end + relativedelta(months=granted)

    # -- acceptance (Điều 23–30; 41)
    def acceptance(
        self,
        d: Dossier,
        level: str,
        province: str,
        impl_end: dt.date,
        pi: str,
        team: list[str],
    ) -> None:
        r = self.r
        window = 30 if level == "tinh" else 15
        lateness = r.choices(
            ("on_time", "late", "very_late"), weights=(100, 15 * self.scale, 7 * self.scale)
        )[0]
        if lateness == "on_time":
            submitted = self.days(impl_end, -10, window - 1)
        elif lateness == "late":
            submitted = self.days(impl_end, window + 2, 85)
        else:
            submitted = self.days(impl_end, 95, 160)
        submitted = _weekday_on_or_after(submitted)
        if not self.happened(submitted):
            return
        acc: dict[str, Any] = {"submitted_on": _iso(submitted)}
        if self.chance(0.5):
            acc["received_on"] = _iso(self.days(submitted, 0, 3))
        received = dt.date.fromisoformat(acc.get("received_on", acc["submitted_on"]))
        if level == "tinh":
            components = ["VI.01", "VI.02", "VI.03", "VI.04", "VI.05", "bao_cao_kinh_phi"]
            if d.get("changes") or any(e.get("approved_by") for e in d.get("extensions", [])):
                components.append("van_ban_thay_doi")
        else:
            components = ["van_ban_de_nghi", "bao_cao_tong_hop", "san_pham"]
        incomplete = self.fault(0.1)
        if incomplete:
            components.remove(r.choice(components))
        acc["components"] = components
        complete: dt.date | None = received
        if incomplete and level == "tinh":
            complete = None
            notice = _workdays_after(received, r.randint(1, 5) if not self.fault(0.15) else 8)
            if self.happened(notice):
                acc["incomplete_notified_on"] = _iso(notice)
                supplemented = (
                    self.days(notice, 3, 15) if not self.fault(0.15) else self.days(notice, 16, 30)
                )
                if self.happened(supplemented):
                    acc["supplemented_on"] = _iso(supplemented)
                    complete = supplemented
        d["acceptance"] = acc
        if complete is None:
            return
        acc["complete_on"] = _iso(complete)
        established = (
            self.days(complete, 7, 30) if not self.fault(0.08) else self.days(complete, 31, 50)
        )
        if not self.happened(established):
            return
        acc["council_established_on"] = _iso(established)
        council = self.council(
            r.randint(7, 9) if level == "tinh" else r.randint(5, 7),
            province,
            faults=self.fault(0.07),
        )
        if self.fault(0.03):  # a member of the task's own team sits on its council
            council["members"][-1]["name"] = r.choice(team)
        acc["council"] = council
        meeting = _weekday_on_or_after(self.days(established, 7, 20))
        if d.get("measurable_products") and not self.fault(0.1):
            names = [m["name"] for m in council["members"]]
            size = 3 if not self.fault(0.10) else 2
            members = r.sample(names, size)
            acc["expert_team"] = {"leader": members[0], "members": members}
            report = _workdays_after(meeting, -(r.randint(1, 5) if not self.fault(0.08) else 0))
            if self.happened(report):
                acc["expert_report_sent_on"] = _iso(report)
        sent = _workdays_after(meeting, -(r.randint(5, 9) if not self.fault(0.07) else 3))
        if self.happened(sent):
            acc["documents_sent_on"] = _iso(sent)
        if not self.happened(meeting):
            return
        if not self.fault(0.01):
            acc["meeting_on"] = _iso(meeting)
        # How good the results are: mostly "Đạt", some excellent, some failing.
        grade = r.choices(("excellent", "good", "fair", "poor"), weights=(12, 55, 23, 10))[0]
        level_of = {"excellent": 0.95, "good": 0.84, "fair": 0.74, "poor": 0.6}[grade]
        ballots = []
        for name in self.present(council):
            scores: dict[str, Any] = {}
            for crit, mx in _CRITERIA_MAX.items():
                share = min(1.0, max(0.0, r.gauss(level_of, 0.05)))
                scores[crit] = round(mx * share)
            if self.fault(0.012):
                scores[r.choice(list(scores))] = None  # left blank: the ballot is invalid
            elif self.fault(0.008):
                crit = r.choice(list(scores))
                scores[crit] = _CRITERIA_MAX[crit] + r.randint(1, 5)  # above the maximum
            elif self.chance(0.05):
                scores["a"] = scores["a"] - 0.5 if scores["a"] else 0.5  # half points
            ballot: dict[str, Any] = {"member": name, "scores": scores}
            if self.fault(0.003):
                del ballot["scores"]  # an empty ballot
            ballots.append(ballot)
        acc["ballots"] = ballots
        if not self.fault(0.03):
            acc["completed_per_contract"] = grade != "poor" or self.chance(0.3)
        if not self.fault(0.03):
            acc["outstanding_product"] = grade == "excellent" and self.chance(0.7)
        days = 30 if level == "tinh" else 15
        report = (
            self.days(meeting, 5, days)
            if not self.fault(0.1)
            else self.days(meeting, days + 1, days + 25)
        )
        if self.happened(report):
            acc["completion_report_on"] = _iso(report)

    # -- independent experts (Chương IV)
    def experts(self, d: Dossier, level: str, host: str, pi: str, team: list[str]) -> Dossier:
        r = self.r
        d.pop("_payment", None)
        n = r.choices((0, 1, 2, 3), weights=(70, 6 * self.scale, 18, 6))[0]
        if n == 0:
            return d
        experts = []
        for _ in range(n):
            e: dict[str, Any] = {
                "name": self.person(),
                "organization": r.choice(_PARTNERS),
                "relatives": [],
            }
            if self.fault(0.04):
                e["organization"] = host
            if self.fault(0.03):
                e["relatives"] = [pi]
            if self.fault(0.02):
                e["conflict_of_interest"] = True
            experts.append(e)
        d["experts"] = experts
        return d


# ----------------------------------------------------------------------------- the corpus


def generate(
    n: int,
    seed: int = 2025,
    *,
    as_of: dt.date = AS_OF,
    faults: float = FAULTS,
    seeds: Seeds | None = None,
) -> Iterator[Dossier]:
    """`n` dossiers, the same ones for the same `seed` (each from its own `random.Random`, so
    the i-th dossier does not depend on how many come before it). `faults` scales the rate of
    every failure (0: none; 1: the rates written in the code, about twice the default)."""
    pool = seeds or _default_seeds()
    for i in range(n):
        rng = random.Random(f"{seed}:{i}")
        yield _Life(rng, pool, i, as_of, faults).build()


def main(argv: Sequence[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("-n", type=int, default=1000, help="number of dossiers (default 1000)")
    ap.add_argument("--seed", type=int, default=2025)
    ap.add_argument("--faults", type=float, default=FAULTS, help="failure rate scale")
    ap.add_argument("-o", "--out", help="write JSON Lines here instead of stdout")
    args = ap.parse_args(argv)
    out = open(args.out, "w", encoding="utf-8") if args.out else sys.stdout  # noqa: SIM115
    try:
        for d in generate(args.n, args.seed, faults=args.faults):
            out.write(json.dumps(d, ensure_ascii=False, separators=(",", ":")) + "\n")
    except BrokenPipeError:
        return 0
    finally:
        if out is not sys.stdout:
            out.close()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
