"""The legal calendar of Vietnam for state agencies, used by the evaluator to compute due dates.

Where it sits: ``evaluate(dossier, as_of)`` counts every period of the circular with one
`LegalCalendar`: calendar days, months and years under the Civil Code 2015 (Điều 145–148), and
working days, which for state agencies are Monday to Friday (Quyết định 188/1999/QĐ-TTg) less
the public holidays and compensatory days of the Labour Code 2019 (Điều 111–112) and the days off
the Government moves each year, plus the Saturdays worked to make up for them
(docs: shared/spec/time.md).

Data: the PyPI ``holidays`` package, corrected by the bundled, versioned
``regcore/data/calendar_vn.json``, which lists the announced days off and make-up working days
the package lacks or gets wrong, each with its source document. Working days are computed once
per year, lazily, into a sorted tuple of day ordinals; a lookup is a cache hit plus a set test or
a bisect, and the ``holidays`` package is never queried per call.

Whether 24 November ("Ngày Văn hóa Việt Nam") is a day off is a setting (`culture_day_off`);
years after the last announced calendar are estimates (`is_estimated`). Results that depend on
either must say so.
"""

from __future__ import annotations

import bisect
import functools
import json
from collections.abc import Mapping
from datetime import date, timedelta
from importlib import metadata, resources
from types import MappingProxyType
from typing import Any, Final

import attrs
import holidays
from dateutil.relativedelta import relativedelta

__all__ = [
    "AnnouncedDay",
    "CalendarData",
    "CalendarDescription",
    "CalendarRangeError",
    "CultureDaySetting",
    "DayStatus",
    "LegalCalendar",
    "OfficialCalendar",
    "load_calendar_data",
]

_DATA_PACKAGE: Final = "regcore"
_DATA_PATH: Final = ("data", "calendar_vn.json")
_SCHEMA: Final = 1

_WEEK_SOURCE: Final = "Quyết định 188/1999/QĐ-TTg"
_WEEKDAY_NAMES: Final = ("thứ Hai", "thứ Ba", "thứ Tư", "thứ Năm", "thứ Sáu", "thứ Bảy", "Chủ nhật")
_SATURDAY: Final = 5


class CalendarRangeError(ValueError):
    """A date outside the years the legal calendar can compute."""


@attrs.frozen(slots=True)
class AnnouncedDay:
    """A day off or make-up working day from the data file, with its source document."""

    day: date
    name: str
    source: str


@attrs.frozen(slots=True)
class OfficialCalendar:
    """The documents announcing one year's days off for state agencies."""

    year: int
    sources: tuple[str, ...]


@attrs.frozen(slots=True)
class CultureDaySetting:
    """24 November, "Ngày Văn hóa Việt Nam": how to recognise it and why it is a setting."""

    month: int
    day: int
    from_year: int
    holiday_name: str
    source: str
    note: str


@attrs.frozen(slots=True)
class CalendarData:
    """The bundled data file, parsed."""

    version: str
    first_year: int
    last_year: int
    last_announced_year: int
    checked_with: str
    official_calendars: tuple[OfficialCalendar, ...]
    days_off: tuple[AnnouncedDay, ...]
    working_days: tuple[AnnouncedDay, ...]
    culture_day: CultureDaySetting

    def sources_for(self, year: int) -> tuple[str, ...]:
        """The documents announcing `year`'s calendar; empty when it was not announced."""
        for official in self.official_calendars:
            if official.year == year:
                return official.sources
        return ()


@attrs.frozen(slots=True)
class DayStatus:
    """Why a day is or is not a working day, for explanations."""

    day: date
    working: bool
    reason: str
    source: str
    estimated: bool
    depends_on_culture_day: bool


@attrs.frozen(slots=True)
class CalendarDescription:
    """What a `LegalCalendar` is made of, for explanations and reports."""

    version: str
    culture_day_off: bool
    first_year: int
    last_year: int
    last_announced_year: int
    holidays_version: str
    checked_with: str
    official_calendars: tuple[OfficialCalendar, ...]
    days_off: tuple[AnnouncedDay, ...]
    working_days: tuple[AnnouncedDay, ...]
    culture_day: CultureDaySetting

    @property
    def sources(self) -> tuple[str, ...]:
        """Every source document, each once, in the order the data file gives them."""
        seen: dict[str, None] = {_WEEK_SOURCE: None}
        for official in self.official_calendars:
            seen.update(dict.fromkeys(official.sources))
        for announced in (*self.days_off, *self.working_days):
            seen[announced.source] = None
        seen[self.culture_day.source] = None
        return tuple(seen)


