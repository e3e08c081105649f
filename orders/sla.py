"""Deadlines of the order steps, counted in working days (settings.ORDER_SLA_*).

A working day is Monday to Friday in local time, minus the dates listed as holidays, plus the weekend dates
listed as working days (China moves working days around its public holidays: 调休). A deadline keeps the
time of day of its start; a step that starts on a day off starts counting at midnight of the next working day.
"""

from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from django.conf import settings


def is_working_day(day: date, *, holidays: frozenset[date], workdays: frozenset[date]) -> bool:
    if day in workdays:
        return True
    return day.weekday() < 5 and day not in holidays


def add_working_days(
    start: datetime, days: int, *, tz: ZoneInfo, holidays: frozenset[date] = frozenset(), workdays=frozenset()
) -> datetime:
    """`start` moved forward by `days` working days."""
    local = start.astimezone(tz)
    while not is_working_day(local.date(), holidays=holidays, workdays=workdays):
        local = datetime.combine(local.date() + timedelta(days=1), time(0), tzinfo=tz)
    day, remaining = local.date(), days
    while remaining > 0:
        day += timedelta(days=1)
        if is_working_day(day, holidays=holidays, workdays=workdays):
            remaining -= 1
    return datetime.combine(day, local.timetz().replace(tzinfo=None), tzinfo=tz)


STEP_SETTINGS = {
    "dispatch": "ORDER_SLA_DISPATCH_WORKING_DAYS",
    "take": "ORDER_SLA_TAKE_WORKING_DAYS",
    "complete": "ORDER_SLA_COMPLETE_WORKING_DAYS",
}


def deadline(step: str, start: datetime) -> datetime:
    """The deadline of an order step that starts at `start`, by the configured SLA."""
    return add_working_days(
        start,
        getattr(settings, STEP_SETTINGS[step]),
        tz=ZoneInfo(settings.TIME_ZONE),
        holidays=frozenset(settings.ORDER_SLA_HOLIDAYS),
        workdays=frozenset(settings.ORDER_SLA_WORKDAYS),
    )
