"""`Idempotency-Key` for the writes mobile clients retry (registration, check-in, check-out).

The first response to a key is stored and replayed for a retry with the same request; the same key with
a different request is refused (422), and a retry while the first is still running gets 409.
"""

import hashlib
import json
from functools import wraps

from django.db import IntegrityError, transaction
from django.http import HttpResponse
from django.utils.translation import gettext_lazy as _
from rest_framework.renderers import JSONRenderer
from rest_framework.response import Response

from core.api.errors import error_body
from core.models import IdempotencyRecord

HEADER = "HTTP_IDEMPOTENCY_KEY"
MAX_KEY_LENGTH = 100


def _fingerprint(request) -> str:
    body = json.dumps(request.data, sort_keys=True, default=str) if request.data else ""
    return hashlib.sha256(f"{request.method} {request.path}\n{body}".encode()).hexdigest()


def idempotent(view_method):
    """Decorate an APIView's `post` so that a repeated `Idempotency-Key` replays the first answer."""

    @wraps(view_method)
    def wrapper(self, request, *args, **kwargs):
        key = request.META.get(HEADER)
        if not key or not request.user.is_authenticated:
            return view_method(self, request, *args, **kwargs)
        if len(key) > MAX_KEY_LENGTH:
            return Response(
                error_body("invalid_idempotency_key", _("The Idempotency-Key header is too long.")), status=400
            )
        fingerprint = _fingerprint(request)
        try:
            with transaction.atomic():
                record = IdempotencyRecord.objects.create(user=request.user, key=key, fingerprint=fingerprint)
        except IntegrityError:
            existing = IdempotencyRecord.objects.get(user=request.user, key=key)
            if existing.fingerprint != fingerprint:
                return Response(
                    error_body(
                        "idempotency_key_reused", _("This Idempotency-Key was already used for a different request.")
                    ),
                    status=422,
                )
            if existing.status_code is None:
                return Response(
                    error_body("idempotency_in_progress", _("The first request with this key is still running.")),
                    status=409,
                )
            response = HttpResponse(bytes(existing.body), status=existing.status_code, content_type="application/json")
            response["Idempotent-Replayed"] = "true"
            return response
        try:
            try:
                response = view_method(self, request, *args, **kwargs)
            except Exception as exc:
                response = self.handle_exception(exc)  # a refusal is an answer too, replayed like one
        except Exception:
            record.delete()
            raise
        if response.status_code >= 500:
            record.delete()
        else:
            record.status_code, record.body = response.status_code, JSONRenderer().render(response.data)
            record.save(update_fields=["status_code", "body"])
        return response

    return wrapper
