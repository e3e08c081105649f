import re
import secrets

import segno
from django.conf import settings
from django.http import FileResponse
from django.shortcuts import get_object_or_404, render
from django.utils import timezone
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import generics, status
from rest_framework.permissions import AllowAny, IsAuthenticated, IsAuthenticatedOrReadOnly
from rest_framework.response import Response
from rest_framework.throttling import AnonRateThrottle, ScopedRateThrottle
from rest_framework.views import APIView

from accounts.scopes import scope_of
from areas.models import Area
from campaigns.selectors import campaigns_managed_by, campaigns_visible_to
from core.api.permissions import IsStaff
from core.exceptions import NotFound, PermissionDenied
from targets import links, selectors, services
from targets.api.filters import ReportFilter, SurveyFilter, TargetFilter
from targets.api.serializers import (
    ArchiveSerializer,
    CampaignDashboardQuerySerializer,
    CampaignDashboardSerializer,
    DashboardQuerySerializer,
    DashboardSerializer,
    PosterQuerySerializer,
    ReportCreateSerializer,
    ReportSerializer,
    ResponseInputSerializer,
    ResponseReceiptSerializer,
    ResultsQuerySerializer,
    SurveyCreateSerializer,
    SurveyDetailQuerySerializer,
    SurveyDetailSerializer,
    SurveyResultsSerializer,
    SurveySerializer,
    SurveyUpdateSerializer,
    TargetCreateSerializer,
    TargetSerializer,
    TargetUpdateSerializer,
)
from targets.exceptions import NotReady
from targets.models import Report, Survey
from targets.overview import COMMUNITY_LEVELS, area_overview, campaign_overview
from targets.periods import Period, PeriodKind

DEVICE_COOKIE = "gj_device"
DEVICE_COOKIE_AGE = 400 * 24 * 60 * 60
_DEVICE_TOKEN = re.compile(r"[A-Za-z0-9_-]{43}")


def get_manageable(visible, managed, pk):
    """The object if the user may change it; 404 if they cannot see it, 403 if they only see it."""
    obj = get_object_or_404(visible, pk=pk)
    if not managed.filter(pk=pk).exists():
        raise PermissionDenied()
    return obj


def _check_area(request, area: Area) -> None:
    if not scope_of(request.user).covers_area(area):
        raise PermissionDenied()


def _survey_out(request, survey_id: int):
    return SurveySerializer(selectors.surveys_visible_to(request.user).get(pk=survey_id)).data


# Surveys -----------------------------------------------------------------------------------------


class SurveyListView(generics.ListAPIView):
    """GET: open surveys (staff: also those of their areas, and templates). POST: staff define a survey."""

    serializer_class = SurveySerializer
    filterset_class = SurveyFilter
    search_fields = ["title"]
    ordering_fields = ["opens_at", "closes_at", "created_at"]
    ordering = ["-opens_at", "-id"]

    def get_permissions(self):
        return [IsAuthenticated(), IsStaff()] if self.request.method == "POST" else [AllowAny()]

    def get_queryset(self):
        return selectors.surveys_visible_to(self.request.user)

    @extend_schema(request=SurveyCreateSerializer, responses={201: SurveySerializer})
    def post(self, request):
        payload = SurveyCreateSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        _check_area(request, payload.validated_data["area"])
        survey = services.create_survey(created_by=request.user, **payload.validated_data)
        return Response(_survey_out(request, survey.pk), status=status.HTTP_201_CREATED)


class SurveyDetailView(APIView):
    """GET: the survey and its questions (`?c=` a poster's signed community). PATCH: change a draft."""

    permission_classes = [IsAuthenticatedOrReadOnly]

    @extend_schema(parameters=[SurveyDetailQuerySerializer], responses={200: SurveyDetailSerializer})
    def get(self, request, survey_id: int):
        survey = selectors.survey_detail(get_object_or_404(selectors.surveys_visible_to(request.user), pk=survey_id))
        survey.question_count = len(survey.questions.all())
        survey.community_choices = selectors.survey_communities(survey)
        link = request.query_params.get("c", "")
        survey.fixed_community = selectors.community_for_response(survey, community=None, link=link) if link else None
        return Response(SurveyDetailSerializer(survey).data)

    @extend_schema(request=SurveyUpdateSerializer, responses={200: SurveySerializer})
    def patch(self, request, survey_id: int):
        visible, managed = selectors.surveys_visible_to(request.user), selectors.surveys_managed_by(request.user)
        survey = get_manageable(visible, managed, survey_id)
        payload = SurveyUpdateSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        if "area" in payload.validated_data:
            _check_area(request, payload.validated_data["area"])
        services.update_survey(survey=survey, **payload.validated_data)
        return Response(_survey_out(request, survey_id))


