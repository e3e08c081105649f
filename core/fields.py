from django.db import models

from core import crypto


class EncryptedTextField(models.TextField):
    """Text stored encrypted (Fernet); read back as plaintext. Empty stays empty (erased data)."""

    def from_db_value(self, value, expression, connection):
        if not value:
            return value
        return crypto.decrypt(value)

    def get_prep_value(self, value):
        value = super().get_prep_value(value)
        if not value:
            return value
        return crypto.encrypt(value)
