import unicodedata

from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from core.identity import IdentifierError, normalize_mobile, normalize_uscc, parse_resident_id


class InputSerializer(serializers.Serializer):
    """Base of every write payload: a field it does not know is an error, never silently dropped."""

    default_error_messages = {"unknown_field": _("This field is not accepted here.")}

    def to_internal_value(self, data):
        if isinstance(data, dict):
            unknown = sorted(set(data) - set(self.fields))
            if unknown:
                raise serializers.ValidationError(
                    {
                        name: [serializers.ErrorDetail(self.error_messages["unknown_field"], code="unknown_field")]
                        for name in unknown
                    }
                )
        return super().to_internal_value(data)


_NAME_PUNCTUATION = frozenset(" ·•.'-")


class PersonNameField(serializers.CharField):
    """A person's name: letters of any script, spaces and the middle dot of minority names; no markup."""

    default_error_messages = {"bad_name": _("A name may hold letters, spaces and the middle dot · only.")}

    def __init__(self, **kwargs):
        kwargs.setdefault("max_length", 50)
        kwargs.setdefault("min_length", 2)
        super().__init__(**kwargs)

    def to_internal_value(self, data):
        value = unicodedata.normalize("NFC", super().to_internal_value(data))
        kinds = [unicodedata.category(char)[0] for char in value]  # L letter, M combining mark, …
        allowed = all(kind in "LM" or char in _NAME_PUNCTUATION for char, kind in zip(value, kinds, strict=True))
        if not allowed or "L" not in kinds:  # punctuation or marks alone are no name
            self.fail("bad_name")
        return value


class _IdentifierField(serializers.CharField):
    """Runs one of core.identity's parsers; the broken rule's code becomes the field error's code."""

    def __init__(self, **kwargs):
        kwargs.setdefault("max_length", 40)
        super().__init__(**kwargs)

    def parse(self, value: str):
        raise NotImplementedError

    def run_validation(self, data=serializers.empty):
        # Parse after CharField's own checks: max_length must see the text, not the parsed value.
        value = super().run_validation(data)
        if value in ("", None):  # a default, or an allowed blank or null
            return value
        try:
            return self.parse(value)
        except IdentifierError as exc:
            raise serializers.ValidationError(exc.message, code=exc.code) from None


class ResidentIdField(_IdentifierField):
    """A resident ID number in; a `ResidentId` (number, birth date, gender) out."""

    def parse(self, value: str):
        return parse_resident_id(value)


class MobileField(_IdentifierField):
    """A mainland mobile number in any common spelling in; 11 digits out."""

    def parse(self, value: str):
        return normalize_mobile(value)


class CreditCodeField(_IdentifierField):
    """A unified social credit code in; its canonical 18 characters out."""

    def parse(self, value: str):
        return normalize_uscc(value)