class _SurveyTransitionView(APIView):
    transition = staticmethod(services.open_survey)

    @extend_schema(request=None, responses={200: SurveySerializer})
    def post(self, request, survey_id: int):
        visible, managed = selectors.surveys_visible_to(request.user), selectors.surveys_managed_by(request.user)
        type(self).transition(survey=get_manageable(visible, managed, survey_id))
        return Response(_survey_out(request, survey_id))


class SurveyOpenView(_SurveyTransitionView):
    """Open a draft survey for answers."""

    transition = staticmethod(services.open_survey)


class SurveyCloseView(_SurveyTransitionView):
    """Close an open survey."""

    transition = staticmethod(services.close_survey)


def _device_token(request) -> tuple[str, bool]:
    """The device's survey token from its cookie, or a new random one (True when new)."""
    token = request.COOKIES.get(DEVICE_COOKIE, "")
    if _DEVICE_TOKEN.fullmatch(token):
        return token, False
    return secrets.token_urlsafe(32), True


class SurveyResponseView(APIView):
    """A resident answers, anonymously: no login is used, and nothing about the request is stored.

    One answer per device (a random cookie token, stored only as a keyed hash) and survey; throttled per client.
    """

    authentication_classes = []
    permission_classes = [AllowAny]
    throttle_classes = [ScopedRateThrottle, AnonRateThrottle]
    throttle_scope = "survey"

    @extend_schema(request=ResponseInputSerializer, responses={201: ResponseReceiptSerializer})
    def post(self, request, survey_id: int):
        survey = get_object_or_404(Survey.objects.select_related("area"), pk=survey_id)
        payload = ResponseInputSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        data = payload.validated_data
        community = selectors.community_for_response(survey, community=data["community"], link=data["link"])
        token, new = _device_token(request)
        services.submit_response(survey=survey, community=community, device_token=token, answers=data["answers"])
        receipt = {"survey": survey.pk, "community": community, "answers": len(data["answers"])}
        response = Response(ResponseReceiptSerializer(receipt).data, status=status.HTTP_201_CREATED)
        if new:
            response.set_cookie(
                DEVICE_COOKIE,
                token,
                max_age=DEVICE_COOKIE_AGE,
                path="/api/v1/surveys/",
                secure=settings.SESSION_COOKIE_SECURE,
                httponly=True,
                samesite="Lax",
            )
        return response


class SurveyPosterView(APIView):
    """A print-ready A4 poster for one community: the survey's title and a QR code of its public link."""

    permission_classes = [IsAuthenticated, IsStaff]

    @extend_schema(parameters=[PosterQuerySerializer], responses={(200, "text/html"): OpenApiTypes.STR})
    def get(self, request, survey_id: int):
        survey = get_object_or_404(selectors.surveys_visible_to(request.user).filter(is_template=False), pk=survey_id)
        query = PosterQuerySerializer(data=request.query_params)
        query.is_valid(raise_exception=True)
        community = Area.objects.select_related("parent").filter(pk=query.validated_data["community"]).first()
        if (
            community is None
            or community.level not in COMMUNITY_LEVELS
            or not community.path.startswith(survey.area.path)
            or not scope_of(request.user).covers_area(community)
        ):
            raise NotFound()
        link = request.build_absolute_uri(links.public_path(survey.pk, community.pk))
        context = {
            "survey": survey,
            "community": community,
            "link": link,
            "qr": segno.make(link, error="m").svg_data_uri(scale=8),
        }
        return render(request, "targets/poster.html", context)


