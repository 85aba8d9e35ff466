"""Log-in by the mobile phone the roster holds, for a member's account.

Accounts the union opens already have the phone as their user name (Django's ModelBackend finds
them); this backend covers a member whose phone changed in the roster after the account was opened,
or whose account has another user name. AxesStandaloneBackend stays first in the list, so a phone
locks out after repeated failures like any user name.
"""

from django.contrib.auth import get_user_model
from django.contrib.auth.backends import ModelBackend

from gonghui.accounts.passwords import login_phone
from gonghui.members.models import Member


class PhoneBackend(ModelBackend):
    def authenticate(self, request, username=None, password=None, **kwargs):
        phone = login_phone(username or "")
        if not phone or password is None:
            return None
        found = list(
            Member.objects.active().filter(phone=phone, user__isnull=False).select_related("user")[:2]
        )
        if len(found) != 1:  # nobody, or a phone two members share: the phone names no one
            get_user_model()().set_password(password)  # the same time as a wrong password (as ModelBackend)
            return None
        user = found[0].user
        if user.check_password(password) and self.user_can_authenticate(user):
            return user
        return None
