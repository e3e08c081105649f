from django.contrib.auth.backends import ModelBackend

from accounts.models import User, phone_hash
from core.identity import IdentifierError, normalize_mobile


class PhoneOrUsernameBackend(ModelBackend):
    """Log in with a mobile number (found by its keyed hash) or, for operators, the username."""

    def authenticate(self, request, username=None, password=None, phone=None, **kwargs):
        login_name = phone or username
        if not login_name or password is None:
            return None
        try:
            user = User.objects.get(phone_hash=phone_hash(normalize_mobile(login_name)))
        except (IdentifierError, User.DoesNotExist):
            user = User.objects.filter(username=login_name).first()
        if user is None:
            User().set_password(password)  # same work as a real check, so timing reveals nothing
            return None
        if user.check_password(password) and self.user_can_authenticate(user):
            return user
        return None
