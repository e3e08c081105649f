"""The demo district comes alive: a survey with answers across communities, targets with statuses, a report."""

import pytest
from django.core.management import call_command
from django.utils import timezone

from areas.models import Area
from core.demodata import load_demo
from targets.demo import TEMPLATE_TITLE, load_targets_demo
from targets.models import AnswerTally, MeasureTally, Report, Survey, SurveyResponse, Target
from targets.overview import area_overview
from targets.periods import Period


@pytest.fixture
def demo(db, settings, tmp_path, django_capture_on_commit_callbacks):
    """`load_demo`, which loads the targets demo at its end, as `make run` does."""
    settings.MEDIA_ROOT = tmp_path
    with django_capture_on_commit_callbacks(execute=True):
        load_demo()
    return {
        "survey": Survey.objects.get(is_template=False).pk,
        "responses": SurveyResponse.objects.count(),
        "targets": Target.objects.count(),
        "report": Report.objects.get().pk,
    }


def test_the_demo_district_comes_alive(demo):
    # a template and an open survey answered in most communities over the last sixty days
    survey = Survey.objects.get(pk=demo["survey"])
    assert Survey.objects.filter(is_template=True, title=TEMPLATE_TITLE).count() == 1
    assert survey.accepting()
    assert SurveyResponse.objects.filter(survey=survey).count() == demo["responses"] == 3000
    days = {timezone.localtime(r).date() for r in SurveyResponse.objects.values_list("submitted_at", flat=True)}
    assert len(days) > 40
    assert SurveyResponse.objects.values("community").distinct().count() > 50
    # figures, targets with statuses, a ranking of every street and town, a first report
    district = Area.objects.get(level=Area.Level.DISTRICT)
    overview = area_overview(district, Period.containing("month", timezone.localdate()))
    assert overview.metrics["satisfaction_rate"]["suppressed"] is False
    assert 0.6 < overview.metrics["satisfaction_rate"]["value"] < 1
    assert overview.metrics["registered_volunteers"] >= 300
    assert {e.status for e in overview.targets} - {"insufficient_data"}
    assert Target.objects.count() == demo["targets"]
    assert len(overview.streets) == 29
    assert overview.streets[0]["rank"] == 1
    assert Report.objects.get(pk=demo["report"]).status == Report.Status.READY


def test_the_demo_tallies_are_what_a_rebuild_gives_and_a_second_load_changes_nothing(demo):
    kept = sorted(
        MeasureTally.objects.values_list("area", "bucket", "starts_on", "measure", "subject", "n", "positive")
    )
    answers = sorted(AnswerTally.objects.values_list("question", "community", "value", "count"))

    call_command("rebuild_tallies", verbosity=0)
    again = load_targets_demo()

    assert (
        sorted(MeasureTally.objects.values_list("area", "bucket", "starts_on", "measure", "subject", "n", "positive"))
        == kept
    )
    assert sorted(AnswerTally.objects.values_list("question", "community", "value", "count")) == answers
    assert again == {"loaded": False}
    assert SurveyResponse.objects.count() == 3000
