import django_filters
from django.db.models import F
from django.utils import timezone

from areas.api.filters import AreaSubtreeFilter
from campaigns.models import Campaign, Event, Registration
from volunteers.models import Skill


class CampaignFilter(django_filters.FilterSet):
    area = AreaSubtreeFilter(field_name="center__area", help_text="Campaigns of centers in this area subtree.")
    active_on = django_filters.DateFilter(method="filter_active_on", help_text="Campaigns running on this date.")

    class Meta:
        model = Campaign
        fields = ["theme", "status", "center"]

    def filter_active_on(self, queryset, name, value):
        return queryset.filter(starts_on__lte=value, ends_on__gte=value)


class EventFilter(django_filters.FilterSet):
    area = AreaSubtreeFilter(field_name="area")
    starts_after = django_filters.IsoDateTimeFilter(field_name="starts_at", lookup_expr="gte")
    starts_before = django_filters.IsoDateTimeFilter(field_name="starts_at", lookup_expr="lt")
    theme = django_filters.ChoiceFilter(field_name="campaign__theme", choices=Campaign.Theme.choices)
    skill = django_filters.ModelChoiceFilter(
        field_name="skills_wanted", to_field_name="code", queryset=Skill.objects.all(), help_text="A skill code."
    )
    has_free_places = django_filters.BooleanFilter(method="filter_has_free_places")

    class Meta:
        model = Event
        fields = ["campaign", "status", "series"]

    def filter_has_free_places(self, queryset, name, value):
        if value is None:
            return queryset
        free = queryset.filter(confirmed_count__lt=F("capacity"))
        return free if value else queryset.exclude(pk__in=free.values("pk"))


class RegistrationFilter(django_filters.FilterSet):
    upcoming = django_filters.BooleanFilter(method="filter_upcoming", help_text="true: events still to end.")

    class Meta:
        model = Registration
        fields = ["status", "attendance", "event"]

    def filter_upcoming(self, queryset, name, value):
        if value is None:
            return queryset
        now = timezone.now()
        return queryset.filter(event__ends_at__gt=now) if value else queryset.filter(event__ends_at__lte=now)
