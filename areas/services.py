"""Writes to the area tree and practice centers (district administrators only, via the API)."""

from django.db import transaction

from areas.exceptions import InvalidParent, LevelMismatch
from areas.models import CENTER_AREA_LEVELS, PARENT_LEVELS, Area, PracticeCenter


@transaction.atomic
def create_area(*, name: str, code: str, level: str, parent: Area | None = None, population: int = 0) -> Area:
    """Add an area under its parent; the level must fit the parent's (street under district, …)."""
    if level == Area.Level.DISTRICT:
        if parent is not None:
            raise InvalidParent(field="parent")
    elif parent is None or parent.level not in PARENT_LEVELS[level]:
        raise InvalidParent(field="parent")
    path = f"{parent.path if parent else ''}{code}/"
    return Area.objects.create(name=name, code=code, level=level, parent=parent, population=population, path=path)


@transaction.atomic
def update_area(*, area: Area, **fields) -> Area:
    """Rename an area or update its population; its place in the tree and its code stay fixed."""
    for name, value in fields.items():
        setattr(area, name, value)
    area.save(update_fields=[*fields, "updated_at"])
    return area


def _check_center_level(level: str, area: Area) -> None:
    if area.level not in CENTER_AREA_LEVELS[level]:
        raise LevelMismatch(field="area")


@transaction.atomic
def create_center(*, name: str, level: str, area: Area, address: str = "", phone: str = "") -> PracticeCenter:
    """Open a practice center, institute or station for an area of the matching level."""
    _check_center_level(level, area)
    return PracticeCenter.objects.create(name=name, level=level, area=area, address=address, phone=phone)


@transaction.atomic
def update_center(*, center: PracticeCenter, **fields) -> PracticeCenter:
    """Change a center's name, address or phone."""
    for name, value in fields.items():
        setattr(center, name, value)
    center.save(update_fields=[*fields, "updated_at"])
    return center