def _parse_date(text: Any, where: str) -> date:
    if not isinstance(text, str):
        raise ValueError(f"calendar data: {where}: expected an ISO date string, got {text!r}")
    return date.fromisoformat(text)


def _announced(entries: Any, where: str) -> tuple[AnnouncedDay, ...]:
    days = tuple(
        AnnouncedDay(
            day=_parse_date(entry["date"], where),
            name=str(entry["name"]),
            source=str(entry["source"]),
        )
        for entry in entries
    )
    for announced in days:
        if not announced.source.strip():
            raise ValueError(f"calendar data: {where}: {announced.day} has no source document")
    return tuple(sorted(days, key=lambda a: a.day))


def _parse_data(raw: Mapping[str, Any]) -> CalendarData:
    if raw.get("schema") != _SCHEMA:
        raise ValueError(f"calendar data: unsupported schema {raw.get('schema')!r}")
    first_year, last_year = (int(y) for y in raw["supported_years"])
    culture = raw["culture_day"]
    data = CalendarData(
        version=str(raw["version"]),
        first_year=first_year,
        last_year=last_year,
        last_announced_year=int(raw["last_announced_year"]),
        checked_with=str(raw["base"]["checked_with"]),
        official_calendars=tuple(
            OfficialCalendar(year=int(o["year"]), sources=tuple(str(s) for s in o["sources"]))
            for o in raw["official_calendars"]
        ),
        days_off=_announced(raw["days_off"], "days_off"),
        working_days=_announced(raw["working_days"], "working_days"),
        culture_day=CultureDaySetting(
            month=int(culture["month"]),
            day=int(culture["day"]),
            from_year=int(culture["from_year"]),
            holiday_name=str(culture["holiday_name"]),
            source=str(culture["source"]),
            note=str(culture["note"]),
        ),
    )
    both = {a.day for a in data.days_off} & {a.day for a in data.working_days}
    if both:
        raise ValueError(f"calendar data: both a day off and a working day: {sorted(both)}")
    for announced in (*data.days_off, *data.working_days):
        if not first_year <= announced.day.year <= last_year:
            raise ValueError(f"calendar data: {announced.day} is outside the supported years")
    return data


@functools.cache
def load_calendar_data() -> CalendarData:
    """The bundled data file ``regcore/data/calendar_vn.json``, parsed and checked."""
    resource = resources.files(_DATA_PACKAGE)
    for part in _DATA_PATH:
        resource = resource / part
    return _parse_data(json.loads(resource.read_text(encoding="utf-8")))


@attrs.frozen(slots=True)
class _YearTable:
    """One year's working days, as day ordinals."""

    working: tuple[int, ...]
    working_set: frozenset[int]
    # Days whose status differs between the two culture-day settings.
    culture_days: tuple[int, ...]
    # Days that are not what the Monday-to-Friday rule says, or are named holidays:
    # ordinal -> (reason, source).
    notes: Mapping[int, tuple[str, str]]


@functools.cache
def _holidays_version() -> str:
    return metadata.version("holidays")


def _holidays_for(years: range) -> holidays.HolidayBase:
    return holidays.country_holidays("VN", years=years, language="vi")


