"""One error shape for every error: {"code", "message", "errors": [{"field", "code", "message"}]}."""

from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.core.exceptions import RequestDataTooBig
from django.http import Http404, JsonResponse
from django.utils.translation import gettext as _
from django.views import defaults
from rest_framework import exceptions, status
from rest_framework.response import Response
from rest_framework.views import set_rollback

from core.exceptions import ApplicationError

_GENERIC_CODES = {
    exceptions.NotAuthenticated: "not_authenticated",
    exceptions.AuthenticationFailed: "authentication_failed",
    exceptions.PermissionDenied: "permission_denied",
    exceptions.NotFound: "not_found",
    exceptions.MethodNotAllowed: "method_not_allowed",
    exceptions.NotAcceptable: "not_acceptable",
    exceptions.UnsupportedMediaType: "unsupported_media_type",
    exceptions.Throttled: "throttled",
    exceptions.ParseError: "parse_error",
}
# Their details are built from parser output or carry a wait time in untranslated words; the message
# stays the translated generic one (the wait is in the Retry-After header).
_GENERIC_MESSAGE_ONLY = (exceptions.ParseError, exceptions.Throttled)


def _flatten(detail, prefix: str = "") -> list[dict]:
    """Turn DRF's nested error detail into a flat list naming each field by its dotted path."""
    if isinstance(detail, dict):
        items = []
        for key, value in detail.items():
            name = "" if key == "non_field_errors" else str(key)  # list item errors are keyed by index: 0 must count
            path = f"{prefix}.{name}" if prefix and name else (prefix or name)
            items.extend(_flatten(value, path))
        return items
    if isinstance(detail, list):
        if all(isinstance(item, exceptions.ErrorDetail) for item in detail):
            return [_item(prefix, item) for item in detail]
        items = []
        for index, value in enumerate(detail):
            items.extend(_flatten(value, f"{prefix}.{index}" if prefix else str(index)))
        return items
    return [_item(prefix, detail)]


def _item(field: str, detail) -> dict:
    return {"field": field or None, "code": getattr(detail, "code", "invalid"), "message": str(detail)}


def error_body(code: str, message, errors: list[dict] | None = None) -> dict:
    return {"code": code, "message": str(message), "errors": errors or []}


def exception_handler(exc, context):
    """DRF's exception handler for the whole API; anything unknown stays a 500 (logged, no details)."""
    headers = {}
    if isinstance(exc, ApplicationError):
        set_rollback()
        errors = [{"field": exc.field, "code": exc.code, "message": str(exc.message)}] if exc.field else []
        return Response(error_body(exc.code, exc.message, errors), status=exc.status_code)
    if isinstance(exc, RequestDataTooBig):
        set_rollback()
        body = error_body("request_too_large", _("The request body is too large."))
        return Response(body, status=status.HTTP_413_REQUEST_ENTITY_TOO_LARGE)
    if isinstance(exc, Http404):
        exc = exceptions.NotFound()
    elif isinstance(exc, DjangoPermissionDenied):
        exc = exceptions.PermissionDenied()
    if not isinstance(exc, exceptions.APIException):
        return None

    set_rollback()
    if getattr(exc, "auth_header", None):
        headers["WWW-Authenticate"] = exc.auth_header
    if getattr(exc, "wait", None):
        headers["Retry-After"] = str(int(exc.wait))
    if isinstance(exc, exceptions.ValidationError):
        body = error_body("invalid", _("The submitted data is invalid."), _flatten(exc.detail))
    else:
        code = next((c for cls, c in _GENERIC_CODES.items() if isinstance(exc, cls)), None)
        code = code or getattr(exc, "default_code", "error")
        generic = isinstance(exc, _GENERIC_MESSAGE_ONLY) or not isinstance(exc.detail, str)
        body = error_body(code, exc.default_detail if generic else exc.detail)
    return Response(body, status=exc.status_code, headers=headers)


def _is_api(request) -> bool:
    return request.path.startswith("/api/")


def _json_error(code: str, message, status_code: int) -> JsonResponse:
    return JsonResponse(error_body(code, message), status=status_code, json_dumps_params={"ensure_ascii": False})


def page_not_found(request, exception):
    """`handler404`: an unknown URL under /api/ answers in the error shape, elsewhere Django's page."""
    if _is_api(request):
        return _json_error("not_found", exceptions.NotFound.default_detail, 404)
    return defaults.page_not_found(request, exception)


def server_error(request):
    """`handler500`: under /api/ the error shape, saying nothing about the failure (it is logged)."""
    if _is_api(request):
        return _json_error("server_error", exceptions.APIException.default_detail, 500)
    return defaults.server_error(request)
