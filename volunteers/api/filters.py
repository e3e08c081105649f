import django_filters

from areas.api.filters import AreaSubtreeFilter
from volunteers.models import Skill, Volunteer


class VolunteerFilter(django_filters.FilterSet):
    # validated and documented here, applied by `volunteers_visible_to(within=…)` (the list view passes it), which
    # folds it into the caller's own area scope
    area = AreaSubtreeFilter(field_name="home_area", method="narrowed_by_the_scope")
    skill = django_filters.ModelChoiceFilter(
        field_name="skills", to_field_name="code", queryset=Skill.objects.all(), help_text="A skill code."
    )

    class Meta:
        model = Volunteer
        fields = ["gender"]

    def narrowed_by_the_scope(self, queryset, name, value):
        return queryset
