"""core.columns: whole columns as numpy arrays, the same on PostgreSQL (binary COPY) and SQLite (the ORM)."""

from datetime import date, datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

import numpy as np
import pytest
from django.db import connection
from django.db.models import IntegerField, Value

from core.columns import columns
from volunteers.models import Volunteer
from volunteers.tests.factories import VolunteerFactory

pytestmark = pytest.mark.django_db

KINDS = ["int", "int", "float", "float", "days"]


def read(queryset):
    return columns(
        queryset.order_by("pk").values_list("pk", "availability", "reliability", "recent_hours", "birth_date"), KINDS
    )


def test_integers_decimals_and_dates_come_back_as_numbers():
    first = VolunteerFactory(availability=5, birth_date=date(1970, 1, 2))
    second = VolunteerFactory(availability=0, birth_date=date(1954, 7, 7))
    Volunteer.objects.filter(pk=first.pk).update(reliability=87, recent_hours=Decimal("12.50"))

    ids, availability, reliability, recent_hours, born = read(Volunteer.objects.all())

    assert ids.tolist() == [first.pk, second.pk] and ids.dtype == np.int64
    assert availability.tolist() == [5, 0]
    assert reliability.tolist() == [87.0, 100.0] and reliability.dtype == np.float64
    assert recent_hours.tolist() == [12.5, 0.0]
    assert born.tolist() == [1, (date(1954, 7, 7) - date(1970, 1, 1)).days]


def test_times_come_back_as_seconds_since_1970_utc():
    volunteer = VolunteerFactory()
    moment = datetime(2026, 12, 6, 9, 30, 15, 900000, tzinfo=ZoneInfo("Asia/Shanghai"))
    Volunteer.objects.filter(pk=volunteer.pk).update(erased_at=moment)

    (seconds,) = columns(Volunteer.objects.values_list("erased_at"), ["seconds"])

    assert seconds.tolist() == [int(moment.timestamp())]


def test_no_rows_give_empty_arrays_of_the_right_type():
    arrays = read(Volunteer.objects.filter(pk=-1))

    assert [len(array) for array in arrays] == [0] * len(KINDS)
    assert [array.dtype for array in arrays] == [np.int64, np.int64, np.float64, np.float64, np.int64]


@pytest.mark.skipif(connection.vendor != "postgresql", reason="the binary COPY read is PostgreSQL's")
def test_a_null_is_refused_rather_than_misread():
    VolunteerFactory()
    with pytest.raises(ValueError, match="NULL"):
        nothing = Value(None, output_field=IntegerField())
        columns(Volunteer.objects.annotate(nothing=nothing).values_list("pk", "nothing"), ["int", "int"])
