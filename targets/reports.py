"""The daily feedback, weekly summary and monthly dispatch reports as XLSX workbooks (openpyxl).

Sheets: summary, targets, ranking, lagging communities, community details, partner activity. Groups with fewer
than five answers show no rate, only the note that there were too few answers. Text that a spreadsheet would take
for a formula is written with a leading apostrophe.
"""

import io

from django.db.models import Count, DecimalField, OuterRef, Subquery, Sum, Value
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter

from partners.models import ActivityParticipant, PartnerActivity
from targets.models import Question, Report, Target
from targets.overview import AreaOverview

PERCENT = "0.0%"
HOURS = "0.0"
LAGGING_LIMIT = 10
_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")

RATE_ROWS = [
    ("awareness_rate", None),
    ("participation_rate", None),
    ("satisfaction_rate", None),
    *[("satisfaction_by_subject", subject) for subject in Question.Subject.values],
]
FIGURE_ROWS = [
    ("responses", None),
    ("population", None),
    ("registered_volunteers", None),
    ("registration_rate", PERCENT),
    ("new_volunteers", None),
    ("active_volunteers", None),
    ("volunteer_hours", HOURS),
    ("events_held", None),
    ("partners_active", None),
    ("pledged_hours", HOURS),
    ("delivered_hours", HOURS),
    ("pledge_delivery_rate", PERCENT),
    ("pledged_events", HOURS),
    ("delivered_events", None),
]


def safe(value):
    """Text is never a formula: `=HYPERLINK(…)` is written as `'=HYPERLINK(…)`."""
    if isinstance(value, Promise):  # a lazily translated label
        value = str(value)
    if isinstance(value, str) and value.startswith(_FORMULA_STARTS):
        return "'" + value
    return value


def labels() -> dict[str, str]:
    """Row and column titles, translated when the report is generated."""
    subjects = dict(Question.Subject.choices)
    return {
        "awareness_rate": _("Awareness rate"),
        "participation_rate": _("Participation rate (survey)"),
        "satisfaction_rate": _("Satisfaction rate"),
        **{
            f"satisfaction_by_subject:{key}": _("Satisfaction: %(subject)s") % {"subject": label}
            for key, label in subjects.items()
        },
        "responses": _("Survey responses"),
        "population": _("Resident population"),
        "registered_volunteers": _("Registered volunteers"),
        "registration_rate": _("Registered volunteers per resident"),
        "new_volunteers": _("New volunteers"),
        "active_volunteers": _("Active volunteers (service in the last 12 months)"),
        "volunteer_hours": _("Volunteer hours"),
        "events_held": _("Events held"),
        "partners_active": _("Partners with verified activity"),
        "pledged_hours": _("Hours pledged by partners"),
        "delivered_hours": _("Hours delivered by partners"),
        "pledge_delivery_rate": _("Pledged hours delivered"),
        "pledged_events": _("Events pledged by partners"),
        "delivered_events": _("Verified partner activities in agreement terms"),
    }


def too_few() -> str:
    return _("Fewer than 5 answers: not shown")


class Sheet:
    def __init__(self, workbook: Workbook, title: str, *, first: bool = False):
        self.sheet = workbook.active if first else workbook.create_sheet()
        self.sheet.title = title

    def title(self, text: str) -> None:
        self.sheet.append([safe(text)])
        self.sheet.cell(row=self.sheet.max_row, column=1).font = Font(bold=True, size=14)

    def header(self, *names: str) -> None:
        self.sheet.append([safe(n) for n in names])
        for cell in self.sheet[self.sheet.max_row]:
            cell.font = Font(bold=True)
            cell.alignment = Alignment(wrap_text=True, vertical="top")

    def row(self, *values, formats: dict[int, str] | None = None) -> None:
        self.sheet.append([safe(v) for v in values])
        for column, number_format in (formats or {}).items():
            self.sheet.cell(row=self.sheet.max_row, column=column).number_format = number_format

    def blank(self) -> None:
        self.sheet.append([])

    def widths(self, *widths: int) -> None:
        for index, width in enumerate(widths, start=1):
            self.sheet.column_dimensions[get_column_letter(index)].width = width


def _rate_cells(rate: dict) -> list:
    if rate["suppressed"]:
        return [None, rate["n"], None, None, None, too_few()]
    unweighted = rate.get("unweighted", {}).get("value")
    return [rate["value"], rate["n"], rate["ci_low"], rate["ci_high"], unweighted, ""]


def _rate_of(metrics: dict, key: str, subject: str | None) -> dict:
    return metrics[key][subject] if subject else metrics[key]


