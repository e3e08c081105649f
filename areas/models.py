from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from core.models import TimeStampedModel


def ancestor_paths(path: str) -> list[str]:
    """`a/b/c/` → `a/`, `a/b/`, `a/b/c/`: the paths of an area and of every area above it, top first."""
    codes = path.rstrip("/").split("/")
    return ["".join(f"{code}/" for code in codes[: depth + 1]) for depth in range(len(codes))]


class AreaQuerySet(models.QuerySet["Area"]):
    def subtree_of(self, *areas: "Area"):
        """The given areas and everything below them (materialized-path prefix match)."""
        condition = Q()
        for area in areas:
            condition |= Q(path__startswith=area.path)
        return self.filter(condition) if areas else self.none()


class Area(TimeStampedModel):
    """A node of the district → street/town → community/village tree."""

    class Level(models.TextChoices):
        DISTRICT = "district", _("District")
        STREET = "street", _("Street")
        TOWN = "town", _("Town")
        COMMUNITY = "community", _("Community")
        VILLAGE = "village", _("Village")

    name = models.CharField(_("name"), max_length=60)
    code = models.CharField(_("administrative code"), max_length=12, unique=True)
    level = models.CharField(_("level"), max_length=10, choices=Level.choices)
    parent = models.ForeignKey("self", null=True, blank=True, on_delete=models.PROTECT, related_name="children")
    population = models.PositiveIntegerField(_("resident population"), default=0)
    # Codes from the root down, each followed by "/": subtree queries are one indexed prefix match.
    path = models.CharField(max_length=255, unique=True, editable=False)

    objects = AreaQuerySet.as_manager()

    class Meta:
        ordering = ["path"]
        constraints = [
            models.CheckConstraint(
                condition=Q(level="district", parent__isnull=True) | (~Q(level="district") & Q(parent__isnull=False)),
                name="area_only_district_is_root",
            ),
        ]
        indexes = [models.Index(fields=["level", "path"], name="area_level_path")]

    def __str__(self) -> str:
        return self.name

    @property
    def depth(self) -> int:
        return self.path.count("/")


PARENT_LEVELS = {
    Area.Level.STREET: {Area.Level.DISTRICT},
    Area.Level.TOWN: {Area.Level.DISTRICT},
    Area.Level.COMMUNITY: {Area.Level.STREET, Area.Level.TOWN},
    Area.Level.VILLAGE: {Area.Level.STREET, Area.Level.TOWN},
}


class PracticeCenter(TimeStampedModel):
    """A New Era Civilization Practice center (district), institute (street/town) or station (community)."""

    class Level(models.TextChoices):
        CENTER = "center", _("Practice center")
        INSTITUTE = "institute", _("Practice institute")
        STATION = "station", _("Practice station")

    name = models.CharField(_("name"), max_length=80)
    level = models.CharField(_("level"), max_length=10, choices=Level.choices)
    area = models.ForeignKey(Area, on_delete=models.PROTECT, related_name="centers")
    address = models.CharField(_("address"), max_length=200, blank=True)
    phone = models.CharField(_("office phone"), max_length=20, blank=True)

    class Meta:
        ordering = ["area__path", "id"]
        constraints = [
            models.UniqueConstraint(fields=["area", "level"], name="one_center_per_area_and_level"),
        ]

    def __str__(self) -> str:
        return self.name


CENTER_AREA_LEVELS = {
    PracticeCenter.Level.CENTER: {Area.Level.DISTRICT},
    PracticeCenter.Level.INSTITUTE: {Area.Level.STREET, Area.Level.TOWN},
    PracticeCenter.Level.STATION: {Area.Level.COMMUNITY, Area.Level.VILLAGE},
}
