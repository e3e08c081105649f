"""Domain errors. Services raise them; one handler turns them into the API's error shape."""

from django.utils.translation import gettext_lazy as _


class ApplicationError(Exception):
    """A refusal a user can understand: a stable `code`, a translated message and an HTTP status."""

    code = "error"
    message = _("The request could not be completed.")
    status_code = 400

    def __init__(self, message=None, *, field: str | None = None):
        self.message = message or self.message
        self.field = field
        super().__init__(str(self.message))


class NotFound(ApplicationError):
    code = "not_found"
    message = _("Not found.")
    status_code = 404


class PermissionDenied(ApplicationError):
    code = "permission_denied"
    message = _("You do not have permission to perform this action.")
    status_code = 403


class Conflict(ApplicationError):
    code = "conflict"
    message = _("The request conflicts with the current state.")
    status_code = 409
