from django.shortcuts import get_object_or_404
from django.utils.decorators import method_decorator
from django.views.decorators.csrf import csrf_protect, ensure_csrf_cookie
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import generics, status
from rest_framework.permissions import AllowAny, IsAuthenticated
from rest_framework.response import Response
from rest_framework.throttling import ScopedRateThrottle
from rest_framework.views import APIView

from accounts import services
from accounts.api.serializers import (
    AuditEventSerializer,
    CurrentUserSerializer,
    LoginSerializer,
    PasswordChangeSerializer,
    RoleGrantSerializer,
    RoleSerializer,
    TokenSerializer,
)
from accounts.scopes import scope_of
from accounts.selectors import audit_events_visible_to, memberships_visible_to
from core.api.permissions import IsDistrictAdmin
from core.exceptions import PermissionDenied


def _current_user(request):
    return CurrentUserSerializer(request.user, context={"scope": scope_of(request.user)}).data


class CsrfView(APIView):
    """Sets the CSRF cookie the web app sends back in `X-CSRFToken`."""

    permission_classes = [AllowAny]

    @method_decorator(ensure_csrf_cookie)
    @extend_schema(responses={204: OpenApiResponse(description="CSRF cookie set.")})
    def get(self, request):
        return Response(status=status.HTTP_204_NO_CONTENT)


class LoginView(APIView):
    """Log in with mobile number and password; starts a session. Locked after repeated failures."""

    permission_classes = [AllowAny]
    throttle_classes = [ScopedRateThrottle]
    throttle_scope = "login"

    @method_decorator(csrf_protect)
    @extend_schema(request=LoginSerializer, responses={200: CurrentUserSerializer})
    def post(self, request):
        payload = LoginSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        services.log_in(request=request, **payload.validated_data)
        return Response(_current_user(request))


class LogoutView(APIView):
    """End the session and revoke the API token."""

    @extend_schema(request=None, responses={204: OpenApiResponse(description="Logged out.")})
    def post(self, request):
        services.log_out(request=request)
        return Response(status=status.HTTP_204_NO_CONTENT)


class TokenView(APIView):
    """Exchange mobile number and password for an API token (scripts, partner systems)."""

    permission_classes = [AllowAny]
    throttle_classes = [ScopedRateThrottle]
    throttle_scope = "login"

    @extend_schema(request=LoginSerializer, responses={200: TokenSerializer})
    def post(self, request):
        payload = LoginSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        user = services.log_in(request=request, start_session=False, **payload.validated_data)
        return Response({"token": services.issue_token(user=user).key})


class CurrentUserView(APIView):
    """Who is signed in, with their roles."""

    @extend_schema(responses={200: CurrentUserSerializer})
    def get(self, request):
        return Response(_current_user(request))


class PasswordChangeView(APIView):
    """Change the password; other sessions and the token stop working."""

    @extend_schema(request=PasswordChangeSerializer, responses={204: OpenApiResponse(description="Changed.")})
    def post(self, request):
        payload = PasswordChangeSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        services.change_password(request=request, user=request.user, **payload.validated_data)
        return Response(status=status.HTTP_204_NO_CONTENT)


class MembershipListView(generics.ListAPIView):
    """GET: roles (all for district admins, one's own otherwise). POST: a district admin grants a role."""

    serializer_class = RoleSerializer
    filterset_fields = ["role", "status", "center", "partner"]

    def get_permissions(self):
        if self.request.method == "POST":
            return [IsAuthenticated(), IsDistrictAdmin()]
        return [IsAuthenticated()]

    def get_queryset(self):
        return memberships_visible_to(self.request.user)

    @extend_schema(request=RoleGrantSerializer, responses={201: RoleSerializer})
    def post(self, request):
        payload = RoleGrantSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        data = payload.validated_data
        membership = services.grant_role(
            granted_by=request.user, user=data["phone"], role=data["role"], center=data["center"], request=request
        )
        return Response(RoleSerializer(membership).data, status=status.HTTP_201_CREATED)


class MembershipDetailView(APIView):
    """A district admin revokes a district or coordinator role (someone else's role is 404 to others)."""

    @extend_schema(responses={204: OpenApiResponse(description="Revoked.")})
    def delete(self, request, membership_id: int):
        membership = get_object_or_404(
            memberships_visible_to(request.user).filter(partner__isnull=True), pk=membership_id
        )
        if not scope_of(request.user).district_admin:
            raise PermissionDenied()
        services.revoke_role(revoked_by=request.user, membership=membership, request=request)
        return Response(status=status.HTTP_204_NO_CONTENT)


class AuditEventListView(generics.ListAPIView):
    """The audit trail (district admins)."""

    permission_classes = [IsAuthenticated, IsDistrictAdmin]
    serializer_class = AuditEventSerializer
    filterset_fields = ["action", "outcome", "target_type", "target_id", "actor"]

    def get_queryset(self):
        return audit_events_visible_to(self.request.user)
