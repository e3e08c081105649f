import json

import segno
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, render
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import generics, status
from rest_framework.permissions import AllowAny, IsAuthenticated
from rest_framework.response import Response
from rest_framework.throttling import ScopedRateThrottle
from rest_framework.views import APIView

from accounts.scopes import scope_of
from areas.models import Area
from campaigns.calendars import events_to_ical
from core.api.permissions import IsVolunteer
from core.exceptions import NotFound, PermissionDenied
from volunteers import services
from volunteers.api.filters import VolunteerFilter
from volunteers.api.serializers import (
    AdjustmentSerializer,
    CalendarLinkSerializer,
    CertificateQuerySerializer,
    CertificateSerializer,
    CertificateVerificationSerializer,
    OwnVolunteerSerializer,
    PasswordConfirmSerializer,
    ReversalSerializer,
    ServiceRecordSerializer,
    ServiceSummarySerializer,
    SkillSerializer,
    TeamUpdateSerializer,
    TeamWriteSerializer,
    VolunteerCreateSerializer,
    VolunteerListSerializer,
    VolunteerSerializer,
    VolunteerTeamSerializer,
    VolunteerUpdateSerializer,
)
from volunteers.models import STAR_THRESHOLDS, Certificate, ServiceRecord, star_level
from volunteers.selectors import (
    certificates_of,
    hours_of,
    own_volunteer_profile,
    reliability_of,
    service_records_of,
    skills_list,
    teams_managed_by,
    teams_visible_to,
    verify_certificate,
    volunteer_by_calendar_token,
    volunteer_calendar_registrations,
    volunteers_visible_to,
)


class VolunteerListView(generics.ListAPIView):
    """GET: volunteers in the caller's scope. POST: anyone signs up as a volunteer with real name."""

    serializer_class = VolunteerSerializer
    filterset_class = VolunteerFilter
    search_fields = ["real_name"]
    ordering_fields = ["created_at", "real_name"]
    ordering = ["-created_at"]
    throttle_scope = "signup"

    def get_permissions(self):
        return [AllowAny()] if self.request.method == "POST" else [IsAuthenticated()]

    def get_throttles(self):
        return [ScopedRateThrottle()] if self.request.method == "POST" else super().get_throttles()

    def get_queryset(self):
        area_id = self.request.query_params.get("area", "")
        within = Area.objects.filter(pk=area_id).first() if area_id.isdigit() else None  # else VolunteerFilter's 400
        return volunteers_visible_to(self.request.user, within=within)

    def get_serializer_class(self):
        if getattr(self, "swagger_fake_view", False):
            return VolunteerSerializer  # documents the same JSON the lean serializer writes
        return VolunteerListSerializer

    @extend_schema(request=VolunteerCreateSerializer, responses={201: VolunteerSerializer})
    def post(self, request):
        payload = VolunteerCreateSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        data = payload.validated_data
        data.pop("sensitive_pi_consent")
        volunteer = services.register_volunteer(resident_id=data.pop("id_number"), request=request, **data)
        return Response(VolunteerSerializer(volunteer).data, status=status.HTTP_201_CREATED)


class VolunteerDetailView(APIView):
    """One volunteer in the caller's scope (404 for anyone else's)."""

    @extend_schema(responses={200: VolunteerSerializer})
    def get(self, request, volunteer_id: int):
        volunteer = get_object_or_404(volunteers_visible_to(request.user), pk=volunteer_id)
        return Response(VolunteerSerializer(volunteer).data)


class OwnProfileView(APIView):
    """The signed-in volunteer's own profile, unmasked; edit it, or delete the account."""

    permission_classes = [IsAuthenticated & IsVolunteer]

    @extend_schema(responses={200: OwnVolunteerSerializer})
    def get(self, request):
        return Response(OwnVolunteerSerializer(own_volunteer_profile(request.user)).data)

    @extend_schema(request=VolunteerUpdateSerializer, responses={200: OwnVolunteerSerializer})
    def patch(self, request):
        payload = VolunteerUpdateSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        services.update_volunteer_profile(volunteer=own_volunteer_profile(request.user), **payload.validated_data)
        return Response(OwnVolunteerSerializer(own_volunteer_profile(request.user)).data)

    @extend_schema(
        request=PasswordConfirmSerializer,
        responses={204: OpenApiResponse(description="Account erased; personal data deleted.")},
    )
    def delete(self, request):
        payload = PasswordConfirmSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        services.erase_volunteer(
            volunteer=own_volunteer_profile(request.user), request=request, **payload.validated_data
        )
        return Response(status=status.HTTP_204_NO_CONTENT)