class SurveyResultsView(APIView):
    """Each question's answers in an area (`?area=`), groups with fewer than 5 answers suppressed."""

    permission_classes = [IsAuthenticated, IsStaff]

    @extend_schema(parameters=[ResultsQuerySerializer], responses={200: SurveyResultsSerializer})
    def get(self, request, survey_id: int):
        survey = get_object_or_404(selectors.surveys_visible_to(request.user), pk=survey_id)
        if not selectors.can_read_results(request.user, survey):
            raise PermissionDenied()
        query = ResultsQuerySerializer(data=request.query_params)
        query.is_valid(raise_exception=True)
        area = selectors.results_area(request.user, survey, query.validated_data.get("area"))
        return Response(selectors.survey_results(survey, area))


# Targets -----------------------------------------------------------------------------------------


class TargetListView(generics.ListAPIView):
    """GET: targets in, above and below the caller's scope. POST: set a target for an area or a campaign."""

    permission_classes = [IsAuthenticated, IsStaff]
    serializer_class = TargetSerializer
    filterset_class = TargetFilter
    ordering_fields = ["period_start", "metric", "created_at"]
    ordering = ["-period_start", "metric", "id"]

    def get_queryset(self):
        return selectors.targets_visible_to(self.request.user)

    @extend_schema(request=TargetCreateSerializer, responses={201: TargetSerializer})
    def post(self, request):
        payload = TargetCreateSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        area, campaign = payload.validated_data["area"], payload.validated_data["campaign"]
        if area is not None:
            _check_area(request, area)
        if campaign is not None:
            get_manageable(campaigns_visible_to(request.user), campaigns_managed_by(request.user), campaign.pk)
        target = services.create_target(created_by=request.user, **payload.validated_data)
        return Response(TargetSerializer(target).data, status=status.HTTP_201_CREATED)


class TargetDetailView(APIView):
    permission_classes = [IsAuthenticated, IsStaff]

    def _target(self, request, target_id: int, *, manage: bool = False):
        if manage:
            return get_manageable(
                selectors.targets_visible_to(request.user), selectors.targets_managed_by(request.user), target_id
            )
        return get_object_or_404(selectors.targets_visible_to(request.user), pk=target_id)

    @extend_schema(responses={200: TargetSerializer})
    def get(self, request, target_id: int):
        return Response(TargetSerializer(self._target(request, target_id)).data)

    @extend_schema(request=TargetUpdateSerializer, responses={200: TargetSerializer})
    def patch(self, request, target_id: int):
        target = self._target(request, target_id, manage=True)
        payload = TargetUpdateSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        return Response(TargetSerializer(services.update_target(target=target, **payload.validated_data)).data)

    @extend_schema(responses={204: OpenApiResponse(description="Deleted.")})
    def delete(self, request, target_id: int):
        services.delete_target(target=self._target(request, target_id, manage=True))
        return Response(status=status.HTTP_204_NO_CONTENT)


# Dashboard ---------------------------------------------------------------------------------------


def _period(query) -> Period:
    return query.validated_data.get("period") or Period.containing(PeriodKind.MONTH, timezone.localdate())


class DashboardView(APIView):
    """One call for the charts: metrics, targets and their status, daily and weekly trends, the ranking."""

    permission_classes = [IsAuthenticated, IsStaff]

    @extend_schema(parameters=[DashboardQuerySerializer], responses={200: DashboardSerializer})
    def get(self, request):
        query = DashboardQuerySerializer(data=request.query_params)
        query.is_valid(raise_exception=True)
        area = selectors.dashboard_area(request.user, query.validated_data.get("area"))
        overview = area_overview(area, _period(query))
        return Response(
            {
                "area": {"id": area.pk, "name": area.name, "level": area.level},
                "period": overview.period.as_dict(),
                "previous_period": overview.previous.as_dict(),
                "metrics": overview.metrics,
                "figures_as_of": overview.figures_as_of,
                "targets": [evaluation.as_dict() for evaluation in overview.targets],
                "trend": overview.trend,
                "ranking": {"streets": overview.streets, "communities": overview.communities},
                "service_orders": overview.service_orders,
            }
        )


class CampaignDashboardView(APIView):
    """A campaign's satisfaction, hours, events, partners, targets and trend, for its organizers."""

    permission_classes = [IsAuthenticated, IsStaff]

    @extend_schema(parameters=[CampaignDashboardQuerySerializer], responses={200: CampaignDashboardSerializer})
    def get(self, request, campaign_id: int):
        query = CampaignDashboardQuerySerializer(data=request.query_params)
        query.is_valid(raise_exception=True)
        campaign = selectors.dashboard_campaign(request.user, campaign_id)
        overview = campaign_overview(campaign, _period(query))
        return Response(
            {
                "campaign": {"id": campaign.pk, "title": campaign.title},
                "period": overview.period.as_dict(),
                "metrics": overview.metrics,
                "targets": [evaluation.as_dict() for evaluation in overview.targets],
                "trend": overview.trend,
            }
        )


