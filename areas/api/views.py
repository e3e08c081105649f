from django.shortcuts import get_object_or_404
from drf_spectacular.utils import extend_schema
from rest_framework import generics, status
from rest_framework.response import Response

from areas import services
from areas.api.filters import AreaFilter, CenterFilter
from areas.api.serializers import (
    AreaCreateSerializer,
    AreaSerializer,
    AreaUpdateSerializer,
    CenterCreateSerializer,
    CenterSerializer,
    CenterUpdateSerializer,
)
from areas.selectors import areas_visible_to, centers_visible_to
from core.api.permissions import IsDistrictAdmin, ReadOnly


class AreaListView(generics.ListAPIView):
    """The area tree, flat: filter by level, parent or subtree (`within`), search by name or code."""

    permission_classes = [ReadOnly | IsDistrictAdmin]
    serializer_class = AreaSerializer
    filterset_class = AreaFilter
    search_fields = ["name", "code"]
    ordering_fields = ["path", "name", "population"]

    def get_queryset(self):
        return areas_visible_to(self.request.user)

    @extend_schema(request=AreaCreateSerializer, responses={201: AreaSerializer})
    def post(self, request):
        payload = AreaCreateSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        area = services.create_area(**payload.validated_data)
        return Response(AreaSerializer(area).data, status=status.HTTP_201_CREATED)


class AreaDetailView(generics.GenericAPIView):
    permission_classes = [ReadOnly | IsDistrictAdmin]
    serializer_class = AreaSerializer

    def get_object(self):
        return get_object_or_404(areas_visible_to(self.request.user), pk=self.kwargs["area_id"])

    def get(self, request, area_id: int):
        return Response(AreaSerializer(self.get_object()).data)

    @extend_schema(request=AreaUpdateSerializer, responses={200: AreaSerializer})
    def patch(self, request, area_id: int):
        area = self.get_object()
        payload = AreaUpdateSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        area = services.update_area(area=area, **payload.validated_data)
        return Response(AreaSerializer(area).data)


class CenterListView(generics.ListAPIView):
    """Practice centers, institutes and stations; filter by level or area subtree."""

    permission_classes = [ReadOnly | IsDistrictAdmin]
    serializer_class = CenterSerializer
    filterset_class = CenterFilter
    search_fields = ["name"]
    ordering_fields = ["name", "level"]

    def get_queryset(self):
        return centers_visible_to(self.request.user)

    @extend_schema(request=CenterCreateSerializer, responses={201: CenterSerializer})
    def post(self, request):
        payload = CenterCreateSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        center = services.create_center(**payload.validated_data)
        return Response(CenterSerializer(center).data, status=status.HTTP_201_CREATED)


class CenterDetailView(generics.GenericAPIView):
    permission_classes = [ReadOnly | IsDistrictAdmin]
    serializer_class = CenterSerializer

    def get_object(self):
        return get_object_or_404(centers_visible_to(self.request.user), pk=self.kwargs["center_id"])

    def get(self, request, center_id: int):
        return Response(CenterSerializer(self.get_object()).data)

    @extend_schema(request=CenterUpdateSerializer, responses={200: CenterSerializer})
    def patch(self, request, center_id: int):
        center = self.get_object()
        payload = CenterUpdateSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        center = services.update_center(center=center, **payload.validated_data)
        return Response(CenterSerializer(center).data)
