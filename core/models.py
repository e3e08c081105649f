from django.conf import settings
from django.db import models


class TimeStampedModel(models.Model):
    """Base for rows that record when they were created and last changed."""

    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        abstract = True


class Notice(models.Model):
    """A message sent to a user, once: its `key` makes a redelivered task a no-op."""

    key = models.CharField(max_length=100, unique=True)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notices")
    subject = models.CharField(max_length=200)
    body = models.TextField(max_length=2000)
    channels = models.JSONField(default=list)
    sent_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-sent_at", "-id"]
        indexes = [models.Index(fields=["user", "-sent_at"], name="notice_user_recent")]

    def __str__(self) -> str:
        return self.subject


class IdempotencyRecord(models.Model):
    """The first response to a client's `Idempotency-Key`, replayed when the client retries."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    key = models.CharField(max_length=100)
    fingerprint = models.CharField(max_length=64)
    status_code = models.PositiveSmallIntegerField(null=True)
    body = models.BinaryField(null=True)  # the rendered bytes, so a replay is byte-identical
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["user", "key"], name="one_record_per_idempotency_key")]

    def __str__(self) -> str:
        return self.key


class StoredPhoto(models.Model):
    """A photo kept in the default storage, re-encoded as JPEG without metadata (partners.photos), with a
    thumbnail. Concrete models add `image` and `thumbnail` (with their own folder) and the row they belong to;
    files are never served from MEDIA_URL, only streamed by the API to those who may see their row."""

    width = models.PositiveIntegerField()
    height = models.PositiveIntegerField()
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        abstract = True
        ordering = ["uploaded_at", "id"]

    def __str__(self) -> str:
        return self.image.name
