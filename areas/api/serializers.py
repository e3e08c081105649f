from django.utils.translation import gettext_lazy as _
from rest_framework import serializers
from rest_framework.validators import UniqueValidator

from areas.models import Area, PracticeCenter


class AreaSerializer(serializers.ModelSerializer):
    class Meta:
        model = Area
        fields = ["id", "name", "code", "level", "parent", "population"]
        read_only_fields = fields


class AreaCreateSerializer(serializers.Serializer):
    name = serializers.CharField(max_length=60)
    code = serializers.RegexField(
        r"^[0-9]{6,12}$",
        validators=[UniqueValidator(queryset=Area.objects.all())],
        error_messages={"invalid": _("Administrative codes are 6 to 12 digits.")},
    )
    level = serializers.ChoiceField(choices=Area.Level.choices)
    parent = serializers.PrimaryKeyRelatedField(queryset=Area.objects.all(), required=False, allow_null=True)
    population = serializers.IntegerField(min_value=0, max_value=50_000_000, default=0)


class AreaUpdateSerializer(serializers.Serializer):
    name = serializers.CharField(max_length=60, required=False)
    population = serializers.IntegerField(min_value=0, max_value=50_000_000, required=False)


class CenterSerializer(serializers.ModelSerializer):
    area_name = serializers.CharField(source="area.name", read_only=True)

    class Meta:
        model = PracticeCenter
        fields = ["id", "name", "level", "area", "area_name", "address", "phone"]
        read_only_fields = fields


class CenterCreateSerializer(serializers.Serializer):
    name = serializers.CharField(max_length=80)
    level = serializers.ChoiceField(choices=PracticeCenter.Level.choices)
    area = serializers.PrimaryKeyRelatedField(queryset=Area.objects.all())
    address = serializers.CharField(max_length=200, required=False, allow_blank=True, default="")
    phone = serializers.CharField(max_length=20, required=False, allow_blank=True, default="")


class CenterUpdateSerializer(serializers.Serializer):
    name = serializers.CharField(max_length=80, required=False)
    address = serializers.CharField(max_length=200, required=False, allow_blank=True)
    phone = serializers.CharField(max_length=20, required=False, allow_blank=True)
