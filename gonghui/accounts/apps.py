from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "gonghui.accounts"
    label = "accounts"
    verbose_name = "会员账号"
    # Only those who keep the roster open members' accounts (the members duty or the chair).
    menu = [("会员账号", "accounts:index", "ti-device-mobile", "members")]

    def ready(self):
        # The login signal's receiver must be connected before the first login, not at the first request.
        from gonghui.accounts import middleware  # noqa: F401