@functools.cache
def _year_table(year: int, culture_day_off: bool) -> _YearTable:
    data = load_calendar_data()
    if not data.first_year <= year <= data.last_year:
        raise CalendarRangeError(
            f"năm {year} nằm ngoài lịch pháp lý ({data.first_year}–{data.last_year}) / "
            f"year {year} is outside the legal calendar ({data.first_year}–{data.last_year})"
        )
    # Swaps may cross a year boundary (31/12/2018 off, Saturday 5/1/2019 worked, listed under
    # 2018), so the neighbouring years are loaded too and only this year's days kept.
    package = _holidays_for(range(year - 1, year + 2))
    official = "; ".join(data.sources_for(year))
    package_source = official or (
        f"Bộ luật Lao động 2019, Điều 111–112 (ước tính theo gói holidays {_holidays_version()})"
    )
    culture = data.culture_day

    # ordinal -> (working, reason, source), applied in this order, later entries winning:
    # package holidays, package make-up Saturdays, data file days off, data file working days.
    exceptions: dict[int, tuple[bool, str, str]] = {}
    culture_candidates: list[int] = []
    for day in sorted(package):
        if day.year != year:
            continue
        names = package.get_list(day)
        ordinal = day.toordinal()
        if all(name.startswith(culture.holiday_name) for name in names):
            if day.weekday() < _SATURDAY:
                culture_candidates.append(ordinal)
            if not culture_day_off:
                continue
            exceptions[ordinal] = (False, "; ".join(names), culture.source)
        else:
            exceptions[ordinal] = (False, "; ".join(names), package_source)
    for day in package.weekend_workdays:
        if day.year == year:
            reason = f"Ngày làm việc bù ({_WEEKDAY_NAMES[day.weekday()]})"
            exceptions[day.toordinal()] = (True, reason, package_source)
    for announced in data.days_off:
        if announced.day.year == year:
            exceptions[announced.day.toordinal()] = (False, announced.name, announced.source)
    for announced in data.working_days:
        if announced.day.year == year:
            exceptions[announced.day.toordinal()] = (True, announced.name, announced.source)

    first = date(year, 1, 1).toordinal()
    last = date(year, 12, 31).toordinal()
    working = tuple(
        ordinal
        for ordinal in range(first, last + 1)
        if exceptions.get(ordinal, (date.fromordinal(ordinal).weekday() < _SATURDAY,))[0]
    )
    overridden = {a.day.toordinal() for a in (*data.days_off, *data.working_days)}
    overridden |= {d.toordinal() for d in package.weekend_workdays}
    return _YearTable(
        working=working,
        working_set=frozenset(working),
        culture_days=tuple(o for o in culture_candidates if o not in overridden),
        notes=MappingProxyType({o: (reason, src) for o, (_, reason, src) in exceptions.items()}),
    )


def _check_date(d: date) -> int:
    # datetime is a subclass of date; its time part would leak into the results.
    if type(d) is not date:
        raise TypeError(f"expected datetime.date, got {type(d).__name__}")
    return d.toordinal()


def _check_count(n: int) -> None:
    if n < 0:
        raise ValueError(f"number of working days must be >= 0, got {n}")


