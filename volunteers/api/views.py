import json

from django.http import HttpResponse
from django.shortcuts import get_object_or_404
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import generics, status
from rest_framework.permissions import AllowAny, IsAuthenticated
from rest_framework.response import Response
from rest_framework.throttling import ScopedRateThrottle
from rest_framework.views import APIView

from core.api.permissions import IsVolunteer
from volunteers import services
from volunteers.api.filters import VolunteerFilter
from volunteers.api.serializers import (
    OwnVolunteerSerializer,
    PasswordConfirmSerializer,
    SkillSerializer,
    VolunteerCreateSerializer,
    VolunteerSerializer,
    VolunteerUpdateSerializer,
)
from volunteers.selectors import own_volunteer_profile, skills_list, volunteers_visible_to


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
        return volunteers_visible_to(self.request.user)

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
