"""Calendar periods: a day, an ISO week, a month, a quarter or a year, named the way people write them.

`2026-05-14`, `2026-W20`, `2026-05`, `2026-Q2`, `2026`. Every figure, target and report is about one of these,
so roll-ups can be read by whole days and whole months and a "previous period" is always well defined.
"""

import re
from dataclasses import dataclass
from datetime import date, timedelta

from django.db import models
from django.utils.translation import gettext_lazy as _


class PeriodKind(models.TextChoices):
    DAY = "day", _("Day")
    WEEK = "week", _("Week")
    MONTH = "month", _("Month")
    QUARTER = "quarter", _("Quarter")
    YEAR = "year", _("Year")


_PATTERNS = [
    (PeriodKind.DAY, re.compile(r"(\d{4})-(\d{2})-(\d{2})")),
    (PeriodKind.WEEK, re.compile(r"(\d{4})-W(\d{2})")),
    (PeriodKind.MONTH, re.compile(r"(\d{4})-(\d{2})")),
    (PeriodKind.QUARTER, re.compile(r"(\d{4})-Q([1-4])")),
    (PeriodKind.YEAR, re.compile(r"(\d{4})")),
]


def _month_start(day: date, months_back: int = 0) -> date:
    index = day.year * 12 + day.month - 1 - months_back
    return date(index // 12, index % 12 + 1, 1)


def _add_months(day: date, months: int) -> date:
    return _month_start(day, -months)


@dataclass(frozen=True)
class Period:
    kind: str
    start: date
    end: date  # inclusive

    @classmethod
    def containing(cls, kind: str, day: date) -> "Period":
        """The period of the given kind that contains `day`."""
        if kind == PeriodKind.DAY:
            return cls(kind, day, day)
        if kind == PeriodKind.WEEK:
            start = day - timedelta(days=day.weekday())
            return cls(kind, start, start + timedelta(days=6))
        if kind == PeriodKind.MONTH:
            start = _month_start(day)
        elif kind == PeriodKind.QUARTER:
            start = date(day.year, 3 * ((day.month - 1) // 3) + 1, 1)
        elif kind == PeriodKind.YEAR:
            start = date(day.year, 1, 1)
        else:
            raise ValueError(f"unknown period kind {kind!r}")
        months = {PeriodKind.MONTH: 1, PeriodKind.QUARTER: 3, PeriodKind.YEAR: 12}[kind]
        return cls(kind, start, _add_months(start, months) - timedelta(days=1))

    @classmethod
    def parse(cls, text: str) -> "Period":
        """`2026-05-14`, `2026-W20`, `2026-05`, `2026-Q2` or `2026`; ValueError for anything else."""
        for kind, pattern in _PATTERNS:
            match = pattern.fullmatch(text.strip())
            if not match:
                continue
            numbers = [int(group) for group in match.groups()]
            if kind == PeriodKind.DAY:
                return cls.containing(kind, date(*numbers))
            if kind == PeriodKind.WEEK:
                return cls.containing(kind, date.fromisocalendar(numbers[0], numbers[1], 1))
            if kind == PeriodKind.MONTH:
                return cls.containing(kind, date(numbers[0], numbers[1], 1))
            if kind == PeriodKind.QUARTER:
                return cls.containing(kind, date(numbers[0], 3 * numbers[1] - 2, 1))
            return cls.containing(kind, date(numbers[0], 1, 1))
        raise ValueError(f"not a period: {text!r}")

    @property
    def label(self) -> str:
        if self.kind == PeriodKind.DAY:
            return self.start.isoformat()
        if self.kind == PeriodKind.WEEK:
            year, week, _weekday = self.start.isocalendar()
            return f"{year}-W{week:02d}"
        if self.kind == PeriodKind.MONTH:
            return f"{self.start:%Y-%m}"
        if self.kind == PeriodKind.QUARTER:
            return f"{self.start.year}-Q{(self.start.month - 1) // 3 + 1}"
        return str(self.start.year)

    @property
    def days(self) -> int:
        return (self.end - self.start).days + 1

    @property
    def whole_months(self) -> bool:
        """True when the period is made of whole calendar months (monthly roll-ups can answer it)."""
        return self.kind in (PeriodKind.MONTH, PeriodKind.QUARTER, PeriodKind.YEAR)

    def previous(self) -> "Period":
        return Period.containing(self.kind, self.start - timedelta(days=1))

    def elapsed_days(self, today: date) -> int:
        """Days of the period up to and including `today` (0 before it starts, all of them after it ends)."""
        if today < self.start:
            return 0
        return (min(today, self.end) - self.start).days + 1

    def ended(self, today: date) -> bool:
        return today > self.end

    def as_dict(self) -> dict:
        return {"kind": self.kind, "label": self.label, "start": self.start, "end": self.end}
