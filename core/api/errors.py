"""One error shape for every 4xx: {"code", "message", "errors": [{"field", "code", "message"}]}."""

from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.http import Http404
from django.utils.translation import gettext as _
from rest_framework import exceptions
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


def _flatten(detail, prefix: str = "") -> list[dict]:
    """Turn DRF's nested error detail into a flat list naming each field by its dotted path."""
    if isinstance(detail, dict):
        items = []
        for key, value in detail.items():
            name = key if key != "non_field_errors" else ""
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
        body = error_body(code, exc.detail if isinstance(exc.detail, str) else exc.default_detail)
    return Response(body, status=exc.status_code, headers=headers)