class OwnDataExportView(APIView):
    """Download everything held about the signed-in volunteer as JSON (PIPL Art. 45)."""

    permission_classes = [IsAuthenticated & IsVolunteer]

    @extend_schema(responses={200: OpenApiResponse(description="A JSON file of the volunteer's data.")})
    def get(self, request):
        data = services.export_personal_data(volunteer=own_volunteer_profile(request.user), request=request)
        response = HttpResponse(
            json.dumps(data, ensure_ascii=False, indent=2), content_type="application/json; charset=utf-8"
        )
        response["Content-Disposition"] = 'attachment; filename="my-volunteer-data.json"'
        response["Cache-Control"] = "no-store"
        return response


class SkillListView(generics.ListAPIView):
    """The skills volunteers can offer (public)."""

    permission_classes = [AllowAny]
    serializer_class = SkillSerializer
    pagination_class = None

    def get_queryset(self):
        return skills_list()


def _summary(volunteer) -> dict:
    total = hours_of(volunteer)
    level = star_level(total)
    return {
        "total_hours": total,
        "star_level": level,
        "next_star_at": STAR_THRESHOLDS[level] if level < len(STAR_THRESHOLDS) else None,
        "reliability": reliability_of(volunteer),
    }


class OwnServiceSummaryView(APIView):
    """The signed-in volunteer's total hours, star level and reliability score (with its parts)."""

    permission_classes = [IsAuthenticated & IsVolunteer]

    @extend_schema(responses={200: ServiceSummarySerializer})
    def get(self, request):
        return Response(ServiceSummarySerializer(_summary(own_volunteer_profile(request.user))).data)


class OwnServiceRecordListView(generics.ListAPIView):
    """The signed-in volunteer's hour ledger."""

    permission_classes = [IsAuthenticated & IsVolunteer]
    serializer_class = ServiceRecordSerializer

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return ServiceRecord.objects.none()
        return service_records_of(own_volunteer_profile(self.request.user))


class VolunteerServiceRecordListView(generics.ListAPIView):
    """GET: a volunteer's ledger (staff in scope). POST: a coordinator adjusts hours with a reason."""

    serializer_class = ServiceRecordSerializer

    def _volunteer(self):
        volunteer = get_object_or_404(volunteers_visible_to(self.request.user), pk=self.kwargs["volunteer_id"])
        if not scope_of(self.request.user).staff:
            raise PermissionDenied()
        return volunteer

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return ServiceRecord.objects.none()
        return service_records_of(self._volunteer())

    @extend_schema(request=AdjustmentSerializer, responses={201: ServiceRecordSerializer})
    def post(self, request, volunteer_id: int):
        volunteer = self._volunteer()
        payload = AdjustmentSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        record = services.adjust_hours(volunteer=volunteer, created_by=request.user, **payload.validated_data)
        record = service_records_of(volunteer).get(pk=record.pk)
        return Response(ServiceRecordSerializer(record).data, status=status.HTTP_201_CREATED)


class ServiceRecordReverseView(APIView):
    """Reverse a ledger entry (staff in the volunteer's scope), with a reason."""

    @extend_schema(request=ReversalSerializer, responses={201: ServiceRecordSerializer})
    def post(self, request, record_id: int):
        visible = ServiceRecord.objects.filter(volunteer__in=volunteers_visible_to(request.user))
        record = get_object_or_404(visible, pk=record_id)
        if not scope_of(request.user).staff:
            raise PermissionDenied()
        payload = ReversalSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        reversal = services.reverse_record(record=record, created_by=request.user, **payload.validated_data)
        reversal = service_records_of(reversal.volunteer).get(pk=reversal.pk)
        return Response(ServiceRecordSerializer(reversal).data, status=status.HTTP_201_CREATED)


class OwnCertificateListView(generics.ListAPIView):
    """GET: the volunteer's certificates. POST: issue a new one from the current ledger."""

    permission_classes = [IsAuthenticated & IsVolunteer]
    serializer_class = CertificateSerializer

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return Certificate.objects.none()
        return certificates_of(own_volunteer_profile(self.request.user))

    @extend_schema(request=None, responses={201: CertificateSerializer})
    def post(self, request):
        certificate = services.issue_certificate(volunteer=own_volunteer_profile(request.user), request=request)
        return Response(CertificateSerializer(certificate).data, status=status.HTTP_201_CREATED)


class OwnCertificateDocumentView(APIView):
    """The certificate as a print-ready A4 page (print to PDF from the browser)."""

    permission_classes = [IsAuthenticated & IsVolunteer]

    @extend_schema(responses={(200, "text/html"): OpenApiTypes.STR})
    def get(self, request, certificate_id: int):
        certificate = get_object_or_404(certificates_of(own_volunteer_profile(request.user)), pk=certificate_id)
        verify_url = request.build_absolute_uri(
            f"/certificates/verify?number={certificate.number}&code={certificate.verification_code}"
        )
        return render(
            request,
            "certificates/certificate.html",
            {"certificate": certificate, "verify_url": verify_url, "qr": segno.make(verify_url).svg_data_uri(scale=3)},
        )


