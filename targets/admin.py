from django.contrib import admin

from targets.models import (
    Answer,
    AnswerTally,
    AreaFigures,
    EvidenceArchive,
    MeasureTally,
    Question,
    Report,
    Survey,
    SurveyResponse,
    Target,
)


class _ReadOnlyAdmin(admin.ModelAdmin):
    """Rows written by the platform itself (anonymous answers, roll-ups): looked at, never edited by hand."""

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False


class QuestionInline(admin.StackedInline):
    model = Question
    extra = 0
    raw_id_fields = ["campaign"]


@admin.register(Survey)
class SurveyAdmin(admin.ModelAdmin):
    list_display = ["title", "area", "status", "is_template", "opens_at", "closes_at"]
    list_filter = ["status", "is_template"]
    search_fields = ["title"]
    list_select_related = ["area"]
    raw_id_fields = ["area", "created_by"]
    inlines = [QuestionInline]


class AnswerInline(admin.TabularInline):
    model = Answer
    extra = 0
    can_delete = False
    readonly_fields = ["question", "choice", "scale", "text"]

    def has_add_permission(self, request, obj=None) -> bool:
        return False


@admin.register(SurveyResponse)
class SurveyResponseAdmin(_ReadOnlyAdmin):
    """Anonymous responses; deleting one here leaves the roll-ups to be rebuilt (`rebuild_tallies`)."""

    list_display = ["id", "survey", "community", "submitted_at"]
    list_select_related = ["survey", "community"]
    list_filter = ["survey"]
    exclude = ["device_hash"]
    inlines = [AnswerInline]


@admin.register(MeasureTally)
class MeasureTallyAdmin(_ReadOnlyAdmin):
    list_display = ["area", "bucket", "starts_on", "measure", "subject", "campaign", "n", "positive"]
    list_filter = ["bucket", "measure"]
    list_select_related = ["area", "campaign"]
    date_hierarchy = "starts_on"


@admin.register(AnswerTally)
class AnswerTallyAdmin(_ReadOnlyAdmin):
    list_display = ["question", "community", "value", "count"]
    list_select_related = ["question", "community"]


@admin.register(AreaFigures)
class AreaFiguresAdmin(_ReadOnlyAdmin):
    list_display = [
        "area",
        "period_kind",
        "period_start",
        "registered_volunteers",
        "active_volunteers",
        "volunteer_hours",
        "events_held",
        "computed_at",
    ]
    list_filter = ["period_kind"]
    list_select_related = ["area"]


@admin.register(Target)
class TargetAdmin(admin.ModelAdmin):
    list_display = ["metric", "subject", "area", "campaign", "period_kind", "period_start", "threshold"]
    list_filter = ["metric", "period_kind"]
    list_select_related = ["area", "campaign"]
    raw_id_fields = ["area", "campaign", "created_by"]


@admin.register(Report)
class ReportAdmin(admin.ModelAdmin):
    list_display = ["kind", "area", "period_start", "period_end", "status", "generated_at"]
    list_filter = ["kind", "status"]
    list_select_related = ["area"]
    raw_id_fields = ["area", "requested_by"]
    readonly_fields = ["generated_at", "error"]


@admin.register(EvidenceArchive)
class EvidenceArchiveAdmin(admin.ModelAdmin):
    list_display = ["campaign", "status", "progress", "photo_count", "missing_photos", "created_at", "finished_at"]
    list_filter = ["status"]
    list_select_related = ["campaign"]
    raw_id_fields = ["campaign", "requested_by"]
    readonly_fields = ["progress", "photo_count", "missing_photos", "started_at", "finished_at", "error"]