@attrs.frozen(slots=True)
class LegalCalendar:
    """Vietnam's legal calendar for state agencies; immutable, picklable and thread-safe.

    It holds only its setting: per-year working days live in a module-level cache of immutable
    tables, computed from the ``holidays`` package and the bundled data file.
    """

    culture_day_off: bool = True

    @classmethod
    def default(cls, culture_day_off: bool = True) -> LegalCalendar:
        """The calendar in force; 24 November is a day off from 2026 unless told otherwise."""
        return cls(culture_day_off=culture_day_off)

    @property
    def version(self) -> str:
        """Version of the bundled calendar data, e.g. "vn-2026.1"."""
        return load_calendar_data().version

    @property
    def last_announced_year(self) -> int:
        """The last year whose days off the Government has announced."""
        return load_calendar_data().last_announced_year

    def _table(self, year: int) -> _YearTable:
        return _year_table(year, self.culture_day_off)

    # --- working days -------------------------------------------------------------------------

    def is_working_day(self, d: date) -> bool:
        """Monday to Friday unless a holiday or day off; announced make-up Saturdays are."""
        return _check_date(d) in self._table(d.year).working_set

    def _nth_after(self, ordinal: int, year: int, n: int) -> date:
        # The n-th working day strictly after `ordinal` (n >= 1).
        table = self._table(year)
        index = bisect.bisect_right(table.working, ordinal) + n - 1
        while index >= len(table.working):
            index -= len(table.working)
            year += 1
            table = self._table(year)
        return date.fromordinal(table.working[index])

    def roll_forward(self, d: date) -> date:
        """`d` if it is a working day, else the next working day (khoản 5 Điều 148 BLDS)."""
        ordinal = _check_date(d)
        if ordinal in self._table(d.year).working_set:
            return d
        return self._nth_after(ordinal, d.year, 1)

    def add_working_days(self, d: date, n: int) -> date:
        """The n-th working day after `d`, `d` itself not counted; `d` when n == 0."""
        ordinal = _check_date(d)
        _check_count(n)
        if n == 0:
            return d
        return self._nth_after(ordinal, d.year, n)

    def working_days_before(self, m: date, n: int) -> date:
        """Counting back from `m` (not counted), the n-th working day before it.

        The latest day to send a notice due "at least n working days before m"; never rolled.
        `m` when n == 0.
        """
        ordinal = _check_date(m)
        _check_count(n)
        if n == 0:
            return m
        year = m.year
        table = self._table(year)
        index = bisect.bisect_left(table.working, ordinal) - n
        while index < 0:
            year -= 1
            table = self._table(year)
            index += len(table.working)
        return date.fromordinal(table.working[index])

    def _count_before(self, ordinal: int, year: int) -> int:
        # Working days of `year` strictly before `ordinal`; a year not needed is not loaded.
        if ordinal <= date(year, 1, 1).toordinal():
            return 0
        return bisect.bisect_left(self._table(year).working, ordinal)

    def working_days_between(self, start: date, end: date) -> int:
        """Number of working days in [start, end); 0 when end <= start."""
        start_ordinal = _check_date(start)
        end_ordinal = _check_date(end)
        if end_ordinal <= start_ordinal:
            return 0
        first = self._table(start.year)
        total = -bisect.bisect_left(first.working, start_ordinal)
        for year in range(start.year, end.year):
            total += len(self._table(year).working)
        return total + self._count_before(end_ordinal, end.year)

    # --- calendar periods (Civil Code 2015, Điều 147–148) --------------------------------------

    @staticmethod
    def add_days(d: date, n: int) -> date:
        """`d` + n calendar days: the first day is not counted (khoản 2 Điều 147)."""
        return d + timedelta(days=n)

    @staticmethod
    def add_months(d: date, n: int) -> date:
        """`d` + n months in one step, clamped to the month's end (khoản 3 Điều 148)."""
        return d + relativedelta(months=n)

    @staticmethod
    def add_years(d: date, n: int) -> date:
        """`d` + n years; 29 February becomes 28 February (khoản 4 Điều 148)."""
        return d + relativedelta(years=n)

    # --- what results depend on ----------------------------------------------------------------

    def is_estimated(self, d: date) -> bool:
        """True when `d`'s year has no announced calendar yet: the days off are estimated."""
        return d.year > load_calendar_data().last_announced_year

    def depends_on_culture_day(self, start: date, end: date) -> bool:
        """Whether [start, end] holds a day that the culture-day setting turns on or off.

        That is 24 November of a year from 2026 on, or the compensatory day given for it when
        it falls on a weekend.
        """
        start_ordinal = _check_date(start)
        end_ordinal = _check_date(end)
        first_year = max(start.year, load_calendar_data().culture_day.from_year)
        for year in range(first_year, end.year + 1):
            for ordinal in self._table(year).culture_days:
                if start_ordinal <= ordinal <= end_ordinal:
                    return True
        return False

    # --- explanations --------------------------------------------------------------------------

    def day_status(self, d: date) -> DayStatus:
        """Whether `d` is a working day, why, and on what authority."""
        ordinal = _check_date(d)
        table = self._table(d.year)
        working = ordinal in table.working_set
        note = table.notes.get(ordinal)
        if note is not None:
            reason, source = note
        else:
            kind = "ngày làm việc" if working else "ngày nghỉ hằng tuần"
            reason, source = f"{_WEEKDAY_NAMES[d.weekday()]}, {kind}", _WEEK_SOURCE
        return DayStatus(
            day=d,
            working=working,
            reason=reason,
            source=source,
            estimated=self.is_estimated(d),
            depends_on_culture_day=ordinal in table.culture_days,
        )

    def describe(self) -> CalendarDescription:
        """The data behind this calendar and its source documents."""
        data = load_calendar_data()
        return CalendarDescription(
            version=data.version,
            culture_day_off=self.culture_day_off,
            first_year=data.first_year,
            last_year=data.last_year,
            last_announced_year=data.last_announced_year,
            holidays_version=_holidays_version(),
            checked_with=data.checked_with,
            official_calendars=data.official_calendars,
            days_off=data.days_off,
            working_days=data.working_days,
            culture_day=data.culture_day,
        )