class CertificateVerifyView(APIView):
    """Anyone checks a certificate by its number and code; a wrong pair is a plain 404."""

    permission_classes = [AllowAny]

    @extend_schema(parameters=[CertificateQuerySerializer], responses={200: CertificateVerificationSerializer})
    def get(self, request):
        query = CertificateQuerySerializer(data=request.query_params)
        query.is_valid(raise_exception=True)
        certificate = verify_certificate(**query.validated_data)
        if certificate is None:
            raise NotFound()
        name = certificate.holder_name
        return Response(
            CertificateVerificationSerializer(
                {
                    "number": certificate.number,
                    "valid": True,
                    "holder": f"{name[:1]}{'*' * max(len(name) - 1, 1)}" if name else "",
                    "total_hours": certificate.total_hours,
                    "star_level": certificate.star_level,
                    "issuing_center": certificate.issuing_center.name if certificate.issuing_center else "",
                    "issued_at": certificate.issued_at,
                }
            ).data
        )


class OwnCalendarLinkView(APIView):
    """GET: the secret URL of the volunteer's "my events" calendar. POST: reset it (old URL stops working)."""

    permission_classes = [IsAuthenticated & IsVolunteer]

    def _link(self, request, token: str) -> Response:
        return Response({"url": request.build_absolute_uri(f"/api/v1/calendar/{token}.ics")})

    @extend_schema(responses={200: CalendarLinkSerializer})
    def get(self, request):
        volunteer = own_volunteer_profile(request.user)
        token = volunteer.calendar_token or services.reset_calendar_token(volunteer=volunteer)
        return self._link(request, token)

    @extend_schema(request=None, responses={200: CalendarLinkSerializer})
    def post(self, request):
        return self._link(request, services.reset_calendar_token(volunteer=own_volunteer_profile(request.user)))


class CalendarFeedView(APIView):
    """A volunteer's confirmed events as iCalendar, found by the secret in the URL."""

    permission_classes = [AllowAny]
    authentication_classes: list = []

    @extend_schema(responses={(200, "text/calendar"): OpenApiTypes.BINARY})
    def get(self, request, token: str):
        volunteer = volunteer_by_calendar_token(token)
        if volunteer is None:
            raise NotFound()
        events = [r.event for r in volunteer_calendar_registrations(volunteer)]
        response = HttpResponse(
            events_to_ical(events, name="我的志愿活动"), content_type="text/calendar; charset=utf-8"
        )
        response["Cache-Control"] = "private, max-age=300"
        return response


# Volunteer teams -----------------------------------------------------------------------------------


def _may_own_team(user, *, center, partner) -> bool:
    """Coordinators form teams for centers and partners in their area; partner admins for their partner."""
    scope = scope_of(user)
    if not (scope.staff or scope.admin_partner_ids):
        return False
    return (center is None or scope.covers_area(center.area)) and (
        partner is None or partner.pk in scope.admin_partner_ids or scope.covers_area(partner.area)
    )


class TeamListView(generics.ListAPIView):
    """GET: teams in the caller's scope. POST: a coordinator (or a partner's admin) forms a team."""

    serializer_class = VolunteerTeamSerializer
    filterset_fields = ["center", "partner", "active"]
    search_fields = ["name"]
    ordering_fields = ["name", "created_at"]
    ordering = ["name", "id"]

    def get_queryset(self):
        return teams_visible_to(self.request.user)

    @extend_schema(request=TeamWriteSerializer, responses={201: VolunteerTeamSerializer})
    def post(self, request):
        payload = TeamWriteSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        data = payload.validated_data
        if not _may_own_team(request.user, center=data["center"], partner=data["partner"]):
            raise PermissionDenied()
        team = services.create_team(**data)
        return Response(
            VolunteerTeamSerializer(teams_visible_to(request.user).get(pk=team.pk)).data, status=status.HTTP_201_CREATED
        )


class TeamDetailView(APIView):
    """GET: a team. PATCH: its name, description, leader, members or active flag (those who manage it)."""

    @extend_schema(responses={200: VolunteerTeamSerializer})
    def get(self, request, team_id: int):
        return Response(VolunteerTeamSerializer(get_object_or_404(teams_visible_to(request.user), pk=team_id)).data)

    @extend_schema(request=TeamUpdateSerializer, responses={200: VolunteerTeamSerializer})
    def patch(self, request, team_id: int):
        team = get_object_or_404(teams_visible_to(request.user), pk=team_id)
        if not teams_managed_by(request.user).filter(pk=team_id).exists():
            raise PermissionDenied()
        payload = TeamUpdateSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        services.update_team(team=team, **payload.validated_data)
        return Response(VolunteerTeamSerializer(teams_visible_to(request.user).get(pk=team_id)).data)
