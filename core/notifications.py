"""Notices to users through SMS and email, behind one function. Each notice is sent at most once."""

import logging

from django.conf import settings
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.utils.module_loading import import_string

from core.models import Notice

logger = logging.getLogger(__name__)


class LoggingSmsBackend:
    """The embedded SMS backend: logs that a message went out (never the number), sends nothing."""

    def send(self, *, phone: str, text: str) -> None:
        logger.info("SMS (logging backend), %d characters: %s", len(text), text)


def _sms_backend():
    return import_string(settings.SMS_BACKEND)()


def deliver(*, key: str, user, subject: str, body: str) -> Notice | None:
    """Send `subject`/`body` to the user on every configured channel, unless `key` was sent before.

    The record and the sending share a transaction: a failed send leaves no record, so a retry sends.
    """
    with transaction.atomic():
        try:
            with transaction.atomic():
                notice = Notice.objects.create(key=key, user=user, subject=subject, body=body)
        except IntegrityError:
            return None  # a redelivered task: already sent
        if "sms" in settings.NOTICE_CHANNELS and user.phone:
            _sms_backend().send(phone=user.phone, text=f"【共建】{body}")  # the body names what it is about
            notice.channels.append("sms")
        if "email" in settings.NOTICE_CHANNELS and user.email:
            send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, [user.email])
            notice.channels.append("email")
        notice.save(update_fields=["channels"])
    return notice
