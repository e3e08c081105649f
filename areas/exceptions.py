from django.utils.translation import gettext_lazy as _

from core.exceptions import ApplicationError


class InvalidParent(ApplicationError):
    code = "invalid_parent"
    message = _("This level of area cannot sit under that parent.")


class LevelMismatch(ApplicationError):
    code = "level_mismatch"
    message = _(
        "A practice center sits in a district, an institute in a street or town, a station in a community or village."
    )