def build_workbook(report: Report, overview: AreaOverview) -> bytes:
    names = labels()
    workbook = Workbook()
    _summary(Sheet(workbook, _("Summary"), first=True), report, overview, names)
    _targets(Sheet(workbook, _("Targets")), overview, names)
    _ranking(Sheet(workbook, _("Ranking")), overview)
    _lagging(Sheet(workbook, _("Lagging communities")), overview)
    _communities(Sheet(workbook, _("Communities")), overview, names)
    _activities(Sheet(workbook, _("Partner activity")), overview)
    _orders(Sheet(workbook, _("Service orders")), overview)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _orders(sheet: Sheet, overview: AreaOverview) -> None:
    """Residents' service orders: counts, response times per step, completion, and ratings (apart from surveys)."""
    figures = overview.service_orders
    sheet.header(_("Service orders"), _("Value"))
    sheet.row(_("Orders placed"), figures["orders"])
    sheet.row(_("Completed"), figures["completion"]["completed"])
    sheet.row(_("Completion rate"), figures["completion"]["rate"], formats={2: PERCENT})
    sheet.row(_("Missed a deadline"), figures["missed_deadline"])
    sheet.blank()
    sheet.header(_("Step"), _("Orders"), _("Median hours"), _("Mean hours"))
    steps = {"dispatch": _("Ordered → dispatched"), "take": _("Dispatched → taken"), "complete": _("Taken → completed")}
    for key, label in steps.items():
        step = figures["response_hours"][key]
        sheet.row(label, step["n"], step["median"], step["mean"])
    sheet.blank()
    ratings = figures["ratings"]
    sheet.header(_("Residents' ratings"), _("Value"), _("Note"))
    sheet.row(_("Ratings"), ratings["n"])
    note = too_few() if ratings["suppressed"] else ""
    sheet.row(_("Mean score (1–5)"), ratings["mean"], note)
    sheet.row(_("Satisfied (4–5)"), ratings["satisfied_share"], note, formats={2: PERCENT})
    sheet.widths(36, 12, 14, 14)


def _summary(sheet: Sheet, report: Report, overview: AreaOverview, names: dict) -> None:
    sheet.title(f"{overview.area.name} · {report.get_kind_display()} · {overview.period.label}")
    sheet.row(_("Period"), overview.period.start.isoformat(), overview.period.end.isoformat())
    sheet.row(_("Generated at"), timezone.localtime().strftime("%Y-%m-%d %H:%M"))
    as_of = overview.figures_as_of
    sheet.row(_("Participation data as of"), timezone.localtime(as_of).strftime("%Y-%m-%d %H:%M") if as_of else "")
    sheet.blank()
    sheet.header(_("Metric"), _("Value"), _("Answers"), _("95% CI low"), _("95% CI high"), _("Unweighted"), _("Note"))
    for key, subject in RATE_ROWS:
        label = names[f"{key}:{subject}"] if subject else names[key]
        sheet.row(
            label, *_rate_cells(_rate_of(overview.metrics, key, subject)), formats=dict.fromkeys((2, 4, 5, 6), PERCENT)
        )
    sheet.blank()
    sheet.header(_("Participation"), _("Value"))
    for key, number_format in FIGURE_ROWS:
        sheet.row(names[key], overview.metrics[key], formats={2: number_format} if number_format else None)
    sheet.widths(40, 14, 10, 12, 12, 12, 28)


def status_labels() -> dict[str, str]:
    return {
        "met": _("Met"),
        "on_track": _("On track"),
        "at_risk": _("At risk"),
        "behind": _("Behind"),
        "insufficient_data": _("Too few answers"),
    }


def _targets(sheet: Sheet, overview: AreaOverview, names: dict) -> None:
    metric_names = dict(Target.Metric.choices)
    statuses = status_labels()
    sheet.header(
        _("Metric"),
        _("Scope"),
        _("Period"),
        _("Threshold"),
        _("Value"),
        _("Answers"),
        _("95% CI low"),
        _("95% CI high"),
        _("Projected"),
        _("Status"),
        _("Attainment"),
    )
    for evaluation in overview.targets:
        row = evaluation.as_dict()
        metric = str(metric_names[row["metric"]])
        if row["subject"]:
            metric = f"{metric} · {Question.Subject(row['subject']).label}"
        rate_format = PERCENT if row["metric"] in Target.RATES else HOURS
        sheet.row(
            metric,
            row["scope"]["name"],
            row["period"]["label"],
            row["threshold"],
            None if row["suppressed"] else row["value"],
            row["n"],
            row["ci_low"],
            row["ci_high"],
            row["projection"],
            statuses[row["status"]],
            row["attainment"],
            formats={4: rate_format, 5: rate_format, 7: PERCENT, 8: PERCENT, 9: HOURS, 11: PERCENT},
        )
    sheet.widths(30, 20, 10, 10, 10, 8, 10, 10, 10, 12, 10)