# Reports -----------------------------------------------------------------------------------------


class ReportListView(generics.ListAPIView):
    """GET: reports of the areas in the caller's scope. POST: generate one now (replacing an earlier version)."""

    permission_classes = [IsAuthenticated, IsStaff]
    serializer_class = ReportSerializer
    filterset_class = ReportFilter
    ordering_fields = ["period_start", "created_at"]
    ordering = ["-period_start", "kind", "id"]

    def get_queryset(self):
        return selectors.reports_visible_to(self.request.user)

    @extend_schema(request=ReportCreateSerializer, responses={202: ReportSerializer})
    def post(self, request):
        payload = ReportCreateSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        kind, area = payload.validated_data["kind"], payload.validated_data["area"]
        _check_area(request, area)
        day = payload.validated_data.get("day") or services.last_complete_period(kind, timezone.localdate()).start
        report = services.request_report(kind=kind, area=area, day=day, requested_by=request.user)
        report = selectors.reports_visible_to(request.user).get(pk=report.pk)
        return Response(ReportSerializer(report).data, status=status.HTTP_202_ACCEPTED)


class ReportDetailView(APIView):
    permission_classes = [IsAuthenticated, IsStaff]

    @extend_schema(responses={200: ReportSerializer})
    def get(self, request, report_id: int):
        return Response(
            ReportSerializer(get_object_or_404(selectors.reports_visible_to(request.user), pk=report_id)).data
        )


def _download(file, filename: str, content_type: str) -> FileResponse:
    response = FileResponse(file.open("rb"), as_attachment=True, filename=filename, content_type=content_type)
    response["Cache-Control"] = "private, no-store"
    return response


XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


class ReportDownloadView(APIView):
    """The report's XLSX workbook."""

    permission_classes = [IsAuthenticated, IsStaff]

    @extend_schema(responses={(200, XLSX): OpenApiTypes.BINARY})
    def get(self, request, report_id: int):
        report = get_object_or_404(selectors.reports_visible_to(request.user), pk=report_id)
        if report.status != Report.Status.READY:
            raise NotReady()
        name = f"{report.get_kind_display()}-{report.area.name}-{report.period_start:%Y-%m-%d}.xlsx"
        return _download(report.file, name, XLSX)


# Evidence archives -------------------------------------------------------------------------------


class CampaignArchiveView(APIView):
    """Start building the campaign's evidence archive (a ZIP of the ledger and photos); poll its progress."""

    permission_classes = [IsAuthenticated, IsStaff]

    @extend_schema(request=None, responses={202: ArchiveSerializer})
    def post(self, request, campaign_id: int):
        campaign = get_manageable(campaigns_visible_to(request.user), campaigns_managed_by(request.user), campaign_id)
        archive = services.start_archive(campaign=campaign, requested_by=request.user)
        archive = selectors.archives_visible_to(request.user).get(pk=archive.pk)
        return Response(ArchiveSerializer(archive).data, status=status.HTTP_202_ACCEPTED)


class ArchiveDetailView(APIView):
    """The archive's status and progress (percent)."""

    permission_classes = [IsAuthenticated, IsStaff]

    @extend_schema(responses={200: ArchiveSerializer})
    def get(self, request, archive_id: int):
        return Response(
            ArchiveSerializer(get_object_or_404(selectors.archives_visible_to(request.user), pk=archive_id)).data
        )


class ArchiveDownloadView(APIView):
    """The finished archive as a ZIP file."""

    permission_classes = [IsAuthenticated, IsStaff]

    @extend_schema(responses={(200, "application/zip"): OpenApiTypes.BINARY})
    def get(self, request, archive_id: int):
        archive = get_object_or_404(selectors.archives_visible_to(request.user), pk=archive_id)
        if archive.status != archive.Status.READY:
            raise NotReady()
        name = f"台账-{archive.campaign.title}-{timezone.localtime(archive.finished_at):%Y%m%d}.zip"
        return _download(archive.file, name, "application/zip")
