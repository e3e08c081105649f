"""Reads of the area tree and practice centers: public data, the same for every user."""

from areas.models import Area, PracticeCenter


def areas_visible_to(user):
    """Every area; the tree is public."""
    return Area.objects.all()


def centers_visible_to(user):
    """Every practice center, with its area."""
    return PracticeCenter.objects.select_related("area")
