import django_filters

from areas.api.filters import AreaSubtreeFilter
from volunteers.models import Skill, Volunteer


class VolunteerFilter(django_filters.FilterSet):
    area = AreaSubtreeFilter(field_name="home_area")
    skill = django_filters.ModelChoiceFilter(
        field_name="skills", to_field_name="code", queryset=Skill.objects.all(), help_text="A skill code."
    )

    class Meta:
        model = Volunteer
        fields = ["gender"]