def _ranking(sheet: Sheet, overview: AreaOverview) -> None:
    for title, rows in (
        (_("Streets and towns"), overview.streets),
        (_("Communities and villages"), overview.communities),
    ):
        if not rows:
            continue
        sheet.title(title)
        sheet.header(_("Rank"), _("Area"), _("Attainment"), _("Targets"), _("Previous rank"), _("Change"))
        for row in rows:
            sheet.row(
                row["rank"],
                row["area"]["name"],
                row["attainment"],
                row["targets"],
                row["previous_rank"],
                row["change"],
                formats={3: PERCENT},
            )
        sheet.blank()
    sheet.widths(8, 24, 12, 8, 12, 8)


def _lagging(sheet: Sheet, overview: AreaOverview) -> None:
    """Communities short of their standards, the furthest behind first."""
    details = {row["area"]["id"]: row for row in overview.community_rows()}
    lagging = [row for row in overview.communities if row["attainment"] is not None and row["attainment"] < 1]
    lagging.sort(key=lambda row: (row["attainment"], row["area"]["name"]))
    sheet.header(_("Community"), _("Street"), _("Attainment"), _("Rank"), _("Satisfaction rate"), _("Awareness rate"))
    for row in lagging[:LAGGING_LIMIT]:
        detail = details[row["area"]["id"]]
        satisfaction, awareness = detail["satisfaction_rate"], detail["awareness_rate"]
        sheet.row(
            row["area"]["name"],
            detail["street"]["name"] if detail["street"] else "",
            row["attainment"],
            row["rank"],
            too_few() if satisfaction["suppressed"] else satisfaction["value"],
            too_few() if awareness["suppressed"] else awareness["value"],
            formats={3: PERCENT, 5: PERCENT, 6: PERCENT},
        )
    sheet.widths(24, 20, 12, 8, 16, 16)


def _communities(sheet: Sheet, overview: AreaOverview, names: dict) -> None:
    rates = ["awareness_rate", "participation_rate", "satisfaction_rate"]
    figures = ["registered_volunteers", "new_volunteers", "active_volunteers", "volunteer_hours", "events_held"]
    sheet.header(
        _("Street"),
        _("Community"),
        names["responses"],
        *[f"{names[key]}" for key in rates],
        *[_("Answers: %(metric)s") % {"metric": names[key]} for key in rates],
        *[names[key] for key in figures],
    )
    for row in overview.community_rows():
        values = [too_few() if row[key]["suppressed"] else row[key]["value"] for key in rates]
        sheet.row(
            row["street"]["name"] if row["street"] else "",
            row["area"]["name"],
            row["responses"],
            *values,
            *[row[key]["n"] for key in rates],
            *[row[key] for key in figures],
            formats={4: PERCENT, 5: PERCENT, 6: PERCENT, 13: HOURS},
        )
    sheet.widths(18, 22, 10, 12, 12, 12, 10, 10, 10, 12, 10, 12, 12, 10)


def _activities(sheet: Sheet, overview: AreaOverview) -> None:
    """Verified partner activities held in the area during the period."""
    per_activity = ActivityParticipant.objects.filter(activity=OuterRef("pk")).order_by().values("activity")
    hours = DecimalField(max_digits=9, decimal_places=2)
    activities = (
        PartnerActivity.objects.filter(
            status=PartnerActivity.Status.VERIFIED,
            area__path__startswith=overview.area.path,
            occurred_on__gte=overview.period.start,
            occurred_on__lte=overview.period.end,
        )
        .select_related("partner", "area", "campaign")
        .annotate(
            people=Coalesce(Subquery(per_activity.annotate(n=Count("pk")).values("n")), Value(0)),
            hours=Coalesce(
                Subquery(per_activity.annotate(h=Sum("hours")).values("h"), output_field=hours),
                Value(0, output_field=hours),
            ),
        )
        .order_by("occurred_on", "id")
    )
    sheet.header(_("Date"), _("Partner"), _("Activity"), _("Area"), _("Campaign"), _("Participants"), _("Hours"))
    for activity in activities:
        sheet.row(
            activity.occurred_on.isoformat(),
            activity.partner.name,
            activity.title,
            activity.area.name,
            activity.campaign.title if activity.campaign else "",
            activity.people,
            float(activity.hours),
            formats={7: HOURS},
        )
    sheet.widths(12, 24, 30, 18, 24, 10, 10)
